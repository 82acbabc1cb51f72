//! Loading a directory: every `.csv` and `.mmdb` inside, in name order; first loaded wins.

use crate::{check, fixtures};
use unmask_enrich::{EnrichError, GeoDb};

#[test]
fn a_directory_loads_its_csv_and_mmdb_files_in_name_order() {
    let mut db = GeoDb::new();
    let report = db.load_path(&fixtures()).expect("fixtures load");
    let names: Vec<String> = db
        .sources()
        .iter()
        .map(|s| s.name.rsplit('/').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "asn-ipv4-num.csv",
            "asn-ipv4.csv",
            "asn-ipv6-num.csv",
            "asn-ipv6.csv",
            "country-ipv4.csv",
            "country-ipv6.csv",
            "country.mmdb",
            "maxmind-style.mmdb",
        ]
    );
    assert_eq!(report.sources.len(), 8);
    assert_eq!(report.skipped(), 6);
    // The CSVs come first, so they win where the MMDBs overlap them.
    check(
        &db,
        "192.0.2.1",
        (Some("US"), Some(64496), Some("Example Hosting, Inc.")),
    );
    check(
        &db,
        "2001:db8:5::1",
        (Some("JP"), Some(64511), Some("MMDB Example Six")),
    );
    // Where only an MMDB knows.
    check(
        &db,
        "198.51.100.1",
        (
            Some("DE"),
            Some(64498),
            Some("Documentation \"Quoted\" Networks"),
        ),
    );
}

#[test]
fn strict_directory_load_stops_at_the_first_bad_file() {
    let mut db = GeoDb::new();
    db.set_strict(true);
    let err = db
        .load_path(&fixtures())
        .expect_err("fixtures have bad rows");
    let EnrichError::Malformed { name, .. } = &err else {
        panic!("unexpected error: {err}");
    };
    assert!(name.ends_with("asn-ipv4-num.csv"), "{name}");
}

#[test]
fn other_files_and_missing_paths_are_errors() {
    let mut db = GeoDb::new();
    let err = db
        .load_path(&fixtures().join("README.md"))
        .expect_err("not a database");
    assert!(matches!(err, EnrichError::UnsupportedFile { .. }), "{err}");
    let err = db
        .load_path(&fixtures().join("absent.csv"))
        .expect_err("absent");
    assert!(matches!(err, EnrichError::Io { .. }), "{err}");
}
