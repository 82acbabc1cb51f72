use super::*;

#[test]
fn github_audit_fixture() {
    insta::assert_snapshot!(render_events(
        &Format::GithubAudit,
        "github-audit.json",
        &fixture("telemetry/github-audit.json")
    ));
}

#[test]
fn code_access_and_users() {
    let (got, report) = events(
        &Format::GithubAudit,
        "github-audit.json",
        &fixture("telemetry/github-audit.json"),
    );
    assert_eq!(report, "events: 6, skipped: 0\n");
    let kinds: Vec<(&str, &str)> = got
        .iter()
        .map(|e| {
            (
                e.fields["action"].as_str().unwrap_or_default(),
                e.kind.as_str(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("git.clone", "code_access"),
            ("git.clone", "code_access"),
            ("repo.download_zip", "code_access"),
            ("org.add_member", "other"),
            ("repo.create", "other"),
            ("git.push", "code_access"),
        ]
    );
    assert!(got
        .iter()
        .all(|e| e.logsource.to_string() == "product: github, service: audit"));
    assert_eq!(
        got[0].user.as_ref().map(|u| u.expose().as_str()),
        Some("jane-doe")
    );
    assert_eq!(got[0].time, "2026-03-02T14:02:00Z");
    assert_eq!(got[4].ip, None, "no `actor_ip` without IP disclosure");
    assert_eq!(
        got[5].time, "2026-03-03T15:00:00Z",
        "`created_at` when `@timestamp` is absent"
    );
}

#[test]
fn array_and_lines_agree() {
    let array = fixture("telemetry/github-audit.json");
    let (from_array, _) = events(&Format::GithubAudit, "audit.json", &array);
    let (from_lines, report) = events(&Format::GithubAudit, "audit.jsonl", &array_to_lines(&array));
    assert_eq!(report, "events: 6, skipped: 0\n");
    assert_eq!(
        without_provenance(from_array),
        without_provenance(from_lines)
    );
}
