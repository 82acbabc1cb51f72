//! End-to-end tests of the `unmask` binary: the demo world through every verb, the export
//! contract, the STIX bundle, and the messages users see when something is wrong (snapshot-checked).

use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run `unmask` in `dir` with `args`; `NO_COLOR` keeps messages plain.
fn unmask(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_unmask"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("UNMASK_DB")
        .env_remove("UNMASK_CONFIG")
        .output()
        .expect("the unmask binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Exit code, stdout and stderr of one run, for snapshots.
fn messages(dir: &Path, args: &[&str]) -> String {
    let r = unmask(dir, args);
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        r.code, r.stdout, r.stderr
    )
}

fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = unmask(dir, args);
    assert_eq!(
        r.code, 0,
        "unmask {args:?} failed:\n{}\n{}",
        r.stdout, r.stderr
    );
    r
}

/// A generated world at seed 1, scale 1, ingested and analysed in a fresh folder.
fn analysed_world() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().to_path_buf();
    ok(
        &dir,
        &["generate", "--seed", "1", "--scale", "1", "--out", "world"],
    );
    for (format, file) in [
        ("greenhouse", "world/candidates.json"),
        ("references", "world/references.csv"),
        ("payroll", "world/payroll.csv"),
        ("devices", "world/devices.csv"),
        ("osquery", "world/osquery.jsonl"),
        ("github-audit", "world/github-audit.jsonl"),
        ("okta", "world/okta.jsonl"),
        ("stix", "world/intel.json"),
        ("misp-warninglist", "world/vpn-warninglist.json"),
    ] {
        ok(
            &dir,
            &["--config", "world/unmask.toml", "ingest", format, file],
        );
    }
    ok(&dir, &["--config", "world/unmask.toml", "analyze"]);
    (tmp, dir)
}

/// Look-alike kinds the analysis still flags and links. Tests name them instead of hiding them
/// in a looser bound; fixing one should make the tests that list them fail until the entry is
/// removed. Empty since the agency named "Talent Partners" and households with two surnames
/// (one home, one phone, laptops sent there) were fixed.
const KNOWN_GAPS: &[&str] = &[];

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

mod context;
mod dev_world;
mod end_to_end;
mod graph;
mod greenhouse_v3;
mod hostile;
mod intel;
mod link;
mod messages;
mod no_declarations;
mod post_hire;
mod real;
mod stix;
mod telemetry;
mod urls;
