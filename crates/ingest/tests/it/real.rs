//! Every importer on real public samples from `tests/real/` (sources, licences and edits in
//! `tests/real/SOURCES.md`). The expected values were read off the samples themselves: counts,
//! kinds, log sources, users, devices, indicators and the problems a sample must raise.

use super::{canon, events, fixture, render};
use unmask_ingest::{parse, Format};
use unmask_model::Event;

/// A sample from the workspace's `tests/real/`.
fn sample(rel: &str) -> Vec<u8> {
    fixture(&format!("../../../../tests/real/{rel}"))
}

/// A flat field as text: strings as they are, numbers and booleans printed.
fn field(e: &Event, key: &str) -> String {
    match e.fields.get(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

fn user(e: &Event) -> Option<&str> {
    e.user.as_ref().map(|u| u.expose().as_str())
}

fn kinds(got: &[Event]) -> Vec<&'static str> {
    got.iter().map(|e| e.kind.as_str()).collect()
}

/// Every event has this Sigma log source (product, service).
fn assert_logsource(got: &[Event], product: &str, service: &str) {
    for e in got {
        assert_eq!(e.logsource.product.as_deref(), Some(product), "{e:?}");
        assert_eq!(e.logsource.service.as_deref(), Some(service), "{e:?}");
    }
}

// Windows event logs (omerbenamram/evtx samples).

#[test]
fn evtx_security_sample_with_a_failed_rdp_logon() {
    let (got, report) = events(
        &Format::Evtx,
        "Security_short_selected.evtx",
        &sample("evtx/Security_short_selected.evtx"),
    );
    assert_eq!(report, "events: 7, skipped: 0\n");
    let ids: Vec<String> = got.iter().map(|e| field(e, "EventID")).collect();
    assert_eq!(
        ids,
        ["5152", "4611", "4776", "4625", "5152", "5157", "4673"]
    );
    assert_logsource(&got, "windows", "security");
    assert!(got.iter().all(|e| e.device.as_deref() == Some("temporal")));
    assert_eq!(
        kinds(&got),
        [
            "endpoint",
            "endpoint",
            "endpoint",
            "sign_in_failure",
            "endpoint",
            "endpoint",
            "endpoint"
        ]
    );
    // 4625: Administrator tried over RDP (logon type 10) from a public address.
    let failed = &got[3];
    assert_eq!(user(failed), Some("administrator"));
    assert_eq!(failed.ip.as_deref(), Some("23.94.153.202"));
    assert_eq!(field(failed, "LogonType"), "10");
    assert!(
        failed.time.starts_with("2016-06-29T15:24:36.686"),
        "{}",
        failed.time
    );
}

#[test]
fn evtx_new_user_sample_names_the_account_not_the_group() {
    let (got, report) = events(
        &Format::Evtx,
        "new-user-security.evtx",
        &sample("evtx/new-user-security.evtx"),
    );
    assert_eq!(report, "events: 4, skipped: 0\n");
    let ids: Vec<String> = got.iter().map(|e| field(e, "EventID")).collect();
    assert_eq!(ids, ["4728", "4720", "4732", "4732"]);
    assert_logsource(&got, "windows", "security");
    assert!(got.iter().all(|e| e.device.as_deref() == Some("ie8win7")));
    assert_eq!(kinds(&got), ["endpoint"; 4]);
    // 4720: the account `IEUser` was created.
    assert_eq!(user(&got[1]), Some("ieuser"));
    // 4728 and 4732 put the *group* (`None`, `Users`, `Administrators`) in `TargetUserName`;
    // the member here has no name (`-`), so the event is the changing account's.
    let groups: Vec<Option<&str>> = [0, 2, 3].iter().map(|&i| user(&got[i])).collect();
    assert_eq!(groups, [Some("win-qala5q3kj43$"); 3]);
    assert_eq!(field(&got[3], "TargetUserName"), "Administrators");
}

// Okta System Log (developer documentation examples).

#[test]
fn okta_event_hook_sample_is_one_sign_in() {
    let (got, report) = events(
        &Format::Okta,
        "event-hook-events.json",
        &sample("okta/event-hook-events.json"),
    );
    assert_eq!(report, "events: 1, skipped: 0\n");
    assert_logsource(&got, "okta", "okta");
    let e = &got[0];
    assert_eq!(e.kind.as_str(), "sign_in");
    assert_eq!(user(e), Some("admin@okta.com"));
    assert_eq!(e.ip.as_deref(), Some("142.126.158.61"));
    assert_eq!(e.time, "2023-03-26T21:05:32.159Z");
    assert_eq!(field(e, "eventType"), "user.session.start");
    assert_eq!(e.device, None);
}

/// The reference's example LogEvent is published on 31 September 2017, a day that does not
/// exist: its only record is unusable, so the file is rejected and the problem names the field.
#[test]
fn okta_logevent_example_with_an_impossible_date_is_rejected() {
    let (got, report) = events(
        &Format::Okta,
        "logevent-object-example.json",
        &sample("okta/logevent-object-example.json"),
    );
    assert!(got.is_empty());
    assert!(report.starts_with("error: "), "{report}");
    assert!(report.contains("published"), "{report}");
}

// Microsoft Entra ID (Microsoft Graph documentation example).

/// The example repeats `homeTenantId` and `uniqueTokenIdentifier`, as Graph responses may not;
/// a JSON reader keeps the last of each, and the sign-in still counts.
#[test]
fn entra_graph_example_is_one_failed_sign_in() {
    let (got, report) = events(
        &Format::Entra,
        "graph-beta-signin-list.json",
        &sample("entra/graph-beta-signin-list.json"),
    );
    assert_eq!(report, "events: 1, skipped: 0\n");
    assert_logsource(&got, "azure", "signinlogs");
    let e = &got[0];
    // errorCode 50126: wrong user name or password.
    assert_eq!(e.kind.as_str(), "sign_in_failure");
    assert_eq!(user(e), Some("testaccount1@contoso.com"));
    assert_eq!(e.ip.as_deref(), Some("131.107.159.37"));
    assert!(e.time.starts_with("2021-06-30T16:34:32"), "{}", e.time);
}

// osquery (the logging documentation's result shapes).

#[test]
fn osquery_documented_result_shapes() {
    let (got, report) = events(
        &Format::Osquery,
        "logging-doc-results.jsonl",
        &sample("osquery/logging-doc-results.jsonl"),
    );
    // Event format: one added, one removed; a snapshot of four rows; a batch of one each.
    assert_eq!(report, "events: 8, skipped: 0\n");
    assert!(got
        .iter()
        .all(|e| e.device.as_deref() == Some("hostname.local")));
    let categories: Vec<Option<&str>> = got
        .iter()
        .map(|e| e.logsource.category.as_deref())
        .collect();
    let (created, ended) = (Some("process_creation"), Some("process_termination"));
    assert_eq!(categories[..2], [created, ended]);
    assert_eq!(categories[6..], [created, ended]);
    let pids: Vec<String> = got.iter().map(|e| field(e, "ProcessId")).collect();
    assert_eq!(pids[..2], ["97830", "97650"]);
    assert_eq!(pids[6..], ["97830", "97650"]);
    assert_eq!(field(&got[0], "Image"), "/usr/local/bin/osqueryd");
    // `unixTime` 1412123850 is 2014-10-01 00:37:30 UTC (`calendarTime` is the host's local time).
    assert!(
        got[0].time.starts_with("2014-10-01T00:37:30"),
        "{}",
        got[0].time
    );
    // The snapshot's query is named `process_snapshot`, not after its table: its rows are
    // kept, not taken for process starts.
    assert!(
        categories[2..6].iter().all(|c| *c != created),
        "{categories:?}"
    );
    assert!(
        got[2].time.starts_with("2016-05-02T22:27:32"),
        "{}",
        got[2].time
    );
}

// GitHub audit log (the REST API description's example).

#[test]
fn github_audit_rest_example() {
    let (got, report) = events(
        &Format::GithubAudit,
        "ghec-audit-log-example.json",
        &sample("github-audit/ghec-audit-log-example.json"),
    );
    assert_eq!(report, "events: 3, skipped: 0\n");
    assert_logsource(&got, "github", "audit");
    assert_eq!(kinds(&got), ["other"; 3]);
    let users: Vec<Option<&str>> = got.iter().map(user).collect();
    assert_eq!(users, [Some("octocat"), Some("octocat"), Some("monalisa")]);
    let actions: Vec<String> = got.iter().map(|e| field(e, "action")).collect();
    assert_eq!(actions, ["team.add_member", "org.create", "repo.destroy"]);
    assert_eq!(got[0].time, "2020-12-02T17:24:34.512Z");
    assert!(got.iter().all(|e| e.ip.is_none() && e.device.is_none()));
}

// Greenhouse Harvest (API documentation example).

#[test]
fn greenhouse_list_candidates_example() {
    let out = render(
        &Format::Greenhouse,
        "harvest-list-candidates.json",
        &sample("greenhouse/harvest-list-candidates.json"),
    );
    let parsed = parse(
        &Format::Greenhouse,
        "harvest-list-candidates.json",
        sample("greenhouse/harvest-list-candidates.json").as_slice(),
        &canon(),
    )
    .unwrap_or_else(|e| panic!("{e}\n{out}"));
    assert_eq!(parsed.records, 1, "{out}");
    let b = &parsed.batch;
    // The candidate, and its two applications kept as resources for the join at load.
    let people: Vec<_> = b
        .subjects
        .iter()
        .filter(|s| s.kind != unmask_model::SubjectKind::Resource)
        .collect();
    assert_eq!(people.len(), 1, "{out}");
    assert_eq!(people[0].id.to_string(), "greenhouse:53883394");
    let applications = b
        .subjects
        .iter()
        .filter(|s| s.id.to_string().starts_with("greenhouse-application:"))
        .count();
    assert_eq!(applications, 2, "{out}");
    let kinds: Vec<String> = b
        .observations
        .iter()
        .map(|o| o.artifact.kind.to_string())
        .collect();
    for kind in [
        "person_name",
        "email",
        "postal_address",
        "url",
        "employer",
        "claimed_location",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind}:\n{out}");
    }
    // 555-555-5555 is in no numbering plan (area code 555): skipped with a warning.
    assert!(!kinds.iter().any(|k| k == "phone"), "{out}");
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.to_string().contains("phone_numbers")),
        "{out}"
    );
    assert!(out.contains("t***@work.com"), "{out}");
}

