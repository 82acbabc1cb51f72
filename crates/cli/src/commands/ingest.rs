//! `unmask ingest FORMAT PATH...`: each file is imported whole or not at all.

use super::Global;
use crate::args::Ingest;
use crate::output;
use crate::progress::Bars;
use anyhow::{bail, Context, Result};
use std::process::ExitCode;
use unmask_ingest::{Format, Mapping};
use unmask_pipeline::ingest::ingest_file;
use unmask_pipeline::PipelineError;
use unmask_store::{ImportOutcome, Store};

pub fn run(global: &Global, args: &Ingest) -> Result<ExitCode> {
    let format = format(&args.format, args.mapping.as_deref())?;
    let config = global.config()?;
    let mut store = global.store()?;
    let failed = ingest_paths(&mut store, &config, &format, &args.paths, args.strict)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn format(name: &str, mapping: Option<&str>) -> Result<Format> {
    if name == "csv" {
        let Some(path) = mapping else {
            bail!("format `csv` needs a column mapping\nhint: `unmask ingest csv --mapping mapping.toml FILE...`");
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the mapping `{path}`"))?;
        return Ok(Format::Csv(Box::new(Mapping::from_toml(path, &text)?)));
    }
    if let Some(f) = Format::builtin(name) {
        return Ok(f);
    }
    let close = Format::NAMES.iter().find(|n| strsim_close(n, name));
    let hint = close
        .map(|n| format!("\nhint: did you mean `{n}`?"))
        .unwrap_or_default();
    bail!(
        "unknown format `{name}` (formats: {}){hint}",
        Format::NAMES.join(", ")
    )
}

fn strsim_close(a: &str, b: &str) -> bool {
    a.starts_with(b)
        || b.starts_with(a)
        || (a.len().abs_diff(b.len()) <= 2
            && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 2)
}

/// Import each path; returns how many were rejected. Messages go to stderr.
pub fn ingest_paths(
    store: &mut dyn Store,
    config: &unmask_pipeline::Config,
    format: &Format,
    paths: &[String],
    strict: bool,
) -> Result<usize> {
    let canon = unmask_pipeline::canonicalizer(store, config)?;
    let bars = Bars::default();
    let mut failed = 0;
    for path in paths {
        match ingest_file(store, &canon, format, path, strict, &bars) {
            Ok(report) => {
                match &report.outcome {
                    ImportOutcome::Imported { subjects, observations, relations } => output::info(&format!(
                        "imported {path} ({}): {} records, {subjects} subjects, {observations} new artifacts, {relations} new relations{}",
                        report.format,
                        report.records,
                        if report.warnings.is_empty() {
                            String::new()
                        } else {
                            format!(", {} values skipped", report.warnings.len())
                        }
                    )),
                    ImportOutcome::AlreadyImported { file, imported_at } => output::info(&format!(
                        "skipped {path}: the same content was imported from {file} at {imported_at}"
                    )),
                }
                for w in &report.warnings {
                    output::warning(&w.to_string());
                }
            }
            Err(PipelineError::Ingest(e)) => {
                failed += 1;
                eprintln!("{}", format_rejection(&e));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if failed > 0 {
        output::hint("fix the listed problems and run the same command again; files already imported are skipped");
    }
    Ok(failed)
}

fn format_rejection(e: &unmask_ingest::IngestError) -> String {
    let mut s = format!("error: {e}");
    for p in e.problems() {
        s.push_str(&format!("\n  {p}"));
    }
    s
}
