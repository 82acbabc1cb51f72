//! Applying a compiled mapping to records: rows, type, time, entities and the flat field view.

use super::time::parse_time;
use super::{Field, FieldValue, Piece, Source, Src, TelemetryMapping, Type};
use chrono::SecondsFormat;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use unmask_model::canon::{Canonicalizer, MAX_SHORT};
use unmask_model::{Event, Provenance, Sensitive};

/// Why one record (or one row of it) gave no event.
#[derive(Debug)]
pub struct Skip {
    pub field: String,
    pub message: String,
}

impl Skip {
    fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Applies a mapping record by record, remembering what it learns about hosts (bounded).
pub struct Mapper<'m> {
    mapping: &'m TelemetryMapping,
    hosts: HashMap<String, BTreeMap<String, Value>>,
    /// Every record path the mapping reads, dotted, for [`Mapper::flat_is_plain`].
    flat_paths: Vec<String>,
    /// The first time written without a zone and read as UTC: its path and text.
    pub assumed_utc: Option<(String, String)>,
}

/// What a row gave before its fields are laid out.
struct Prepared<'m> {
    ty: &'m Type,
    time: String,
    logsource: unmask_model::LogSource,
    user: Option<Sensitive<String>>,
    ip: Option<String>,
    device: Option<String>,
    computed: Vec<(String, Value)>,
    used: Vec<String>,
}

impl Prepared<'_> {
    /// Is this path of the flat view left out of the fields (used up by a computed field, or
    /// dropped by the type)?
    fn skips(&self, path: &str) -> bool {
        self.used.iter().any(|u| under(path, u)) || self.ty.drop.iter().any(|d| under(path, d))
    }

    fn finish(self, mut fields: Map<String, Value>, provenance: Provenance) -> Event {
        for (name, value) in self.computed {
            fields.insert(name, value);
        }
        Event {
            kind: self.ty.kind,
            time: self.time,
            logsource: self.logsource,
            user: self.user,
            device: self.device,
            ip: self.ip,
            fields,
            provenance,
        }
    }
}

/// A record as the mapping reads it: a tree, or flat (dotted keys, lists for values below
/// arrays; see [`super::parse_flat`]).
#[derive(Clone, Copy)]
pub(super) enum Row<'a> {
    Tree(&'a Value),
    Flat(&'a Map<String, Value>),
}

impl<'a> Row<'a> {
    /// The value at a path; `null` reads as absent. A flat row answers only for paths
    /// [`Mapper::flat_is_plain`] checked: a key that holds one value (not a list).
    pub(super) fn lookup(self, path: &[String]) -> Option<&'a Value> {
        match self {
            Row::Tree(v) => lookup(v, path),
            Row::Flat(m) => {
                let v = match path {
                    [one] => m.get(one.as_str()),
                    _ => m.get(path.join(".").as_str()),
                }?;
                (!v.is_null()).then_some(v)
            }
        }
    }
}

/// `null` reads as absent.
pub(super) fn lookup<'v>(v: &'v Value, path: &[String]) -> Option<&'v Value> {
    let Some((first, rest)) = path.split_first() else {
        return (!v.is_null()).then_some(v);
    };
    match v {
        Value::Object(m) => lookup(m.get(first)?, rest),
        Value::Array(items) => items.iter().find_map(|e| lookup(e, path)),
        _ => None,
    }
}

