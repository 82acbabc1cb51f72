use super::*;

#[test]
fn shared_artifact_clusters_are_precise_and_lookalikes_are_not_flagged() {
    let (_tmp, dir) = analysed_world();
    let eval = json(
        &ok(
            &dir,
            &["eval", "--truth", "world/truth.json", "--format", "json"],
        )
        .stdout,
    );
    let precision = eval["pairwise"]["precision"].as_f64().expect("precision");
    let recall = eval["pairwise"]["recall"].as_f64().expect("recall");
    // Wrong pairs all come from the known gaps: outside them, clusters stay precise.
    let outside = precision_outside_known_gaps(&dir);
    assert!(
        outside >= 0.99,
        "pairwise precision outside {KNOWN_GAPS:?} {outside}"
    );
    assert!(precision >= 0.95, "pairwise precision {precision}");
    // Careless operators reuse exactly; careful ones only nearly (handle stems, a paraphrased
    // resume, a phone one digit apart), which the probabilistic linker must find.
    assert!(recall >= 0.9, "pairwise recall {recall}");
    for l in eval["lookalikes"].as_array().expect("lookalikes") {
        let kind = l["kind"].as_str().unwrap_or("");
        let plain = [
            "agency",
            "family",
            "referral",
            "asia_resident",
            "preferred_name",
            "office",
            "undeclared_agency",
            "family_phone",
        ];
        if plain.contains(&kind) {
            assert_eq!(l["flagged_high"], 0, "{kind} look-alikes flagged high: {l}");
            assert_eq!(
                l["linked"], 0,
                "{kind} look-alikes linked to someone else: {l}"
            );
            assert!(
                l["subjects"].as_u64().unwrap_or(0) > 0,
                "no {kind} look-alikes in the world"
            );
        }
    }
    // Laptop farms and shared payout accounts are all found.
    let facilitators = eval["facilitators"].as_array().expect("facilitators");
    assert_eq!(facilitators.len(), 2, "{eval}");
    for f in facilitators {
        assert!(f["planted"].as_u64().unwrap_or(0) > 0, "{f}");
        assert_eq!(f["found"], f["planted"], "{f}");
    }
    let at70 = &eval["thresholds"][1];
    assert_eq!(at70["risk"], 70);
    assert!(
        at70["operator_recall"].as_f64().unwrap_or(0.0) >= 0.6,
        "{at70}"
    );
    // Innocents at 70 outside the known gaps: none.
    let gap_flagged: u64 = eval["lookalikes"]
        .as_array()
        .expect("lookalikes")
        .iter()
        .filter(|l| KNOWN_GAPS.contains(&l["kind"].as_str().unwrap_or("")))
        .map(|l| l["flagged_high"].as_u64().unwrap_or(0))
        .sum();
    let flagged = at70["innocents_flagged"]
        .as_u64()
        .expect("innocents_flagged");
    assert!(
        flagged <= gap_flagged,
        "{at70}, {gap_flagged} in known gaps"
    );
    assert!(
        at70["false_positive_rate"].as_f64().unwrap_or(1.0) <= 0.01,
        "{at70}"
    );
}

