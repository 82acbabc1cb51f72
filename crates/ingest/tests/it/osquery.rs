use super::*;

#[test]
fn osquery_fixture() {
    insta::assert_snapshot!(render_events(
        &Format::Osquery,
        "osqueryd.results.log",
        &fixture("telemetry/osquery.log")
    ));
}

#[test]
fn queries_map_to_categories_and_devices() {
    let (got, report) = events(
        &Format::Osquery,
        "osqueryd.results.log",
        &fixture("telemetry/osquery.log"),
    );
    assert_eq!(report, "events: 11, skipped: 0\n");
    let summary: Vec<String> = got
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {}",
                e.logsource,
                e.device.as_deref().unwrap_or("-"),
                e.kind.as_str()
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            // Before its system_info result, the laptop is known by its host identifier.
            "category: process_creation | acme-lt-0142 | endpoint",
            "category: system_info | C02XK1ABJGH5 | endpoint",
            "product: macos, category: os_version | C02XK1ABJGH5 | endpoint",
            "product: macos, category: process_creation | C02XK1ABJGH5 | endpoint",
            "product: linux, category: system_info | VMWARE564D1A2B3C4D5E6F708192A3B4C5D6E7 | endpoint",
            "product: linux, category: usb_device | VMWARE564D1A2B3C4D5E6F708192A3B4C5D6E7 | endpoint",
            // A snapshot gives one event per row; a `hardware_serial` decoration is the device.
            "product: windows, category: software_inventory | 5CG1234XYZ | endpoint",
            "product: windows, category: software_inventory | 5CG1234XYZ | endpoint",
            "product: windows, category: process_termination | 5CG1234XYZ | endpoint",
            // VirtualBox reports serial `0`: not a serial.
            "category: system_info | vbox-test | endpoint",
            "service: osquery | vbox-test | endpoint",
        ]
    );
    let process = &got[3];
    assert_eq!(process.fields["Image"], "/usr/bin/ssh");
    assert_eq!(
        process.fields["CommandLine"],
        "ssh -R 5900:localhost:5900 relay@203.0.113.50"
    );
    assert_eq!(process.fields["ProcessId"], "4310");
    assert_eq!(process.fields["ParentProcessId"], "4242");
    assert_eq!(process.fields["User"], "501");
    assert_eq!(got[8].fields["User"], "ACME\\jsmith");
    let vm = &got[4];
    assert_eq!(vm.fields["HardwareVendor"], "VMware, Inc.");
    assert_eq!(vm.fields["HardwareModel"], "VMware Virtual Platform");
    assert_eq!(got[5].fields["VendorId"], "1d6b");
    assert_eq!(got[6].fields["Publisher"], "AnyDesk Software GmbH");
    assert_eq!(got[9].time, "2026-03-02T14:01:20Z", "from `calendarTime`");
}

#[test]
fn array_and_lines_agree() {
    let lines = fixture("telemetry/osquery.log");
    let (from_lines, _) = events(&Format::Osquery, "results.log", &lines);
    let (from_array, report) = events(&Format::Osquery, "results.json", &lines_to_array(&lines));
    assert_eq!(report, "events: 11, skipped: 0\n");
    assert_eq!(
        without_provenance(from_lines),
        without_provenance(from_array)
    );
}

/// The evented process tables (`process_events`, `es_process_events`) are process starts like
/// `processes`, and a result naming its host `hostname` (as osquery's docs show) has a device.
#[test]
fn evented_process_tables_are_process_starts() {
    let lines = [
        r#"{"name":"process_events","hostname":"dev-laptop-7","calendarTime":"Tue Mar  3 10:00:00 2026 UTC","unixTime":1772532000,"epoch":0,"counter":1,"columns":{"pid":"4242","path":"/usr/bin/rustdesk","cmdline":"rustdesk --service","cwd":"/","auid":"1000","uid":"1000","parent":"1","time":"1772532000"},"action":"added"}"#,
        r#"{"name":"pack_it_es_process_events","hostIdentifier":"mac-9","calendarTime":"Tue Mar  3 10:01:00 2026 UTC","unixTime":1772532060,"epoch":0,"counter":1,"columns":{"pid":"77","path":"/Applications/AnyDesk.app/Contents/MacOS/AnyDesk","cmdline":"AnyDesk","cwd":"/","parent":"1","username":"jdoe"},"action":"added"}"#,
    ];
    let (got, report) = events(&Format::Osquery, "events.log", lines.join("\n").as_bytes());
    assert_eq!(report, "events: 2, skipped: 0\n");
    for e in &got {
        assert_eq!(
            e.logsource.category.as_deref(),
            Some("process_creation"),
            "{e:?}"
        );
    }
    assert_eq!(got[0].fields["Image"], "/usr/bin/rustdesk");
    assert_eq!(got[0].device.as_deref(), Some("dev-laptop-7"));
    assert_eq!(got[1].fields["CommandLine"], "AnyDesk");
}

