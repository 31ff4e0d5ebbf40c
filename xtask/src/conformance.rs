//! `cargo xtask conformance [--corpus DIR] [--json OUT] [--build]`: the parser over a whole
//! corpus of real pages, measured against its manifest and against the official SDK's ground
//! truth (scored by `../shared/conformance/score.py`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{bail, Context};
use rayon::prelude::*;
use serde_json::{json, Value};

/// Arguments of `cargo xtask conformance`.
#[derive(clap::Args)]
pub struct Args {
    /// The corpus folder (with `pages/`, `text/`, `MANIFEST.tsv`, `groundtruth/`).
    #[arg(long, default_value = "../shared/corpus")]
    corpus: PathBuf,
    /// The scorer.
    #[arg(long, default_value = "../shared/conformance/score.py")]
    scorer: PathBuf,
    /// Write the whole report as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Also generate a crate for every corpus service under target/conformance and `cargo check` them.
    #[arg(long)]
    build: bool,
}

struct ManifestRow {
    service: String,
    file: String,
    method: String,
    path: String,
}

fn read_manifest(path: &Path) -> anyhow::Result<Vec<ManifestRow>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .with_context(|| format!("{} has no `{name}` column", path.display()))
    };
    let (s, f, m, p) = (col("service")?, col("file")?, col("method")?, col("path")?);
    Ok(lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Some(ManifestRow {
                service: c.get(s)?.to_string(),
                file: c.get(f)?.to_string(),
                method: c.get(m)?.to_uppercase(),
                path: c.get(p)?.trim().trim_end_matches('/').to_string(),
            })
        })
        .collect())
}

/// Pages whose parsed method and path equal the manifest's.
fn page_match(dir: &Path, rows: &[ManifestRow]) -> (usize, usize, Vec<String>) {
    let results: Vec<Option<String>> = rows
        .par_iter()
        .map(|r| {
            let bytes = match std::fs::read(dir.join(&r.file)) {
                Ok(b) => b,
                Err(e) => return Some(format!("{}: cannot read: {e}", r.file)),
            };
            let page = docparse::parse_page(&r.file, &bytes);
            match page.operation {
                Some(op) if op.method == r.method && op.path.trim_end_matches('/') == r.path => {
                    None
                }
                Some(op) => Some(format!(
                    "{}: {} {} (manifest {} {})",
                    r.file, op.method, op.path, r.method, r.path
                )),
                None => Some(format!(
                    "{}: no operation (manifest {} {})",
                    r.file, r.method, r.path
                )),
            }
        })
        .collect();
    let misses: Vec<String> = results.into_iter().flatten().collect();
    (rows.len(), rows.len() - misses.len(), misses)
}

