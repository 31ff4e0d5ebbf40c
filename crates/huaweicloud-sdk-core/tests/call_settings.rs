//! Response metadata and per-call settings against a loopback server: `with_metadata()` gives
//! status, request id and headers; a call overrides the config's timeouts and retry policy; a
//! user's retry classifier decides before the built-in rules; documented response headers are
//! typed fields of the output; against a loopback TLS server, a custom CA is trusted, another
//! certificate is not, and skipping verification (named as dangerous) trusts any.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Action, FaultServer};
use huaweicloud_sdk_core::meta::{Customize, OperationInfo, ParamInfo};
use huaweicloud_sdk_core::{
    AkSkCredentials, AttemptOutcome, CallSettings, ClassifierFn, Client, Config, Operation,
    OperationError, ProxyConfig, RetryDecision, RetryPolicy, SdkError, ServiceInfo,
};

const SVC: ServiceInfo = ServiceInfo::new("ecs", "https://ecs.{region}.myhuaweicloud.com");

/// A hand-written operation, as the generator writes them.
struct ShowItem;

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Item {
    id: u64,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct ShowItemInput {
    item_id: String,
}

#[derive(Debug, thiserror::Error)]
#[error("ShowItem failed")]
struct ShowItemError;

impl OperationError for ShowItemError {
    fn from_response(_: u16, _body: &[u8]) -> Self {
        ShowItemError
    }
    fn variant(&self) -> &'static str {
        "Unhandled"
    }
}

impl Operation for ShowItem {
    const INFO: &'static OperationInfo = &OperationInfo {
        name: "ShowItem",
        method: "GET",
        path: "/v1/{project_id}/items/{item_id}",
        params: &[ParamInfo::path("item_id", "string", true, "")],
        output: Some("Item"),
        ..OperationInfo::DEFAULT
    };
    type Input = ShowItemInput;
    type Body = ();
    type Output = Item;
    type Error = ShowItemError;
}

/// An operation whose page documents response headers: the generator adds them to the
/// output beside the body's fields, under their wire names.
struct CreateToken;

#[derive(Debug, PartialEq, serde::Deserialize)]
struct CreateTokenResponse {
    token: Option<String>,
    #[serde(rename = "X-Subject-Token")]
    x_subject_token: Option<String>,
    #[serde(rename = "X-Rate-Remaining")]
    x_rate_remaining: Option<i32>,
    #[serde(rename = "X-Cached")]
    x_cached: Option<bool>,
}

impl Operation for CreateToken {
    const INFO: &'static OperationInfo = &OperationInfo {
        name: "CreateToken",
        method: "POST",
        path: "/v3/auth/tokens",
        output: Some("CreateTokenResponse"),
        sensitive: &["X-Subject-Token"],
        response_headers: &[
            ParamInfo::header("X-Subject-Token", "string", false, ""),
            ParamInfo::header("X-Rate-Remaining", "integer", false, ""),
            ParamInfo::header("X-Cached", "boolean", false, ""),
        ],
        ..OperationInfo::DEFAULT
    };
    type Input = serde_json::Value;
    type Body = serde_json::Value;
    type Output = CreateTokenResponse;
    type Error = ShowItemError;
}

fn client(server: &FaultServer, config: impl FnOnce(Config) -> Config) -> Client {
    let base = Config::new(AkSkCredentials::new("AK", "SK"))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id("p1")
        .with_retry_policy(RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(1)));
    Client::new(&config(base), SVC).unwrap()
}

fn input() -> ShowItemInput {
    ShowItemInput {
        item_id: "i-1".into(),
    }
}

