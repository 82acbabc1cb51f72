//! Short strings and identifiers. Levels: exact; one edit (insert, delete, substitute or swap
//! two neighbours); Jaro-Winkler >= 0.9; Jaro-Winkler >= 0.8; different.

pub const LEVELS: &[&str] = &[
    "exact",
    "one edit",
    "Jaro-Winkler >= 0.9",
    "Jaro-Winkler >= 0.8",
    "different",
];

pub fn compare(a: &str, b: &str) -> u8 {
    if a == b {
        return 1;
    }
    if super::one_edit(a, b) {
        return 2;
    }
    let s = super::jw_at_least(a, b, 0.8);
    if s >= 0.9 {
        3
    } else if s >= 0.8 {
        4
    } else {
        5
    }
}

#[cfg(test)]
mod tests {
    use super::compare;

    #[test]
    fn levels() {
        assert_eq!(compare("1234567", "1234567"), 1);
        assert_eq!(compare("1234567", "1234577"), 2);
        assert_eq!(compare("1234567", "1243567"), 2);
        assert_eq!(compare("1234567", "123456"), 2);
        assert_eq!(compare("kingsford", "kingsfird"), 2);
        assert_eq!(compare("martha", "marhta"), 2);
        assert_eq!(compare("dwayne", "duane"), 4);
        assert_eq!(compare("abc", "xyz"), 5);
    }
}
