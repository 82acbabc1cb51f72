use super::*;

#[test]
fn okta_fixture() {
    insta::assert_snapshot!(render_events(
        &Format::Okta,
        "okta.jsonl",
        &fixture("telemetry/okta.jsonl")
    ));
}

#[test]
fn sign_ins_and_sigma_fields() {
    let (got, report) = events(
        &Format::Okta,
        "okta.jsonl",
        &fixture("telemetry/okta.jsonl"),
    );
    assert_eq!(report, "events: 5, skipped: 0\n");
    let kinds: Vec<&str> = got.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["sign_in", "sign_in", "sign_in", "other", "other"],
        "user.session.start and user.authentication.* are sign-ins"
    );
    let proxied = &got[2];
    assert_eq!(
        proxied.logsource.to_string(),
        "product: okta, service: okta"
    );
    // The names SigmaHQ's Okta rules test.
    assert_eq!(proxied.fields["eventType"], "user.session.start");
    assert_eq!(proxied.fields["securityContext.isProxy"], true);
    assert_eq!(proxied.fields["displayMessage"], "User login to Okta");
    assert_eq!(
        got[3].fields["target.displayName"],
        serde_json::json!(["Okta Admin Console", "Admin MFA"])
    );
    assert_eq!(
        got[3].fields["debugContext.debugData.requestUri"],
        "/app/okta_admin_console/sso"
    );
    assert_eq!(
        proxied.user.as_ref().map(|u| u.expose().as_str()),
        Some("jane.doe@acme.example")
    );
    assert_eq!(got[1].device.as_deref(), Some("guo4a5b6c7d8e9f0g1h2"));
}

#[test]
fn array_and_lines_agree() {
    let lines = fixture("telemetry/okta.jsonl");
    let (from_lines, _) = events(&Format::Okta, "okta.jsonl", &lines);
    let (from_array, report) = events(&Format::Okta, "okta.json", &lines_to_array(&lines));
    assert_eq!(report, "events: 5, skipped: 0\n");
    assert_eq!(
        without_provenance(from_lines),
        without_provenance(from_array)
    );
}

#[test]
fn broken_line_in_the_middle_is_skipped_with_its_line() {
    let text = String::from_utf8(fixture("telemetry/okta.jsonl")).expect("utf-8");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(
        2,
        r#"{"uuid": "x", "published": "2026-03-02T14:05:11Z", "eventType": "user.session.start""#,
    );
    lines.insert(4, "");
    let input = lines.join("\n");
    let (got, report) = events(&Format::Okta, "okta.jsonl", input.as_bytes());
    insta::assert_snapshot!(report, @r"
    events: 5, skipped: 1
    warning: okta.jsonl:3: the record is cut off: EOF while parsing an object
    ");
    let at: Vec<Option<u64>> = got.iter().map(|e| e.provenance.line).collect();
    assert_eq!(at, [Some(1), Some(2), Some(4), Some(6), Some(7)]);
}

#[test]
fn wrong_shapes_name_the_field() {
    let input = concat!(
        r#"{"uuid": "a", "eventType": "user.session.start", "actor": {"alternateId": "a@acme.example"}}"#,
        "\n",
        r#"{"uuid": "b", "published": "last Tuesday", "eventType": "user.session.start"}"#,
        "\n",
        r#"{"uuid": "c", "published": 1709294400, "eventType": "user.session.start"}"#,
        "\n",
        r#"["not", "an", "event"]"#,
        "\n",
        r#"{"uuid": "d", "published": "2026-03-02T14:05:11.250+02:00", "eventType": "user.session.start", "client": {"ipAddress": "not-an-ip"}}"#,
        "\n",
    );
    insta::assert_snapshot!(render_events(
        &Format::Okta,
        "shapes.jsonl",
        input.as_bytes()
    ));
}

/// A wrong password (Okta's `outcome.result: FAILURE`) and a denied push (`DENY`) are failed
/// attempts: their own kind, never where the account's owner is.
#[test]
fn failed_and_denied_attempts_are_not_sign_ins() {
    let first = String::from_utf8(fixture("telemetry/okta.jsonl"))
        .expect("utf-8")
        .lines()
        .next()
        .expect("a line")
        .to_string();
    let failed = first.replace(
        r#""outcome":{"result":"SUCCESS","reason":null}"#,
        r#""outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"}"#,
    );
    let denied = first.replace(
        r#""outcome":{"result":"SUCCESS","reason":null}"#,
        r#""outcome":{"result":"DENY","reason":"Denied by sign-on policy"}"#,
    );
    assert_ne!(failed, first);
    let text = [first.as_str(), &failed, &denied].join("\n");
    let (got, report) = events(&Format::Okta, "okta.jsonl", text.as_bytes());
    assert_eq!(report, "events: 3, skipped: 0\n");
    let kinds: Vec<&str> = got.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["sign_in", "sign_in_failure", "sign_in_failure"]);
}

/// SIEM exports write Okta's `published` without a zone (`2022-03-22 14:21:53.225`): read as
/// UTC, and the file's report says so once.
#[test]
fn a_siem_time_without_a_zone_is_read_as_utc_with_a_warning() {
    let text = String::from_utf8(fixture("telemetry/okta.jsonl")).expect("utf-8");
    let siem: Vec<String> = text
        .lines()
        .take(2)
        .map(|l| {
            l.replace("2026-03-02T14:05:11.250Z", "2026-03-02 14:05:11.250")
                .replace("2026-03-02T14:05:14.011Z", "2026-03-02 14:05:14.011")
        })
        .collect();
    assert!(!siem[0].contains("11.250Z"));
    let (got, report) = events(&Format::Okta, "siem.jsonl", siem.join("\n").as_bytes());
    assert_eq!(
        report,
        "events: 2, skipped: 0\nwarning: siem.jsonl: field `published`: times without a zone, \
         such as `2026-03-02 14:05:11.250`, were read as UTC\n"
    );
    assert_eq!(got[0].time, "2026-03-02T14:05:11.250Z");
}
