//! `unmask demo`: generate a world, ingest it, analyse it, write the report and score it.

use super::Global;
use crate::args::Demo;
use crate::output;
use crate::progress::Bars;
use anyhow::{bail, Result};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;
use unmask_ingest::Format;
use unmask_pipeline::Config;

pub fn run(global: &Global, args: &Demo) -> Result<ExitCode> {
    let started = Instant::now();
    super::generate::write_world(
        args.seed,
        args.scale,
        super::generate::declarations(args.no_declarations),
        &args.out,
    )?;
    let dir = Path::new(&args.out);
    let path = |name: &str| dir.join(name).display().to_string();
    // A fresh database for each demo unless the user named one.
    let db = global.db.clone().unwrap_or_else(|| path("unmask.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
    let config = match &global.config {
        Some(c) => Config::load(c)?,
        None => Config::load(&path("unmask.toml"))?,
    };
    let demo_global = Global {
        db: Some(db.clone()),
        config: global.config.clone(),
        as_of: global.as_of.clone(),
    };
    let mut store = demo_global.store()?;
    for (format, file) in [
        (Format::Greenhouse, "candidates.json"),
        (Format::References, "references.csv"),
        (Format::Payroll, "payroll.csv"),
        (Format::Devices, "devices.csv"),
        (Format::Osquery, "osquery.jsonl"),
        (Format::GithubAudit, "github-audit.jsonl"),
        (Format::Okta, "okta.jsonl"),
        (Format::Stix, "intel.json"),
        (Format::MispWarninglist, "vpn-warninglist.json"),
    ] {
        let failed = super::ingest::ingest_paths(
            &mut store,
            &config,
            &format,
            &[path(file)],
            false,
            &global.now()?,
        )?;
        if failed > 0 {
            bail!(
                "the generated file `{}` did not import; this is a bug in unmask",
                path(file)
            );
        }
    }
    let s = unmask_pipeline::analyze::run(
        &mut store,
        &config,
        &global.now()?,
        &unmask_pipeline::analyze::RuleOptions::default(),
        &Bars::default(),
    )?;
    super::analyze::report_rules(&s);
    output::info(&format!(
        "analysed {} subjects: {} findings, {} persona clusters, {} at risk 70 or more",
        s.subjects, s.findings, s.clusters, s.high_risk
    ));
    let report = path("report.html");
    super::report::write(&store, &report)?;
    let eval = super::eval::evaluate(&store, &path("truth.json"))?;
    crate::out!("{}", super::eval::render(&eval));
    crate::outln!("report: {report}");
    crate::outln!("database: {db}");
    output::info(&format!(
        "demo finished in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(ExitCode::SUCCESS)
}
