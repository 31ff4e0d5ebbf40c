//! The wire harness must fail when the client is wrong: a hand-written client of a small
//! operation passes, and each of several deliberately broken variants of it fails.

use huaweicloud_sdk_core::{
    expand_path, Client, Config, Method, Request, ServiceInfo, UnmodeledError,
};
use huaweicloud_sdk_testkit::wire::{self, CallError};
use serde_json::Value;

const CASE: &str = r#"{
  "operation": "DoThing",
  "method": "POST",
  "path": "/v1/{project_id}/things/{thing_id}",
  "params": [
    {"name": "thing_id", "location": "path", "type_name": "string", "required": true},
    {"name": "limit", "location": "query", "type_name": "integer", "required": false},
    {"name": "tags", "location": "query", "type_name": "array<string>", "required": false},
    {"name": "X-Client-Token", "location": "header", "type_name": "string", "required": false}
  ],
  "body": {"name": "a", "size": 1, "note": null},
  "body_documented": true,
  "responses": [
    {"status": 200, "typed": true, "documented": true, "body": {"id": "t-1", "ratio": 1}},
    {"status": 400, "documented": true,
     "body": {"error_code": "THING.0001", "error_msg": "bad thing"}},
    {"status": 404}
  ]
}"#;

/// Ways to get it wrong.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Fault {
    None,
    PathNotEncoded,
    QueryDropped,
    BodyFieldDropped,
    WrongVariant,
    OutputFieldDropped,
    RequestIdLost,
}

async fn call(fault: Fault, config: Config, _op: String, input: Value) -> Result<Value, CallError> {
    let client = Client::new(&config, ServiceInfo::new("thing", "https://thing.example"))
        .map_err(|e| CallError::Other(e.to_string()))?;
    let id = input["thing_id"].as_str().unwrap_or_default();
    let path = if fault == Fault::PathNotEncoded {
        format!("/v1/{{project_id}}/things/{}", id.replace(' ', "%20"))
    } else {
        expand_path::<UnmodeledError>("/v1/{project_id}/things/{thing_id}", &[("thing_id", id)])
            .map_err(|e| CallError::Other(e.to_string()))?
    };
    let mut req = Request::new(Method::POST, path);
    if let Some(l) = input.get("limit") {
        req = req.query("limit", l.to_string());
    }
    if fault != Fault::QueryDropped {
        for t in input["tags"].as_array().into_iter().flatten() {
            req = req.query("tags", t.as_str().unwrap_or_default());
        }
    }
    if let Some(h) = input["X-Client-Token"].as_str() {
        req = req.header("X-Client-Token", h);
    }
    let mut body = input["body"].clone();
    if let Some(o) = body.as_object_mut() {
        o.remove("note");
        if fault == Fault::BodyFieldDropped {
            o.remove("size");
        }
    }
    req = req.body(serde_json::to_vec(&body).unwrap());
    let raw = client
        .send::<UnmodeledError>(req)
        .await
        .map_err(|e| CallError::Other(e.to_string()))?;
    if raw.is_success() {
        let mut v: Value =
            serde_json::from_slice(&raw.body).map_err(|e| CallError::Other(e.to_string()))?;
        if fault == Fault::OutputFieldDropped {
            v.as_object_mut().map(|o| o.remove("ratio"));
        }
        return Ok(v);
    }
    let mut meta = huaweicloud_sdk_core::ErrorMeta::from_response(&raw);
    if fault == Fault::RequestIdLost {
        meta.request_id = None;
    }
    let variant = match (raw.status.as_u16(), fault) {
        (400, Fault::WrongVariant) => "Unhandled",
        (400, _) => "BadRequest",
        (404, _) => "NotFound",
        _ => "Unhandled",
    };
    Err(CallError::Service {
        variant: Some(variant.to_string()),
        meta: Box::new(meta),
    })
}

#[test]
fn expected_variants_come_from_the_reason_phrases() {
    use huaweicloud_sdk_testkit::wire::expected_variant;
    assert_eq!(expected_variant(200, true), None);
    assert_eq!(expected_variant(400, true).as_deref(), Some("BadRequest"));
    assert_eq!(expected_variant(414, true).as_deref(), Some("UriTooLong"));
    assert_eq!(
        expected_variant(505, true).as_deref(),
        Some("HttpVersionNotSupported")
    );
    assert_eq!(expected_variant(499, true).as_deref(), Some("Status499"));
    assert_eq!(expected_variant(400, false).as_deref(), Some("Unhandled"));
}

#[tokio::test]
async fn a_correct_client_passes() {
    let report = wire::check(CASE, |c, o, i| call(Fault::None, c, o, i)).await;
    report.assert_ok();
    assert_eq!(
        report.requests, 4,
        "200, 400, 404 and an undocumented status"
    );
    assert_eq!(report.responses, 4);
}

#[tokio::test]
async fn each_fault_fails() {
    for (fault, expect) in [
        (Fault::PathNotEncoded, "request: path"),
        (Fault::QueryDropped, "request: query"),
        (Fault::BodyFieldDropped, "request: body differs"),
        (Fault::WrongVariant, "response 400: variant"),
        (Fault::OutputFieldDropped, "response 200: output"),
        (Fault::RequestIdLost, "request id"),
    ] {
        let report = wire::check(CASE, |c, o, i| call(fault, c, o, i)).await;
        assert!(
            report.failures.iter().any(|f| f.contains(expect)),
            "{fault:?}: expected a failure containing {expect:?}, got {:?}",
            report.failures
        );
    }
}
