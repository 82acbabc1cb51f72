//! Reference rings: who vouches for whom.
//!
//! A reference contact *reaches* a person when its email or phone is held by that person's own
//! records. That gives vouching edges "C is vouched for by P". From them:
//!
//! - **mutual vouching**: people who vouch for each other, directly or around a loop (strongly
//!   connected components of the vouching graph);
//! - **vouched by a persona**: the reference reaches a record of a multi-identity persona cluster
//!   that the candidate is not part of (one operator's personas vouching for another's);
//! - **reference fit**: a free-mail address for someone at a stated employer, a VoIP line.
//!
//! References shared by otherwise unrelated candidates and referees that are applicants under
//! another name are exact reuse, found by `unmask_linkage::reuse`.

use crate::graph::{EdgeKind, Graph, Node};
use std::collections::{BTreeMap, BTreeSet};
use unmask_model::canon::{names_match, same_person_names, NameMatch};
use unmask_model::{ArtifactKind, Evidence, Finding, Severity, SubjectKind};

/// "candidate is vouched for by voucher", through reference contact `reference` and artifact.
#[derive(Debug, Clone, Copy)]
pub struct Vouch {
    pub candidate: usize,
    pub reference: usize,
    pub artifact: usize,
    pub voucher: usize,
    /// The referee's name differs from the voucher's: the reference was made up.
    pub under_other_name: bool,
}

/// Stated companies that are not employers: a free-mail address is expected there.
const NOT_AN_EMPLOYER: [&str; 9] = [
    "self-employed",
    "self employed",
    "freelance",
    "freelancer",
    "independent",
    "independent contractor",
    "none",
    "n/a",
    "-",
];

pub fn vouches(g: &Graph<'_>) -> Vec<Vouch> {
    let mut out = Vec::new();
    for edge in &g.edges {
        let (EdgeKind::RefersTo, Node::Subject(c), Node::Subject(r)) =
            (edge.kind, edge.from, edge.to)
        else {
            continue;
        };
        if g.subjects[r].kind != SubjectKind::Reference {
            continue;
        }
        let mut seen = BTreeSet::new();
        for &e in g.edges_of(Node::Subject(r)) {
            let Node::Artifact(a) = g.other_end(e, Node::Subject(r)) else {
                continue;
            };
            if !matches!(
                g.artifacts[a].kind,
                ArtifactKind::Email | ArtifactKind::Phone
            ) {
                continue;
            }
            for h in g.holders(a) {
                if g.party(h.person) == g.party(c) || !seen.insert(g.party(h.person)) {
                    continue;
                }
                out.push(Vouch {
                    candidate: c,
                    reference: r,
                    artifact: a,
                    voucher: h.person,
                    under_other_name: names_match(&g.names[r], &g.names[h.person])
                        == NameMatch::Different,
                });
            }
        }
    }
    out
}

pub fn detect(g: &Graph<'_>) -> Vec<Finding> {
    let vouches = vouches(g);
    let mut findings = mutual(g, &vouches);
    findings.extend(by_persona(g, &vouches));
    findings.extend(fit(g));
    findings
}

fn vouch_text(g: &Graph<'_>, v: &Vouch) -> String {
    format!(
        "{} names reference {} whose {} belongs to {}",
        g.subjects[v.candidate].id,
        g.describe(Node::Subject(v.reference)),
        g.describe(Node::Artifact(v.artifact)),
        g.describe(Node::Subject(v.voucher))
    )
}

fn vouch_evidence(g: &Graph<'_>, v: &Vouch) -> Vec<Evidence> {
    let art = &g.artifacts[v.artifact];
    [v.reference, v.voucher]
        .iter()
        .map(|&s| Evidence {
            subject: g.subjects[s].id.clone(),
            artifact: Some(art.kind),
            role: None,
            masked: Some(art.masked.clone()),
            provenance: g.subjects[s].provenance.clone(),
        })
        .collect()
}

/// Strongly connected components of the vouching graph over parties (Tarjan, iterative).
fn mutual(g: &Graph<'_>, vouches: &[Vouch]) -> Vec<Finding> {
    let mut out_edges: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for v in vouches {
        out_edges
            .entry(g.party(v.candidate))
            .or_default()
            .insert(g.party(v.voucher));
    }
    let nodes: BTreeSet<usize> = out_edges
        .iter()
        .flat_map(|(a, bs)| std::iter::once(*a).chain(bs.iter().copied()))
        .collect();
    let components = tarjan(&nodes, &out_edges);
    let mut findings = Vec::new();
    for comp in components.into_iter().filter(|c| c.len() >= 2) {
        let inside: Vec<&Vouch> = vouches
            .iter()
            .filter(|v| comp.contains(&g.party(v.candidate)) && comp.contains(&g.party(v.voucher)))
            .collect();
        let fabricated = inside.iter().any(|v| v.under_other_name);
        let severity = if fabricated || comp.len() >= 3 {
            Severity::High
        } else {
            Severity::Medium
        };
        let loop_text: Vec<String> = inside.iter().map(|v| vouch_text(g, v)).collect();
        let evidence: Vec<Evidence> = inside.iter().flat_map(|v| vouch_evidence(g, v)).collect();
        let mut targets: BTreeSet<usize> = BTreeSet::new();
        for v in &inside {
            targets.insert(v.candidate);
        }
        for t in targets {
            findings.push(Finding {
                subject: g.subjects[t].id.clone(),
                kind: "mutual_vouching".into(),
                severity,
                explanation: format!(
                    "{} people vouch for each other in a loop{}: {}",
                    comp.len(),
                    if fabricated {
                        " under made-up referee names"
                    } else {
                        ""
                    },
                    loop_text.join("; ")
                ),
                evidence: evidence.clone(),
                at: None,
            });
        }
    }
    findings
}

