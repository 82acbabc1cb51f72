//! Features prepared once per record and comparison, in a flat layout: one `offsets` array and
//! one `values` array per comparison, so a million records do not cost millions of small
//! vectors.

use crate::compare::{Feature, Kind};
use crate::settings::Settings;
use crate::table::{Column, Table};
use rayon::prelude::*;

pub struct Prepared {
    pub n: usize,
    pub sources: Vec<u8>,
    pub kinds: Vec<Kind>,
    pub columns: Vec<FeatureColumn>,
    /// Pairs of name-part columns (given name, surname) whose values one record may hold in
    /// each other's column: compared crossed as well as straight.
    pub swaps: Vec<(usize, usize)>,
}

/// Pairs of `name_part` comparisons, `(c, d)` with `c < d`.
pub fn swappable(kinds: &[Kind]) -> Vec<(usize, usize)> {
    let parts: Vec<usize> = (0..kinds.len())
        .filter(|c| kinds[*c] == Kind::NamePart)
        .collect();
    let mut out = Vec::new();
    for (i, &c) in parts.iter().enumerate() {
        for &d in &parts[i + 1..] {
            out.push((c, d));
        }
    }
    out
}

pub struct FeatureColumn {
    offsets: Vec<u32>,
    values: Vec<Feature>,
}

impl FeatureColumn {
    pub fn get(&self, record: usize) -> &[Feature] {
        &self.values[self.offsets[record] as usize..self.offsets[record + 1] as usize]
    }

    fn build(kind: Kind, raw: &Column) -> Self {
        // Prepared in parallel chunks, then concatenated: no per-record vectors, so the peak
        // is one column's features, not two.
        const CHUNK: usize = 8192;
        let chunks: Vec<(Vec<u32>, Vec<Feature>)> = (0..raw.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|k| {
                let mut counts = Vec::with_capacity(CHUNK);
                let mut values = Vec::with_capacity(CHUNK);
                for i in k * CHUNK..((k + 1) * CHUNK).min(raw.len()) {
                    let before = values.len();
                    values.extend(raw.values(i).filter_map(|v| kind.prepare(v)));
                    counts.push((values.len() - before) as u32);
                }
                (counts, values)
            })
            .collect();
        let mut offsets = Vec::with_capacity(raw.len() + 1);
        let mut values = Vec::with_capacity(chunks.iter().map(|c| c.1.len()).sum());
        offsets.push(0u32);
        for (counts, chunk) in chunks {
            for n in counts {
                let last = offsets.last().copied().unwrap_or(0);
                offsets.push(last + n);
            }
            values.extend(chunk);
        }
        Self { offsets, values }
    }

    fn push(&mut self, kind: Kind, raw: &[String]) {
        self.values
            .extend(raw.iter().filter_map(|v| kind.prepare(v)));
        self.offsets.push(self.values.len() as u32);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("comparison column `{0}` is not in the data")]
    MissingColumn(String),
    #[error(
        "blocking rule uses column `{0}`, which has no comparison; add a `[[comparison]]` for it"
    )]
    BlockingColumn(String),
    #[error("`tf_distinct_by` names column `{0}`, which has no comparison")]
    TfColumn(String),
    #[error("{0} comparisons configured; at most 16 are supported")]
    TooManyComparisons(usize),
}

impl Prepared {
    pub fn new(table: &Table, settings: &Settings) -> Result<Self, TableError> {
        if settings.comparisons.len() > 16 {
            return Err(TableError::TooManyComparisons(settings.comparisons.len()));
        }
        let mut columns = Vec::new();
        for spec in &settings.comparisons {
            let column = table
                .column(&spec.column)
                .ok_or_else(|| TableError::MissingColumn(spec.column.clone()))?;
            columns.push(FeatureColumn::build(spec.kind, column));
        }
        for rule in &settings.blocking {
            for c in rule.columns_used() {
                if !settings.comparisons.iter().any(|s| s.column == c) {
                    return Err(TableError::BlockingColumn(c.to_string()));
                }
            }
        }
        if let Some(c) = &settings.tf_distinct_by {
            if !settings.comparisons.iter().any(|s| &s.column == c) {
                return Err(TableError::TfColumn(c.clone()));
            }
        }
        let kinds: Vec<Kind> = settings.comparisons.iter().map(|s| s.kind).collect();
        Ok(Self {
            n: table.len(),
            sources: (0..table.len()).map(|i| table.source(i)).collect(),
            swaps: swappable(&kinds),
            kinds,
            columns,
        })
    }

