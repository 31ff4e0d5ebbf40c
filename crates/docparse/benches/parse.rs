//! Parser throughput on the seed pages of `spec-docs/`: one page per format (API-Explorer
//! Markdown, legacy Markdown, plain text, and an HTML rendering of the Markdown page), then
//! normalizing a service's pages into its model (`build_service`: merge, names, patches).
//!
//! `cargo bench -p docparse --bench parse`. Prints figures (CPU time of the measuring thread
//! per iteration); asserts nothing about time.

use std::hint::black_box;
use std::path::{Path, PathBuf};

#[path = "../../../benches/cpu_time.rs"]
mod cpu_time;

use cpu_time::ThreadCpuTime;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn spec_docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec-docs")
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(spec_docs().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The Markdown page as an HTML document: headings, paragraphs and code blocks become
/// elements, the HTML tables stay as they are. The seed pages hold no HTML page; this one
/// exercises the HTML reader on the same content.
fn as_html(md: &str) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html><head><title>page</title></head><body>\n");
    let mut in_code = false;
    for line in md.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            out.push_str(if in_code {
                "</code></pre>\n"
            } else {
                "<pre><code>"
            });
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&line.replace('&', "&amp;").replace('<', "&lt;"));
            out.push('\n');
        } else if let Some(h) = t.strip_prefix("## ") {
            out.push_str(&format!("<h2>{h}</h2>\n"));
        } else if let Some(h) = t.strip_prefix("# ") {
            out.push_str(&format!("<h1>{h}</h1>\n"));
        } else if t.starts_with('<') || t.is_empty() {
            out.push_str(line);
            out.push('\n');
        } else {
            out.push_str(&format!("<p>{}</p>\n", t.replace("**", "")));
        }
    }
    out.push_str("</body></html>\n");
    out
}

fn parse(c: &mut Criterion<ThreadCpuTime>) {
    let cce = read("cce/remove-node.zh-cn.md");
    let html = as_html(&String::from_utf8_lossy(&cce)).into_bytes();
    let pages: [(&str, &str, Vec<u8>); 4] = [
        ("markdown_explorer", "cce/remove-node.zh-cn.md", cce.clone()),
        (
            "markdown_legacy",
            "elb/remove-backend-ecss.zh-cn.md",
            read("elb/remove-backend-ecss.zh-cn.md"),
        ),
        (
            "text",
            "roma/delete-vpc-channel-backend.en-us.txt",
            read("roma/delete-vpc-channel-backend.en-us.txt"),
        ),
        ("html", "cce/remove-node.zh-cn.html", html),
    ];
    let mut group = c.benchmark_group("parse");
    for (name, file, bytes) in &pages {
        // Each page must still be read as an operation, else the figure means nothing.
        assert!(
            docparse::parse_page(file, bytes).operation.is_some(),
            "{name}: no operation"
        );
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| docparse::parse_page(black_box(file), black_box(bytes)))
        });
    }
    group.finish();
}

fn normalize(c: &mut Criterion<ThreadCpuTime>) {
    let mut group = c.benchmark_group("normalize");
    for service in ["cce", "elb", "roma"] {
        let root = spec_docs().join(service);
        let files = docparse::page_files(std::slice::from_ref(&root)).expect("pages");
        let pages: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|f| (f.to_string_lossy().into_owned(), std::fs::read(f).unwrap()))
            .collect();
        let parsed: Vec<docparse::PageResult> = pages
            .iter()
            .map(|(f, b)| docparse::parse_page(f, b))
            .collect();
        group.bench_function(service, |b| {
            b.iter_batched(
                || parsed.clone(),
                |parsed| docparse::build_service(black_box(&root), parsed).unwrap(),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(cpu_time::ThreadCpuTime);
    targets = parse, normalize
}
criterion_main!(benches);
