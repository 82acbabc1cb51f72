//! Dates. Levels: exact; day and month swapped; one typo; same day and month within ten
//! years (a year mistyped: 1989 for 1990); same year and month; within 365 days; different.
//! Accepts `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, `DD/MM/YYYY`, `DD.MM.YYYY` and RFC 3339
//! times.

pub const LEVELS: &[&str] = &[
    "exact",
    "day and month swapped",
    "one typo",
    "same day and month, year within ten",
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

/// `YYYYMMDD` from three numeric parts, year first or last (a year is four digits).
fn from_parts(raw: &str) -> Option<String> {
    let parts: Vec<&str> = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let [p, q, r] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if p.len() == 4 && q.len() <= 2 && r.len() <= 2 {
        (p, q, r)
    } else if r.len() == 4 && p.len() <= 2 && q.len() <= 2 {
        (r, q, p)
    } else {
        return None;
    };
    Some(format!("{y}{m:0>2}{d:0>2}"))
}

pub fn prepare(raw: &str) -> Option<Prepared> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let text = if let Some(t) = from_parts(raw) {
        t
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
    if let (Some((ya, ma, da)), Some((yb, mb, db))) = (a.ymd, b.ymd) {
        if ya == yb && ma == db && da == mb {
            return 2;
        }
    }
    if a.text.len() == b.text.len() && super::one_edit(&a.text, &b.text) {
        return 3;
    }
    match (a.ymd, b.ymd) {
        (Some((ya, ma, da)), Some((yb, mb, db)))
            if ma == mb && da == db && ya.abs_diff(yb) <= 10 =>
        {
            4
        }
        (Some((ya, ma, _)), Some((yb, mb, _))) if ya == yb && ma == mb => 5,
        (Some((ya, ma, da)), Some((yb, mb, db)))
            if (days(ya, ma, da) - days(yb, mb, db)).abs() <= 365 =>
        {
            6
        }
        _ => 7,
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
        assert_eq!(c("1990-04-12", "1990-04-13"), 3);
        assert_eq!(c("1990-04-12", "1991-04-12"), 3);
        assert_eq!(c("1990-04-12", "1989-04-12"), 4);
        assert_eq!(c("1990-04-12", "1990-04-28"), 5);
        assert_eq!(c("1990-04-12", "1989-12-30"), 6);
        assert_eq!(c("1990-04-12", "1975-01-01"), 7);
    }

    #[test]
    fn a_swap_is_its_own_level_even_when_it_is_one_edit() {
        // 01/02 and 02/01 are also one swap of neighbouring digits apart.
        assert_eq!(c("1990-01-02", "1990-02-01"), 2);
        assert_eq!(c("1990-11-01", "1990-01-11"), 2);
    }

    #[test]
    fn a_year_off_is_not_a_different_date() {
        assert_eq!(c("1999-07-30", "2000-07-30"), 4);
        assert_eq!(c("1990-04-12", "1978-04-12"), 7);
    }

    #[test]
    fn formats_are_read_by_where_the_year_is() {
        assert_eq!(c("1990/04/12", "1990-04-12"), 1);
        assert_eq!(c("12.04.1990", "1990-4-12"), 1);
        assert_eq!(c("1990-04-12T08:00:00Z", "19900412"), 1);
    }
}
