//! Names: Unicode NFKC, transliterated to ASCII, lower case, punctuation dropped; and whether two
//! names one record joins to another (a payroll record to the candidate it was hired as) can be
//! one person's.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// NFKC, then ASCII transliteration (`any_ascii`), lower case, every run of non-alphanumerics
/// to one space.
pub fn fold(raw: &str) -> String {
    let nfkc: String = raw.nfkc().collect();
    let ascii = any_ascii::any_ascii(&nfkc).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// A name in canonical form. `Last, First` is turned around so both orders meet.
pub fn canonical_name(raw: &str) -> String {
    let turned = match raw.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() && !last.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => raw.to_string(),
    };
    fold(&turned)
}

/// The last token of a canonical name.
pub fn surname(canonical: &str) -> &str {
    canonical.rsplit(' ').next().unwrap_or(canonical)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// The same person's name, allowing for middle names, initials and word order.
    Same,
    /// Same surname, different given names: a household or family.
    SameSurname,
    Different,
}

/// Compare two canonical names.
pub fn names_match(a: &str, b: &str) -> NameMatch {
    if a == b {
        return NameMatch::Same;
    }
    let tokens = |s: &str| -> Vec<String> {
        let mut t: Vec<String> = s
            .split(' ')
            .filter(|t| t.len() > 1)
            .map(str::to_string)
            .collect();
        t.sort();
        t
    };
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return NameMatch::Different;
    }
    let (short, long) = if ta.len() <= tb.len() {
        (&ta, &tb)
    } else {
        (&tb, &ta)
    };
    if short == long || (short.len() >= 2 && short.iter().all(|t| long.contains(t))) {
        return NameMatch::Same;
    }
    if surname(a) == surname(b) {
        return NameMatch::SameSurname;
    }
    NameMatch::Different
}

/// How the legal name on a record relates to the name on the record it is joined to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRelation {
    /// The same words, allowing a middle name or initial added or dropped.
    Same,
    /// The same family name; the given names are a diminutive and its full form (`Jake`,
    /// `Jacob`), or two diminutives of one name.
    Nickname,
    /// The same family name; a given name written as its initial.
    Initials,
    /// The same family name; one name's given name is a middle name of the other.
    MiddleName,
    /// The same words with given and family name swapped.
    Reordered,
    /// The family name is kept (in either order) and the given name differs: an adopted or
    /// preferred given name.
    AdoptedGivenName,
    /// The same given name (or a diminutive of it), another family name: marriage, a maiden
    /// name, a double surname.
    SurnameChanged,
    /// No given name relation and no family name shared.
    Unrelated,
}

impl NameRelation {
    /// Whether the two names can be one person's.
    pub fn is_related(self) -> bool {
        self != NameRelation::Unrelated
    }

    /// Stable snake-case label.
    pub fn label(self) -> &'static str {
        match self {
            NameRelation::Same => "same",
            NameRelation::Nickname => "nickname",
            NameRelation::Initials => "initials",
            NameRelation::MiddleName => "middle_name",
            NameRelation::Reordered => "reordered",
            NameRelation::AdoptedGivenName => "adopted_given_name",
            NameRelation::SurnameChanged => "surname_changed",
            NameRelation::Unrelated => "unrelated",
        }
    }

    /// One phrase saying what relates the names, with no name in it.
    pub fn explain(self) -> &'static str {
        match self {
            NameRelation::Same => "the same name, give or take a middle name or initial",
            NameRelation::Nickname => {
                "the same family name; the given names are a diminutive and its full form"
            }
            NameRelation::Initials => "the same family name; a given name written as its initial",
            NameRelation::MiddleName => {
                "the same family name; a middle name used as the given name"
            }
            NameRelation::Reordered => "the same names with given and family name in the other order",
            NameRelation::AdoptedGivenName => {
                "the family name is kept and the given name differs: an adopted or preferred given name"
            }
            NameRelation::SurnameChanged => {
                "the same given name with another family name: a married, maiden or double surname"
            }
            NameRelation::Unrelated => "no given name and no family name is shared",
        }
    }
}

/// One word of a name: its letters, and its hyphen-joined parts (`soo-ah`, `garcia-lopez`).
#[derive(Debug)]
struct Word {
    whole: String,
    parts: Vec<String>,
}

