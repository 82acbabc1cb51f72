//! The identity graph on hand-built records. Most end-to-end checks live in the CLI crate, where
//! records come from real importers; these pin down rules that are easy to get wrong.

use unmask_graph::{rings, Graph, Input};
use unmask_model::{
    Artifact, ArtifactKind, Cluster, ClusterEdge, Observation, Provenance, Relation, RelationKind,
    Sensitive, Subject, SubjectKind, SubjectRef, Target,
};

fn at() -> Provenance {
    Provenance {
        file: "t".into(),
        format: "test".into(),
        line: Some(1),
        offset: None,
    }
}

fn subject(id: &str, kind: SubjectKind, name: &str) -> Subject {
    Subject {
        id: SubjectRef(id.into()),
        kind,
        name: Sensitive::new(name.to_string()),
        attributes: Default::default(),
        provenance: at(),
    }
}

fn email(holder: &str, value: &str) -> Observation {
    Observation {
        subject: SubjectRef(holder.into()),
        artifact: Artifact {
            kind: ArtifactKind::Email,
            canonical: Sensitive::new(value.to_string()),
            masked: "x***@example.com".into(),
            detail: None,
        },
        role: "personal".into(),
        provenance: at(),
    }
}

fn relation(from: &str, kind: RelationKind, to: &str) -> Relation {
    Relation {
        from: SubjectRef(from.into()),
        kind,
        to: Target::Subject(SubjectRef(to.into())),
        provenance: at(),
    }
}

/// Candidate 1 names a referee whose email is held by employee E (hired from candidate 2, in one
/// cluster with it). Returns the kinds of findings on candidate 1.
fn vouching(ats_name: &str, payroll_name: &str) -> Vec<String> {
    let subjects = vec![
        subject("greenhouse:1", SubjectKind::Candidate, "Dana Park"),
        subject("reference:1:a", SubjectKind::Reference, payroll_name),
        subject("greenhouse:2", SubjectKind::Candidate, ats_name),
        subject("employee:E", SubjectKind::Employee, payroll_name),
    ];
    let observations = vec![
        email("reference:1:a", "j.smith.home@example.com"),
        email("employee:E", "j.smith.home@example.com"),
        email("greenhouse:2", "j.smith.home@example.com"),
    ];
    let relations = vec![
        relation("greenhouse:1", RelationKind::RefersTo, "reference:1:a"),
        relation("employee:E", RelationKind::HiredFrom, "greenhouse:2"),
    ];
    let clusters = vec![Cluster {
        id: "cl-1".into(),
        members: vec![
            SubjectRef("employee:E".into()),
            SubjectRef("greenhouse:2".into()),
        ],
        edges: vec![ClusterEdge {
            a: SubjectRef("employee:E".into()),
            b: SubjectRef("greenhouse:2".into()),
            reason: "hired from this candidate".into(),
        }],
    }];
    let graph = Graph::build(&Input {
        subjects: &subjects,
        observations: &observations,
        relations: &relations,
        clusters: &clusters,
    });
    rings::detect(&graph)
        .into_iter()
        .filter(|f| f.subject.as_str() == "greenhouse:1")
        .map(|f| f.kind)
        .collect()
}

#[test]
fn a_referee_hired_under_a_preferred_name_is_not_a_persona() {
    // Jake on the ATS, Jacob on the payroll: one person, so vouching by them is a referral.
    let kinds = vouching("Jake Smith", "Jacob Smith");
    assert!(
        !kinds.contains(&"vouched_by_persona".to_string()),
        "{kinds:?}"
    );
    // A payroll name that shares nothing is someone else's identity: a two-name persona.
    let kinds = vouching("Jake Smith", "Viktor Orlov");
    assert!(
        kinds.contains(&"vouched_by_persona".to_string()),
        "{kinds:?}"
    );
}

fn ip(holder: &str, value: &str, role: &str) -> Observation {
    Observation {
        subject: SubjectRef(holder.into()),
        artifact: Artifact {
            kind: ArtifactKind::IpAddress,
            canonical: Sensitive::new(value.to_string()),
            masked: value.into(),
            detail: None,
        },
        role: role.into(),
        provenance: at(),
    }
}

/// Twelve differently named candidates who applied from one address, each through `source`;
/// the last `signed_in` of them also sign in from it after hire. The facilitator findings on
/// the first candidate.
fn one_application_network(source: &str, signed_in: usize) -> Vec<(String, String)> {
    const NAMES: [&str; 12] = [
        "Ana Souza",
        "Ben Okafor",
        "Chloe Martin",
        "Dmitri Volkov",
        "Elif Yilmaz",
        "Farid Haddad",
        "Grace Lin",
        "Hugo Berger",
        "Ines Duarte",
        "Jonas Lind",
        "Kofi Mensah",
        "Lena Novak",
    ];
    let mut subjects = Vec::new();
    let mut observations = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        let id = format!("greenhouse:{i}");
        let mut s = subject(&id, SubjectKind::Candidate, name);
        s.attributes.insert("source".into(), source.into());
        subjects.push(s);
        observations.push(ip(&id, "198.51.100.7", "application"));
        if i >= NAMES.len() - signed_in {
            let e = format!("employee:{i}");
            subjects.push(subject(&e, SubjectKind::Employee, name));
            observations.push(ip(&e, "198.51.100.7", "sign_in"));
        }
    }
    let relations: Vec<Relation> = (NAMES.len() - signed_in..NAMES.len())
        .map(|i| {
            relation(
                &format!("employee:{i}"),
                RelationKind::HiredFrom,
                &format!("greenhouse:{i}"),
            )
        })
        .collect();
    let graph = Graph::build(&Input {
        subjects: &subjects,
        observations: &observations,
        relations: &relations,
        clusters: &[],
    });
    let (_, findings) =
        unmask_graph::facilitators::detect(&graph, &Default::default(), &[], &Default::default());
    findings
        .into_iter()
        .filter(|f| f.subject.as_str() == "greenhouse:0")
        .map(|f| (f.kind, f.explanation))
        .collect()
}

#[test]
fn an_agency_network_that_candidates_applied_from_is_not_a_hub() {
    // An agency submits its candidates from its own office: explained, not counted.
    let found = one_application_network("Agencies: Northwind Staffing", 0);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "facilitator_suppressed", "{found:?}");
    assert!(found[0].1.contains("Northwind Staffing"), "{}", found[0].1);
    // Through a job board nothing explains it: twelve households on one address is a hub.
    let found = one_application_network("LinkedIn (Prospecting)", 0);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "shared_hub", "{found:?}");
    // Staff who sign in from it after hire work there: the agency does not explain that.
    let found = one_application_network("Agencies: Northwind Staffing", 2);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "shared_hub", "{found:?}");
}
