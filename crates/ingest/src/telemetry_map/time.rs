//! Event times in the forms the vendors write them, normalised to UTC.

use super::spec::TimeFormat;
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use serde_json::Value;

/// Numbers above this are milliseconds when the format is `auto` (10^11 s is the year 5138).
const MILLIS_ABOVE: f64 = 1e11;

/// The time, and whether it was written without a zone and read as UTC (SIEM exports write
/// `2022-03-22 14:21:53.225`): the caller says so once per file.
pub(super) fn parse_time(
    v: &Value,
    format: TimeFormat,
) -> Result<(DateTime<Utc>, bool), &'static str> {
    if let (TimeFormat::Rfc3339 | TimeFormat::Auto, Value::String(s)) = (format, v) {
        if rfc3339(s).is_err() && number(v).is_err() {
            if let Some(t) = zoneless(s) {
                return in_range(t).map(|t| (t, true));
            }
        }
    }
    let t = match (format, v) {
        (TimeFormat::Rfc3339, Value::String(s)) => rfc3339(s)?,
        (TimeFormat::Osquery, Value::String(s)) => calendar(s)?,
        (TimeFormat::EpochSeconds, _) => epoch(number(v)?, false)?,
        (TimeFormat::EpochMillis, _) => epoch(number(v)?, true)?,
        (TimeFormat::Auto, Value::String(s)) => match number(v) {
            Ok(n) => epoch(n, n.abs() >= MILLIS_ABOVE)?,
            // Name every form `auto` reads, not the last one tried.
            Err(_) => rfc3339(s).or_else(|_| calendar(s)).map_err(|_| {
                "expected an RFC 3339 time such as `2024-03-01T12:00:00Z`, seconds or \
                 milliseconds since 1970, or a calendar time such as `Tue Jan 10 21:48:51 2017 UTC`"
            })?,
        },
        (TimeFormat::Auto, Value::Number(_)) => {
            let n = number(v)?;
            epoch(n, n.abs() >= MILLIS_ABOVE)?
        }
        (TimeFormat::Rfc3339 | TimeFormat::Osquery, _) => return Err("expected a string"),
        (TimeFormat::Auto, _) => return Err("expected a string or a number"),
    };
    in_range(t).map(|t| (t, false))
}

fn in_range(t: DateTime<Utc>) -> Result<DateTime<Utc>, &'static str> {
    if !(1970..=9999).contains(&t.year()) {
        return Err("outside the years 1970 to 9999");
    }
    Ok(t)
}

/// `2022-03-22 14:21:53.225` or `2022-03-22T14:21:53`: a date and time with no zone.
fn zoneless(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|t| t.and_utc())
}

fn rfc3339(s: &str) -> Result<DateTime<Utc>, &'static str> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| "expected an RFC 3339 time such as `2024-03-01T12:00:00Z`")
}

fn calendar(s: &str) -> Result<DateTime<Utc>, &'static str> {
    let s = s.trim();
    let s = s
        .strip_suffix(" UTC")
        .ok_or("expected osquery's calendar time such as `Tue Jan 10 21:48:51 2017 UTC`")?;
    NaiveDateTime::parse_from_str(s, "%a %b %e %H:%M:%S %Y")
        .map(|t| t.and_utc())
        .map_err(|_| "expected osquery's calendar time such as `Tue Jan 10 21:48:51 2017 UTC`")
}

fn number(v: &Value) -> Result<f64, &'static str> {
    let n = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    n.filter(|n| n.is_finite())
        .ok_or("expected a number of seconds or milliseconds since 1970")
}

fn epoch(n: f64, millis: bool) -> Result<DateTime<Utc>, &'static str> {
    let ms = if millis { n } else { n * 1000.0 };
    if !(-1e15..=1e15).contains(&ms) {
        return Err("out of range");
    }
    DateTime::from_timestamp_millis(ms.round() as i64).ok_or("out of range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn times() {
        let t = |v: Value, f| parse_time(&v, f).map(|(t, _)| t.to_rfc3339());
        assert_eq!(
            t(json!("Tue Jan 10 21:48:51 2017 UTC"), TimeFormat::Osquery).as_deref(),
            Ok("2017-01-10T21:48:51+00:00")
        );
        assert_eq!(
            t(json!("Tue Jan  3 01:02:03 2017 UTC"), TimeFormat::Auto).as_deref(),
            Ok("2017-01-03T01:02:03+00:00")
        );
        assert_eq!(
            t(json!(1709294400123u64), TimeFormat::Auto).as_deref(),
            Ok("2024-03-01T12:00:00.123+00:00")
        );
        assert_eq!(
            t(json!("1484084931"), TimeFormat::EpochSeconds).as_deref(),
            Ok("2017-01-10T21:48:51+00:00")
        );
        let auto = t(json!("yesterday"), TimeFormat::Auto).expect_err("not a time");
        assert!(
            auto.contains("RFC 3339") && auto.contains("since 1970"),
            "{auto}"
        );
        assert!(t(json!(1709294400123u64), TimeFormat::EpochSeconds).is_err());
        assert!(t(json!(true), TimeFormat::Auto).is_err());
        assert!(t(json!("2024-03-01 12:00"), TimeFormat::Rfc3339).is_err());
        assert!(t(json!("2024-03-01T12:00:00"), TimeFormat::Osquery).is_err());
    }

    #[test]
    fn a_time_without_a_zone_is_read_as_utc_and_said_so() {
        let t = |v: Value, f| parse_time(&v, f).map(|(t, assumed)| (t.to_rfc3339(), assumed));
        assert_eq!(
            t(json!("2022-03-22 14:21:53.225"), TimeFormat::Rfc3339),
            Ok(("2022-03-22T14:21:53.225+00:00".to_string(), true))
        );
        assert_eq!(
            t(json!("2024-03-01T12:00:00"), TimeFormat::Auto),
            Ok(("2024-03-01T12:00:00+00:00".to_string(), true))
        );
        assert_eq!(
            t(json!("2024-03-01T12:00:00Z"), TimeFormat::Rfc3339),
            Ok(("2024-03-01T12:00:00+00:00".to_string(), false))
        );
    }
}