fn tarjan(
    nodes: &BTreeSet<usize>,
    edges: &BTreeMap<usize, BTreeSet<usize>>,
) -> Vec<BTreeSet<usize>> {
    let empty = BTreeSet::new();
    let mut index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut low: BTreeMap<usize, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<usize> = BTreeSet::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for &root in nodes {
        if index.contains_key(&root) {
            continue;
        }
        // Work items: (node, its successors, position in them).
        let mut work: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        index.insert(root, next);
        low.insert(root, next);
        next += 1;
        stack.push(root);
        on_stack.insert(root);
        work.push((
            root,
            edges.get(&root).unwrap_or(&empty).iter().copied().collect(),
            0,
        ));
        while let Some((v, succ, pos)) = work.last_mut() {
            let v = *v;
            if *pos < succ.len() {
                let w = succ[*pos];
                *pos += 1;
                if let std::collections::btree_map::Entry::Vacant(slot) = index.entry(w) {
                    slot.insert(next);
                    low.insert(w, next);
                    next += 1;
                    stack.push(w);
                    on_stack.insert(w);
                    work.push((
                        w,
                        edges.get(&w).unwrap_or(&empty).iter().copied().collect(),
                        0,
                    ));
                } else if on_stack.contains(&w) {
                    let lw = index[&w].min(low[&v]);
                    low.insert(v, lw);
                }
                continue;
            }
            work.pop();
            if let Some((parent, _, _)) = work.last() {
                let lp = low[parent].min(low[&v]);
                low.insert(*parent, lp);
            }
            if low[&v] == index[&v] {
                let mut comp = BTreeSet::new();
                while let Some(w) = stack.pop() {
                    on_stack.remove(&w);
                    comp.insert(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

/// A reference reaching a record of a multi-identity persona cluster the candidate is not in.
fn by_persona(g: &Graph<'_>, vouches: &[Vouch]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut done = BTreeSet::new();
    for v in vouches {
        let Some(cluster) = g.cluster_of(v.voucher) else {
            continue;
        };
        let distinct = distinct_names(g, cluster);
        if distinct < 2 {
            continue;
        }
        if g.cluster_of(v.candidate)
            .is_some_and(|c| c.id == cluster.id)
        {
            continue;
        }
        if !done.insert((v.candidate, cluster.id.clone())) {
            continue;
        }
        findings.push(Finding {
            subject: g.subjects[v.candidate].id.clone(),
            kind: "vouched_by_persona".into(),
            severity: Severity::High,
            explanation: format!(
                "{}, one of {} records under {distinct} names in persona cluster {}",
                vouch_text(g, v),
                cluster.members.len(),
                cluster.id
            ),
            evidence: vouch_evidence(g, v),
            at: None,
        });
    }
    findings
}

/// Names in a cluster, one per identity: a candidate and the employee hired from them under a
/// related name (a nickname, an adopted given name) are one; the same name twice is one.
fn distinct_names(g: &Graph<'_>, cluster: &unmask_model::Cluster) -> usize {
    let members: Vec<usize> = cluster
        .members
        .iter()
        .filter_map(|m| g.subject(m.as_str()))
        .collect();
    let mut kept: Vec<(usize, &str)> = Vec::new();
    for s in members {
        let n = g.names[s].as_str();
        let known = kept.iter().any(|(other, d)| {
            names_match(d, n) == NameMatch::Same
                || (g.party(*other) == g.party(s) && same_person_names(d, n).is_related())
        });
        if !known {
            kept.push((s, n));
        }
    }
    kept.len()
}

/// Contact details that do not fit the referee: free mail for a stated employer, a VoIP line.
fn fit(g: &Graph<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (r, subject) in g.subjects.iter().enumerate() {
        if subject.kind != SubjectKind::Reference {
            continue;
        }
        let company = subject
            .attributes
            .get("stated_company")
            .map(|c| c.trim())
            .filter(|c| !c.is_empty() && !NOT_AN_EMPLOYER.contains(&c.to_lowercase().as_str()));
        let mut problems = Vec::new();
        let mut evidence = Vec::new();
        for &e in g.edges_of(Node::Subject(r)) {
            let Node::Artifact(a) = g.other_end(e, Node::Subject(r)) else {
                continue;
            };
            let art = &g.artifacts[a];
            let problem = match (art.kind, art.detail.as_deref(), company) {
                (ArtifactKind::Email, Some("free_mail"), Some(company)) => format!(
                    "a free-mail address ({}) for a referee at \"{company}\"",
                    art.masked
                ),
                (ArtifactKind::Phone, Some("voip"), _) => {
                    format!("a VoIP line ({})", art.masked)
                }
                _ => continue,
            };
            problems.push(problem);
            evidence.push(Evidence {
                subject: subject.id.clone(),
                artifact: Some(art.kind),
                role: g.edges[e].role.clone(),
                masked: Some(art.masked.clone()),
                provenance: g.edges[e]
                    .provenance
                    .clone()
                    .unwrap_or_else(|| subject.provenance.clone()),
            });
        }
        if problems.is_empty() {
            continue;
        }
        let severity = if problems.len() >= 2 {
            Severity::Medium
        } else {
            Severity::Low
        };
        for &e in g.edges_of(Node::Subject(r)) {
            let edge = &g.edges[e];
            let (EdgeKind::RefersTo, Node::Subject(c)) = (edge.kind, edge.from) else {
                continue;
            };
            findings.push(Finding {
                subject: g.subjects[c].id.clone(),
                kind: "reference_contact_mismatch".into(),
                severity,
                explanation: format!(
                    "reference {} is given with {}",
                    g.describe(Node::Subject(r)),
                    problems.join(" and ")
                ),
                evidence: evidence.clone(),
                at: None,
            });
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Graph, Input};
    use std::collections::BTreeMap;
    use unmask_model::{
        Artifact, Observation, Provenance, Relation, RelationKind, Sensitive, Subject, SubjectRef,
        Target,
    };

    fn subject(id: &str, kind: SubjectKind, name: &str) -> Subject {
        Subject {
            id: SubjectRef(id.into()),
            kind,
            name: Sensitive::new(name.into()),
            attributes: BTreeMap::new(),
            provenance: Provenance::new("t", "test"),
        }
    }

    fn email(subject: &str, value: &str) -> Observation {
        Observation {
            subject: SubjectRef(subject.into()),
            artifact: Artifact {
                kind: ArtifactKind::Email,
                canonical: Sensitive::new(value.into()),
                masked: value.into(),
                detail: None,
            },
            role: "personal".into(),
            provenance: Provenance::new("t", "test"),
        }
    }

    fn refers(from: &str, to: &str) -> Relation {
        Relation {
            from: SubjectRef(from.into()),
            kind: RelationKind::RefersTo,
            to: Target::Subject(SubjectRef(to.into())),
            provenance: Provenance::new("t", "test"),
        }
    }

    /// a vouches for b, b for c, c for a, each under their own names: a loop of three is high;
    /// d, vouched for by a but vouching for nobody, is not in it.
    #[test]
    fn a_loop_of_three_is_one_ring() {
        let people = [
            ("a", "Ann Lee"),
            ("b", "Bo Park"),
            ("c", "Cy Diaz"),
            ("d", "Di Ross"),
        ];
        let mut subjects = Vec::new();
        let mut observations = Vec::new();
        let mut relations = Vec::new();
        for (id, name) in people {
            subjects.push(subject(
                &format!("greenhouse:{id}"),
                SubjectKind::Candidate,
                name,
            ));
            observations.push(email(
                &format!("greenhouse:{id}"),
                &format!("{id}@x.example"),
            ));
        }
        // (candidate, voucher): candidate names a reference with the voucher's name and email.
        for (cand, voucher) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
            let name = people
                .iter()
                .find(|p| p.0 == voucher)
                .map(|p| p.1)
                .unwrap_or("");
            let r = format!("reference:{cand}:{voucher}");
            subjects.push(subject(&r, SubjectKind::Reference, name));
            observations.push(email(&r, &format!("{voucher}@x.example")));
            relations.push(refers(&format!("greenhouse:{cand}"), &r));
        }
        let g = Graph::build(&Input {
            subjects: &subjects,
            observations: &observations,
            relations: &relations,
            clusters: &[],
        });
        let findings = detect(&g);
        let ring: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.kind == "mutual_vouching")
            .collect();
        let mut on: Vec<&str> = ring.iter().map(|f| f.subject.as_str()).collect();
        on.sort();
        assert_eq!(on, ["greenhouse:a", "greenhouse:b", "greenhouse:c"]);
        assert!(ring.iter().all(|f| f.severity == Severity::High));
        assert!(ring[0]
            .explanation
            .starts_with("3 people vouch for each other"));
    }
}
