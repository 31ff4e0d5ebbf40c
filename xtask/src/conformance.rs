//! `cargo xtask conformance [--corpus DIR] [--docs DIR] [--spec DIR] [--json OUT] [--build]`:
//! the parser over whole corpora of real pages, measured against their manifests and against
//! the official SDK's ground truth (scored by `../shared/conformance/score.py`).
//!
//! Two corpora, each reported per service:
//! - `../shared/corpus` (`--corpus`): its pages, its text renderings, and text renderings made
//!   of its pages here (`render-text`), with its ground truth;
//! - `../shared/huaweicloudDocs` (`--docs`): the sixteen services' pages, as imported into
//!   `spec-docs/` (`--spec`), read WITHOUT the `[[patch]]` errata of their `service.toml` (the
//!   parser's own figures), and text renderings made of them, with its ground truth.
//!
//! Every service is scored with the corrected scorer and with the old one
//! (`SCORE_CORRECTIONS=none`), with `--manifest --documented` and without `--documented`.
//! The `--json` report keeps the keys it always had for `--corpus` (same meaning, same
//! figures) and adds `per_service`, `rendered_*`, `groundtruth_old` and `huaweicloudDocs`.

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
    /// The huaweicloudDocs snapshots (with `MANIFEST.tsv` and `groundtruth/`).
    #[arg(long, default_value = "../shared/huaweicloudDocs")]
    docs: PathBuf,
    /// Where the huaweicloudDocs services are imported (read without their patches); a service
    /// not there is read from `--docs`.
    #[arg(long, default_value = "spec-docs")]
    spec: PathBuf,
    /// Measure only `--corpus`, not `--docs`.
    #[arg(long)]
    no_docs: bool,
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

#[derive(Clone)]
pub(crate) struct ManifestRow {
    pub service: String,
    pub file: String,
    pub method: String,
    pub path: String,
}

pub(crate) fn read_manifest(path: &Path) -> anyhow::Result<Vec<ManifestRow>> {
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

/// Pages → operation over a manifest: totals, misses, and per service (pages, matched).
///
/// Measured against the official SDK's operations (`against`), only the rows whose method and
/// path name one of them are measured (`pages`), paths compared as the scorer compares them.
/// The others are counted in `other`, with those the parser read an operation from listed in
/// `other_read`: operations the SDK lacks, how-to and scenario pages whose first method line
/// is an example call of another service, and pages that give no operation while another page
/// gives theirs (a how-to page's example of an operation whose reference page is there).
/// `raw` is every row against the manifest's path as written.
#[derive(Default)]
struct PageMatch {
    pages: usize,
    matched: usize,
    misses: Vec<String>,
    per_service: BTreeMap<String, (usize, usize)>,
    other: usize,
    other_read: Vec<String>,
    /// Of `other_read`, those that give the manifest's method and path (as the scorer compares).
    other_agree: usize,
    raw: (usize, usize),
}

/// Method and path of an operation as the scorer compares them (`score.py`'s `norm_path`):
/// the query cut, every placeholder `{}`, no trailing `/`.
fn operation_key(method: &str, path: &str) -> (String, String) {
    let path = path.split('?').next().unwrap_or("").trim();
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push_str("{}");
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    let trimmed = out.trim_end_matches('/');
    let path = if trimmed.is_empty() { "/" } else { trimmed };
    (method.to_ascii_uppercase(), path.to_string())
}

/// The official SDK's operations per service (`<dir>/<service>.json`, the ground truth), as
/// [`operation_key`]s.
type SdkOperations = BTreeMap<String, std::collections::BTreeSet<(String, String)>>;

fn sdk_operations(dir: &Path, services: &[String]) -> anyhow::Result<SdkOperations> {
    let mut out = SdkOperations::new();
    for name in services {
        let path = dir.join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let doc: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", path.display()))?;
        let ops = doc.get("operations").unwrap_or(&doc);
        let keys = ops
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|op| {
                let method = op.get("method")?.as_str()?;
                let path = op.get("path")?.as_str()?;
                Some(operation_key(method, path))
            })
            .collect();
        out.insert(name.clone(), keys);
    }
    Ok(out)
}

