//! Replays every committed seed (`fuzz/corpus/<target>/`) and crash reproducer
//! (`fuzz/regressions/<target>/`) through its target, so `cargo test` (and `.ci/run`) catch a
//! regression without AFL installed.

use std::path::{Path, PathBuf};
use unmask_fuzz::{target, TARGETS};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The files under `dir/<target>/`, by target, sorted; every folder must name a target.
fn inputs(dir: &str) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(folders) = std::fs::read_dir(root().join(dir)) else {
        return out;
    };
    for folder in folders.flatten() {
        let name = folder.file_name().to_string_lossy().into_owned();
        assert!(
            target(&name).is_some(),
            "`{dir}/{name}` names no fuzz target"
        );
        for file in std::fs::read_dir(folder.path())
            .expect("readable")
            .flatten()
        {
            out.push((name.clone(), file.path()));
        }
    }
    out.sort();
    out
}

#[allow(
    clippy::disallowed_methods,
    reason = "corpus files are small files committed with the tests"
)]
fn replay(dir: &str) -> usize {
    let files = inputs(dir);
    for (name, path) in &files {
        let bytes = std::fs::read(path).expect("readable");
        let run = target(name).expect("checked in `inputs`").run;
        eprintln!("{dir}: {name} {}", path.display());
        run(&bytes);
    }
    files.len()
}

#[test]
fn every_target_has_seeds() {
    let files = inputs("corpus");
    for t in TARGETS {
        assert!(
            files.iter().any(|(name, _)| name == t.name),
            "no seed under `corpus/{}`",
            t.name
        );
    }
}

#[test]
fn corpus_replays() {
    assert!(replay("corpus") >= TARGETS.len());
}

#[test]
fn regressions_replay() {
    replay("regressions");
}
