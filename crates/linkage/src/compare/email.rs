//! Email addresses. Levels: exact; same local part at another domain; same letter stem with
//! other digits (`alex.dev91` and `alexdev.93`); local parts with Jaro-Winkler >= 0.9;
//! different.

pub const LEVELS: &[&str] = &[
    "exact",
    "same local part, other domain",
    "same letters, other digits",
    "similar local part",
    "different",
];

#[derive(Debug, Clone)]
pub struct Prepared {
    pub full: String,
    pub local: String,
    /// Letters of the local part only.
    pub stem: String,
}

pub fn prepare(raw: &str) -> Option<Prepared> {
    let full = raw.trim().to_lowercase();
    let (local, _) = full.rsplit_once('@')?;
    let local = local.split('+').next().unwrap_or(local).to_string();
    let stem: String = local.chars().filter(char::is_ascii_alphabetic).collect();
    Some(Prepared { full, local, stem })
}

pub fn compare(a: &Prepared, b: &Prepared) -> u8 {
    if a.full == b.full {
        1
    } else if a.local == b.local {
        2
    } else if a.stem.len() >= 4 && a.stem == b.stem {
        3
    } else if super::jw_at_least(&a.local, &b.local, 0.9) >= 0.9 {
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
        assert_eq!(c("alexdev91@gmail.com", "AlexDev91@gmail.com"), 1);
        assert_eq!(c("alexdev91@gmail.com", "alexdev91@proton.me"), 2);
        assert_eq!(c("alex.dev91@gmail.com", "alexdev.93@outlook.com"), 3);
        assert_eq!(c("alexanderdev@gmail.com", "alexandrdev@gmail.com"), 4);
        assert_eq!(c("maria@x.example", "kenji@x.example"), 5);
    }

    #[test]
    fn not_an_email() {
        assert!(prepare("no at sign").is_none());
    }
}
