//! STIX 2.1 bundles (`{"type": "bundle", "id": "bundle--...", "objects": [...]}`): indicators
//! whose patterns name values unmask can match, observed data, and who they are attributed to.
//!
//! - `indicator` with `pattern_type` `stix`: each supported comparison of the pattern
//!   (see [`super::stix_pattern`]) becomes one indicator with the STIX id and validity window.
//!   Patterns beyond the supported subset, and other pattern languages, skip the indicator with a
//!   warning; a pattern that does not parse rejects the file.
//! - `observed-data`: each supported cyber-observable it names, through `object_refs` (2.1) or
//!   its own `objects` dictionary (2.0), becomes an indicator without a validity window.
//! - `threat-actor`, `intrusion-set`, `identity` and `relationship` (`indicates`,
//!   `attributed-to`, `related-to`) give the description its attribution and the source its
//!   creator.
//!
//! Where an id appears in several versions, the newest `modified` counts. Revoked objects are
//! skipped with a warning; other object types are legitimate STIX and ignored.

use super::stix_pattern::{self, Field, Op};
use super::{At, Context};
use crate::intel::{self, Meta, Observable};
use crate::json::{self, Lines, Part};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap};

#[derive(Deserialize)]
struct Bundle<'a> {
    #[serde(rename = "type")]
    kind: String,
    id: String,
    #[serde(default, borrow)]
    objects: Vec<&'a RawValue>,
}

/// What every STIX object has.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "type")]
    kind: String,
    id: String,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    revoked: Option<bool>,
    #[serde(default)]
    created_by_ref: Option<String>,
}

#[derive(Deserialize)]
struct IndicatorObject {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    pattern_type: Option<String>,
    #[serde(default)]
    valid_from: Option<String>,
    #[serde(default)]
    valid_until: Option<String>,
    #[serde(default)]
    confidence: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ObservedData<'a> {
    #[serde(default)]
    object_refs: Vec<String>,
    #[serde(default, borrow)]
    objects: BTreeMap<String, &'a RawValue>,
    #[serde(default)]
    confidence: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ScoType {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct Sco {
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    account_login: Option<String>,
}

#[derive(Deserialize)]
struct Named {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct Relationship {
    relationship_type: String,
    source_ref: String,
    target_ref: String,
}

/// Object types read here; a revoked one is skipped with a warning, others silently.
const HANDLED: [&str; 6] = [
    "indicator",
    "observed-data",
    "threat-actor",
    "intrusion-set",
    "identity",
    "relationship",
];

/// Relationship types that attribute an indicator or observed data to an actor.
const ATTRIBUTING: [&str; 3] = ["indicates", "attributed-to", "related-to"];

struct Actor {
    intrusion_set: bool,
    name: String,
    aliases: Vec<String>,
}

impl Actor {
    fn describe(&self) -> String {
        let what = if self.intrusion_set {
            "intrusion set "
        } else {
            ""
        };
        let aliases: Vec<&str> = self
            .aliases
            .iter()
            .map(String::as_str)
            .filter(|a| *a != self.name)
            .collect();
        if aliases.is_empty() {
            format!("attributed to {what}{}", self.name)
        } else {
            format!(
                "attributed to {what}{} (aliases {})",
                self.name,
                aliases.join(", ")
            )
        }
    }
}

/// The bundle as read so far: what indicators need from other objects.
struct Bundled<'a> {
    text: &'a str,
    lines: Lines,
    bundle_id: String,
    parts: Vec<Part<'a>>,
    /// The newest version of each id, by index in `parts`.
    by_id: HashMap<String, usize>,
    identities: HashMap<String, String>,
    actors: HashMap<String, Actor>,
    /// Relationships by source: (type, target).
    relations: HashMap<String, Vec<(String, String)>>,
}

impl Bundled<'_> {
    fn source(&self, head: &Head) -> String {
        match head
            .created_by_ref
            .as_ref()
            .and_then(|r| self.identities.get(r))
        {
            Some(creator) => format!("{} ({creator})", self.bundle_id),
            None => self.bundle_id.clone(),
        }
    }

    /// "attributed to ..." for each actor the object is related to, directly or through an
    /// intrusion set attributed to a threat actor.
    fn attribution(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |s: String| {
            if !out.contains(&s) {
                out.push(s);
            }
        };
        for (kind, target) in self.relations.get(id).into_iter().flatten() {
            if !ATTRIBUTING.contains(&kind.as_str()) {
                continue;
            }
            let Some(actor) = self.actors.get(target) else {
                continue;
            };
            add(actor.describe());
            if !actor.intrusion_set {
                continue;
            }
            for (kind, behind) in self.relations.get(target).into_iter().flatten() {
                if kind == "attributed-to" {
                    if let Some(a) = self.actors.get(behind).filter(|a| !a.intrusion_set) {
                        add(a.describe());
                    }
                }
            }
        }
        out
    }
}

pub fn parse(ctx: &mut Context<'_>, text: &str) {
    let first = text.trim_start().chars().next();
    if first != Some('{') {
        let what = if first.is_none() {
            "the file is empty"
        } else {
            "the file is not a JSON object"
        };
        ctx.error(
            At {
                line: Some(1),
                offset: Some(0),
                field: "",
            },
            format!("{what}; expected a STIX bundle (`{{\"type\": \"bundle\", ...}}`)"),
        );
        return;
    }
    let Some(bundle) = json::read_envelope::<Bundle>(ctx, text) else {
        return;
    };
    if bundle.kind != "bundle" {
        ctx.error(
            At {
                line: Some(1),
                offset: Some(0),
                field: "type",
            },
            format!(
                "expected a STIX bundle (`\"type\": \"bundle\"`), found `{}`",
                json::shorten(&bundle.kind)
            ),
        );
        return;
    }
    let lines = Lines::new(text);
    let parts: Vec<Part> = bundle
        .objects
        .iter()
        .map(|raw| Part::new(text, &lines, raw))
        .collect();
    let mut b = Bundled {
        text,
        lines,
        bundle_id: bundle.id,
        parts,
        by_id: HashMap::new(),
        identities: HashMap::new(),
        actors: HashMap::new(),
        relations: HashMap::new(),
    };

    let heads: Vec<Option<Head>> = b
        .parts
        .iter()
        .enumerate()
        .map(|(i, part)| part.read::<Head>(ctx, &format!("objects[{i}]")))
        .collect();
    for (i, head) in heads.iter().enumerate() {
        let Some(head) = head else { continue };
        let newer = match b.by_id.get(&head.id).and_then(|&j| heads[j].as_ref()) {
            Some(seen) => head.modified >= seen.modified,
            None => true,
        };
        if newer {
            b.by_id.insert(head.id.clone(), i);
        }
    }
    let current: Vec<(usize, &Head)> = heads
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.as_ref().map(|h| (i, h)))
        .filter(|(i, h)| b.by_id.get(&h.id) == Some(i))
        .collect();

