//! Errors and the problems a load reports.

use std::fmt;
use std::path::PathBuf;

/// Where in a source a problem is: a CSV line, or an MMDB network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// 1-based line where the CSV record starts.
    Line(u64),
    /// The network whose record is at fault, as `address/prefix`.
    Network(String),
}

/// One row (or MMDB record) that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The source's name: its path for files, the caller's name for readers.
    pub file: String,
    pub position: Position,
    /// The column or record field at fault (`start_ip`, `asn`, `country.iso_code`, `row`...).
    pub field: &'static str,
    pub reason: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Position::Line(line) => write!(f, "{}:{line}: ", self.file)?,
            Position::Network(net) => write!(f, "{} (network `{net}`): ", self.file)?,
        }
        write!(f, "field `{}`: {}", self.field, self.reason)
    }
}

/// Why a file, or a whole load, failed. A failed load leaves the [`crate::GeoDb`] as it was.
#[derive(Debug, thiserror::Error)]
pub enum EnrichError {
    #[error("cannot read `{}`", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}` is larger than the limit of {limit} bytes", name)]
    TooLarge { name: String, limit: u64 },
    #[error("`{}` is neither a `.csv` nor a `.mmdb` file", path.display())]
    UnsupportedFile { path: PathBuf },
    #[error("{name}:{line}: cannot read the CSV record")]
    Csv {
        name: String,
        line: u64,
        #[source]
        source: csv::Error,
    },
    #[error("`{name}` is neither a country table (`start,end,country_code`) nor an ASN table (`start,end,asn,org`): {}", problems.first().map_or_else(|| "it has no rows".to_owned(), ToString::to_string))]
    UnknownTable {
        name: String,
        problems: Vec<RowProblem>,
    },
    #[error("`{name}` is not a readable MMDB database")]
    Mmdb {
        name: String,
        #[source]
        source: maxminddb::MaxMindDbError,
    },
    /// Strict mode: the source had malformed rows; `problems` holds the first
    /// [`crate::MAX_REPORTED_PROBLEMS`] of `count`.
    #[error("`{name}` has {count} malformed row(s), the first: {}", problems.first().map_or_else(String::new, ToString::to_string))]
    Malformed {
        name: String,
        count: usize,
        problems: Vec<RowProblem>,
    },
}
