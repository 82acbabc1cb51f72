//! Issue 12, point 1: links are kept whole, and a multi-tenant host (a cloud drive, a link
//! shortener, shared hosting) neither links people nor matches a domain indicator. The
//! fixtures (`tests/fixtures/urls/`) are ten synthetic candidates with resume and website links
//! and a MISP event attributed to Lazarus Group whose payload sits on Google Drive, shaped as
//! MISP exports an event with a `url` object.

use super::graph::{explanation, findings, has, severity, Findings};
use super::{json, ok};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-06-01T00:00:00Z";
/// Different files on Google Drive, Google Docs, Notion and a Notion site: six strangers.
const STRANGERS: [&str; 6] = [
    "greenhouse:201",
    "greenhouse:202",
    "greenhouse:203",
    "greenhouse:204",
    "greenhouse:205",
    "greenhouse:206",
];
/// One Drive file, spelled two ways (`http`, `usp=`, `utm_source`).
const SAME_FILE: [&str; 2] = ["greenhouse:211", "greenhouse:212"];
/// Links the MISP event's payload URL, spelled differently.
const PAYLOAD: &str = "greenhouse:221";
/// Gives the operator's own domain (`lz-devhub.example`) as a website.
const OWN_DOMAIN: &str = "greenhouse:222";
const PAYLOAD_INDICATOR: &str = "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c21";

fn fixture(file: &str) -> String {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/urls");
    p.join(file).display().to_string()
}

/// The candidates and the MISP event, ingested and analysed in a fresh folder; the MISP
/// import's stderr and stdout (the retro-hunt).
fn analysed() -> (tempfile::TempDir, PathBuf, String, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().to_path_buf();
    ok(&dir, &["ingest", "greenhouse", &fixture("candidates.json")]);
    let misp = ok(
        &dir,
        &[
            "--as-of",
            AS_OF,
            "ingest",
            "misp",
            &fixture("misp-event.json"),
        ],
    );
    ok(&dir, &["--as-of", AS_OF, "analyze"]);
    (tmp, dir, misp.stderr, misp.stdout)
}

fn clusters(dir: &Path) -> Vec<Vec<String>> {
    let export = json(&ok(dir, &["export"]).stdout);
    export["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .map(|c| {
            c["members"]
                .as_array()
                .expect("members")
                .iter()
                .map(|m| m.as_str().expect("member").to_string())
                .collect()
        })
        .collect()
}

fn risk(f: &Findings, subject: &str) -> u64 {
    f.get(subject).map(|(r, _)| *r).expect("subject")
}

#[test]
fn resume_links_on_a_cloud_drive_tie_only_people_who_give_the_same_file() {
    let (_tmp, dir, _, _) = analysed();
    let f = findings(&dir);
    let clusters = clusters(&dir);
    // The six strangers share a host and nothing else: no finding, no cluster, the prior.
    for s in STRANGERS {
        assert!(
            clusters.iter().all(|c| !c.iter().any(|m| m == s)),
            "{s} in a cluster: {clusters:?}"
        );
        let (r, kinds) = &f[s];
        assert!(kinds.is_empty(), "{s}: {kinds:?}");
        assert!(*r <= 5, "{s} at risk {r}");
    }
    // One Drive file given under two names is reuse: linked, and said so.
    assert!(
        clusters
            .iter()
            .any(|c| SAME_FILE.iter().all(|s| c.contains(&s.to_string()))
                && c.len() == SAME_FILE.len()),
        "{clusters:?}"
    );
    for s in SAME_FILE {
        assert_eq!(severity(&f, s, "shared_identifier"), "high", "{s}");
        let why = explanation(&f, s, "shared_identifier");
        assert!(why.contains("https://drive.google.com/"), "{why}");
    }
}

#[test]
fn a_payload_url_on_a_cloud_drive_matches_that_url_only() {
    let (_tmp, dir, stderr, stdout) = analysed();
    // The url object's host and registrable domain are shared hosts: reported, not matched.
    for host in ["drive.google.com", "google.com"] {
        assert!(
            stderr.contains(&format!("`{host}` is a multi-tenant host")),
            "no warning for {host}:\n{stderr}"
        );
    }
    // The retro-hunt hits the candidate linking the payload and the one giving the operator's
    // domain as a website, nobody else.
    let mut hit: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|s| s.starts_with("greenhouse:"))
        .collect();
    hit.sort();
    hit.dedup();
    assert_eq!(hit, [PAYLOAD, OWN_DOMAIN], "{stdout}");

    let f = findings(&dir);
    assert_eq!(severity(&f, PAYLOAD, "intel_match"), "critical");
    let why = explanation(&f, PAYLOAD, "intel_match");
    for part in [PAYLOAD_INDICATOR, "url indicator", "Lazarus Group"] {
        assert!(why.contains(part), "`{part}` missing from: {why}");
    }
    assert!(risk(&f, PAYLOAD) >= 70);
    assert_eq!(severity(&f, OWN_DOMAIN, "intel_match"), "critical");
    assert!(explanation(&f, OWN_DOMAIN, "intel_match").contains("domain indicator"));
    // Linking other files on the same drive is no match.
    for s in STRANGERS.iter().chain(&SAME_FILE) {
        assert!(!has(&f, s, "intel_match"), "{s}");
    }
}

#[test]
fn the_stix_export_shares_urls_whole_and_no_shared_host_as_a_domain() {
    let (_tmp, dir, _, _) = analysed();
    // Down to 50, so that the pair sharing one file (one high finding) is shared too.
    let raw = ok(
        &dir,
        &[
            "export",
            "--format",
            "stix",
            "--tlp",
            "amber",
            "--min-risk",
            "50",
            "--as-of",
            AS_OF,
        ],
    )
    .stdout;
    let bundle = json(&raw);
    let objects = bundle["objects"].as_array().expect("objects");
    let values = |t: &str| -> Vec<&str> {
        objects
            .iter()
            .filter(|o| o["type"] == t)
            .filter_map(|o| o["value"].as_str())
            .collect()
    };
    assert_eq!(values("domain-name"), ["lz-devhub.example"], "{raw}");
    let urls = values("url");
    for url in [
        "https://drive.google.com/file/d/1LzPayloadXyZ/view",
        "https://drive.google.com/file/d/1SaMeFiLeOpsCv/view",
    ] {
        assert!(urls.contains(&url), "{url} not in {urls:?}");
    }
    // The strangers' links and mailboxes stay home.
    for value in [
        "priya.raman@example.com",
        "diego.alvarez@example.com",
        "1pR4m4nCV7xQe",
        "1dAlvarezCV2025",
    ] {
        assert!(!raw.contains(value), "{value} shared");
    }
    for o in objects.iter().filter(|o| o["type"] == "indicator") {
        let pattern = o["pattern"].as_str().expect("pattern");
        assert!(
            !pattern.contains("domain-name:value = 'drive.google.com'"),
            "{pattern}"
        );
    }
}
