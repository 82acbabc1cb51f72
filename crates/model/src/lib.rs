//! The domain vocabulary of unmask: subjects, artifacts, observations, relations, events and
//! findings, plus the canonicalisers that turn raw values into comparable forms.
//!
//! Nothing here does I/O. Every other crate speaks in these types, so they stay small and plain.

pub mod canon;
mod finding;
mod provenance;
mod record;
mod sensitive;

pub use finding::{Evidence, Finding, Severity};
pub use provenance::Provenance;
pub use record::{
    Artifact, ArtifactKind, Batch, Event, EventKind, Observation, Relation, RelationKind, Subject,
    SubjectKind, SubjectRef, Target,
};
pub use sensitive::Sensitive;
