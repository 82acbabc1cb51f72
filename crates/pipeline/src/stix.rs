//! `unmask export --format stix`: a STIX 2.1 bundle of the high-risk personas, for sharing with
//! an ISAC or a peer.
//!
//! What goes out, per *group* (a persona cluster with any member at or above the risk threshold,
//! or a subject at or above it that is in no cluster, as a one-member group):
//! - one `threat-actor` for the suspected operator behind the group;
//! - one SCO per shareable identifier its members hold: `email-addr`, `ipv4-addr`/`ipv6-addr`,
//!   `user-account` for a profile on a known site (`account_type` is the site,
//!   `account_login` the handle), `domain-name` for a personal website's host (never a
//!   multi-tenant host such as `drive.google.com`), `url` for a link, whole;
//! - one `observed-data` referencing those SCOs;
//! - one `indicator` per SCO, with a `relationship` `indicates` to the threat actor and
//!   `based-on` to the observed data.
//!
//! Only those identifiers leave: never names, phone numbers, postal addresses, bank-account
//! hashes, device serials, resume text or claims (the match below has no arm that could emit
//! them). Work emails on employee records (issued by the exporting company), declared benign
//! artifacts and hubs (held by more than [`HUB_LIMIT`] parties, probably an organisation's) are
//! left out too. Descriptions carry group ids, counts, finding kinds and risk, never values.
//!
//! Every object has a deterministic id. SCOs follow STIX 2.1 section 2.9: UUIDv5 in the STIX
//! namespace over the canonical JSON of the ID contributing properties. SDOs and SROs use UUIDv5
//! in unmask's namespace over stable keys (producer, group id, SCO id), so exporting the same
//! analysis again gives the same ids, and a recipient's platform updates objects rather than
//! duplicating them. The TLP marking is one of the four TLP 1.0 `marking-definition` objects
//! predefined by STIX 2.1 (section 7.2.1.4), copied with their fixed ids; TLP 2.0's `clear` is
//! TLP 1.0's `white`.

use crate::{Config, PipelineError};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use unmask_linkage::reuse::HUB_LIMIT;
use unmask_linkage::Benign;
use unmask_model::canon::{is_handle, is_shared_host};
use unmask_model::{ArtifactKind, Observation, Severity, SubjectKind, SubjectRef};
use unmask_store::{Analysis, Dataset, Store};
use uuid::Uuid;

/// The STIX 2.1 namespace for SCO ids (section 2.9).
const SCO_NAMESPACE: Uuid = Uuid::from_u128(0x00ab_edb4_aa42_466c_9c01_fed2_3315_a9b7);
/// unmask's namespace for SDO, SRO and bundle ids. Never change it: ids would change with it.
const UNMASK_NAMESPACE: Uuid = Uuid::from_u128(0x567e_fd13_5e66_4023_a74a_54da_22ba_e752);
const SPEC_VERSION: &str = "2.1";
/// Findings named in descriptions, strongest first.
const FINDINGS_SHOWN: usize = 3;

/// Traffic Light Protocol level of the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tlp {
    /// TLP 2.0's name for TLP 1.0 `white`; exported as TLP:WHITE.
    Clear,
    White,
    Green,
    Amber,
    Red,
}

