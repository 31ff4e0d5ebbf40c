//! Writing generated crates to disk, or checking that the files on disk are up to date.
//!
//! The pages (and their `service.toml`) may come from someone else's checkout, so what is
//! written is checked first: each crate's folder is one plain name under the output folder
//! (`huaweicloud-sdk-cce`: ASCII letters, digits, `-`, `_`), each generated path is relative
//! with plain components, and nothing is written through a symlink. A file in the way that
//! the generator did not write (no `@generated` marker on its first line) is left alone and
//! reported ([`Report::refused`]); a generated file that is no longer generated is removed only
//! when it carries the header ([`Report::orphaned`]).

use std::fmt;
use std::path::{Path, PathBuf};

use apispec::Service;
use rayon::prelude::*;

use crate::{crate_dir_name, generate, registry, CodegenError, GENERATED_HEADER};

/// What [`sync`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write every file that differs; remove generated files that are no longer generated.
    Write,
    /// Write nothing; report what differs.
    Check,
}

/// What [`sync`] found (and, in [`Mode::Write`], changed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files whose contents differ from the generator's.
    pub stale: Vec<PathBuf>,
    /// Files the generator produces that do not exist.
    pub missing: Vec<PathBuf>,
    /// Generated files (with the `@generated` header) that the generator no longer produces
    /// (removed in [`Mode::Write`]).
    pub orphaned: Vec<PathBuf>,
    /// Files the generator would write but did not, with why: a file in the way that it did
    /// not write (no `@generated` marker), or a symlink on the way.
    pub refused: Vec<(PathBuf, String)>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Report {
    /// Whether everything on disk matched.
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty()
            && self.missing.is_empty()
            && self.orphaned.is_empty()
            && self.refused.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.stale {
            writeln!(f, "stale: {}", p.display())?;
        }
        for p in &self.missing {
            writeln!(f, "missing: {}", p.display())?;
        }
        for p in &self.orphaned {
            writeln!(f, "orphaned: {}", p.display())?;
        }
        for (p, why) in &self.refused {
            writeln!(f, "refused: {}: {why}", p.display())?;
        }
        Ok(())
    }
}

/// A failure of [`sync`].
#[derive(Debug)]
pub enum SyncError {
    /// The generator failed.
    Codegen(CodegenError),
    /// Reading or writing a file failed.
    Io(PathBuf, std::io::Error),
    /// A crate name or a generated path would leave the crate's folder (nothing was written).
    Unsafe(String),
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Codegen(e) => write!(f, "{e}"),
            SyncError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            SyncError::Unsafe(why) => write!(f, "{why}; nothing written"),
        }
    }
}

impl std::error::Error for SyncError {}

/// Generates the crate of every service under `out_dir` (`crates/`), writing or checking.
pub fn sync(services: &[Service], out_dir: &Path, mode: Mode) -> Result<Report, SyncError> {
    let mut report = Report::default();
    // Everything is generated (pure and per service: in parallel) and checked before anything
    // is written.
    for service in services {
        check_crate_name(&crate_dir_name(service), &service.name)?;
    }
    let generated: Vec<_> = services
        .par_iter()
        .map(|service| generate(service).map_err(SyncError::Codegen))
        .collect();
    let mut crates = Vec::new();
    for (service, files) in services.iter().zip(generated) {
        let name = crate_dir_name(service);
        check_crate_name(&name, &service.name)?;
        let files = files?;
        for file in &files {
            check_relative(&file.path, &name)?;
        }
        crates.push((out_dir.join(name), files));
    }
    for (dir, files) in crates {
        let mut expected = Vec::new();
        for file in &files {
            let path = dir.join(&file.path);
            expected.push(path.clone());
            if let Some(link) = symlink_on_the_way(out_dir, &path) {
                report.refused.push((
                    path,
                    format!("{} is a symlink; not written through", link.display()),
                ));
                continue;
            }
            sync_file(&path, &file.contents, mode, &mut report)?;
        }
        let mut on_disk = Vec::new();
        for sub in ["src", "tests", "examples"] {
            if symlink_on_the_way(out_dir, &dir.join(sub)).is_none() {
                on_disk.extend(generated_files_under(&dir.join(sub))?);
            }
        }
        for path in on_disk {
            if !expected.contains(&path) {
                if mode == Mode::Write {
                    std::fs::remove_file(&path).map_err(|e| SyncError::Io(path.clone(), e))?;
                }
                report.orphaned.push(path);
            }
        }
    }
    sync_registry(services, out_dir, mode, &mut report)?;
    Ok(report)
}

