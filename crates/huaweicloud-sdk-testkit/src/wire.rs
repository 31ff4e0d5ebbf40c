//! The example-driven wire test of one operation.
//!
//! [`check`] takes a [`Case`] (JSON written by the generator from the model) and a `call` that
//! runs the operation through the generated client (its `invoke`). It starts a mock server on
//! `127.0.0.1`, builds the input from the case (path, query and header parameters filled with
//! sample values, the documented request example as the body) and then, once per documented
//! response and once with an undocumented status:
//!
//! * checks the request that arrived: method, percent-encoded path, query pairs,
//!   `Content-Type`, body (JSON-equivalent to the example), header parameters, `X-Sdk-Date`
//!   and an `Authorization` that verifies with the test's AK/SK;
//! * answers with the response and checks the outcome: a success decodes and re-encodes
//!   equivalent to the example ([`crate::json`]); a documented error status is the
//!   operation's error variant for it, with `error_code`, `error_msg` and request id from the
//!   example body and the `X-Request-Id` header; an undocumented status is `Unhandled`.
//!
//! The expected wire form is worked out here, independently of the runtime (its own
//! percent-encoding, its own reading of the case), so that a bug in the generator or the
//! runtime shows up as a failure rather than being mirrored.

use std::future::Future;

use huaweicloud_sdk_core::testing::{verify_signature, ReceivedRequest};
use huaweicloud_sdk_core::{AkSkCredentials, Config, FixedClock, ProxyConfig, RetryPolicy};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::json::difference;

pub use huaweicloud_sdk_core::ErrorMeta;

/// Access key of the wire tests.
pub const AK: &str = "WIRETESTAK0123456789";
/// Secret key of the wire tests.
pub const SK: &str = "wireTestSecretKey0123456789abcdefghijklm";
/// Project id of the wire tests' config (fills `{project_id}`).
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// Domain id of the wire tests' config (`X-Domain-Id` of global services, `{domain_id}`).
pub const DOMAIN_ID: &str = "fedcba9876543210fedcba9876543210";
/// The fixed clock of the wire tests, as `X-Sdk-Date`.
pub const SDK_DATE: &str = "20261123T120000Z";
/// A status no page documents: the client must answer it with `Unhandled`.
pub const UNDOCUMENTED_STATUSES: [u16; 4] = [418, 421, 425, 451];

/// What the path segments keep literal: only `A-Z a-z 0-9 - _ . ~`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The variant of the operation's error enum that a response of `status` must come back as:
/// for a documented error status, the status's standard reason phrase in UpperCamel case (`400`
/// `BadRequest`, `414` `UriTooLong`, `Status499` for one without a phrase), read from the `http`
/// crate and not from the generator; `Unhandled` for an undocumented one; `None` for a success.
pub fn expected_variant(status: u16, documented: bool) -> Option<String> {
    if status < 400 {
        return None;
    }
    if !documented {
        return Some("Unhandled".into());
    }
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    Some(match reason {
        Some(phrase) => phrase
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let lower = w.to_ascii_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect(),
        None => format!("Status{status}"),
    })
}

/// What a generated `invoke` returned, as [`check`] reads it: a service error's variant from
/// the runtime's [`ServiceErrorVariant`](huaweicloud_sdk_core::ServiceErrorVariant).
pub fn outcome(
    result: Result<Value, huaweicloud_sdk_core::meta::InvokeError>,
) -> Result<Value, CallError> {
    use huaweicloud_sdk_core::meta::InvokeError;
    use huaweicloud_sdk_core::{SdkError, ServiceErrorVariant};
    match result {
        Ok(v) => Ok(v),
        Err(InvokeError::Call(SdkError::Service { error, meta })) => Err(CallError::Service {
            variant: error
                .downcast_ref::<ServiceErrorVariant>()
                .map(|v| v.variant.to_string()),
            meta,
        }),
        Err(e) => Err(CallError::Other(e.to_string())),
    }
}

