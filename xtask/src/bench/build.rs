//! `cargo xtask bench build`: `cargo build` time of each generated crate alone (its
//! dependencies already built), per operation, debug and release; beside `aws-sdk-sts`
//! (a generated Rust SDK crate, 11 operations) built the same way in the same run.
//!
//! Generated crates go to a scratch workspace under `target/bench/build-ws/` (core and the
//! test kit linked in by symlinks, the workspace's dependency versions and `Cargo.lock`);
//! aws-sdk-sts to a scratch project under `target/bench/build-aws/`. Both use cargo's default profiles and
//! `CARGO_INCREMENTAL=0`. One measured build is `cargo clean -p CRATE` then
//! `cargo build -p CRATE`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context;
use codegen::sync::{sync, Mode};

use super::measure::{self, Usage};

/// Arguments of `cargo xtask bench build`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder of pages, one sub-folder per service.
    #[arg(long, default_value = "../shared/corpus/pages")]
    corpus: PathBuf,
    /// Services of the corpus to generate and build (comma-separated), or `all`.
    #[arg(long, default_value = "cce,vpc,dns,ces", value_delimiter = ',')]
    services: Vec<String>,
    /// Measured builds per crate and profile; figures are medians.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Version requirement of the reference crate.
    #[arg(long, default_value = "1")]
    aws_sdk_sts: String,
    /// Skip the aws-sdk-sts reference (no crates.io access).
    #[arg(long)]
    skip_aws: bool,
}

/// Root `Cargo.toml` sections the generated crates and core inherit from.
fn workspace_tables(root: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml"))?;
    let mut out = String::from("[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n\n");
    let mut keep = false;
    for line in text.lines() {
        if line.starts_with('[') {
            keep = line == "[workspace.package]" || line == "[workspace.dependencies]";
        }
        // Internal path dependencies do not resolve from the scratch workspace.
        if keep && !line.contains("path =") {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .stdout(Stdio::null());
    c
}

/// Builds everything once (dependencies), then measures `clean -p` + `build -p` of `krate`.
fn measure_crate(dir: &Path, krate: &str, release: bool, runs: usize) -> anyhow::Result<Usage> {
    let profile = if release { "release" } else { "dev" };
    let mut usages = Vec::new();
    for _ in 0..runs {
        measure::run_quiet(
            cargo()
                .args(["clean", "--quiet", "-p", krate, "--profile", profile])
                .current_dir(dir),
        )?;
        usages.push(
            measure::run(
                cargo()
                    .args([
                        "build",
                        "--quiet",
                        "--lib",
                        "-p",
                        krate,
                        "--profile",
                        profile,
                    ])
                    .current_dir(dir),
            )
            .with_context(|| format!("building {krate} ({profile})"))?,
        );
    }
    Ok(measure::median_usage(&usages))
}

/// Builds the dependencies of the crates to measure (`-p` of a dependency), quietly.
fn prebuild(dir: &Path, package: &str, release: bool) -> anyhow::Result<()> {
    let mut c = cargo();
    c.args(["build", "--quiet", "--lib", "-p", package])
        .current_dir(dir)
        .stderr(Stdio::null());
    if release {
        c.arg("--release");
    }
    measure::run(&mut c).map(|_| ())
}

fn rust_lines(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                n += std::fs::read_to_string(&p)
                    .map(|t| t.lines().count())
                    .unwrap_or(0);
            }
        }
    }
    n
}

struct Row {
    krate: String,
    ops: usize,
    lines: usize,
    debug: Usage,
    release: Usage,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let root = measure::workspace_root();
    let corpus = root.join(&args.corpus).canonicalize().context("corpus")?;
    let runs = args.runs.max(1);
    eprintln!(
        "bench build: {runs} runs per crate and profile, load average {}",
        measure::load_average()
    );
    let mut services = docparse::load_services(std::slice::from_ref(&corpus))?;
    if !args.services.iter().any(|s| s == "all") {
        services.retain(|s| args.services.contains(&s.name));
    }

