//! One module per vendor format, sharing the [`Context`] that collects records and problems.

pub mod devices;
pub mod entra;
pub mod evtx;
pub mod github_audit;
pub mod greenhouse;
pub mod greenhouse_join;
pub mod greenhouse_resources;
pub mod mapped;
pub mod misp;
pub mod okta;
pub mod osquery;
pub mod payroll;
pub mod references;
pub mod stix;
pub mod stix_pattern;
pub mod warninglist;

use crate::{Diagnostic, IngestError, Level, Parsed};
use unmask_model::canon::{has_country_prefix, CanonError, Canonicalizer, PhoneCountry};
use unmask_model::{text, Artifact, Observation, Provenance, SubjectRef};

/// At most this many problems are kept for one file; the count says how many more there were.
const MAX_PROBLEMS: usize = 200;

pub struct Context<'a> {
    pub file: &'a str,
    pub format: &'static str,
    pub canon: &'a Canonicalizer,
    pub parsed: Parsed,
    errors: Vec<Diagnostic>,
    dropped_errors: usize,
}

/// Where a value sits: line, byte offset and field path.
#[derive(Clone, Copy)]
pub struct At<'f> {
    pub line: Option<u64>,
    pub offset: Option<u64>,
    pub field: &'f str,
}

impl<'a> Context<'a> {
    pub fn new(file: &'a str, format: &'static str, canon: &'a Canonicalizer) -> Self {
        Self {
            file,
            format,
            canon,
            parsed: Parsed::default(),
            errors: Vec::new(),
            dropped_errors: 0,
        }
    }

    pub fn provenance(&self, line: Option<u64>, offset: Option<u64>) -> Provenance {
        Provenance::new(self.file, self.format).at(line, offset)
    }

    fn diagnostic(&self, level: Level, at: At<'_>, message: String) -> Diagnostic {
        Diagnostic {
            level,
            file: self.file.to_string(),
            line: at.line,
            offset: at.offset,
            field: (!at.field.is_empty()).then(|| at.field.to_string()),
            message,
        }
    }

    pub fn error(&mut self, at: At<'_>, message: impl Into<String>) {
        if self.errors.len() >= MAX_PROBLEMS {
            self.dropped_errors += 1;
            return;
        }
        let d = self.diagnostic(Level::Error, at, message.into());
        self.errors.push(d);
    }

    pub fn warn(&mut self, at: At<'_>, message: impl Into<String>) {
        let d = self.diagnostic(Level::Warning, at, message.into());
        self.parsed.warnings.push(d);
    }

    /// Record the outcome of canonicalising one value: an observation, nothing for an empty
    /// value, a warning for an unusable one, an error for an oversized one.
    pub fn observe(
        &mut self,
        subject: &SubjectRef,
        role: &str,
        at: At<'_>,
        result: Result<Artifact, CanonError>,
    ) {
        match result {
            Ok(artifact) => {
                let provenance = self.provenance(at.line, at.offset);
                self.parsed.batch.observations.push(Observation {
                    subject: subject.clone(),
                    artifact,
                    role: role.to_string(),
                    provenance,
                });
            }
            Err(CanonError::Empty) => {}
            Err(e @ CanonError::TooLong { .. }) => self.error(at, e.to_string()),
            Err(e) => self.warn(at, format!("value skipped: {e}")),
        }
    }

    /// Observe what one link says (see `Canonicalizer::link`): a profile, or the whole URL and,
    /// on a host its holder controls, the host as `web:<host>`.
    pub fn observe_link(&mut self, subject: &SubjectRef, role: &str, at: At<'_>, raw: &str) {
        match self.canon.link(raw) {
            Ok(artifacts) => {
                for artifact in artifacts {
                    self.observe(subject, role, at, Ok(artifact));
                }
            }
            Err(e) => self.observe(subject, role, at, Err(e)),
        }
    }

    /// Read a phone number in the first of `regions` (the record's own countries) where it is
    /// valid, then the default region, observe it and count how its country was found.
    pub fn observe_phone(
        &mut self,
        subject: &SubjectRef,
        role: &str,
        at: At<'_>,
        raw: &str,
        regions: &[&str],
    ) {
        let national = !raw.trim().is_empty() && !has_country_prefix(raw);
        let tally = &mut self.parsed.national_phones;
        let result = match self.canon.phone_in(raw, regions) {
            Ok((artifact, country)) => {
                match country {
                    PhoneCountry::Record => tally.from_record += 1,
                    PhoneCountry::Default => tally.from_default += 1,
                    PhoneCountry::Format => tally.from_format += 1,
                    PhoneCountry::Prefix => {}
                }
                Ok(artifact)
            }
            Err(e) => {
                if national && !matches!(e, CanonError::TooLong { .. }) {
                    tally.dropped += 1;
                }
                Err(e)
            }
        };
        self.observe(subject, role, at, result);
    }

    pub fn finish(mut self) -> Result<Parsed, IngestError> {
        self.clean_subjects();
        if self.errors.is_empty() {
            return Ok(self.parsed);
        }
        self.errors.sort_by_key(|d| (d.line, d.offset));
        if self.dropped_errors > 0 {
            let more = self.dropped_errors;
            self.errors.push(Diagnostic {
                level: Level::Error,
                file: self.file.to_string(),
                line: None,
                offset: None,
                field: None,
                message: format!("{more} more problems not shown"),
            });
        }
        Err(IngestError::Rejected {
            file: self.file.to_string(),
            problems: self.errors,
        })
    }
}

impl Context<'_> {
    /// Names and attributes are shown as written (terminal, report, web UI), so the characters
    /// that act instead of showing are dropped from them here, with a warning naming the field:
    /// control characters (a NUL, an `ESC` sequence; tab and line feed kept) and bidi controls
    /// (a U+202E right-to-left override makes `Ann Lee` read as `eeL nnA`). Canonical forms
    /// never held them.
    fn clean_subjects(&mut self) {
        let mut warnings = Vec::new();
        for subject in &mut self.parsed.batch.subjects {
            let (line, offset) = (subject.provenance.line, subject.provenance.offset);
            let mut note = |field: &str, removed: text::Removed| {
                warnings.push((line, offset, field.to_string(), removed));
            };
            let (name, removed) = text::clean(subject.name.expose());
            if removed.any() {
                let name = name.into_owned();
                note("name", removed);
                subject.name = name.into();
            }
            for (key, value) in &mut subject.attributes {
                let (cleaned, removed) = text::clean(value);
                if removed.any() {
                    let cleaned = cleaned.into_owned();
                    note(key, removed);
                    *value = cleaned;
                }
            }
        }
        for (line, offset, field, removed) in warnings {
            let count = |n: usize, what: &str| match n {
                0 => None,
                1 => Some(format!("1 {what}")),
                n => Some(format!("{n} {what}s")),
            };
            let what: Vec<String> = [
                count(removed.controls, "control character"),
                count(removed.bidi, "bidi control"),
            ]
            .into_iter()
            .flatten()
            .collect();
            self.warn(
                At {
                    line,
                    offset,
                    field: &field,
                },
                format!("removed {}", what.join(" and ")),
            );
        }
    }
}

/// `YYYY-MM-DD`, or an RFC 3339 time whose date part is that.
pub fn is_date(s: &str) -> bool {
    let d = s.get(..10).unwrap_or("");
    let b = d.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let shape = b.len() == 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    if !shape {
        return false;
    }
    let month: u32 = d[5..7].parse().unwrap_or(0);
    let day: u32 = d[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (s.len() == 10 || s.as_bytes()[10] == b'T' || s.as_bytes()[10] == b' ')
}
