//! The generated files of the seed pages (the five pages the project was founded on, kept byte
//! for byte in `spec-docs/`), as one insta snapshot per seed service: a change of the generator
//! shows up as a reviewable diff of a small, stable input.
//!
//! The checked-in crates under `crates/` are the reference for everything `spec-docs/`
//! generates, held by `cargo xtask codegen --check`; the model of every service is
//! snapshotted by the workspace's `tests/apispec_snapshots.rs`. So no generated file is kept
//! twice: these snapshots are of the seed pages alone, each service's files concatenated.

mod common;

use std::path::Path;

/// The seed pages in `spec-docs/`, by service.
const SEEDS: &[(&str, &[&str])] = &[
    ("cce", &["remove-node.zh-cn.md"]),
    (
        "elb",
        &[
            "add-backend-ecss.zh-cn.md",
            "remove-backend-ecss.en-us.md",
            "remove-backend-ecss.zh-cn.md",
        ],
    ),
    ("roma", &["delete-vpc-channel-backend.en-us.txt"]),
];

/// The seed pages of `service` (and its `service.toml`) alone, parsed as `cargo xtask codegen`
/// parses a service folder.
fn seed_service(service: &str, pages: &[&str]) -> apispec::Service {
    let root = common::workspace_root().join("spec-docs").join(service);
    let scratch = common::scratch_dir(&format!("seeds-{service}"));
    let dir = scratch.join("spec-docs").join(service);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for name in pages.iter().chain(std::iter::once(&"service.toml")) {
        std::fs::copy(root.join(name), dir.join(name))
            .unwrap_or_else(|e| panic!("seed page spec-docs/{service}/{name}: {e}"));
    }
    std::env::set_current_dir(&scratch).expect("scratch dir");
    let mut services =
        docparse::load_services(&[Path::new("spec-docs").to_path_buf()]).expect("seeds parse");
    assert_eq!(services.len(), 1);
    services.remove(0)
}

#[test]
fn generated_files_of_the_seed_pages_match_snapshots() {
    for (service, pages) in SEEDS {
        let model = seed_service(service, pages);
        let files = codegen::generate(&model).expect("generates");
        let mut all = String::new();
        for file in &files {
            all.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
        }
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("seeds_{service}"), all);
        });
    }
}