/// Pages whose parsed method and path equal the manifest's; with `render`, each page is
/// first rendered as text (`render-text`) and the rendering parsed.
fn page_match(
    dir: &Path,
    rows: &[ManifestRow],
    render: bool,
    against: Option<&SdkOperations>,
) -> PageMatch {
    let results: Vec<(&str, Reading)> = rows
        .par_iter()
        .map(|r| {
            let key = operation_key(&r.method, &r.path);
            let measured = against
                .is_none_or(|ops| ops.get(&r.service).is_some_and(|keys| keys.contains(&key)));
            let read = |miss: Option<String>, raw: bool, read_some: Option<String>| Reading {
                measured,
                key: key.clone(),
                miss,
                raw,
                read_some,
            };
            let bytes = match std::fs::read(dir.join(&r.file)) {
                Ok(b) => b,
                Err(e) => {
                    let miss = Some(format!("{}: cannot read: {e}", r.file));
                    return (r.service.as_str(), read(miss, false, None));
                }
            };
            let parsed = if render {
                let text = crate::render_text::render(&String::from_utf8_lossy(&bytes));
                let name = Path::new(&r.file).with_extension("txt");
                crate::unpatched::parse_guarded(&name.to_string_lossy(), text.as_bytes())
            } else {
                crate::unpatched::parse_guarded(&r.file, &bytes)
            };
            let page = match parsed {
                Ok(p) => p,
                Err(e) => return (r.service.as_str(), read(Some(e), false, None)),
            };
            let Some(op) = page.operation else {
                let miss = format!(
                    "{}: no operation (manifest {} {})",
                    r.file, r.method, r.path
                );
                return (r.service.as_str(), read(Some(miss), false, None));
            };
            let raw = op.method == r.method && op.path.trim_end_matches('/') == r.path;
            // Against the SDK, a path matches as the scorer matches it; else as written.
            let same = match against {
                Some(_) => operation_key(&op.method, &op.path) == key,
                None => raw,
            };
            let miss = (!same).then(|| {
                format!(
                    "{}: {} {} (manifest {} {})",
                    r.file, op.method, op.path, r.method, r.path
                )
            });
            let gives = format!("{}: {} {}", r.file, op.method, op.path);
            (r.service.as_str(), read(miss, raw, Some(gives)))
        })
        .collect();
    // An operation another page gives (its reference page): a page that gives none but shows
    // the call (a how-to page's example) is not that operation's page.
    let given: std::collections::BTreeSet<(&str, &(String, String))> = results
        .iter()
        .filter(|(_, r)| against.is_some() && r.measured && r.miss.is_none())
        .map(|(service, r)| (*service, &r.key))
        .collect();
    let shows_only: Vec<bool> = results
        .iter()
        .map(|(service, r)| {
            r.read_some.is_none() && r.miss.is_some() && given.contains(&(*service, &r.key))
        })
        .collect();
    let mut m = PageMatch::default();
    for ((service, reading), shows_only) in results.into_iter().zip(shows_only) {
        m.raw.0 += 1;
        m.raw.1 += usize::from(reading.raw);
        if !reading.measured || shows_only {
            m.other += 1;
            m.other_agree += usize::from(reading.read_some.is_some() && reading.miss.is_none());
            m.other_read.extend(reading.read_some);
            continue;
        }
        m.pages += 1;
        let e = m.per_service.entry(service.to_string()).or_default();
        e.0 += 1;
        match reading.miss {
            Some(x) => m.misses.push(x),
            None => e.1 += 1,
        }
    }
    m.matched = m.pages - m.misses.len();
    m
}