    /// Add one record's raw values, in comparison order.
    pub fn push(&mut self, source: u8, values: &[Vec<String>]) {
        for ((column, kind), raw) in self.columns.iter_mut().zip(&self.kinds).zip(values) {
            column.push(*kind, raw);
        }
        self.sources.push(source);
        self.n += 1;
    }

    /// Agreement level of comparison `c` for a pair: 0 when either side is missing, else the
    /// best level over all value pairs.
    pub fn level(&self, c: usize, a: usize, b: usize) -> u8 {
        self.crossed_level(c, c, a, b)
    }

    /// The level of comparison `c` between record `a`'s values in column `c` and record `b`'s
    /// in column `d`.
    fn crossed_level(&self, c: usize, d: usize, a: usize, b: usize) -> u8 {
        let (va, vb) = (self.columns[c].get(a), self.columns[d].get(b));
        let kind = self.kinds[c];
        let mut best = 0u8;
        for x in va {
            for y in vb {
                let l = kind.compare(x, y);
                if best == 0 || l < best {
                    best = l;
                    if best == 1 {
                        return 1;
                    }
                }
            }
        }
        best
    }

    /// All levels of a pair, four bits each. Swappable name parts are taken crossed (`a`'s
    /// given name against `b`'s surname and the other way round) when both crossed levels
    /// agree and together beat the straight ones: "Marine Hoareau" and "Hoareau Marine".
    pub fn pattern(&self, a: usize, b: usize) -> u64 {
        let mut levels = [0u8; 16];
        for (c, slot) in levels.iter_mut().enumerate().take(self.columns.len()) {
            *slot = self.level(c, a, b);
        }
        let last = |k: usize| self.kinds[k].levels().len() as u8;
        for &(c, d) in &self.swaps {
            let (lc, ld) = (levels[c], levels[d]);
            // Only a pair that disagrees outright on a part can be a swap worth crossing for
            // (and most pairs compared, random ones above all, stop at the first crossed part).
            if lc == 0 || ld == 0 || (lc < last(c) && ld < last(d)) {
                continue;
            }
            let xc = self.crossed_level(c, d, a, b);
            if xc == 0 || xc >= last(c) {
                continue;
            }
            let xd = self.crossed_level(d, c, a, b);
            // Both parts must agree crossed, one of them closely (exact, a variant or a
            // typo), so two weakly similar names do not pass for a swap.
            let agree = xd > 0 && xd < last(d) && xc.min(xd) <= 3;
            if agree && xc + xd < lc + ld {
                levels[c] = xc;
                levels[d] = xd;
            }
        }
        let mut p = 0u64;
        for (c, l) in levels.iter().enumerate().take(self.columns.len()) {
            p |= u64::from(*l) << (4 * c);
        }
        p
    }

    /// The term-frequency keys both records share for comparison `c` at `level`.
    pub fn shared_tf_keys(
        &self,
        c: usize,
        a: usize,
        b: usize,
        level: u8,
    ) -> impl Iterator<Item = u64> + '_ {
        let kind = self.kinds[c];
        let vb = self.columns[c].get(b);
        self.columns[c]
            .get(a)
            .iter()
            .filter_map(move |f| f.tf_key(kind, level))
            .filter(move |k| vb.iter().any(|y| y.tf_key(kind, level) == Some(*k)))
    }
}

pub fn level_of(pattern: u64, c: usize) -> u8 {
    ((pattern >> (4 * c)) & 0xF) as u8
}
