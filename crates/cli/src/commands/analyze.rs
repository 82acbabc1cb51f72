//! `unmask analyze`: analyse everything imported and store the result.

use super::Global;
use crate::output;
use crate::progress::Bars;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(global: &Global) -> Result<ExitCode> {
    let config = global.config()?;
    let mut store = super::analysed_store(global)?;
    let s = unmask_pipeline::analyze::run(&mut store, &config, &global.now()?, &Bars::default())?;
    output::info(&format!(
        "analysed {} subjects: {} findings, {} persona clusters, {} facilitators, {} threat-intel hits, {} subjects at risk 70 or more",
        s.subjects, s.findings, s.clusters, s.facilitators, s.intel_hits, s.high_risk
    ));
    if s.intel_out_of_window > 0 {
        output::info(&format!(
            "{} indicators are outside their validity window at {} and were not matched",
            s.intel_out_of_window,
            global.now()?
        ));
    }
    Ok(ExitCode::SUCCESS)
}
