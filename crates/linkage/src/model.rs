//! Fellegi-Sunter match weights, estimated without labels.
//!
//! - u (how often non-matches agree at each level) from random record pairs;
//! - m (how often matches agree) by expectation-maximisation over the candidate pairs of each
//!   blocking rule in turn, leaving out the comparisons a rule forces to agree (its pairs say
//!   nothing about them), then averaged over rules;
//! - the prior (the probability that two random records match) from the expected number of
//!   matches among candidate pairs over all possible pairs;
//! - term frequencies: agreeing exactly on a common value ("john smith") is worth less than on a
//!   rare one, by using the value's frequency as its u.

use crate::blocking::Pairs;
use crate::prepared::{level_of, Prepared};
use crate::settings::{LinkType, Settings, TfLevels};
use rand::{Rng, SeedableRng};
use rayon::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct ComparisonModel {
    pub column: String,
    pub kind: crate::compare::Kind,
    /// Indexed by level; index 0 (missing) is unused.
    pub m: Vec<f64>,
    pub u: Vec<f64>,
    /// Value frequencies for term-frequency adjustment, when enabled.
    pub tf: Option<HashMap<u64, f64>>,
    /// The levels `tf` applies to.
    pub tf_levels: TfLevels,
    /// The blocking rule whose candidate pairs gave m; `None` when every rule uses this
    /// comparison's column and m kept its starting values.
    pub m_from_rule: Option<usize>,
    /// The term-frequency share above which a value is a hub and agreeing on it weighs 0
    /// ([`Settings::tf_hub_limit`] over the values counted).
    pub tf_hub_share: Option<f64>,
    /// Disagreement weighs 0, not less ([`crate::settings::ComparisonSpec::no_evidence_against`];
    /// always so for `shared`).
    pub no_evidence_against: bool,
    /// Comparisons with one group index are views of one fact: of their positive weights only
    /// the largest counts ([`crate::settings::ComparisonSpec::group`]).
    pub group: Option<usize>,
}

impl ComparisonModel {
    pub fn levels(&self) -> &'static [&'static str] {
        self.kind.levels()
    }

    /// log2 Bayes factor of a level, with the term-frequency u at the exact level.
    pub fn weight(&self, level: u8, tf_key: Option<u64>) -> f64 {
        if level == 0 {
            return 0.0;
        }
        let l = level as usize;
        match (&self.tf, tf_key) {
            (Some(tf), Some(k)) => {
                let share = tf.get(&k).copied().unwrap_or(0.0);
                if self.tf_hub_share.is_some_and(|hub| share > hub) {
                    return 0.0;
                }
                let u = share.max(self.tf_floor());
                // A common value still counts at least as much as disagreeing would.
                (self.m[l] / u)
                    .log2()
                    .max(self.level_weight(self.m.len() - 1))
            }
            _ => self.level_weight(l),
        }
    }

    /// The weight of a level without term frequencies, kept in order: a partial agreement
    /// counts no more than a stronger agreement and no less than disagreement. Small blocks can
    /// leave a partial level with no observed matches (EM would then call
    /// `smartdev0725`/`smartdev0205` evidence *against* a match) or with a u so small that its
    /// weight outgrows exact agreement; the order of the levels is prior knowledge that EM must
    /// not overturn.
    pub fn level_weight(&self, level: usize) -> f64 {
        let last = self.m.len() - 1;
        let raw = |l: usize| (self.m[l] / self.u[l]).log2();
        let floor = if self.kind == crate::compare::Kind::Shared || self.no_evidence_against {
            0.0
        } else {
            raw(last)
        };
        if level == last {
            return floor;
        }
        let mut w = raw(1).max(floor);
        for l in 2..=level {
            w = raw(l).clamp(floor, w.max(floor));
        }
        w
    }

    /// Of the frequency keys a pair shares at `level`, the one of the rarest value: two
    /// personas who share both an agency's phone and a personal mobile are as close as the
    /// mobile says. `None` when no adjustment applies.
    pub fn tf_key(
        &self,
        prepared: &Prepared,
        c: usize,
        a: usize,
        b: usize,
        level: u8,
    ) -> Option<u64> {
        let tf = self.tf.as_ref()?;
        if level == 0 || (level > 1 && self.tf_levels == TfLevels::Exact) {
            return None;
        }
        prepared.shared_tf_keys(c, a, b, level).min_by(|x, y| {
            let f = |k| tf.get(k).copied().unwrap_or(0.0);
            f(x).total_cmp(&f(y)).then(x.cmp(y))
        })
    }

    /// The weight of agreeing exactly on `value`, term-frequency adjusted when enabled.
    pub fn exact_weight(&self, value: &str) -> f64 {
        self.weight(1, Some(crate::compare::tf_hash(1, value)))
    }

    fn tf_floor(&self) -> f64 {
        1e-7
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub comparisons: Vec<ComparisonModel>,
    /// Probability that two random records match.
    pub lambda: f64,
    pub em_iterations: usize,
}

