//! unmask's prefilter in front of rsigma: which rules of a route an event could match at all.
//!
//! Each rule has a necessary condition (`need.rs`): up to four clauses, each a set of atoms on
//! field values (or, for keywords, on any string value), such that the rule can match only if
//! every clause has an atom that holds. Per route, the atoms are indexed by field: exact values in
//! a hash map, substrings, prefixes and suffixes in one Aho-Corasick automaton (keyword atoms are
//! added to every field's automaton), integers in a hash map. An event's fields are read once,
//! each string lower-cased once and scanned once; every atom that holds marks its rule's clause.
//! The rules with all clauses marked, and the rules without a condition, are the candidates, and
//! only they are evaluated (with rsigma's semantics, `evaluate.rs`). A rule outside the
//! candidates fails its necessary condition, so it could not have matched: the hits are exactly
//! rsigma's.

mod literals;
pub(crate) mod need;

use crate::document::{Fields, MAX_DEPTH};
use aho_corasick::AhoCorasick;
use need::{Need, Op, Test};
use serde_json::{Map, Value};
use std::collections::HashMap;

type Map2<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Up to this many clauses of a rule's condition are checked (`need::MAX_CLAUSES`), each marked
/// by its own bit.
const CLAUSE_BITS: u32 = 2;

/// The candidate index of one route's rules. Rules are numbered by their slot in the route.
#[derive(Debug, Default)]
pub(crate) struct Prefilter {
    /// Slots of the rules without a condition.
    always: Vec<u32>,
    /// Per slot, how many clauses must hold.
    clauses: Vec<u8>,
    /// Fields rsigma finds by their flat name (no `.` in it), each with the keyword atoms too.
    flat: Map2<String, FieldScan>,
    /// Fields with a `.`: flat first, then as a path through nested objects, as rsigma does.
    dotted: Vec<(String, FieldScan)>,
    /// Keyword atoms alone, for string values not under an indexed flat field.
    keywords: Option<FieldScan>,
}

/// A rule's clause an atom serves: `slot << CLAUSE_BITS | clause`.
type Mark = u32;

/// What a pattern or value marks, and whether it is a keyword atom (which only strings, not the
/// string forms of numbers, may satisfy).
#[derive(Debug, Clone, Copy)]
struct Entry {
    op: Op,
    mark: Mark,
    keyword: bool,
}

/// The atoms on one field (and the keyword atoms, which hold on any string).
#[derive(Debug, Default)]
struct FieldScan {
    exact: Map2<String, Vec<Entry>>,
    /// The byte lengths of the exact values (255 standing for 255 and longer): a value of
    /// another length is not hashed and looked up.
    exact_lengths: [u64; 4],
    /// Substrings, prefixes and suffixes; `patterns[i]` says what pattern `i` marks and how.
    automaton: Option<AhoCorasick>,
    patterns: Vec<Vec<Entry>>,
    numbers: Map2<i64, Vec<Mark>>,
}

/// While building: the distinct needles of a field.
#[derive(Default, Clone)]
struct FieldAtoms {
    exact: Map2<String, Vec<Entry>>,
    needles: Map2<String, usize>,
    patterns: Vec<(String, Vec<Entry>)>,
    numbers: Map2<i64, Vec<Mark>>,
}

impl FieldAtoms {
    fn add(&mut self, test: &Test, entry: Entry) {
        match test {
            Test::Num(n) => self.numbers.entry(*n).or_default().push(entry.mark),
            Test::Str { op: Op::Eq, needle } => {
                self.exact.entry(fold(needle)).or_default().push(entry)
            }
            Test::Str { needle, .. } => {
                let needle = fold(needle);
                let next = self.patterns.len();
                let i = *self.needles.entry(needle.clone()).or_insert(next);
                if i == next {
                    self.patterns.push((needle, Vec::new()));
                }
                self.patterns[i].1.push(entry);
            }
        }
    }
}

