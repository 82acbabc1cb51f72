//! The one JSON → `Event` mapping engine behind the JSON telemetry formats (`okta`, `entra`,
//! `github-audit`, `osquery`). What differs between vendors is data: a TOML file per format under
//! `crates/ingest/mappings/` (schema in that folder's `README.md`) says how records sit in the
//! file, which event types there are (the first whose `when` matches, else `defaults`), and per
//! type the event kind, the Sigma log source, where time, user, device and IP come from, and how
//! source fields are renamed to Sigma field names. Fields not renamed are kept under their
//! flattened dotted path (`securityContext.isProxy`) unless a type sets `passthrough = false`.
//!
//! Flattening: nested objects become dotted paths; an array becomes a list at its path, and the
//! members of objects inside an array are gathered into one list per path (`target.displayName`
//! lists every target's display name), which is how Sigma matches a field holding several values.
//! A source path given to a rename or a computed field appears only under its new name.

mod apply;
mod flat;
mod spec;
mod time;

pub use apply::{Mapper, Skip};
pub use flat::parse_flat;

use crate::MappingError;
use apply::{text_of, Row};

use spec::{FileSpec, TimeFormat, TypeSpec};
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;
use unmask_model::{EventKind, LogSource};

/// Where a value comes from: a path in the record, or something remembered about its host.
#[derive(Debug, Clone)]
enum Src {
    Record(Vec<String>),
    Host(String),
}

#[derive(Debug, Clone)]
struct Source {
    /// As written, for messages and for hiding the source once it is mapped.
    text: String,
    src: Src,
}

#[derive(Debug)]
struct Test {
    path: Vec<String>,
    equals: Vec<String>,
    prefix: Vec<String>,
    suffix: Vec<String>,
    present: Option<bool>,
}

#[derive(Debug)]
enum Piece {
    Text(String),
    Value(Source),
}

#[derive(Debug)]
enum FieldValue {
    From(Vec<Source>),
    Template(Vec<Piece>),
}

#[derive(Debug)]
struct Field {
    name: String,
    value: FieldValue,
    map: BTreeMap<String, String>,
    otherwise: Option<Vec<Piece>>,
}

#[derive(Debug)]
struct TimeSource {
    text: String,
    path: Vec<String>,
    format: TimeFormat,
}

#[derive(Debug)]
struct Type {
    /// Alternatives; each is a list of tests that must all pass.
    when: Vec<Vec<Test>>,
    kind: EventKind,
    logsource: LogSource,
    product_from: Vec<Source>,
    time: Vec<TimeSource>,
    user: Vec<Source>,
    ip: Vec<Source>,
    serial: Vec<Source>,
    host: Vec<Source>,
    ignore_serials: HashSet<String>,
    passthrough: bool,
    /// Longest source first, so the most specific rename wins.
    rename: Vec<(String, String)>,
    drop: Vec<String>,
    fields: Vec<Field>,
    remember: Vec<(String, Vec<String>)>,
}

/// One format's mapping, checked and ready to apply.
#[derive(Debug)]
pub struct TelemetryMapping {
    pub format: String,
    pub envelope: Vec<String>,
    lift: Option<String>,
    explode: Option<(String, String)>,
    /// `(path, into, key)`: see the record's `groups`.
    groups: Option<(String, String, String)>,
    hosts: Option<(Vec<String>, usize)>,
    platforms: BTreeMap<String, String>,
    types: Vec<Type>,
    default: Type,
}

fn segments(path: &str) -> Vec<String> {
    path.split('.').map(str::to_string).collect()
}