pub(super) fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `path` is `prefix` or below it.
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'m> Mapper<'m> {
    pub fn new(mapping: &'m TelemetryMapping) -> Self {
        Self {
            mapping,
            hosts: HashMap::new(),
            flat_paths: mapping.paths().iter().map(|p| p.join(".")).collect(),
            assumed_utc: None,
        }
    }

    /// The rows one parsed record holds: the elements of an envelope, a lifted object, one row
    /// per element of an exploded array (none for an empty one).
    pub fn rows(&self, record: Value) -> Result<Vec<Value>, Skip> {
        let Value::Object(mut obj) = record else {
            return Err(Skip::new(
                "",
                format!("the record is {}, not a JSON object", kind_of(&record)),
            ));
        };
        let m = self.mapping;
        if let Some(key) = m
            .envelope
            .iter()
            .find(|k| matches!(obj.get(k.as_str()), Some(Value::Array(_))))
        {
            let Some(Value::Array(items)) = obj.remove(key.as_str()) else {
                return Ok(Vec::new());
            };
            let mut rows = Vec::new();
            for item in items {
                match item {
                    Value::Object(o) => rows.extend(self.object_rows(o)),
                    other => {
                        return Err(Skip::new(
                            key,
                            format!("an element is {}, not a JSON object", kind_of(&other)),
                        ))
                    }
                }
            }
            return Ok(rows);
        }
        if let Some(key) = &m.lift {
            if let Some(Value::Object(_)) = obj.get(key.as_str()) {
                if let Some(Value::Object(mut inner)) = obj.remove(key.as_str()) {
                    for (k, v) in std::mem::take(&mut obj) {
                        inner.entry(k).or_insert(v);
                    }
                    obj = inner;
                }
            }
        }
        Ok(self.object_rows(obj))
    }

    fn object_rows(&self, mut obj: Map<String, Value>) -> Vec<Value> {
        if let Some((path, into, key)) = &self.mapping.groups {
            if let Some(Value::Object(groups)) = obj.remove(path.as_str()) {
                let mut rows = Vec::new();
                for (name, items) in groups {
                    let items = match items {
                        Value::Array(items) => items,
                        other => vec![other],
                    };
                    for item in items {
                        let mut row = obj.clone();
                        row.insert(into.clone(), item);
                        row.insert(key.clone(), Value::String(name.clone()));
                        rows.push(Value::Object(row));
                    }
                }
                return rows;
            }
        }
        let Some((path, into)) = &self.mapping.explode else {
            return vec![Value::Object(obj)];
        };
        if !matches!(obj.get(path.as_str()), Some(Value::Array(_))) {
            return vec![Value::Object(obj)];
        }
        let Some(Value::Array(items)) = obj.remove(path.as_str()) else {
            return Vec::new();
        };
        items
            .into_iter()
            .map(|item| {
                let mut row = obj.clone();
                row.insert(into.clone(), item);
                Value::Object(row)
            })
            .collect()
    }

    fn host_key(&self, row: Row<'_>) -> Option<String> {
        let (key, _) = self.mapping.hosts.as_ref()?;
        row.lookup(key).and_then(text_of)
    }

    fn get<'a>(&'a self, row: Row<'a>, s: &Source) -> Option<&'a Value> {
        match &s.src {
            Src::Record(path) => row.lookup(path),
            Src::Host(name) => self.hosts.get(&self.host_key(row)?)?.get(name),
        }
    }

    /// The first source with a non-empty text value.
    fn first_text(&self, row: Row<'_>, list: &[Source]) -> Option<String> {
        list.iter().find_map(|s| {
            self.get(row, s)
                .and_then(text_of)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty() && t.len() <= MAX_SHORT)
        })
    }

    fn render(&self, row: Row<'_>, pieces: &[Piece]) -> (String, bool) {
        let mut out = String::new();
        let mut any = false;
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Value(s) => {
                    if let Some(t) = self.get(row, s).and_then(text_of) {
                        out.push_str(&t);
                        any = true;
                    }
                }
            }
        }
        let tidy = out.split_whitespace().collect::<Vec<_>>().join(" ");
        let tidy = tidy.trim_end_matches([';', ':', ',', ' ']).to_string();
        (tidy, any)
    }

    /// A computed field's value, and the source path it used up.
    fn field(&self, row: Row<'_>, f: &Field) -> Option<(Value, Option<String>)> {
        let (raw, used) = match &f.value {
            FieldValue::From(list) => list.iter().find_map(|s| {
                let v = self.get(row, s)?;
                let scalar = match v {
                    Value::Object(_) => false,
                    Value::Array(items) => items.iter().all(|i| !i.is_object() && !i.is_array()),
                    _ => true,
                };
                let used = matches!(s.src, Src::Record(_)).then(|| s.text.clone());
                scalar.then(|| (v.clone(), used))
            })?,
            FieldValue::Template(pieces) => match self.render(row, pieces) {
                (text, true) => (Value::String(text), None),
                (_, false) => return None,
            },
        };
        if f.map.is_empty() {
            return Some((raw, used));
        }
        if let Some(mapped) = text_of(&raw).and_then(|t| f.map.get(&t)) {
            return Some((Value::String(mapped.clone()), used));
        }
        match &f.otherwise {
            Some(pieces) => Some((Value::String(self.render(row, pieces).0), used)),
            None => Some((raw, used)),
        }
    }

    fn remember(&mut self, row: Row<'_>, ty: &Type) {
        let Some((_, max)) = self.mapping.hosts else {
            return;
        };
        if ty.remember.is_empty() {
            return;
        }
        let Some(key) = self.host_key(row) else {
            return;
        };
        if !self.hosts.contains_key(&key) && self.hosts.len() >= max {
            return;
        }
        let learned: Vec<(String, Value)> = ty
            .remember
            .iter()
            .filter_map(|(name, path)| {
                let v = row.lookup(path)?;
                let t = text_of(v)?;
                (!t.trim().is_empty()).then(|| (name.clone(), Value::String(t)))
            })
            .collect();
        if !learned.is_empty() {
            self.hosts.entry(key).or_default().extend(learned);
        }
    }

    /// One row as an event.
    /// One row (a tree) as an event.
    pub fn event(
        &mut self,
        owned: Value,
        canon: &Canonicalizer,
        provenance: Provenance,
    ) -> Result<Event, Skip> {
        let p = self.prepare(Row::Tree(&owned), canon)?;
        let ty = p.ty;
        let mut fields = Map::new();
        if ty.rename.is_empty() {
            // Nothing renamed: flatten straight into the fields, moving the values, and leave
            // out what computed fields used up or the type drops (the same result as the
            // general path below, in one pass and without copying).
            if ty.passthrough {
                let skip = |path: &str| p.skips(path);
                flatten_owned(String::new(), owned, false, &skip, &mut fields);
            }
        } else {
            let mut flat = Map::new();
            flatten("", &owned, false, &mut flat);
            for (path, value) in flat {
                if p.skips(&path) {
                    continue;
                }
                match ty.rename.iter().find(|(from, _)| under(&path, from)) {
                    Some((from, to)) => {
                        fields.insert(format!("{to}{}", &path[from.len()..]), value);
                    }
                    None if ty.passthrough => {
                        fields.insert(path, value);
                    }
                    None => {}
                }
            }
        }
        Ok(p.finish(fields, provenance))
    }

    /// Does the flat view of a record answer every path the mapping reads as the tree would?
    /// It does unless a path ends at a list (a value below an array, or an array) or names an
    /// object (its members are keys below it); such records go the tree way.
    pub fn flat_is_plain(&self, flat: &Map<String, Value>) -> bool {
        self.flat_paths
            .iter()
            .all(|path| match flat.get(path.as_str()) {
                Some(Value::Array(items)) => items.is_empty(),
                Some(_) => true,
                None => {
                    let below = |k: &String| {
                        k.len() > path.len()
                            && k.starts_with(path.as_str())
                            && k.as_bytes()[path.len()] == b'.'
                    };
                    !flat.keys().any(below)
                }
            })
    }

    /// One record read flat ([`super::parse_flat`]) as an event: the same event the tree gives,
    /// for a mapping that [`super::TelemetryMapping::reads_flat`] and a record that
    /// [`Mapper::flat_is_plain`].
    pub fn event_flat(
        &mut self,
        mut flat: Map<String, Value>,
        canon: &Canonicalizer,
        provenance: Provenance,
    ) -> Result<Event, Skip> {
        let p = self.prepare(Row::Flat(&flat), canon)?;
        if p.ty.passthrough {
            flat.retain(|path, _| !p.skips(path));
        } else {
            flat.clear();
        }
        Ok(p.finish(flat, provenance))
    }

    /// Everything but the fields: type, time, log source, entities, computed fields.
    fn prepare(&mut self, row: Row<'_>, canon: &Canonicalizer) -> Result<Prepared<'m>, Skip> {
        let m = self.mapping;
        let ty = m.type_of(row);
        self.remember(row, ty);
        let time = self.time(row, ty)?;

        let mut logsource = ty.logsource.clone();
        if let Some(product) = ty.product_from.iter().find_map(|s| {
            let t = self.get(row, s).and_then(text_of)?;
            m.platforms.get(&t.trim().to_lowercase()).cloned()
        }) {
            logsource.product = Some(product);
        }

        let user = self
            .first_text(row, &ty.user)
            .map(|raw| Sensitive::new(canonical_user(canon, &raw)));
        let ip = ty.ip.iter().find_map(|s| {
            let t = self.get(row, s).and_then(text_of)?;
            let a = canon.ip(t.trim()).ok()?;
            Some(a.canonical.expose().clone())
        });
        let serial = ty.serial.iter().find_map(|s| {
            let t = self.get(row, s).and_then(text_of)?;
            let a = canon.device_serial(&t).ok()?;
            let c = a.canonical.expose().clone();
            (!ty.ignore_serials.contains(&c)).then_some(c)
        });
        let device = serial.or_else(|| self.first_text(row, &ty.host));

        let mut computed = Vec::new();
        let mut used: Vec<String> = Vec::new();
        for f in &ty.fields {
            if let Some((value, source)) = self.field(row, f) {
                computed.push((f.name.clone(), value));
                used.extend(source);
            }
        }
        Ok(Prepared {
            ty,
            time,
            logsource,
            user,
            ip,
            device,
            computed,
            used,
        })
    }

    fn time(&mut self, row: Row<'_>, ty: &Type) -> Result<String, Skip> {
        for source in &ty.time {
            let Some(v) = row.lookup(&source.path) else {
                continue;
            };
            return match parse_time(v, source.format) {
                Ok((t, assumed_utc)) => {
                    if assumed_utc && self.assumed_utc.is_none() {
                        self.assumed_utc =
                            Some((source.text.clone(), text_of(v).unwrap_or_default()));
                    }
                    Ok(t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
                }
                Err(why) => Err(Skip::new(
                    &source.text,
                    format!(
                        "not a time: {} ({why})",
                        match v {
                            Value::String(s) => format!("`{}`", crate::json::shorten(s)),
                            other => format!("`{}`", crate::json::shorten(&other.to_string())),
                        }
                    ),
                )),
            };
        }
        let first = ty.time.first().map_or("", |s| s.text.as_str());
        let names: Vec<String> = ty.time.iter().map(|s| format!("`{}`", s.text)).collect();
        Err(Skip::new(
            first,
            if names.len() > 1 {
                format!(
                    "the event time is missing (looked for {})",
                    names.join(" and ")
                )
            } else {
                "the event time is missing".to_string()
            },
        ))
    }
}

/// An email address in the same canonical form as the HR records' (so sign-ins join people);
/// anything else is a login, in lower case.
fn canonical_user(canon: &Canonicalizer, raw: &str) -> String {
    if raw.contains('@') {
        if let Ok(a) = canon.email(raw) {
            return a.canonical.expose().clone();
        }
    }
    raw.to_lowercase()
}

/// [`flatten`], taking the values instead of copying them, and leaving out the paths `skip`
/// says (a skipped path is left out with everything below it, as the general path does).
fn flatten_owned(
    path: String,
    v: Value,
    in_list: bool,
    skip: &dyn Fn(&str) -> bool,
    out: &mut Map<String, Value>,
) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, child) in m {
                let p = if path.is_empty() {
                    k
                } else {
                    let mut p = String::with_capacity(path.len() + 1 + k.len());
                    p.push_str(&path);
                    p.push('.');
                    p.push_str(&k);
                    p
                };
                flatten_owned(p, child, in_list, skip, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for child in items {
                flatten_owned(path.clone(), child, true, skip, out);
            }
        }
        _ if skip(&path) => {}
        Value::Array(_) if in_list => {
            out.entry(path).or_insert_with(|| Value::Array(Vec::new()));
        }
        leaf if in_list => match out.get_mut(&path) {
            Some(Value::Array(items)) => items.push(leaf),
            Some(other) => {
                let first = other.take();
                *other = Value::Array(vec![first, leaf]);
            }
            None => {
                out.insert(path, Value::Array(vec![leaf]));
            }
        },
        leaf => {
            out.insert(path, leaf);
        }
    }
}

