//! No AK, SK, security token, IAM token, or secret a response carries (a password, the
//! temporary AK/SK and security token of IAM's `CreateTemporaryAccessKeyBy*`) in any tracing
//! output (all levels, all targets, `log` records included) or in the `Debug`/`Display` of
//! config, credentials (every provider), clients, responses and errors: service, decode,
//! timeout, transport, credentials, the project-id lookup, SDK-HMAC-SHA256, SM3 and V11
//! signing, and `invoke` input errors.
//!
//! Every test of this binary traces into one buffer, and each checks the whole buffer: no
//! test's secret may appear in anyone's output.

mod common;

use std::fmt::{Debug, Display};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use common::{Action, FaultServer};
use huaweicloud_sdk_core::signer::{sign, sign_vector, Algorithm, SignableRequest, SigningKey};
use huaweicloud_sdk_core::{
    decode_json_redacting, meta, AkSkCredentials, Client, Config, Credentials, CredentialsError,
    CredentialsFuture, Method, ProxyConfig, Request, ResolvedCredentials, RetryPolicy, SdkError,
    ServiceInfo, TokenCredentials, UnmodeledError,
};

const AK: &str = "AKSECRETID0000000042";
const SK: &str = "SKVERYSECRET9999999999999999999999999999";
const TOKEN: &str = "STSTOKENSECRET7777777";
const IAM: &str = "IAMTOKENSECRET5555555";
/// Secrets a response carries.
const PASSWORD: &str = "NODEPASSWORD3141592";
const TEMP_AK: &str = "TEMPAKSECRET2718281";
const TEMP_SK: &str = "TEMPSKSECRET1618033";
const TEMP_TOKEN: &str = "TEMPSECURITYTOKEN1414213";
/// A secret string sent where an array belongs.
const IN_ARRAY: &str = "SECRETINARRAY1732050";
/// The value of a field only the operation's model marks sensitive.
const CODE: &str = "LOGINCODESECRET2236067";
/// Credentials of the environment provider and of a custom one.
const ENV_SK: &str = "ENVSKSECRET8888888888888888888888888888";
const ENV_TOKEN: &str = "ENVTOKENSECRET6666666";
const CUSTOM_SK: &str = "CUSTOMSKSECRET4444444444444444444444444";

/// Secrets of the profile file, the metadata service, agencies and IdP federation.
const PROFILE_AK: &str = "PROFILEAKSECRET1234";
const PROFILE_SK: &str = "PROFILESKSECRET5678901234567890";
const PROFILE_TOKEN: &str = "PROFILETOKENSECRET24680";
const META_AK: &str = "METAAKSECRET1357";
const META_SK: &str = "METASKSECRET97531";
const META_TOKEN: &str = "METATOKENSECRET86420";
const ID_TOKEN: &str = "OIDCIDTOKENSECRET112358";
const SUBJECT_TOKEN: &str = "SUBJECTTOKENSECRET132134";

const SECRETS: [&str; 21] = [
    AK,
    SK,
    TOKEN,
    IAM,
    PASSWORD,
    TEMP_AK,
    TEMP_SK,
    TEMP_TOKEN,
    IN_ARRAY,
    CODE,
    ENV_SK,
    ENV_TOKEN,
    CUSTOM_SK,
    PROFILE_AK,
    PROFILE_SK,
    PROFILE_TOKEN,
    META_AK,
    META_SK,
    META_TOKEN,
    ID_TOKEN,
    SUBJECT_TOKEN,
];

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

/// The buffer every test of this binary traces into (at every level, spans included).
fn sink() -> &'static Sink {
    static SINK: OnceLock<Sink> = OnceLock::new();
    SINK.get_or_init(|| {
        let sink = Sink::default();
        let writer = sink.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init()
            .expect("the only subscriber of this test binary");
        sink
    })
}

fn traced() -> String {
    String::from_utf8_lossy(&sink().0.lock().unwrap()).into_owned()
}

/// `Display`, `Debug` and pretty `Debug` of `x`, also logged (as a caller logging an error
/// would) so that the tracing output holds them too.
fn show<T: Display + Debug>(x: &T) -> String {
    tracing::error!(error = %x, debug = ?x, "shown");
    format!("{x}\n{x:?}\n{x:#?}\n")
}