impl Tlp {
    /// The predefined STIX 2.1 TLP 1.0 marking definition, as the specification gives it.
    fn definition(self) -> MarkingDefinition {
        let (id, tlp) = match self {
            Tlp::Clear | Tlp::White => ("613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"),
            Tlp::Green => ("34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"),
            Tlp::Amber => ("f88d31f6-486f-44da-b317-01333bde0b82", "amber"),
            Tlp::Red => ("5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"),
        };
        MarkingDefinition {
            spec_version: SPEC_VERSION,
            id: format!("marking-definition--{id}"),
            created: "2017-01-20T00:00:00.000Z".into(),
            definition_type: "tlp",
            name: format!("TLP:{}", tlp.to_ascii_uppercase()),
            definition: TlpDefinition { tlp },
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub tlp: Tlp,
    /// Name of the producing organisation, the `identity` every object is `created_by_ref`.
    pub producer: String,
    /// Groups with a member at or above this risk are exported.
    pub min_risk: u8,
    /// `created`, `modified`, `valid_from` and the observation window of every object.
    pub as_of: DateTime<Utc>,
}

/// What [`build`] put in the bundle, for the CLI to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub groups: usize,
    pub indicators: usize,
    /// Groups at or above the threshold left out because their members hold nothing shareable.
    pub nothing_shareable: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bundle {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    pub objects: Vec<Object>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Object {
    MarkingDefinition(MarkingDefinition),
    Identity(Identity),
    ThreatActor(ThreatActor),
    ObservedData(ObservedData),
    Indicator(Indicator),
    Relationship(Relationship),
    EmailAddr(Address),
    #[serde(rename = "ipv4-addr")]
    Ipv4Addr(Address),
    #[serde(rename = "ipv6-addr")]
    Ipv6Addr(Address),
    DomainName(Address),
    Url(Address),
    UserAccount(UserAccount),
}

impl Object {
    pub fn id(&self) -> &str {
        match self {
            Object::MarkingDefinition(o) => &o.id,
            Object::Identity(o) => &o.common.id,
            Object::ThreatActor(o) => &o.common.id,
            Object::ObservedData(o) => &o.common.id,
            Object::Indicator(o) => &o.common.id,
            Object::Relationship(o) => &o.common.id,
            Object::EmailAddr(o)
            | Object::Ipv4Addr(o)
            | Object::Ipv6Addr(o)
            | Object::DomainName(o)
            | Object::Url(o) => &o.id,
            Object::UserAccount(o) => &o.id,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MarkingDefinition {
    pub spec_version: &'static str,
    pub id: String,
    pub created: String,
    pub definition_type: &'static str,
    pub name: String,
    pub definition: TlpDefinition,
}

#[derive(Debug, Clone, Serialize)]
pub struct TlpDefinition {
    pub tlp: &'static str,
}

/// The properties every SDO and SRO here carries.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub spec_version: &'static str,
    pub id: String,
    pub created_by_ref: String,
    pub created: String,
    pub modified: String,
    pub object_marking_refs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub identity_class: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThreatActor {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub description: String,
    pub threat_actor_types: Vec<&'static str>,
    pub confidence: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObservedData {
    #[serde(flatten)]
    pub common: Common,
    pub first_observed: String,
    pub last_observed: String,
    pub number_observed: u32,
    pub object_refs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub description: String,
    pub indicator_types: Vec<&'static str>,
    pub pattern: String,
    pub pattern_type: &'static str,
    pub pattern_version: &'static str,
    pub valid_from: String,
    pub confidence: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relationship {
    #[serde(flatten)]
    pub common: Common,
    pub relationship_type: &'static str,
    pub source_ref: String,
    pub target_ref: String,
}

/// `email-addr`, `ipv4-addr`, `ipv6-addr` and `domain-name`: a value and nothing else.
#[derive(Debug, Clone, Serialize)]
pub struct Address {
    pub spec_version: &'static str,
    pub id: String,
    pub value: String,
    pub object_marking_refs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserAccount {
    pub spec_version: &'static str,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    pub account_login: String,
    pub object_marking_refs: Vec<String>,
}

/// The bundle for everything stored, with the benign declarations of `config` left out.
pub fn build(
    store: &mut dyn Store,
    config: &Config,
    options: &Options,
) -> Result<(Bundle, Summary), PipelineError> {
    let data = crate::load(store)?;
    let analysis = store.load_analysis()?;
    let canon = crate::canonicalizer(store, config)?;
    let benign = config.benign(&canon)?;
    Ok(bundle(&data, &analysis, &benign, options))
}

/// One shareable identifier as an SCO, before markings are known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Observable {
    Email(String),
    Ipv4(String),
    Ipv6(String),
    Domain(String),
    Url(String),
    Account { site: Option<String>, login: String },
}

/// A DNS name as `domain-name` holds it (RFC 5890 allows Unicode labels): labels of letters,
/// digits and `-`, 1 to 63 bytes each, at least two of them, 253 bytes at most.
fn is_domain_name(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').count() >= 2
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// A canonical web link (`model::canon::url`): `https` or `ftp`, a host, and only printable
/// ASCII without quotes, angle brackets or backslashes (the canonical form escapes them).
fn is_web_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("ftp://"))
    else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && rest
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'\\' | b'`'))
}

impl Observable {
    /// The shareable SCO for an observation, or `None` for everything that must not leave.
    fn of(o: &Observation, holder: SubjectKind) -> Option<Self> {
        let value = o.artifact.canonical.expose();
        if value.is_empty() {
            return None;
        }
        match o.artifact.kind {
            // The exporting company issued its employees' work addresses.
            ArtifactKind::Email if holder == SubjectKind::Employee && o.role == "work" => None,
            ArtifactKind::Email => Some(Observable::Email(value.clone())),
            ArtifactKind::IpAddress => match value.parse::<IpAddr>().ok()? {
                IpAddr::V4(ip) => Some(Observable::Ipv4(ip.to_string())),
                IpAddr::V6(ip) => Some(Observable::Ipv6(ip.to_string())),
            },
            // `site:handle`, see `model::canon::profile`.
            ArtifactKind::Profile => {
                let (site, handle) = value.split_once(':')?;
                // Stored before handles were checked at ingest: markup or a `javascript:` link
                // is never shared as an account, nor junk as a domain.
                let valid = if site == "web" {
                    is_domain_name(handle)
                } else {
                    is_handle(handle) && is_handle(site)
                };
                if !valid {
                    return None;
                }
                Some(match site {
                    // Never a multi-tenant host (`drive.google.com`): stored `web:` profiles
                    // from before hosts were told apart may still name one.
                    "web" if is_shared_host(handle) => return None,
                    "web" => Observable::Domain(handle.to_string()),
                    "handle" => Observable::Account {
                        site: None,
                        login: handle.to_string(),
                    },
                    // The one site in STIX's account-type vocabulary, under its old name.
                    "x" => Observable::Account {
                        site: Some("twitter".into()),
                        login: handle.to_string(),
                    },
                    _ => Observable::Account {
                        site: Some(site.to_string()),
                        login: handle.to_string(),
                    },
                })
            }
            // The whole link, normalised: one file or page, whatever its host.
            ArtifactKind::Url if is_web_url(value) => Some(Observable::Url(value.clone())),
            ArtifactKind::Url => None,
            // Listed so that a new kind has to be decided here: none of these is ever shared.
            ArtifactKind::PersonName
            | ArtifactKind::Phone
            | ArtifactKind::PostalAddress
            | ArtifactKind::BankAccount
            | ArtifactKind::DeviceSerial
            | ArtifactKind::ResumeText
            | ArtifactKind::ClaimedNationality
            | ArtifactKind::ClaimedLocation
            | ArtifactKind::Employer => None,
        }
    }

    fn stix_type(&self) -> &'static str {
        match self {
            Observable::Email(_) => "email-addr",
            Observable::Ipv4(_) => "ipv4-addr",
            Observable::Ipv6(_) => "ipv6-addr",
            Observable::Domain(_) => "domain-name",
            Observable::Url(_) => "url",
            Observable::Account { .. } => "user-account",
        }
    }

    /// The ID contributing properties and their values (STIX 2.1 section 6).
    fn contributing(&self) -> Vec<(&'static str, &str)> {
        match self {
            Observable::Email(v) | Observable::Ipv4(v) | Observable::Ipv6(v) => vec![("value", v)],
            Observable::Domain(v) | Observable::Url(v) => vec![("value", v)],
            Observable::Account { site, login } => {
                let mut props = vec![("account_login", login.as_str())];
                if let Some(site) = site {
                    props.push(("account_type", site.as_str()));
                }
                props
            }
        }
    }

    /// `type--UUIDv5(STIX namespace, canonical JSON of the contributing properties)`.
    fn id(&self) -> String {
        let props: BTreeMap<&str, &str> = self.contributing().into_iter().collect();
        format!(
            "{}--{}",
            self.stix_type(),
            Uuid::new_v5(&SCO_NAMESPACE, canonical_json(&props).as_bytes())
        )
    }

    fn pattern(&self) -> String {
        let t = self.stix_type();
        let mut props = self.contributing();
        // `account_type` first reads better: `[user-account:account_type = 'github' AND ...]`.
        props.reverse();
        let terms: Vec<String> = props
            .into_iter()
            .map(|(k, v)| format!("{t}:{k} = '{}'", escape_pattern(v)))
            .collect();
        format!("[{}]", terms.join(" AND "))
    }

    fn label(&self) -> String {
        match self {
            Observable::Email(_) => "Email address".into(),
            Observable::Ipv4(_) | Observable::Ipv6(_) => "IP address".into(),
            Observable::Domain(_) => "Personal website domain".into(),
            Observable::Url(_) => "Link".into(),
            Observable::Account { site: Some(s), .. } => format!("Account on {s}"),
            Observable::Account { site: None, .. } => "Online handle".into(),
        }
    }

    fn object(&self, marking: &str) -> Object {
        let markings = vec![marking.to_string()];
        let address = |value: &str| Address {
            spec_version: SPEC_VERSION,
            id: self.id(),
            value: value.to_string(),
            object_marking_refs: markings.clone(),
        };
        match self {
            Observable::Email(v) => Object::EmailAddr(address(v)),
            Observable::Ipv4(v) => Object::Ipv4Addr(address(v)),
            Observable::Ipv6(v) => Object::Ipv6Addr(address(v)),
            Observable::Domain(v) => Object::DomainName(address(v)),
            Observable::Url(v) => Object::Url(address(v)),
            Observable::Account { site, login } => Object::UserAccount(UserAccount {
                spec_version: SPEC_VERSION,
                id: self.id(),
                account_type: site.clone(),
                account_login: login.clone(),
                object_marking_refs: markings,
            }),
        }
    }
}

/// RFC 8785 canonical JSON of string properties: keys sorted (ASCII keys, so byte order is
/// UTF-16 order), no whitespace, serde_json's string escapes (the same as JCS).
fn canonical_json(props: &BTreeMap<&str, &str>) -> String {
    let members: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{}:{}", json_string(k), json_string(v)))
        .collect();
    format!("{{{}}}", members.join(","))
}

fn json_string(s: &str) -> String {
    // Serialising a `&str` cannot fail; the fallback keeps library code free of `unwrap`.
    serde_json::to_string(s).unwrap_or_default()
}

/// A STIX pattern string literal body: `\` and `'` escaped with a backslash.
fn escape_pattern(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\'', "\\'")
}

/// An SDO or SRO id: UUIDv5 in unmask's namespace over the JSON array of `key`.
fn sdo_id(stix_type: &str, key: &[&str]) -> String {
    let name = serde_json::to_string(key).unwrap_or_default();
    format!(
        "{stix_type}--{}",
        Uuid::new_v5(&UNMASK_NAMESPACE, name.as_bytes())
    )
}

/// STIX timestamps: UTC, milliseconds, `Z`.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// STIX confidence on the None/Low/Med/High scale (STIX 2.1 appendix A). Risk is a rule-based
/// score, not a probability, so three bands say what it supports and no more.
fn confidence(risk: u8) -> u8 {
    match risk {
        0 => 0,
        1..=29 => 15,
        30..=69 => 50,
        _ => 85,
    }
}

/// A cluster with a member at or above the threshold, or a lone subject at or above it.
struct Group<'a> {
    id: String,
    members: Vec<&'a SubjectRef>,
    in_cluster: bool,
}

/// The bundle from loaded data; [`build`] is the entry point with a store.
pub fn bundle(
    data: &Dataset,
    analysis: &Analysis,
    benign: &Benign,
    options: &Options,
) -> (Bundle, Summary) {
    let now = timestamp(options.as_of);
    let marking = options.tlp.definition();
    let producer = sdo_id("identity", &["identity", &options.producer]);
    let common = |id: String| Common {
        spec_version: SPEC_VERSION,
        id,
        created_by_ref: producer.clone(),
        created: now.clone(),
        modified: now.clone(),
        object_marking_refs: vec![marking.id.clone()],
    };

    let risk: BTreeMap<&SubjectRef, u8> = analysis.risk.iter().map(|(s, r)| (s, *r)).collect();
    let risk_of = |s: &SubjectRef| risk.get(s).copied().unwrap_or(0);
    let kinds: BTreeMap<&SubjectRef, SubjectKind> =
        data.subjects.iter().map(|s| (&s.id, s.kind)).collect();
    let groups = groups(data, analysis, &risk_of, options.min_risk);

    // Holders per artifact across everything stored, to leave out organisations' hubs.
    let mut holders: BTreeMap<(ArtifactKind, &str), BTreeSet<&SubjectRef>> = BTreeMap::new();
    for o in &data.observations {
        holders
            .entry((o.artifact.kind, o.artifact.canonical.expose().as_str()))
            .or_default()
            .insert(&o.subject);
    }
    let mut by_subject: BTreeMap<&SubjectRef, Vec<&Observation>> = BTreeMap::new();
    for o in &data.observations {
        by_subject.entry(&o.subject).or_default().push(o);
    }
    let mut strongest: BTreeMap<&SubjectRef, BTreeMap<&str, Severity>> = BTreeMap::new();
    for f in analysis
        .findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
    {
        let worst = strongest
            .entry(&f.subject)
            .or_default()
            .entry(f.kind.as_str())
            .or_insert(f.severity);
        *worst = (*worst).max(f.severity);
    }

    let mut summary = Summary::default();
    let mut observables: BTreeMap<String, Observable> = BTreeMap::new();
    let mut objects: Vec<Object> = Vec::new();
    for group in &groups {
        // The group's shareable identifiers and which members hold each.
        let mut held: BTreeMap<Observable, BTreeSet<&SubjectRef>> = BTreeMap::new();
        for member in &group.members {
            let kind = kinds.get(member).copied().unwrap_or(SubjectKind::Candidate);
            for o in by_subject.get(member).into_iter().flatten() {
                let (artifact, value) = (o.artifact.kind, o.artifact.canonical.expose());
                let hub = holders
                    .get(&(artifact, value.as_str()))
                    .is_some_and(|h| h.len() > HUB_LIMIT);
                if hub || benign.label_for(artifact, value).is_some() {
                    continue;
                }
                if let Some(observable) = Observable::of(o, kind) {
                    held.entry(observable).or_default().insert(member);
                }
            }
        }
        if held.is_empty() {
            summary.nothing_shareable += 1;
            continue;
        }
        summary.groups += 1;
        let top = risk_of_group(group, &risk_of);
        let findings = findings_text(group, &strongest);
        let actor = sdo_id("threat-actor", &[&producer, "threat-actor", &group.id]);
        let observed = sdo_id("observed-data", &[&producer, "observed-data", &group.id]);
        let n = group.members.len();
        let who = if group.in_cluster {
            format!(
                "unmask persona cluster {}: {n} candidate and employee records that unmask \
                 believes one actor runs",
                group.id
            )
        } else {
            format!(
                "unmask subject {}: one candidate or employee record, in no persona cluster",
                group.id
            )
        };
        objects.push(Object::ThreatActor(ThreatActor {
            common: common(actor.clone()),
            name: format!("Suspected persona operator {}", group.id),
            description: format!(
                "The operator behind {who}. Highest risk {top} of 100; strongest findings: \
                 {findings}."
            ),
            threat_actor_types: vec!["unknown"],
            confidence: confidence(top),
        }));
        let mut refs = Vec::new();
        for (observable, members) in &held {
            let sco = observable.id();
            refs.push(sco.clone());
            observables.insert(sco.clone(), observable.clone());
            let indicator = sdo_id("indicator", &[&producer, "indicator", &group.id, &sco]);
            let risk = members.iter().map(|m| risk_of(m)).max().unwrap_or(0);
            let held_by = if n == 1 {
                format!("risk {risk} of 100")
            } else {
                format!(
                    "held by {} of its {n} records, highest risk {risk} of 100",
                    members.len()
                )
            };
            objects.push(Object::Indicator(Indicator {
                common: common(indicator.clone()),
                name: format!(
                    "{} of suspected persona operator {}",
                    observable.label(),
                    group.id
                ),
                description: format!(
                    "{} of the operator behind {who}; {held_by}. It identifies the persona, \
                     not a compromised system. Strongest findings of the group: {findings}.",
                    observable.label()
                ),
                indicator_types: vec!["attribution"],
                pattern: observable.pattern(),
                pattern_type: "stix",
                pattern_version: SPEC_VERSION,
                valid_from: now.clone(),
                confidence: confidence(risk),
            }));
            summary.indicators += 1;
            for (relationship_type, target) in [("indicates", &actor), ("based-on", &observed)] {
                objects.push(Object::Relationship(Relationship {
                    common: common(sdo_id(
                        "relationship",
                        &[
                            &producer,
                            "relationship",
                            &indicator,
                            relationship_type,
                            target,
                        ],
                    )),
                    relationship_type,
                    source_ref: indicator.clone(),
                    target_ref: target.clone(),
                }));
            }
        }
        // unmask knows which records hold the values, not when they were used: the window is
        // the export time, when the stored records still show them.
        objects.push(Object::ObservedData(ObservedData {
            common: common(observed),
            first_observed: now.clone(),
            last_observed: now.clone(),
            number_observed: 1,
            object_refs: refs,
        }));
    }

    let mut all = vec![
        Object::MarkingDefinition(marking.clone()),
        Object::Identity(Identity {
            common: common(producer.clone()),
            name: options.producer.clone(),
            identity_class: "organization",
        }),
    ];
    // One SCO per identifier, however many groups share it.
    all.extend(observables.values().map(|o| o.object(&marking.id)));
    all.extend(objects);
    let mut key: Vec<&str> = vec!["bundle", &now];
    key.extend(all.iter().map(Object::id));
    let bundle = Bundle {
        kind: "bundle",
        id: sdo_id("bundle", &key),
        objects: all,
    };
    (bundle, summary)
}

fn groups<'a>(
    data: &'a Dataset,
    analysis: &'a Analysis,
    risk_of: &dyn Fn(&SubjectRef) -> u8,
    min_risk: u8,
) -> Vec<Group<'a>> {
    let mut clustered: BTreeSet<&SubjectRef> = BTreeSet::new();
    let mut groups = Vec::new();
    for c in &analysis.clusters {
        clustered.extend(c.members.iter());
        if c.members.iter().any(|m| risk_of(m) >= min_risk) {
            let mut members: Vec<&SubjectRef> = c.members.iter().collect();
            members.sort();
            groups.push(Group {
                id: c.id.clone(),
                members,
                in_cluster: true,
            });
        }
    }
    for s in &data.subjects {
        if s.kind.is_person_of_interest()
            && !clustered.contains(&s.id)
            && risk_of(&s.id) >= min_risk
        {
            groups.push(Group {
                // Shaped like a cluster id but not one: the ref itself (an ATS or HR id) stays
                // inside the company.
                id: format!("sg-{}", &unmask_model::stable_key(&[s.id.as_str()])[..12]),
                members: vec![&s.id],
                in_cluster: false,
            });
        }
    }
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    groups
}

