//! The regression gate on a company from an independent generator: unpack one development world
//! from `UNMASK_EVAL_DIR` (`.ci/run` sets it to `../shared/eval`), ingest every file as a new user
//! would (no `unmask.toml`), analyse, export, score with the world's own `score.py`, and fail
//! below floors set a little under what `main` reaches. Truth is read by `score.py` only.
//!
//! Without `UNMASK_EVAL_DIR` (or without `zstd`, `tar` or `python3`) the test is skipped with the
//! reason printed, so `cargo test` passes on a bare machine.

use super::ok;
use std::path::Path;
use std::process::Command;

/// The world the gate unpacks: held out when the risk model was fitted (`crates/scoring`).
const WORLD: &str = "world-502";

/// (score.py JSON path, floor or ceiling, true when the value must stay at or above it).
/// Measured on `main` when the gate was set: see the README's "Quality on unseen companies".
const GATES: &[(&[&str], f64, bool)] = &[
    (&["clusters", "f1"], 0.96, true),
    (&["clusters", "precision"], 0.96, true),
    (&["clusters", "recall"], 0.94, true),
    (&["thresholds", "70", "operator_recall"], 0.94, true),
    (&["thresholds", "70", "fpr_candidates"], 0.001, false),
    (&["thresholds", "70", "fpr_employees"], 0.005, false),
    (&["auc", "candidates"], 0.985, true),
    (&["auc", "employees"], 0.995, true),
];

fn tool(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn development_world_stays_above_the_floors() {
    let Some(eval) = std::env::var_os("UNMASK_EVAL_DIR") else {
        eprintln!("skipping: UNMASK_EVAL_DIR not set (.ci/run sets it to ../shared/eval)");
        return;
    };
    let eval = Path::new(&eval);
    let archive = eval.join(format!("{WORLD}.tar.zst"));
    if !archive.exists() || !tool("zstd") || !tool("python3") {
        eprintln!(
            "skipping: needs {} with zstd and python3",
            archive.display()
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let unpacked = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "zstd -dc '{}' | tar -xf - -C '{}'",
            archive.display(),
            dir.display()
        ))
        .status()
        .expect("sh runs");
    assert!(unpacked.success(), "unpacking {} failed", archive.display());
    let world = WORLD;
    for (format, file) in [
        ("greenhouse", "ats/greenhouse_candidates.json"),
        ("references", "ats/references.csv"),
        ("payroll", "hr/payroll.csv"),
        ("devices", "it/devices.csv"),
        ("stix", "intel/stix_bundle.json"),
        ("okta", "logs/okta_system_log.jsonl"),
        ("osquery", "logs/osquery_results.jsonl"),
        ("github-audit", "logs/git_audit.jsonl"),
    ] {
        ok(
            dir,
            &["--db", "w.db", "ingest", format, &format!("{world}/{file}")],
        );
    }
    ok(dir, &["--db", "w.db", "analyze"]);
    let export = ok(dir, &["--db", "w.db", "export", "--format", "json"]);
    std::fs::write(dir.join("result.json"), &export.stdout).expect("write export");
    let scored = Command::new("python3")
        .arg(eval.join("score.py"))
        .args(["--truth", &format!("{world}/truth/truth.json")])
        .args(["--result", "result.json", "--json-out", "score.json"])
        .current_dir(dir)
        .output()
        .expect("python3 runs");
    assert!(
        scored.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&scored.stderr)
    );
    let summary = String::from_utf8_lossy(&scored.stdout);
    eprintln!("{}", summary.lines().last().unwrap_or(""));
    let score: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("score.json")).expect("score.json"))
            .expect("score.json is JSON");
    let mut failed = Vec::new();
    for (path, bound, at_least) in GATES {
        let value = path
            .iter()
            .fold(&score, |v, k| &v[*k])
            .as_f64()
            .unwrap_or_else(|| panic!("score.json has no number at {path:?}"));
        let fine = if *at_least {
            value >= *bound
        } else {
            value <= *bound
        };
        eprintln!(
            "{}: {value:.4} ({} {bound})",
            path.join("."),
            if *at_least { ">=" } else { "<=" }
        );
        if !fine {
            failed.push(format!("{}: {value:.4}", path.join(".")));
        }
    }
    assert!(failed.is_empty(), "below the gate: {failed:?}\n{summary}");
}
