//! `unmask graph REF [--depth N] [--format json|dot]`: a subject's neighbourhood in the identity
//! graph, on stdout.

use super::Global;
use crate::args::{GraphArgs, GraphFormat};
use anyhow::{bail, Result};
use std::process::ExitCode;

pub fn run(global: &Global, args: &GraphArgs) -> Result<ExitCode> {
    let store = super::analysed_store(global)?;
    let Some(view) =
        unmask_pipeline::neighbourhood::view(&store, &args.subject, args.depth as usize)?
    else {
        bail!(
            "no subject `{}`\nhint: refs look like `greenhouse:<candidate id>`, `employee:<employee id>`, `device:<serial>`; `unmask subjects` lists people",
            args.subject
        );
    };
    if view.truncated {
        crate::output::warning(&format!(
            "the neighbourhood has more than {} nodes; showing the nearest ones",
            unmask_graph::view::MAX_NODES
        ));
    }
    match args.format {
        GraphFormat::Json => crate::output::json(&serde_json::to_string_pretty(&view)?)?,
        GraphFormat::Dot => crate::out!("{}", view.to_dot()),
    }
    Ok(ExitCode::SUCCESS)
}