impl Prefilter {
    /// Index the necessary conditions of a route's rules, in slot order.
    pub(crate) fn build<'a>(needs: impl IntoIterator<Item = &'a Need>) -> Prefilter {
        let mut prefilter = Prefilter::default();
        let mut fields: HashMap<&str, FieldAtoms> = HashMap::new();
        let mut keywords = FieldAtoms::default();
        let mut keyword_atoms = Vec::new();
        for (slot, need) in needs.into_iter().enumerate() {
            let slot = slot as u32;
            let clauses = match need {
                Some(clauses) if clauses.len() <= 1 << CLAUSE_BITS => clauses,
                _ => {
                    prefilter.always.push(slot);
                    prefilter.clauses.push(0);
                    continue;
                }
            };
            prefilter.clauses.push(clauses.len() as u8);
            for (c, clause) in clauses.iter().enumerate() {
                let mark = slot << CLAUSE_BITS | c as u32;
                for atom in clause {
                    let (op, keyword) = match &atom.test {
                        Test::Str { op, .. } => (*op, atom.field.is_none()),
                        Test::Num(_) => (Op::Eq, false),
                    };
                    let entry = Entry { op, mark, keyword };
                    match atom.field.as_deref() {
                        Some(field) => fields.entry(field).or_default().add(&atom.test, entry),
                        None => {
                            keywords.add(&atom.test, entry);
                            keyword_atoms.push((atom.test.clone(), entry));
                        }
                    }
                }
            }
        }
        for (field, mut atoms) in fields {
            if field.contains('.') {
                prefilter
                    .dotted
                    .push((field.to_string(), FieldScan::build(atoms)));
            } else {
                // A flat field's string value is scanned once for its own atoms and the
                // keywords together.
                for (test, entry) in &keyword_atoms {
                    atoms.add(test, *entry);
                }
                prefilter
                    .flat
                    .insert(field.to_string(), FieldScan::build(atoms));
            }
        }
        prefilter.dotted.sort_by(|a, b| a.0.cmp(&b.0));
        if !keyword_atoms.is_empty() {
            prefilter.keywords = Some(FieldScan::build(keywords));
        }
        prefilter
    }

    /// The slots of the rules the event could match, sorted and without duplicates.
    pub(crate) fn candidates(&self, fields: &Map<String, Value>, out: &mut Vec<u32>) {
        let mut marks = Marks::new(self.clauses.len());
        let mut scratch = Scratch::default();
        for (name, value) in fields {
            let scan = self.flat.get(name.as_str());
            match (value, scan) {
                (Value::String(s), Some(scan)) => {
                    scan.scan_string(s, true, &mut scratch.lower, &mut marks)
                }
                (Value::String(s), None) => {
                    if let Some(keywords) = &self.keywords {
                        keywords.scan_str(lowercase(s, &mut scratch.lower), true, &mut marks);
                    }
                }
                (value, scan) => {
                    if let Some(scan) = scan {
                        scan.scan(value, &mut scratch, &mut marks);
                    }
                    if let Some(keywords) = &self.keywords {
                        let lower = &mut scratch.lower;
                        keyword_strings(
                            value,
                            &mut |s| keywords.scan_str(lowercase(s, lower), true, &mut marks),
                            MAX_DEPTH,
                        );
                    }
                }
            }
        }
        let doc = Fields(fields);
        for (name, scan) in &self.dotted {
            if let Some(value) = doc.lookup(name) {
                scan.scan(value, &mut scratch, &mut marks);
            }
        }
        out.clear();
        out.extend_from_slice(&self.always);
        // A rule is a candidate when every one of its clauses is marked.
        for &slot in &marks.touched {
            if marks.clauses[slot as usize].count_ones() == u32::from(self.clauses[slot as usize]) {
                out.push(slot);
            }
        }
        out.sort_unstable();
    }

    /// Rules evaluated for every event of the route.
    #[cfg(test)]
    pub(crate) fn always(&self) -> usize {
        self.always.len()
    }
}