/// `hwc`'s table of services and its dependencies on the service crates, when `out_dir` holds
/// the CLI (the workspace's `crates/`).
fn sync_registry(
    services: &[Service],
    out_dir: &Path,
    mode: Mode,
    report: &mut Report,
) -> Result<(), SyncError> {
    let manifest_path = out_dir.join(registry::CLI_MANIFEST);
    let Ok(manifest) = std::fs::read_to_string(&manifest_path) else {
        return Ok(());
    };
    let mut files = vec![(
        out_dir.join(registry::CLI_SERVICES),
        registry::cli_services(services),
    )];
    if let Some(updated) = registry::cli_manifest(&manifest, services) {
        files.push((manifest_path, updated));
    }
    let models = out_dir.join(registry::CLI_MODELS);
    for service in services {
        files.push((
            models.join(format!("{}.json", service.name)),
            registry::cli_model(service),
        ));
    }
    for (path, contents) in &files {
        if let Some(link) = symlink_on_the_way(out_dir, path) {
            report.refused.push((
                path.clone(),
                format!("{} is a symlink; not written through", link.display()),
            ));
            continue;
        }
        sync_file(path, contents, mode, report)?;
    }
    // The model of a service no longer under spec-docs/: reported, never removed (a JSON file
    // carries no `@generated` header to prove that codegen wrote it).
    if let Ok(entries) = std::fs::read_dir(&models) {
        let mut stale: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter(|p| !files.iter().any(|(f, _)| f == p))
            .collect();
        stale.sort();
        report.orphaned.extend(stale);
    }
    Ok(())
}

/// A crate folder is one plain name: ASCII letters, digits, `-` and `_`, not starting with `.`
/// or `-` (a `crate_name = "../x"` in a `service.toml` must not reach out of `crates/`).
fn check_crate_name(name: &str, service: &str) -> Result<(), SyncError> {
    let plain = !name.is_empty()
        && !name.starts_with(['-', '.'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if plain {
        Ok(())
    } else {
        Err(SyncError::Unsafe(format!(
            "service `{service}`: the crate name {name:?} is not a plain folder name \
             (ASCII letters, digits, `-`, `_`)"
        )))
    }
}

/// A generated path stays inside its crate: relative, every component a plain name.
fn check_relative(path: &str, krate: &str) -> Result<(), SyncError> {
    use std::path::Component;
    let p = Path::new(path);
    let plain = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| match c {
            Component::Normal(n) => n.to_str().is_some_and(|n| !n.contains("..")),
            _ => false,
        });
    if plain {
        Ok(())
    } else {
        Err(SyncError::Unsafe(format!(
            "the generator would write {path:?} in {krate}, outside the crate's folder"
        )))
    }
}

/// The first symlink among the folders and file from `base` (exclusive) down to `path`.
fn symlink_on_the_way(base: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(base).ok()?;
    let mut at = base.to_path_buf();
    for c in rel.components() {
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// Whether a file on disk is one the generator wrote: `@generated` on its first line (every
/// generated file), or the generated section of `hwc`'s manifest.
fn generator_wrote(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    text.lines()
        .next()
        .is_some_and(|l| l.contains("@generated"))
        || text.lines().any(|l| l.trim() == registry::BEGIN)
}

/// Compares one file with what it should hold, counts it in `report`, and in
/// [`Mode::Write`] writes it when it differs.
fn sync_file(
    path: &Path,
    contents: &str,
    mode: Mode,
    report: &mut Report,
) -> Result<(), SyncError> {
    let io = |e| SyncError::Io(path.to_path_buf(), e);
    match std::fs::read(path) {
        Ok(bytes) if bytes == contents.as_bytes() => {
            report.unchanged += 1;
            return Ok(());
        }
        Ok(bytes) if !generator_wrote(&bytes) => {
            report.refused.push((
                path.to_path_buf(),
                "a file the generator did not write (no `@generated` marker); left as it is"
                    .to_string(),
            ));
            return Ok(());
        }
        Ok(_) => report.stale.push(path.to_path_buf()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            report.missing.push(path.to_path_buf())
        }
        Err(e) => return Err(io(e)),
    }
    if mode == Mode::Write {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(path, contents).map_err(io)?;
    }
    Ok(())
}

/// Rust files under `dir` that start with the generated-file header, sorted.
fn generated_files_under(dir: &Path) -> Result<Vec<PathBuf>, SyncError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(SyncError::Io(d, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| SyncError::Io(d.clone(), e))?;
            let path = entry.path();
            // Never through a symlink: what it leads to is not the crate's.
            let kind = entry
                .file_type()
                .map_err(|e| SyncError::Io(path.clone(), e))?;
            if kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if text.starts_with(GENERATED_HEADER) {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}
