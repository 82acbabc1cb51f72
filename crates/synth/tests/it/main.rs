//! Integration tests: the generated files parse, every artifact canonicalises with unmask's own
//! canonicaliser, and the truth matches what the files actually share.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use unmask_model::canon::Canonicalizer;
use unmask_model::Artifact;
use unmask_synth::{generate, Truth, World};

const REFERENCES: &[&str] = &[
    "candidate_id",
    "reference_name",
    "reference_email",
    "reference_phone",
    "relationship",
    "stated_company",
];
const PAYROLL: &[&str] = &[
    "employee_id",
    "candidate_id",
    "work_email",
    "legal_name",
    "bank_country",
    "iban_or_account",
    "payment_provider",
    "home_address",
    "home_city",
    "home_country",
    "hire_date",
    "termination_date",
];
const DEVICES: &[&str] = &[
    "serial_number",
    "model",
    "assigned_user_email",
    "ship_to_address",
    "ship_to_city",
    "ship_to_country",
    "shipped_at",
];

type Row = HashMap<String, String>;

/// The world's files, parsed.
struct Export {
    files: BTreeMap<&'static str, String>,
    candidates: Vec<Value>,
    references: Vec<Row>,
    payroll: Vec<Row>,
    devices: Vec<Row>,
    truth: Truth,
}

