//! Persistence behind one [`Store`] trait. Only this crate contains SQL.
//!
//! [`SqliteStore`] is the embedded default: one file, schema migrations tracked in
//! `PRAGMA user_version`. The trait speaks in model types only, so a PostgreSQL store can be
//! added without touching callers; the schema in `migrations/` is kept to portable SQL for that.

mod sqlite;

pub use sqlite::SqliteStore;

use unmask_model::{
    Batch, Cluster, Event, Finding, Indicator, Observation, Relation, Subject, SubjectRef,
    WarningList,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database `{path}`")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database `{path}` has schema version {found}, newer than this unmask ({supported}); upgrade unmask")]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("database query failed while {doing}")]
    Query {
        doing: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("stored value in `{table}` is corrupt: {detail}")]
    Corrupt { table: &'static str, detail: String },
}

/// One file to import.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: String,
    pub format: String,
    /// SHA-256 of the file's bytes, hex.
    pub digest: String,
    pub records: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported {
        subjects: usize,
        observations: usize,
        relations: usize,
        indicators: usize,
        warninglists: usize,
        /// The import's id; [`Store::indicators_since`] with it gives what this import brought.
        source_id: i64,
    },
    /// A telemetry file: events written, and events already stored from an overlapping export.
    ImportedEvents { events: u64, duplicates: u64 },
    /// The same bytes in the same format were imported before; nothing was written.
    AlreadyImported { file: String, imported_at: String },
}

/// Everything analysis reads.
#[derive(Debug, Default)]
pub struct Dataset {
    pub subjects: Vec<Subject>,
    pub observations: Vec<Observation>,
    pub relations: Vec<Relation>,
    pub indicators: Vec<Indicator>,
    pub warninglists: Vec<WarningList>,
}

/// The result of one analysis run.
#[derive(Debug, Default, Clone)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub clusters: Vec<Cluster>,
    pub risk: Vec<(SubjectRef, u8)>,
}

#[derive(Debug, Clone)]
pub struct SourceRecord {
    pub file: String,
    pub format: String,
    pub records: u64,
    pub imported_at: String,
}

/// A telemetry import in progress: events are written as they stream in, inside one
/// transaction. Dropping the writer without [`EventWriter::commit`] keeps nothing.
pub trait EventWriter {
    fn write(&mut self, event: &Event) -> Result<(), StoreError>;
    /// Commit the whole file; `records` is how many source records were read. Returns the
    /// events written and the duplicates of events already stored (overlapping exports).
    fn commit(self: Box<Self>, records: u64) -> Result<(u64, u64), StoreError>;
}

pub enum EventImport<'s> {
    Writer(Box<dyn EventWriter + 's>),
    /// The same bytes in the same format were imported before; nothing will be written.
    AlreadyImported {
        file: String,
        imported_at: String,
    },
}

pub trait Store {
    /// The deployment's key for hashing bank accounts, created on first use.
    fn hash_key(&mut self) -> Result<[u8; 32], StoreError>;
    /// Write one file's records in one transaction: all or nothing. Re-importing records that
    /// exist (same subject ref, same artifact and role) changes nothing. A subject seen again
    /// takes the newer name and provenance; its attributes are merged (newer values win, keys
    /// only the older record had are kept).
    fn import(&mut self, source: &Source, batch: &Batch) -> Result<ImportOutcome, StoreError>;
    fn load(&self) -> Result<Dataset, StoreError>;
    /// Indicators written by the import with this source id or later ones (a retro-hunt's
    /// new intelligence).
    fn indicators_since(&self, source_id: i64) -> Result<Vec<Indicator>, StoreError>;
    /// Start importing one telemetry file.
    fn begin_events(&mut self, source: &Source) -> Result<EventImport<'_>, StoreError>;
    /// Every stored event in time order, one at a time (bounded memory); returns the count.
    fn events(
        &self,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError>;
    fn sources(&self) -> Result<Vec<SourceRecord>, StoreError>;
    /// Replace the stored analysis with this one.
    fn save_analysis(&mut self, analysis: &Analysis) -> Result<(), StoreError>;
    fn load_analysis(&self) -> Result<Analysis, StoreError>;
}
