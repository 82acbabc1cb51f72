//! A rule's necessary condition: a set of atoms such that the rule can match an event only if at
//! least one atom holds for it. Derived from the compiled rule (after modifiers such as
//! `|windash`, `|base64` and `|wide` have been turned into plain matchers), so only the matcher
//! semantics of rsigma matter here, not Sigma's modifier syntax.
//!
//! A condition is a conjunction of clauses, each a disjunction of atoms. The rules of
//! derivation, each sound on its own:
//! - a string matcher on a field gives one atom; the matcher holds for a value only if one of the
//!   value's string forms (as rsigma's `match_str_value` makes them) satisfies the atom;
//! - OR (any value of an item, `1 of`, a list of maps, `or`) needs every branch's condition; the
//!   i-th clauses of the branches, joined, are each implied by the OR;
//! - AND (the items of a map, `all of`, `and`, `|all`) needs every branch's clauses; the few
//!   estimated to hold least often are kept;
//! - a regular expression needs the runs of literal characters it must match (`literals.rs`);
//! - a keyword gives the same atoms as a field's value would, on any string value of the event;
//! - anything else (`not`, `|exists`, `|cidr`, `|fieldref`, null, array matches) gives no
//!   condition, and a rule without one is always evaluated.

use super::literals;
use rsigma_eval::matcher::GroupMode;
use rsigma_eval::{CompiledDetection, CompiledDetectionItem, CompiledMatcher, CompiledRule};
use rsigma_parser::{ConditionExpr, Quantifier};
use std::collections::HashMap;

/// How an atom compares a lower-cased string form of a field value with its needle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    Eq,
    Contains,
    StartsWith,
    EndsWith,
}

