//! Load time and lookup rate on the real databases in `UNMASK_GEO_DIR` (the `ip/` folder that
//! `scripts/enrich-setup.sh` fills); without it, prints why and exits.
//!
//! The anchor, measured in the same run, is the `maxminddb` crate's own lookup (tree walk plus
//! decoding `country_code`) on the first `.mmdb` file in the folder, for the same addresses.
//! Environment: `UNMASK_BENCH_LOOKUPS` (default 2,000,000).
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on stdout"
)]

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::time::Instant;
use unmask_enrich::GeoDb;

/// Deterministic addresses: xorshift, one in five IPv6 inside 2000::/4 (where allocations are).
fn addresses(n: usize) -> Vec<IpAddr> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|i| {
            if i % 5 == 4 {
                let hi = (u128::from(next()) << 64) | u128::from(next());
                IpAddr::V6(Ipv6Addr::from_bits((hi >> 4) | (0x2u128 << 124)))
            } else {
                IpAddr::V4(Ipv4Addr::from_bits((next() >> 32) as u32))
            }
        })
        .collect()
}

fn main() {
    let Some(dir) = std::env::var_os("UNMASK_GEO_DIR").map(PathBuf::from) else {
        println!("skipped: UNMASK_GEO_DIR is not set (run scripts/enrich-setup.sh, then point it at DIR/ip)");
        return;
    };
    let lookups: usize = std::env::var("UNMASK_BENCH_LOOKUPS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(2_000_000);

    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "mmdb"))
            .collect(),
        Err(e) => {
            println!("skipped: cannot read {}: {e}", dir.display());
            return;
        }
    };
    files.sort();

    let mut db = GeoDb::new();
    let all = Instant::now();
    for file in &files {
        let t = Instant::now();
        match db.load_path(file) {
            Ok(report) => {
                for s in &report.sources {
                    println!(
                        "load {:<40} {:>8} ranges {:>4} skipped {:>8.1} ms",
                        file.file_name()
                            .map(|n| n.to_string_lossy())
                            .unwrap_or_default(),
                        s.ranges,
                        s.skipped,
                        t.elapsed().as_secs_f64() * 1e3
                    );
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return;
            }
        }
    }
    println!(
        "load total {:.1} ms; tables {:?}",
        all.elapsed().as_secs_f64() * 1e3,
        db.stats()
    );

    let addrs = addresses(lookups);
    let t = Instant::now();
    let mut hits = 0usize;
    for &ip in &addrs {
        let info = db.lookup(black_box(ip));
        hits += usize::from(info.country.is_some()) + usize::from(info.asn.is_some());
    }
    let ours = t.elapsed().as_secs_f64();
    println!(
        "GeoDb::lookup: {:.1} M lookups/s ({:.0} ns each), {hits} fields found",
        lookups as f64 / ours / 1e6,
        ours * 1e9 / lookups as f64
    );

    let Some(mmdb) = files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "mmdb"))
    else {
        println!("anchor skipped: no .mmdb file in {}", dir.display());
        return;
    };
    let reader = match maxminddb::Reader::open_readfile(mmdb) {
        Ok(r) => r,
        Err(e) => {
            println!("anchor skipped: {e}");
            return;
        }
    };
    #[derive(serde::Deserialize)]
    struct Country<'a> {
        country_code: Option<&'a str>,
    }
    let t = Instant::now();
    let mut found = 0usize;
    for &ip in &addrs {
        if let Ok(result) = reader.lookup(black_box(ip)) {
            if let Ok(Some(c)) = result.decode::<Country<'_>>() {
                found += usize::from(c.country_code.is_some());
            }
        }
    }
    let anchor = t.elapsed().as_secs_f64();
    println!(
        "anchor maxminddb lookup+decode ({}): {:.1} M lookups/s ({:.0} ns each), {found} countries; GeoDb is {:.2}x the anchor's rate",
        mmdb.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
        lookups as f64 / anchor / 1e6,
        anchor * 1e9 / lookups as f64,
        anchor / ours
    );
}
