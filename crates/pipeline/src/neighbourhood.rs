//! A subject's neighbourhood in the identity graph, from the store: the records and the latest
//! analysis (its persona clusters, risk and findings annotate the nodes). Sign-in addresses are
//! not stored records: `analyze` reads them from the events, and the addresses it judged (a
//! `shared_egress`, an inferred egress, a hub) come back here from those findings' evidence, so
//! the view shows the IP behind the finding.

use crate::PipelineError;
use std::collections::{BTreeSet, HashMap};
use unmask_graph::view::{self, Annotations, View};
use unmask_graph::Graph;
use unmask_model::{ArtifactKind, Observation};
use unmask_store::Store;

/// `None` when no subject has this reference.
pub fn view(store: &dyn Store, subject: &str, depth: usize) -> Result<Option<View>, PipelineError> {
    let mut data = crate::load(store)?;
    let analysis = store.load_analysis()?;
    data.observations
        .extend(sign_in_addresses(&analysis.findings));
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

/// The sign-in addresses the findings cite (each holder once per address).
fn sign_in_addresses(findings: &[unmask_model::Finding]) -> Vec<Observation> {
    let canon = unmask_model::canon::Canonicalizer::new([0; 32]);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in findings.iter().flat_map(|f| &f.evidence) {
        if e.artifact != Some(ArtifactKind::IpAddress) || e.role.as_deref() != Some("sign_in") {
            continue;
        }
        let Some(Ok(artifact)) = e.masked.as_deref().map(|ip| canon.ip(ip)) else {
            continue;
        };
        if seen.insert((e.subject.clone(), artifact.canonical.expose().clone())) {
            out.push(Observation {
                subject: e.subject.clone(),
                artifact,
                role: "sign_in".into(),
                provenance: e.provenance.clone(),
            });
        }
    }
    out
}
