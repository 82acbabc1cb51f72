//! Contacts many differently named people share: explained by a common agency source, or an
//! unexplained personal hub flagged the same way at any size.

use super::{check, World};
use unmask_linkage::reuse::HUB_LIMIT;
use unmask_linkage::{analyze, Input};
use unmask_model::{ArtifactKind, Severity};

/// `n` differently named candidates, each giving one mailbox and one phone.
fn sharing(n: usize, email: (&str, Option<&str>), phone: (&str, &str, &str)) -> World {
    let mut w = World::default();
    for i in 0..n {
        let id = format!("greenhouse:{i:02}");
        w.candidate(&id, &format!("Given{i} Family{i}"))
            .has(&id, ArtifactKind::Email, email.0, "work", email.1)
            .has(&id, ArtifactKind::Phone, phone.0, phone.1, Some(phone.2));
    }
    w
}

fn analyze_world(w: &World) -> unmask_linkage::Analysis {
    analyze(&Input {
        subjects: &w.subjects,
        observations: &w.observations,
        relations: &w.relations,
        benign: &w.benign,
        probable: &[],
    })
}

#[test]
fn an_agency_contact_on_the_candidates_it_submitted_is_only_noted() {
    let mut w = sharing(
        3,
        ("submissions@agency.example", None),
        ("+12125550147", "work", "fixed_line_or_mobile"),
    );
    for i in 0..3 {
        w.source(&format!("greenhouse:{i:02}"), "Agency: Example Partners");
    }
    w.source("greenhouse:02", "LinkedIn; Agency: Example Partners");
    let mut expect = String::new();
    for i in 0..3 {
        for _ in 0..2 {
            expect.push_str(&format!("greenhouse:{i:02} agency_contact info\n"));
        }
    }
    check(&w, &expect);
    let a = analyze_world(&w);
    assert!(a.findings[0]
        .explanation
        .contains("applied through \"Agency: Example Partners\""));
}

#[test]
fn an_unexplained_personal_hub_is_the_same_finding_at_any_size() {
    for n in [3, 10, 30] {
        let mut w = sharing(
            n,
            ("shared.inbox@gmail.com", Some("free_mail")),
            ("+15551230001", "mobile", "mobile"),
        );
        // A job board is a channel, not an intermediary: it explains nothing.
        for i in 0..n {
            w.source(&format!("greenhouse:{i:02}"), "LinkedIn");
        }
        let a = analyze_world(&w);
        let hubs: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.kind == "contact_hub")
            .collect();
        assert_eq!(hubs.len(), 2 * n, "{n}");
        for f in hubs {
            assert_eq!(f.severity, Severity::Medium);
            assert!(
                f.explanation
                    .contains(&format!("{n} different names among {n} people")),
                "{}",
                f.explanation
            );
            assert_eq!(f.evidence.len(), n);
        }
        assert!(a
            .findings
            .iter()
            .all(|f| f.kind == "contact_hub" || f.kind == "persona_cluster"));
        // One person's identifier links up to HUB_LIMIT people; beyond, the hub links nobody
        // by itself (the probabilistic linker weighs it by its size).
        let clustered: usize = a.clusters.iter().map(|c| c.members.len()).sum();
        assert_eq!(clustered, if n <= HUB_LIMIT { n } else { 0 }, "{n}");
    }
}

#[test]
fn two_names_on_one_personal_phone_keep_the_pairwise_finding() {
    let mut w = World::default();
    for (id, name) in [
        ("greenhouse:1", "Kenji Watanabe"),
        ("greenhouse:2", "Marco Rossi"),
    ] {
        w.candidate(id, name)
            .phone(id, "+15551230001")
            .source(id, "LinkedIn");
    }
    check(
        &w,
        "greenhouse:1 persona_cluster high\ngreenhouse:1 shared_identifier high\n\
         greenhouse:2 persona_cluster high\ngreenhouse:2 shared_identifier high\n\
         cluster greenhouse:1 greenhouse:2",
    );
}

#[test]
fn different_agencies_explain_nothing() {
    let mut w = sharing(
        3,
        ("someone@gmail.com", Some("free_mail")),
        ("+15551230001", "mobile", "mobile"),
    );
    for (i, agency) in ["Agency: A", "Agency: B", "Agency: A"].iter().enumerate() {
        w.source(&format!("greenhouse:{i:02}"), agency);
    }
    let a = analyze_world(&w);
    assert!(a.findings.iter().any(|f| f.kind == "contact_hub"));
    assert!(a.findings.iter().all(|f| f.kind != "agency_contact"));
}

#[test]
fn one_name_submitted_twice_through_an_agency_is_one_person() {
    let mut w = World::default();
    for (id, name) in [
        ("greenhouse:1", "Ann Lee"),
        ("greenhouse:2", "Ann  Lee"),
        ("greenhouse:3", "Bob Ray"),
    ] {
        w.candidate(id, name)
            .has(id, ArtifactKind::Email, "cv@agency.example", "work", None)
            .source(id, "Agency: Example Partners");
    }
    check(
        &w,
        "greenhouse:1 agency_contact info\ngreenhouse:2 agency_contact info\n\
         greenhouse:3 agency_contact info\ncluster greenhouse:1 greenhouse:2",
    );
}
