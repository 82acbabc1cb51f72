//! `unmask hunt --rules DIR... PATH...`: run Sigma rules over log files or folders without
//! importing them. With `--format json`, one JSON object per hit per line on stdout.

use super::Global;
use crate::args::{HuntArgs, OutputFormat};
use crate::output;
use anyhow::{bail, Result};
use std::process::ExitCode;
use unmask_ingest::Format;

fn files(path: &str, out: &mut Vec<String>) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| anyhow::anyhow!("cannot read `{path}`: {e}"))?;
    if meta.is_dir() {
        let mut entries: Vec<String> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path().display().to_string()))
            .collect();
        entries.sort();
        for e in entries {
            files(&e, out)?;
        }
    } else {
        out.push(path.to_string());
    }
    Ok(())
}

pub fn run(global: &Global, args: &HuntArgs) -> Result<ExitCode> {
    if args.rules.is_empty() && !args.pack {
        bail!("give rules to hunt with: `--rules DIR` (repeatable) and/or `--pack` for unmask's built-in pack");
    }
    let forced = match &args.input {
        Some(name) => match Format::builtin(name) {
            Some(f) if f.is_telemetry() => Some(f),
            _ => bail!("`--input {name}` is not a telemetry format (evtx, osquery, okta, entra, github-audit)"),
        },
        None => None,
    };
    let (rules, report) = unmask_pipeline::detect::load_rules(&args.rules, args.pack);
    let dropped = report.problems.iter().filter(|p| p.dropped).count();
    output::info(&format!(
        "{} detection rules and {} correlations loaded{}{}",
        rules.rule_count(),
        rules.correlation_count(),
        if report.duplicates > 0 {
            format!(
                "; {} read twice (same id and content) loaded once",
                report.duplicates
            )
        } else {
            String::new()
        },
        if dropped > 0 {
            format!("; {dropped} did not load (`unmask rules lint` lists them)")
        } else {
            String::new()
        }
    ));
    let mut paths = Vec::new();
    for p in &args.paths {
        files(p, &mut paths)?;
    }
    let config = global.config()?;
    let canon = unmask_model::canon::Canonicalizer::new([0; 32]);
    let canon = match &config.default_region {
        Some(r) => canon.with_default_region(r)?,
        None => canon,
    };
    let mut correlator = unmask_pipeline::detect::correlator(&rules);
    let (mut hits, mut events, mut skipped_files) = (0u64, 0u64, 0usize);
    let mut table: Vec<Vec<String>> = Vec::new();
    for path in &paths {
        let Some(format) = forced
            .clone()
            .or_else(|| unmask_pipeline::detect::sniff(path))
        else {
            output::warning(&format!(
                "{path}: skipped: cannot tell its format; name it with --input"
            ));
            skipped_files += 1;
            continue;
        };
        let mut write_error: Option<std::io::Error> = None;
        let report = unmask_pipeline::detect::hunt_file(
            path,
            &format,
            &canon,
            &rules,
            &mut correlator,
            &mut |h| {
                hits += 1;
                let rule = &h.hit.rule;
                let level = rule.level.clone().unwrap_or_default();
                match args.format {
                    OutputFormat::Json => {
                        let record = serde_json::json!({
                            "rule_id": rule.id,
                            "rule_name": rule.name,
                            "rule_title": rule.title,
                            "level": level,
                            "file": h.event.provenance.file,
                            "line": h.event.provenance.line,
                            "offset": h.event.provenance.offset,
                            "time": h.event.time,
                            "logsource": h.event.logsource,
                            "device": h.event.device,
                            "correlation": h.hit.correlation.as_ref().map(|c| serde_json::json!({
                                "group": c.group, "value": c.value, "window": [c.window.0, c.window.1]
                            })),
                            "record": h.event.fields,
                        });
                        // The callback cannot return the error: keep the first one.
                        if write_error.is_none() {
                            write_error = output::json(&record.to_string()).err();
                        }
                    }
                    OutputFormat::Table => table.push(vec![
                        h.event.time.clone(),
                        level,
                        rule.title.clone(),
                        h.event.device.clone().unwrap_or_default(),
                        h.event.provenance.to_string(),
                    ]),
                }
            },
        );
        if let Some(e) = write_error {
            return Err(e.into());
        }
        match report {
            Ok(r) => {
                events += r.events;
                for w in r.warnings.iter().take(5) {
                    output::warning(&w.to_string());
                }
            }
            Err(unmask_pipeline::PipelineError::Ingest(e)) => {
                skipped_files += 1;
                output::warning(&format!("{e}"));
                for p in e.problems() {
                    output::warning(&format!("  {p}"));
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    if args.format == OutputFormat::Table {
        crate::out!(
            "{}",
            output::table(&["TIME", "LEVEL", "RULE", "DEVICE", "WHERE"], &table)
        );
    }
    output::info(&format!(
        "{} files, {events} events, {hits} hits{}",
        paths.len(),
        if skipped_files > 0 {
            format!(", {skipped_files} files skipped")
        } else {
            String::new()
        }
    ));
    Ok(ExitCode::SUCCESS)
}