impl Model {
    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// Total match weight of a pair.
    pub fn score(&self, prepared: &Prepared, a: usize, b: usize, pattern: u64) -> f64 {
        let weights = self.comparisons.iter().enumerate().map(|(c, cm)| {
            let level = level_of(pattern, c);
            cm.weight(level, cm.tf_key(prepared, c, a, b, level))
        });
        if self.comparisons.iter().all(|cm| cm.group.is_none()) {
            return self.prior_weight() + weights.sum::<f64>();
        }
        self.prior_weight() + self.grouped(weights).iter().sum::<f64>()
    }

    /// The weights as they count: within a group only the strongest agreement (the first
    /// comparison of the group on a tie), every disagreement.
    fn grouped(&self, weights: impl Iterator<Item = f64>) -> Vec<f64> {
        let mut w: Vec<f64> = weights.collect();
        if self.comparisons.iter().all(|cm| cm.group.is_none()) {
            return w;
        }
        let mut best: Vec<Option<usize>> = vec![None; w.len()];
        for (c, cm) in self.comparisons.iter().enumerate() {
            if let Some(g) = cm.group {
                if w[c] > 0.0 && best[g].is_none_or(|b| w[c] > w[b]) {
                    best[g] = Some(c);
                }
            }
        }
        for (c, cm) in self.comparisons.iter().enumerate() {
            if let Some(g) = cm.group {
                if w[c] > 0.0 && best[g] != Some(c) {
                    w[c] = 0.0;
                }
            }
        }
        w
    }

    /// Per comparison: column, level label, weight as it counts in the pair's total.
    pub fn explain(&self, prepared: &Prepared, a: usize, b: usize) -> Vec<(String, String, f64)> {
        let pattern = prepared.pattern(a, b);
        let raw: Vec<(String, String, f64)> = self
            .comparisons
            .iter()
            .enumerate()
            .map(|(c, cm)| {
                let level = level_of(pattern, c);
                let key = cm.tf_key(prepared, c, a, b, level);
                let label = if level == 0 {
                    "missing"
                } else {
                    cm.levels()[level as usize - 1]
                };
                let label = match key {
                    Some(_) => format!("{label} (term-frequency adjusted)"),
                    None => label.to_string(),
                };
                (cm.column.clone(), label, cm.weight(level, key))
            })
            .collect();
        let counted = self.grouped(raw.iter().map(|r| r.2));
        raw.into_iter()
            .zip(counted)
            .map(|((column, label, w), counted)| {
                if counted == w {
                    (column, label, w)
                } else {
                    (
                        column,
                        format!("{label} (counted once with its group)"),
                        counted,
                    )
                }
            })
            .collect()
    }
}

/// Below this many expected matches, the cleanest block's m is pooled with the others'.
const MIN_BLOCK_MATCHES: f64 = 1000.0;

/// Pseudo-pairs of the Dirichlet prior on m; see [`em`].
const PRIOR_PAIRS: f64 = 10.0;

pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

