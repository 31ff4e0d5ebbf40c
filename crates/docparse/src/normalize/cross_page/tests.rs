//! Cross-page references on synthetic pages and fragments.

use apispec::{Diagnostic, Operation, Schema};

use crate::config::ServiceConfig;
use crate::diagnostics::Sink;

/// An HTML parameter table (`name`, `type`, description as HTML) with its caption and
/// anchor.
fn table(no: u32, caption: &str, anchor: &str, rows: &[(&str, &str, &str)]) -> String {
    let mut t = format!(
        "**表 {no}**  {caption}\n\n<a name=\"{anchor}\"></a>\n<table><thead align=\"left\"><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead><tbody>"
    );
    for (n, ty, d) in rows {
        t.push_str(&format!(
            "<tr><td><p>{n}</p></td><td><p>{ty}</p></td><td><p>{d}</p></td></tr>"
        ));
    }
    t.push_str("</tbody></table>\n\n");
    t
}

/// An operation page whose 200 response is `tables` (the first the body's).
fn op_page(title: &str, path: &str, tables: &str) -> String {
    format!(
        "# {title}\n\n## 功能介绍\n\n{title}。\n\n## URI\n\nGET {path}\n\n## 请求参数\n\n无\n\n## 响应参数\n\n**状态码： 200**\n\n{tables}## 状态码\n\n|状态码|描述|\n|--|--|\n|200|OK|\n"
    )
}

/// The service's operations from the given pages (file, text), with the diagnostics.
fn service(pages: &[(&str, String)]) -> (Vec<Operation>, Vec<Diagnostic>) {
    let results = pages
        .iter()
        .map(|(f, text)| crate::parse_page(f, text.as_bytes()))
        .collect();
    let mut sink = Sink::default();
    let ops = super::super::operations(
        results,
        &ServiceConfig::default(),
        "service.toml",
        &mut sink,
    );
    (ops, sink.into_vec())
}

fn response_field<'a>(op: &'a Operation, name: &str) -> &'a apispec::Field {
    match op.responses.get(&200).and_then(|r| r.body.as_ref()) {
        Some(Schema::Object(o)) => o.fields.iter().find(|f| f.name == name).expect(name),
        other => panic!("expected a 200 body, found {other:?}"),
    }
}

fn field_names(s: &Schema) -> Vec<&str> {
    s.innermost_object()
        .map(|o| o.fields.iter().map(|f| f.name.as_str()).collect())
        .unwrap_or_default()
}

fn op<'a>(ops: &'a [Operation], path: &str) -> &'a Operation {
    ops.iter().find(|o| o.path == path).expect(path)
}

fn codes(diags: &[Diagnostic]) -> Vec<&str> {
    diags
        .iter()
        .filter(|d| d.code.contains("page-ref"))
        .map(|d| d.code.as_str())
        .collect()
}

/// EVS's ListVolumesByTags: "请参见<a href=…>查询单个云硬盘详情</a>响应中的volume参数".
fn volume_page() -> (&'static str, String) {
    (
        "spec-docs/evs/查询单个云硬盘详情.md",
        op_page(
            "查询单个云硬盘详情",
            "/v2/{project_id}/volumes/{volume_id}",
            &(table(
                2,
                "响应Body参数",
                "t2",
                &[(
                    "volume",
                    "Object",
                    "云硬盘详情，详见<a href=\"#t3\">表3</a>。",
                )],
            ) + &table(
                3,
                "volume参数说明",
                "t3",
                &[
                    ("id", "String", "云硬盘ID。"),
                    ("size", "Integer", "云硬盘大小。"),
                    (
                        "tags",
                        "Object",
                        "标签，详见<a href=\"标签.md#t9\">表9</a>。",
                    ),
                ],
            )),
        ),
    )
}

#[test]
fn a_field_of_another_pages_response_is_its_object() {
    let by_tags = (
        "spec-docs/evs/通过标签查询.md",
        op_page(
            "通过标签查询",
            "/v2/{project_id}/volumes/resource_instances",
            &table(
                2,
                "响应Body参数",
                "a2",
                &[
                    ("resource_id", "String", "资源ID。"),
                    ("resource_detail", "object", "资源详情，请参见<a href=\"查询单个云硬盘详情.md\">查询单个云硬盘详情</a>响应中的volume参数说明表格。"),
                ],
            ),
        ),
    );
    let tags = (
        "spec-docs/evs/标签.md",
        format!(
            "# 标签\n\n## 标签字段说明<a name=\"s9\"></a>\n\n{}",
            table(
                9,
                "标签",
                "t9",
                &[("key", "String", "键。"), ("value", "String", "值。")]
            )
        ),
    );
    let (ops, diags) = service(&[by_tags, volume_page(), tags]);
    let f = response_field(
        op(&ops, "/v2/{project_id}/volumes/resource_instances"),
        "resource_detail",
    );
    assert_eq!(
        field_names(&f.schema),
        ["id", "size", "tags"],
        "{:?}",
        f.schema
    );
    // The target's own reference to a third page is resolved too.
    let Some(o) = f.schema.innermost_object() else {
        panic!("{:?}", f.schema)
    };
    assert_eq!(field_names(&o.fields[2].schema), ["key", "value"]);
    assert!(codes(&diags).is_empty(), "{diags:?}");
}

