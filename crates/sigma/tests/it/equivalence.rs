//! unmask's prefilter changes which rules rsigma is asked about, never the answer: every
//! SigmaHQ rule (and unmask's pack) against every event of the regression corpus, and against
//! variants of those events (values upper-cased, lower-cased, wrapped in lists), gives exactly
//! the hits of rsigma's own engine over all the rules of the event's route.

use super::{read_evtx, sigmahq, RULE_DIRS};
use serde_json::Value;
use std::path::{Path, PathBuf};
use unmask_model::Event;
use unmask_sigma::{Detector, RuleSet};

fn evtx_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            evtx_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "evtx") {
            out.push(path);
        }
    }
}

/// Every string in `value` changed by `f`.
fn map_strings(value: &mut Value, f: &dyn Fn(&str) -> Value) {
    match value {
        Value::String(s) => *value = f(s),
        Value::Array(items) => items.iter_mut().for_each(|v| map_strings(v, f)),
        Value::Object(map) => map.values_mut().for_each(|v| map_strings(v, f)),
        _ => {}
    }
}

fn variant(event: &Event, f: &dyn Fn(&str) -> Value) -> Event {
    let mut out = event.clone();
    out.fields.values_mut().for_each(|v| map_strings(v, f));
    out
}

/// Rule ids hit by the prefiltered path and by the reference, per event.
fn compare(rules: &RuleSet, events: &[Event]) -> (usize, Vec<String>) {
    let reference = rules.reference();
    let mut hits = 0;
    let mut differences = Vec::new();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for event in events {
        ours.clear();
        theirs.clear();
        rules.detect(event, &mut ours);
        reference.detect(event, &mut theirs);
        hits += theirs.len();
        let ours: Vec<&str> = ours.iter().map(|h| h.rule_id()).collect();
        let theirs: Vec<&str> = theirs.iter().map(|h| h.rule_id()).collect();
        if ours != theirs {
            differences.push(format!(
                "{:?} {}: prefilter {ours:?}, rsigma {theirs:?}",
                event.logsource, event.provenance.file
            ));
        }
    }
    (hits, differences)
}

#[test]
fn the_prefilter_gives_rsigmas_hits() {
    let Some(root) = sigmahq() else {
        return;
    };
    let mut dirs: Vec<PathBuf> = RULE_DIRS.iter().map(|d| root.join(d)).collect();
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    if pack.is_dir() {
        dirs.push(pack);
    }
    let (rules, _) = RuleSet::load(&dirs);

    let mut paths = Vec::new();
    evtx_files(&root.join("regression_data"), &mut paths);
    paths.sort();
    let corpus: Vec<Event> = paths.iter().flat_map(|p| read_evtx(p)).collect();
    assert!(corpus.len() >= 200, "only {} events", corpus.len());

    let mut events = corpus.clone();
    events.extend(
        corpus
            .iter()
            .map(|e| variant(e, &|s| s.to_uppercase().into())),
    );
    events.extend(
        corpus
            .iter()
            .map(|e| variant(e, &|s| s.to_lowercase().into())),
    );
    events.extend(corpus.iter().map(|e| {
        variant(e, &|s| {
            Value::Array(vec![Value::String("x".into()), Value::String(s.into())])
        })
    }));

    let (hits, differences) = compare(&rules, &events);
    eprintln!(
        "equivalence: {} events, {hits} hits, {} differences",
        events.len(),
        differences.len()
    );
    for d in differences.iter().take(20) {
        eprintln!("  {d}");
    }
    assert!(hits >= corpus.len(), "too few hits ({hits}) to compare");
    assert!(
        differences.is_empty(),
        "{} events differ",
        differences.len()
    );
}