/// What [`page_match`] found on one page.
struct Reading {
    /// The row is measured (it names an operation of the SDK, or nothing is measured against).
    measured: bool,
    /// The row's operation, as [`operation_key`] writes it.
    key: (String, String),
    /// Why the page does not give the row's operation.
    miss: Option<String>,
    /// The page gives the manifest's method and path as written.
    raw: bool,
    /// The operation the page gives, if any (`file: METHOD path`).
    read_some: Option<String>,
}

/// Which scorer: the corrected one, or the one before its corrections.
#[derive(Clone, Copy, PartialEq)]
enum Scoring {
    Corrected,
    Old,
}

fn score(
    scorer: &Path,
    export: &Path,
    truth: &Path,
    manifest: &Path,
    documented: Option<&Path>,
    scoring: Scoring,
) -> anyhow::Result<Value> {
    let mut ext = String::from(if documented.is_some() {
        "score.documented"
    } else {
        "score"
    });
    if scoring == Scoring::Old {
        ext.push_str(".old");
    }
    let out_json = export.with_extension(format!("{ext}.json"));
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
    match scoring {
        // The corrected scorer, whatever the caller's environment says.
        Scoring::Corrected => cmd.env_remove("SCORE_CORRECTIONS"),
        Scoring::Old => cmd.env("SCORE_CORRECTIONS", "none"),
    };
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

/// Scores of a set of services against one ground truth.
struct Scores {
    documented: BTreeMap<String, Value>,
    plain: BTreeMap<String, Value>,
}

impl Scores {
    fn totals(&self) -> Value {
        let (d, p) = (&self.documented, &self.plain);
        let sum = |k: &str| d.values().map(|s| s[k].as_u64().unwrap_or(0)).sum::<u64>();
        json!({
            "operations_matched": sum("matched"),
            "truth_operations": sum("truth_operations"),
            "params_f1": weighted(d, "params_f1"),
            "request_fields_f1": weighted(d, "request_fields_f1"),
            "response_fields_f1": weighted(d, "response_fields_f1"),
            "field_type_agreement": weighted(d, "field_type_agreement"),
            "without_documented": {
                "params_f1": weighted(p, "params_f1"),
                "request_fields_f1": weighted(p, "request_fields_f1"),
                "response_fields_f1": weighted(p, "response_fields_f1"),
                "field_type_agreement": weighted(p, "field_type_agreement"),
            },
        })
    }

    fn json(&self) -> Value {
        json!({"documented": self.documented, "plain": self.plain, "totals": self.totals()})
    }
}

/// Where one corpus's ground truth is.
struct Truth<'a> {
    scorer: &'a Path,
    groundtruth: PathBuf,
    manifest: PathBuf,
    pages: PathBuf,
}

/// Exports every service with ground truth into `out_dir/<tag>-<service>.json` and scores it
/// with both scorers, with and without `--documented` (in parallel).
fn score_services(
    services: &[apispec::Service],
    truth: &Truth,
    out_dir: &Path,
    tag: &str,
) -> anyhow::Result<(Scores, Scores)> {
    std::fs::create_dir_all(out_dir)?;
    let mut jobs = Vec::new();
    for s in services {
        let t = truth.groundtruth.join(format!("{}.json", s.name));
        if !t.is_file() {
            continue;
        }
        let export = out_dir.join(format!("{tag}{}.json", s.name));
        std::fs::write(
            &export,
            apispec::export::export_json(std::slice::from_ref(s)),
        )?;
        for scoring in [Scoring::Corrected, Scoring::Old] {
            for documented in [true, false] {
                jobs.push((
                    s.name.clone(),
                    export.clone(),
                    t.clone(),
                    documented,
                    scoring,
                ));
            }
        }
    }
    let results: Vec<(String, bool, Scoring, Value)> = jobs
        .into_par_iter()
        .map(|(name, export, t, documented, scoring)| {
            let d = documented.then_some(truth.pages.as_path());
            let v = score(truth.scorer, &export, &t, &truth.manifest, d, scoring)?;
            Ok((name, documented, scoring, v))
        })
        .collect::<anyhow::Result<_>>()?;
    let mut corrected = Scores {
        documented: BTreeMap::new(),
        plain: BTreeMap::new(),
    };
    let mut old = Scores {
        documented: BTreeMap::new(),
        plain: BTreeMap::new(),
    };
    for (name, documented, scoring, v) in results {
        let set = if scoring == Scoring::Corrected {
            &mut corrected
        } else {
            &mut old
        };
        if documented {
            set.documented.insert(name, v);
        } else {
            set.plain.insert(name, v);
        }
    }
    Ok((corrected, old))
}

