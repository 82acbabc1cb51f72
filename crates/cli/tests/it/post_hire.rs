//! The post-hire checks through the binary: the demo world's operators are found from their
//! sign-ins, with the time each finding would have fired; the traveller, the declared trip, the
//! privacy-minded VPN users and the new starters cloning repositories are not; and bad settings
//! are named.

use super::{analysed_world, json, ok, unmask};

/// Finding kinds of the post-hire checks (`unmask-signals`).
const CHECKS: [&str; 11] = [
    "known_bad_egress",
    "anonymizer_egress",
    "signin_location_mismatch",
    "device_location_mismatch",
    "impossible_travel",
    "shared_mfa_device",
    "shared_device",
    "offhours_profile",
    "long_session",
    "bulk_code_access",
    "pre_termination_bulk_access",
];

#[test]
fn operators_are_found_after_hire_and_the_look_alikes_are_not() {
    let (_tmp, dir) = analysed_world();
    let truth = json(&std::fs::read_to_string(dir.join("world/truth.json")).expect("truth"));
    let export = json(&ok(&dir, &["export"]).stdout);
    let subjects = export["subjects"].as_array().expect("subjects");
    let findings = |who: &str| -> Vec<serde_json::Value> {
        subjects
            .iter()
            .find(|s| s["ref"] == who)
            .map(|s| s["findings"].as_array().expect("findings").clone())
            .unwrap_or_default()
    };
    // Every post-hire finding says when it would have fired and cites the sign-in log.
    let mut seen = std::collections::BTreeSet::new();
    for s in subjects {
        for f in s["findings"].as_array().expect("findings") {
            let kind = f["kind"].as_str().expect("kind");
            if CHECKS.contains(&kind) {
                seen.insert(kind.to_string());
                assert!(f["at"].as_str().is_some_and(|t| t.ends_with('Z')), "{f}");
                assert!(
                    !f["evidence"].as_array().expect("evidence").is_empty(),
                    "{f}"
                );
            }
        }
    }
    for kind in [
        "known_bad_egress",
        "shared_mfa_device",
        "long_session",
        "anonymizer_egress",
    ] {
        assert!(
            seen.contains(kind),
            "no {kind} finding in the demo world: {seen:?}"
        );
    }
    // Addresses several people sign in from reach the facilitator graph, with a time too.
    let egress = subjects
        .iter()
        .flat_map(|s| s["findings"].as_array().expect("findings").iter())
        .find(|f| f["kind"] == "shared_egress")
        .expect("a shared sign-in address in the demo world");
    assert!(egress["at"].as_str().is_some(), "{egress}");
    assert!(egress["explanation"]
        .as_str()
        .is_some_and(|e| e.contains("sign in from")));
    let known_bad = subjects
        .iter()
        .flat_map(|s| s["findings"].as_array().expect("findings").iter())
        .find(|f| f["kind"] == "known_bad_egress")
        .expect("known-bad egress");
    assert!(known_bad["evidence"][0]["provenance"]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("okta.jsonl")));
    assert!(known_bad["explanation"]
        .as_str()
        .is_some_and(|e| e.contains("indicator--")));

    // The innocent look-alikes carry nothing above low from the checks.
    for l in truth["lookalikes"].as_array().expect("lookalikes") {
        let kind = l["kind"].as_str().expect("kind");
        if ![
            "traveller",
            "declared_travel",
            "privacy_vpn",
            "onboarding_cloner",
        ]
        .contains(&kind)
        {
            continue;
        }
        for m in l["members"].as_array().expect("members") {
            for f in findings(m.as_str().expect("ref")) {
                let strong = !matches!(f["severity"].as_str(), Some("info" | "low"));
                assert!(!strong, "{kind} {m} flagged: {f}");
            }
        }
    }

    // Time from hire to the first high finding over telemetry.
    let eval = json(
        &ok(
            &dir,
            &["eval", "--truth", "world/truth.json", "--format", "json"],
        )
        .stdout,
    );
    let h = &eval["post_hire"];
    let operators = h["operators"].as_u64().expect("operators");
    assert!(operators > 0);
    assert_eq!(h["detected"], operators, "{h}");
    assert!(
        h["within_14_days"].as_u64().expect("within") * 10 >= operators * 9,
        "{h}"
    );
    assert_eq!(h["innocents_flagged"], 0, "{h}");
    let text = ok(&dir, &["eval", "--truth", "world/truth.json"]).stdout;
    assert!(text.contains("post-hire"), "{text}");

    // Sign-ins were located with the IP data, so the report credits it, as its licence asks.
    assert!(seen.contains("signin_location_mismatch"), "{seen:?}");
    ok(&dir, &["report", "--html", "r.html"]);
    let html = std::fs::read_to_string(dir.join("r.html")).expect("report");
    assert!(html.contains("DB-IP") && html.contains("CC BY 4.0"));
}

#[test]
fn bad_trip_dates_and_missing_ip_data_are_named() {
    let (_tmp, dir) = analysed_world();
    let toml = std::fs::read_to_string(dir.join("world/unmask.toml")).expect("config");
    std::fs::write(
        dir.join("world/bad-trip.toml"),
        format!("{toml}\n[[travel]]\nemployee = \"E00001\"\nfrom = \"2025-13-01\"\nuntil = \"2025-06-01\"\n"),
    )
    .expect("write");
    let r = unmask(&dir, &["--config", "world/bad-trip.toml", "analyze"]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("bad-trip.toml") && r.stderr.contains("2025-13-01"),
        "{}",
        r.stderr
    );

    std::fs::write(
        dir.join("world/no-ip.toml"),
        toml.replace("ip-country.csv", "missing-country.csv"),
    )
    .expect("write");
    let r = unmask(&dir, &["--config", "world/no-ip.toml", "analyze"]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("missing-country.csv") && r.stderr.contains("[enrich]"),
        "{}",
        r.stderr
    );
}

