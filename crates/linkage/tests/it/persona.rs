//! The persona linker (`persona::link`) end to end on a small synthetic population: a true pair
//! is linked, namesakes are not, a hub's value counts for less the more people hold it, and an
//! operator's front agency is still linked through what its personas share beyond the agency.

use super::World;
use unmask_linkage::persona::{self, PersonaLink};
use unmask_linkage::{analyze, Benign, Input, Linker};
use unmask_model::ArtifactKind;

const GIVEN: &[&str] = &[
    "amelia", "bruno", "chioma", "dmitri", "elif", "farhan", "greta", "hiroshi", "ines", "jonas",
    "kalinda", "luca", "mateo", "nadia", "oskar", "priya", "quentin", "rosa", "sven", "tamar",
];
const FAMILY: &[&str] = &[
    "abbott",
    "bergstrom",
    "castillo",
    "delacroix",
    "eriksen",
    "fontaine",
    "gallagher",
    "haddad",
    "ibarra",
    "jovanovic",
    "kowalczyk",
    "lindgren",
    "moreau",
    "nakamura",
    "oyelaran",
    "petrakis",
    "quintero",
    "rasmussen",
    "szabo",
    "thornton",
];
const WORDS: &[&str] = &[
    "built",
    "scalable",
    "services",
    "react",
    "kubernetes",
    "pipelines",
    "led",
    "migration",
    "postgres",
    "latency",
    "mentored",
    "engineers",
    "designed",
    "payments",
    "platform",
    "rust",
    "golang",
    "observability",
    "reduced",
    "costs",
    "shipped",
    "mobile",
    "features",
    "analytics",
    "terraform",
    "aws",
    "graphql",
    "testing",
    "automation",
    "security",
    "search",
    "ranking",
];
const CITIES: &[&str] = &[
    "austin us",
    "denver us",
    "toronto ca",
    "leeds gb",
    "lyon fr",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn resume(rng: &mut Rng) -> String {
    (0..60)
        .map(|_| WORDS[rng.next() % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// One person of the population: a name, a free-mail address, a mobile, a handle, a resume.
struct Person {
    id: String,
    name: String,
    email: String,
    phone: String,
    handle: String,
    resume: String,
}

impl World {
    fn person(&mut self, p: &Person) -> &mut Self {
        let id = p.id.as_str();
        self.candidate(id, &p.name)
            .has(id, ArtifactKind::PersonName, &p.name, "legal", None)
            .has(
                id,
                ArtifactKind::Email,
                &p.email,
                "personal",
                Some("free_mail"),
            )
            .has(id, ArtifactKind::Phone, &p.phone, "mobile", Some("mobile"))
            .has(id, ArtifactKind::Profile, &p.handle, "social", None)
            .has(id, ArtifactKind::ResumeText, &p.resume, "claimed", None)
    }
}

/// 400 unrelated people with distinct names and details, from a fixed seed.
fn population(rng: &mut Rng) -> Vec<Person> {
    (0..400)
        .map(|i| {
            let (g, f) = (GIVEN[i % GIVEN.len()], FAMILY[i / GIVEN.len()]);
            Person {
                id: format!("greenhouse:{}", 10_000 + i),
                name: format!("{g} {f}"),
                email: format!("{g}.{f}{}@gmail.com", rng.next() % 100),
                phone: format!("+1{}", 2_000_000_000 + rng.next() % 7_000_000_000),
                handle: format!("github:{g}-{f}"),
                resume: resume(rng),
            }
        })
        .collect()
}

fn world(extra: impl FnOnce(&mut World, &mut Rng)) -> World {
    let mut rng = Rng(42);
    let mut w = World::default();
    for p in population(&mut rng) {
        w.person(&p);
        w.has(
            &p.id,
            ArtifactKind::ClaimedLocation,
            CITIES[rng.next() % CITIES.len()],
            "claimed",
            None,
        );
    }
    extra(&mut w, &mut rng);
    w
}

/// The persona linker trained on the world, to read its model and explanations.
fn trained(w: &World) -> Linker {
    let table = persona::table(
        &w.subjects,
        &w.observations,
        &w.relations,
        &Benign::default(),
    );
    Linker::train(table, &persona::settings(0)).expect("link")
}

fn link(w: &World) -> Vec<PersonaLink> {
    persona::link(&w.subjects, &w.observations, &w.relations, &w.benign, 0)
}

fn linked(links: &[PersonaLink], a: &str, b: &str) -> bool {
    links
        .iter()
        .any(|l| (l.a.as_str(), l.b.as_str()) == (a, b) || (l.a.as_str(), l.b.as_str()) == (b, a))
}

/// Two personas of one operator: different names, one mobile, handles with one stem, one resume
/// lightly edited.
fn operator_pair(w: &mut World, rng: &mut Rng, ids: [&str; 2]) {
    let text = resume(rng);
    for (k, (id, name)) in ids
        .iter()
        .zip(["kevin gray", "lorenzo moretti"])
        .enumerate()
    {
        w.person(&Person {
            id: id.to_string(),
            name: name.into(),
            email: format!("{}{}@proton.me", name.replace(' ', "."), 27 + k),
            phone: "+17737656700".into(),
            handle: format!("github:star-cosmos{}", 7 * k),
            resume: format!("{text} extra{k}"),
        });
    }
}

#[test]
fn a_true_pair_is_linked_and_namesakes_are_not() {
    let w = world(|w, rng| {
        operator_pair(w, rng, ["greenhouse:1", "greenhouse:2"]);
        // Two unrelated people who happen to share a common name, nothing else.
        for (k, id) in ["greenhouse:3", "greenhouse:4"].iter().enumerate() {
            w.person(&Person {
                id: id.to_string(),
                name: "john smith".into(),
                email: format!("jsmith{}@outlook.com", 40 + 31 * k),
                phone: format!("+1312555{:04}", 1000 + 4321 * k),
                handle: format!("github:{}", ["coder-fox", "blue-lantern"][k]),
                resume: resume(rng),
            });
        }
    });
    let links = link(&w);
    assert!(linked(&links, "greenhouse:1", "greenhouse:2"), "{links:?}");
    assert!(!linked(&links, "greenhouse:3", "greenhouse:4"), "{links:?}");
    assert!(links.len() <= 2, "{links:?}");
}

/// `n` people of the population, spread so that no two share a surname.
fn spread(w: &World, n: usize, from: usize) -> Vec<String> {
    (0..n)
        .map(|k| w.subjects[from + 21 * k].id.to_string())
        .collect()
}

/// `n` differently named people of the population who all give one extra phone.
fn hub(w: &mut World, n: usize, phone: &str) {
    for id in spread(w, n, 0) {
        w.has(&id, ArtifactKind::Phone, phone, "mobile", Some("mobile"));
    }
}

#[test]
fn a_value_many_people_hold_weighs_less_and_links_nobody_alone() {
    let w = world(|w, _| {
        hub(w, 18, "+15550001234");
        let ids: Vec<String> = w.subjects[100..102]
            .iter()
            .map(|s| s.id.to_string())
            .collect();
        for id in ids {
            w.has(
                &id,
                ArtifactKind::Phone,
                "+15550009876",
                "mobile",
                Some("mobile"),
            );
        }
    });
    let links = link(&w);
    assert!(links.is_empty(), "{links:?}");
    let linker = trained(&w);
    let phone = linker
        .model()
        .comparisons
        .iter()
        .find(|c| c.column == "phone")
        .expect("phone comparison");
    let (hub, pair) = (
        phone.exact_weight("15550001234"),
        phone.exact_weight("15550009876"),
    );
    assert!(hub + 3.0 < pair, "hub {hub} vs pair {pair}");
}

#[test]
fn an_agency_contact_links_nobody_but_a_front_is_still_linked() {
    let w = world(|w, rng| {
        // A real agency: twenty of the population submitted with its mailbox and phone.
        for id in &spread(w, 18, 10) {
            w.has(id, ArtifactKind::Email, "cv@agency.example", "work", None)
                .has(
                    id,
                    ArtifactKind::Phone,
                    "+442079460000",
                    "work",
                    Some("fixed_line"),
                )
                .source(id, "Agency: Example Recruiting Group");
        }
        // An operator's front: its personas carry the front's contact too, and share a mobile,
        // a handle stem and a resume beyond it.
        operator_pair(w, rng, ["greenhouse:1", "greenhouse:2"]);
        for id in ["greenhouse:1", "greenhouse:2"] {
            w.has(id, ArtifactKind::Email, "hr@front.example", "work", None)
                .has(
                    id,
                    ArtifactKind::Phone,
                    "+13125550100",
                    "work",
                    Some("fixed_line"),
                )
                .source(id, "Agency: Front Global Staffing");
        }
        let decoy = w.subjects[300].id.to_string();
        w.has(
            &decoy,
            ArtifactKind::Email,
            "hr@front.example",
            "work",
            None,
        )
        .has(
            &decoy,
            ArtifactKind::Phone,
            "+13125550100",
            "work",
            Some("fixed_line"),
        )
        .source(&decoy, "Agency: Front Global Staffing");
    });
    let links = link(&w);
    assert!(linked(&links, "greenhouse:1", "greenhouse:2"), "{links:?}");
    assert_eq!(links.len(), 1, "{links:?}");
}

/// Two personas of one operator with nothing personal in common: other names, mailboxes,
/// phones and handles, but the operator's digits in both mailboxes, one small front company in
/// both employment histories and one resume paraphrased.
fn quiet_operator_pair(w: &mut World, rng: &mut Rng, op: usize) -> [String; 2] {
    let text = resume(rng);
    let ids = [
        format!("greenhouse:{}", 2 * op + 1),
        format!("greenhouse:{}", 2 * op + 2),
    ];
    let names = [
        format!("{} {}", GIVEN[(3 * op) % GIVEN.len()], "ostrowski"),
        format!("{} {}", GIVEN[(3 * op + 7) % GIVEN.len()], "valdivia"),
    ];
    for k in 0..2 {
        let name = &names[k];
        w.person(&Person {
            id: ids[k].clone(),
            name: format!("{name}{op}"),
            email: format!("{}{}@gmail.com", name.replace(' ', "."), 4100 + 97 * op),
            phone: format!("+1{}", 3_135_790_000u64 + 4_321 * (2 * op + k) as u64),
            handle: format!("github:{}-{op}", ["quantum", "tide"][k]),
            resume: format!("{text} extra{k}"),
        })
        .has(
            &ids[k],
            ArtifactKind::Employer,
            &format!("front studio {op}"),
            "employment",
            None,
        );
    }
    ids
}

/// Everyone of the population has worked somewhere, most for a few large employers, and many
/// keep a birth year in a second mailbox: neither links anybody.
fn work_histories(w: &mut World, rng: &mut Rng) {
    let people: Vec<String> = w.subjects[..400].iter().map(|s| s.id.to_string()).collect();
    for (i, id) in people.iter().enumerate() {
        let employer = match rng.next() % 4 {
            0 => "globex".to_string(),
            1 => "initech".to_string(),
            _ => format!("employer {}", rng.next() % 150),
        };
        w.has(id, ArtifactKind::Employer, &employer, "employment", None);
        if i % 2 == 0 {
            let email = format!("p{i}.{}@mail.example", 1970 + rng.next() % 30);
            w.has(id, ArtifactKind::Email, &email, "personal", None);
        }
    }
}

#[test]
fn digits_a_front_company_and_a_resume_link_personas_without_a_shared_contact() {
    let mut pairs = Vec::new();
    let w = world(|w, rng| {
        for op in 0..6 {
            pairs.push(quiet_operator_pair(w, rng, op));
        }
        work_histories(w, rng);
    });
    let links = link(&w);
    for [a, b] in &pairs {
        assert!(linked(&links, a, b), "{a} {b}: {links:?}");
    }
    assert_eq!(links.len(), pairs.len(), "{links:?}");
    for link in &links {
        let weight = |field: &str| {
            link.evidence
                .iter()
                .find(|(f, _, _)| f == field)
                .map_or(0.0, |e| e.2)
        };
        assert!(weight("employer") > 0.0, "{link:?}");
        assert!(weight("resume") > 0.0, "{link:?}");
    }
}

#[test]
fn namesakes_with_handles_and_mailboxes_made_from_their_names_are_not_linked() {
    let w = world(|w, rng| {
        for (k, id) in ["greenhouse:3", "greenhouse:4"].iter().enumerate() {
            w.person(&Person {
                id: id.to_string(),
                name: "maria garcia".into(),
                email: ["maria.garcia12@gmail.com", "mariagarcia88@outlook.com"][k].into(),
                phone: format!("+1312555{:04}", 1000 + 4321 * k),
                handle: ["github:mariagarcia", "github:maria-garcia"][k].into(),
                resume: resume(rng),
            });
        }
    });
    let links = link(&w);
    assert!(!linked(&links, "greenhouse:3", "greenhouse:4"), "{links:?}");
    // What the name explains counts once: the mailbox and the handle add nothing beside it.
    let linker = trained(&w);
    let (a, b) = (
        linker
            .ids()
            .iter()
            .position(|i| i == "greenhouse:3")
            .expect("a"),
        linker
            .ids()
            .iter()
            .position(|i| i == "greenhouse:4")
            .expect("b"),
    );
    let explained = linker.explain(a, b);
    let positive: Vec<_> = explained
        .iter()
        .filter(|(f, _, w)| persona::NAME_GROUP.contains(&f.as_str()) && *w > 0.0)
        .collect();
    assert_eq!(positive.len(), 1, "{explained:?}");
}

/// An operator who keeps one common surname for every persona is still one operator (a resume
/// and a front company beyond the surname); relatives who share that surname, a home and its
/// landline are a household, never a persona cluster.
#[test]
fn an_operators_common_surname_links_its_personas_and_not_a_household() {
    let operator = ["greenhouse:1", "greenhouse:2", "greenhouse:3"];
    let family = ["greenhouse:4", "greenhouse:5"];
    let w = world(|w, rng| {
        work_histories(w, rng);
        let text = resume(rng);
        for (k, (id, given)) in operator.iter().zip(["wei", "linh", "minh"]).enumerate() {
            w.person(&Person {
                id: id.to_string(),
                name: format!("{given} nguyen"),
                email: format!("{given}.dev{}@proton.me", 11 * k + 3),
                phone: format!("+1{}", 4_045_550_000u64 + 7_919 * k as u64),
                handle: format!("github:{}", ["coral-fox", "neon-owl", "iron-yak"][k]),
                resume: format!("{text} extra{k}"),
            })
            .has(
                id,
                ArtifactKind::Employer,
                "lotus outsourcing",
                "employment",
                None,
            );
        }
        for (k, (id, given)) in family.iter().zip(["thu", "bao"]).enumerate() {
            w.person(&Person {
                id: id.to_string(),
                name: format!("{given} nguyen"),
                email: format!("{given}nguyen{}@gmail.com", 50 + k),
                phone: "+14045550199".into(),
                handle: format!("github:{given}-codes"),
                resume: resume(rng),
            })
            .has(
                id,
                ArtifactKind::PostalAddress,
                "9 oak st|atlanta|us",
                "home",
                None,
            );
        }
    });
    let links = link(&w);
    let analysis = analyze(&Input {
        subjects: &w.subjects,
        observations: &w.observations,
        relations: &w.relations,
        benign: &w.benign,
        probable: &links,
    });
    let cluster_of = |id: &str| {
        analysis
            .clusters
            .iter()
            .position(|c| c.members.iter().any(|m| m.as_str() == id))
    };
    let first = cluster_of(operator[0]);
    assert!(first.is_some(), "{links:?}");
    for id in &operator[1..] {
        assert_eq!(cluster_of(id), first, "{id}: {links:?}");
    }
    for id in family {
        assert_eq!(cluster_of(id), None, "{id}: {:?}", analysis.clusters);
    }
}
