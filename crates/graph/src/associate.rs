//! Risk by association: evidence flows from a high-risk person to the people who share an
//! artifact with them, weakening at every step.
//!
//! The strength that reaches a neighbour is the seed's strength times, for each artifact on
//! the way, the artifact's weight (a personal email carries more than a home address) divided
//! by the number of *other* parties on it. One shared office IP seen by fifty people passes a
//! fiftieth of its weight to each, so it does not taint a department; declared benign and
//! warning-listed artifacts pass nothing; artifacts on more than [`HUB_LIMIT`] parties are
//! organisations, not links. At most [`MAX_HOPS`] steps. A neighbour gets one finding, for the
//! strongest path, which it names.

use crate::graph::{EdgeKind, Graph, Node};
use std::collections::{BTreeMap, HashMap};
use unmask_linkage::Benign;
use unmask_model::canon::links_holders;
use unmask_model::{ArtifactKind, Evidence, Finding, Severity, SubjectKind, WarningList};

/// People at this risk or above are seeds.
pub const SEED_RISK: u8 = 75;
/// Steps from a seed, each through one shared artifact.
pub const MAX_HOPS: usize = 2;
/// An artifact shared by more parties than this passes nothing.
pub const HUB_LIMIT: usize = 10;
/// Strength for a medium finding; below it, low; below [`LOW_AT`], nothing.
pub const MEDIUM_AT: f64 = 0.45;
pub const LOW_AT: f64 = 0.2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Direct,
    Device(usize),
    Reference(usize),
}

#[derive(Clone, Copy)]
struct Reach {
    party: usize,
    /// The record of the party that holds it (for the path text).
    record: usize,
    artifact: usize,
    /// The edge from the holding subject (person, device or reference) to the artifact.
    edge: usize,
    kind: EdgeKind,
    via: Via,
}

fn weight(g: &Graph<'_>, r: &Reach) -> f64 {
    let art = &g.artifacts[r.artifact];
    let base = match (art.kind, r.kind) {
        (ArtifactKind::Email | ArtifactKind::Profile | ArtifactKind::Url, _) => 0.6,
        (ArtifactKind::Phone, _) if art.detail.as_deref() == Some("fixed_line") => 0.3,
        (ArtifactKind::Phone, _) => 0.6,
        (ArtifactKind::BankAccount, _) => 0.5,
        (ArtifactKind::DeviceSerial, _) => 0.5,
        (ArtifactKind::PostalAddress, EdgeKind::ShippedTo) => 0.5,
        (ArtifactKind::PostalAddress, _) => 0.25,
        (ArtifactKind::IpAddress, _) => 0.4,
        _ => 0.0,
    };
    match r.via {
        Via::Reference(_) => base * 0.8,
        _ => base,
    }
}

struct Index {
    by_party: HashMap<usize, Vec<Reach>>,
    by_artifact: HashMap<usize, Vec<Reach>>,
}

fn index(g: &Graph<'_>) -> Index {
    let mut assigned: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut named_by: HashMap<usize, Vec<usize>> = HashMap::new();
    for e in &g.edges {
        match (e.kind, e.from, e.to) {
            (EdgeKind::AssignedTo, Node::Subject(d), Node::Subject(p)) => {
                assigned.entry(d).or_default().push(p)
            }
            (EdgeKind::RefersTo, Node::Subject(c), Node::Subject(r)) => {
                named_by.entry(r).or_default().push(c)
            }
            _ => {}
        }
    }
    let mut idx = Index {
        by_party: HashMap::new(),
        by_artifact: HashMap::new(),
    };
    for (edge, e) in g.edges.iter().enumerate() {
        let (Node::Subject(s), Node::Artifact(a)) = (e.from, e.to) else {
            continue;
        };
        let holders: Vec<(usize, Via)> = match g.subjects[s].kind {
            SubjectKind::Candidate | SubjectKind::Employee => vec![(s, Via::Direct)],
            SubjectKind::Device => assigned
                .get(&s)
                .into_iter()
                .flatten()
                .map(|&p| (p, Via::Device(s)))
                .collect(),
            SubjectKind::Reference => named_by
                .get(&s)
                .into_iter()
                .flatten()
                .map(|&c| (c, Via::Reference(s)))
                .collect(),
            // Joined into candidates at load (`pipeline::load`); nobody holds through one.
            SubjectKind::Resource => Vec::new(),
        };
        for (record, via) in holders {
            let reach = Reach {
                party: g.party(record),
                record,
                artifact: a,
                edge,
                kind: e.kind,
                via,
            };
            idx.by_party.entry(reach.party).or_default().push(reach);
            idx.by_artifact.entry(a).or_default().push(reach);
        }
    }
    idx
}

#[derive(Clone)]
struct Path {
    strength: f64,
    seed: usize,
    /// (from reach, to reach) per step.
    steps: Vec<(Reach, Reach)>,
}