/// `Debug` and pretty `Debug` of `x`, also logged.
fn show_debug<T: Debug>(x: &T) -> String {
    tracing::error!(debug = ?x, "shown");
    format!("{x:?}\n{x:#?}\n")
}

#[track_caller]
fn assert_hidden(shown: &str) {
    let everything = format!("{}\n{shown}", traced());
    for secret in SECRETS {
        assert!(
            !everything.contains(secret),
            "{secret} leaked:\n{everything}"
        );
    }
}

fn client(server: &FaultServer, credentials: impl Credentials + 'static) -> Client {
    let config = Config::new(credentials)
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id("0123456789abcdef0123456789abcdef")
        .with_retry_policy(RetryPolicy::new(2).with_initial_backoff(Duration::from_millis(1)));
    Client::new(
        &config,
        ServiceInfo::new("ecs", "https://ecs.{region}.example"),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_leak() {
    sink();
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
    shown += &show_debug(&ok);
    let err = client
        .execute::<serde_json::Value, UnmodeledError>(
            Request::new(Method::GET, "/v1/items")
                .operation("ListItems")
                .header("X-Test-Id", "retry"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Service { .. }));
    shown += &show(&err);
    let err = client
        .send::<UnmodeledError>(
            Request::new(Method::POST, "/v1/items").header("X-Test-Id", "reset"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Transport { .. }), "{err:?}");
    shown += &show(&err);
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
    shown += &show(&err);
    shown += &format!(
        "{config:?}\n{config:#?}\n{token_config:?}\n{client:?}\n{token_client:?}\n{creds:?}\n"
    );
    shown += &show_debug(&TokenCredentials::new(IAM));
    let out = sign_vector(&serde_json::json!({
        "ak": AK, "sk": SK, "security_token": TOKEN, "method": "GET", "host": "h",
        "path": "/", "query": [], "headers": {}, "body": "", "sdk_date": "20261123T120000Z"
    }))
    .unwrap();
    shown += &show_debug(&out);

    // The requests really carried the secrets (so the test can fail).
    let reqs = server.requests();
    assert!(reqs
        .iter()
        .any(|r| r.header("x-security-token") == Some(TOKEN)));
    assert!(reqs.iter().any(|r| r.header("x-auth-token") == Some(IAM)));

    let traced = traced();
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
    assert_hidden(&shown);
}

/// The body of a successful response that does not decode (`count` is no number) and holds a
/// node password and IAM's temporary credentials, all within the 256 bytes a decode error shows.
fn secret_body() -> String {
    format!(
        r#"{{"nodes": [{{"name": "n1", "login": {{"userPassword": {{"username": "root", "password": "{PASSWORD}"}}}}}}], "credential": {{"access": "{TEMP_AK}", "secret": "{TEMP_SK}", "securitytoken": "{TEMP_TOKEN}", "expires_at": "2026-11-23T12:00:00Z"}}, "count": "many"}}"#
    )
}

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct Nodes {
    nodes: Vec<serde_json::Value>,
    count: Option<i32>,
}

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct Tokens {
    id: u32,
    tokens: Option<Vec<TokenItem>>,
}

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct TokenItem {
    name: String,
}

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct Codes {
    login_codes: Option<Vec<u32>>,
}

#[tokio::test]
async fn decode_errors_show_no_secret_of_the_body() {
    sink();
    let body = secret_body();
    assert!(
        body.find(TEMP_TOKEN).unwrap() + TEMP_TOKEN.len() < 256,
        "{body}"
    );
    let server = FaultServer::start(move |r, _| match r.path() {
        "/v1/nodes" => Action::status(200, &body).with_header("X-Request-Id", "rid-nodes"),
        "/v1/tokens" => Action::status(200, &format!(r#"{{"id": 1, "tokens": "{IN_ARRAY}"}}"#)),
        "/v1/codes" => Action::status(200, &format!(r#"{{"login_codes": "{CODE}"}}"#)),
        "/v1/text" => Action::status(
            200,
            &format!("password={PASSWORD}&security_token={TEMP_TOKEN}; sk: {TEMP_SK}"),
        ),
        "/v1/echo" => Action::status(
            400,
            &format!(
                r#"{{"error_code": "E.400", "error_msg": "bad node", "node": {{"adminPass": "{PASSWORD}"}}, "credential": {{"securitytoken": "{TEMP_TOKEN}"}}}}"#
            ),
        ),
        _ => Action::status(502, &format!("<html>token={TEMP_TOKEN}; <adminPass>{PASSWORD}</adminPass></html>")),
    })
    .await;
    let client = client(&server, AkSkCredentials::new(AK, SK));
    let mut shown = String::new();

    let err = client
        .execute::<Nodes, UnmodeledError>(Request::new(Method::GET, "/v1/nodes"))
        .await
        .unwrap_err();
    match &err {
        SdkError::Decode {
            status,
            body_snippet,
            message,
            request_id,
        } => {
            assert_eq!((*status, request_id.as_deref()), (200, Some("rid-nodes")));
            // What is not secret stays, to tell what came back.
            assert!(
                body_snippet.contains(r#""name": "n1""#)
                    && body_snippet.contains(r#""password": "***""#)
                    && body_snippet.contains(r#""access": "***""#)
                    && body_snippet.contains(r#""expires_at": "***""#),
                "{body_snippet}"
            );
            // Where it failed, and what kind, never the value.
            assert!(
                message.starts_with("count: invalid type: string, expected i32"),
                "{message}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    shown += &show(&err);

    // A secret string where an array belongs: the decoder's message would quote it.
    let err = client
        .execute::<Tokens, UnmodeledError>(Request::new(Method::GET, "/v1/tokens"))
        .await
        .unwrap_err();
    match &err {
        SdkError::Decode { message, .. } => {
            assert!(
                message.contains("invalid type: string, expected a sequence"),
                "{message}"
            )
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    shown += &show(&err);

    // A field only the operation's model marks sensitive (the name is not secret-looking).
    let raw = client
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/codes"))
        .await
        .unwrap();
    let err = decode_json_redacting::<Codes, UnmodeledError>(&raw, &["loginCodes"]).unwrap_err();
    match &err {
        SdkError::Decode { body_snippet, .. } => {
            assert_eq!(body_snippet, r#"{"login_codes": "***"}"#)
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    shown += &show(&err);

    // A body that is not JSON: the textual rule.
    let err = client
        .execute::<Nodes, UnmodeledError>(Request::new(Method::GET, "/v1/text"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Decode { .. }), "{err:?}");
    shown += &show(&err);

    // Service errors: the body in `Debug`, the message of a non-JSON body.
    for path in ["/v1/echo", "/v1/html"] {
        let err = client
            .execute::<Nodes, UnmodeledError>(Request::new(Method::GET, path))
            .await
            .unwrap_err();
        let meta = err.meta().expect("a service error");
        assert!(
            String::from_utf8_lossy(&meta.body).contains(PASSWORD),
            "the raw body is kept for the caller"
        );
        shown += &show(&err);
        shown += &show(meta);
    }
    assert!(
        shown.contains("E.400") && shown.contains("bad node"),
        "{shown}"
    );
    assert_hidden(&shown);
}

#[tokio::test]
async fn timeouts_and_project_id_lookups_show_no_secret() {
    sink();
    let server = FaultServer::start(|r, _| {
        let lookup = r.path() == "/v3/projects";
        match r.header("x-test-id") {
            _ if !lookup => Action::Hang,
            Some("decode") => Action::status(
                200,
                &format!(r#"{{"projects": {{"password": "{PASSWORD}"}}, "token": "{TEMP_TOKEN}"}}"#),
            ),
            Some("text") => Action::status(401, &format!("X-Subject-Token: {TEMP_TOKEN} rejected")),
            _ => Action::status(
                401,
                &format!(
                    r#"{{"error_code": "APIGW.0301", "error_msg": "bad token", "securitytoken": "{TEMP_TOKEN}"}}"#
                ),
            ),
        }
    })
    .await;
    let mut shown = String::new();
    let base = Config::new(AkSkCredentials::temporary(AK, SK, TOKEN))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_attempt_timeout(Some(Duration::from_millis(100)))
        .with_total_timeout(Some(Duration::from_millis(300)))
        .with_retry_policy(RetryPolicy::new(2).with_initial_backoff(Duration::from_millis(1)));
    let svc = ServiceInfo::new("ecs", "https://ecs.{region}.example");
    let err = Client::new(&base.clone().with_project_id("p"), svc.clone())
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/p/items"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Timeout { .. }), "{err:?}");
    shown += &show(&err);

    // No project id configured: looked up at IAM, which answers badly in three ways.
    let lookup = base
        .with_region("cn-north-4")
        .with_iam_endpoint(server.url());
    for id in ["decode", "text", "json"] {
        let client = Client::new(&lookup, svc.clone()).unwrap();
        let err = client
            .send::<UnmodeledError>(
                Request::new(Method::GET, "/v1/{project_id}/items").header("X-Test-Id", id),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, SdkError::Decode { .. } | SdkError::Credentials { .. }),
            "{id}: {err:?}"
        );
        shown += &show(&err);
    }
    let reqs = server.requests();
    assert!(reqs
        .iter()
        .all(|r| r.header("x-security-token") == Some(TOKEN)));
    assert_eq!(
        reqs.iter().filter(|r| r.path() == "/v3/projects").count(),
        3
    );
    assert_hidden(&shown);
}

#[tokio::test]
async fn sm3_and_v11_signing_show_no_secret() {
    sink();
    let server = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let mut shown = String::new();
    let sm3 = Config::new(AkSkCredentials::temporary(AK, SK, TOKEN))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id("p")
        .with_signing_algorithm(Algorithm::SdkHmacSm3);
    let svc = ServiceInfo::new("ecs", "https://ecs.{region}.example");
    let raw = Client::new(&sm3, svc.clone())
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::POST, "/v1/items").body("{}"))
        .await
        .unwrap();
    shown += &show_debug(&raw);
    shown += &show_debug(&sm3);
    let v11 = sm3
        .clone()
        .with_signing_algorithm(Algorithm::SdkHmacSha256)
        .with_region("cn-north-4")
        .with_derived_auth_service_name("ecs");
    let raw = Client::new(&v11, svc.clone())
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap();
    shown += &show_debug(&raw);
    let reqs = server.requests();
    assert!(reqs[0]
        .header("authorization")
        .is_some_and(|a| a.starts_with("SDK-HMAC-SM3 ")));
    assert!(reqs[1]
        .header("authorization")
        .is_some_and(|a| a.starts_with("V11-HMAC-SHA256 ")));
    // V11 without a region, SM3 and V11 without SK: errors.
    let no_region = sm3.clone().with_derived_auth_service_name("ecs");
    let err = Client::new(&no_region, svc)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::InvalidInput { .. }), "{err:?}");
    shown += &show(&err);
    for algorithm in [Algorithm::SdkHmacSm3, Algorithm::V11HmacSha256] {
        let request = SignableRequest {
            method: "POST",
            host: "h",
            path: "/",
            query: vec![("token".into(), TOKEN.into())],
            headers: vec![("X-Security-Token".into(), TOKEN.into())],
            body: PASSWORD.as_bytes(),
        };
        let key = SigningKey {
            algorithm,
            ak: AK,
            sk: SK,
            region_id: Some("cn-north-4"),
            derived_service_name: Some("ecs"),
        };
        shown += &show_debug(&key);
        shown += &show_debug(&request);
        let out = sign(request.clone(), &key, time::OffsetDateTime::UNIX_EPOCH).unwrap();
        shown += &show_debug(&out);
        for key in [
            SigningKey { sk: "", ..key },
            SigningKey {
                region_id: None,
                ..key
            },
            SigningKey {
                derived_service_name: None,
                ..key
            },
        ] {
            if let Err(e) = sign(request.clone(), &key, time::OffsetDateTime::UNIX_EPOCH) {
                shown += &show(&e);
            }
        }
        let mut vector = serde_json::json!({
            "algorithm": algorithm.as_str(), "ak": AK, "sk": SK, "security_token": TOKEN,
            "method": "GET", "host": "h", "path": "/", "query": [["password", PASSWORD]],
            "headers": {"X-Auth-Token": IAM}, "body": "", "sdk_date": "20261123T120000Z",
            "region_id": "cn-north-4", "derived_auth_service_name": "ecs",
        });
        shown += &show_debug(&sign_vector(&vector).unwrap());
        // Malformed vectors: the error names what is wrong, never the value.
        for (field, bad) in [
            ("body", serde_json::json!({"password": PASSWORD})),
            ("query", serde_json::json!([[PASSWORD]])),
            ("query", serde_json::json!(PASSWORD)),
            ("headers", serde_json::json!([[TOKEN]])),
            ("headers", serde_json::json!(IAM)),
        ] {
            let mut v = vector.clone();
            v[field] = bad;
            let e = sign_vector(&v).unwrap_err();
            shown += &show(&e);
        }
        vector["sk"] = serde_json::json!("");
        shown += &show(&sign_vector(&vector).unwrap_err());
    }
    assert_hidden(&shown);
}

#[test]
fn invoke_input_errors_show_no_secret() {
    sink();
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Spec {
        count: Option<i32>,
        name: Option<String>,
        ids: Option<Vec<u32>>,
        mode: Option<Mode>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    enum Mode {
        Fast,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Input {
        cluster_id: String,
        body: Option<Spec>,
    }
    const INFO: meta::OperationInfo = meta::OperationInfo {
        name: "RemoveNode",
        params: &[
            meta::ParamInfo::path("cluster_id", "string", true, ""),
            meta::ParamInfo::query("limit", "integer", false, ""),
            meta::ParamInfo::query("ids", "array<integer>", false, ""),
        ],
        body: Some("Spec"),
        ..meta::OperationInfo::DEFAULT
    };
    fn spec(body: &serde_json::Value) -> Result<Vec<String>, serde_json::Error> {
        huaweicloud_sdk_core::tolerant::from_json_noting_unknown_at::<Spec>(body, "body")
            .map(|(_, unknown)| unknown)
    }
    let mut shown = String::new();
    // A secret given where a parameter of another type belongs.
    for input in [
        serde_json::json!({"cluster_id": {"password": PASSWORD}}),
        serde_json::json!({"limit": PASSWORD}),
        serde_json::json!({"ids": [1, PASSWORD]}),
    ] {
        let err = meta::check_input(&INFO, &input, spec).unwrap_err();
        assert!(matches!(err, meta::InvokeError::Input(_)), "{err:?}");
        shown += &show(&err);
    }
    for body in [
        serde_json::json!({"count": PASSWORD}),
        serde_json::json!({"ids": PASSWORD}),
        serde_json::json!({"ids": [1, PASSWORD]}),
        serde_json::json!({"name": {"password": PASSWORD}}),
        serde_json::json!({"name": 3.25, "count": 1, "password": PASSWORD}),
    ] {
        let input = serde_json::json!({"cluster_id": "c1", "body": body});
        let err = meta::check_input(&INFO, &input, spec).unwrap_err();
        assert!(matches!(err, meta::InvokeError::Input(_)), "{err:?}");
        shown += &show(&err);
    }
    // A call error carried by `invoke`.
    let decode = decode_json_redacting::<Input, std::convert::Infallible>(
        &huaweicloud_sdk_core::RawResponse {
            status: http::StatusCode::OK,
            headers: http::HeaderMap::new(),
            body: format!(r#"{{"cluster_id": {{"adminPass": "{PASSWORD}"}}}}"#).into(),
            request_id: None,
            attempts: 1,
        },
        &[],
    )
    .unwrap_err();
    shown += &show(&meta::InvokeError::from(decode));
    assert_hidden(&shown);
}

/// A custom provider, as a user would write one.
#[derive(Debug)]
struct Vault;

impl Credentials for Vault {
    fn resolve(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            Ok(ResolvedCredentials::AkSk(AkSkCredentials::temporary(
                AK, CUSTOM_SK, TOKEN,
            )))
        })
    }
}

#[tokio::test]
async fn every_credential_provider_keeps_its_secrets() {
    sink();
    let server = FaultServer::start(|_, _| Action::status(200, "{}")).await;
    let mut shown = String::new();
    // Each provider: its Debug, what it resolves to, a config and a client holding it, and a
    // request made with it.
    let env = Config::from_env_vars([
        ("HUAWEICLOUD_SDK_AK", AK),
        ("HUAWEICLOUD_SDK_SK", ENV_SK),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", ENV_TOKEN),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
    ])
    .unwrap();
    let providers: Vec<(&str, Arc<dyn Credentials>)> = vec![
        ("permanent", Arc::new(AkSkCredentials::new(AK, SK))),
        (
            "temporary",
            Arc::new(AkSkCredentials::temporary(AK, SK, TOKEN)),
        ),
        (
            "with_security_token",
            Arc::new(AkSkCredentials::new(AK, SK).with_security_token(TOKEN)),
        ),
        ("iam token", Arc::new(TokenCredentials::new(IAM))),
        ("custom", Arc::new(Vault)),
    ];
    let mut configs: Vec<(&str, Config)> = providers
        .into_iter()
        .map(|(name, p)| {
            (
                name,
                Config::with_shared_credentials(p).with_project_id("p"),
            )
        })
        .collect();
    configs.push(("environment", env));
    for (name, config) in configs {
        let config = config
            .with_endpoint(server.url())
            .with_proxy(ProxyConfig::Disabled);
        shown += &show_debug(&config);
        let client = Client::new(&config, ServiceInfo::new("ecs", "https://x")).unwrap();
        shown += &show_debug(&client);
        let raw = client
            .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        shown += &show_debug(&raw);
    }
    for creds in [
        AkSkCredentials::new(AK, SK),
        AkSkCredentials::temporary(AK, SK, TOKEN),
    ] {
        let resolved = creds.resolve().await.unwrap();
        shown += &show_debug(&resolved);
        shown += &show_debug(creds.sk());
        shown += &show_debug(&creds.security_token());
    }
    let resolved = TokenCredentials::new(IAM).resolve().await.unwrap();
    shown += &show_debug(&resolved);
    shown += &show_debug(&Vault.resolve().await.unwrap());
    // What goes wrong: empty keys, half-set environments.
    for err in [
        AkSkCredentials::new(AK, "").resolve().await.unwrap_err(),
        AkSkCredentials::new("", SK).resolve().await.unwrap_err(),
        TokenCredentials::new("").resolve().await.unwrap_err(),
        CredentialsError::new("custom provider failed"),
    ] {
        shown += &show(&err);
    }
    for vars in [
        vec![("HUAWEICLOUD_SDK_SK", ENV_SK)],
        vec![
            ("HUAWEICLOUD_SDK_AK", AK),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", ENV_TOKEN),
        ],
    ] {
        let err = Config::from_env_vars(vars).unwrap_err();
        shown += &show(&err);
    }
    // Every request carried its provider's secret (so the test can fail).
    let reqs = server.requests();
    for (header, value) in [
        ("x-security-token", TOKEN),
        ("x-security-token", ENV_TOKEN),
        ("x-auth-token", IAM),
    ] {
        assert!(
            reqs.iter().any(|r| r.header(header) == Some(value)),
            "{header} not sent"
        );
    }
    assert_hidden(&shown);
}

/// Hostile responses (issue 16): a body over the limit, JSON nested 100,000 deep, a
/// 10,000-digit number, invalid UTF-8 and binary bodies, each carrying secrets, and an IAM
/// lookup answered by each: the limit error, the decode error and the lookup failure show no
/// secret in `Display`, `Debug` or the tracing output.
#[tokio::test]
async fn limit_and_hostile_decode_errors_and_lookup_failures_show_no_secret() {
    sink();
    let secret_head = format!(
        r#"{{"password": "{PASSWORD}", "credential": {{"secret": "{TEMP_SK}"}}, "token": "{TEMP_TOKEN}", "x": "#
    );
    let deep = format!("{secret_head}{}", "[".repeat(100_000));
    let huge = format!("{secret_head}1{}}}", "9".repeat(10_000));
    let mut invalid = format!("{secret_head}\"").into_bytes();
    invalid.extend(b"\xff\xfe\xc3\"}");
    let mut binary = vec![0u8; 600];
    binary.extend(format!("password={PASSWORD}&access={TEMP_AK}").as_bytes());
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("large", secret_body().repeat(5000).into_bytes()),
        ("deep", deep.into_bytes()),
        ("huge", huge.into_bytes()),
        ("invalid", invalid),
        ("binary", binary),
    ];
    let served = bodies.clone();
    let server = FaultServer::start(move |r, _| {
        let id = r.header("x-test-id").unwrap_or("");
        let lookup = r.path() == "/v3/projects";
        let which = if lookup {
            "large"
        } else {
            id.trim_start_matches("error-")
        };
        let body = served
            .iter()
            .find(|(n, _)| *n == which)
            .map(|(_, b)| b.clone())
            .unwrap_or_default();
        let status = if id.starts_with("error-") { 500 } else { 200 };
        Action::Respond {
            status,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Request-Id".into(), format!("rid-{id}")),
            ],
            body,
        }
    })
    .await;
    let base = Config::new(AkSkCredentials::temporary(AK, SK, TOKEN))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id("0123456789abcdef0123456789abcdef")
        .with_retry_policy(RetryPolicy::disabled())
        .with_max_response_bytes(1 << 20);
    let svc = ServiceInfo::new("ecs", "https://ecs.{region}.example");
    let client = Client::new(&base, svc.clone()).unwrap();
    let mut shown = String::new();
    for (id, _) in &bodies {
        for prefix in ["", "error-"] {
            let err = client
                .execute::<Nodes, UnmodeledError>(
                    Request::new(Method::GET, "/v1/p/nodes")
                        .header("X-Test-Id", format!("{prefix}{id}")),
                )
                .await
                .unwrap_err();
            match (*id, prefix) {
                ("large", _) => assert!(
                    matches!(err, SdkError::ResponseTooLarge { .. }),
                    "{id}: {err:?}"
                ),
                (_, "") => assert!(matches!(err, SdkError::Decode { .. }), "{id}: {err:?}"),
                _ => assert!(matches!(err, SdkError::Service { .. }), "{id}: {err:?}"),
            }
            assert_eq!(err.request_id(), Some(format!("rid-{prefix}{id}").as_str()));
            shown += &show(&err);
            if let Some(meta) = err.meta() {
                shown += &show(meta);
            }
        }
    }
    // The project-id lookup answered with a body over the limit.
    let lookup = Config::new(AkSkCredentials::temporary(AK, SK, TOKEN))
        .with_endpoint(server.url())
        .with_iam_endpoint(server.url())
        .with_region("cn-north-4")
        .with_proxy(ProxyConfig::Disabled)
        .with_retry_policy(RetryPolicy::disabled())
        .with_max_response_bytes(1 << 20);
    let err = Client::new(&lookup, svc)
        .unwrap()
        .send::<UnmodeledError>(Request::new(Method::GET, "/v1/{project_id}/nodes"))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::ResponseTooLarge { .. }), "{err:?}");
    shown += &show(&err);
    assert!(!shown.contains('\0'), "a NUL byte is shown");
    assert_hidden(&shown);
}

/// The profile file, metadata, agency and IdP providers: their `Debug` before and after use,
/// the configs and clients holding them, their errors (a half-set section, an unreadable token
/// file, IAM refusing, a metadata answer that is no credential), and the traces of their
/// exchanges, hold none of the keys and tokens they handle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_metadata_agency_and_idp_providers_keep_their_secrets() {
    use huaweicloud_sdk_core::providers::{
        AgencyCredentials, AssumeRole, DefaultCredentialsChain, IdpCredentials,
        MetadataCredentials, ProfileCredentials, ProfileFile,
    };
    sink();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let expires = expires
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let meta_answer = format!(
        r#"{{"credential": {{"access": "{META_AK}", "secret": "{META_SK}", "securitytoken": "{META_TOKEN}", "expires_at": "{expires}"}}}}"#
    );
    let temp_answer = format!(
        r#"{{"credential": {{"access": "{TEMP_AK}", "secret": "{TEMP_SK}", "securitytoken": "{TEMP_TOKEN}", "expires_at": "{expires}"}}}}"#
    );
    let server = FaultServer::start(move |r, _| match r.path() {
        "/openstack/latest/securitykey" => Action::status(200, &meta_answer),
        "/v3.0/OS-AUTH/id-token/tokens" => {
            Action::status(201, "{}").with_header("X-Subject-Token", SUBJECT_TOKEN)
        }
        "/v3.0/OS-CREDENTIAL/securitytokens" => Action::status(201, &temp_answer),
        "/bad/openstack/latest/securitykey" => Action::status(
            200,
            &format!(r#"{{"credential": {{"access": "{META_AK}", "secret": "{META_SK}"}}}}"#),
        ),
        "/refuse/v3.0/OS-CREDENTIAL/securitytokens" => Action::status(
            401,
            &format!(r#"{{"error_msg": "bad token", "token": "{SUBJECT_TOKEN}"}}"#),
        ),
        _ => Action::status(200, "{}"),
    })
    .await;
    let dir = std::env::temp_dir().join(format!("hwc-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = dir.join("credentials");
    std::fs::write(
        &profile,
        format!("[basic]\nak = {PROFILE_AK}\nsk = {PROFILE_SK}\nsecurity_token = {PROFILE_TOKEN}\nproject_id = p\n[global]\nak = {PROFILE_AK}\nsk = {PROFILE_SK}\ndomain_id = d\n"),
    )
    .unwrap();
    let token_file = dir.join("id_token");
    std::fs::write(&token_file, ID_TOKEN).unwrap();
    let mut shown = String::new();
    shown += &show_debug(&ProfileFile::read(&profile).unwrap());
    let base = Config::new(AkSkCredentials::new(AK, SK))
        .with_iam_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled);
    let providers: Vec<Arc<dyn Credentials>> = vec![
        Arc::new(ProfileCredentials::from_path(&profile).unwrap()),
        Arc::new(MetadataCredentials::new().with_endpoint(server.url())),
        Arc::new(AgencyCredentials::new(
            &base,
            AssumeRole::new("acme", "ops"),
        )),
        Arc::new(IdpCredentials::from_file(&base, "idp", &token_file)),
        Arc::new(IdpCredentials::from_token(&base, "idp", ID_TOKEN.into())),
    ];
    for provider in providers {
        shown += &show_debug(&provider);
        let config = Config::with_shared_credentials(provider.clone())
            .with_endpoint(server.url())
            .with_proxy(ProxyConfig::Disabled)
            .with_project_id("p")
            .with_domain_id("d");
        for service in [
            ServiceInfo::new("ecs", "https://x"),
            ServiceInfo::global("iam", "https://x"),
        ] {
            let client = Client::new(&config, service).unwrap();
            let raw = client
                .send::<UnmodeledError>(Request::new(Method::GET, "/v1/items"))
                .await
                .unwrap();
            shown += &show_debug(&raw);
            shown += &show_debug(&client);
        }
        shown += &show_debug(&provider.resolve().await.unwrap());
        shown += &show_debug(&provider);
    }
    let (chained, _) = DefaultCredentialsChain::load_from(
        [(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            profile.to_str().unwrap(),
        )],
        None,
    )
    .unwrap();
    shown += &show_debug(&chained);
    // What goes wrong.
    std::fs::write(&profile, format!("[basic]\nak = {PROFILE_AK}\n")).unwrap();
    let half = ProfileCredentials::from_path(&profile).unwrap();
    shown += &show(&half.resolve().await.unwrap_err());
    std::fs::write(&profile, format!("[basic]\n{PROFILE_SK}\n")).unwrap();
    if let Err(e) = ProfileCredentials::from_path(&profile) {
        shown += &show(&e);
    }
    std::fs::write(&profile, format!("[basic]\nsk_typo = {PROFILE_SK}\n")).unwrap();
    shown += &show(&ProfileCredentials::from_path(&profile).unwrap_err());
    let bad = MetadataCredentials::new().with_endpoint(format!("{}/bad", server.url()));
    shown += &show(&bad.resolve().await.unwrap_err());
    let refusing = base
        .clone()
        .with_iam_endpoint(format!("{}/refuse", server.url()));
    shown += &show(
        &IdpCredentials::from_file(&refusing, "idp", &token_file)
            .resolve()
            .await
            .unwrap_err(),
    );
    shown += &show(
        &AgencyCredentials::new(&refusing, AssumeRole::new("acme", "ops"))
            .resolve()
            .await
            .unwrap_err(),
    );
    // The secrets were on the wire, so the test can fail.
    let reqs = server.requests();
    assert!(reqs
        .iter()
        .any(|r| String::from_utf8_lossy(&r.body).contains(ID_TOKEN)));
    assert!(reqs
        .iter()
        .any(|r| r.header("x-security-token") == Some(META_TOKEN)));
    assert!(reqs
        .iter()
        .any(|r| r.header("x-security-token") == Some(PROFILE_TOKEN)));
    assert!(reqs
        .iter()
        .any(|r| r.header("x-auth-token") == Some(SUBJECT_TOKEN)));
    let _ = std::fs::remove_dir_all(&dir);
    assert_hidden(&shown);
}
