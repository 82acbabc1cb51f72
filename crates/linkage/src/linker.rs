//! The probabilistic linker: prepare, block, estimate, score, cluster; and link new records one
//! at a time against everything already linked.

use crate::blocking::{self, candidate_pairs, unpack, BlockingStats};
use crate::cluster;
use crate::model::{self, probability, Estimation, Model};
use crate::prepared::{Prepared, TableError};
use crate::settings::{LinkType, Settings};
use crate::table::Table;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    pub weight: f64,
    pub probability: f64,
}

/// A linked dataset that can take new records.
pub struct Linker {
    settings: Settings,
    ids: Vec<String>,
    prepared: Prepared,
    model: Model,
    stats: BlockingStats,
    /// Every candidate pair from blocking, packed `a << 32 | b`, for pair-completeness checks.
    candidates: Vec<u64>,
    /// Scored pairs at or above `report_floor`, in pair order.
    pairs: Vec<ScoredPair>,
    /// Links (at or above the threshold) per record.
    links: Vec<Vec<(u32, f64)>>,
    /// Cluster anchor (smallest member index) per record; itself when alone.
    anchor: Vec<u32>,
    /// Blocking index for incremental linking, built on first use.
    index: Option<Vec<HashMap<u64, Vec<u32>>>>,
}

/// Scored pairs below this probability are not kept for output.
pub const REPORT_FLOOR: f64 = 0.5;

/// Comparison levels of every candidate pair, computed once for estimation and scoring.
fn patterns(prepared: &Prepared, pairs: &blocking::Pairs) -> Vec<u64> {
    pairs
        .pairs
        .par_iter()
        .map(|&p| {
            let (a, b) = unpack(p);
            prepared.pattern(a, b)
        })
        .collect()
}

impl Linker {
    /// Estimate a model from `table` and link it. The table is consumed: its raw values are
    /// dropped as soon as they are prepared, which matters at a million records.
    pub fn train(table: Table, settings: &Settings) -> Result<Linker, TableError> {
        Self::train_with(table, settings, Estimation::AsObserved)
    }

    /// [`Linker::train`], choosing how far m may follow the training pairs: `unmask link`
    /// floors it ([`Estimation::Floored`]), as it links tables whose corruptions it was not
    /// told about.
    pub fn train_with(
        table: Table,
        settings: &Settings,
        estimation: Estimation,
    ) -> Result<Linker, TableError> {
        let prepared = Prepared::new(&table, settings)?;
        let table = Table {
            columns: Vec::new(),
            ..table
        };
        let pairs = candidate_pairs(&prepared, settings);
        let patterns = patterns(&prepared, &pairs);
        let model = model::estimate(&prepared, settings, &pairs, &patterns, estimation);
        Ok(Self::finish(
            table, settings, prepared, model, pairs, &patterns,
        ))
    }

    /// Link `table` with a model estimated before (for example on a larger dataset).
    pub fn with_model(
        table: Table,
        settings: &Settings,
        model: Model,
    ) -> Result<Linker, TableError> {
        let prepared = Prepared::new(&table, settings)?;
        let table = Table {
            columns: Vec::new(),
            ..table
        };
        let pairs = candidate_pairs(&prepared, settings);
        let patterns = patterns(&prepared, &pairs);
        Ok(Self::finish(
            table, settings, prepared, model, pairs, &patterns,
        ))
    }

    fn finish(
        table: Table,
        settings: &Settings,
        prepared: Prepared,
        model: Model,
        pairs: blocking::Pairs,
        patterns: &[u64],
    ) -> Linker {
        let floor = REPORT_FLOOR.min(settings.threshold);
        let scored: Vec<ScoredPair> = pairs
            .pairs
            .par_iter()
            .zip(patterns.par_iter())
            .filter_map(|(&p, &pattern)| {
                let (a, b) = unpack(p);
                let weight = model.score(&prepared, a, b, pattern);
                let probability = probability(weight);
                (probability >= floor).then_some(ScoredPair {
                    a: a as u32,
                    b: b as u32,
                    weight,
                    probability,
                })
            })
            .collect();
        let mut linker = Linker {
            settings: settings.clone(),
            ids: table.ids,
            links: vec![Vec::new(); prepared.n],
            anchor: (0..prepared.n as u32).collect(),
            prepared,
            model,
            stats: pairs.stats,
            candidates: pairs.pairs,
            pairs: scored,
            index: None,
        };
        let edges: Vec<(u32, u32, f64)> = linker
            .pairs
            .iter()
            .filter(|p| p.probability >= settings.threshold)
            .map(|p| (p.a, p.b, p.weight))
            .collect();
        for &(a, b, w) in &edges {
            linker.links[a as usize].push((b, w));
            linker.links[b as usize].push((a, w));
        }
        for group in cluster::cluster_all(linker.prepared.n, &edges) {
            linker.set_anchor(&group);
        }
        linker
    }