/// One operation, as the generator describes it from the model.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// Operation name (what `invoke` takes).
    pub operation: String,
    /// HTTP method.
    pub method: String,
    /// Path template (`/v1/{project_id}/things/{thing_id}`).
    pub path: String,
    /// The parameters the caller sets.
    #[serde(default)]
    pub params: Vec<CaseParam>,
    /// The request body to send: the page's example, or a sample of the body type when the
    /// page has no example.
    #[serde(default)]
    pub body: Option<Value>,
    /// Whether [`Case::body`] is the page's example.
    #[serde(default)]
    pub body_documented: bool,
    /// The documented responses, in status order.
    pub responses: Vec<CaseResponse>,
    /// Where the page's examples contradict its tables (so samples of the documented types
    /// were used instead); printed with the report.
    #[serde(default)]
    pub errata: Vec<String>,
    /// A global service's operation: `X-Domain-Id`, no `X-Project-Id`.
    #[serde(default)]
    pub global: bool,
    /// The `Content-Type` of a body that is not JSON (`application/octet-stream`,
    /// `application/x-www-form-urlencoded`); the body is then sent as that kind.
    #[serde(default)]
    pub content_type: Option<String>,
}

/// A parameter of a [`Case`].
#[derive(Debug, Clone, Deserialize)]
pub struct CaseParam {
    /// Wire name (the key in `invoke`'s input).
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    /// Type as in the generated `OPERATIONS` (`string`, `integer`, `array<string>`, ...).
    pub type_name: String,
    /// Whether the caller must set it.
    pub required: bool,
}

/// A documented response of a [`Case`].
#[derive(Debug, Clone, Deserialize)]
pub struct CaseResponse {
    /// HTTP status.
    pub status: u16,
    /// The body to answer with: the page's example, a sample of the body type, or for errors
    /// without either an error body made from the documented error code.
    #[serde(default)]
    pub body: Option<Value>,
    /// Whether [`CaseResponse::body`] is the page's example.
    #[serde(default)]
    pub documented: bool,
    /// Whether a success decodes into a typed output (`false`: the output is `null`).
    #[serde(default)]
    pub typed: bool,
}

/// How a call through the generated client failed.
#[derive(Debug, Clone)]
pub enum CallError {
    /// A service error: the variant of the operation's error enum (by name; `None` when the
    /// error does not say), and the metadata of the `SdkError::Service`.
    Service {
        /// Variant name (`BadRequest`, `Unhandled`).
        variant: Option<String>,
        /// The metadata of the `SdkError::Service`.
        meta: Box<ErrorMeta>,
    },
    /// Anything else (transport, decode, invalid input), as text.
    Other(String),
}

/// What [`check`] found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The operation.
    pub operation: String,
    /// Requests sent and checked.
    pub requests: usize,
    /// Responses answered and checked (documented ones and the undocumented status).
    pub responses: usize,
    /// One line per response: status and what it came back as.
    pub log: Vec<String>,
    /// Everything that did not match.
    pub failures: Vec<String>,
    /// The case's errata (examples replaced by samples).
    pub errata: Vec<String>,
}

impl Report {
    /// Panics listing the failures, if any; prints the summary otherwise.
    #[track_caller]
    pub fn assert_ok(&self) {
        assert!(
            self.failures.is_empty(),
            "wire test of {} failed:\n  {}",
            self.operation,
            self.failures.join("\n  ")
        );
        self.print();
    }

    /// Prints the summary: requests checked, each response's outcome, the errata.
    pub fn print(&self) {
        println!(
            "wire {}: {} requests ok; responses: {}",
            self.operation,
            self.requests,
            self.log.join(", ")
        );
        for e in &self.errata {
            println!("  note: page erratum, a sample was used: {e}");
        }
    }
}

/// The test's config: fixed AK/SK, project, clock; the mock server as endpoint; no retries.
pub fn config(endpoint: &str) -> Config {
    Config::new(AkSkCredentials::new(AK, SK))
        .with_endpoint(endpoint)
        .with_region("cn-north-4")
        .with_project_id(PROJECT_ID)
        .with_domain_id(DOMAIN_ID)
        .with_clock(FixedClock::from_sdk_date(SDK_DATE).expect("fixed date"))
        .with_retry_policy(RetryPolicy::disabled())
        .with_proxy(ProxyConfig::Disabled)
}

