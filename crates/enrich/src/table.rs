//! Sorted, disjoint address ranges with a value each, looked up by binary search.
//!
//! Source files may list ranges unsorted or overlapping (a /16 and a /24 inside it). Rather than
//! search overlapping ranges at lookup time, [`RangeTable::merge`] flattens them once at load into
//! disjoint segments, so a lookup is one `partition_point` over the starts. Precedence, decided
//! at load: ranges already in the table win over a new source's (the file loaded first wins);
//! inside one source the narrowest range wins (the most specific prefix, as in routing), then
//! the earlier row.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// An address as an integer: `u32` for IPv4, `u128` for IPv6.
pub(crate) trait Key: Copy + Ord + std::fmt::Debug {
    const MIN: Self;
    const MAX: Self;
    /// `self + 1`; never called on `MAX`.
    fn succ(self) -> Self;
    /// `self - 1`; never called on `MIN`.
    fn pred(self) -> Self;
    /// `end - start`, as the precedence of a range (smaller is more specific).
    fn width(start: Self, end: Self) -> u128;
    /// The top [`BUCKET_BITS`] bits, the bucket of the first-level index.
    fn bucket(self) -> usize;
}

/// Bits of the first-level index: 2^16 buckets (256 KiB per table) narrow a lookup's binary
/// search from the whole table to the ranges starting in one bucket, a few cache lines.
const BUCKET_BITS: u32 = 16;
const BUCKETS: usize = 1 << BUCKET_BITS;

impl Key for u32 {
    const MIN: Self = u32::MIN;
    const MAX: Self = u32::MAX;
    fn succ(self) -> Self {
        self.saturating_add(1)
    }
    fn pred(self) -> Self {
        self.saturating_sub(1)
    }
    fn width(start: Self, end: Self) -> u128 {
        u128::from(end.saturating_sub(start))
    }
    fn bucket(self) -> usize {
        (self >> (32 - BUCKET_BITS)) as usize
    }
}

impl Key for u128 {
    const MIN: Self = u128::MIN;
    const MAX: Self = u128::MAX;
    fn succ(self) -> Self {
        self.saturating_add(1)
    }
    fn pred(self) -> Self {
        self.saturating_sub(1)
    }
    fn width(start: Self, end: Self) -> u128 {
        end.saturating_sub(start)
    }
    fn bucket(self) -> usize {
        (self >> (128 - BUCKET_BITS)) as usize
    }
}

/// Disjoint ranges sorted by start, in three parallel vectors (the starts alone are searched,
/// so they stay dense in cache), with a first-level index by the top bits of the start.
#[derive(Debug, Clone)]
pub(crate) struct RangeTable<K, V> {
    starts: Vec<K>,
    ends: Vec<K>,
    values: Vec<V>,
    /// `index[b]` is the first segment whose start's bucket is `b` or later (`BUCKETS + 1`
    /// entries); empty while the table is.
    index: Vec<u32>,
}

impl<K, V> Default for RangeTable<K, V> {
    fn default() -> Self {
        Self {
            starts: Vec::new(),
            ends: Vec::new(),
            values: Vec::new(),
            index: Vec::new(),
        }
    }
}

/// A range offered to [`RangeTable::merge`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<K, V> {
    pub start: K,
    pub end: K,
    pub value: V,
}

struct Candidate<K, V> {
    start: K,
    end: K,
    /// 0 for segments already in the table, 1 for the new source's rows.
    class: u8,
    width: u128,
    seq: usize,
    value: V,
}

/// An open range during the sweep; the heap's greatest is the one that applies.
struct Active<K> {
    priority: (Reverse<u8>, Reverse<u128>, Reverse<usize>),
    end: K,
    index: usize,
}

impl<K> PartialEq for Active<K> {
    fn eq(&self, other: &Self) -> bool {
        self.priority == other.priority
    }
}
impl<K> Eq for Active<K> {}
impl<K> PartialOrd for Active<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<K> Ord for Active<K> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority.cmp(&other.priority)
    }
}

impl<K: Key, V: Copy + PartialEq> RangeTable<K, V> {
    /// The value of the segment holding `key`.
    #[inline]
    pub(crate) fn get(&self, key: K) -> Option<&V> {
        // The last segment starting at or before `key` starts in `key`'s bucket, or is the last
        // one before it: search the bucket, then step back one.
        let b = key.bucket();
        let lo = *self.index.get(b)? as usize;
        let hi = *self.index.get(b + 1)? as usize;
        let after = lo
            + self
                .starts
                .get(lo..hi)?
                .partition_point(|&start| start <= key);
        let i = after.checked_sub(1)?;
        if *self.ends.get(i)? >= key {
            self.values.get(i)
        } else {
            None
        }
    }

    /// Number of disjoint segments.
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Adds one source's rows (any order, overlaps allowed; `start <= end` on each) under the
    /// precedence in the module doc. Adjacent segments with equal values are joined.
    pub(crate) fn merge(&mut self, rows: Vec<Row<K, V>>) {
        if rows.is_empty() {
            return;
        }
        let old = std::mem::take(self);
        let mut candidates: Vec<Candidate<K, V>> = Vec::with_capacity(old.len() + rows.len());
        for ((start, end), value) in old.starts.into_iter().zip(old.ends).zip(old.values) {
            candidates.push(Candidate {
                start,
                end,
                class: 0,
                width: K::width(start, end),
                seq: 0,
                value,
            });
        }
        for (seq, row) in rows.into_iter().enumerate() {
            candidates.push(Candidate {
                start: row.start,
                end: row.end,
                class: 1,
                width: K::width(row.start, row.end),
                seq,
                value: row.value,
            });
        }
        // Stable: rows with equal starts keep their order (the old table's first).
        candidates.sort_by_key(|c| c.start);

        let disjoint = candidates.windows(2).all(|w| w[0].end < w[1].start);
        if disjoint {
            for c in &candidates {
                self.push(c.start, c.end, c.value);
            }
        } else {
            self.sweep(&candidates);
        }
        self.starts.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.values.shrink_to_fit();
        self.build_index();
    }