impl TelemetryMapping {
    pub fn from_toml(file: &str, text: &str) -> Result<Self, MappingError> {
        let spec: FileSpec = toml::from_str(text).map_err(|source| MappingError::Toml {
            file: file.to_string(),
            source,
        })?;
        let invalid = |message: String| MappingError::Invalid {
            file: file.to_string(),
            message,
        };
        let hosts = spec
            .record
            .hosts
            .as_ref()
            .map(|h| (segments(&h.key), h.max));
        let has_hosts = hosts.is_some();
        for key in [
            &spec.record.lift,
            &spec.record.explode.as_ref().map(|e| e.path.clone()),
            &spec.record.groups.as_ref().map(|g| g.path.clone()),
        ]
        .into_iter()
        .flatten()
        {
            if key.is_empty() || key.contains('.') {
                return Err(invalid(format!(
                    "`{key}`: `lift`, `explode.path` and `groups.path` name one top-level key"
                )));
            }
        }
        let platforms = spec
            .platforms
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.clone()))
            .collect();
        let compile = |t: &TypeSpec, name: &str| compile_type(t, name, has_hosts).map_err(&invalid);
        if spec.defaults.time.as_ref().is_none_or(Vec::is_empty) {
            return Err(invalid(
                "`defaults.time` must name at least one source of the event time".into(),
            ));
        }
        if !spec.defaults.when.is_empty() {
            return Err(invalid(
                "`defaults` applies when no type matches; it has no `when`".into(),
            ));
        }
        let default = compile(&spec.defaults, "defaults")?;
        let mut resolved: Vec<(String, TypeSpec)> = Vec::new();
        let mut types = Vec::new();
        for (i, t) in spec.types.iter().enumerate() {
            let name = t.name.clone().unwrap_or_else(|| format!("types[{i}]"));
            if t.when.is_empty() || t.when.iter().any(BTreeMap::is_empty) {
                return Err(invalid(format!("type `{name}` needs a non-empty `when`")));
            }
            let base = match &t.extends {
                None => &spec.defaults,
                Some(parent) => match resolved.iter().find(|(n, _)| n == parent) {
                    Some((_, p)) => p,
                    None => {
                        return Err(invalid(format!(
                        "type `{name}` extends `{parent}`, which is not a type defined before it"
                    )))
                    }
                },
            };
            let mut merged = t.over(base);
            merged.name = Some(name.clone());
            types.push(compile(&merged, &name)?);
            resolved.push((name, merged));
        }
        Ok(TelemetryMapping {
            format: spec.format,
            envelope: spec.record.envelope,
            lift: spec.record.lift,
            explode: spec.record.explode.map(|e| (e.path, e.into)),
            groups: spec.record.groups.map(|g| (g.path, g.into, g.key)),
            hosts,
            platforms,
            types,
            default,
        })
    }

    /// Can records be read flat ([`parse_flat`]) rather than as a tree? Only when the mapping
    /// splits, lifts and renames nothing and remembers no hosts: then the flat view is the
    /// event's fields as they are, and every source is a dotted key of it.
    pub fn reads_flat(&self) -> bool {
        self.envelope.is_empty()
            && self.lift.is_none()
            && self.explode.is_none()
            && self.groups.is_none()
            && self.hosts.is_none()
            && self
                .types
                .iter()
                .chain([&self.default])
                .all(|t| t.rename.is_empty() && t.remember.is_empty())
    }

    /// Every record path the mapping reads (time, entities, tests, computed fields).
    fn paths(&self) -> Vec<&[String]> {
        fn source<'a>(s: &'a Source, out: &mut Vec<&'a [String]>) {
            if let Src::Record(p) = &s.src {
                out.push(p.as_slice());
            }
        }
        let mut out: Vec<&[String]> = Vec::new();
        for t in self.types.iter().chain([&self.default]) {
            for tests in &t.when {
                for test in tests {
                    out.push(&test.path);
                }
            }
            for ts in &t.time {
                out.push(&ts.path);
            }
            for list in [&t.product_from, &t.user, &t.ip, &t.serial, &t.host] {
                for s in list.iter() {
                    source(s, &mut out);
                }
            }
            for f in &t.fields {
                let pieces = match &f.value {
                    FieldValue::From(list) => {
                        for s in list {
                            source(s, &mut out);
                        }
                        None
                    }
                    FieldValue::Template(pieces) => Some(pieces),
                };
                for p in pieces.into_iter().chain(f.otherwise.as_ref()).flatten() {
                    if let Piece::Value(s) = p {
                        source(s, &mut out);
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn type_of(&self, row: Row<'_>) -> &Type {
        self.types
            .iter()
            .find(|t| {
                t.when
                    .iter()
                    .any(|tests| tests.iter().all(|test| test.passes(row)))
            })
            .unwrap_or(&self.default)
    }
}

fn source(text: &str, has_hosts: bool) -> Result<Source, String> {
    if text.is_empty() || text.split('.').any(str::is_empty) {
        return Err(format!("`{text}` is not a path (`a.b.c`)"));
    }
    let src = match text.strip_prefix("$host.") {
        Some(name) if has_hosts => Src::Host(name.to_string()),
        Some(_) => {
            return Err(format!(
                "`{text}` reads what is remembered about a host, but `record.hosts` is not set"
            ))
        }
        None => Src::Record(segments(text)),
    };
    Ok(Source {
        text: text.to_string(),
        src,
    })
}

fn sources(list: &[String], has_hosts: bool) -> Result<Vec<Source>, String> {
    list.iter().map(|s| source(s, has_hosts)).collect()
}

fn record_path(text: &str) -> Result<Vec<String>, String> {
    match source(text, false)?.src {
        Src::Record(p) => Ok(p),
        Src::Host(_) => Err(format!("`{text}` must be a path in the record")),
    }
}

/// `Failure: {status.failureReason}` → text and value pieces.
fn template(text: &str, has_hosts: bool) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("template `{text}` has a `{{` without `}}`"))?;
        pieces.push(Piece::Value(source(&after[..close], has_hosts)?));
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("template `{text}` has a `}}` without `{{`"));
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

fn compile_type(t: &TypeSpec, name: &str, has_hosts: bool) -> Result<Type, String> {
    let at = |e: String| format!("type `{name}`: {e}");
    let kind_name = t.kind.as_deref().unwrap_or("other");
    let kind = EventKind::parse(kind_name).ok_or_else(|| {
        at(format!(
            "unknown kind `{kind_name}` (kinds: sign_in, endpoint, code_access, other)"
        ))
    })?;
    let mut when = Vec::new();
    for alternative in &t.when {
        let mut tests = Vec::new();
        for (path, spec) in alternative {
            if spec.equals.is_empty()
                && spec.prefix.is_empty()
                && spec.suffix.is_empty()
                && spec.present.is_none()
            {
                return Err(at(format!(
                    "the test on `{path}` needs `equals`, `prefix`, `suffix` or `present`"
                )));
            }
            tests.push(Test {
                path: record_path(path).map_err(at)?,
                equals: spec.equals.clone(),
                prefix: spec.prefix.clone(),
                suffix: spec.suffix.clone(),
                present: spec.present,
            });
        }
        when.push(tests);
    }
    let time = t
        .time
        .iter()
        .flatten()
        .map(|s| {
            Ok(TimeSource {
                text: s.path.clone(),
                path: record_path(&s.path)?,
                format: s.format,
            })
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(at)?;
    let device = t.device.clone().unwrap_or_default();
    let ignore = device.ignore.unwrap_or_default();
    for s in &ignore {
        if s.is_empty()
            || !s
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return Err(at(format!(
                "`device.ignore` entry `{s}` is not in canonical serial form (upper-case letters and digits)"
            )));
        }
    }
    let mut rename: Vec<(String, String)> = Vec::new();
    for (from, to) in &t.rename {
        record_path(from).map_err(at)?;
        if to.is_empty() {
            return Err(at(format!("`{from}` is renamed to an empty name")));
        }
        rename.push((from.clone(), to.clone()));
    }
    rename.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    for d in &t.drop {
        record_path(d).map_err(at)?;
    }
    let mut fields = Vec::new();
    for f in &t.fields {
        let value = match (&f.template, f.from.is_empty()) {
            (Some(text), true) => FieldValue::Template(template(text, has_hosts).map_err(at)?),
            (None, false) => FieldValue::From(sources(&f.from, has_hosts).map_err(at)?),
            _ => {
                return Err(at(format!(
                    "field `{}` needs exactly one of `from` and `template`",
                    f.name
                )))
            }
        };
        let otherwise = f
            .otherwise
            .as_deref()
            .map(|o| template(o, has_hosts))
            .transpose()
            .map_err(at)?;
        fields.push(Field {
            name: f.name.clone(),
            value,
            map: f.map.clone(),
            otherwise,
        });
    }
    if !t.remember.is_empty() && !has_hosts {
        return Err(at("`remember` needs `record.hosts`".into()));
    }
    let remember = t
        .remember
        .iter()
        .map(|(k, p)| Ok((k.clone(), record_path(p)?)))
        .collect::<Result<Vec<_>, String>>()
        .map_err(at)?;
    let ls = t.logsource.clone().unwrap_or_default();
    Ok(Type {
        when,
        kind,
        logsource: LogSource {
            product: ls.product,
            category: ls.category,
            service: ls.service,
        },
        product_from: sources(t.product_from.as_deref().unwrap_or_default(), has_hosts)
            .map_err(at)?,
        time,
        user: sources(t.user.as_deref().unwrap_or_default(), has_hosts).map_err(at)?,
        ip: sources(t.ip.as_deref().unwrap_or_default(), has_hosts).map_err(at)?,
        serial: sources(device.serial.as_deref().unwrap_or_default(), has_hosts).map_err(at)?,
        host: sources(device.host.as_deref().unwrap_or_default(), has_hosts).map_err(at)?,
        ignore_serials: ignore.into_iter().collect(),
        passthrough: t.passthrough.unwrap_or(true),
        rename,
        drop: t.drop.clone(),
        fields,
        remember,
    })
}

impl Test {
    fn passes(&self, row: Row<'_>) -> bool {
        let value = row.lookup(&self.path);
        if let Some(want) = self.present {
            if value.is_some() != want {
                return false;
            }
        }
        if self.equals.is_empty() && self.prefix.is_empty() && self.suffix.is_empty() {
            return true;
        }
        let Some(text) = value.and_then(text_of) else {
            return false;
        };
        self.equals.contains(&text)
            || self.prefix.iter().any(|p| text.starts_with(p.as_str()))
            || self.suffix.iter().any(|s| text.ends_with(s.as_str()))
    }
}

/// A mapping compiled on first use from the TOML shipped in the binary.
pub struct Builtin {
    file: &'static str,
    text: &'static str,
    cell: OnceLock<Result<TelemetryMapping, MappingError>>,
}

impl Builtin {
    pub const fn new(file: &'static str, text: &'static str) -> Self {
        Self {
            file,
            text,
            cell: OnceLock::new(),
        }
    }

    pub fn get(&self) -> Result<&TelemetryMapping, &MappingError> {
        self.cell
            .get_or_init(|| {
                let m = TelemetryMapping::from_toml(self.file, self.text)?;
                if self.file.strip_suffix(".toml") != Some(m.format.as_str()) {
                    return Err(MappingError::Invalid {
                        file: self.file.to_string(),
                        message: format!("`format` is `{}`, not the file's name", m.format),
                    });
                }
                Ok(m)
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use unmask_model::canon::Canonicalizer;
    use unmask_model::{Event, Provenance};

    #[test]
    fn builtin_mappings_parse() {
        use crate::formats::{entra, github_audit, okta, osquery};
        for builtin in [
            &okta::MAPPING,
            &entra::MAPPING,
            &github_audit::MAPPING,
            &osquery::MAPPING,
        ] {
            if let Err(e) = builtin.get() {
                panic!("{e}: {e:?}");
            }
        }
    }

    fn mapping(text: &str) -> TelemetryMapping {
        TelemetryMapping::from_toml("test.toml", text).expect("valid mapping")
    }

    fn event(m: &TelemetryMapping, row: Value) -> Result<Event, Skip> {
        let canon = Canonicalizer::new([1; 32]);
        let mut mapper = Mapper::new(m);
        let rows = mapper.rows(row)?;
        let row = rows.into_iter().next().expect("one row");
        mapper.event(row, &canon, Provenance::new("t", "test"))
    }

    const SMALL: &str = r#"
        format = "test"
        about = "a test"
        [defaults]
        time = [{ path = "t" }]
        user = ["who"]
        logsource = { product = "p" }
        rename = { "a.b" = "AB", "deep" = "Deep" }
        drop = ["noise"]
        fields = [
          { name = "Status", from = ["code"], map = { "0" = "Success" }, otherwise = "Failure: {why};" },
        ]
        [[types]]
        name = "special"
        when = [{ kind = { prefix = ["x."] } }]
        kind = "sign_in"
        logsource = { product = "p", service = "s" }
    "#;

    #[test]
    fn renames_flattening_and_computed_fields() {
        let m = mapping(SMALL);
        let e = event(
            &m,
            json!({"t": 1700000000, "who": "Jane.Doe@Corp.Example", "kind": "x.y",
                   "a": {"b": 1, "c": [1, 2]}, "deep": {"x": {"y": true}},
                   "list": [{"n": "a"}, {"n": "b", "m": null}], "noise": {"z": 1},
                   "code": 500121, "why": "MFA denied"}),
        )
        .expect("maps");
        assert_eq!(e.kind, EventKind::SignIn);
        assert_eq!(e.time, "2023-11-14T22:13:20Z");
        assert_eq!(
            e.user.as_ref().map(|u| u.expose().as_str()),
            Some("jane.doe@corp.example")
        );
        assert_eq!(e.logsource.service.as_deref(), Some("s"));
        assert_eq!(
            Value::Object(e.fields),
            json!({"AB": 1, "a.c": [1, 2], "Deep.x.y": true, "kind": "x.y",
                   "list.n": ["a", "b"], "list.m": [null], "Status": "Failure: MFA denied",
                   "t": 1700000000, "who": "Jane.Doe@Corp.Example", "why": "MFA denied"})
        );
        let ok = event(&m, json!({"t": "2024-01-02T03:04:05.5+01:00", "code": 0})).expect("maps");
        assert_eq!(ok.time, "2024-01-02T02:04:05.500Z");
        assert_eq!(ok.kind, EventKind::Other);
        assert_eq!(ok.fields.get("Status"), Some(&json!("Success")));
    }

    #[test]
    fn missing_and_bad_times_name_the_field() {
        let m = mapping(SMALL);
        let e = event(&m, json!({"x": 1})).expect_err("no time");
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("t", "the event time is missing")
        );
        let e = event(&m, json!({"t": "soon"})).expect_err("bad time");
        assert_eq!(e.field, "t");
        assert!(e.message.starts_with("not a time: `soon`"), "{}", e.message);
        let e = event(&m, json!([1])).expect_err("not an object");
        assert_eq!(e.message, "the record is an array, not a JSON object");
    }

    #[test]
    fn bad_mappings_are_refused_with_the_reason() {
        let refused = |text: &str| match TelemetryMapping::from_toml("m.toml", text) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => match e {
                MappingError::Invalid { message, .. } => message,
                MappingError::Toml { source, .. } => source.to_string(),
            },
        };
        let head = "format = \"x\"\nabout = \"x\"\n";
        assert!(refused(&format!("{head}[defaults]\nkind = \"other\"\n")).contains("defaults.time"));
        assert!(refused(&format!(
            "{head}[defaults]\ntime = [{{ path = \"t\" }}]\nkind = \"signin\"\n"
        ))
        .contains("unknown kind `signin`"));
        assert!(refused(&format!(
            "{head}[defaults]\ntime = [{{ path = \"t\" }}]\n[[types]]\nname = \"a\"\nextends = \"b\"\nwhen = [{{ x = {{ present = true }} }}]\n"
        ))
        .contains("extends `b`"));
        assert!(refused(&format!(
            "{head}[defaults]\ntime = [{{ path = \"t\" }}]\nuser = [\"$host.x\"]\n"
        ))
        .contains("record.hosts"));
        assert!(refused(&format!(
            "{head}[defaults]\ntime = [{{ path = \"t\" }}]\nfields = [{{ name = \"A\", template = \"{{a\" }}]\n"
        ))
        .contains("without"));
        assert!(refused(&format!(
            "{head}[defaults]\ntime = [{{ path = \"t\" }}]\ntypo = 1\n"
        ))
        .contains("unknown field `typo`"));
    }

    #[test]
    fn hosts_are_remembered_and_exploded_rows_share_the_record() {
        let m = mapping(
            r#"
            format = "h"
            about = "h"
            platforms = { darwin = "macos" }
            [record]
            explode = { path = "rows", into = "row" }
            hosts = { key = "host", max = 1 }
            [defaults]
            time = [{ path = "t" }]
            product_from = ["$host.platform"]
            device = { serial = ["row.serial", "$host.serial"], host = ["host"], ignore = ["0"] }
            [[types]]
            name = "info"
            when = [{ q = { equals = ["info"] } }]
            remember = { serial = "row.serial", platform = "row.platform" }
        "#,
        );
        let canon = Canonicalizer::new([1; 32]);
        let mut mapper = Mapper::new(&m);
        let mut run = |v: Value| -> Vec<(Option<String>, Option<String>)> {
            let rows = mapper.rows(v).expect("rows");
            rows.into_iter()
                .map(|r| {
                    let e = mapper
                        .event(r, &canon, Provenance::new("t", "h"))
                        .expect("event");
                    (e.device, e.logsource.product)
                })
                .collect()
        };
        assert_eq!(
            run(json!({"t": 1, "host": "a", "q": "p", "rows": [{}]})),
            [(Some("a".into()), None)]
        );
        assert_eq!(
            run(
                json!({"t": 1, "host": "a", "q": "info", "rows": [{"serial": "c02-x1", "platform": "Darwin"}]})
            ),
            [(Some("C02X1".into()), Some("macos".into()))]
        );
        assert_eq!(
            run(json!({"t": 1, "host": "a", "q": "p", "rows": [{}, {"serial": "0"}]})),
            [
                (Some("C02X1".into()), Some("macos".into())),
                (Some("C02X1".into()), Some("macos".into()))
            ]
        );
        // The memory is full: a second host is not remembered.
        assert_eq!(
            run(json!({"t": 1, "host": "b", "q": "info", "rows": [{"serial": "zz9"}]})),
            [(Some("ZZ9".into()), None)]
        );
        assert_eq!(
            run(json!({"t": 1, "host": "b", "q": "p", "rows": [{}]})),
            [(Some("b".into()), None)]
        );
        assert!(run(json!({"t": 1, "host": "b", "q": "p", "rows": []})).is_empty());
    }
}
