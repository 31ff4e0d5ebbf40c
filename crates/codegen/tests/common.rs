//! Shared by the integration tests: the services the tests generate from.
// Each test binary that includes this module uses a subset of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The hand-written apispec fixtures mirroring the seed pages of `spec-docs/`.
pub fn fixture_services() -> Vec<apispec::Service> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    ["cce", "elb", "roma"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("fixture");
            serde_json::from_str(&text).expect("fixture is apispec JSON")
        })
        .collect()
}

/// A fresh scratch directory for one test.
pub fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-test-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}
