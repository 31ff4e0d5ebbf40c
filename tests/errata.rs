//! `service.toml` errata overlays: a `[[patch]]` corrects what a page gets wrong, and the
//! correction shows in the model and the export; a patch that names nothing is an error.

use std::path::PathBuf;

use apispec::{Schema, Severity};
use sdk_tests::workspace_root;

fn scratch_service(name: &str, toml: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdk-tests-errata-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let page = workspace_root().join("spec-docs/cce/remove-node.zh-cn.md");
    std::fs::copy(page, dir.join("remove-node.zh-cn.md")).expect("copy seed page");
    std::fs::write(dir.join("service.toml"), toml).expect("write service.toml");
    dir
}

#[test]
fn patch_changes_type_and_flags_and_shows_in_export() {
    let dir = scratch_service(
        "ok",
        r#"
name = "cce"
[[patch]]
operation = "RemoveNode"
field = "request_body/spec/nodes/[]/uid"
type = "long"
required = true
reason = "example only"

[[patch]]
operation = "RemoveNode"
field = "params/cluster_id"
sensitive = true
"#,
    );
    let services = docparse::load_services(std::slice::from_ref(&dir)).expect("load");
    let op = &services[0].operations[0];
    let Some(Schema::Object(body)) = &op.request_body else {
        panic!("object body")
    };
    let spec = body.fields.iter().find(|f| f.name == "spec").expect("spec");
    let nodes = spec
        .schema
        .innermost_object()
        .expect("RemoveNodesSpec")
        .fields
        .iter()
        .find(|f| f.name == "nodes")
        .expect("nodes");
    let uid = &nodes.schema.innermost_object().expect("NodeItem").fields[0];
    assert_eq!(
        (uid.name.as_str(), &uid.schema, uid.required),
        ("uid", &Schema::INT64, true)
    );
    assert!(op
        .params
        .iter()
        .any(|p| p.name == "cluster_id" && p.info.sensitive));
    let export = apispec::export::export_json(&services);
    assert!(
        export.contains("\"format\": \"int64\""),
        "the patched type is in the export"
    );
    assert!(services[0]
        .diagnostics
        .iter()
        .all(|d| d.code != "patch-not-applied"));
}

#[test]
fn patch_that_names_nothing_is_an_error_diagnostic() {
    let dir = scratch_service(
        "bad",
        r#"
[[patch]]
operation = "RemoveNode"
field = "request_body/spec/nope"
type = "string"
"#,
    );
    let services = docparse::load_services(std::slice::from_ref(&dir)).expect("load");
    let d = services[0]
        .diagnostics
        .iter()
        .find(|d| d.code == "patch-not-applied")
        .expect("diagnostic");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("nope"), "{}", d.message);
    assert!(d.file.ends_with("service.toml"));
}

#[test]
fn invalid_service_toml_is_a_diagnostic_with_its_line() {
    let dir = scratch_service("toml", "name = \"cce\"\nunknown_key = 1\n");
    let services = docparse::load_services(std::slice::from_ref(&dir)).expect("load");
    let d = services[0]
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-service-toml")
        .expect("diagnostic");
    assert_eq!(d.line, 2);
    // The pages are still read.
    assert_eq!(services[0].operations.len(), 1);
}
