//! Neutralising hostile characters in untrusted text: C0/C1 control characters (an `ESC` can
//! clear a terminal or retitle its window) and Unicode bidirectional controls (a U+202E
//! right-to-left override makes `exe.txt` read as `txt.exe`).
//!
//! Two uses: [`visible`] for every output a person reads (terminal, DOT, HTML), which shows such
//! a character as its escape (`\u{1b}`) and loses nothing; [`clean`] for values stored at ingest
//! (names, attributes), which drops them.

use std::borrow::Cow;

/// Unicode's explicit bidirectional embeddings, overrides and isolates, plus the implicit marks
/// (U+200E/U+200F, U+061C) that can reorder what surrounds them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// A C0 control other than tab and line feed, DEL, a C1 control, or a bidi control: what
/// [`visible`] escapes and [`clean`] drops.
pub fn is_hostile_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// `s` with every control character but tab and line feed, and every bidi control, written as
/// its Rust escape (`\u{1b}`, `\u{202e}`), so it shows instead of acting.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// What [`clean`] removed from a value.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Removed {
    /// C0/C1 control characters (NUL, ESC...), tab and line feed excepted.
    pub controls: usize,
    /// Bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C).
    pub bidi: usize,
}

impl Removed {
    pub fn any(&self) -> bool {
        self.controls + self.bidi > 0
    }
}

/// `s` without control characters (tab and line feed kept) and without bidi controls, and what
/// was removed.
pub fn clean(s: &str) -> (Cow<'_, str>, Removed) {
    if !s.chars().any(is_hostile_control) {
        return (Cow::Borrowed(s), Removed::default());
    }
    let mut removed = Removed::default();
    let out = s
        .chars()
        .filter(|&c| {
            if is_bidi_control(c) {
                removed.bidi += 1;
                false
            } else if is_hostile_control(c) {
                removed.controls += 1;
                false
            } else {
                true
            }
        })
        .collect();
    (Cow::Owned(out), removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_show_as_escapes() {
        assert_eq!(visible("a\x1b]0;pwned\x07b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(visible("x\u{202e}txt.exe"), "x\\u{202e}txt.exe");
        assert_eq!(visible("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(visible("line\n\ttab"), "line\n\ttab");
        assert!(matches!(visible("plain Zoë"), Cow::Borrowed(_)));
    }

    #[test]
    fn clean_drops_and_counts() {
        let (s, removed) = clean("Ann\0 \u{202e}Lee\u{2066}");
        assert_eq!(s, "Ann Lee");
        assert_eq!(
            removed,
            Removed {
                controls: 1,
                bidi: 2
            }
        );
        assert!(!clean("Zoë").1.any());
    }
}
