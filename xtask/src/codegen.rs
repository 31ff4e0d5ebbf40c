//! `cargo xtask codegen [--check]`: parse every service under `spec-docs/` and write (or check)
//! its generated crate `crates/huaweicloud-sdk-<service>/`.

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::sync::{sync, Mode};

/// Arguments of `cargo xtask codegen`.
#[derive(clap::Args)]
pub struct Args {
    /// Write nothing; exit non-zero listing each stale, missing or orphaned file.
    #[arg(long)]
    check: bool,
    /// Folder with one sub-folder of pages (and a `service.toml`) per service.
    #[arg(long, default_value = "spec-docs")]
    spec: PathBuf,
    /// Folder the crates are written into.
    #[arg(long, default_value = "crates")]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let services = docparse::load_services(std::slice::from_ref(&args.spec))?;
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let report = sync(&services, &args.out, mode)?;
    if args.check {
        if report.is_clean() {
            eprintln!("codegen: {} generated files up to date", report.unchanged);
            return Ok(ExitCode::SUCCESS);
        }
        eprint!("{report}");
        eprintln!("codegen: generated crates are out of date; run `cargo xtask codegen`");
        return Ok(ExitCode::from(1));
    }
    let changed = report.stale.len() + report.missing.len() + report.orphaned.len();
    for (path, why) in &report.refused {
        eprintln!("codegen: refused {}: {why}", path.display());
    }
    eprintln!(
        "codegen: {} services, {changed} files changed, {} unchanged",
        services.len(),
        report.unchanged
    );
    if !report.refused.is_empty() {
        eprintln!(
            "codegen: {} files not written (see above); move them out of the way",
            report.refused.len()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
