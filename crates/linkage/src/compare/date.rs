//! Dates. Levels: exact; one typo or day and month swapped; same year and month; within 365
//! days; different. Accepts `YYYY-MM-DD`, `YYYYMMDD`, `DD/MM/YYYY` and RFC 3339 times.

pub const LEVELS: &[&str] = &[
    "exact",
    "one typo or day/month swapped",
    "same year and month",
    "within a year",
    "different",
];

#[derive(Debug, Clone)]
pub struct Prepared {
    /// Eight digits, `YYYYMMDD`.
    pub text: String,
    ymd: Option<(i32, u32, u32)>,
}

pub fn prepare(raw: &str) -> Option<Prepared> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let text = if raw.contains('/') && digits.len() == 8 {
        // DD/MM/YYYY
        format!("{}{}{}", &digits[4..8], &digits[2..4], &digits[0..2])
    } else if digits.len() >= 8 {
        digits[..8].to_string()
    } else {
        return (!digits.is_empty()).then_some(Prepared {
            text: digits,
            ymd: None,
        });
    };
    let y = text[0..4].parse().ok();
    let m = text[4..6].parse().ok();
    let d = text[6..8].parse().ok();
    let ymd = match (y, m, d) {
        (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
            Some((y, m, d))
        }
        _ => None,
    };
    Some(Prepared { text, ymd })
}

fn days(y: i32, m: u32, d: u32) -> i64 {
    // Days from a fixed epoch; exact for the Gregorian calendar (Howard Hinnant's algorithm).
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

pub fn compare(a: &Prepared, b: &Prepared) -> u8 {
    if a.text == b.text {
        return 1;
    }
    let swapped = match (a.ymd, b.ymd) {
        (Some((ya, ma, da)), Some((yb, mb, db))) => ya == yb && ma == db && da == mb,
        _ => false,
    };
    if swapped || (a.text.len() == b.text.len() && super::one_edit(&a.text, &b.text)) {
        return 2;
    }
    match (a.ymd, b.ymd) {
        (Some((ya, ma, _)), Some((yb, mb, _))) if ya == yb && ma == mb => 3,
        (Some((ya, ma, da)), Some((yb, mb, db)))
            if (days(ya, ma, da) - days(yb, mb, db)).abs() <= 365 =>
        {
            4
        }
        _ => 5,
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
        assert_eq!(c("1990-04-12", "19900412"), 1);
        assert_eq!(c("12/04/1990", "1990-04-12"), 1);
        assert_eq!(c("1990-04-12", "1990-12-04"), 2);
        assert_eq!(c("1990-04-12", "1990-04-13"), 2);
        assert_eq!(c("1990-04-12", "1990-04-28"), 3);
        assert_eq!(c("1990-04-12", "1989-12-30"), 4);
        assert_eq!(c("1990-04-12", "1975-01-01"), 5);
    }
}
