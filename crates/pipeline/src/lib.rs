//! The jobs unmask runs, composed from the other crates: ingest files into the store, analyse
//! what is stored, and turn the result into the export contract, an evaluation against ground
//! truth, an HTML report, or a STIX 2.1 bundle to share with an ISAC.
//!
//! This is the one place that opens files for ingest; it prints nothing and reports progress
//! through [`Progress`].

pub mod analyze;
pub mod config;
pub mod context;
pub mod detect;
pub mod enrichment;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod link;
pub mod neighbourhood;
pub mod owners;
pub mod pack;
pub mod report;
pub mod retro;
pub mod risk;
pub mod signals;
pub mod stix;

pub use config::Config;
pub use unmask_scoring as scoring;

use unmask_ingest::{IngestError, MappingError};
use unmask_model::canon::{CanonError, Canonicalizer};
use unmask_store::{Dataset, Store, StoreError};

/// Everything stored, with the ATS resources (Greenhouse applications, sources, users) folded
/// into the candidates they describe (`unmask_ingest::join_greenhouse`). Every job reads the
/// store through this, so each sees the same subjects whatever order the files came in.
pub fn load(store: &dyn Store) -> Result<Dataset, PipelineError> {
    let mut data = store.load()?;
    unmask_ingest::join_greenhouse(&mut data.subjects, &mut data.observations);
    Ok(data)
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error(transparent)]
    Scoring(#[from] unmask_scoring::ScoringError),
    #[error("cannot read `{path}`")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("config `{path}`: {message}")]
    Config { path: String, message: String },
    #[error("`{path}`: {message}")]
    Data { path: String, message: String },
    #[error("config `{path}`: benign entry {index} (`{label}`) has a value unmask cannot read")]
    BenignValue {
        path: String,
        index: usize,
        label: String,
        #[source]
        source: CanonError,
    },
    #[error("truth file `{path}` is not valid")]
    Truth {
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

/// Long-running steps report here; the CLI draws progress bars on stderr.
pub trait Progress {
    fn start(&self, _label: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// A [`Progress`] that shows nothing.
pub struct Silent;
impl Progress for Silent {}

/// The canonicaliser for this database and configuration.
pub fn canonicalizer(
    store: &mut dyn Store,
    config: &Config,
) -> Result<Canonicalizer, PipelineError> {
    let canon = Canonicalizer::new(store.hash_key()?);
    match &config.default_region {
        Some(region) => canon
            .with_default_region(region)
            .map_err(|e| PipelineError::Config {
                path: config.path.clone(),
                message: format!("`canon.default_region`: {e}"),
            }),
        None => Ok(canon),
    }
}
