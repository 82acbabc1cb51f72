//! Rendering the world into the files the importers read: Greenhouse Harvest JSON, three CSV
//! exports, the company's `unmask.toml`, and the truth.
//!
//! Ids are assigned here, in order of application (candidates) and hire date (employees), so
//! ids carry no hint of who is an operator.

mod config;
mod greenhouse;
mod tables;

pub use config::{unmask_toml, BARE_HEADER};
pub use greenhouse::candidates_json;
pub use tables::{devices_csv, payroll_csv, references_csv};

use crate::truth::{Facilitator, Lookalike, Truth, TruthCluster};
use crate::world::{Built, Ref};
use chrono::{DateTime, TimeDelta};
use std::collections::BTreeMap;

/// Greenhouse and payroll ids of every record.
pub struct Ids {
    pub candidate: Vec<u64>,
    pub application: Vec<u64>,
    pub employee: Vec<String>,
}

/// A small deterministic spread for id gaps.
fn gap(i: usize, modulo: u64) -> u64 {
    let mut x = (i as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    1 + (x ^ (x >> 31)) % modulo
}

impl Ids {
    pub fn assign(built: &Built) -> Ids {
        let mut order: Vec<usize> = (0..built.candidates.len()).collect();
        order.sort_by_key(|&i| (built.candidates[i].applied, i));
        let mut candidate = vec![0; order.len()];
        let mut application = vec![0; order.len()];
        let (mut cid, mut aid) = (4_000_100u64, 9_100_200u64);
        for (rank, &i) in order.iter().enumerate() {
            candidate[i] = cid;
            application[i] = aid;
            cid += gap(rank, 3);
            aid += gap(rank + 7, 5);
        }
        let mut order: Vec<usize> = (0..built.employees.len()).collect();
        order.sort_by_key(|&i| (built.employees[i].hire, i));
        let mut employee = vec![String::new(); order.len()];
        for (rank, &i) in order.iter().enumerate() {
            employee[i] = format!("E{:05}", rank + 1);
        }
        Ids {
            candidate,
            application,
            employee,
        }
    }

    pub fn reference(&self, r: Ref) -> String {
        match r {
            Ref::Cand(i) => format!("greenhouse:{}", self.candidate[i]),
            Ref::Emp(i) => format!("employee:{}", self.employee[i]),
        }
    }

    fn refs(&self, refs: &[Ref]) -> Vec<String> {
        refs.iter().map(|r| self.reference(*r)).collect()
    }
}

pub fn truth(built: &Built, ids: &Ids, seed: u64, scale: u32) -> Truth {
    let mut clusters = Vec::new();
    let (mut operators, mut innocents) = (0, 0);
    for (operator, refs) in &built.people {
        if *operator {
            operators += 1;
            clusters.push(TruthCluster {
                id: format!("operator-{operators:03}"),
                operator: true,
                members: ids.refs(refs),
            });
        }
    }
    for (operator, refs) in &built.people {
        if !*operator && refs.len() >= 2 {
            innocents += 1;
            clusters.push(TruthCluster {
                id: format!("person-{innocents:05}"),
                operator: false,
                members: ids.refs(refs),
            });
        }
    }
    Truth {
        seed,
        scale,
        clusters,
        lookalikes: built
            .lookalikes
            .iter()
            .map(|(kind, refs)| Lookalike {
                kind: (*kind).to_string(),
                members: ids.refs(refs),
            })
            .collect(),
        facilitators: built
            .facilitators
            .iter()
            .map(|(n, kind, refs)| Facilitator {
                id: format!("facilitator-{n:03}"),
                kind: (*kind).to_string(),
                members: ids.refs(refs),
            })
            .collect(),
        endpoint: Vec::new(),
        name_cultures: name_cultures(built, ids),
    }
}

/// Every record's name culture: a candidate's as drawn, an employee's as their candidate's.
fn name_cultures(built: &Built, ids: &Ids) -> BTreeMap<String, String> {
    let candidates = built
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (ids.reference(Ref::Cand(i)), c.culture.to_string()));
    let employees = built.employees.iter().enumerate().map(|(i, e)| {
        (
            ids.reference(Ref::Emp(i)),
            built.candidates[e.candidate].culture.to_string(),
        )
    });
    candidates.chain(employees).collect()
}

/// `2024-03-05T14:22:10.482Z`.
pub fn timestamp(secs: i64, millis: i64) -> String {
    (DateTime::UNIX_EPOCH + TimeDelta::seconds(secs) + TimeDelta::milliseconds(millis))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// `2024-03-05`.
pub fn date(secs: i64) -> String {
    (DateTime::UNIX_EPOCH + TimeDelta::seconds(secs))
        .format("%Y-%m-%d")
        .to_string()
}

/// Serialises plain data (strings, numbers, options), which cannot fail.
pub fn json<T: serde::Serialize>(value: &T, pretty: bool) -> String {
    let result = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    result.unwrap_or_else(|e| unreachable!("serialising plain data failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_formats() {
        assert_eq!(timestamp(1_751_306_400, 482), "2025-06-30T18:00:00.482Z");
        assert_eq!(date(1_673_222_400), "2023-01-09");
    }
}