#[cfg(test)]
pub(super) fn flatten_for_tests(v: &Value, out: &mut Map<String, Value>) {
    flatten("", v, false, out);
}

/// Flatten `v` into dotted paths; `in_list` gathers values below an array into lists.
fn flatten(path: &str, v: &Value, in_list: bool, out: &mut Map<String, Value>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, child) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(&p, child, in_list, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for child in items {
                flatten(path, child, true, out);
            }
        }
        // An empty list among listed values adds nothing to them.
        Value::Array(_) if in_list => {
            out.entry(path.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
        }
        leaf if in_list => match out.get_mut(path) {
            Some(Value::Array(items)) => items.push(leaf.clone()),
            Some(other) => {
                let first = other.take();
                *other = Value::Array(vec![first, leaf.clone()]);
            }
            None => {
                out.insert(path.to_string(), Value::Array(vec![leaf.clone()]));
            }
        },
        leaf => {
            out.insert(path.to_string(), leaf.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The one-pass flatten gives what flattening and then filtering gives.
    #[test]
    fn owned_flatten_matches_flatten_then_filter() {
        let v = json!({
            "a": {"b": 1, "c": [ {"d": "x", "e": [1, 2]}, {"d": "y"}, {"e": []} ], "f": {}},
            "g": [], "h": null, "i": [[1, [2]], 3], "drop": {"me": 1, "too": [1]},
            "used": "u", "usedx": "kept"
        });
        let skip = |p: &str| under(p, "drop") || under(p, "used");
        let mut flat = Map::new();
        flatten("", &v, false, &mut flat);
        let expected: Map<String, Value> = flat.into_iter().filter(|(p, _)| !skip(p)).collect();
        let mut got = Map::new();
        flatten_owned(String::new(), v, false, &skip, &mut got);
        assert_eq!(got, expected);
        let keys: Vec<&String> = got.keys().collect();
        let want: Vec<&String> = expected.keys().collect();
        assert_eq!(keys, want, "same order");
        assert!(got.contains_key("usedx") && !got.contains_key("used"));
    }
}
