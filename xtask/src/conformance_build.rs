//! `cargo xtask conformance --build`: a crate for every corpus service in a scratch workspace
//! under `target/conformance/`, then `cargo check` of all of them, warnings counted.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use apispec::Service;
use serde_json::{json, Value};

/// The hand-written crates generated crates depend on (the runtime; the test kit of their
/// tests), linked into scratch workspaces.
pub(crate) const HAND_WRITTEN: [&str; 2] = ["huaweicloud-sdk-core", "huaweicloud-sdk-testkit"];

/// The root manifest of the scratch workspace: this workspace's shared package settings and
/// dependency versions, so that generated crates build exactly as they do here.
fn scratch_manifest(root_manifest: &str) -> String {
    let mut out = String::from("# Scratch workspace of `cargo xtask conformance --build`.\n[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n\n");
    let mut keep = false;
    for line in root_manifest.lines() {
        if line.starts_with('[') {
            keep = line.starts_with("[workspace.package]")
                || line.starts_with("[workspace.dependencies]");
        }
        // Internal path dependencies of this workspace do not exist there.
        if keep && !line.contains("path = ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Generates and checks; returns the figures.
pub fn build_all(services: &[Service]) -> anyhow::Result<Value> {
    let root = std::env::current_dir()?;
    let scratch = root.join("target/conformance/workspace");
    let crates = scratch.join("crates");
    if crates.exists() {
        std::fs::remove_dir_all(&crates)
            .with_context(|| format!("clearing {}", crates.display()))?;
    }
    std::fs::create_dir_all(&crates)?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
    std::fs::write(scratch.join("Cargo.toml"), scratch_manifest(&manifest))?;
    // The hand-written crates generated crates depend on (the runtime, and the test kit of
    // their generated tests).
    for name in HAND_WRITTEN {
        link_dir(&root.join("crates").join(name), &crates.join(name))?;
    }
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        std::fs::copy(&lock, scratch.join("Cargo.lock"))?;
    }

    let started = Instant::now();
    let mut generated = Vec::new();
    let mut failures = Vec::new();
    for s in services {
        match codegen::sync::sync(std::slice::from_ref(s), &crates, codegen::sync::Mode::Write) {
            Ok(_) => generated.push(s.crate_name.clone()),
            Err(e) => failures.push(format!("{}: {e}", s.name)),
        }
    }
    let gen_secs = started.elapsed().as_secs_f64();
    println!(
        "\ngenerated {} crates in {gen_secs:.1} s; codegen failures: {}",
        generated.len(),
        failures.len()
    );
    for f in &failures {
        println!("  {f}");
    }

    let started = Instant::now();
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .args(["check", "--workspace", "--message-format", "short"])
        .output()
        .context("running cargo check")?;
    let check_secs = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let generated_lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("crates/huaweicloud-sdk-"))
        .filter(|l| {
            !HAND_WRITTEN
                .iter()
                .any(|h| l.starts_with(&format!("crates/{h}/")))
        })
        .collect();
    let warnings = generated_lines
        .iter()
        .filter(|l| l.contains(": warning"))
        .count();
    let errors = generated_lines
        .iter()
        .filter(|l| l.contains(": error"))
        .count();
    println!(
        "cargo check of {} generated crates: {} ({check_secs:.1} s), {warnings} warnings, {errors} errors",
        generated.len(),
        if out.status.success() { "ok" } else { "FAILED" }
    );
    for l in generated_lines.iter().take(20) {
        println!("  {l}");
    }
    if !out.status.success() && generated_lines.is_empty() {
        bail!("cargo check failed:\n{stderr}");
    }
    Ok(json!({
        "crates": generated, "codegen_failures": failures, "codegen_seconds": gen_secs,
        "check_ok": out.status.success(), "check_seconds": check_secs, "warnings": warnings, "errors": errors,
    }))
}

#[cfg(unix)]
pub(crate) fn link_dir(from: &Path, to: &PathBuf) -> anyhow::Result<()> {
    std::os::unix::fs::symlink(from, to).with_context(|| format!("linking {}", to.display()))
}

#[cfg(not(unix))]
pub(crate) fn link_dir(from: &Path, _to: &PathBuf) -> anyhow::Result<()> {
    bail!("--build needs a Unix symlink to {}", from.display())
}
