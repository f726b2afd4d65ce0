use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    planpress::cli::run(planpress::cli::Cli::parse())
}
