//! Reads Huawei Cloud API reference pages into the [`apispec`] model.
//!
//! One parser for every kind of page: the format (Markdown with HTML tables, HTML, or plain
//! text copied from the web site) is detected from the content, each format is reduced to the
//! same [block stream](blocks::Block), and one interpreter turns blocks into an
//! [`Operation`](apispec::Operation). Pages of one service are then merged across languages
//! and named.
//!
//! The parser never panics on any input: what it cannot read becomes a [`Diagnostic`] naming
//! the file, the line and what was expected, and the rest of the page is still read.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

use apispec::{Diagnostic, Service, Severity};
use rayon::prelude::*;

pub mod blocks;
pub mod complete;
pub mod config;
pub mod constraints;
pub mod content_type;
pub mod deprecation;
pub mod error_codes;
pub mod examples;
pub mod html;
pub mod html_table;
pub mod infer;
pub mod json;
mod lenient;
pub mod markdown;
pub mod merge;
mod multi_value;
pub mod page;
pub mod patch;
pub mod sections;
pub mod text;
pub mod types;
pub mod uri;

pub use config::ServiceConfig;
pub use page::{PageKind, PageResult};

/// The format of a page, detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown with HTML (or pipe) tables.
    Markdown,
    /// An HTML document.
    Html,
    /// Plain text copied from the web site: one table cell a line.
    Text,
}

/// Detects a page's format from its content (never from the file name).
pub fn detect_format(src: &str) -> Format {
    let head: String = src
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
    {
        return Format::Html;
    }
    let mut headings = 0;
    let mut md_signals = 0;
    let mut html_headings = 0;
    for line in src.lines().take(2000) {
        let t = line.trim_start();
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            headings += 1;
        }
        if t.starts_with("```") || t.starts_with("**") || t.contains("<table") || t.starts_with('|')
        {
            md_signals += 1;
        }
        if t.starts_with("<h1") || t.starts_with("<h2") || t.starts_with("<body") {
            html_headings += 1;
        }
    }
    if headings > 0 {
        Format::Markdown
    } else if html_headings > 0 {
        Format::Html
    } else if md_signals > 0 {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Parses one page. `file` is used in diagnostics; invalid UTF-8 is read lossily, with a
/// diagnostic.
pub fn parse_page(file: &str, bytes: &[u8]) -> PageResult {
    let mut diags = page::Diags {
        file,
        list: Vec::new(),
    };
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32
                + 1;
            diags.warn(
                line,
                "invalid-utf8",
                "expected UTF-8 text; invalid bytes were replaced",
            );
            String::from_utf8_lossy(bytes)
        }
    };
    let blocks = match detect_format(&src) {
        Format::Markdown => markdown::markdown_blocks(&src),
        Format::Html => html::html_blocks(&src),
        Format::Text => text::text_blocks(&src),
    };
    page::interpret(blocks, &src, &mut diags)
}

/// Whether a file in a service folder is a page (not configuration or data).
fn is_page_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.eq_ignore_ascii_case("README.md") {
        return false;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    !matches!(
        ext.as_str(),
        "toml"
            | "tsv"
            | "json"
            | "py"
            | "rs"
            | "lock"
            | "png"
            | "gif"
            | "jpg"
            | "svg"
            | "yaml"
            | "yml"
            | "snap"
    )
}

fn is_lang_dir(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "zh-cn" | "en-us" | "zh" | "en" | "cn" | "cn.zh-cn" | "en-us.en-us"
    )
}

/// The service folder a page belongs to: the nearest folder with a `service.toml`, else its
/// folder (skipping language folders such as `zh-cn/`).
fn service_root(page: &Path) -> PathBuf {
    let mut dir = page.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut probe = dir.clone();
    loop {
        if probe.join("service.toml").is_file() {
            return probe;
        }
        match probe.parent() {
            Some(p) if !p.as_os_str().is_empty() => probe = p.to_path_buf(),
            _ => break,
        }
    }
    while dir
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_lang_dir)
    {
        match dir.parent() {
            Some(p) => dir = p.to_path_buf(),
            None => break,
        }
    }
    dir
}

