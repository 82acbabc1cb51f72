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

/// Directory audit records (Graph `directoryAudit`, Azure Monitor `AuditLogs`) are not sign-ins:
/// log source `auditlogs`, the actor from `initiatedBy`; an application's sign-in is no
/// person's. Shapes as Microsoft documents them, values invented.
#[test]
fn audit_records_and_service_principal_sign_ins_are_not_sign_ins() {
    let lines = [
        r#"{"id":"Directory_0a1b2c3d","category":"GroupManagement","correlationId":"5d1e6f7a-0b1c-4d2e-8f3a-4b5c6d7e8f90","result":"success","resultReason":"","activityDisplayName":"Add member to group","activityDateTime":"2026-03-05T10:15:00.1234567Z","loggedByService":"Core Directory","operationType":"Assign","initiatedBy":{"user":{"id":"3d2e1f0a-9b8c-4d7e-a6f5-0e1d2c3b4a01","displayName":"Jane Doe","userPrincipalName":"Jane.Doe@acme.example","ipAddress":"203.0.113.10"},"app":null},"targetResources":[{"id":"7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b","displayName":null,"type":"User","userPrincipalName":"new.hire@acme.example"}],"additionalDetails":[]}"#,
        r#"{"time":"2026-03-05T10:16:00.0000000Z","resourceId":"/tenants/9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4/providers/Microsoft.aadiam","operationName":"Add member to role","operationVersion":"1.0","category":"AuditLogs","tenantId":"9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4","resultSignature":"None","durationMs":0,"callerIpAddress":"<null>","correlationId":"6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d","Level":4,"properties":{"id":"Directory_1b2c3d4e","category":"RoleManagement","correlationId":"6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d","result":"success","activityDisplayName":"Add member to role","activityDateTime":"2026-03-05T10:16:00.0000000Z","loggedByService":"Core Directory","initiatedBy":{"user":{"userPrincipalName":"jane.doe@acme.example","ipAddress":"203.0.113.10"}},"targetResources":[]}}"#,
        r#"{"time":"2026-03-05T10:17:00Z","category":"ServicePrincipalSignInLogs","resultType":"0","callerIpAddress":"198.51.100.200","properties":{"id":"2c3d4e5f","createdDateTime":"2026-03-05T10:17:00Z","appId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","appDisplayName":"Backup job","servicePrincipalId":"4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b","servicePrincipalName":"Backup job","ipAddress":"198.51.100.200","status":{"errorCode":0}}}"#,
    ];
    let (got, report) = events(
        &Format::Entra,
        "entra-audit.jsonl",
        lines.join("\n").as_bytes(),
    );
    assert_eq!(report, "events: 3, skipped: 0\n");
    let seen: Vec<(String, String)> = got
        .iter()
        .map(|e| (e.kind.as_str().to_string(), e.logsource.to_string()))
        .collect();
    assert_eq!(
        seen,
        [
            ("other", "product: azure, service: auditlogs"),
            ("other", "product: azure, service: auditlogs"),
            ("other", "product: azure, service: signinlogs"),
        ]
        .map(|(k, l)| (k.to_string(), l.to_string()))
    );
    assert_eq!(
        got[0].user.as_ref().map(|u| u.expose().as_str()),
        Some("jane.doe@acme.example")
    );
    assert_eq!(got[0].time, "2026-03-05T10:15:00.123456700Z");
    assert!(got[2].user.is_none());
}

/// Azure Activity log records (here a `Policy` audit and an `Administrative` write, shaped as
/// Microsoft's activity log schema documents them, values invented) that a diagnostic setting
/// sends beside the sign-ins are subscription operations: log source `activitylogs`, never a
/// sign-in or a failed one.
#[test]
fn activity_log_records_are_not_sign_ins() {
    let lines = [
        r#"{"time":"2026-03-05T11:00:00.0000000Z","resourceId":"/SUBSCRIPTIONS/0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D/RESOURCEGROUPS/WEB/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/ACMEWEB","operationName":"MICROSOFT.AUTHORIZATION/POLICIES/AUDIT/ACTION","category":"Policy","resultType":"Success","resultSignature":"Succeeded","callerIpAddress":"203.0.113.10","correlationId":"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f","identity":{"claims":{"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"jane.doe@acme.example"}},"level":"Warning","properties":{"isComplianceCheck":"False","resourceLocation":"westeurope","ancestors":"9f8e7d6c","policies":"[]","hierarchy":""}}"#,
        r#"{"time":"2026-03-05T11:05:00.0000000Z","resourceId":"/SUBSCRIPTIONS/0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D/RESOURCEGROUPS/WEB","operationName":"MICROSOFT.RESOURCES/DEPLOYMENTS/WRITE","category":"Administrative","resultType":"Start","resultSignature":"Started.","durationMs":"0","callerIpAddress":"203.0.113.10","correlationId":"2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a","identity":{"authorization":{"action":"Microsoft.Resources/deployments/write"}},"level":"Information","caller":"jane.doe@acme.example","properties":{"statusCode":"Created"}}"#,
    ];
    let (got, report) = events(
        &Format::Entra,
        "activity.jsonl",
        lines.join("\n").as_bytes(),
    );
    assert_eq!(report, "events: 2, skipped: 0\n");
    for e in &got {
        assert_eq!(e.kind.as_str(), "other");
        assert_eq!(
            e.logsource.to_string(),
            "product: azure, service: activitylogs"
        );
    }
    assert_eq!(
        got[1].user.as_ref().map(|u| u.expose().as_str()),
        Some("jane.doe@acme.example")
    );
}