/// The other evented tables: a USB device added (`hardware_events`, udev), an outbound
/// connection (`socket_events`), a PowerShell script block and a Windows process start; shapes
/// as osquery's schema gives their columns, values invented. A device removed is no device
/// plugged in, a socket bound no connection made.
#[test]
fn evented_hardware_socket_and_powershell_tables() {
    let lines = [
        r#"{"name":"hardware_events","hostIdentifier":"dev-laptop-7","unixTime":1772532000,"columns":{"action":"add","path":"/dev/bus/usb/001/004","type":"usb_device","driver":"usbhid","vendor":"Aten","model":"KVM","vendor_id":"0557","model_id":"2419","serial":"","revision":"0100","time":"1772532000"},"action":"added"}"#,
        r#"{"name":"hardware_events","hostIdentifier":"dev-laptop-7","unixTime":1772532100,"columns":{"action":"remove","path":"/dev/bus/usb/001/004","type":"usb_device","driver":"usbhid","vendor":"Aten","model":"KVM","vendor_id":"0557","model_id":"2419","serial":"","revision":"0100","time":"1772532100"},"action":"added"}"#,
        r#"{"name":"socket_events","hostIdentifier":"dev-laptop-7","unixTime":1772532200,"columns":{"action":"connect","pid":"4242","path":"/usr/bin/rustdesk","fd":"12","auid":"1000","success":"1","family":"2","protocol":"6","local_address":"192.168.1.20","remote_address":"203.0.113.77","local_port":"51515","remote_port":"21116","socket":"","time":"1772532200"},"action":"added"}"#,
        r#"{"name":"socket_events","hostIdentifier":"dev-laptop-7","unixTime":1772532210,"columns":{"action":"bind","pid":"4242","path":"/usr/bin/rustdesk","fd":"13","auid":"1000","success":"1","family":"2","protocol":"6","local_address":"0.0.0.0","remote_address":"","local_port":"21118","remote_port":"0","socket":"","time":"1772532210"},"action":"added"}"#,
        r#"{"name":"powershell_events","hostIdentifier":"win-3","unixTime":1772532300,"columns":{"time":"1772532300","datetime":"2026-03-03 10:05:00","script_block_id":"4f1c2d3e","script_block_count":"1","script_text":"Invoke-WebRequest https://example.com/a.ps1","script_name":"","script_path":"","cosine_similarity":""},"action":"added"}"#,
        r#"{"name":"windows_process_events","hostIdentifier":"win-3","unixTime":1772532400,"columns":{"pid":"5120","path":"C:\\Program Files\\AnyDesk\\AnyDesk.exe","cmdline":"\"C:\\Program Files\\AnyDesk\\AnyDesk.exe\" --service","parent":"700","username":"ACME\\jdoe","time":"1772532400"},"action":"added"}"#,
    ];
    let (got, report) = events(&Format::Osquery, "events.log", lines.join("\n").as_bytes());
    assert_eq!(report, "events: 6, skipped: 0\n");
    let category = |i: usize| got[i].logsource.category.as_deref();
    assert_eq!(category(0), Some("usb_device"));
    assert_eq!(got[0].fields["VendorId"], "0557");
    assert_eq!(got[0].fields["ProductId"], "2419");
    assert_eq!(category(1), None, "{:?}", got[1]);
    assert_eq!(category(2), Some("network_connection"));
    assert_eq!(got[2].fields["DestinationIp"], "203.0.113.77");
    assert_eq!(got[2].fields["DestinationPort"], "21116");
    assert_eq!(got[2].fields["Image"], "/usr/bin/rustdesk");
    assert_eq!(got[2].fields["Initiated"], "true");
    assert_eq!(category(3), None, "{:?}", got[3]);
    assert_eq!(category(4), Some("ps_script"));
    assert_eq!(
        got[4].fields["ScriptBlockText"],
        "Invoke-WebRequest https://example.com/a.ps1"
    );
    assert_eq!(category(5), Some("process_creation"));
    assert_eq!(
        got[5].fields["CommandLine"],
        "\"C:\\Program Files\\AnyDesk\\AnyDesk.exe\" --service"
    );
}

/// The batch format (`diffResults` with `added` and `removed` rows) gives one event per row,
/// with the action of its array: a process that started and one that ended.
#[test]
fn batch_results_give_one_event_per_row() {
    let line = r#"{"name":"processes","hostIdentifier":"dev-laptop-7","calendarTime":"Tue Mar  3 10:00:00 2026 UTC","unixTime":1772532000,"epoch":0,"counter":2,"numerics":false,"diffResults":{"added":[{"pid":"4242","path":"/usr/bin/rustdesk","cmdline":"rustdesk --service","parent":"1"}],"removed":[{"pid":"17","path":"/usr/bin/old","cmdline":"old","parent":"1"}]}}"#;
    let (got, report) = events(&Format::Osquery, "batch.log", line.as_bytes());
    assert_eq!(report, "events: 2, skipped: 0\n");
    let seen: Vec<(Option<&str>, &serde_json::Value)> = got
        .iter()
        .map(|e| (e.logsource.category.as_deref(), &e.fields["Image"]))
        .collect();
    assert_eq!(
        seen,
        [
            (
                Some("process_creation"),
                &serde_json::json!("/usr/bin/rustdesk")
            ),
            (
                Some("process_termination"),
                &serde_json::json!("/usr/bin/old")
            ),
        ]
    );
    assert_eq!(got[0].device.as_deref(), Some("dev-laptop-7"));
}
