//! `unmask analyze`: analyse everything imported and store the result.

use super::Global;
use crate::args::AnalyzeArgs;
use crate::output;
use crate::progress::Bars;
use anyhow::Result;
use std::process::ExitCode;
use unmask_pipeline::analyze::{RuleOptions, Summary};

pub fn run(global: &Global, args: &AnalyzeArgs) -> Result<ExitCode> {
    let config = global.config()?;
    let mut store = super::analysed_store(global)?;
    let options = RuleOptions {
        pack: !args.no_pack,
        dirs: args.rules.clone(),
    };
    let s = unmask_pipeline::analyze::run(
        &mut store,
        &config,
        &global.now()?,
        &options,
        &Bars::default(),
    )?;
    report_rules(&s);
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

/// What the rules did, on stderr.
pub fn report_rules(s: &Summary) {
    for p in &s.rule_problems {
        output::warning(&format!("rule not loaded: {p}"));
    }
    if s.events > 0 {
        output::info(&format!(
            "telemetry: {} events, {} rule hits{}",
            s.events,
            s.rule_hits,
            if s.unowned_hits > 0 {
                format!(
                    ", {} on devices or accounts no employee or candidate holds",
                    s.unowned_hits
                )
            } else {
                String::new()
            }
        ));
    }
    for (label, n) in &s.sanctioned {
        output::info(&format!(
            "sanctioned \"{label}\": {n} events or hits left out"
        ));
    }
    for note in &s.enrichment {
        output::info(&format!("offline IP data: {note}"));
    }
    if s.activities > 0 || s.activities_unowned > 0 {
        output::info(&format!(
            "post-hire checks: {} events of employees checked, {} about no employee, {} findings",
            s.activities, s.activities_unowned, s.post_hire_findings
        ));
    }
}
