//! unmask's evaluator of rsigma's compiled rules: a yes or no per rule, with rsigma's semantics.
//!
//! rsigma's `evaluate_rule` builds a full result for every match (title, tags, matched fields,
//! each cloned) and looks detections up by name in a hash map; a string matcher that ignores case
//! lower-cases the value again for every needle. Here a rule is turned once into a [`Plan`]:
//! detections numbered, selectors resolved to the detections they name, field names interned.
//! Per event, each field a plan reads is looked up once and its string lower-cased at most once
//! ([`Values`]), and the string matchers (`Exact`, `Contains`, `StartsWith`, `EndsWith`, their
//! Aho-Corasick and regular-expression forms, `|all`, case-insensitive groups, `not`) compare
//! against those. Everything else (numbers, CIDR, field references, placeholders, timestamps,
//! non-string values, keywords) is handed to rsigma's own `CompiledMatcher::matches`, and a
//! rule with array matches or conditional detections is evaluated by rsigma entirely. The result
//! equals `evaluate_rule(..).is_some()` (`tests/it/equivalence.rs`, and the unit tests below).

use crate::document::Fields;
use rsigma_eval::matcher::GroupMode;
use rsigma_eval::{
    evaluate_rule, CompiledDetection, CompiledDetectionItem, CompiledMatcher, CompiledRule,
    EventValue,
};
use rsigma_parser::{ConditionExpr, Quantifier};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;

/// Field names to numbers, shared by the plans of one rule set.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }

    pub(crate) fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// How one compiled rule is evaluated.
#[derive(Debug)]
pub(crate) enum Plan {
    /// By unmask: the rule matches when one of the conditions holds.
    Own {
        conditions: Vec<Cond>,
        detections: Vec<Det>,
    },
    /// By rsigma's `evaluate_rule` (array matches, conditional detections).
    Rsigma,
}

#[derive(Debug)]
pub(crate) enum Cond {
    Det(usize),
    /// An identifier naming no detection: rsigma evaluates it to false.
    Never,
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    /// `1 of`/`any of` the detections.
    Any(Vec<usize>),
    All(Vec<usize>),
    /// `n of`, `n >= 1`.
    AtLeast(u64, Vec<usize>),
    /// `0 of`: always true.
    Always,
}

#[derive(Debug)]
pub(crate) enum Det {
    AllOf(Vec<Item>),
    AnyOf(Vec<Det>),
    And(Vec<Det>),
    Keywords(CompiledMatcher),
}

#[derive(Debug)]
pub(crate) struct Item {
    /// The interned field name; `None` for a keyword item.
    field: Option<u32>,
    exists: Option<bool>,
    matcher: CompiledMatcher,
}

impl Plan {
    pub(crate) fn new(rule: &CompiledRule, fields: &mut Interner) -> Plan {
        let mut names: Vec<&String> = rule.detections.keys().collect();
        names.sort();
        let mut detections = Vec::with_capacity(names.len());
        for name in &names {
            match det(&rule.detections[name.as_str()], fields) {
                Some(d) => detections.push(d),
                None => return Plan::Rsigma,
            }
        }
        let index = |name: &str| names.binary_search_by(|n| n.as_str().cmp(name)).ok();
        let conditions = rule
            .conditions
            .iter()
            .map(|c| cond(c, &names, &index))
            .collect();
        Plan::Own {
            conditions,
            detections,
        }
    }

    /// Whether the rule matches the event: `evaluate_rule(rule, event).is_some()`.
    pub(crate) fn matches<'e>(&self, rule: &CompiledRule, values: &mut Values<'e>) -> bool {
        match self {
            Plan::Rsigma => evaluate_rule(rule, &values.event).is_some(),
            Plan::Own {
                conditions,
                detections,
            } => conditions.iter().any(|c| eval_cond(c, detections, values)),
        }
    }
}

