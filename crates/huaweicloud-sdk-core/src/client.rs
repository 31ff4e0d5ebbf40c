//! The service client: endpoint resolution, signing, sending, retries.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;
use tokio::time::Instant;
use tracing::{field, Instrument};

use crate::config::Config;
use crate::credentials::ResolvedCredentials;
use crate::error::{request_id_from_headers, SdkError};
use crate::request::{encode_path_segment, Request};
use crate::response::{handle_json, FromErrorResponse, RawResponse};
use crate::retry::{is_retryable_status, parse_retry_after, AttemptOutcome, RetryDecision};
use crate::signer::{self, Algorithm, QueryValue, SignError, SignableRequest, SigningKey};

/// Whether a service is regional (`X-Project-Id`) or global (`X-Domain-Id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServiceScope {
    /// Regional service: `X-Project-Id` from the config, `{project_id}` in paths.
    #[default]
    Regional,
    /// Global service (IAM...): `X-Domain-Id` from the config.
    Global,
}

/// Static description of a service, emitted by the code generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Short name, e.g. `cce` (used for `{service}` in templates and for
    /// per-service endpoint overrides).
    pub name: Cow<'static, str>,
    /// Endpoint template, e.g. `https://cce.{region}.myhuaweicloud.com`.
    pub endpoint_template: Cow<'static, str>,
    /// Regional or global.
    pub scope: ServiceScope,
}

impl ServiceInfo {
    /// A regional service.
    pub const fn new(name: &'static str, endpoint_template: &'static str) -> Self {
        ServiceInfo {
            name: Cow::Borrowed(name),
            endpoint_template: Cow::Borrowed(endpoint_template),
            scope: ServiceScope::Regional,
        }
    }

    /// A global service (sends `X-Domain-Id`).
    pub const fn global(name: &'static str, endpoint_template: &'static str) -> Self {
        ServiceInfo {
            name: Cow::Borrowed(name),
            endpoint_template: Cow::Borrowed(endpoint_template),
            scope: ServiceScope::Global,
        }
    }
}

#[derive(Debug, Clone)]
struct Endpoint {
    /// `scheme://host[:port]`.
    origin: String,
    /// Path prefix of the endpoint URL, without trailing `/`.
    prefix: String,
    /// `host[:port]` as signed (the port only when not the scheme's default,
    /// exactly what the HTTP client sends as `Host`).
    host: String,
    /// Host under `myhuaweicloud.com`/`huaweicloud.com`.
    huawei_public: bool,
}

fn resolve_endpoint(config: &Config, service: &ServiceInfo) -> Result<Endpoint, SdkError> {
    let name: &str = &service.name;
    let raw = if let Some(e) = config.service_endpoints.get(name) {
        e.clone()
    } else if let Some(e) = &config.endpoint {
        e.clone()
    } else {
        let env_key = config.region.as_ref().map(|r| {
            format!(
                "{}_{}",
                name.to_uppercase().replace('-', "_"),
                r.to_uppercase().replace('-', "_")
            )
        });
        if let Some(e) = env_key.and_then(|k| config.env_region_endpoints.get(&k)) {
            e.clone()
        } else {
            let template: &str = config
                .service_templates
                .get(name)
                .map(String::as_str)
                .or(config.endpoint_template.as_deref())
                .unwrap_or(&service.endpoint_template);
            let mut url = template.replace("{service}", name);
            if url.contains("{region}") {
                let Some(region) = config.region.as_deref() else {
                    return Err(SdkError::invalid_input(format!(
                        "service {name} needs a region (Config::with_region) or an endpoint (Config::with_endpoint)"
                    )));
                };
                url = url.replace("{region}", region);
            }
            url
        }
    };
    let with_scheme = if raw.contains("://") {
        raw.clone()
    } else {
        format!("https://{raw}")
    };
    let url = url::Url::parse(&with_scheme)
        .map_err(|e| SdkError::invalid_input(format!("invalid endpoint {raw:?}: {e}")))?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return Err(SdkError::invalid_input(format!(
            "endpoint {raw:?} must use http or https"
        )));
    }
    let Some(host) = url.host_str() else {
        return Err(SdkError::invalid_input(format!(
            "endpoint {raw:?} has no host"
        )));
    };
    let host_port = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    };
    let lower = host.to_ascii_lowercase();
    let huawei_public = ["myhuaweicloud.com", "huaweicloud.com"]
        .iter()
        .any(|d| lower == *d || lower.ends_with(&format!(".{d}")));
    Ok(Endpoint {
        origin: format!("{}://{host_port}", url.scheme()),
        prefix: url.path().trim_end_matches('/').to_owned(),
        host: host_port,
        huawei_public,
    })
}

