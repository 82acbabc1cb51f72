//! Greenhouse Harvest API candidates, as `GET /v1/candidates` returns them: a JSON array of
//! candidate objects (JSON lines, one candidate per line, are accepted too).
//!
//! Unknown fields are ignored; the fields unmask uses are typed, so a wrong type is reported with
//! its path (`applications[0].source.public_name`). Custom fields whose key names a nationality,
//! location or resume text become claims; other custom fields are kept as attributes.

use super::{At, Context};
use crate::json::without_position;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use unmask_model::canon::{MAX_SHORT, MAX_TEXT};
use unmask_model::{ArtifactKind, Subject, SubjectKind, SubjectRef};

fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize)]
struct Candidate {
    id: u64,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    company: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    phone_numbers: Vec<Typed>,
    #[serde(default, deserialize_with = "nullable")]
    email_addresses: Vec<Typed>,
    #[serde(default, deserialize_with = "nullable")]
    addresses: Vec<Typed>,
    #[serde(default, deserialize_with = "nullable")]
    website_addresses: Vec<Typed>,
    #[serde(default, deserialize_with = "nullable")]
    social_media_addresses: Vec<Typed>,
    #[serde(default, deserialize_with = "nullable")]
    applications: Vec<Application>,
    #[serde(default, deserialize_with = "nullable")]
    tags: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    employments: Vec<Employment>,
    #[serde(default, deserialize_with = "custom_fields")]
    custom_fields: CustomFields,
}

/// `custom_fields` as written: the values by key, and every key written more than once (JSON
/// leaves duplicates undefined; serde would keep the last without a word).
#[derive(Default)]
struct CustomFields {
    values: BTreeMap<String, serde_json::Value>,
    duplicates: Vec<String>,
}

impl CustomFields {
    fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.values.get(key)
    }
}

fn custom_fields<'de, D: Deserializer<'de>>(d: D) -> Result<CustomFields, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = CustomFields;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of custom fields")
        }
        fn visit_unit<E>(self) -> Result<CustomFields, E> {
            Ok(CustomFields::default())
        }
        fn visit_none<E>(self) -> Result<CustomFields, E> {
            Ok(CustomFields::default())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<CustomFields, D::Error> {
            d.deserialize_map(self)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<CustomFields, A::Error> {
            let mut fields = CustomFields::default();
            while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
                if fields.values.insert(key.clone(), value).is_some()
                    && !fields.duplicates.contains(&key)
                {
                    fields.duplicates.push(key);
                }
            }
            Ok(fields)
        }
    }
    d.deserialize_option(Visitor)
}

/// Longest custom field kept as an attribute; a longer one is skipped with a warning.
const MAX_CUSTOM_ATTRIBUTE: usize = 256;

#[derive(Deserialize)]
struct Typed {
    #[serde(default)]
    value: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

/// One entry of the candidate's employment history (Harvest `employments`).
#[derive(Deserialize)]
struct Employment {
    #[serde(default)]
    company_name: Option<String>,
}

#[derive(Deserialize)]
struct Application {
    #[serde(default)]
    source: Option<Source>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    applied_at: Option<String>,
    #[serde(default)]
    location: Option<Location>,
}

#[derive(Deserialize)]
struct Source {
    #[serde(default)]
    public_name: Option<String>,
    /// Harvest's source type (`Agencies`, `Job Board`, `Referral`...).
    #[serde(default, rename = "type")]
    kind: Option<SourceType>,
}

#[derive(Deserialize)]
struct SourceType {
    #[serde(default)]
    name: Option<String>,
}

impl Source {
    /// `Type: name` when the type is known (`Agencies: Northstar Partners`), else the name.
    fn label(&self) -> Option<String> {
        let name = self
            .public_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())?;
        Some(match self.kind.as_ref().and_then(|t| t.name.as_deref()) {
            Some(kind) if !kind.trim().is_empty() && !name.contains(kind) => {
                format!("{kind}: {name}")
            }
            _ => name.to_string(),
        })
    }
}

#[derive(Deserialize)]
struct Location {
    #[serde(default)]
    address: Option<String>,
}

/// Custom field keys that state the country a candidate lives in.
const STATED_COUNTRY: [&str; 3] = ["current_country", "country_of_residence", "country"];

/// Custom field keys that hold the IP address an application was sent from.
const APPLICATION_IP: [&str; 4] = ["application_ip", "applicant_ip", "ip_address", "source_ip"];