    fn build_index(&mut self) {
        let mut index = Vec::with_capacity(BUCKETS + 1);
        let mut i = 0;
        for b in 0..BUCKETS {
            while self.starts.get(i).is_some_and(|s| s.bucket() < b) {
                i += 1;
            }
            index.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        index.push(u32::try_from(self.starts.len()).unwrap_or(u32::MAX));
        self.index = index;
    }

    /// Flattens overlapping candidates (sorted by start) into disjoint segments: walk the
    /// boundaries left to right, keeping the open ranges in a heap ordered by precedence.
    fn sweep(&mut self, candidates: &[Candidate<K, V>]) {
        let mut heap: BinaryHeap<Active<K>> = BinaryHeap::new();
        let mut next = 0;
        let mut pos = K::MIN;
        loop {
            if heap.is_empty() {
                let Some(c) = candidates.get(next) else {
                    break;
                };
                pos = c.start;
            }
            while let Some(c) = candidates.get(next).filter(|c| c.start <= pos) {
                heap.push(Active {
                    priority: (Reverse(c.class), Reverse(c.width), Reverse(c.seq)),
                    end: c.end,
                    index: next,
                });
                next += 1;
            }
            while heap.peek().is_some_and(|top| top.end < pos) {
                heap.pop();
            }
            let Some(top) = heap.peek() else {
                continue;
            };
            let mut end = top.end;
            if let Some(c) = candidates.get(next) {
                // `c.start > pos` here: every candidate starting at or before `pos` is pushed.
                if c.start <= end {
                    end = c.start.pred();
                }
            }
            if let Some(c) = candidates.get(top.index) {
                self.push(pos, end, c.value);
            }
            if end == K::MAX {
                break;
            }
            pos = end.succ();
        }
    }

    /// Appends a segment after the last one, joining it to the last when they touch and agree.
    fn push(&mut self, start: K, end: K, value: V) {
        if let (Some(last_end), Some(last_value)) = (self.ends.last_mut(), self.values.last()) {
            if *last_end != K::MAX && last_end.succ() == start && *last_value == value {
                *last_end = end;
                return;
            }
        }
        self.starts.push(start);
        self.ends.push(end);
        self.values.push(value);
    }

    /// The segments, for tests.
    #[cfg(test)]
    fn segments(&self) -> Vec<(K, K, V)> {
        self.starts
            .iter()
            .zip(&self.ends)
            .zip(&self.values)
            .map(|((s, e), v)| (*s, *e, *v))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(sources: &[&[(u32, u32, char)]]) -> RangeTable<u32, char> {
        let mut t = RangeTable::default();
        for rows in sources {
            t.merge(
                rows.iter()
                    .map(|&(start, end, value)| Row { start, end, value })
                    .collect(),
            );
        }
        t
    }

    #[test]
    fn disjoint_unsorted_rows_are_sorted() {
        let t = table(&[&[(20, 29, 'b'), (0, 9, 'a')]]);
        assert_eq!(t.segments(), vec![(0, 9, 'a'), (20, 29, 'b')]);
        assert_eq!(t.get(0), Some(&'a'));
        assert_eq!(t.get(9), Some(&'a'));
        assert_eq!(t.get(10), None);
        assert_eq!(t.get(19), None);
        assert_eq!(t.get(20), Some(&'b'));
        assert_eq!(t.get(30), None);
    }

    #[test]
    fn narrower_range_wins_inside_a_source() {
        let t = table(&[&[(0, 100, 'w'), (10, 20, 'n')]]);
        assert_eq!(
            t.segments(),
            vec![(0, 9, 'w'), (10, 20, 'n'), (21, 100, 'w')]
        );
        assert_eq!(t.get(50), Some(&'w'));
    }

    #[test]
    fn earlier_source_wins_over_later() {
        let t = table(&[&[(10, 20, 'a')], &[(0, 100, 'b'), (15, 16, 'c')]]);
        assert_eq!(
            t.segments(),
            vec![(0, 9, 'b'), (10, 20, 'a'), (21, 100, 'b')]
        );
    }

    #[test]
    fn equal_width_keeps_the_earlier_row_and_adjacent_equal_values_join() {
        let t = table(&[&[(0, 9, 'a'), (0, 9, 'b'), (10, 19, 'a')]]);
        assert_eq!(t.segments(), vec![(0, 19, 'a')]);
    }

    #[test]
    fn full_range_does_not_overflow() {
        let t = table(&[&[(0, u32::MAX, 'x'), (u32::MAX, u32::MAX, 'y')]]);
        assert_eq!(
            t.segments(),
            vec![(0, u32::MAX - 1, 'x'), (u32::MAX, u32::MAX, 'y')]
        );
        let mut t6: RangeTable<u128, u8> = RangeTable::default();
        t6.merge(vec![
            Row {
                start: 0,
                end: u128::MAX,
                value: 1,
            },
            Row {
                start: 5,
                end: 5,
                value: 2,
            },
        ]);
        assert_eq!(t6.get(u128::MAX), Some(&1));
        assert_eq!(t6.get(5), Some(&2));
        assert_eq!(t6.len(), 3);
    }
}
