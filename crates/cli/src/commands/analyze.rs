//! `unmask analyze`: analyse everything imported and store the result.

use super::Global;
use crate::output;
use crate::progress::Bars;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(global: &Global) -> Result<ExitCode> {
    let config = global.config()?;
    let mut store = super::analysed_store(global)?;
    let s = unmask_pipeline::analyze::run(&mut store, &config, &Bars::default())?;
    output::info(&format!(
        "analysed {} subjects: {} findings, {} persona clusters, {} subjects at risk 70 or more",
        s.subjects, s.findings, s.clusters, s.high_risk
    ));
    Ok(ExitCode::SUCCESS)
}
