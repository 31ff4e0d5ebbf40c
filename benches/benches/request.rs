//! Request overhead without network: signing one request, and building + signing +
//! serializing a RemoveNode call of the generated CCE client.
//!
//! `cargo bench -p sdk-benches --bench request`. Prints figures (CPU time of the measuring
//! thread per iteration); asserts nothing about time.

use std::hint::black_box;

#[path = "../cpu_time.rs"]
mod cpu_time;

use cpu_time::ThreadCpuTime;

use criterion::{criterion_group, criterion_main, Criterion};
use huaweicloud_sdk_core::signer;

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap()
}

fn sign(c: &mut Criterion<ThreadCpuTime>) {
    let body = huaweicloud_sdk_core::json::to_vec::<_, huaweicloud_sdk_core::UnmodeledError>(
        &sdk_benches::remove_node_body(),
    )
    .unwrap();
    let key = sdk_benches::key();
    c.bench_function("sign/remove_node", |b| {
        b.iter(|| signer::sign(sdk_benches::signable(black_box(&body)), &key, now()).unwrap())
    });
}

fn build_sign_serialize(c: &mut Criterion<ThreadCpuTime>) {
    let http = reqwest::Client::new();
    c.bench_function("build_sign_serialize/remove_node", |b| {
        b.iter(|| sdk_benches::build_sign_serialize(black_box(&http), now()))
    });
    c.bench_function("serialize_body/remove_node", |b| {
        b.iter(|| {
            huaweicloud_sdk_core::json::to_vec::<_, huaweicloud_sdk_core::UnmodeledError>(
                &sdk_benches::remove_node_body(),
            )
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(cpu_time::ThreadCpuTime);
    targets = sign, build_sign_serialize
}
criterion_main!(benches);
