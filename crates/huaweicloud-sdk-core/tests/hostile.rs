//! Hostile servers on loopback: a 1 GiB gzip bomb, endless and trickling bodies, a lying
//! `Content-Length`, JSON nested 100,000 deep, a 10,000-digit number, invalid UTF-8, binary
//! and NUL-filled error bodies, wrong content types, duplicate keys, redirects to another host,
//! TLS against a plaintext server. Each ends in a typed error (or the documented tolerant
//! reading) within its limit. Peak memory figures: `cargo xtask bench hostile`.

mod hostile_server;

use std::time::Duration;

use hostile_server::{gzip_zeros, huge_number_json, nested_json, Body, Reply, Server};
use huaweicloud_sdk_core::meta::Customize;
use huaweicloud_sdk_core::{
    AkSkCredentials, Client, Config, ErrorMeta, Method, Request, RetryPolicy, SdkError,
    ServiceInfo, TokenCredentials, UnmodeledError, DEFAULT_MAX_RESPONSE_BYTES,
};
use serde_json::Value;

const AK: &str = "HOSTILEAKEXAMPLE0001";
const SK: &str = "hostile-secret-key-never-shown-0123456789";
const TOKEN: &str = "hostile-security-token-never-shown";
const GIB: u64 = 1 << 30;

fn service() -> ServiceInfo {
    ServiceInfo::new("cce", "https://cce.{region}.myhuaweicloud.com")
}

fn config(server: &Server) -> Config {
    Config::new(AkSkCredentials::new(AK, SK).with_security_token(TOKEN))
        .with_endpoint(server.url())
        .with_region("cn-north-4")
        .with_project_id("0123456789abcdef0123456789abcdef")
        .with_retry_policy(RetryPolicy::disabled())
        .with_attempt_timeout(Some(Duration::from_secs(60)))
}

