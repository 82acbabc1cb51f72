//! Event times in the forms the vendors write them, normalised to UTC.

use super::spec::TimeFormat;
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use serde_json::Value;

/// Numbers above this are milliseconds when the format is `auto` (10^11 s is the year 5138).
const MILLIS_ABOVE: f64 = 1e11;

pub(super) fn parse_time(v: &Value, format: TimeFormat) -> Result<DateTime<Utc>, &'static str> {
    let t = match (format, v) {
        (TimeFormat::Rfc3339, Value::String(s)) => rfc3339(s)?,
        (TimeFormat::Osquery, Value::String(s)) => calendar(s)?,
        (TimeFormat::EpochSeconds, _) => epoch(number(v)?, false)?,
        (TimeFormat::EpochMillis, _) => epoch(number(v)?, true)?,
        (TimeFormat::Auto, Value::String(s)) => match number(v) {
            Ok(n) => epoch(n, n.abs() >= MILLIS_ABOVE)?,
            Err(_) => rfc3339(s).or_else(|_| calendar(s))?,
        },
        (TimeFormat::Auto, Value::Number(_)) => {
            let n = number(v)?;
            epoch(n, n.abs() >= MILLIS_ABOVE)?
        }
        (TimeFormat::Rfc3339 | TimeFormat::Osquery, _) => return Err("expected a string"),
        (TimeFormat::Auto, _) => return Err("expected a string or a number"),
    };
    if !(1970..=9999).contains(&t.year()) {
        return Err("outside the years 1970 to 9999");
    }
    Ok(t)
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
        let t = |v: Value, f| parse_time(&v, f).map(|t| t.to_rfc3339());
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
        assert!(t(json!("yesterday"), TimeFormat::Auto).is_err());
        assert!(t(json!(1709294400123u64), TimeFormat::EpochSeconds).is_err());
        assert!(t(json!(true), TimeFormat::Auto).is_err());
        assert!(t(json!("2024-03-01T12:00:00"), TimeFormat::Rfc3339).is_err());
    }
}