/// Custom field keys that carry claims unmask compares against evidence.
fn custom_field_kind(key: &str) -> Option<ArtifactKind> {
    let key = key.to_ascii_lowercase();
    if ["citizenship", "nationality", "country_of_citizenship"].contains(&key.as_str()) {
        Some(ArtifactKind::ClaimedNationality)
    } else if [
        "current_location",
        "location",
        "city",
        "country_of_residence",
    ]
    .contains(&key.as_str())
    {
        Some(ArtifactKind::ClaimedLocation)
    } else if ["resume_text", "resume", "cover_letter", "cover_letter_text"].contains(&key.as_str())
    {
        Some(ArtifactKind::ResumeText)
    } else {
        None
    }
}

pub fn parse(ctx: &mut Context<'_>, text: &str) {
    let bytes = text.as_bytes();
    let mut lines = LineIndex::new(bytes);
    let mut pos = skip_ws(bytes, 0);
    let array = bytes.get(pos) == Some(&b'[');
    if array {
        pos = skip_ws(bytes, pos + 1);
        if bytes.get(pos) == Some(&b']') {
            return;
        }
    } else if pos < bytes.len() && bytes[pos] != b'{' {
        ctx.error(
            At {
                line: Some(lines.line_of(pos)),
                offset: Some(pos as u64),
                field: "",
            },
            "expected a JSON array of candidates (`[`) or one candidate object per line",
        );
        return;
    }
    let mut index = 0usize;
    while pos < bytes.len() {
        let start = pos;
        let mut stream = serde_json::Deserializer::from_slice(&bytes[start..])
            .into_iter::<serde::de::IgnoredAny>();
        match stream.next() {
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                let line = lines.line_of(start) + e.line() as u64 - 1;
                ctx.error(
                    At {
                        line: Some(line),
                        offset: None,
                        field: "",
                    },
                    format!("malformed JSON: {}", without_position(&e)),
                );
                return;
            }
            None => break,
        }
        let end = start + stream.byte_offset();
        let line = lines.line_of(start);
        // In an array a field is named by the element's index; one object per line is named by
        // its line alone (a single-object file has no `[0]`).
        candidate(
            ctx,
            &bytes[start..end],
            array.then_some(index),
            line,
            start as u64,
        );
        index += 1;
        pos = skip_ws(bytes, end);
        if array {
            match bytes.get(pos) {
                Some(b',') => pos = skip_ws(bytes, pos + 1),
                Some(b']') => {
                    let rest = skip_ws(bytes, pos + 1);
                    if rest < bytes.len() {
                        ctx.error(
                            At {
                                line: Some(lines.line_of(rest)),
                                offset: Some(rest as u64),
                                field: "",
                            },
                            "unexpected data after the closing `]`",
                        );
                    }
                    return;
                }
                _ => {
                    ctx.error(
                        At {
                            line: Some(lines.line_of(pos)),
                            offset: Some(pos as u64),
                            field: "",
                        },
                        "malformed JSON: expected `,` or `]` after a candidate",
                    );
                    return;
                }
            }
        }
    }
    if array {
        ctx.error(
            At {
                line: Some(lines.line_of(bytes.len())),
                offset: Some(bytes.len() as u64),
                field: "",
            },
            "malformed JSON: the array is not closed with `]` (truncated file?)",
        );
    }
}

