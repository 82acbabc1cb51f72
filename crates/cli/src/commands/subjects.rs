//! `unmask subjects`: list candidates and employees with their risk, highest first.

use super::Global;
use crate::args::{OutputFormat, Subjects};
use crate::output;
use anyhow::{bail, Result};
use std::process::ExitCode;

pub fn run(global: &Global, args: &Subjects) -> Result<ExitCode> {
    if let Some(kind) = &args.kind {
        if kind != "candidate" && kind != "employee" {
            bail!("unknown subject kind `{kind}` (kinds: candidate, employee)");
        }
    }
    let store = super::analysed_store(global)?;
    let export = unmask_pipeline::export::build(&store)?;
    let mut rows: Vec<_> = export
        .subjects
        .iter()
        .filter(|s| s.risk >= args.min_risk)
        .filter(|s| args.kind.as_ref().is_none_or(|k| &s.kind == k))
        .filter(|s| {
            args.finding
                .as_ref()
                .is_none_or(|k| s.findings.iter().any(|f| &f.kind == k))
        })
        .collect();
    rows.sort_by(|a, b| b.risk.cmp(&a.risk).then(a.reference.cmp(&b.reference)));
    if let Some(limit) = args.limit {
        rows.truncate(limit);
    }
    match args.format {
        OutputFormat::Json => crate::output::json(&serde_json::to_string_pretty(&rows)?)?,
        OutputFormat::Table => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|s| {
                    let mut kinds: Vec<&str> = s
                        .findings
                        .iter()
                        .filter(|f| f.severity != "info")
                        .map(|f| f.kind.as_str())
                        .collect();
                    kinds.dedup();
                    vec![
                        format!("{:>3}", s.risk),
                        s.reference.clone(),
                        s.kind.clone(),
                        kinds.join(", "),
                    ]
                })
                .collect();
            crate::out!(
                "{}",
                output::table(&["RISK", "SUBJECT", "KIND", "FINDINGS"], &table)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
