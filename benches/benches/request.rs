//! Request overhead without network: signing one request, and building + signing +
//! serializing a RemoveNode call of the generated CCE client.
//!
//! `cargo bench -p sdk-benches --bench request`. Prints figures; asserts nothing about time.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use huaweicloud_sdk_core::signer;

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap()
}

fn sign(c: &mut Criterion) {
    let body = huaweicloud_sdk_core::json::to_vec::<_, huaweicloud_sdk_core::UnmodeledError>(
        &sdk_benches::remove_node_body(),
    )
    .unwrap();
    let key = sdk_benches::key();
    c.bench_function("sign/remove_node", |b| {
        b.iter(|| signer::sign(sdk_benches::signable(black_box(&body)), &key, now()).unwrap())
    });
}

fn build_sign_serialize(c: &mut Criterion) {
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

criterion_group!(benches, sign, build_sign_serialize);
criterion_main!(benches);
