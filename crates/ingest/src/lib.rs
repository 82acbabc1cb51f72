//! Vendor formats in, model records out.
//!
//! One module per format under `formats/`. Every parser takes the file's name (for messages and
//! provenance) and a reader; finding and opening files is the caller's job. A file either parses
//! whole or is rejected with *every* problem found, each naming the file, line or byte offset and
//! field. Values that are present but unusable (a phone number outside any numbering plan) are
//! skipped one by one and reported as warnings, so nothing is lost silently.

mod csv_table;
mod diagnostic;
mod formats;
mod input;
mod intel;
mod json;
mod json_stream;
pub mod telemetry;
mod telemetry_json;
mod telemetry_map;

pub use diagnostic::{Diagnostic, IngestError, Level};
pub use formats::greenhouse_join::join as join_greenhouse;
pub use formats::mapped::{Mapping, MappingError};
pub use formats::At;
pub use telemetry::{TelemetryContext, TelemetryReport};

use formats::greenhouse_resources::Resource;
use std::io::Read;
use unmask_model::canon::Canonicalizer;
use unmask_model::Batch;

/// The formats `unmask ingest FORMAT` accepts. Names are part of the CLI contract.
#[derive(Debug, Clone)]
pub enum Format {
    /// Greenhouse Harvest API candidates, `GET /v1/candidates` or `GET /v3/candidates` (a JSON
    /// array, JSON lines, or saved pages one after another).
    Greenhouse,
    /// Greenhouse Harvest v3 `GET /v3/applications`, joined to candidates by `candidate_id`.
    GreenhouseApplications,
    /// Greenhouse Harvest `GET /v1/sources` or `GET /v3/sources`: each source with its type.
    GreenhouseSources,
    /// Greenhouse Harvest `GET /v1/users`: recruiters, coordinators, referring employees.
    GreenhouseUsers,
    /// References CSV: `candidate_id, reference_name, reference_email, ...`.
    References,
    /// Payroll CSV: `employee_id, candidate_id, work_email, legal_name, ...`.
    Payroll,
    /// MDM device inventory CSV: `serial_number, model, assigned_user_email, ...`.
    Devices,
    /// Any CSV, described by a mapping file.
    Csv(Box<Mapping>),
    /// A STIX 2.1 bundle: indicators, observed data and their attribution.
    Stix,
    /// A MISP event (`{"Event": ...}`, a `restSearch` response, or an array of events).
    Misp,
    /// A MISP warninglist (`name`, `type`, `list`...): values known to be shared legitimately.
    MispWarninglist,
    /// Okta System Log events (telemetry).
    Okta,
    /// Microsoft Entra ID sign-ins, from Microsoft Graph or Azure Monitor (telemetry).
    Entra,
    /// GitHub organisation audit log export (telemetry).
    GithubAudit,
    /// osquery results logs (telemetry).
    Osquery,
    /// A Windows event log file (`.evtx`): Sysmon, Security, PowerShell and other channels.
    Evtx,
}

impl Format {
    pub const NAMES: [&'static str; 16] = [
        "greenhouse",
        "greenhouse-applications",
        "greenhouse-sources",
        "greenhouse-users",
        "references",
        "payroll",
        "devices",
        "csv",
        "stix",
        "misp",
        "misp-warninglist",
        "okta",
        "entra",
        "github-audit",
        "osquery",
        "evtx",
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Format::Greenhouse => "greenhouse",
            Format::GreenhouseApplications => "greenhouse-applications",
            Format::GreenhouseSources => "greenhouse-sources",
            Format::GreenhouseUsers => "greenhouse-users",
            Format::References => "references",
            Format::Payroll => "payroll",
            Format::Devices => "devices",
            Format::Csv(_) => "csv",
            Format::Stix => "stix",
            Format::Misp => "misp",
            Format::MispWarninglist => "misp-warninglist",
            Format::Okta => "okta",
            Format::Entra => "entra",
            Format::GithubAudit => "github-audit",
            Format::Osquery => "osquery",
            Format::Evtx => "evtx",
        }
    }

    /// A built-in format by name; `csv` needs a mapping and is built with [`Format::Csv`].
    pub fn builtin(name: &str) -> Option<Format> {
        Some(match name {
            "greenhouse" => Format::Greenhouse,
            "greenhouse-applications" => Format::GreenhouseApplications,
            "greenhouse-sources" => Format::GreenhouseSources,
            "greenhouse-users" => Format::GreenhouseUsers,
            "references" => Format::References,
            "payroll" => Format::Payroll,
            "devices" => Format::Devices,
            "stix" => Format::Stix,
            "misp" => Format::Misp,
            "misp-warninglist" => Format::MispWarninglist,
            "okta" => Format::Okta,
            "entra" => Format::Entra,
            "github-audit" => Format::GithubAudit,
            "osquery" => Format::Osquery,
            "evtx" => Format::Evtx,
            _ => return None,
        })
    }
}

