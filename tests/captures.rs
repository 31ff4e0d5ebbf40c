//! The official SDK's requests, reproduced by the GENERATED clients.
//!
//! `../shared/oracle/request_captures.json` holds requests the official Python SDK sent for
//! given inputs, with fixed credentials and clock. For each capture whose method and path match
//! an operation of `spec-docs/` (by the operation's path template, not by name), the generated
//! client of that operation is given the capture's inputs (through its `invoke_customized`), the
//! same AK/SK, project id, clock and user agent, and what it sends must equal the capture: method,
//! path, query (raw string and pairs), body (equal JSON), every signed header and the
//! `Authorization` value. The stub's response is played back; a success must decode, an error
//! must carry the status, request id, error code and message of the SDK's exception.
//!
//! Inputs a page does not document (the SDK knows `removeNodeSystemSecurityGroup` of CCE
//! `RemoveNode`; the seed page does not) are passed through the builders' `customize` escape
//! hatch, as a user who knows the parameter would: in the query when the capture sent it there,
//! as a header when it sent a header of that name.

use std::collections::BTreeMap;

use apispec::{Operation, Service};
use sdk_tests::{shared_dir, workspace_root};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use huaweicloud_sdk_core::{AkSkCredentials, Config, FixedClock, ProxyConfig, RetryPolicy};

/// What a generated client made of a call.
#[derive(Debug)]
enum Outcome {
    Ok(Value),
    /// Service error: status, request id, code, message, and the error's `Display`.
    Service(u16, Option<String>, String, String, String),
    Other(String),
}

/// Calls `operation` of the generated crate of `service`, API module `module`, through `hwc`'s
/// table of every generated crate (written by `cargo xtask codegen` from `spec-docs/`).
async fn call(
    service: &str,
    module: &str,
    config: &Config,
    operation: &str,
    input: Value,
    query: &[(String, String)],
    headers: &[(String, String)],
) -> Outcome {
    use huaweicloud_cli::registry::{self, CallError, Customize};
    let services = registry::services();
    let Some(version) = services
        .iter()
        .filter(|s| s.name == service)
        .flat_map(|s| &s.versions)
        .find(|v| v.name == module)
    else {
        return Outcome::Other(format!("no generated crate for {service} {module}"));
    };
    let mut custom = Customize::new();
    for (k, v) in query {
        custom = custom.query(k, v);
    }
    for (k, v) in headers {
        custom = custom.header(k, v);
    }
    match (version.invoke)(config.clone(), operation, input, custom).await {
        Ok(v) => Outcome::Ok(v),
        Err(CallError::Call(huaweicloud_sdk_core::SdkError::Service { error, meta })) => {
            Outcome::Service(
                meta.status,
                meta.request_id.clone(),
                meta.error_code.clone(),
                meta.error_msg.clone(),
                error.to_string(),
            )
        }
        Err(e) => Outcome::Other(format!("{e:?}")),
    }
}

/// The operation a capture's request was for: the one of `spec-docs/` whose method and path
/// template match; where several share them (ECS's `POST .../cloudservers/action` is start,
/// stop and reboot), the one the official SDK names (`EcsClient.batch_stop_servers`).
fn operation_of<'a>(
    services: &'a [Service],
    method: &str,
    path: &str,
    sdk_operation: &str,
) -> Option<(&'a Service, &'a Operation)> {
    let sdk_name: String = sdk_operation
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    let candidates: Vec<(&Service, &Operation)> = services
        .iter()
        .flat_map(|svc| svc.operations.iter().map(move |op| (svc, op)))
        .filter(|(_, op)| {
            op.method.eq_ignore_ascii_case(method) && match_template(&op.path, path).is_some()
        })
        .collect();
    candidates
        .iter()
        .find(|(_, op)| op.name == sdk_name)
        .or(candidates.first())
        .copied()
}

/// Whether a percent-encoded request path matches a path template; the path parameters' raw
/// values when it does.
fn match_template(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut values = BTreeMap::new();
    for (ts, ps) in t.iter().zip(&p) {
        match ts.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) if !ps.is_empty() => {
                let raw = percent_encoding::percent_decode_str(ps).decode_utf8_lossy();
                values.insert(name.to_string(), raw.into_owned());
            }
            Some(_) => return None,
            None if ts == ps => {}
            None => return None,
        }
    }
    Some(values)
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

#[tokio::test]
async fn captures_within_spec_docs_are_reproduced_on_the_recorded_address() {
    run(false).await;
}

#[tokio::test]
async fn captures_within_spec_docs_are_reproduced_with_a_preset_host_header() {
    run(true).await;
}

