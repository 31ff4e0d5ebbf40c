//! `cargo xtask <command>`: the project's own commands.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;
mod codegen;
mod conformance;
mod conformance_build;
mod export;
mod fuzz;
mod import;
mod render_text;
mod sign;
mod unpatched;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project commands of the Huawei Cloud Rust SDK"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Performance figures: codegen throughput, build cost, request overhead.
    Bench(bench::Args),
    /// Generate (or with --check, verify) the crates of every service under spec-docs/.
    Codegen(codegen::Args),
    /// Parse a corpus of real pages and measure the result against its manifest and ground truth.
    Conformance(conformance::Args),
    /// Parse reference pages and print the export JSON (../shared/conformance/FORMAT.md).
    Export(export::Args),
    /// Fuzz the page parser and the response decoding for N seconds (stable toolchain):
    /// cases, cases/s, failures (minimised, saved under target/fuzz-failures/).
    Fuzz(fuzz::Args),
    /// Copy a service's published reference pages (a huaweicloudDocs checkout or a folder of
    /// pages) into spec-docs/<service>/, with its licence and provenance; print what changed.
    Import(import::Args),
    /// Render reference pages (Markdown/HTML) as the text copied from the web site (every
    /// table cell on its own line), the format of the corpus's text renderings.
    RenderText(render_text::Args),
    /// Sign one signer vector's input and print canonical request, string to sign, signed
    /// headers and Authorization as JSON.
    Sign(sign::Args),
}

/// codegen and export build many small strings, token trees and syntax nodes: with glibc's
/// allocator a fifth of `codegen --check`'s time went to malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bench(args) => bench::run(args),
        Command::Codegen(args) => codegen::run(args),
        Command::Conformance(args) => conformance::run(args),
        Command::Export(args) => export::run(args),
        Command::Fuzz(args) => fuzz::run(args),
        Command::Import(args) => import::run(args),
        Command::RenderText(args) => render_text::run(args),
        Command::Sign(args) => sign::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
