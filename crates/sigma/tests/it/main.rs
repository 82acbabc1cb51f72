//! Integration tests for the Sigma engine: SigmaHQ's regression corpus (from
//! `../shared/data/sigmahq`, skipped with a message when absent), rule loading, routing and
//! correlation.

mod conformance;
mod correlation;
mod equivalence;
mod loading;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use unmask_ingest::{parse_events, Format};
use unmask_model::canon::Canonicalizer;
use unmask_model::Event;
use unmask_sigma::{LoadReport, RuleSet, Source};

/// `../shared/data/sigmahq` from the workspace root, when present.
pub fn sigmahq() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sigmahq");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

pub const RULE_DIRS: [&str; 3] = ["rules", "rules-emerging-threats", "rules-threat-hunting"];

/// All SigmaHQ rules, loaded once for the tests that need them.
pub fn sigmahq_rules() -> Option<&'static (RuleSet, LoadReport)> {
    static RULES: OnceLock<Option<(RuleSet, LoadReport)>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            let root = sigmahq()?;
            let dirs: Vec<PathBuf> = RULE_DIRS.iter().map(|d| root.join(d)).collect();
            Some(RuleSet::load(&dirs))
        })
        .as_ref()
}

/// Every event of an `.evtx` file, through the `evtx` importer.
pub fn read_evtx(path: &Path) -> Vec<Event> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let canon = Canonicalizer::new([1u8; 32]);
    let mut events = Vec::new();
    let mut sink = |e: Event| {
        events.push(e);
        Ok(())
    };
    let report = parse_events(
        &Format::Evtx,
        &path.display().to_string(),
        file,
        &canon,
        &mut sink,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        report.skipped,
        0,
        "{}: {:?}",
        path.display(),
        report.warnings
    );
    events
}

/// Rules from YAML texts.
pub fn rules(yaml: &[&str]) -> (RuleSet, LoadReport) {
    RuleSet::from_sources(yaml.iter().enumerate().map(|(i, text)| Source {
        name: format!("rule{i}.yml"),
        text: text.to_string(),
    }))
}
