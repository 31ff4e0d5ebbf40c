//! Rebuilds each request of `shared/oracle/request_captures.json` from its wire
//! data, sends it through `Client` to a local server, and checks that what
//! arrives matches the official SDK's request byte for byte: Authorization,
//! signed headers, path and query. The stub's response is played back and the
//! error metadata compared with the SDK's exception.

mod common;

use std::sync::{Arc, Mutex};

use common::{Action, FaultServer};
use huaweicloud_sdk_core::{
    AkSkCredentials, Algorithm, Client, Config, ErrorMeta, FixedClock, Method, ProxyConfig,
    Request, RetryPolicy, ServiceInfo, TokenCredentials, UnmodeledError,
};

/// Headers the runtime adds itself (or the HTTP library adds, unsigned).
const RUNTIME_HEADERS: [&str; 14] = [
    "x-security-token",
    "x-sdk-content-sha256",
    "x-auth-token",
    "user-agent",
    "accept-encoding",
    "accept",
    "connection",
    "content-type",
    "x-project-id",
    "x-domain-id",
    "x-sdk-date",
    "host",
    "authorization",
    "content-length",
];

fn s<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

#[tokio::test]
async fn captures_are_reproduced_on_the_recorded_address() {
    run(false).await;
}

#[tokio::test]
async fn captures_are_reproduced_with_a_preset_host_header() {
    run(true).await;
}

