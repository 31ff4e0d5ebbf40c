//! Credential providers against loopback servers: the profile file's two sections, the
//! metadata service (one fetch for 100 concurrent requests, refresh before expiry, a server
//! that is down), the agency and IdP exchanges and their refresh, the default chain, and the
//! domain-id lookup under concurrency. Every request a service receives is checked with
//! `verify_signature`, the verifier of the signer vectors' algorithm (`signer_vectors.rs`).

mod common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use common::{Action, FaultServer, Received};
use huaweicloud_sdk_core::providers::{
    AgencyCredentials, AssumeRole, ChainSource, DefaultCredentialsChain, IdpCredentials,
    MetadataCredentials, ProfileCredentials,
};
use huaweicloud_sdk_core::testing::{verify_signature, ReceivedRequest};
use huaweicloud_sdk_core::{
    AkSkCredentials, Client, Clock, Config, Credentials, CredentialsErrorKind, Method, ProxyConfig,
    Request, RetryPolicy, SdkError, ServiceInfo, UnmodeledError,
};

const REGIONAL: ServiceInfo = ServiceInfo::new("ecs", "https://ecs.{region}.myhuaweicloud.com");
const GLOBAL: ServiceInfo = ServiceInfo::global("iam", "https://iam.myhuaweicloud.com");

fn verify(r: &Received, ak: &str, sk: &str) {
    let req = ReceivedRequest::from_http(&r.method, r.path(), r.query(), &r.header_map(), &r.body);
    if let Err(e) = verify_signature(&req, ak, sk) {
        panic!("signature of {r:?} does not verify with {ak}: {e}");
    }
}

/// A clock the test moves.
#[derive(Debug, Clone)]
struct TestClock(Arc<Mutex<SystemTime>>);

