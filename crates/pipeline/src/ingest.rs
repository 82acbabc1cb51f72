//! Open a file, parse it with its format's adapter and commit it to the store in one
//! transaction. A file that fails to parse writes nothing; with `strict`, neither does a file
//! in which any value had to be skipped.

use crate::{PipelineError, Progress};
use sha2::{Digest, Sha256};
use std::io::Read;
use unmask_ingest::{Diagnostic, Format, IngestError, Level, NationalPhones};
use unmask_model::canon::Canonicalizer;
use unmask_store::{EventImport, ImportOutcome, Source, Store};

#[derive(Debug)]
pub struct IngestReport {
    pub file: String,
    pub format: &'static str,
    pub records: usize,
    pub outcome: ImportOutcome,
    /// Values skipped, each with file, line and field.
    pub warnings: Vec<Diagnostic>,
    /// Phone numbers written without `+country`, by how their country was found.
    pub national_phones: NationalPhones,
}

/// Hashes everything read through it, so the digest is of exactly the bytes parsed.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

pub fn ingest_file(
    store: &mut dyn Store,
    canon: &Canonicalizer,
    format: &Format,
    path: &str,
    strict: bool,
    progress: &dyn Progress,
) -> Result<IngestReport, PipelineError> {
    let io = |source| PipelineError::Io {
        path: path.to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        // A device, FIFO or process substitution: no size to trust and no second pass, so it is
        // read once into memory, capped (`/dev/zero` never ends).
        let mut bytes = Vec::new();
        file.take(MAX_NON_REGULAR + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_NON_REGULAR {
            return Err(IngestError::Rejected {
                file: path.to_string(),
                problems: vec![Diagnostic {
                    level: Level::Error,
                    file: path.to_string(),
                    line: None,
                    offset: Some(MAX_NON_REGULAR),
                    field: None,
                    message: format!(
                        "not a regular file, and longer than the {} MiB read from such input; save it to a file and import that",
                        MAX_NON_REGULAR >> 20
                    ),
                }],
            }
            .into());
        }
        let reader = std::io::Cursor::new(bytes);
        if format.is_telemetry() {
            return ingest_events(store, canon, format, path, reader, strict, progress);
        }
        return ingest_reader(store, canon, format, path, reader, strict, progress);
    }
    if format.is_telemetry() {
        return ingest_events(store, canon, format, path, file, strict, progress);
    }
    ingest_reader(store, canon, format, path, file, strict, progress)
}

/// Most read from input that is not a regular file (a pipe, a device): it is held in memory.
pub const MAX_NON_REGULAR: u64 = 256 << 20;

/// Stream a telemetry file into the store inside one transaction. Malformed records are skipped
/// and reported; with `strict`, any skipped record rejects the file and nothing is kept.
pub fn ingest_events(
    store: &mut dyn Store,
    canon: &Canonicalizer,
    format: &Format,
    name: &str,
    mut file: impl Read + std::io::Seek,
    strict: bool,
    progress: &dyn Progress,
) -> Result<IngestReport, PipelineError> {
    use std::io::SeekFrom;
    let io = |source| PipelineError::Io {
        path: name.to_string(),
        source,
    };
    // The digest first (a re-import of the same bytes is a no-op), then the events.
    let mut hashing = Hashing {
        inner: &mut file,
        hasher: Sha256::new(),
    };
    std::io::copy(&mut hashing, &mut std::io::sink()).map_err(io)?;
    let digest = hex::encode(hashing.hasher.finalize());
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    let source = Source {
        file: name.to_string(),
        format: format.name().to_string(),
        digest,
        records: 0,
    };
    let mut writer = match store.begin_events(&source)? {
        EventImport::AlreadyImported { file, imported_at } => {
            return Ok(IngestReport {
                file: name.to_string(),
                format: format.name(),
                records: 0,
                outcome: ImportOutcome::AlreadyImported { file, imported_at },
                warnings: Vec::new(),
                national_phones: NationalPhones::default(),
            })
        }
        EventImport::Writer(w) => w,
    };
    progress.start(&format!("reading {name}"), 0);
    let mut since_tick = 0u64;
    let report = unmask_ingest::parse_events(
        format,
        name,
        std::io::BufReader::with_capacity(1 << 16, file),
        canon,
        &mut |event| {
            since_tick += 1;
            if since_tick == 10_000 {
                progress.advance(since_tick);
                since_tick = 0;
            }
            writer.write(&event).map_err(|e| {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    message.push_str(&format!(": {s}"));
                    source = s.source();
                }
                message
            })
        },
    );
    progress.finish();
    let report = report?;
    if strict && report.skipped > 0 {
        return Err(strict_rejection(name, report.warnings));
    }
    let records = report.events + report.skipped;
    let (events, duplicates) = writer.commit(records)?;
    Ok(IngestReport {
        file: name.to_string(),
        format: format.name(),
        records: records as usize,
        outcome: ImportOutcome::ImportedEvents { events, duplicates },
        warnings: report.warnings,
        national_phones: NationalPhones::default(),
    })
}

pub fn ingest_reader(
    store: &mut dyn Store,
    canon: &Canonicalizer,
    format: &Format,
    name: &str,
    reader: impl Read,
    strict: bool,
    progress: &dyn Progress,
) -> Result<IngestReport, PipelineError> {
    progress.start(&format!("reading {name}"), 1);
    let mut hashing = Hashing {
        inner: reader,
        hasher: Sha256::new(),
    };
    let parsed = unmask_ingest::parse(format, name, &mut hashing, canon);
    progress.finish();
    let parsed = parsed?;
    if strict && !parsed.warnings.is_empty() {
        return Err(strict_rejection(name, parsed.warnings));
    }
    let digest = hex::encode(hashing.hasher.finalize());
    let source = Source {
        file: name.to_string(),
        format: format.name().to_string(),
        digest,
        records: parsed.records,
    };
    progress.start(&format!("storing {name}"), 1);
    let outcome = store.import(&source, &parsed.batch);
    progress.finish();
    Ok(IngestReport {
        file: name.to_string(),
        format: format.name(),
        records: parsed.records,
        outcome: outcome?,
        warnings: parsed.warnings,
        national_phones: parsed.national_phones,
    })
}

/// `--strict`: every skipped value or record becomes an error and the file is rejected.
fn strict_rejection(name: &str, warnings: Vec<Diagnostic>) -> PipelineError {
    let problems = warnings
        .into_iter()
        .map(|w| Diagnostic {
            level: Level::Error,
            message: format!(
                "{} (rejected by --strict)",
                w.message.trim_start_matches("value skipped: ")
            ),
            ..w
        })
        .collect();
    IngestError::Rejected {
        file: name.to_string(),
        problems,
    }
    .into()
}
