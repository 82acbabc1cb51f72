//! `unmask export --format stix`: the bundle's structure on the demo world, and the OASIS
//! validator's verdict when `UNMASK_STIX_VALIDATOR` names it (`.ci/run` sets it from
//! `scripts/stix-validator.sh`).

use super::*;
use std::collections::{BTreeMap, BTreeSet};

const AS_OF: &str = "2026-05-01T09:00:00Z";

fn stix(dir: &Path) -> String {
    ok(
        dir,
        &[
            "--config",
            "world/unmask.toml",
            "export",
            "--format",
            "stix",
            "--tlp",
            "amber",
            "--producer",
            "Example ISAC member",
            "--as-of",
            AS_OF,
        ],
    )
    .stdout
}

#[test]
fn bundle_covers_every_planted_high_risk_operator() {
    let (_tmp, dir) = analysed_world();
    let raw = stix(&dir);
    let bundle = json(&raw);
    assert_eq!(bundle["type"], "bundle");
    let objects = bundle["objects"].as_array().expect("objects");
    let by_id: BTreeMap<&str, &serde_json::Value> = objects
        .iter()
        .map(|o| (o["id"].as_str().expect("id"), o))
        .collect();
    assert_eq!(by_id.len(), objects.len(), "ids are unique");

    // Every reference resolves inside the bundle; every object but the TLP definition is marked.
    let amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    assert_eq!(by_id[amber]["name"], "TLP:AMBER");
    for o in objects {
        let refs = ["created_by_ref", "source_ref", "target_ref"]
            .iter()
            .filter_map(|k| o[*k].as_str())
            .chain(
                o["object_refs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str()),
            )
            .chain(
                o["object_marking_refs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str()),
            );
        for r in refs {
            assert!(by_id.contains_key(r), "{r} in {} does not resolve", o["id"]);
        }
        if o["type"] != "marking-definition" {
            assert_eq!(o["object_marking_refs"], serde_json::json!([amber]), "{o}");
        }
        if o.get("created").is_some() && o["type"] != "marking-definition" {
            assert_eq!(o["created"], "2026-05-01T09:00:00.000Z");
            assert_eq!(
                by_id[o["created_by_ref"].as_str().expect("creator")]["name"],
                "Example ISAC member"
            );
        }
    }

    // Threat actor name -> the number of indicators that indicate it.
    let mut indicated: BTreeMap<&str, usize> = BTreeMap::new();
    for r in objects
        .iter()
        .filter(|o| o["relationship_type"] == "indicates")
    {
        assert_eq!(
            by_id[r["source_ref"].as_str().expect("source")]["type"],
            "indicator"
        );
        let actor = by_id[r["target_ref"].as_str().expect("target")];
        *indicated
            .entry(actor["name"].as_str().expect("name"))
            .or_default() += 1;
    }
    // Each planted operator with a record at risk 70 or more has its cluster exported, with
    // at least one indicator.
    let export = json(&ok(&dir, &["export", "--format", "json"]).stdout);
    let risk: BTreeMap<&str, u64> = export["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .map(|s| {
            (
                s["ref"].as_str().expect("ref"),
                s["risk"].as_u64().expect("risk"),
            )
        })
        .collect();
    let mut cluster_of: BTreeMap<&str, &str> = BTreeMap::new();
    for c in export["clusters"].as_array().expect("clusters") {
        for m in c["members"].as_array().expect("members") {
            cluster_of.insert(m.as_str().expect("member"), c["id"].as_str().expect("id"));
        }
    }
    let truth = json(&std::fs::read_to_string(dir.join("world/truth.json")).expect("truth"));
    let mut planted = 0;
    for operator in truth["clusters"].as_array().expect("clusters") {
        if operator["operator"] != true {
            continue;
        }
        let high: BTreeSet<&str> = operator["members"]
            .as_array()
            .expect("members")
            .iter()
            .filter_map(|m| m.as_str())
            .filter(|m| risk.get(m).copied().unwrap_or(0) >= 70)
            .collect();
        if high.is_empty() {
            continue;
        }
        planted += 1;
        let found = high.iter().any(|m| {
            let group = match cluster_of.get(m) {
                Some(c) => (*c).to_string(),
                None => format!("sg-{}", &unmask_model::stable_key(&[m])[..12]),
            };
            indicated
                .get(format!("Suspected persona operator {group}").as_str())
                .is_some_and(|n| *n > 0)
        });
        assert!(found, "no indicator for {}: {high:?}", operator["id"]);
    }
    assert!(planted > 0, "the demo world plants high-risk operators");

    // Nothing personal beyond the shareable identifiers: no names, no subject refs, no phones.
    assert!(!raw.contains("greenhouse:") && !raw.contains("employee:"));
    let candidates = std::fs::read_to_string(dir.join("world/candidates.json")).expect("read");
    let people: Vec<serde_json::Value> = serde_json::from_str(&candidates).expect("candidates");
    for c in &people {
        let name = format!(
            "{} {}",
            c["first_name"].as_str().unwrap_or(""),
            c["last_name"].as_str().unwrap_or("")
        );
        assert!(!raw.contains(&name), "name {name} in the bundle");
        for p in c["phone_numbers"].as_array().into_iter().flatten() {
            let digits: String = p["value"]
                .as_str()
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            assert!(
                digits.len() < 7 || !raw.contains(&digits[digits.len() - 7..]),
                "phone in the bundle"
            );
        }
    }

    // The same analysis exported again is the same bundle.
    assert_eq!(raw, stix(&dir));
}

#[test]
fn official_validator_accepts_the_bundle() {
    let Some(validator) = std::env::var_os("UNMASK_STIX_VALIDATOR") else {
        eprintln!("skipping: UNMASK_STIX_VALIDATOR not set (run scripts/stix-validator.sh)");
        return;
    };
    let (_tmp, dir) = analysed_world();
    std::fs::write(dir.join("bundle.json"), stix(&dir)).expect("write");
    // --strict: warnings (best-practice SHOULDs) fail too, except two documented in the README:
    //   103  SDO and SRO ids SHOULD be UUIDv4; unmask's are UUIDv5 so re-exports keep their ids.
    //   244  account_type is an open vocabulary with no `github`, `linkedin`... in its list.
    // --strict-types is left out: stix2-validator 3.3.2 rejects every top-level SCO with it
    // (oasis-open/cti-stix-validator#241). --interop is left out: it requires claims about the
    // actor (roles, sophistication, motivation) that unmask cannot make, and a `modified` that
    // the predefined TLP definitions do not have.
    let out = Command::new(&validator)
        .args([
            "--version",
            "2.1",
            "--strict",
            "--strict-properties",
            "--enforce-refs",
            "--disable",
            "103,244",
            "bundle.json",
        ])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", validator.to_string_lossy()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success()
            && text.contains("[+] STIX JSON: Valid")
            && !text.contains("[X]")
            && !text.contains("[!]"),
        "stix2_validator rejects the bundle ({}):\n{text}",
        out.status
    );
}
