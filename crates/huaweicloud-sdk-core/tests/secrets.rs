//! No AK, SK, security token or IAM token in any tracing output (all levels,
//! all targets, `log` records included) or in the `Debug`/`Display` of config,
//! credentials, clients, responses and errors during signed requests.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Action, FaultServer};
use huaweicloud_sdk_core::signer::sign_vector;
use huaweicloud_sdk_core::{
    AkSkCredentials, Client, Config, Method, ProxyConfig, Request, RetryPolicy, SdkError,
    ServiceInfo, TokenCredentials, UnmodeledError,
};

const AK: &str = "AKSECRETID0000000042";
const SK: &str = "SKVERYSECRET9999999999999999999999999999";
const TOKEN: &str = "STSTOKENSECRET7777777";
const IAM: &str = "IAMTOKENSECRET5555555";

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_leak() {
    let sink = Sink::default();
    let writer = sink.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let server = FaultServer::start(|r, n| match r.header("x-test-id") {
        Some("retry") if n == 1 => {
            Action::status(503, "{}").with_header("X-Request-Id", "rid-first")
        }
        Some("retry") => Action::status(400, r#"{"error_code":"E.1","error_msg":"bad"}"#)
            .with_header("X-Request-Id", "rid-second"),
        Some("reset") => Action::Reset,
        _ => Action::status(200, r#"{"ok": true}"#),
    })
    .await;
    let creds = AkSkCredentials::temporary(AK, SK, TOKEN);
    let config = Config::new(creds.clone())
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id("0123456789abcdef0123456789abcdef")
        .with_retry_policy(RetryPolicy::new(2).with_initial_backoff(Duration::from_millis(1)));
    let client = Client::new(
        &config,
        ServiceInfo::new("ecs", "https://ecs.{region}.example"),
    )
    .unwrap();

    let mut shown = String::new();
    let ok = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items").operation("ListItems"))
        .await
        .unwrap();
    shown += &format!("{ok:?}\n");
    let err = client
        .execute::<serde_json::Value, UnmodeledError>(
            Request::new(Method::GET, "/v1/items")
                .operation("ListItems")
                .header("X-Test-Id", "retry"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Service { .. }));
    shown += &format!("{err:?}\n{err}\n");
    let err = client
        .send::<UnmodeledError>(
            Request::new(Method::POST, "/v1/items").header("X-Test-Id", "reset"),
        )
        .await
        .unwrap_err();
    shown += &format!("{err:?}\n{err}\n");
    let token_config = config.clone().with_credentials(TokenCredentials::new(IAM));
    let token_client = Client::new(&token_config, ServiceInfo::new("ecs", "https://x")).unwrap();
    token_client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    let bad_creds = Config::new(AkSkCredentials::new(AK, "")).with_endpoint(server.url());
    let err = Client::new(&bad_creds, ServiceInfo::new("ecs", "https://x"))
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Credentials { .. }));
    shown += &format!("{err:?}\n{err}\n");
    shown += &format!(
        "{config:?}\n{config:#?}\n{token_config:?}\n{client:?}\n{token_client:?}\n{creds:?}\n"
    );
    shown += &format!("{:?}\n", TokenCredentials::new(IAM));
    let out = sign_vector(&serde_json::json!({
        "ak": AK, "sk": SK, "security_token": TOKEN, "method": "GET", "host": "h",
        "path": "/", "query": [], "headers": {}, "body": "", "sdk_date": "20261123T120000Z"
    }))
    .unwrap();
    shown += &format!("{out:?}\n");

    // The requests really carried the secrets (so the test can fail).
    let reqs = server.requests();
    assert!(reqs
        .iter()
        .any(|r| r.header("x-security-token") == Some(TOKEN)));
    assert!(reqs.iter().any(|r| r.header("x-auth-token") == Some(IAM)));

    let traced = String::from_utf8_lossy(&sink.0.lock().unwrap()).into_owned();
    for needle in [
        "huaweicloud.operation",
        "huaweicloud.attempt",
        "service=ecs",
        "operation=ListItems",
        "method=GET",
        "path=/v1/items",
        "status=400",
        "request_id=rid-second",
        "attempt=2",
        "latency_ms=",
    ] {
        assert!(traced.contains(needle), "{needle} not traced:\n{traced}");
    }
    let everything = format!("{traced}\n{shown}");
    for secret in [AK, SK, TOKEN, IAM] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked:\n{everything}"
        );
    }
}