impl FieldScan {
    fn build(atoms: FieldAtoms) -> FieldScan {
        let automaton = if atoms.patterns.is_empty() {
            None
        } else {
            // Patterns are literal strings; building fails only past the automaton's size
            // limits, and then every rule with a pattern here is a candidate whenever the field
            // has a value. (The default kind: a contiguous NFA for large pattern sets, which
            // stays in cache better than a DFA, on the SigmaHQ corpus.)
            AhoCorasick::new(atoms.patterns.iter().map(|(n, _)| n.as_str())).ok()
        };
        let patterns = if automaton.is_some() {
            atoms.patterns.into_iter().map(|(_, p)| p).collect()
        } else {
            // Without an automaton, every pattern's marks are set whenever the field is seen.
            vec![atoms
                .patterns
                .into_iter()
                .flat_map(|(_, p)| p)
                .map(|e| Entry {
                    op: Op::Contains,
                    ..e
                })
                .collect()]
        };
        let mut exact_lengths = [0u64; 4];
        for value in atoms.exact.keys() {
            let len = value.len().min(255);
            exact_lengths[len / 64] |= 1 << (len % 64);
        }
        FieldScan {
            exact: atoms.exact,
            exact_lengths,
            automaton,
            patterns,
            numbers: atoms.numbers,
        }
    }

    /// A string value of the field: its own atoms and the keywords'.
    fn scan_string(&self, s: &str, keywords: bool, lower: &mut String, marks: &mut Marks) {
        self.scan_str(lowercase(s, lower), keywords, marks);
        if !self.numbers.is_empty() {
            // rsigma parses strings for its numeric matchers.
            if let Ok(v) = s.parse::<f64>() {
                self.scan_number(v, marks);
            }
        }
    }

    /// Mark the atoms that hold for `value`: a string, or a number or boolean read as rsigma
    /// reads it, or any element of an array. Objects and null have no string form. Keyword
    /// atoms are left to the caller.
    fn scan(&self, value: &Value, scratch: &mut Scratch, marks: &mut Marks) {
        match value {
            Value::String(s) => self.scan_string(s, false, &mut scratch.lower, marks),
            Value::Number(n) => {
                // As rsigma's `EventValue`: an integer when it fits an i64, else a float.
                let (v, form) = match n.as_i64() {
                    Some(i) => (i as f64, Form::Int(i)),
                    None => {
                        let f = n.as_f64().unwrap_or(f64::NAN);
                        (f, Form::Float(f))
                    }
                };
                if !self.numbers.is_empty() {
                    self.scan_number(v, marks);
                }
                if !self.exact.is_empty() || self.automaton.is_some() {
                    let text = &mut scratch.number;
                    text.clear();
                    use std::fmt::Write as _;
                    // Writing to a String does not fail.
                    let _ = match form {
                        Form::Int(i) => write!(text, "{i}"),
                        Form::Float(f) => write!(text, "{f}"),
                    };
                    self.scan_str(text, false, marks);
                }
            }
            Value::Bool(b) => self.scan_str(if *b { "true" } else { "false" }, false, marks),
            Value::Array(items) => {
                for item in items {
                    self.scan(item, scratch, marks);
                }
            }
            Value::Null | Value::Object(_) => {}
        }
    }

    /// `lower` is a lower-cased (and folded) string form; `keywords`: it is a string value, so
    /// keyword atoms may hold too.
    fn scan_str(&self, lower: &str, keywords: bool, marks: &mut Marks) {
        let take = |e: &Entry| keywords || !e.keyword;
        let len = lower.len().min(255);
        let maybe_exact = self.exact_lengths[len / 64] >> (len % 64) & 1 == 1;
        if let Some(entries) = maybe_exact.then(|| self.exact.get(lower)).flatten() {
            entries
                .iter()
                .filter(|e| take(e))
                .for_each(|e| marks.set(e.mark));
        }
        let Some(automaton) = &self.automaton else {
            if let Some(all) = self.patterns.first() {
                all.iter()
                    .filter(|e| take(e))
                    .for_each(|e| marks.set(e.mark));
            }
            return;
        };
        for m in automaton.find_overlapping_iter(lower) {
            for e in &self.patterns[m.pattern().as_usize()] {
                let holds = match e.op {
                    Op::Contains => true,
                    Op::StartsWith => m.start() == 0,
                    Op::EndsWith => m.end() == lower.len(),
                    Op::Eq => m.start() == 0 && m.end() == lower.len(),
                };
                if holds && take(e) {
                    marks.set(e.mark);
                }
            }
        }
    }

