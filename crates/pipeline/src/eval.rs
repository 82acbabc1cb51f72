//! Score an export against a generated world's ground truth (`truth.json` from
//! `unmask generate`): pairwise cluster precision and recall, operator recall and false-positive
//! rate at risk thresholds, how many of each kind of innocent look-alike were flagged, how well
//! risk reads as a probability (a reliability table by risk band and the Brier score), and the
//! flag rate of innocents by the culture of their name.
//!
//! A ratio whose denominator is empty is undefined, not perfect: precision with nothing
//! predicted is `None` (JSON `null`), never 1.0.

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
    /// Subjects by risk band (0-10, 10-20, ..., 90-100) and the share of them that are
    /// operator records.
    pub reliability: Vec<RiskBand>,
    /// Mean squared difference between risk / 100 and being an operator record (0 is perfect,
    /// 0.25 is a coin toss); `None` with no subjects.
    pub brier: Option<f64>,
    /// Innocent records by the culture of their name (`truth.json` `name_cultures`), and how
    /// many reach each threshold.
    pub name_cultures: Vec<CultureScore>,
}

/// One risk band of the reliability table: risk in `[from, to)`, the last band including 100.
#[derive(Debug, Serialize, PartialEq)]
pub struct RiskBand {
    pub from: u8,
    pub to: u8,
    pub subjects: usize,
    pub operators: usize,
    /// `operators / subjects`; `None` for an empty band.
    pub operator_share: Option<f64>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct CultureScore {
    pub culture: String,
    pub innocents: usize,
    pub flagged_50: usize,
    pub flagged_70: usize,
    pub rate_50: Option<f64>,
    pub rate_70: Option<f64>,
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
            "check:bulk_code_access",
        ],
    ),
];

#[derive(Debug, Serialize)]
pub struct TacticScore {
    pub tactic: String,
    pub planted: usize,
    /// Operator employees with the tactic for whom a `rule:<name>` finding of its rules (or
    /// the named check) was raised at medium or above, on that record or on another record of
    /// the same operator (a persona the hire was linked to carries the employee's findings).
    pub flagged: usize,
    /// People who carry such a finding and are no record of an operator with the tactic
    /// planted (false alarms among everyone else, look-alikes included).
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
    /// `None` when no pair was predicted: undefined, not perfect.
    pub precision: Option<f64>,
    /// `None` when the truth holds no pair.
    pub recall: Option<f64>,
    /// `None` when precision or recall is undefined.
    pub f1: Option<f64>,
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

/// `n / d`, undefined when `d` is 0.
fn share(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// Pairwise scores from pair counts.
fn pairwise(true_pairs: usize, predicted: usize, correct: usize) -> Pairwise {
    let precision = share(correct, predicted);
    let recall = share(correct, true_pairs);
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    };
    Pairwise {
        true_pairs: true_pairs as u64,
        predicted_pairs: predicted as u64,
        correct_pairs: correct as u64,
        precision,
        recall,
        f1,
    }
}

/// Width of a reliability band, in risk points.
const BAND: u8 = 10;

/// The reliability table and the Brier score of `(risk, is operator)` per subject.
fn reliability(scored: &[(u8, bool)]) -> (Vec<RiskBand>, Option<f64>) {
    let mut bands: Vec<RiskBand> = (0..100 / BAND)
        .map(|i| RiskBand {
            from: i * BAND,
            to: (i + 1) * BAND,
            subjects: 0,
            operators: 0,
            operator_share: None,
        })
        .collect();
    let mut squared = 0.0;
    for &(risk, operator) in scored {
        let i = usize::from(risk.min(99) / BAND);
        bands[i].subjects += 1;
        bands[i].operators += usize::from(operator);
        let p = f64::from(risk.min(100)) / 100.0;
        let y = if operator { 1.0 } else { 0.0 };
        squared += (p - y) * (p - y);
    }
    for b in &mut bands {
        b.operator_share = share(b.operators, b.subjects);
    }
    (bands, share(1, scored.len()).map(|inv| squared * inv))
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

/// Every record of the operator `m` belongs to, or `m` alone.
fn same_operator<'a>(
    operator_records: &HashMap<&'a str, &'a Vec<String>>,
    m: &'a str,
) -> Vec<&'a str> {
    match operator_records.get(m) {
        Some(all) => all.iter().map(String::as_str).collect(),
        None => vec![m],
    }
}

