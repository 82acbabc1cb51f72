//! Exact-reuse linkage on small hand-built worlds: each threat pattern and each innocent
//! look-alike, checked through one helper that renders findings and clusters.

mod hubs;
mod persona;
mod probabilistic;

use std::collections::BTreeMap;
use unmask_linkage::{analyze, Benign, BenignEntry, Input};
use unmask_model::{
    Artifact, ArtifactKind, Observation, Provenance, Relation, RelationKind, Sensitive, Severity,
    Subject, SubjectKind, SubjectRef, Target,
};

#[derive(Default)]
struct World {
    subjects: Vec<Subject>,
    observations: Vec<Observation>,
    relations: Vec<Relation>,
    benign: Benign,
}

fn prov() -> Provenance {
    Provenance::new("test.csv", "test").at(Some(2), None)
}

impl World {
    fn subject(&mut self, id: &str, kind: SubjectKind, name: &str) -> &mut Self {
        self.subjects.push(Subject {
            id: SubjectRef(id.into()),
            kind,
            name: Sensitive::new(name.into()),
            attributes: BTreeMap::new(),
            provenance: prov(),
        });
        self
    }
    fn candidate(&mut self, id: &str, name: &str) -> &mut Self {
        self.subject(id, SubjectKind::Candidate, name)
    }
    fn employee(&mut self, id: &str, name: &str) -> &mut Self {
        self.subject(id, SubjectKind::Employee, name)
    }
    fn has(
        &mut self,
        id: &str,
        kind: ArtifactKind,
        value: &str,
        role: &str,
        detail: Option<&str>,
    ) -> &mut Self {
        self.observations.push(Observation {
            subject: SubjectRef(id.into()),
            artifact: Artifact {
                kind,
                canonical: Sensitive::new(value.into()),
                masked: value.into(),
                detail: detail.map(str::to_string),
            },
            role: role.into(),
            provenance: prov(),
        });
        self
    }
    /// The application source an ATS recorded for a subject (`Agency: ...`, `LinkedIn`).
    fn source(&mut self, id: &str, source: &str) -> &mut Self {
        if let Some(s) = self.subjects.iter_mut().find(|s| s.id.as_str() == id) {
            s.attributes.insert("source".into(), source.into());
        }
        self
    }
    fn phone(&mut self, id: &str, value: &str) -> &mut Self {
        self.has(id, ArtifactKind::Phone, value, "mobile", Some("mobile"))
    }
    fn relate(&mut self, from: &str, kind: RelationKind, to: &str) -> &mut Self {
        self.relations.push(Relation {
            from: SubjectRef(from.into()),
            kind,
            to: Target::Subject(SubjectRef(to.into())),
            provenance: prov(),
        });
        self
    }
    fn reference(&mut self, candidate: &str, id: &str, name: &str) -> &mut Self {
        self.subject(id, SubjectKind::Reference, name);
        self.relate(candidate, RelationKind::RefersTo, id)
    }
    fn device(&mut self, serial: &str, user_email: &str, ship_to: &str) -> &mut Self {
        let id = format!("device:{serial}");
        self.subject(&id, SubjectKind::Device, serial);
        self.has(&id, ArtifactKind::DeviceSerial, serial, "serial", None);
        self.has(&id, ArtifactKind::PostalAddress, ship_to, "ship_to", None);
        self.relations.push(Relation {
            from: SubjectRef(id),
            kind: RelationKind::AssignedTo,
            to: Target::Holder {
                kind: ArtifactKind::Email,
                canonical: Sensitive::new(user_email.into()),
            },
            provenance: prov(),
        });
        self
    }
}

