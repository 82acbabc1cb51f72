//! Threat intelligence against everything stored: each indicator in force is compared with every
//! artifact of its kind, and a hit becomes a finding on whoever holds the artifact, citing the
//! indicator id, its source and its confidence.
//!
//! A value that is also on a warning list (public resolvers, cloud ranges, free-mail domains) is
//! reported but not counted, as MISP itself does with warning lists.

use crate::graph::{EdgeKind, Graph, Node};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use unmask_model::{
    ArtifactKind, Evidence, Finding, Indicator, IndicatorKind, Matcher, Severity, SubjectKind,
    WarningList,
};

/// One indicator hitting one stored artifact.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Index into the indicators given to [`hunt`].
    pub indicator: usize,
    #[serde(skip)]
    pub artifact: usize,
    /// Subjects the finding is written on, each with how they reach the artifact.
    pub subjects: Vec<(usize, &'static str)>,
    /// The warning list that also covers the value, if any.
    pub listed: Option<String>,
}

#[derive(Debug, Default)]
pub struct Hunt {
    pub hits: Vec<Hit>,
    /// Indicators not in force at the time of the hunt (expired or not yet valid).
    pub out_of_window: usize,
}

fn artifact_kind(kind: IndicatorKind) -> ArtifactKind {
    match kind {
        IndicatorKind::Email | IndicatorKind::Domain => ArtifactKind::Email,
        IndicatorKind::Ip => ArtifactKind::IpAddress,
        IndicatorKind::Profile | IndicatorKind::Handle => ArtifactKind::Profile,
        IndicatorKind::Phone => ArtifactKind::Phone,
        IndicatorKind::BankAccount => ArtifactKind::BankAccount,
        IndicatorKind::Url => ArtifactKind::Url,
    }
}

/// The part of a canonical artifact an indicator of this kind compares with.
fn facet(kind: IndicatorKind, canonical: &str) -> &str {
    match kind {
        IndicatorKind::Domain => canonical.rsplit_once('@').map_or(canonical, |(_, d)| d),
        IndicatorKind::Handle => canonical.split_once(':').map_or(canonical, |(_, h)| h),
        _ => canonical,
    }
}

/// Match `indicators` in force at `now` (RFC 3339, UTC) against every artifact in the graph.
pub fn hunt(g: &Graph<'_>, indicators: &[Indicator], lists: &[WarningList], now: &str) -> Hunt {
    // Exact lookups by (kind, facet); domains also by every parent domain.
    let mut by_facet: HashMap<(IndicatorKind, &str), Vec<usize>> = HashMap::new();
    let mut by_kind: HashMap<ArtifactKind, Vec<usize>> = HashMap::new();
    for (a, art) in g.artifacts.iter().enumerate() {
        by_kind.entry(art.kind).or_default().push(a);
        for kind in IndicatorKind::ALL {
            if artifact_kind(kind) != art.kind {
                continue;
            }
            let f = facet(kind, &art.canonical);
            by_facet.entry((kind, f)).or_default().push(a);
            if kind == IndicatorKind::Domain {
                let mut rest = f;
                while let Some((_, parent)) = rest.split_once('.') {
                    if parent.contains('.') {
                        by_facet.entry((kind, parent)).or_default().push(a);
                    }
                    rest = parent;
                }
            }
        }
    }
    let mut out = Hunt::default();
    for (i, ind) in indicators.iter().enumerate() {
        if !ind.valid_at(now) {
            out.out_of_window += 1;
            continue;
        }
        let found: Vec<usize> = match &ind.matcher {
            Matcher::Exact(v) => by_facet
                .get(&(ind.kind, v.expose().as_str()))
                .cloned()
                .unwrap_or_default(),
            Matcher::Cidr(_) | Matcher::Like(_) => by_kind
                .get(&artifact_kind(ind.kind))
                .into_iter()
                .flatten()
                .copied()
                .filter(|&a| ind.matcher.hits(facet(ind.kind, &g.artifacts[a].canonical)))
                .collect(),
        };
        let found: BTreeSet<usize> = found.into_iter().collect();
        for a in found {
            let subjects = reached(g, a);
            if subjects.is_empty() {
                continue;
            }
            let value = &g.artifacts[a].canonical;
            let listed = lists
                .iter()
                .find(|l| l.covers(value) || l.covers(facet(IndicatorKind::Domain, value)))
                .map(|l| l.name.clone());
            out.hits.push(Hit {
                indicator: i,
                artifact: a,
                subjects,
                listed,
            });
        }
    }
    out
}

