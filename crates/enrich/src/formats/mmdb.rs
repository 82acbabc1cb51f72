//! MaxMind DB files, read with the `maxminddb` crate and flattened into range tables at load.
//!
//! Walking every network once at load (instead of keeping the reader and searching its tree per
//! lookup) lets one lookup path serve CSV and MMDB sources alike, lets sources of either format
//! be combined, and drops the file's bytes after the load. Records are decoded once per data
//! offset: most networks share a record (one per country).
//!
//! Record fields read, and ignored otherwise:
//! - `country_code` (ip-location-db), `country.iso_code` (MaxMind, DB-IP), else
//!   `registered_country.iso_code`; `country` may also be a bare code (IPinfo);
//! - `autonomous_system_number` and `autonomous_system_organization` (MaxMind, DB-IP,
//!   ip-location-db), or `asn` as `"AS13335"` and `as_name` (IPinfo).

use crate::error::{EnrichError, Position, RowProblem};
use crate::staged::{country_code, AsnValue, CountryCode, Interner, Staged};
use crate::table::Row;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;

#[derive(Deserialize, Default)]
struct Record {
    #[serde(default)]
    country_code: Option<String>,
    #[serde(default)]
    country: Option<CountryField>,
    #[serde(default)]
    registered_country: Option<CountryField>,
    #[serde(default)]
    autonomous_system_number: Option<u32>,
    #[serde(default)]
    autonomous_system_organization: Option<String>,
    #[serde(default)]
    asn: Option<String>,
    #[serde(default)]
    as_name: Option<String>,
}

/// `country` as a map holding `iso_code`, or as the code itself.
struct CountryField(Option<String>);

impl<'de> Deserialize<'de> for CountryField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CountryField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a country code or a map with `iso_code`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CountryField, E> {
                Ok(CountryField(Some(v.to_owned())))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CountryField, A::Error> {
                let mut code = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "iso_code" {
                        code = Some(map.next_value::<String>()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(CountryField(code))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A decoded record, reduced to what the tables keep.
#[derive(Clone, Copy, Default)]
struct Decoded {
    country: Option<CountryCode>,
    asn: Option<AsnValue>,
    /// The record said "unknown" (`ZZ`, AS 0) or nothing this crate reads.
    no_data: bool,
    /// The record could not be decoded or held a bad value; its networks are skipped.
    bad: bool,
}

fn decode(record: Record, orgs: &mut Interner<'_>) -> Result<Decoded, (&'static str, String)> {
    let (field, raw) = if let Some(code) = record.country_code {
        ("country_code", Some(code))
    } else if let Some(CountryField(Some(code))) = record.country {
        ("country.iso_code", Some(code))
    } else if let Some(CountryField(Some(code))) = record.registered_country {
        ("registered_country.iso_code", Some(code))
    } else {
        ("country", None)
    };
    let country = match raw {
        Some(code) => country_code(code.as_bytes()).map_err(|r| (field, r))?,
        None => None,
    };
    let number = match (record.autonomous_system_number, record.asn) {
        (Some(n), _) => Some(n),
        (None, Some(text)) => Some(
            text.strip_prefix("AS")
                .unwrap_or(&text)
                .parse::<u32>()
                .map_err(|_| ("asn", format!("`{text}` is not an AS number")))?,
        ),
        (None, None) => None,
    };
    let asn = number.filter(|&n| n != 0).map(|number| AsnValue {
        number,
        org: record
            .autonomous_system_organization
            .or(record.as_name)
            .map_or(AsnValue::NO_ORG, |name| orgs.intern(&name)),
    });
    Ok(Decoded {
        country,
        asn,
        no_data: country.is_none() && asn.is_none(),
        bad: false,
    })
}

/// Parses one MMDB file (its bytes) into `staged`.
pub(crate) fn parse(
    name: &str,
    bytes: Vec<u8>,
    orgs: &mut Interner<'_>,
    staged: &mut Staged,
) -> Result<(), EnrichError> {
    let fail = |source| EnrichError::Mmdb {
        name: name.to_owned(),
        source,
    };
    let reader = maxminddb::Reader::from_source(bytes).map_err(fail)?;
    let mut cache: HashMap<usize, Decoded> = HashMap::new();
    for item in reader.networks(Default::default()).map_err(fail)? {
        let item = item.map_err(fail)?;
        let Some(offset) = item.offset() else {
            continue;
        };
        let network = item.network().map_err(fail)?;
        let decoded = match cache.get(&offset) {
            Some(d) => *d,
            None => {
                let d = match item.decode::<Record>() {
                    Ok(record) => decode(record.unwrap_or_default(), orgs),
                    Err(e) => Err(("record", e.to_string())),
                };
                let d = d.unwrap_or_else(|(field, reason)| {
                    staged.problem(RowProblem {
                        file: name.to_owned(),
                        position: Position::Network(network.to_string()),
                        field,
                        reason,
                    });
                    // Counted once above; the record's other networks are skipped silently.
                    Decoded {
                        bad: true,
                        ..Decoded::default()
                    }
                });
                cache.insert(offset, d);
                d
            }
        };
        if decoded.bad {
            continue;
        }
        if decoded.no_data {
            staged.no_data += 1;
            continue;
        }
        let prefix = u32::from(network.prefix());
        match network.ip() {
            IpAddr::V4(ip) => {
                let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
                let start = ip.to_bits() & mask;
                let end = start | !mask;
                if let Some(value) = decoded.country {
                    staged.country_v4.push(Row { start, end, value });
                }
                if let Some(value) = decoded.asn {
                    staged.asn_v4.push(Row { start, end, value });
                }
            }
            IpAddr::V6(ip) => {
                let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
                let start = ip.to_bits() & mask;
                let end = start | !mask;
                if let Some(value) = decoded.country {
                    staged.country_v6.push(Row { start, end, value });
                }
                if let Some(value) = decoded.asn {
                    staged.asn_v6.push(Row { start, end, value });
                }
            }
        }
    }
    Ok(())
}
