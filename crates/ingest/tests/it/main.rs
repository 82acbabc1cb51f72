//! Integration tests for every importer: fixtures that must import, and bad input that must be
//! rejected with a message naming file, line or offset, and field. Outputs are snapshot-checked.

use std::fmt::Write;
use std::io::Cursor;
use unmask_ingest::{parse, parse_events, Format, Mapping};
use unmask_model::canon::Canonicalizer;
use unmask_model::{Event, Target};

fn canon() -> Canonicalizer {
    Canonicalizer::new([7u8; 32])
        .with_default_region("US")
        .expect("US is a region")
}

#[allow(
    clippy::disallowed_methods,
    reason = "fixtures are small files that ship with the tests"
)]
fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// Parse `input` as `format` and render what came out, or every problem reported.
fn render(format: &Format, file: &str, input: &[u8]) -> String {
    let mut out = String::new();
    match parse(format, file, input, &canon()) {
        Ok(parsed) => {
            let b = &parsed.batch;
            let _ = writeln!(out, "records: {}", parsed.records);
            for s in &b.subjects {
                let _ = writeln!(
                    out,
                    "subject {} {} {:?} at {}",
                    s.id,
                    s.kind.as_str(),
                    s.attributes,
                    s.provenance
                );
            }
            for o in &b.observations {
                let _ = writeln!(
                    out,
                    "  {} {} [{}] {} {:?} ({})",
                    o.subject,
                    o.artifact.kind,
                    o.role,
                    o.artifact.masked,
                    o.artifact.detail,
                    o.provenance.line.map_or("-".into(), |l| l.to_string())
                );
            }
            for r in &b.relations {
                let to = match &r.to {
                    Target::Subject(s) => s.to_string(),
                    Target::Holder { kind, .. } => format!("holder of {kind}"),
                };
                let _ = writeln!(out, "relation {} {} {}", r.from, r.kind.as_str(), to);
            }
            for i in &b.indicators {
                let _ = writeln!(
                    out,
                    "indicator {} {} {} `{}` ({}) confidence {} valid {}..{} at {}",
                    i.id,
                    i.kind,
                    i.matcher.op(),
                    i.matcher.value(),
                    i.masked,
                    i.confidence.map_or("-".into(), |c| c.to_string()),
                    i.valid_from.as_deref().unwrap_or("-"),
                    i.valid_until.as_deref().unwrap_or("-"),
                    i.provenance
                );
                let _ = writeln!(out, "  source: {}", i.source);
                let _ = writeln!(out, "  description: {}", i.description);
            }
            for l in &b.warninglists {
                let _ = writeln!(
                    out,
                    "warninglist {:?} version {:?} {} for {:?} at {}",
                    l.name,
                    l.version,
                    l.kind.as_str(),
                    l.matching_attributes,
                    l.provenance
                );
                let _ = writeln!(out, "  description: {}", l.description);
                let _ = writeln!(out, "  entries: {:?}", l.entries);
            }
            for w in &parsed.warnings {
                let _ = writeln!(out, "warning: {w}");
            }
        }
        Err(e) => {
            let _ = writeln!(out, "error: {e}");
            for p in e.problems() {
                let _ = writeln!(out, "  {p}");
            }
        }
    }
    out
}

fn mapping() -> Format {
    let text = String::from_utf8(fixture("workday-mapping.toml")).expect("utf-8");
    Format::Csv(Box::new(
        Mapping::from_toml("workday-mapping.toml", &text).expect("valid mapping"),
    ))
}

/// Stream `input` as a telemetry `format` and collect the events, or every problem reported.
fn events(format: &Format, file: &str, input: &[u8]) -> (Vec<Event>, String) {
    let mut got = Vec::new();
    let mut sink = |e: Event| {
        got.push(e);
        Ok(())
    };
    let mut out = String::new();
    match parse_events(format, file, Cursor::new(input), &canon(), &mut sink) {
        Ok(report) => {
            let _ = writeln!(
                out,
                "events: {}, skipped: {}",
                report.events, report.skipped
            );
            for w in &report.warnings {
                let _ = writeln!(out, "warning: {w}");
            }
        }
        Err(e) => {
            let _ = writeln!(out, "error: {e}");
            for p in e.problems() {
                let _ = writeln!(out, "  {p}");
            }
        }
    }
    (got, out)
}

/// One normalised event, every field on its own line.
fn render_event(e: &Event) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} [{}] at {}",
        e.kind.as_str(),
        e.time,
        e.logsource,
        e.provenance
    );
    let _ = writeln!(
        out,
        "  user: {}, device: {}, ip: {}",
        e.user.as_ref().map_or("-", |u| u.expose().as_str()),
        e.device.as_deref().unwrap_or("-"),
        e.ip.as_deref().unwrap_or("-")
    );
    for (k, v) in &e.fields {
        let _ = writeln!(out, "  {k} = {v}");
    }
    out
}

/// Stream `input` and render every event and the report, for snapshots.
fn render_events(format: &Format, file: &str, input: &[u8]) -> String {
    let (got, report) = events(format, file, input);
    let mut out = String::new();
    for e in &got {
        out.push_str(&render_event(e));
    }
    out.push_str(&report);
    out
}

/// The same events, wherever they were read from.
fn without_provenance(mut events: Vec<Event>) -> Vec<Event> {
    for e in &mut events {
        e.provenance.line = None;
        e.provenance.offset = None;
        e.provenance.file = String::new();
    }
    events
}

/// JSON lines to a pretty JSON array of the same records.
fn lines_to_array(lines: &[u8]) -> Vec<u8> {
    let records: Vec<serde_json::Value> = std::str::from_utf8(lines)
        .expect("utf-8")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    serde_json::to_vec_pretty(&records).expect("serialises")
}

/// A JSON array to JSON lines.
fn array_to_lines(array: &[u8]) -> Vec<u8> {
    let records: Vec<serde_json::Value> = serde_json::from_slice(array).expect("an array");
    let mut out = Vec::new();
    for r in records {
        out.extend(serde_json::to_vec(&r).expect("serialises"));
        out.push(b'\n');
    }
    out
}

mod devices;
mod entra;
mod evtx;
mod github_audit;
mod greenhouse;
mod mapped;
mod misp;
mod okta;
mod osquery;
mod payroll;
mod real;
mod references;
mod stix;
mod telemetry;
mod warninglist;
