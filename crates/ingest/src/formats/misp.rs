//! MISP events in the MISP core format: one event (`{"Event": {...}}`), a `restSearch`
//! response (`{"response": [{"Event": {...}}, ...]}`) or an array of events.
//!
//! Attributes of the event and of its objects whose type names something unmask matches
//! (emails, IPs, domains and host names, URLs, GitHub usernames, phone numbers, IBANs) become
//! indicators keyed by the attribute `uuid`: `url`, `uri` and `link` a whole-URL indicator (a
//! profile for a URL on a profile site), `domain` and `hostname` a domain indicator, which a
//! multi-tenant host (`drive.google.com`) cannot be: such a value is skipped with a warning.
//! Other types are counted and reported once per type; deleted attributes and objects are left
//! out. The event's threat level becomes the confidence; its info, the attribute's category and
//! comment, tags and threat-actor galaxy clusters become the description. MISP `first_seen`/`last_seen` say when something was seen, not how long an
//! indicator holds, so indicators have no validity window.

use super::{At, Context};
use crate::intel::{self, Meta, Observable};
use crate::json::{self, nullable, Lines, Part};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Wrapped<'a> {
    #[serde(rename = "Event", borrow)]
    event: &'a RawValue,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "Event", default, borrow)]
    event: Option<&'a RawValue>,
    #[serde(default, borrow)]
    response: Option<Vec<Wrapped<'a>>>,
}

#[derive(Deserialize)]
struct Event<'a> {
    #[serde(default)]
    uuid: Option<String>,
    #[serde(default)]
    info: Option<String>,
    #[serde(default)]
    threat_level_id: Option<serde_json::Value>,
    #[serde(rename = "Attribute", default, borrow, deserialize_with = "nullable")]
    attributes: Vec<&'a RawValue>,
    #[serde(rename = "Object", default, borrow, deserialize_with = "nullable")]
    objects: Vec<MispObject<'a>>,
    #[serde(rename = "Tag", default, deserialize_with = "nullable")]
    tags: Vec<Tag>,
    #[serde(rename = "Galaxy", default, deserialize_with = "nullable")]
    galaxies: Vec<Galaxy>,
}

#[derive(Deserialize)]
struct MispObject<'a> {
    #[serde(default)]
    deleted: Flag,
    #[serde(rename = "Attribute", default, borrow, deserialize_with = "nullable")]
    attributes: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Attribute {
    #[serde(default)]
    uuid: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    deleted: Flag,
    #[serde(rename = "Tag", default, deserialize_with = "nullable")]
    tags: Vec<Tag>,
    #[serde(rename = "Galaxy", default, deserialize_with = "nullable")]
    galaxies: Vec<Galaxy>,
}

#[derive(Deserialize)]
struct Tag {
    name: String,
}

#[derive(Deserialize)]
struct Galaxy {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(rename = "GalaxyCluster", default, deserialize_with = "nullable")]
    clusters: Vec<Cluster>,
}

#[derive(Deserialize)]
struct Cluster {
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    meta: Option<ClusterMeta>,
}

#[derive(Deserialize)]
struct ClusterMeta {
    #[serde(default, deserialize_with = "nullable")]
    synonyms: Vec<String>,
}

/// MISP writes flags as `true`, `1` or `"1"` depending on version and endpoint.
#[derive(Default)]
struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        Ok(Flag(match serde_json::Value::deserialize(d)? {
            serde_json::Value::Null => false,
            serde_json::Value::Bool(b) => b,
            serde_json::Value::Number(n) => n.as_f64() != Some(0.0),
            serde_json::Value::String(s) => matches!(s.trim(), "1" | "true" | "True"),
            _ => return Err(D::Error::custom("expected a boolean")),
        }))
    }
}

/// How an attribute type's value is read: one observable, or `domain|ip` as two.
fn observables(kind: &str) -> Option<&'static [Observable]> {
    Some(match kind {
        "email" | "email-src" | "email-dst" => &[Observable::Email],
        "ip-src" | "ip-dst" | "ip-src|port" | "ip-dst|port" => &[Observable::Ip],
        "domain" | "hostname" => &[Observable::Domain],
        "domain|ip" => &[Observable::Domain, Observable::Ip],
        "url" | "uri" | "link" => &[Observable::Url],
        "github-username" => &[Observable::GithubUser],
        "phone-number" => &[Observable::Phone],
        "iban" => &[Observable::Iban],
        _ => return None,
    })
}

