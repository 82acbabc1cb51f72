//! Open a file, parse it with its format's adapter and commit it to the store in one
//! transaction. A file that fails to parse writes nothing; with `strict`, neither does a file
//! in which any value had to be skipped.

use crate::{PipelineError, Progress};
use sha2::{Digest, Sha256};
use std::io::Read;
use unmask_ingest::{Diagnostic, Format, IngestError, Level};
use unmask_model::canon::Canonicalizer;
use unmask_store::{ImportOutcome, Source, Store};

#[derive(Debug)]
pub struct IngestReport {
    pub file: String,
    pub format: &'static str,
    pub records: usize,
    pub outcome: ImportOutcome,
    /// Values skipped, each with file, line and field.
    pub warnings: Vec<Diagnostic>,
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
    let file = std::fs::File::open(path).map_err(|source| PipelineError::Io {
        path: path.to_string(),
        source,
    })?;
    ingest_reader(store, canon, format, path, file, strict, progress)
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
        let problems = parsed
            .warnings
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
        return Err(IngestError::Rejected {
            file: name.to_string(),
            problems,
        }
        .into());
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
    })
}
