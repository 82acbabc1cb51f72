//! The identity graph: subjects and canonical artifacts as nodes, typed edges between them.
//!
//! Built once per analysis from what the store holds, in input order, so the same data always
//! gives the same graph. Names, resume text and claimed places are not nodes: they are shared
//! by strangers and would join everyone.

use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use unmask_linkage::UnionFind;
use unmask_model::canon::canonical_name;
use unmask_model::{
    ArtifactKind, Cluster, Observation, Provenance, Relation, RelationKind, Subject, SubjectKind,
    Target,
};

/// Artifact kinds that become nodes.
pub const NODE_KINDS: [ArtifactKind; 8] = [
    ArtifactKind::Email,
    ArtifactKind::Phone,
    ArtifactKind::PostalAddress,
    ArtifactKind::BankAccount,
    ArtifactKind::IpAddress,
    ArtifactKind::DeviceSerial,
    ArtifactKind::Profile,
    ArtifactKind::Url,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A subject holds an artifact (an email, a phone, a home address, a profile...).
    Has,
    /// A candidate names a reference contact.
    RefersTo,
    /// Salary is paid into this account.
    PaidInto,
    /// A company device is shipped to this address.
    ShippedTo,
    /// Sign-ins came from this IP address.
    SignedInFrom,
    /// Two records that linkage puts in one persona cluster.
    LinkedPersonaOf,
    /// An employee record hired from a candidate.
    HiredFrom,
    /// A device assigned to a person.
    AssignedTo,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Has => "has",
            EdgeKind::RefersTo => "refers_to",
            EdgeKind::PaidInto => "paid_into",
            EdgeKind::ShippedTo => "shipped_to",
            EdgeKind::SignedInFrom => "signed_in_from",
            EdgeKind::LinkedPersonaOf => "linked_persona_of",
            EdgeKind::HiredFrom => "hired_from",
            EdgeKind::AssignedTo => "assigned_to",
        }
    }

    /// Words for an explanation: `A <label> B`.
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Has => "has",
            EdgeKind::RefersTo => "refers to",
            EdgeKind::PaidInto => "paid into",
            EdgeKind::ShippedTo => "shipped to",
            EdgeKind::SignedInFrom => "signed in from",
            EdgeKind::LinkedPersonaOf => "linked persona of",
            EdgeKind::HiredFrom => "hired from",
            EdgeKind::AssignedTo => "assigned to",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Subject(usize),
    Artifact(usize),
}

#[derive(Debug, Clone)]
pub struct ArtifactNode {
    pub kind: ArtifactKind,
    /// The canonical value; sensitive, never printed.
    pub canonical: String,
    pub masked: String,
    pub detail: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: Node,
    pub to: Node,
    pub kind: EdgeKind,
    /// The artifact's role for the subject (`home`, `payout`...), when the edge came from an
    /// observation.
    pub role: Option<String>,
    /// Why linkage joined two records, for `linked_persona_of`.
    pub reason: Option<String>,
    pub provenance: Option<Provenance>,
}

pub struct Input<'a> {
    pub subjects: &'a [Subject],
    pub observations: &'a [Observation],
    pub relations: &'a [Relation],
    /// Persona clusters from linkage; their edges become `linked_persona_of`.
    pub clusters: &'a [Cluster],
}

pub struct Graph<'a> {
    pub subjects: &'a [Subject],
    pub artifacts: Vec<ArtifactNode>,
    pub edges: Vec<Edge>,
    /// Canonical names, by subject index.
    pub names: Vec<String>,
    subject_index: HashMap<&'a str, usize>,
    artifact_index: HashMap<(ArtifactKind, String), usize>,
    subject_edges: Vec<Vec<usize>>,
    artifact_edges: Vec<Vec<usize>>,
    /// One root per person: a candidate and the employee hired from them share it. Reference
    /// contacts and devices are their own.
    party: Vec<usize>,
    party_members: HashMap<usize, Vec<usize>>,
    /// Persona cluster id by subject index.
    cluster: Vec<Option<usize>>,
    pub clusters: &'a [Cluster],
}

