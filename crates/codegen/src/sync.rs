//! Writing generated crates to disk, or checking that the files on disk are up to date.

use std::fmt;
use std::path::{Path, PathBuf};

use apispec::Service;

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
    /// Generated files (with the `@generated` header) that the generator no longer produces.
    pub orphaned: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Report {
    /// Whether everything on disk matched.
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.orphaned.is_empty()
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
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::Codegen(e) => write!(f, "{e}"),
            SyncError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for SyncError {}

/// Generates the crate of every service under `out_dir` (`crates/`), writing or checking.
pub fn sync(services: &[Service], out_dir: &Path, mode: Mode) -> Result<Report, SyncError> {
    let mut report = Report::default();
    for service in services {
        let dir = out_dir.join(crate_dir_name(service));
        let files = generate(service).map_err(SyncError::Codegen)?;
        let mut expected = Vec::new();
        for file in &files {
            let path = dir.join(&file.path);
            expected.push(path.clone());
            sync_file(&path, &file.contents, mode, &mut report)?;
        }
        let mut on_disk = generated_files_under(&dir.join("src"))?;
        on_disk.extend(generated_files_under(&dir.join("tests"))?);
        on_disk.extend(generated_files_under(&dir.join("examples"))?);
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
        sync_file(path, contents, mode, report)?;
    }
    // The model of a service no longer under spec-docs/.
    if let Ok(entries) = std::fs::read_dir(&models) {
        let mut stale: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter(|p| !files.iter().any(|(f, _)| f == p))
            .collect();
        stale.sort();
        for path in stale {
            if mode == Mode::Write {
                std::fs::remove_file(&path).map_err(|e| SyncError::Io(path.clone(), e))?;
            }
            report.orphaned.push(path);
        }
    }
    Ok(())
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
            let path = entry.map_err(|e| SyncError::Io(d.clone(), e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
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
