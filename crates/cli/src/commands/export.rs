//! `unmask export --format json|stix`: the export contract, or a STIX 2.1 bundle to share, on
//! stdout.

use super::Global;
use crate::args::{Export, ExportFormat, Tlp};
use crate::output;
use anyhow::{bail, Result};
use std::process::ExitCode;
use unmask_pipeline::stix;

pub fn run(global: &Global, args: &Export) -> Result<ExitCode> {
    match args.format {
        ExportFormat::Json => {
            let stix_only = [
                ("--tlp", args.tlp.is_some()),
                ("--producer", args.producer.is_some()),
                ("--min-risk", args.min_risk.is_some()),
            ];
            if let Some((flag, _)) = stix_only.iter().find(|(_, given)| *given) {
                bail!("`{flag}` applies to `--format stix` only");
            }
            let store = super::analysed_store(global)?;
            let export = unmask_pipeline::export::build(&store)?;
            crate::output::json(&serde_json::to_string(&export)?)?;
        }
        ExportFormat::Stix => {
            let Some(tlp) = args.tlp else {
                bail!(
                    "`--format stix` needs `--tlp clear|green|amber|red`: say how recipients may share the bundle\n\
                     hint: `--tlp amber` (recipients' organisations only) suits identifiers that may be personal data"
                );
            };
            let producer = args.producer.as_deref().unwrap_or("unmask").trim();
            if producer.is_empty() {
                bail!("`--producer` needs a name, such as your organisation's");
            }
            let options = stix::Options {
                tlp: match tlp {
                    Tlp::Clear => stix::Tlp::Clear,
                    Tlp::White => stix::Tlp::White,
                    Tlp::Green => stix::Tlp::Green,
                    Tlp::Amber => stix::Tlp::Amber,
                    Tlp::Red => stix::Tlp::Red,
                },
                producer: producer.to_string(),
                min_risk: args.min_risk.unwrap_or(70),
                // `created`, `modified` and `valid_from` of every object: the global `--as-of`.
                as_of: global.time()?,
            };
            let mut store = super::analysed_store(global)?;
            let config = global.config()?;
            let (bundle, summary) = stix::build(&mut store, &config, &options)?;
            crate::output::json(&serde_json::to_string_pretty(&bundle)?)?;
            if summary.groups == 0 {
                output::warning(&format!(
                    "no persona cluster or subject at risk {} or above holds a shareable identifier: the bundle holds only the producer and the marking",
                    options.min_risk
                ));
            } else {
                output::info(&format!(
                    "stix: {} suspected operators, {} indicators",
                    summary.groups, summary.indicators
                ));
            }
            if summary.nothing_shareable > 0 {
                output::info(&format!(
                    "stix: {} more at risk {} or above hold nothing shareable (no email, IP or web profile)",
                    summary.nothing_shareable, options.min_risk
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
