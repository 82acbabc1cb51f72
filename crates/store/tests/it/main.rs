//! The store conformance suite. Every `Store` implementation must pass `conformance`; the
//! PostgreSQL store will run the same function.

use std::collections::BTreeMap;
use unmask_model::{
    Artifact, ArtifactKind, Batch, Cluster, ClusterEdge, Event, EventKind, Evidence, Finding,
    Indicator, IndicatorKind, ListKind, LogSource, Matcher, Observation, Provenance, Relation,
    RelationKind, Sensitive, Severity, Subject, SubjectKind, SubjectRef, Target, WarningList,
};
use unmask_store::{Analysis, EventImport, ImportOutcome, Source, SqliteStore, Store};

fn batch() -> Batch {
    let p = Provenance::new("payroll.csv", "payroll").at(Some(2), Some(120));
    let s = SubjectRef("employee:E1".into());
    Batch {
        subjects: vec![Subject {
            id: s.clone(),
            kind: SubjectKind::Employee,
            name: Sensitive::new("Ana Souza".into()),
            attributes: BTreeMap::from([("hire_date".into(), "2026-01-01".into())]),
            provenance: p.clone(),
        }],
        observations: vec![Observation {
            subject: s.clone(),
            artifact: Artifact {
                kind: ArtifactKind::Email,
                canonical: Sensitive::new("ana@acme.example".into()),
                masked: "a***@acme.example".into(),
                detail: None,
            },
            role: "work".into(),
            provenance: p.clone(),
        }],
        relations: vec![
            Relation {
                from: s.clone(),
                kind: RelationKind::HiredFrom,
                to: Target::Subject(SubjectRef("greenhouse:9".into())),
                provenance: p.clone(),
            },
            Relation {
                from: SubjectRef("device:SN1".into()),
                kind: RelationKind::AssignedTo,
                to: Target::Holder {
                    kind: ArtifactKind::Email,
                    canonical: Sensitive::new("ana@acme.example".into()),
                },
                provenance: p,
            },
        ],
        events: vec![],
        ..Batch::default()
    }
}

fn source(digest: &str) -> Source {
    Source {
        file: "payroll.csv".into(),
        format: "payroll".into(),
        digest: digest.into(),
        records: 1,
    }
}

fn indicator(id: &str, value: &str, until: Option<&str>) -> Indicator {
    Indicator {
        id: id.into(),
        source: "bundle--1 (Example ISAC)".into(),
        kind: IndicatorKind::Email,
        matcher: Matcher::Exact(Sensitive::new(value.into())),
        masked: "x***@evil.example".into(),
        valid_from: Some("2025-01-01T00:00:00Z".into()),
        valid_until: until.map(str::to_string),
        confidence: Some(80),
        description: "attributed to Example Actor".into(),
        provenance: Provenance::new("intel.json", "stix").at(Some(4), Some(77)),
    }
}

fn event(time: &str, user: &str, image: &str) -> Event {
    let mut fields = serde_json::Map::new();
    fields.insert("Image".into(), serde_json::Value::String(image.into()));
    fields.insert("ProcessId".into(), serde_json::Value::from(4242));
    Event {
        kind: EventKind::Endpoint,
        time: time.into(),
        logsource: LogSource {
            product: Some("windows".into()),
            category: Some("process_creation".into()),
            service: None,
        },
        user: Some(Sensitive::new(user.into())),
        device: Some("C02XK19QZ".into()),
        ip: None,
        fields,
        provenance: Provenance::new("proc.evtx", "evtx").at(None, Some(4096)),
    }
}

fn events_conformance(store: &mut dyn Store) {
    let source = |digest: &str| Source {
        file: "proc.evtx".into(),
        format: "evtx".into(),
        digest: digest.into(),
        records: 0,
    };
    let later = event(
        "2026-03-02T10:00:00Z",
        "ana@acme.example",
        "C:\\rustdesk.exe",
    );
    let earlier = event(
        "2026-03-01T09:00:00Z",
        "ana@acme.example",
        "C:\\anydesk.exe",
    );
    // Abandoned: nothing kept.
    match store.begin_events(&source("e0")).expect("begin") {
        EventImport::Writer(mut w) => w.write(&later).expect("write"),
        EventImport::AlreadyImported { .. } => panic!("new digest seen as imported"),
    }
    let mut n = 0;
    store
        .events(&mut |_| {
            n += 1;
            Ok(())
        })
        .expect("events");
    assert_eq!(n, 0, "an uncommitted import left events behind");

    let EventImport::Writer(mut w) = store.begin_events(&source("e1")).expect("begin") else {
        panic!("new digest seen as imported");
    };
    for e in [&later, &earlier, &later] {
        w.write(e).expect("write");
    }
    assert_eq!(w.commit(3).expect("commit"), (2, 1));
    let mut back = Vec::new();
    store
        .events(&mut |e| {
            back.push(e);
            Ok(())
        })
        .expect("events");
    assert_eq!(
        back,
        vec![earlier.clone(), later.clone()],
        "time order, exact round trip"
    );
    assert!(matches!(
        store.begin_events(&source("e1")).expect("begin again"),
        EventImport::AlreadyImported { .. }
    ));
    // An overlapping export: the known event is not stored twice.
    let EventImport::Writer(mut w) = store.begin_events(&source("e2")).expect("begin") else {
        panic!("new digest seen as imported");
    };
    w.write(&earlier).expect("write");
    assert_eq!(w.commit(1).expect("commit"), (0, 1));
}