impl TestClock {
    fn new() -> Self {
        TestClock(Arc::new(Mutex::new(SystemTime::now())))
    }
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

fn rfc3339(t: SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// A `credential` answer: keys numbered `n`, expiring at `expires`.
fn credential(n: u32, expires: SystemTime) -> String {
    format!(
        r#"{{"credential": {{"access": "TMPAK{n}", "secret": "TMPSK{n}", "securitytoken": "TMPTOKEN{n}", "expires_at": "{}"}}}}"#,
        rfc3339(expires)
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "hwc-providers-{}-{name}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn to_server(config: Config, server: &FaultServer) -> Config {
    config
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_retry_policy(RetryPolicy::new(2).with_initial_backoff(Duration::from_millis(1)))
}

#[tokio::test]
async fn profile_credentials_of_both_sections_sign_verifiably() {
    let dir = scratch("profile");
    let file = dir.join("credentials");
    std::fs::write(
        &file,
        "# the official SDK's format\n[basic]\nak = BASICAK\nsk = BASICSK000\nsecurity_token = BASICTOKEN\nproject_id = p-basic\n\n[global]\nak = GLOBALAK\nsk = GLOBALSK000\ndomain_id = d-global\n",
    )
    .unwrap();
    let server = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let (config, source) = DefaultCredentialsChain::load_from(
        [
            ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", file.to_str().unwrap()),
            ("HOME", "/nonexistent"),
        ],
        None,
    )
    .unwrap();
    assert_eq!(source, ChainSource::Profile);
    assert_eq!(config.project_id(), Some("p-basic"));
    assert_eq!(config.domain_id(), Some("d-global"));
    let config = to_server(config, &server);
    Client::new(&config, REGIONAL)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/servers"))
        .await
        .unwrap();
    Client::new(&config, GLOBAL)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v3/auth/projects"))
        .await
        .unwrap();
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    assert_eq!(reqs[0].path(), "/v1/p-basic/servers");
    assert_eq!(reqs[0].header("x-project-id"), Some("p-basic"));
    assert_eq!(reqs[0].header("x-security-token"), Some("BASICTOKEN"));
    verify(&reqs[0], "BASICAK", "BASICSK000");
    assert_eq!(reqs[1].header("x-domain-id"), Some("d-global"));
    assert_eq!(reqs[1].header("x-security-token"), None);
    verify(&reqs[1], "GLOBALAK", "GLOBALSK000");
}

#[tokio::test]
async fn profile_file_errors_name_the_file_and_what_is_wrong() {
    let dir = scratch("profile-errors");
    for (text, says) in [
        ("[basic]\nak = A\n", "`ak` is set but `sk` is not"),
        (
            "[basic]\nak = A\nsk = S\nsecret = x\n",
            "unknown key `secret`",
        ),
        (
            "[other]\nak = A\n",
            "neither a [basic] nor a [global] section",
        ),
        (
            "[basic]\nidp_id = idp\n",
            "`idp_id` is set but `id_token_file` is not",
        ),
    ] {
        let file = dir.join("credentials");
        std::fs::write(&file, text).unwrap();
        let message = match ProfileCredentials::from_path(&file) {
            Err(e) => e.message,
            Ok(p) => {
                p.resolve_for(huaweicloud_sdk_core::ServiceScope::Regional)
                    .await
                    .unwrap_err()
                    .message
            }
        };
        assert!(
            message.contains(says) && message.contains("credentials"),
            "{text:?}: {message}"
        );
    }
    // Only [basic]: a global service is told which section is missing.
    let file = dir.join("credentials");
    std::fs::write(&file, "[basic]\nak = A\nsk = S\n").unwrap();
    let p = ProfileCredentials::from_path(&file).unwrap();
    let e = p
        .resolve_for(huaweicloud_sdk_core::ServiceScope::Global)
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Missing);
    assert!(e.message.contains("no [global] section"), "{}", e.message);
    // A named file that does not exist is an error, not a fall-through to the metadata.
    let err = DefaultCredentialsChain::load_from(
        [(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            dir.join("missing").to_str().unwrap(),
        )],
        None,
    )
    .unwrap_err();
    assert!(matches!(err, SdkError::Credentials { .. }), "{err}");
    assert!(err.to_string().contains("missing"), "{err}");
}

#[tokio::test]
async fn the_default_chain_goes_environment_then_profile_then_metadata() {
    let home = scratch("chain-home");
    let (_, source) = DefaultCredentialsChain::load_from(
        [
            ("HUAWEICLOUD_SDK_AK", "ENVAK"),
            ("HUAWEICLOUD_SDK_SK", "ENVSK"),
            ("HOME", home.to_str().unwrap()),
        ],
        None,
    )
    .unwrap();
    assert_eq!(source, ChainSource::Environment);
    // No file in HOME: the metadata service.
    let expires = SystemTime::now() + Duration::from_secs(3600);
    let metadata = FaultServer::start(move |r, _| {
        if r.path() == "/openstack/latest/securitykey" {
            Action::status(200, &credential(1, expires))
        } else {
            Action::status(404, "{}")
        }
    })
    .await;
    let (config, source) = DefaultCredentialsChain::load_from(
        [
            ("HOME", home.to_str().unwrap()),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
        ],
        Some(&metadata.url()),
    )
    .unwrap();
    assert_eq!(source, ChainSource::Metadata);
    let service = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    Client::new(&to_server(config, &service), REGIONAL)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/servers"))
        .await
        .unwrap();
    let r = &service.requests()[0];
    assert_eq!(r.path(), "/v1/p1/servers");
    assert_eq!(r.header("x-security-token"), Some("TMPTOKEN1"));
    verify(r, "TMPAK1", "TMPSK1");
    // The file in HOME comes before the metadata.
    std::fs::create_dir_all(home.join(".huaweicloud")).unwrap();
    std::fs::write(
        home.join(".huaweicloud/credentials"),
        "[basic]\nak = FILEAK\nsk = FILESK\n",
    )
    .unwrap();
    let (_, source) =
        DefaultCredentialsChain::load_from([("HOME", home.to_str().unwrap())], None).unwrap();
    assert_eq!(source, ChainSource::Profile);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn metadata_is_fetched_once_for_100_concurrent_requests_and_refreshed_before_expiry() {
    let clock = TestClock::new();
    let start = clock.now();
    let fetches = Arc::new(AtomicU32::new(0));
    let counter = fetches.clone();
    let metadata = FaultServer::start(move |r, _| {
        assert_eq!(r.path(), "/openstack/latest/securitykey");
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        // Slow enough that the 100 requests all wait for this one fetch.
        std::thread::sleep(Duration::from_millis(50));
        Action::status(
            200,
            &credential(n, start + Duration::from_secs(3600 * n as u64)),
        )
    })
    .await;
    let provider = MetadataCredentials::new()
        .with_endpoint(metadata.url())
        .with_clock(clock.clone());
    let service = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let config = to_server(Config::new(provider), &service).with_project_id("p1");
    let client = Client::new(&config, REGIONAL).unwrap();
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/servers"))
                    .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "one fetch for 100 requests"
    );
    let reqs = service.requests();
    assert_eq!(reqs.len(), 100);
    for r in &reqs {
        assert_eq!(r.header("x-security-token"), Some("TMPTOKEN1"));
        verify(r, "TMPAK1", "TMPSK1");
    }
    // 55 minutes later the keys still hold for 5 minutes: inside the 10-minute window, they
    // are refreshed before they expire.
    clock.advance(Duration::from_secs(55 * 60));
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/servers"))
        .await
        .unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let last = service.requests().pop().unwrap();
    assert_eq!(last.header("x-security-token"), Some("TMPTOKEN2"));
    verify(&last, "TMPAK2", "TMPSK2");
    // And the new keys are cached.
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/servers"))
        .await
        .unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_metadata_server_that_is_down_fails_in_bounded_time() {
    // Nobody listens: refused at once.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let refused = MetadataCredentials::new().with_endpoint(format!("http://127.0.0.1:{port}"));
    let e = refused.resolve().await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Unreachable, "{e}");
    assert!(e.message.contains("metadata service"), "{e}");
    // A server that accepts and never answers: the timeout ends it, for every waiting request.
    let hang = FaultServer::start(|_, _| Action::Hang).await;
    let provider = MetadataCredentials::new()
        .with_endpoint(hang.url())
        .with_timeouts(Duration::from_millis(200), Duration::from_millis(300));
    let service = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let client = Client::new(
        &to_server(Config::new(provider), &service).with_project_id("p"),
        REGIONAL,
    )
    .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/x"))
                    .await
            })
        })
        .collect();
    for t in tasks {
        let err = t.await.unwrap().unwrap_err();
        assert!(matches!(err, SdkError::Credentials { .. }), "{err:?}");
        assert!(err.to_string().contains("metadata service"), "{err}");
    }
    // Ten waiting requests share the one failed fetch: not ten timeouts in a row.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(hang.total(), 1, "one fetch for the waiting requests");
    assert_eq!(service.total(), 0, "nothing is sent without credentials");
    // A 404 (no agency) says so.
    let none = FaultServer::start(|_, _| Action::status(404, "{}")).await;
    let e = MetadataCredentials::new()
        .with_endpoint(none.url())
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Rejected);
    assert!(e.message.contains("agency"), "{e}");
}