impl Format {
    /// Telemetry formats stream events through [`parse_events`]; the others are read whole by
    /// [`parse`].
    pub fn is_telemetry(&self) -> bool {
        matches!(
            self,
            Format::Okta | Format::Entra | Format::GithubAudit | Format::Osquery | Format::Evtx
        )
    }

    /// Threat-intelligence formats: indicators and warning lists, no people.
    pub fn is_intel(&self) -> bool {
        matches!(self, Format::Stix | Format::Misp | Format::MispWarninglist)
    }
}

/// Stream one telemetry file's events into `sink`. Malformed records are skipped and reported in
/// the [`TelemetryReport`]; a file that is not of this format at all is rejected.
pub fn parse_events<R: std::io::Read + std::io::Seek>(
    format: &Format,
    file: &str,
    reader: R,
    canon: &Canonicalizer,
    sink: &mut telemetry::Sink<'_>,
) -> Result<TelemetryReport, IngestError> {
    let mut ctx = TelemetryContext::new(file, format.name(), canon, sink);
    match format {
        Format::Okta => formats::okta::parse(&mut ctx, reader),
        Format::Entra => formats::entra::parse(&mut ctx, reader),
        Format::GithubAudit => formats::github_audit::parse(&mut ctx, reader),
        Format::Osquery => formats::osquery::parse(&mut ctx, reader),
        Format::Evtx => formats::evtx::parse(&mut ctx, reader),
        other => ctx.reject(
            At {
                line: None,
                offset: None,
                field: "",
            },
            format!("`{}` is not a telemetry format", other.name()),
        ),
    }
    ctx.finish()
}

/// What one file gave: the records, how many source records they came from, and the values that
/// were skipped with the reason.
#[derive(Debug, Default)]
pub struct Parsed {
    pub batch: Batch,
    pub records: usize,
    pub warnings: Vec<Diagnostic>,
    /// Phone numbers written without `+country`, by how their country was found.
    pub national_phones: NationalPhones,
}

/// Phone numbers written without `+country` in one file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NationalPhones {
    /// Read in a country the record itself gives (address, application location, stated
    /// country).
    pub from_record: usize,
    /// Read in the configured default region.
    pub from_default: usize,
    /// Valid in neither, written the North American way (`(NXX) NXX-XXXX`): read as `+1`.
    pub from_format: usize,
    /// Skipped: no country to read them in, or not a valid number in any (each a warning).
    pub dropped: usize,
}

/// Parse one file. `file` is the name used in messages and provenance.
pub fn parse(
    format: &Format,
    file: &str,
    reader: impl Read,
    canon: &Canonicalizer,
) -> Result<Parsed, IngestError> {
    let mut ctx = formats::Context::new(file, format.name(), canon);
    if format.is_telemetry() {
        let at = At {
            line: None,
            offset: None,
            field: "",
        };
        ctx.error(
            at,
            format!(
                "`{}` is a telemetry format: stream it with `parse_events`",
                format.name()
            ),
        );
        return ctx.finish();
    }
    let text = input::read_text(file, reader)?;
    match format {
        Format::Greenhouse => {
            formats::greenhouse::parse(&mut ctx, &text);
            formats::greenhouse_resources::candidate_extras(&mut ctx, &text);
        }
        Format::GreenhouseApplications => {
            formats::greenhouse_resources::parse(&mut ctx, &text, Resource::Applications)
        }
        Format::GreenhouseSources => {
            formats::greenhouse_resources::parse(&mut ctx, &text, Resource::Sources)
        }
        Format::GreenhouseUsers => {
            formats::greenhouse_resources::parse(&mut ctx, &text, Resource::Users)
        }
        Format::References => formats::references::parse(&mut ctx, &text),
        Format::Payroll => formats::payroll::parse(&mut ctx, &text),
        Format::Devices => formats::devices::parse(&mut ctx, &text),
        Format::Csv(mapping) => formats::mapped::parse(&mut ctx, &text, mapping),
        Format::Stix => formats::stix::parse(&mut ctx, &text),
        Format::Misp => formats::misp::parse(&mut ctx, &text),
        Format::MispWarninglist => formats::warninglist::parse(&mut ctx, &text),
        Format::Okta | Format::Entra | Format::GithubAudit | Format::Osquery | Format::Evtx => ctx
            .error(
                At {
                    line: None,
                    offset: None,
                    field: "",
                },
                format!(
                    "`{}` is a telemetry format; read it with `parse_events`",
                    format.name()
                ),
            ),
    }
    ctx.finish()
}
