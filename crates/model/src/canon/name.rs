//! Names: Unicode NFKC, transliterated to ASCII, lower case, punctuation dropped.

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
}
