//! The service-level passes on synthetic pages: versions and translations merged, names.

use apispec::{Diagnostic, Operation, Schema, Severity};

use crate::config::ServiceConfig;
use crate::diagnostics::Sink;
use crate::operation::PageResult;

/// The passes up to naming, as the service builds them, with their diagnostics in order.
fn merge_pages(
    pages: Vec<PageResult>,
    config: &ServiceConfig,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    let mut sink = Sink::default();
    let ops = super::operations(pages, config, "service.toml", &mut sink);
    diags.extend(sink.into_vec());
    ops
}

/// A CCE-like page: RemoveNode, with the given body table rows.
fn remove_node_page(rows: &str) -> String {
    format!(
            "# 节点移除\n\n## 功能介绍\n\n该API用于在指定集群下移除节点。\n\n## 调试\n\n\
[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=CCE&api=RemoveNode)\n\n\
## URI\n\nPUT /api/v3/projects/{{project_id}}/clusters/{{cluster_id}}/nodes/operation/remove\n\n\
## 请求参数\n\n**表 1** 请求Body参数\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n{rows}\n\n\
## 响应参数\n\n**状态码： 200**\n\n|参数|参数类型|描述|\n|--|--|--|\n|jobid|String|任务ID。|\n"
        )
}

fn versions(provenance: Option<&str>) -> (Vec<Operation>, Vec<Diagnostic>) {
    let seed = crate::parse_page(
            "spec-docs/cce/remove-node.zh-cn.md",
            remove_node_page("|kind|否|String|API类型。<br>缺省值：RemoveNodesTask|\n|nodes|是|String|节点列表。|\n|legacy|否|Boolean|旧字段。|").as_bytes(),
        );
    let imported = crate::parse_page(
            "spec-docs/cce/节点移除.md",
            remove_node_page("|kind|是|String|API类型，固定值“RemoveNodesTask”。|\n|nodes|是|Array of strings|节点列表。|").as_bytes(),
        );
    let config = ServiceConfig {
        provenance: provenance
            .map(|p| crate::config::Provenance::parse(p).expect("valid provenance")),
        ..ServiceConfig::default()
    };
    let mut diags = Vec::new();
    // Whatever order the pages come in.
    let ops = merge_pages(vec![seed, imported], &config, &mut diags);
    (ops, diags)
}

fn field<'a>(op: &'a Operation, name: &str) -> &'a apispec::Field {
    match &op.request_body {
        Some(Schema::Object(o)) => o.fields.iter().find(|f| f.name == name).expect(name),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_seed_and_its_newer_import_are_one_operation_and_the_import_wins() {
    let (ops, diags) = versions(Some(
            "repo = \"huaweicloudDocs/cce\"\ndate = \"2023-03-09\"\n[pages]\n\"节点移除.md\" = \"00\"\n",
        ));
    assert_eq!(ops.len(), 1, "{ops:#?}");
    let op = &ops[0];
    assert_eq!(op.name, "RemoveNode");
    let files: Vec<&str> = op.sources.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "spec-docs/cce/节点移除.md",
            "spec-docs/cce/remove-node.zh-cn.md"
        ]
    );
    // The newer page wins where they disagree; what only the seed documents is kept.
    assert!(field(op, "kind").required);
    assert!(field(op, "kind")
        .info
        .description
        .contains("RemoveNodesTask"));
    assert_eq!(field(op, "nodes").schema, Schema::array(Schema::String));
    assert_eq!(field(op, "legacy").schema, Schema::Boolean);
    // What only the seed says of a field both document is kept.
    assert_eq!(
        field(op, "kind").info.default.as_deref(),
        Some("RemoveNodesTask")
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(
        (d.severity, d.code.as_str(), d.file.as_str()),
        (
            Severity::Note,
            "superseded-page",
            "spec-docs/cce/remove-node.zh-cn.md"
        )
    );
    assert!(
            d.message.contains("spec-docs/cce/节点移除.md is the newer page (imported from huaweicloudDocs/cce, 2023-03-09)")
                && d.message.contains("`RemoveNode`")
                && d.message.contains("2 differences"),
            "{}",
            d.message
        );
    assert!(!diags.iter().any(|d| d.code == "duplicate-operation-name"));
}