#[tokio::test]
async fn with_metadata_returns_status_request_id_and_headers() {
    let server = FaultServer::start(|_, _| {
        Action::status(200, r#"{"id": 7}"#)
            .with_header("X-Request-Id", "rid-0042")
            .with_header("X-Subject-Token", "SECRETSUBJECT")
            .with_header("ETag", "\"v3\"")
    })
    .await;
    let client = client(&server, |c| c);
    let got = client
        .call::<ShowItem>(input(), Customize::new())
        .with_metadata()
        .await
        .unwrap();
    assert_eq!(got.output, Item { id: 7 });
    assert_eq!(got.metadata.status, 200);
    assert_eq!(got.metadata.request_id.as_deref(), Some("rid-0042"));
    assert_eq!(got.metadata.header("etag"), Some("\"v3\""));
    assert_eq!(got.metadata.attempts, 1);
    assert!(!format!("{:?}", got.metadata).contains("SECRETSUBJECT"));
    // The plain future still gives the output alone.
    let item = client
        .call::<ShowItem>(input(), Customize::new())
        .await
        .unwrap();
    assert_eq!(item, Item { id: 7 });
    assert_eq!(server.requests()[0].path(), "/v1/p1/items/i-1");
}

#[tokio::test]
async fn documented_response_headers_are_typed_fields_of_the_output() {
    let server = FaultServer::start(|r, _| {
        let body = if r.path().ends_with("/tokens") {
            r#"{"token": "t"}"#
        } else {
            ""
        };
        Action::status(201, body)
            .with_header("X-Subject-Token", "SECRETSUBJECT")
            .with_header("X-Rate-Remaining", " 41 ")
            .with_header("x-cached", "TRUE")
    })
    .await;
    let client = client(&server, |c| c);
    let out = client
        .call::<CreateToken>(serde_json::json!({}), Customize::new())
        .await
        .unwrap();
    assert_eq!(
        out,
        CreateTokenResponse {
            token: Some("t".into()),
            x_subject_token: Some("SECRETSUBJECT".into()),
            x_rate_remaining: Some(41),
            x_cached: Some(true),
        }
    );
}

#[tokio::test]
async fn a_response_header_that_is_absent_or_not_its_type_is_none() {
    let server = FaultServer::start(|_, _| {
        // No body at all, a header that is not an integer, one not a boolean, one not there.
        Action::status(201, "")
            .with_header("X-Rate-Remaining", "many")
            .with_header("X-Cached", "yes")
    })
    .await;
    let client = client(&server, |c| c);
    let out = client
        .call::<CreateToken>(serde_json::json!({}), Customize::new())
        .with_metadata()
        .await
        .unwrap();
    assert_eq!(
        out.output,
        CreateTokenResponse {
            token: None,
            x_subject_token: None,
            x_rate_remaining: None,
            x_cached: None,
        }
    );
    // What the typed field could not hold is still in the metadata.
    assert_eq!(out.metadata.header("x-rate-remaining"), Some("many"));
    // A number too large for the documented integer (32 bits) is left out, not a decode error.
    let server = FaultServer::start(|_, _| {
        Action::status(201, "{}").with_header("X-Rate-Remaining", "3000000000")
    })
    .await;
    let out = self::client(&server, |c| c)
        .call::<CreateToken>(serde_json::json!({}), Customize::new())
        .await
        .unwrap();
    assert_eq!(out.x_rate_remaining, None);
}

#[tokio::test]
async fn a_call_overrides_the_retry_policy_and_the_timeouts() {
    let server = FaultServer::start(|r, _| {
        if r.path().ends_with("/slow") {
            Action::Hang
        } else {
            Action::status(503, r#"{"error_code": "X.503", "error_msg": "busy"}"#)
        }
    })
    .await;
    let client = client(&server, |c| {
        c.with_attempt_timeout(Some(Duration::from_secs(30)))
    });
    // The config retries 3 times; this call not at all.
    let err = client
        .call::<ShowItem>(input(), Customize::new())
        .retry_policy(RetryPolicy::disabled())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Service { .. }), "{err:?}");
    assert_eq!(server.total(), 1);
    client
        .call::<ShowItem>(input(), Customize::new())
        .await
        .unwrap_err();
    assert_eq!(server.total(), 4, "the config's 3 attempts otherwise");
    // The config waits 30 s per attempt; this call's budget is 200 ms.
    let started = Instant::now();
    let slow = ShowItemInput {
        item_id: "slow".into(),
    };
    let err = client
        .call::<ShowItem>(slow, Customize::new())
        .timeout(Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // The same through `Customize`, as a request builder's `customize` takes it.
    let started = Instant::now();
    let slow = ShowItemInput {
        item_id: "slow".into(),
    };
    let custom = Customize::new().settings(
        CallSettings::new()
            .attempt_timeout(Some(Duration::from_millis(100)))
            .retry_policy(RetryPolicy::disabled()),
    );
    let err = client.call::<ShowItem>(slow, custom).await.unwrap_err();
    assert!(
        matches!(err, SdkError::Timeout { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_user_classifier_decides_before_the_built_in_rules() {
    // 500 with a "busy" code: not retried by default, retried by the classifier; 503 of this
    // service: retried by default, never by the classifier.
    let server = FaultServer::start(|r, n| match (r.path().ends_with("/busy"), n) {
        (true, 1) => Action::status(500, r#"{"error_code": "ECS.9999", "error_msg": "busy"}"#),
        (true, _) => Action::status(200, r#"{"id": 1}"#),
        (false, _) => Action::status(503, "{}"),
    })
    .await;
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let classifier = ClassifierFn(move |outcome: &AttemptOutcome<'_>, request: &_| {
        let _: &huaweicloud_sdk_core::Request = request;
        match outcome {
            AttemptOutcome::Response { status, body, .. } => {
                log.lock().unwrap().push(*status);
                if *status == 500 && String::from_utf8_lossy(body).contains("ECS.9999") {
                    RetryDecision::Retry
                } else if *status == 503 {
                    RetryDecision::DontRetry
                } else {
                    RetryDecision::Default
                }
            }
            _ => RetryDecision::Default,
        }
    });
    let client = client(&server, |c| c.with_retry_classifier(classifier));
    let item = client
        .call::<ShowItem>(
            ShowItemInput {
                item_id: "busy".into(),
            },
            Customize::new(),
        )
        .await
        .unwrap();
    assert_eq!(item, Item { id: 1 });
    client
        .call::<ShowItem>(input(), Customize::new())
        .await
        .unwrap_err();
    assert_eq!(server.total(), 3, "{:?}", server.requests());
    assert_eq!(*seen.lock().unwrap(), [500, 200, 503]);
}

#[tokio::test]
async fn tls_options_build_or_fail_clearly() {
    let server = FaultServer::start(|_, _| Action::status(200, r#"{"id": 1}"#)).await;
    // Not a PEM certificate: the client says so, and sends nothing.
    let config = Config::new(AkSkCredentials::new("AK", "SK"))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_ca_certificate_pem(
            b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n".to_vec(),
        );
    let err = Client::new(&config, SVC).unwrap_err();
    assert!(matches!(err, SdkError::InvalidInput { .. }), "{err:?}");
    assert!(err.to_string().contains("CA certificate"), "{err}");
    let config = config.with_ca_certificate_pem(Vec::new());
    assert!(Client::new(&config, SVC).is_err());
    // Skipping verification is named as dangerous, and plain HTTP is unaffected.
    let client = client(&server, |c| c.with_danger_accept_invalid_certs(true));
    client
        .call::<ShowItem>(input(), Customize::new())
        .await
        .unwrap();
    assert!(format!("{:?}", client.config()).contains("accept_invalid_certs: true"));
}

/// A TLS acceptor with the test certificate of `127.0.0.1` and `localhost`, signed by the
/// test CA of `tests/tls/ca.pem` (see `tests/tls/README.md`).
fn tls_acceptor() -> tokio_rustls::TlsAcceptor {
    use tokio_rustls::rustls;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(include_bytes!("tls/server.pem"))
        .collect::<Result<Vec<_>, _>>()
        .expect("server.pem");
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("tls/server.key")).expect("server.key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("certificate and key");
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

fn tls_client(server: &FaultServer, config: impl FnOnce(Config) -> Config) -> Client {
    let base = Config::new(AkSkCredentials::new("AK", "SK"))
        .with_endpoint(format!("https://127.0.0.1:{}", server.addr.port()))
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id("p1")
        .with_retry_policy(RetryPolicy::disabled());
    Client::new(&config(base), SVC).unwrap()
}

#[tokio::test]
async fn a_custom_ca_lets_the_client_trust_a_private_server() {
    let server =
        FaultServer::start_tls(tls_acceptor(), |_, _| Action::status(200, r#"{"id": 9}"#)).await;
    // The system's roots do not know the test CA: the handshake fails and nothing is sent.
    let err = tls_client(&server, |c| c)
        .call::<ShowItem>(input(), Customize::new())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Transport { .. }), "{err:?}");
    assert_eq!(server.total(), 0);
    // Trusting a certificate that is not the one that signed the server's does not help.
    let err = tls_client(&server, |c| {
        c.with_ca_certificate_pem(include_bytes!("tls/server.pem").to_vec())
    })
    .call::<ShowItem>(input(), Customize::new())
    .await
    .unwrap_err();
    assert!(matches!(err, SdkError::Transport { .. }), "{err:?}");
    assert_eq!(server.total(), 0);
    // With the CA that signed it, the call goes through, signed as over plain HTTP.
    let item = tls_client(&server, |c| {
        c.with_ca_certificate_pem(include_bytes!("tls/ca.pem").to_vec())
    })
    .call::<ShowItem>(input(), Customize::new())
    .await
    .unwrap();
    assert_eq!(item, Item { id: 9 });
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path(), "/v1/p1/items/i-1");
    assert!(sent[0]
        .header("Authorization")
        .is_some_and(|a| a.starts_with("SDK-HMAC-SHA256 Access=AK,")));
}

#[tokio::test]
async fn skipping_verification_trusts_a_server_no_root_vouches_for() {
    let server =
        FaultServer::start_tls(tls_acceptor(), |_, _| Action::status(200, r#"{"id": 3}"#)).await;
    let item = tls_client(&server, |c| c.with_danger_accept_invalid_certs(true))
        .call::<ShowItem>(input(), Customize::new())
        .await
        .unwrap();
    assert_eq!(item, Item { id: 3 });
    assert_eq!(server.total(), 1);
}