    fn scan_number(&self, v: f64, marks: &mut Marks) {
        let r = v.round();
        if r.is_finite() && r.abs() < 9.0e15 {
            if let Some(found) = self.numbers.get(&(r as i64)) {
                found.iter().for_each(|&m| marks.set(m));
            }
        }
    }
}

/// Every string (not number or boolean: rsigma's keywords look at strings only) in a value, as
/// rsigma's keyword search visits them through `Fields::any_string_value`.
fn keyword_strings(value: &Value, visit: &mut dyn FnMut(&str), depth: usize) {
    match value {
        Value::String(s) => visit(s),
        Value::Array(items) if depth > 0 => items
            .iter()
            .for_each(|v| keyword_strings(v, visit, depth - 1)),
        Value::Object(map) if depth > 0 => map
            .values()
            .for_each(|v| keyword_strings(v, visit, depth - 1)),
        _ => {}
    }
}

enum Form {
    Int(i64),
    Float(f64),
}

/// The clauses marked for one event: per slot a bit per clause, and the slots with any.
struct Marks {
    clauses: Vec<u8>,
    touched: Vec<u32>,
}

impl Marks {
    fn new(slots: usize) -> Marks {
        Marks {
            clauses: vec![0; slots],
            touched: Vec::with_capacity(64),
        }
    }

    fn set(&mut self, mark: Mark) {
        let slot = mark >> CLAUSE_BITS;
        let bits = &mut self.clauses[slot as usize];
        if *bits == 0 {
            self.touched.push(slot);
        }
        *bits |= 1 << (mark & ((1 << CLAUSE_BITS) - 1));
    }
}

/// Buffers reused across the values of one event.
#[derive(Default)]
struct Scratch {
    lower: String,
    number: String,
}

/// `fold(s.to_lowercase())`: `s` itself when it is lower-case ASCII already, else written to `buf`.
fn lowercase<'a>(s: &'a str, buf: &'a mut String) -> &'a str {
    if s.is_ascii() {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            return s;
        }
        buf.clear();
        buf.push_str(s);
        buf.make_ascii_lowercase();
    } else {
        buf.clear();
        buf.extend(s.to_lowercase().chars().map(fold_char));
    }
    buf
}

/// One more character-by-character map after lower-casing, applied alike to needles and to
/// values, so an atom that held before still holds: the long s `ſ`, which a case-insensitive
/// regular expression matches for `s` and which lower-cases to itself, reads as `s`.
pub(crate) fn fold(lower: &str) -> String {
    lower.chars().map(fold_char).collect()
}

