//! Phone numbers to E.164 with the line type from libphonenumber's metadata.

use super::CanonError;
use phonenumber::country::Id;
use phonenumber::Type;

pub fn region(code: &str) -> Result<Id, CanonError> {
    let upper = super::country_code(code).unwrap_or_else(|| code.trim().to_ascii_uppercase());
    upper
        .parse::<Id>()
        .map_err(|_| CanonError::Region(code.trim().to_string()))
}

/// `phonenumber` compiles its metadata's regular expressions lazily into one LRU cache of 100
/// entries shared by all regions. Validating and typing numbers from a dozen countries touches
/// more than that, so every call recompiled regexes (about 0.4 ms a number). Enlarging the
/// cache once, through the crate's public `Database::cache`, keeps them compiled.
fn enlarge_regex_cache() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let cache = phonenumber::metadata::DATABASE.cache();
        if let Ok(mut guard) = cache.lock() {
            *guard = regex_cache::RegexCache::new(20_000);
        };
    });
}

/// Whether a raw number carries its own country code (`+44...`, `0044...`).
pub fn has_country_prefix(raw: &str) -> bool {
    let raw = raw.trim_start();
    raw.starts_with('+') || raw.starts_with("00")
}

/// Whether a number is written in the North American form: `(NXX) NXX-XXXX`, `NXX-NXX-XXXX`
/// or `NXX.NXX.XXXX` (one separator style throughout, or a space after the parentheses),
/// optionally after `1 ` or `1-`. Ten digits with that grouping are a NANP number's way of
/// being written; a bare run of ten digits is not told apart from other countries'.
pub fn north_american_form(raw: &str) -> bool {
    let s = raw.trim();
    let s = s
        .strip_prefix("1 ")
        .or_else(|| s.strip_prefix("1-"))
        .or_else(|| s.strip_prefix("1."))
        .unwrap_or(s);
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    let nxx = |t: &str| digits(t, 3) && !t.starts_with(['0', '1']);
    if let Some(rest) = s.strip_prefix('(') {
        let Some((area, rest)) = rest.split_once(')') else {
            return false;
        };
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let Some((exchange, line)) = rest.split_once(['-', '.', ' ']) else {
            return false;
        };
        return nxx(area) && nxx(exchange) && digits(line, 4);
    }
    for sep in ['-', '.', ' '] {
        let parts: Vec<&str> = s.split(sep).collect();
        if let [area, exchange, line] = parts[..] {
            return nxx(area) && nxx(exchange) && digits(line, 4);
        }
    }
    false
}

/// Returns the E.164 form and the line type (`mobile`, `fixed_line`, `voip`...).
pub fn canonical(raw: &str, region: Option<Id>) -> Result<(String, &'static str), CanonError> {
    enlarge_regex_cache();
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    if digits < 5 {
        return Err(CanonError::Phone {
            reason: "fewer than 5 digits".into(),
        });
    }
    let international = has_country_prefix(raw);
    if !international && region.is_none() {
        return Err(CanonError::Phone {
            reason: "no `+country` prefix and no region to assume (set a default region)".into(),
        });
    }
    let cleaned = raw.trim();
    let cleaned = cleaned
        .strip_prefix("00")
        .map(|r| format!("+{r}"))
        .unwrap_or(cleaned.to_string());
    let number =
        phonenumber::parse(if international { None } else { region }, &cleaned).map_err(|e| {
            CanonError::Phone {
                reason: e.to_string(),
            }
        })?;
    if !phonenumber::is_valid(&number) {
        return Err(CanonError::Phone {
            reason: "not a number in the national numbering plan".into(),
        });
    }
    let e164 = number.format().mode(phonenumber::Mode::E164).to_string();
    let line = match number.number_type(&phonenumber::metadata::DATABASE) {
        Type::Mobile => "mobile",
        Type::FixedLine => "fixed_line",
        Type::FixedLineOrMobile => "fixed_line_or_mobile",
        Type::Voip => "voip",
        Type::TollFree => "toll_free",
        Type::PersonalNumber => "personal",
        Type::Pager => "pager",
        Type::Uan => "uan",
        _ => "other",
    };
    Ok((e164, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(raw: &str, region: Option<&str>) -> String {
        let region = region.map(|r| super::region(r).expect("region"));
        match canonical(raw, region) {
            Ok((e164, line)) => format!("{e164} {line}"),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn the_north_american_form() {
        for yes in [
            "(929) 642-6966",
            "(929)642-6966",
            "929-642-6966",
            "929.642.6966",
            "929 642 6966",
            "1 929-642-6966",
        ] {
            assert!(north_american_form(yes), "{yes}");
        }
        for no in [
            "9296426966",
            "0176 51264029",
            "(029) 642-6966",
            "929-142-6966",
            "929-642.6966",
            "+1 929-642-6966",
            "020 7946 0958",
            "98765 43210",
        ] {
            assert!(!north_american_form(no), "{no}");
        }
    }

    #[test]
    fn national_formats_become_e164() {
        assert_eq!(
            c("(201) 555-0123", Some("US")),
            "+12015550123 fixed_line_or_mobile"
        );
        assert_eq!(
            c("+1 201-555-0123", None),
            "+12015550123 fixed_line_or_mobile"
        );
        assert_eq!(c("0044 7911 123456", None), "+447911123456 mobile");
        assert_eq!(c("07911 123456", Some("GB")), "+447911123456 mobile");
    }

    #[test]
    fn voip_ranges_are_reported() {
        // UK 056 and NL 085 are reserved for VoIP in the national plans.
        assert_eq!(c("+44 56 1234 5678", None), "+445612345678 voip");
        assert_eq!(c("+31 85 123 4567", None), "+31851234567 voip");
    }

    #[test]
    fn region_names_are_accepted() {
        assert_eq!(c("0612345678", Some("Netherlands")), "+31612345678 mobile");
    }

    #[test]
    fn rejects_bad_numbers() {
        assert!(c("12", Some("US")).starts_with("error: not a valid phone number: fewer"));
        assert!(c("555-0123", None).contains("no `+country` prefix"));
        assert!(c("+1 000 000 0000", None).starts_with("error"));
    }
}
