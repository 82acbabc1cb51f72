//! Splitting a JSON telemetry file into records as it is read, so a file of any size is imported
//! in bounded memory and every record keeps its line.
//!
//! Three shapes are accepted:
//! - **JSON lines**: one record per line. Chosen when the first record starts and ends on its
//!   first line; from then on every non-blank line is one record, so a broken line costs only
//!   itself.
//! - **A JSON array** of records, of any length: elements are handed out one at a time.
//! - **Pretty-printed records**, one after another, or an **envelope**: a top-level object with
//!   one of the format's envelope keys (`value` in a Microsoft Graph page) holding the array of
//!   records. The envelope's array is streamed like a top-level array; its other members are
//!   read and dropped.
//!
//! The splitter only tracks strings, escapes and nesting depth; `serde_json` reads each record.
//! Separators are read leniently (a missing or doubled comma between records is not an error), so
//! one mangled record does not take the rest of the file with it. A record longer than the limit
//! is read through and dropped, never held.

use std::io::{self, BufRead};

/// Longest record kept. Longer ones are skipped; their bytes are counted but not stored.
pub const MAX_RECORD: usize = 1 << 20;

/// Longest envelope key compared; longer keys are never envelope keys.
const MAX_KEY: usize = 64;

/// One record, or why there is none at this place.
#[derive(Debug, PartialEq, Eq)]
pub enum Item<'b> {
    /// The record's bytes, a complete JSON value as far as nesting goes.
    Record(&'b [u8]),
    /// Longer than the limit: read through and dropped. The length is in bytes.
    TooLarge(u64),
    /// The file ends inside this record.
    Truncated,
    /// Bytes that cannot start a record (a closing bracket with nothing open).
    Stray(u8),
}

/// Where a record starts: 1-based line and byte offset.
#[derive(Debug, PartialEq, Eq)]
pub struct Located<'b> {
    pub line: u64,
    pub offset: u64,
    pub item: Item<'b>,
}

/// Why the file cannot be split at all.
#[derive(Debug)]
pub enum SplitError {
    Io(io::Error),
    /// A UTF-16 byte-order mark.
    Utf16,
}

impl From<io::Error> for SplitError {
    fn from(e: io::Error) -> Self {
        SplitError::Io(e)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Start,
    Lines,
    Document,
}

/// Inside what the next record sits, in document mode.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    /// A top-level array.
    Array,
    /// The array under an envelope key; the object around it is finished after it.
    Envelope,
}

/// How a scanned value ended.
enum End {
    Complete,
    /// The value is an envelope object; the reader is just past its array's `[`.
    Envelope,
    TooLarge(u64),
    Truncated,
    Stray(u8),
}

/// Where the scanner is among the keys of a top-level object (depth 1).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Expect,
    In,
    After,
    Value { envelope: bool },
    InValue,
}

pub struct Splitter<R> {
    reader: R,
    line: u64,
    offset: u64,
    buf: Vec<u8>,
    max: usize,
    envelope: Vec<String>,
    mode: Mode,
    levels: Vec<Level>,
    done: bool,
}

impl<R: BufRead> Splitter<R> {
    /// `envelope`: keys of a top-level object whose array holds the records.
    pub fn new(reader: R, envelope: &[String]) -> Self {
        Self::with_limit(reader, envelope, MAX_RECORD)
    }

    pub fn with_limit(reader: R, envelope: &[String], max: usize) -> Self {
        Self {
            reader,
            line: 1,
            offset: 0,
            buf: Vec::new(),
            max,
            envelope: envelope.to_vec(),
            mode: Mode::Start,
            levels: vec![Level::Top],
            done: false,
        }
    }

