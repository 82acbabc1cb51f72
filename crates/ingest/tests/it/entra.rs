use super::*;

#[test]
fn graph_page_fixture() {
    insta::assert_snapshot!(render_events(
        &Format::Entra,
        "entra-signins.json",
        &fixture("telemetry/entra-signins.json")
    ));
}

#[test]
fn azure_monitor_fixture() {
    insta::assert_snapshot!(render_events(
        &Format::Entra,
        "entra-monitor.jsonl",
        &fixture("telemetry/entra-monitor.jsonl")
    ));
}

#[test]
fn sigma_sign_in_fields() {
    let (got, report) = events(
        &Format::Entra,
        "entra-signins.json",
        &fixture("telemetry/entra-signins.json"),
    );
    assert_eq!(report, "events: 3, skipped: 0\n");
    assert!(got
        .iter()
        .all(|e| e.logsource.to_string() == "product: azure, service: signinlogs"));
    // Error code 500121 (MFA denied) is a failed attempt, not a sign-in of the owner.
    let kinds: Vec<&str> = got.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["sign_in", "sign_in_failure", "sign_in"]);
    let denied = &got[1];
    assert_eq!(denied.fields["ResultType"], 500121);
    assert_eq!(
        denied.fields["AuthenticationRequirement"],
        "multiFactorAuthentication"
    );
    let status = denied.fields["Status"].as_str().unwrap_or_default();
    assert!(status.to_lowercase().contains("mfa denied"), "{status}");
    assert_eq!(denied.fields["DeviceDetail.isCompliant"], false);
    assert_eq!(denied.device, None, "an empty device id is no device");
    assert_eq!(got[0].fields["Status"], "Success");
    assert_eq!(got[2].fields["ClientApp"], "IMAP4");
    assert_eq!(got[2].ip.as_deref(), Some("2001:db8::7"));
    assert_eq!(
        got[2].user.as_ref().map(|u| u.expose().as_str()),
        Some("sam.new@acme.example")
    );
}

#[test]
fn page_array_and_lines_agree() {
    let page: serde_json::Value =
        serde_json::from_slice(&fixture("telemetry/entra-signins.json")).expect("json");
    let array = serde_json::to_vec_pretty(&page["value"]).expect("serialises");
    let lines = array_to_lines(&array);
    let (from_page, _) = events(
        &Format::Entra,
        "page.json",
        &fixture("telemetry/entra-signins.json"),
    );
    let (from_array, a) = events(&Format::Entra, "array.json", &array);
    let (from_lines, l) = events(&Format::Entra, "lines.jsonl", &lines);
    assert_eq!(
        (a.as_str(), l.as_str()),
        ("events: 3, skipped: 0\n", "events: 3, skipped: 0\n")
    );
    let from_page = without_provenance(from_page);
    assert_eq!(from_page, without_provenance(from_array));
    assert_eq!(from_page, without_provenance(from_lines));
    // Graph pages saved one per line, and Azure Monitor blobs (`records`), stream too.
    let compact = serde_json::to_vec(&page).expect("serialises");
    let two_pages = [compact.clone(), b"\n".to_vec(), compact].concat();
    let (got, report) = events(&Format::Entra, "pages.jsonl", &two_pages);
    assert_eq!((got.len(), report.as_str()), (6, "events: 6, skipped: 0\n"));
    let monitor = fixture("telemetry/entra-monitor.jsonl");
    let blob = format!(
        "{{\"records\": {}}}",
        String::from_utf8(lines_to_array(&monitor)).expect("utf-8")
    );
    let (from_blob, _) = events(&Format::Entra, "PT1H.json", blob.as_bytes());
    let (from_monitor_lines, _) = events(&Format::Entra, "monitor.jsonl", &monitor);
    assert_eq!(from_blob.len(), 2);
    assert_eq!(
        without_provenance(from_blob),
        without_provenance(from_monitor_lines)
    );
}
