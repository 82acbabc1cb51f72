//! Score an export against a generated world's ground truth (`truth.json` from
//! `unmask generate`): pairwise cluster precision and recall, operator recall and false-positive
//! rate at risk thresholds, and how many of each kind of innocent look-alike were flagged.

use crate::export::Export;
use crate::PipelineError;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use unmask_synth::Truth;

pub const THRESHOLDS: [u8; 2] = [50, 70];

#[derive(Debug, Serialize)]
pub struct EvalReport {
    pub subjects: usize,
    pub pairwise: Pairwise,
    pub operators: usize,
    pub operator_refs: usize,
    pub thresholds: Vec<AtThreshold>,
    pub lookalikes: Vec<LookalikeScore>,
    pub facilitators: Vec<FacilitatorScore>,
    /// Planted endpoint and code-access tactics of hired operators, and whether the rule meant
    /// for each fired on that employee at medium severity or above.
    pub tactics: Vec<TacticScore>,
    pub post_hire: PostHire,
}

/// The post-hire checks and rules over telemetry: findings that carry the time they would
/// have fired (`at`). For each hired operator, the days from the hire date to their first high
/// (or critical) such finding; among innocent employees, how many carry one.
#[derive(Debug, Serialize)]
pub struct PostHire {
    pub operators: usize,
    /// Operators with a high telemetry finding at all, and within 14 days of hire.
    pub detected: usize,
    pub within_14_days: usize,
    /// Days to detection, per detected operator, ascending.
    pub days: Vec<f64>,
    /// The kind of each detected operator's first high finding, counted.
    pub first_kinds: BTreeMap<String, usize>,
    pub innocent_employees: usize,
    pub innocents_flagged: usize,
    pub false_positive_rate: f64,
}

fn days_between(hired: &str, at: &str) -> Option<f64> {
    let hired = chrono::NaiveDate::parse_from_str(hired, "%Y-%m-%d")
        .ok()?
        .and_hms_opt(0, 0, 0)?
        .and_utc();
    let at = chrono::DateTime::parse_from_rfc3339(at).ok()?;
    Some(((at.timestamp() - hired.timestamp()) as f64 / 86_400.0).max(0.0))
}

fn post_hire(export: &Export, truth: &Truth) -> PostHire {
    let high_at: HashMap<&str, Vec<(&str, &str)>> = export
        .subjects
        .iter()
        .map(|s| {
            (
                s.reference.as_str(),
                s.findings
                    .iter()
                    .filter(|f| matches!(f.severity.as_str(), "high" | "critical"))
                    .filter_map(|f| Some((f.at.as_deref()?, f.kind.as_str())))
                    .collect(),
            )
        })
        .collect();
    let operators: BTreeSet<&str> = truth.endpoint.iter().map(|e| e.member.as_str()).collect();
    let mut first_kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut days: Vec<f64> = truth
        .endpoint
        .iter()
        .filter_map(|e| {
            let hired = e.hired.as_deref()?;
            let (d, kind) = high_at
                .get(e.member.as_str())?
                .iter()
                .filter_map(|(at, kind)| Some((days_between(hired, at)?, *kind)))
                .min_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)))?;
            *first_kinds.entry(kind.to_string()).or_default() += 1;
            Some(d)
        })
        .collect();
    days.sort_by(|a, b| a.total_cmp(b));
    let innocent: Vec<&str> = export
        .subjects
        .iter()
        .filter(|s| s.kind == "employee" && !operators.contains(s.reference.as_str()))
        .map(|s| s.reference.as_str())
        .collect();
    let flagged = innocent
        .iter()
        .filter(|r| high_at.get(*r).is_some_and(|v| !v.is_empty()))
        .count();
    PostHire {
        operators: operators.len(),
        detected: days.len(),
        within_14_days: days.iter().filter(|d| **d <= 14.0).count(),
        days,
        first_kinds,
        innocent_employees: innocent.len(),
        innocents_flagged: flagged,
        false_positive_rate: ratio(flagged, innocent.len()),
    }
}

/// The rules that detect each planted tactic (unmask's pack in `rules/`), by name, or the
/// post-hire check (`check:<finding kind>`).
pub const TACTIC_RULES: [(&str, &[&str]); 7] = [
    (
        "ip_kvm",
        &["unmask_ip_kvm_usb_device", "unmask_ip_kvm_spoofed_keyboard"],
    ),
    ("remote_access_tools", &["unmask_two_remote_access_tools"]),
    (
        "crd_unattended",
        &["unmask_chrome_remote_desktop_unattended"],
    ),
    (
        "astrill",
        &["unmask_vpn_client_astrill", "unmask_vpn_client_installed"],
    ),
    ("vm_byod", &["unmask_virtual_machine_device"]),
    (
        "mouse_jiggler",
        &["unmask_mouse_jiggler", "unmask_mouse_jiggler_software"],
    ),
    (
        "bulk_clone",
        &[
            "unmask_bulk_repository_copy",
            "check:pre_termination_bulk_access",
        ],
    ),
];