fn random_pair(
    rng: &mut rand_chacha::ChaCha8Rng,
    prepared: &Prepared,
    link: bool,
    left: &[u32],
    right: &[u32],
) -> (usize, usize) {
    if link {
        (
            left[rng.gen_range(0..left.len())] as usize,
            right[rng.gen_range(0..right.len())] as usize,
        )
    } else {
        loop {
            let a = rng.gen_range(0..prepared.n);
            let b = rng.gen_range(0..prepared.n);
            if a != b {
                return (a, b);
            }
        }
    }
}

/// How far the estimated m may follow the training pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Estimation {
    /// m as EM finds it (down to 1e-6): for the persona linker, whose comparisons and data
    /// are the project's own.
    #[default]
    AsObserved,
    /// m floored (see [`M_FLOOR_DISAGREE`], [`M_FLOOR_PARTIAL`]) so that a level the training
    /// pairs never showed among matches (a phone that changed, a year mistyped) counts as
    /// ordinary evidence, not as proof against a match: for tables whose corruptions nobody
    /// told the model about.
    Floored,
}

/// Under [`Estimation::Floored`], the least share of matches assumed to disagree outright on a
/// comparison: one in two hundred records has a new phone, a move, a mistyped date, whether
/// or not the training pairs happened to show it. Disagreeing alone then costs at most about
/// 7.6 bits, against 14 when EM has seen no such match. (0.01 cost the applicants 0.0013 F1
/// in households let through; 0.005 costs them 0.0006.)
pub const M_FLOOR_DISAGREE: f64 = 0.005;

/// Under [`Estimation::Floored`], the least share of matches at each partial-agreement level.
pub const M_FLOOR_PARTIAL: f64 = 0.001;

/// Raise every level's m to its floor, then renormalise.
fn floor_m(m: &mut [f64]) {
    let last = m.len() - 1;
    for (l, v) in m.iter_mut().enumerate().skip(2) {
        let floor = if l == last {
            M_FLOOR_DISAGREE
        } else {
            M_FLOOR_PARTIAL
        };
        *v = v.max(floor);
    }
    let s: f64 = m.iter().skip(1).sum();
    m.iter_mut().skip(1).for_each(|v| *v /= s);
}

