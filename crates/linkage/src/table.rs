//! The engine's input: records as rows of named, possibly multi-valued columns.

/// Column-major records. A record's value list may be empty (missing) or hold several values
/// (a person with two phone numbers); comparisons take the best agreement over all value pairs.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub ids: Vec<String>,
    /// For linking two datasets: 0 for the first, 1 for the second. Empty means all 0.
    pub sources: Vec<u8>,
    pub columns: Vec<Column>,
}

/// One column, stored compactly: all values in one string, so a million records cost bytes
/// per value rather than two allocations per cell.
#[derive(Debug, Clone, Default)]
pub struct Column {
    pub name: String,
    data: String,
    /// End of each record's values in `data`; values inside a record are separated by US.
    ends: Vec<usize>,
}

const SEP: char = '\u{1f}';

impl Column {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            data: String::new(),
            ends: Vec::new(),
        }
    }

    /// A column from per-record value lists.
    pub fn from_rows(name: impl Into<String>, rows: &[Vec<String>]) -> Self {
        let mut c = Self::new(name);
        for r in rows {
            c.push(r.iter().map(String::as_str));
        }
        c
    }

    /// Append the next record's values; empty values are dropped.
    pub fn push<'a>(&mut self, values: impl IntoIterator<Item = &'a str>) {
        let start = self.data.len();
        for v in values {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            if self.data.len() > start {
                self.data.push(SEP);
            }
            // A separator inside a value would split it; such values are rare enough to clean.
            self.data
                .extend(v.chars().map(|c| if c == SEP { ' ' } else { c }));
        }
        self.ends.push(self.data.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The values of record `i`.
    pub fn values(&self, i: usize) -> impl Iterator<Item = &str> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let slice = &self.data[start..self.ends[i]];
        slice.split(SEP).filter(|v| !v.is_empty())
    }
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

    /// Record `i`'s values in column order, as [`crate::Linker::add`] takes them.
    pub fn record(&self, i: usize) -> Vec<Vec<String>> {
        self.columns
            .iter()
            .map(|c| c.values(i).map(str::to_string).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_valued_cells_round_trip() {
        let rows = vec![
            vec!["a".to_string(), "b".into()],
            vec![],
            vec!["".into(), " c ".into()],
        ];
        let c = Column::from_rows("x", &rows);
        assert_eq!(c.len(), 3);
        assert_eq!(c.values(0).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(c.values(1).count(), 0);
        assert_eq!(c.values(2).collect::<Vec<_>>(), ["c"]);
    }
}
