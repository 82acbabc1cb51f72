//! Telemetry importers stream: events go to a sink as they are read, so a file of any size is
//! read in bounded memory. A malformed record is skipped and reported with its line (or byte
//! offset) and the reason; everything else is kept. A file that is not of the format at all (the
//! first records all unreadable, a bad file header) is rejected whole.

use crate::{At, Diagnostic, IngestError, Level};
use unmask_model::canon::Canonicalizer;
use unmask_model::{Event, Provenance};

/// At most this many skipped records are described one by one; the report counts the rest.
pub const MAX_DESCRIBED: usize = 200;

/// Where events go. An error stops the import (for example, the database failed); the message
/// is reported as the reason.
pub type Sink<'s> = dyn FnMut(Event) -> Result<(), String> + 's;

/// What one telemetry file gave.
#[derive(Debug, Default)]
pub struct TelemetryReport {
    /// Events handed to the sink.
    pub events: u64,
    /// Records skipped because they were malformed or not usable.
    pub skipped: u64,
    /// The first [`MAX_DESCRIBED`] skipped records, each with where and why.
    pub warnings: Vec<Diagnostic>,
}

pub struct TelemetryContext<'a, 's> {
    pub file: &'a str,
    pub format: &'static str,
    pub canon: &'a Canonicalizer,
    sink: &'a mut Sink<'s>,
    report: TelemetryReport,
    stopped: Option<String>,
    fatal: Vec<Diagnostic>,
    /// Warnings about the file as a whole (an assumption made in reading it), not skips.
    notes: Vec<Diagnostic>,
}

impl<'a, 's> TelemetryContext<'a, 's> {
    pub fn new(
        file: &'a str,
        format: &'static str,
        canon: &'a Canonicalizer,
        sink: &'a mut Sink<'s>,
    ) -> Self {
        Self {
            file,
            format,
            canon,
            sink,
            report: TelemetryReport::default(),
            stopped: None,
            fatal: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn provenance(&self, line: Option<u64>, offset: Option<u64>) -> Provenance {
        Provenance::new(self.file, self.format).at(line, offset)
    }

    /// Hand one event to the sink. Returns false when the import must stop (the sink failed);
    /// the parser should return at once.
    pub fn emit(&mut self, event: Event) -> bool {
        if self.stopped.is_some() {
            return false;
        }
        match (self.sink)(event) {
            Ok(()) => {
                self.report.events += 1;
                true
            }
            Err(reason) => {
                self.stopped = Some(reason);
                false
            }
        }
    }

    /// A warning about how the whole file was read (an assumption made), not a skip.
    pub fn note(&mut self, field: &str, message: impl Into<String>) {
        self.notes.push(Diagnostic {
            level: Level::Warning,
            file: self.file.to_string(),
            line: None,
            offset: None,
            field: (!field.is_empty()).then(|| field.to_string()),
            message: message.into(),
        });
    }

    /// Skip one record, saying where and why.
    pub fn skip(&mut self, at: At<'_>, message: impl Into<String>) {
        self.report.skipped += 1;
        if self.report.warnings.len() < MAX_DESCRIBED {
            self.report.warnings.push(Diagnostic {
                level: Level::Warning,
                file: self.file.to_string(),
                line: at.line,
                offset: at.offset,
                field: (!at.field.is_empty()).then(|| at.field.to_string()),
                message: message.into(),
            });
        }
    }

    /// The file is not readable as this format at all: reject it whole.
    pub fn reject(&mut self, at: At<'_>, message: impl Into<String>) {
        self.fatal.push(Diagnostic {
            level: Level::Error,
            file: self.file.to_string(),
            line: at.line,
            offset: at.offset,
            field: (!at.field.is_empty()).then(|| at.field.to_string()),
            message: message.into(),
        });
    }

    pub fn events(&self) -> u64 {
        self.report.events
    }

    pub fn skipped(&self) -> u64 {
        self.report.skipped
    }

    pub fn finish(mut self) -> Result<TelemetryReport, IngestError> {
        if let Some(reason) = self.stopped.take() {
            return Err(IngestError::Stopped {
                file: self.file.to_string(),
                reason,
            });
        }
        if !self.fatal.is_empty() {
            return Err(IngestError::Rejected {
                file: self.file.to_string(),
                problems: self.fatal,
            });
        }
        if self.report.skipped > self.report.warnings.len() as u64 {
            let more = self.report.skipped - self.report.warnings.len() as u64;
            self.report.warnings.push(Diagnostic {
                level: Level::Warning,
                file: self.file.to_string(),
                line: None,
                offset: None,
                field: None,
                message: format!("{more} more records skipped"),
            });
        }
        self.report.warnings.append(&mut self.notes);
        Ok(self.report)
    }
}
