//! Threat intelligence in: STIX 2.1, MISP events and MISP warning lists against the graph
//! fixture company (`tests/fixtures/intel/`), the retro-hunt on import, validity windows at the
//! analysis time, and a malformed bundle that leaves nothing behind.

use super::graph::{company, explanation, findings, has, severity};
use super::{ok, unmask};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-06-01T00:00:00Z";
const PERSONA_EMAIL: &str = "indicator--0b5a9a7e-3c52-4f34-8d4e-0c0ffee00101";

fn intel(file: &str) -> String {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/intel");
    p.join(file).display().to_string()
}

#[test]
fn indicators_match_everything_stored_and_new_intel_is_retro_hunted() {
    let (_tmp, dir) = company();
    ok(
        &dir,
        &["ingest", "misp-warninglist", &intel("vpn-warninglist.json")],
    );
    let stix = ok(
        &dir,
        &["--as-of", AS_OF, "ingest", "stix", &intel("bundle.json")],
    );
    // The retro-hunt prints one line per hit on stdout: subject, artifact, indicator, ...
    let hits: Vec<&str> = stix.stdout.lines().collect();
    assert!(
        hits.iter()
            .any(|l| l.starts_with("greenhouse:101\t") && l.contains(PERSONA_EMAIL)),
        "{}",
        stix.stdout
    );
    for e in ["employee:E1\t", "employee:E2\t", "employee:E7\t"] {
        assert!(
            hits.iter().any(|l| l.starts_with(e)),
            "{e} not hit:\n{}",
            stix.stdout
        );
    }
    // The expired indicator is not matched, and the hunt says so.
    assert!(!hits.iter().any(|l| l.starts_with("greenhouse:102\t")));
    assert!(
        stix.stderr
            .contains("1 indicators outside their validity window"),
        "{}",
        stix.stderr
    );
    // The file-hash pattern is skipped with a warning that names it.
    assert!(stix.stderr.contains("file:hashes"), "{}", stix.stderr);

    let misp = ok(
        &dir,
        &[
            "--as-of",
            AS_OF,
            "ingest",
            "misp",
            &intel("misp-event.json"),
        ],
    );
    for e in ["employee:E1\t", "employee:E7\t", "greenhouse:108\t"] {
        assert!(
            misp.stdout.lines().any(|l| l.starts_with(e)),
            "{e} not hit:\n{}",
            misp.stdout
        );
    }

    ok(&dir, &["--as-of", AS_OF, "analyze"]);
    let f = findings(&dir);
    // Confidence 90: critical, citing the indicator, its source and the attribution.
    assert_eq!(severity(&f, "greenhouse:101", "intel_match"), "critical");
    let why = explanation(&f, "greenhouse:101", "intel_match");
    for part in [
        PERSONA_EMAIL,
        "Example ISAC",
        "confidence 90",
        "Example Remote-Worker Cell",
    ] {
        assert!(why.contains(part), "`{part}` missing from: {why}");
    }
    // A CIDR (ISSUBSET) over the laptop farm's egress; a LIKE over the persona's email.
    for e in ["employee:E1", "employee:E2", "employee:E7"] {
        assert!(has(&f, e, "intel_match"), "{e}");
    }
    for c in ["greenhouse:107", "greenhouse:108"] {
        assert!(has(&f, c, "intel_match"), "{c}");
    }
    // The MISP event's IBAN (threat level high) hits the payout hub's account holders.
    let iban = f["employee:E7"]
        .1
        .get("intel_match")
        .map(|(_, e)| e.clone())
        .unwrap_or_default();
    assert!(!iban.is_empty());
    assert!(
        !has(&f, "greenhouse:102", "intel_match"),
        "expired indicator matched"
    );
    // The VPN exit is on a warning list: the match and the shared egress are not counted.
    for e in ["employee:E3", "employee:E10"] {
        assert_eq!(severity(&f, e, "intel_match_listed"), "info", "{e}");
        assert!(!has(&f, e, "intel_match"), "{e}");
    }
    assert!(!has(&f, "employee:E3", "shared_egress"));
    assert!(
        explanation(&f, "employee:E3", "facilitator_suppressed").contains("Example VPN exit nodes")
    );

    // Before the indicators were valid, nothing matches.
    ok(&dir, &["--as-of", "2024-06-01T00:00:00Z", "analyze"]);
    let f = findings(&dir);
    assert!(!has(&f, "greenhouse:101", "intel_match"));
}

#[test]
fn a_malformed_bundle_imports_nothing() {
    let (_tmp, dir) = company();
    let r = unmask(
        &dir,
        &[
            "--as-of",
            AS_OF,
            "ingest",
            "stix",
            &intel("truncated-bundle.json"),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("truncated-bundle.json"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    ok(&dir, &["--as-of", AS_OF, "analyze"]);
    let f = findings(&dir);
    assert!(f.values().all(|(_, k)| !k.contains_key("intel_match")));
    // The same file, whole, imports afterwards.
    ok(
        &dir,
        &["--as-of", AS_OF, "ingest", "stix", &intel("bundle.json")],
    );
}
