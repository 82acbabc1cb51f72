//! SigmaHQ's regression cases: for each `info.yml` under `regression_data`, the rule it names
//! fires on its `.evtx`, read through unmask's importer, with every SigmaHQ rule loaded.

use super::{read_evtx, sigmahq, sigmahq_rules};
use std::path::{Path, PathBuf};
use unmask_sigma::Detector;

struct Case {
    dir: PathBuf,
    rule_ids: Vec<String>,
    evtx: Vec<PathBuf>,
}

fn cases(dir: &Path, out: &mut Vec<Case>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut evtx = Vec::new();
    let mut info = None;
    for path in entries {
        if path.is_dir() {
            cases(&path, out);
        } else if path.extension().is_some_and(|e| e == "evtx") {
            evtx.push(path);
        } else if path.file_name().is_some_and(|n| n == "info.yml") {
            info = Some(path);
        }
    }
    if let Some(info) = info {
        out.push(Case {
            dir: dir.to_path_buf(),
            rule_ids: rule_ids(&info),
            evtx,
        });
    }
}

/// `rule_metadata[].id` of an `info.yml`.
fn rule_ids(info: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(info).expect("info.yml");
    let mut in_metadata = false;
    let mut ids = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && !line.starts_with('-') {
            in_metadata = line.trim_end() == "rule_metadata:";
            continue;
        }
        if in_metadata {
            if let Some(id) = line.trim().strip_prefix("- id:") {
                ids.push(id.trim().trim_matches('\'').trim_matches('"').to_string());
            }
        }
    }
    ids
}

#[test]
fn every_regression_case_fires_its_rule() {
    let (Some(root), Some((rules, _))) = (sigmahq(), sigmahq_rules()) else {
        return;
    };
    let mut all = Vec::new();
    cases(&root.join("regression_data"), &mut all);
    let mut passed = 0;
    let mut failed = Vec::new();
    let mut without_evtx = Vec::new();
    for case in &all {
        if case.evtx.is_empty() {
            without_evtx.push(case.dir.display().to_string());
            continue;
        }
        let mut fired = std::collections::BTreeSet::new();
        let mut hits = Vec::new();
        for path in &case.evtx {
            for event in read_evtx(path) {
                hits.clear();
                rules.detect(&event, &mut hits);
                fired.extend(hits.iter().map(|h| h.rule.id.clone()));
            }
        }
        if case.rule_ids.iter().all(|id| fired.contains(id)) {
            passed += 1;
        } else {
            failed.push(format!("{} ({:?})", case.dir.display(), case.rule_ids));
        }
    }
    let total = passed + failed.len();
    eprintln!("conformance: {passed} of {total} regression cases fire their rule");
    for case in &without_evtx {
        eprintln!("  not run (no .evtx): {case}");
    }
    for case in &failed {
        eprintln!("  FAILED: {case}");
    }
    assert!(total >= 200, "found only {total} cases with an .evtx");
    assert!(failed.is_empty(), "{} cases failed", failed.len());
}
