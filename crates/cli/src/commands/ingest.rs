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
    let failed = ingest_paths(
        &mut store,
        &config,
        &format,
        &args.paths,
        args.strict,
        &global.now()?,
    )?;
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
    now: &str,
) -> Result<usize> {
    let canon = unmask_pipeline::canonicalizer(store, config)?;
    let bars = Bars::default();
    let mut failed = 0;
    let mut hunts: Vec<i64> = Vec::new();
    for path in paths {
        match ingest_file(store, &canon, format, path, strict, &bars) {
            Ok(report) => {
                match &report.outcome {
                    ImportOutcome::Imported {
                        subjects,
                        observations,
                        relations,
                        indicators,
                        warninglists,
                        source_id,
                    } => {
                        let skipped = if report.warnings.is_empty() {
                            String::new()
                        } else {
                            format!(", {} values skipped", report.warnings.len())
                        };
                        if format.is_intel() || *indicators > 0 || *warninglists > 0 {
                            output::info(&format!(
                                "imported {path} ({}): {} records, {indicators} indicators, {warninglists} warning lists{skipped}",
                                report.format, report.records
                            ));
                            if *indicators > 0 {
                                hunts.push(*source_id);
                            }
                        } else {
                            output::info(&format!(
                                "imported {path} ({}): {} records, {subjects} subjects, {observations} new artifacts, {relations} new relations{skipped}{}",
                                report.format, report.records, national_phones(&report.national_phones)
                            ));
                        }
                    }
                    ImportOutcome::ImportedEvents { events, duplicates } => output::info(&format!(
                        "imported {path} ({}): {} records, {events} new events{}{}",
                        report.format,
                        report.records,
                        if *duplicates > 0 {
                            format!(", {duplicates} already stored from an overlapping export")
                        } else {
                            String::new()
                        },
                        if report.warnings.is_empty() {
                            String::new()
                        } else {
                            format!(
                                ", {} records skipped",
                                report.records as u64 - events - duplicates
                            )
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
                eprintln!("{}", unmask_model::text::visible(&format_rejection(&e)));
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(first) = hunts.first() {
        retro_hunt(store, *first, now)?;
    }
    if failed > 0 {
        output::hint("fix the listed problems and run the same command again; files already imported are skipped");
    }
    Ok(failed)
}

/// `; phones without +country: N read in the record's country, ...`, or nothing when every
/// phone carried its country code.
fn national_phones(p: &unmask_ingest::NationalPhones) -> String {
    if p.from_record + p.from_default + p.from_format + p.dropped == 0 {
        return String::new();
    }
    format!(
        "; phones without `+country`: {} read in the country the record gives, {} in the default region, \
         {} as North American by their form, {} skipped",
        p.from_record, p.from_default, p.from_format, p.dropped
    )
}

fn format_rejection(e: &unmask_ingest::IngestError) -> String {
    let mut s = format!("error: {e}");
    for p in e.problems() {
        s.push_str(&format!("\n  {p}"));
    }
    s
}

/// Match the intelligence just imported over everything stored; hits go to stdout, one per
/// line, tab-separated: subject, artifact, indicator id, source, confidence, how, note.
fn retro_hunt(store: &dyn Store, source_id: i64, now: &str) -> Result<()> {
    let hunt = unmask_pipeline::retro::retro_hunt(store, source_id, now)?;
    let counted = hunt.hits.iter().filter(|h| h.listed.is_none()).count();
    output::info(&format!(
        "retro-hunt at {now}: {} new indicators against everything stored: {counted} hits{}{}",
        hunt.indicators,
        if hunt.hits.len() > counted {
            format!(
                ", {} more on warning lists (not counted)",
                hunt.hits.len() - counted
            )
        } else {
            String::new()
        },
        if hunt.out_of_window > 0 {
            format!(
                "; {} indicators outside their validity window not matched",
                hunt.out_of_window
            )
        } else {
            String::new()
        }
    ));
    for h in &hunt.hits {
        crate::outln!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            h.subject,
            h.artifact,
            h.indicator,
            h.source,
            h.confidence
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            h.how,
            h.listed
                .as_deref()
                .map(|l| format!("on warning list \"{l}\""))
                .unwrap_or_default()
        );
    }
    if counted > 0 {
        output::hint("run `unmask analyze` to score the hits");
    }
    Ok(())
}