/// What one atom asks of a field's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Test {
    /// A string form of the value, lower-cased as rsigma lower-cases (`str::to_lowercase`),
    /// compares with `needle` (already lower-case).
    Str { op: Op, needle: String },
    /// The value read as a number (as rsigma's numeric matchers read it) rounds to this integer.
    Num(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Atom {
    /// The field as the rule names it (rsigma looks it up flat, then as a dotted path); `None`
    /// for a keyword, which any string value anywhere in the event may satisfy.
    pub(crate) field: Option<String>,
    pub(crate) test: Test,
}

/// One atom of a clause must hold; an empty clause never holds.
pub(crate) type Clause = Vec<Atom>;

/// `None`: no condition could be derived. `Some(clauses)`: the rule (or part) can hold only if
/// each clause does (at most [`MAX_CLAUSES`] of them, cheapest first).
pub(crate) type Need = Option<Vec<Clause>>;

/// How many clauses of an AND are kept (dropping one only weakens the condition).
pub(crate) const MAX_CLAUSES: usize = 4;

/// The necessary condition of a compiled rule: it matches when one of its conditions does.
pub(crate) fn of_rule(rule: &CompiledRule) -> Need {
    let mut clauses = any(rule
        .conditions
        .iter()
        .map(|c| condition(c, &rule.detections)))?;
    // A clause with a weak atom holds for most events and costs a mark each time; with a
    // stronger clause beside it, it is not worth checking.
    if clauses.iter().any(|c| !weak(c)) {
        clauses.retain(|c| !weak(c));
    }
    Some(clauses)
}

/// A clause with an atom most values satisfy: a very short substring, prefix or suffix.
fn weak(clause: &[Atom]) -> bool {
    clause.iter().any(|a| match &a.test {
        Test::Str {
            op: Op::Contains,
            needle,
        } => needle.chars().count() <= 3,
        Test::Str {
            op: Op::StartsWith | Op::EndsWith,
            needle,
        } => needle.chars().count() <= 4,
        _ => false,
    })
}

fn condition(expr: &ConditionExpr, detections: &HashMap<String, CompiledDetection>) -> Need {
    match expr {
        // rsigma evaluates an unknown identifier to false.
        ConditionExpr::Identifier(name) => match detections.get(name) {
            Some(det) => detection(det),
            None => Some(vec![Vec::new()]),
        },
        ConditionExpr::And(exprs) => all(exprs.iter().map(|e| condition(e, detections))),
        ConditionExpr::Or(exprs) => any(exprs.iter().map(|e| condition(e, detections))),
        ConditionExpr::Not(_) => None,
        ConditionExpr::Selector {
            quantifier,
            pattern,
        } => {
            let selected = detections
                .iter()
                .filter(|(name, _)| pattern.matches_detection_name(name))
                .map(|(_, det)| det);
            match quantifier {
                // At least one selected detection must hold (none selected: never true).
                Quantifier::Any => any(selected.map(detection)),
                Quantifier::Count(n) if *n >= 1 => any(selected.map(detection)),
                // `0 of` is always true.
                Quantifier::Count(_) => None,
                Quantifier::All => {
                    let needs: Vec<Need> = selected.map(detection).collect();
                    // `all of` nothing is vacuously true.
                    if needs.is_empty() {
                        None
                    } else {
                        all(needs.into_iter())
                    }
                }
            }
        }
    }
}

fn detection(det: &CompiledDetection) -> Need {
    match det {
        CompiledDetection::AllOf(items) => all(items.iter().map(item)),
        CompiledDetection::AnyOf(dets) => any(dets.iter().map(detection)),
        CompiledDetection::And(dets) => all(dets.iter().map(detection)),
        // Keywords match any string value anywhere in the event.
        CompiledDetection::Keywords(m) => matcher(None, m, false),
        // Array matches can hold on a missing field; element-scoped conditions are left to
        // rsigma.
        CompiledDetection::ArrayMatch { .. } | CompiledDetection::Conditional { .. } => None,
    }
}

fn item(item: &CompiledDetectionItem) -> Need {
    if item.exists.is_some() {
        return None;
    }
    // A missing field matches only the `Null` matcher, which gives no atom; a present one is
    // handed to the matcher. An item without a field is a keyword.
    matcher(item.field.as_deref(), &item.matcher, false)
}

/// `lowered`: the matcher sees the value lower-cased already (a child of a case-insensitive
/// group). String matchers there are all case-insensitive, and give the same atoms.
fn matcher(field: Option<&str>, m: &CompiledMatcher, lowered: bool) -> Need {
    let atom = |op: Op, value: &str, case_insensitive: bool| -> Need {
        let needle = if case_insensitive {
            // rsigma compares `s.to_lowercase()` with this value, stored lower-cased.
            value.to_string()
        } else if value.is_ascii() {
            // `s` holds the ASCII text `value` (at the start, end, anywhere or as a whole) only
            // if `s.to_lowercase()` holds its ASCII lower-case in the same place: lower-casing
            // maps each ASCII character to one ASCII character, whatever surrounds it.
            value.to_ascii_lowercase()
        } else {
            return None;
        };
        // An empty needle holds for every string: no use as a condition.
        if needle.is_empty() && op != Op::Eq {
            return None;
        }
        Some(vec![vec![Atom {
            field: field.map(str::to_string),
            test: Test::Str { op, needle },
        }]])
    };
    match m {
        CompiledMatcher::Exact {
            value,
            case_insensitive,
        } => atom(Op::Eq, value, *case_insensitive),
        CompiledMatcher::Contains {
            value,
            case_insensitive,
        } => atom(Op::Contains, value, *case_insensitive),
        CompiledMatcher::StartsWith {
            value,
            case_insensitive,
        } => atom(Op::StartsWith, value, *case_insensitive),
        CompiledMatcher::EndsWith {
            value,
            case_insensitive,
        } => atom(Op::EndsWith, value, *case_insensitive),
        CompiledMatcher::AhoCorasickSet {
            needles,
            case_insensitive,
            ..
        } => any(needles
            .iter()
            .map(|n| atom(Op::Contains, n, *case_insensitive))),
        // `|v - n| < EPSILON` for an integer `n` implies `v` rounds to `n`. (Keywords are
        // matched as strings only; a number there never matches, and asks nothing here.)
        CompiledMatcher::NumericEq(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
            Some(vec![vec![Atom {
                field: Some(field?.to_string()),
                test: Test::Num(*n as i64),
            }]])
        }
        CompiledMatcher::Regex(re) => literals::need(field, re.as_str(), lowered),
        CompiledMatcher::RegexSetMatch { set, mode } => {
            let needs = set
                .patterns()
                .iter()
                .map(|p| literals::need(field, p, lowered));
            match mode {
                GroupMode::Any => any(needs),
                GroupMode::All => all(needs),
            }
        }
        CompiledMatcher::AnyOf(ms) => any(ms.iter().map(|m| matcher(field, m, lowered))),
        CompiledMatcher::AllOf(ms) => all(ms.iter().map(|m| matcher(field, m, lowered))),
        // Children of a group see the value lower-cased once.
        CompiledMatcher::CaseInsensitiveGroup { children, mode } => {
            let needs = children.iter().map(|m| matcher(field, m, true));
            match mode {
                GroupMode::Any => any(needs),
                GroupMode::All => all(needs),
            }
        }
        _ => None,
    }
}

/// OR: every branch must have a condition. `(a1 & a2) | (b1 & b2)` implies `a_i | b_j` for any
/// pairing; the cheapest clauses of each branch are paired.
pub(crate) fn any(needs: impl Iterator<Item = Need>) -> Need {
    let mut out: Option<Vec<Clause>> = None;
    for need in needs {
        let need = need?;
        out = Some(match out {
            None => need,
            Some(acc) if never(&acc) => need,
            Some(acc) if never(&need) => acc,
            Some(acc) => {
                let mut joined: Vec<Clause> = acc
                    .into_iter()
                    .zip(need)
                    .map(|(mut a, b)| {
                        a.extend(b);
                        a
                    })
                    .collect();
                sort(&mut joined);
                joined
            }
        });
    }
    // No branch at all: never true.
    Some(out.unwrap_or_else(|| vec![Vec::new()]))
}

/// AND: every branch's clauses are necessary; the cheapest few are kept.
pub(crate) fn all(needs: impl Iterator<Item = Need>) -> Need {
    let mut clauses: Vec<Clause> = Vec::new();
    let mut any_condition = false;
    for need in needs.flatten() {
        any_condition = true;
        if never(&need) {
            return Some(vec![Vec::new()]);
        }
        for clause in need {
            if !clauses.contains(&clause) {
                clauses.push(clause);
            }
        }
    }
    if !any_condition {
        return None;
    }
    sort(&mut clauses);
    clauses.truncate(MAX_CLAUSES);
    Some(clauses)
}

fn never(clauses: &[Clause]) -> bool {
    clauses.iter().any(|c| c.is_empty())
}

fn sort(clauses: &mut [Clause]) {
    clauses.sort_by(|a, b| cost(a).total_cmp(&cost(b)));
}

/// A rough chance that one of the atoms holds for an event that has the fields, used only to pick
/// among the clauses of an AND (any choice is exact; rare ones leave fewer rules to evaluate).
pub(crate) fn cost(atoms: &[Atom]) -> f64 {
    atoms
        .iter()
        .map(|a| match &a.test {
            Test::Num(_) => 0.3,
            Test::Str { op: Op::Eq, .. } => 0.02,
            Test::Str { op, needle } => {
                let len = needle.len() as f64;
                match op {
                    Op::Contains => (2.0 / (len + 1.0)).min(1.0),
                    _ => 1.0 / (len + 1.0),
                }
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The necessary condition of one rule: its clauses, sorted, each as its atoms (`field op
    /// needle`) joined by ` | `.
    fn need(detection: &str) -> Option<Vec<String>> {
        let compiled = crate::compile_detection(detection);
        of_rule(&compiled).map(|clauses| {
            let mut out: Vec<String> = clauses
                .iter()
                .map(|clause| {
                    let mut atoms: Vec<String> = clause
                        .iter()
                        .map(|a| {
                            let field = a.field.as_deref().unwrap_or("*");
                            match &a.test {
                                Test::Str { op, needle } => format!("{field} {op:?} {needle}"),
                                Test::Num(n) => format!("{field} = {n}"),
                            }
                        })
                        .collect();
                    atoms.sort();
                    atoms.dedup();
                    atoms.join(" | ")
                })
                .collect();
            out.sort();
            out
        })
    }

    fn check(detection: &str, expect: Option<&[&str]>) {
        let got = need(detection);
        let expect = expect.map(|e| e.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(got, expect, "{detection}");
    }

    #[test]
    fn plain_values_are_case_folded_atoms() {
        check(
            "sel:\n  Image|endswith: '\\Cmd.EXE'\ncondition: sel",
            Some(&["Image EndsWith \\cmd.exe"]),
        );
        check(
            "sel:\n  CommandLine|contains: ['A', 'Bc']\ncondition: sel",
            Some(&["CommandLine Contains a | CommandLine Contains bc"]),
        );
        check(
            "sel:\n  User: 'SYSTEM'\ncondition: sel",
            Some(&["User Eq system"]),
        );
        check(
            "sel:\n  EventID: 4688\ncondition: sel",
            Some(&["EventID = 4688"]),
        );
    }

    #[test]
    fn and_keeps_clauses_or_joins_them() {
        // A map is AND: both items are clauses.
        check(
            "sel:\n  CommandLine|contains: 'xyzzy'\n  Image: 'C:\\a.exe'\ncondition: sel",
            Some(&["CommandLine Contains xyzzy", "Image Eq c:\\a.exe"]),
        );
        // A weak clause (a short substring) is dropped beside a stronger one.
        check(
            "sel:\n  CommandLine|contains: ' -x'\n  Image: 'C:\\a.exe'\ncondition: sel",
            Some(&["Image Eq c:\\a.exe"]),
        );
        check(
            "sel:\n  CommandLine|contains: ' -x'\ncondition: sel",
            Some(&["CommandLine Contains  -x"]),
        );
        // A list of maps is OR.
        check(
            "sel:\n  - Image|endswith: '\\a.exe'\n  - OriginalFileName: 'a.exe'\ncondition: sel",
            Some(&["Image EndsWith \\a.exe | OriginalFileName Eq a.exe"]),
        );
        check(
            "a:\n  Image|endswith: '\\a.exe'\nb:\n  Image|endswith: '\\b.exe'\ncondition: a or b",
            Some(&["Image EndsWith \\a.exe | Image EndsWith \\b.exe"]),
        );
        // (a1 and a2) or (b1 and b2): the cheapest clauses are paired.
        check(
            "a:\n  Image|endswith: '\\a.exe'\n  User: u\nb:\n  Image|endswith: '\\b.exe'\n  User: v\ncondition: a or b",
            Some(&["Image EndsWith \\a.exe | Image EndsWith \\b.exe", "User Eq u | User Eq v"]),
        );
        // At most four clauses, the cheapest.
        check(
            "sel:\n  A: a\n  B: b\n  C: c\n  D: d\n  E|contains: e\ncondition: sel",
            Some(&["A Eq a", "B Eq b", "C Eq c", "D Eq d"]),
        );
        // `and` takes one side; a side without a condition is skipped.
        check(
            "a:\n  Image|re: '[a-z]+'\nb:\n  Image|endswith: '\\b.exe'\ncondition: a and b",
            Some(&["Image EndsWith \\b.exe"]),
        );
        // `or` with a side without a condition has none.
        check(
            "a:\n  Image|re: '[a-z]+'\nb:\n  Image|endswith: '\\b.exe'\ncondition: a or b",
            None,
        );
    }

    #[test]
    fn not_gives_no_condition_but_and_not_keeps_the_positive_side() {
        check(
            "filter:\n  Image|endswith: '\\a.exe'\ncondition: not filter",
            None,
        );
        check(
            "sel:\n  Image|endswith: '\\b.exe'\nfilter:\n  User: x\ncondition: sel and not filter",
            Some(&["Image EndsWith \\b.exe"]),
        );
        // `|neq` is a negation too.
        check("sel:\n  Image|neq: 'x'\ncondition: sel", None);
    }

    #[test]
    fn selectors() {
        let two = "selection_a:\n  Image|endswith: '\\a.exe'\nselection_b:\n  CommandLine|contains: 'evil'\n";
        check(
            &format!("{two}condition: 1 of selection_*"),
            Some(&["CommandLine Contains evil | Image EndsWith \\a.exe"]),
        );
        check(
            &format!("{two}condition: all of selection_*"),
            Some(&["CommandLine Contains evil", "Image EndsWith \\a.exe"]),
        );
        check(
            &format!("{two}condition: 1 of them"),
            Some(&["CommandLine Contains evil | Image EndsWith \\a.exe"]),
        );
        // Nothing selected: `1 of` never holds (an empty clause), `all of` always does.
        check(&format!("{two}condition: 1 of nothing_*"), Some(&[""]));
        check(&format!("{two}condition: all of nothing_*"), None);
    }

    #[test]
    fn exists_null_cidr_and_wide_regexes_give_no_condition() {
        check("sel:\n  Image|exists: true\ncondition: sel", None);
        check("sel:\n  Image: null\ncondition: sel", None);
        check("sel:\n  Image|contains: ''\ncondition: sel", None);
        check("sel:\n  SourceIp|cidr: '10.0.0.0/8'\ncondition: sel", None);
        check(
            "sel:\n  Image|re: '.*[.][a-z]+'\ncondition: sel",
            Some(&["Image Contains ."]),
        );
        check("sel:\n  Image|re: '.*[a-z]?'\ncondition: sel", None);
        check("sel:\n  Image|fieldref: ParentImage\ncondition: sel", None);
    }

    #[test]
    fn keywords_are_atoms_on_any_value() {
        check(
            "keywords:\n  - 'Mimikatz'\n  - 'sekurlsa::'\ncondition: keywords",
            Some(&["* Contains mimikatz | * Contains sekurlsa::"]),
        );
        // A keyword list with a wildcard: the literal runs of the regex.
        check(
            "keywords:\n  - 'evil*thing'\ncondition: keywords",
            Some(&["* Contains evil", "* Contains thing"]),
        );
    }

    #[test]
    fn regexes_need_their_literal_runs() {
        check(
            "sel:\n  CommandLine|re: '(?i)\\.exe\\s+werfault'\ncondition: sel",
            Some(&["CommandLine Contains .exe", "CommandLine Contains werfault"]),
        );
        // A wildcard value compiles to a regular expression (case-insensitive).
        check(
            "sel:\n  Image: 'C:*\\WinWord.exe'\ncondition: sel",
            Some(&["Image Contains \\winword.exe"]),
        );
        check(
            "sel:\n  CommandLine|re: 'Foo|Bar'\ncondition: sel",
            Some(&["CommandLine Contains bar | CommandLine Contains foo"]),
        );
    }

    #[test]
    fn all_modifier_is_and() {
        check(
            "sel:\n  CommandLine|contains|all: ['-enc', ' hidden ']\ncondition: sel",
            Some(&["CommandLine Contains  hidden ", "CommandLine Contains -enc"]),
        );
    }

    #[test]
    fn cased_values_fold_only_when_ascii() {
        check(
            "sel:\n  CommandLine|contains|cased: 'AbC'\ncondition: sel",
            Some(&["CommandLine Contains abc"]),
        );
        check(
            "sel:\n  CommandLine|contains|cased: 'Ä'\ncondition: sel",
            None,
        );
    }

    #[test]
    fn windash_and_base64_are_their_variants() {
        let got = need("sel:\n  CommandLine|windash|contains: ' -a '\ncondition: sel")
            .expect("a condition");
        for variant in [" -a ", " /a ", " –a ", " —a ", " ―a "] {
            assert!(
                got[0].contains(&format!("CommandLine Contains {variant}")),
                "{variant} in {got:?}"
            );
        }
        // `|base64offset|contains` gives the three encodings, lower-cased (rsigma matches
        // base64 case-insensitively unless `|cased`).
        let got = need("sel:\n  CommandLine|base64offset|contains: 'http'\ncondition: sel")
            .expect("a condition");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].split(" | ").count(), 3, "{got:?}");
    }
}