fn rows(text: &str, header: &[&str]) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let found: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(found, header);
    reader
        .records()
        .map(|r| {
            let r = r.expect("csv row");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| ((*h).to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn load(world: &World) -> Export {
    let files: BTreeMap<&'static str, &str> = world.files().into_iter().collect();
    let candidates: Vec<Value> =
        serde_json::from_str(files["candidates.json"]).expect("candidates.json is JSON");
    let truth: Truth = serde_json::from_str(files["truth.json"]).expect("truth.json");
    assert_eq!(truth, world.truth);
    Export {
        references: rows(files["references.csv"], REFERENCES),
        payroll: rows(files["payroll.csv"], PAYROLL),
        devices: rows(files["devices.csv"], DEVICES),
        candidates,
        truth,
        files: files.into_iter().map(|(k, v)| (k, v.to_string())).collect(),
    }
}

fn canon() -> Canonicalizer {
    Canonicalizer::new([7; 32])
        .with_default_region("US")
        .expect("US region")
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not an array"))
}

fn cand_ref(c: &Value) -> String {
    format!("greenhouse:{}", c["id"].as_u64().expect("integer id"))
}

/// Splits `<street>, <city>, <country>` from the right.
fn split_address(value: &str) -> (String, String, String) {
    let mut parts = value.rsplitn(3, ", ");
    let country = parts.next().unwrap_or_default().to_string();
    let city = parts.next().unwrap_or_default().to_string();
    let street = parts.next().unwrap_or_default().to_string();
    (street, city, country)
}

/// Where an artifact was read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// On the candidate record itself (email, phone, profile).
    Contact,
    /// A reference row's email or phone, held by the candidate it is for.
    Reference,
    /// Anything else: names, addresses, payroll, devices.
    Other,
}

struct Holding {
    key: String,
    holder: String,
    origin: Origin,
}

/// Every artifact in the export with who holds it; panics listing values that do not
/// canonicalise.
fn holdings(e: &Export) -> Vec<Holding> {
    let c = canon();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut add =
        |result: Result<Artifact, _>, raw: &str, holder: &str, origin: Origin| match result {
            Ok(a) => out.push(Holding {
                key: format!("{:?}|{}", a.kind, a.canonical.expose()),
                holder: holder.to_string(),
                origin,
            }),
            Err(err) => errors.push(format!("{raw}: {err}")),
        };
    for cand in &e.candidates {
        let r = cand_ref(cand);
        for p in list(cand, "phone_numbers") {
            add(
                c.phone(s(p, "value"), Some("US")),
                s(p, "value"),
                &r,
                Origin::Contact,
            );
        }
        for m in list(cand, "email_addresses") {
            add(c.email(s(m, "value")), s(m, "value"), &r, Origin::Contact);
        }
        for w in list(cand, "website_addresses") {
            add(c.profile(s(w, "value")), s(w, "value"), &r, Origin::Contact);
        }
        for p in list(cand, "social_media_addresses") {
            add(c.profile(s(p, "value")), s(p, "value"), &r, Origin::Contact);
        }
        for a in list(cand, "addresses") {
            let (street, city, country) = split_address(s(a, "value"));
            add(
                c.address(&street, &city, &country),
                s(a, "value"),
                &r,
                Origin::Other,
            );
        }
        let name = format!("{} {}", s(cand, "first_name"), s(cand, "last_name"));
        add(c.name(&name), &name, &r, Origin::Other);
    }
    let ids: HashMap<String, String> = e
        .candidates
        .iter()
        .map(|c| (c["id"].to_string(), cand_ref(c)))
        .collect();
    for row in &e.references {
        let r = &ids[&row["candidate_id"]];
        add(
            c.email(&row["reference_email"]),
            &row["reference_email"],
            r,
            Origin::Reference,
        );
        add(
            c.phone(&row["reference_phone"], Some("US")),
            &row["reference_phone"],
            r,
            Origin::Reference,
        );
        add(
            c.name(&row["reference_name"]),
            &row["reference_name"],
            r,
            Origin::Other,
        );
    }
    let mut by_email = HashMap::new();
    for row in &e.payroll {
        let r = format!("employee:{}", row["employee_id"]);
        by_email.insert(row["work_email"].clone(), r.clone());
        add(
            c.email(&row["work_email"]),
            &row["work_email"],
            &r,
            Origin::Other,
        );
        add(
            c.name(&row["legal_name"]),
            &row["legal_name"],
            &r,
            Origin::Other,
        );
        let account = &row["iban_or_account"];
        add(
            c.bank_account(account, Some(&row["bank_country"])),
            account,
            &r,
            Origin::Other,
        );
        add(
            c.address(
                &row["home_address"],
                &row["home_city"],
                &row["home_country"],
            ),
            &row["home_address"],
            &r,
            Origin::Other,
        );
    }
    for row in &e.devices {
        let r = by_email
            .get(&row["assigned_user_email"])
            .cloned()
            .expect("device user is an employee");
        add(
            c.device_serial(&row["serial_number"]),
            &row["serial_number"],
            &r,
            Origin::Other,
        );
        add(
            c.address(
                &row["ship_to_address"],
                &row["ship_to_city"],
                &row["ship_to_country"],
            ),
            &row["ship_to_address"],
            &r,
            Origin::Other,
        );
    }
    assert!(
        errors.is_empty(),
        "{} values do not canonicalise: {:#?}",
        errors.len(),
        &errors[..errors.len().min(20)]
    );
    out
}

/// Union-find over refs.
#[derive(Default)]
struct Groups {
    index: HashMap<String, usize>,
    parent: Vec<usize>,
}

impl Groups {
    fn id(&mut self, r: &str) -> usize {
        if let Some(i) = self.index.get(r) {
            return *i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.index.insert(r.to_string(), i);
        i
    }

    fn find(&mut self, r: &str) -> usize {
        let mut i = self.id(r);
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, members: &[String]) {
        for pair in members.windows(2) {
            let (a, b) = (self.find(&pair[0]), self.find(&pair[1]));
            self.parent[a] = b;
        }
    }
}

fn by_key(holdings: &[Holding], keep: impl Fn(&Holding) -> bool) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut map: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for h in holdings.iter().filter(|h| keep(h)) {
        map.entry(&h.key).or_default().insert(&h.holder);
    }
    map
}

fn check_scale_one(seed: u64) {
    let world = generate(seed, 1);
    let e = load(&world);
    let t = &e.truth;
    assert_eq!((t.seed, t.scale), (seed, 1));

    let n = e.candidates.len();
    assert!((350..=450).contains(&n), "{n} candidates");
    assert!(
        (50..=70).contains(&e.payroll.len()),
        "{} employees",
        e.payroll.len()
    );
    assert_eq!(e.devices.len(), e.payroll.len());

    let operators: Vec<_> = t.clusters.iter().filter(|c| c.operator).collect();
    assert_eq!(operators.len(), 8);
    let mut personas = 0;
    let mut hired = 0;
    for op in &operators {
        let cands = op
            .members
            .iter()
            .filter(|m| m.starts_with("greenhouse:"))
            .count();
        assert!((2..=12).contains(&cands), "{} has {cands} personas", op.id);
        personas += cands;
        hired += op.members.len() - cands;
    }
    let share = hired as f64 / personas as f64;
    assert!(
        (0.25..=0.45).contains(&share),
        "{hired} of {personas} personas hired"
    );
    assert!(
        operators
            .iter()
            .filter(|o| o.members.len()
                > o.members
                    .iter()
                    .filter(|m| m.starts_with("greenhouse:"))
                    .count())
            .count()
            >= 6
    );

    let count = |kind: &str| t.lookalikes.iter().filter(|l| l.kind == kind).count();
    assert_eq!(count("common_name"), 8);
    assert_eq!(count("family"), 3);
    assert_eq!(count("agency"), 1);
    assert_eq!(count("referral"), 5);
    assert_eq!(count("reapplicant"), 3);
    for kind in [
        "undeclared_agency",
        "family_phone",
        "preferred_name",
        "asia_resident",
        "office",
    ] {
        assert!(count(kind) >= 1, "no {kind} look-alike");
    }
    let agency = t
        .lookalikes
        .iter()
        .find(|l| l.kind == "agency")
        .expect("agency");
    assert_eq!(agency.members.len(), 8);
    assert_eq!(
        t.facilitators
            .iter()
            .filter(|f| f.kind == "laptop_farm")
            .count(),
        2
    );
    assert_eq!(
        t.facilitators
            .iter()
            .filter(|f| f.kind == "payout_account")
            .count(),
        2
    );
}

#[test]
fn counts_at_scale_one() {
    for seed in [1, 2, 3, 42] {
        check_scale_one(seed);
    }
}

#[test]
fn same_seed_same_bytes() {
    let (wa, wb, wc) = (generate(11, 1), generate(11, 1), generate(12, 1));
    let a = wa.files();
    let b = wb.files();
    assert_eq!(a, b);
    let c = wc.files();
    for ((name, x), (_, y)) in a.iter().zip(&c) {
        // The enrichment data and intel describe the same made-up networks in every world.
        let fixed = [
            "intel.json",
            "vpn-warninglist.json",
            "ip-country.csv",
            "ip-asn.csv",
        ];
        if fixed.contains(name) {
            assert_eq!(x, y, "{name} should not depend on the seed");
        } else if *name != "unmask.toml" {
            assert_ne!(x, y, "{name} does not depend on the seed");
        }
    }
    let names: Vec<&str> = a.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "candidates.json",
            "references.csv",
            "payroll.csv",
            "devices.csv",
            "osquery.jsonl",
            "github-audit.jsonl",
            "okta.jsonl",
            "intel.json",
            "vpn-warninglist.json",
            "ip-country.csv",
            "ip-asn.csv",
            "unmask.toml",
            "truth.json"
        ]
    );
}