/// A sample value of a parameter: its JSON input, and its expected wire values (one per
/// repeated query pair; one joined value for path and header).
fn sample(p: &CaseParam) -> Option<(Value, Vec<String>)> {
    let scalar = |t: &str, i: usize| -> Option<(Value, String)> {
        Some(match t {
            "string" => match p.location.as_str() {
                // Spaces, a slash, non-ASCII and query delimiters: what encoding must handle.
                "path" => {
                    let v = format!("{}-{i} x/ä", p.name);
                    (json!(v), v)
                }
                "query" => {
                    let v = format!("v{i} a/ä&b=c+d");
                    (json!(v), v)
                }
                _ => {
                    let v = format!("h{i}-value");
                    (json!(v), v)
                }
            },
            "integer" | "long" => (json!(7 + i), (7 + i).to_string()),
            "number" => (json!(2.5), "2.5".to_string()),
            "boolean" => (json!(true), "true".to_string()),
            // Free-form JSON: a string travels as its text.
            "any" => (json!(format!("any{i}")), format!("any{i}")),
            _ => return None,
        })
    };
    if let Some(inner) = p
        .type_name
        .strip_prefix("array<")
        .and_then(|t| t.strip_suffix('>'))
    {
        let (a, wa) = scalar(inner, 1)?;
        let (b, wb) = scalar(inner, 2)?;
        let wire = if p.location == "query" {
            vec![wa, wb]
        } else {
            vec![format!("{wa},{wb}")]
        };
        return Some((json!([a, b]), wire));
    }
    let (v, w) = scalar(&p.type_name, 0)?;
    Some((v, vec![w]))
}

/// What the request must look like.
struct Expected {
    input: Value,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

fn expected(case: &Case) -> Result<Expected, String> {
    let mut input = Map::new();
    let mut path = case.path.replace("{project_id}", PROJECT_ID);
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for p in &case.params {
        let Some((value, wire)) = sample(p) else {
            if p.required {
                return Err(format!(
                    "required parameter `{}` has a type the harness cannot fill: {}",
                    p.name, p.type_name
                ));
            }
            continue;
        };
        input.insert(p.name.clone(), value);
        match p.location.as_str() {
            "path" => {
                let encoded = utf8_percent_encode(&wire.join(","), SEGMENT).to_string();
                path = path.replace(&format!("{{{}}}", p.name), &encoded);
            }
            "query" => query.extend(wire.into_iter().map(|w| (p.name.clone(), w))),
            _ => headers.push((p.name.clone(), wire.join(","))),
        }
    }
    // A `{domain_id}` no parameter fills is the config's.
    path = path.replace("{domain_id}", DOMAIN_ID);
    if let Some(body) = &case.body {
        input.insert("body".into(), body.clone());
    }
    query.sort();
    Ok(Expected {
        input: Value::Object(input),
        path,
        query,
        headers,
    })
}

/// The bytes of a body that is not JSON, as worked out here from the case: for
/// `application/x-www-form-urlencoded` the fields as `key=value` pairs joined by `&` (form
/// encoding, in the example's order), for any other type the bytes of a string body (or of an
/// array of byte values).
fn non_json_body(content_type: &str, body: &Value) -> Vec<u8> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let Value::Object(fields) = body else {
            return Vec::new();
        };
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            form.append_pair(k, &text);
        }
        return form.finish().into_bytes();
    }
    match body {
        Value::String(s) => s.clone().into_bytes(),
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_u64().and_then(|b| u8::try_from(b).ok()))
            .collect(),
        other => other.to_string().into_bytes(),
    }
}

