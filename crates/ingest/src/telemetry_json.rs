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
            match mapper.event(row, run.ctx.canon, provenance) {
                Ok(event) => {
                    run.accepted = true;
                    if !run.ctx.emit(event) {
                        return;
                    }
                }
                Err(Skip { field, message }) => {
                    run.skip(line, Some(offset), &field, message);
                    if run.reject_unless_accepted(false) {
                        return;
                    }
                }
            }
        }
    }
    run.reject_unless_accepted(true);
}
