//! Clustering links into entities without chaining unrelated people through one weak edge.
//!
//! Links at or above the threshold are taken strongest first. Two groups merge only when the
//! links between them number at least half the size of the smaller group: a single record joins
//! a group through one strong link (a persona reusing one phone), but two established groups
//! need several links, so one shared value cannot fuse two families of records. Each connected
//! component is clustered on its own, which is what lets the incremental path re-cluster only
//! the component a new record touches and still agree with a full run.

use crate::union_find::UnionFind;
use std::collections::{BTreeMap, HashMap};

/// Cluster the records `nodes` of one connected component. `edges` are `(a, b, weight)` with
/// both ends in `nodes`. Returns groups of record indices, each sorted, groups sorted.
pub fn cluster_component(nodes: &[u32], edges: &[(u32, u32, f64)]) -> Vec<Vec<u32>> {
    let local: HashMap<u32, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut sorted: Vec<(u32, u32, f64)> = edges.to_vec();
    sorted.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (a, b, _) in &sorted {
        let (Some(&a), Some(&b)) = (local.get(a), local.get(b)) else {
            continue;
        };
        adjacency[a].push(b);
        adjacency[b].push(a);
    }
    let mut uf = UnionFind::new(nodes.len());
    let mut members: Vec<Vec<usize>> = (0..nodes.len()).map(|i| vec![i]).collect();
    for (a, b, _) in &sorted {
        let (Some(&a), Some(&b)) = (local.get(a), local.get(b)) else {
            continue;
        };
        let (ra, rb) = (uf.find(a), uf.find(b));
        if ra == rb {
            continue;
        }
        let (small, big) = if members[ra].len() <= members[rb].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let between = members[small]
            .iter()
            .map(|&x| adjacency[x].iter().filter(|&&y| uf.find(y) == big).count())
            .sum::<usize>();
        if 2 * between >= members[small].len() {
            uf.union(small, big);
            let root = uf.find(small);
            let mut merged = std::mem::take(&mut members[small]);
            merged.append(&mut members[big]);
            members[root] = merged;
        }
    }
    let mut groups: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        groups.entry(uf.find(i)).or_default().push(*node);
    }
    let mut out: Vec<Vec<u32>> = groups
        .into_values()
        .filter(|g| g.len() >= 2)
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect();
    out.sort();
    out
}

/// Connected components of the link graph (records with at least one link).
/// A link: two record indices and the match weight.
pub type Edge = (u32, u32, f64);

pub fn components(n: usize, edges: &[Edge]) -> Vec<(Vec<u32>, Vec<Edge>)> {
    let mut uf = UnionFind::new(n);
    for (a, b, _) in edges {
        uf.union(*a as usize, *b as usize);
    }
    let mut comps: BTreeMap<usize, (Vec<u32>, Vec<Edge>)> = BTreeMap::new();
    for e in edges {
        comps.entry(uf.find(e.0 as usize)).or_default().1.push(*e);
    }
    for (nodes, es) in comps.values_mut() {
        for (a, b, _) in es.iter() {
            nodes.push(*a);
            nodes.push(*b);
        }
        nodes.sort_unstable();
        nodes.dedup();
    }
    comps.into_values().collect()
}

pub fn cluster_all(n: usize, edges: &[(u32, u32, f64)]) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = components(n, edges)
        .iter()
        .flat_map(|(nodes, es)| cluster_component(nodes, es))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_of_single_links_joins_records_one_at_a_time() {
        let edges = [(0, 1, 10.0), (1, 2, 9.0), (2, 3, 8.0)];
        assert_eq!(cluster_all(4, &edges), vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn one_weak_bridge_does_not_fuse_two_groups() {
        // Two triangles joined by one edge between 2 and 3.
        let edges = [
            (0, 1, 10.0),
            (1, 2, 10.0),
            (0, 2, 10.0),
            (3, 4, 10.0),
            (4, 5, 10.0),
            (3, 5, 10.0),
            (2, 3, 5.0),
        ];
        assert_eq!(cluster_all(6, &edges), vec![vec![0, 1, 2], vec![3, 4, 5]]);
    }

    #[test]
    fn well_supported_groups_merge() {
        let edges = [(0, 1, 10.0), (2, 3, 10.0), (0, 2, 6.0), (1, 3, 6.0)];
        assert_eq!(cluster_all(4, &edges), vec![vec![0, 1, 2, 3]]);
    }
}
