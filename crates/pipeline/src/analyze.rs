//! Analyse everything stored: linkage findings and clusters, then risk per subject.

use crate::{risk, Config, PipelineError, Progress};
use std::collections::BTreeMap;
use unmask_model::SubjectRef;
use unmask_store::{Analysis, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub subjects: usize,
    pub findings: usize,
    pub clusters: usize,
    /// Subjects at risk 70 or more.
    pub high_risk: usize,
}

pub fn run(
    store: &mut dyn Store,
    config: &Config,
    progress: &dyn Progress,
) -> Result<Summary, PipelineError> {
    progress.start("loading records", 1);
    let data = store.load()?;
    let canon = crate::canonicalizer(store, config)?;
    let benign = config.benign(&canon)?;
    progress.finish();
    progress.start("linking records", 1);
    let probable = unmask_linkage::persona::link(
        &data.subjects,
        &data.observations,
        &data.relations,
        &benign,
        0,
    );
    let linked = unmask_linkage::analyze(&unmask_linkage::Input {
        subjects: &data.subjects,
        observations: &data.observations,
        relations: &data.relations,
        benign: &benign,
        probable: &probable,
    });
    progress.finish();
    let mut by_subject: BTreeMap<&SubjectRef, Vec<&unmask_model::Finding>> = BTreeMap::new();
    for f in &linked.findings {
        by_subject.entry(&f.subject).or_default().push(f);
    }
    let risk: Vec<(SubjectRef, u8)> = data
        .subjects
        .iter()
        .filter(|s| s.kind.is_person_of_interest())
        .map(|s| {
            (
                s.id.clone(),
                risk::score(by_subject.get(&s.id).into_iter().flatten().copied()),
            )
        })
        .collect();
    let summary = Summary {
        subjects: risk.len(),
        findings: linked.findings.len(),
        clusters: linked.clusters.len(),
        high_risk: risk.iter().filter(|(_, r)| *r >= 70).count(),
    };
    progress.start("saving analysis", 1);
    store.save_analysis(&Analysis {
        findings: linked.findings,
        clusters: linked.clusters,
        risk,
    })?;
    progress.finish();
    Ok(summary)
}