/// A name's words in written order. `Last, First` is turned around; hyphens join parts of one
/// word; periods separate words (`J.R.` is two initials); apostrophes vanish (`O'Brien`).
fn words(raw: &str) -> Vec<Word> {
    let turned = match raw.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() && !last.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => raw.to_string(),
    };
    let nfkc: String = turned.nfkc().collect();
    let ascii = any_ascii::any_ascii(&nfkc).to_lowercase();
    ascii
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .filter_map(|w| {
            let parts: Vec<String> = w
                .split('-')
                .map(|p| {
                    p.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect::<String>()
                })
                .filter(|p| !p.is_empty())
                .collect();
            (!parts.is_empty()).then(|| Word {
                whole: parts.concat(),
                parts,
            })
        })
        .collect()
}

/// Diminutives by formal name, and formal names by diminutive.
struct Nicknames {
    nicks: HashMap<&'static str, Vec<&'static str>>,
    formals: HashMap<&'static str, Vec<&'static str>>,
}

fn nicknames() -> &'static Nicknames {
    static TABLE: OnceLock<Nicknames> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Nicknames {
            nicks: HashMap::new(),
            formals: HashMap::new(),
        };
        for line in include_str!("nicknames.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((formal, short)) = line.split_once('\t') else {
                continue;
            };
            for nick in short.split_whitespace() {
                table.nicks.entry(formal).or_default().push(nick);
                table.formals.entry(nick).or_default().push(formal);
            }
        }
        table
    })
}