/// Pairwise precision of the stored clusters, leaving out pairs whose two records both belong
/// to people of a [`KNOWN_GAPS`] look-alike.
fn precision_outside_known_gaps(dir: &Path) -> f64 {
    let export = json(&ok(dir, &["export", "--format", "json"]).stdout);
    let truth = json(&std::fs::read_to_string(dir.join("world/truth.json")).expect("truth"));
    let mut person: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, c) in truth["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .enumerate()
    {
        for m in c["members"].as_array().expect("members") {
            person.insert(m.as_str().expect("ref"), i);
        }
    }
    let mut gap: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for l in truth["lookalikes"].as_array().expect("lookalikes") {
        if KNOWN_GAPS.contains(&l["kind"].as_str().unwrap_or("")) {
            for m in l["members"].as_array().expect("members") {
                gap.insert(m.as_str().expect("ref"));
            }
        }
    }
    // A gap member's other records (an agency candidate's employee record) are in the gap too.
    let gap_people: std::collections::BTreeSet<usize> =
        gap.iter().filter_map(|m| person.get(m).copied()).collect();
    let in_gap = |r: &str| gap.contains(r) || person.get(r).is_some_and(|p| gap_people.contains(p));
    let (mut correct, mut wrong) = (0usize, 0usize);
    for c in export["clusters"].as_array().expect("clusters") {
        let m: Vec<&str> = c["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|v| v.as_str().expect("ref"))
            .collect();
        for i in 0..m.len() {
            for j in i + 1..m.len() {
                let same = person.contains_key(m[i]) && person.get(m[i]) == person.get(m[j]);
                if same {
                    correct += 1;
                } else if !(in_gap(m[i]) && in_gap(m[j])) {
                    wrong += 1;
                }
            }
        }
    }
    correct as f64 / (correct + wrong).max(1) as f64
}

#[test]
fn export_contract() {
    let (_tmp, dir) = analysed_world();
    let export = json(&ok(&dir, &["export", "--format", "json"]).stdout);
    let subjects = export["subjects"].as_array().expect("subjects");
    let clusters = export["clusters"].as_array().expect("clusters");
    // Every candidate and employee appears, with a risk from 0 to 100.
    let candidates = std::fs::read_to_string(dir.join("world/candidates.json")).expect("read");
    let n_candidates = candidates.matches("\"first_name\"").count();
    let payroll = std::fs::read_to_string(dir.join("world/payroll.csv")).expect("read");
    let n_employees = payroll.lines().count() - 1;
    assert_eq!(subjects.len(), n_candidates + n_employees);
    for s in subjects {
        let r = s["ref"].as_str().expect("ref");
        assert!(
            r.starts_with("greenhouse:") || r.starts_with("employee:"),
            "{r}"
        );
        let risk = s["risk"].as_u64().expect("risk");
        assert!(risk <= 100);
        let findings = s["findings"].as_array().expect("findings");
        // Risk comes from findings above info (of this record or of the same person's other
        // record); with none at all, only the prior is left, which rounds to 0.
        let contributions = s["contributions"].as_array().expect("contributions");
        assert_eq!(contributions[0]["kind"], "prior", "{s}");
        if contributions.len() == 1 {
            assert_eq!(risk, 0, "{s}");
        }
        assert!(
            findings.iter().all(|f| f["severity"] == "info") || contributions.len() > 1,
            "{s}"
        );
        let points: f64 = contributions
            .iter()
            .map(|c| c["points"].as_f64().expect("points"))
            .sum();
        assert!(
            (points - risk as f64).abs() <= 0.5,
            "{points} vs {risk}: {s}"
        );
        for f in findings {
            for key in ["kind", "severity", "explanation"] {
                assert!(
                    f[key].as_str().is_some_and(|v| !v.is_empty()),
                    "{key} missing in {f}"
                );
            }
            assert!(!f["evidence"].as_array().expect("evidence").is_empty());
        }
    }
    assert!(!clusters.is_empty());
    for c in clusters {
        assert!(c["id"].as_str().is_some_and(|id| id.starts_with("cl-")));
        assert!(c["members"].as_array().expect("members").len() >= 2);
    }
    // Personal values never appear in clear in the export: no raw account numbers.
    let raw = ok(&dir, &["export", "--format", "json"]).stdout;
    for line in payroll.lines().skip(1) {
        let account: String = line
            .split(',')
            .nth(5)
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            account.len() < 8 || !raw.contains(&account),
            "account number in export"
        );
    }
}

#[test]
fn reingest_changes_nothing_and_analysis_is_deterministic() {
    let (_tmp, dir) = analysed_world();
    let first = ok(&dir, &["export", "--format", "json"]).stdout;
    let again = ok(
        &dir,
        &[
            "--config",
            "world/unmask.toml",
            "ingest",
            "greenhouse",
            "world/candidates.json",
        ],
    );
    assert!(
        again
            .stderr
            .contains("skipped world/candidates.json: the same content was imported"),
        "{}",
        again.stderr
    );
    // A copy under another name is new bytes-wise identical: still nothing new.
    std::fs::copy(dir.join("world/payroll.csv"), dir.join("payroll-copy.csv")).expect("copy");
    let copy = ok(
        &dir,
        &[
            "--config",
            "world/unmask.toml",
            "ingest",
            "payroll",
            "payroll-copy.csv",
        ],
    );
    assert!(copy.stderr.contains("skipped"), "{}", copy.stderr);
    ok(&dir, &["--config", "world/unmask.toml", "analyze"]);
    assert_eq!(first, ok(&dir, &["export", "--format", "json"]).stdout);
}

#[test]
fn subjects_show_report_and_demo() {
    let (_tmp, dir) = analysed_world();
    let list = ok(&dir, &["subjects", "--min-risk", "70", "--limit", "5"]).stdout;
    let mut lines = list.lines();
    assert_eq!(
        lines
            .next()
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>),
        Some(vec!["RISK", "SUBJECT", "KIND", "FINDINGS"])
    );
    let first = lines.next().expect("a high-risk subject");
    let reference = first.split_whitespace().nth(1).expect("ref");
    let shown = ok(&dir, &["show", reference]).stdout;
    assert!(shown.starts_with(&format!("{reference} (")), "{shown}");
    assert!(shown.contains("[high]"), "{shown}");
    let as_json = json(&ok(&dir, &["show", reference, "--format", "json"]).stdout);
    assert_eq!(as_json["ref"], reference);

    ok(&dir, &["report", "--html", "report.html"]);
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report");
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("Persona clusters") && html.contains(reference));
    // Self-contained: nothing loaded from elsewhere. (Evidence text may quote a URL, escaped.)
    for external in [
        "<script",
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
    ] {
        assert!(
            !html.contains(external),
            "report must be self-contained: found {external}"
        );
    }

    let demo = ok(&dir, &["demo", "--out", "demo"]);
    assert!(
        demo.stdout.contains("report: demo/report.html"),
        "{}",
        demo.stdout
    );
    assert!(dir.join("demo/report.html").exists() && dir.join("demo/unmask.db").exists());
}