/// Who an artifact speaks about: the people holding it (directly or through their device) and
/// the candidates who gave it for a reference contact.
fn reached(g: &Graph<'_>, a: usize) -> Vec<(usize, &'static str)> {
    let mut out: Vec<(usize, &'static str)> = Vec::new();
    for h in g.holders(a) {
        let how = if h.via_device.is_some() {
            "through their device"
        } else {
            "holds it"
        };
        out.push((h.person, how));
    }
    for &e in g.edges_of(Node::Artifact(a)) {
        let Node::Subject(r) = g.other_end(e, Node::Artifact(a)) else {
            continue;
        };
        if g.subjects[r].kind != SubjectKind::Reference {
            continue;
        }
        for &re in g.edges_of(Node::Subject(r)) {
            let edge = &g.edges[re];
            if let (EdgeKind::RefersTo, Node::Subject(c)) = (edge.kind, edge.from) {
                out.push((c, "gave it for a reference contact"));
            }
        }
    }
    let mut seen = BTreeSet::new();
    out.retain(|(s, _)| seen.insert(*s));
    out
}

pub fn severity(confidence: Option<u8>) -> Severity {
    match confidence {
        None => Severity::High,
        Some(c) if c >= 85 => Severity::Critical,
        Some(c) if c >= 50 => Severity::High,
        Some(c) if c >= 20 => Severity::Medium,
        Some(_) => Severity::Low,
    }
}

pub fn findings(g: &Graph<'_>, indicators: &[Indicator], hunt: &Hunt) -> Vec<Finding> {
    let mut out = Vec::new();
    for hit in &hunt.hits {
        let ind = &indicators[hit.indicator];
        let art = &g.artifacts[hit.artifact];
        let confidence = ind
            .confidence
            .map(|c| format!("confidence {c}"))
            .unwrap_or_else(|| "no confidence given".into());
        let mut about = format!(
            "{} matches {} indicator {} ({} `{}`) from {} ({confidence})",
            g.describe(Node::Artifact(hit.artifact)),
            ind.kind,
            ind.id,
            ind.matcher.op(),
            ind.masked,
            ind.source,
        );
        if !ind.description.is_empty() {
            about.push_str(&format!(": {}", ind.description));
        }
        for &(s, how) in &hit.subjects {
            let (kind, severity, explanation) = match &hit.listed {
                Some(list) => (
                    "intel_match_listed",
                    Severity::Info,
                    format!(
                        "{about}; {how}; the value is on warning list \"{list}\", so the match is likely a false positive and is not counted"
                    ),
                ),
                None => ("intel_match", severity(ind.confidence), format!("{about}; {how}")),
            };
            out.push(Finding {
                subject: g.subjects[s].id.clone(),
                kind: kind.into(),
                severity,
                explanation,
                evidence: vec![
                    Evidence {
                        subject: g.subjects[s].id.clone(),
                        artifact: Some(art.kind),
                        role: None,
                        masked: Some(art.masked.clone()),
                        provenance: g.subjects[s].provenance.clone(),
                    },
                    Evidence {
                        subject: g.subjects[s].id.clone(),
                        artifact: Some(art.kind),
                        role: Some("indicator".into()),
                        masked: Some(ind.masked.clone()),
                        provenance: ind.provenance.clone(),
                    },
                ],
                at: None,
            });
        }
    }
    out
}
