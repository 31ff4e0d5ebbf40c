//! Services read as the parser reads them, without the errata of their `service.toml`: the
//! figures of the parser, not of the parser plus the corrections written by hand.
//!
//! A service folder's `service.toml` is copied without its `[[patch]]` tables (everything else:
//! names, scope, content type, and `PROVENANCE.toml`, is kept) into a scratch root, and the
//! pages are built into a service there (`docparse::build_service`).

use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

/// `service.toml` without its `[[patch]]` tables; `None` when it does not parse (the
/// parser's own diagnostic then says so, from the original).
pub fn without_patches(service_toml: &str) -> Option<String> {
    let mut table: toml::Table = service_toml.parse().ok()?;
    table.remove("patch");
    toml::to_string(&table).ok()
}

/// The scratch root standing for `dir` (a service folder) without its patches: `scratch/<name>`
/// with the folder's `service.toml` minus `[[patch]]` and its `PROVENANCE.toml`.
pub fn scratch_root(dir: &Path, scratch: &Path) -> anyhow::Result<PathBuf> {
    let name = dir.file_name().context("a service folder has a name")?;
    let root = scratch.join(name);
    std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
    let toml_path = dir.join("service.toml");
    let dest = root.join("service.toml");
    if toml_path.is_file() {
        let src = std::fs::read_to_string(&toml_path)
            .with_context(|| format!("reading {}", toml_path.display()))?;
        std::fs::write(&dest, without_patches(&src).unwrap_or(src))?;
    } else if dest.exists() {
        std::fs::remove_file(&dest)?;
    }
    let prov = dir.join("PROVENANCE.toml");
    if prov.is_file() {
        std::fs::copy(&prov, root.join("PROVENANCE.toml"))?;
    }
    Ok(root)
}

/// Turns a page (its path and bytes) into the name and bytes parsed instead (a text
/// rendering), or `None` to leave the page out.
pub type Render = dyn Fn(&Path, &[u8]) -> Option<(String, Vec<u8>)> + Sync;

/// The service of folder `dir`, its pages parsed (each page's text transformed by `render`
/// first, when given: the text renderings), without the patches of its `service.toml`.
pub fn load(
    dir: &Path,
    scratch: &Path,
    render: Option<&Render>,
) -> anyhow::Result<apispec::Service> {
    let root = scratch_root(dir, scratch)?;
    let files = docparse::page_files(&[dir.to_path_buf()])?;
    let pages: Vec<docparse::PageResult> = files
        .par_iter()
        .filter_map(|f| {
            let bytes = match std::fs::read(f) {
                Ok(b) => b,
                Err(e) => return Some(Err(anyhow::anyhow!("reading {}: {e}", f.display()))),
            };
            let (name, bytes) = match render {
                Some(r) => r(f, &bytes)?,
                None => (f.to_string_lossy().into_owned(), bytes),
            };
            let mut page = match parse_guarded(&name, &bytes) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("warning: {e}; the page is left out");
                    return None;
                }
            };
            page.examples = Vec::new();
            Some(Ok(page))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(docparse::build_service(&root, pages)?)
}

/// `docparse::parse_page`, a panic (a parser defect: it must never panic) caught and
/// returned as a message naming the page.
pub fn parse_guarded(name: &str, bytes: &[u8]) -> Result<docparse::PageResult, String> {
    std::panic::catch_unwind(|| docparse::parse_page(name, bytes)).map_err(|p| {
        let why = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{name}: docparse panicked: {why}")
    })
}

/// Panics of the parser print one line (the report says which page) instead of a backtrace.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("docparse panicked at {at}");
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_are_dropped_and_the_rest_kept() {
        let src = "name = \"elb\"\n[operation_names]\n\"GET /v2/x\" = \"ListX\"\n\n[[patch]]\noperation = \"ListX\"\nfield = \"params/a\"\ntype = \"integer\"\n";
        let out = without_patches(src).unwrap();
        let t: toml::Table = out.parse().unwrap();
        assert!(t.get("patch").is_none());
        assert_eq!(t["name"].as_str(), Some("elb"));
        assert_eq!(t["operation_names"]["GET /v2/x"].as_str(), Some("ListX"));
        assert!(without_patches("name = ").is_none());
    }

    #[test]
    fn a_patched_field_is_the_pages_own_without_the_patch() {
        let dir = tempfile::tempdir().unwrap();
        let svc = dir.path().join("svc");
        std::fs::create_dir_all(&svc).unwrap();
        std::fs::write(
            svc.join("page.md"),
            "# Query\n\n## URI\n\nGET /v1/{project_id}/things\n\n**Table 1** Query parameters\n\n| Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n| limit | No | String | Max. |\n\n## Response\n\nNone\n",
        )
        .unwrap();
        std::fs::write(
            svc.join("service.toml"),
            "name = \"svc\"\n[operation_names]\n\"GET /v1/{project_id}/things\" = \"GetThings\"\n[[patch]]\noperation = \"GetThings\"\nfield = \"params/limit\"\ntype = \"integer\"\n",
        )
        .unwrap();
        let patched = docparse::load_services(std::slice::from_ref(&svc)).unwrap();
        let scratch = dir.path().join("scratch");
        let plain = load(&svc, &scratch, None).unwrap();
        let ty = |s: &apispec::Service| {
            let op = &s.operations[0];
            let p = op.params.iter().find(|p| p.name == "limit").unwrap();
            format!("{:?}", p.schema)
        };
        assert_eq!(plain.operations.len(), 1);
        assert_ne!(ty(&patched[0]), ty(&plain), "the patch changes the type");
        assert!(ty(&plain).contains("String"), "{}", ty(&plain));
    }
}
