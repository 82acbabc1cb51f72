//! Findings: what analysis concluded about a subject, with the evidence records behind it.

use crate::{ArtifactKind, Provenance, SubjectRef};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Context for an analyst; never raises risk (suppressed or benign explanations).
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One record that supports a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub subject: SubjectRef,
    pub artifact: Option<ArtifactKind>,
    /// Role of the artifact for that subject (`home`, `ship_to`, `payout`, `reference`...).
    pub role: Option<String>,
    /// A masked rendering of the value, safe to show in a report.
    pub masked: Option<String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub subject: SubjectRef,
    /// Stable machine name such as `shared_artifact`; see the README for the list.
    pub kind: String,
    pub severity: Severity,
    /// Human-readable: which artifact, which records, why it matters.
    pub explanation: String,
    pub evidence: Vec<Evidence>,
    /// When the finding would have fired (RFC 3339, UTC): the time of the event that completed
    /// the evidence, for checks over telemetry. `None` for findings about records, which hold
    /// from the moment the records exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// Two records in one persona cluster, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterEdge {
    pub a: SubjectRef,
    pub b: SubjectRef,
    pub reason: String,
}

/// Records believed to be run by one actor, with the edges that hold them together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: String,
    pub members: Vec<SubjectRef>,
    pub edges: Vec<ClusterEdge>,
}