#[tokio::test]
async fn the_agency_provider_exchanges_and_refreshes_its_keys() {
    let clock = TestClock::new();
    let start = clock.now();
    let iam = FaultServer::start(move |r, n| {
        assert_eq!(r.method, "POST");
        assert_eq!(r.path(), "/v3.0/OS-CREDENTIAL/securitytokens");
        verify(r, "SOURCEAK", "SOURCESK");
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"auth": {"identity": {"methods": ["assume_role"], "assume_role": {
                "domain_name": "acme", "agency_name": "ops", "duration_seconds": 3600}}}})
        );
        Action::status(201, &credential(n, start + Duration::from_secs(3600)))
    })
    .await;
    let service = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let source = Config::new(AkSkCredentials::new("SOURCEAK", "SOURCESK"))
        .with_iam_endpoint(iam.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_clock(clock.clone());
    let agency = AgencyCredentials::new(
        &source,
        AssumeRole::new("acme", "ops").with_duration(Duration::from_secs(3600)),
    );
    // The agency's keys call the service; its endpoint override does not redirect the exchange.
    let config = to_server(source.clone().with_credentials(agency), &service).with_project_id("p");
    let client = Client::new(&config, REGIONAL).unwrap();
    for _ in 0..3 {
        client
            .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/x"))
            .await
            .unwrap();
    }
    assert_eq!(iam.total(), 1);
    clock.advance(Duration::from_secs(3600 - 300));
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/x"))
        .await
        .unwrap();
    assert_eq!(iam.total(), 2, "refreshed 5 minutes before expiry");
    let reqs = service.requests();
    for r in &reqs[..3] {
        verify(r, "TMPAK1", "TMPSK1");
        assert_eq!(r.header("x-security-token"), Some("TMPTOKEN1"));
    }
    verify(&reqs[3], "TMPAK2", "TMPSK2");
    // IAM's refusal is a clear error.
    let refusing = FaultServer::start(|_, _| {
        Action::status(
            403,
            r#"{"error": {"code": "IAM.0001", "message": "no such agency"}}"#,
        )
    })
    .await;
    let e = AgencyCredentials::new(
        &source.clone().with_iam_endpoint(refusing.url()),
        AssumeRole::by_domain_id("d1", "nope"),
    )
    .resolve()
    .await
    .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Rejected);
    assert!(e.message.contains("assuming agency nope"), "{e}");
    assert!(e.message.contains("403"), "{e}");
}

