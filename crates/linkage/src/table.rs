//! The engine's input: records as rows of named, possibly multi-valued columns.

/// Column-major records. A value list may be empty (missing) or hold several values (a person
/// with two phone numbers); comparisons take the best agreement over all value pairs.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub ids: Vec<String>,
    /// For linking two datasets: 0 for the first, 1 for the second. Empty means all 0.
    pub sources: Vec<u8>,
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub values: Vec<Vec<String>>,
}

impl Table {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn source(&self, i: usize) -> u8 {
        self.sources.get(i).copied().unwrap_or(0)
    }
}
