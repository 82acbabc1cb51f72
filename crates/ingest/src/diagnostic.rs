//! Problems found while reading a file, with where they are.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The file cannot be imported.
    Error,
    /// One value was skipped; the rest of the record was imported.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub file: String,
    pub line: Option<u64>,
    pub offset: Option<u64>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (self.line, self.offset) {
            (Some(line), _) => write!(f, ":{line}")?,
            (None, Some(offset)) => write!(f, " at byte {offset}")?,
            (None, None) => {}
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read `{file}`")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{file}` was not imported: {} problem{} found", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
    Rejected {
        file: String,
        problems: Vec<Diagnostic>,
    },
    /// The destination failed while events were streaming; nothing of the file was kept.
    #[error("`{file}` was not imported: {reason}")]
    Stopped { file: String, reason: String },
}

impl IngestError {
    /// Every problem, for printing one per line.
    pub fn problems(&self) -> &[Diagnostic] {
        match self {
            IngestError::Read { .. } | IngestError::Stopped { .. } => &[],
            IngestError::Rejected { problems, .. } => problems,
        }
    }
}