/// A client for one service. Cheap to clone (an `Arc` inside); clones share
/// the configuration and the HTTP connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    service: ServiceInfo,
    endpoint: Endpoint,
    http: reqwest::Client,
    /// The project id IAM gave for the region, when the config has none (looked up once, on
    /// the first request that needs it).
    project_id: tokio::sync::OnceCell<String>,
    /// The domain id IAM gave for the credentials, when the config has none.
    domain_id: tokio::sync::OnceCell<String>,
    /// Whether this client looks missing ids up (not the IAM clients that do the looking).
    looks_up: bool,
}

/// IAM, where a region's project id is looked up.
const IAM: ServiceInfo = ServiceInfo::global("iam", "https://iam.{region}.myhuaweicloud.com");

/// IAM's own endpoint: the config's IAM endpoint (`HUAWEICLOUD_SDK_IAM_ENDPOINT`), its `iam`
/// service endpoint, else `https://iam.{region}.myhuaweicloud.com` for a regional lookup with a
/// region and `https://iam.myhuaweicloud.com` otherwise; never the endpoint override of the
/// service being called.
pub(crate) fn iam_url(config: &Config, regional: bool) -> String {
    config
        .iam_endpoint
        .clone()
        .or_else(|| config.service_endpoints.get("iam").cloned())
        .unwrap_or_else(|| match (&config.region, regional) {
            (Some(region), true) => format!("https://iam.{region}.myhuaweicloud.com"),
            _ => "https://iam.myhuaweicloud.com".to_string(),
        })
}

/// A client of IAM at [`iam_url`], with `config`'s credentials and HTTP pool, that looks no
/// project or domain id up: what the id lookups and the credential providers' exchanges use.
pub(crate) fn iam_client(config: &Config, regional: bool) -> Result<Client, SdkError> {
    let mut iam_config = config.clone();
    iam_config
        .service_endpoints
        .insert("iam".into(), iam_url(config, regional));
    let endpoint = resolve_endpoint(&iam_config, &IAM)?;
    let http = iam_config.http_client()?;
    Ok(Client {
        inner: Arc::new(Inner {
            config: iam_config,
            service: IAM,
            endpoint,
            http,
            project_id: tokio::sync::OnceCell::new(),
            domain_id: tokio::sync::OnceCell::new(),
            looks_up: false,
        }),
    })
}

#[derive(serde::Deserialize)]
struct Projects {
    projects: Vec<Project>,
}

#[derive(serde::Deserialize)]
struct Domains {
    domains: Vec<Domain>,
}

#[derive(serde::Deserialize)]
struct Domain {
    id: String,
}

#[derive(serde::Deserialize)]
struct Project {
    id: String,
    name: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service)
            .field("endpoint", &self.inner.endpoint.origin)
            .field("config", &self.inner.config)
            .finish()
    }
}

/// Headers to send and the request URI.
type Prepared = (Vec<(String, String)>, String);

enum Outcome {
    Response(RawResponse),
    Fatal(SdkError<Infallible>),
    Transport {
        error: reqwest::Error,
        connect: bool,
    },
    TimedOut,
}

/// `true` when waiting `delay` from now ends before the deadline.
fn fits_before(deadline: Option<Instant>, delay: Duration) -> bool {
    match deadline {
        None => true,
        Some(d) => Instant::now().checked_add(delay).is_some_and(|t| t < d),
    }
}

