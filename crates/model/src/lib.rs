//! The domain vocabulary of unmask: subjects, artifacts, observations, relations, events and
//! findings, plus the canonicalisers that turn raw values into comparable forms.
//!
//! Nothing here does I/O. Every other crate speaks in these types, so they stay small and plain.

pub mod canon;
mod finding;
pub mod intel;
mod provenance;
mod record;
mod sensitive;
pub mod text;

pub use finding::{Cluster, ClusterEdge, Evidence, Finding, Severity};
pub use intel::{Indicator, IndicatorKind, ListKind, Matcher, Network, WarningList};
pub use provenance::Provenance;
pub use record::{
    Artifact, ArtifactKind, Batch, Event, EventKind, LogSource, Observation, Relation,
    RelationKind, Subject, SubjectKind, SubjectRef, Target,
};
pub use sensitive::Sensitive;

/// A short, stable, non-cryptographic key (FNV-1a, 64 bit, as 16 hex characters) for records
/// that have no id of their own; the same parts always give the same key.
pub fn stable_key(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
