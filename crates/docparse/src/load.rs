//! Pages from disk, grouped into services: every page parsed (in parallel), then each
//! service built from its pages and its folder's `service.toml` and `PROVENANCE.toml`.

use std::path::{Path, PathBuf};

use apispec::Service;
use rayon::prelude::*;

use crate::config::{Provenance, ServiceConfig};
use crate::diagnostics::{Code, Sink};
use crate::example_check;
use crate::operation::PageResult;

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
/// [`example_check::check`]); the pages are read once for both.
pub fn load_services_with_examples(
    paths: &[PathBuf],
) -> Result<(Vec<Service>, Vec<example_check::PageExamples>), LoadError> {
    load(paths, true)
}

fn load(
    paths: &[PathBuf],
    keep_examples: bool,
) -> Result<(Vec<Service>, Vec<example_check::PageExamples>), LoadError> {
    let files = page_files(paths)?;
    // One parallel pass over every page of every service (no join point per service), then
    // the services are built, also in parallel.
    let parsed: Vec<(PathBuf, PageResult, Option<example_check::PageExamples>)> = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| LoadError {
                path: f.clone(),
                source: e,
            })?;
            let mut page = crate::parse_page(&f.to_string_lossy(), &bytes);
            // Services keep the examples their operations hold; the page's full list is taken
            // out when asked for, and dropped (not held to the end of the load) otherwise.
            let examples =
                keep_examples.then(|| example_check::PageExamples::take(f.clone(), &mut page));
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
    let mut sink = Sink::default();
    let toml_path = root.join("service.toml");
    let config = read_config(root, &mut sink)?;
    let folder = root
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("service")
        .to_ascii_lowercase();
    let name = config.name.clone().unwrap_or(folder);
    let mut error_codes: Vec<apispec::ErrorCode> = Vec::new();
    for p in &pages {
        sink.extend(p.diagnostics.iter().cloned());
        for e in &p.error_codes {
            if !error_codes.contains(e) {
                error_codes.push(e.clone());
            }
        }
    }
    let operations =
        crate::normalize::operations(pages, &config, &toml_path.to_string_lossy(), &mut sink);
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
        diagnostics: sink.finish(),
        pagination: config.pagination.clone(),
        waiters: config.waiters.clone(),
    })
}

/// A service folder's `service.toml` (defaults when it has none or it does not parse) with its
/// `PROVENANCE.toml`.
fn read_config(root: &Path, sink: &mut Sink) -> Result<ServiceConfig, LoadError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| LoadError {
            path: path.to_path_buf(),
            source: e,
        })
    };
    let toml_path = root.join("service.toml");
    let mut config = if toml_path.is_file() {
        match ServiceConfig::parse(&read(&toml_path)?) {
            Ok(c) => c,
            Err((line, message)) => {
                sink.emit(
                    Code::InvalidServiceToml,
                    &toml_path.to_string_lossy(),
                    line,
                    format!("expected a valid service.toml: {message}"),
                );
                ServiceConfig::default()
            }
        }
    } else {
        ServiceConfig::default()
    };
    let provenance_path = root.join("PROVENANCE.toml");
    if provenance_path.is_file() {
        match Provenance::parse(&read(&provenance_path)?) {
            Ok(p) => config.provenance = Some(p),
            Err(message) => sink.emit(
                Code::InvalidProvenance,
                &provenance_path.to_string_lossy(),
                1,
                format!("expected the PROVENANCE.toml `cargo xtask import` writes: {message}"),
            ),
        }
    }
    Ok(config)
}