fn cond(expr: &ConditionExpr, names: &[&String], index: &dyn Fn(&str) -> Option<usize>) -> Cond {
    match expr {
        ConditionExpr::Identifier(name) => index(name).map_or(Cond::Never, Cond::Det),
        ConditionExpr::And(exprs) => {
            Cond::And(exprs.iter().map(|e| cond(e, names, index)).collect())
        }
        ConditionExpr::Or(exprs) => Cond::Or(exprs.iter().map(|e| cond(e, names, index)).collect()),
        ConditionExpr::Not(inner) => Cond::Not(Box::new(cond(inner, names, index))),
        ConditionExpr::Selector {
            quantifier,
            pattern,
        } => {
            let selected: Vec<usize> = names
                .iter()
                .enumerate()
                .filter(|(_, n)| pattern.matches_detection_name(n))
                .map(|(i, _)| i)
                .collect();
            match quantifier {
                Quantifier::Any => Cond::Any(selected),
                Quantifier::All => Cond::All(selected),
                Quantifier::Count(0) => Cond::Always,
                Quantifier::Count(n) => Cond::AtLeast(*n, selected),
            }
        }
    }
}

/// `None` when the detection is left to rsigma.
fn det(d: &CompiledDetection, fields: &mut Interner) -> Option<Det> {
    Some(match d {
        CompiledDetection::AllOf(items) => {
            Det::AllOf(items.iter().map(|i| item(i, fields)).collect::<Vec<_>>())
        }
        CompiledDetection::AnyOf(dets) => Det::AnyOf(
            dets.iter()
                .map(|d| det(d, fields))
                .collect::<Option<Vec<_>>>()?,
        ),
        CompiledDetection::And(dets) => Det::And(
            dets.iter()
                .map(|d| det(d, fields))
                .collect::<Option<Vec<_>>>()?,
        ),
        CompiledDetection::Keywords(m) => Det::Keywords(m.clone()),
        CompiledDetection::ArrayMatch { .. } | CompiledDetection::Conditional { .. } => {
            return None
        }
    })
}

fn item(i: &CompiledDetectionItem, fields: &mut Interner) -> Item {
    Item {
        field: i.field.as_deref().map(|f| fields.intern(f)),
        exists: i.exists,
        matcher: i.matcher.clone(),
    }
}

fn eval_cond(c: &Cond, dets: &[Det], values: &mut Values<'_>) -> bool {
    match c {
        Cond::Det(i) => eval_det(&dets[*i], values),
        Cond::Never => false,
        Cond::Always => true,
        Cond::And(cs) => cs.iter().all(|c| eval_cond(c, dets, values)),
        Cond::Or(cs) => cs.iter().any(|c| eval_cond(c, dets, values)),
        Cond::Not(c) => !eval_cond(c, dets, values),
        Cond::Any(ds) => ds.iter().any(|&d| eval_det(&dets[d], values)),
        Cond::All(ds) => ds.iter().all(|&d| eval_det(&dets[d], values)),
        Cond::AtLeast(n, ds) => {
            let mut matched = 0u64;
            ds.iter().any(|&d| {
                if eval_det(&dets[d], values) {
                    matched += 1;
                }
                matched >= *n
            })
        }
    }
}

fn eval_det(d: &Det, values: &mut Values<'_>) -> bool {
    match d {
        Det::AllOf(items) => items.iter().all(|i| eval_item(i, values)),
        Det::AnyOf(ds) => ds.iter().any(|d| eval_det(d, values)),
        Det::And(ds) => ds.iter().all(|d| eval_det(d, values)),
        Det::Keywords(m) => m.matches_keyword(&values.event),
    }
}

fn eval_item<'e>(item: &Item, values: &mut Values<'e>) -> bool {
    let Some(field) = item.field else {
        return match item.exists {
            Some(expect) => !expect,
            None => item.matcher.matches_keyword(&values.event),
        };
    };
    let slot = values.slot(field);
    let value = values.seen[slot].value;
    if let Some(expect) = item.exists {
        return value.is_some_and(|v| !v.is_null()) == expect;
    }
    match value {
        None => matches!(item.matcher, CompiledMatcher::Null),
        Some(Value::String(s)) => str_matches(&item.matcher, s, slot, values),
        Some(v) => item.matcher.matches(&EventValue::from(v), &values.event),
    }
}