#[test]
fn a_table_or_section_of_a_data_structure_page_by_anchor() {
    let ds = (
        "spec-docs/ecs/数据结构.md",
        format!(
            "# 数据结构\n\n## publicip字段数据结构说明<a name=\"section1\"></a>\n\n该字段被如下接口使用。\n\n{}## 另一个说明<a name=\"section2\"></a>\n\n{}",
            table(1, "publicip字段数据结构说明", "table11", &[("id", "String", "EIP的ID。"), ("eip", "Object", "见表2")]),
            table(2, "eip字段数据结构说明", "table22", &[("iptype", "String", "类型。")]),
        ),
    );
    let server = (
        "spec-docs/ecs/查询.md",
        op_page(
            "查询",
            "/v1/{project_id}/cloudservers/{server_id}",
            &table(
                2,
                "响应Body参数",
                "b2",
                &[
                    (
                        "publicip",
                        "PublicIp object",
                        "弹性公网IP，详情请参见<a href=\"数据结构.md#table11\">表1</a>。",
                    ),
                    (
                        "more",
                        "Array of objects",
                        "详情请参见<a href=\"./数据结构.md#section2\">另一个说明</a>。",
                    ),
                    (
                        "plain",
                        "Object",
                        "分页查询请参见<a href=\"分页查询.md\">分页查询</a>。",
                    ),
                ],
            ),
        ),
    );
    let (ops, diags) = service(&[ds, server]);
    let o = op(&ops, "/v1/{project_id}/cloudservers/{server_id}");
    let publicip = &response_field(o, "publicip").schema;
    assert_eq!(field_names(publicip), ["id", "eip"]);
    assert_eq!(publicip.describe(), "object PublicIp");
    let more = &response_field(o, "more").schema;
    assert!(matches!(more, Schema::Array { .. }), "{more:?}");
    assert_eq!(field_names(more), ["iptype"]);
    // A link to a page that names no table of it is prose: nothing changes, nothing said.
    assert_eq!(response_field(o, "plain").schema, Schema::Any);
    assert!(codes(&diags).is_empty(), "{diags:?}");
    // `PublicIp object` names no table of its page, but the page it links to has it.
    assert!(
        !diags.iter().any(|d| d.code == "unresolved-type"),
        "{diags:?}"
    );
}

#[test]
fn what_the_page_describes_itself_is_never_replaced() {
    let own = (
        "spec-docs/x/own.md",
        op_page(
            "自己",
            "/v1/own",
            &(table(
                2,
                "响应Body参数",
                "c2",
                &[(
                    "volume",
                    "Object",
                    "详见<a href=\"查询单个云硬盘详情.md#t3\">表3</a>。",
                )],
            ) + &table(3, "volume", "c3", &[("mine", "String", "自己的。")])),
        ),
    );
    let (ops, _) = service(&[own, volume_page()]);
    let f = response_field(op(&ops, "/v1/own"), "volume");
    assert_eq!(field_names(&f.schema), ["mine"]);
}

#[test]
fn a_missing_page_table_or_field_is_a_diagnostic_and_changes_nothing() {
    let page = (
        "spec-docs/x/a.md",
        op_page(
            "缺失",
            "/v1/a",
            &table(
                2,
                "响应Body参数",
                "d2",
                &[
                    ("gone", "Object", "详见<a href=\"没有.md#t1\">表1</a>。"),
                    (
                        "no_table",
                        "Object",
                        "详见<a href=\"查询单个云硬盘详情.md#t404\">表4</a>。",
                    ),
                    (
                        "no_field",
                        "Object",
                        "请参见<a href=\"查询单个云硬盘详情.md\">查询</a>响应中的nothing参数。",
                    ),
                    (
                        "bad",
                        "Object",
                        "见<a href=\"%zz%E6.md#\">x</a><a href=\"../../../../.md#%\">y</a>",
                    ),
                ],
            ),
        ),
    );
    let (ops, diags) = service(&[page, volume_page()]);
    let o = op(&ops, "/v1/a");
    for f in ["gone", "no_table", "no_field", "bad"] {
        assert_eq!(response_field(o, f).schema, Schema::Any, "{f}");
    }
    // (`bad` links to no page with no anchor: prose; the volume page's own `标签.md` is
    // missing too.)
    let mine: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.file == "spec-docs/x/a.md")
        .cloned()
        .collect();
    assert_eq!(codes(&mine), ["unresolved-page-ref"; 3], "{diags:?}");
    assert!(diags.iter().any(|d| d.message.contains("`没有.md`")));
    assert!(diags.iter().any(|d| d.message.contains("#t404")));
    assert!(diags.iter().any(|d| d.message.contains("`nothing`")));
}

