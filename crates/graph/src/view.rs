//! The neighbourhood of one subject, for an analyst (`unmask graph REF`) and the web UI: nodes
//! and edges within a number of steps, as JSON or Graphviz DOT. Artifact values are masked and
//! artifact nodes are named by a short digest, so the output can be shared inside the team.

use crate::graph::{Graph, Node};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// Artifacts held by more parties than this are shown but not expanded (an office address, a
/// recruiting agency's phone).
pub const EXPAND_LIMIT: usize = 25;
/// At most this many nodes; the view says when it stopped early.
pub const MAX_NODES: usize = 500;

#[derive(Debug, Serialize)]
pub struct View {
    pub root: String,
    pub depth: usize,
    pub nodes: Vec<ViewNode>,
    pub edges: Vec<ViewEdge>,
    /// True when [`MAX_NODES`] was reached before the requested depth.
    pub truncated: bool,
}

#[derive(Debug, Serialize)]
pub struct ViewNode {
    pub id: String,
    /// `subject` or `artifact`.
    #[serde(rename = "type")]
    pub node_type: &'static str,
    /// Subject kind (`candidate`...) or artifact kind (`email`...).
    pub kind: String,
    /// Masked name or value.
    pub label: String,
    /// Steps from the root.
    pub distance: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<u8>,
    /// Finding kinds on the subject, strongest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
    /// For an artifact held by many: not expanded.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hub: bool,
}

#[derive(Debug, Serialize)]
pub struct ViewEdge {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Where the edge was read: `file:line (format)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Per-subject context shown on nodes.
#[derive(Default)]
pub struct Annotations {
    pub risk: HashMap<String, u8>,
    pub findings: HashMap<String, Vec<String>>,
}

pub fn neighbourhood(g: &Graph<'_>, root: usize, depth: usize, notes: &Annotations) -> View {
    let start = Node::Subject(root);
    let mut distance: BTreeMap<Node, usize> = BTreeMap::from([(start, 0)]);
    let mut order = vec![start];
    let mut queue = VecDeque::from([start]);
    let mut hubs = BTreeSet::new();
    let mut truncated = false;
    while let Some(node) = queue.pop_front() {
        let d = distance[&node];
        if d >= depth {
            continue;
        }
        if let Node::Artifact(a) = node {
            if g.edges_of(node).len() > EXPAND_LIMIT && node != start {
                hubs.insert(a);
                continue;
            }
        }
        for &e in g.edges_of(node) {
            let other = g.other_end(e, node);
            if distance.contains_key(&other) {
                continue;
            }
            if distance.len() >= MAX_NODES {
                truncated = true;
                break;
            }
            distance.insert(other, d + 1);
            order.push(other);
            queue.push_back(other);
        }
    }
    let nodes = order
        .iter()
        .map(|&n| {
            let id = g.node_id(n);
            match n {
                Node::Subject(s) => ViewNode {
                    risk: notes.risk.get(&id).copied(),
                    findings: notes.findings.get(&id).cloned().unwrap_or_default(),
                    id,
                    node_type: "subject",
                    kind: g.subjects[s].kind.as_str().to_string(),
                    label: match g.subjects[s].kind {
                        unmask_model::SubjectKind::Device => g.subjects[s]
                            .attributes
                            .get("model")
                            .cloned()
                            .unwrap_or_else(|| "device".into()),
                        _ => unmask_model::canon::mask_name(&g.names[s]),
                    },
                    distance: distance[&n],
                    hub: false,
                },
                Node::Artifact(a) => ViewNode {
                    id,
                    node_type: "artifact",
                    kind: g.artifacts[a].kind.as_str().to_string(),
                    label: g.artifacts[a].masked.clone(),
                    distance: distance[&n],
                    risk: None,
                    findings: Vec::new(),
                    hub: hubs.contains(&a) || g.edges_of(n).len() > EXPAND_LIMIT,
                },
            }
        })
        .collect();
    let mut edges: Vec<(usize, ViewEdge)> = Vec::new();
    let mut seen = BTreeSet::new();
    for &n in &order {
        for &e in g.edges_of(n) {
            let edge = &g.edges[e];
            if !distance.contains_key(&edge.from) || !distance.contains_key(&edge.to) {
                continue;
            }
            if !seen.insert(e) {
                continue;
            }
            edges.push((
                e,
                ViewEdge {
                    from: g.node_id(edge.from),
                    to: g.node_id(edge.to),
                    kind: edge.kind.as_str(),
                    role: edge.role.clone(),
                    reason: edge.reason.clone(),
                    source: edge.provenance.as_ref().map(|p| p.to_string()),
                },
            ));
        }
    }
    edges.sort_by_key(|(e, _)| *e);
    View {
        root: g.subjects[root].id.to_string(),
        depth,
        nodes,
        edges: edges.into_iter().map(|(_, e)| e).collect(),
        truncated,
    }
}

fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl View {
    /// Graphviz DOT: subjects as boxes (red when risk >= 70), artifacts as ellipses.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("graph unmask {\n  graph [overlap=false, splines=true];\n");
        for n in &self.nodes {
            let mut label = format!("{}\n{}", n.id, n.label);
            if n.node_type == "artifact" {
                label = format!("{}\n{}", n.kind, n.label);
            }
            if let Some(r) = n.risk {
                label.push_str(&format!("\nrisk {r}"));
            }
            if n.hub {
                label.push_str("\n(hub, not expanded)");
            }
            let shape = if n.node_type == "subject" {
                "box"
            } else {
                "ellipse"
            };
            let color = match n.risk {
                Some(r) if r >= 70 => ", color=red, penwidth=2",
                Some(r) if r >= 50 => ", color=orange",
                _ => "",
            };
            out.push_str(&format!(
                "  {} [shape={shape}, label={}{color}];\n",
                dot_string(&n.id),
                dot_string(&label)
            ));
        }
        for e in &self.edges {
            let label = match &e.role {
                Some(role) => format!("{} ({role})", e.kind),
                None => e.kind.to_string(),
            };
            out.push_str(&format!(
                "  {} -- {} [label={}];\n",
                dot_string(&e.from),
                dot_string(&e.to),
                dot_string(&label)
            ));
        }
        out.push_str("}\n");
        out
    }
}
