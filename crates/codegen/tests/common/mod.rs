//! Shared by the integration tests: the services the tests generate from.
// Each test binary that includes this module uses a subset of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every service of the workspace's `spec-docs/`, parsed exactly as `cargo xtask codegen` does
/// (from the workspace root, so that the page paths in the model are `spec-docs/...`).
pub fn spec_services() -> Vec<apispec::Service> {
    let root = workspace_root();
    std::env::set_current_dir(&root).expect("workspace root exists");
    docparse::load_services(&[PathBuf::from("spec-docs")]).expect("spec-docs readable")
}

/// The parsed service named `name` of `spec-docs/`.
pub fn spec_service(name: &str) -> apispec::Service {
    spec_services()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("spec-docs/{name} is missing"))
}

/// A fresh scratch directory for one test.
pub fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-test-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
