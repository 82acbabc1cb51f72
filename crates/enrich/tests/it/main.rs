//! Integration tests for `unmask-enrich`: the synthetic fixtures in `tests/fixtures/` (CSV in
//! both address styles, two MMDBs), directory loading, strict mode, and the real databases
//! when `UNMASK_GEO_DIR` points at them (skipped with a printed reason otherwise).

mod csv;
mod dir;
mod mmdb;
mod real;

use std::net::IpAddr;
use std::path::PathBuf;
use unmask_enrich::{GeoDb, IpInfo, LoadReport};

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Loads fixture files, in order, into one database.
pub fn load(files: &[&str]) -> (GeoDb, LoadReport) {
    let mut db = GeoDb::new();
    let mut report = LoadReport::default();
    for file in files {
        let r = db
            .load_path(&fixtures().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        report.sources.extend(r.sources);
        report.problems.extend(r.problems);
    }
    (db, report)
}

/// Asserts what `ip` looks up to: (country, ASN, organisation).
#[track_caller]
pub fn check(db: &GeoDb, ip: &str, expect: (Option<&str>, Option<u32>, Option<&str>)) {
    let addr: IpAddr = ip.parse().unwrap_or_else(|e| panic!("{ip}: {e}"));
    let (country, asn, org) = expect;
    assert_eq!(
        db.lookup(addr),
        IpInfo { country, asn, org },
        "lookup of {ip}"
    );
}

/// The problems of a report, as displayed, with the fixtures folder removed from paths.
pub fn problems(report: &LoadReport) -> Vec<String> {
    let dir = format!("{}/", fixtures().display());
    report
        .problems
        .iter()
        .map(|p| p.to_string().replace(&dir, ""))
        .collect()
}
