//! Locations (`Austin, Texas, US`). Levels: exact; sharing a place word (the city, state or
//! country); different.

use super::normalize;

pub const LEVELS: &[&str] = &["exact", "shares a place", "different"];

#[derive(Debug, Clone)]
pub struct Prepared {
    pub text: String,
    words: Vec<String>,
}

pub fn prepare(raw: &str) -> Option<Prepared> {
    let text = normalize(raw);
    let words: Vec<String> = text
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    (!words.is_empty()).then_some(Prepared { text, words })
}

pub fn compare(a: &Prepared, b: &Prepared) -> u8 {
    if a.text == b.text {
        1
    } else if a.words.iter().any(|x| x.len() >= 2 && b.words.contains(x)) {
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