#[derive(Debug, Serialize)]
pub struct TacticScore {
    pub tactic: String,
    pub planted: usize,
    /// Operator employees with the tactic who carry a `rule:<name>` finding of its rules at
    /// medium or above.
    pub flagged: usize,
    /// People who carry such a finding without the tactic planted (false alarms among everyone
    /// else, look-alikes included).
    pub others_flagged: usize,
}

/// Planted facilitators found by the identity graph: a laptop farm is found when at least two
/// of the employees it serves carry a `laptop_farm` finding, a payout account when two carry
/// `payout_hub`. `found_by_reuse` counts the same with the pairwise reuse findings
/// (`shared_ship_to_address`, `shared_payout_account`). `extra` counts people carrying the
/// graph finding who are not served by any planted facilitator of that kind (false alarms).
#[derive(Debug, Serialize)]
pub struct FacilitatorScore {
    pub kind: String,
    pub planted: usize,
    pub found: usize,
    pub found_by_reuse: usize,
    pub extra: usize,
}

#[derive(Debug, Serialize)]
pub struct Pairwise {
    pub true_pairs: u64,
    pub predicted_pairs: u64,
    pub correct_pairs: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Serialize)]
pub struct AtThreshold {
    pub risk: u8,
    /// Operators with at least one record at or above the threshold.
    pub operator_recall: f64,
    /// Operator records (personas, employee records) at or above the threshold.
    pub persona_recall: f64,
    pub innocents: usize,
    pub innocents_flagged: usize,
    pub false_positive_rate: f64,
}

#[derive(Debug, Serialize)]
pub struct LookalikeScore {
    pub kind: String,
    pub groups: usize,
    pub subjects: usize,
    /// Look-alike subjects at risk 70 or more.
    pub flagged_high: usize,
    pub flagged_50: usize,
    /// Look-alike subjects put in a persona cluster with someone who is not the same person.
    pub linked: usize,
}

pub fn load_truth(path: &str) -> Result<Truth, PipelineError> {
    let text = std::fs::read_to_string(path).map_err(|source| PipelineError::Io {
        path: path.to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| PipelineError::Truth {
        path: path.to_string(),
        source,
    })
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

/// Unordered pairs inside each group, restricted to `universe`.
fn pairs<'a>(
    groups: impl Iterator<Item = &'a Vec<String>>,
    universe: &BTreeSet<&str>,
) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for g in groups {
        let mut m: Vec<&String> = g.iter().filter(|r| universe.contains(r.as_str())).collect();
        m.sort();
        m.dedup();
        for i in 0..m.len() {
            for j in i + 1..m.len() {
                out.insert((m[i].clone(), m[j].clone()));
            }
        }
    }
    out
}

