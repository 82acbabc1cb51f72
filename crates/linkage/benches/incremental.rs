//! Incremental linking against a full re-link, measured in the same run.
//!
//! Links N generated applicants in one go (the anchor), then adds K more one at a time with
//! `Linker::add` and prints the per-record latency (median, p99) and its ratio to the full
//! re-link that would otherwise be needed. `cargo bench -p unmask-linkage --bench incremental`
//! (N = 100,000, K = 1,000; set `UNMASK_BENCH_N` / `UNMASK_BENCH_K` to change).
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on stdout"
)]

use std::time::Instant;
use unmask_linkage::{Column, Linker, Settings, Table};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const GIVEN: &[&str] = &[
    "john", "wei", "maria", "minjun", "aiko", "olena", "rahul", "fatima", "lucas", "emma", "kenji",
];
const SURNAMES: &[&str] = &[
    "smith",
    "zhang",
    "garcia",
    "kim",
    "tanaka",
    "kovalenko",
    "sharma",
    "haddad",
    "silva",
    "nguyen",
];

fn row(rng: &mut Rng) -> Vec<Vec<String>> {
    let g = GIVEN[rng.next() as usize % GIVEN.len()];
    let s = SURNAMES[rng.next() as usize % SURNAMES.len()];
    let n = rng.next() % 100_000;
    vec![
        vec![format!("{g}{}", n % 97)],
        vec![format!("{s}{}", n % 89)],
        vec![format!(
            "19{:02}-{:02}-{:02}",
            50 + rng.next() % 50,
            1 + rng.next() % 12,
            1 + rng.next() % 28
        )],
        vec![format!("+1555{:07}", rng.next() % 10_000_000)],
        vec![format!("{g}.{s}{n}@example.com")],
    ]
}

fn main() {
    let n: usize = std::env::var("UNMASK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let k: usize = std::env::var("UNMASK_BENCH_K")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let settings: Settings = match toml::from_str(
        r#"
        threshold = 0.9
        [[comparison]]
        column = "given_name"
        kind = "name"
        [[comparison]]
        column = "surname"
        kind = "name"
        [[comparison]]
        column = "date_of_birth"
        kind = "date"
        [[comparison]]
        column = "phone"
        kind = "phone"
        [[comparison]]
        column = "email"
        kind = "email"
        [[blocking]]
        columns = ["date_of_birth"]
        [[blocking]]
        columns = ["phone"]
        [[blocking]]
        columns = ["surname", "given_name"]
        "#,
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bad settings: {e}");
            return;
        }
    };
    let mut rng = Rng(42);
    let rows: Vec<Vec<Vec<String>>> = (0..n + k).map(|_| row(&mut rng)).collect();
    let names = ["given_name", "surname", "date_of_birth", "phone", "email"];
    let table = |rows: &[Vec<Vec<String>>]| Table {
        ids: (0..rows.len()).map(|i| format!("r{i}")).collect(),
        sources: Vec::new(),
        columns: names
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let cells: Vec<Vec<String>> = rows.iter().map(|r| r[c].clone()).collect();
                Column::from_rows(*name, &cells)
            })
            .collect(),
    };
    eprintln!("linking {n} records in one go");
    let started = Instant::now();
    let Ok(mut linker) = Linker::train(table(&rows[..n]), &settings) else {
        eprintln!("linking failed");
        return;
    };
    let full = started.elapsed().as_secs_f64();
    eprintln!("adding {k} records one at a time");
    let mut latencies = Vec::with_capacity(k);
    for (i, r) in rows[n..].iter().enumerate() {
        let t = Instant::now();
        linker.add(&format!("r{}", n + i), 0, r);
        latencies.push(t.elapsed().as_secs_f64());
    }
    let first = latencies[0];
    latencies.sort_by(f64::total_cmp);
    let median = latencies[k / 2];
    let p99 = latencies[(k * 99 / 100).min(k - 1)];
    println!("full link of {n} records (anchor): {full:.2} s");
    println!(
        "first add, which builds the blocking index: {:.1} ms",
        first * 1e3
    );
    println!(
        "incremental add: median {:.3} ms, p99 {:.3} ms",
        median * 1e3,
        p99 * 1e3
    );
    println!(
        "ratio median add / full re-link: {:.2e} ({:.0}x faster)",
        median / full,
        full / median
    );
}