fn intel_conformance(store: &mut dyn Store) {
    let source = |digest: &str| Source {
        file: "intel.json".into(),
        format: "stix".into(),
        digest: digest.into(),
        records: 2,
    };
    let list = WarningList {
        name: "Example VPN ranges".into(),
        version: Some(3),
        description: "ranges".into(),
        kind: ListKind::Cidr,
        entries: vec!["192.0.2.0/24".into()],
        matching_attributes: vec!["ip-src".into()],
        provenance: Provenance::new("list.json", "misp-warninglist"),
    };
    let first = Batch {
        indicators: vec![
            indicator("indicator--a", "a@evil.example", None),
            Indicator {
                kind: IndicatorKind::Ip,
                matcher: Matcher::Cidr("203.0.113.0/24".into()),
                masked: "203.0.113.0/24".into(),
                ..indicator("indicator--b", "", None)
            },
        ],
        warninglists: vec![list.clone()],
        ..Batch::default()
    };
    let ImportOutcome::Imported {
        indicators: 2,
        warninglists: 1,
        source_id: first_id,
        ..
    } = store.import(&source("i1"), &first).expect("import intel")
    else {
        panic!("first intel import not written as expected");
    };
    let data = store.load().expect("load");
    assert_eq!(data.indicators, first.indicators);
    assert_eq!(data.warninglists, vec![list.clone()]);

    // A re-issued indicator (now expiring) and a newer list version replace the old rows.
    let second = Batch {
        indicators: vec![
            indicator(
                "indicator--a",
                "a@evil.example",
                Some("2026-01-01T00:00:00Z"),
            ),
            indicator("indicator--c", "c@evil.example", None),
        ],
        warninglists: vec![WarningList {
            version: Some(4),
            entries: vec!["192.0.2.0/24".into(), "198.51.100.0/24".into()],
            ..list
        }],
        ..Batch::default()
    };
    let ImportOutcome::Imported { source_id, .. } = store
        .import(&source("i2"), &second)
        .expect("import intel again")
    else {
        panic!("second intel import not written");
    };
    assert!(source_id > first_id);
    let data = store.load().expect("load");
    assert_eq!(data.indicators.len(), 3);
    let a = data
        .indicators
        .iter()
        .find(|i| i.id == "indicator--a")
        .expect("indicator a");
    assert_eq!(a.valid_until.as_deref(), Some("2026-01-01T00:00:00Z"));
    assert_eq!(data.warninglists.len(), 1);
    assert_eq!(data.warninglists[0].version, Some(4));
    assert_eq!(data.warninglists[0].entries.len(), 2);
    // Only what the second import wrote counts as new for a retro-hunt.
    let mut new: Vec<String> = store
        .indicators_since(source_id)
        .expect("since")
        .into_iter()
        .map(|i| i.id)
        .collect();
    new.sort();
    assert_eq!(new, ["indicator--a", "indicator--c"]);
}

