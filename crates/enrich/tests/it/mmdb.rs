//! MMDB files: ip-location-db's `{country_code}` records and MaxMind/DB-IP style records.

use crate::{check, load, problems};
use unmask_enrich::{EnrichError, GeoDb, SourceFormat, TableKind};

#[test]
fn ip_location_db_country_records() {
    let (db, report) = load(&["country.mmdb"]);
    check(&db, "192.0.1.255", (None, None, None));
    check(&db, "192.0.2.0", (Some("NL"), None, None));
    check(&db, "192.0.2.255", (Some("NL"), None, None));
    check(&db, "198.51.100.127", (Some("SE"), None, None));
    check(&db, "198.51.100.128", (None, None, None));
    // `ZZ` means unknown.
    check(&db, "203.0.113.5", (None, None, None));
    check(&db, "2001:db8::1", (None, None, None));
    let source = &report.sources[0];
    assert_eq!(source.format, SourceFormat::Mmdb);
    assert_eq!(source.tables, vec![TableKind::Country]);
    assert_eq!((source.ranges, source.no_data, source.skipped), (2, 1, 0));
}

#[test]
fn maxmind_style_records_give_country_and_asn() {
    let (db, report) = load(&["maxmind-style.mmdb"]);
    let fr = (Some("FR"), Some(64510), Some("MMDB Example, S.A."));
    check(&db, "192.0.2.0", fr);
    check(&db, "192.0.2.127", fr);
    check(&db, "::ffff:192.0.2.1", fr);
    check(&db, "192.0.2.128", (None, None, None));
    // No `country`: `registered_country` stands in.
    check(&db, "198.51.100.9", (Some("NO"), None, None));
    // A bad code skips the record.
    check(&db, "203.0.113.200", (None, None, None));
    check(
        &db,
        "2001:db8::",
        (Some("BE"), Some(64511), Some("MMDB Example Six")),
    );
    check(
        &db,
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
        (Some("BE"), Some(64511), Some("MMDB Example Six")),
    );
    check(&db, "2001:db9::", (None, None, None));
    assert_eq!(
        report.sources[0].tables,
        vec![TableKind::Country, TableKind::Asn]
    );
    assert_eq!(
        problems(&report),
        ["maxmind-style.mmdb (network `203.0.113.128/25`): field `country.iso_code`: `Sweden` is not a two-letter country code"]
    );
}

#[test]
fn strict_mode_fails_an_mmdb_with_a_bad_record() {
    let mut db = GeoDb::new();
    db.set_strict(true);
    let err = db
        .load_path(&crate::fixtures().join("maxmind-style.mmdb"))
        .expect_err("strict");
    assert!(
        matches!(err, EnrichError::Malformed { count: 1, .. }),
        "{err}"
    );
    assert!(db.is_empty());
}

#[test]
fn bytes_that_are_no_mmdb_are_rejected() {
    let mut db = GeoDb::new();
    let err = db
        .load_mmdb("junk.mmdb", b"not a database".to_vec())
        .expect_err("junk");
    assert!(matches!(err, EnrichError::Mmdb { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "`junk.mmdb` is not a readable MMDB database"
    );
}