    // Everything indicators refer to, first.
    let mut revoked = vec![false; b.parts.len()];
    for &(i, head) in &current {
        if !HANDLED.contains(&head.kind.as_str()) {
            continue;
        }
        let prefix = format!("objects[{i}]");
        let part = b.parts[i];
        if head.revoked == Some(true) {
            revoked[i] = true;
            let field = format!("{prefix}.revoked");
            ctx.warn(part.at(&field), format!("{} skipped: revoked", head.id));
            continue;
        }
        match head.kind.as_str() {
            "identity" => {
                if let Some(name) = part.read::<Named>(ctx, &prefix).and_then(|n| n.name) {
                    b.identities.insert(head.id.clone(), intel::one_line(&name));
                }
            }
            "threat-actor" | "intrusion-set" => {
                let Some(named) = part.read::<Named>(ctx, &prefix) else {
                    continue;
                };
                let name = named
                    .name
                    .as_deref()
                    .map_or(head.id.clone(), intel::one_line);
                b.actors.insert(
                    head.id.clone(),
                    Actor {
                        intrusion_set: head.kind == "intrusion-set",
                        name,
                        aliases: named.aliases.iter().map(|a| intel::one_line(a)).collect(),
                    },
                );
            }
            "relationship" => {
                if let Some(r) = part.read::<Relationship>(ctx, &prefix) {
                    b.relations
                        .entry(r.source_ref)
                        .or_default()
                        .push((r.relationship_type, r.target_ref));
                }
            }
            _ => {}
        }
    }

    for &(i, head) in &current {
        if revoked[i] {
            continue;
        }
        let found = match head.kind.as_str() {
            "indicator" => indicator(ctx, &b, i, head),
            "observed-data" => observed_data(ctx, &b, i, head),
            _ => continue,
        };
        if found {
            ctx.parsed.records += 1;
        }
    }
    // Revoked objects were noticed first; report in file order.
    ctx.parsed.warnings.sort_by_key(|w| (w.line, w.offset));
}

