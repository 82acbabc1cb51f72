//! What a format parser hands back for one source, before it joins the database.
//!
//! A source is parsed whole into a [`Staged`] and merged only when it is accepted, so a source
//! that fails (strict mode, an unreadable file) leaves the database as it was.

use crate::error::RowProblem;
use crate::table::Row;
use crate::MAX_REPORTED_PROBLEMS;
use std::collections::HashMap;

/// An ISO 3166-1 alpha-2 code, upper-case ASCII.
pub(crate) type CountryCode = [u8; 2];

/// An AS number and the index of its organisation's name in [`crate::GeoDb`]'s name list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AsnValue {
    pub number: u32,
    pub org: u32,
}

impl AsnValue {
    /// `org` of a range whose organisation is unknown.
    pub const NO_ORG: u32 = u32::MAX;
}

/// Checks and normalises a country code: two ASCII letters, upper-cased. `Ok(None)` for `ZZ`,
/// the user-assigned code that DB-IP and others use for "unknown".
pub(crate) fn country_code(raw: &[u8]) -> Result<Option<CountryCode>, String> {
    let raw = raw.trim_ascii();
    match raw {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
            Ok((code != *b"ZZ").then_some(code))
        }
        _ => Err(format!(
            "`{}` is not a two-letter country code",
            String::from_utf8_lossy(raw)
        )),
    }
}

/// Organisation names, interned: each distinct name is stored once. The index map lives only
/// for one load; the database keeps the names alone.
pub(crate) struct Interner<'a> {
    existing: &'a [Box<str>],
    added: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
}

impl<'a> Interner<'a> {
    pub(crate) fn new(existing: &'a [Box<str>]) -> Self {
        let index = existing
            .iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), u32::try_from(i).unwrap_or(AsnValue::NO_ORG)))
            .collect();
        Self {
            existing,
            added: Vec::new(),
            index,
        }
    }

    /// The index of `name`; [`AsnValue::NO_ORG`] for an empty name (or past 4 billion names).
    pub(crate) fn intern(&mut self, name: &str) -> u32 {
        let name = name.trim();
        if name.is_empty() {
            return AsnValue::NO_ORG;
        }
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let Ok(i) = u32::try_from(self.existing.len() + self.added.len()) else {
            return AsnValue::NO_ORG;
        };
        if i == AsnValue::NO_ORG {
            return AsnValue::NO_ORG;
        }
        let name: Box<str> = name.into();
        self.added.push(name.clone());
        self.index.insert(name, i);
        i
    }

    /// The names added by this load, to append to the database's list.
    pub(crate) fn into_added(self) -> Vec<Box<str>> {
        self.added
    }
}

/// One source's rows, by table and family, with what was skipped.
#[derive(Default)]
pub(crate) struct Staged {
    pub country_v4: Vec<Row<u32, CountryCode>>,
    pub country_v6: Vec<Row<u128, CountryCode>>,
    pub asn_v4: Vec<Row<u32, AsnValue>>,
    pub asn_v6: Vec<Row<u128, AsnValue>>,
    /// The first [`MAX_REPORTED_PROBLEMS`] problems.
    pub problems: Vec<RowProblem>,
    /// Every malformed row (or MMDB network), reported or not.
    pub skipped: usize,
    /// Well-formed rows that say "unknown" (country `ZZ`, AS 0), left out.
    pub no_data: usize,
}

impl Staged {
    pub(crate) fn problem(&mut self, problem: RowProblem) {
        self.skipped += 1;
        if self.problems.len() < MAX_REPORTED_PROBLEMS {
            self.problems.push(problem);
        }
    }

    pub(crate) fn country_rows(&self) -> usize {
        self.country_v4.len() + self.country_v6.len()
    }

    pub(crate) fn asn_rows(&self) -> usize {
        self.asn_v4.len() + self.asn_v6.len()
    }
}
