//! One file per verb. Each takes its arguments and the global options and returns an exit code.

mod analyze;
mod context;
mod demo;
mod eval;
mod export;
mod generate;
mod graph;
mod hunt;
mod ingest;
mod link;
mod report;
mod rules;
mod show;
mod subjects;

use crate::args::{Cli, Command};
use anyhow::{Context, Result};
use std::process::ExitCode;
use unmask_pipeline::Config;
use unmask_store::SqliteStore;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let global = Global {
        db: cli.db,
        config: cli.config,
        as_of: cli.as_of,
    };
    match cli.command {
        Command::Generate(a) => generate::run(&a),
        Command::Demo(a) => demo::run(&global, &a),
        Command::Ingest(a) => ingest::run(&global, &a),
        Command::Analyze(a) => analyze::run(&global, &a),
        Command::Subjects(a) => subjects::run(&global, &a),
        Command::Context(a) => context::run(&global, &a),
        Command::Show(a) => show::run(&global, &a),
        Command::Export(a) => export::run(&global, &a),
        Command::Report(a) => report::run(&global, &a),
        Command::Eval(a) => eval::run(&global, &a),
        Command::Link(a) => link::run(&a),
        Command::Graph(a) => graph::run(&global, &a),
        Command::Rules(a) => rules::run(&a),
        Command::Hunt(a) => hunt::run(&global, &a),
    }
}

pub struct Global {
    pub db: Option<String>,
    pub config: Option<String>,
    pub as_of: Option<String>,
}

impl Global {
    pub fn db(&self) -> &str {
        self.db.as_deref().unwrap_or("unmask.db")
    }

    pub fn store(&self) -> Result<SqliteStore> {
        SqliteStore::open(self.db())
            .with_context(|| format!("opening the database `{}`", self.db()))
    }

    /// The analysis time: `--as-of` in UTC, or now.
    pub fn time(&self) -> Result<chrono::DateTime<chrono::Utc>> {
        match &self.as_of {
            None => Ok(chrono::Utc::now()),
            Some(t) => chrono::DateTime::parse_from_rfc3339(t)
                .map(|t| t.with_timezone(&chrono::Utc))
                .map_err(|e| {
                    anyhow::anyhow!(
                        "--as-of `{t}` is not an RFC 3339 time ({e})\nhint: for example 2026-01-31T00:00:00Z"
                    )
                }),
        }
    }

    /// [`Global::time`] as RFC 3339 text, to the second.
    pub fn now(&self) -> Result<String> {
        Ok(self.time()?.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }

    /// The config named with `--config`, else `unmask.toml` in the working directory when it
    /// exists, else defaults.
    pub fn config(&self) -> Result<Config> {
        match &self.config {
            Some(path) => Ok(Config::load(path)?),
            None if std::path::Path::new("unmask.toml").exists() => {
                Ok(Config::load("unmask.toml")?)
            }
            None => Ok(Config::default()),
        }
    }
}

/// An existing database with an analysis in it; a friendly error otherwise.
pub fn analysed_store(global: &Global) -> Result<SqliteStore> {
    if !std::path::Path::new(global.db()).exists() {
        anyhow::bail!(
            "database `{}` does not exist\nhint: run `unmask ingest FORMAT FILE...` and `unmask analyze` first, or `unmask demo`",
            global.db()
        );
    }
    global.store()
}