#[test]
fn candidates_have_greenhouse_shape() {
    let e = load(&generate(5, 1));
    let sources = [
        "LinkedIn",
        "Upwork",
        "Freelancer",
        "Telegram",
        "Jobs page on your website",
        "Referral",
        "TalentBridge Recruiting",
        "Northstar Talent Partners",
    ];
    let mut last_id = 0;
    for c in &e.candidates {
        let id = c["id"].as_u64().expect("id");
        assert!(id >= 4_000_100 && id > last_id);
        last_id = id;
        for key in ["first_name", "last_name", "company", "title"] {
            assert!(!s(c, key).is_empty(), "{key}");
        }
        for key in ["created_at", "updated_at", "last_activity"] {
            assert!(s(c, key).ends_with('Z'), "{key}");
        }
        assert_eq!(c["is_private"], false);
        assert!(c["photo_url"].is_null() && c["recruiter"].is_null() && c["coordinator"].is_null());
        assert_eq!(c["can_email"], true);
        for p in list(c, "phone_numbers") {
            assert!(["mobile", "home", "work", "other"].contains(&s(p, "type")));
        }
        for m in list(c, "email_addresses") {
            assert!(["personal", "work", "other"].contains(&s(m, "type")));
            let domain = s(m, "value").rsplit('@').next().unwrap_or_default();
            assert!(
                domain.ends_with(".example")
                    || ["gmail.com", "outlook.com", "yahoo.com", "proton.me"].contains(&domain),
                "{domain}"
            );
        }
        for w in list(c, "website_addresses") {
            assert!(["personal", "portfolio"].contains(&s(w, "type")));
        }
        let addresses = list(c, "addresses");
        assert_eq!(addresses.len(), 1);
        assert_eq!(s(&addresses[0], "value").matches(", ").count(), 2);
        let apps = list(c, "applications");
        assert_eq!(apps.len(), 1);
        let app = &apps[0];
        assert_eq!(list(c, "application_ids")[0], app["id"]);
        assert_eq!(app["candidate_id"], c["id"]);
        assert!(sources.contains(&s(&app["source"], "public_name")));
        assert!(app["source"]["id"].is_u64());
        let status = s(app, "status");
        assert!(["active", "rejected", "hired"].contains(&status));
        assert_eq!(app["rejected_at"].is_string(), status == "rejected");
        assert!(s(&app["location"], "address").contains(", "));
        assert!(
            s(&list(app, "jobs")[0], "name").contains("Engineer")
                || s(&list(app, "jobs")[0], "name").contains("Developer")
        );
        assert!(s(&app["current_stage"], "name").len() > 2);
        for key in ["citizenship", "current_location", "resume_text"] {
            let plain = s(&c["custom_fields"], key);
            let keyed = &c["keyed_custom_fields"][key];
            assert_eq!(s(keyed, "value"), plain);
            let kind = if key == "resume_text" {
                "long_text"
            } else {
                "short_text"
            };
            assert_eq!(s(keyed, "type"), kind);
        }
        assert!(!list(c, "educations").is_empty() && !list(c, "employments").is_empty());
    }
    let toml = &e.files["unmask.toml"];
    for needle in [
        "[canon]\ndefault_region = \"US\"",
        "kind = \"phone\"\nvalue = \"+1 212-555-0147\"",
        "kind = \"email_domain\"\nvalue = \"talentbridge.example\"",
        "value = \"500 Market Street\"\ncity = \"San Francisco\"\ncountry = \"United States\"",
    ] {
        assert!(toml.contains(needle), "{needle}");
    }
    for row in &e.payroll {
        assert!(row["work_email"].ends_with("@acme-corp.example"));
        assert!(row["employee_id"].starts_with('E') && row["employee_id"].len() == 6);
        assert_eq!(row["hire_date"].len(), 10);
        if row["bank_country"] == "US" {
            assert!(row["iban_or_account"].contains('-'));
        }
    }
}

