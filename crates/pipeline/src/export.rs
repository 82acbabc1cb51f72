//! The JSON export contract, `unmask export --format json`. Other tools score unmask with it:
//! keep field names and meanings stable; add fields, never rename or remove.
//!
//! ```json
//! {"clusters": [{"id": "cl-…", "members": ["greenhouse:<id>", "employee:<id>"]}],
//!  "subjects": [{"ref": "greenhouse:<id>", "risk": 0, "findings": [
//!     {"kind": "…", "severity": "…", "explanation": "…", "evidence": [ … ]}]}]}
//! ```
//! Every candidate and employee appears in `subjects`, with risk 0 when nothing was found.

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
    let data = store.load()?;
    let analysis = store.load_analysis()?;
    let risk: BTreeMap<&str, u8> = analysis
        .risk
        .iter()
        .map(|(s, r)| (s.as_str(), *r))
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
