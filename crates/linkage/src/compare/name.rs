//! Person names. Levels: exact; romanisation or nickname variant (Kim/Gim, Lee/Yi/Rhee,
//! Robert/Bob); Jaro-Winkler >= 0.92; Jaro-Winkler >= 0.85 or the same Double Metaphone code;
//! different.

use super::normalize;
use rphonetic::{DoubleMetaphone, Encoder};
use std::sync::OnceLock;

pub const LEVELS: &[&str] = &[
    "exact",
    "romanisation or nickname variant",
    "Jaro-Winkler >= 0.92",
    "Jaro-Winkler >= 0.85 or same phonetic code",
    "different",
];

#[derive(Debug, Clone)]
pub struct Prepared {
    pub folded: String,
    /// Tokens mapped to one spelling per variant group, sorted.
    pub variant: String,
    pub phonetic: String,
}

/// Spelling variants of one name. Korean and Chinese romanisations and common English
/// nicknames; the first entry is the group's canonical form.
const VARIANTS: &[&[&str]] = &[
    &["kim", "gim"],
    &["lee", "yi", "rhee", "ri", "rii", "i"],
    &["park", "pak", "bak", "bahk"],
    &["choi", "choe", "chwe"],
    &["jung", "jeong", "chung", "joung"],
    &["kang", "gang"],
    &["cho", "jo"],
    &["yoon", "yun"],
    &["jang", "chang"],
    &["lim", "im", "rim"],
    &["shin", "sin"],
    &["han", "hahn"],
    &["oh", "o"],
    &["seo", "suh", "so"],
    &["kwon", "gwon"],
    &["hwang", "whang"],
    &["ahn", "an"],
    &["song", "soung"],
    &["hong", "houng"],
    &["ryu", "yu", "yoo", "ryoo"],
    &["min", "mihn"],
    &["jun", "joon", "jeon", "chun"],
    &["woo", "u", "wu"],
    &["zhang", "chang", "cheung"],
    &["wang", "wong"],
    &["li", "lee", "lei"],
    &["liu", "lau", "lao"],
    &["chen", "chan", "tan"],
    &["huang", "wong", "hwang"],
    &["zhou", "chow", "chau"],
    &["wu", "ng", "woo"],
    &["xu", "hsu", "tsui"],
    &["nguyen", "nguen", "ngyuen", "nguyn"],
    &["tran", "chan"],
    &["pham", "fam"],
    &["vu", "vo"],
    &["robert", "bob", "rob", "bobby", "robbie"],
    &["william", "will", "bill", "billy", "liam"],
    &["richard", "rick", "dick", "rich"],
    &["james", "jim", "jimmy", "jamie"],
    &["john", "jon", "jack", "johnny"],
    &["michael", "mike", "mick", "mikey"],
    &["thomas", "tom", "tommy"],
    &["joseph", "joe", "joey"],
    &["charles", "charlie", "chuck"],
    &["daniel", "dan", "danny"],
    &["matthew", "matt"],
    &["anthony", "tony"],
    &["christopher", "chris"],
    &["nicholas", "nick", "nicky"],
    &["alexander", "alex", "sasha", "alexandr", "oleksandr"],
    &["andrew", "andy", "drew", "andriy", "andrii"],
    &["benjamin", "ben", "benny"],
    &["samuel", "sam", "sammy"],
    &["jonathan", "jon", "jonny"],
    &["elizabeth", "liz", "beth", "lisa", "eliza", "betty"],
    &[
        "katherine",
        "kate",
        "katie",
        "kathy",
        "catherine",
        "kathryn",
    ],
    &["margaret", "maggie", "meg", "peggy"],
    &["jennifer", "jen", "jenny"],
    &["rebecca", "becky"],
    &["susan", "sue", "susie"],
    &["patricia", "pat", "patty", "trish"],
    &["victoria", "vicky", "tori"],
    &["dmitry", "dmitri", "dmytro", "dima"],
    &["sergey", "sergei", "serhii", "serhiy"],
    &["yuri", "yuriy", "iurii", "yurii"],
    &["mykola", "nikolai", "nikolay"],
    &["volodymyr", "vladimir"],
    &["mohammed", "muhammad", "mohamed", "mohammad"],
];

fn variant_map() -> &'static std::collections::HashMap<&'static str, &'static str> {
    static MAP: OnceLock<std::collections::HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for group in VARIANTS {
            for v in *group {
                // The first group a spelling appears in wins, so lookups are deterministic.
                m.entry(*v).or_insert(group[0]);
            }
        }
        m
    })
}

fn encoder() -> &'static DoubleMetaphone {
    static E: OnceLock<DoubleMetaphone> = OnceLock::new();
    E.get_or_init(|| DoubleMetaphone::new(Some(6)))
}

pub fn prepare(raw: &str) -> Option<Prepared> {
    let folded = normalize(raw);
    if folded.is_empty() {
        return None;
    }
    let map = variant_map();
    let mut tokens: Vec<&str> = folded
        .split(' ')
        .map(|t| map.get(t).copied().unwrap_or(t))
        .collect();
    tokens.sort_unstable();
    let variant = tokens.join(" ");
    let phonetic = encoder().encode(&folded.replace(' ', ""));
    Some(Prepared {
        folded,
        variant,
        phonetic,
    })
}

pub fn compare(a: &Prepared, b: &Prepared) -> u8 {
    if a.folded == b.folded {
        return 1;
    }
    if a.variant == b.variant {
        return 2;
    }
    let s = super::jw_at_least(&a.folded, &b.folded, 0.85);
    if s >= 0.92 {
        3
    } else if s >= 0.85 || (!a.phonetic.is_empty() && a.phonetic == b.phonetic) {
        4
    } else {
        5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a: &str, b: &str) -> u8 {
        compare(&prepare(a).expect("a"), &prepare(b).expect("b"))
    }

    #[test]
    fn levels() {
        assert_eq!(c("Kim Min-jun", "kim min jun"), 1);
        assert_eq!(c("Gim Minjun", "Kim Minjun"), 2);
        assert_eq!(c("Rhee Seo-yeon", "Lee Seo yeon"), 2);
        assert_eq!(c("Pak Ji-ho", "Park Ji ho"), 2);
        assert_eq!(c("Bob Smith", "Robert Smith"), 2);
        assert_eq!(c("Smith John", "John Smith"), 2);
        assert_eq!(c("Jonathon", "Jonathan"), 3);
        assert_eq!(c("Katherine", "Catherine"), 2);
        assert_eq!(c("Stephen", "Steven"), 4);
        assert_eq!(c("Wei Zhang", "Maria Garcia"), 5);
    }

    #[test]
    fn empty_names_are_missing() {
        assert!(prepare("  -- ").is_none());
    }
}