pub fn conformance(store: &mut dyn Store) {
    // Import and read back exactly.
    let b = batch();
    let outcome = store.import(&source("d1"), &b).expect("import");
    assert!(
        matches!(
            outcome,
            ImportOutcome::Imported {
                subjects: 1,
                observations: 1,
                relations: 2,
                indicators: 0,
                warninglists: 0,
                ..
            }
        ),
        "{outcome:?}"
    );
    let data = store.load().expect("load");
    assert_eq!(data.subjects, b.subjects);
    assert_eq!(data.observations, b.observations);
    assert_eq!(data.relations, b.relations);

    // The same bytes again: nothing written.
    match store.import(&source("d1"), &b).expect("re-import") {
        ImportOutcome::AlreadyImported { file, .. } => assert_eq!(file, "payroll.csv"),
        other => panic!("expected AlreadyImported, got {other:?}"),
    }
    // A new export holding the same records: no duplicates.
    store
        .import(&source("d2"), &b)
        .expect("import of a new export");
    let data = store.load().expect("load");
    assert_eq!(
        (
            data.subjects.len(),
            data.observations.len(),
            data.relations.len()
        ),
        (1, 1, 2)
    );
    assert_eq!(store.sources().expect("sources").len(), 2);

    // The hash key is created once and kept.
    let k1 = store.hash_key().expect("key");
    assert_eq!(k1, store.hash_key().expect("key again"));
    assert_ne!(k1, [0u8; 32]);

    // Analyses replace each other whole.
    let finding = Finding {
        subject: SubjectRef("employee:E1".into()),
        kind: "shared_payout_account".into(),
        severity: Severity::High,
        explanation: "because".into(),
        evidence: vec![Evidence {
            subject: SubjectRef("employee:E1".into()),
            artifact: Some(ArtifactKind::BankAccount),
            role: Some("payout".into()),
            masked: Some("****1234".into()),
            provenance: Provenance::new("payroll.csv", "payroll").at(Some(2), None),
        }],
        at: None,
    };
    let cluster = Cluster {
        id: "cl-1".into(),
        members: vec![
            SubjectRef("employee:E1".into()),
            SubjectRef("greenhouse:9".into()),
        ],
        edges: vec![ClusterEdge {
            a: SubjectRef("employee:E1".into()),
            b: SubjectRef("greenhouse:9".into()),
            reason: "hired".into(),
        }],
    };
    let a = Analysis {
        findings: vec![finding.clone(), finding],
        clusters: vec![cluster],
        risk: vec![(SubjectRef("employee:E1".into()), 75)],
    };
    store.save_analysis(&a).expect("save");
    store.save_analysis(&a).expect("save again");
    let back = store.load_analysis().expect("load analysis");
    assert_eq!(back.findings, a.findings);
    assert_eq!(back.clusters, a.clusters);
    assert_eq!(back.risk, a.risk);

    // A second source about the same subject adds attributes and keeps the older ones.
    let mut other = batch();
    other.subjects[0].attributes = BTreeMap::from([("department".into(), "Platform".into())]);
    other.observations.clear();
    other.relations.clear();
    store.import(&source("d3"), &other).expect("import");
    let data = store.load().expect("load");
    assert_eq!(
        data.subjects[0].attributes,
        BTreeMap::from([
            ("department".into(), "Platform".into()),
            ("hire_date".into(), "2026-01-01".into())
        ])
    );

    intel_conformance(store);
    events_conformance(store);
}

#[test]
fn sqlite_in_memory_conforms() {
    let mut store = SqliteStore::in_memory().expect("open");
    conformance(&mut store);
}

#[test]
fn sqlite_file_conforms_and_persists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("u.db").display().to_string();
    let key = {
        let mut store = SqliteStore::open(&path).expect("open");
        conformance(&mut store);
        store.hash_key().expect("key")
    };
    let mut store = SqliteStore::open(&path).expect("reopen");
    assert_eq!(store.hash_key().expect("key"), key);
    assert_eq!(store.load().expect("load").subjects.len(), 1);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.db").display().to_string();
    drop(SqliteStore::open(&path).expect("create"));
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute_batch("PRAGMA user_version = 99")
        .expect("bump");
    drop(conn);
    let err = SqliteStore::open(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("schema version 99, newer than this unmask (4)"),
        "{err}"
    );
}

#[test]
fn version_1_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v1.db").display().to_string();
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute_batch(include_str!("../../migrations/0001_init.sql"))
        .expect("schema 1");
    conn.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO subjects (ref, kind, name, attributes, file, format)
         VALUES ('employee:E1', 'employee', 'Ana Souza', '{}', 'payroll.csv', 'payroll');",
    )
    .expect("v1 data");
    drop(conn);
    let mut store = SqliteStore::open(&path).expect("upgrade");
    let data = store.load().expect("load");
    assert_eq!(data.subjects.len(), 1);
    assert!(data.indicators.is_empty());
    let b = Batch {
        indicators: vec![indicator("indicator--a", "a@evil.example", None)],
        ..Batch::default()
    };
    store
        .import(&source("v2"), &b)
        .expect("intel after upgrade");
    assert_eq!(store.load().expect("load").indicators.len(), 1);
}

#[test]
fn failed_import_leaves_nothing() {
    // A batch whose second subject collides inside one transaction cannot be half-written:
    // simulate failure by importing into a read-only database.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ro.db").display().to_string();
    drop(SqliteStore::open(&path).expect("create"));
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute_batch("CREATE TRIGGER no_relations BEFORE INSERT ON relations BEGIN SELECT RAISE(ABORT, 'refused'); END;")
        .expect("trigger");
    drop(conn);
    let mut store = SqliteStore::open(&path).expect("open");
    assert!(store.import(&source("d1"), &batch()).is_err());
    let data = store.load().expect("load");
    assert!(data.subjects.is_empty() && data.observations.is_empty());
    assert!(store.sources().expect("sources").is_empty());
}
