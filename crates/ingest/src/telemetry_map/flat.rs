//! Reading a JSON record straight into its flat view (dotted keys; values below arrays gathered
//! into lists), without building the tree first: what `apply::flatten` gives for the tree, in
//! one pass. For sign-in logs, where records are many and all alike, this halves the work of
//! reading them.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// The flat view of one JSON record, or `None` when it has none that [`super::Mapper`] can use
/// as it is: the record is not an object, or a key holds a dot (`"a.b"` would collide with
/// `{"a": {"b": ...}}`). Errors are serde_json's, for records that are not JSON.
pub fn parse_flat(bytes: &[u8]) -> Result<Option<Map<String, Value>>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    // Records of one log are alike: room for a typical one up front saves regrowing the map.
    let mut out = Map::with_capacity(32);
    let mut state = State {
        path: String::with_capacity(64),
        out: &mut out,
        dotted_key: false,
        top_is_object: false,
    };
    Flat {
        state: &mut state,
        in_list: false,
        top: true,
    }
    .deserialize(&mut de)?;
    de.end()?;
    let usable = state.top_is_object && !state.dotted_key;
    Ok(usable.then_some(out))
}

struct State<'o> {
    path: String,
    out: &'o mut Map<String, Value>,
    dotted_key: bool,
    top_is_object: bool,
}

impl State<'_> {
    /// A leaf at the current path, as `flatten` stores it.
    fn leaf(&mut self, v: Value, in_list: bool) {
        if !in_list {
            self.out.insert(self.path.clone(), v);
            return;
        }
        match self.out.get_mut(self.path.as_str()) {
            Some(Value::Array(items)) => items.push(v),
            Some(other) => {
                let first = other.take();
                *other = Value::Array(vec![first, v]);
            }
            None => {
                self.out.insert(self.path.clone(), Value::Array(vec![v]));
            }
        }
    }

    /// An empty array at the current path.
    fn empty_array(&mut self, in_list: bool) {
        if in_list {
            self.out
                .entry(self.path.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
        } else {
            self.out.insert(self.path.clone(), Value::Array(Vec::new()));
        }
    }
}

/// One value at the state's current path.
struct Flat<'s, 'o> {
    state: &'s mut State<'o>,
    in_list: bool,
    top: bool,
}

impl<'de> DeserializeSeed<'de> for Flat<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// Appends a key to the path (with the dot), noting keys that hold a dot.
struct Key<'s, 'o>(&'s mut State<'o>);

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, k: &str) -> Result<(), E> {
        if k.contains('.') {
            self.0.dotted_key = true;
        }
        if !self.0.path.is_empty() {
            self.0.path.push('.');
        }
        self.0.path.push_str(k);
        Ok(())
    }
}

impl<'de> Visitor<'de> for Flat<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.state.leaf(Value::Bool(v), self.in_list);
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.state.leaf(Value::Number(v.into()), self.in_list);
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.state.leaf(Value::Number(v.into()), self.in_list);
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        let n = Number::from_f64(v).map_or(Value::Null, Value::Number);
        self.state.leaf(n, self.in_list);
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.state.leaf(Value::String(v.to_owned()), self.in_list);
        Ok(())
    }

    fn visit_string<E>(self, v: String) -> Result<(), E> {
        self.state.leaf(Value::String(v), self.in_list);
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.state.leaf(Value::Null, self.in_list);
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        self.state.leaf(Value::Null, self.in_list);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut any = false;
        while seq
            .next_element_seed(Flat {
                state: &mut *self.state,
                in_list: true,
                top: false,
            })?
            .is_some()
        {
            any = true;
        }
        if !any {
            self.state.empty_array(self.in_list);
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.top {
            self.state.top_is_object = true;
        }
        let base = self.state.path.len();
        let mut any = false;
        while map.next_key_seed(Key(&mut *self.state))?.is_some() {
            any = true;
            map.next_value_seed(Flat {
                state: &mut *self.state,
                in_list: self.in_list,
                top: false,
            })?;
            self.state.path.truncate(base);
        }
        if !any {
            self.state.leaf(Value::Object(Map::new()), self.in_list);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree_flat(text: &str) -> Map<String, Value> {
        let v: Value = serde_json::from_str(text).expect("json");
        let mut out = Map::new();
        super::super::apply::flatten_for_tests(&v, &mut out);
        out
    }

    #[test]
    fn the_flat_read_is_the_flattened_tree() {
        for text in [
            r#"{"a": 1, "b": {"c": "x", "d": [1, 2, {"e": null}], "f": {}}, "g": [], "h": null}"#,
            r#"{"t": [{"n": "a", "v": [1, [2, 3]]}, {"n": "b"}, {"v": []}, {}], "u": [[]], "w": [{}]}"#,
            r#"{"s": "caf\u00e9 \"q\"", "n": -3, "f": 1.5, "big": 18446744073709551615, "x": true}"#,
            r#"{"o": {"p": {"q": {"r": [ {"s": 1}, {"s": [2]} ]}}}}"#,
            r#"{}"#,
        ] {
            let flat = parse_flat(text.as_bytes()).expect("parse").expect("usable");
            let tree = tree_flat(text);
            assert_eq!(flat, tree, "{text}");
            let a: Vec<&String> = flat.keys().collect();
            let b: Vec<&String> = tree.keys().collect();
            assert_eq!(a, b, "order, {text}");
        }
    }

    #[test]
    fn records_it_cannot_read_flat_go_the_tree_way() {
        assert!(parse_flat(br#"{"a.b": 1}"#).expect("parse").is_none());
        assert!(parse_flat(b"[1, 2]").expect("parse").is_none());
        assert!(parse_flat(b"3").expect("parse").is_none());
        assert!(parse_flat(br#"{"a": 1"#).is_err());
        assert!(parse_flat(br#"{"a": 1} x"#).is_err());
    }
}
