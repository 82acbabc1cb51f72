//! MISP warninglists (`{"name", "version", "description", "type", "list",
//! "matching_attributes"}`): values known to be shared legitimately, such as public resolvers,
//! cloud and VPN ranges or free-mail domains. One file is one [`WarningList`].
//!
//! Types `cidr`, `string`, `hostname` and `substring` are read; `regex` lists are refused rather
//! than half-honoured. Entries are trimmed and lower-cased; network entries must parse.

use super::{At, Context};
use crate::json::{self, nullable, Lines, Part};
use serde::Deserialize;
use serde_json::value::RawValue;
use unmask_model::{ListKind, Network, WarningList};

#[derive(Deserialize)]
struct List<'a> {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<serde_json::Value>,
    #[serde(default)]
    description: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default, borrow)]
    list: Option<Vec<&'a RawValue>>,
    #[serde(default, deserialize_with = "nullable")]
    matching_attributes: Vec<String>,
}

pub fn parse(ctx: &mut Context<'_>, text: &str) {
    let start = At {
        line: Some(1),
        offset: Some(0),
        field: "",
    };
    if !text.trim_start().starts_with('{') {
        ctx.error(
            start,
            "expected a MISP warninglist: a JSON object with `name`, `type` and `list`",
        );
        return;
    }
    let Some(file) = json::read_envelope::<List>(ctx, text) else {
        return;
    };
    let at = |field| At { field, ..start };
    let name = file
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if name.is_none() {
        ctx.error(at("name"), "missing `name`");
    }
    let kind = match file.kind.as_deref().map(str::trim) {
        None | Some("") => {
            ctx.error(at("type"), "missing `type`");
            None
        }
        Some(k) => {
            let kind = ListKind::parse(k);
            if kind.is_none() {
                ctx.error(
                    at("type"),
                    format!(
                        "type `{}` is not supported (supported: cidr, string, hostname, substring)",
                        json::shorten(k)
                    ),
                );
            }
            kind
        }
    };
    if file.list.is_none() {
        ctx.error(at("list"), "missing `list`");
    }
    let version = match &file.version {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => {
            let n = v
                .as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
            if n.is_none() {
                ctx.error(
                    at("version"),
                    format!(
                        "expected a whole number, found `{}`",
                        json::shorten(&v.to_string())
                    ),
                );
            }
            n
        }
    };
    let (Some(name), Some(kind), Some(raw_entries)) = (name, kind, file.list) else {
        return;
    };

    let lines = Lines::new(text);
    let mut entries = Vec::with_capacity(raw_entries.len());
    for (i, raw) in raw_entries.into_iter().enumerate() {
        let part = Part::new(text, &lines, raw);
        let field = format!("list[{i}]");
        let Some(entry) = part.read::<String>(ctx, &field) else {
            continue;
        };
        let entry = entry.trim().to_lowercase();
        if entry.is_empty() {
            ctx.warn(part.at(&field), "empty entry skipped");
            continue;
        }
        if kind == ListKind::Cidr && Network::parse(&entry).is_none() {
            ctx.error(
                part.at(&field),
                format!("`{}` is not an IP network", json::shorten(&entry)),
            );
            continue;
        }
        entries.push(entry);
    }
    ctx.parsed.records += entries.len();
    let provenance = ctx.provenance(Some(1), Some(0));
    ctx.parsed.batch.warninglists.push(WarningList {
        name: name.to_string(),
        version,
        description: file.description.unwrap_or_default().trim().to_string(),
        kind,
        entries,
        matching_attributes: file
            .matching_attributes
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        provenance,
    });
}
