//! `cargo xtask export PATH...`: the export JSON of ../shared/conformance/FORMAT.md.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use apispec::Severity;

/// Arguments of `cargo xtask export`.
#[derive(clap::Args)]
pub struct Args {
    /// Page files or folders (read recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Exit with an error when there is any warning or error (notes are informative).
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let services = docparse::load_services(&args.paths)?;
    let json = apispec::export::export_json(&services);
    let mut diags = 0usize;
    let mut errors = 0usize;
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for s in &services {
        for d in &s.diagnostics {
            writeln!(err, "{d}")?;
            if d.severity >= Severity::Warning {
                diags += 1;
            }
            if d.severity == Severity::Error {
                errors += 1;
            }
        }
    }
    std::io::stdout().lock().write_all(json.as_bytes())?;
    if errors > 0 || (args.deny_warnings && diags > 0) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
