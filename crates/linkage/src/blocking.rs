//! Candidate pairs from several blocking rules at once. Each rule turns a record into keys;
//! records sharing a key are paired. Keys are sorted, not hashed into maps, so the result is
//! deterministic and memory is one `(key, record)` entry per key.

use crate::compare::{band_keys, Feature};
use crate::prepared::Prepared;
use crate::settings::{BlockingRule, LinkType, Settings};
use rayon::prelude::*;

#[derive(Debug, Default, Clone)]
pub struct BlockingStats {
    /// Candidate pairs per rule, before removing pairs found by several rules.
    pub per_rule: Vec<u64>,
    pub pairs: u64,
    /// Blocks larger than `max_block`, skipped, and the pairs they would have given.
    pub skipped_blocks: u64,
    pub skipped_pairs: u64,
}

/// Candidate pairs `(a << 32 | b)` with `a < b`, and for each the bitmask of rules that found it.
pub struct Pairs {
    pub pairs: Vec<u64>,
    pub rules: Vec<u16>,
    pub stats: BlockingStats,
}

fn hash_str(rule: usize, s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (rule as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn column_index(settings: &Settings, name: &str) -> Option<usize> {
    settings.comparisons.iter().position(|c| c.column == name)
}

/// The keys one record has under one rule.
pub fn keys(
    prepared: &Prepared,
    settings: &Settings,
    r: usize,
    rule: &BlockingRule,
    record: usize,
) -> Vec<u64> {
    let col = |name: &str| {
        column_index(settings, name)
            .map(|c| prepared.columns[c].get(record))
            .unwrap_or(&[])
    };
    if !rule.columns.is_empty() {
        // The cartesian product of the columns' values, capped so one record cannot explode.
        // A name part also stands for the parts it may be swapped with, so that "Marine
        // Hoareau" and "Hoareau Marine" share the key of a rule on surname.
        let mut keys: Vec<String> = vec![String::new()];
        for name in &rule.columns {
            let c = column_index(settings, name);
            let swapped = prepared.swaps.iter().filter_map(|&(x, y)| match c {
                Some(c) if x == c => Some(y),
                Some(c) if y == c => Some(x),
                _ => None,
            });
            let mut vals: Vec<&str> = col(name)
                .iter()
                .chain(swapped.flat_map(|d| prepared.columns[d].get(record)))
                .map(Feature::key)
                .filter(|k| !k.is_empty())
                .collect();
            vals.sort_unstable();
            vals.dedup();
            if vals.is_empty() {
                return Vec::new();
            }
            keys = keys
                .iter()
                .flat_map(|k| vals.iter().map(move |v| format!("{k}\u{1f}{v}")))
                .take(16)
                .collect();
        }
        return keys.iter().map(|k| hash_str(r, k)).collect();
    }
    if let Some(name) = &rule.phonetic {
        return col(name)
            .iter()
            .filter_map(Feature::phonetic)
            .filter(|p| !p.is_empty())
            .map(|p| hash_str(r, p))
            .collect();
    }
    if let Some(name) = &rule.stem {
        return col(name)
            .iter()
            .filter_map(Feature::stem)
            .map(|s| hash_str(r, s))
            .collect();
    }
    if let Some(name) = &rule.phone_block {
        return col(name)
            .iter()
            .filter_map(|f| match f {
                Feature::Phone(d) if d.len() >= 8 => Some(hash_str(r, &d[..d.len() - 2])),
                _ => None,
            })
            .collect();
    }
    if let Some(name) = &rule.minhash {
        return col(name)
            .iter()
            .filter_map(|f| match f {
                Feature::Text(sig) => Some(
                    band_keys(sig)
                        .map(|k| k ^ hash_str(r, ""))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .flatten()
            .collect();
    }
    Vec::new()
}

pub fn candidate_pairs(prepared: &Prepared, settings: &Settings) -> Pairs {
    let link = settings.link_type == LinkType::Link;
    let mut stats = BlockingStats::default();
    let mut all: Vec<(u64, u16)> = Vec::new();
    for (r, rule) in settings.blocking.iter().enumerate() {
        let mut entries: Vec<(u64, u32)> = (0..prepared.n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let mut k = keys(prepared, settings, r, rule, i);
                k.sort_unstable();
                k.dedup();
                k.into_iter().map(move |key| (key, i as u32))
            })
            .collect();
        entries.par_sort_unstable();
        let mut found = 0u64;
        let bit = 1u16 << r.min(15);
        let mut start = 0;
        while start < entries.len() {
            let mut end = start + 1;
            while end < entries.len() && entries[end].0 == entries[start].0 {
                end += 1;
            }
            let block = &entries[start..end];
            let size = block.len();
            if size > settings.max_block {
                stats.skipped_blocks += 1;
                stats.skipped_pairs += (size * (size - 1) / 2) as u64;
            } else {
                for x in 0..size {
                    for y in x + 1..size {
                        let (a, b) = (block[x].1, block[y].1);
                        if a == b
                            || (link
                                && prepared.sources[a as usize] == prepared.sources[b as usize])
                        {
                            continue;
                        }
                        let (a, b) = if a < b { (a, b) } else { (b, a) };
                        all.push(((u64::from(a) << 32) | u64::from(b), bit));
                        found += 1;
                    }
                }
            }
            start = end;
        }
        stats.per_rule.push(found);
    }
    all.par_sort_unstable_by_key(|p| p.0);
    let mut pairs = Vec::with_capacity(all.len());
    let mut rules = Vec::with_capacity(all.len());
    for (p, bit) in all {
        if pairs.last() == Some(&p) {
            if let Some(last) = rules.last_mut() {
                *last |= bit;
            }
        } else {
            pairs.push(p);
            rules.push(bit);
        }
    }
    stats.pairs = pairs.len() as u64;
    Pairs {
        pairs,
        rules,
        stats,
    }
}

pub fn unpack(p: u64) -> (usize, usize) {
    ((p >> 32) as usize, (p & 0xFFFF_FFFF) as usize)
}
