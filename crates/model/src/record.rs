//! Records produced by ingest and consumed by analysis.

use crate::{Provenance, Sensitive};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A stable reference to a subject, `system:id`, for example `greenhouse:123` or `employee:E-7`.
///
/// The prefixes `greenhouse:` and `employee:` are part of the export contract.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SubjectRef(pub String);

impl SubjectRef {
    pub fn new(system: &str, id: &str) -> Self {
        Self(format!("{system}:{id}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SubjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Candidate,
    Employee,
    /// A reference contact named by a candidate.
    Reference,
    /// A managed device; its assignment to a person is a [`Relation`].
    Device,
    /// A record an ATS keeps apart from the candidate and refers to by id (a Greenhouse
    /// application, source or user). Joined into the candidates it describes when the data is
    /// loaded; never a person, never analysed on its own.
    Resource,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Candidate => "candidate",
            SubjectKind::Employee => "employee",
            SubjectKind::Reference => "reference",
            SubjectKind::Device => "device",
            SubjectKind::Resource => "resource",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "candidate" => SubjectKind::Candidate,
            "employee" => SubjectKind::Employee,
            "reference" => SubjectKind::Reference,
            "device" => SubjectKind::Device,
            "resource" => SubjectKind::Resource,
            _ => return None,
        })
    }

    /// Candidates and employees are the people unmask scores; references and devices only
    /// carry evidence.
    pub fn is_person_of_interest(self) -> bool {
        matches!(self, SubjectKind::Candidate | SubjectKind::Employee)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub id: SubjectRef,
    pub kind: SubjectKind,
    pub name: Sensitive<String>,
    /// Non-identifying context such as application source or stated company.
    pub attributes: BTreeMap<String, String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArtifactKind {
    PersonName,
    Email,
    Phone,
    PostalAddress,
    BankAccount,
    IpAddress,
    DeviceSerial,
    /// A web profile as `site:handle` (GitHub, LinkedIn, Telegram, Upwork...), or a personal
    /// website as `web:<host>` when its holder controls the host (`janedoe.dev`,
    /// `alice.github.io`, never `drive.google.com`).
    Profile,
    ResumeText,
    ClaimedNationality,
    ClaimedLocation,
    /// A company the person says they worked for (a resume's or ATS profile's employment
    /// history), folded and without a legal suffix (`Acme Software, Inc.` is `acme software`).
    Employer,
    /// A link other than a profile, whole and normalised (`canon/url.rs`): a resume on a cloud
    /// drive, a page on a personal site. Its detail names the service of a multi-tenant host
    /// (`file_sharing`, `url_shortener`...).
    Url,
}

impl ArtifactKind {
    pub const ALL: [ArtifactKind; 13] = [
        ArtifactKind::PersonName,
        ArtifactKind::Email,
        ArtifactKind::Phone,
        ArtifactKind::PostalAddress,
        ArtifactKind::BankAccount,
        ArtifactKind::IpAddress,
        ArtifactKind::DeviceSerial,
        ArtifactKind::Profile,
        ArtifactKind::ResumeText,
        ArtifactKind::ClaimedNationality,
        ArtifactKind::ClaimedLocation,
        ArtifactKind::Employer,
        ArtifactKind::Url,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArtifactKind::PersonName => "person_name",
            ArtifactKind::Email => "email",
            ArtifactKind::Phone => "phone",
            ArtifactKind::PostalAddress => "postal_address",
            ArtifactKind::BankAccount => "bank_account",
            ArtifactKind::IpAddress => "ip_address",
            ArtifactKind::DeviceSerial => "device_serial",
            ArtifactKind::Profile => "profile",
            ArtifactKind::ResumeText => "resume_text",
            ArtifactKind::ClaimedNationality => "claimed_nationality",
            ArtifactKind::ClaimedLocation => "claimed_location",
            ArtifactKind::Employer => "employer",
            ArtifactKind::Url => "url",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A human label for reports.
    pub fn label(self) -> &'static str {
        match self {
            ArtifactKind::PersonName => "name",
            ArtifactKind::Email => "email address",
            ArtifactKind::Phone => "phone number",
            ArtifactKind::PostalAddress => "postal address",
            ArtifactKind::BankAccount => "bank account",
            ArtifactKind::IpAddress => "IP address",
            ArtifactKind::DeviceSerial => "device serial",
            ArtifactKind::Profile => "web profile",
            ArtifactKind::ResumeText => "resume text",
            ArtifactKind::ClaimedNationality => "claimed nationality",
            ArtifactKind::ClaimedLocation => "claimed location",
            ArtifactKind::Employer => "employer",
            ArtifactKind::Url => "link",
        }
    }
}

impl fmt::Display for ArtifactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A typed value in raw and canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    pub kind: ArtifactKind,
    /// The comparable form; equal canonical values mean the same artifact. For bank accounts this
    /// is a keyed hash, never the account number.
    pub canonical: Sensitive<String>,
    /// A partly masked rendering that is safe for reports (`j***@gmail.com`, `+1 *** *** 4411`).
    pub masked: String,
    /// Extra facts from canonicalisation (phone line type, IBAN country, free-mail provider).
    pub detail: Option<String>,
}

/// "This subject has this artifact, in this role", as read from one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub subject: SubjectRef,
    pub artifact: Artifact,
    /// `home`, `work`, `personal`, `ship_to`, `payout`, `contact`...
    pub role: String,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// A candidate names a reference contact.
    RefersTo,
    /// An employee record was hired from this candidate.
    HiredFrom,
    /// A device is assigned to the person with this work email.
    AssignedTo,
}