/// Four employees in four cities (payroll), for the sign-in tests below.
const PEOPLE: [(&str, &str, &str, &str); 4] = [
    ("E1", "ann.lee@acme.example", "Ann Lee", "Seattle"),
    ("E2", "bo.diaz@acme.example", "Bo Diaz", "Denver"),
    ("E3", "cy.moss@acme.example", "Cy Moss", "Miami"),
    ("E4", "di.park@acme.example", "Di Park", "Austin"),
];

/// [`PEOPLE`] on the payroll and `log` as their Okta System Log, ingested and analysed in `dir`;
/// the export.
fn analysed_company(dir: &std::path::Path, log: &str) -> serde_json::Value {
    let mut payroll = String::from(
        "employee_id,candidate_id,work_email,legal_name,bank_country,iban_or_account,\
         payment_provider,home_address,home_city,home_country,hire_date,termination_date\n",
    );
    for (i, (id, email, name, city)) in PEOPLE.iter().enumerate() {
        payroll.push_str(&format!(
            "{id},,{email},{name},US,02100002{i}-5555000{i},bank,{i} Elm Street,{city},US,2026-01-05,\n"
        ));
    }
    std::fs::write(dir.join("payroll.csv"), payroll).expect("payroll");
    std::fs::write(dir.join("okta.jsonl"), log).expect("okta");
    ok(dir, &["ingest", "payroll", "payroll.csv"]);
    ok(dir, &["ingest", "okta", "okta.jsonl"]);
    ok(dir, &["analyze"]);
    json(&ok(dir, &["export"]).stdout)
}

/// The finding kinds of one subject in an export.
fn finding_kinds(export: &serde_json::Value, who: &str) -> Vec<String> {
    export["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .find(|s| s["ref"] == who)
        .map(|s| {
            s["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(|f| f["kind"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// An Okta sign-in line for `user` from `ip` on `day` (March 2026), with Okta's own verdict on
/// the address.
fn okta_sign_in(user: &str, ip: &str, day: u32, proxy: bool) -> String {
    okta_attempt(user, ip, day, proxy, "SUCCESS")
}

/// An Okta `user.session.start` with the given `outcome.result`.
fn okta_attempt(user: &str, ip: &str, day: u32, proxy: bool, result: &str) -> String {
    serde_json::json!({
        "actor": {"id": "00u1", "type": "User", "alternateId": user, "displayName": user},
        "client": {"ipAddress": ip},
        "eventType": "user.session.start",
        "outcome": {"result": result},
        "published": format!("2026-03-{day:02}T15:00:00.000Z"),
        "securityContext": {"isProxy": proxy},
        "uuid": format!("{user}-{day}-{result}"),
    })
    .to_string()
}

/// Two colleagues whose commercial VPN gives them one exit address that Okta calls a proxy
/// share an anonymising network, not a facilitator's line; two on one plain address do.
#[test]
fn a_proxy_exit_okta_flags_is_no_shared_egress() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut log = String::new();
    for (i, (_, email, _, _)) in PEOPLE.iter().enumerate() {
        // E1 and E2 behind one flagged proxy exit; E3 and E4 behind one plain address.
        let (ip, proxy) = if i < 2 {
            ("185.220.101.7", true)
        } else {
            ("198.51.100.23", false)
        };
        for day in 2..=12 {
            log.push_str(&okta_sign_in(email, ip, day, proxy));
            log.push('\n');
        }
    }
    let export = analysed_company(dir, &log);
    let kinds = |who: &str| finding_kinds(&export, who);
    for who in ["employee:E1", "employee:E2"] {
        let k = kinds(who);
        assert!(!k.contains(&"shared_egress".to_string()), "{who}: {k:?}");
        assert!(k.contains(&"anonymizer_egress".to_string()), "{who}: {k:?}");
    }
    for who in ["employee:E3", "employee:E4"] {
        let k = kinds(who);
        assert!(k.contains(&"shared_egress".to_string()), "{who}: {k:?}");
    }
    // The graph shows the address behind the finding, between the two.
    let view = json(&ok(dir, &["graph", "employee:E3", "--depth", "2"]).stdout);
    let nodes = view["nodes"].as_array().expect("nodes");
    let ip = nodes
        .iter()
        .find(|n| n["kind"] == "ip_address")
        .unwrap_or_else(|| panic!("no IP node: {view}"));
    assert_eq!(ip["label"], "198.51.100.23", "{view}");
    assert!(nodes.iter().any(|n| n["id"] == "employee:E4"), "{view}");
}

/// A password spray from one address against four employees, every attempt failed: the victims
/// sign in from their own homes and share nothing.
#[test]
fn a_password_spray_puts_no_victim_behind_one_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut log = String::new();
    for (i, (_, email, _, _)) in PEOPLE.iter().enumerate() {
        for day in 2..=12 {
            let home = format!("198.51.100.{}", 10 + i);
            log.push_str(&okta_sign_in(email, &home, day, false));
            log.push('\n');
            log.push_str(&okta_attempt(email, "203.0.113.250", day, false, "FAILURE"));
            log.push('\n');
        }
    }
    let export = analysed_company(dir, &log);
    for (id, ..) in PEOPLE {
        let who = format!("employee:{id}");
        let k = finding_kinds(&export, &who);
        assert!(!k.contains(&"shared_egress".to_string()), "{who}: {k:?}");
    }
}