/// What the file's events share while they are read.
struct Reader<'t> {
    text: &'t str,
    lines: Lines,
    /// Attributes of types unmask does not match, by type: reported once per type.
    skipped: BTreeMap<String, usize>,
}

pub fn parse(ctx: &mut Context<'_>, text: &str) {
    let mut reader = Reader {
        text,
        lines: Lines::new(text),
        skipped: BTreeMap::new(),
    };
    let expected = "expected a MISP event: `{\"Event\": {...}}`, `{\"response\": [{\"Event\": {...}}]}` or `[{\"Event\": {...}}]`";
    let at_start = At {
        line: Some(1),
        offset: Some(0),
        field: "",
    };
    let events: Vec<(String, &RawValue)> = match text.trim_start().chars().next() {
        Some('[') => {
            let Some(list) = json::read_envelope::<Vec<Wrapped>>(ctx, text) else {
                return;
            };
            list.into_iter()
                .enumerate()
                .map(|(i, w)| (format!("[{i}].Event"), w.event))
                .collect()
        }
        Some('{') => {
            let Some(envelope) = json::read_envelope::<Envelope>(ctx, text) else {
                return;
            };
            match (envelope.event, envelope.response) {
                (Some(event), None) => vec![("Event".to_string(), event)],
                (None, Some(list)) => list
                    .into_iter()
                    .enumerate()
                    .map(|(i, w)| (format!("response[{i}].Event"), w.event))
                    .collect(),
                _ => {
                    ctx.error(at_start, expected);
                    return;
                }
            }
        }
        _ => {
            ctx.error(at_start, expected);
            return;
        }
    };
    for (prefix, raw) in events {
        let part = Part::new(text, &reader.lines, raw);
        event(ctx, &mut reader, part, &prefix);
    }
    for (kind, n) in &reader.skipped {
        let plural = if *n == 1 { "" } else { "s" };
        ctx.warn(
            At {
                line: None,
                offset: None,
                field: "",
            },
            format!(
                "{n} attribute{plural} of type `{}` skipped: not a kind unmask matches",
                json::shorten(kind)
            ),
        );
    }
}

/// Event-level facts every attribute's indicator carries.
struct EventFacts {
    source: String,
    info: String,
    confidence: Option<u8>,
    tags: Vec<String>,
    actors: Vec<String>,
}

fn event(ctx: &mut Context<'_>, reader: &mut Reader<'_>, part: Part<'_>, prefix: &str) {
    let Some(e) = part.read::<Event>(ctx, prefix) else {
        return;
    };
    let Some(uuid) = e.uuid.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
        let field = format!("{prefix}.uuid");
        ctx.error(part.at(&field), "missing `uuid`");
        return;
    };
    let field = format!("{prefix}.threat_level_id");
    let confidence = match threat_level(e.threat_level_id.as_ref()) {
        Ok(c) => c,
        Err(found) => {
            ctx.error(
                part.at(&field),
                format!("expected a threat level from 1 to 4, found `{found}`"),
            );
            return;
        }
    };
    let info = intel::one_line(e.info.as_deref().unwrap_or(""));
    let facts = EventFacts {
        source: format!("misp-event:{uuid} {}", json::shorten(&info))
            .trim_end()
            .to_string(),
        confidence,
        tags: e.tags.iter().map(|t| intel::one_line(&t.name)).collect(),
        actors: threat_actors(&e.galaxies),
        info,
    };
    let attributes = e
        .attributes
        .iter()
        .enumerate()
        .map(|(i, raw)| (format!("{prefix}.Attribute[{i}]"), *raw));
    let in_objects = e
        .objects
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.deleted.0)
        .flat_map(|(j, o)| {
            o.attributes
                .iter()
                .enumerate()
                .map(move |(k, raw)| (format!("{prefix}.Object[{j}].Attribute[{k}]"), *raw))
        });
    for (field, raw) in attributes.chain(in_objects) {
        let part = Part::new(reader.text, &reader.lines, raw);
        if attribute(ctx, reader, part, &field, &facts) {
            ctx.parsed.records += 1;
        }
    }
}