fn risk_of_group(group: &Group<'_>, risk_of: &dyn Fn(&SubjectRef) -> u8) -> u8 {
    group.members.iter().map(|m| risk_of(m)).max().unwrap_or(0)
}

/// `shared_identifier (high), persona_cluster (high)`: the strongest finding kinds of the group.
fn findings_text(
    group: &Group<'_>,
    strongest: &BTreeMap<&SubjectRef, BTreeMap<&str, Severity>>,
) -> String {
    let mut kinds: BTreeMap<&str, Severity> = BTreeMap::new();
    for m in &group.members {
        for (kind, severity) in strongest.get(m).into_iter().flatten() {
            let worst = kinds.entry(kind).or_insert(*severity);
            *worst = (*worst).max(*severity);
        }
    }
    let mut kinds: Vec<(&str, Severity)> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = kinds
        .iter()
        .take(FINDINGS_SHOWN)
        .map(|(k, s)| format!("{k} ({s})"))
        .collect();
    if shown.is_empty() {
        "none above info".into()
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use unmask_linkage::BenignEntry;
    use unmask_model::{Artifact, Cluster, Finding, Provenance, Sensitive, Subject};

    fn subject(id: &str, kind: SubjectKind, name: &str) -> Subject {
        Subject {
            id: SubjectRef(id.into()),
            kind,
            name: Sensitive::new(name.into()),
            attributes: BTreeMap::new(),
            provenance: Provenance::new("f", "test"),
        }
    }

    fn observe(subject: &str, kind: ArtifactKind, role: &str, canonical: &str) -> Observation {
        Observation {
            subject: SubjectRef(subject.into()),
            artifact: Artifact {
                kind,
                canonical: Sensitive::new(canonical.into()),
                masked: "***".into(),
                detail: None,
            },
            role: role.into(),
            provenance: Provenance::new("f", "test"),
        }
    }

    fn finding(subject: &str, kind: &str, severity: Severity) -> Finding {
        Finding {
            subject: SubjectRef(subject.into()),
            kind: kind.into(),
            severity,
            explanation: "Jane Roe and John Doe share +14155550123".into(),
            evidence: Vec::new(),
            at: None,
        }
    }

    #[test]
    fn stored_junk_is_never_an_indicator() {
        use ArtifactKind as K;
        let of = |kind, canonical| {
            Observable::of(
                &observe("greenhouse:1", kind, "website", canonical),
                SubjectKind::Candidate,
            )
            .map(|o| o.stix_type())
        };
        assert_eq!(of(K::Profile, "handle:javascript:alert(1)"), None);
        assert_eq!(of(K::Profile, "handle:<script>alert(1)</script>"), None);
        assert_eq!(of(K::Profile, "github:<b>x</b>"), None);
        assert_eq!(of(K::Profile, "web:javascript:alert(1)"), None);
        assert_eq!(of(K::Profile, "web:<img src=x>.example"), None);
        assert_eq!(of(K::Url, "javascript:alert(1)"), None);
        assert_eq!(of(K::Url, "https://x.example/\"><script>"), None);
        assert_eq!(of(K::Profile, "github:smartdev0725"), Some("user-account"));
        assert_eq!(
            of(K::Profile, "web:dev-portfolio.example"),
            Some("domain-name")
        );
        assert_eq!(
            of(K::Url, "https://dev-portfolio.example/cv.pdf"),
            Some("url")
        );
    }

    /// Two personas in one cluster (a and b), a lone high-risk candidate (c), a low-risk one (d).
    fn world() -> (Dataset, Analysis) {
        use ArtifactKind as K;
        let data = Dataset {
            subjects: vec![
                subject("greenhouse:1", SubjectKind::Candidate, "Jane Roe"),
                subject("employee:E1", SubjectKind::Employee, "John Doe"),
                subject("greenhouse:3", SubjectKind::Candidate, "Kim Lee"),
                subject("greenhouse:4", SubjectKind::Candidate, "Ann Innocent"),
            ],
            observations: vec![
                observe("greenhouse:1", K::PersonName, "legal", "jane roe"),
                observe(
                    "greenhouse:1",
                    K::Email,
                    "personal",
                    "smartdev0725@gmail.com",
                ),
                observe("greenhouse:1", K::Phone, "mobile", "+14155550123"),
                observe("greenhouse:1", K::Profile, "social", "github:smartdev0725"),
                observe(
                    "greenhouse:1",
                    K::Profile,
                    "website",
                    "web:smartdev.example",
                ),
                observe(
                    "greenhouse:1",
                    K::ResumeText,
                    "claimed",
                    "senior rust developer",
                ),
                observe("employee:E1", K::Email, "work", "jdoe@acme.example"),
                observe("employee:E1", K::Phone, "mobile", "+14155550123"),
                observe("employee:E1", K::BankAccount, "payout", "9f86d081884c7d65"),
                observe(
                    "employee:E1",
                    K::PostalAddress,
                    "home",
                    "1 elm st|denver|us",
                ),
                observe("employee:E1", K::IpAddress, "sign_in", "198.51.100.7"),
                observe("employee:E1", K::IpAddress, "sign_in", "203.0.113.1"),
                observe("employee:E1", K::DeviceSerial, "serial", "C02XK0AAJG5H"),
                observe(
                    "greenhouse:3",
                    K::Email,
                    "personal",
                    "o'brien\\dev@example.org",
                ),
                observe("greenhouse:3", K::Profile, "social", "x:kimdev"),
                observe("greenhouse:3", K::Profile, "social", "handle:kimdev"),
                observe("greenhouse:3", K::IpAddress, "sign_in", "2001:db8::1"),
                observe("greenhouse:4", K::Email, "personal", "ann@example.net"),
            ],
            relations: Vec::new(),
            ..Dataset::default()
        };
        let analysis = Analysis {
            findings: vec![
                finding("greenhouse:1", "shared_identifier", Severity::High),
                finding("employee:E1", "shared_identifier", Severity::High),
                finding("employee:E1", "hired_name_mismatch", Severity::Medium),
                finding("employee:E1", "same_person", Severity::Info),
                finding("greenhouse:3", "probable_persona_link", Severity::High),
                finding("greenhouse:4", "shared_reference", Severity::Low),
            ],
            clusters: vec![Cluster {
                id: "cl-0123456789ab".into(),
                members: vec![
                    SubjectRef("greenhouse:1".into()),
                    SubjectRef("employee:E1".into()),
                ],
                edges: Vec::new(),
            }],
            risk: vec![
                (SubjectRef("greenhouse:1".into()), 75),
                (SubjectRef("employee:E1".into()), 80),
                (SubjectRef("greenhouse:3".into()), 75),
                (SubjectRef("greenhouse:4".into()), 15),
            ],
        };
        (data, analysis)
    }

    fn options() -> Options {
        Options {
            tlp: Tlp::Amber,
            producer: "Example Corp".into(),
            min_risk: 70,
            as_of: DateTime::parse_from_rfc3339("2026-03-01T12:30:45.123456+01:00")
                .expect("time")
                .with_timezone(&Utc),
        }
    }

    fn benign() -> Benign {
        let mut b = Benign::default();
        b.add(
            BenignEntry::Artifact {
                kind: ArtifactKind::IpAddress,
                canonical: "203.0.113.1".into(),
            },
            "Office egress",
        );
        b
    }

    fn export(options: &Options) -> (Value, Summary) {
        let (data, analysis) = world();
        let (bundle, summary) = bundle(&data, &analysis, &benign(), options);
        let json = serde_json::to_value(&bundle).expect("serialises");
        (json, summary)
    }

    fn objects<'a>(bundle: &'a Value, stix_type: &str) -> Vec<&'a Value> {
        bundle["objects"]
            .as_array()
            .expect("objects")
            .iter()
            .filter(|o| o["type"] == stix_type)
            .collect()
    }

    fn patterns(bundle: &Value) -> Vec<&str> {
        let mut p: Vec<&str> = objects(bundle, "indicator")
            .iter()
            .filter_map(|o| o["pattern"].as_str())
            .collect();
        p.sort_unstable();
        p
    }

    #[test]
    fn sco_ids_follow_the_stix_algorithm() {
        // Expected ids computed independently with Python 3.11:
        //   ns = uuid.UUID('00abedb4-aa42-466c-9c01-fed23315a9b7')
        //   uuid.uuid5(ns, json.dumps(props, separators=(',', ':'), sort_keys=True))
        // and confirmed with the OASIS `stix2` 3.0.2 library (`EmailAddress(value=...).id`).
        assert_eq!(
            Observable::Email("smartdev0725@gmail.com".into()).id(),
            "email-addr--248c0402-93a4-558d-9ab8-5c177ed53bbd"
        );
        assert_eq!(
            Observable::Account {
                site: Some("github".into()),
                login: "smartdev0725".into()
            }
            .id(),
            "user-account--2757e166-5dd5-5390-9761-4fd9a1a5e7cd"
        );
        assert_eq!(
            Observable::Ipv4("198.51.100.7".into()).id(),
            "ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db"
        );
    }

    #[test]
    fn pattern_literals_escape_quotes_and_backslashes() {
        assert_eq!(escape_pattern(r"o'brien\dev"), r"o\'brien\\dev");
        assert_eq!(
            Observable::Email(r"o'brien\dev@example.org".into()).pattern(),
            r"[email-addr:value = 'o\'brien\\dev@example.org']"
        );
        assert_eq!(
            Observable::Account {
                site: Some("github".into()),
                login: "smartdev0725".into()
            }
            .pattern(),
            "[user-account:account_type = 'github' AND user-account:account_login = 'smartdev0725']"
        );
    }

    #[test]
    fn shareable_identifiers_of_high_risk_groups_only() {
        let (bundle, summary) = export(&options());
        assert_eq!(
            summary,
            Summary {
                groups: 2,
                indicators: 8,
                nothing_shareable: 0
            }
        );
        assert_eq!(
            patterns(&bundle),
            vec![
                r"[domain-name:value = 'smartdev.example']",
                r"[email-addr:value = 'o\'brien\\dev@example.org']",
                r"[email-addr:value = 'smartdev0725@gmail.com']",
                r"[ipv4-addr:value = '198.51.100.7']",
                r"[ipv6-addr:value = '2001:db8::1']",
                r"[user-account:account_login = 'kimdev']",
                r"[user-account:account_type = 'github' AND user-account:account_login = 'smartdev0725']",
                r"[user-account:account_type = 'twitter' AND user-account:account_login = 'kimdev']",
            ]
        );
        let actors: Vec<&str> = objects(&bundle, "threat-actor")
            .iter()
            .filter_map(|o| o["name"].as_str())
            .collect();
        let lone = format!("sg-{}", &unmask_model::stable_key(&["greenhouse:3"])[..12]);
        assert_eq!(
            actors,
            vec![
                "Suspected persona operator cl-0123456789ab".to_string(),
                format!("Suspected persona operator {lone}")
            ]
        );
        let description = objects(&bundle, "threat-actor")[0]["description"]
            .as_str()
            .expect("description");
        assert!(
            description.contains("cl-0123456789ab: 2 candidate and employee records")
                && description.contains("risk 80 of 100")
                && description.contains("shared_identifier (high), hired_name_mismatch (medium)"),
            "{description}"
        );
    }

    #[test]
    fn names_phones_banks_addresses_and_text_never_leave() {
        let (bundle, _) = export(&Options {
            min_risk: 1,
            ..options()
        });
        let text = bundle.to_string();
        for secret in [
            "Jane Roe",
            "jane roe",
            "John Doe",
            "Kim Lee",
            "4155550123",
            "9f86d081884c7d65",
            "elm st",
            "rust developer",
            "C02XK0AAJG5H",
            "jdoe@acme.example",
            "203.0.113.1",
            "greenhouse:",
            "employee:",
        ] {
            assert!(!text.contains(secret), "`{secret}` in the bundle");
        }
        // The low-risk candidate comes in at `--min-risk 1`, and only her email.
        assert!(text.contains("ann@example.net"));
    }

    #[test]
    fn every_object_is_marked_every_ref_resolves() {
        let (bundle, _) = export(&options());
        let all = bundle["objects"].as_array().expect("objects");
        let ids: BTreeSet<&str> = all.iter().filter_map(|o| o["id"].as_str()).collect();
        assert_eq!(ids.len(), all.len(), "ids are unique");
        let amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
        assert_eq!(objects(&bundle, "marking-definition")[0]["id"], amber);
        let producer = objects(&bundle, "identity")[0]["id"].clone();
        for o in all.iter().filter(|o| o["type"] != "marking-definition") {
            assert_eq!(o["object_marking_refs"], serde_json::json!([amber]), "{o}");
            assert_eq!(o["spec_version"], "2.1");
            let sco = o.get("created").is_none();
            assert!(sco || o["created_by_ref"] == producer, "{o}");
            for key in ["source_ref", "target_ref", "created_by_ref"] {
                if let Some(r) = o[key].as_str() {
                    assert!(ids.contains(r), "{key} {r} does not resolve");
                }
            }
            for r in o["object_refs"].as_array().into_iter().flatten() {
                assert!(ids.contains(r.as_str().unwrap_or("")), "{r}");
            }
            if o["type"] != "identity" && !sco {
                assert_eq!(o["created"], "2026-03-01T11:30:45.123Z");
            }
        }
        let rels: Vec<(&str, &str)> = objects(&bundle, "relationship")
            .iter()
            .filter_map(|r| Some((r["relationship_type"].as_str()?, r["source_ref"].as_str()?)))
            .collect();
        assert_eq!(rels.len(), 2 * objects(&bundle, "indicator").len());
    }

    #[test]
    fn the_same_analysis_gives_the_same_bundle() {
        let (first, _) = export(&options());
        let (again, _) = export(&options());
        assert_eq!(first.to_string(), again.to_string());
        // Another export time is a new version of the same objects: same ids, new bundle.
        let later = Options {
            as_of: options().as_of + chrono::Duration::days(1),
            ..options()
        };
        let (next, _) = export(&later);
        let ids = |b: &Value| -> Vec<String> {
            b["objects"]
                .as_array()
                .expect("objects")
                .iter()
                .map(|o| o["id"].to_string())
                .collect()
        };
        assert_eq!(ids(&first), ids(&next));
        assert_ne!(first["id"], next["id"]);
        assert_ne!(first.to_string(), next.to_string());
    }

    #[test]
    fn clear_is_tlp_white_and_the_producer_changes_sdo_ids() {
        let (clear, _) = export(&Options {
            tlp: Tlp::Clear,
            ..options()
        });
        let white = &objects(&clear, "marking-definition")[0];
        assert_eq!(
            white["id"],
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
        );
        assert_eq!(white["name"], "TLP:WHITE");
        let (other, _) = export(&Options {
            producer: "Other Corp".into(),
            ..options()
        });
        let first = |b: &Value, t: &str| objects(b, t)[0]["id"].clone();
        assert_ne!(first(&clear, "indicator"), first(&other, "indicator"));
        assert_eq!(first(&clear, "email-addr"), first(&other, "email-addr"));
    }

    #[test]
    fn hubs_and_groups_with_nothing_shareable_stay_out() {
        let (mut data, analysis) = world();
        // Eleven other holders of the IP: an organisation's egress, not a persona's.
        for i in 0..HUB_LIMIT {
            data.observations.push(observe(
                &format!("greenhouse:h{i}"),
                ArtifactKind::IpAddress,
                "sign_in",
                "198.51.100.7",
            ));
        }
        // The lone candidate now only has a phone.
        data.observations
            .retain(|o| o.subject.as_str() != "greenhouse:3");
        data.observations.push(observe(
            "greenhouse:3",
            ArtifactKind::Phone,
            "mobile",
            "+14155550199",
        ));
        let (bundle, summary) = bundle(&data, &analysis, &benign(), &options());
        assert_eq!(summary.groups, 1);
        assert_eq!(summary.nothing_shareable, 1);
        let text = serde_json::to_string(&bundle).expect("serialises");
        assert!(!text.contains("198.51.100.7") && !text.contains("4155550199"));
    }

    /// Issue 12: a link is shared whole as a `url`; a multi-tenant host is never a
    /// `domain-name`, even as a `web:` profile stored before hosts were told apart.
    #[test]
    fn links_go_out_whole_and_shared_hosts_never_as_domains() {
        let (mut data, analysis) = world();
        for (kind, value) in [
            (
                ArtifactKind::Url,
                "https://drive.google.com/file/d/1LzPayloadXyZ/view",
            ),
            (ArtifactKind::Profile, "web:drive.google.com"),
        ] {
            data.observations
                .push(observe("greenhouse:3", kind, "website", value));
        }
        let (bundle, _) = bundle(&data, &analysis, &benign(), &options());
        let bundle = serde_json::to_value(&bundle).expect("serialises");
        let values = |t: &str| -> Vec<String> {
            objects(&bundle, t)
                .iter()
                .map(|o| o["value"].as_str().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(
            values("url"),
            ["https://drive.google.com/file/d/1LzPayloadXyZ/view"]
        );
        assert_eq!(values("domain-name"), ["smartdev.example"]);
        assert!(patterns(&bundle)
            .contains(&"[url:value = 'https://drive.google.com/file/d/1LzPayloadXyZ/view']"));
    }

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        assert_eq!(timestamp(options().as_of), "2026-03-01T11:30:45.123Z");
        let whole = DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        assert_eq!(timestamp(whole), "2026-03-01T00:00:00.000Z");
    }
}
