//! `cargo xtask import DIR... [--service NAME]`: copy a service's published reference pages
//! (a `huaweicloudDocs/<service>` checkout, or any folder of pages) into `spec-docs/<service>/`,
//! byte for byte, with the repository's licence and a provenance file.
//!
//! The import owns exactly the pages its provenance file lists. Anything else in the service
//! folder (the seeds, pages added by hand, `service.toml`) is never changed or removed: a
//! source page whose name is taken by such a file is refused, unless the bytes are the same.
//! Nothing is written when nothing changed, so a re-import of an unchanged snapshot leaves
//! the tree byte-identical.
//!
//! A checkout is someone else's: nothing outside the source folder is read (a symlink leading
//! out of it is refused, never followed; a `.git` that is not a folder of the checkout is not
//! asked), and nothing outside `spec-docs/<service>/` is written or removed. A name with `..`,
//! a separator or a control character, in the source or in the `PROVENANCE.toml` being
//! updated, is refused and reported; so is a symlink in the service folder (it is never written
//! through or removed), and a page larger than 16 MiB.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Where the pages of a huaweicloudDocs checkout are.
const REFERENCE_DIR: &str = "cn.zh-cn/API参考";
/// The provenance file written beside the pages.
pub const PROVENANCE: &str = "PROVENANCE.toml";
const LICENSE: &str = "LICENSE.md";
const SNAPSHOT: &str = "SNAPSHOT.toml";
const SERVICE_TOML: &str = "service.toml";
/// The largest page the import copies.
const MAX_PAGE_BYTES: u64 = 16 << 20;

/// Why a file name cannot be a page of a service folder: one plain name, no `..`, no
/// separator, no control character, not absolute.
fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("an empty name")
    } else if name.contains("..") {
        Some("a name with `..`")
    } else if name.contains('/') || name.contains('\\') || Path::new(name).is_absolute() {
        Some("a path, not a file name")
    } else if name.chars().any(char::is_control) {
        Some("a name with a control character")
    } else if name.contains(':') {
        Some("a name with `:` (a drive or stream on Windows)")
    } else {
        None
    }
}

/// Whether `path` (under the service folder) is a symlink: never written through or removed.
fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Arguments of `cargo xtask import`.
#[derive(clap::Args)]
pub struct Args {
    /// huaweicloudDocs checkouts (pages under `cn.zh-cn/API参考/`) or folders of pages; each
    /// is one service, named after its folder.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Service name (the folder under `--spec`), instead of the source folder's name; only
    /// with one DIR.
    #[arg(long)]
    service: Option<String>,
    /// Folder with one sub-folder per service.
    #[arg(long, default_value = "spec-docs")]
    spec: PathBuf,
    /// Write nothing; print what an import would change and exit 1 if anything would.
    #[arg(long)]
    check: bool,
}

/// `PROVENANCE.toml`: where the imported pages come from. Deterministic: no wall-clock time
/// (the date is the snapshot's or the commit's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Source repository (`huaweicloudDocs/cce`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Source commit, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Date of the snapshot or of the commit, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Folder of the source the pages were taken from, relative to the source given.
    pub source_dir: String,
    /// Number of imported pages.
    pub page_count: usize,
    /// The repository's licence, copied beside the pages (`LICENSE.md`), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Every imported page with the SHA-256 of its bytes.
    #[serde(default)]
    pub pages: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
struct Snapshot {
    repo: Option<String>,
    commit: Option<String>,
    date: Option<String>,
}

/// What one import changed (or, with `--check`, would change).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The service folder's name.
    pub service: String,
    /// Where the pages came from (`huaweicloudDocs/cce 99b4f7e5 2023-03-09`), when known.
    pub source: Option<String>,
    /// Pages the source has and the folder did not.
    pub added: Vec<String>,
    /// Pages imported before that the source no longer has.
    pub removed: Vec<String>,
    /// Pages whose bytes changed.
    pub changed: Vec<String>,
    /// Pages already up to date.
    pub unchanged: usize,
    /// Other files written or rewritten (`LICENSE.md`, `PROVENANCE.toml`, a new `service.toml`).
    pub other: Vec<String>,
    /// Source entries not imported, with why (a symlink leaving the source, a name taken by a
    /// file the import does not own).
    pub refused: Vec<String>,
}

