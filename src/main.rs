use std::process::ExitCode;

use clap::Parser;

// The build allocates and frees many small strings (events, attributes, template values);
// mimalloc does that markedly faster than the system allocator (see bench/results.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    planpress::cli::run(planpress::cli::Cli::parse())
}
