//! Range CSVs: address and `-num` styles, IPv4 and IPv6, country and ASN tables, malformed rows.

use crate::{check, fixtures, load, problems};
use unmask_enrich::{EnrichError, GeoDb, Position, SourceFormat, TableKind};

const HOSTING: Option<&str> = Some("Example Hosting, Inc.");

#[test]
fn asn_ipv4_lookups_at_range_edges() {
    let (db, report) = load(&["asn-ipv4.csv"]);
    check(&db, "192.0.1.255", (None, None, None));
    check(&db, "192.0.2.0", (None, Some(64496), HOSTING));
    check(&db, "192.0.2.127", (None, Some(64496), HOSTING));
    check(
        &db,
        "192.0.2.128",
        (None, Some(64497), Some("Example Transit")),
    );
    check(
        &db,
        "192.0.2.255",
        (None, Some(64497), Some("Example Transit")),
    );
    check(&db, "192.0.3.0", (None, None, None));
    check(
        &db,
        "198.51.100.200",
        (None, Some(64498), Some("Documentation \"Quoted\" Networks")),
    );
    // An empty organisation column: the AS number alone.
    check(&db, "203.0.113.63", (None, Some(64499), None));
    // The malformed row is skipped.
    check(&db, "203.0.113.64", (None, None, None));

    let source = &report.sources[0];
    assert_eq!(source.format, SourceFormat::Csv);
    assert_eq!(source.tables, vec![TableKind::Asn]);
    assert_eq!((source.ranges, source.skipped), (4, 1));
    assert_eq!(
        problems(&report),
        ["asn-ipv4.csv:5: field `end_ip`: `203.0.113.300` is neither an IP address nor a decimal address"]
    );
}

#[test]
fn num_style_gives_the_same_answers_as_address_style() {
    let (addr, _) = load(&["asn-ipv4.csv", "asn-ipv6.csv"]);
    let (num, report) = load(&["asn-ipv4-num.csv", "asn-ipv6-num.csv"]);
    for ip in [
        "192.0.2.0",
        "192.0.2.127",
        "192.0.2.128",
        "192.0.2.255",
        "198.51.100.0",
        "203.0.113.0",
        "203.0.113.63",
        "203.0.113.64",
        "2001:db8::",
        "2001:db8:0:ffff:ffff:ffff:ffff:ffff",
        "2001:db8:1::",
        "2001:db8:2::",
    ] {
        let ip = ip.parse().expect("address");
        assert_eq!(addr.lookup(ip), num.lookup(ip), "{ip}");
    }
    assert_eq!(
        problems(&report),
        [
            "asn-ipv4-num.csv:5: field `asn`: `AS?` is not an AS number",
            "asn-ipv6-num.csv:3: field `row`: expected 4 columns (`start,end,asn,org`), found 3",
        ]
    );
}

#[test]
fn ipv6_ranges_are_apart_from_ipv4() {
    let (db, report) = load(&["asn-ipv4.csv", "asn-ipv6.csv"]);
    let six = Some("Example Six, GmbH");
    check(
        &db,
        "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
        (None, None, None),
    );
    check(&db, "2001:db8::", (None, Some(64501), six));
    check(
        &db,
        "2001:db8:0:ffff:ffff:ffff:ffff:ffff",
        (None, Some(64501), six),
    );
    check(
        &db,
        "2001:db8:1::",
        (None, Some(64502), Some("Example Six Transit")),
    );
    check(&db, "2001:db8:2::1", (None, None, None));
    // 192.0.2.1 as the integer 0xc0000201 in IPv6 is not the IPv4 address...
    check(&db, "::c000:201", (None, None, None));
    // ...but an IPv4-mapped address is.
    check(&db, "::ffff:192.0.2.1", (None, Some(64496), HOSTING));
    assert_eq!(
        problems(&report)[1],
        "asn-ipv6.csv:3: field `end_ip`: `end_ip` is before `start_ip`"
    );
}

