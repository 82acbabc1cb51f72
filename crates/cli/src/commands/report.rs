//! `unmask report --html FILE`: the self-contained HTML report.

use super::Global;
use crate::args::Report;
use crate::output;
use anyhow::{Context, Result};
use std::process::ExitCode;

pub fn run(global: &Global, args: &Report) -> Result<ExitCode> {
    let store = super::analysed_store(global)?;
    write(&store, &args.html)?;
    output::info(&format!("report written to {}", args.html));
    Ok(ExitCode::SUCCESS)
}

pub fn write(store: &unmask_store::SqliteStore, path: &str) -> Result<()> {
    let html = unmask_pipeline::report::html(store)?;
    std::fs::write(path, html).with_context(|| format!("writing the report `{path}`"))
}
