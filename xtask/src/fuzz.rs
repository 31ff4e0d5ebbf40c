//! `cargo xtask fuzz --seconds N`: bounded fuzzing on the stable toolchain (the `fuzz/`
//! cargo-fuzz targets need nightly). Runs the `sdk-fuzz` binary (crates/sdk-fuzz: the page
//! parser and the response decoding of every operation of the seed services), which prints
//! cases, cases/s and failures, and saves each failure, minimised, under
//! `target/fuzz-failures/`. It lives in its own crate, not here: xtask must build even when
//! the generated crates it regenerates do not.
//!
//! A run that dies of a signal (an abort after a stack overflow) has the input it was running
//! in `target/fuzz-failures/crash-input.bin`: reported here, kept for `--replay`.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `cargo xtask fuzz`.
#[derive(clap::Args)]
pub struct Args {
    /// How long to fuzz, in seconds (split between the targets).
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Seed of the random source (printed by every run, to repeat it).
    #[arg(long)]
    seed: Option<u64>,
    /// Only this target: `pages` or `decode`.
    #[arg(long)]
    target: Option<String>,
    /// Build and run optimised (more cases per second; a second build of the dependencies).
    #[arg(long)]
    release: bool,
    /// Run one saved failure (`target/fuzz-failures/<target>-<hash>.bin`) and exit.
    #[arg(long)]
    replay: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent")
        .to_path_buf();
    let out = root.join("target/fuzz-failures");
    let crash = out.join("crash-input.bin");
    let _ = std::fs::remove_file(&crash);
    let mut cmd =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(["run", "--quiet", "-p", "sdk-fuzz"]);
    if args.release {
        cmd.arg("--release");
    }
    cmd.arg("--")
        .arg("--seconds")
        .arg(args.seconds.to_string())
        .arg("--out")
        .arg(&out);
    if let Some(seed) = args.seed {
        cmd.arg("--seed").arg(seed.to_string());
    }
    if let Some(target) = &args.target {
        cmd.arg("--target").arg(target);
    }
    if let Some(replay) = &args.replay {
        cmd.arg("--replay").arg(replay);
    }
    let status = cmd.current_dir(&root).status()?;
    if status.success() {
        return Ok(ExitCode::SUCCESS);
    }
    if std::fs::metadata(&crash).is_ok_and(|m| m.len() > 0) {
        eprintln!(
            "fuzz: the run died ({status}); the input it was running is {} \
             (replay: cargo xtask fuzz --replay {} with a .txt naming the target)",
            crash.display(),
            crash.display()
        );
    } else {
        eprintln!("fuzz: failed ({status})");
    }
    Ok(ExitCode::from(1))
}
