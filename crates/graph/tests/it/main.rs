//! Integration tests for the identity graph live in the pipeline and CLI crates, where records come from real importers.