/// Findings above info as `subject kind severity`, then clusters.
fn check(world: &World, expect: &str) {
    let a = analyze(&Input {
        subjects: &world.subjects,
        observations: &world.observations,
        relations: &world.relations,
        benign: &world.benign,
        probable: &[],
    });
    let mut out = String::new();
    for f in &a.findings {
        out.push_str(&format!("{} {} {}\n", f.subject, f.kind, f.severity));
    }
    for c in &a.clusters {
        let m: Vec<&str> = c.members.iter().map(|m| m.as_str()).collect();
        out.push_str(&format!("cluster {}\n", m.join(" ")));
    }
    assert_eq!(out.trim(), expect.trim(), "\n--- got ---\n{out}");
    // Every finding explains itself and cites evidence.
    for f in &a.findings {
        assert!(!f.explanation.is_empty());
        assert!(
            !f.evidence.is_empty(),
            "{} {} has no evidence",
            f.subject,
            f.kind
        );
        if f.severity > Severity::Info && f.kind != "persona_cluster" {
            assert!(
                f.explanation.contains("also held by") || f.explanation.contains("differs"),
                "{}",
                f.explanation
            );
        }
    }
}

#[test]
fn shared_mobile_under_different_names_links_and_flags() {
    let mut w = World::default();
    w.candidate("greenhouse:1", "Kenji Watanabe")
        .phone("greenhouse:1", "+15551230001");
    w.candidate("greenhouse:2", "Marco Rossi")
        .phone("greenhouse:2", "+15551230001");
    w.candidate("greenhouse:3", "Unrelated Person")
        .phone("greenhouse:3", "+15551230002");
    check(
        &w,
        "greenhouse:1 persona_cluster high\ngreenhouse:1 shared_identifier high\n\
         greenhouse:2 persona_cluster high\ngreenhouse:2 shared_identifier high\n\
         cluster greenhouse:1 greenhouse:2",
    );
}

#[test]
fn reapplicant_is_linked_but_not_flagged() {
    let mut w = World::default();
    for (id, name) in [
        ("greenhouse:1", "Ana Souza"),
        ("greenhouse:2", "Ana  Souza"),
    ] {
        w.candidate(id, name)
            .has(id, ArtifactKind::Email, "ana@x.example", "personal", None)
            .has(id, ArtifactKind::Phone, "+5511987654321", "mobile", None);
    }
    // The mailbox is made from the name; the phone is not, and makes them one person.
    check(&w, "greenhouse:1 possible_same_person info\ngreenhouse:1 same_person info\ngreenhouse:2 possible_same_person info\ngreenhouse:2 same_person info\ncluster greenhouse:1 greenhouse:2");
}

/// Namesakes choose alike mailboxes: a mailbox made from the name, and nothing else, is noted
/// but does not make two records one person.
#[test]
fn namesakes_with_a_mailbox_made_from_the_name_are_not_merged() {
    let mut w = World::default();
    for id in ["greenhouse:1", "greenhouse:2"] {
        w.candidate(id, "Ana Souza").has(
            id,
            ArtifactKind::Email,
            "anasouza@gmail.com",
            "personal",
            None,
        );
    }
    check(
        &w,
        "greenhouse:1 possible_same_person info\ngreenhouse:2 possible_same_person info",
    );
}

/// Spouses with their own surnames at one home, with one landline, each sent a laptop there:
/// a household's deliveries, not a laptop farm.
#[test]
fn a_household_with_two_surnames_and_laptops_sent_home_is_not_a_farm() {
    let mut w = World::default();
    for (id, name) in [
        ("employee:1", "Ana Kowalski"),
        ("employee:2", "Tomas Herrera"),
    ] {
        for role in ["home", "ship_to"] {
            w.employee(id, name).has(
                id,
                ArtifactKind::PostalAddress,
                "1 elm st|denver|us",
                role,
                None,
            );
        }
    }
    check(
        &w,
        "employee:1 shared_home_address medium\nemployee:2 shared_home_address medium",
    );
}