/// Diagnostics per code, and per service per code.
fn diagnostics(
    services: &[apispec::Service],
) -> (
    BTreeMap<String, usize>,
    BTreeMap<String, BTreeMap<String, usize>>,
) {
    let mut all: BTreeMap<String, usize> = BTreeMap::new();
    let mut per: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for s in services {
        let e = per.entry(s.name.clone()).or_default();
        for d in &s.diagnostics {
            *all.entry(d.code.clone()).or_default() += 1;
            *e.entry(d.code.clone()).or_default() += 1;
        }
    }
    (all, per)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn f(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or(0.0)
}

/// Per-service report lines: pages → operation (and the renderings'), then both scorers.
fn print_services(
    names: &[String],
    matches: &[(&str, &PageMatch)],
    corrected: &Scores,
    old: &Scores,
    extra: Option<(&str, &Scores)>,
    diags: &BTreeMap<String, BTreeMap<String, usize>>,
) {
    let mut head = format!("{:<8}", "service");
    for (label, _) in matches {
        head.push_str(&format!(" {label:>11}"));
    }
    head.push_str(&format!(
        " {:>9}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}",
        "ops", "params", "req", "resp", "params", "req", "resp"
    ));
    if let Some((label, _)) = extra {
        head.push_str(&format!(
            "  {label}: {:>6} {:>6} {:>6}",
            "params", "req", "resp"
        ));
    }
    println!(
        "{:<8} {:>w$}  {:<20}  {:<20}",
        "",
        "",
        "corrected scorer",
        "old scorer",
        w = 12 * matches.len() + 9
    );
    println!("{head}");
    for name in names {
        let mut line = format!("{name:<8}");
        for (_, m) in matches {
            match m.per_service.get(name) {
                Some((n, ok)) => line.push_str(&format!(" {:>5}/{:<5}", ok, n)),
                None => line.push_str(&format!(" {:>11}", "-")),
            }
        }
        match (corrected.documented.get(name), old.documented.get(name)) {
            (Some(c), Some(o)) => {
                line.push_str(&format!(
                    " {:>4}/{:<4}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}",
                    c["matched"],
                    c["truth_operations"],
                    f(c, "params_f1"),
                    f(c, "request_fields_f1"),
                    f(c, "response_fields_f1"),
                    f(o, "params_f1"),
                    f(o, "request_fields_f1"),
                    f(o, "response_fields_f1"),
                ));
                if let Some((label, x)) = extra {
                    if let Some(t) = x.documented.get(name) {
                        line.push_str(&format!(
                            "  {:>w$}  {:>6.3} {:>6.3} {:>6.3}",
                            "",
                            f(t, "params_f1"),
                            f(t, "request_fields_f1"),
                            f(t, "response_fields_f1"),
                            w = label.len()
                        ));
                    }
                }
            }
            _ => line.push_str(&format!(" {:>9}", "no truth")),
        }
        println!("{line}");
    }
    let (tc, to) = (corrected.totals(), old.totals());
    println!(
        "{:<8} {:>w$} {:>4}/{:<4}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}   (operation-weighted means)",
        "all",
        "",
        tc["operations_matched"],
        tc["truth_operations"],
        f(&tc, "params_f1"),
        f(&tc, "request_fields_f1"),
        f(&tc, "response_fields_f1"),
        f(&to, "params_f1"),
        f(&to, "request_fields_f1"),
        f(&to, "response_fields_f1"),
        w = 12 * matches.len() - 1
    );
    println!();
    println!("diagnostics by service and code:");
    for (svc, codes) in diags {
        let mut codes: Vec<(&String, &usize)> = codes.iter().collect();
        codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        println!("  {svc:<8} {}", list.join(", "));
    }
}

fn per_service_json(
    matches: &[(&str, &PageMatch)],
    diags: &BTreeMap<String, BTreeMap<String, usize>>,
) -> Value {
    let mut names: Vec<&String> = diags.keys().collect();
    for (_, m) in matches {
        names.extend(m.per_service.keys());
    }
    names.sort();
    names.dedup();
    let mut out = serde_json::Map::new();
    for n in names {
        let mut o = serde_json::Map::new();
        for (label, m) in matches {
            let (p, ok) = m.per_service.get(n).copied().unwrap_or((0, 0));
            o.insert(format!("{label}_pages"), json!(p));
            o.insert(format!("{label}_matched"), json!(ok));
        }
        o.insert(
            "diagnostics".into(),
            json!(diags.get(n).cloned().unwrap_or_default()),
        );
        out.insert(n.clone(), Value::Object(o));
    }
    Value::Object(out)
}

/// The huaweicloudDocs corpus: pages and renderings → operation, the services as imported
/// into `spec-docs/` without their patches (and as text renderings of their pages), scored.
fn docs_report(args: &Args, out_dir: &Path) -> anyhow::Result<Value> {
    let docs = &args.docs;
    let manifest = docs.join("MANIFEST.tsv");
    let rows = read_manifest(&manifest)?;
    let mut names: Vec<String> = rows.iter().map(|r| r.service.clone()).collect();
    names.sort();
    names.dedup();
    // The manifest names each page's first method line as a regex reads it, how-to and
    // scenario pages included ("not a reference for the parser", says its README): a page is
    // measured when that line is an operation of the official SDK.
    let sdk = sdk_operations(&docs.join("groundtruth"), &names)?;
    let pages = page_match(docs, &rows, false, Some(&sdk));
    let rendered = page_match(docs, &rows, true, Some(&sdk));
    let scratch = PathBuf::from("target/conformance/unpatched");
    let scratch_text = PathBuf::from("target/conformance/unpatched-text");
    let render = |f: &Path, bytes: &[u8]| -> Option<(String, Vec<u8>)> {
        if !crate::render_text::is_renderable(f) {
            return None;
        }
        let text = crate::render_text::render(&String::from_utf8_lossy(bytes));
        Some((
            f.with_extension("txt").to_string_lossy().into_owned(),
            text.into_bytes(),
        ))
    };
    let mut services = Vec::new();
    let mut text_services = Vec::new();
    for name in &names {
        let spec = args.spec.join(name);
        let dir = if spec.is_dir() { spec } else { docs.join(name) };
        services.push(crate::unpatched::load(&dir, &scratch, None)?);
        text_services.push(crate::unpatched::load(&dir, &scratch_text, Some(&render))?);
    }
    let truth = Truth {
        scorer: &args.scorer,
        groundtruth: docs.join("groundtruth"),
        manifest: manifest.clone(),
        pages: docs.clone(),
    };
    let (corrected, old) = score_services(&services, &truth, out_dir, "docs-")?;
    let (text_corrected, _) = score_services(&text_services, &truth, out_dir, "docs-text-")?;
    let (diag_counts, per_diag) = diagnostics(&services);

    println!();
    println!(
        "huaweicloudDocs: {} (services read from {} without their [[patch]] errata)",
        docs.display(),
        args.spec.display()
    );
    println!(
        "pages → SDK operation          {}/{} ({:.2}%; the pages whose manifest line is an operation of the official SDK, paths compared as the scorer does)",
        pages.matched,
        pages.pages,
        pct(pages.matched, pages.pages)
    );
    println!(
        "text renderings → operation    {}/{} ({:.2}%; renderings made by render-text)",
        rendered.matched,
        rendered.pages,
        pct(rendered.matched, rendered.pages)
    );
    for (label, m) in [("pages", &pages), ("text renderings", &rendered)] {
        println!(
            "other {label:<16}         {} (no SDK operation, or one another page gives: operations the SDK lacks, how-to and scenario pages); an operation read from {}, the manifest's from {}",
            m.other,
            m.other_read.len(),
            m.other_agree
        );
    }
    println!(
        "pages → manifest line as written {}/{} ({:.2}%; every row, paths as the regex read them)",
        pages.raw.1,
        pages.raw.0,
        pct(pages.raw.1, pages.raw.0)
    );
    println!(
        "\nper service (pages → operation; score.py --manifest --documented; the last columns: the text renderings' services):"
    );
    print_services(
        &names,
        &[("pages", &pages), ("text", &rendered)],
        &corrected,
        &old,
        Some(("text renderings", &text_corrected)),
        &per_diag,
    );
    Ok(json!({
        "corpus": docs, "spec": args.spec,
        "pages": pages.pages, "pages_matched": pages.matched, "page_misses": pages.misses,
        "other_pages": pages.other, "other_pages_read": pages.other_read,
        "other_pages_agree": pages.other_agree,
        "manifest_rows": pages.raw.0, "manifest_rows_matched_as_written": pages.raw.1,
        "rendered_pages": rendered.pages, "rendered_matched": rendered.matched,
        "rendered_misses": rendered.misses,
        "rendered_other_read": rendered.other_read,
        "diagnostics": diag_counts,
        "per_service": per_service_json(&[("pages", &pages), ("rendered", &rendered)], &per_diag),
        "groundtruth": corrected.json(),
        "groundtruth_old": old.json(),
        "rendered_groundtruth": text_corrected.json(),
    }))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    crate::unpatched::quiet_panics();
    let corpus = &args.corpus;
    if !corpus.is_dir() {
        bail!("no corpus at {} (pass --corpus DIR)", corpus.display());
    }
    if !args.no_docs && !args.docs.is_dir() {
        bail!(
            "no huaweicloudDocs at {} (pass --docs DIR, or --no-docs)",
            args.docs.display()
        );
    }
    let pages_dir = corpus.join("pages");
    let manifest = corpus.join("MANIFEST.tsv");
    let rows = read_manifest(&manifest)?;
    let pm = page_match(&pages_dir, &rows, false, None);
    let rendered = page_match(&pages_dir, &rows, true, None);
    let text_dir = corpus.join("text");
    let text = if text_dir.join("MANIFEST.tsv").is_file() {
        page_match(
            &text_dir,
            &read_manifest(&text_dir.join("MANIFEST.tsv"))?,
            false,
            None,
        )
    } else {
        PageMatch::default()
    };
    let (pages, matched) = (pm.pages, pm.matched);
    let (text_pages, text_matched) = (text.pages, text.matched);

    let mut service_names: Vec<String> = rows.iter().map(|r| r.service.clone()).collect();
    service_names.sort();
    service_names.dedup();
    let dirs: Vec<PathBuf> = service_names
        .iter()
        .map(|s| pages_dir.join(s))
        .filter(|d| d.is_dir())
        .collect();
    let (services, page_examples) = docparse::load_services_with_examples(&dirs)?;

    let (diag_counts, per_diag) = diagnostics(&services);
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
    let truth = Truth {
        scorer: &args.scorer,
        groundtruth: corpus.join("groundtruth"),
        manifest: manifest.clone(),
        pages: pages_dir.clone(),
    };
    let (corrected, old) = score_services(&services, &truth, &out_dir, "")?;
    let (documented, plain) = (&corrected.documented, &corrected.plain);

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
        "made text renderings → op.     {}/{} ({:.2}%; every page rendered by render-text)",
        rendered.matched,
        rendered.pages,
        pct(rendered.matched, rendered.pages)
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
    for (name, d) in documented {
        let p = &plain[name];
        println!(
            "{:<8} {:>4}/{:<4} {:>8.3} {:>7.3} [{:.3}] {:>7.3} [{:.3}] {:>7.3} [{:.3}] {:>9}",
            name,
            d["matched"],
            d["truth_operations"],
            f(d, "params_f1"),
            f(d, "request_fields_f1"),
            f(p, "request_fields_f1"),
            f(d, "response_fields_f1"),
            f(p, "response_fields_f1"),
            f(d, "field_type_agreement"),
            f(p, "field_type_agreement"),
            d["statuses"].as_str().unwrap_or(""),
        );
    }
    let totals = corrected.totals();
    println!(
        "{:<8} {:>4}/{:<4} {:>8.3} {:>15.3} {:>15.3} {:>15.3}   (operation-weighted means)",
        "all",
        totals["operations_matched"],
        totals["truth_operations"],
        f(&totals, "params_f1"),
        f(&totals, "request_fields_f1"),
        f(&totals, "response_fields_f1"),
        f(&totals, "field_type_agreement"),
    );
    println!("\nper service (pages, text renderings, made renderings → operation; --documented):");
    let matches = [("pages", &pm), ("text", &text), ("made", &rendered)];
    print_services(&service_names, &matches, &corrected, &old, None, &per_diag);

    let docs = if args.no_docs {
        Value::Null
    } else {
        docs_report(&args, &out_dir)?
    };

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
            "pages": pages, "pages_matched": matched, "page_misses": pm.misses,
            "text_pages": text_pages, "text_matched": text_matched, "text_misses": text.misses,
            "rendered_pages": rendered.pages, "rendered_matched": rendered.matched,
            "rendered_misses": rendered.misses,
            "examples": examples, "examples_valid": examples_ok, "examples_exact": examples_exact,
            "example_failures": example_failures,
            "diagnostics": diag_counts,
            "per_service": per_service_json(
                &[("pages", &pm), ("text", &text), ("rendered", &rendered)],
                &per_diag,
            ),
            "groundtruth": {"documented": documented, "plain": plain, "totals": totals},
            "groundtruth_old": old.json(),
            "huaweicloudDocs": docs,
            "build": build_report,
        });
        std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(service: &str, file: &str, method: &str, path: &str) -> ManifestRow {
        ManifestRow {
            service: service.into(),
            file: file.into(),
            method: method.into(),
            path: path.into(),
        }
    }

    const PAGE: &str = "# 查询\n\n## URI\n\nGET /v1/\\{project\\_id\\}/things\n\n**表 1**  路径参数\n\n<table><thead align=\"left\"><tr><th><p>参数</p>\n</th>\n<th><p>是否必选</p>\n</th>\n<th><p>参数类型</p>\n</th>\n<th><p>描述</p>\n</th>\n</tr>\n</thead>\n<tbody><tr><td><p>project_id</p>\n</td>\n<td><p>是</p>\n</td>\n<td><p>String</p>\n</td>\n<td><p>项目ID。</p>\n</td>\n</tr>\n</tbody>\n</table>\n\n## 响应参数\n\n无\n";

    #[test]
    fn page_match_counts_per_service_for_pages_and_their_renderings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/p.md"), PAGE).unwrap();
        std::fs::write(dir.path().join("a/q.md"), "# nothing\n").unwrap();
        let rows = vec![
            row("a", "a/p.md", "GET", "/v1/{project_id}/things"),
            row("a", "a/q.md", "GET", "/v1/x"),
            row("b", "b/missing.md", "GET", "/v1/y"),
        ];
        for render in [false, true] {
            let m = page_match(dir.path(), &rows, render, None);
            assert_eq!((m.pages, m.matched), (3, 1), "render {render}");
            assert_eq!(m.per_service["a"], (2, 1));
            assert_eq!(m.per_service["b"], (1, 0));
            assert_eq!(m.misses.len(), 2);
        }
    }

    #[test]
    fn operation_keys_compare_paths_as_the_scorer_does() {
        let key = |m, p| operation_key(m, p);
        assert_eq!(
            key("get", "/v3/{_project_id_}/jobs/?limit=1"),
            ("GET".into(), "/v3/{}/jobs".into())
        );
        assert_eq!(
            key("DELETE", "/v2/zones/{[zone_id](Zones.md)}/x"),
            key("DELETE", "/v2/zones/{zone_id}/x")
        );
        assert_eq!(key("GET", "/"), ("GET".into(), "/".into()));
        assert_eq!(key("GET", "/v1/tags{"), ("GET".into(), "/v1/tags{".into()));
    }

    #[test]
    fn against_the_sdk_only_pages_of_its_operations_are_measured() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/p.md"), PAGE).unwrap();
        std::fs::write(dir.path().join("a/guide.md"), "# How to call an API\n").unwrap();
        let rows = vec![
            // The manifest wrote the placeholder with its emphasis: still the SDK's operation.
            row("a", "a/p.md", "GET", "/v1/{_project_id_}/things"),
            // A how-to page whose example calls another service.
            row("a", "a/guide.md", "POST", "/v3/auth/tokens"),
        ];
        let mut sdk = SdkOperations::new();
        sdk.insert(
            "a".into(),
            [operation_key("GET", "/v1/{project_id}/things")].into(),
        );
        let m = page_match(dir.path(), &rows, false, Some(&sdk));
        assert_eq!((m.pages, m.matched, m.other), (1, 1, 1));
        assert!(m.other_read.is_empty(), "{:?}", m.other_read);
        assert_eq!(m.raw, (2, 0), "as written, the emphasis does not match");
        // A how-to page showing an operation whose page is there is not that page; a page of
        // it that gives no operation, with no other to give it, is a miss.
        std::fs::write(dir.path().join("a/how.md"), "# Paging\n").unwrap();
        let mut with_how = rows.clone();
        with_how.push(row("a", "a/how.md", "GET", "/v1/{project_id}/things"));
        let m = page_match(dir.path(), &with_how, false, Some(&sdk));
        assert_eq!((m.pages, m.matched, m.other), (1, 1, 2));
        let m = page_match(dir.path(), &with_how[1..], false, Some(&sdk));
        assert_eq!((m.pages, m.matched, m.other), (1, 0, 1));
        let m = page_match(dir.path(), &rows, false, None);
        assert_eq!((m.pages, m.matched, m.other), (2, 0, 0));
    }

    #[test]
    fn weighted_mean_weighs_by_matched_operations() {
        let mut s = BTreeMap::new();
        s.insert("a".into(), json!({"matched": 3, "params_f1": 1.0}));
        s.insert("b".into(), json!({"matched": 1, "params_f1": 0.0}));
        s.insert("c".into(), json!({"matched": 0, "params_f1": 0.5}));
        assert!((weighted(&s, "params_f1") - 0.75).abs() < 1e-9);
        assert_eq!(weighted(&BTreeMap::new(), "params_f1"), 0.0);
    }

    #[test]
    fn diagnostics_are_counted_per_service_and_code() {
        let dir = tempfile::tempdir().unwrap();
        let svc = dir.path().join("svc");
        std::fs::create_dir_all(&svc).unwrap();
        std::fs::write(svc.join("p.md"), PAGE).unwrap();
        std::fs::write(
            svc.join("service.toml"),
            "[[patch]]\noperation = \"Nope\"\nfield = \"params/x\"\ntype = \"integer\"\n",
        )
        .unwrap();
        let services = docparse::load_services(&[svc]).unwrap();
        let (all, per) = diagnostics(&services);
        assert_eq!(all.get("patch-not-applied"), Some(&1), "{all:?}");
        assert_eq!(per["svc"], all);
    }
}
