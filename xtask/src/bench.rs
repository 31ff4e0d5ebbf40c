//! `cargo xtask bench <what>`: performance figures (printed, never asserted).
//!
//! * `codegen --corpus DIR`: end-to-end export and codegen of a corpus of pages (pages/s,
//!   MB/s, CPU, peak RSS) beside the raw floor (html5ever over every table).
//! * `build`: `cargo build` time per operation of generated crates, beside `aws-sdk-sts`.
//! * `request`: requests/s and CPU per request of the generated client against a loopback
//!   server, beside the official Python SDK, plus the client's RSS over 10,000 requests.
//!
//! Each measured run is a child process reaped with `wait4`, so wall time, CPU (user + sys,
//! descendants included) and peak RSS belong to that run alone. Figures are medians.

use std::process::ExitCode;

mod build;
mod corpus;
mod measure;

/// Arguments of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Export and codegen of a corpus end to end, beside the html5ever floor.
    Codegen(corpus::Args),
    /// Build time per operation of generated crates, beside aws-sdk-sts.
    Build(build::Args),
    /// Requests/s and CPU per request against a loopback server, beside the Python SDK:
    /// runs `cargo run --release -p sdk-benches --bin bench-request -- ARGS`.
    Request(RequestArgs),
    /// (internal) One measured phase of `bench codegen`, run in a child process.
    #[command(hide = true)]
    Phase(corpus::PhaseArgs),
}

/// Arguments passed on to the `bench-request` binary (see its `--help`).
#[derive(clap::Args)]
pub struct RequestArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

/// The request benchmark lives in the `sdk-benches` crate, not here: xtask must build even
/// when the generated crates it regenerates do not.
fn request(a: RequestArgs) -> anyhow::Result<()> {
    let status =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "sdk-benches",
                "--bin",
                "bench-request",
                "--",
            ])
            .args(&a.args)
            .current_dir(measure::workspace_root())
            .status()?;
    anyhow::ensure!(status.success(), "bench-request failed");
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Codegen(a) => corpus::run(a),
        What::Build(a) => build::run(a),
        What::Request(a) => request(a),
        What::Phase(a) => corpus::phase(a),
    }?;
    Ok(ExitCode::SUCCESS)
}
