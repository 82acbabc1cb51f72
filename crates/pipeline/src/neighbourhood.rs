//! A subject's neighbourhood in the identity graph, from the store: the records and the latest
//! analysis (its persona clusters, risk and findings annotate the nodes).

use crate::PipelineError;
use std::collections::HashMap;
use unmask_graph::view::{self, Annotations, View};
use unmask_graph::Graph;
use unmask_store::Store;

/// `None` when no subject has this reference.
pub fn view(store: &dyn Store, subject: &str, depth: usize) -> Result<Option<View>, PipelineError> {
    let data = store.load()?;
    let analysis = store.load_analysis()?;
    let graph = Graph::build(&unmask_graph::Input {
        subjects: &data.subjects,
        observations: &data.observations,
        relations: &data.relations,
        clusters: &analysis.clusters,
    });
    let Some(root) = graph.subject(subject) else {
        return Ok(None);
    };
    let mut notes = Annotations {
        risk: analysis
            .risk
            .iter()
            .map(|(s, r)| (s.to_string(), *r))
            .collect(),
        findings: HashMap::new(),
    };
    for f in &analysis.findings {
        let kinds = notes.findings.entry(f.subject.to_string()).or_default();
        if !kinds.contains(&f.kind) {
            kinds.push(f.kind.clone());
        }
    }
    Ok(Some(view::neighbourhood(&graph, root, depth, &notes)))
}