fn sign_error(e: SignError) -> SdkError<Infallible> {
    match e {
        SignError::MissingAk | SignError::MissingSk => SdkError::credentials(e.to_string()),
        other => SdkError::invalid_input(other.to_string()),
    }
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    if let Some(slot) = headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        slot.1 = value.to_owned();
    } else {
        headers.push((name.to_owned(), value.to_owned()));
    }
}

impl Client {
    /// A client for `service` with this configuration. Fails (without any
    /// network access) when no endpoint can be worked out: a template with
    /// `{region}` and no region, or an invalid URL.
    ///
    /// Endpoint resolution order: [`Config::with_service_endpoint`],
    /// [`Config::with_endpoint`], `HUAWEICLOUD_SDK_REGION_<SVC>_<REGION>`
    /// (read by [`Config::from_env`]), then the template
    /// ([`Config::with_service_endpoint_template`],
    /// [`Config::with_endpoint_template`], `service.endpoint_template`).
    /// An endpoint without scheme gets `https://`.
    pub fn new(config: &Config, service: ServiceInfo) -> Result<Self, SdkError> {
        let endpoint = resolve_endpoint(config, &service)?;
        let http = config.http_client()?;
        Ok(Client {
            inner: Arc::new(Inner {
                config: config.clone(),
                service,
                endpoint,
                http,
                project_id: tokio::sync::OnceCell::new(),
                domain_id: tokio::sync::OnceCell::new(),
                looks_up: true,
            }),
        })
    }

