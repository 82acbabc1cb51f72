//! Sigma rules against unmask's events.
//!
//! [`RuleSet::load`] reads rule files (the only I/O in this crate) and reports every file or rule
//! that did not load, with the reason. A [`Detector`] evaluates one [`Document`] against the
//! detection rules of its log source; a [`Correlator`] runs the correlation rules (`event_count`,
//! `value_count`, `temporal`, `temporal_ordered`) over the detections, on event time.
//!
//! Parsing and detection are the `rsigma-parser` and `rsigma-eval` crates behind unmask's own
//! types, so the evaluator can be swapped. In front of rsigma, unmask's prefilter (`prefilter/`)
//! picks the rules an event could match from their necessary conditions; only those are
//! evaluated, by unmask's evaluator of rsigma's compiled rules (`evaluate.rs`), and the hits are
//! exactly rsigma's. Correlation is unmask's own (`correlation.rs`): rsigma's
//! windows assume events arrive in time order, and its group keys are raw field values, where
//! unmask groups by entity (a sign-in's user and an endpoint's user are one key).

mod correlation;
mod document;
mod evaluate;
mod load;
mod prefilter;
mod routing;
mod ruleset;

pub use correlation::{Correlator, Limits, Stats};
pub use document::{Document, Entity, LogSourceRef};
pub use load::{LoadProblem, LoadReport, Source};
pub use ruleset::{Reference, RuleSet};
pub use unmask_model::LogSource;

use std::sync::Arc;

/// What a rule is, as hits report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule's `id`; its `name`, else its title, when it has none.
    pub id: String,
    /// The rule's `name`, when it has one (correlations refer to rules by it).
    pub name: Option<String>,
    pub title: String,
    /// `informational`, `low`, `medium`, `high` or `critical`.
    pub level: Option<String>,
    pub tags: Vec<String>,
    /// The rule's log source; empty for a correlation.
    pub logsource: LogSource,
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub rule: Arc<RuleInfo>,
    /// Set when a correlation fired: its group and the aggregated value.
    pub correlation: Option<CorrelationHit>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationHit {
    /// `group-by` field and value pairs; entity fields carry the entity id.
    pub group: Vec<(String, String)>,
    /// The count (events, distinct values or rules) that met the condition.
    pub value: u64,
    /// Start and end of the window, in seconds since the Unix epoch.
    pub window: (i64, i64),
}

impl Hit {
    pub fn rule_id(&self) -> &str {
        &self.rule.id
    }
}

/// Stateless detection: which rules of a document's log source match it.
pub trait Detector {
    /// Append the matching rules to `hits`.
    fn detect(&self, doc: &dyn Document, hits: &mut Vec<Hit>);
}

/// A rule with this detection (YAML lines, indented under `detection:`) for a Windows log
/// source, compiled by rsigma: what the unit tests of the prefilter and the evaluator start from.
#[cfg(test)]
pub(crate) fn compile_detection(detection: &str) -> rsigma_eval::CompiledRule {
    let yaml = format!(
        "title: t\nlogsource:\n  product: windows\ndetection:\n{}",
        detection
            .lines()
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    );
    let collection = rsigma_parser::parse_sigma_yaml(&yaml).expect("yaml");
    rsigma_eval::compile_rule(collection.rules.first().expect("one rule")).expect("compiles")
}