impl Report {
    /// Whether anything in the service folder changed.
    pub fn changed_anything(&self) -> bool {
        !(self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.other.is_empty())
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let from = self
            .source
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        writeln!(
            f,
            "{}{from}: {} added, {} removed, {} changed, {} unchanged",
            self.service,
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.unchanged
        )?;
        for (what, list) in [
            ("added", &self.added),
            ("removed", &self.removed),
            ("changed", &self.changed),
            ("wrote", &self.other),
        ] {
            for p in list {
                writeln!(f, "  {what:<8} {p}")?;
            }
        }
        for r in &self.refused {
            writeln!(f, "  refused  {r}")?;
        }
        Ok(())
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.service.is_some() && args.dirs.len() > 1 {
        bail!("--service names one service; give one DIR with it");
    }
    let mut names = BTreeSet::new();
    let mut refused = false;
    let mut changed = false;
    for dir in &args.dirs {
        let name = match &args.service {
            Some(n) => n.clone(),
            None => default_service_name(dir)?,
        };
        if !names.insert(name.clone()) {
            bail!("two sources would both be service `{name}`; import them one at a time");
        }
        let report = import(dir, &args.spec, &name, args.check)?;
        print!("{report}");
        refused |= !report.refused.is_empty();
        changed |= report.changed_anything();
    }
    if refused || (args.check && changed) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The service name a source folder gives: its folder name, lower case.
fn default_service_name(dir: &Path) -> anyhow::Result<String> {
    let canon = dir
        .canonicalize()
        .with_context(|| format!("cannot read {}", dir.display()))?;
    let name = canon
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_lowercase();
    check_service_name(&name).with_context(|| {
        format!(
            "cannot name a service after the folder {}; give --service NAME",
            dir.display()
        )
    })?;
    Ok(name)
}

fn check_service_name(name: &str) -> anyhow::Result<()> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        || name.starts_with('-')
    {
        bail!("`{name}` is not a service name (lower-case ASCII letters, digits, `-`, `_`)");
    }
    Ok(())
}

/// A file of the source, after the symlink check.
enum Entry {
    File(PathBuf),
    Refused(String),
    Skip,
}

/// Checks one directory entry of the source: a regular file, or a symlink to a file inside
/// the source. A symlink that leaves the source is refused, never followed.
fn check_entry(path: &Path, root: &Path) -> anyhow::Result<Entry> {
    let meta = std::fs::symlink_metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path).unwrap_or_default();
        return Ok(match path.canonicalize() {
            Ok(t) if t.starts_with(root) && t.is_file() => {
                if t.metadata().map(|m| m.len()).unwrap_or(0) > MAX_PAGE_BYTES {
                    return Ok(Entry::Refused(format!(
                        "{}: larger than a page can be ({MAX_PAGE_BYTES} bytes); not imported",
                        path.display()
                    )));
                }
                Entry::File(t)
            }
            Ok(t) if t.starts_with(root) => Entry::Skip,
            Ok(_) => Entry::Refused(format!(
                "{}: a symlink to {}, outside {}; not followed",
                path.display(),
                target.display(),
                root.display()
            )),
            Err(_) => Entry::Refused(format!(
                "{}: a broken symlink (to {}); not followed",
                path.display(),
                target.display()
            )),
        });
    }
    Ok(if meta.is_file() {
        if meta.len() > MAX_PAGE_BYTES {
            return Ok(Entry::Refused(format!(
                "{}: {} bytes, larger than a page can be ({MAX_PAGE_BYTES}); not imported",
                path.display(),
                meta.len()
            )));
        }
        Entry::File(path.to_path_buf())
    } else {
        Entry::Skip
    })
}