impl<'a> Graph<'a> {
    pub fn build(input: &Input<'a>) -> Graph<'a> {
        let subjects = input.subjects;
        let subject_index: HashMap<&str, usize> = subjects
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut g = Graph {
            subjects,
            artifacts: Vec::new(),
            edges: Vec::new(),
            names: subjects
                .iter()
                .map(|s| canonical_name(s.name.expose()))
                .collect(),
            subject_index,
            artifact_index: HashMap::new(),
            subject_edges: vec![Vec::new(); subjects.len()],
            artifact_edges: Vec::new(),
            party: Vec::new(),
            party_members: HashMap::new(),
            cluster: vec![None; subjects.len()],
            clusters: input.clusters,
        };
        let mut uf = UnionFind::new(subjects.len());
        let mut email_holders: HashMap<&str, Vec<usize>> = HashMap::new();
        for obs in input.observations {
            let Some(&s) = g.subject_index.get(obs.subject.as_str()) else {
                continue;
            };
            if !NODE_KINDS.contains(&obs.artifact.kind) {
                continue;
            }
            if obs.artifact.kind == ArtifactKind::Email && subjects[s].kind.is_person_of_interest()
            {
                email_holders
                    .entry(obs.artifact.canonical.expose().as_str())
                    .or_default()
                    .push(s);
            }
            let a = g.artifact(obs);
            let kind = match (obs.artifact.kind, obs.role.as_str()) {
                (ArtifactKind::BankAccount, _) | (_, "payout") => EdgeKind::PaidInto,
                (_, "ship_to") => EdgeKind::ShippedTo,
                (ArtifactKind::IpAddress, _) => EdgeKind::SignedInFrom,
                _ => EdgeKind::Has,
            };
            g.push(Edge {
                from: Node::Subject(s),
                to: Node::Artifact(a),
                kind,
                role: Some(obs.role.clone()),
                reason: None,
                provenance: Some(obs.provenance.clone()),
            });
        }
        for rel in input.relations {
            let Some(&from) = g.subject_index.get(rel.from.as_str()) else {
                continue;
            };
            let targets: Vec<usize> = match &rel.to {
                Target::Subject(to) => g
                    .subject_index
                    .get(to.as_str())
                    .copied()
                    .into_iter()
                    .collect(),
                Target::Holder {
                    kind: ArtifactKind::Email,
                    canonical,
                } => {
                    let users = email_holders
                        .get(canonical.expose().as_str())
                        .cloned()
                        .unwrap_or_default();
                    let employees: Vec<usize> = users
                        .iter()
                        .copied()
                        .filter(|u| subjects[*u].kind == SubjectKind::Employee)
                        .collect();
                    if employees.is_empty() {
                        users
                    } else {
                        employees
                    }
                }
                Target::Holder { .. } => Vec::new(),
            };
            let kind = match rel.kind {
                RelationKind::RefersTo => EdgeKind::RefersTo,
                RelationKind::HiredFrom => EdgeKind::HiredFrom,
                RelationKind::AssignedTo => EdgeKind::AssignedTo,
            };
            for to in targets {
                if rel.kind == RelationKind::HiredFrom {
                    uf.union(from, to);
                }
                g.push(Edge {
                    from: Node::Subject(from),
                    to: Node::Subject(to),
                    kind,
                    role: None,
                    reason: None,
                    provenance: Some(rel.provenance.clone()),
                });
            }
        }
        for (ci, cluster) in input.clusters.iter().enumerate() {
            for m in &cluster.members {
                if let Some(&i) = g.subject_index.get(m.as_str()) {
                    g.cluster[i] = Some(ci);
                }
            }
            for e in &cluster.edges {
                let (Some(&a), Some(&b)) = (
                    g.subject_index.get(e.a.as_str()),
                    g.subject_index.get(e.b.as_str()),
                ) else {
                    continue;
                };
                if e.reason.starts_with("hired from") {
                    continue;
                }
                g.push(Edge {
                    from: Node::Subject(a),
                    to: Node::Subject(b),
                    kind: EdgeKind::LinkedPersonaOf,
                    role: None,
                    reason: Some(e.reason.clone()),
                    provenance: None,
                });
            }
        }
        g.party = (0..subjects.len()).map(|i| uf.find(i)).collect();
        for (s, &p) in g.party.iter().enumerate() {
            g.party_members.entry(p).or_default().push(s);
        }
        g
    }

    fn artifact(&mut self, obs: &Observation) -> usize {
        let key = (obs.artifact.kind, obs.artifact.canonical.expose().clone());
        if let Some(&a) = self.artifact_index.get(&key) {
            return a;
        }
        let a = self.artifacts.len();
        self.artifacts.push(ArtifactNode {
            kind: obs.artifact.kind,
            canonical: key.1.clone(),
            masked: obs.artifact.masked.clone(),
            detail: obs.artifact.detail.clone(),
        });
        self.artifact_edges.push(Vec::new());
        self.artifact_index.insert(key, a);
        a
    }

    fn push(&mut self, edge: Edge) {
        let i = self.edges.len();
        for node in [edge.from, edge.to] {
            match node {
                Node::Subject(s) => self.subject_edges[s].push(i),
                Node::Artifact(a) => self.artifact_edges[a].push(i),
            }
        }
        self.edges.push(edge);
    }

    pub fn subject(&self, id: &str) -> Option<usize> {
        self.subject_index.get(id).copied()
    }

    pub fn artifact_of(&self, kind: ArtifactKind, canonical: &str) -> Option<usize> {
        self.artifact_index
            .get(&(kind, canonical.to_string()))
            .copied()
    }

    /// Edges touching a node, in build order.
    pub fn edges_of(&self, node: Node) -> &[usize] {
        match node {
            Node::Subject(s) => &self.subject_edges[s],
            Node::Artifact(a) => &self.artifact_edges[a],
        }
    }

    pub fn other_end(&self, edge: usize, node: Node) -> Node {
        let e = &self.edges[edge];
        if e.from == node {
            e.to
        } else {
            e.from
        }
    }

    /// The person a subject belongs to (candidate and employee records of one hire share it).
    pub fn party(&self, subject: usize) -> usize {
        self.party[subject]
    }

    pub fn cluster_of(&self, subject: usize) -> Option<&'a Cluster> {
        self.cluster[subject].map(|c| &self.clusters[c])
    }