/// `risk` is the direct risk per subject index (persons only).
pub fn propagate(
    g: &Graph<'_>,
    risk: &HashMap<usize, u8>,
    benign: &Benign,
    lists: &[WarningList],
) -> Vec<Finding> {
    let idx = index(g);
    // Per party, computed once: the highest risk of its records and the clusters they are in.
    let mut risk_by_party: HashMap<usize, u8> = HashMap::new();
    for (&s, &r) in risk {
        let e = risk_by_party.entry(g.party(s)).or_insert(0);
        *e = (*e).max(r);
    }
    let party_risk = |p: usize| risk_by_party.get(&p).copied().unwrap_or(0);
    let mut clusters_by_party: HashMap<usize, Vec<&str>> = HashMap::new();
    for s in 0..g.subjects.len() {
        if let Some(c) = g.cluster_of(s) {
            clusters_by_party
                .entry(g.party(s))
                .or_default()
                .push(c.id.as_str());
        }
    }
    let blocked = |a: usize| {
        let art = &g.artifacts[a];
        // A multi-tenant host's name, and a page on a host whose `web:` profile stands for it,
        // carry nothing of their own.
        benign.label_for(art.kind, &art.canonical).is_some()
            || !links_holders(art.kind, &art.canonical)
            || (art.kind == ArtifactKind::IpAddress
                && lists.iter().any(|l| l.covers(&art.canonical)))
    };
    let mut seeds: Vec<(usize, usize)> = risk
        .iter()
        .filter(|(_, r)| **r >= SEED_RISK)
        .map(|(&s, _)| (g.party(s), s))
        .collect();
    seeds.sort();
    seeds.dedup_by_key(|(p, _)| *p);

    let mut best: BTreeMap<usize, Path> = BTreeMap::new();
    for &(seed_party, seed_record) in &seeds {
        let start = if party_risk(seed_party) >= 90 {
            1.0
        } else {
            0.8
        };
        let seed_cluster = g.cluster_of(seed_record).map(|c| c.id.as_str());
        let mut frontier = vec![(
            seed_party,
            Path {
                strength: start,
                seed: seed_record,
                steps: Vec::new(),
            },
        )];
        let mut visited: BTreeMap<usize, f64> = BTreeMap::from([(seed_party, start)]);
        for _ in 0..MAX_HOPS {
            let mut next = Vec::new();
            for (party, path) in &frontier {
                for from in idx.by_party.get(party).into_iter().flatten() {
                    if blocked(from.artifact) {
                        continue;
                    }
                    let on_artifact = &idx.by_artifact[&from.artifact];
                    let mut parties: Vec<usize> = on_artifact.iter().map(|r| r.party).collect();
                    parties.sort_unstable();
                    parties.dedup();
                    let others = parties.len().saturating_sub(1);
                    if others == 0 || others > HUB_LIMIT {
                        continue;
                    }
                    for to in on_artifact {
                        if to.party == *party {
                            continue;
                        }
                        let w = weight(g, from).min(weight(g, to)) / others as f64;
                        let strength = path.strength * w;
                        if visited.get(&to.party).is_some_and(|&s| s >= strength) {
                            continue;
                        }
                        visited.insert(to.party, strength);
                        let mut steps = path.steps.clone();
                        steps.push((*from, *to));
                        let p = Path {
                            strength,
                            seed: path.seed,
                            steps,
                        };
                        next.push((to.party, p.clone()));
                        let same_cluster = seed_cluster.is_some_and(|c| {
                            clusters_by_party
                                .get(&to.party)
                                .is_some_and(|ids| ids.contains(&c))
                        });
                        if same_cluster || party_risk(to.party) >= SEED_RISK {
                            continue;
                        }
                        if best.get(&to.party).is_none_or(|b| b.strength < strength) {
                            best.insert(to.party, p);
                        }
                    }
                }
            }
            frontier = next;
        }
    }

    let mut findings = Vec::new();
    for (party, path) in best {
        let severity = if path.strength >= MEDIUM_AT {
            Severity::Medium
        } else if path.strength >= LOW_AT {
            Severity::Low
        } else {
            continue;
        };
        let seed_risk = risk.get(&path.seed).copied().unwrap_or(0);
        let mut text = format!(
            "{} (risk {seed_risk})",
            g.describe(Node::Subject(path.seed))
        );
        let mut evidence = Vec::new();
        for (from, to) in &path.steps {
            text.push_str(&format!(
                " {} {} {}{}",
                step_word(g, from, true),
                g.describe(Node::Artifact(from.artifact)),
                step_word(g, to, false),
                g.describe(Node::Subject(to.record)),
            ));
            for r in [from, to] {
                let edge = &g.edges[r.edge];
                let holder = match edge.from {
                    Node::Subject(s) => s,
                    Node::Artifact(_) => r.record,
                };
                evidence.push(Evidence {
                    subject: g.subjects[holder].id.clone(),
                    artifact: Some(g.artifacts[r.artifact].kind),
                    role: edge.role.clone(),
                    masked: Some(g.artifacts[r.artifact].masked.clone()),
                    provenance: edge
                        .provenance
                        .clone()
                        .unwrap_or_else(|| g.subjects[holder].provenance.clone()),
                });
            }
        }
        let target = path.steps.last().map(|(_, to)| to.record).unwrap_or(party);
        findings.push(Finding {
            subject: g.subjects[target].id.clone(),
            kind: "associated_with_high_risk".into(),
            severity,
            explanation: format!(
                "within {} step{} of a high-risk person (strength {:.2} after damping): {text}",
                path.steps.len(),
                if path.steps.len() == 1 { "" } else { "s" },
                path.strength
            ),
            evidence,
            at: None,
        });
    }
    findings
}

/// `-[paid into]->` from the holder's side, `<-[paid into]-` towards the next holder, with the
/// device or reference contact in between when there is one.
fn step_word(g: &Graph<'_>, r: &Reach, outgoing: bool) -> String {
    let via = match r.via {
        Via::Direct => String::new(),
        Via::Device(d) => format!("device {}", g.subjects[d].id),
        Via::Reference(x) => format!("reference {}", g.describe(Node::Subject(x))),
    };
    let label = r.kind.label();
    match (outgoing, via.is_empty()) {
        (true, true) => format!("-[{label}]->"),
        (true, false) => format!("-[{via} {label}]->"),
        (false, true) => format!("<-[{label}]- "),
        (false, false) => format!("<-[{via} {label}]- "),
    }
}