fn candidate(ctx: &mut Context<'_>, raw: &[u8], index: Option<usize>, line: u64, offset: u64) {
    let prefix = index.map(|i| format!("[{i}].")).unwrap_or_default();
    let de = &mut serde_json::Deserializer::from_slice(raw);
    let c: Candidate = match serde_path_to_error::deserialize(de) {
        Ok(c) => c,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let at_line = line + inner.line() as u64 - 1;
            let field = format!("{prefix}{path}");
            ctx.error(
                At {
                    line: Some(at_line),
                    offset: None,
                    field: &field,
                },
                without_position(&inner),
            );
            return;
        }
    };
    ctx.parsed.records += 1;
    let id = SubjectRef::new("greenhouse", &c.id.to_string());
    let name = format!(
        "{} {}",
        c.first_name.as_deref().unwrap_or(""),
        c.last_name.as_deref().unwrap_or("")
    );
    let at = |field: &str| -> String { format!("{prefix}{field}") };

    let mut attributes = BTreeMap::new();
    let sources: Vec<String> = c
        .applications
        .iter()
        .filter_map(|a| a.source.as_ref()?.label())
        .collect();
    if !sources.is_empty() {
        attributes.insert("source".to_string(), sources.join("; "));
    }
    let statuses: Vec<&str> = c
        .applications
        .iter()
        .filter_map(|a| a.status.as_deref())
        .collect();
    if !statuses.is_empty() {
        attributes.insert("status".to_string(), statuses.join("; "));
    }
    if let Some(applied) = c
        .applications
        .iter()
        .filter_map(|a| a.applied_at.as_deref())
        .min()
    {
        attributes.insert("applied_at".to_string(), applied.to_string());
    }
    // Kept as context, so bounded like every short value (`MAX_SHORT`): an oversized one is a
    // structural problem that rejects the file.
    let oversized = |ctx: &mut Context<'_>, field: String, value: &str| {
        let too_long = value.len() > MAX_SHORT;
        if too_long {
            ctx.error(
                At {
                    line: Some(line),
                    offset: Some(offset),
                    field: &field,
                },
                format!(
                    "value is {} bytes, more than the {MAX_SHORT}-byte limit",
                    value.len()
                ),
            );
        }
        too_long
    };
    for (key, value) in [
        ("company", &c.company),
        ("title", &c.title),
        ("created_at", &c.created_at),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            if !oversized(ctx, at(key), v) {
                attributes.insert(key.to_string(), v.to_string());
            }
        }
    }
    let mut tags_fit = true;
    for (i, tag) in c.tags.iter().enumerate() {
        tags_fit &= !oversized(ctx, at(&format!("tags[{i}]")), tag);
    }
    if !c.tags.is_empty() && tags_fit {
        attributes.insert("tags".to_string(), c.tags.join("; "));
    }
    for (i, a) in c.applications.iter().enumerate() {
        let source = a.source.as_ref();
        for (field, value) in [
            (
                "source.public_name",
                source.and_then(|s| s.public_name.as_deref()),
            ),
            (
                "source.type.name",
                source.and_then(|s| s.kind.as_ref()?.name.as_deref()),
            ),
            ("status", a.status.as_deref()),
            ("applied_at", a.applied_at.as_deref()),
        ] {
            if let Some(v) = value {
                oversized(ctx, at(&format!("applications[{i}].{field}")), v);
            }
        }
    }
    for key in &c.custom_fields.duplicates {
        ctx.warn(
            At {
                line: Some(line),
                offset: Some(offset),
                field: &at(&format!("custom_fields.{key}")),
            },
            format!("custom field `{key}` is given more than once; the last value is kept"),
        );
    }

    let pos = |field: &str| (Some(line), Some(offset), field.to_string());
    let observe = |ctx: &mut Context<'_>, role: &str, field: String, result| {
        ctx.observe(&id, role, place_at(&pos(&field)), result);
    };

    observe(ctx, "legal", at("first_name"), ctx.canon.name(&name));
    // A phone written without `+country` is read in a country the candidate's own record gives:
    // an address, an application's location, a stated country, in that order.
    let addresses = c.addresses.iter().filter_map(|a| a.value.as_deref());
    let locations = c
        .applications
        .iter()
        .filter_map(|a| a.location.as_ref()?.address.as_deref());
    let mut regions: Vec<&str> = addresses
        .chain(locations)
        .filter_map(unmask_model::canon::place_country)
        .collect();
    regions.extend(
        STATED_COUNTRY
            .iter()
            .filter_map(|key| c.custom_fields.get(key)?.as_str()),
    );
    for (i, p) in c.phone_numbers.iter().enumerate() {
        let role = p.kind.as_deref().unwrap_or("other");
        let place = pos(&at(&format!("phone_numbers[{i}].value")));
        let raw = p.value.as_deref().unwrap_or("");
        ctx.observe_phone(&id, role, place_at(&place), raw, &regions);
    }
    for (i, e) in c.email_addresses.iter().enumerate() {
        let role = e.kind.as_deref().unwrap_or("other");
        let result = ctx.canon.email(e.value.as_deref().unwrap_or(""));
        observe(
            ctx,
            role,
            at(&format!("email_addresses[{i}].value")),
            result,
        );
    }
    for (i, a) in c.addresses.iter().enumerate() {
        let role = a.kind.as_deref().unwrap_or("other");
        let (street, city, country) = split_address(a.value.as_deref().unwrap_or(""));
        let result = ctx.canon.address(&street, city, country);
        observe(ctx, role, at(&format!("addresses[{i}].value")), result);
    }
    // Links: a profile site's account, else the whole URL (and the host, when it is the
    // candidate's own rather than a cloud drive's or a link shortener's).
    let links = [
        ("website", "website_addresses", &c.website_addresses),
        (
            "social",
            "social_media_addresses",
            &c.social_media_addresses,
        ),
    ];
    for (role, list, entries) in links {
        for (i, entry) in entries.iter().enumerate() {
            let place = pos(&at(&format!("{list}[{i}].value")));
            let raw = entry.value.as_deref().unwrap_or("");
            ctx.observe_link(&id, role, place_at(&place), raw);
        }
    }
    for (i, a) in c.applications.iter().enumerate() {
        if let Some(address) = a.location.as_ref().and_then(|l| l.address.as_deref()) {
            let result = ctx.canon.text(ArtifactKind::ClaimedLocation, address);
            observe(
                ctx,
                "application",
                at(&format!("applications[{i}].location.address")),
                result,
            );
        }
    }
    // Employers: personas of one operator reuse the same small front companies.
    for (i, e) in c.employments.iter().enumerate() {
        if let Some(company) = e.company_name.as_deref().filter(|v| !v.trim().is_empty()) {
            let result = ctx.canon.employer(company);
            observe(
                ctx,
                "employment",
                at(&format!("employments[{i}].company_name")),
                result,
            );
        }
    }
    for (key, value) in &c.custom_fields.values {
        let Some(text) = value.as_str() else { continue };
        if APPLICATION_IP.contains(&key.to_ascii_lowercase().as_str()) {
            // Where the application was sent from: personas of one operator often share it.
            let result = ctx.canon.ip(text);
            observe(
                ctx,
                "application",
                at(&format!("custom_fields.{key}")),
                result,
            );
            continue;
        }
        match custom_field_kind(key) {
            Some(kind) => {
                let result = ctx.canon.text(kind, text);
                observe(ctx, "claimed", at(&format!("custom_fields.{key}")), result);
            }
            None if text.len() <= MAX_CUSTOM_ATTRIBUTE && !text.is_empty() => {
                attributes.insert(format!("custom.{key}"), text.to_string());
            }
            None if text.len() > MAX_TEXT => {
                let field = at(&format!("custom_fields.{key}"));
                oversized_text(ctx, line, offset, &field, text.len());
            }
            None if text.len() > MAX_CUSTOM_ATTRIBUTE => ctx.warn(
                At {
                    line: Some(line),
                    offset: Some(offset),
                    field: &at(&format!("custom_fields.{key}")),
                },
                format!(
                    "custom field `{key}` not kept: {} bytes, more than the {MAX_CUSTOM_ATTRIBUTE}-byte limit for context",
                    text.len()
                ),
            ),
            None => {}
        }
    }
    let provenance = ctx.provenance(Some(line), Some(offset));
    ctx.parsed.batch.subjects.push(Subject {
        id,
        kind: SubjectKind::Candidate,
        name: name.trim().to_string().into(),
        attributes,
        provenance,
    });
}

