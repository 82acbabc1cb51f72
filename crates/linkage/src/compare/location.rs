//! Locations (`Austin, Texas, US`). Levels: exact; sharing a place token (the city or the
//! country); different.

use super::normalize;

pub const LEVELS: &[&str] = &["exact", "shares a place", "different"];

pub fn prepare(raw: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = raw
        .split([',', '|'])
        .map(normalize)
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then_some(parts)
}

pub fn compare(a: &[String], b: &[String]) -> u8 {
    if a == b {
        1
    } else if a.iter().any(|x| b.contains(x)) {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        let p = |s| prepare(s).expect("place");
        assert_eq!(compare(&p("Austin, TX"), &p("austin, tx")), 1);
        assert_eq!(compare(&p("Austin, TX"), &p("Dallas, TX")), 2);
        assert_eq!(compare(&p("Austin, TX"), &p("Lyon, France")), 3);
    }
}