#[test]
fn every_artifact_canonicalises() {
    for (seed, scale) in [(1, 1), (2, 2)] {
        let e = load(&generate(seed, scale));
        let h = holdings(&e);
        assert!(h.len() > 5 * e.candidates.len());
    }
}

#[test]
fn truth_is_consistent_with_the_files() {
    for seed in [3, 9] {
        let e = load(&generate(seed, 2));
        let t = &e.truth;
        let mut existing: BTreeSet<String> = e.candidates.iter().map(cand_ref).collect();
        existing.extend(
            e.payroll
                .iter()
                .map(|r| format!("employee:{}", r["employee_id"])),
        );

        // No ref in two clusters; every ref exists; singletons omitted.
        let mut seen = BTreeSet::new();
        let mut operator_refs = BTreeSet::new();
        for c in &t.clusters {
            assert!(c.members.len() >= 2, "{} is a singleton", c.id);
            for m in &c.members {
                assert!(
                    existing.contains(m),
                    "{m} is in the truth but not the files"
                );
                assert!(seen.insert(m.clone()), "{m} is in two clusters");
                if c.operator {
                    operator_refs.insert(m.clone());
                }
            }
        }
        for l in &t.lookalikes {
            for m in &l.members {
                assert!(existing.contains(m), "{m}");
                assert!(
                    !operator_refs.contains(m),
                    "look-alike {} holds operator record {m}",
                    l.kind
                );
            }
        }

        // Facilitators serve hired personas of at least two operators.
        let operator_of: HashMap<&str, &str> = t
            .clusters
            .iter()
            .filter(|c| c.operator)
            .flat_map(|c| c.members.iter().map(move |m| (m.as_str(), c.id.as_str())))
            .collect();
        let payroll: HashMap<String, &Row> = e
            .payroll
            .iter()
            .map(|r| (format!("employee:{}", r["employee_id"]), r))
            .collect();
        let device_of: HashMap<&str, &Row> = e
            .devices
            .iter()
            .map(|d| (d["assigned_user_email"].as_str(), d))
            .collect();
        let farms: Vec<_> = t
            .facilitators
            .iter()
            .filter(|f| f.kind == "laptop_farm")
            .collect();
        assert_eq!(farms.len(), 4);
        for farm in &farms {
            assert!((3..=6).contains(&farm.members.len()));
            let ops: BTreeSet<&str> = farm
                .members
                .iter()
                .map(|m| operator_of[m.as_str()])
                .collect();
            assert!(ops.len() >= 2, "{} serves one operator", farm.id);
            let ship: BTreeSet<String> = farm
                .members
                .iter()
                .map(|m| {
                    let p = payroll[m];
                    let d = device_of[p["work_email"].as_str()];
                    assert_ne!(d["ship_to_address"], p["home_address"]);
                    format!("{}|{}", d["ship_to_address"], d["ship_to_city"])
                })
                .collect();
            assert_eq!(ship.len(), 1, "one farm address");
            let payout = t
                .facilitators
                .iter()
                .find(|f| f.kind == "payout_account" && f.id == farm.id)
                .expect("payout");
            assert!((2..=4).contains(&payout.members.len()));
            let c = canon();
            let accounts: BTreeSet<String> = payout
                .members
                .iter()
                .map(|m| {
                    assert!(farm.members.contains(m));
                    let p = payroll[m];
                    assert!(["Payoneer", "Wise"].contains(&p["payment_provider"].as_str()));
                    let a = c
                        .bank_account(&p["iban_or_account"], Some(&p["bank_country"]))
                        .expect("iban");
                    a.canonical.expose().clone()
                })
                .collect();
            assert_eq!(accounts.len(), 1, "one payout account");
        }

        // Innocents share artifacts only inside a look-alike or their own cluster; operators
        // only with themselves (and, for ship-to addresses and accounts, their facilitators).
        let benign: BTreeSet<String> = {
            let c = canon();
            let key = |a: Artifact| format!("{:?}|{}", a.kind, a.canonical.expose());
            [
                key(c.phone("+1 212-555-0147", None).expect("agency phone")),
                key(c
                    .email("submissions@talentbridge.example")
                    .expect("agency email")),
                key(c
                    .address("500 Market Street", "San Francisco", "United States")
                    .expect("office")),
            ]
            .into()
        };
        let mut strict = Groups::default();
        for c in &t.clusters {
            strict.join(&c.members);
        }
        for l in &t.lookalikes {
            strict.join(&l.members);
        }
        let mut loose = Groups::default();
        for group in t
            .clusters
            .iter()
            .map(|c| &c.members)
            .chain(t.lookalikes.iter().map(|l| &l.members))
            .chain(t.facilitators.iter().map(|f| &f.members))
        {
            loose.join(group);
        }
        let h = holdings(&e);
        for (key, holders) in by_key(&h, |h| !benign.contains(&h.key)) {
            let holders: Vec<&str> = holders.into_iter().collect();
            let roots: BTreeSet<usize> = holders.iter().map(|r| strict.find(r)).collect();
            if roots.len() == 1 {
                continue;
            }
            let loose_ok = (key.starts_with("PostalAddress|") || key.starts_with("BankAccount|"))
                && holders
                    .iter()
                    .map(|r| loose.find(r))
                    .collect::<BTreeSet<_>>()
                    .len()
                    == 1
                && holders.iter().all(|r| operator_refs.contains(*r));
            assert!(loose_ok, "unexplained sharing of {key} by {holders:?}");
        }
    }
}

