//! The real databases, when `UNMASK_GEO_DIR` points at the `ip/` folder that
//! `scripts/enrich-setup.sh` fills; skipped with a printed reason otherwise.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::time::Instant;
use unmask_enrich::GeoDb;

fn geo_dir() -> Option<PathBuf> {
    match std::env::var_os("UNMASK_GEO_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            eprintln!("skipped: UNMASK_GEO_DIR is not set (see scripts/enrich-setup.sh)");
            None
        }
    }
}

#[test]
fn well_known_addresses_in_the_real_databases() {
    let Some(dir) = geo_dir() else {
        return;
    };
    let mut db = GeoDb::new();
    let start = Instant::now();
    let report = db.load_path(&dir).expect("the real databases load");
    eprintln!(
        "loaded {} sources in {:?} ({} rows skipped): {:?}",
        report.sources.len(),
        start.elapsed(),
        report.skipped(),
        db.stats()
    );
    let ip = |s: &str| s.parse::<IpAddr>().expect("address");

    let one = db.lookup(ip("1.1.1.1"));
    assert_eq!(one.asn, Some(13335));
    assert!(one.org.is_some_and(|o| o.contains("Cloudflare")), "{one:?}");
    let google = db.lookup(ip("8.8.8.8"));
    assert_eq!(google.asn, Some(15169));
    assert!(
        google.org.is_some_and(|o| o.contains("Google")),
        "{google:?}"
    );
    assert_eq!(google.country, Some("US"));
    let google6 = db.lookup(ip("2001:4860:4860::8888"));
    assert_eq!(google6.asn, Some(15169));
    assert_eq!(google6.country, Some("US"));
    // Private space is in no public table.
    assert_eq!(db.lookup(ip("10.1.2.3")).asn, None);
}

/// The flattened tables answer as the `maxminddb` crate does on the MMDB itself, where the MMDB
/// is the only country source in the folder.
#[test]
fn flattened_mmdb_agrees_with_the_maxminddb_reader() {
    let Some(dir) = geo_dir() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: cannot read {}", dir.display());
        return;
    };
    let mmdbs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "mmdb"))
        .collect();
    #[derive(serde::Deserialize)]
    struct Country<'a> {
        country_code: Option<&'a str>,
    }
    for path in mmdbs {
        let mut db = GeoDb::new();
        db.load_path(&path).expect("mmdb loads");
        let reader = maxminddb::Reader::open_readfile(&path).expect("reader");
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut compared = 0;
        for i in 0..200_000u32 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let addr = if i % 2 == 0 {
                IpAddr::V4(Ipv4Addr::from_bits((state >> 32) as u32))
            } else {
                let bits = (u128::from(state) << 64 | u128::from(state.rotate_left(17))) >> 3;
                IpAddr::V6(Ipv6Addr::from_bits(bits | 1 << 125))
            };
            let Ok(result) = reader.lookup(addr) else {
                continue; // an IPv6 address in an IPv4-only database
            };
            let expected = result
                .decode::<Country<'_>>()
                .ok()
                .flatten()
                .and_then(|c| c.country_code)
                .filter(|c| *c != "ZZ");
            assert_eq!(
                db.lookup(addr).country,
                expected,
                "{} at {addr}",
                path.display()
            );
            compared += 1;
        }
        eprintln!("{}: {compared} lookups agree", path.display());
    }
}
