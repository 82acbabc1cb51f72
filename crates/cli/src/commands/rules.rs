//! `unmask rules lint DIR...` and `unmask rules test DIR...`.

use crate::args::{RulesArgs, RulesCommand};
use crate::output;
use anyhow::Result;
use std::process::ExitCode;
use unmask_sigma::RuleSet;

pub fn run(args: &RulesArgs) -> Result<ExitCode> {
    match &args.command {
        RulesCommand::Lint { dirs } => lint(dirs),
        RulesCommand::Test { dirs } => test(dirs),
    }
}

fn lint(dirs: &[String]) -> Result<ExitCode> {
    let (_, report) = RuleSet::load(dirs);
    for p in &report.problems {
        let what = if p.dropped { "not loaded" } else { "warning" };
        match &p.rule {
            Some(rule) => crate::outln!("{}: {what}: rule {rule}: {}", p.file, p.reason),
            None => crate::outln!("{}: {what}: {}", p.file, p.reason),
        }
    }
    let dropped = report.problems.iter().filter(|p| p.dropped).count();
    output::info(&format!(
        "{} files: {} detection rules, {} correlations, {} filters loaded; {dropped} not loaded",
        report.files, report.rules, report.correlations, report.filters
    ));
    if dropped > 0 {
        for (reason, n) in report.reasons() {
            output::info(&format!("  {n:>5}  {reason}"));
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn test(dirs: &[String]) -> Result<ExitCode> {
    let (results, report) = unmask_pipeline::detect::test_rules(dirs)?;
    for p in report.problems.iter().filter(|p| p.dropped) {
        output::warning(&format!("{}: not loaded: {}", p.file, p.reason));
    }
    let mut failed = 0;
    for r in &results {
        if r.passed {
            crate::outln!("PASS  {}  ({})", r.rule, r.rule_file);
        } else {
            failed += 1;
            crate::outln!("FAIL  {}  ({})", r.rule, r.rule_file);
            for f in &r.failures {
                crate::outln!("        {f}");
            }
        }
    }
    output::info(&format!(
        "{} rules tested: {} passed, {failed} failed",
        results.len(),
        results.len() - failed
    ));
    if results.is_empty() {
        output::warning("no `*.tests.json` files found beside the rules");
        return Ok(ExitCode::from(1));
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
