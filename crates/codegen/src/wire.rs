//! The wire tests of one API version (a module of the generated crate's `tests/generated.rs`):
//! one example-driven wire test per operation.
//!
//! Each test hands a case (method, path, parameters, the page's request example and documented
//! responses, as JSON taken from the model) and the crate's `invoke` to
//! `huaweicloud_sdk_testkit::wire::check`, which runs it against a local mock server. The
//! harness is written once, by hand; what is generated per operation is data and one line, so
//! that a new page gets its wire test from `cargo xtask codegen` and the test costs little to
//! compile.

use apispec::{Operation, ParamLocation, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};

use crate::client::{client_name, params};
use crate::models::{example_conflicts, sample_json, Models};

/// The case of one operation, as `huaweicloud_sdk_testkit::wire::Case` reads it.
pub fn case_json(service: &Service, op: &Operation, models: &Models) -> Value {
    let (params, body_field) = params(op);
    let types = models.ops.get(&op.name);
    let ps: Vec<Value> = params
        .iter()
        .map(|p| {
            let location = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            json!({
                "name": p.wire,
                "location": location,
                "type_name": p.ty.describe(),
                "required": p.required,
            })
        })
        .collect();
    let mut case = Map::new();
    case.insert("operation".into(), json!(op.name));
    case.insert("method".into(), json!(op.method.to_ascii_uppercase()));
    case.insert("path".into(), json!(op.path));
    case.insert("params".into(), Value::Array(ps));
    if service.scope == apispec::Scope::Global {
        case.insert("global".into(), json!(true));
    }
    let json_ct = op
        .request_body
        .as_ref()
        .and(service.json_content_type.as_ref());
    if let Some(ct) = op.request_content_type.as_ref().or(json_ct) {
        case.insert("content_type".into(), json!(ct));
    }
    // Examples that contradict their tables cannot decode: a sample of the type stands in, and
    // the case carries the erratum for the harness to print.
    let mut errata: Vec<String> = Vec::new();
    if let (Some(_), Some(t)) = (body_field, types.and_then(|t| t.request.as_ref())) {
        let conflicts = op
            .request_example
            .as_ref()
            .map(|ex| example_conflicts(t, models, ex))
            .unwrap_or_default();
        match &op.request_example {
            Some(ex) if conflicts.is_empty() => {
                case.insert("body".into(), ex.clone());
                case.insert("body_documented".into(), json!(true));
            }
            _ => {
                for c in conflicts {
                    errata.push(format!("request example: {c}"));
                }
                case.insert("body".into(), sample_json(t, models, "secret", 0));
            }
        }
    }
    let output = types.and_then(|t| t.output.as_ref());
    let mut responses = Vec::new();
    for r in op.responses.values() {
        let mut resp = Map::new();
        resp.insert("status".into(), json!(r.status));
        if r.is_success() {
            resp.insert("typed".into(), json!(output.is_some()));
            let conflicts = match (&r.example, output) {
                (Some(ex), Some(t)) => example_conflicts(t, models, ex),
                _ => Vec::new(),
            };
            for c in &conflicts {
                errata.push(format!("{} example: {c}", r.status));
            }
            match (&r.example, output) {
                (Some(ex), _) if conflicts.is_empty() => {
                    resp.insert("body".into(), ex.clone());
                    resp.insert("documented".into(), json!(true));
                }
                (_, Some(t)) if r.body.is_some() => {
                    resp.insert("body".into(), sample_json(t, models, "secret", 0));
                }
                _ => {}
            }
        } else if r.status >= 400 {
            match &r.example {
                Some(ex) => {
                    resp.insert("body".into(), ex.clone());
                    resp.insert("documented".into(), json!(true));
                }
                None => {
                    // No example on the page: an error body of the usual shape, with the
                    // documented error code when there is one.
                    let code = r
                        .error_codes
                        .first()
                        .cloned()
                        .unwrap_or_else(|| format!("TEST.{}", r.status));
                    let msg = if r.description.is_empty() {
                        format!("documented status {}", r.status)
                    } else {
                        r.description.clone()
                    };
                    resp.insert("body".into(), json!({"error_code": code, "error_msg": msg}));
                }
            }
        } else {
            // 1xx and 3xx: nothing a JSON client answers.
            continue;
        }
        if op.method.eq_ignore_ascii_case("HEAD") {
            // A response to HEAD has no body, whatever the page shows as one.
            resp.remove("body");
            resp.remove("documented");
        }
        responses.push(Value::Object(resp));
    }
    case.insert("responses".into(), Value::Array(responses));
    if !errata.is_empty() {
        case.insert("errata".into(), json!(errata));
    }
    Value::Object(case)
}

/// Emits the wire tests of one API version module.
pub fn emit_tests(
    service: &Service,
    krate: &str,
    module: &str,
    ops: &[&Operation],
    models: &Models,
) -> TokenStream {
    let krate = format_ident!("{}", krate);
    let module = format_ident!("{}", module);
    let client = format_ident!("{}", client_name(service));
    let cases = ops
        .iter()
        .map(|op| case_json(service, op, models).to_string());
    let doc = format!(
        " Every operation of `{module}` (a case each in [`CASES`]): the documented request, then each documented response and an undocumented status. `HUAWEICLOUD_SDK_WIRE_OPERATION=Name` runs one."
    );
    quote! {
        use huaweicloud_sdk_testkit::wire::{self, CallError};
        use #krate::#module::{invoke, #client};
        use #krate::Config;

        async fn call(config: Config, operation: String, input: serde_json::Value) -> Result<serde_json::Value, CallError> {
            let client = #client::new(&config).map_err(|e| CallError::Other(e.to_string()))?;
            wire::outcome(invoke(&client, &operation, input).await)
        }

        /// The wire case of each operation, in name order (see `huaweicloud_sdk_testkit::wire::Case`).
        const CASES: &[&str] = &[
            #(#cases,)*
        ];

        #[doc = #doc]
        #[test]
        fn every_operation() {
            wire::check_all(CASES, call);
        }
    }
}
