//! One module per source format; each parses a whole source into a `Staged`.

pub(crate) mod csv;
pub(crate) mod mmdb;