#[test]
fn family_at_one_address_is_only_noted() {
    let mut w = World::default();
    for (id, name) in [
        ("employee:1", "Ana Kowalski"),
        ("employee:2", "Piotr Kowalski"),
    ] {
        w.employee(id, name).has(
            id,
            ArtifactKind::PostalAddress,
            "1 elm st|denver|us",
            "home",
            None,
        );
        w.has(
            id,
            ArtifactKind::Phone,
            "+13035550100",
            "home",
            Some("fixed_line_or_mobile"),
        );
    }
    check(
        &w,
        "employee:1 household_shared_artifact info\nemployee:1 household_shared_artifact info\n\
         employee:2 household_shared_artifact info\nemployee:2 household_shared_artifact info",
    );
}

#[test]
fn declared_agency_phone_and_domain_are_suppressed_with_a_note() {
    let mut w = World::default();
    w.benign.add(
        BenignEntry::Artifact {
            kind: ArtifactKind::Phone,
            canonical: "+12125550147".into(),
        },
        "Agency",
    );
    w.benign
        .add(BenignEntry::EmailDomain("agency.example".into()), "Agency");
    for (id, name) in [("greenhouse:1", "Ann Lee"), ("greenhouse:2", "Bob Ray")] {
        w.candidate(id, name).phone(id, "+12125550147");
        w.has(
            id,
            ArtifactKind::Email,
            "submissions@agency.example",
            "other",
            None,
        );
    }
    check(
        &w,
        "greenhouse:1 benign_shared_artifact info\ngreenhouse:1 benign_shared_artifact info\n\
         greenhouse:2 benign_shared_artifact info\ngreenhouse:2 benign_shared_artifact info",
    );
}

#[test]
fn undeclared_organisation_line_is_low_and_does_not_link() {
    let mut w = World::default();
    for i in 0..11 {
        let id = format!("greenhouse:{i}");
        w.candidate(&id, &format!("Person{i} Surname{i}")).has(
            &id,
            ArtifactKind::Phone,
            "+12125550147",
            "work",
            Some("fixed_line"),
        );
    }
    let a = analyze(&Input {
        subjects: &w.subjects,
        observations: &w.observations,
        relations: &w.relations,
        benign: &w.benign,
        probable: &[],
    });
    assert!(a.clusters.is_empty());
    assert_eq!(a.findings.len(), 11);
    assert!(a
        .findings
        .iter()
        .all(|f| f.kind == "shared_hub" && f.severity == Severity::Low));
}

#[test]
fn fabricated_reference_links_the_candidate_to_the_persona_whose_contact_it_uses() {
    let mut w = World::default();
    w.candidate("greenhouse:1", "Kenji Watanabe");
    w.candidate("greenhouse:2", "Marco Rossi")
        .phone("greenhouse:2", "+15551230001");
    w.reference("greenhouse:1", "reference:1:a", "John Miller")
        .has(
            "reference:1:a",
            ArtifactKind::Phone,
            "+15551230001",
            "reference",
            Some("mobile"),
        );
    check(
        &w,
        "greenhouse:1 fabricated_reference high\ngreenhouse:1 persona_cluster high\n\
         greenhouse:2 fabricated_reference high\ngreenhouse:2 persona_cluster high\n\
         cluster greenhouse:1 greenhouse:2",
    );
}

#[test]
fn referral_by_a_colleague_under_their_own_name_is_not_a_finding() {
    let mut w = World::default();
    w.employee("employee:7", "Maria Garcia").has(
        "employee:7",
        ArtifactKind::Email,
        "maria.garcia@acme.example",
        "work",
        None,
    );
    w.candidate("greenhouse:9", "Tom Baker");
    w.reference("greenhouse:9", "reference:9:a", "Maria Garcia")
        .has(
            "reference:9:a",
            ArtifactKind::Email,
            "maria.garcia@acme.example",
            "reference",
            None,
        );
    check(&w, "");
}