    fn set_anchor(&mut self, group: &[u32]) {
        let anchor = group.iter().copied().min().unwrap_or(0);
        for &m in group {
            self.anchor[m as usize] = anchor;
        }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn stats(&self) -> &BlockingStats {
        &self.stats
    }

    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    pub fn source(&self, i: usize) -> u8 {
        self.prepared.sources[i]
    }

    /// Whether blocking proposed this pair (in the initial link).
    pub fn is_candidate(&self, a: usize, b: usize) -> bool {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        self.candidates
            .binary_search(&(((a as u64) << 32) | b as u64))
            .is_ok()
    }

    pub fn pairs(&self) -> &[ScoredPair] {
        &self.pairs
    }

    /// Clusters of two or more records, as record indices; each identified by its anchor.
    pub fn clusters(&self) -> Vec<Vec<u32>> {
        let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, a) in self.anchor.iter().enumerate() {
            groups.entry(*a).or_default().push(i as u32);
        }
        let mut out: Vec<Vec<u32>> = groups.into_values().filter(|g| g.len() >= 2).collect();
        out.iter_mut().for_each(|g| g.sort_unstable());
        out.sort();
        out
    }

    /// The stable cluster id of a record: the id of the earliest record in its cluster. A
    /// cluster keeps its id as later records join it.
    pub fn cluster_id(&self, record: usize) -> &str {
        &self.ids[self.anchor[record] as usize]
    }

    /// Per comparison: column, level, weight, for a pair of records.
    pub fn explain(&self, a: usize, b: usize) -> Vec<(String, String, f64)> {
        self.model.explain(&self.prepared, a, b)
    }

    fn build_index(&mut self) -> Vec<HashMap<u64, Vec<u32>>> {
        self.settings
            .blocking
            .iter()
            .enumerate()
            .map(|(r, rule)| {
                let mut map: HashMap<u64, Vec<u32>> = HashMap::new();
                for i in 0..self.prepared.n {
                    for k in blocking::keys(&self.prepared, &self.settings, r, rule, i) {
                        let v = map.entry(k).or_default();
                        if v.last() != Some(&(i as u32)) {
                            v.push(i as u32);
                        }
                    }
                }
                map
            })
            .collect()
    }

    /// Link one new record (values in comparison order) against everything linked so far, and
    /// re-cluster only the component it joins. Returns its links and its cluster id.
    pub fn add(
        &mut self,
        id: &str,
        source: u8,
        values: &[Vec<String>],
    ) -> (Vec<ScoredPair>, String) {
        let mut index = match self.index.take() {
            Some(i) => i,
            None => self.build_index(),
        };
        let new = self.prepared.n as u32;
        self.prepared.push(source, values);
        self.ids.push(id.to_string());
        self.links.push(Vec::new());
        self.anchor.push(new);
        let link = self.settings.link_type == LinkType::Link;
        let mut candidates = BTreeSet::new();
        for (r, rule) in self.settings.blocking.iter().enumerate() {
            let mut keys = blocking::keys(&self.prepared, &self.settings, r, rule, new as usize);
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                let block = index[r].entry(k).or_default();
                if block.len() < self.settings.max_block {
                    for &other in block.iter() {
                        if !(link && self.prepared.sources[other as usize] == source) {
                            candidates.insert(other);
                        }
                    }
                }
                block.push(new);
            }
        }
        self.index = Some(index);
        let floor = REPORT_FLOOR.min(self.settings.threshold);
        let mut found = Vec::new();
        for other in candidates {
            let (a, b) = (other as usize, new as usize);
            let weight = self
                .model
                .score(&self.prepared, a, b, self.prepared.pattern(a, b));
            let p = probability(weight);
            if p >= floor {
                let pair = ScoredPair {
                    a: other,
                    b: new,
                    weight,
                    probability: p,
                };
                self.pairs.push(pair);
                found.push(pair);
            }
            if p >= self.settings.threshold {
                self.links[a].push((new, weight));
                self.links[b].push((other, weight));
            }
        }
        // Re-cluster the connected component the new record belongs to.
        let mut nodes = vec![new];
        let mut seen: BTreeSet<u32> = BTreeSet::from([new]);
        let mut i = 0;
        while i < nodes.len() {
            for &(y, _) in &self.links[nodes[i] as usize] {
                if seen.insert(y) {
                    nodes.push(y);
                }
            }
            i += 1;
        }
        nodes.sort_unstable();
        let mut edges = Vec::new();
        for &x in &nodes {
            for &(y, w) in &self.links[x as usize] {
                if x < y {
                    edges.push((x, y, w));
                }
            }
        }
        for &x in &nodes {
            self.anchor[x as usize] = x;
        }
        for group in cluster::cluster_component(&nodes, &edges) {
            self.set_anchor(&group);
        }
        let cluster = self.cluster_id(new as usize).to_string();
        (found, cluster)
    }
}