/// Estimate the model from the records and their candidate pairs.
/// `patterns` are the comparison levels of `pairs.pairs`, in the same order.
pub fn estimate(
    prepared: &Prepared,
    settings: &Settings,
    pairs: &Pairs,
    patterns: &[u64],
    estimation: Estimation,
) -> Model {
    let nc = settings.comparisons.len();
    let levels: Vec<usize> = settings
        .comparisons
        .iter()
        .map(|s| s.kind.levels().len())
        .collect();
    let link = settings.link_type == LinkType::Link;
    let left: Vec<u32> = (0..prepared.n as u32)
        .filter(|i| prepared.sources[*i as usize] == 0)
        .collect();
    let right: Vec<u32> = (0..prepared.n as u32)
        .filter(|i| prepared.sources[*i as usize] == 1)
        .collect();
    let total_pairs: f64 = if link {
        left.len() as f64 * right.len() as f64
    } else {
        prepared.n as f64 * (prepared.n as f64 - 1.0) / 2.0
    };

    // u from random pairs, with add-one smoothing.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(settings.seed);
    let sample_n = if (link && (left.is_empty() || right.is_empty())) || prepared.n < 2 {
        0
    } else {
        settings
            .u_sample_for(prepared.n)
            .min((total_pairs as usize).saturating_mul(2).max(1))
    };
    let sample: Vec<(usize, usize)> = (0..sample_n)
        .map(|_| random_pair(&mut rng, prepared, link, &left, &right))
        .collect();
    let sample_patterns: Vec<u64> = sample
        .par_iter()
        .map(|&(a, b)| prepared.pattern(a, b))
        .collect();
    let mut u: Vec<Vec<f64>> = levels.iter().map(|&l| vec![1.0; l + 1]).collect();
    for p in &sample_patterns {
        for (c, uc) in u.iter_mut().enumerate() {
            let l = level_of(*p, c) as usize;
            if l > 0 {
                uc[l] += 1.0;
            }
        }
    }
    for uc in &mut u {
        uc[0] = 0.0;
        let s: f64 = uc.iter().sum();
        uc.iter_mut().for_each(|x| *x /= s);
    }

    // Candidate-pair patterns, counted per rule.
    let pair_patterns = patterns;
    let init_m = |l: usize| -> Vec<f64> {
        let mut m = vec![0.0; l + 1];
        // Most matches agree exactly; the rest spread over the weaker levels.
        let agree = l - 1;
        for (k, slot) in m.iter_mut().enumerate().skip(1) {
            *slot = if k == 1 {
                0.8
            } else if k <= agree {
                0.15 / (agree.max(2) - 1) as f64
            } else {
                0.05
            };
        }
        let s: f64 = m.iter().sum();
        m.iter_mut().for_each(|x| *x /= s);
        m
    };
    let mut best_m: Vec<Vec<f64>> = levels.iter().map(|&l| vec![0.0; l + 1]).collect();
    let mut best_rule: Vec<Option<usize>> = vec![None; nc];
    let mut best_matches = vec![0.0f64; nc];
    let mut pooled: Vec<Vec<f64>> = levels.iter().map(|&l| vec![0.0; l + 1]).collect();
    let mut pooled_weight = vec![0.0f64; nc];
    let mut iterations = 0;
    for (r, rule) in settings.blocking.iter().enumerate() {
        let bit = 1u16 << r.min(15);
        let mut counts: HashMap<u64, f64> = HashMap::new();
        for (p, rules) in pair_patterns.iter().zip(&pairs.rules) {
            if rules & bit != 0 {
                *counts.entry(*p).or_insert(0.0) += 1.0;
            }
        }
        if counts.is_empty() {
            continue;
        }
        let mut counts: Vec<(u64, f64)> = counts.into_iter().collect();
        counts.sort_by_key(|c| c.0);
        let used = rule.columns_used();
        let free: Vec<bool> = settings
            .comparisons
            .iter()
            .map(|s| !used.contains(&s.column.as_str()))
            .collect();
        let mut m: Vec<Vec<f64>> = levels.iter().map(|&l| init_m(l)).collect();
        let mut lambda = 0.3;
        // Non-matches inside a block are not random pairs: people who share an email stem
        // mostly share a name too. So u is re-estimated within the block for this fit (and only
        // m is kept), or agreement that merely comes with the blocking key would pass for
        // evidence of a match.
        let mut block_u = u.clone();
        iterations += em(&counts, &mut m, &mut block_u, &mut lambda, &free, true, 60);
        for c in 0..nc {
            // Keep, per comparison, the fit from the cleanest block: where non-matches that
            // agree on something correlated with the blocking key (same-name people share
            // email stems) are mistaken for matches, the share of exact agreement among
            // "matches" drops. The block with the highest exact-agreement share is the one
            // least polluted that way. When even that block holds few matches (a few hundred
            // people), one block's m is mostly noise, so the blocks' fits are pooled instead,
            // weighted by their matches and, steeply, by the same exact-agreement share.
            if free[c] {
                let matches: f64 = lambda * counts.iter().map(|x| x.1).sum::<f64>();
                let w = matches * m[c][1].powi(4);
                for (acc, v) in pooled[c].iter_mut().zip(&m[c]) {
                    *acc += w * v;
                }
                pooled_weight[c] += w;
                if best_rule[c].is_none() || m[c][1] > best_m[c][1] {
                    best_m[c] = m[c].clone();
                    best_rule[c] = Some(r);
                    best_matches[c] = matches;
                }
            }
        }
    }
    let mut m: Vec<Vec<f64>> = (0..nc)
        .map(|c| {
            if best_rule[c].is_some()
                && best_matches[c] < MIN_BLOCK_MATCHES
                && pooled_weight[c] > 0.0
            {
                pooled[c].iter().map(|v| v / pooled_weight[c]).collect()
            } else if best_rule[c].is_some() {
                best_m[c].clone()
            } else {
                init_m(levels[c])
            }
        })
        .collect();
    if estimation == Estimation::Floored {
        for (mc, spec) in m.iter_mut().zip(&settings.comparisons) {
            // Not sharing a value that only counts when shared is no evidence either way.
            if spec.kind != crate::compare::Kind::Shared {
                floor_m(mc);
            }
        }
    }

    // Expected matches among all candidate pairs, with m and u fixed, gives the prior.
    let mut all: HashMap<u64, f64> = HashMap::new();
    for &p in pair_patterns.iter() {
        *all.entry(p).or_insert(0.0) += 1.0;
    }
    let mut all: Vec<(u64, f64)> = all.into_iter().collect();
    all.sort_by_key(|c| c.0);
    let mut lambda_b = 0.1;
    let mut fixed_m = m.clone();
    if !all.is_empty() {
        let mut fixed_u = u.clone();
        iterations += em(
            &all,
            &mut fixed_m,
            &mut fixed_u,
            &mut lambda_b,
            &vec![false; nc],
            false,
            40,
        );
    }
    let expected = lambda_b * pair_patterns.len() as f64;
    let lambda = if total_pairs > 0.0 {
        (expected / total_pairs).clamp(1e-12, 0.5)
    } else {
        1e-6
    };

    // Term frequencies over all values.
    let comparisons = settings
        .comparisons
        .iter()
        .enumerate()
        .map(|(c, spec)| {
            let counted = spec
                .uses_tf()
                .then(|| term_frequencies(prepared, settings, c));
            let tf_hub_share = counted.as_ref().and_then(|(_, total)| {
                spec.tf_hub_limit
                    .or(settings.tf_hub_limit)
                    .filter(|&limit| limit > 0)
                    .map(|limit| (limit as f64 + 0.5) / total)
            });
            ComparisonModel {
                column: spec.column.clone(),
                kind: spec.kind,
                m: m[c].clone(),
                u: u[c].clone(),
                tf: counted.map(|(shares, _)| shares),
                tf_levels: spec.tf_levels,
                m_from_rule: best_rule[c],
                tf_hub_share,
                no_evidence_against: spec.no_evidence_against,
                group: spec.group.as_ref().map(|g| {
                    settings
                        .comparisons
                        .iter()
                        .position(|s| s.group.as_ref() == Some(g))
                        .unwrap_or(c)
                }),
            }
        })
        .collect();
    Model {
        comparisons,
        lambda,
        em_iterations: iterations,
    }
}

