//! Greenhouse Harvest resources that candidates refer to by id: applications, sources and users.
//!
//! Harvest v3 lists applications apart from candidates (`GET /v3/applications`, joined by
//! `candidate_id`); both versions list sources (`GET /v1/sources`, `GET /v3/sources`: `id`,
//! `name`, `type {id, name}` with a type such as `agencies`, `referrals`,
//! `third_party_boards`) and users (`GET /v1/users`: recruiters, coordinators, the employees a
//! referral is credited to). Each record becomes a [`SubjectKind::Resource`] subject
//! (`greenhouse-application:<id>`, `greenhouse-source:<id>`, `greenhouse-user:<id>`) that
//! `greenhouse_join` folds into the candidates when the data is loaded, so the files may be
//! imported in any order and a source file imported later still types the sources of candidates
//! imported before it.
//!
//! A file is a JSON array, JSON lines, or the pages of a cursor-paginated listing saved one after
//! another (`[...]` `[...]`), split by `json_stream`. A record that does not read names its
//! line and field (`[3].source.id`); the others are still read so every problem is reported.
//!
//! The candidates file gets a second, quiet pass here ([`candidate_extras`]): Harvest v1 nests
//! applications with their source and credited user ids, which become application resources like
//! v3's; v1 and v3 both give `recruiter` and `coordinator`; v3 adds `preferred_name`. Problems in
//! the candidates themselves are `greenhouse`'s to report.

use super::{At, Context};
use crate::json::{field_path, nullable};
use crate::json_stream::{Item, Splitter};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use unmask_model::{ArtifactKind, Subject, SubjectKind, SubjectRef};

/// Ref prefixes of the resources; `greenhouse_join` reads them back.
pub const APPLICATION: &str = "greenhouse-application";
pub const SOURCE: &str = "greenhouse-source";
pub const USER: &str = "greenhouse-user";

/// Which resource a file holds.
#[derive(Clone, Copy)]
pub enum Resource {
    Applications,
    Sources,
    Users,
}

#[derive(Deserialize)]
struct Named {
    #[serde(default)]
    name: Option<String>,
}

/// A user as another record names it (`credited_to`, `recruiter`, `coordinator`). `employee_id`
/// is a string in v1 and an integer in v3 and is not read.
#[derive(Deserialize)]
struct UserRef {
    #[serde(default)]
    id: Option<u64>,
    #[serde(flatten)]
    name: UserName,
}

impl UserName {
    fn display(&self) -> Option<String> {
        let name = match self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            Some(name) => name.trim().to_string(),
            None => format!(
                "{} {}",
                self.first_name.as_deref().unwrap_or(""),
                self.last_name.as_deref().unwrap_or("")
            )
            .trim()
            .to_string(),
        };
        (!name.is_empty()).then_some(name)
    }
}

#[derive(Deserialize)]
struct AppSource {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    public_name: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<Named>,
}

#[derive(Deserialize)]
struct AppLocation {
    #[serde(default)]
    address: Option<String>,
}

/// An application: v3 `GET /v3/applications` (with `candidate_id`) or one of a v1 candidate's
/// nested `applications[]`.
#[derive(Deserialize)]
struct Application {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    candidate_id: Option<u64>,
    #[serde(default)]
    applied_at: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    source: Option<AppSource>,
    #[serde(default)]
    credited_to: Option<UserRef>,
    #[serde(default)]
    location: Option<AppLocation>,
}

#[derive(Deserialize)]
struct Source {
    id: u64,
    #[serde(default)]
    name: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<Named>,
}

#[derive(Deserialize)]
struct User {
    id: u64,
    #[serde(flatten)]
    name: UserName,
    #[serde(default)]
    primary_email_address: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    emails: Vec<String>,
    #[serde(default)]
    disabled: Option<bool>,
}

#[derive(Deserialize)]
struct UserName {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
}

/// What the candidates file adds beyond `greenhouse`'s reading.
#[derive(Deserialize)]
struct CandidateExtras {
    id: u64,
    #[serde(default)]
    preferred_name: Option<String>,
    #[serde(default)]
    recruiter: Option<UserRef>,
    #[serde(default)]
    coordinator: Option<UserRef>,
    #[serde(default, deserialize_with = "nullable")]
    applications: Vec<Application>,
}

