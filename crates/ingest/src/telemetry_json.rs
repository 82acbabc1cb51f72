//! Reading a JSON telemetry file through its mapping: the splitter hands out records with their
//! line, `serde_json` reads each, the mapping turns it into events for the sink.
//!
//! A record that is not JSON, too long, cut off or of the wrong shape is skipped with its line and
//! the reason. A file whose first [`PROBE`] records are all skipped, or that ends before any
//! record was usable, is not of the format at all and is rejected with those reasons; nothing has
//! reached the sink by then.

use crate::json::without_position;
use crate::json_stream::{Item, SplitError, Splitter, MAX_RECORD};
use crate::telemetry_map::{Builtin, Mapper, Skip};
use crate::{At, TelemetryContext};
use serde_json::Value;
use std::io::{BufReader, Read};

/// How many unusable records in a row, from the start, reject the file.
pub const PROBE: usize = 10;

/// A problem remembered until the file shows it is of the format.
struct Early {
    line: u64,
    offset: Option<u64>,
    field: String,
    message: String,
}

struct Run<'c, 'a, 's> {
    ctx: &'c mut TelemetryContext<'a, 's>,
    /// Some record gave an event (or legitimately none): the file is of the format.
    accepted: bool,
    early: Vec<Early>,
}

impl Run<'_, '_, '_> {
    fn skip(&mut self, line: u64, offset: Option<u64>, field: &str, message: String) {
        self.ctx.skip(
            At {
                line: Some(line),
                offset,
                field,
            },
            message.clone(),
        );
        if !self.accepted && self.early.len() < PROBE {
            self.early.push(Early {
                line,
                offset,
                field: field.to_string(),
                message,
            });
        }
    }

    /// Hand a mapped event to the sink, or note why the row gave none. False when reading
    /// should stop (the sink is done, or the file is rejected).
    fn deliver(
        &mut self,
        event: Result<unmask_model::Event, Skip>,
        line: u64,
        offset: u64,
    ) -> bool {
        match event {
            Ok(event) => {
                self.accepted = true;
                self.ctx.emit(event)
            }
            Err(Skip { field, message }) => {
                self.skip(line, Some(offset), &field, message);
                !self.reject_unless_accepted(false)
            }
        }
    }

    /// Reject the file if nothing so far shows it is of the format. Returns true if rejected.
    fn reject_unless_accepted(&mut self, ended: bool) -> bool {
        if self.accepted || self.early.is_empty() || (!ended && self.early.len() < PROBE) {
            return false;
        }
        let format = self.ctx.format;
        let what = if ended {
            "no record in it could be read".to_string()
        } else {
            format!("none of the first {PROBE} records could be read")
        };
        self.ctx.reject(
            At {
                line: None,
                offset: None,
                field: "",
            },
            format!("not in the `{format}` format: {what}"),
        );
        for e in std::mem::take(&mut self.early) {
            self.ctx.reject(
                At {
                    line: Some(e.line),
                    offset: e.offset,
                    field: &e.field,
                },
                e.message,
            );
        }
        true
    }
}

fn nowhere() -> At<'static> {
    At {
        line: None,
        offset: None,
        field: "",
    }
}