// STIX 2.1 (OASIS examples).

#[test]
fn stix_c2_example_gives_the_ip_and_skips_the_file_hash() {
    let out = render(
        &Format::Stix,
        "indicators-for-C2-with-COA.json",
        &sample("stix/indicators-for-C2-with-COA.json"),
    );
    let ip: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("indicator "))
        .collect();
    assert_eq!(ip.len(), 1, "{out}");
    assert!(
        ip[0].contains("indicator--53fe3b22-0201-47cf-85d0-97c02164528d") && ip[0].contains(" ip "),
        "{out}"
    );
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{out}");
    assert!(warnings[0].contains("file:hashes"), "{out}");
    // The indicators' `created_by_ref` identity names the source.
    assert!(
        out.contains("(The MITRE Corporation - DHS Support Team)"),
        "{out}"
    );
}

#[test]
fn stix_poison_ivy_report() {
    let out = render(
        &Format::Stix,
        "poisonivy.json",
        &sample("stix/poisonivy.json"),
    );
    assert!(!out.starts_with("error:"), "{out}");
    let indicators: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("indicator "))
        .collect();
    // 23 indicators compare domains and IPv4 addresses: 25 domain values and 40 addresses
    // (43 distinct). One "domain" is `domain autuo.xicp.net`, which is no domain name.
    let domains = indicators.iter().filter(|l| l.contains(" domain ")).count();
    let ips = indicators.iter().filter(|l| l.contains(" ip ")).count();
    assert_eq!(ips, 40, "{out}");
    assert_eq!(domains, 24, "{out}");
    assert!(!out.contains("`domain autuo"), "{out}");
    // Two indicators are file names (`CBricksDoc`, `CPiShellPutDoc`): skipped, each named.
    let files = out
        .lines()
        .filter(|l| l.starts_with("warning:") && l.contains("file:name"))
        .count();
    assert_eq!(files, 2, "{out}");
    // No indicator names its creator (`created_by_ref`): the source is the bundle.
    assert!(
        out.contains("source: bundle--ac946f1d-6a0e-4a9d-bc83-3f1f3bfda6ba\n"),
        "{out}"
    );
}