#[tokio::test]
async fn the_idp_provider_exchanges_the_id_token_and_refreshes() {
    let clock = TestClock::new();
    let start = clock.now();
    let iam = FaultServer::start(move |r, n| match r.path() {
        "/v3.0/OS-AUTH/id-token/tokens" => {
            assert_eq!(r.header("x-idp-id"), Some("my-idp"));
            assert_eq!(r.header("authorization"), None, "nothing is signed");
            assert_eq!(r.header("x-auth-token"), None);
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            let id = body["auth"]["id_token"]["id"].as_str().unwrap().to_owned();
            Action::status(201, r#"{"token": {"methods": ["mapped"]}}"#)
                .with_header("X-Subject-Token", &format!("IAMTOKEN-{id}-{n}"))
        }
        "/v3.0/OS-CREDENTIAL/securitytokens" => {
            let token = r.header("x-auth-token").unwrap_or_default().to_owned();
            assert!(token.starts_with("IAMTOKEN-"), "{token}");
            assert_eq!(r.header("authorization"), None);
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(body["auth"]["identity"]["methods"][0], "token");
            Action::status(201, &credential(n, start + Duration::from_secs(3600)))
                .with_header("X-Token-Seen", &token)
        }
        other => panic!("unexpected {other}"),
    })
    .await;
    let dir = scratch("idp");
    let token_file = dir.join("id_token");
    std::fs::write(&token_file, "OIDC1\n").unwrap();
    let base = Config::new(AkSkCredentials::new("", ""))
        .with_iam_endpoint(iam.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_clock(clock.clone());
    let service = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let idp = IdpCredentials::from_file(&base, "my-idp", &token_file);
    let config = to_server(base.clone().with_credentials(idp), &service).with_project_id("p");
    let client = Client::new(&config, REGIONAL).unwrap();
    for _ in 0..2 {
        client
            .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/x"))
            .await
            .unwrap();
    }
    let exchanges = iam.requests();
    assert_eq!(exchanges.len(), 2, "{exchanges:?}");
    assert!(String::from_utf8_lossy(&exchanges[0].body).contains("OIDC1"));
    assert_eq!(
        exchanges[1].header("x-auth-token"),
        Some("IAMTOKEN-OIDC1-1")
    );
    // The platform rotates the token file; the refresh reads it again.
    std::fs::write(&token_file, "OIDC2").unwrap();
    clock.advance(Duration::from_secs(3590));
    client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/x"))
        .await
        .unwrap();
    let exchanges = iam.requests();
    assert_eq!(exchanges.len(), 4);
    assert!(String::from_utf8_lossy(&exchanges[2].body).contains("OIDC2"));
    let reqs = service.requests();
    verify(&reqs[0], "TMPAK2", "TMPSK2");
    verify(&reqs[1], "TMPAK2", "TMPSK2");
    verify(&reqs[2], "TMPAK4", "TMPSK4");
    // The environment's HUAWEICLOUD_SDK_IDP_ID and _ID_TOKEN_FILE give the same provider.
    let (config, source) = DefaultCredentialsChain::load_from(
        [
            ("HUAWEICLOUD_SDK_IDP_ID", "my-idp"),
            (
                "HUAWEICLOUD_SDK_ID_TOKEN_FILE",
                token_file.to_str().unwrap(),
            ),
            ("HUAWEICLOUD_SDK_IAM_ENDPOINT", iam.url().as_str()),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
        ],
        None,
    )
    .unwrap();
    assert_eq!(source, ChainSource::Environment);
    Client::new(&to_server(config, &service), REGIONAL)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/x"))
        .await
        .unwrap();
    assert_eq!(iam.total(), 6);
    // A missing token file is a clear error.
    let e = IdpCredentials::from_file(&base, "my-idp", dir.join("gone"))
        .resolve()
        .await
        .unwrap_err();
    assert!(e.message.contains("id token file"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_domain_lookup_happens_once_for_concurrent_requests_and_sends_x_domain_id() {
    let iam = FaultServer::start(|r, _| {
        assert_eq!(r.path(), "/v3/auth/domains");
        std::thread::sleep(Duration::from_millis(30));
        Action::status(200, r#"{"domains": [{"id": "d-77", "name": "acme"}]}"#)
    })
    .await;
    let service = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let config = to_server(Config::new(AkSkCredentials::new("AK1", "SK1")), &service)
        .with_iam_endpoint(iam.url());
    let client = Client::new(&config, GLOBAL).unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .send::<UnmodeledError>(Request::new(Method::GET, "/v3/auth/projects"))
                    .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(iam.total(), 1, "one lookup");
    verify(&iam.requests()[0], "AK1", "SK1");
    for r in service.requests() {
        assert_eq!(r.header("x-domain-id"), Some("d-77"));
        verify(&r, "AK1", "SK1");
    }
}