/// Checks one request that arrived; appends what differs to `failures`.
fn check_request(
    case: &Case,
    want: &Expected,
    got: &wiremock::Request,
    failures: &mut Vec<String>,
) {
    let mut fail = |m: String| failures.push(format!("request: {m}"));
    let method = got.method.as_str();
    if !method.eq_ignore_ascii_case(&case.method) {
        fail(format!("method {method} != {}", case.method));
    }
    let path = got.url.path();
    if path != want.path {
        fail(format!("path {path:?} != {:?}", want.path));
    }
    let raw_query = got.url.query();
    let mut query: Vec<(String, String)> = raw_query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (decode(k), decode(v))
        })
        .collect();
    query.sort();
    if query != want.query {
        fail(format!("query {query:?} != {:?}", want.query));
    }
    let header = |name: &str| got.headers.get(name).and_then(|v| v.to_str().ok());
    let content_type = case.content_type.as_deref().unwrap_or("application/json");
    match header("content-type") {
        Some(ct) if ct.starts_with(content_type) => {}
        other => fail(format!("Content-Type {other:?}, expected {content_type}")),
    }
    for (name, value) in &want.headers {
        if header(name) != Some(value.as_str()) {
            fail(format!("header {name}: {:?} != {value:?}", header(name)));
        }
    }
    if header("x-sdk-date") != Some(SDK_DATE) {
        fail(format!(
            "X-Sdk-Date {:?} != {SDK_DATE:?}",
            header("x-sdk-date")
        ));
    }
    if case.global {
        if header("x-domain-id") != Some(DOMAIN_ID) {
            fail(format!("X-Domain-Id {:?}", header("x-domain-id")));
        }
        if let Some(p) = header("x-project-id") {
            fail(format!("X-Project-Id {p:?} sent to a global service"));
        }
    } else if header("x-project-id") != Some(PROJECT_ID) {
        fail(format!("X-Project-Id {:?}", header("x-project-id")));
    }
    match &case.body {
        Some(body) if !content_type.contains("json") => {
            let want = non_json_body(content_type, body);
            if got.body != want {
                fail(format!(
                    "{content_type} body {:?} != {:?}",
                    String::from_utf8_lossy(&got.body),
                    String::from_utf8_lossy(&want)
                ));
            }
        }
        Some(body) => match serde_json::from_slice::<Value>(&got.body) {
            Ok(sent) => {
                if let Some(d) = difference(&sent, body) {
                    fail(format!("body differs from the example at {d}"));
                }
            }
            Err(e) => fail(format!("body is not JSON: {e}")),
        },
        None if !got.body.is_empty() => {
            fail(format!("unexpected body of {} bytes", got.body.len()))
        }
        None => {}
    }
    let received = ReceivedRequest::from_http(method, path, raw_query, &got.headers, &got.body);
    match verify_signature(&received, AK, SK) {
        Ok(out) => {
            for h in ["host", "x-sdk-date", "content-type"] {
                if !out.signed_headers.split(';').any(|s| s == h) {
                    fail(format!("{h} is not signed: {}", out.signed_headers));
                }
            }
        }
        Err(e) => fail(format!("Authorization does not verify: {e}")),
    }
}

/// The error code and message an error body documents (as the SDK reads them: top level
/// first, then one nested object such as `{"error": {...}}`); the code is the status when the
/// body has none.
fn documented_code_msg(status: u16, body: Option<&Value>) -> (String, Option<String>) {
    fn find(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| match obj.get(*k)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }
    const CODE: [&str; 3] = ["error_code", "errorCode", "code"];
    const MSG: [&str; 5] = ["error_msg", "errorMsg", "errorMessage", "message", "msg"];
    let Some(Value::Object(obj)) = body else {
        return (status.to_string(), None);
    };
    let nested = obj.values().find_map(|v| match v {
        Value::Object(o) if find(o, &CODE).is_some() || find(o, &MSG).is_some() => Some(o),
        _ => None,
    });
    let (code, msg) = match (find(obj, &CODE), find(obj, &MSG), nested) {
        (None, None, Some(o)) => (find(o, &CODE), find(o, &MSG)),
        (c, m, _) => (c, m),
    };
    (code.unwrap_or_else(|| status.to_string()), msg)
}

/// The environment variable that restricts [`check_all`] to the operations it names
/// (comma-separated), to run one case alone.
pub const ONLY_ENV: &str = "HUAWEICLOUD_SDK_WIRE_OPERATION";

/// Runs the wire test of every case in `cases` (one per operation of an API version module)
/// with [`check`], and panics listing each operation whose test failed, with its failures: a
/// data-driven test, one case per line of the generated table. With [`ONLY_ENV`] set, only
/// the operations it names run (and naming none that exists fails).
#[track_caller]
pub fn check_all<F, Fut>(cases: &[&str], call: F)
where
    F: Fn(Config, String, Value) -> Fut,
    Fut: Future<Output = Result<Value, CallError>>,
{
    let only: Option<Vec<String>> = std::env::var(ONLY_ENV)
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a test runtime");
    let (mut ran, mut failed) = (0usize, Vec::new());
    for case_json in cases {
        let operation = serde_json::from_str::<Value>(case_json)
            .ok()
            .and_then(|c| c.get("operation")?.as_str().map(str::to_string))
            .unwrap_or_default();
        if only.as_ref().is_some_and(|o| !o.contains(&operation)) {
            continue;
        }
        ran += 1;
        let report = runtime.block_on(check(case_json, &call));
        if report.failures.is_empty() {
            report.print();
        } else {
            failed.push(format!(
                "{}:\n    {}",
                report.operation,
                report.failures.join("\n    ")
            ));
        }
    }
    assert!(
        only.is_none() || ran > 0,
        "{ONLY_ENV} names no operation of these {} cases",
        cases.len()
    );
    assert!(
        failed.is_empty(),
        "wire tests of {} of {ran} operations failed:\n  {}",
        failed.len(),
        failed.join("\n  ")
    );
}