/// The share of values each term-frequency key stands for in comparison `c`: by records, or,
/// with [`Settings::tf_distinct_by`], by distinct holders (a record without a holder value
/// counts as its own holder). Also the number of values counted.
fn term_frequencies(
    prepared: &Prepared,
    settings: &Settings,
    c: usize,
) -> (HashMap<u64, f64>, f64) {
    let spec = &settings.comparisons[c];
    let levels: Vec<u8> = (1..=spec.kind.levels().len() as u8)
        .filter(|l| spec.tf_at(*l))
        .collect();
    let by = settings
        .tf_distinct_by
        .as_deref()
        .and_then(|d| settings.comparisons.iter().position(|s| s.column == d));
    let holder = |i: usize| -> u64 {
        by.and_then(|d| prepared.columns[d].get(i).first())
            .map(|f| crate::compare::tf_hash(0, f.key()))
            .unwrap_or(u64::MAX - i as u64)
    };
    // (key, holder) once each, then counted per key; `total` counts the values themselves.
    let mut held: Vec<(u64, u64)> = Vec::new();
    let mut total: Vec<(u64, u64)> = Vec::new();
    for i in 0..prepared.n {
        let h = if by.is_some() { holder(i) } else { i as u64 };
        for f in prepared.columns[c].get(i) {
            if !f.key().is_empty() {
                total.push((crate::compare::tf_hash(1, f.key()), h));
            }
            let mut keys: Vec<u64> = levels
                .iter()
                .filter_map(|l| f.tf_key(spec.kind, *l))
                .collect();
            keys.dedup();
            held.extend(keys.into_iter().map(|k| (k, h)));
        }
    }
    let distinct = by.is_some();
    let count = |v: &mut Vec<(u64, u64)>| {
        if distinct {
            v.sort_unstable();
            v.dedup();
        }
    };
    count(&mut held);
    count(&mut total);
    let total = total.len().max(1) as f64;
    let mut counts: HashMap<u64, f64> = HashMap::new();
    for (k, _) in held {
        *counts.entry(k).or_insert(0.0) += 1.0;
    }
    counts.values_mut().for_each(|v| *v /= total);
    (counts, total)
}

