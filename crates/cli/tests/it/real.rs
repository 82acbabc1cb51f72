//! Sigma hits on the real Windows samples of `tests/real/evtx` (see `tests/real/SOURCES.md`),
//! through `unmask hunt`: each rule fires on the one event the sample holds for it.

use super::{json, ok};
use std::path::{Path, PathBuf};

fn sample(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/real")
        .join(rel)
        .display()
        .to_string()
}

const ADMINS: &str = "title: Member added to the local Administrators group
id: 3f6a1c52-2a3e-4d8e-9a51-0b6f2f0d4c11
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4732
    TargetUserName: Administrators
  condition: selection
level: medium
";

const RDP_FAILURE: &str = "title: Failed remote interactive logon
id: 7c2b9e40-5d1a-4f3b-8e6c-2a9d1f0e7b35
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4625
    LogonType: 10
  condition: selection
level: low
";

#[test]
fn hunt_finds_the_one_admin_grant_and_the_one_rdp_failure() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rules: PathBuf = tmp.path().join("rules");
    std::fs::create_dir(&rules).expect("dir");
    std::fs::write(rules.join("admins.yml"), ADMINS).expect("write");
    std::fs::write(rules.join("rdp_failure.yml"), RDP_FAILURE).expect("write");
    let r = ok(
        tmp.path(),
        &[
            "hunt",
            "--rules",
            &rules.display().to_string(),
            "--format",
            "json",
            &sample("evtx/new-user-security.evtx"),
            &sample("evtx/Security_short_selected.evtx"),
        ],
    );
    let hits: Vec<serde_json::Value> = r.stdout.lines().map(json).collect();
    let got: Vec<(String, String)> = hits
        .iter()
        .map(|h| {
            let file = h["file"].as_str().unwrap_or_default();
            let name = Path::new(file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                h["rule_title"].as_str().unwrap_or_default().to_string(),
                name,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Member added to the local Administrators group".to_string(),
                "new-user-security.evtx".to_string()
            ),
            (
                "Failed remote interactive logon".to_string(),
                "Security_short_selected.evtx".to_string()
            ),
        ],
        "{}{}",
        r.stdout,
        r.stderr
    );
}