async fn run(force_host_header: bool) {
    let check = if force_host_header {
        "captures reproduced with a preset Host header"
    } else {
        "captures reproduced on the recorded address"
    };
    let Some(text) = common::shared_file("oracle/request_captures.json", check) else {
        return;
    };
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let fixed = &doc["fixed"];
    let captures = doc["captures"].as_array().expect("captures");

    // The SDK signed Host = the recorder's address. Listen there when the port
    // is free; otherwise send that Host header explicitly (the signer then
    // uses it, as the SDK does with a preset Host).
    let recorded = url::Url::parse(s(fixed, "endpoint")).expect("endpoint URL");
    let recorded_host = format!(
        "{}:{}",
        recorded.host_str().unwrap_or_default(),
        recorded.port_or_known_default().unwrap_or(80)
    );
    let stub: Arc<Mutex<Action>> = Arc::new(Mutex::new(Action::status(200, "{}")));
    let stub2 = stub.clone();
    let script = move |_: &common::Received, _: u32| stub2.lock().unwrap().clone();
    let listener = if force_host_header {
        None
    } else {
        tokio::net::TcpListener::bind(&recorded_host).await.ok()
    };
    let (server, host_override) = match listener {
        Some(listener) => (FaultServer::start_on(listener, script), None),
        None => (
            FaultServer::start(script).await,
            Some(recorded_host.clone()),
        ),
    };
    eprintln!(
        "server on {} ({})",
        server.addr,
        if host_override.is_some() {
            "Host header preset"
        } else {
            "recorded address"
        }
    );

    let base = Config::new(AkSkCredentials::new(s(fixed, "ak"), s(fixed, "sk")))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id(s(fixed, "project_id"))
        .with_domain_id(s(fixed, "domain_id"))
        .with_clock(FixedClock::from_sdk_date(s(fixed, "sdk_date")).expect("date"))
        .with_user_agent(format!(
            "huaweicloud-usdk-python/3.0; {}",
            s(fixed, "user_agent_config")
        ))
        .with_retry_policy(RetryPolicy::disabled());

    let mut failures = Vec::new();
    for (i, cap) in captures.iter().enumerate() {
        let wire = &cap["request"];
        let label = format!("#{i} {}", s(cap, "sdk_operation"));
        let headers = wire["headers"].as_object().expect("headers");
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .and_then(|(_, v)| v.as_str())
        };
        // Credentials, ids and algorithm as the SDK had them, read from the wire.
        let global = header("x-domain-id").is_some()
            || s(cap, "credentials").starts_with("GlobalCredentials");
        let service = if global {
            ServiceInfo::global("svc", "https://svc.example")
        } else {
            ServiceInfo::new("svc", "https://svc.example")
        };
        let mut config = base.clone();
        if header("x-project-id").is_none() {
            config = config.with_project_id("");
        }
        if header("x-domain-id").is_none() {
            config = config.with_domain_id("");
        }
        if let Some(token) = header("x-auth-token") {
            config = config.with_credentials(TokenCredentials::new(token));
        } else if let Some(token) = header("x-security-token") {
            config = config.with_credentials(AkSkCredentials::temporary(
                s(fixed, "ak"),
                s(fixed, "sk"),
                token,
            ));
        }
        let auth_header = header("authorization").unwrap_or_default();
        match auth_header
            .split(' ')
            .next()
            .and_then(Algorithm::from_token)
        {
            Some(Algorithm::V11HmacSha256) => {
                // Credential=<ak>/<date>/<region>/<service>
                let scope: Vec<&str> = auth_header
                    .split("Credential=")
                    .nth(1)
                    .and_then(|x| x.split(',').next())
                    .unwrap_or_default()
                    .split('/')
                    .collect();
                if let [_, _, region, svc] = scope[..] {
                    config = config
                        .with_region(region)
                        .with_derived_auth_service_name(svc);
                }
            }
            Some(alg) => config = config.with_signing_algorithm(alg),
            None => {}
        }
        let client = Client::new(&config, service).expect("client");

        let method = Method::from_bytes(s(wire, "method").as_bytes()).expect("method");
        let mut req =
            Request::new(method, s(wire, "path")).operation(s(cap, "sdk_operation").to_owned());
        for pair in wire["query"].as_array().into_iter().flatten() {
            let (k, v) = (
                pair[0].as_str().unwrap_or_default(),
                pair[1].as_str().unwrap_or_default(),
            );
            req = req.query(k, v);
        }
        for (name, value) in headers {
            if !RUNTIME_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                req = req.header(name.clone(), value.as_str().unwrap_or_default());
            }
        }
        req = req.content_type(header("content-type").unwrap_or_default().to_owned());
        let body = s(wire, "body");
        if !body.is_empty() {
            req = req.body(body.as_bytes().to_vec());
        }
        if let Some(h) = &host_override {
            req = req.header("Host", h.clone());
        }

        // What the stub answered.
        let stub_resp = &cap["response_sent_by_stub"];
        let status = stub_resp["status"].as_u64().unwrap_or(200) as u16;
        let stub_body = match &stub_resp["body"] {
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        };
        let mut action = Action::status(status, &stub_body);
        for (n, v) in stub_resp["headers"].as_object().into_iter().flatten() {
            action = action.with_header(n, v.as_str().unwrap_or_default());
        }
        *stub.lock().unwrap() = action;

        let before = server.total();
        let result = client.send::<UnmodeledError>(req).await;
        let mut bad = Vec::new();
        let raw = match result {
            Ok(raw) => raw,
            Err(e) => {
                failures.push(format!("{label}: send failed: {e}"));
                continue;
            }
        };
        let got = server.requests();
        if got.len() != before + 1 {
            failures.push(format!("{label}: {} requests arrived", got.len() - before));
            continue;
        }
        let r = &got[before];
        let want_auth = header("authorization").unwrap_or_default();
        if r.header("authorization") != header("authorization") {
            bad.push(format!(
                "Authorization {:?} != {want_auth:?}",
                r.header("authorization")
            ));
        }
        if r.path() != s(wire, "path") {
            bad.push(format!("path {:?} != {:?}", r.path(), s(wire, "path")));
        }
        let want_query = s(wire, "raw_query");
        if r.query().unwrap_or("") != want_query {
            bad.push(format!("query {:?} != {want_query:?}", r.query()));
        }
        if r.method != s(wire, "method") {
            bad.push(format!("method {} != {}", r.method, s(wire, "method")));
        }
        if r.body != body.as_bytes() {
            bad.push("body differs".to_owned());
        }
        let signed = want_auth
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|x| x.split(',').next())
            .unwrap_or_default();
        for name in signed.split(';').filter(|n| !n.is_empty()) {
            if r.header(name) != header(name) {
                bad.push(format!(
                    "signed header {name}: {:?} != {:?}",
                    r.header(name),
                    header(name)
                ));
            }
        }
        // Error responses: the same status, request id, code and message as the SDK.
        if let Some(exc) = cap.get("sdk_exception") {
            let meta = ErrorMeta::from_response(&raw);
            let want = (
                exc["status_code"].as_u64().map(|v| v as u16),
                exc["request_id"].as_str().map(str::to_owned),
                exc["error_code"].as_str().map(str::to_owned),
                exc["error_msg"].as_str().map(str::to_owned),
            );
            let have = (
                Some(meta.status),
                meta.request_id.clone(),
                Some(meta.error_code.clone()),
                Some(meta.error_msg.clone()),
            );
            if have != want {
                bad.push(format!("error meta {have:?} != {want:?}"));
            }
        } else if raw.status.as_u16() != status {
            bad.push(format!("status {} != {status}", raw.status));
        }
        if bad.is_empty() {
            eprintln!("{label}: OK");
        } else {
            eprintln!("{label}: FAIL");
            failures.push(format!("{label}:\n  {}", bad.join("\n  ")));
        }
    }
    eprintln!(
        "{}/{} captures reproduced",
        captures.len() - failures.len(),
        captures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
