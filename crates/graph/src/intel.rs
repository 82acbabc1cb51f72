//! Threat intelligence against everything stored: each indicator in force is compared with every
//! artifact of its kind, and a hit becomes a finding on whoever holds the artifact, citing the
//! indicator id, its source and its confidence.
//!
//! A value that is also on a warning list (public resolvers, cloud ranges, free-mail domains) is
//! reported but not counted, as MISP itself does with warning lists.
//!
//! A URL indicator matches an equal link (both normalised); a domain indicator matches mail
//! domains and personal websites' hosts at the domain or below, never a multi-tenant host.

use crate::graph::{EdgeKind, Graph, Node};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use unmask_model::canon::{is_shared_host, registrable_host, web_profile_host};
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

/// The artifact kinds an indicator of this kind is compared with.
fn artifact_kinds(kind: IndicatorKind) -> &'static [ArtifactKind] {
    match kind {
        IndicatorKind::Email => &[ArtifactKind::Email],
        // Mail domains and the hosts of personal websites.
        IndicatorKind::Domain => &[ArtifactKind::Email, ArtifactKind::Profile],
        IndicatorKind::Ip => &[ArtifactKind::IpAddress],
        IndicatorKind::Profile | IndicatorKind::Handle => &[ArtifactKind::Profile],
        IndicatorKind::Phone => &[ArtifactKind::Phone],
        IndicatorKind::BankAccount => &[ArtifactKind::BankAccount],
        IndicatorKind::Url => &[ArtifactKind::Url],
    }
}

/// The part of a canonical artifact an indicator of this kind compares with, if any: a mail
/// domain, a personal website's host (never a multi-tenant host's: `web:drive.google.com` in a
/// database imported before hosts were told apart), a handle, or the whole value.
fn facet(kind: IndicatorKind, artifact: ArtifactKind, canonical: &str) -> Option<&str> {
    if artifact == ArtifactKind::Profile && web_profile_host(canonical).is_some_and(is_shared_host)
    {
        // Nor by an older URL indicator kept as that same `web:` profile.
        return None;
    }
    match (kind, artifact) {
        (IndicatorKind::Domain, ArtifactKind::Email) => {
            Some(canonical.rsplit_once('@').map_or(canonical, |(_, d)| d))
        }
        (IndicatorKind::Domain, ArtifactKind::Profile) => {
            web_profile_host(canonical).filter(|h| !is_shared_host(h))
        }
        (IndicatorKind::Domain, _) => None,
        (IndicatorKind::Handle, _) => Some(canonical.split_once(':').map_or(canonical, |(_, h)| h)),
        _ => Some(canonical),
    }
}

/// A domain and its parents down to the name one party controls (`a.b.example.co.uk`,
/// `b.example.co.uk`, `example.co.uk`; `x.alice.github.io`, `alice.github.io`): a domain
/// indicator matches there and below, never a public suffix or a shared host above.
fn domain_and_parents(domain: &str) -> Vec<&str> {
    let floor = registrable_host(domain).map_or(domain.len(), str::len);
    std::iter::successors(Some(domain), |d| d.split_once('.').map(|(_, rest)| rest))
        .take_while(|d| d.len() >= floor)
        .collect()
}

/// Match `indicators` in force at `now` (RFC 3339, UTC) against every artifact in the graph.
pub fn hunt(g: &Graph<'_>, indicators: &[Indicator], lists: &[WarningList], now: &str) -> Hunt {
    // Exact lookups by (kind, facet); domains also by every parent domain.
    let mut by_facet: HashMap<(IndicatorKind, &str), Vec<usize>> = HashMap::new();
    let mut by_kind: HashMap<ArtifactKind, Vec<usize>> = HashMap::new();
    for (a, art) in g.artifacts.iter().enumerate() {
        by_kind.entry(art.kind).or_default().push(a);
        for kind in IndicatorKind::ALL {
            if !artifact_kinds(kind).contains(&art.kind) {
                continue;
            }
            let Some(f) = facet(kind, art.kind, &art.canonical) else {
                continue;
            };
            if kind == IndicatorKind::Domain {
                for name in domain_and_parents(f) {
                    by_facet.entry((kind, name)).or_default().push(a);
                }
            } else {
                by_facet.entry((kind, f)).or_default().push(a);
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
            Matcher::Cidr(_) | Matcher::Like(_) => artifact_kinds(ind.kind)
                .iter()
                .flat_map(|k| by_kind.get(k).into_iter().flatten())
                .copied()
                .filter(|&a| {
                    let art = &g.artifacts[a];
                    facet(ind.kind, art.kind, &art.canonical).is_some_and(|f| ind.matcher.hits(f))
                })
                .collect(),
        };
        let found: BTreeSet<usize> = found.into_iter().collect();
        for a in found {
            let subjects = reached(g, a);
            if subjects.is_empty() {
                continue;
            }
            let art = &g.artifacts[a];
            let value = &art.canonical;
            let listed = lists
                .iter()
                .find(|l| {
                    l.covers(value)
                        || facet(IndicatorKind::Domain, art.kind, value)
                            .is_some_and(|d| l.covers(d))
                })
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