#[test]
fn without_provenance_two_versions_are_still_one_operation() {
    let (ops, diags) = versions(None);
    assert_eq!(ops.len(), 1);
    // Neither is known to be newer: the page documenting more (the seed's three body
    // fields) wins.
    assert_eq!(ops[0].sources[0].file, "spec-docs/cce/remove-node.zh-cn.md");
    assert!(!field(&ops[0], "kind").required);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].file, "spec-docs/cce/节点移除.md");
    assert!(
        diags[0]
            .message
            .contains("spec-docs/cce/remove-node.zh-cn.md (the page documenting more) is used"),
        "{}",
        diags[0].message
    );
}

#[test]
fn operation_names_by_page_file_name_and_explorer_names_kept_first() {
    let page = |title: &str, key: &str, explorer: &str| {
        let link = if explorer.is_empty() {
            String::new()
        } else {
            format!("[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=RDS&api={explorer})\n\n")
        };
        format!(
                "# {title}\n\n{link}## URI\n\nPOST /v3/{{project_id}}/instances/{{instance_id}}/action\n\n## 请求参数\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|{key}|是|Object|操作。|\n"
            )
    };
    let pages = vec![
        crate::parse_page(
            "rds/重启数据库实例.md",
            page("重启", "restart", "").as_bytes(),
        ),
        crate::parse_page(
            "rds/单机转主备实例.md",
            page("单机转主备", "single_to_ha", "").as_bytes(),
        ),
        crate::parse_page(
            "rds/变更规格.md",
            page("变更规格", "resize_flavor", "").as_bytes(),
        ),
        crate::parse_page(
            "rds/扩容.md",
            page("扩容", "enlarge_volume", "CreateAction").as_bytes(),
        ),
    ];
    let config = ServiceConfig::parse(
            "[operation_names]\n\"重启数据库实例.md\" = \"StartInstanceRestartAction\"\n\"单机转主备实例.md\" = \"StartInstanceSingleToHaAction\"\n",
        )
        .unwrap();
    let mut diags = Vec::new();
    let ops = merge_pages(pages, &config, &mut diags);
    let mut names: Vec<(&str, &str)> = ops
        .iter()
        .map(|o| (o.name.as_str(), o.sources[0].file.as_str()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            // The explorer name is kept; the one derived from the path is numbered.
            ("CreateAction", "rds/扩容.md"),
            ("CreateAction2", "rds/变更规格.md"),
            ("StartInstanceRestartAction", "rds/重启数据库实例.md"),
            ("StartInstanceSingleToHaAction", "rds/单机转主备实例.md"),
        ]
    );
}

#[test]
fn an_explorer_name_on_pages_of_different_methods_is_a_warning() {
    let page = |method: &str| {
        format!(
                "# x\n\n[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=SMN&api=ListTopics)\n\n## URI\n\n{method} /v2/{{project_id}}/notifications/topics\n"
            )
    };
    let pages = vec![
        crate::parse_page("smn/查询主题列表.md", page("GET").as_bytes()),
        crate::parse_page("smn/创建主题.md", page("POST").as_bytes()),
    ];
    let mut diags = Vec::new();
    merge_pages(pages, &ServiceConfig::default(), &mut diags);
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.code == "shared-explorer-name")
            .count(),
        2,
        "{diags:#?}"
    );
    // Named in service.toml, the warning goes.
    let pages = vec![
        crate::parse_page("smn/查询主题列表.md", page("GET").as_bytes()),
        crate::parse_page("smn/创建主题.md", page("POST").as_bytes()),
    ];
    let config = ServiceConfig::parse(
        "[operation_names]\n\"POST /v2/{project_id}/notifications/topics\" = \"CreateTopic\"\n",
    )
    .unwrap();
    let mut diags = Vec::new();
    let ops = merge_pages(pages, &config, &mut diags);
    assert!(diags.is_empty(), "{diags:#?}");
    let names: Vec<&str> = ops.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["CreateTopic", "ListTopics"]);
}