/// An error loading pages from disk.
#[derive(Debug)]
pub struct LoadError {
    /// The path that could not be read.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Every page file under the given files and folders, sorted.
pub fn page_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_file() {
            files.push(p.clone());
            continue;
        }
        if !p.exists() {
            return Err(LoadError {
                path: p.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
        for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
            let entry = entry.map_err(|e| LoadError {
                path: e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone()),
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk error")),
            })?;
            if entry.file_type().is_file() && is_page_file(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Reads the pages under the given files and folders, grouped into services (see
/// [`ServiceConfig`]), parsed in parallel. Output order is deterministic.
pub fn load_services(paths: &[PathBuf]) -> Result<Vec<Service>, LoadError> {
    Ok(load(paths, false)?.0)
}

/// [`load_services`], also keeping every JSON example each page shows (for
/// [`examples::check`]); the pages are read once for both.
pub fn load_services_with_examples(
    paths: &[PathBuf],
) -> Result<(Vec<Service>, Vec<examples::PageExamples>), LoadError> {
    load(paths, true)
}

fn load(
    paths: &[PathBuf],
    keep_examples: bool,
) -> Result<(Vec<Service>, Vec<examples::PageExamples>), LoadError> {
    let files = page_files(paths)?;
    // One parallel pass over every page of every service (no join point per service), then
    // the services are built, also in parallel.
    let parsed: Vec<(PathBuf, PageResult, Option<examples::PageExamples>)> = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| LoadError {
                path: f.clone(),
                source: e,
            })?;
            let mut page = parse_page(&f.to_string_lossy(), &bytes);
            // Services keep the examples their operations hold; the page's full list is taken
            // out when asked for, and dropped (not held to the end of the load) otherwise.
            let examples =
                keep_examples.then(|| examples::PageExamples::take(f.clone(), &mut page));
            page.examples = Vec::new();
            Ok((service_root(f), page, examples))
        })
        .collect::<Result<_, LoadError>>()?;
    let mut by_root: std::collections::BTreeMap<PathBuf, Vec<PageResult>> =
        std::collections::BTreeMap::new();
    let mut kept = Vec::new();
    for (root, page, examples) in parsed {
        by_root.entry(root).or_default().push(page);
        kept.extend(examples);
    }
    let mut services = by_root
        .into_par_iter()
        .map(|(root, pages)| build_service(&root, pages))
        .collect::<Result<Vec<_>, _>>()?;
    services.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((services, kept))
}

/// Builds a service from its parsed pages and its folder's `service.toml`.
pub fn build_service(root: &Path, pages: Vec<PageResult>) -> Result<Service, LoadError> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let toml_path = root.join("service.toml");
    let config = if toml_path.is_file() {
        let src = std::fs::read_to_string(&toml_path).map_err(|e| LoadError {
            path: toml_path.clone(),
            source: e,
        })?;
        match ServiceConfig::parse(&src) {
            Ok(c) => c,
            Err((line, message)) => {
                diagnostics.push(Diagnostic {
                    file: toml_path.to_string_lossy().into_owned(),
                    line,
                    severity: Severity::Error,
                    code: "invalid-service-toml".into(),
                    message: format!("expected a valid service.toml: {message}"),
                });
                ServiceConfig::default()
            }
        }
    } else {
        ServiceConfig::default()
    };
    let mut config = config;
    let provenance_path = root.join("PROVENANCE.toml");
    if provenance_path.is_file() {
        let src = std::fs::read_to_string(&provenance_path).map_err(|e| LoadError {
            path: provenance_path.clone(),
            source: e,
        })?;
        match config::Provenance::parse(&src) {
            Ok(p) => config.provenance = Some(p),
            Err(message) => diagnostics.push(Diagnostic {
                file: provenance_path.to_string_lossy().into_owned(),
                line: 1,
                severity: Severity::Warning,
                code: "invalid-provenance".into(),
                message: format!(
                    "expected the PROVENANCE.toml `cargo xtask import` writes: {message}"
                ),
            }),
        }
    }
    let folder = root
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("service")
        .to_ascii_lowercase();
    let name = config.name.clone().unwrap_or(folder);
    let mut error_codes: Vec<apispec::ErrorCode> = Vec::new();
    for p in &pages {
        diagnostics.extend(p.diagnostics.iter().cloned());
        for e in &p.error_codes {
            if !error_codes.contains(e) {
                error_codes.push(e.clone());
            }
        }
        if p.operation.is_none()
            && p.kind == PageKind::Operation
            && !p.diagnostics.iter().any(|d| d.severity == Severity::Error)
        {
            diagnostics.push(Diagnostic {
                file: p
                    .diagnostics
                    .first()
                    .map(|d| d.file.clone())
                    .unwrap_or_default(),
                line: 1,
                severity: Severity::Error,
                code: "no-operation".into(),
                message: "expected a page documenting one HTTP operation".into(),
            });
        }
    }
    let mut operations = merge::merge_pages(pages, &config, &mut diagnostics);
    for op in &mut operations {
        complete::operation(op);
    }
    patch::apply_patches(
        &mut operations,
        &config.patches,
        &toml_path.to_string_lossy(),
        &mut diagnostics,
    );
    diagnostics.sort();
    diagnostics.dedup();
    Ok(Service {
        crate_name: config
            .crate_name
            .clone()
            .unwrap_or_else(|| format!("huaweicloud-sdk-{name}")),
        endpoint_template: config
            .endpoint_template
            .clone()
            .unwrap_or_else(|| format!("https://{name}.{{region}}.myhuaweicloud.com")),
        scope: config.scope.unwrap_or_default(),
        json_content_type: config.json_content_type.clone(),
        name,
        operations,
        error_codes,
        diagnostics,
        pagination: config.pagination.clone(),
        waiters: config.waiters.clone(),
    })
}
