//! `unmask demo --no-declarations`: the demo world with nothing declared (no benign agency or
//! office, no sanctioned tools, no declared trips, no intel about the operators' VPN). Detection
//! must hold on evidence alone. Floors are set a little under what seed 1 measures: operator
//! recall at 70 1.000, persona recall at 70 0.642, innocents at 70 and at 50 0/399, pairwise
//! precision 1.000 and recall 0.965, post-hire 13/13 operators detected.

use super::*;

#[test]
fn detection_holds_without_declarations() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    ok(
        dir,
        &["demo", "--seed", "1", "--no-declarations", "--out", "demo"],
    );
    let toml = std::fs::read_to_string(dir.join("demo/unmask.toml")).expect("unmask.toml");
    assert!(toml.contains("[enrich]"), "{toml}");
    for declaration in [
        "[[benign]]",
        "[[sanctioned]]",
        "[[travel]]",
        "default_region",
    ] {
        assert!(!toml.contains(declaration), "{declaration} in {toml}");
    }
    let eval = json(
        &ok(
            dir,
            &[
                "--db",
                "demo/unmask.db",
                "eval",
                "--truth",
                "demo/truth.json",
                "--format",
                "json",
            ],
        )
        .stdout,
    );
    let num = |v: &serde_json::Value| v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    let pairwise = &eval["pairwise"];
    assert!(num(&pairwise["precision"]) >= 0.95, "{pairwise}");
    assert!(num(&pairwise["recall"]) >= 0.9, "{pairwise}");
    let (at50, at70) = (&eval["thresholds"][0], &eval["thresholds"][1]);
    assert_eq!(
        (at50["risk"].as_u64(), at70["risk"].as_u64()),
        (Some(50), Some(70))
    );
    // Operators caught: at most one of the eight missed at 70.
    assert!(num(&at70["operator_recall"]) >= 0.85, "{at70}");
    assert!(num(&at70["persona_recall"]) >= 0.6, "{at70}");
    // Few innocents flagged.
    assert!(num(&at70["false_positive_rate"]) <= 0.01, "{at70}");
    assert!(num(&at50["false_positive_rate"]) <= 0.02, "{at50}");
    // Look-alikes the evidence explains stay below 70 without any declaration; the agency
    // nobody declared and households of different surnames do not (see the README).
    let lookalikes = eval["lookalikes"].as_array().expect("lookalikes");
    for kind in [
        "asia_resident",
        "common_name",
        "family",
        "linux_gadget",
        "office",
        "preferred_name",
        "reapplicant",
        "referral",
        "unsanctioned_rmm",
    ] {
        let l = lookalikes
            .iter()
            .find(|l| l["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} look-alikes in {lookalikes:?}"));
        assert!(l["subjects"].as_u64().unwrap_or(0) > 0, "{l}");
        assert_eq!(l["flagged_high"], 0, "{kind} flagged at 70: {l}");
    }
    // Every hired operator is still found after the hire.
    let post = &eval["post_hire"];
    assert!(
        post["detected"].as_u64().unwrap_or(0) * 10 >= post["operators"].as_u64().unwrap_or(0) * 9,
        "{post}"
    );
    assert!(
        eval["brier"].as_f64().is_some_and(|b| b < 0.08),
        "{}",
        eval["brier"]
    );
}
