//! Every generated file of every service, as an insta snapshot: a change of a page or of the
//! generator shows up as a reviewable snapshot diff, and `cargo test` fails until it is accepted.

mod common;

#[test]
fn generated_files_match_snapshots() {
    for service in common::fixture_services() {
        let files = codegen::generate(&service).expect("generates");
        for file in files {
            let name = format!("{}__{}", service.name, file.path.replace('/', "__"));
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(name, file.contents);
            });
        }
    }
}