/// Whether two given names are a diminutive and its full form, two diminutives of one name
/// (`Bill`, `Will`), or a truncation of at least three letters (`Alex`, `Alexander`).
fn is_nickname(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 3 && long.starts_with(short) {
        return true;
    }
    let table = nicknames();
    let diminutive =
        |formal: &str, nick: &str| table.nicks.get(formal).is_some_and(|n| n.contains(&nick));
    if diminutive(a, b) || diminutive(b, a) {
        return true;
    }
    match (table.formals.get(a), table.formals.get(b)) {
        (Some(fa), Some(fb)) => fa.iter().any(|f| fb.contains(f)),
        _ => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Given {
    Same,
    Nickname,
    Initial,
}

fn given(a: &Word, b: &Word) -> Option<Given> {
    if a.whole == b.whole {
        return Some(Given::Same);
    }
    if is_nickname(&a.whole, &b.whole) {
        return Some(Given::Nickname);
    }
    let initial = |x: &Word, y: &Word| x.whole.len() == 1 && y.whole.starts_with(&x.whole);
    (initial(a, b) || initial(b, a)).then_some(Given::Initial)
}

/// Whether two family names are one word (`Some(true)`), or share a part of a double surname
/// (`Some(false)`: `Smith`, `Jones-Smith`). Initials are never a family name.
fn family(a: &Word, b: &Word) -> Option<bool> {
    if a.whole.len() < 2 || b.whole.len() < 2 {
        return None;
    }
    if a.whole == b.whole {
        return Some(true);
    }
    let shared = a.parts.iter().any(|p| p.len() > 1 && b.parts.contains(p));
    shared.then_some(false)
}

/// How a legal name (`legal`, from payroll) relates to the name a person applied under (`ats`).
///
/// Only for two records the data itself already joins as one person's (payroll's
/// `candidate_id`), never a reason to link two strangers: a family name kept with another given
/// name reads as an adopted given name here, where between two unjoined records it would be no
/// more than two people of one family (`Wei Zhang`, `Li Zhang`). Every name is read both ways,
/// given name first and family name first, whatever it looks like: the culture a name seems to
/// come from is never evidence.
pub fn same_person_names(ats: &str, legal: &str) -> NameRelation {
    let (a, l) = (words(ats), words(legal));
    if a.is_empty() || l.is_empty() {
        return NameRelation::Unrelated;
    }
    if a.len() == 1 || l.len() == 1 {
        return one_word(&a, &l);
    }
    let (wa, wl) = (whole(&a), whole(&l));
    if wa == wl {
        return NameRelation::Same;
    }
    if wa.len() == wl.len() && wa.iter().rev().eq(wl.iter()) {
        return NameRelation::Reordered;
    }
    // The shorter name's words, in order, within the longer one with the same first and last
    // word: a middle name or initial added or dropped.
    let (short, long) = if wa.len() <= wl.len() {
        (&wa, &wl)
    } else {
        (&wl, &wa)
    };
    if short.first() == long.first() && short.last() == long.last() {
        let mut rest = long.iter();
        if short.iter().all(|w| rest.any(|x| x == w)) {
            return NameRelation::Same;
        }
    }
    let (af, al, lf, ll) = (&a[0], &a[a.len() - 1], &l[0], &l[l.len() - 1]);
    // Given name first in both, then family name first in both.
    let readings = [(af, al, lf, ll), (al, af, ll, lf)];
    for (ag, afam, lg, lfam) in readings {
        match (family(afam, lfam), given(ag, lg)) {
            (Some(true), Some(Given::Same)) => return NameRelation::Same,
            (Some(true), Some(Given::Nickname)) => return NameRelation::Nickname,
            (Some(true), Some(Given::Initial)) => return NameRelation::Initials,
            (Some(false), Some(Given::Same | Given::Nickname)) => {
                return NameRelation::SurnameChanged
            }
            _ => {}
        }
    }
    // Given and family name swapped, the given names related.
    if (family(al, lf) == Some(true) && given(af, ll).is_some())
        || (family(af, ll) == Some(true) && given(al, lf).is_some())
    {
        return NameRelation::Reordered;
    }
    // The family name kept, one name's given name a middle name of the other.
    let middle = |x: &Word, w: &[Word]| {
        w[1..w.len() - 1]
            .iter()
            .any(|m| matches!(given(x, m), Some(Given::Same | Given::Nickname)))
    };
    for (ag, afam, lg, lfam) in readings {
        if family(afam, lfam).is_some() && (middle(ag, &l) || middle(lg, &a)) {
            return NameRelation::MiddleName;
        }
    }
    // The first words shared (given name first: a new surname, its given name unrelated to the
    // other's here, so only when equal) or a family name kept in either place.
    match (family(af, lf), given(af, lf)) {
        (_, Some(Given::Same | Given::Nickname)) => return NameRelation::SurnameChanged,
        (Some(_), _) => return NameRelation::SurnameChanged,
        _ => {}
    }
    if family(al, ll).is_some() || family(al, lf).is_some() || family(af, ll).is_some() {
        return NameRelation::AdoptedGivenName;
    }
    NameRelation::Unrelated
}

fn whole(w: &[Word]) -> Vec<&str> {
    w.iter().map(|x| x.whole.as_str()).collect()
}

/// A one-word name against another name: the same when the word is one of the other's, a
/// nickname when it relates to the other's given name in either reading.
fn one_word(a: &[Word], l: &[Word]) -> NameRelation {
    let (one, other) = if a.len() == 1 { (&a[0], l) } else { (&l[0], a) };
    if other.iter().any(|w| w.whole == one.whole) {
        return NameRelation::Same;
    }
    let ends = [&other[0], &other[other.len() - 1]];
    if ends.iter().any(|w| given(one, w) == Some(Given::Nickname)) {
        return NameRelation::Nickname;
    }
    NameRelation::Unrelated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(
            canonical_name("  José  Álvarez-Núñez "),
            "jose alvarez nunez"
        );
        assert_eq!(canonical_name("Ｊｏｈｎ Ｓｍｉｔｈ"), "john smith");
        assert_eq!(canonical_name("Smith, John"), "john smith");
        assert_eq!(canonical_name("Đặng Văn Minh"), "dang van minh");
        assert_eq!(canonical_name("김민준"), "gimminjun");
    }

    #[test]
    fn matching() {
        assert_eq!(names_match("john smith", "john smith"), NameMatch::Same);
        assert_eq!(
            names_match("maria l garcia", "maria garcia"),
            NameMatch::Same
        );
        assert_eq!(
            names_match("maria luisa garcia", "maria garcia"),
            NameMatch::Same
        );
        assert_eq!(names_match("smith john", "john smith"), NameMatch::Same);
        assert_eq!(
            names_match("ana garcia", "maria garcia"),
            NameMatch::SameSurname
        );
        assert_eq!(
            names_match("kenji watanabe", "john miller"),
            NameMatch::Different
        );
    }

    fn check(ats: &str, legal: &str, expect: NameRelation) {
        assert_eq!(same_person_names(ats, legal), expect, "{ats:?} ~ {legal:?}");
        // The relation does not depend on which record holds which name.
        assert_eq!(same_person_names(legal, ats), expect, "{legal:?} ~ {ats:?}");
    }

    #[test]
    fn same_names() {
        check("John Smith", "john  SMITH", NameRelation::Same);
        check("Smith, John", "John Smith", NameRelation::Same);
        check("Maria Garcia", "Maria Luisa Garcia", NameRelation::Same);
        check("Maria Garcia", "Maria L. Garcia", NameRelation::Same);
        check("Kate O'Brien", "Kate OBrien", NameRelation::Same);
        check("Soo-ah Shin", "Sooah Shin", NameRelation::Same);
    }

    #[test]
    fn nicknames() {
        check("Jake Sullivan", "Jacob Sullivan", NameRelation::Nickname);
        check("Bill Turner", "William Turner", NameRelation::Nickname);
        check("Liz Reed", "Elizabeth Reed", NameRelation::Nickname);
        check("Mike McDonald", "Michael McDonald", NameRelation::Nickname);
        check(
            "Kate Campbell",
            "Katherine Linda Campbell",
            NameRelation::Nickname,
        );
        check(
            "Becca Walker",
            "Rebecca Chloe Walker",
            NameRelation::Nickname,
        );
        check("Alex Hayes", "Alexander Evan Hayes", NameRelation::Nickname);
        check("Bill Ortiz", "Will Ortiz", NameRelation::Nickname);
        check("Tony Ward", "Anthony Ward", NameRelation::Nickname);
        check("Peggy Olsen", "Margaret Olsen", NameRelation::Nickname);
    }

    #[test]
    fn initials_and_middle_names() {
        check("J. Smith", "John Smith", NameRelation::Initials);
        check("J R Tolkien", "John Ronald Tolkien", NameRelation::Initials);
        check(
            "Evan Hayes",
            "Alexander Evan Hayes",
            NameRelation::MiddleName,
        );
        check(
            "Scott Fitzgerald",
            "Francis Scott Fitzgerald",
            NameRelation::MiddleName,
        );
    }

    #[test]
    fn reordered() {
        check("Tao Xie", "Xie Tao", NameRelation::Reordered);
        check("Huong Nguyen", "Nguyen Thi Huong", NameRelation::Reordered);
        check("Hiroshi Sato", "SATO Hiroshi", NameRelation::Reordered);
        check("Bill Kowalski", "Kowalski William", NameRelation::Reordered);
    }

    #[test]
    fn adopted_given_names() {
        // Family name last in both.
        check("Susan Gao", "Jing Gao", NameRelation::AdoptedGivenName);
        check("Wei Zhang", "Li Zhang", NameRelation::AdoptedGivenName);
        check("Aaron Seo", "Tae-yang Seo", NameRelation::AdoptedGivenName);
        // Family name first in the legal name.
        check("Connor Xie", "Xie Tao", NameRelation::AdoptedGivenName);
        check(
            "Jenny Nguyen",
            "Nguyen Thi Huong",
            NameRelation::AdoptedGivenName,
        );
        check("Lauren Shin", "Shin Soo-ah", NameRelation::AdoptedGivenName);
        check("Kyle Sato", "Sato Hiroshi", NameRelation::AdoptedGivenName);
        // Any culture's names are read the same way.
        check(
            "Jim Kowalski",
            "Kowalski Tomasz",
            NameRelation::AdoptedGivenName,
        );
        check(
            "Mario Rossi",
            "Giuseppe Rossi",
            NameRelation::AdoptedGivenName,
        );
    }

    #[test]
    fn surname_changes() {
        check("Anna Smith", "Anna Jones", NameRelation::SurnameChanged);
        check("Liz Smith", "Elizabeth Jones", NameRelation::SurnameChanged);
        check(
            "Anna Smith",
            "Anna Jones-Smith",
            NameRelation::SurnameChanged,
        );
        check(
            "Ana Garcia-Lopez",
            "Ana Garcia",
            NameRelation::SurnameChanged,
        );
        check(
            "Ana Garcia-Lopez",
            "Ana Lopez-Ruiz",
            NameRelation::SurnameChanged,
        );
        check("Min-jun Kim", "Min-jun Park", NameRelation::SurnameChanged);
    }

    #[test]
    fn unrelated() {
        check("Young-jae Jang", "Jack L. Carter", NameRelation::Unrelated);
        check("Lin Sun", "Lucy R. Murphy", NameRelation::Unrelated);
        check(
            "Riccardo Ricci",
            "Jack G. Harrison",
            NameRelation::Unrelated,
        );
        check("Kenji Watanabe", "John Miller", NameRelation::Unrelated);
        // An initial alone is no given name relation, and shares no family name.
        check("J. Smith", "John Brown", NameRelation::Unrelated);
        // Two given names that only share a first letter or two.
        check("Li Wang", "Lin Zhou", NameRelation::Unrelated);
        // Two full names that share a diminutive (`al`) are two names.
        check("Albert Jones", "Alfred Smith", NameRelation::Unrelated);
        check("", "John Smith", NameRelation::Unrelated);
    }

    #[test]
    fn one_word_names() {
        check("Suharto", "Suharto", NameRelation::Same);
        check("Suharto", "Muhammad Suharto", NameRelation::Same);
        check("Bill", "William Gates", NameRelation::Nickname);
        check("Suharto", "John Smith", NameRelation::Unrelated);
    }
}