#[test]
fn laptop_farm_and_shared_payout_account_flag_without_linking() {
    let mut w = World::default();
    for (id, name, email) in [
        ("employee:1", "Alex Carter", "a@acme.example"),
        ("employee:2", "Li Wei", "b@acme.example"),
    ] {
        w.employee(id, name)
            .has(id, ArtifactKind::Email, email, "work", None);
        w.has(
            id,
            ArtifactKind::BankAccount,
            "hash-of-shared-account",
            "payout",
            Some("iban:BE"),
        );
    }
    w.device("SN1", "a@acme.example", "9 farm rd|nashville|us");
    w.device("SN2", "b@acme.example", "9 farm rd|nashville|us");
    check(
        &w,
        "employee:1 shared_payout_account high\nemployee:1 shared_ship_to_address high\n\
         employee:2 shared_payout_account high\nemployee:2 shared_ship_to_address high",
    );
}

#[test]
fn payroll_name_that_differs_from_the_application_is_flagged() {
    let mut w = World::default();
    w.candidate("greenhouse:1", "Kenji Watanabe");
    w.employee("employee:1", "Marco Rossi").relate(
        "employee:1",
        RelationKind::HiredFrom,
        "greenhouse:1",
    );
    check(
        &w,
        "employee:1 persona_cluster high\nemployee:1 hired_name_mismatch medium\ngreenhouse:1 persona_cluster high\n\
         cluster employee:1 greenhouse:1",
    );
}

#[test]
fn employee_hired_under_a_related_name_is_one_person() {
    // A preferred name, an adopted given name with the family name kept (either order), a
    // married name: an info finding each, and a cluster of one identity, so no persona cluster.
    for (ats, legal, relation) in [
        ("Jake Sullivan", "Jacob Sullivan", "nickname"),
        ("Connor Xie", "Xie Tao", "adopted_given_name"),
        ("Susan Gao", "Jing Gao", "adopted_given_name"),
        ("Huong Nguyen", "Nguyen Thi Huong", "reordered"),
        ("Anna Smith", "Anna Jones-Smith", "surname_changed"),
    ] {
        let mut w = World::default();
        w.candidate("greenhouse:1", ats);
        w.employee("employee:1", legal).relate(
            "employee:1",
            RelationKind::HiredFrom,
            "greenhouse:1",
        );
        check(
            &w,
            "employee:1 hired_under_other_name info\ncluster employee:1 greenhouse:1",
        );
        let a = analyze(&Input {
            subjects: &w.subjects,
            observations: &w.observations,
            relations: &w.relations,
            benign: &w.benign,
            probable: &[],
        });
        assert!(
            a.findings[0].explanation.contains(&format!("({relation})")),
            "{ats} ~ {legal}: {}",
            a.findings[0].explanation
        );
    }
}

#[test]
fn preferred_name_does_not_count_twice_in_a_cluster() {
    // The candidate shares a mobile with another candidate under another name: a persona
    // cluster of two identities, not three, though the employee's legal name is a third string.
    let mut w = World::default();
    w.candidate("greenhouse:1", "Liz Reed")
        .phone("greenhouse:1", "+15551230001");
    w.candidate("greenhouse:2", "Marco Rossi")
        .phone("greenhouse:2", "+15551230001");
    w.employee("employee:1", "Elizabeth Reed").relate(
        "employee:1",
        RelationKind::HiredFrom,
        "greenhouse:1",
    );
    let a = analyze(&Input {
        subjects: &w.subjects,
        observations: &w.observations,
        relations: &w.relations,
        benign: &w.benign,
        probable: &[],
    });
    let cluster = a
        .findings
        .iter()
        .find(|f| f.kind == "persona_cluster")
        .expect("a persona cluster");
    assert!(
        cluster.explanation.contains("under 2 different names"),
        "{}",
        cluster.explanation
    );
}

#[test]
fn same_input_same_output() {
    let mut w = World::default();
    for i in 0..6 {
        let id = format!("greenhouse:{i}");
        w.candidate(&id, &format!("Name{i} Family{i}"))
            .phone(&id, &format!("+1555000{}", i / 2));
    }
    let run = || {
        let a = analyze(&Input {
            subjects: &w.subjects,
            observations: &w.observations,
            relations: &w.relations,
            benign: &w.benign,
            probable: &[],
        });
        format!("{:?}{:?}", a.findings, a.clusters)
    };
    assert_eq!(run(), run());
}