fn score(
    scorer: &Path,
    export: &Path,
    truth: &Path,
    manifest: &Path,
    documented: Option<&Path>,
) -> anyhow::Result<Value> {
    let out_json = export.with_extension(if documented.is_some() {
        "score.documented.json"
    } else {
        "score.json"
    });
    let mut cmd = Command::new("python3");
    cmd.arg(scorer)
        .arg(export)
        .arg(truth)
        .arg("--manifest")
        .arg(manifest)
        .arg("--quiet")
        .arg("--json")
        .arg(&out_json);
    if let Some(d) = documented {
        cmd.arg("--documented").arg(d);
    }
    let out = cmd.output().context("running python3 score.py")?;
    if !out.status.success() {
        bail!("score.py failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let text = std::fs::read_to_string(&out_json)?;
    let v: Value = serde_json::from_str(&text)?;
    Ok(v["summary"].clone())
}

/// Operation-weighted mean of a per-service figure.
fn weighted(scores: &BTreeMap<String, Value>, key: &str) -> f64 {
    let mut sum = 0.0;
    let mut weight = 0.0;
    for s in scores.values() {
        let w = s["matched"].as_f64().unwrap_or(0.0);
        if let Some(x) = s[key].as_f64() {
            sum += x * w;
            weight += w;
        }
    }
    if weight > 0.0 {
        sum / weight
    } else {
        0.0
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let corpus = &args.corpus;
    if !corpus.is_dir() {
        bail!("no corpus at {} (pass --corpus DIR)", corpus.display());
    }
    let pages_dir = corpus.join("pages");
    let manifest = corpus.join("MANIFEST.tsv");
    let rows = read_manifest(&manifest)?;
    let (pages, matched, misses) = page_match(&pages_dir, &rows);
    let text_dir = corpus.join("text");
    let (text_pages, text_matched, text_misses) = if text_dir.join("MANIFEST.tsv").is_file() {
        page_match(&text_dir, &read_manifest(&text_dir.join("MANIFEST.tsv"))?)
    } else {
        (0, 0, Vec::new())
    };

    let mut service_names: Vec<String> = rows.iter().map(|r| r.service.clone()).collect();
    service_names.sort();
    service_names.dedup();
    let dirs: Vec<PathBuf> = service_names
        .iter()
        .map(|s| pages_dir.join(s))
        .filter(|d| d.is_dir())
        .collect();
    let (services, page_examples) = docparse::load_services_with_examples(&dirs)?;

    let mut diag_counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in &services {
        for d in &s.diagnostics {
            *diag_counts.entry(d.code.clone()).or_default() += 1;
        }
    }
    let docparse::example_check::ExampleCheck {
        total: examples,
        valid: examples_ok,
        exact: examples_exact,
        failures,
    } = docparse::example_check::check(&services, &page_examples);
    let example_failures: Vec<Value> = failures
        .iter()
        .map(|f| {
            json!({
                "service": f.service, "operation": f.operation, "example": f.example,
                "source": f.source, "mismatches": f.mismatches, "coerced": f.coerced,
            })
        })
        .collect();

    let out_dir = PathBuf::from("target/conformance/export");
    std::fs::create_dir_all(&out_dir)?;
    let mut documented = BTreeMap::new();
    let mut plain = BTreeMap::new();
    for s in &services {
        let truth = corpus.join("groundtruth").join(format!("{}.json", s.name));
        if !truth.is_file() {
            continue;
        }
        let export = out_dir.join(format!("{}.json", s.name));
        std::fs::write(
            &export,
            apispec::export::export_json(std::slice::from_ref(s)),
        )?;
        documented.insert(
            s.name.clone(),
            score(&args.scorer, &export, &truth, &manifest, Some(&pages_dir))?,
        );
        plain.insert(
            s.name.clone(),
            score(&args.scorer, &export, &truth, &manifest, None)?,
        );
    }

    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!("corpus: {}", corpus.display());
    println!(
        "pages → manifest operation     {matched}/{pages} ({:.2}%)",
        pct(matched, pages)
    );
    println!(
        "text renderings → operation    {text_matched}/{text_pages} ({:.2}%)",
        pct(text_matched, text_pages)
    );
    println!(
        "JSON examples valid vs schema  {examples_ok}/{examples} ({:.2}%; exact kinds, no coercion: {examples_exact} ({:.2}%))",
        pct(examples_ok, examples),
        pct(examples_exact, examples)
    );
    println!();
    println!("diagnostics by code:");
    let mut by_count: Vec<(&String, &usize)> = diag_counts.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (code, n) in &by_count {
        println!("  {n:>6}  {code}");
    }
    println!();
    println!("ground truth (score.py --manifest --documented; without --documented in brackets):");
    println!(
        "{:<8} {:>9} {:>8} {:>15} {:>15} {:>15} {:>15} {:>9}",
        "service", "ops", "params", "request F1", "response F1", "types", "", "statuses"
    );
    let mut truth_ops = 0;
    let mut truth_matched = 0;
    for (name, d) in &documented {
        let p = &plain[name];
        truth_ops += d["truth_operations"].as_u64().unwrap_or(0);
        truth_matched += d["matched"].as_u64().unwrap_or(0);
        println!(
            "{:<8} {:>4}/{:<4} {:>8.3} {:>7.3} [{:.3}] {:>7.3} [{:.3}] {:>7.3} [{:.3}] {:>9}",
            name,
            d["matched"],
            d["truth_operations"],
            d["params_f1"].as_f64().unwrap_or(0.0),
            d["request_fields_f1"].as_f64().unwrap_or(0.0),
            p["request_fields_f1"].as_f64().unwrap_or(0.0),
            d["response_fields_f1"].as_f64().unwrap_or(0.0),
            p["response_fields_f1"].as_f64().unwrap_or(0.0),
            d["field_type_agreement"].as_f64().unwrap_or(0.0),
            p["field_type_agreement"].as_f64().unwrap_or(0.0),
            d["statuses"].as_str().unwrap_or(""),
        );
    }
    let totals = json!({
        "operations_matched": truth_matched,
        "truth_operations": truth_ops,
        "params_f1": weighted(&documented, "params_f1"),
        "request_fields_f1": weighted(&documented, "request_fields_f1"),
        "response_fields_f1": weighted(&documented, "response_fields_f1"),
        "field_type_agreement": weighted(&documented, "field_type_agreement"),
        "without_documented": {
            "params_f1": weighted(&plain, "params_f1"),
            "request_fields_f1": weighted(&plain, "request_fields_f1"),
            "response_fields_f1": weighted(&plain, "response_fields_f1"),
            "field_type_agreement": weighted(&plain, "field_type_agreement"),
        },
    });
    println!(
        "{:<8} {:>4}/{:<4} {:>8.3} {:>15.3} {:>15.3} {:>15.3}   (operation-weighted means)",
        "all",
        truth_matched,
        truth_ops,
        totals["params_f1"].as_f64().unwrap_or(0.0),
        totals["request_fields_f1"].as_f64().unwrap_or(0.0),
        totals["response_fields_f1"].as_f64().unwrap_or(0.0),
        totals["field_type_agreement"].as_f64().unwrap_or(0.0),
    );

    let mut build_report = Value::Null;
    if args.build {
        build_report = crate::conformance_build::build_all(&services)?;
    }
    println!(
        "\nconformance took {:.1} s",
        started.elapsed().as_secs_f64()
    );

    if let Some(path) = &args.json {
        let report = json!({
            "pages": pages, "pages_matched": matched, "page_misses": misses,
            "text_pages": text_pages, "text_matched": text_matched, "text_misses": text_misses,
            "examples": examples, "examples_valid": examples_ok, "examples_exact": examples_exact,
            "example_failures": example_failures,
            "diagnostics": diag_counts,
            "groundtruth": {"documented": documented, "plain": plain, "totals": totals},
            "build": build_report,
        });
        std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")?;
    }
    Ok(ExitCode::SUCCESS)
}