/// One indicator object; returns whether it gave any indicator.
fn indicator(ctx: &mut Context<'_>, b: &Bundled<'_>, i: usize, head: &Head) -> bool {
    let prefix = format!("objects[{i}]");
    let part = b.parts[i];
    let Some(object) = part.read::<IndicatorObject>(ctx, &prefix) else {
        return false;
    };
    let field = |name: &str| format!("{prefix}.{name}");
    let mut ok = true;

    let valid_from = match &object.valid_from {
        Some(s) => timestamp(ctx, part, &field("valid_from"), s),
        None => {
            ctx.error(
                part.at(&field("valid_from")),
                "missing `valid_from` (required for indicators)",
            );
            None
        }
    };
    ok &= valid_from.is_some();
    let valid_until = match &object.valid_until {
        Some(s) => {
            let until = timestamp(ctx, part, &field("valid_until"), s);
            ok &= until.is_some();
            until
        }
        None => None,
    };
    if let (Some((_, from)), Some((_, until))) = (&valid_from, &valid_until) {
        if until <= from {
            ctx.error(
                part.at(&field("valid_until")),
                "`valid_until` must be later than `valid_from`",
            );
            ok = false;
        }
    }
    let confidence = confidence(ctx, part, &field("confidence"), object.confidence.as_ref());
    ok &= confidence.is_ok();

    let Some(pattern) = &object.pattern else {
        ctx.error(
            part.at(&field("pattern")),
            "missing `pattern` (required for indicators)",
        );
        return false;
    };
    // STIX 2.0 indicators have no `pattern_type`: their patterns are STIX patterns.
    let pattern_type = object.pattern_type.as_deref().unwrap_or("stix");
    if pattern_type != "stix" {
        if ok {
            ctx.warn(
                part.at(&field("pattern_type")),
                format!(
                    "{} skipped: pattern type `{}` is not supported (only `stix`)",
                    head.id,
                    json::shorten(pattern_type)
                ),
            );
        }
        return false;
    }
    let pattern_field = field("pattern");
    let at = part.at(&pattern_field);
    let parsed = match stix_pattern::parse(pattern) {
        Ok(p) => p,
        Err(e) => {
            ctx.error(at, e.to_string());
            return false;
        }
    };
    if !ok {
        return false;
    }
    let comparisons = match stix_pattern::comparisons(&parsed) {
        Ok(c) => c,
        Err(reasons) => {
            ctx.warn(at, format!("{} skipped: {}", head.id, reasons.join("; ")));
            return false;
        }
    };

    let mut description: Vec<String> = [&object.name, &object.description]
        .into_iter()
        .flatten()
        .map(|s| json::shorten(&intel::one_line(s)))
        .filter(|s| !s.is_empty())
        .collect();
    description.extend(b.attribution(&head.id));
    let meta = Meta {
        id: head.id.clone(),
        source: b.source(head),
        valid_from: valid_from.map(|(s, _)| s),
        valid_until: valid_until.map(|(s, _)| s),
        confidence: confidence.ok().flatten(),
        description: description.join("; "),
    };
    let mut found = false;
    for c in comparisons {
        let what = observable(c.field);
        let result = match c.op {
            Op::Equals | Op::IsSubset => intel::exact(ctx.canon, what, &c.value),
            Op::Like => intel::like(what, &c.value),
        };
        found |= intel::record(ctx, at, &meta, &head.id, result);
    }
    found
}

fn observable(field: Field) -> Observable {
    match field {
        Field::EmailAddr => Observable::Email,
        Field::Ipv4Addr => Observable::Ipv4,
        Field::Ipv6Addr => Observable::Ipv6,
        Field::DomainName => Observable::Domain,
        Field::Url => Observable::Url,
        Field::AccountLogin => Observable::Login,
    }
}