/// One record of a resource file and where it starts. In an array a field is named by the
/// record's index (`[3].source.id`); in JSON lines by its line alone, as `greenhouse` does.
struct Record<'b> {
    bytes: &'b [u8],
    line: u64,
    offset: u64,
    prefix: String,
}

impl Record<'_> {
    /// A field of this record, as problems name it.
    fn field(&self, path: &str) -> String {
        field_path(&self.prefix, path)
    }

    fn at<'f>(&self, field: &'f str) -> At<'f> {
        At {
            line: Some(self.line),
            offset: Some(self.offset),
            field,
        }
    }

    /// Read the record as `T`; with `report`, a wrong or missing field is an error naming
    /// `[index].path` and its line.
    fn read<T: for<'de> Deserialize<'de>>(&self, ctx: &mut Context<'_>, report: bool) -> Option<T> {
        crate::json::read_record(ctx, self.bytes, self.line, &self.prefix, report)
    }
}

/// Hand each record of `text` to `each`. With `report`, what cannot be split is an error.
fn records(
    ctx: &mut Context<'_>,
    text: &str,
    report: bool,
    mut each: impl FnMut(&mut Context<'_>, &Record<'_>),
) {
    let mut splitter = Splitter::new(text.as_bytes(), &[]);
    let array = text.trim_start().starts_with('[');
    let mut index = 0usize;
    loop {
        let located = match splitter.next_record() {
            Ok(Some(located)) => located,
            Ok(None) => return,
            Err(_) => {
                if report {
                    let at = At {
                        line: None,
                        offset: None,
                        field: "",
                    };
                    ctx.error(at, "not a JSON array or JSON lines of records");
                }
                return;
            }
        };
        let at = At {
            line: Some(located.line),
            offset: Some(located.offset),
            field: "",
        };
        match located.item {
            Item::Record(bytes) => {
                let record = Record {
                    bytes,
                    line: located.line,
                    offset: located.offset,
                    prefix: if array {
                        format!("[{index}]")
                    } else {
                        String::new()
                    },
                };
                each(ctx, &record);
            }
            Item::TooLarge(n) if report => {
                ctx.error(at, format!("record of {n} bytes is over the 1 MiB limit"))
            }
            Item::Truncated if report => ctx.error(
                at,
                "malformed JSON: the file ends inside a record (truncated file?)",
            ),
            Item::Stray(b) if report => ctx.error(
                at,
                format!("malformed JSON: unexpected `{}`", char::from(b)),
            ),
            _ => {}
        }
        index += 1;
    }
}

/// Parse a resource file.
pub fn parse(ctx: &mut Context<'_>, text: &str, resource: Resource) {
    records(ctx, text, true, |ctx, record| match resource {
        Resource::Applications => {
            let Some(a) = record.read::<Application>(ctx, true) else {
                return;
            };
            let (Some(id), Some(candidate)) = (a.id, a.candidate_id) else {
                let field = record.field(if a.id.is_none() { "id" } else { "candidate_id" });
                ctx.error(
                    record.at(&field),
                    "missing field: an application needs `id` and `candidate_id`",
                );
                return;
            };
            ctx.parsed.records += 1;
            application(ctx, record, &id.to_string(), candidate, &a);
            // v1 keeps the location on the nested application, which `greenhouse` observes;
            // here it is the candidate's claim, as there.
            if let Some(address) = a.location.as_ref().and_then(|l| l.address.as_deref()) {
                let result = ctx.canon.text(ArtifactKind::ClaimedLocation, address);
                let field = record.field("location.address");
                let subject = SubjectRef::new("greenhouse", &candidate.to_string());
                ctx.observe(&subject, "application", record.at(&field), result);
            }
        }
        Resource::Sources => {
            let Some(s) = record.read::<Source>(ctx, true) else {
                return;
            };
            ctx.parsed.records += 1;
            let mut attributes = BTreeMap::new();
            if let Some(kind) = s.kind.and_then(|k| k.name).filter(|k| !k.trim().is_empty()) {
                attributes.insert("type".to_string(), kind.trim().to_string());
            }
            let name = s.name.unwrap_or_default();
            push(
                ctx,
                record,
                SubjectRef::new(SOURCE, &s.id.to_string()),
                name,
                attributes,
            );
        }
        Resource::Users => {
            let Some(u) = record.read::<User>(ctx, true) else {
                return;
            };
            ctx.parsed.records += 1;
            let id = SubjectRef::new(USER, &u.id.to_string());
            let mut attributes = BTreeMap::new();
            if u.disabled == Some(true) {
                attributes.insert("disabled".to_string(), "true".to_string());
            }
            // Staff mailboxes, kept as observations of the user (never a candidate's).
            let primary = u.primary_email_address.iter();
            for (i, email) in primary.chain(u.emails.iter()).enumerate() {
                let field = if i == 0 && u.primary_email_address.is_some() {
                    record.field("primary_email_address")
                } else {
                    let n = i - usize::from(u.primary_email_address.is_some());
                    record.field(&format!("emails[{n}]"))
                };
                let result = ctx.canon.email(email);
                ctx.observe(&id, "staff", record.at(&field), result);
            }
            push(
                ctx,
                record,
                id,
                u.name.display().unwrap_or_default(),
                attributes,
            );
        }
    });
}