#[test]
fn references_in_a_cycle_end() {
    let a = (
        "spec-docs/x/甲.md",
        format!(
            "# 甲\n\n{}",
            table(
                1,
                "甲",
                "ta",
                &[
                    ("name", "String", "名。"),
                    ("child", "Object", "见<a href=\"乙.md#tb\">表1</a>")
                ]
            )
        ),
    );
    let b = (
        "spec-docs/x/乙.md",
        format!(
            "# 乙\n\n{}",
            table(
                1,
                "乙",
                "tb",
                &[
                    ("id", "String", "ID。"),
                    ("parent", "Object", "见<a href=\"甲.md#ta\">表1</a>")
                ]
            )
        ),
    );
    let page = (
        "spec-docs/x/op.md",
        op_page(
            "循环",
            "/v1/cycle",
            &table(
                2,
                "响应Body参数",
                "e2",
                &[("root", "Object", "见<a href=\"甲.md#ta\">甲</a>")],
            ),
        ),
    );
    let (ops, diags) = service(&[a, b, page]);
    let root = &response_field(op(&ops, "/v1/cycle"), "root").schema;
    assert_eq!(field_names(root), ["name", "child"]);
    let Some(o) = root.innermost_object() else {
        panic!("{root:?}")
    };
    let child = &o.fields[1].schema;
    assert_eq!(field_names(child), ["id", "parent"]);
    // `parent` leads back to `甲`, being read: left as its page has it.
    let Some(c) = child.innermost_object() else {
        panic!("{child:?}")
    };
    assert_eq!(c.fields[1].schema, Schema::Any);
    assert!(codes(&diags).contains(&"page-ref-cycle"), "{diags:?}");
}

#[test]
fn key_value_pairs_keep_their_map() {
    let ds = (
        "spec-docs/ecs/数据结构.md",
        format!(
            "# 数据结构\n\n{}",
            table(
                1,
                "address字段数据结构说明",
                "t1",
                &[("addr", "String", "IP地址。")]
            )
        ),
    );
    let page = (
        "spec-docs/ecs/查询.md",
        op_page(
            "查询",
            "/v1/servers",
            &table(
                2,
                "响应Body参数",
                "g2",
                &[(
                    "addresses",
                    "Object",
                    "网络属性。属性为Map&lt;String, Object&gt;结构。key为网络名称，value为网络属性，详情请参见<a href=\"数据结构.md#t1\">表1</a>。",
                )],
            ),
        ),
    );
    let (ops, _) = service(&[ds, page]);
    let f = response_field(op(&ops, "/v1/servers"), "addresses");
    let Schema::Map { values } = &f.schema else {
        panic!("{:?}", f.schema)
    };
    assert_eq!(field_names(values), ["addr"]);
}

#[test]
fn the_linking_pages_example_has_its_say_in_the_shape() {
    use apispec::{Field, ObjectSchema};
    let field = |name: &str, schema: Schema| Field {
        name: name.into(),
        required: false,
        schema,
        info: Default::default(),
    };
    let object = |fields: Vec<Field>| Schema::Object(ObjectSchema { name: None, fields });
    // What the linking page's example showed: `ports` a list, `meta` an object.
    let mut f = field(
        "spec",
        object(vec![
            field(
                "ports",
                Schema::array(object(vec![field("port", Schema::INT32)])),
            ),
            field("meta", Schema::Any),
        ]),
    );
    let target = Schema::Object(ObjectSchema {
        name: Some("Spec".into()),
        fields: vec![
            field(
                "ports",
                object(vec![
                    field("port", Schema::INT32),
                    field("name", Schema::String),
                ]),
            ),
            field("meta", object(vec![field("a", Schema::String)])),
        ],
    });
    super::fill(&mut f, target, false);
    let Some(o) = f.schema.innermost_object() else {
        panic!("{:?}", f.schema)
    };
    assert_eq!(o.name.as_deref(), Some("Spec"));
    assert!(
        matches!(o.fields[0].schema, Schema::Array { .. }),
        "{:?}",
        o.fields[0]
    );
    assert_eq!(field_names(&o.fields[0].schema), ["port", "name"]);
    assert!(matches!(o.fields[1].schema, Schema::Object(_)));
}

#[test]
fn a_heading_the_description_quotes() {
    let ds = (
        "spec-docs/ecs/数据结构(查询规格详情).md",
        format!(
            "# 数据结构\n\n## os\\_extra\\_specs（flavor）字段数据结构说明<a name=\"section6\"></a>\n\n{}",
            table(1, "os_extra_specs数据结构说明", "tx", &[("ecs:performancetype", "String", "规格类型。")])
        ),
    );
    let page = (
        "spec-docs/ecs/规格.md",
        op_page(
            "规格",
            "/v1/flavors",
            &table(2, "响应Body参数", "f2", &[("extra_specs", "Object", "flavor扩展字段请参考：<a href=\"数据结构(查询规格详情).md\">os_extra_specs（flavor）字段数据结构说明</a> 在微版本2.47及以上版本支持。")]),
        ),
    );
    let (ops, diags) = service(&[ds, page]);
    let f = response_field(op(&ops, "/v1/flavors"), "extra_specs");
    assert_eq!(field_names(&f.schema), ["ecs:performancetype"]);
    assert!(codes(&diags).is_empty(), "{diags:?}");
}
