use super::*;

#[test]
fn unknown_format_suggests_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    insta::assert_snapshot!(messages(tmp.path(), &["ingest", "payrol", "x.csv"]));
}

#[test]
fn csv_needs_a_mapping() {
    let tmp = tempfile::tempdir().expect("tempdir");
    insta::assert_snapshot!(messages(tmp.path(), &["ingest", "csv", "x.csv"]));
}

#[test]
fn commands_before_any_import_explain_what_to_do() {
    let tmp = tempfile::tempdir().expect("tempdir");
    insta::assert_snapshot!(messages(tmp.path(), &["subjects"]));
}

#[test]
fn a_bad_file_is_rejected_whole_and_the_good_one_still_lands() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(
        dir.join("bad.csv"),
        "employee_id,candidate_id,work_email,legal_name,bank_country,iban_or_account,payment_provider,home_address,home_city,home_country,hire_date,termination_date\n\
         E1,,a@acme.example,Ann Lee,US,021000021-1234567,bank,1 Elm St,Denver,US,2026-01-01,\n\
         E2,,b@acme.example,,US,021000021-7654321,bank,2 Elm St,Denver,US,01/02/2026,\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("good.csv"),
        "employee_id,candidate_id,work_email,legal_name,bank_country,iban_or_account,payment_provider,home_address,home_city,home_country,hire_date,termination_date\n\
         E3,,c@acme.example,Cy Young,US,021000021-1111111,bank,3 Elm St,Denver,US,2026-01-01,\n",
    )
    .expect("write");
    insta::assert_snapshot!(messages(dir, &["ingest", "payroll", "bad.csv", "good.csv"]));
    ok(dir, &["analyze"]);
    let export = json(&ok(dir, &["export"]).stdout);
    let refs: Vec<&str> = export["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .filter_map(|s| s["ref"].as_str())
        .collect();
    assert_eq!(
        refs,
        vec!["employee:E3"],
        "nothing from the rejected file may land"
    );
}

#[test]
fn strict_rejects_files_with_skipped_values() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("c.json"), r#"[{"id": 1, "first_name": "A", "last_name": "B", "phone_numbers": [{"value": "12", "type": "mobile"}]}]"#)
        .expect("write");
    insta::assert_snapshot!(messages(
        dir,
        &["ingest", "--strict", "greenhouse", "c.json"]
    ));
    insta::assert_snapshot!(messages(dir, &["ingest", "greenhouse", "c.json"]));
}

#[test]
fn national_phones_are_counted_in_the_summary() {
    // One number read in the country of the application's location, one read as +1 by its
    // North American form, one with no country to read it in: skipped with its file, line
    // and field.
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(
        dir.join("c.json"),
        r#"[
{"id": 1, "first_name": "A", "last_name": "B", "phone_numbers": [{"value": "(206) 280-6416", "type": "mobile"}], "applications": [{"location": {"address": "Seattle, United States"}}]},
{"id": 2, "first_name": "C", "last_name": "D", "phone_numbers": [{"value": "(206) 280-6417", "type": "mobile"}]},
{"id": 3, "first_name": "E", "last_name": "F", "phone_numbers": [{"value": "2062806418", "type": "mobile"}]}
]"#,
    )
    .expect("write");
    insta::assert_snapshot!(messages(dir, &["ingest", "greenhouse", "c.json"]));
}

#[test]
fn unknown_subject_and_verb() {
    let (_tmp, dir) = analysed_world();
    insta::assert_snapshot!(messages(&dir, &["show", "greenhouse:999"]));
    let r = unmask(&dir, &["analyse"]);
    assert_eq!(r.code, 1, "usage mistakes exit 1");
    assert!(
        r.stderr
            .contains("tip: a similar subcommand exists: 'analyze'"),
        "{}",
        r.stderr
    );
}

#[test]
fn stix_export_options_are_checked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    insta::assert_snapshot!(messages(dir, &["export", "--format", "stix"]));
    insta::assert_snapshot!(messages(
        dir,
        &["export", "--format", "stix", "--tlp", "purple"]
    ));
    insta::assert_snapshot!(messages(
        dir,
        &[
            "export",
            "--format",
            "stix",
            "--tlp",
            "amber",
            "--as-of",
            "2026-13-01"
        ]
    ));
    insta::assert_snapshot!(messages(dir, &["export", "--tlp", "amber"]));
}

/// A reader that goes away (`unmask export | head`) ends the output quietly: no panic, exit 0.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let (_tmp, dir) = super::graph::company();
    for args in [&["export"][..], &["show", "greenhouse:110"], &["subjects"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_unmask"))
            .args(args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the unmask binary runs");
        // Close the reading end before the first write.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("unmask ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// Threat intel with nothing in it is summarised as intel, not as HR records.
#[test]
fn an_intel_import_is_summarised_as_intel() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("empty.json"),
        r#"{"type":"bundle","id":"bundle--6e9d5f6c-1f4b-4d84-9d2a-2f0a5b8d3c11","objects":[]}"#,
    )
    .expect("write");
    let r = ok(tmp.path(), &["ingest", "stix", "empty.json"]);
    assert!(r.stderr.contains("0 indicators"), "{}", r.stderr);
    assert!(!r.stderr.contains("subjects"), "{}", r.stderr);
}