#[test]
fn country_tables_upper_case_codes_prefer_narrow_ranges_and_drop_zz() {
    let (db, report) = load(&["country-ipv4.csv", "country-ipv6.csv"]);
    check(&db, "192.0.2.0", (Some("US"), None, None));
    check(&db, "192.0.2.63", (Some("US"), None, None));
    check(&db, "192.0.2.64", (Some("CA"), None, None));
    check(&db, "192.0.2.79", (Some("CA"), None, None));
    check(&db, "192.0.2.80", (Some("US"), None, None));
    check(&db, "198.51.100.1", (Some("DE"), None, None));
    check(&db, "203.0.113.1", (None, None, None));
    check(&db, "2001:db8:1::1", (Some("JP"), None, None));
    check(&db, "2001:db9::", (None, None, None));
    assert_eq!(report.sources[0].tables, vec![TableKind::Country]);
    assert_eq!(
        (report.sources[0].ranges, report.sources[0].no_data),
        (3, 1)
    );
    assert_eq!(
        problems(&report),
        ["country-ipv6.csv:2: field `country_code`: `USA` is not a two-letter country code"]
    );
}

#[test]
fn country_and_asn_tables_answer_together() {
    let (db, _) = load(&["asn-ipv4.csv", "country-ipv4.csv"]);
    check(&db, "192.0.2.1", (Some("US"), Some(64496), HOSTING));
    assert!(!db.is_empty());
    assert_eq!(db.sources().len(), 2);
}

#[test]
fn strict_mode_fails_the_source_and_keeps_the_database_unchanged() {
    let mut db = GeoDb::new();
    db.set_strict(true);
    let err = db
        .load_path(&fixtures().join("asn-ipv4.csv"))
        .expect_err("strict load of a file with a malformed row");
    let EnrichError::Malformed {
        count, problems, ..
    } = &err
    else {
        panic!("unexpected error: {err}");
    };
    assert_eq!(*count, 1);
    assert_eq!(problems[0].position, Position::Line(5));
    assert_eq!(problems[0].field, "end_ip");
    assert!(
        err.to_string().contains("asn-ipv4.csv:5: field `end_ip`"),
        "{err}"
    );
    assert!(db.is_empty());
    assert!(db.sources().is_empty());
    // A clean source still loads.
    let report = db
        .load_csv(
            "clean.csv",
            "192.0.2.0,192.0.2.255,64496,Clean\n".as_bytes(),
            None,
        )
        .expect("clean source");
    assert_eq!(report.skipped(), 0);
}

#[test]
fn an_explicit_kind_is_checked_against_each_row() {
    let mut db = GeoDb::new();
    let report = db
        .load_csv(
            "country-as-asn.csv",
            "192.0.2.0,192.0.2.255,US\n".as_bytes(),
            Some(TableKind::Asn),
        )
        .expect("rows are skipped, not fatal");
    assert_eq!(
        report.problems[0].to_string(),
        "country-as-asn.csv:1: field `row`: expected 4 columns (`start,end,asn,org`), found 3"
    );
    assert!(db.is_empty());
}

#[test]
fn a_file_that_is_no_table_is_rejected_and_an_empty_one_loads_nothing() {
    let mut db = GeoDb::new();
    let err = db
        .load_csv("names.csv", "alice,bob\ncarol,dave\n".as_bytes(), None)
        .expect_err("not a range table");
    assert!(matches!(err, EnrichError::UnknownTable { .. }), "{err}");
    assert!(
        err.to_string().contains("names.csv:1: field `row`"),
        "{err}"
    );

    let report = db
        .load_csv("empty.csv", "".as_bytes(), None)
        .expect("empty");
    assert_eq!(report.sources[0].ranges, 0);
    assert!(report.sources[0].tables.is_empty());
    assert!(db.is_empty());
}

#[test]
fn unsorted_rows_are_sorted_on_load() {
    let mut db = GeoDb::new();
    db.load_csv(
        "unsorted.csv",
        "203.0.113.0,203.0.113.255,64499,C\n192.0.2.0,192.0.2.255,64496,A\n198.51.100.0,198.51.100.255,64498,B\n"
            .as_bytes(),
        None,
    )
    .expect("load");
    check(&db, "192.0.2.9", (None, Some(64496), Some("A")));
    check(&db, "198.51.100.9", (None, Some(64498), Some("B")));
    check(&db, "203.0.113.9", (None, Some(64499), Some("C")));
}