/// The second pass over a candidates file (see the module doc): silent about records that do
/// not read, which `greenhouse` reports.
pub fn candidate_extras(ctx: &mut Context<'_>, text: &str) {
    let index: HashMap<String, usize> = ctx
        .parsed
        .batch
        .subjects
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str().to_string(), i))
        .collect();
    records(ctx, text, false, |ctx, record| {
        let Some(c) = record.read::<CandidateExtras>(ctx, false) else {
            return;
        };
        let id = SubjectRef::new("greenhouse", &c.id.to_string());
        if let Some(preferred) = c.preferred_name.as_deref() {
            // Harvest v3's preferred name: a second name of the same person, as payroll's
            // names are read against the applied-under name.
            let field = record.field("preferred_name");
            let result = ctx.canon.name(preferred);
            ctx.observe(&id, "preferred", record.at(&field), result);
        }
        if let Some(&i) = index.get(id.as_str()) {
            let attributes = &mut ctx.parsed.batch.subjects[i].attributes;
            for (key, user) in [("recruiter", &c.recruiter), ("coordinator", &c.coordinator)] {
                let Some(user) = user else { continue };
                if let Some(name) = user.name.display() {
                    attributes.insert(key.to_string(), name);
                }
                if let Some(uid) = user.id {
                    attributes.insert(format!("{key}_id"), uid.to_string());
                }
            }
        }
        for (n, a) in c.applications.iter().enumerate() {
            // An application without an id (not in Harvest's output) is still one of this
            // candidate's, keyed by its place.
            let key = match a.id {
                Some(aid) => aid.to_string(),
                None => format!("{}.{n}", c.id),
            };
            application(ctx, record, &key, c.id, a);
        }
    });
}

/// Keep one application as a resource: what the join needs to type its source and resolve the
/// user it is credited to.
fn application(
    ctx: &mut Context<'_>,
    record: &Record<'_>,
    key: &str,
    candidate: u64,
    a: &Application,
) {
    let mut attributes = BTreeMap::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
            attributes.insert(k.to_string(), v);
        }
    };
    put("candidate_id", Some(candidate.to_string()));
    put("applied_at", a.applied_at.clone());
    put("status", a.status.clone());
    if let Some(s) = &a.source {
        put("source_id", s.id.map(|id| id.to_string()));
        put("source_name", s.public_name.clone());
        put("source_type", s.kind.as_ref().and_then(|k| k.name.clone()));
    }
    if let Some(u) = &a.credited_to {
        put("credited_to_id", u.id.map(|id| id.to_string()));
        put("credited_to", u.name.display());
    }
    push(
        ctx,
        record,
        SubjectRef::new(APPLICATION, key),
        String::new(),
        attributes,
    );
}

fn push(
    ctx: &mut Context<'_>,
    record: &Record<'_>,
    id: SubjectRef,
    name: String,
    attributes: BTreeMap<String, String>,
) {
    let provenance = ctx.provenance(Some(record.line), Some(record.offset));
    ctx.parsed.batch.subjects.push(Subject {
        id,
        kind: SubjectKind::Resource,
        name: name.trim().to_string().into(),
        attributes,
        provenance,
    });
}