/// Stream `reader` through the built-in mapping into the context's sink.
pub fn stream(ctx: &mut TelemetryContext<'_, '_>, reader: impl Read, builtin: &Builtin) {
    let mapping = match builtin.get() {
        Ok(m) => m,
        Err(e) => {
            ctx.reject(nowhere(), format!("the built-in mapping is broken: {e}"));
            return;
        }
    };
    let mut splitter = Splitter::new(BufReader::with_capacity(1 << 16, reader), &mapping.envelope);
    let mut mapper = Mapper::new(mapping);
    let flat_ok = mapping.reads_flat();
    let mut run = Run {
        ctx,
        accepted: false,
        early: Vec::new(),
    };
    loop {
        let located = match splitter.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(SplitError::Utf16) => {
                run.ctx
                    .reject(nowhere(), "file is UTF-16 encoded; save it as UTF-8");
                return;
            }
            Err(SplitError::Io(e)) => {
                let line = splitter.line();
                run.ctx.reject(
                    At {
                        line: Some(line),
                        offset: None,
                        field: "",
                    },
                    format!("cannot read the file: {e}"),
                );
                return;
            }
        };
        let (line, offset) = (located.line, located.offset);
        // Records the mapping can read flat skip the tree; anything else (or any doubt) goes
        // the tree way below, which also words every error.
        if flat_ok {
            if let Item::Record(bytes) = &located.item {
                if let Ok(Some(flat)) = crate::telemetry_map::parse_flat(bytes) {
                    if mapper.flat_is_plain(&flat) {
                        let provenance = run.ctx.provenance(Some(line), Some(offset));
                        let event = mapper.event_flat(flat, run.ctx.canon, provenance);
                        if !run.deliver(event, line, offset) {
                            return;
                        }
                        continue;
                    }
                }
            }
        }
        let parsed = match located.item {
            Item::Record(bytes) => serde_json::from_slice::<Value>(bytes).map_err(|e| {
                let at = line + (e.line() as u64).saturating_sub(1);
                let what = if e.is_eof() {
                    "the record is cut off"
                } else {
                    "malformed JSON"
                };
                (at, format!("{what}: {}", without_position(&e)))
            }),
            Item::TooLarge(n) => Err((
                line,
                format!(
                    "the record is {n} bytes, more than the {} MiB limit",
                    MAX_RECORD >> 20
                ),
            )),
            Item::Truncated => Err((
                line,
                "the file ends inside this record (truncated file?)".to_string(),
            )),
            Item::Stray(b) => Err((line, format!("unexpected `{}` between records", b as char))),
        };
        let record = match parsed {
            Ok(v) => v,
            Err((at, message)) => {
                let offset = (at == line).then_some(offset);
                run.skip(at, offset, "", message);
                if run.reject_unless_accepted(false) {
                    return;
                }
                continue;
            }
        };
        let rows = match mapper.rows(record) {
            Ok(rows) => rows,
            Err(Skip { field, message }) => {
                run.skip(line, Some(offset), &field, message);
                if run.reject_unless_accepted(false) {
                    return;
                }
                continue;
            }
        };
        if rows.is_empty() {
            run.accepted = true;
        }
        for row in rows {
            let provenance = run.ctx.provenance(Some(line), Some(offset));
            let event = mapper.event(row, run.ctx.canon, provenance);
            if !run.deliver(event, line, offset) {
                return;
            }
        }
    }
    if let Some((path, example)) = mapper.assumed_utc.take() {
        run.ctx.note(
            &path,
            format!(
                "times without a zone, such as `{}`, were read as UTC",
                crate::json::shorten(&example)
            ),
        );
    }
    run.reject_unless_accepted(true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry_map::parse_flat;
    use unmask_model::canon::Canonicalizer;
    use unmask_model::Provenance;

    /// For every record of the Okta and GitHub fixtures, the demo world's sign-ins and code
    /// access, and some awkward shapes, the flat read gives exactly the event the tree gives.
    #[test]
    fn flat_and_tree_reads_give_the_same_events() {
        let world = unmask_synth::generate(1, 1);
        let file = |name: &str| {
            world
                .files()
                .into_iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.to_string())
                .unwrap_or_default()
        };
        let fixture = |name: &str| {
            std::fs::read_to_string(format!(
                "{}/tests/fixtures/telemetry/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap_or_default()
        };
        let awkward = [
            r#"{"published":"2025-01-01T00:00:00Z","eventType":"user.session.start","actor":{"alternateId":"A@x.example"},"client":{"ipAddress":null},"request":{"ipChain":[{"ip":"192.0.2.1"},{"ip":"192.0.2.2"}]},"target":[{"displayName":"x"},{}],"device":{}}"#,
            r#"{"published":"2025-01-01T00:00:00Z","eventType":"user.authentication.sso","actor":{"alternateId":"b"},"client":{"ipAddress":"198.51.100.3"},"device":{"id":["d1","d2"]}}"#,
            r#"{"published":"2025-01-01T00:00:00Z","eventType":"x","actor":{"alternateId":{"nested":1}},"client":{"ipAddress":"not an ip"}}"#,
            r#"{"published":"not a time","eventType":"user.session.start"}"#,
            r#"{"published":"2025-01-01T00:00:00Z","eventType":"user.session.start","a.b":1}"#,
        ]
        .join("\n");
        let canon = Canonicalizer::new([3; 32]);
        let mut flat_events = 0;
        for (builtin, text) in [
            (&crate::formats::okta::MAPPING, fixture("okta.jsonl")),
            (&crate::formats::okta::MAPPING, file("okta.jsonl")),
            (&crate::formats::okta::MAPPING, awkward),
            (
                &crate::formats::github_audit::MAPPING,
                fixture("github-audit.json"),
            ),
            (
                &crate::formats::github_audit::MAPPING,
                file("github-audit.jsonl"),
            ),
        ] {
            let mapping = builtin.get().expect("mapping");
            assert!(mapping.reads_flat());
            let mut tree_mapper = Mapper::new(mapping);
            let mut flat_mapper = Mapper::new(mapping);
            let mut splitter = Splitter::new(text.as_bytes(), &mapping.envelope);
            let mut records = 0;
            while let Ok(Some(located)) = splitter.next_record() {
                let Item::Record(bytes) = located.item else {
                    continue;
                };
                records += 1;
                let p = || Provenance::new("f", "t");
                let tree: Vec<Result<_, String>> =
                    match serde_json::from_slice::<Value>(bytes).map(|v| tree_mapper.rows(v)) {
                        Ok(Ok(rows)) => rows
                            .into_iter()
                            .map(|r| tree_mapper.event(r, &canon, p()).map_err(|s| s.message))
                            .collect(),
                        _ => continue,
                    };
                let Ok(Some(flat)) = parse_flat(bytes) else {
                    continue;
                };
                if !flat_mapper.flat_is_plain(&flat) {
                    continue;
                }
                let got = flat_mapper
                    .event_flat(flat, &canon, p())
                    .map_err(|s| s.message);
                assert_eq!(vec![got], tree, "{}", String::from_utf8_lossy(bytes));
                flat_events += 1;
            }
            assert!(records > 0);
        }
        assert!(flat_events > 10_000, "{flat_events} events compared");
    }
}
