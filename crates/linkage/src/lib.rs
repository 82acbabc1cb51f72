//! Linkage: which records belong to one actor.
//!
//! Today this is exact artifact reuse ([`reuse`]): canonical emails, phones, handles, bank
//! accounts, addresses and reference contacts shared by records under different names. The
//! probabilistic engine for near-reuse joins it here later.
//!
//! No I/O, no clocks, no randomness: the same records give the same findings and clusters.

mod benign;
pub mod reuse;
mod union_find;

pub use benign::{Benign, BenignEntry};
pub use reuse::{analyze, Analysis, Input};