/// `m.matches(&EventValue::Str(s), event)`, with the lower-cased `s` computed once per event.
fn str_matches<'e>(m: &CompiledMatcher, s: &'e str, slot: usize, values: &mut Values<'e>) -> bool {
    match m {
        CompiledMatcher::Exact {
            value,
            case_insensitive,
        } => {
            if *case_insensitive {
                values.lower(slot, s) == value.as_str()
            } else {
                s == value
            }
        }
        CompiledMatcher::Contains {
            value,
            case_insensitive,
        } => {
            if *case_insensitive {
                values.lower(slot, s).contains(value.as_str())
            } else {
                s.contains(value.as_str())
            }
        }
        CompiledMatcher::StartsWith {
            value,
            case_insensitive,
        } => {
            if *case_insensitive {
                values.lower(slot, s).starts_with(value.as_str())
            } else {
                s.starts_with(value.as_str())
            }
        }
        CompiledMatcher::EndsWith {
            value,
            case_insensitive,
        } => {
            if *case_insensitive {
                values.lower(slot, s).ends_with(value.as_str())
            } else {
                s.ends_with(value.as_str())
            }
        }
        CompiledMatcher::Regex(re) => re.is_match(s),
        CompiledMatcher::AhoCorasickSet {
            automaton,
            case_insensitive,
            ..
        } => {
            if *case_insensitive {
                automaton.is_match(values.lower(slot, s))
            } else {
                automaton.is_match(s)
            }
        }
        CompiledMatcher::RegexSetMatch { set, mode } => match mode {
            GroupMode::Any => set.is_match(s),
            GroupMode::All => set.matches(s).iter().count() == set.len(),
        },
        CompiledMatcher::Not(inner) => !str_matches(inner, s, slot, values),
        CompiledMatcher::AnyOf(ms) => ms.iter().any(|m| str_matches(m, s, slot, values)),
        CompiledMatcher::AllOf(ms) => ms.iter().all(|m| str_matches(m, s, slot, values)),
        CompiledMatcher::CaseInsensitiveGroup { children, mode } => {
            let lower = values.lower(slot, s);
            match mode {
                GroupMode::Any => children.iter().any(|c| pre_lowered(c, lower)),
                GroupMode::All => children.iter().all(|c| pre_lowered(c, lower)),
            }
        }
        other => other.matches(&EventValue::Str(Cow::Borrowed(s)), &values.event),
    }
}

/// rsigma's `matches_pre_lowered`: the children of a case-insensitive group on the lower-cased
/// value. rsigma's optimizer puts only these matchers there; anything else is false, as in
/// rsigma's release builds.
fn pre_lowered(m: &CompiledMatcher, lower: &str) -> bool {
    match m {
        CompiledMatcher::Contains {
            value,
            case_insensitive: true,
        } => lower.contains(value.as_str()),
        CompiledMatcher::StartsWith {
            value,
            case_insensitive: true,
        } => lower.starts_with(value.as_str()),
        CompiledMatcher::EndsWith {
            value,
            case_insensitive: true,
        } => lower.ends_with(value.as_str()),
        CompiledMatcher::Exact {
            value,
            case_insensitive: true,
        } => lower == value,
        CompiledMatcher::Regex(re) => re.is_match(lower),
        CompiledMatcher::AhoCorasickSet {
            automaton,
            case_insensitive: true,
            ..
        } => automaton.is_match(lower),
        CompiledMatcher::RegexSetMatch { set, mode } => match mode {
            GroupMode::Any => set.is_match(lower),
            GroupMode::All => set.matches(lower).iter().count() == set.len(),
        },
        CompiledMatcher::Not(inner) => !pre_lowered(inner, lower),
        CompiledMatcher::AnyOf(ms) => ms.iter().any(|m| pre_lowered(m, lower)),
        CompiledMatcher::AllOf(ms) => ms.iter().all(|m| pre_lowered(m, lower)),
        CompiledMatcher::CaseInsensitiveGroup { children, mode } => match mode {
            GroupMode::Any => children.iter().any(|c| pre_lowered(c, lower)),
            GroupMode::All => children.iter().all(|c| pre_lowered(c, lower)),
        },
        _ => false,
    }
}

/// The fields of one event the plans have read so far: each looked up once (flat name, then
/// dotted path, as rsigma reads it) and its string lower-cased at most once. Nothing outlives
/// the event.
pub(crate) struct Values<'e> {
    event: Fields<'e>,
    names: &'e Interner,
    seen: Vec<Seen<'e>>,
}

