//! `unmask context`: the company's own offices and egress as inferred from the stored data, with
//! the evidence for each and what `unmask.toml` says about it (inferred, declared, rejected),
//! next to the shared addresses that look like a laptop farm's or a household's.

use super::Global;
use crate::args::{ContextArgs, OutputFormat};
use crate::output;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(global: &Global, args: &ContextArgs) -> Result<ExitCode> {
    let mut store = super::analysed_store(global)?;
    let config = global.config()?;
    let mut inferences = unmask_pipeline::context::run(&mut store, &config, &global.now()?)?;
    if !args.all {
        inferences.retain(|i| i.verdict != unmask_graph::context::Verdict::Unclear);
    }
    match args.format {
        OutputFormat::Json => crate::output::json(&serde_json::to_string_pretty(&inferences)?)?,
        OutputFormat::Table => {
            let rows: Vec<Vec<String>> = inferences
                .iter()
                .map(|i| {
                    vec![
                        i.verdict.as_str().to_string(),
                        i.status.as_str().to_string(),
                        i.artifact.as_str().to_string(),
                        i.shown.clone(),
                        format!("{:>3}", i.households),
                        i.evidence.clone(),
                    ]
                })
                .collect();
            crate::out!(
                "{}",
                output::table(
                    &[
                        "VERDICT",
                        "STATUS",
                        "KIND",
                        "VALUE",
                        "HOUSEHOLDS",
                        "EVIDENCE"
                    ],
                    &rows
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
