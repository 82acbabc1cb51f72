//! The `evtx` importer on SigmaHQ's regression logs (from `../shared/data/sigmahq`, skipped when
//! absent) and on damaged copies of one.

use super::canon;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use unmask_ingest::{parse_events, Format, IngestError, TelemetryReport};
use unmask_model::{Event, EventKind, LogSource};

fn regression_data() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sigmahq/regression_data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
}

/// Import `reader` as `evtx`: the events, and the report or the rejection.
fn import(
    name: &str,
    reader: impl Read + Seek,
) -> (Vec<Event>, Result<TelemetryReport, IngestError>) {
    let mut events = Vec::new();
    let mut sink = |e: Event| {
        events.push(e);
        Ok(())
    };
    let result = parse_events(&Format::Evtx, name, reader, &canon(), &mut sink);
    (events, result)
}

fn read(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    bytes
}

/// How many events a `.json` rendering next to an `.evtx` holds (concatenated JSON objects).
fn rendered_events(path: &Path) -> usize {
    let text = String::from_utf8(read(path)).expect("utf-8");
    serde_json::Deserializer::from_str(&text)
        .into_iter::<serde_json::Value>()
        .inspect(|v| assert!(v.is_ok(), "{}: {v:?}", path.display()))
        .count()
}

#[test]
fn regression_logs_give_as_many_events_as_their_json_renderings() {
    let Some(dir) = regression_data() else {
        return;
    };
    let mut evtx = Vec::new();
    files(&dir, "evtx", &mut evtx);
    assert!(evtx.len() >= 200, "found {} .evtx files", evtx.len());
    let mut total = 0;
    for path in &evtx {
        let file = std::fs::File::open(path).expect("open");
        let (events, result) = import(&path.display().to_string(), file);
        let report =
            result.unwrap_or_else(|e| panic!("{}: {e}: {:?}", path.display(), e.problems()));
        assert_eq!(
            report.skipped,
            0,
            "{}: {:?}",
            path.display(),
            report.warnings
        );
        assert_eq!(report.events as usize, events.len());
        let json = path.with_extension("json");
        if json.exists() {
            assert_eq!(events.len(), rendered_events(&json), "{}", path.display());
        }
        for e in &events {
            assert_eq!(e.logsource.product.as_deref(), Some("windows"));
            assert!(e.time.ends_with('Z') && e.time.len() >= 20, "{}", e.time);
            assert!(e.provenance.offset.is_some_and(|o| o >= 4096));
        }
        total += events.len();
    }
    eprintln!("{} files, {total} events", evtx.len());
}

#[test]
fn sysmon_process_creation_record() {
    let Some(dir) = regression_data() else {
        return;
    };
    let path = dir.join(
        "rules/windows/process_creation/proc_creation_win_findstr_recon_everyone/47e4bab7-c626-47dc-967b-255608c9a920.evtx",
    );
    let (events, result) = import("recon.evtx", std::fs::File::open(&path).expect("open"));
    result.expect("imports");
    assert_eq!(events.len(), 3);
    let e = events
        .iter()
        .find(|e| {
            e.fields
                .get("Image")
                .and_then(|i| i.as_str())
                .is_some_and(|i| i.ends_with("\\findstr.exe"))
        })
        .expect("findstr's process creation");
    assert_eq!(e.fields["EventID"], 1);
    assert_eq!(e.fields["OriginalFileName"], "FINDSTR.EXE");
    assert_eq!(
        e.logsource,
        LogSource {
            product: Some("windows".into()),
            category: Some("process_creation".into()),
            service: Some("sysmon".into()),
        }
    );
    assert_eq!(e.kind, EventKind::Endpoint);
    for field in [
        "Image",
        "CommandLine",
        "ParentImage",
        "User",
        "Hashes",
        "ProcessId",
    ] {
        assert!(
            e.fields.contains_key(field),
            "no {field}: {:?}",
            e.fields.keys()
        );
    }
    assert_eq!(e.fields["Channel"], "Microsoft-Windows-Sysmon/Operational");
    assert_eq!(e.fields["Provider_Name"], "Microsoft-Windows-Sysmon");
    let user = e.user.as_ref().expect("a user").expose();
    assert_eq!(*user, user.to_lowercase());
    assert_eq!(
        e.device.as_deref(),
        e.fields["Computer"]
            .as_str()
            .map(str::to_lowercase)
            .as_deref()
    );
    assert_eq!(e.provenance.format, "evtx");
}

