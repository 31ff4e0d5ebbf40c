//! Client behaviour against a local fault-injecting server.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Action, FaultServer};
use huaweicloud_sdk_core::testing::{verify_signature, ReceivedRequest};
use huaweicloud_sdk_core::{
    handle_json, AkSkCredentials, Client, Config, FixedClock, Method, ProxyConfig, Request,
    RetryPolicy, SdkError, ServiceInfo, TokenCredentials, UnmodeledError,
};

const AK: &str = "HPUAEXAMPLEAK1234567";
const SK: &str = "exampleSecretKey0123456789abcdefghijklmno";
const SVC: ServiceInfo = ServiceInfo::new("ecs", "https://ecs.{region}.myhuaweicloud.com");

/// Credentials, the local server as endpoint, no proxy, fast retries; no project, no region.
fn base_config(server: &FaultServer) -> Config {
    Config::new(AkSkCredentials::new(AK, SK))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_retry_policy(RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(1)))
}

fn config(server: &FaultServer) -> Config {
    base_config(server).with_project_id("0123456789abcdef0123456789abcdef")
}

fn verify(r: &common::Received) {
    let req = ReceivedRequest::from_http(&r.method, r.path(), r.query(), &r.header_map(), &r.body);
    if let Err(e) = verify_signature(&req, AK, SK) {
        panic!("signature of {r:?} does not verify: {e}");
    }
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Item {
    id: u64,
}

#[tokio::test]
async fn retry_503_then_200() {
    let server = FaultServer::start(|_, n| {
        if n == 1 {
            Action::status(503, r#"{"error_code":"X.503","error_msg":"busy"}"#)
        } else {
            Action::status(200, r#"{"id": 7}"#).with_header("X-Request-Id", "rid-ok")
        }
    })
    .await;
    let client = Client::new(&config(&server), SVC).unwrap();
    let raw = client
        .send::<UnmodeledError>(
            Request::new(Method::GET, "/v1/{project_id}/items").operation("ListItems"),
        )
        .await
        .unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(raw.attempts, 2);
    assert_eq!(raw.request_id.as_deref(), Some("rid-ok"));
    let item: Item = handle_json::<Item, UnmodeledError>(raw).unwrap();
    assert_eq!(item, Item { id: 7 });
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_eq!(r.path(), "/v1/0123456789abcdef0123456789abcdef/items");
        assert_eq!(
            r.header("x-project-id"),
            Some("0123456789abcdef0123456789abcdef")
        );
        verify(r);
    }
}

#[tokio::test]
async fn three_503_is_a_service_error_with_the_last_status() {
    let server = FaultServer::start(|_, n| {
        Action::status(
            503,
            &format!(r#"{{"error_code":"X.{n}","error_msg":"busy {n}"}}"#),
        )
        .with_header("x-request-id", &format!("rid-{n}"))
    })
    .await;
    let client = Client::new(&config(&server), SVC).unwrap();
    let err = client
        .execute::<Item, UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap_err();
    match &err {
        SdkError::Service { meta, .. } => {
            assert_eq!(meta.status, 503);
            assert_eq!(meta.error_code, "X.3");
            assert_eq!(meta.error_msg, "busy 3");
            assert_eq!(meta.request_id.as_deref(), Some("rid-3"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(server.total(), 3);
    let shown = err.to_string();
    assert!(
        shown.contains("503") && shown.contains("X.3") && shown.contains("rid-3"),
        "{shown}"
    );
}

#[tokio::test]
async fn post_is_not_repeated_after_503_or_reset() {
    let server = FaultServer::start(|r, _| {
        if r.header("x-test-id") == Some("reset") {
            Action::Reset
        } else {
            Action::status(503, "{}")
        }
    })
    .await;
    let client = Client::new(&config(&server), SVC).unwrap();
    let post = || Request::new(Method::POST, "/v1/items").body(r#"{"a": 1}"#);
    let err = client
        .execute::<Item, UnmodeledError>(post().header("X-Test-Id", "503"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.attempts("503"), 1);
    let err = client
        .execute::<Item, UnmodeledError>(post().header("X-Test-Id", "reset"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(server.attempts("reset"), 1);

    // Marked idempotent: the same POST is retried.
    let err = client
        .execute::<Item, UnmodeledError>(post().header("X-Test-Id", "idem").idempotent(true))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.attempts("idem"), 3);
}

#[tokio::test]
async fn get_is_retried_after_a_reset() {
    let server = FaultServer::start(|_, n| {
        if n == 1 {
            Action::Reset
        } else {
            Action::status(200, r#"{"id": 1}"#)
        }
    })
    .await;
    let client = Client::new(&config(&server), SVC).unwrap();
    let raw = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    assert_eq!(raw.attempts, 2);
}

#[tokio::test]
async fn connection_refused_is_retried_even_for_post() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let config = Config::new(AkSkCredentials::new(AK, SK))
        .with_endpoint(format!("http://{addr}"))
        .with_proxy(ProxyConfig::Disabled)
        .with_retry_policy(RetryPolicy::new(3).with_initial_backoff(Duration::ZERO));
    let client = Client::new(&config, SVC).unwrap();
    let err = client
        .send::<UnmodeledError>(Request::new(Method::POST, "/v1/items"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::Transport { attempts: 3, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = FaultServer::start(|_, n| {
        if n == 1 {
            Action::status(429, "{}").with_header("Retry-After", "1")
        } else {
            Action::status(200, r#"{"id": 2}"#)
        }
    })
    .await;
    let client = Client::new(&config(&server), SVC).unwrap();
    let start = Instant::now();
    let item: Item = client
        .execute::<Item, UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    let waited = start.elapsed();
    assert_eq!(item.id, 2);
    assert!(
        waited >= Duration::from_millis(900),
        "waited only {waited:?}"
    );
    assert_eq!(server.total(), 2);
}

#[tokio::test]
async fn hung_server_times_out_within_the_budget() {
    let server = FaultServer::start(|_, _| Action::Hang).await;
    let timed_out = |client: Client, request: Request| async move {
        let start = Instant::now();
        let err = client.send::<UnmodeledError>(request).await.unwrap_err();
        match err {
            SdkError::Timeout { attempts, elapsed } => (attempts, elapsed, start.elapsed()),
            other => panic!("expected a timeout, got {other:?}"),
        }
    };
    // The attempts run out first: 3 of 100 ms, well within the 2 s budget.
    let by_attempts = config(&server)
        .with_attempt_timeout(Some(Duration::from_millis(100)))
        .with_total_timeout(Some(Duration::from_secs(2)));
    let get = || Request::new(Method::GET, "/v1/items");
    let (attempts, elapsed, took) = timed_out(
        Client::new(&by_attempts, SVC).unwrap(),
        get().header("X-Test-Id", "attempts"),
    )
    .await;
    assert_eq!(attempts, 3, "every attempt of the policy is made");
    assert_eq!(server.attempts("attempts"), 3, "and reaches the server");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(took < Duration::from_millis(1500), "took {took:?}");

    // The budget runs out first: attempts of 150 ms in 400 ms are two whole ones and a third
    // cut short, though the policy allows ten.
    let by_budget = config(&server)
        .with_retry_policy(RetryPolicy::new(10).with_initial_backoff(Duration::from_millis(1)))
        .with_attempt_timeout(Some(Duration::from_millis(150)))
        .with_total_timeout(Some(Duration::from_millis(400)));
    let (attempts, elapsed, took) = timed_out(
        Client::new(&by_budget, SVC).unwrap(),
        get().header("X-Test-Id", "budget"),
    )
    .await;
    assert_eq!(attempts, 3);
    assert_eq!(server.attempts("budget"), 3);
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(took < Duration::from_secs(2), "took {took:?}");

    // POST: one attempt, then Timeout.
    let (attempts, _, _) = timed_out(
        Client::new(&by_budget, SVC).unwrap(),
        Request::new(Method::POST, "/v1/items").header("X-Test-Id", "post"),
    )
    .await;
    assert_eq!(attempts, 1);
    assert_eq!(server.attempts("post"), 1);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let server = FaultServer::start(|_, _| {
        Action::status(200, r#"{"id": 12, "name": "trunc"#).with_header("X-Request-Id", "rid-t")
    })
    .await;
    let client = Client::new(&config(&server), SVC).unwrap();
    let err = client
        .execute::<Item, UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap_err();
    match err {
        SdkError::Decode {
            status,
            body_snippet,
            request_id,
            ..
        } => {
            assert_eq!(status, 200);
            assert!(body_snippet.starts_with(r#"{"id": 12"#), "{body_snippet}");
            assert_eq!(request_id.as_deref(), Some("rid-t"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn body_cut_short_is_a_transport_error() {
    let server = FaultServer::start(|_, _| Action::Truncated {
        status: 200,
        declared: 100,
        body: b"{\"id\":".to_vec(),
    })
    .await;
    let client = Client::new(&config(&server), SVC).unwrap();
    let err = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::Transport { attempts: 3, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn temporary_credentials_and_token_auth() {
    let server = FaultServer::start(|_, _| Action::status(200, r#"{"id": 1}"#)).await;
    let config = config(&server).with_credentials(AkSkCredentials::temporary(AK, SK, "SECTOKEN"));
    let client = Client::new(&config, SVC).unwrap();
    client
        .send::<UnmodeledError>(
            Request::new(Method::GET, "/v1/items")
                .query("b", "2")
                .query("a", "x y"),
        )
        .await
        .unwrap();
    let r = server.requests().pop().unwrap();
    assert_eq!(r.header("x-security-token"), Some("SECTOKEN"));
    assert_eq!(r.query(), Some("a=x%20y&b=2"));
    let auth = r.header("authorization").unwrap();
    assert!(auth.contains("x-security-token"), "{auth}");
    verify(&r);

    let config = config.with_credentials(TokenCredentials::new("IAMTOKEN"));
    let client = Client::new(&config, SVC).unwrap();
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    let r = server.requests().pop().unwrap();
    assert_eq!(r.header("x-auth-token"), Some("IAMTOKEN"));
    assert_eq!(r.header("authorization"), None);
}

#[tokio::test]
async fn global_service_sends_domain_id_and_fixed_clock_is_used() {
    let server = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let config = config(&server)
        .with_domain_id("fedcba9876543210fedcba9876543210")
        .with_clock(FixedClock::from_sdk_date("20261123T120000Z").unwrap())
        .with_user_agent("ua-test/1.0");
    let iam = ServiceInfo::global("iam", "https://iam.myhuaweicloud.com");
    let client = Client::new(&config, iam).unwrap();
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v3/auth/domains"))
        .await
        .unwrap();
    let r = server.requests().pop().unwrap();
    assert_eq!(
        r.header("x-domain-id"),
        Some("fedcba9876543210fedcba9876543210")
    );
    assert_eq!(r.header("x-project-id"), None);
    assert_eq!(r.header("x-sdk-date"), Some("20261123T120000Z"));
    assert_eq!(r.header("user-agent"), Some("ua-test/1.0"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.contains("SignedHeaders=content-type;host;user-agent;x-domain-id;x-sdk-date,"),
        "{auth}"
    );
    verify(&r);
}

#[tokio::test]
async fn invalid_input_is_rejected_before_sending() {
    let server = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let config = config(&server);
    let client = Client::new(&config, SVC).unwrap();
    for req in [
        Request::new(Method::GET, "/v1/{domain_id}/x"),
        Request::new(Method::GET, "/v1/{cluster_id}"),
        Request::new(Method::GET, "/v1/x").header("Bad Header", "v"),
        Request::new(Method::GET, "/v1/x").header("X-Ok", "line\nbreak"),
    ] {
        let err = client.send::<UnmodeledError>(req).await.unwrap_err();
        assert!(matches!(err, SdkError::InvalidInput { .. }), "{err:?}");
    }
    assert_eq!(server.total(), 0);
}

/// splitmix64: a deterministic fault plan shared by the server and the checker.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    Ok,
    S503,
    S429,
    S502,
    S504,
    S400,
    S500,
    Reset,
    CutShort,
    BadJson,
}

impl Fault {
    /// The HTTP status a client must report for this fault (none for a reset connection).
    fn status(self) -> Option<u16> {
        match self {
            Fault::Ok | Fault::CutShort | Fault::BadJson => Some(200),
            Fault::S503 => Some(503),
            Fault::S429 => Some(429),
            Fault::S502 => Some(502),
            Fault::S504 => Some(504),
            Fault::S400 => Some(400),
            Fault::S500 => Some(500),
            Fault::Reset => None,
        }
    }
}

fn fault(id: u64, attempt: u32) -> Fault {
    match mix(id.wrapping_mul(31).wrapping_add(u64::from(attempt))) % 20 {
        0..=9 => Fault::Ok,
        10 | 11 => Fault::S503,
        12 => Fault::S429,
        13 => Fault::S502,
        14 => Fault::S504,
        15 => Fault::S400,
        16 => Fault::S500,
        17 => Fault::Reset,
        18 => Fault::CutShort,
        _ => Fault::BadJson,
    }
}

/// What the server does for a fault (statuses written out, not taken from `Fault::status`,
/// which the checker uses).
fn action(id: u64, f: Fault) -> Action {
    let err = |s: u16| {
        Action::status(
            s,
            &format!(r#"{{"error_code":"E.{s}","error_msg":"id {id}"}}"#),
        )
    };
    match f {
        Fault::Ok => Action::status(200, &format!(r#"{{"id": {id}}}"#)),
        Fault::S503 => err(503),
        Fault::S429 => err(429),
        Fault::S502 => err(502),
        Fault::S504 => err(504),
        Fault::S400 => err(400),
        Fault::S500 => err(500),
        Fault::Reset => Action::Reset,
        Fault::CutShort => Action::Truncated {
            status: 200,
            declared: 64,
            body: b"{\"id\"".to_vec(),
        },
        Fault::BadJson => Action::status(200, r#"{"id": "#),
    }
}

/// (final fault, attempts) for a request, given the policy of 3 attempts.
fn expected(id: u64, idempotent: bool) -> (Fault, u32) {
    for attempt in 1..=3u32 {
        let f = fault(id, attempt);
        let retryable = idempotent
            && matches!(
                f,
                Fault::S503
                    | Fault::S429
                    | Fault::S502
                    | Fault::S504
                    | Fault::Reset
                    | Fault::CutShort
            );
        if !(retryable && attempt < 3) {
            return (f, attempt);
        }
    }
    unreachable!()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_requests_with_random_faults() {
    const N: u64 = 10_000;
    let bad_signatures = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let verified_signatures = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (bad, verified) = (bad_signatures.clone(), verified_signatures.clone());
    let server = FaultServer::start(move |r, attempt| {
        let id: u64 = r
            .header("x-test-id")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        // Every attempt's signature, checked as a gateway would.
        let req =
            ReceivedRequest::from_http(&r.method, r.path(), r.query(), &r.header_map(), &r.body);
        if verify_signature(&req, AK, SK).is_err() {
            bad.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        verified.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        action(id, fault(id, attempt))
    })
    .await;
    let config = config(&server).with_retry_policy(
        RetryPolicy::new(3)
            .with_initial_backoff(Duration::ZERO)
            .with_max_backoff(Duration::ZERO),
    );
    let client = Client::new(&config, SVC).unwrap();
    let started = Instant::now();
    let semaphore = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for id in 1..=N {
        let client = client.clone();
        let permit = semaphore.clone().acquire_owned().await.unwrap();
        tasks.spawn(async move {
            let idempotent = id % 4 != 0;
            let method = if idempotent {
                Method::GET
            } else {
                Method::POST
            };
            let mut req = Request::new(method, format!("/v1/items/{id}"))
                .query("id", id.to_string())
                .header("X-Test-Id", id.to_string());
            if !idempotent {
                req = req.body(format!(r#"{{"id": {id}}}"#));
            }
            let result = client.execute::<Item, UnmodeledError>(req).await;
            drop(permit);
            (id, idempotent, result)
        });
    }
    let mut checked = 0u64;
    let mut mismatches = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (id, idempotent, result) = joined.expect("no panic");
        let (want, want_attempts) = expected(id, idempotent);
        let ok = match (&want, &result) {
            (Fault::Ok, Ok(item)) => item.id == id,
            (
                Fault::S503 | Fault::S429 | Fault::S502 | Fault::S504 | Fault::S400 | Fault::S500,
                Err(SdkError::Service { meta, .. }),
            ) => {
                // The status of the fault planned for the last attempt, and its body.
                let status = want.status().expect("an error fault has a status");
                meta.status == status
                    && meta.error_code == format!("E.{status}")
                    && meta.error_msg == format!("id {id}")
            }
            (Fault::Reset | Fault::CutShort, Err(SdkError::Transport { attempts, .. })) => {
                *attempts == want_attempts
            }
            (Fault::BadJson, Err(SdkError::Decode { status: 200, .. })) => true,
            _ => false,
        };
        let attempts = server.attempts(&id.to_string());
        if !ok || attempts != want_attempts {
            mismatches.push(format!(
                "id {id}: want {want:?} after {want_attempts} attempts, got {result:?} after {attempts}"
            ));
        }
        checked += 1;
    }
    assert_eq!(checked, N);
    assert!(
        mismatches.is_empty(),
        "{} mismatches, e.g. {:?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(5)]
    );
    assert_eq!(bad_signatures.load(std::sync::atomic::Ordering::Relaxed), 0);
    assert_eq!(
        verified_signatures.load(std::sync::atomic::Ordering::Relaxed),
        server.total(),
        "every attempt's signature is verified"
    );
    eprintln!(
        "{N} requests, {} attempts, in {:?}",
        server.total(),
        started.elapsed()
    );
}

/// A clock that moves one second forward at every reading.
#[derive(Debug)]
struct TickingClock(std::sync::Mutex<std::time::SystemTime>);

impl huaweicloud_sdk_core::Clock for TickingClock {
    fn now(&self) -> std::time::SystemTime {
        let mut t = self.0.lock().unwrap();
        *t += Duration::from_secs(1);
        *t
    }
}

#[tokio::test]
async fn every_attempt_is_signed_afresh() {
    let server = FaultServer::start(|_, n| {
        if n < 3 {
            Action::status(502, "{}")
        } else {
            Action::status(200, r#"{"id": 3}"#)
        }
    })
    .await;
    let start = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000);
    let config = config(&server).with_clock(TickingClock(std::sync::Mutex::new(start)));
    let client = Client::new(&config, SVC).unwrap();
    let item: Item = client
        .execute::<Item, UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    assert_eq!(item.id, 3);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    let dates: std::collections::BTreeSet<_> = reqs
        .iter()
        .map(|r| r.header("x-sdk-date").unwrap().to_owned())
        .collect();
    assert_eq!(dates.len(), 3, "{dates:?}");
    let auths: std::collections::BTreeSet<_> = reqs
        .iter()
        .map(|r| r.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(auths.len(), 3);
    reqs.iter().for_each(verify);
}

#[tokio::test]
async fn sm3_and_derived_v11_signing_through_the_client() {
    use huaweicloud_sdk_core::Algorithm;
    let server = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let sm3 = config(&server).with_signing_algorithm(Algorithm::SdkHmacSm3);
    Client::new(&sm3, SVC)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::POST, "/v1/items").body("{\"a\": 1}"))
        .await
        .unwrap();
    let r = server.requests().pop().unwrap();
    assert!(r
        .header("authorization")
        .unwrap()
        .starts_with("SDK-HMAC-SM3 Access="));
    verify(&r);

    // V11 is used for endpoints outside myhuaweicloud.com when enabled.
    let v11 = config(&server)
        .with_region("cn-north-4")
        .with_derived_auth_service_name("ecs");
    Client::new(&v11, SVC)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items").query("limit", "1"))
        .await
        .unwrap();
    let r = server.requests().pop().unwrap();
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.starts_with(&format!("V11-HMAC-SHA256 Credential={AK}/")),
        "{auth}"
    );
    assert!(auth.contains("/cn-north-4/ecs, "), "{auth}");
    verify(&r);

    // Without a region, derived signing cannot work: invalid input, nothing sent.
    let before = server.total();
    let no_region = config(&server).with_derived_auth_service_name("ecs");
    let err = Client::new(&no_region, SVC)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::InvalidInput { .. }), "{err:?}");
    assert_eq!(server.total(), before);
}

#[tokio::test]
async fn content_type_can_be_dropped_for_bodyless_gets() {
    let server = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let config = config(&server).with_ignore_content_type_for_get(true);
    let client = Client::new(&config, SVC).unwrap();
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    let r = server.requests().pop().unwrap();
    assert_eq!(r.header("content-type"), None);
    verify(&r);
    client
        .send::<UnmodeledError>(Request::new(Method::POST, "/v1/items").body("{}"))
        .await
        .unwrap();
    let r = server.requests().pop().unwrap();
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn extreme_settings_do_not_panic() {
    let server = FaultServer::start(|_, n| {
        if n == 1 {
            Action::status(503, "{}").with_header("Retry-After", "99999999999999999999")
        } else {
            Action::status(200, "{}")
        }
    })
    .await;
    let config = config(&server)
        .with_total_timeout(Some(Duration::MAX))
        .with_attempt_timeout(Some(Duration::MAX))
        .with_retry_policy(
            RetryPolicy::new(u32::MAX)
                .with_max_backoff(Duration::MAX)
                .with_max_retry_after(Duration::MAX),
        );
    let client = Client::new(&config, SVC).unwrap();
    // An unparseable Retry-After falls back to the (short) backoff.
    let raw = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    assert_eq!(raw.status, 200);

    let before_epoch = FixedClock(std::time::UNIX_EPOCH - Duration::from_secs(10));
    let client = Client::new(&config.clone().with_clock(before_epoch), SVC).unwrap();
    let err = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::InvalidInput { .. }), "{err:?}");
}

/// A gzip member with one stored (uncompressed) deflate block.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let len = u16::try_from(data.len()).expect("small test body");
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0x01];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

#[tokio::test]
async fn gzip_responses_are_decoded() {
    let server = FaultServer::start(|r, _| {
        assert!(r
            .header("accept-encoding")
            .unwrap_or_default()
            .contains("gzip"));
        Action::Respond {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Content-Encoding".into(), "gzip".into()),
            ],
            body: gzip_stored(br#"{"id": 99}"#),
        }
    })
    .await;
    let client = Client::new(&config(&server), SVC).unwrap();
    let item: Item = client
        .execute::<Item, UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    assert_eq!(item.id, 99);
}

/// A custom provider: rotates temporary credentials at every resolution.
#[derive(Debug, Default)]
struct Rotating(std::sync::atomic::AtomicU32);

impl huaweicloud_sdk_core::Credentials for Rotating {
    fn resolve(&self) -> huaweicloud_sdk_core::CredentialsFuture<'_> {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move {
            if n >= 2 {
                return Err(huaweicloud_sdk_core::CredentialsError::new(
                    "provider exhausted",
                ));
            }
            Ok(huaweicloud_sdk_core::ResolvedCredentials::AkSk(
                AkSkCredentials::temporary(AK, SK, format!("token-{n}")),
            ))
        })
    }
}

#[tokio::test]
async fn custom_credentials_provider_is_asked_per_attempt() {
    let server = FaultServer::start(|_, n| {
        if n == 1 {
            Action::status(503, "{}")
        } else {
            Action::status(200, "{}")
        }
    })
    .await;
    let config = config(&server).with_credentials(Rotating::default());
    let client = Client::new(&config, SVC).unwrap();
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    let reqs = server.requests();
    assert_eq!(reqs[0].header("x-security-token"), Some("token-0"));
    assert_eq!(reqs[1].header("x-security-token"), Some("token-1"));
    reqs.iter().for_each(verify);
    let err = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Credentials { .. }), "{err:?}");
    assert!(err.to_string().contains("provider exhausted"));
}

/// A config like `config` but without a project id: the client asks IAM for the region's.
fn config_without_project(server: &FaultServer) -> Config {
    base_config(server)
        .with_region("cn-north-4")
        .with_iam_endpoint(server.url())
}

#[tokio::test]
async fn a_global_service_looks_its_domain_id_up_once_at_iams_own_endpoint() {
    let iam = FaultServer::start(|r, _| {
        if r.path() == "/v3/auth/domains" {
            Action::status(200, r#"{"domains": [{"id": "d-0042", "name": "acme"}]}"#)
        } else {
            Action::status(404, "{}")
        }
    })
    .await;
    let service = FaultServer::start(|_, _| Action::status(200, r#"{"id": 7}"#)).await;
    // The endpoint override is the called service's; the lookup goes to IAM's endpoint.
    let config = base_config(&service)
        .with_region("cn-north-4")
        .with_iam_endpoint(iam.url());
    let global = ServiceInfo::global("iam", "https://iam.myhuaweicloud.com");
    let client = Client::new(&config, global).unwrap();
    for _ in 0..2 {
        let item: Item = client
            .execute::<Item, UnmodeledError>(Request::new(Method::GET, "/v3/auth/projects"))
            .await
            .unwrap();
        assert_eq!(item, Item { id: 7 });
    }
    let lookups = iam.requests();
    assert_eq!(lookups.len(), 1, "looked up once: {lookups:?}");
    assert_eq!(lookups[0].path(), "/v3/auth/domains");
    assert_eq!(lookups[0].header("x-domain-id"), None);
    assert_eq!(lookups[0].header("x-project-id"), None);
    verify(&lookups[0]);
    let calls = service.requests();
    assert_eq!(calls.len(), 2, "{calls:?}");
    for r in &calls {
        assert_eq!(r.path(), "/v3/auth/projects");
        assert_eq!(r.header("x-domain-id"), Some("d-0042"));
        assert_eq!(r.header("x-project-id"), None);
        verify(r);
    }
}

#[tokio::test]
async fn lookups_never_go_to_the_called_services_endpoint() {
    let iam = FaultServer::start(|r, _| {
        if r.path() == "/v3/projects" {
            Action::status(200, r#"{"projects": [{"id": "p1", "name": "cn-north-4"}]}"#)
        } else {
            Action::status(404, "{}")
        }
    })
    .await;
    let service = FaultServer::start(|_, _| Action::status(200, r#"{"id": 7}"#)).await;
    let config = base_config(&service)
        .with_region("cn-north-4")
        .with_iam_endpoint(iam.url());
    let client = Client::new(&config, SVC).unwrap();
    client
        .execute::<Item, UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/items/7"))
        .await
        .unwrap();
    assert_eq!(iam.requests().len(), 1);
    let calls = service.requests();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].path(), "/v1/p1/items/7");
}

#[tokio::test]
async fn a_failed_domain_lookup_says_what_to_configure() {
    let iam = FaultServer::start(|_, _| Action::status(200, r#"{"domains": []}"#)).await;
    let service = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let config = base_config(&service).with_iam_endpoint(iam.url());
    let global = ServiceInfo::global("iam", "https://iam.myhuaweicloud.com");
    let err = Client::new(&config, global)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v3/auth/projects"))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, SdkError::Credentials { .. }), "{message}");
    assert!(message.contains("HUAWEICLOUD_SDK_DOMAIN_ID"), "{message}");
    assert_eq!(service.total(), 0, "nothing is sent without a domain id");
}

#[tokio::test]
async fn project_id_is_looked_up_at_iam_once_when_not_configured() {
    let server = FaultServer::start(|r, _| {
        if r.path() == "/v3/projects" {
            Action::status(
                200,
                r#"{"projects": [{"id": "other", "name": "cn-north-4_sub"}, {"id": "p-north-4", "name": "cn-north-4"}]}"#,
            )
        } else {
            Action::status(200, r#"{"id": 7}"#)
        }
    })
    .await;
    let client = Client::new(&config_without_project(&server), SVC).unwrap();
    for _ in 0..2 {
        let item: Item = client
            .execute::<Item, UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/items/7"))
            .await
            .unwrap();
        assert_eq!(item, Item { id: 7 });
    }
    let requests = server.requests();
    let lookups: Vec<_> = requests
        .iter()
        .filter(|r| r.path() == "/v3/projects")
        .collect();
    assert_eq!(lookups.len(), 1, "looked up once: {requests:?}");
    assert_eq!(lookups[0].query(), Some("name=cn-north-4"));
    assert_eq!(lookups[0].header("x-project-id"), None);
    verify(lookups[0]);
    let calls: Vec<_> = requests
        .iter()
        .filter(|r| r.path() != "/v3/projects")
        .collect();
    assert_eq!(calls.len(), 2);
    for r in calls {
        assert_eq!(r.path(), "/v1/p-north-4/items/7");
        assert_eq!(r.header("x-project-id"), Some("p-north-4"));
        verify(r);
    }
}

#[tokio::test]
async fn a_failed_project_lookup_says_what_to_configure() {
    for (status, body, says) in [
        (200, r#"{"projects": []}"#, "no project named cn-north-4"),
        (
            401,
            r#"{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"}"#,
            "looking up the project id of region cn-north-4 at IAM failed",
        ),
    ] {
        let server = FaultServer::start(move |r, _| {
            if r.path() == "/v3/projects" {
                Action::status(status, body)
            } else {
                Action::status(200, "{}")
            }
        })
        .await;
        let client = Client::new(&config_without_project(&server), SVC).unwrap();
        let err = client
            .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/items"))
            .await
            .unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, SdkError::Credentials { .. }), "{message}");
        assert!(
            message.contains(says) && message.contains("HUAWEICLOUD_SDK_PROJECT_ID"),
            "{message}"
        );
        assert!(
            server.requests().iter().all(|r| r.path() == "/v3/projects"),
            "nothing else is sent"
        );
    }
    // No region, no lookup: the error says so before anything is sent.
    let server = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let client = Client::new(&base_config(&server), SVC).unwrap();
    let err = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/items"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("project id"), "{err}");
    assert_eq!(server.total(), 0);
}
