//! Where a record came from: file, format and position, so every finding can cite its evidence.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// The file as the user named it.
    pub file: String,
    /// The format name used to read it (`greenhouse`, `payroll`, ...).
    pub format: String,
    /// 1-based line of the record, when the format is line-oriented or the line is known.
    pub line: Option<u64>,
    /// Byte offset of the record's start in the file.
    pub offset: Option<u64>,
}

impl Provenance {
    pub fn new(file: impl Into<String>, format: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            format: format.into(),
            line: None,
            offset: None,
        }
    }

    pub fn at(mut self, line: Option<u64>, offset: Option<u64>) -> Self {
        self.line = line;
        self.offset = offset;
        self
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        } else if let Some(offset) = self.offset {
            write!(f, " @byte {offset}")?;
        }
        write!(f, " ({})", self.format)
    }
}
