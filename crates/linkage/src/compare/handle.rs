//! Web handles (`github:smartdev0725`, or a bare handle). Levels: exact handle (on any site);
//! same letter stem with other digits (`smartdev0725` and `smartdev0205`); Jaro-Winkler >= 0.9;
//! different.

pub const LEVELS: &[&str] = &[
    "exact",
    "same stem, other digits",
    "Jaro-Winkler >= 0.9",
    "different",
];

#[derive(Debug, Clone)]
pub struct Prepared {
    pub handle: String,
    pub stem: String,
}

pub fn prepare(raw: &str) -> Option<Prepared> {
    let lower = raw.trim().to_lowercase();
    let handle = lower
        .rsplit_once(':')
        .map_or(lower.as_str(), |(_, h)| h)
        .trim_start_matches('@')
        .to_string();
    if handle.is_empty() {
        return None;
    }
    let stem: String = handle.chars().filter(char::is_ascii_alphabetic).collect();
    Some(Prepared { handle, stem })
}

pub fn compare(a: &Prepared, b: &Prepared) -> u8 {
    if a.handle == b.handle {
        1
    } else if a.stem.len() >= 4 && a.stem == b.stem {
        2
    } else if super::jw_at_least(&a.handle, &b.handle, 0.9) >= 0.9 {
        3
    } else {
        4
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
        assert_eq!(c("github:SmartDev0725", "telegram:@smartdev0725"), 1);
        assert_eq!(c("github:smartdev0725", "github:smartdev0205"), 2);
        assert_eq!(c("github:smart-dev", "github:smartdevs"), 3);
        assert_eq!(c("github:abc", "github:xyz"), 4);
    }
}
