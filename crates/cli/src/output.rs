//! Messages on stderr (`error:`, `warning:`, `hint:`), colour only on a terminal and never with
//! `NO_COLOR`, and plain aligned tables for stdout.
//!
//! Everything printed passes through here, and everything printed may quote a hostile file: a
//! control character (an `ESC` that clears the screen or retitles the window) or a bidi override
//! is written as its escape (`\u{1b}`) by `unmask_model::text::visible`, and JSON gets the same
//! characters as JSON escapes (`\u001b`), so it stays valid and loses nothing.

use std::io::{IsTerminal, Write};
use unmask_model::text::{self, visible};
use unmask_pipeline::PipelineError;
use unmask_store::StoreError;

/// `print!` to stdout, returning the write error with `?`: `main` ends quietly with exit 0
/// when the reader has gone (`unmask export | head`), a closed pipe being the reader's choice,
/// not an error, and never a panic.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::emit(format_args!($($arg)*), false)? };
}

/// `println!` to stdout, with the same handling of a closed pipe as [`out!`].
#[macro_export]
macro_rules! outln {
    () => { $crate::output::emit(format_args!(""), true)? };
    ($($arg:tt)*) => { $crate::output::emit(format_args!($($arg)*), true)? };
}

pub fn emit(args: std::fmt::Arguments<'_>, newline: bool) -> std::io::Result<()> {
    let text = std::fmt::format(args);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(visible(&text).as_bytes())?;
    if newline {
        stdout.write_all(b"\n")?;
    }
    Ok(())
}

/// One JSON document and a line feed on stdout. Serde already escapes C0 controls; C1 and bidi
/// controls, legal raw in JSON, are escaped too, so a terminal never acts on them.
pub fn json(text: &str) -> std::io::Result<()> {
    let mut escaped = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if text::is_hostile_control(c) {
            escaped.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            escaped.push(c);
        }
    }
    escaped.push('\n');
    std::io::stdout().lock().write_all(escaped.as_bytes())
}

/// Whether the error is stdout's reader having gone away.
pub fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

fn label(name: &str, code: &str) -> String {
    if color() {
        format!("\x1b[1;{code}m{name}\x1b[0m")
    } else {
        name.to_string()
    }
}

pub fn warning(message: &str) {
    eprintln!("{}: {}", label("warning", "33"), visible(message));
}

pub fn hint(message: &str) {
    eprintln!("{}: {}", label("hint", "36"), visible(message));
}

pub fn info(message: &str) {
    eprintln!("{}", visible(message));
}

pub fn error(err: &anyhow::Error) {
    eprintln!("{}: {}", label("error", "31"), visible(&err.to_string()));
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {}", visible(&cause.to_string()));
    }
    if let Some(PipelineError::Ingest(e)) = err.downcast_ref::<PipelineError>() {
        for p in e.problems() {
            eprintln!("  {}", visible(&p.to_string()));
        }
    }
}

/// 2 for failures inside unmask or its database, 1 for everything the user can fix.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let internal = err.chain().any(|c| {
        matches!(
            c.downcast_ref::<StoreError>(),
            Some(StoreError::Query { .. } | StoreError::Corrupt { .. })
        )
    });
    if internal {
        2
    } else {
        1
    }
}

/// Left-aligned columns separated by two spaces; numbers are the caller's to right-align.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(headers.to_vec());
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}
