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
