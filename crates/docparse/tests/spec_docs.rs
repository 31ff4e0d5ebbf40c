//! The committed `spec-docs/` as the parser reads it: the seed kept beside the page imported
//! since is one operation, and the reference pages of a whole imported folder raise no error.

use std::path::{Path, PathBuf};

use apispec::Severity;

fn spec_docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec-docs")
}

#[test]
fn the_cce_remove_node_seed_and_its_import_are_one_operation_the_import_winning() {
    let services = docparse::load_services(&[spec_docs().join("cce")]).expect("spec-docs/cce");
    let cce = &services[0];
    let remove: Vec<_> = cce
        .operations
        .iter()
        .filter(|o| o.name.starts_with("RemoveNode"))
        .collect();
    assert_eq!(
        remove.len(),
        1,
        "one RemoveNode: {:?}",
        remove.iter().map(|o| &o.name).collect::<Vec<_>>()
    );
    let op = remove[0];
    assert_eq!(op.name, "RemoveNode");
    let files: Vec<&str> = op
        .sources
        .iter()
        .map(|s| s.file.rsplit('/').next().unwrap_or(""))
        .collect();
    assert_eq!(
        files,
        ["节点移除.md", "remove-node.zh-cn.md"],
        "the imported page first"
    );
    // Where the two disagree, the imported page's reading: `spec.login` is "登录配置" in the
    // seed.
    let spec = match &op.request_body {
        Some(apispec::Schema::Object(o)) => o.fields.iter().find(|f| f.name == "spec"),
        _ => None,
    }
    .expect("spec");
    let login = match &spec.schema {
        apispec::Schema::Object(o) => o.fields.iter().find(|f| f.name == "login"),
        _ => None,
    }
    .expect("login");
    assert_eq!(
        login.info.description,
        "节点的登录方式。密钥对和密码登录方式二者必选其一。"
    );
    let note: Vec<_> = cce
        .diagnostics
        .iter()
        .filter(|d| d.code == "superseded-page")
        .collect();
    assert_eq!(note.len(), 1, "{note:#?}");
    assert_eq!(note[0].severity, Severity::Note);
    assert!(note[0].file.ends_with("remove-node.zh-cn.md"));
    assert!(
        note[0]
            .message
            .contains("节点移除.md is the newer page (imported from huaweicloudDocs/cce"),
        "{}",
        note[0].message
    );
    assert!(!cce
        .diagnostics
        .iter()
        .any(|d| d.code == "duplicate-operation-name"));
}

#[test]
fn imported_folders_have_no_errors_and_read_their_error_codes() {
    let dir = spec_docs();
    let mut imported = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("spec-docs") {
        let path = entry.expect("entry").path();
        if path.join("PROVENANCE.toml").is_file() {
            imported.push(path);
        }
    }
    imported.sort();
    if imported.is_empty() {
        return;
    }
    let services = docparse::load_services(&imported).expect("spec-docs readable");
    for s in &services {
        let errors: Vec<String> = s
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", s.name);
        assert!(
            !s.error_codes.is_empty(),
            "{} has an error-code page",
            s.name
        );
    }
    let iam = services.iter().find(|s| s.name == "iam").expect("iam");
    assert_eq!(iam.scope, apispec::Scope::Global);
    assert_eq!(iam.endpoint_template, "https://iam.myhuaweicloud.com");
}
