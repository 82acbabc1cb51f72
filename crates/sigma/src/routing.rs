//! Which rule groups an event goes to. Rules are grouped by their log source once, at load; an
//! event goes to every group whose log source fields are all satisfied by its own: the groups
//! keyed by each subset of its (product, category, service), so at most a dozen hash lookups and
//! no scan over rules.

use crate::document::LogSourceRef;
use std::collections::HashMap;

/// Sigma's taxonomy names one category that spans others: `registry_event` is what the Sysmon
/// registry events 12, 13 and 14 are together, and SigmaHQ rules use it beside the narrower
/// names. An event of a narrower category also satisfies rules for the wider one.
const PARENT_CATEGORIES: [(&str, &str); 4] = [
    ("registry_add", "registry_event"),
    ("registry_delete", "registry_event"),
    ("registry_set", "registry_event"),
    ("registry_rename", "registry_event"),
];

/// A rule log source as interned ids; 0 means the rule does not name that field.
pub(crate) type Key = [u32; 3];

/// Looked up several times per event: a fast hash, not SipHash (keys are rule log sources).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

#[derive(Debug, Default)]
pub(crate) struct Router {
    /// Lower-case log source values to ids (from 1).
    names: FastMap<String, u32>,
    groups: FastMap<Key, usize>,
    parents: FastMap<u32, u32>,
}

/// The groups one event goes to.
pub(crate) struct Route {
    groups: [usize; 12],
    len: usize,
}

impl Route {
    pub(crate) fn groups(&self) -> &[usize] {
        &self.groups[..self.len]
    }
}

impl Router {
    fn intern(&mut self, name: &str) -> u32 {
        let next = self.names.len() as u32 + 1;
        *self.names.entry(name.to_ascii_lowercase()).or_insert(next)
    }

    fn id(&self, name: Option<&str>) -> Option<u32> {
        let name = name?;
        match self.names.get(name) {
            Some(id) => Some(*id),
            None if name.bytes().any(|b| b.is_ascii_uppercase()) => {
                self.names.get(&name.to_ascii_lowercase()).copied()
            }
            None => None,
        }
    }

    /// The key of a rule's log source, interning its values.
    pub(crate) fn key(
        &mut self,
        product: Option<&str>,
        category: Option<&str>,
        service: Option<&str>,
    ) -> Key {
        let mut part = |v: Option<&str>| v.map_or(0, |v| self.intern(v));
        [part(product), part(category), part(service)]
    }

    /// The group for a rule key, creating it with `new` when it is the first of its log source.
    pub(crate) fn group(&mut self, key: Key, new: impl FnOnce() -> usize) -> usize {
        if self.parents.is_empty() {
            for (child, parent) in PARENT_CATEGORIES {
                let (child, parent) = (self.intern(child), self.intern(parent));
                self.parents.insert(child, parent);
            }
        }
        *self.groups.entry(key).or_insert_with(new)
    }

    pub(crate) fn route(&self, ls: LogSourceRef<'_>) -> Route {
        let product = self.id(ls.product);
        let category = self.id(ls.category);
        let service = self.id(ls.service);
        let parent = category.and_then(|c| self.parents.get(&c).copied());
        let mut route = Route {
            groups: [0; 12],
            len: 0,
        };
        for p in [Some(0), product].into_iter().flatten() {
            for c in [Some(0), category, parent].into_iter().flatten() {
                for s in [Some(0), service].into_iter().flatten() {
                    if let Some(&g) = self.groups.get(&[p, c, s]) {
                        route.groups[route.len] = g;
                        route.len += 1;
                    }
                }
            }
        }
        route
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls<'a>(p: Option<&'a str>, c: Option<&'a str>, s: Option<&'a str>) -> LogSourceRef<'a> {
        LogSourceRef {
            product: p,
            category: c,
            service: s,
        }
    }

    #[test]
    fn an_event_reaches_the_rules_its_log_source_satisfies() {
        let mut r = Router::default();
        let mut n = 0;
        let mut add = |r: &mut Router, p, c, s| {
            let key = r.key(p, c, s);
            r.group(key, || {
                n += 1;
                n - 1
            })
        };
        let all = add(&mut r, None, None, None);
        let windows = add(&mut r, Some("windows"), None, None);
        let proc = add(&mut r, Some("windows"), Some("process_creation"), None);
        let sysmon = add(&mut r, Some("windows"), None, Some("sysmon"));
        let reg_event = add(&mut r, Some("windows"), Some("registry_event"), None);
        let reg_set = add(&mut r, Some("windows"), Some("registry_set"), None);
        let okta = add(&mut r, Some("okta"), None, Some("okta"));

        let mut got = r
            .route(ls(
                Some("windows"),
                Some("process_creation"),
                Some("sysmon"),
            ))
            .groups()
            .to_vec();
        got.sort();
        assert_eq!(got, vec![all, windows, proc, sysmon]);

        let mut got = r
            .route(ls(Some("Windows"), Some("registry_set"), Some("sysmon")))
            .groups()
            .to_vec();
        got.sort();
        assert_eq!(got, vec![all, windows, sysmon, reg_event, reg_set]);

        let got = r.route(ls(Some("okta"), None, None)).groups().to_vec();
        assert_eq!(
            got,
            vec![all],
            "a rule naming a service needs an event with it"
        );
        let mut got = r
            .route(ls(Some("okta"), None, Some("okta")))
            .groups()
            .to_vec();
        got.sort();
        assert_eq!(got, vec![all, okta]);
        assert_eq!(r.route(ls(Some("linux"), None, None)).groups(), &[all]);
    }
}