async fn run(force_host_header: bool) {
    let check = if force_host_header {
        "captures reproduced with a preset Host header"
    } else {
        "captures reproduced on the recorded address"
    };
    let Some(shared) = shared_dir(check) else {
        return;
    };
    let text = std::fs::read_to_string(shared.join("oracle/request_captures.json"))
        .expect("request_captures.json");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let fixed = &doc["fixed"];
    std::env::set_current_dir(workspace_root()).expect("workspace root");
    let services = docparse::load_services(&["spec-docs".into()]).expect("spec-docs");

    // Listen on the recorded address when free (the SDK signed that Host); otherwise send the
    // recorded Host header through `customize` (the signer then uses it).
    let recorded = url_host_port(s(fixed, "endpoint"));
    let listener = if force_host_header {
        None
    } else {
        std::net::TcpListener::bind(&recorded).ok()
    };
    let (server, host_header) = match listener {
        Some(listener) => (MockServer::builder().listener(listener).start().await, None),
        None => (MockServer::start().await, Some(recorded.clone())),
    };
    let base = Config::new(AkSkCredentials::new(s(fixed, "ak"), s(fixed, "sk")))
        .with_endpoint(server.uri())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id(s(fixed, "project_id"))
        .with_domain_id(s(fixed, "domain_id"))
        .with_clock(FixedClock::from_sdk_date(s(fixed, "sdk_date")).expect("date"))
        .with_user_agent(format!(
            "huaweicloud-usdk-python/3.0; {}",
            s(fixed, "user_agent_config")
        ))
        .with_retry_policy(RetryPolicy::disabled());

    let mut results = Vec::new();
    let mut failures = Vec::new();
    for (i, cap) in doc["captures"]
        .as_array()
        .expect("captures")
        .iter()
        .enumerate()
    {
        let wire = &cap["request"];
        let found = operation_of(
            &services,
            s(wire, "method"),
            s(wire, "path"),
            s(cap, "sdk_operation"),
        );
        let Some((svc, op)) = found else {
            continue;
        };
        let label = format!(
            "#{i} {} -> {} {}",
            s(cap, "sdk_operation"),
            svc.name,
            op.name
        );

        // Inputs: documented parameters and the body as they are; the others via customize.
        let documented: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
        let wire_query: Vec<(String, String)> = wire["query"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| (scalar(&p[0]), scalar(&p[1])))
            .collect();
        let headers = wire["headers"].as_object().expect("headers");
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .and_then(|(_, v)| v.as_str())
        };
        let mut input = serde_json::Map::new();
        let mut extra_query = Vec::new();
        let mut extra_headers = Vec::new();
        let mut bad = Vec::new();
        // Input keys are wire names (`cluster_id`, `removeNodeSystemSecurityGroup`); tolerate
        // the SDK's attribute spelling of headers too (`x_language` for `X-Language`).
        let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
        for (k, v) in cap["inputs"].as_object().into_iter().flatten() {
            let doc_name = documented.iter().find(|d| **d == k || norm(d) == norm(k));
            let query_name = wire_query
                .iter()
                .map(|(q, _)| q)
                .find(|q| *q == k || norm(q) == norm(k));
            let header_name = headers.keys().find(|h| norm(h) == norm(k));
            if k == "body" {
                input.insert(k.clone(), v.clone());
            } else if let Some(d) = doc_name {
                input.insert(d.to_string(), v.clone());
            } else if let Some(q) = query_name {
                extra_query.push((q.clone(), scalar(v)));
            } else if let Some(h) = header_name {
                extra_headers.push((h.clone(), scalar(v)));
            } else {
                bad.push(format!("input {k} is neither documented nor on the wire"));
            }
        }
        let undocumented: Vec<String> = extra_query
            .iter()
            .chain(&extra_headers)
            .map(|(k, _)| k.clone())
            .collect();
        if let Some(h) = &host_header {
            extra_headers.push(("Host".into(), h.clone()));
        }
        let mut config = base.clone();
        if header("x-project-id").is_none() {
            config = config.with_project_id("");
        }

        // The stub's answer.
        let stub = &cap["response_sent_by_stub"];
        let status = stub["status"].as_u64().unwrap_or(200) as u16;
        let body = match &stub["body"] {
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let mut template = ResponseTemplate::new(status).set_body_raw(body, "application/json");
        for (n, v) in stub["headers"].as_object().into_iter().flatten() {
            template = template.insert_header(n.as_str(), v.as_str().unwrap_or_default());
        }
        server.reset().await;
        Mock::given(any())
            .respond_with(template)
            .mount(&server)
            .await;

        let module = codegen::version_module(&op.api_version);
        let outcome = call(
            &svc.name,
            &module,
            &config,
            &op.name,
            Value::Object(input),
            &extra_query,
            &extra_headers,
        )
        .await;
        let got = server.received_requests().await.unwrap_or_default();
        let [r] = got.as_slice() else {
            failures.push(format!(
                "{label}: {} requests arrived; {outcome:?}",
                got.len()
            ));
            continue;
        };

        // The request, against the SDK's.
        let got_header = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok());
        if !r.method.as_str().eq_ignore_ascii_case(s(wire, "method")) {
            bad.push(format!("method {} != {}", r.method, s(wire, "method")));
        }
        if r.url.path() != s(wire, "path") {
            bad.push(format!("path {:?} != {:?}", r.url.path(), s(wire, "path")));
        }
        if r.url.query().unwrap_or("") != s(wire, "raw_query") {
            bad.push(format!(
                "query {:?} != {:?}",
                r.url.query(),
                s(wire, "raw_query")
            ));
        }
        let pairs: Vec<(String, String)> = r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if pairs != wire_query {
            bad.push(format!("query pairs {pairs:?} != {wire_query:?}"));
        }
        let want_body = s(wire, "body");
        if want_body.is_empty() {
            if !r.body.is_empty() {
                bad.push(format!("body of {} bytes, the SDK sent none", r.body.len()));
            }
        } else {
            match serde_json::from_slice::<Value>(&r.body) {
                Ok(v) if v == wire["body_json"] => {}
                Ok(v) => bad.push(format!("body {v} != {}", wire["body_json"])),
                Err(e) => bad.push(format!("body is not JSON: {e}")),
            }
        }
        let want_auth = header("authorization").unwrap_or_default();
        if got_header("authorization") != Some(want_auth) {
            bad.push(format!(
                "Authorization {:?} != {want_auth:?}",
                got_header("authorization")
            ));
        }
        let signed = want_auth
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|x| x.split(',').next())
            .unwrap_or_default();
        for name in signed.split(';').filter(|n| !n.is_empty()) {
            if got_header(name) != header(name) {
                bad.push(format!(
                    "signed header {name}: {:?} != {:?}",
                    got_header(name),
                    header(name)
                ));
            }
        }

        // The outcome, against the SDK's.
        match (cap.get("sdk_exception"), &outcome) {
            (Some(exc), Outcome::Service(st, rid, code, msg, display)) => {
                let want = (
                    exc["status_code"].as_u64().map(|v| v as u16),
                    exc["request_id"].as_str().map(str::to_owned),
                    exc["error_code"].as_str().map(str::to_owned),
                    exc["error_msg"].as_str().map(str::to_owned),
                );
                let have = (
                    Some(*st),
                    rid.clone(),
                    Some(code.clone()),
                    Some(msg.clone()),
                );
                if have != want {
                    bad.push(format!("error {have:?} != the SDK's {want:?}"));
                }
                if display.contains("undocumented status") && op.responses.contains_key(st) {
                    bad.push(format!("documented status {st} came back as Unhandled"));
                }
            }
            (None, Outcome::Ok(output)) => {
                if let (Some(_), Value::Object(_)) = (
                    op.responses.get(&status).and_then(|r| r.body.as_ref()),
                    &stub["body"],
                ) {
                    if let Some(d) =
                        huaweicloud_sdk_testkit::json::difference(output, &stub["body"])
                    {
                        bad.push(format!("output differs from the stub's body at {d}"));
                    }
                }
            }
            (_, Outcome::Other(e)) => bad.push(format!("the call failed: {e}")),
            (_, other) => bad.push(format!(
                "outcome {other:?} where the SDK had {}",
                cap.get("sdk_exception")
                    .map_or("success", |_| "an exception")
            )),
        }
        let note = if undocumented.is_empty() {
            String::new()
        } else {
            format!(
                " (undocumented, via customize: {})",
                undocumented.join(", ")
            )
        };
        if bad.is_empty() {
            results.push(format!("{label}: OK{note}"));
        } else {
            results.push(format!("{label}: FAIL{note}"));
            failures.push(format!("{label}:\n    {}", bad.join("\n    ")));
        }
    }
    for r in &results {
        println!("{r}");
    }
    println!(
        "{}/{} captures within spec-docs reproduced{}",
        results.len() - failures.len(),
        results.len(),
        if host_header.is_some() {
            " (Host header preset)"
        } else {
            " (recorded address)"
        }
    );
    assert!(
        !results.is_empty(),
        "no capture matched an operation of spec-docs"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn url_host_port(endpoint: &str) -> String {
    let rest = endpoint.split("://").nth(1).unwrap_or(endpoint);
    rest.split('/').next().unwrap_or(rest).to_string()
}

#[test]
fn templates_match_paths_segment_by_segment() {
    let t = "/v2/{project_id}/apic/instances/{instance_id}";
    let m = match_template(t, "/v2/p1/apic/instances/a%20b").unwrap();
    assert_eq!(m["instance_id"], "a b");
    assert!(match_template(t, "/v2/p1/apic/instances").is_none());
    assert!(match_template(t, "/v2/p1/apic/other/x").is_none());
}

#[test]
fn customize_never_prints_header_values() {
    let c = huaweicloud_sdk_core::meta::Customize::new()
        .query("removeNodeSystemSecurityGroup", "true")
        .header("X-Auth-Token", "s3cr3t-token-value");
    let printed = format!("{c:?}");
    assert!(!printed.contains("s3cr3t-token-value"), "{printed}");
    assert!(printed.contains("X-Auth-Token") && printed.contains("removeNodeSystemSecurityGroup"));
    let request = c.apply(huaweicloud_sdk_core::Request::new(
        huaweicloud_sdk_core::Method::GET,
        "/",
    ));
    assert_eq!(request.query.len(), 1);
    assert_eq!(request.headers.len(), 1);
}