pub(crate) fn fold_char(c: char) -> char {
    if c == 'ſ' {
        's'
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use need::Atom;
    use serde_json::json;

    fn atom(field: &str, op: Op, needle: &str) -> Atom {
        Atom {
            field: Some(field.into()),
            test: Test::Str {
                op,
                needle: needle.into(),
            },
        }
    }

    fn candidates(p: &Prefilter, event: Value) -> Vec<u32> {
        let Value::Object(map) = event else {
            unreachable!()
        };
        let mut out = Vec::new();
        p.candidates(&map, &mut out);
        out
    }

    #[test]
    fn each_op_marks_its_rules() {
        let needs = vec![
            Some(vec![vec![atom("Image", Op::EndsWith, "\\cmd.exe")]]),
            Some(vec![vec![atom("Image", Op::StartsWith, "c:\\windows")]]),
            Some(vec![vec![atom("CommandLine", Op::Contains, "whoami")]]),
            Some(vec![vec![atom("User", Op::Eq, "system")]]),
            Some(vec![vec![Atom {
                field: Some("EventID".into()),
                test: Test::Num(4688),
            }]]),
            None,
            Some(vec![vec![atom("a.b", Op::Eq, "x")]]),
            Some(vec![vec![atom("Image", Op::Eq, "cmd.exe")]]),
        ];
        let p = Prefilter::build(&needs);
        assert_eq!(p.always(), 1);
        assert_eq!(
            candidates(
                &p,
                json!({"Image": "C:\\Windows\\System32\\CMD.exe", "User": "x"})
            ),
            vec![0, 1, 5]
        );
        assert_eq!(
            candidates(
                &p,
                json!({"CommandLine": ["a", "WHOAMI /all"], "User": "System", "EventID": "4688"})
            ),
            vec![2, 3, 4, 5]
        );
        assert_eq!(
            candidates(&p, json!({"EventID": 4688.0, "a": {"b": "X"}})),
            vec![4, 5, 6]
        );
        assert_eq!(candidates(&p, json!({"Image": "cmd.exe"})), vec![5, 7]);
        // Numbers and booleans are matched by their string forms too.
        let p = Prefilter::build(&[Some(vec![vec![atom("n", Op::Contains, "12")]])]);
        assert_eq!(candidates(&p, json!({"n": 3123})), vec![0]);
        assert_eq!(candidates(&p, json!({"n": 3})), Vec::<u32>::new());
        // Keywords look at every string, nested too, but not at numbers.
        let keyword = Atom {
            field: None,
            test: Test::Str {
                op: Op::Contains,
                needle: "mimi".into(),
            },
        };
        let p = Prefilter::build(&[Some(vec![vec![keyword]])]);
        assert_eq!(candidates(&p, json!({"a": {"b": ["x MIMIKATZ"]}})), vec![0]);
        assert_eq!(candidates(&p, json!({"a": 1})), Vec::<u32>::new());
        // A keyword atom holds on strings only, also in an indexed field.
        let p = Prefilter::build(&[
            Some(vec![vec![Atom {
                field: None,
                test: Test::Str {
                    op: Op::Contains,
                    needle: "12".into(),
                },
            }]]),
            Some(vec![vec![atom("n", Op::Eq, "x")]]),
        ]);
        assert_eq!(candidates(&p, json!({"n": 12})), Vec::<u32>::new());
        assert_eq!(candidates(&p, json!({"n": "12"})), vec![0]);
        assert_eq!(candidates(&p, json!({"m": ["a", {"b": "112"}]})), vec![0]);
    }

    #[test]
    fn exact_values_of_any_length() {
        let long = "x".repeat(300);
        let p = Prefilter::build(&[
            Some(vec![vec![atom("User", Op::Eq, "ab")]]),
            Some(vec![vec![atom("User", Op::Eq, &long)]]),
            Some(vec![vec![atom("User", Op::Eq, &"y".repeat(255))]]),
        ]);
        assert_eq!(candidates(&p, json!({"User": "AB"})), vec![0]);
        assert_eq!(candidates(&p, json!({"User": "abc"})), Vec::<u32>::new());
        assert_eq!(candidates(&p, json!({"User": long.clone()})), vec![1]);
        assert_eq!(
            candidates(&p, json!({"User": "x".repeat(299)})),
            Vec::<u32>::new()
        );
        assert_eq!(candidates(&p, json!({"User": "Y".repeat(255)})), vec![2]);
        assert_eq!(
            candidates(&p, json!({"User": "y".repeat(256)})),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn every_clause_must_hold() {
        let p = Prefilter::build(&[Some(vec![
            vec![atom("Image", Op::EndsWith, "\\cmd.exe")],
            vec![
                atom("CommandLine", Op::Contains, "/c"),
                atom("ParentImage", Op::Eq, "x"),
            ],
        ])]);
        assert_eq!(
            candidates(&p, json!({"Image": "C:\\cmd.exe"})),
            Vec::<u32>::new()
        );
        assert_eq!(
            candidates(&p, json!({"Image": "C:\\cmd.exe", "ParentImage": "X"})),
            vec![0]
        );
        assert_eq!(
            candidates(
                &p,
                json!({"Image": "C:\\cmd.exe", "CommandLine": "cmd /c a"})
            ),
            vec![0]
        );
    }
}