// MISP (PyMISP's test event, the warning lists).

#[test]
fn misp_xorist_event_gives_its_two_links() {
    let out = render(
        &Format::Misp,
        "pymisp-xorist-event.json",
        &sample("misp/pymisp-xorist-event.json"),
    );
    let urls: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("indicator "))
        .collect();
    assert_eq!(urls.len(), 2, "{out}");
    assert!(urls.iter().all(|l| l.contains(" url ")), "{out}");
    assert!(urls[1].contains("xylibox.com"), "{out}");
    // threat_level_id 3 is low.
    assert!(urls.iter().all(|l| l.contains("confidence 15")), "{out}");
    // comment, text, filename, md5, sha1, sha256 and regkey|value: one warning per type.
    let warnings = out.lines().filter(|l| l.starts_with("warning:")).count();
    assert_eq!(warnings, 7, "{out}");
}

#[test]
fn misp_warninglist_rfc1918() {
    let out = render(
        &Format::MispWarninglist,
        "warninglist-rfc1918.json",
        &sample("misp/warninglist-rfc1918.json"),
    );
    assert!(
        out.contains("warninglist \"List of RFC 1918 CIDR blocks\" version Some(5) cidr"),
        "{out}"
    );
    assert!(
        out.contains("entries: [\"10.0.0.0/8\", \"172.16.0.0/12\", \"192.168.0.0/16\"]"),
        "{out}"
    );
}
