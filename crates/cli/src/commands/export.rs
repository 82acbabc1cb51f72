//! `unmask export --format json`: the export contract on stdout.

use super::Global;
use crate::args::{Export, ExportFormat};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(global: &Global, args: &Export) -> Result<ExitCode> {
    let store = super::analysed_store(global)?;
    match args.format {
        ExportFormat::Json => {
            let export = unmask_pipeline::export::build(&store)?;
            println!("{}", serde_json::to_string(&export)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