pub fn evaluate(export: &Export, truth: &Truth) -> EvalReport {
    let universe: BTreeSet<&str> = export
        .subjects
        .iter()
        .map(|s| s.reference.as_str())
        .collect();
    let risk: HashMap<&str, u8> = export
        .subjects
        .iter()
        .map(|s| (s.reference.as_str(), s.risk))
        .collect();
    let truth_pairs = pairs(truth.clusters.iter().map(|c| &c.members), &universe);
    let predicted = pairs(export.clusters.iter().map(|c| &c.members), &universe);
    let correct = predicted.intersection(&truth_pairs).count();
    let precision = if predicted.is_empty() {
        1.0
    } else {
        ratio(correct, predicted.len())
    };
    let recall = ratio(correct, truth_pairs.len());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };

    let operators: Vec<Vec<&str>> = truth
        .clusters
        .iter()
        .filter(|c| c.operator)
        .map(|c| {
            c.members
                .iter()
                .map(String::as_str)
                .filter(|r| universe.contains(r))
                .collect()
        })
        .collect();
    let operator_refs: BTreeSet<&str> = operators.iter().flatten().copied().collect();
    let innocents: Vec<&str> = universe
        .iter()
        .copied()
        .filter(|r| !operator_refs.contains(r))
        .collect();
    let at = |r: &str, t: u8| risk.get(r).copied().unwrap_or(0) >= t;
    let thresholds = THRESHOLDS
        .iter()
        .map(|&t| {
            let caught = operators
                .iter()
                .filter(|o| o.iter().any(|r| at(r, t)))
                .count();
            let personas = operator_refs.iter().filter(|r| at(r, t)).count();
            let flagged = innocents.iter().filter(|r| at(r, t)).count();
            AtThreshold {
                risk: t,
                operator_recall: ratio(caught, operators.len()),
                persona_recall: ratio(personas, operator_refs.len()),
                innocents: innocents.len(),
                innocents_flagged: flagged,
                false_positive_rate: ratio(flagged, innocents.len()),
            }
        })
        .collect();

    // Who each record truly is (its truth cluster), and whom unmask clustered it with.
    let mut truth_of: HashMap<&str, usize> = HashMap::new();
    for (i, c) in truth.clusters.iter().enumerate() {
        for m in &c.members {
            truth_of.insert(m.as_str(), i);
        }
    }
    let mut predicted_with: HashMap<&str, &Vec<String>> = HashMap::new();
    for c in &export.clusters {
        for m in &c.members {
            predicted_with.insert(m.as_str(), &c.members);
        }
    }
    let wrongly_linked = |r: &str| {
        predicted_with.get(r).is_some_and(|members| {
            members.iter().any(|o| {
                o != r
                    && (!truth_of.contains_key(o.as_str())
                        || truth_of.get(o.as_str()) != truth_of.get(r))
            })
        })
    };
    let mut kinds: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for l in &truth.lookalikes {
        let entry = kinds.entry(l.kind.as_str()).or_default();
        entry.0 += 1;
        entry.1.extend(
            l.members
                .iter()
                .map(String::as_str)
                .filter(|r| universe.contains(r)),
        );
    }
    let lookalikes = kinds
        .into_iter()
        .map(|(kind, (groups, members))| LookalikeScore {
            kind: kind.to_string(),
            groups,
            subjects: members.len(),
            flagged_high: members.iter().filter(|r| at(r, 70)).count(),
            flagged_50: members.iter().filter(|r| at(r, 50)).count(),
            linked: members.iter().filter(|r| wrongly_linked(r)).count(),
        })
        .collect();

    let finding_kinds: HashMap<&str, BTreeSet<&str>> = export
        .subjects
        .iter()
        .map(|s| {
            (
                s.reference.as_str(),
                s.findings.iter().map(|f| f.kind.as_str()).collect(),
            )
        })
        .collect();
    let mut facilitators: BTreeMap<&str, FacilitatorScore> = BTreeMap::new();
    let carriers = |members: &[String], finding: &str| {
        members
            .iter()
            .filter(|m| {
                finding_kinds
                    .get(m.as_str())
                    .is_some_and(|k| k.contains(finding))
            })
            .count()
    };
    for f in &truth.facilitators {
        let (graph, reuse) = match f.kind.as_str() {
            "laptop_farm" => ("laptop_farm", "shared_ship_to_address"),
            "payout_account" => ("payout_hub", "shared_payout_account"),
            _ => continue,
        };
        let entry = facilitators
            .entry(f.kind.as_str())
            .or_insert_with(|| FacilitatorScore {
                kind: f.kind.clone(),
                planted: 0,
                found: 0,
                found_by_reuse: 0,
                extra: 0,
            });
        entry.planted += 1;
        entry.found += usize::from(carriers(&f.members, graph) >= 2);
        entry.found_by_reuse += usize::from(carriers(&f.members, reuse) >= 2);
    }
    for (kind, graph) in [
        ("laptop_farm", "laptop_farm"),
        ("payout_account", "payout_hub"),
    ] {
        let served: BTreeSet<&str> = truth
            .facilitators
            .iter()
            .filter(|f| f.kind == kind)
            .flat_map(|f| f.members.iter().map(String::as_str))
            .collect();
        let extra = finding_kinds
            .iter()
            .filter(|(s, k)| k.contains(graph) && !served.contains(*s))
            .count();
        if let Some(entry) = facilitators.get_mut(kind) {
            entry.extra = extra;
        } else if extra > 0 {
            facilitators.insert(
                kind,
                FacilitatorScore {
                    kind: kind.to_string(),
                    planted: 0,
                    found: 0,
                    found_by_reuse: 0,
                    extra,
                },
            );
        }
    }
    let facilitators = facilitators.into_values().collect();

    let strong: HashMap<&str, BTreeSet<&str>> = export
        .subjects
        .iter()
        .map(|s| {
            (
                s.reference.as_str(),
                s.findings
                    .iter()
                    .filter(|f| matches!(f.severity.as_str(), "medium" | "high" | "critical"))
                    .map(|f| f.kind.as_str())
                    .collect(),
            )
        })
        .collect();
    let tactics = TACTIC_RULES
        .iter()
        .map(|(tactic, rules)| {
            let fires = |who: &str| {
                strong.get(who).is_some_and(|k| {
                    rules.iter().any(|r| match r.strip_prefix("check:") {
                        Some(kind) => k.contains(kind),
                        None => k.contains(format!("rule:{r}").as_str()),
                    })
                })
            };
            let with: BTreeSet<&str> = truth
                .endpoint
                .iter()
                .filter(|e| e.tactics.iter().any(|t| t == tactic))
                .map(|e| e.member.as_str())
                .collect();
            TacticScore {
                tactic: tactic.to_string(),
                planted: with.len(),
                flagged: with.iter().filter(|m| fires(m)).count(),
                others_flagged: strong
                    .keys()
                    .filter(|s| !with.contains(*s) && fires(s))
                    .count(),
            }
        })
        .collect();

    EvalReport {
        subjects: universe.len(),
        pairwise: Pairwise {
            true_pairs: truth_pairs.len() as u64,
            predicted_pairs: predicted.len() as u64,
            correct_pairs: correct as u64,
            precision,
            recall,
            f1,
        },
        operators: operators.len(),
        operator_refs: operator_refs.len(),
        thresholds,
        lookalikes,
        facilitators,
        tactics,
        post_hire: post_hire(export, truth),
    }
}
