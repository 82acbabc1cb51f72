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

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            output::error(&err);
            ExitCode::from(output::exit_code(&err))
        }
    }
}
