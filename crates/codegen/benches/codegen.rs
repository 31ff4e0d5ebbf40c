//! Generator throughput on the models of the seed pages (`spec-docs/`, parsed): emitting
//! tokens (per file kind), formatting them (syn + prettyplease, then the rustfmt pass), and
//! `generate` end to end.
//!
//! `cargo bench -p codegen --bench codegen`. Prints figures (CPU time of the measuring thread
//! per iteration; wall time for print, which runs in child processes); asserts nothing about
//! time.

use std::hint::black_box;
use std::path::Path;

use apispec::Service;
use codegen::models::Models;
#[path = "../../../benches/cpu_time.rs"]
mod cpu_time;

use cpu_time::ThreadCpuTime;

use criterion::{criterion_group, criterion_main, Criterion};

/// The services of `spec-docs/` (cce, elb, roma), as the parser reads them.
fn fixtures() -> Vec<Service> {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec-docs");
    docparse::load_services(&[spec]).expect("spec-docs readable")
}

/// Every file's tokens of one service, as `generate` builds them (without `Cargo.toml`).
fn emit_all(service: &Service) -> Vec<proc_macro2::TokenStream> {
    let mut out = Vec::new();
    for ops in codegen::versions(service).values() {
        let models = Models::collect(ops);
        out.push(codegen::models::emit(&models));
        out.push(codegen::client::emit(service, "v", ops, &models));
        out.push(codegen::errors::emit(ops, &models, false));
        out.push(codegen::invoke::emit(service, ops));
        out.push(codegen::models::emit_tests("krate", "v", ops, &models));
    }
    out
}

fn emit(c: &mut Criterion<ThreadCpuTime>) {
    let services = fixtures();
    let mut group = c.benchmark_group("emit");
    for service in &services {
        group.bench_function(format!("{}/all", service.name), |b| {
            b.iter(|| emit_all(black_box(service)))
        });
    }
    // Per file kind, on the service with the most schemas (cce).
    let cce = &services[0];
    let versions = codegen::versions(cce);
    let ops = versions.values().next().expect("one version");
    group.bench_function("cce/collect_models", |b| {
        b.iter(|| Models::collect(black_box(ops)))
    });
    let models = Models::collect(ops);
    group.bench_function("cce/models", |b| {
        b.iter(|| codegen::models::emit(black_box(&models)))
    });
    group.bench_function("cce/client", |b| {
        b.iter(|| codegen::client::emit(cce, "v3", black_box(ops), &models))
    });
    group.bench_function("cce/errors", |b| {
        b.iter(|| codegen::errors::emit(black_box(ops), &models, false))
    });
    group.bench_function("cce/invoke", |b| {
        b.iter(|| codegen::invoke::emit(cce, black_box(ops)))
    });
    group.finish();
}

fn format(c: &mut Criterion<ThreadCpuTime>) {
    let services = fixtures();
    let mut group = c.benchmark_group("format");
    for service in &services {
        let tokens = emit_all(service);
        let bytes: usize = tokens
            .iter()
            .map(|t| prettyplease::unparse(&syn::parse2(t.clone()).unwrap()).len())
            .sum();
        group.throughput(criterion::Throughput::Bytes(bytes as u64));
        group.bench_function(format!("{}/syn_prettyplease", service.name), |b| {
            b.iter(|| {
                for t in &tokens {
                    let file: syn::File = syn::parse2(black_box(t.clone())).unwrap();
                    black_box(prettyplease::unparse(&file));
                }
            })
        });
    }
    group.finish();
}

/// The printing pass of `rust_file`: prettyplease and the blank lines between items (no
/// rustfmt runs any more).
fn print(c: &mut Criterion) {
    let services = fixtures();
    let mut group = c.benchmark_group("format");
    let cce = emit_all(&services[0]);
    let files: Vec<syn::File> = cce
        .iter()
        .map(|t| syn::parse2(t.clone()).unwrap())
        .collect();
    group.bench_function("cce/prettyplease", |b| {
        b.iter(|| {
            for f in &files {
                black_box(codegen::space_items(&prettyplease::unparse(black_box(f))));
            }
        })
    });
    group.finish();
}

/// `generate` end to end, rustfmt children included: wall time.
fn generate(c: &mut Criterion) {
    let services = fixtures();
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for service in &services {
        group.bench_function(service.name.as_str(), |b| {
            b.iter(|| codegen::generate(black_box(service)).unwrap())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(cpu_time::ThreadCpuTime);
    targets = emit, format
}
criterion_group!(wall, print, generate);
criterion_main!(benches, wall);
