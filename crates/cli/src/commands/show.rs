//! `unmask show REF`: one subject's findings, each with its explanation and evidence.

use super::Global;
use crate::args::{OutputFormat, Show};
use anyhow::{bail, Result};
use std::collections::BTreeSet;
use std::process::ExitCode;
use unmask_pipeline::export::ExportContribution;

pub fn run(global: &Global, args: &Show) -> Result<ExitCode> {
    let store = super::analysed_store(global)?;
    let export = unmask_pipeline::export::build(&store)?;
    let Some(subject) = export.subjects.iter().find(|s| s.reference == args.subject) else {
        let close: Vec<&str> = export
            .subjects
            .iter()
            .map(|s| s.reference.as_str())
            .filter(|r| r.ends_with(args.subject.rsplit(':').next().unwrap_or("")))
            .take(3)
            .collect();
        let hint = if close.is_empty() {
            "hint: refs look like `greenhouse:<candidate id>` or `employee:<employee id>`; `unmask subjects` lists them".to_string()
        } else {
            format!(
                "hint: did you mean {}?",
                close
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        };
        bail!("no candidate or employee `{}`\n{hint}", args.subject);
    };
    let cluster = export
        .clusters
        .iter()
        .find(|c| c.members.contains(&subject.reference));
    match args.format {
        OutputFormat::Json => crate::output::json(&serde_json::to_string_pretty(&subject)?)?,
        OutputFormat::Table => {
            crate::outln!(
                "{} ({}) risk {}",
                subject.reference,
                subject.kind,
                subject.risk
            );
            print_contributions(&subject.contributions)?;
            if let Some(c) = cluster {
                crate::outln!("cluster {}: {}", c.id, c.members.join(", "));
            }
            if subject.findings.is_empty() {
                crate::outln!("no findings");
            }
            for f in &subject.findings {
                crate::outln!("\n[{}] {}\n  {}", f.severity, f.kind, f.explanation);
                for e in &f.evidence {
                    let what = match (&e.artifact, &e.role, &e.masked) {
                        (Some(k), Some(r), Some(m)) => format!("{k} ({r}) {m}"),
                        _ => "record".into(),
                    };
                    crate::outln!("  - {} {} at {}", e.subject, what, e.provenance);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How the risk adds up, then the evidence families that were weighed and held nothing.
fn print_contributions(contributions: &[ExportContribution]) -> Result<()> {
    let model = unmask_pipeline::scoring::Model::builtin()?;
    crate::outln!("how the risk adds up (points; log-odds in brackets):");
    for c in contributions {
        let what = match &c.severity {
            Some(s) => format!("{} ({s})", c.kind),
            None => "prior for this kind of subject".to_string(),
        };
        crate::outln!("  {:>+6.1}  {what} [{:+.2}]", c.points, c.log_odds);
    }
    let seen: BTreeSet<&str> = contributions.iter().map(|c| c.family.as_str()).collect();
    let quiet: Vec<&str> = model
        .families()
        .map(|(name, _)| name)
        .filter(|name| !seen.contains(name))
        .collect();
    if !quiet.is_empty() {
        crate::outln!("checked, nothing found: {}", quiet.join(", "));
    }
    Ok(())
}