async fn get<T: serde::de::DeserializeOwned>(config: &Config) -> Result<T, SdkError> {
    let client = Client::new(config, service()).unwrap();
    client
        .execute::<T, UnmodeledError>(Request::new(Method::GET, "/v3/things"))
        .await
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Job {
    job_id: Option<String>,
    count: Option<i64>,
}

fn assert_no_secret(e: &SdkError) {
    for shown in [e.to_string(), format!("{e:?}")] {
        for secret in [AK, SK, TOKEN] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}

#[tokio::test]
async fn a_gigabyte_gzip_bomb_stops_at_the_limit_with_status_and_request_id() {
    // ~1 MB on the wire, 1 GiB inflated; compressed on the fly, never held inflated.
    let gz = gzip_zeros(GIB);
    assert!(gz.len() < 2 << 20, "the bomb is {} bytes", gz.len());
    let server = Server::start(|_| Reply::new(200, Body::GzipBomb { inflated: GIB }));
    let e = get::<Job>(&config(&server)).await.unwrap_err();
    match &e {
        SdkError::ResponseTooLarge {
            status,
            request_id,
            limit,
            read,
            attempts,
        } => {
            assert_eq!(*status, 200);
            assert_eq!(request_id.as_deref(), Some("hostile-request-1"));
            assert_eq!(*limit, DEFAULT_MAX_RESPONSE_BYTES);
            assert!(*read > *limit && *read < *limit + (1 << 20), "{read}");
            assert_eq!(*attempts, 1);
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert_eq!(e.status(), Some(200));
    assert_eq!(e.request_id(), Some("hostile-request-1"));
    let shown = e.to_string();
    assert!(
        shown.contains("larger than the limit of 64 MiB") && shown.contains("hostile-request-1"),
        "{shown}"
    );
    assert_no_secret(&e);
    assert_eq!(server.received().len(), 1, "a limit error is not retried");
}

#[tokio::test]
async fn the_limit_is_per_client_and_per_call() {
    let server = Server::start(|_| Reply::new(200, Body::GzipBomb { inflated: 4 << 20 }));
    // Per client: 1 MiB.
    let small = config(&server).with_max_response_bytes(1 << 20);
    assert_eq!(small.max_response_bytes(), 1 << 20);
    match get::<Value>(&small).await.unwrap_err() {
        SdkError::ResponseTooLarge { limit, .. } => assert_eq!(limit, 1 << 20),
        other => panic!("{other:?}"),
    }
    // Per call: raised above the body (4 MiB of zeros is then a decode error, not a limit).
    let client = Client::new(&small, service()).unwrap();
    let request = Customize::new()
        .max_response_bytes(8 << 20)
        .apply(Request::new(Method::GET, "/v3/things"));
    let raw = client.send::<UnmodeledError>(request).await.unwrap();
    assert_eq!(raw.body.len(), 4 << 20);
    // Per call, lowered below the client's.
    let request = Request::new(Method::GET, "/v3/things").max_response_bytes(1000);
    match client.send::<UnmodeledError>(request).await.unwrap_err() {
        SdkError::ResponseTooLarge { limit, read, .. } => {
            assert_eq!(limit, 1000);
            assert!(read > 1000);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_endless_body_is_cut_at_the_limit_and_the_rest_is_never_read() {
    let server = Server::start(|_| Reply::new(200, Body::Endless(vec![b' '; 16 * 1024])));
    let limit = 1 << 20;
    let e = get::<Value>(&config(&server).with_max_response_bytes(limit))
        .await
        .unwrap_err();
    assert!(
        matches!(e, SdkError::ResponseTooLarge { status: 200, .. }),
        "{e:?}"
    );
    // The connection is dropped: what the server got out is the limit plus socket buffers.
    std::thread::sleep(Duration::from_millis(200));
    let written = server.written();
    assert!(written < 64 << 20, "the server wrote {written} bytes");
}

#[tokio::test]
async fn a_lying_content_length_over_the_limit_fails_before_the_body_is_read() {
    let server = Server::start(|_| Reply::new(200, Body::Announced { declared: 10 * GIB }));
    let e = get::<Value>(&config(&server)).await.unwrap_err();
    match e {
        SdkError::ResponseTooLarge { read, limit, .. } => {
            assert_eq!(read, 10 * GIB, "the announced length is reported");
            assert_eq!(limit, DEFAULT_MAX_RESPONSE_BYTES);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_trickles_forever_ends_at_the_attempt_and_the_total_timeout() {
    let server = Server::start(|_| {
        Reply::new(
            200,
            Body::Trickle {
                every: Duration::from_millis(20),
            },
        )
    });
    let attempt = config(&server).with_attempt_timeout(Some(Duration::from_millis(500)));
    let e = get::<Value>(&attempt).await.unwrap_err();
    assert!(matches!(e, SdkError::Timeout { attempts: 1, .. }), "{e:?}");
    let total = config(&server)
        .with_attempt_timeout(None)
        .with_total_timeout(Some(Duration::from_millis(500)));
    let e = get::<Value>(&total).await.unwrap_err();
    assert!(matches!(e, SdkError::Timeout { .. }), "{e:?}");
}

fn decode_error(e: SdkError) -> (u16, String, String) {
    assert_no_secret(&e);
    match e {
        SdkError::Decode {
            status,
            body_snippet,
            message,
            request_id,
        } => {
            assert_eq!(request_id.as_deref(), Some("hostile-request-1"));
            assert!(body_snippet.len() <= 256 + '…'.len_utf8(), "{body_snippet}");
            assert!(
                !body_snippet
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{body_snippet:?}"
            );
            (status, body_snippet, message)
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn json_nested_100000_deep_is_a_decode_error_not_a_stack_overflow() {
    let server = Server::start(|_| Reply::json(200, nested_json(100_000)));
    let (status, snippet, message) = decode_error(get::<Job>(&config(&server)).await.unwrap_err());
    assert_eq!(status, 200);
    assert!(message.contains("recursion limit"), "{message}");
    assert!(snippet.starts_with("[[[["), "{snippet}");
    // Untyped, as `invoke` and `hwc` read a body.
    let (_, _, message) = decode_error(get::<Value>(&config(&server)).await.unwrap_err());
    assert!(message.contains("recursion limit"), "{message}");
    // Objects too.
    let mut deep = b"{\"a\":".repeat(100_000);
    deep.extend(b"1");
    deep.extend(b"}".repeat(100_000));
    let server = Server::start(move |_| Reply::json(200, deep.clone()));
    decode_error(get::<Value>(&config(&server)).await.unwrap_err());
}

#[tokio::test]
async fn a_10000_digit_number_is_a_decode_error() {
    for field in ["count", "job_id"] {
        let server = Server::start(move |_| Reply::json(200, huge_number_json(field, 10_000)));
        let (_, snippet, message) = decode_error(get::<Job>(&config(&server)).await.unwrap_err());
        assert!(message.contains("number out of range"), "{message}");
        assert!(snippet.ends_with('…'), "{snippet}");
        decode_error(get::<Value>(&config(&server)).await.unwrap_err());
    }
    // Beyond i64 but within f64: an integer field is a decode error, not a wrapped value.
    let server = Server::start(|_| Reply::json(200, r#"{"count": 99999999999999999999}"#));
    decode_error(get::<Job>(&config(&server)).await.unwrap_err());
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_with_a_valid_utf8_snippet() {
    let server = Server::start(|_| Reply::json(200, b"{\"job_id\": \"\xff\xfe\xc3\"}".to_vec()));
    let (_, snippet, message) = decode_error(get::<Job>(&config(&server)).await.unwrap_err());
    assert!(message.contains("invalid unicode"), "{message}");
    assert!(snippet.starts_with("{\"job_id\""), "{snippet}");
}

#[tokio::test]
async fn error_bodies_of_nul_bytes_binary_or_escapes_are_shown_bounded_and_printable() {
    // 1 MiB of NUL bytes with an error status (what a gzip bomb below the limit looks like).
    let server = Server::start(|_| Reply::json(500, vec![0u8; 1 << 20]));
    let e = get::<Job>(&config(&server)).await.unwrap_err();
    let meta = e.meta().expect("a service error").clone();
    assert_eq!(meta.error_msg, "<binary data, 1 MiB>");
    assert_eq!(meta.request_id.as_deref(), Some("hostile-request-1"));
    assert!(!e.to_string().contains('\0'));
    assert!(format!("{meta:?}").len() < 1024);
    // A success body of NULs: the decode error's snippet says what it is.
    let server = Server::start(|_| Reply::json(200, vec![0u8; 4096]));
    let (_, snippet, _) = decode_error(get::<Job>(&config(&server)).await.unwrap_err());
    assert_eq!(snippet, "<binary data, 4 KiB>");
    // Text with terminal escapes and invalid UTF-8: kept as text, the controls replaced.
    let text = b"\x1b[2J\x1b]0;pwned\x07 upstream failed \xff\r\n".repeat(200);
    let server = Server::start(move |_| Reply::json(502, text.clone()));
    let e = get::<Job>(&config(&server)).await.unwrap_err();
    let msg = &e.meta().unwrap().error_msg;
    assert!(msg.contains("upstream failed"), "{msg}");
    assert!(
        !msg.chars().any(|c| c == '\x1b' || c == '\x07' || c == '\r'),
        "{msg:?}"
    );
    assert!(msg.len() <= 2048 + 3 && msg.ends_with('…'), "{}", msg.len());
    // A JSON error whose message is huge and full of controls.
    let huge = format!(
        "{{\"error_code\": \"X.1\", \"error_msg\": \"{}\"}}",
        "\\u0000\\u001b".repeat(100_000)
    );
    let meta = ErrorMeta::from_parts(400, &http::HeaderMap::new(), huge.into());
    assert_eq!(meta.error_code, "X.1");
    assert!(
        meta.error_msg.len() <= 2048 * 3 + 3,
        "{}",
        meta.error_msg.len()
    );
    assert!(!meta.error_msg.contains('\0'));
}

#[tokio::test]
async fn duplicate_keys_keep_the_last_value_and_content_type_is_not_trusted() {
    let server = Server::start(|_| Reply::json(200, r#"{"job_id": "first", "job_id": "last"}"#));
    let job: Job = get(&config(&server)).await.unwrap();
    assert_eq!(job.job_id.as_deref(), Some("last"));
    // JSON labelled as HTML still decodes (the operation returns JSON).
    let server = Server::start(|_| {
        Reply::json(200, r#"{"job_id": "j"}"#).header("Content-Type", "text/html")
    });
    let job: Job = get(&config(&server)).await.unwrap();
    assert_eq!(job.job_id.as_deref(), Some("j"));
    // An HTML page labelled as JSON is a decode error.
    let server = Server::start(|_| Reply::json(200, "<html><body>login</body></html>"));
    let (_, snippet, _) = decode_error(get::<Job>(&config(&server)).await.unwrap_err());
    assert!(snippet.starts_with("<html>"), "{snippet}");
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_sends_no_credential_anywhere() {
    let elsewhere = Server::start_on("127.0.0.2", |_| Reply::json(200, "{}"));
    for status in [301, 302, 303, 307, 308] {
        let location = format!("{}/v3/things", elsewhere.url());
        let origin = Server::start(move |_| Reply::json(status, "").header("Location", &location));
        for credentials in ["aksk", "token"] {
            let mut cfg = config(&origin);
            if credentials == "token" {
                cfg = cfg.with_credentials(TokenCredentials::new(TOKEN));
            }
            let client = Client::new(&cfg, service()).unwrap();
            let raw = client
                .send::<UnmodeledError>(Request::new(Method::GET, "/v3/things"))
                .await
                .unwrap();
            assert_eq!(
                raw.status.as_u16(),
                status,
                "the redirect comes back as it is"
            );
        }
        let sent = origin.received();
        assert_eq!(sent.len(), 2);
        assert!(sent[0].header("Authorization").is_some());
        assert_eq!(sent[1].header("X-Auth-Token"), Some(TOKEN));
    }
    assert!(
        elsewhere.received().is_empty(),
        "the other host got {:?}",
        elsewhere.received()
    );
}

#[tokio::test]
async fn lookups_send_credentials_only_to_the_configured_iam_endpoint() {
    let iam_elsewhere = Server::start_on("127.0.0.2", |_| Reply::json(200, "{}"));
    let location = format!("{}/v3/projects", iam_elsewhere.url());
    // IAM answers the lookup with a redirect: not followed, a credentials error.
    let iam = Server::start(move |_| Reply::json(302, "").header("Location", &location));
    let service_host = Server::start(|_| Reply::json(200, "{}"));
    let cfg = Config::new(AkSkCredentials::new(AK, SK).with_security_token(TOKEN))
        .with_endpoint(service_host.url())
        .with_iam_endpoint(iam.url())
        .with_region("cn-north-4")
        .with_retry_policy(RetryPolicy::disabled());
    let client = Client::new(&cfg, service()).unwrap();
    let e = client
        .execute::<Value, UnmodeledError>(Request::new(Method::GET, "/v3/{project_id}/things"))
        .await
        .unwrap_err();
    assert_no_secret(&e);
    assert!(
        matches!(e, SdkError::Decode { .. } | SdkError::Credentials { .. }),
        "{e:?}"
    );
    assert_eq!(iam.received().len(), 1);
    assert_eq!(iam.received()[0].target, "/v3/projects?name=cn-north-4");
    assert!(
        service_host.received().is_empty(),
        "nothing is sent without the project id"
    );
    assert!(iam_elsewhere.received().is_empty());
    // A lookup answered with a bomb is a limit error naming IAM's response.
    let bomb = Server::start(|_| Reply::new(200, Body::GzipBomb { inflated: GIB }));
    let cfg = cfg.with_iam_endpoint(bomb.url());
    let client = Client::new(&cfg, service()).unwrap();
    let e = client
        .execute::<Value, UnmodeledError>(Request::new(Method::GET, "/v3/{project_id}/things"))
        .await
        .unwrap_err();
    assert!(matches!(e, SdkError::ResponseTooLarge { .. }), "{e:?}");
    assert_no_secret(&e);
    assert!(service_host.received().is_empty());
}

#[tokio::test]
async fn https_never_falls_back_to_plaintext() {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let first = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 5];
        s.read_exact(&mut buf).unwrap();
        buf
    });
    let cfg = Config::new(AkSkCredentials::new(AK, SK))
        .with_endpoint(format!("https://127.0.0.1:{port}"))
        .with_project_id("p")
        .with_retry_policy(RetryPolicy::disabled())
        .with_attempt_timeout(Some(Duration::from_secs(5)));
    let e = get::<Value>(&cfg).await.unwrap_err();
    assert!(
        matches!(e, SdkError::Transport { .. } | SdkError::Timeout { .. }),
        "{e:?}"
    );
    let hello = first.join().unwrap();
    assert_eq!(hello[0], 0x16, "a TLS handshake, not {hello:?}");
    // An endpoint without a scheme is https.
    let c = Client::new(&cfg.with_endpoint("cce.example.com"), service()).unwrap();
    assert_eq!(c.endpoint(), "https://cce.example.com");
}

#[test]
fn tls_is_rustls_only() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock"))
        .expect("the workspace's Cargo.lock");
    for crate_name in [
        "openssl",
        "openssl-sys",
        "native-tls",
        "hyper-tls",
        "tokio-native-tls",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{crate_name}\"\n")),
            "{crate_name} is in Cargo.lock"
        );
    }
    assert!(lock.contains("name = \"rustls\"\n"));
}
