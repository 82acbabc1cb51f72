//! Reading a whole file as UTF-8 text, bounded, with encoding problems reported by offset.

use crate::{Diagnostic, IngestError, Level};
use std::io::Read;

/// Largest file accepted by the HR-data importers. Telemetry importers stream instead.
pub const MAX_FILE: u64 = 1 << 30;

pub fn read_text(file: &str, reader: impl Read) -> Result<String, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Read {
            file: file.to_string(),
            source,
        })?;
    let reject = |offset: Option<u64>, line: Option<u64>, message: String| IngestError::Rejected {
        file: file.to_string(),
        problems: vec![Diagnostic {
            level: Level::Error,
            file: file.to_string(),
            line,
            offset,
            field: None,
            message,
        }],
    };
    if bytes.len() as u64 > MAX_FILE {
        return Err(reject(
            None,
            None,
            format!("file is larger than the {} MiB limit", MAX_FILE >> 20),
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(reject(
            Some(0),
            None,
            "file is UTF-16 encoded; save it as UTF-8".into(),
        ));
    }
    let body = bytes
        .strip_prefix(&[0xEF, 0xBB, 0xBF][..])
        .unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = body[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
            Err(reject(
                Some(at as u64),
                Some(line),
                format!("invalid UTF-8 at byte {at}; save the file as UTF-8"),
            ))
        }
    }
}
