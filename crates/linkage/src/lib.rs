//! Linkage: which records belong to one actor.
//!
//! Two engines live here:
//! - [`reuse`]: exact reuse of canonical artifacts (emails, phones, handles, bank accounts,
//!   addresses, reference contacts) under different names, with findings that explain it;
//! - the probabilistic linker ([`Linker`]): Fellegi-Sunter match weights estimated without
//!   labels, term-frequency adjusted, over candidate pairs from several blocking rules, clustered
//!   without chaining through weak edges, and able to link new records incrementally. It works
//!   on any [`Table`], which is what `unmask link` exposes.
//!
//! No I/O and no async. Given the same input and seed, the output is the same.

mod benign;
mod blocking;
mod cluster;
pub mod compare;
pub mod hubs;
mod linker;
mod model;
pub mod persona;
mod prepared;
pub mod reuse;
mod settings;
mod table;
mod union_find;

pub use benign::{Benign, BenignEntry};
pub use blocking::BlockingStats;
pub use linker::{Linker, ScoredPair, REPORT_FLOOR};
pub use model::{
    probability, ComparisonModel, Estimation, Model, M_FLOOR_DISAGREE, M_FLOOR_PARTIAL,
};
pub use prepared::TableError;
pub use reuse::{analyze, Analysis, Input};
pub use settings::{BlockingRule, ComparisonSpec, LinkType, Settings, TfLevels};
pub use table::{Column, Table};
pub use union_find::UnionFind;
