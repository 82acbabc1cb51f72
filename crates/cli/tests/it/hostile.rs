//! Hostile input (issue 12): every file in `fixtures/hostile/` and every large input generated
//! here gets a clear error or is neutralised, nothing printed or written acts on a terminal or a
//! spreadsheet, and nothing already stored is lost.

use super::*;

fn hostile(file: &str) -> String {
    format!(
        "{}/tests/fixtures/hostile/{file}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// No byte of `out` would act on a terminal: no C0 control but tab and line feed, no DEL, no C1
/// control, no bidi control.
fn assert_inert(what: &str, out: &str) {
    let bad: Vec<char> = out
        .chars()
        .filter(|&c| unmask_model::text::is_hostile_control(c))
        .collect();
    assert!(bad.is_empty(), "{what} prints {bad:?} raw:\n{out}");
}

fn assert_inert_run(what: &str, r: &Run) {
    assert_inert(&format!("{what} (stdout)"), &r.stdout);
    assert_inert(&format!("{what} (stderr)"), &r.stderr);
}

fn assert_has(out: &str, needle: &str) {
    assert!(out.contains(needle), "no `{needle}` in:\n{out}");
}

/// `markup-candidates.json` imported into a fresh folder.
fn markup_imported() -> (tempfile::TempDir, PathBuf, Run) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().to_path_buf();
    let r = ok(
        &dir,
        &["ingest", "greenhouse", &hostile("markup-candidates.json")],
    );
    (tmp, dir, r)
}

const E1: &str = "employee:E1\x1b]0;pwned\x07\x1b[2J";

#[test]
fn terminal_output_shows_escapes_instead_of_acting() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let r = ok(dir, &["ingest", "payroll", &hostile("escapes-payroll.csv")]);
    assert_inert_run("ingest", &r);
    ok(dir, &["analyze"]);
    let subjects = ok(dir, &["subjects"]);
    assert_inert_run("subjects", &subjects);
    assert!(
        subjects
            .stdout
            .contains(r"employee:E1\u{1b}]0;pwned\u{7}\u{1b}[2J"),
        "{}",
        subjects.stdout
    );
    let listed = json(&ok(dir, &["subjects", "--format", "json"]).stdout);
    assert!(
        listed
            .as_array()
            .expect("rows")
            .iter()
            .any(|s| s["ref"] == E1),
        "JSON keeps the id whole: {listed}"
    );
    for args in [
        vec!["show", E1],
        vec!["show", E1, "--format", "json"],
        vec!["graph", E1, "--format", "dot"],
        vec!["graph", E1],
    ] {
        assert_inert_run(&args.join(" "), &ok(dir, &args));
    }
    // The retro-hunt lines name the indicator, whose name is hostile too.
    let hunt = ok(
        dir,
        &[
            "--as-of",
            "2026-06-01T00:00:00Z",
            "ingest",
            "stix",
            &hostile("escapes-intel.json"),
        ],
    );
    assert_inert_run("retro-hunt", &hunt);
    assert_has(&hunt.stdout, "employee:E1");
}

#[test]
fn a_hostile_file_name_is_shown_escaped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let name = "a\x1b[2J\u{202e}nosj.json";
    std::fs::copy(hostile("bom-candidates.json"), dir.join(name)).expect("copy");
    let r = ok(dir, &["ingest", "greenhouse", name]);
    assert_inert_run("ingest", &r);
    let r = ok(dir, &["ingest", "greenhouse", name]);
    assert_inert_run("ingest again", &r);
}

#[test]
fn stix_never_shares_a_javascript_link_or_a_markup_handle() {
    let (_tmp, dir, r) = markup_imported();
    let dir = dir.as_path();
    assert_has(&r.stderr, "website_addresses[0].value");
    assert_has(&r.stderr, "social_media_addresses[0].value");
    ok(dir, &["analyze"]);
    let bundle = ok(
        dir,
        &[
            "export",
            "--format",
            "stix",
            "--tlp",
            "amber",
            "--min-risk",
            "1",
        ],
    )
    .stdout;
    assert!(bundle.contains("jane.roe@example.com"), "{bundle}");
    for junk in ["javascript", "<img", "alert(", "<script"] {
        assert!(!bundle.contains(junk), "`{junk}` shared:\n{bundle}");
    }
}

#[test]
fn link_out_guards_formulas_in_every_csv() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(
        dir.join("link.toml"),
        "id_column = \"id\"\nthreshold = 0.5\nu_sample = 1000\n\
         [[comparison]]\ncolumn = \"given_name\"\nkind = \"name_part\"\n\
         [[comparison]]\ncolumn = \"surname\"\nkind = \"name_part\"\n\
         [[comparison]]\ncolumn = \"dob\"\nkind = \"date\"\n\
         [[blocking]]\ncolumns = [\"dob\"]\n",
    )
    .expect("write");
    ok(
        dir,
        &[
            "link",
            "--config",
            "link.toml",
            &hostile("formulas.csv"),
            "--out",
            "out",
        ],
    );
    for file in ["pairs.csv", "clusters.csv"] {
        let text = std::fs::read_to_string(dir.join("out").join(file)).expect("csv");
        for line in text.lines() {
            // Cells split at commas outside quotes.
            let mut cells = vec![String::new()];
            let mut quoted = false;
            for c in line.chars() {
                match c {
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(String::new()),
                    c => cells.last_mut().expect("cell").push(c),
                }
            }
            for cell in cells {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file}: formula cell `{cell}` in `{line}`"
                );
            }
        }
        assert!(text.contains("'@SUM(1)"), "{file}:\n{text}");
    }
}

