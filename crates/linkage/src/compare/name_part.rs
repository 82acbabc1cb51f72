//! One part of a person's name in its own column (a given name, a surname). Levels: exact;
//! romanisation or nickname variant; Jaro-Winkler >= 0.92; one cut short of the other (Alex
//! and Alexander, Kat and Katherine, Davi and Davi Lucas); Jaro-Winkler >= 0.85 or the same
//! Double Metaphone code; Jaro-Winkler >= 0.7; different.
//!
//! Separate from [`super::name`] (whole names, as the persona linker compares them) because
//! a part in its own column is where forms and people shorten names, and where two typos in
//! a short name still leave a similar string; each of those gets a level of its own, so that
//! the model weighs it from the data instead of calling it a plain disagreement.

use super::name::Prepared;

pub const LEVELS: &[&str] = &[
    "exact",
    "romanisation or nickname variant",
    "Jaro-Winkler >= 0.92",
    "one cut short of the other",
    "Jaro-Winkler >= 0.85 or same phonetic code",
    "Jaro-Winkler >= 0.7",
    "different",
];

/// A shortened name keeps at least this many letters: "Al" or an initial says too little.
const MIN_PREFIX: usize = 3;

/// Whether the shorter name is how the longer one begins (after folding, ignoring spaces
/// and hyphens: "Jean Pierre" and "Jean").
fn cut_short(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= MIN_PREFIX && short.len() < long.len() && long.starts_with(short)
}

pub fn compare(a: &Prepared, b: &Prepared) -> u8 {
    if a.folded == b.folded {
        return 1;
    }
    if a.variant == b.variant {
        return 2;
    }
    let s = super::jw_at_least(&a.folded, &b.folded, 0.7);
    if s >= 0.92 {
        3
    } else if cut_short(&a.folded, &b.folded) {
        4
    } else if s >= 0.85 || (!a.phonetic.is_empty() && a.phonetic == b.phonetic) {
        5
    } else if s >= 0.7 {
        6
    } else {
        7
    }
}

#[cfg(test)]
mod tests {
    use super::super::name::prepare;
    use super::*;

    fn c(a: &str, b: &str) -> u8 {
        compare(&prepare(a).expect("a"), &prepare(b).expect("b"))
    }

    #[test]
    fn levels() {
        assert_eq!(c("Łukasz", "lukasz"), 1);
        assert_eq!(c("Robert", "Bob"), 2);
        assert_eq!(c("Jonathon", "Jonathan"), 3);
        assert_eq!(c("Stephen", "Steven"), 5);
        assert_eq!(c("Wei", "Garcia"), 7);
    }

    #[test]
    fn a_name_cut_short_has_its_own_level() {
        // Jaro-Winkler puts "kat"/"katherine" at 0.84, below every similarity level.
        assert_eq!(c("Kat", "Katherine"), 4);
        assert_eq!(c("Grzegorz", "Grze"), 4);
        assert_eq!(c("Davi Lucas", "Davi"), 4);
        assert_eq!(c("Margu", "Marguerite"), 4);
        // Two letters are not a shortened name, and a shared start is not a prefix.
        assert_ne!(c("Al", "Alexander"), 4);
        assert_ne!(c("Katrin", "Katherine"), 4);
    }

    #[test]
    fn two_typos_in_a_name_are_still_similar() {
        // A neighbouring key and a doubled letter: Jaro-Winkler 0.83, no longer "different".
        assert_eq!(c("Cyowdhuryy", "Chowdhury"), 6);
        assert_eq!(c("Brandi", "Bradi"), 3);
    }
}