/// A custom field beyond even resume text's limit: a structural problem, as any oversized field.
fn oversized_text(ctx: &mut Context<'_>, line: u64, offset: u64, field: &str, len: usize) {
    ctx.error(
        At {
            line: Some(line),
            offset: Some(offset),
            field,
        },
        format!("value is {len} bytes, more than the {MAX_TEXT}-byte limit"),
    );
}

/// A value's place (line, offset, field) as the importers' `At`.
fn place_at(place: &(Option<u64>, Option<u64>, String)) -> At<'_> {
    At {
        line: place.0,
        offset: place.1,
        field: &place.2,
    }
}

/// Greenhouse keeps an address as one string; read `street, city, country` from its end.
pub fn split_address(value: &str) -> (String, &str, &str) {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    let n = parts.len();
    let known_country = |p: &str| unmask_model::canon::country_code(p).is_some();
    match n {
        0 | 1 => (value.trim().to_string(), "", ""),
        2 if known_country(parts[1]) => (String::new(), parts[0], parts[1]),
        2 => (parts[0].to_string(), parts[1], ""),
        _ => (parts[..n - 2].join(", "), parts[n - 2], parts[n - 1]),
    }
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
        pos += 1;
    }
    pos
}

/// Byte offset to line number, for offsets visited in increasing order.
struct LineIndex<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineIndex<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.pos..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.pos = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::{split_address, Source};

    #[test]
    fn a_source_keeps_its_type() {
        let label = |json: &str| {
            serde_json::from_str::<Source>(json)
                .expect("source")
                .label()
        };
        assert_eq!(
            label(r#"{"public_name":"Northwind","type":{"id":3,"name":"Agencies"}}"#).as_deref(),
            Some("Agencies: Northwind")
        );
        assert_eq!(
            label(r#"{"public_name":"LinkedIn"}"#).as_deref(),
            Some("LinkedIn")
        );
        assert_eq!(
            label(r#"{"public_name":"Referral","type":{"name":"Referral"}}"#).as_deref(),
            Some("Referral")
        );
        assert_eq!(
            label(r#"{"public_name":"","type":{"name":"Agencies"}}"#),
            None
        );
    }

    #[test]
    fn addresses_split_from_the_end() {
        let s = |v| {
            let (a, b, c) = split_address(v);
            format!("{a}|{b}|{c}")
        };
        assert_eq!(
            s("1 Main St, Apt 4, Springfield, USA"),
            "1 Main St, Apt 4|Springfield|USA"
        );
        assert_eq!(s("Springfield, USA"), "|Springfield|USA");
        assert_eq!(s("1 Main St, Springfield"), "1 Main St|Springfield|");
        assert_eq!(s("somewhere"), "somewhere||");
    }
}