impl World {
    /// A link as the Greenhouse importer records it: the whole URL, and `web:<host>` beside it
    /// when the host is the holder's own.
    fn link(&mut self, id: &str, raw: &str) -> &mut Self {
        let canon = unmask_model::canon::Canonicalizer::new([0; 32]);
        for artifact in canon.link(raw).expect("link") {
            let (kind, value, detail) = (
                artifact.kind,
                artifact.canonical.expose().clone(),
                artifact.detail.clone(),
            );
            self.has(id, kind, &value, "website", detail.as_deref());
        }
        self
    }
}

/// Issue 12: a cloud drive's host is no one's. Candidates linking different files on Google
/// Drive, Docs or Notion share nothing; two linking one file, however spelled, share it.
#[test]
fn links_on_shared_hosts_tie_only_people_who_give_the_same_file() {
    let mut w = World::default();
    for (id, name, link) in [
        (
            "greenhouse:1",
            "Priya Raman",
            "https://drive.google.com/file/d/1pR4m4n/view?usp=sharing",
        ),
        (
            "greenhouse:2",
            "Tomasz Nowak",
            "https://docs.google.com/document/d/1Tn0w4k/edit",
        ),
        (
            "greenhouse:3",
            "Grace Mensah",
            "https://www.notion.so/gracemensah/Resume-8f2c",
        ),
        (
            "greenhouse:4",
            "Diego Alvarez",
            "https://drive.google.com/file/d/1dAlv4r/view",
        ),
        ("greenhouse:5", "Hannah Becker", "http://bit.ly/3hBeck"),
        (
            "greenhouse:6",
            "Kwame Owusu",
            "https://kwame-owusu.notion.site/Resume-3b9e",
        ),
        (
            "greenhouse:7",
            "Wei Zhang",
            "https://drive.google.com/file/d/1SaMeF1le/view?usp=sharing",
        ),
        (
            "greenhouse:8",
            "Lucas Martin",
            "drive.google.com/file/d/1SaMeF1le/view?usp=drive_link",
        ),
    ] {
        w.candidate(id, name).link(id, link);
    }
    // A database imported before hosts were told apart holds `web:drive.google.com`: it
    // links no one either.
    for id in ["greenhouse:1", "greenhouse:4"] {
        w.has(
            id,
            ArtifactKind::Profile,
            "web:drive.google.com",
            "website",
            Some("web"),
        );
    }
    check(
        &w,
        "greenhouse:7 persona_cluster high\ngreenhouse:7 shared_identifier high\n\
         greenhouse:8 persona_cluster high\ngreenhouse:8 shared_identifier high\n\
         cluster greenhouse:7 greenhouse:8",
    );
}

/// Tenants of shared hosting are different people; a personal site's pages count once, by
/// its host.
#[test]
fn per_user_subdomains_are_different_identities() {
    let mut w = World::default();
    w.candidate("greenhouse:1", "Alice Moreau")
        .link("greenhouse:1", "https://alice-moreau.github.io/");
    w.candidate("greenhouse:2", "Bob Schulz")
        .link("greenhouse:2", "https://bob-schulz.github.io/");
    w.candidate("greenhouse:3", "Kim Ji-ho")
        .link("greenhouse:3", "https://kimdev.example/about");
    w.candidate("greenhouse:4", "Lee Min-su")
        .link("greenhouse:4", "https://www.kimdev.example/about/");
    check(
        &w,
        "greenhouse:3 persona_cluster high\ngreenhouse:3 shared_identifier high\n\
         greenhouse:4 persona_cluster high\ngreenhouse:4 shared_identifier high\n\
         cluster greenhouse:3 greenhouse:4",
    );
}