/// One observed-data object; returns whether it gave any indicator.
fn observed_data(ctx: &mut Context<'_>, b: &Bundled<'_>, i: usize, head: &Head) -> bool {
    let prefix = format!("objects[{i}]");
    let part = b.parts[i];
    let Some(object) = part.read::<ObservedData>(ctx, &prefix) else {
        return false;
    };
    let Ok(confidence) = confidence(
        ctx,
        part,
        &format!("{prefix}.confidence"),
        object.confidence.as_ref(),
    ) else {
        return false;
    };
    let meta = Meta {
        id: head.id.clone(),
        source: b.source(head),
        valid_from: None,
        valid_until: None,
        confidence,
        description: b.attribution(&head.id).join("; "),
    };
    // Observables found, of a supported type, giving an indicator.
    let (mut named, mut tried, mut found) = (0, 0, false);
    for (k, reference) in object.object_refs.iter().enumerate() {
        match b.by_id.get(reference) {
            Some(&j) => {
                named += 1;
                let target = format!("objects[{j}]");
                if let Some(r) = sco(ctx, b.parts[j], &target, part, &meta) {
                    tried += 1;
                    found |= r;
                }
            }
            None => {
                let field = format!("{prefix}.object_refs[{k}]");
                ctx.warn(
                    part.at(&field),
                    format!(
                        "{}: `{}` is not in the bundle",
                        head.id,
                        json::shorten(reference)
                    ),
                );
            }
        }
    }
    // STIX 2.0 keys are "0", "1", ...: in numeric order.
    let mut embedded: Vec<(&String, &&RawValue)> = object.objects.iter().collect();
    embedded.sort_by_key(|(k, _)| (k.parse::<u64>().unwrap_or(u64::MAX), k.as_str()));
    for (key, raw) in embedded {
        named += 1;
        let sco_part = Part::new(b.text, &b.lines, raw);
        let target = format!("{prefix}.objects.{key}");
        if let Some(r) = sco(ctx, sco_part, &target, part, &meta) {
            tried += 1;
            found |= r;
        }
    }
    if named > 0 && tried == 0 {
        let field = format!("{prefix}.object_refs");
        ctx.warn(
            part.at(&field),
            format!(
                "{} skipped: none of its objects is a supported observable (supported: {})",
                head.id,
                Field::supported_list()
            ),
        );
    }
    found
}

/// One cyber-observable named by observed data: `None` when its type is not one unmask
/// matches, else whether it gave an indicator. Messages name the observable's field; the
/// indicator's provenance is the observed data's.
fn sco(
    ctx: &mut Context<'_>,
    part: Part<'_>,
    prefix: &str,
    owner: Part<'_>,
    meta: &Meta,
) -> Option<bool> {
    let kind = part.read::<ScoType>(ctx, prefix)?.kind;
    let field = Field::ALL.into_iter().find(|f| f.object_type() == kind)?;
    let sco = part.read::<Sco>(ctx, prefix)?;
    let property = field.property();
    let value = match field {
        Field::AccountLogin => sco.account_login,
        _ => sco.value,
    };
    let name = format!("{prefix}.{property}");
    let at = At {
        line: Some(owner.line),
        offset: Some(owner.offset as u64),
        field: &name,
    };
    let Some(value) = value else {
        ctx.warn(
            at,
            format!("{}: `{kind}` object has no `{property}`", meta.id),
        );
        return Some(false);
    };
    let result = intel::exact(ctx.canon, observable(field), &value);
    Some(intel::record(ctx, at, meta, &meta.id, result))
}

/// An RFC 3339 timestamp in UTC, as STIX requires: the text as given and the instant.
fn timestamp(
    ctx: &mut Context<'_>,
    part: Part<'_>,
    field: &str,
    s: &str,
) -> Option<(String, chrono::DateTime<chrono::FixedOffset>)> {
    match chrono::DateTime::parse_from_rfc3339(s.trim()) {
        Ok(t) if t.offset().local_minus_utc() == 0 => Some((s.trim().to_string(), t)),
        Ok(_) => {
            ctx.error(
                part.at(field),
                format!(
                    "expected a UTC timestamp (`Z`), as STIX requires, found `{}`",
                    json::shorten(s)
                ),
            );
            None
        }
        Err(_) => {
            ctx.error(
                part.at(field),
                format!(
                    "expected an RFC 3339 timestamp such as `2024-01-31T00:00:00Z`, found `{}`",
                    json::shorten(s)
                ),
            );
            None
        }
    }
}

/// STIX `confidence`: an integer from 0 to 100, or absent.
fn confidence(
    ctx: &mut Context<'_>,
    part: Part<'_>,
    field: &str,
    value: Option<&serde_json::Value>,
) -> Result<Option<u8>, ()> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    match value.as_u64().and_then(|n| u8::try_from(n).ok()) {
        Some(n) if n <= 100 => Ok(Some(n)),
        _ => {
            ctx.error(
                part.at(field),
                format!(
                    "expected an integer from 0 to 100, found `{}`",
                    json::shorten(&value.to_string())
                ),
            );
            Err(())
        }
    }
}
