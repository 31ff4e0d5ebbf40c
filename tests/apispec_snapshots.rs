//! The intermediate model of every service in `spec-docs/`, as insta JSON snapshots: any change
//! of a page or of the parser shows up as a reviewable snapshot diff.

use sdk_tests::workspace_root;

#[test]
fn apispec_of_every_spec_doc_service() {
    let root = workspace_root();
    let spec = root.join("spec-docs");
    // Run from the workspace root so that the file names in the model are `spec-docs/...`.
    std::env::set_current_dir(&root).expect("workspace root exists");
    let services =
        docparse::load_services(&[spec.strip_prefix(&root).unwrap_or(&spec).to_path_buf()])
            .expect("spec-docs readable");
    assert_eq!(
        services.len(),
        17,
        "the sixteen services imported from huaweicloudDocs, and roma"
    );
    for s in &services {
        let json = serde_json::to_string_pretty(s).expect("plain data");
        insta::assert_snapshot!(format!("apispec_{}", s.name), json);
    }
}

#[test]
fn export_of_spec_docs_has_the_four_seed_operations() {
    let root = workspace_root();
    std::env::set_current_dir(&root).expect("workspace root exists");
    let services = docparse::load_services(&["spec-docs".into()]).expect("spec-docs readable");
    let export: serde_json::Value =
        serde_json::from_str(&apispec::export::export_json(&services)).expect("valid JSON");
    let ops = export["operations"].as_array().expect("operations");
    let seeds = [
        "spec-docs/cce/remove-node.zh-cn.md",
        "spec-docs/elb/add-backend-ecss.zh-cn.md",
        "spec-docs/elb/remove-backend-ecss.en-us.md",
        "spec-docs/elb/remove-backend-ecss.zh-cn.md",
        "spec-docs/roma/delete-vpc-channel-backend.en-us.txt",
    ];
    // The operations the seed pages document (RemoveNode also from the page imported since).
    let names: Vec<&str> = ops
        .iter()
        .filter(|o| {
            o["sources"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|s| seeds.contains(&s.as_str().unwrap_or("")))
        })
        .map(|o| o["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "RemoveNode",
            "CreateMembers",
            "RemoveMembers",
            "DeleteBackendInstanceV2"
        ]
    );
}
