//! What the engine evaluates: a [`Document`] is a flat map of Sigma field names with a log source,
//! a time and entity ids. [`unmask_model::Event`] is one; the engine sees nothing else of it.

use serde_json::{Map, Value};
use std::borrow::Cow;

/// A document's Sigma log source, borrowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LogSourceRef<'a> {
    pub product: Option<&'a str>,
    pub category: Option<&'a str>,
    pub service: Option<&'a str>,
}

/// An entity unmask tracks across sources, standing in for the Sigma fields that name it when a
/// correlation groups by them: a sign-in's user and an endpoint's user are one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    User,
    Host,
}

impl Entity {
    /// The entity a correlation `group-by` field stands for, if any. Field names are Sigma's
    /// (Windows, Okta, Entra ID, GitHub audit), compared case-insensitively.
    pub fn of_field(field: &str) -> Option<Entity> {
        const USER: [&str; 11] = [
            "user",
            "username",
            "user.name",
            "targetusername",
            "subjectusername",
            "accountname",
            "actor",
            "actor.alternateid",
            "userprincipalname",
            "initiatedby.user.userprincipalname",
            "src_user",
        ];
        const HOST: [&str; 8] = [
            "computer",
            "computername",
            "host",
            "hostname",
            "host.name",
            "device",
            "devicename",
            "workstationname",
        ];
        let field = field.to_ascii_lowercase();
        if USER.contains(&field.as_str()) {
            Some(Entity::User)
        } else if HOST.contains(&field.as_str()) {
            Some(Entity::Host)
        } else {
            None
        }
    }
}

/// One event as the rules see it.
pub trait Document {
    fn logsource(&self) -> LogSourceRef<'_>;
    /// The flat view: Sigma field names to values.
    fn fields(&self) -> &Map<String, Value>;
    /// Event time in seconds since the Unix epoch; correlation windows run on it.
    fn time(&self) -> Option<i64>;
    /// The canonical id of an entity, when the document has one.
    fn entity(&self, entity: Entity) -> Option<&str>;
}

impl Document for unmask_model::Event {
    fn logsource(&self) -> LogSourceRef<'_> {
        LogSourceRef {
            product: self.logsource.product.as_deref(),
            category: self.logsource.category.as_deref(),
            service: self.logsource.service.as_deref(),
        }
    }

    fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    fn time(&self) -> Option<i64> {
        chrono::DateTime::parse_from_rfc3339(&self.time)
            .ok()
            .map(|t| t.timestamp())
    }

    fn entity(&self, entity: Entity) -> Option<&str> {
        match entity {
            Entity::User => self.user.as_ref().map(|u| u.expose().as_str()),
            Entity::Host => self.device.as_deref(),
        }
    }
}

/// A document as rsigma's evaluator reads it: flat keys first, then dotted paths through nested
/// objects. Borrows everything; nothing is allocated per event.
pub(crate) struct Fields<'a>(pub(crate) &'a Map<String, Value>);

/// Deep enough for any real event; bounds recursion on hostile input.
pub(crate) const MAX_DEPTH: usize = 32;

impl<'a> Fields<'a> {
    pub(crate) fn lookup(&self, path: &str) -> Option<&'a Value> {
        if let Some(v) = self.0.get(path) {
            return Some(v);
        }
        let (head, mut rest) = path.split_once('.')?;
        let mut value = self.0.get(head)?;
        loop {
            let object = value.as_object()?;
            if let Some(v) = object.get(rest) {
                return Some(v);
            }
            let (head, tail) = rest.split_once('.')?;
            value = object.get(head)?;
            rest = tail;
        }
    }
}

fn any_string(value: &Value, pred: &dyn Fn(&str) -> bool, depth: usize) -> bool {
    match value {
        Value::String(s) => pred(s),
        Value::Array(items) if depth > 0 => items.iter().any(|v| any_string(v, pred, depth - 1)),
        Value::Object(map) if depth > 0 => map.values().any(|v| any_string(v, pred, depth - 1)),
        _ => false,
    }
}

fn visit_strings<'v>(value: &'v Value, visit: &mut dyn FnMut(&str), depth: usize) {
    match value {
        Value::String(s) => visit(s),
        Value::Array(items) if depth > 0 => items
            .iter()
            .for_each(|v| visit_strings(v, visit, depth - 1)),
        Value::Object(map) if depth > 0 => map
            .values()
            .for_each(|v| visit_strings(v, visit, depth - 1)),
        _ => {}
    }
}

impl rsigma_eval::Event for Fields<'_> {
    fn get_field(&self, path: &str) -> Option<rsigma_eval::EventValue<'_>> {
        self.lookup(path).map(rsigma_eval::EventValue::from)
    }

    fn any_string_value(&self, pred: &dyn Fn(&str) -> bool) -> bool {
        self.0.values().any(|v| any_string(v, pred, MAX_DEPTH))
    }

    fn all_string_values(&self) -> Vec<Cow<'_, str>> {
        let mut out = Vec::new();
        self.visit_string_values(&mut |s| out.push(Cow::Owned(s.to_string())));
        out
    }

    fn visit_string_values(&self, visit: &mut dyn FnMut(&str)) {
        self.0
            .values()
            .for_each(|v| visit_strings(v, visit, MAX_DEPTH));
    }

    fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }

    fn top_level_keys(&self) -> Option<Vec<Cow<'_, str>>> {
        Some(self.0.keys().map(|k| Cow::Borrowed(k.as_str())).collect())
    }

    fn visit_top_level_keys(&self, visit: &mut dyn FnMut(&str)) -> bool {
        self.0.keys().for_each(|k| visit(k));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsigma_eval::{Event as _, EventValue};
    use serde_json::json;

    #[test]
    fn flat_keys_win_then_dotted_paths() {
        let Value::Object(map) = json!({
            "a.b": "flat",
            "x": { "y": { "z": 3 } },
            "Image": "C:\\x.exe",
        }) else {
            unreachable!()
        };
        let f = Fields(&map);
        assert_eq!(f.get_field("a.b"), Some(EventValue::Str("flat".into())));
        assert_eq!(f.get_field("x.y.z"), Some(EventValue::Int(3)));
        assert_eq!(f.get_field("x.q"), None);
        assert!(f.any_string_value(&|s| s.ends_with(".exe")));
    }

    #[test]
    fn group_by_fields_name_entities() {
        assert_eq!(Entity::of_field("User"), Some(Entity::User));
        assert_eq!(Entity::of_field("TargetUserName"), Some(Entity::User));
        assert_eq!(Entity::of_field("Computer"), Some(Entity::Host));
        assert_eq!(Entity::of_field("CommandLine"), None);
    }
}
