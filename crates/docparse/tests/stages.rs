//! Each stage's output on synthetic page fragments (`tests/pages/<case>.md`), as insta
//! snapshots: a rule of the parser comes with a fragment here, and a change to a stage shows
//! as a diff of that stage's snapshot (`cargo insta review`, or `INSTA_UPDATE=always`).

use std::fmt::Write;
use std::path::Path;

use docparse::diagnostics::PageSink;
use docparse::tables::ParamTable;

fn pages() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/pages")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let case = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (case, std::fs::read_to_string(&p).expect("page"))
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "expected fragments in {}", dir.display());
    out
}

/// The tables stage, one line a table and one a row.
fn render_tables(tables: &[ParamTable]) -> String {
    let mut s = String::new();
    for (i, t) in tables.iter().enumerate() {
        let _ = writeln!(
            s,
            "table {i} (line {}, caption {:?}): {:?}, {:?}, columns {:?}",
            t.table.line, t.caption_no, t.role, t.side, t.cols
        );
        for r in &t.rows {
            let _ = writeln!(
                s,
                "  {} required={} type={:?} desc_table={:?} location={:?}",
                r.name, r.required, r.typ, r.desc_table, r.location
            );
        }
        for (line, m) in &t.problems {
            let _ = writeln!(s, "  problem at line {line}: {m}");
        }
    }
    s
}

#[test]
fn each_stage_of_each_fragment() {
    for (case, page) in pages() {
        let file = format!("pages/{case}.md");
        let blocks = docparse::read::blocks(&page);
        insta::assert_debug_snapshot!(format!("{case}.1-blocks"), blocks);

        let mut sink = PageSink::new(&file);
        let outline = docparse::outline::outline(blocks, &page, &mut sink);
        let mut shown = outline.clone();
        let tables = std::mem::take(&mut shown.tables);
        insta::assert_debug_snapshot!(format!("{case}.2-outline"), shown);

        let mut param_tables = docparse::tables::param_tables(tables);
        if let Some((ml, _)) = outline.method_line() {
            let example = outline.request_examples.first().map(|e| &e.0);
            docparse::tables::settle_roles(&mut param_tables, &ml.method, example, &ml.query);
        }
        insta::assert_snapshot!(format!("{case}.3-tables"), render_tables(&param_tables));

        // Resolve: every table read as an object, with the request example for body tables.
        let mut resolved = String::new();
        {
            let mut r = docparse::resolve::Resolver::new(&param_tables, &mut sink);
            for i in 0..param_tables.len() {
                let fields = r.object(i, None);
                let schema = apispec::Schema::Object(apispec::ObjectSchema { name: None, fields });
                let _ = writeln!(resolved, "table {i}: {}", schema.describe());
                let json = serde_json::to_string(&schema).expect("json");
                let _ = writeln!(resolved, "  {json}");
            }
        }
        insta::assert_snapshot!(format!("{case}.4-resolve"), resolved);

        let result = docparse::parse_page(&file, page.as_bytes());
        let shown = serde_json::json!({
            "kind": format!("{:?}", result.kind),
            "operation": result.operation,
            "diagnostics": result.diagnostics,
        });
        insta::assert_json_snapshot!(format!("{case}.5-operation"), shown);
    }
}

/// The service-level passes, in order, on two translations of one operation.
#[test]
fn the_normalize_passes_run_in_order() {
    let names: Vec<&str> = docparse::normalize::PASSES.iter().map(|p| p.name).collect();
    insta::assert_debug_snapshot!("normalize-passes", names);
    let en = "# Deleting a Node\n\n## URI\n\nDELETE /v3/{project_id}/nodes/{node_id}\n\n## Request\n\n| Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n| force | Yes | Boolean | Force. |\n";
    let zh = "# 删除节点\n\n## URI\n\nDELETE /v3/{project_id}/nodes/{node_id}\n\n## 请求参数\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|force|否|Boolean|强制。|\n";
    let pages = vec![
        docparse::parse_page("svc/delete-node.md", en.as_bytes()),
        docparse::parse_page("svc/删除节点.md", zh.as_bytes()),
    ];
    let mut sink = docparse::diagnostics::Sink::default();
    let ops = docparse::normalize::operations(
        pages,
        &docparse::ServiceConfig::default(),
        "svc/service.toml",
        &mut sink,
    );
    let shown: Vec<(String, String, usize)> = ops
        .iter()
        .map(|o| {
            (
                o.name.clone(),
                format!("{:?}", o.name_source),
                o.sources.len(),
            )
        })
        .collect();
    insta::assert_debug_snapshot!("normalize-operations", (shown, sink.finish()));
}
