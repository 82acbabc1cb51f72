//! Telemetry and Sigma through the binary: the pack's own tests, lint, hunting over files, and
//! `analyze` turning rule hits into findings on the right employees of the demo world, with the
//! sanctioned tools, desk KVM switches and VirtualBox users left alone.

use super::{analysed_world, json, ok, unmask};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared(rel: &str) -> Option<PathBuf> {
    let p = repo().join("../shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} is not on this machine", p.display());
        None
    }
}

#[test]
fn the_pack_passes_its_own_tests_and_a_wrong_test_fails() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rules = repo().join("rules").display().to_string();
    let r = ok(tmp.path(), &["rules", "test", &rules]);
    assert!(!r.stdout.contains("FAIL"), "{}", r.stdout);
    assert!(
        r.stdout.contains("PASS  unmask_ip_kvm_usb_device"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("PASS  unmask_two_remote_access_tools"),
        "{}",
        r.stdout
    );
    ok(tmp.path(), &["rules", "lint", &rules]);

    // A rule whose positive example does not match it.
    let dir = tmp.path().join("mine");
    std::fs::create_dir(&dir).expect("dir");
    std::fs::copy(
        repo().join("rules/endpoint/vpn_client_astrill.yml"),
        dir.join("astrill.yml"),
    )
    .expect("copy");
    std::fs::write(
        dir.join("astrill.tests.json"),
        r#"{"positive": [{"logsource": {"category": "process_creation"}, "fields": {"Image": "C:\\Windows\\notepad.exe"}}],
            "negative": [{"logsource": {"category": "process_creation"}, "fields": {"Image": "C:\\Windows\\calc.exe"}}]}"#,
    )
    .expect("tests");
    let r = unmask(tmp.path(), &["rules", "test", "mine"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("FAIL  unmask_vpn_client_astrill"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("positive event 1 does not fire"),
        "{}",
        r.stdout
    );

    // A rule that does not load is named with the reason.
    std::fs::write(dir.join("broken.yml"), "title: broken\nlogsource: {}\ndetection:\n  sel:\n    Image|nosuchmodifier: x\n  condition: sel\n").expect("write");
    let r = unmask(tmp.path(), &["rules", "lint", "mine"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("broken.yml") && r.stdout.contains("not loaded"),
        "{}",
        r.stdout
    );
}

#[test]
fn hunt_runs_sigmahq_rules_over_evtx_files() {
    let (Some(rules), Some(data)) = (
        shared("sigmahq/rules/windows/process_creation"),
        shared("sigmahq/regression_data/rules/windows/process_creation"),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let r = ok(
        tmp.path(),
        &[
            "hunt",
            "--rules",
            &rules.display().to_string(),
            "--format",
            "json",
            &data.display().to_string(),
        ],
    );
    let hits: Vec<serde_json::Value> = r.stdout.lines().map(json).collect();
    assert!(hits.len() >= 10, "only {} hits:\n{}", hits.len(), r.stderr);
    for h in &hits {
        for key in ["rule_id", "rule_title", "level", "file", "record"] {
            assert!(!h[key].is_null(), "{key} missing in {h}");
        }
        assert!(h["file"].as_str().is_some_and(|f| f.ends_with(".evtx")));
    }
}

#[test]
fn analyze_flags_operator_tactics_and_not_the_look_alikes() {
    let (_tmp, dir) = analysed_world();
    let eval = json(
        &ok(
            &dir,
            &["eval", "--truth", "world/truth.json", "--format", "json"],
        )
        .stdout,
    );
    let tactics = eval["tactics"].as_array().expect("tactics");
    assert!(tactics.iter().any(|t| t["planted"].as_u64() > Some(0)));
    for t in tactics {
        assert_eq!(t["flagged"], t["planted"], "{t}");
        assert_eq!(t["others_flagged"], 0, "{t}");
    }
    for l in eval["lookalikes"].as_array().expect("lookalikes") {
        let known = super::KNOWN_GAPS.contains(&l["kind"].as_str().unwrap_or(""));
        assert_eq!(l["flagged_50"] == 0, !known, "{l}");
    }

    // A finding names the rule, and its evidence the log line.
    let export = json(&ok(&dir, &["export"]).stdout);
    let kvm = export["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .flat_map(|s| s["findings"].as_array().expect("findings").iter())
        .find(|f| f["kind"] == "rule:unmask_ip_kvm_usb_device")
        .expect("an IP-KVM finding");
    assert_eq!(kvm["severity"], "high");
    let why = kvm["explanation"].as_str().expect("explanation");
    assert!(
        why.contains("IP-KVM") && why.contains("holds device"),
        "{why}"
    );
    assert!(kvm["evidence"][0]["provenance"]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("osquery.jsonl")));

    // Without the sanctioned list, the IT admins' two remote-support tools would fire.
    let toml = std::fs::read_to_string(dir.join("world/unmask.toml")).expect("config");
    let cut = toml.find("[[sanctioned]]").expect("sanctioned entries");
    std::fs::write(dir.join("plain.toml"), &toml[..cut]).expect("write");
    ok(&dir, &["--config", "plain.toml", "analyze"]);
    let eval = json(
        &ok(
            &dir,
            &["eval", "--truth", "world/truth.json", "--format", "json"],
        )
        .stdout,
    );
    let rmm = eval["tactics"]
        .as_array()
        .expect("tactics")
        .iter()
        .find(|t| t["tactic"] == "remote_access_tools")
        .expect("row");
    assert!(rmm["others_flagged"].as_u64() > Some(0), "{rmm}");
}

#[test]
fn hunt_with_the_pack_over_the_demo_world() {
    let tmp = tempfile::tempdir().expect("tempdir");
    ok(tmp.path(), &["generate", "--seed", "2", "--out", "w"]);
    let r = ok(
        tmp.path(),
        &["hunt", "--pack", "--format", "json", "w/osquery.jsonl"],
    );
    let titles: Vec<String> = r
        .stdout
        .lines()
        .map(json)
        .map(|h| h["rule_name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t == "unmask_ip_kvm_usb_device" || t == "unmask_vpn_client_installed"),
        "{titles:?}"
    );
    // The pack and the repository's copy of it together: every hit once, nothing "not loaded".
    let rules_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules");
    let twice = ok(
        tmp.path(),
        &[
            "hunt",
            "--pack",
            "--rules",
            rules_dir,
            "--format",
            "json",
            "w/osquery.jsonl",
        ],
    );
    assert_eq!(twice.stdout.lines().count(), r.stdout.lines().count());
    assert!(twice.stderr.contains("read twice"), "{}", twice.stderr);
    assert!(!twice.stderr.contains("did not load"), "{}", twice.stderr);
    let r = unmask(tmp.path(), &["hunt", "w/osquery.jsonl"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--rules DIR"), "{}", r.stderr);
}
