//! What every JSON telemetry importer shares: malformed input, limits, streaming.

use super::*;
use std::cell::Cell;
use std::io::{Read, Seek, SeekFrom, Write as _};
use unmask_ingest::IngestError;

const ALL: [Format; 4] = [
    Format::Okta,
    Format::Entra,
    Format::GithubAudit,
    Format::Osquery,
];

#[test]
fn a_non_json_file_is_rejected() {
    let text = "Date,User,Action\n2026-03-02,jane,login\n2026-03-02,sam,logout\n";
    insta::assert_snapshot!(render_events(&Format::Okta, "export.csv", text.as_bytes()));
}

#[test]
fn json_of_another_format_is_rejected_after_the_probe() {
    // Eleven GitHub audit events read as Okta: none has `published`.
    let line = r#"{"@timestamp": 1772460000000, "action": "git.clone", "actor": "jane-doe"}"#;
    let input = [line; 11].join("\n");
    let (got, report) = events(&Format::Okta, "audit.jsonl", input.as_bytes());
    assert!(got.is_empty());
    insta::assert_snapshot!(report);
}

#[test]
fn every_format_rejects_utf16_and_accepts_an_empty_file() {
    for format in &ALL {
        let (_, report) = events(format, "u16.json", &[0xFF, 0xFE, b'[', 0, b']', 0]);
        assert_eq!(
            report,
            "error: `u16.json` was not imported: 1 problem found\n  u16.json: file is UTF-16 encoded; save it as UTF-8\n",
            "{}",
            format.name()
        );
        let (_, report) = events(format, "empty.json", b"\n\n");
        assert_eq!(report, "events: 0, skipped: 0\n", "{}", format.name());
        let (_, report) = events(format, "empty.json", b"[]");
        assert_eq!(report, "events: 0, skipped: 0\n", "{}", format.name());
    }
}

#[test]
fn a_huge_line_is_skipped_and_the_rest_kept() {
    let good = r#"{"@timestamp": 1772460000000, "action": "git.clone", "actor": "jane-doe"}"#;
    let huge = format!(
        r#"{{"@timestamp": 1772460000000, "action": "git.clone", "actor": "{}"}}"#,
        "x".repeat(3 << 20)
    );
    let input = format!("{good}\n{huge}\n{good}\n");
    let (got, report) = events(&Format::GithubAudit, "audit.jsonl", input.as_bytes());
    assert_eq!(got.len(), 2);
    assert_eq!(
        report,
        format!(
            "events: 2, skipped: 1\nwarning: audit.jsonl:2: the record is {} bytes, more than the 1 MiB limit\n",
            huge.len()
        )
    );
    // The same inside an array.
    let input = format!("[{good},\n{huge},\n{good}]");
    let (got, report) = events(&Format::GithubAudit, "audit.json", input.as_bytes());
    assert_eq!(got.len(), 2);
    let expected = format!("audit.json:2: the record is {} bytes", huge.len());
    assert!(report.contains(&expected), "{report}");
}

#[test]
fn a_truncated_array_keeps_what_came_before() {
    let array = fixture("telemetry/github-audit.json");
    let cut = &array[..array.len() - 200];
    insta::assert_snapshot!(
        events(&Format::GithubAudit, "cut.json", cut).1,
        @r"
    events: 5, skipped: 1
    warning: cut.json:112: the file ends inside this record (truncated file?)
    "
    );
}

#[test]
fn a_failing_sink_stops_the_import() {
    let mut calls = 0;
    let mut sink = |_e: Event| {
        calls += 1;
        Err("disk full".to_string())
    };
    let result = parse_events(
        &Format::Okta,
        "okta.jsonl",
        Cursor::new(fixture("telemetry/okta.jsonl")),
        &canon(),
        &mut sink,
    );
    assert_eq!(calls, 1);
    match result {
        Err(IngestError::Stopped { reason, .. }) => assert_eq!(reason, "disk full"),
        other => panic!("expected a stop, got {other:?}"),
    }
}

#[test]
fn telemetry_formats_are_not_read_whole() {
    for format in &ALL {
        assert!(format.is_telemetry());
        assert_eq!(
            Format::builtin(format.name()).map(|f| f.name()),
            Some(format.name())
        );
        let out = render(format, "x.json", b"[]");
        assert!(out.contains("is a telemetry format"), "{out}");
    }
}

#[test]
fn garbage_never_panics() {
    for (format, name) in [
        (Format::Okta, "okta.jsonl"),
        (Format::Entra, "entra-signins.json"),
        (Format::GithubAudit, "github-audit.json"),
        (Format::Osquery, "osquery.log"),
    ] {
        let data = fixture(&format!("telemetry/{name}"));
        for end in (0..data.len()).step_by(97) {
            let _ = events(&format, "prefix", &data[..end]);
        }
        for seed in 0u32..100 {
            let bytes: Vec<u8> = (0..96)
                .map(|i| (seed.wrapping_mul(2654435761).wrapping_add(i * 97) >> 7) as u8)
                .collect();
            let _ = events(&format, "noise", &bytes);
            let mut braces = bytes.clone();
            for (i, b) in braces.iter_mut().enumerate() {
                const ALPHABET: &[u8] = b"{}[]\",:\\\n a1";
                *b = ALPHABET[(*b as usize + i) % ALPHABET.len()];
            }
            let _ = events(&format, "braces", &braces);
        }
    }
}

/// A reader that counts the bytes it has handed out.
struct Counting<'c, R> {
    inner: R,
    read: &'c Cell<u64>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[test]
fn a_large_file_streams_in_bounded_memory() {
    const EVENTS: u64 = 200_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("audit.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    for i in 0..EVENTS {
        writeln!(
            file,
            r#"{{"@timestamp": {}, "action": "git.clone", "actor": "user-{}", "actor_ip": "198.51.100.{}", "repo": "acme-example/r{}"}}"#,
            1772460000000 + i * 1000,
            i % 500,
            i % 250,
            i % 40
        )
        .expect("write");
    }
    file.flush().expect("flush");
    drop(file);
    let total = std::fs::metadata(&path).expect("metadata").len();

    let read = Cell::new(0u64);
    let reader = Counting {
        inner: std::fs::File::open(&path).expect("open"),
        read: &read,
    };
    let mut seen = 0u64;
    let mut first_at = None;
    let mut half_at = None;
    let mut sink = |e: Event| {
        seen += 1;
        if seen == 1 {
            first_at = Some(read.get());
        }
        if seen == EVENTS / 2 {
            half_at = Some(read.get());
        }
        assert_eq!(e.kind.as_str(), "code_access");
        Ok(())
    };
    let report = parse_events(
        &Format::GithubAudit,
        "audit.jsonl",
        reader,
        &canon(),
        &mut sink,
    )
    .expect("imports");
    assert_eq!((report.events, report.skipped), (EVENTS, 0));
    assert_eq!(read.get(), total);
    // Events reach the sink while the file is read, not after it was collected whole.
    let first_at = first_at.expect("first event");
    let half_at = half_at.expect("half-way event");
    assert!(
        first_at <= 1 << 17,
        "first event after {first_at} of {total} bytes"
    );
    assert!(
        half_at <= total / 2 + (1 << 17),
        "half the events after {half_at} of {total} bytes"
    );
}
