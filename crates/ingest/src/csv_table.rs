//! CSV reading shared by the CSV formats: header checks, line numbers, field size limits.

use crate::formats::{At, Context};

/// Largest single CSV field, except columns allowed to hold long text.
pub const MAX_FIELD: usize = 64 * 1024;
pub const MAX_TEXT_FIELD: usize = 256 * 1024;

pub struct Table {
    headers: Vec<String>,
    pub rows: Vec<Row>,
}

pub struct Row {
    pub line: u64,
    pub offset: u64,
    fields: Vec<String>,
}

impl Row {
    pub fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|i| self.fields.get(i))
            .map_or("", |s| s.trim())
    }

    pub fn at<'f>(&self, field: &'f str) -> At<'f> {
        At {
            line: Some(self.line),
            offset: Some(self.offset),
            field,
        }
    }
}

impl Table {
    /// Index of a column, compared without case or surrounding spaces.
    pub fn column(&self, name: &str) -> Option<usize> {
        let want = name.trim().to_ascii_lowercase();
        self.headers
            .iter()
            .position(|h| h.trim().to_ascii_lowercase() == want)
    }
}

/// Read a CSV file; `required` columns must all be present. `long_text` columns may hold up to
/// [`MAX_TEXT_FIELD`] bytes. Problems go to `ctx`; `None` when the table is unusable.
pub fn read(
    ctx: &mut Context<'_>,
    text: &str,
    required: &[&str],
    long_text: &[&str],
) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            ctx.error(
                At {
                    line: Some(1),
                    offset: Some(0),
                    field: "",
                },
                format!("cannot read the header row: {e}"),
            );
            return None;
        }
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        ctx.error(
            At {
                line: Some(1),
                offset: Some(0),
                field: "",
            },
            "file is empty or has no header row",
        );
        return None;
    }
    let mut table = Table {
        headers,
        rows: Vec::new(),
    };
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| table.column(c).is_none())
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let found = table
            .headers
            .iter()
            .map(|c| format!("`{}`", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        ctx.error(
            At {
                line: Some(1),
                offset: Some(0),
                field: "",
            },
            format!(
                "missing required column{} {list} (found {found})",
                if missing.len() == 1 { "" } else { "s" }
            ),
        );
        return None;
    }
    let long: Vec<usize> = long_text.iter().filter_map(|c| table.column(c)).collect();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let (line, offset) = record.position().map_or((0, 0), |p| (p.line(), p.byte()));
                let row = Row {
                    line,
                    offset,
                    fields: record.iter().map(str::to_string).collect(),
                };
                let mut oversized = false;
                for (i, value) in row.fields.iter().enumerate() {
                    let limit = if long.contains(&i) {
                        MAX_TEXT_FIELD
                    } else {
                        MAX_FIELD
                    };
                    if value.len() > limit {
                        let name = table.headers.get(i).map_or("?", |h| h.trim());
                        ctx.error(
                            row.at(name),
                            format!(
                                "value is {} bytes, more than the {limit}-byte limit",
                                value.len()
                            ),
                        );
                        oversized = true;
                    }
                }
                if !oversized {
                    table.rows.push(row);
                }
            }
            Err(e) => {
                let (line, offset) = e
                    .position()
                    .map_or((None, None), |p| (Some(p.line()), Some(p.byte())));
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("row has {len} fields, the header has {expected_len}")
                    }
                    _ => format!("malformed CSV: {e}"),
                };
                ctx.error(
                    At {
                        line,
                        offset,
                        field: "",
                    },
                    message,
                );
            }
        }
    }
    Some(table)
}
