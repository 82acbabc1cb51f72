//! `unmask`: find DPRK IT-worker personas in hiring, HR and device exports.
//!
//! Parse arguments, run the command, map the error to an exit code: 1 for problems with the
//! user's input, 2 for internal failures.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the CLI is the one place that prints"
)]

mod args;
mod commands;
mod output;
mod progress;

use clap::Parser;
use std::process::ExitCode;

/// Ingest and analysis build many small maps and strings; mimalloc serves them about half
/// again as fast as the system allocator (`bench/signals/run.sh` uses it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Usage mistakes are user mistakes: exit 1 (clap's own default is 2). Help and
            // version go to stdout and exit 0.
            let _ = e.print();
            return ExitCode::from(u8::from(e.use_stderr()));
        }
    };
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) if output::is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            output::error(&err);
            ExitCode::from(output::exit_code(&err))
        }
    }
}