/// EM over aggregated patterns; updates `m` for free comparisons and `lambda`. Returns the
/// number of iterations run.
#[allow(clippy::too_many_arguments)]
fn em(
    counts: &[(u64, f64)],
    m: &mut [Vec<f64>],
    u: &mut [Vec<f64>],
    lambda: &mut f64,
    free: &[bool],
    update_u: bool,
    max_iter: usize,
) -> usize {
    let prior: Vec<Vec<f64>> = m.to_vec();
    let nc = m.len();
    for it in 0..max_iter {
        let mut m_acc: Vec<Vec<f64>> = m.iter().map(|mc| vec![0.0; mc.len()]).collect();
        let mut u_acc: Vec<Vec<f64>> = u.iter().map(|uc| vec![0.0; uc.len()]).collect();
        let mut matched = 0.0;
        let mut total = 0.0;
        for &(pattern, count) in counts {
            let (mut pm, mut pu) = (*lambda, 1.0 - *lambda);
            for c in 0..nc {
                let l = level_of(pattern, c) as usize;
                if l > 0 {
                    pm *= m[c][l];
                    pu *= u[c][l];
                }
            }
            let p = if pm + pu > 0.0 { pm / (pm + pu) } else { 0.0 };
            matched += p * count;
            total += count;
            for c in 0..nc {
                let l = level_of(pattern, c) as usize;
                if l > 0 {
                    m_acc[c][l] += p * count;
                    u_acc[c][l] += (1.0 - p) * count;
                }
            }
        }
        let new_lambda = (matched / total.max(1.0)).clamp(1e-9, 1.0 - 1e-9);
        let mut delta = (new_lambda - *lambda).abs();
        *lambda = new_lambda;
        for c in 0..nc {
            if !free[c] {
                continue;
            }
            // MAP estimate under a Dirichlet prior centred on the starting m: with few pairs
            // in a block, levels no match happened to reach keep a plausible share instead of
            // none; with many pairs the prior's PRIOR_PAIRS pseudo-pairs vanish.
            for l in 1..m_acc[c].len() {
                m_acc[c][l] += PRIOR_PAIRS * prior[c][l];
            }
            let s: f64 = m_acc[c].iter().sum();
            if s <= 0.0 {
                continue;
            }
            for l in 1..m[c].len() {
                // A small floor keeps every level possible for matches.
                let v = (m_acc[c][l] / s).max(1e-6);
                delta = delta.max((v - m[c][l]).abs());
                m[c][l] = v;
            }
            let su: f64 = u_acc[c].iter().sum();
            if update_u && su > 0.0 {
                for l in 1..u[c].len() {
                    u[c][l] = (u_acc[c][l] / su).max(1e-6);
                }
            }
        }
        if delta < 1e-7 {
            return it + 1;
        }
    }
    max_iter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Kind;

    fn model(kind: Kind, m: Vec<f64>, u: Vec<f64>) -> ComparisonModel {
        ComparisonModel {
            column: "x".into(),
            kind,
            m,
            u,
            tf: None,
            tf_levels: TfLevels::All,
            m_from_rule: None,
            tf_hub_share: None,
            no_evidence_against: false,
            group: None,
        }
    }

    #[test]
    fn a_hub_value_weighs_nothing() {
        let mut c = model(Kind::Email, vec![0.0, 0.9, 0.1], vec![0.0, 0.001, 0.999]);
        let (rare, hub) = (1u64, 2u64);
        c.tf = Some(HashMap::from([(rare, 2.0 / 5000.0), (hub, 30.0 / 5000.0)]));
        let before = c.weight(1, Some(hub));
        assert!(before > 5.0, "{before}");
        c.tf_hub_share = Some(10.5 / 5000.0);
        assert_eq!(c.weight(1, Some(hub)), 0.0);
        assert!(c.weight(1, Some(rare)) > before);
    }

    #[test]
    fn a_group_counts_its_strongest_agreement_and_every_disagreement() {
        let grouped = |c: ComparisonModel, g: Option<usize>| ComparisonModel { group: g, ..c };
        let strong = model(Kind::Name, vec![0.0, 0.9, 0.1], vec![0.0, 0.001, 0.999]);
        let weak = model(Kind::Email, vec![0.0, 0.5, 0.5], vec![0.0, 0.05, 0.95]);
        let against = model(Kind::Handle, vec![0.0, 0.5, 0.5], vec![0.0, 0.01, 0.99]);
        let m = Model {
            comparisons: vec![
                grouped(strong.clone(), Some(0)),
                grouped(weak.clone(), Some(0)),
                grouped(against.clone(), Some(0)),
            ],
            lambda: 0.5,
            em_iterations: 0,
        };
        let (s, w, a) = (
            strong.level_weight(1),
            weak.level_weight(1),
            against.level_weight(2),
        );
        assert!(s > w && w > 0.0 && a < 0.0, "{s} {w} {a}");
        let counted = m.grouped([s, w, a].into_iter());
        assert_eq!(counted, vec![s, 0.0, a]);
        // Outside a group every weight counts.
        let free = Model {
            comparisons: vec![strong, weak, against],
            lambda: 0.5,
            em_iterations: 0,
        };
        assert_eq!(free.grouped([s, w, a].into_iter()), vec![s, w, a]);
    }

    #[test]
    fn level_weights_stay_in_order() {
        // Level 2 saw no matches and level 3 has a tiny u: neither may overturn the order.
        let c = model(
            Kind::String,
            vec![0.0, 0.8, 1e-6, 0.05, 0.1, 0.05],
            vec![0.0, 0.001, 0.01, 1e-6, 0.01, 0.978],
        );
        let w: Vec<f64> = (1..=5).map(|l| c.level_weight(l)).collect();
        assert!(w.windows(2).all(|p| p[0] >= p[1]), "{w:?}");
        assert!(w[1] >= w[4] && w[2] <= w[0], "{w:?}");
    }

    #[test]
    fn a_floored_disagreement_is_evidence_not_proof() {
        // EM saw no match with a different phone: m 1e-6 says a new phone rules a match out.
        let mut m = vec![0.0, 0.998, 0.001, 0.001 - 1e-6, 1e-6];
        let u = vec![0.0, 1e-5, 1e-5, 1e-5, 0.99997];
        let seen = model(Kind::Phone, m.clone(), u.clone());
        assert!(seen.level_weight(4) < -15.0, "{}", seen.level_weight(4));
        floor_m(&mut m);
        assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(m[4] >= M_FLOOR_DISAGREE * 0.99 && m[1] > 0.98, "{m:?}");
        let floored = model(Kind::Phone, m, u);
        let w = floored.level_weight(4);
        assert!((-8.0..-7.0).contains(&w), "{w}");
        assert!(floored.level_weight(1) > 16.0);
    }

    #[test]
    fn not_sharing_is_no_evidence_against() {
        let c = model(Kind::Shared, vec![0.0, 0.3, 0.7], vec![0.0, 0.001, 0.999]);
        assert!(c.level_weight(1) > 5.0);
        assert_eq!(c.level_weight(2), 0.0);
        let e = model(Kind::Exact, vec![0.0, 0.3, 0.7], vec![0.0, 0.001, 0.999]);
        assert!(e.level_weight(2) < 0.0);
        let varied = ComparisonModel {
            no_evidence_against: true,
            ..model(
                Kind::Email,
                vec![0.0, 0.3, 0.1, 0.6],
                vec![0.0, 0.001, 0.01, 0.989],
            )
        };
        assert!(varied.level_weight(1) > 5.0);
        assert!(varied.level_weight(2) > 0.0);
        assert_eq!(varied.level_weight(3), 0.0);
    }
}
