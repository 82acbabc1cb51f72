//! Retro-hunt: when new intelligence arrives, match it over every artifact ever stored, not only
//! what arrives next. `unmask analyze` then scores the hits like any other finding.

use crate::PipelineError;
use serde::Serialize;
use unmask_graph::{intel, Graph, Node};
use unmask_store::Store;

#[derive(Debug, Clone, Serialize)]
pub struct RetroHit {
    pub subject: String,
    /// How the subject reaches the artifact (`holds it`, `through their device`...).
    pub how: &'static str,
    /// The artifact, masked (`email address j***@example.com`).
    pub artifact: String,
    pub indicator: String,
    pub source: String,
    pub confidence: Option<u8>,
    /// A warning list that also covers the value: the hit is not counted.
    pub listed: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct RetroHunt {
    pub indicators: usize,
    pub hits: Vec<RetroHit>,
    /// New indicators outside their validity window at `now`.
    pub out_of_window: usize,
}

/// Match the indicators written by import `source_id` (and later ones) against everything
/// stored, at time `now`.
pub fn retro_hunt(
    store: &dyn Store,
    source_id: i64,
    now: &str,
) -> Result<RetroHunt, PipelineError> {
    let indicators = store.indicators_since(source_id)?;
    let data = crate::load(store)?;
    let graph = Graph::build(&unmask_graph::Input {
        subjects: &data.subjects,
        observations: &data.observations,
        relations: &data.relations,
        clusters: &[],
    });
    let hunt = intel::hunt(&graph, &indicators, &data.warninglists, now);
    let mut out = RetroHunt {
        indicators: indicators.len(),
        hits: Vec::new(),
        out_of_window: hunt.out_of_window,
    };
    for hit in &hunt.hits {
        let ind = &indicators[hit.indicator];
        for &(s, how) in &hit.subjects {
            out.hits.push(RetroHit {
                subject: graph.subjects[s].id.to_string(),
                how,
                artifact: graph.describe(Node::Artifact(hit.artifact)),
                indicator: ind.id.clone(),
                source: ind.source.clone(),
                confidence: ind.confidence,
                listed: hit.listed.clone(),
            });
        }
    }
    Ok(out)
}