/// A Greenhouse file of one candidate with `field` set to `value` (JSON text).
fn candidate_with(dir: &Path, name: &str, field: &str, value: &str) -> String {
    let text = format!(
        "[{{\"id\": 960, \"first_name\": \"Big\", \"last_name\": \"Field\", \"{field}\": {value}}}]"
    );
    std::fs::write(dir.join(name), text).expect("write");
    name.to_string()
}

#[test]
fn oversized_context_fields_reject_the_file_and_keep_what_is_stored() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    ok(
        dir,
        &["ingest", "greenhouse", &hostile("bom-candidates.json")],
    );
    let big = format!("\"{}\"", "x".repeat(10 << 20));
    for field in ["company", "title"] {
        let file = candidate_with(dir, &format!("{field}.json"), field, &big);
        let r = unmask(dir, &["ingest", "greenhouse", &file]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_has(
            &r.stderr,
            &format!("field `[0].{field}`: value is 10485760 bytes, more than the 1024-byte limit"),
        );
    }
    let file = candidate_with(dir, "tags.json", "tags", &format!("[\"ok\", {big}]"));
    let r = unmask(dir, &["ingest", "greenhouse", &file]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(&r.stderr, "field `[0].tags[1]`");
    // 100 MB in one field: a clear error, no panic.
    let file = candidate_with(
        dir,
        "nickname.json",
        "custom_fields",
        &format!("{{\"nickname\": \"{}\"}}", "y".repeat(100 << 20)),
    );
    let r = unmask(dir, &["ingest", "greenhouse", &file]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(
        &r.stderr,
        "field `[0].custom_fields.nickname`: value is 104857600 bytes",
    );
    ok(dir, &["analyze"]);
    let export = json(&ok(dir, &["export"]).stdout);
    let refs: Vec<&str> = export["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .filter_map(|s| s["ref"].as_str())
        .collect();
    assert_eq!(refs, vec!["greenhouse:950"], "the stored record stays");
}

#[test]
fn custom_fields_warn_on_duplicate_keys_and_values_too_long_to_keep() {
    let (_tmp, dir, r) = markup_imported();
    let dir = dir.as_path();
    assert_has(&r.stderr, "field `[0].custom_fields.referrer`: custom field `referrer` is given more than once; the last value is kept");
    assert_has(&r.stderr, "field `[0].custom_fields.notes`: custom field `notes` not kept: 300 bytes, more than the 256-byte limit for context");
    let r = unmask(
        dir,
        &[
            "ingest",
            "--strict",
            "greenhouse",
            &hostile("markup-candidates.json"),
        ],
    );
    assert_eq!(
        r.code, 1,
        "`--strict` rejects what it had to change: {}",
        r.stderr
    );
}

#[test]
fn nul_and_bidi_controls_leave_names_and_the_report_escapes_markup() {
    let (_tmp, dir, r) = markup_imported();
    let dir = dir.as_path();
    assert_has(
        &r.stderr,
        "field `name`: removed 1 control character and 1 bidi control",
    );
    ok(dir, &["analyze"]);
    ok(dir, &["report", "--html", "report.html"]);
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report");
    assert_inert("report", &html);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Roeexe.txt"),
        "the name is shown, escaped"
    );
    for markup in ["<script>alert", "<img src=x", "<script>document"] {
        assert!(!html.contains(markup), "`{markup}` in the report");
    }
}

#[test]
fn non_regular_input_is_capped() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    ok(
        dir,
        &["ingest", "greenhouse", &hostile("bom-candidates.json")],
    );
    for format in ["okta", "greenhouse"] {
        let r = unmask(dir, &["ingest", format, "/dev/zero"]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_has(&r.stderr, "not a regular file, and longer than the 256 MiB");
    }
}

#[test]
fn deep_nesting_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let file = candidate_with(
        dir,
        "deep.json",
        "custom_fields",
        &format!("{{\"x\": {deep}}}"),
    );
    let r = unmask(dir, &["ingest", "greenhouse", &file]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_has(&r.stderr, "recursion limit exceeded");
    let okta = format!("{{\"uuid\": \"1\", \"actor\": {deep}}}\n");
    std::fs::write(dir.join("okta.jsonl"), okta).expect("write");
    let r = unmask(dir, &["ingest", "okta", "okta.jsonl"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn repetition_stays_bounded() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let entry = "{\"value\": \"same@example.com\", \"type\": \"personal\"}";
    let list = vec![entry; 20_000].join(",");
    let file = candidate_with(dir, "repeat.json", "email_addresses", &format!("[{list}]"));
    ok(dir, &["ingest", "greenhouse", &file]);
    ok(dir, &["analyze"]);
    let shown = ok(dir, &["show", "greenhouse:960"]);
    assert!(shown.stdout.len() < 100_000, "{} bytes", shown.stdout.len());
}

#[test]
fn encodings_and_numbers_get_clear_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut out = String::new();
    for file in [
        "bom-candidates.json",
        "utf16-candidates.json",
        "mixed-encoding-candidates.json",
        "raw-nul-candidates.json",
        "numbers-out-of-range.json",
    ] {
        std::fs::copy(hostile(file), dir.join(file)).expect("copy");
        out.push_str(&format!("=== {file}\n"));
        out.push_str(&messages(dir, &["ingest", "greenhouse", file]));
    }
    insta::assert_snapshot!(out);
}