    /// The line the reader is at: past the last record, at the end of the file.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Capacity of the record buffer, for tests that memory stays bounded.
    #[cfg(test)]
    fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// The next record, or `None` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<Located<'_>>, SplitError> {
        if self.done {
            return Ok(None);
        }
        loop {
            match self.mode {
                Mode::Start => {
                    self.skip_bom()?;
                    self.skip_ws()?;
                    match self.peek()? {
                        None => {
                            self.done = true;
                            return Ok(None);
                        }
                        Some(b'[') => self.mode = Mode::Document,
                        Some(b'{') => {
                            let (line, offset) = (self.line, self.offset);
                            let end = self.value(true)?;
                            if let End::Envelope = end {
                                self.mode = Mode::Document;
                                self.levels.push(Level::Envelope);
                                continue;
                            }
                            // One record on its first line: a JSON-lines file.
                            self.mode = if self.line == line {
                                Mode::Lines
                            } else {
                                Mode::Document
                            };
                            return Ok(Some(self.located(line, offset, end)));
                        }
                        Some(_) => self.mode = Mode::Lines,
                    }
                }
                Mode::Lines => return self.next_line(),
                Mode::Document => {
                    self.skip_ws()?;
                    let (line, offset) = (self.line, self.offset);
                    let level = self.levels.last().copied().unwrap_or(Level::Top);
                    let Some(b) = self.peek()? else {
                        self.done = true;
                        if level == Level::Top {
                            return Ok(None);
                        }
                        // The array was never closed: the file was cut.
                        return Ok(Some(Located {
                            line,
                            offset,
                            item: Item::Truncated,
                        }));
                    };
                    match (level, b) {
                        (Level::Top, b'[') => {
                            self.bump(b);
                            self.levels.push(Level::Array);
                        }
                        (Level::Array | Level::Envelope, b']') => {
                            self.bump(b);
                            self.levels.pop();
                            if level == Level::Envelope {
                                // The rest of the object around the envelope array.
                                self.buf.clear();
                                if let End::Truncated = self.scan(1, false, true)? {
                                    self.done = true;
                                    return Ok(None);
                                }
                            }
                        }
                        (Level::Array | Level::Envelope, b',') => self.bump(b),
                        (Level::Top, _) => {
                            let end = self.value(b == b'{')?;
                            if let End::Envelope = end {
                                self.levels.push(Level::Envelope);
                                continue;
                            }
                            return Ok(Some(self.located(line, offset, end)));
                        }
                        (Level::Array | Level::Envelope, _) => {
                            let end = self.value(false)?;
                            return Ok(Some(self.located(line, offset, end)));
                        }
                    }
                }
            }
        }
    }

    fn located(&mut self, line: u64, offset: u64, end: End) -> Located<'_> {
        if let End::Truncated = end {
            self.done = true;
        }
        let item = match end {
            End::Complete => Item::Record(&self.buf),
            // An envelope is never handed out as a record.
            End::Envelope | End::Truncated => Item::Truncated,
            End::TooLarge(n) => Item::TooLarge(n),
            End::Stray(b) => Item::Stray(b),
        };
        Located { line, offset, item }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(self.reader.fill_buf()?.first().copied())
    }

    /// Consume one byte already peeked.
    fn bump(&mut self, b: u8) {
        self.reader.consume(1);
        self.offset += 1;
        if b == b'\n' {
            self.line += 1;
        }
    }

    fn skip_ws(&mut self) -> io::Result<()> {
        while let Some(b) = self.peek()? {
            if !matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                break;
            }
            self.bump(b);
        }
        Ok(())
    }

    fn skip_bom(&mut self) -> Result<(), SplitError> {
        match self.peek()? {
            Some(0xEF) => {
                for expected in [0xEF, 0xBB, 0xBF] {
                    if self.peek()? == Some(expected) {
                        self.bump(expected);
                    }
                }
                Ok(())
            }
            Some(0xFF | 0xFE) => Err(SplitError::Utf16),
            _ => Ok(()),
        }
    }

    /// One line as a record, skipping blank lines.
    fn next_line(&mut self) -> Result<Option<Located<'_>>, SplitError> {
        loop {
            let (line, offset) = (self.line, self.offset);
            self.buf.clear();
            let mut len = 0u64;
            let mut over = false;
            let mut any = false;
            loop {
                let chunk = self.reader.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                any = true;
                let (take, newline) = match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (chunk.len(), false),
                };
                let content = take - usize::from(newline);
                len += content as u64;
                if !over && self.buf.len() + content <= self.max {
                    self.buf.extend_from_slice(&chunk[..take]);
                } else if !over {
                    over = true;
                    self.buf = Vec::new();
                }
                self.reader.consume(take);
                self.offset += take as u64;
                if newline {
                    self.line += 1;
                    break;
                }
            }
            if !any {
                self.done = true;
                return Ok(None);
            }
            if over {
                return Ok(Some(Located {
                    line,
                    offset,
                    item: Item::TooLarge(len),
                }));
            }
            // The line's end is not part of the record.
            while let Some(b'\n' | b'\r') = self.buf.last() {
                self.buf.pop();
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(Located {
                line,
                offset,
                item: Item::Record(&self.buf),
            }));
        }
    }

    /// Read one JSON value into the buffer, starting at a non-blank byte.
    fn value(&mut self, envelope: bool) -> io::Result<End> {
        self.buf.clear();
        match self.peek()? {
            Some(b @ (b'}' | b']' | b',' | b':')) => {
                self.bump(b);
                Ok(End::Stray(b))
            }
            Some(b'{' | b'[' | b'"') => self.scan(0, envelope && !self.envelope.is_empty(), false),
            Some(_) => self.scalar(),
            None => Ok(End::Truncated),
        }
    }

    /// A number, `true`, `false`, `null` or anything else that is not bracketed: up to the next
    /// separator.
    fn scalar(&mut self) -> io::Result<End> {
        let mut len = 0u64;
        loop {
            let chunk = self.reader.fill_buf()?;
            let end = chunk.iter().position(|b| {
                matches!(
                    b,
                    b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}' | b'[' | b'{'
                )
            });
            let take = end.unwrap_or(chunk.len());
            if self.buf.len() + take <= self.max {
                self.buf.extend_from_slice(&chunk[..take]);
            }
            len += take as u64;
            self.reader.consume(take);
            self.offset += take as u64;
            if end.is_some() || take == 0 {
                break;
            }
        }
        if len > self.max as u64 {
            self.buf.clear();
            return Ok(End::TooLarge(len));
        }
        Ok(End::Complete)
    }

    /// Scan bracketed JSON (or a string) from `depth` until it closes, keeping the bytes unless
    /// `discard`. With `envelope`, a top-level object's key naming an envelope whose value is an
    /// array stops the scan just past that array's `[`.
    fn scan(&mut self, mut depth: usize, envelope: bool, discard: bool) -> io::Result<End> {
        let mut in_str = false;
        let mut escape = false;
        let mut key = Key::InValue;
        let mut key_buf: Vec<u8> = Vec::new();
        let mut len = 0u64;
        let mut over = discard;
        let top_string = depth == 0 && self.peek()? == Some(b'"');
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(End::Truncated);
            }
            let mut done: Option<(usize, bool)> = None;
            let mut newlines = 0u64;
            for (i, &b) in chunk.iter().enumerate() {
                if b == b'\n' {
                    newlines += 1;
                }
                if in_str {
                    if escape {
                        escape = false;
                    } else if b == b'\\' {
                        escape = true;
                    } else if b == b'"' {
                        in_str = false;
                        if key == Key::In && depth == 1 {
                            key = Key::After;
                        }
                        if top_string && depth == 0 {
                            done = Some((i + 1, false));
                            break;
                        }
                        continue;
                    }
                    if key == Key::In && depth == 1 && key_buf.len() <= MAX_KEY {
                        key_buf.push(b);
                    }
                    continue;
                }
                match b {
                    b'"' => {
                        in_str = true;
                        if depth == 1 {
                            key = match key {
                                Key::Expect => {
                                    key_buf.clear();
                                    Key::In
                                }
                                Key::Value { .. } => Key::InValue,
                                k => k,
                            };
                        }
                    }
                    b'{' | b'[' => {
                        if depth == 1 {
                            if key == (Key::Value { envelope: true }) && b == b'[' {
                                done = Some((i + 1, true));
                                break;
                            }
                            if let Key::Value { .. } = key {
                                key = Key::InValue;
                            }
                        }
                        depth += 1;
                        if depth == 1 && b == b'{' && envelope {
                            key = Key::Expect;
                        }
                    }
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            done = Some((i + 1, false));
                            break;
                        }
                    }
                    b':' if depth == 1 && key == Key::After => {
                        let name = std::str::from_utf8(&key_buf).unwrap_or("");
                        key = Key::Value {
                            envelope: self.envelope.iter().any(|k| k == name),
                        };
                    }
                    b',' if depth == 1 => {
                        key = if envelope { Key::Expect } else { Key::InValue };
                    }
                    b' ' | b'\t' | b'\r' | b'\n' => {}
                    _ if depth == 1 => {
                        if let Key::Value { .. } = key {
                            key = Key::InValue;
                        }
                    }
                    _ => {}
                }
            }
            let (take, stop) = match done {
                Some((n, envelope_found)) => (n, Some(envelope_found)),
                None => (chunk.len(), None),
            };
            if let Some(n) = done.map(|d| d.0) {
                // Newlines after the end of the value are not part of it.
                newlines = chunk[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            }
            len += take as u64;
            if !over && self.buf.len() + take <= self.max {
                self.buf.extend_from_slice(&chunk[..take]);
            } else if !over {
                over = true;
                self.buf = Vec::new();
            }
            self.reader.consume(take);
            self.offset += take as u64;
            self.line += newlines;
            match stop {
                Some(true) => return Ok(End::Envelope),
                Some(false) if over && !discard => return Ok(End::TooLarge(len)),
                Some(false) => return Ok(End::Complete),
                None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, envelope: &[&str]) -> Vec<String> {
        let envelope: Vec<String> = envelope.iter().map(|s| s.to_string()).collect();
        let mut s = Splitter::with_limit(text.as_bytes(), &envelope, 64);
        let mut out = Vec::new();
        while let Some(r) = s.next_record().expect("reads") {
            let what = match r.item {
                Item::Record(b) => String::from_utf8_lossy(b).trim().to_string(),
                Item::TooLarge(n) => format!("too large ({n})"),
                Item::Truncated => "truncated".into(),
                Item::Stray(b) => format!("stray {}", b as char),
            };
            out.push(format!("{}@{}: {what}", r.line, r.offset));
        }
        out
    }

    #[test]
    fn json_lines() {
        assert_eq!(
            split("{\"a\":1}\n\n{\"b\":\"}\"}\n{broken\n{\"c\":[1]}", &[]),
            [
                "1@0: {\"a\":1}",
                "3@9: {\"b\":\"}\"}",
                "4@19: {broken",
                "5@27: {\"c\":[1]}"
            ]
        );
    }

    #[test]
    fn arrays_and_pretty_records() {
        assert_eq!(
            split("\u{feff}[\n {\"a\": \"[\\\"\"},\n {\"b\": 2}, 3\n]\n", &[]),
            ["2@6: {\"a\": \"[\\\"\"}", "3@21: {\"b\": 2}", "3@31: 3"]
        );
        assert_eq!(
            split("{\n \"a\": 1\n}\n{\n \"b\": 2\n}", &[]),
            ["1@0: {\n \"a\": 1\n}", "4@12: {\n \"b\": 2\n}"]
        );
    }

    #[test]
    fn envelopes() {
        let page = "{\"@odata.context\": \"x\", \"value\": [\n{\"a\": 1},\n{\"b\": {\"value\": [2]}}\n], \"next\": \"y\"}\n{\"value\": [{\"c\": 3}]}";
        assert_eq!(
            split(page, &["value"]),
            [
                "2@35: {\"a\": 1}",
                "3@45: {\"b\": {\"value\": [2]}}",
                "5@94: {\"c\": 3}"
            ]
        );
        // Without envelope keys the page is one (here too large) record.
        assert_eq!(split(page, &[]).len(), 2);
        // A value under the key that is not an array keeps the object whole.
        assert_eq!(
            split("{\"value\": 1, \"a\": 2}", &["value"]),
            ["1@0: {\"value\": 1, \"a\": 2}"]
        );
    }

    #[test]
    fn truncation_and_strays() {
        assert_eq!(
            split("[{\"a\": 1}, {\"b\": ", &[]),
            ["1@1: {\"a\": 1}", "1@11: truncated"]
        );
        assert_eq!(
            split("[{\"a\": 1},", &[]),
            ["1@1: {\"a\": 1}", "1@10: truncated"]
        );
        assert_eq!(
            split("[}, {\"a\": 1}]", &[]),
            ["1@1: stray }", "1@4: {\"a\": 1}"]
        );
        assert_eq!(split("not json\n", &[]), ["1@0: not json"]);
    }

    #[test]
    fn oversized_records_are_dropped_in_bounded_memory() {
        let big = format!("{{\"a\": \"{}\"}}", "x".repeat(10_000));
        let text = format!("{{\"x\":1}}\n{big}\n{{\"y\":2}}\n");
        assert_eq!(
            split(&text, &[]),
            [
                "1@0: {\"x\":1}",
                "2@8: too large (10009)",
                "3@10018: {\"y\":2}"
            ]
        );
        let array = format!("[{big}, {{\"y\":2}}]");
        assert_eq!(
            split(&array, &[]),
            ["1@1: too large (10009)", "1@10012: {\"y\":2}"]
        );
        let mut s = Splitter::with_limit(text.as_bytes(), &[], 64);
        while s.next_record().expect("reads").is_some() {
            assert!(s.capacity() <= 256, "buffer grew to {}", s.capacity());
        }
    }

    #[test]
    fn separators_outside_arrays_are_strays() {
        assert_eq!(
            split("{\"a\":\n1},{\"b\":2}", &[]),
            ["1@0: {\"a\":\n1}", "2@8: stray ,", "2@9: {\"b\":2}"]
        );
        assert_eq!(
            split("[{\"a\":1}],\n", &[]),
            ["1@1: {\"a\":1}", "1@9: stray ,"]
        );
    }

    #[test]
    fn any_bytes_end_in_bounded_steps() {
        const ALPHABET: &[u8] = b"{}[]\",:\\\n a1\r";
        for seed in 0u64..3000 {
            let mut x = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let bytes: Vec<u8> = (0..40)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ALPHABET[(x >> 33) as usize % ALPHABET.len()]
                })
                .collect();
            let envelope = ["value".to_string()];
            let mut s = Splitter::with_limit(&bytes[..], &envelope, 16);
            let mut steps = 0;
            while let Ok(Some(_)) = s.next_record() {
                steps += 1;
                assert!(
                    steps <= bytes.len() + 1,
                    "no progress on {:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
        }
    }

    #[test]
    fn utf16_is_refused() {
        let mut s = Splitter::new(&[0xFF, 0xFE, b'[', 0][..], &[]);
        assert!(matches!(s.next_record(), Err(SplitError::Utf16)));
    }
}