/// Whether a file of the source folder is a reference page.
fn is_page(name: &str) -> bool {
    if name.starts_with('.')
        || [LICENSE, SNAPSHOT, SERVICE_TOML, PROVENANCE, "README.md"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
    {
        return false;
    }
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(ext.as_str(), "md" | "txt" | "html" | "htm")
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Repository, commit and date of a source: its `SNAPSHOT.toml`, else its git checkout (the
/// commit's date, not the time of the import), else nothing.
fn snapshot_of(root: &Path, refused: &mut Vec<String>) -> anyhow::Result<Snapshot> {
    let file = root.join(SNAPSHOT);
    if std::fs::symlink_metadata(&file).is_ok() {
        return match check_entry(&file, root)? {
            Entry::File(f) => {
                let src = std::fs::read_to_string(&f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                toml::from_str(&src).with_context(|| format!("cannot read {}", f.display()))
            }
            Entry::Refused(why) => {
                refused.push(why);
                Ok(Snapshot::default())
            }
            Entry::Skip => Ok(Snapshot::default()),
        };
    }
    // Only a `.git` folder of the checkout itself: a `.git` file or symlink points elsewhere.
    let dot_git = root.join(".git");
    match std::fs::symlink_metadata(&dot_git) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            refused.push(format!(
                "{}: not a folder of the checkout (a link or a `gitdir:` file); its commit is not read",
                dot_git.display()
            ));
            return Ok(Snapshot::default());
        }
        Err(_) => return Ok(Snapshot::default()),
    }
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            // A checkout's own config must not run anything.
            .args([
                "-c",
                "core.fsmonitor=false",
                "-c",
                "core.hooksPath=/dev/null",
            ])
            .env("GIT_CEILING_DIRECTORIES", root.parent().unwrap_or(root))
            .env("GIT_PAGER", "cat")
            .stdin(std::process::Stdio::null())
            .args(args)
            .output()
            .ok()?;
        let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !s.is_empty()).then_some(s)
    };
    let repo = git(&["remote", "get-url", "origin"]).map(|url| {
        let url = url.trim_end_matches('/').trim_end_matches(".git");
        url.strip_prefix("https://github.com/")
            .or_else(|| url.strip_prefix("git@github.com:"))
            .unwrap_or(url)
            .to_string()
    });
    Ok(Snapshot {
        repo,
        commit: git(&["rev-parse", "HEAD"]),
        date: git(&["log", "-1", "--format=%cs"]),
    })
}

/// Renders `PROVENANCE.toml`.
pub fn render_provenance(p: &Provenance) -> anyhow::Result<String> {
    let body = toml::to_string(p).context("cannot write the provenance")?;
    Ok(format!(
        "# Where the pages of this folder come from. Written by `cargo xtask import`; do not edit\n\
         # (a re-import rewrites it). The import changes and removes only the pages listed here:\n\
         # other files (seeds, pages added by hand, service.toml) are left as they are.\n{body}"
    ))
}

/// The `service.toml` written when a service folder has none.
fn default_service_toml(name: &str, snapshot: &Snapshot) -> String {
    let from = snapshot
        .repo
        .as_deref()
        .map(|r| format!(" from {r}"))
        .unwrap_or_default();
    format!(
        "# Service `{name}`, imported{from} by `cargo xtask import`. Check the endpoint (the\n\
         # reference's 终端节点 / 地区和终端节点 page), set `scope = \"global\"` for a global service,\n\
         # and name the operations of pages without an API Explorer link under [operation_names]\n\
         # (README, \"Adding a service\").\n\
         name = \"{name}\"\n\
         crate_name = \"huaweicloud-sdk-{name}\"\n\
         endpoint_template = \"https://{name}.{{region}}.myhuaweicloud.com\"\n"
    )
}