/// Runs the wire test of the case in `case_json` (see the module docs) with `call`, which
/// sends the operation named by its second argument with the JSON input of its third through
/// a client built from its first.
pub async fn check<F, Fut>(case_json: &str, call: F) -> Report
where
    F: Fn(Config, String, Value) -> Fut,
    Fut: Future<Output = Result<Value, CallError>>,
{
    let case: Case = serde_json::from_str(case_json).expect("the case is valid JSON");
    let mut report = Report {
        operation: case.operation.clone(),
        errata: case.errata.clone(),
        ..Report::default()
    };
    let want = match expected(&case) {
        Ok(w) => w,
        Err(e) => {
            report.failures.push(e);
            return report;
        }
    };
    let server = MockServer::start().await;
    let documented: Vec<u16> = case.responses.iter().map(|r| r.status).collect();
    let undocumented = UNDOCUMENTED_STATUSES
        .iter()
        .copied()
        .find(|s| !documented.contains(s))
        .unwrap_or(499);
    let mut responses = case.responses.clone();
    // A response to HEAD has no body.
    let head = case.method.eq_ignore_ascii_case("HEAD");
    responses.push(CaseResponse {
        status: undocumented,
        body: (!head)
            .then(|| json!({"error_code": "TEST.0418", "error_msg": "undocumented status"})),
        documented: false,
        typed: false,
    });
    for resp in &responses {
        let request_id = format!("wire-{}-{}", case.operation, resp.status);
        let body = resp
            .body
            .as_ref()
            .map(|b| b.to_string())
            .unwrap_or_default();
        server.reset().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(resp.status)
                    .insert_header("X-Request-Id", request_id.as_str())
                    .set_body_raw(body.into_bytes(), "application/json"),
            )
            .mount(&server)
            .await;
        let outcome = call(
            config(&server.uri()),
            case.operation.clone(),
            want.input.clone(),
        )
        .await;
        let got = server.received_requests().await.unwrap_or_default();
        if got.len() == 1 {
            report.requests += 1;
            let before = report.failures.len();
            check_request(&case, &want, &got[0], &mut report.failures);
            if report.failures.len() > before {
                // The same request is sent for every response; report its faults once.
                report.failures.push(format!(
                    "(request checked on the call answered with {})",
                    resp.status
                ));
                break;
            }
        } else {
            report
                .failures
                .push(format!("{} requests arrived, expected 1", got.len()));
            break;
        }
        report.responses += 1;
        let label = format!("{}", resp.status);
        let mut fail = |m: String| report.failures.push(format!("response {label}: {m}"));
        let documented = resp.status != undocumented;
        match (expected_variant(resp.status, documented), outcome) {
            (None, Ok(output)) => {
                let expected = match (&resp.body, resp.typed) {
                    (Some(b), true) => Some(b.clone()),
                    // A typed output of an empty body: whatever `{}` decodes to.
                    (None, true) => None,
                    (_, false) => Some(Value::Null),
                };
                if let Some(d) = expected.and_then(|e| difference(&output, &e)) {
                    fail(format!("output does not re-encode to the example: {d}"));
                }
                report.log.push(format!("{} decoded", resp.status));
            }
            (None, Err(e)) => fail(format!("expected success, got {e:?}")),
            (Some(v), Ok(output)) => fail(format!("expected error variant {v}, got Ok({output})")),
            (Some(v), Err(CallError::Other(e))) => fail(format!("expected variant {v}, got {e}")),
            (Some(v), Err(CallError::Service { variant, meta })) => {
                if variant.as_deref() != Some(v.as_str()) {
                    fail(format!("variant {variant:?} != {v}"));
                }
                let (code, msg) = documented_code_msg(resp.status, resp.body.as_ref());
                if meta.status != resp.status {
                    fail(format!("status {} != {}", meta.status, resp.status));
                }
                if meta.error_code != code {
                    fail(format!("error_code {:?} != {code:?}", meta.error_code));
                }
                if let Some(msg) = msg {
                    if meta.error_msg != msg {
                        fail(format!("error_msg {:?} != {msg:?}", meta.error_msg));
                    }
                }
                if meta.request_id.as_deref() != Some(request_id.as_str()) {
                    fail(format!(
                        "request id {:?} != {request_id:?}",
                        meta.request_id
                    ));
                }
                report.log.push(format!("{} {v}", resp.status));
            }
        }
    }
    report
}