/// The first regression log, in path order.
fn sample(dir: &Path) -> Vec<u8> {
    let mut evtx = Vec::new();
    files(dir, "evtx", &mut evtx);
    let path = evtx.first().expect("a regression log");
    read(path)
}

fn write_temp(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("damaged.evtx");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write");
    (dir, path)
}

#[test]
fn a_truncated_log_reports_the_partial_chunk() {
    let Some(dir) = regression_data() else {
        return;
    };
    let bytes = sample(&dir);
    let (_tmp, path) = write_temp(&bytes[..4096 + 20_000]);
    let (events, result) = import("damaged.evtx", std::fs::File::open(&path).expect("open"));
    let report = result.expect("the header is intact, so the file is read");
    assert!(events.is_empty());
    assert_eq!(report.skipped, 1);
    let w = &report.warnings[0];
    assert_eq!(w.offset, Some(4096));
    assert!(w.message.contains("truncated"), "{}", w.message);
}

#[test]
fn a_damaged_record_is_skipped_with_its_offset() {
    let Some(dir) = regression_data() else {
        return;
    };
    let mut bytes = sample(&dir);
    let (clean, _) = import("clean.evtx", std::io::Cursor::new(bytes.clone()));
    // Break the magic of the chunk's second record: the records before it still import.
    let first = clean[0].provenance.offset.expect("offset") as usize;
    let second = clean
        .get(1)
        .and_then(|e| e.provenance.offset)
        .map_or(first, |o| o as usize);
    bytes[second..second + 4].copy_from_slice(b"XXXX");
    let (_tmp, path) = write_temp(&bytes);
    let (events, result) = import("damaged.evtx", std::fs::File::open(&path).expect("open"));
    let report = result.expect("one bad record does not reject the file");
    assert!(
        events.len() < clean.len(),
        "{} of {}",
        events.len(),
        clean.len()
    );
    assert!(report.skipped >= 1);
    let w = &report.warnings[0];
    eprintln!("{w}");
    assert!(w.offset.is_some(), "{w}");
    assert!(!w.message.is_empty());
}

#[test]
fn garbage_everywhere_never_panics() {
    let Some(dir) = regression_data() else {
        return;
    };
    let clean = sample(&dir);
    // Overwrite spans of the chunk with a pattern, at many places: whatever the parser makes of
    // it, the import ends with a report or a rejection.
    for start in (4096 + 512..clean.len().min(4096 + 65536)).step_by(2_999) {
        let mut bytes = clean.clone();
        for (i, b) in bytes[start..(start + 64).min(clean.len())]
            .iter_mut()
            .enumerate()
        {
            *b = (i as u8).wrapping_mul(37);
        }
        let (_events, result) = import("fuzzed.evtx", std::io::Cursor::new(bytes));
        if let Err(e) = result {
            assert!(!e.problems().is_empty());
        }
    }
}

#[test]
fn a_file_that_is_not_evtx_is_rejected() {
    let (events, result) = import(
        "notes.evtx",
        std::io::Cursor::new(b"this is not an event log\n".repeat(400)),
    );
    assert!(events.is_empty());
    let err = result.expect_err("rejected");
    let problem = &err.problems()[0];
    assert!(
        problem.message.contains("not a Windows event log"),
        "{problem}"
    );
    assert_eq!(problem.offset, Some(0));
}

#[test]
fn evtx_is_not_read_whole() {
    let err = unmask_ingest::parse(&Format::Evtx, "x.evtx", &b"ElfFile\0"[..], &canon())
        .expect_err("telemetry formats stream");
    assert!(err.problems()[0].message.contains("parse_events"));
}
