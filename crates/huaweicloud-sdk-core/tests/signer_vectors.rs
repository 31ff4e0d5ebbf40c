//! Every vector of `shared/oracle/signer_vectors.json` must be reproduced byte
//! for byte: canonical request, string to sign, signed headers, signature,
//! Authorization, the headers sent and the URI sent.

use std::collections::BTreeMap;

use huaweicloud_sdk_core::signer::{derive_v11_key, sign_vector};

mod common;

const VECTORS: &str = "oracle/signer_vectors.json";

#[test]
fn all_signer_vectors() {
    let Some(text) = common::shared_file(VECTORS, "every signer vector is reproduced") else {
        return;
    };
    let doc: serde_json::Value = serde_json::from_str(&text).expect("vectors are JSON");
    let vectors = doc["vectors"].as_array().expect("a vectors array");
    assert!(!vectors.is_empty());
    let mut per_alg: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for v in vectors {
        let name = v["name"].as_str().unwrap_or("?");
        let alg = v["algorithm"].as_str().unwrap_or("?").to_owned();
        let exp = &v["expected"];
        let entry = per_alg.entry(alg.clone()).or_default();
        entry.1 += 1;
        // The input as `cargo xtask sign` gets it: the vector without `expected`.
        let mut input = v.clone();
        if let Some(obj) = input.as_object_mut() {
            obj.remove("expected");
        }
        let out = match sign_vector(&input) {
            Ok(o) => o,
            Err(e) => {
                failures.push(format!("{name}: error {e}"));
                continue;
            }
        };
        let mut bad = Vec::new();
        for (field, got) in [
            ("canonical_request", &out.canonical_request),
            ("string_to_sign", &out.string_to_sign),
            ("signed_headers", &out.signed_headers),
            ("signature", &out.signature),
            ("authorization", &out.authorization),
        ] {
            if exp[field].as_str() != Some(got.as_str()) {
                bad.push(format!("{field}: got {got:?}, want {}", exp[field]));
            }
        }
        if exp["sent_uri"].as_str() != Some(out.uri.as_str()) {
            bad.push(format!(
                "sent_uri: got {:?}, want {}",
                out.uri, exp["sent_uri"]
            ));
        }
        if let Some(sent) = exp["sent_headers"].as_object() {
            let want: Vec<(String, String)> = sent
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect();
            let mut got_sorted = out.headers.clone();
            got_sorted.sort();
            let mut want_sorted = want.clone();
            want_sorted.sort();
            if got_sorted != want_sorted {
                bad.push(format!(
                    "sent_headers: got {:?}, want {:?}",
                    out.headers, want
                ));
            }
        }
        if let Some(key) = exp["derived_signing_key"].as_str() {
            let info = exp["credential_scope"].as_str().unwrap_or_default();
            let got = derive_v11_key(
                v["ak"].as_str().unwrap_or_default(),
                v["sk"].as_str().unwrap_or_default(),
                info,
            );
            if got != key {
                bad.push(format!("derived_signing_key: got {got}, want {key}"));
            }
        }
        if bad.is_empty() {
            entry.0 += 1;
        } else {
            failures.push(format!("{name}:\n  {}", bad.join("\n  ")));
        }
    }
    for (alg, (ok, total)) in &per_alg {
        eprintln!("{alg}: {ok}/{total} vectors reproduced");
    }
    assert!(
        failures.is_empty(),
        "failing vectors:\n{}",
        failures.join("\n")
    );
}

#[test]
fn xtask_output_shape() {
    let Some(text) = common::shared_file(VECTORS, "xtask sign output shape") else {
        return;
    };
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let first = &doc["vectors"][0];
    let out = sign_vector(first).expect("signs");
    let json = serde_json::to_value(&out).expect("serializes");
    for key in [
        "canonical_request",
        "string_to_sign",
        "signed_headers",
        "authorization",
    ] {
        assert!(json[key].is_string(), "{key} missing in {json}");
    }
}