/// Imports one source folder into `<spec>/<service>/`; with `check`, writes nothing.
pub fn import(dir: &Path, spec: &Path, service: &str, check: bool) -> anyhow::Result<Report> {
    check_service_name(service)?;
    let root = dir
        .canonicalize()
        .with_context(|| format!("cannot read {}", dir.display()))?;
    if !root.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let mut report = Report {
        service: service.to_string(),
        ..Report::default()
    };
    let snapshot = snapshot_of(&root, &mut report.refused)?;
    let source_desc: Vec<String> = [
        snapshot.repo.clone(),
        snapshot
            .commit
            .as_deref()
            .map(|c| c.chars().take(8).collect()),
        snapshot.date.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    report.source = (!source_desc.is_empty()).then(|| source_desc.join(" "));

    // The pages: `cn.zh-cn/API参考/` of a checkout, else the folder itself.
    let (source_dir, pages_dir) = match check_entry(&root.join(REFERENCE_DIR), &root) {
        _ if !root.join(REFERENCE_DIR).exists() => (".".to_string(), root.clone()),
        Ok(Entry::Refused(why)) => bail!("{why}"),
        _ => {
            let d = root.join(REFERENCE_DIR).canonicalize()?;
            if !d.starts_with(&root) {
                bail!(
                    "{}: a symlink outside {}; not followed",
                    root.join(REFERENCE_DIR).display(),
                    root.display()
                );
            }
            (REFERENCE_DIR.to_string(), d)
        }
    };
    let mut source: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(&pages_dir)
        .with_context(|| format!("cannot read {}", pages_dir.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let Some(name) = e.file_name().to_str().map(str::to_string) else {
            report.refused.push(format!(
                "{}: the file name is not UTF-8",
                e.path().display()
            ));
            continue;
        };
        if let Some(why) = unsafe_name(&name) {
            report
                .refused
                .push(format!("{}: {why}; not imported", e.path().display()));
            continue;
        }
        if !is_page(&name) {
            continue;
        }
        match check_entry(&e.path(), &root)? {
            Entry::File(f) => {
                source.insert(name, f);
            }
            Entry::Refused(why) => report.refused.push(why),
            Entry::Skip => {}
        }
    }
    let license_src = match std::fs::symlink_metadata(root.join(LICENSE)) {
        Ok(_) => match check_entry(&root.join(LICENSE), &root)? {
            Entry::File(f) => Some(f),
            Entry::Refused(why) => {
                report.refused.push(why);
                None
            }
            Entry::Skip => None,
        },
        Err(_) => None,
    };

    let dest = spec.join(service);
    if is_symlink(&dest) {
        bail!(
            "{} is a symlink; the import writes only into a folder of {}",
            dest.display(),
            spec.display()
        );
    }
    if is_symlink(&dest.join(PROVENANCE)) {
        bail!(
            "{} is a symlink; not read or written through",
            dest.join(PROVENANCE).display()
        );
    }
    let mut old: Provenance = match std::fs::read_to_string(dest.join(PROVENANCE)) {
        Ok(src) => toml::from_str(&src)
            .with_context(|| format!("cannot read {}", dest.join(PROVENANCE).display()))?,
        Err(_) => Provenance::default(),
    };
    // What the provenance lists is what the import may change or remove: plain names only.
    old.pages.retain(|name, _| match unsafe_name(name) {
        None => true,
        Some(why) => {
            report.refused.push(format!(
                "{}: lists {name:?}, {why}; ignored (nothing outside {} is touched)",
                dest.join(PROVENANCE).display(),
                dest.display()
            ));
            false
        }
    });

    // What to write and what to remove, decided before anything is touched.
    let mut writes: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut removes: Vec<PathBuf> = Vec::new();
    let mut pages = BTreeMap::new();
    for (name, path) in &source {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let target = dest.join(name);
        if is_symlink(&target) {
            report.refused.push(format!(
                "{name}: {} is a symlink there; not written through",
                target.display()
            ));
            continue;
        }
        let existing = std::fs::read(&target).ok();
        let owned = old.pages.contains_key(name);
        match existing {
            Some(b) if b == bytes => report.unchanged += 1,
            Some(_) if !owned => {
                report.refused.push(format!(
                    "{name}: {} has a file of that name the import did not write (a seed or a page \
                     added by hand); kept it, the source's page is not imported",
                    dest.display()
                ));
                continue;
            }
            Some(_) => {
                report.changed.push(name.clone());
                writes.push((target, bytes.clone()));
            }
            None => {
                report.added.push(name.clone());
                writes.push((target, bytes.clone()));
            }
        }
        pages.insert(name.clone(), sha256(&bytes));
    }
    for name in old.pages.keys() {
        if !pages.contains_key(name) && !source.contains_key(name) {
            let target = dest.join(name);
            if is_symlink(&target) {
                report.refused.push(format!(
                    "{name}: {} is a symlink; not removed",
                    target.display()
                ));
            } else if target.is_file() {
                report.removed.push(name.clone());
                removes.push(target);
            }
        }
    }
    let mut license = None;
    if let Some(src) = &license_src {
        let bytes = std::fs::read(src).with_context(|| format!("cannot read {}", src.display()))?;
        let target = dest.join(LICENSE);
        let existing = std::fs::read(&target).ok();
        if existing.as_deref() != Some(&bytes[..]) {
            if is_symlink(&target) {
                report.refused.push(format!(
                    "{LICENSE}: {} is a symlink; not written through",
                    target.display()
                ));
            } else if existing.is_some() && old.license.is_none() {
                report.refused.push(format!(
                    "{LICENSE}: {} has one the import did not write; kept it",
                    dest.display()
                ));
            } else {
                report.other.push(LICENSE.to_string());
                writes.push((target, bytes));
            }
        }
        license = Some(LICENSE.to_string());
    } else if old.license.is_some()
        && dest.join(LICENSE).is_file()
        && !is_symlink(&dest.join(LICENSE))
    {
        report.removed.push(LICENSE.to_string());
        removes.push(dest.join(LICENSE));
    }
    let provenance = Provenance {
        repo: snapshot.repo.clone(),
        commit: snapshot.commit.clone(),
        date: snapshot.date.clone(),
        source_dir,
        page_count: pages.len(),
        license,
        pages,
    };
    let rendered = render_provenance(&provenance)?;
    if std::fs::read_to_string(dest.join(PROVENANCE))
        .ok()
        .as_deref()
        != Some(&rendered)
    {
        report.other.push(PROVENANCE.to_string());
        writes.push((dest.join(PROVENANCE), rendered.into_bytes()));
    }
    if std::fs::symlink_metadata(dest.join(SERVICE_TOML)).is_err() {
        report.other.push(SERVICE_TOML.to_string());
        writes.push((
            dest.join(SERVICE_TOML),
            default_service_toml(service, &snapshot).into_bytes(),
        ));
    }

    if !check {
        if !writes.is_empty() {
            std::fs::create_dir_all(&dest)
                .with_context(|| format!("cannot create {}", dest.display()))?;
        }
        for (path, bytes) in &writes {
            std::fs::write(path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        for path in &removes {
            std::fs::remove_file(path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_reference_files() {
        assert!(is_page("节点移除.md"));
        assert!(is_page("delete-vpc-channel-backend.en-us.txt"));
        assert!(!is_page("LICENSE.md"));
        assert!(!is_page("SNAPSHOT.toml"));
        assert!(!is_page("figure.png"));
        assert!(!is_page(".hidden.md"));
    }

    #[test]
    fn page_names_are_plain_file_names() {
        assert_eq!(unsafe_name("节点移除.md"), None);
        assert_eq!(unsafe_name("a.en-us.txt"), None);
        assert!(unsafe_name("..").is_some());
        assert!(unsafe_name("../../etc/passwd").is_some());
        assert!(unsafe_name("..md").is_some());
        assert!(unsafe_name("a..b.md").is_some());
        assert!(unsafe_name("/etc/passwd").is_some());
        assert!(unsafe_name("sub/page.md").is_some());
        assert!(unsafe_name("c:page.md").is_some());
        assert!(unsafe_name("page\n.md").is_some());
        assert!(unsafe_name("").is_some());
    }

    #[test]
    fn service_names_are_plain() {
        assert!(check_service_name("cce").is_ok());
        assert!(check_service_name("API参考").is_err());
        assert!(check_service_name("../x").is_err());
        assert!(check_service_name("").is_err());
    }

    #[test]
    fn provenance_is_deterministic_and_reads_back() {
        let p = Provenance {
            repo: Some("huaweicloudDocs/cce".into()),
            commit: Some("99b4".into()),
            date: Some("2023-03-09".into()),
            source_dir: REFERENCE_DIR.into(),
            page_count: 2,
            license: Some(LICENSE.into()),
            pages: [("b.md", "2"), ("节点移除.md", "1")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        };
        let a = render_provenance(&p).unwrap();
        assert_eq!(a, render_provenance(&p).unwrap());
        assert!(a.contains("\"节点移除.md\" = \"1\""), "{a}");
        let back: Provenance = toml::from_str(&a).unwrap();
        assert_eq!(back, p);
    }
}
