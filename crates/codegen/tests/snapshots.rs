//! Every generated file of every service of `spec-docs/` (parsed by `docparse`, as `cargo xtask
//! codegen` does), as an insta snapshot: a change of a page, of the parser or of the generator
//! shows up as a reviewable snapshot diff, and `cargo test` fails until it is accepted.

mod common;

#[test]
fn generated_files_of_spec_docs_match_snapshots() {
    let services = common::spec_services();
    assert!(!services.is_empty(), "spec-docs has services");
    let mut names = Vec::new();
    for service in &services {
        let files = codegen::generate(service).expect("generates");
        for file in files {
            let name = format!("{}__{}", service.name, file.path.replace('/', "__"));
            names.push(name.clone());
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_snapshot!(name, file.contents);
            });
        }
    }
    // A snapshot without a generated file (a removed operation, version or service) is stale too.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("snapshots dir") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(name) = file.strip_suffix(".snap") {
            if !names.iter().any(|n| n == name) {
                stale.push(file);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots without a generated file (delete them): {stale:?}"
    );
}