pub fn evaluate<'a>(export: &'a Export, truth: &'a Truth) -> EvalReport {
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
    // Every record of the operator an employee belongs to.
    let operator_records: HashMap<&str, &Vec<String>> = truth
        .clusters
        .iter()
        .filter(|c| c.operator)
        .flat_map(|c| c.members.iter().map(move |m| (m.as_str(), &c.members)))
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
            let records = |m: &'a str| same_operator(&operator_records, m);
            let covered: BTreeSet<&str> = with.iter().flat_map(|m| records(m)).collect();
            TacticScore {
                tactic: tactic.to_string(),
                planted: with.len(),
                flagged: with
                    .iter()
                    .filter(|m| records(m).into_iter().any(&fires))
                    .count(),
                others_flagged: strong
                    .keys()
                    .filter(|s| !covered.contains(*s) && fires(s))
                    .count(),
            }
        })
        .collect();

    let scored: Vec<(u8, bool)> = universe
        .iter()
        .map(|r| (risk.get(r).copied().unwrap_or(0), operator_refs.contains(r)))
        .collect();
    let (reliability, brier) = reliability(&scored);
    let mut by_culture: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for r in &innocents {
        if let Some(culture) = truth.name_cultures.get(*r) {
            let entry = by_culture.entry(culture.as_str()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(at(r, 50));
            entry.2 += usize::from(at(r, 70));
        }
    }
    let name_cultures = by_culture
        .into_iter()
        .map(|(culture, (n, f50, f70))| CultureScore {
            culture: culture.to_string(),
            innocents: n,
            flagged_50: f50,
            flagged_70: f70,
            rate_50: share(f50, n),
            rate_70: share(f70, n),
        })
        .collect();

    EvalReport {
        subjects: universe.len(),
        pairwise: pairwise(truth_pairs.len(), predicted.len(), correct),
        operators: operators.len(),
        operator_refs: operator_refs.len(),
        thresholds,
        lookalikes,
        facilitators,
        tactics,
        post_hire: post_hire(export, truth),
        reliability,
        brier,
        name_cultures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{ExportCluster, ExportFinding, ExportSubject};
    use unmask_synth::{EndpointTactics, TruthCluster};

    fn subject(reference: &str, risk: u8, findings: &[&str]) -> ExportSubject {
        ExportSubject {
            reference: reference.to_string(),
            kind: if reference.starts_with("employee:") {
                "employee"
            } else {
                "candidate"
            }
            .to_string(),
            risk,
            findings: findings
                .iter()
                .map(|kind| ExportFinding {
                    kind: kind.to_string(),
                    severity: "medium".to_string(),
                    explanation: String::new(),
                    evidence: Vec::new(),
                    at: None,
                })
                .collect(),
            contributions: Vec::new(),
        }
    }

    fn cluster(id: &str, operator: bool, members: &[&str]) -> TruthCluster {
        TruthCluster {
            id: id.to_string(),
            operator,
            members: members.iter().map(|m| m.to_string()).collect(),
        }
    }

    fn predicted(members: &[&[&str]]) -> Vec<ExportCluster> {
        members
            .iter()
            .enumerate()
            .map(|(i, m)| ExportCluster {
                id: format!("cl-{i}"),
                members: m.iter().map(|r| r.to_string()).collect(),
                edges: Vec::new(),
            })
            .collect()
    }

    /// Operator `a`, `b` (hired: `employee:b`), `c`; innocent person `d`+`e`; innocent `f`.
    fn world() -> (Export, Truth) {
        let export = Export {
            clusters: predicted(&[&["g:a", "employee:b"], &["g:d", "g:e", "g:f"]]),
            subjects: vec![
                subject("g:a", 90, &["rule:unmask_ip_kvm_usb_device"]),
                subject("employee:b", 80, &[]),
                subject("g:c", 10, &[]),
                subject("g:d", 0, &[]),
                subject("g:e", 30, &[]),
                subject("g:f", 75, &["rule:unmask_ip_kvm_spoofed_keyboard"]),
            ],
        };
        let cultures = [
            ("g:a", "japanese"),
            ("employee:b", "japanese"),
            ("g:c", "western"),
            ("g:d", "western"),
            ("g:e", "western"),
            ("g:f", "chinese"),
        ];
        let truth = Truth {
            seed: 0,
            scale: 1,
            clusters: vec![
                cluster("operator-001", true, &["g:a", "employee:b", "g:c"]),
                cluster("person-00001", false, &["g:d", "g:e"]),
            ],
            lookalikes: Vec::new(),
            facilitators: Vec::new(),
            endpoint: vec![EndpointTactics {
                member: "employee:b".to_string(),
                tactics: vec!["ip_kvm".to_string()],
                hired: None,
            }],
            name_cultures: cultures
                .iter()
                .map(|(r, c)| (r.to_string(), c.to_string()))
                .collect(),
        };
        (export, truth)
    }

    #[test]
    fn hand_computed_scores() {
        let (export, truth) = world();
        let r = evaluate(&export, &truth);
        // True pairs ab, ac, bc, de; predicted ab, de, df, ef; correct ab, de.
        let p = &r.pairwise;
        assert_eq!(
            (p.true_pairs, p.predicted_pairs, p.correct_pairs),
            (4, 4, 2)
        );
        assert_eq!(
            (p.precision, p.recall, p.f1),
            (Some(0.5), Some(0.5), Some(0.5))
        );
        // (0.1² + 0.2² + 0.9² + 0² + 0.3² + 0.75²) / 6
        let brier = r.brier.expect("brier");
        assert!((brier - 1.5125 / 6.0).abs() < 1e-12, "{brier}");
        let at70 = &r.thresholds[1];
        assert_eq!((at70.innocents_flagged, at70.innocents), (1, 3));
        assert!((at70.operator_recall - 1.0).abs() < 1e-12);
        assert!((at70.persona_recall - 2.0 / 3.0).abs() < 1e-12);
        let western = &r.name_cultures[1];
        assert_eq!(western.culture, "western");
        assert_eq!((western.innocents, western.flagged_50), (2, 0));
        assert_eq!(western.rate_70, Some(0.0));
        let chinese = &r.name_cultures[0];
        assert_eq!(
            (chinese.culture.as_str(), chinese.flagged_70),
            ("chinese", 1)
        );
        assert_eq!(chinese.rate_70, Some(1.0));
        // Operators are not innocents: `japanese` has no innocent and no row.
        assert_eq!(r.name_cultures.len(), 2, "{:?}", r.name_cultures);
        // The IP-KVM found on the operator's persona counts for the hire; the one on `f` is a
        // false alarm.
        let kvm = &r.tactics[0];
        assert_eq!((kvm.planted, kvm.flagged, kvm.others_flagged), (1, 1, 1));
    }

    #[test]
    fn nothing_predicted_is_undefined_precision() {
        let (mut export, truth) = world();
        export.clusters.clear();
        let p = evaluate(&export, &truth).pairwise;
        assert_eq!(p.predicted_pairs, 0);
        assert_eq!(p.precision, None, "no prediction is not a perfect one");
        assert_eq!(p.recall, Some(0.0));
        assert_eq!(p.f1, None);
        let json = serde_json::to_value(&p).expect("json");
        assert!(json["precision"].is_null());

        let none = pairwise(0, 0, 0);
        assert_eq!((none.precision, none.recall, none.f1), (None, None, None));
        let wrong = pairwise(3, 2, 0);
        assert_eq!((wrong.precision, wrong.f1), (Some(0.0), Some(0.0)));
    }

    #[test]
    fn reliability_bands() {
        let (bands, brier) = reliability(&[
            (0, false),
            (9, false),
            (10, true),
            (55, false),
            (99, true),
            (100, true),
        ]);
        assert_eq!(bands.len(), 10);
        assert_eq!((bands[0].from, bands[0].to), (0, 10));
        assert_eq!((bands[9].from, bands[9].to), (90, 100));
        let counts: Vec<(usize, usize)> = bands.iter().map(|b| (b.subjects, b.operators)).collect();
        assert_eq!(
            counts,
            [
                (2, 0),
                (1, 1),
                (0, 0),
                (0, 0),
                (0, 0),
                (1, 0),
                (0, 0),
                (0, 0),
                (0, 0),
                (2, 2)
            ]
        );
        assert_eq!(bands[0].operator_share, Some(0.0));
        assert_eq!(bands[2].operator_share, None);
        assert_eq!(bands[9].operator_share, Some(1.0));
        // (0 + 0.09² + 0.9² + 0.55² + 0.01² + 0) / 6
        let expect = (0.0081 + 0.81 + 0.3025 + 0.0001) / 6.0;
        assert!((brier.expect("brier") - expect).abs() < 1e-12);
        assert_eq!(reliability(&[]).1, None);
    }
}
