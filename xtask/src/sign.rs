//! `cargo xtask sign --vector FILE`: signs one signer vector's input (a vector
//! of `signer_vectors.json`, with or without `expected`) with the runtime's
//! signer and prints `{"canonical_request", "string_to_sign",
//! "signed_headers", "authorization"}` as JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// Arguments of `cargo xtask sign`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A JSON file holding one signer vector's input.
    #[arg(long)]
    pub vector: PathBuf,
}

/// Runs `cargo xtask sign`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.vector)
        .with_context(|| format!("reading {}", args.vector.display()))?;
    let vector: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("parsing {} as JSON", args.vector.display()))?;
    if vector.get("vectors").is_some() {
        anyhow::bail!(
            "{} holds a list of vectors; pass a file with one vector",
            args.vector.display()
        );
    }
    let out = huaweicloud_sdk_core::signer::sign_vector(&vector)
        .with_context(|| format!("signing {}", args.vector.display()))?;
    let json = serde_json::json!({
        "canonical_request": out.canonical_request,
        "string_to_sign": out.string_to_sign,
        "signed_headers": out.signed_headers,
        "authorization": out.authorization,
    });
    println!("{}", serde_json::to_string_pretty(&json)?);
    Ok(ExitCode::SUCCESS)
}
