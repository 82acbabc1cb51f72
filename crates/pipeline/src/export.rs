//! The JSON export contract, `unmask export --format json`. Other tools score unmask with it:
//! keep field names and meanings stable; add fields, never rename or remove.
//!
//! ```json
//! {"clusters": [{"id": "cl-…", "members": ["greenhouse:<id>", "employee:<id>"]}],
//!  "subjects": [{"ref": "greenhouse:<id>", "risk": 0, "findings": [
//!     {"kind": "…", "severity": "…", "explanation": "…", "evidence": [ … ]}],
//!   "contributions": [{"kind": "prior", "family": "prior", "log_odds": -5.8, "points": 0.3},
//!     {"kind": "…", "severity": "…", "family": "…", "log_odds": 2.1, "points": 41.2}]}]}
//! ```
//! Every candidate and employee appears in `subjects`. `risk` is a calibrated probability times
//! 100 (`unmask-scoring`); `contributions` add up to it within 0.5: the prior for the kind of
//! subject, then each finding kind's share. A subject with nothing found sits at its prior,
//! which rounds to 0 or 1.

use crate::PipelineError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unmask_model::{ClusterEdge, Evidence, SubjectKind};
use unmask_store::Store;

#[derive(Debug, Serialize, Deserialize)]
pub struct Export {
    pub clusters: Vec<ExportCluster>,
    pub subjects: Vec<ExportSubject>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportCluster {
    pub id: String,
    pub members: Vec<String>,
    #[serde(default)]
    pub edges: Vec<ClusterEdge>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportSubject {
    #[serde(rename = "ref")]
    pub reference: String,
    pub kind: String,
    pub risk: u8,
    pub findings: Vec<ExportFinding>,
    /// What made up the risk; added in schema 5 of the contract (older exports have none).
    #[serde(default)]
    pub contributions: Vec<ExportContribution>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportContribution {
    /// A finding kind, or `prior`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    pub family: String,
    pub log_odds: f64,
    pub points: f64,
}

impl ExportContribution {
    pub fn from_assessment(a: &unmask_scoring::Assessment) -> Vec<ExportContribution> {
        let round = |x: f64| (x * 100.0).round() / 100.0;
        a.contributions
            .iter()
            .map(|c| ExportContribution {
                kind: c.kind.clone(),
                severity: c.severity.map(|s| s.as_str().to_string()),
                family: c.family.clone(),
                log_odds: round(c.log_odds),
                points: round(c.points),
            })
            .collect()
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExportFinding {
    pub kind: String,
    pub severity: String,
    pub explanation: String,
    pub evidence: Vec<Evidence>,
    /// When a finding over telemetry would have fired (RFC 3339); absent for findings about
    /// records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

pub fn build(store: &dyn Store) -> Result<Export, PipelineError> {
    let data = crate::load(store)?;
    let analysis = store.load_analysis()?;
    let risk: BTreeMap<&str, u8> = analysis
        .risk
        .iter()
        .map(|(s, r)| (s.as_str(), *r))
        .collect();
    let model = unmask_scoring::Model::builtin()?;
    let assessed: BTreeMap<&str, unmask_scoring::Assessment> =
        crate::risk::assess_all(&model, &data.subjects, &data.relations, &analysis.findings)
            .into_iter()
            .map(|(s, a)| (s.as_str(), a))
            .collect();
    let mut findings: BTreeMap<&str, Vec<ExportFinding>> = BTreeMap::new();
    for f in &analysis.findings {
        findings
            .entry(f.subject.as_str())
            .or_default()
            .push(ExportFinding {
                kind: f.kind.clone(),
                severity: f.severity.as_str().to_string(),
                explanation: f.explanation.clone(),
                evidence: f.evidence.clone(),
                at: f.at.clone(),
            });
    }
    let mut subjects: Vec<ExportSubject> = data
        .subjects
        .iter()
        .filter(|s| s.kind.is_person_of_interest())
        .map(|s| ExportSubject {
            reference: s.id.to_string(),
            kind: if s.kind == SubjectKind::Employee {
                "employee"
            } else {
                "candidate"
            }
            .to_string(),
            risk: risk.get(s.id.as_str()).copied().unwrap_or(0),
            findings: findings.remove(s.id.as_str()).unwrap_or_default(),
            contributions: assessed
                .get(s.id.as_str())
                .map(ExportContribution::from_assessment)
                .unwrap_or_default(),
        })
        .collect();
    subjects.sort_by(|a, b| a.reference.cmp(&b.reference));
    let clusters = analysis
        .clusters
        .into_iter()
        .map(|c| ExportCluster {
            id: c.id,
            members: c.members.into_iter().map(|m| m.0).collect(),
            edges: c.edges,
        })
        .collect();
    Ok(Export { clusters, subjects })
}
