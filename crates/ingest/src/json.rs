//! JSON reading shared by the threat-intelligence formats: typed parts of a document with their
//! line, and serde errors turned into a field path and an absolute line.
//!
//! Each format first reads its envelope with the interesting parts left as borrowed
//! [`RawValue`]s, then reads each part on its own. A part's byte offset in the file is where its
//! text starts, so every record keeps its line and one bad record does not hide the others.

use crate::formats::{At, Context};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// Byte offsets of line starts, for any number of lookups in any order.
pub struct Lines {
    newlines: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        Self {
            newlines: text
                .bytes()
                .enumerate()
                .filter_map(|(i, b)| (b == b'\n').then_some(i))
                .collect(),
        }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u64 {
        self.newlines.partition_point(|&n| n < offset) as u64 + 1
    }
}

/// Where a part borrowed from `text` starts in it.
pub fn offset_of(text: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// serde_json's message without its own position, which is relative to one part; ours is
/// absolute.
pub fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string()
}

/// For `#[serde(deserialize_with)]`: `null` reads as the default (an empty list).
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A value quoted in a message, cut to a readable length.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &s[..cut]),
        None => s.to_string(),
    }
}

/// `prefix` joined with serde_path_to_error's path (`.` for the value itself).
pub fn field_path(prefix: &str, path: &str) -> String {
    match (prefix, path) {
        (p, ".") => p.to_string(),
        ("", p) => p.to_string(),
        (p, rest) if rest.starts_with('[') => format!("{p}{rest}"),
        (p, rest) => format!("{p}.{rest}"),
    }
}

/// One part of `text`, and what reading it needs to report problems.
#[derive(Clone, Copy)]
pub struct Part<'a> {
    pub raw: &'a RawValue,
    pub offset: usize,
    pub line: u64,
}

impl<'a> Part<'a> {
    pub fn new(text: &str, lines: &Lines, raw: &'a RawValue) -> Self {
        let offset = offset_of(text, raw);
        Self {
            raw,
            offset,
            line: lines.line_of(offset),
        }
    }

    /// Where the part starts, naming `field`.
    pub fn at<'f>(&self, field: &'f str) -> At<'f> {
        At {
            line: Some(self.line),
            offset: Some(self.offset as u64),
            field,
        }
    }

    /// Read the part as `T`; a wrong or missing field is an error naming `prefix.path`.
    pub fn read<T: Deserialize<'a>>(&self, ctx: &mut Context<'_>, prefix: &str) -> Option<T> {
        read_record(ctx, self.raw.get().as_bytes(), self.line, prefix, true)
    }
}

/// Read one record that starts on `line` as `T`. With `report`, a wrong or missing field is an
/// error naming `prefix.path` and the line it is on; without, it is only `None`.
pub fn read_record<'a, T: Deserialize<'a>>(
    ctx: &mut Context<'_>,
    bytes: &'a [u8],
    line: u64,
    prefix: &str,
    report: bool,
) -> Option<T> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(de) {
        Ok(v) => Some(v),
        Err(e) if report => {
            let field = field_path(prefix, &e.path().to_string());
            let inner = e.into_inner();
            ctx.error(
                At {
                    line: Some(line + (inner.line() as u64).saturating_sub(1)),
                    offset: None,
                    field: &field,
                },
                without_position(&inner),
            );
            None
        }
        Err(_) => None,
    }
}

/// Read a whole document's envelope; malformed JSON or a wrong shape is an error with its line
/// and field path.
pub fn read_envelope<'a, T: Deserialize<'a>>(ctx: &mut Context<'_>, text: &'a str) -> Option<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => v,
        Err(e) => {
            let field = field_path("", &e.path().to_string());
            envelope_error(ctx, &field, &e.into_inner());
            return None;
        }
    };
    // Data after the document is as broken as a truncated one.
    if let Err(e) = de.end() {
        envelope_error(ctx, "", &e);
        return None;
    }
    Some(value)
}

fn envelope_error(ctx: &mut Context<'_>, field: &str, e: &serde_json::Error) {
    let message = if e.is_eof() {
        format!("malformed JSON: {} (truncated file?)", without_position(e))
    } else if e.is_syntax() {
        format!("malformed JSON: {}", without_position(e))
    } else {
        without_position(e)
    };
    ctx.error(
        At {
            line: Some(e.line() as u64),
            offset: None,
            field,
        },
        message,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_paths() {
        let lines = Lines::new("a\nb\n\nc");
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(1), 1);
        assert_eq!(lines.line_of(2), 2);
        assert_eq!(lines.line_of(5), 4);
        assert_eq!(field_path("objects[2]", "."), "objects[2]");
        assert_eq!(field_path("objects[2]", "pattern"), "objects[2].pattern");
        assert_eq!(field_path("list", "[3]"), "list[3]");
        assert_eq!(field_path("", "objects[1]"), "objects[1]");
    }
}