impl RelationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::RefersTo => "refers_to",
            RelationKind::HiredFrom => "hired_from",
            RelationKind::AssignedTo => "assigned_to",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "refers_to" => RelationKind::RefersTo,
            "hired_from" => RelationKind::HiredFrom,
            "assigned_to" => RelationKind::AssignedTo,
            _ => return None,
        })
    }
}

/// The other end of a relation: a subject by reference, or whoever holds an artifact (a device is
/// assigned to a work email before anyone knows which employee that is).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Subject(SubjectRef),
    Holder {
        kind: ArtifactKind,
        canonical: Sensitive<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub from: SubjectRef,
    pub kind: RelationKind,
    pub to: Target,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An authentication: Okta, Entra ID sign-ins, Windows logons.
    SignIn,
    /// A sign-in that failed (a wrong password, a denied MFA push, a blocked policy): it says
    /// where an attacker tried from, not where the account's owner is.
    SignInFailure,
    /// Something seen on a device: a process, a USB device, installed software, system info.
    Endpoint,
    /// Source-code access: clones, archive downloads, repository changes.
    CodeAccess,
    /// Anything else a log holds (administration, configuration changes).
    Other,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::SignIn => "sign_in",
            EventKind::SignInFailure => "sign_in_failure",
            EventKind::Endpoint => "endpoint",
            EventKind::CodeAccess => "code_access",
            EventKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sign_in" => EventKind::SignIn,
            "sign_in_failure" => EventKind::SignInFailure,
            "endpoint" => EventKind::Endpoint,
            "code_access" => EventKind::CodeAccess,
            "other" => EventKind::Other,
            _ => return None,
        })
    }
}

/// A Sigma log source: which rules apply to an event. Values are Sigma's own
/// (`product: windows, category: process_creation`; `product: okta, service: okta`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LogSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

impl fmt::Display for LogSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            ("product", &self.product),
            ("category", &self.category),
            ("service", &self.service),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}")))
        .collect();
        f.write_str(&parts.join(", "))
    }
}

/// A timestamped telemetry record (sign-in, endpoint observation, code access), normalised:
/// an explicit Sigma log source and a flat view in Sigma taxonomy field names, so Sigma rules
/// run on it as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    /// RFC 3339 time of the event, in UTC.
    pub time: String,
    pub logsource: LogSource,
    /// The account the event is about, canonical: an email address (lower case) when the
    /// source gives one, else the login in lower case. Joins sign-ins, endpoints and code access
    /// of one person.
    pub user: Option<Sensitive<String>>,
    /// The device: its serial number in canonical form (as `DeviceSerial`), else the source's
    /// host identifier.
    pub device: Option<String>,
    /// The source IP address, when the event has one.
    pub ip: Option<String>,
    /// The flat view: Sigma field names (`Image`, `CommandLine`, `eventType`...) to values as
    /// the source typed them (strings, numbers, booleans, lists).
    pub fields: serde_json::Map<String, serde_json::Value>,
    pub provenance: Provenance,
}

/// Everything one importer read from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub subjects: Vec<Subject>,
    pub observations: Vec<Observation>,
    pub relations: Vec<Relation>,
    pub events: Vec<Event>,
    /// Threat intelligence: indicators from STIX bundles and MISP events.
    pub indicators: Vec<crate::Indicator>,
    /// MISP warning lists.
    pub warninglists: Vec<crate::WarningList>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
            && self.observations.is_empty()
            && self.relations.is_empty()
            && self.events.is_empty()
            && self.indicators.is_empty()
            && self.warninglists.is_empty()
    }
}