    let ws = root.join("target/bench/build-ws");
    let crates = ws.join("crates");
    std::fs::create_dir_all(&crates)?;
    std::fs::write(ws.join("Cargo.toml"), workspace_tables(&root)?)?;
    if !ws.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))?;
    }
    // The runtime, and the test kit the generated crates' tests depend on (a dev-dependency:
    // not built by `cargo build --lib`, but the manifest must resolve).
    for hand_written in crate::conformance_build::HAND_WRITTEN {
        let link = crates.join(hand_written);
        if std::fs::symlink_metadata(&link).is_err() {
            crate::conformance_build::link_dir(&root.join("crates").join(hand_written), &link)?;
        }
    }
    sync(&services, &crates, Mode::Write)?;
    // Generated crates' integration tests are not part of `cargo build`; keep them out of the
    // way of `--workspace` builds too.
    eprintln!("  building dependencies (debug, release)...");
    prebuild(&ws, "huaweicloud-sdk-core", false)?;
    prebuild(&ws, "huaweicloud-sdk-core", true)?;

    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for s in &services {
        let krate = codegen::crate_dir_name(s);
        let ops = codegen::versions(s).values().map(Vec::len).sum();
        eprintln!("  {krate} ({ops} operations)...");
        let built = measure_crate(&ws, &krate, false, runs)
            .and_then(|debug| Ok((debug, measure_crate(&ws, &krate, true, runs)?)));
        let (debug, release) = match built {
            Ok(x) => x,
            Err(e) => {
                eprintln!("  {krate} does not build, left out: {e:#}");
                failed.push(krate);
                continue;
            }
        };
        rows.push(Row {
            lines: rust_lines(&crates.join(&krate).join("src")),
            debug,
            release,
            krate,
            ops,
        });
    }

    if !args.skip_aws {
        let aws = root.join("target/bench/build-aws");
        std::fs::create_dir_all(aws.join("src"))?;
        std::fs::write(
            aws.join("Cargo.toml"),
            format!(
                "[package]\nname = \"aws-sts-build-bench\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n# No default features: the TLS stack is a dependency, not part of the crate's own build.\naws-sdk-sts = {{ version = {:?}, default-features = false }}\n\n[workspace]\n",
                args.aws_sdk_sts
            ),
        )?;
        std::fs::write(aws.join("src/lib.rs"), "")?;
        eprintln!("  aws-sdk-sts: building dependencies (debug, release)...");
        for dep in [
            "aws-smithy-runtime",
            "aws-runtime",
            "aws-smithy-json",
            "aws-smithy-query",
            "aws-types",
        ] {
            prebuild(&aws, dep, false)?;
            prebuild(&aws, dep, true)?;
        }
        let src = aws_sdk_sts_src(&aws)?;
        eprintln!("  aws-sdk-sts...");
        rows.push(Row {
            krate: "aws-sdk-sts (reference)".into(),
            ops: 11,
            lines: rust_lines(&src),
            debug: measure_crate(&aws, "aws-sdk-sts", false, runs)?,
            release: measure_crate(&aws, "aws-sdk-sts", true, runs)?,
        });
    }

    println!("\n| crate | ops | lines | lines/op | debug wall s | debug ms/op | debug CPU ms/op | debug peak RSS MiB | release wall s | release ms/op | release CPU ms/op | release peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        let per = |u: f64| u * 1000.0 / r.ops.max(1) as f64;
        println!(
            "| {} | {} | {} | {:.0} | {:.2} | {:.0} | {:.0} | {:.0} | {:.2} | {:.0} | {:.0} | {:.0} |",
            r.krate,
            r.ops,
            r.lines,
            r.lines as f64 / r.ops.max(1) as f64,
            r.debug.wall,
            per(r.debug.wall),
            per(r.debug.cpu),
            r.debug.peak_mib,
            r.release.wall,
            per(r.release.wall),
            per(r.release.cpu),
            r.release.peak_mib
        );
    }
    if let Some(aws) = rows.iter().find(|r| r.krate.starts_with("aws-sdk-sts")) {
        let gen: Vec<&Row> = rows
            .iter()
            .filter(|r| !r.krate.starts_with("aws"))
            .collect();
        let ops: usize = gen.iter().map(|r| r.ops).sum();
        if ops > 0 {
            for (name, pick, goal) in [
                ("debug", (|u: &Row| u.debug) as fn(&Row) -> Usage, 0.25),
                ("release", |u: &Row| u.release, 0.2),
            ] {
                let g = gen.iter().map(|r| pick(r).wall).sum::<f64>() / ops as f64;
                let a = pick(aws).wall / aws.ops as f64;
                println!(
                    "{name}: generated {:.0} ms/op (all {} ops together) vs aws-sdk-sts {:.0} ms/op: {:.2}x (goal <= {goal}x)",
                    g * 1000.0,
                    ops,
                    a * 1000.0,
                    g / a
                );
            }
        }
    }
    if !failed.is_empty() {
        println!(
            "generated crates that do not compile (left out): {}",
            failed.join(", ")
        );
    }
    println!("load average after: {}", measure::load_average());
    Ok(())
}

/// The source folder of the aws-sdk-sts version the scratch project resolved.
fn aws_sdk_sts_src(dir: &Path) -> anyhow::Result<PathBuf> {
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["metadata", "--format-version", "1"])
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()?;
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let manifest = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "aws-sdk-sts")
        .and_then(|p| p["manifest_path"].as_str())
        .context("aws-sdk-sts in cargo metadata")?;
    Ok(Path::new(manifest).with_file_name("src"))
}