struct Seen<'e> {
    field: u32,
    value: Option<&'e Value>,
    /// `s.to_lowercase()` of a string value, once asked for.
    lower: Option<Cow<'e, str>>,
}

impl<'e> Values<'e> {
    pub(crate) fn new(event: Fields<'e>, names: &'e Interner) -> Values<'e> {
        Values {
            event,
            names,
            // Candidates read a few fields each; rarely more than this many per event.
            seen: Vec::with_capacity(16),
        }
    }

    fn slot(&mut self, field: u32) -> usize {
        if let Some(i) = self.seen.iter().position(|s| s.field == field) {
            return i;
        }
        let value = self.event.lookup(self.names.name(field));
        self.seen.push(Seen {
            field,
            value,
            lower: None,
        });
        self.seen.len() - 1
    }

    /// `s.to_lowercase()`, where `s` is the string value in `slot`.
    fn lower(&mut self, slot: usize, s: &'e str) -> &str {
        self.seen[slot].lower.get_or_insert_with(|| {
            if s.is_ascii() {
                if s.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(s.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(s)
                }
            } else {
                Cow::Owned(s.to_lowercase())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Each event against one rule's detection: unmask's plan must agree with rsigma's
    /// `evaluate_rule`, and with `expect` (whether the rule matches each event).
    fn check(detection: &str, events: &[Value], expect: &[bool]) {
        let rule = crate::compile_detection(detection);
        let mut names = Interner::default();
        let plan = Plan::new(&rule, &mut names);
        let array = rule
            .detections
            .values()
            .any(|d| matches!(d, CompiledDetection::ArrayMatch { .. }));
        assert_eq!(matches!(plan, Plan::Rsigma), array, "{detection}");
        let mut got = Vec::new();
        for event in events {
            let Value::Object(map) = event else {
                panic!("events are objects")
            };
            let mut values = Values::new(Fields(map), &names);
            let ours = plan.matches(&rule, &mut values);
            let theirs = evaluate_rule(&rule, &Fields(map)).is_some();
            assert_eq!(ours, theirs, "{detection}\n{event}");
            got.push(ours);
        }
        assert_eq!(got, expect, "{detection}");
    }

    #[test]
    fn string_matchers_ignore_case_unless_cased() {
        let events = [
            json!({"Image": "C:\\Windows\\CMD.exe"}),
            json!({"Image": "c:\\windows\\cmd.exe"}),
            json!({"Image": "C:\\Tools\\cmd.exe.bak"}),
            json!({"Image": "İSTANBUL\\cmd.EXE"}),
            json!({"Other": "cmd.exe"}),
        ];
        check(
            "sel:\n  Image|endswith: '\\cmd.exe'\ncondition: sel",
            &events,
            &[true, true, false, true, false],
        );
        check(
            "sel:\n  Image|endswith|cased: '\\cmd.exe'\ncondition: sel",
            &events,
            &[false, true, false, false, false],
        );
        check(
            "sel:\n  Image|contains: 'WINDOWS'\ncondition: sel",
            &events,
            &[true, true, false, false, false],
        );
        check(
            "sel:\n  Image|contains|cased: 'Windows'\ncondition: sel",
            &events,
            &[true, false, false, false, false],
        );
        check(
            "sel:\n  Image|startswith: 'c:\\windows'\ncondition: sel",
            &events,
            &[true, true, false, false, false],
        );
        check(
            "sel:\n  Image|startswith: 'i̇stanbul'\ncondition: sel",
            &events,
            &[false, false, false, true, false],
        );
        check(
            "sel:\n  Image: 'c:\\windows\\cmd.EXE'\ncondition: sel",
            &events,
            &[true, true, false, false, false],
        );
        check(
            "sel:\n  Image|cased: 'c:\\windows\\cmd.exe'\ncondition: sel",
            &events,
            &[false, true, false, false, false],
        );
        check(
            "sel:\n  Image: 'C:\\Win*\\cmd.exe'\ncondition: sel",
            &events,
            &[true, true, false, false, false],
        );
        check(
            "sel:\n  Image|re: '(?i)\\\\CMD\\.exe$'\ncondition: sel",
            &events,
            &[true, true, false, true, false],
        );
        check(
            "sel:\n  Image|re: '\\\\cmd\\.exe$'\ncondition: sel",
            &events,
            &[false, true, false, false, false],
        );
    }

    #[test]
    fn lists_all_and_groups() {
        let events = [
            json!({"CommandLine": "powershell -enc AAAA -nop"}),
            json!({"CommandLine": "POWERSHELL -NOP"}),
            json!({"CommandLine": "cmd /c whoami"}),
            json!({"CommandLine": ["x", "cmd /c WHOAMI"]}),
            json!({}),
        ];
        check(
            "sel:\n  CommandLine|contains: ['-enc', 'whoami']\ncondition: sel",
            &events,
            &[true, false, true, true, false],
        );
        check(
            "sel:\n  CommandLine|contains|all: ['-enc', '-nop']\ncondition: sel",
            &events,
            &[true, false, false, false, false],
        );
        // Many needles: rsigma's Aho-Corasick and case-insensitive group forms.
        check(
            "sel:\n  CommandLine|contains: ['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7', 'h8', '-NOP', 'j9']\ncondition: sel",
            &events,
            &[true, true, false, false, false],
        );
        check(
            "sel:\n  CommandLine|startswith: ['powershell', 'cmd']\n  CommandLine|endswith: ['-nop', 'whoami']\ncondition: sel",
            &events,
            &[true, true, true, true, false],
        );
        check(
            "sel:\n  CommandLine|re:\n    - 'a1'\n    - 'b2'\n    - 'c3'\n    - 'd4'\n    - 'whoami$'\ncondition: sel",
            &events,
            &[false, false, true, false, false],
        );
    }

    #[test]
    fn numbers_nulls_and_missing_fields() {
        let events = [
            json!({"EventID": 4688, "User": null}),
            json!({"EventID": "4688"}),
            json!({"EventID": 4688.5, "User": "SYSTEM"}),
            json!({"EventID": [1, 4688]}),
            json!({"User": true}),
        ];
        check(
            "sel:\n  EventID: 4688\ncondition: sel",
            &events,
            &[true, true, false, true, false],
        );
        check(
            "sel:\n  EventID|gt: 4000\ncondition: sel",
            &events,
            &[true, true, true, true, false],
        );
        check(
            "sel:\n  User: null\ncondition: sel",
            &events,
            &[true, true, false, true, false],
        );
        check(
            "sel:\n  User|exists: true\ncondition: sel",
            &events,
            &[false, false, true, false, true],
        );
        check(
            "sel:\n  User: 'true'\ncondition: sel",
            &events,
            &[false, false, false, false, true],
        );
        check(
            "sel:\n  EventID|contains: '68'\ncondition: sel",
            &events,
            &[true, true, true, true, false],
        );
    }

    #[test]
    fn conditions_selectors_and_keywords() {
        let events = [
            json!({"Image": "a.exe", "User": "bob"}),
            json!({"Image": "b.exe", "User": "alice"}),
            json!({"Image": "c.exe", "Nested": {"Deep": "mimikatz here"}}),
            json!({"Image": "a.exe", "User": "alice"}),
        ];
        let dets = "sel_a:\n  Image: 'a.exe'\nsel_b:\n  User: 'alice'\nfilter:\n  User: 'bob'\n";
        check(
            &format!("{dets}condition: sel_a and not filter"),
            &events,
            &[false, false, false, true],
        );
        check(
            &format!("{dets}condition: 1 of sel_*"),
            &events,
            &[true, true, false, true],
        );
        check(
            &format!("{dets}condition: all of sel_*"),
            &events,
            &[false, false, false, true],
        );
        check(
            &format!("{dets}condition: 2 of them"),
            &events,
            &[true, false, false, true],
        );
        check(
            "keywords:\n  - 'MIMIKATZ'\ncondition: keywords",
            &events,
            &[false, false, true, false],
        );
        check(
            "sel:\n  Nested.Deep|contains: 'mimi'\ncondition: sel",
            &events,
            &[false, false, true, false],
        );
    }
}
