//! Phone numbers, compared as digit strings (E.164 without `+`). Levels: exact; same number
//! block (all but the last two digits, as consecutive VoIP numbers are); one digit different or
//! two swapped; different.

pub const LEVELS: &[&str] = &["exact", "same number block", "one digit apart", "different"];

pub fn prepare(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 6).then_some(digits)
}

/// All digits but the last two.
pub fn block(digits: &str) -> &str {
    &digits[..digits.len().saturating_sub(2)]
}

pub fn compare(a: &str, b: &str) -> u8 {
    if a == b {
        1
    } else if a.len() == b.len() && block(a) == block(b) {
        2
    } else if a.len() == b.len() && super::one_edit(a, b) {
        3
    } else {
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        let p = |s| prepare(s).expect("phone");
        assert_eq!(compare(&p("+1 212 555 0147"), &p("+12125550147")), 1);
        assert_eq!(compare(&p("+12125550147"), &p("+12125550162")), 2);
        assert_eq!(compare(&p("+12125550147"), &p("+12125850147")), 3);
        assert_eq!(compare(&p("+12125550147"), &p("+447911123456")), 4);
        assert!(prepare("12").is_none());
    }
}