/// Careless operators' personas form one component under exact reuse (contacts and
/// references); careful operators' personas share nothing exactly but their handle stem.
#[test]
fn careless_operators_are_connected_careful_ones_are_not() {
    for (seed, scale) in [(1, 1), (4, 1), (8, 3)] {
        let e = load(&generate(seed, scale));
        let h = holdings(&e);
        let mut groups = Groups::default();
        let benign = [
            "Phone|+12125550147",
            "Email|submissions@talentbridge.example",
        ];
        for (key, holders) in by_key(&h, |h| h.origin != Origin::Other) {
            if !benign.contains(&key) {
                groups.join(&holders.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            }
        }
        let github: HashMap<String, Vec<String>> = e
            .candidates
            .iter()
            .map(|c| {
                let handles = list(c, "social_media_addresses")
                    .iter()
                    .map(|v| s(v, "value").to_lowercase())
                    .filter(|v| v.contains("github.com/"))
                    .map(|v| {
                        v.trim_end_matches('/')
                            .rsplit('/')
                            .next()
                            .unwrap_or_default()
                            .to_string()
                    })
                    .collect();
                (cand_ref(c), handles)
            })
            .collect();
        let operators: Vec<_> = e.truth.clusters.iter().filter(|c| c.operator).collect();
        let mut connected = 0;
        for op in &operators {
            let personas: Vec<&String> = op
                .members
                .iter()
                .filter(|m| m.starts_with("greenhouse:"))
                .collect();
            let roots: BTreeSet<usize> = personas.iter().map(|p| groups.find(p)).collect();
            if roots.len() == 1 {
                connected += 1;
            } else {
                assert_eq!(roots.len(), personas.len(), "{} is partly connected", op.id);
                let stems: BTreeSet<String> = personas
                    .iter()
                    .flat_map(|p| github[p.as_str()].iter())
                    .map(|h| h.trim_end_matches(|c: char| c.is_ascii_digit()).to_string())
                    .collect();
                assert_eq!(stems.len(), 1, "{} handle stems {stems:?}", op.id);
            }
        }
        assert_eq!(connected, (operators.len() * 3 + 2) / 5, "seed {seed}");
    }
}

#[test]
fn scale_twenty() {
    let world = generate(2024, 20);
    let files = world.files();
    let candidates: Vec<Value> = serde_json::from_str(files[0].1).expect("json");
    assert!(
        (7_000..=9_000).contains(&candidates.len()),
        "{}",
        candidates.len()
    );
    let t = &world.truth;
    assert_eq!(t.clusters.iter().filter(|c| c.operator).count(), 160);
    assert_eq!(t.facilitators.len(), 80);
    assert_eq!(
        t.lookalikes
            .iter()
            .filter(|l| l.kind == "common_name")
            .count(),
        160
    );
    let mut seen = BTreeSet::new();
    for c in &t.clusters {
        for m in &c.members {
            assert!(seen.insert(m), "{m} in two clusters");
        }
    }
}

#[test]
fn telemetry_plants_tactics_and_look_alikes() {
    let world = generate(1, 1);
    let files: std::collections::BTreeMap<&str, &str> = world.files().into_iter().collect();
    let osquery = &files["osquery.jsonl"];
    let audit = &files["github-audit.jsonl"];
    // Every line is one JSON object (osquery results log, GitHub audit log lines).
    for line in osquery.lines().chain(audit.lines()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        assert!(v.is_object());
    }
    let t = &world.truth;
    assert!(!t.endpoint.is_empty(), "no operator employee got a tactic");
    let kinds: Vec<&str> = t.lookalikes.iter().map(|l| l.kind.as_str()).collect();
    for k in ["sanctioned_rmm", "kvm_switch", "vm_user"] {
        assert!(kinds.contains(&k), "{k} missing: {kinds:?}");
    }
    // Each planted IP-KVM shows in its device's USB snapshot.
    let payroll = &files["payroll.csv"];
    let devices = &files["devices.csv"];
    for e in t
        .endpoint
        .iter()
        .filter(|e| e.tactics.iter().any(|x| x == "ip_kvm"))
    {
        let id = e.member.trim_start_matches("employee:");
        let email = payroll
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .and_then(|l| l.split(',').nth(2))
            .expect("payroll row");
        let serial = devices
            .lines()
            .find(|l| l.contains(email))
            .and_then(|l| l.split(',').next())
            .expect("device row");
        assert!(
            osquery
                .lines()
                .any(|l| l.contains(&format!("\"hostIdentifier\":\"{serial}\""))
                    && l.contains("PiKVM")),
            "no PiKVM for {}",
            e.member
        );
    }
    // Bulk copies are planted only on people who left, and show as a burst.
    assert!(t.endpoint.iter().all(|e| e.tactics.len() <= 4));
}

/// Operators' personas carry mostly non-Korean names, some operators keep one surname across
/// personas, and the truth knows every record's name culture.
#[test]
fn operator_personas_mix_name_cultures() {
    let mut cultures: BTreeMap<String, usize> = BTreeMap::new();
    let mut shared_surname = 0;
    for seed in [1, 2, 3] {
        let e = load(&generate(seed, 2));
        let t = &e.truth;
        let mut refs: BTreeSet<String> = e.candidates.iter().map(cand_ref).collect();
        refs.extend(
            e.payroll
                .iter()
                .map(|r| format!("employee:{}", r["employee_id"])),
        );
        let named: BTreeSet<String> = t.name_cultures.keys().cloned().collect();
        assert_eq!(named, refs, "every record has a name culture");
        let last_name: HashMap<String, String> = e
            .candidates
            .iter()
            .map(|c| (cand_ref(c), s(c, "last_name").to_string()))
            .collect();
        for op in t.clusters.iter().filter(|c| c.operator) {
            let personas: Vec<&String> = op
                .members
                .iter()
                .filter(|m| m.starts_with("greenhouse:"))
                .collect();
            for p in &personas {
                *cultures
                    .entry(t.name_cultures[p.as_str()].clone())
                    .or_default() += 1;
            }
            let surnames: BTreeSet<&str> = personas
                .iter()
                .map(|p| last_name[p.as_str()].as_str())
                .collect();
            if personas.len() >= 3 && surnames.len() == 1 {
                shared_surname += 1;
            }
        }
    }
    let total: usize = cultures.values().sum();
    let korean = cultures.get("korean").copied().unwrap_or(0);
    assert!(
        korean * 5 < total,
        "Korean personas {korean} of {total}: {cultures:?}"
    );
    for culture in ["western", "chinese", "japanese", "vietnamese"] {
        assert!(
            cultures.get(culture).copied().unwrap_or(0) > 0,
            "{culture}: {cultures:?}"
        );
    }
    assert!(
        shared_surname >= 2,
        "operators sharing a surname: {shared_surname}"
    );
}

/// The look-alikes written from the descriptions show what they describe in the files.
#[test]
fn new_look_alikes_look_as_described() {
    let e = load(&generate(1, 2));
    let t = &e.truth;
    let groups = |kind: &str| -> Vec<&Vec<String>> {
        t.lookalikes
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| &l.members)
            .collect()
    };
    let candidate: HashMap<String, &Value> =
        e.candidates.iter().map(|c| (cand_ref(c), c)).collect();
    let payroll: HashMap<String, &Row> = e
        .payroll
        .iter()
        .map(|r| (format!("employee:{}", r["employee_id"]), r))
        .collect();
    let device_of: HashMap<&str, &Row> = e
        .devices
        .iter()
        .map(|d| (d["assigned_user_email"].as_str(), d))
        .collect();
    let toml = &e.files["unmask.toml"];

    // An agency nobody declared: its name is the source, its contacts on every candidate.
    let agency = groups("undeclared_agency");
    assert_eq!(agency.len(), 1);
    assert_eq!(agency[0].len(), 16);
    for m in agency[0] {
        let c = candidate[m.as_str()];
        assert_eq!(
            s(&list(c, "applications")[0]["source"], "public_name"),
            "Northstar Talent Partners"
        );
        assert!(list(c, "email_addresses")
            .iter()
            .any(|v| s(v, "value") == "cv@northstar-talent.example"));
    }
    assert!(!toml.contains("northstar") && !toml.contains("646-555-0182"));

    // Payroll holds a related name, not the application's.
    let preferred = groups("preferred_name");
    assert_eq!(preferred.len(), 6);
    for g in &preferred {
        let c = candidate[g[0].as_str()];
        let p = payroll[g[1].as_str()];
        let ats = format!("{} {}", s(c, "first_name"), s(c, "last_name"));
        assert_ne!(ats, p["legal_name"]);
        assert_eq!(p["candidate_id"], c["id"].to_string());
        assert!(
            p["legal_name"].contains(s(c, "last_name")),
            "{ats} / {}",
            p["legal_name"]
        );
    }

    // Office staff live within a commute of the head office; at least three picked their
    // laptop up there.
    let mut picked_up = 0;
    for m in groups("office")[0] {
        let p = payroll[m.as_str()];
        let d = device_of[p["work_email"].as_str()];
        picked_up += usize::from(d["ship_to_address"] == "500 Market Street");
        assert!(
            ["San Francisco", "Oakland", "San Jose", "Palo Alto"]
                .contains(&p["home_city"].as_str()),
            "{}",
            p["home_city"]
        );
    }
    assert!(
        picked_up >= 3,
        "{picked_up} laptops picked up at the office"
    );
    assert!(e.files["okta.jsonl"].contains("2001:db8:0:fff0::"));

    // Asia residents: address, citizenship, phone and bank agree.
    let asia = groups("asia_resident");
    let mut hired = 0;
    for m in asia[0] {
        if let Some(p) = payroll.get(m.as_str()) {
            hired += 1;
            assert!(["Japan", "Singapore"].contains(&p["home_country"].as_str()));
            assert_eq!(
                &p["bank_country"][..],
                if p["home_country"] == "Japan" {
                    "JP"
                } else {
                    "SG"
                }
            );
            continue;
        }
        let c = candidate[m.as_str()];
        let country = s(&c["custom_fields"], "citizenship");
        assert!(["Japan", "Singapore"].contains(&country));
        assert!(s(&c["custom_fields"], "current_location").ends_with(country));
        let dial = if country == "Japan" { "81" } else { "65" };
        let phone = s(&list(c, "phone_numbers")[0], "value");
        assert!(phone.contains(dial), "{phone}");
    }
    assert_eq!(hired, 4);

    // Households of different surnames on one landline.
    for g in groups("family_phone") {
        let cands: Vec<&Value> = g
            .iter()
            .filter_map(|m| candidate.get(m.as_str()).copied())
            .collect();
        let homes: BTreeSet<&str> = cands
            .iter()
            .map(|c| s(&list(c, "addresses")[0], "value"))
            .collect();
        assert_eq!(homes.len(), 1);
        let landlines: BTreeSet<String> = cands
            .iter()
            .map(|c| {
                let home = list(c, "phone_numbers")
                    .iter()
                    .find(|p| s(p, "type") == "home");
                let raw = s(home.expect("a home phone"), "value");
                raw.chars().filter(char::is_ascii_digit).collect::<String>()
            })
            .map(|d| d[d.len() - 7..].to_string())
            .collect();
        assert_eq!(landlines.len(), 1, "{landlines:?}");
    }

    // Telemetry: the bare Linux gadget id on embedded engineers, a remote tool nobody sanctioned.
    let osquery = &e.files["osquery.jsonl"];
    assert!(groups("linux_gadget").iter().all(|g| !g.is_empty()));
    assert!(osquery.contains("\"Multifunction Composite Gadget\""));
    assert!(groups("unsanctioned_rmm").iter().all(|g| !g.is_empty()));
    for tool in ["Splashtop", "ScreenConnect", "AnyDesk"] {
        assert!(!toml.contains(tool), "{tool} is sanctioned");
    }
}

/// Without declarations, `unmask.toml` keeps only the enrichment; the world is the same.
#[test]
fn no_declarations_keeps_only_enrichment() {
    let with = generate(4, 1);
    let without = unmask_synth::generate_with(4, 1, unmask_synth::Declarations::Omitted);
    let toml = without
        .files()
        .into_iter()
        .find(|(n, _)| *n == "unmask.toml")
        .map(|(_, c)| c.to_string())
        .expect("unmask.toml");
    assert!(toml.contains("[enrich]"));
    for declaration in ["[[benign]]", "[[sanctioned]]", "[[travel]]"] {
        assert!(!toml.contains(declaration), "{declaration} in {toml}");
    }
    let intel: Value = serde_json::from_str(
        without
            .files()
            .into_iter()
            .find(|(n, _)| *n == "intel.json")
            .expect("intel")
            .1,
    )
    .expect("intel JSON");
    assert!(list(&intel, "objects").is_empty());
    assert_eq!(with.truth, without.truth);
    for ((name, a), (_, b)) in with.files().into_iter().zip(without.files()) {
        if !["unmask.toml", "intel.json"].contains(&name) {
            assert_eq!(a, b, "{name} differs");
        }
    }
}