/// One attribute; returns whether it gave any indicator.
fn attribute(
    ctx: &mut Context<'_>,
    reader: &mut Reader<'_>,
    part: Part<'_>,
    prefix: &str,
    facts: &EventFacts,
) -> bool {
    let Some(a) = part.read::<Attribute>(ctx, prefix) else {
        return false;
    };
    if a.deleted.0 {
        return false;
    }
    let Some(uuid) = a.uuid.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
        let field = format!("{prefix}.uuid");
        ctx.error(part.at(&field), "missing `uuid`");
        return false;
    };
    let Some(kinds) = observables(&a.kind) else {
        *reader.skipped.entry(a.kind).or_default() += 1;
        return false;
    };
    let label = format!("attribute {uuid} (`{}`)", a.kind);
    let field = format!("{prefix}.value");
    let at = part.at(&field);
    let value = a.value.as_deref().unwrap_or("");
    // `domain|ip` holds both; `ip-src|port` an address and a port.
    let values: Vec<&str> = if kinds.len() == 2 {
        match value.split_once('|') {
            Some((domain, ip)) => vec![domain, ip],
            None => {
                ctx.warn(at, format!("{label} value skipped: expected `domain|ip`"));
                return false;
            }
        }
    } else if a.kind.ends_with("|port") {
        vec![value.split('|').next().unwrap_or("")]
    } else {
        vec![value]
    };

    let mut actors = facts.actors.clone();
    for actor in threat_actors(&a.galaxies) {
        if !actors.contains(&actor) {
            actors.push(actor);
        }
    }
    let mut tags = facts.tags.clone();
    for tag in &a.tags {
        let tag = intel::one_line(&tag.name);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let mut description = vec![facts.info.clone()];
    if let Some(category) = a.category.as_deref().map(intel::one_line) {
        description.push(format!("category: {category}"));
    }
    description.extend(
        a.comment
            .as_deref()
            .map(|c| json::shorten(&intel::one_line(c))),
    );
    if !tags.is_empty() {
        description.push(format!("tags: {}", tags.join(", ")));
    }
    description.extend(actors.iter().map(|a| format!("attributed to {a}")));
    description.retain(|d| !d.is_empty());
    let meta = Meta {
        id: uuid.to_string(),
        source: facts.source.clone(),
        valid_from: None,
        valid_until: None,
        confidence: facts.confidence,
        description: description.join("; "),
    };
    let mut found = false;
    for (what, raw) in kinds.iter().zip(values) {
        let result = intel::exact(ctx.canon, *what, raw);
        found |= intel::record(ctx, at, &meta, &label, result);
    }
    found
}

/// `threat_level_id` ("1" high ... "4" undefined, as a string or a number) as a STIX-like
/// confidence; the offending text when it is none of those.
fn threat_level(value: Option<&serde_json::Value>) -> Result<Option<u8>, String> {
    let level = match value {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(other) => other.to_string(),
    };
    match level.as_str() {
        "1" => Ok(Some(85)),
        "2" => Ok(Some(50)),
        "3" => Ok(Some(15)),
        "4" => Ok(None),
        _ => Err(json::shorten(&level)),
    }
}

/// Threat-actor galaxy clusters as `name (aliases ...)`.
fn threat_actors(galaxies: &[Galaxy]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for galaxy in galaxies {
        if galaxy.kind.as_deref() != Some("threat-actor") {
            continue;
        }
        for cluster in &galaxy.clusters {
            let Some(name) = cluster.value.as_deref().map(intel::one_line) else {
                continue;
            };
            let aliases: Vec<String> = cluster
                .meta
                .iter()
                .flat_map(|m| m.synonyms.iter())
                .map(|s| intel::one_line(s))
                .filter(|s| *s != name)
                .collect();
            let actor = if aliases.is_empty() {
                name
            } else {
                format!("{name} (aliases {})", aliases.join(", "))
            };
            if !out.contains(&actor) {
                out.push(actor);
            }
        }
    }
    out
}
