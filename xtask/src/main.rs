//! `cargo xtask <command>`: the project's own commands.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod export;

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
    /// Parse reference pages and print the export JSON (../shared/conformance/FORMAT.md).
    Export(export::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Export(args) => export::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