    /// The IAM client of the id lookups (see [`iam_client`]); it looks nothing up itself.
    fn iam_for_lookup(&self, regional: bool) -> Result<Client, SdkError<Infallible>> {
        iam_client(&self.inner.config, regional).map_err(|e| SdkError::invalid_input(e.to_string()))
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service.
    pub fn service(&self) -> &ServiceInfo {
        &self.inner.service
    }

    /// The resolved endpoint (`scheme://host[:port]` plus any path prefix).
    pub fn endpoint(&self) -> String {
        format!(
            "{}{}",
            self.inner.endpoint.origin, self.inner.endpoint.prefix
        )
    }

    /// Sends a request and returns the response whatever its status;
    /// retries as the [`crate::RetryPolicy`] says. Errors are transport
    /// errors, timeouts, credentials and invalid input; turn the response
    /// into a typed result with [`crate::handle_json`] (or use
    /// [`Client::execute`]).
    pub async fn send<E>(&self, request: Request) -> Result<RawResponse, SdkError<E>> {
        let span = tracing::info_span!(
            "huaweicloud.operation",
            service = %self.inner.service.name,
            operation = %request.operation,
            method = %request.method,
            path = %request.path,
            status = field::Empty,
            request_id = field::Empty,
            attempts = field::Empty,
            latency_ms = field::Empty,
        );
        self.send_inner(request, span.clone())
            .instrument(span)
            .await
            .map_err(SdkError::cast)
    }

    /// [`Client::send`], then [`crate::handle_json`]: a status below 400 is
    /// decoded as JSON `T`, anything else becomes [`SdkError::Service`].
    pub async fn execute<T, E>(&self, request: Request) -> Result<T, SdkError<E>>
    where
        T: DeserializeOwned,
        E: FromErrorResponse,
    {
        let raw = self.send::<E>(request).await?;
        handle_json(raw)
    }

    /// The project id: the configured one, else the one IAM gave for the region.
    fn project_id(&self) -> Option<&str> {
        self.inner
            .config
            .project_id
            .as_deref()
            .or_else(|| self.inner.project_id.get().map(String::as_str))
    }

    /// Looks up the region's project id at IAM (`GET /v3/projects?name={region}`, signed with
    /// the same credentials), as the official SDK does when none is configured; once per client.
    async fn look_up_project_id(&self) -> Result<(), SdkError<Infallible>> {
        let config = &self.inner.config;
        if config.project_id.is_some()
            || self.inner.service.scope != ServiceScope::Regional
            || !self.inner.looks_up
        {
            return Ok(());
        }
        let Some(region) = config.region.clone() else {
            return Err(SdkError::invalid_input(
                "the path needs a project id but none is configured, and without a region there is none to look up",
            ));
        };
        self.inner
            .project_id
            .get_or_try_init(|| async {
                let iam = self.iam_for_lookup(true).map_err(|e| {
                    SdkError::credentials(format!("cannot reach IAM to look up the project id: {e}"))
                })?;
                let request = Request::new(http::Method::GET, "/v3/projects")
                    .operation("KeystoneListProjects")
                    .query("name", region.as_str());
                let raw = Box::pin(iam.send::<Infallible>(request))
                    .await
?;
                if !raw.is_success() {
                    let meta = crate::error::ErrorMeta::from_response(&raw);
                    return Err(SdkError::credentials(format!(
                        "looking up the project id of region {region} at IAM failed: {meta}; configure it (HUAWEICLOUD_SDK_PROJECT_ID)"
                    )));
                }
                let projects: Projects = crate::response::decode_json(&raw)?;
                let mut ids = projects.projects.into_iter().filter(|p| p.name == region);
                match (ids.next(), ids.next()) {
                    (Some(p), None) => {
                        tracing::debug!(region = %region, "project id looked up at IAM");
                        Ok(p.id)
                    }
                    (None, _) => Err(SdkError::credentials(format!(
                        "IAM lists no project named {region} for these credentials; configure the project id (HUAWEICLOUD_SDK_PROJECT_ID)"
                    ))),
                    (Some(_), Some(_)) => Err(SdkError::credentials(format!(
                        "IAM lists several projects named {region}; configure the project id (HUAWEICLOUD_SDK_PROJECT_ID)"
                    ))),
                }
            })
            .await?;
        Ok(())
    }

    /// The domain id: the configured one, else the one IAM gave for the credentials.
    fn domain_id(&self) -> Option<&str> {
        self.inner
            .config
            .domain_id
            .as_deref()
            .or_else(|| self.inner.domain_id.get().map(String::as_str))
    }

    /// Looks up the credentials' domain (account) id at IAM (`GET /v3/auth/domains`, signed
    /// with the same credentials, at IAM's own endpoint), as the official SDK does for global
    /// services when none is configured; once per client.
    async fn look_up_domain_id(&self) -> Result<(), SdkError<Infallible>> {
        if self.inner.config.domain_id.is_some() || !self.inner.looks_up {
            return Ok(());
        }
        self.inner
            .domain_id
            .get_or_try_init(|| async {
                let iam = self.iam_for_lookup(false).map_err(|e| {
                    SdkError::credentials(format!("cannot reach IAM to look up the domain id: {e}"))
                })?;
                let request =
                    Request::new(http::Method::GET, "/v3/auth/domains").operation("KeystoneListAuthDomains");
                let raw = Box::pin(iam.send::<Infallible>(request)).await?;
                if !raw.is_success() {
                    let meta = crate::error::ErrorMeta::from_response(&raw);
                    return Err(SdkError::credentials(format!(
                        "looking up the domain id at IAM failed: {meta}; configure it (HUAWEICLOUD_SDK_DOMAIN_ID)"
                    )));
                }
                let domains: Domains = crate::response::decode_json(&raw)?;
                match domains.domains.into_iter().next() {
                    Some(d) => {
                        tracing::debug!("domain id looked up at IAM");
                        Ok(d.id)
                    }
                    None => Err(SdkError::credentials(
                        "IAM lists no domain for these credentials; configure the domain id (HUAWEICLOUD_SDK_DOMAIN_ID)",
                    )),
                }
            })
            .await?;
        Ok(())
    }

    fn fill_path(&self, path: &str) -> Result<String, SdkError<Infallible>> {
        let mut out = path.to_owned();
        for (placeholder, value, what) in [
            ("{project_id}", self.project_id(), "project id"),
            ("{domain_id}", self.domain_id(), "domain id"),
        ] {
            if out.contains(placeholder) {
                let Some(value) = value else {
                    return Err(SdkError::invalid_input(format!(
                        "the path needs a {what} but none is configured"
                    )));
                };
                out = out.replace(placeholder, &encode_path_segment(value));
            }
        }
        if out.contains('{') || out.contains('}') {
            return Err(SdkError::invalid_input(format!(
                "the path {out:?} has an unexpanded placeholder"
            )));
        }
        let full = format!("{}{}", self.inner.endpoint.prefix, out);
        if !full.starts_with('/') {
            return Err(SdkError::invalid_input(format!(
                "the path {out:?} must start with '/'"
            )));
        }
        Ok(full)
    }

    async fn send_inner(
        &self,
        request: Request,
        op_span: tracing::Span,
    ) -> Result<RawResponse, SdkError<Infallible>> {
        let config = &self.inner.config;
        let policy = request.settings.retry.as_ref().unwrap_or(&config.retry);
        let attempt_timeout = request
            .settings
            .attempt_timeout
            .unwrap_or(config.attempt_timeout);
        let total_timeout = request
            .settings
            .total_timeout
            .unwrap_or(config.total_timeout);
        if request.path.contains("{project_id}") {
            self.look_up_project_id().await?;
        }
        // As the official SDK: global credentials look the domain up, regional ones do not.
        if self.inner.service.scope == ServiceScope::Global {
            self.look_up_domain_id().await?;
        }
        let path = self.fill_path(&request.path)?;
        for (name, value) in &request.headers {
            HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| SdkError::invalid_input(format!("invalid header name {name:?}")))?;
            HeaderValue::from_bytes(value.trim().as_bytes()).map_err(|_| {
                SdkError::invalid_input(format!("invalid value for header {name:?}"))
            })?;
        }

        let start = Instant::now();
        let deadline = total_timeout.and_then(|t| start.checked_add(t));
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if remaining == Some(Duration::ZERO) {
                return Err(self.finish_timeout(&op_span, start, attempt - 1));
            }
            let timeout = match (attempt_timeout, remaining) {
                (Some(a), Some(r)) => Some(a.min(r)),
                (a, r) => a.or(r),
            };
            let attempt_span = tracing::info_span!(
                "huaweicloud.attempt",
                attempt,
                status = field::Empty,
                request_id = field::Empty,
                latency_ms = field::Empty,
            );
            let attempt_start = Instant::now();
            let outcome = self
                .attempt(&request, &path, timeout, attempt)
                .instrument(attempt_span.clone())
                .await;
            attempt_span.record("latency_ms", attempt_start.elapsed().as_millis() as u64);
            let can_retry = attempt < policy.max_attempts();
            let decision = self.classify(&outcome, &request);

            let (retry_reason, delay): (&str, Duration) = match outcome {
                Outcome::Fatal(e) => {
                    op_span.record("attempts", attempt);
                    return Err(e);
                }
                Outcome::Response(raw) => {
                    let status = raw.status.as_u16();
                    attempt_span.record("status", status);
                    if let Some(id) = &raw.request_id {
                        attempt_span.record("request_id", field::display(id));
                    }
                    let retry = match decision {
                        RetryDecision::Retry => can_retry,
                        RetryDecision::DontRetry => false,
                        RetryDecision::Default => {
                            can_retry && request.idempotent && is_retryable_status(status)
                        }
                    };
                    if !retry {
                        return Ok(self.finish(&op_span, start, raw));
                    }
                    let retry_after = raw
                        .header("retry-after")
                        .and_then(|v| parse_retry_after(v, config.clock.now()));
                    let delay = match retry_after {
                        Some(d) if d > policy.max_retry_after() => {
                            return Ok(self.finish(&op_span, start, raw))
                        }
                        Some(d) => d,
                        None => policy.backoff(attempt),
                    };
                    if !fits_before(deadline, delay) {
                        return Ok(self.finish(&op_span, start, raw));
                    }
                    ("retryable status", delay)
                }
                Outcome::Transport { error, connect } => {
                    let retryable = match decision {
                        RetryDecision::Retry => true,
                        RetryDecision::DontRetry => false,
                        RetryDecision::Default => connect || request.idempotent,
                    };
                    let delay = policy.backoff(attempt);
                    let fits = fits_before(deadline, delay);
                    if !(retryable && can_retry && fits) {
                        op_span.record("attempts", attempt);
                        op_span.record("latency_ms", start.elapsed().as_millis() as u64);
                        if error.is_timeout() {
                            return Err(SdkError::Timeout {
                                elapsed: start.elapsed(),
                                attempts: attempt,
                            });
                        }
                        tracing::debug!(attempt, connect, "transport error, giving up");
                        return Err(SdkError::Transport {
                            source: Box::new(error),
                            attempts: attempt,
                        });
                    }
                    (
                        if connect {
                            "connection error"
                        } else {
                            "transport error"
                        },
                        delay,
                    )
                }
                Outcome::TimedOut => {
                    let delay = policy.backoff(attempt);
                    let fits = fits_before(deadline, delay);
                    let retryable = match decision {
                        RetryDecision::Retry => true,
                        RetryDecision::DontRetry => false,
                        RetryDecision::Default => request.idempotent,
                    };
                    if !(retryable && can_retry && fits) {
                        return Err(self.finish_timeout(&op_span, start, attempt));
                    }
                    ("attempt timed out", delay)
                }
            };
            tracing::debug!(
                attempt,
                reason = retry_reason,
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// The config's retry classifier's verdict on an attempt.
    fn classify(&self, outcome: &Outcome, request: &Request) -> RetryDecision {
        let Some(classifier) = &self.inner.config.retry_classifier else {
            return RetryDecision::Default;
        };
        let seen = match outcome {
            Outcome::Fatal(_) => return RetryDecision::DontRetry,
            Outcome::Response(raw) => AttemptOutcome::Response {
                status: raw.status.as_u16(),
                headers: &raw.headers,
                body: &raw.body,
            },
            Outcome::Transport { connect: true, .. } => AttemptOutcome::ConnectError,
            Outcome::Transport { .. } => AttemptOutcome::TransportError,
            Outcome::TimedOut => AttemptOutcome::TimedOut,
        };
        classifier.classify(&seen, request)
    }

    fn finish(&self, span: &tracing::Span, start: Instant, raw: RawResponse) -> RawResponse {
        span.record("status", raw.status.as_u16());
        if let Some(id) = &raw.request_id {
            span.record("request_id", field::display(id));
        }
        span.record("attempts", raw.attempts);
        span.record("latency_ms", start.elapsed().as_millis() as u64);
        tracing::debug!(
            status = raw.status.as_u16(),
            attempts = raw.attempts,
            "response"
        );
        raw
    }

    fn finish_timeout(
        &self,
        span: &tracing::Span,
        start: Instant,
        attempts: u32,
    ) -> SdkError<Infallible> {
        span.record("attempts", attempts);
        span.record("latency_ms", start.elapsed().as_millis() as u64);
        tracing::debug!(attempts, "timed out");
        SdkError::Timeout {
            elapsed: start.elapsed(),
            attempts,
        }
    }

    /// Builds the header list and URI of one attempt (signing it when the
    /// credentials are AK/SK).
    fn prepare(
        &self,
        request: &Request,
        path: &str,
        credentials: Option<&ResolvedCredentials>,
    ) -> Result<Prepared, SdkError<Infallible>> {
        let config = &self.inner.config;
        let endpoint = &self.inner.endpoint;
        let mut headers: Vec<(String, String)> = Vec::with_capacity(request.headers.len() + 6);
        headers.push(("User-Agent".to_owned(), config.user_agent.clone()));
        for (name, value) in &request.headers {
            headers.push((name.clone(), value.clone()));
        }
        let skip_content_type = config.ignore_content_type_for_get
            && request.method == http::Method::GET
            && request.body.as_ref().is_none_or(|b| b.is_empty());
        if !skip_content_type
            && !request.content_type.is_empty()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".to_owned(), request.content_type.to_string()));
        }
        match self.inner.service.scope {
            ServiceScope::Regional => {
                if let Some(p) = self.project_id() {
                    set_header(&mut headers, "X-Project-Id", p);
                }
            }
            ServiceScope::Global => {
                if let Some(d) = self.domain_id() {
                    set_header(&mut headers, "X-Domain-Id", d);
                }
            }
        }
        let query: Vec<(String, QueryValue)> = request
            .query
            .iter()
            .map(|(k, v)| (k.clone(), QueryValue::Str(v.clone())))
            .collect();
        let unsigned_uri =
            |query: &[(String, QueryValue)]| -> Result<String, SdkError<Infallible>> {
                let q = signer::canonical_query(query).map_err(sign_error)?;
                Ok(if q.is_empty() {
                    path.to_owned()
                } else {
                    format!("{path}?{q}")
                })
            };
        match credentials {
            None => {
                let uri = unsigned_uri(&query)?;
                Ok((headers, uri))
            }
            Some(ResolvedCredentials::Token(token)) => {
                set_header(&mut headers, "X-Auth-Token", token.token().expose());
                let uri = unsigned_uri(&query)?;
                Ok((headers, uri))
            }
            Some(ResolvedCredentials::AkSk(creds)) => {
                if let Some(token) = creds.security_token() {
                    set_header(&mut headers, "X-Security-Token", token.expose());
                }
                if headers
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
                {
                    // Already authorized by the caller: the SDK signs nothing.
                    let uri = unsigned_uri(&query)?;
                    return Ok((headers, uri));
                }
                let derived = config
                    .derived_auth_service_name
                    .as_deref()
                    .filter(|_| !endpoint.huawei_public);
                let algorithm = if derived.is_some() {
                    Algorithm::V11HmacSha256
                } else {
                    config.signing_algorithm
                };
                let key = SigningKey {
                    algorithm,
                    ak: creds.ak(),
                    sk: creds.sk().expose(),
                    region_id: config.region.as_deref(),
                    derived_service_name: derived,
                };
                let now = config
                    .clock
                    .now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()
                    .and_then(|d| OffsetDateTime::UNIX_EPOCH.checked_add(d.try_into().ok()?))
                    .ok_or_else(|| SdkError::invalid_input("the clock is out of range"))?;
                let out = signer::sign(
                    SignableRequest {
                        method: request.method.as_str(),
                        host: &endpoint.host,
                        path,
                        query,
                        headers,
                        body: request.body.as_deref().unwrap_or_default(),
                    },
                    &key,
                    now,
                )
                .map_err(sign_error)?;
                Ok((out.headers, out.uri))
            }
        }
    }

    async fn attempt(
        &self,
        request: &Request,
        path: &str,
        timeout: Option<Duration>,
        attempt: u32,
    ) -> Outcome {
        let credentials = if request.settings.anonymous {
            None
        } else {
            let scope = self.inner.service.scope;
            match self.inner.config.credentials.resolve_for(scope).await {
                Ok(c) => Some(c),
                Err(e) => return Outcome::Fatal(SdkError::credentials(e.message)),
            }
        };
        let (headers, uri) = match self.prepare(request, path, credentials.as_ref()) {
            Ok(x) => x,
            Err(e) => return Outcome::Fatal(e),
        };
        let endpoint = &self.inner.endpoint;
        let url = match reqwest::Url::parse(&format!("{}{uri}", endpoint.origin)) {
            Ok(u) => u,
            Err(e) => {
                return Outcome::Fatal(SdkError::invalid_input(format!(
                    "cannot build the request URL: {e}"
                )))
            }
        };
        let mut header_map = HeaderMap::with_capacity(headers.len());
        for (name, value) in &headers {
            // The HTTP client sends exactly this Host itself.
            if name.eq_ignore_ascii_case("host") && *value == endpoint.host {
                continue;
            }
            let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_bytes(value.as_bytes()),
            ) else {
                return Outcome::Fatal(SdkError::invalid_input(format!("invalid header {name:?}")));
            };
            header_map.append(n, v);
        }
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .headers(header_map);
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let http_request = match builder.build() {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Fatal(SdkError::invalid_input(format!(
                    "cannot build the request: {e}"
                )))
            }
        };
        let http = &self.inner.http;
        let limit = request
            .max_response_bytes
            .unwrap_or(self.inner.config.max_response_bytes);
        let exchange = async {
            let response = http
                .execute(http_request)
                .await
                .map_err(|e| (e.is_connect(), e))?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = match crate::limits::read_body(response, limit).await {
                Ok(body) => Ok(body),
                Err(crate::limits::BodyError::Transport(e)) => return Err((false, e)),
                Err(crate::limits::BodyError::TooLarge { read }) => Err(read),
            };
            Ok::<_, (bool, reqwest::Error)>((status, headers, body))
        };
        let result = match timeout {
            Some(t) => match tokio::time::timeout(t, exchange).await {
                Ok(r) => r,
                Err(_) => return Outcome::TimedOut,
            },
            None => exchange.await,
        };
        match result {
            Ok((status, headers, Err(read))) => {
                let request_id = request_id_from_headers(&headers);
                tracing::debug!(
                    status = status.as_u16(),
                    limit,
                    "response body over the limit"
                );
                Outcome::Fatal(SdkError::ResponseTooLarge {
                    status: status.as_u16(),
                    request_id,
                    limit,
                    read,
                    attempts: attempt,
                })
            }
            Ok((status, headers, Ok(body))) => {
                let request_id = request_id_from_headers(&headers);
                Outcome::Response(RawResponse {
                    status,
                    headers,
                    body,
                    request_id,
                    attempts: attempt,
                })
            }
            Err((connect, error)) => Outcome::Transport { error, connect },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::AkSkCredentials;

    fn cfg() -> Config {
        Config::new(AkSkCredentials::new("ak", "sk"))
    }

    #[test]
    fn endpoints() {
        let svc = ServiceInfo::new("cce", "https://cce.{region}.myhuaweicloud.com");
        assert!(Client::new(&cfg(), svc.clone()).is_err());
        let c = Client::new(&cfg().with_region("no-such-region-1"), svc.clone()).unwrap();
        assert_eq!(
            c.endpoint(),
            "https://cce.no-such-region-1.myhuaweicloud.com"
        );
        let c = Client::new(
            &cfg()
                .with_region("eu-de")
                .with_endpoint_template("https://{service}.{region}.otc.t-systems.com"),
            svc.clone(),
        )
        .unwrap();
        assert_eq!(c.endpoint(), "https://cce.eu-de.otc.t-systems.com");
        let c = Client::new(
            &cfg().with_endpoint("http://127.0.0.1:8080/prefix/"),
            svc.clone(),
        )
        .unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.1:8080/prefix");
        assert_eq!(c.inner.endpoint.host, "127.0.0.1:8080");
        let c = Client::new(&cfg().with_endpoint("cce.example.com:443"), svc.clone()).unwrap();
        assert_eq!(c.inner.endpoint.host, "cce.example.com");
        assert!(!c.inner.endpoint.huawei_public);
        assert!(Client::new(&cfg().with_endpoint("ftp://x"), svc.clone()).is_err());
        assert!(Client::new(&cfg().with_endpoint("http://"), svc.clone()).is_err());
        let env = Config::from_env_vars([
            ("HUAWEICLOUD_SDK_AK", "a"),
            ("HUAWEICLOUD_SDK_SK", "b"),
            ("HUAWEICLOUD_SDK_REGION", "cn-north-4"),
            (
                "HUAWEICLOUD_SDK_REGION_CCE_CN_NORTH_4",
                "https://cce.internal.example",
            ),
        ])
        .unwrap();
        let c = Client::new(&env, svc).unwrap();
        assert_eq!(c.endpoint(), "https://cce.internal.example");
        let iam = ServiceInfo::global("iam", "https://iam.myhuaweicloud.com");
        let c = Client::new(&cfg(), iam).unwrap();
        assert!(c.inner.endpoint.huawei_public);
    }

    #[test]
    fn path_filling() {
        let svc = ServiceInfo::new("cce", "https://cce.{region}.myhuaweicloud.com");
        let c = Client::new(&cfg().with_region("r"), svc.clone()).unwrap();
        assert!(c.fill_path("/v1/{project_id}/x").is_err());
        assert!(c.fill_path("v1").is_err());
        let c = Client::new(&cfg().with_region("r").with_project_id("p 1"), svc).unwrap();
        assert_eq!(c.fill_path("/v1/{project_id}/x").unwrap(), "/v1/p%201/x");
        assert!(c.fill_path("/v1/{cluster_id}").is_err());
    }
}
