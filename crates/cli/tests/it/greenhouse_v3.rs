//! Issue 12, point 10: Greenhouse Harvest v3 exports (candidates, applications, sources and users
//! as separate resources) give the same candidates as the v1 file, whatever order the files are
//! imported in, and a sources file types an application source the candidates knew only by name.
//! Fixtures: `tests/fixtures/greenhouse-v3/` (see its README for the doc sections they follow).

use super::unmask;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use unmask_ingest::Format;
use unmask_linkage::hubs::is_intermediary;
use unmask_model::canon::Canonicalizer;
use unmask_pipeline::{ingest::ingest_reader, Silent};
use unmask_store::SqliteStore;

/// Candidates as every job sees them: ref to name and attributes.
type Subjects = BTreeMap<String, (String, BTreeMap<String, String>)>;
/// Observations as `(subject, kind, role, canonical)`.
type Observed = BTreeSet<(String, String, String, String)>;

const V1: [(&str, &str); 3] = [
    ("greenhouse", "candidates-v1.json"),
    ("greenhouse-sources", "sources.json"),
    ("greenhouse-users", "users.json"),
];
const V3: [(&str, &str); 4] = [
    ("greenhouse", "candidates-v3.json"),
    ("greenhouse-applications", "applications-v3.jsonl"),
    ("greenhouse-sources", "sources.json"),
    ("greenhouse-users", "users.json"),
];

fn fixture(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/greenhouse-v3")
        .join(file)
        .display()
        .to_string()
}

/// Import `files` (format, fixture) in this order into a fresh store, then load it.
fn loaded(files: &[(&str, &str)]) -> (Subjects, Observed) {
    let mut store = SqliteStore::in_memory().expect("store");
    let canon = Canonicalizer::new([7u8; 32])
        .with_default_region("US")
        .expect("US is a region");
    for (format, file) in files {
        let format = Format::builtin(format).expect("a built-in format");
        let reader = std::fs::File::open(fixture(file)).expect("fixture");
        ingest_reader(&mut store, &canon, &format, file, reader, false, &Silent)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let data = unmask_pipeline::load(&store).expect("load");
    let subjects = data
        .subjects
        .into_iter()
        .map(|s| (s.id.to_string(), (s.name.expose().clone(), s.attributes)))
        .collect();
    let observed = data
        .observations
        .into_iter()
        .map(|o| {
            let kind = o.artifact.kind.to_string();
            (
                o.subject.to_string(),
                kind,
                o.role,
                o.artifact.canonical.expose().clone(),
            )
        })
        .collect();
    (subjects, observed)
}

fn attribute<'a>(subjects: &'a Subjects, id: &str, key: &str) -> Option<&'a str> {
    subjects.get(id)?.1.get(key).map(String::as_str)
}

#[test]
fn v3_resources_in_any_order_give_the_v1_candidates() {
    let (v1, v1_observed) = loaded(&V1);
    let (v3, v3_observed) = loaded(&V3);
    let mut reversed = V3;
    reversed.reverse();
    let (v3_reversed, v3_reversed_observed) = loaded(&reversed);
    assert_eq!(v3, v3_reversed);
    assert_eq!(v3_observed, v3_reversed_observed);
    assert_eq!(v1, v3);
    // v3 adds the preferred name, a second name of the same person; everything else is equal.
    let preferred: Observed = v3_observed.difference(&v1_observed).cloned().collect();
    assert_eq!(
        preferred.into_iter().collect::<Vec<_>>(),
        [(
            "greenhouse:501".to_string(),
            "person_name".to_string(),
            "preferred".to_string(),
            "annie".to_string()
        )]
    );
    assert!(v1_observed.is_subset(&v3_observed));
    // Candidates only: applications, sources and users are not people.
    assert_eq!(
        v3.keys().collect::<Vec<_>>(),
        ["greenhouse:501", "greenhouse:502", "greenhouse:503"]
    );
    assert!(!v3_observed.iter().any(|o| o.3.contains("riley.hart")));

    assert_eq!(
        attribute(&v3, "greenhouse:501", "source"),
        Some("Agencies: Northwind")
    );
    assert_eq!(
        attribute(&v3, "greenhouse:502", "source"),
        Some("Agencies: Northwind; Third party boards: LinkedIn")
    );
    assert_eq!(
        attribute(&v3, "greenhouse:502", "status"),
        Some("rejected; active")
    );
    assert_eq!(
        attribute(&v3, "greenhouse:503", "source"),
        Some("Referrals: Employee referral")
    );
    assert_eq!(
        attribute(&v3, "greenhouse:503", "referred_by"),
        Some("Sam Okafor")
    );
    assert_eq!(
        attribute(&v3, "greenhouse:503", "credited_to_user"),
        Some("greenhouse-user:7002")
    );
    assert_eq!(
        attribute(&v3, "greenhouse:501", "recruiter_user"),
        Some("greenhouse-user:7001")
    );
    assert_eq!(
        attribute(&v3, "greenhouse:502", "coordinator"),
        Some("Noor Vale")
    );
    // The agency is recognised as one; the referral and the job board are not intermediaries.
    assert!(is_intermediary("Agencies: Northwind"));
    assert!(!is_intermediary("Referrals: Employee referral"));
    assert!(!is_intermediary("Third party boards: LinkedIn"));
}

#[test]
fn a_sources_file_types_a_source_known_by_name() {
    let (alone, _) = loaded(&V1[..1]);
    assert_eq!(
        attribute(&alone, "greenhouse:501", "source"),
        Some("Northwind")
    );
    assert!(!is_intermediary("Northwind"));
    for order in [[V1[0], V1[1]], [V1[1], V1[0]]] {
        let (typed, _) = loaded(&order);
        assert_eq!(
            attribute(&typed, "greenhouse:501", "source"),
            Some("Agencies: Northwind"),
            "{order:?}"
        );
    }
}

#[test]
fn bad_resources_name_file_line_and_field() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    write(
        "applications.jsonl",
        "{\"id\": 1, \"candidate_id\": 5, \"source\": {\"id\": 31}}\n\
         {\"id\": 2, \"candidate_id\": 5, \"source\": {\"id\": \"thirty\"}}\n\
         {\"id\": 3}\n",
    );
    write(
        "sources.json",
        "[\n  {\"id\": 31, \"name\": \"Northwind\", \"type\": {\"name\": \"agencies\"}},\n  {\"name\": \"No id\"}\n]\n",
    );
    write("users.json", "[{\"id\": 7, \"emails\": \"a@example.com\"}");
    let r = unmask(
        dir,
        &["ingest", "greenhouse-applications", "applications.jsonl"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("applications.jsonl:2: field `source.id`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("applications.jsonl:3: field `candidate_id`"),
        "{}",
        r.stderr
    );
    let r = unmask(dir, &["ingest", "greenhouse-sources", "sources.json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("sources.json:3: field `[1]`"),
        "{}",
        r.stderr
    );
    let r = unmask(dir, &["ingest", "greenhouse-users", "users.json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("field `[0].emails`"), "{}", r.stderr);
    assert!(r.stderr.contains("truncated"), "{}", r.stderr);
}