    pub fn is_person(&self, subject: usize) -> bool {
        self.subjects[subject].kind.is_person_of_interest()
    }

    /// The persons an edge from an artifact reaches, with the edge that says how: directly, or
    /// through a device assigned to them. Reference contacts are not holders.
    pub fn holders(&self, artifact: usize) -> Vec<Holding> {
        let mut out = Vec::new();
        for &e in &self.artifact_edges[artifact] {
            let Node::Subject(s) = self.other_end(e, Node::Artifact(artifact)) else {
                continue;
            };
            if self.is_person(s) {
                out.push(Holding {
                    person: s,
                    edge: e,
                    via_device: None,
                });
            } else if self.subjects[s].kind == SubjectKind::Device {
                for &d in &self.subject_edges[s] {
                    let edge = &self.edges[d];
                    if edge.kind != EdgeKind::AssignedTo || edge.from != Node::Subject(s) {
                        continue;
                    }
                    if let Node::Subject(p) = edge.to {
                        out.push(Holding {
                            person: p,
                            edge: e,
                            via_device: Some(s),
                        });
                    }
                }
            }
        }
        out
    }

    /// Distinct parties among holdings, in first-seen order.
    pub fn parties(&self, holdings: &[Holding]) -> Vec<usize> {
        let mut seen = BTreeSet::new();
        holdings
            .iter()
            .map(|h| self.party(h.person))
            .filter(|p| seen.insert(*p))
            .collect()
    }

    /// Artifacts of `kind` a person holds in `role` (through any record of the same party).
    pub fn held(&self, person: usize, kind: ArtifactKind, role: &str) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for s in self.members(self.party(person)) {
            if !self.is_person(s) {
                continue;
            }
            for &e in &self.subject_edges[s] {
                let edge = &self.edges[e];
                if let Node::Artifact(a) = edge.to {
                    if self.artifacts[a].kind == kind && edge.role.as_deref() == Some(role) {
                        out.insert(a);
                    }
                }
            }
        }
        out
    }

    /// Subjects of one party, in index order.
    pub fn members(&self, party: usize) -> Vec<usize> {
        self.party_members.get(&party).cloned().unwrap_or_default()
    }

    /// A short label for a node: a subject's ref and masked name, an artifact's kind and masked
    /// value.
    pub fn describe(&self, node: Node) -> String {
        match node {
            Node::Subject(s) if self.subjects[s].kind == SubjectKind::Device => {
                self.subjects[s].id.to_string()
            }
            Node::Subject(s) => format!(
                "{} \"{}\"",
                self.subjects[s].id,
                unmask_model::canon::mask_name(&self.names[s])
            ),
            Node::Artifact(a) => {
                let art = &self.artifacts[a];
                format!("{} {}", art.kind.label(), art.masked)
            }
        }
    }

    /// A stable id for a node that shows no sensitive value: the subject ref, or
    /// `artifact:<kind>:<key>` with a short keyed digest of the canonical value.
    pub fn node_id(&self, node: Node) -> String {
        match node {
            Node::Subject(s) => self.subjects[s].id.to_string(),
            Node::Artifact(a) => {
                let art = &self.artifacts[a];
                format!(
                    "artifact:{}:{}",
                    art.kind,
                    &unmask_model::stable_key(&[art.kind.as_str(), &art.canonical])[..12]
                )
            }
        }
    }
}

/// A person reaching an artifact.
#[derive(Debug, Clone, Copy)]
pub struct Holding {
    pub person: usize,
    /// The edge from the artifact to the person or to their device.
    pub edge: usize,
    pub via_device: Option<usize>,
}
