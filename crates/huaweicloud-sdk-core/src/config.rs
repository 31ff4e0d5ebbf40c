//! Client configuration.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::credentials::{AkSkCredentials, Credentials};
use crate::error::SdkError;
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::signer::Algorithm;

/// The default endpoint template.
pub const DEFAULT_ENDPOINT_TEMPLATE: &str = "https://{service}.{region}.myhuaweicloud.com";

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("huaweicloud-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// Environment variables read by [`Config::from_env`] (the official SDK's names).
pub mod env {
    /// Access key id.
    pub const AK: &str = "HUAWEICLOUD_SDK_AK";
    /// Secret access key.
    pub const SK: &str = "HUAWEICLOUD_SDK_SK";
    /// Security token of temporary credentials.
    pub const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
    /// Project id (regional services).
    pub const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
    /// Domain (account) id (global services).
    pub const DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
    /// IAM's endpoint, where project and domain ids are looked up (and IAM itself is called).
    pub const IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
    /// Identity provider id of OpenID Connect federation (with [`ID_TOKEN_FILE`]).
    pub const IDP_ID: &str = "HUAWEICLOUD_SDK_IDP_ID";
    /// File holding the OpenID Connect id token (with [`IDP_ID`]).
    pub const ID_TOKEN_FILE: &str = "HUAWEICLOUD_SDK_ID_TOKEN_FILE";
    /// The profile file (`~/.huaweicloud/credentials` otherwise).
    pub const CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
    /// Region id (this SDK's addition; the official SDKs take it in code).
    pub const REGION: &str = "HUAWEICLOUD_SDK_REGION";
    /// Endpoint override for every service (this SDK's addition).
    pub const ENDPOINT: &str = "HUAWEICLOUD_SDK_ENDPOINT";
    /// Prefix of the per-service, per-region endpoint variables:
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION_ID with - as _, upper case>`,
    /// comma-separated endpoints (the first is used).
    pub const REGION_ENDPOINT_PREFIX: &str = "HUAWEICLOUD_SDK_REGION_";
}

/// How requests reach the network.
#[derive(Clone, Default)]
pub enum ProxyConfig {
    /// The environment's `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`, with
    /// `NO_PROXY` honoured (the default).
    #[default]
    System,
    /// No proxy at all.
    Disabled,
    /// This proxy URL for all requests (may hold user and password; it is
    /// redacted in `Debug`), with `NO_PROXY` from the environment honoured.
    Url(Secret),
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyConfig::System => f.write_str("System"),
            ProxyConfig::Disabled => f.write_str("Disabled"),
            ProxyConfig::Url(url) => f.debug_tuple("Url").field(url).finish(),
        }
    }
}

/// Configuration shared by every service client.
///
/// Cheap to clone. Build it with [`Config::new`] or [`Config::from_env`] and
/// the `with_*` methods. All service clients created from one `Config` (and
/// its clones) share one HTTP connection pool.
#[derive(Clone)]
pub struct Config {
    pub(crate) credentials: Arc<dyn Credentials>,
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) service_endpoints: BTreeMap<String, String>,
    pub(crate) endpoint_template: Option<String>,
    pub(crate) service_templates: BTreeMap<String, String>,
    pub(crate) env_region_endpoints: BTreeMap<String, String>,
    pub(crate) project_id: Option<String>,
    pub(crate) domain_id: Option<String>,
    pub(crate) iam_endpoint: Option<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) proxy: ProxyConfig,
    pub(crate) user_agent: String,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) signing_algorithm: Algorithm,
    pub(crate) derived_auth_service_name: Option<String>,
    pub(crate) ignore_content_type_for_get: bool,
    pub(crate) max_response_bytes: u64,
    pub(crate) http: Arc<OnceLock<reqwest::Client>>,
    pub(crate) tls: TlsConfig,
    pub(crate) retry_classifier: Option<Arc<dyn crate::retry::RetryClassifier>>,
}

/// TLS settings of the HTTP client the config builds.
#[derive(Clone, Default)]
pub(crate) struct TlsConfig {
    /// PEM certificates trusted besides the system's roots.
    pub(crate) extra_roots: Vec<Arc<[u8]>>,
    /// Accept any certificate (dangerous).
    pub(crate) accept_invalid_certs: bool,
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConfig")
            .field("extra_roots", &self.extra_roots.len())
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .finish()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("service_endpoints", &self.service_endpoints)
            .field("endpoint_template", &self.endpoint_template)
            .field("service_templates", &self.service_templates)
            .field("env_region_endpoints", &self.env_region_endpoints)
            .field("project_id", &self.project_id)
            .field("domain_id", &self.domain_id)
            .field("iam_endpoint", &self.iam_endpoint)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("proxy", &self.proxy)
            .field("user_agent", &self.user_agent)
            .field("clock", &self.clock)
            .field("signing_algorithm", &self.signing_algorithm)
            .field("derived_auth_service_name", &self.derived_auth_service_name)
            .field(
                "ignore_content_type_for_get",
                &self.ignore_content_type_for_get,
            )
            .field("max_response_bytes", &self.max_response_bytes)
            .field("tls", &self.tls)
            .field("retry_classifier", &self.retry_classifier)
            .finish_non_exhaustive()
    }
}

fn non_empty(s: impl Into<String>) -> Option<String> {
    let s = s.into();
    if s.trim().is_empty() {
        None
    } else {
        Some(s)
    }
}

impl Config {
    /// A configuration with these credentials and defaults everywhere else:
    /// no region, the default endpoint template, connect timeout 60 s,
    /// per-attempt timeout 120 s (the SDK's read timeout), no total budget,
    /// [`RetryPolicy::default`], the system proxy, [`DEFAULT_USER_AGENT`],
    /// the system clock, `SDK-HMAC-SHA256`.
    pub fn new(credentials: impl Credentials + 'static) -> Self {
        Self::with_shared_credentials(Arc::new(credentials))
    }

    /// Like [`Config::new`], with credentials already behind an `Arc`.
    pub fn with_shared_credentials(credentials: Arc<dyn Credentials>) -> Self {
        Config {
            credentials,
            region: None,
            endpoint: None,
            service_endpoints: BTreeMap::new(),
            endpoint_template: None,
            service_templates: BTreeMap::new(),
            env_region_endpoints: BTreeMap::new(),
            project_id: None,
            domain_id: None,
            iam_endpoint: None,
            connect_timeout: Duration::from_secs(60),
            attempt_timeout: Some(Duration::from_secs(120)),
            total_timeout: None,
            retry: RetryPolicy::default(),
            proxy: ProxyConfig::System,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            clock: Arc::new(SystemClock),
            signing_algorithm: Algorithm::SdkHmacSha256,
            derived_auth_service_name: None,
            ignore_content_type_for_get: false,
            max_response_bytes: crate::limits::DEFAULT_MAX_RESPONSE_BYTES,
            http: Arc::new(OnceLock::new()),
            tls: TlsConfig::default(),
            retry_classifier: None,
        }
    }

    /// Reads the official SDK's environment variables (see [`mod@env`]):
    /// `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`,
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID`,
    /// `HUAWEICLOUD_SDK_DOMAIN_ID`, `HUAWEICLOUD_SDK_REGION_<SVC>_<REGION>`,
    /// plus `HUAWEICLOUD_SDK_REGION` and `HUAWEICLOUD_SDK_ENDPOINT`.
    /// Empty values count as unset. AK and SK are required.
    pub fn from_env() -> Result<Self, SdkError> {
        Self::from_env_vars(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// [`Config::from_env`] over an explicit list of variables (for tests).
    pub fn from_env_vars<I, K, V>(vars: I) -> Result<Self, SdkError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut map = BTreeMap::new();
        for (k, v) in vars {
            let (k, v) = (k.into(), v.into());
            if let Some(v) = non_empty(v) {
                map.insert(k, v);
            }
        }
        let ak = map.get(env::AK).cloned();
        let sk = map.get(env::SK).cloned();
        let idp = (map.get(env::IDP_ID), map.get(env::ID_TOKEN_FILE));
        let config = Self::settings_from_map(&map);
        let (ak, sk) = match (ak, sk) {
            (Some(ak), Some(sk)) => (ak, sk),
            (None, None) => {
                return match idp {
                    (Some(idp), Some(file)) => {
                        let provider = crate::providers::IdpCredentials::from_file(
                            &config,
                            idp.clone(),
                            file.clone(),
                        );
                        Ok(config.with_credentials(provider))
                    }
                    (Some(_), None) | (None, Some(_)) => Err(SdkError::credentials(format!(
                        "{} and {} go together: only one is set",
                        env::IDP_ID,
                        env::ID_TOKEN_FILE
                    ))),
                    (None, None) => Err(SdkError::credentials(format!(
                        "{} and {} are not set (nor {} and {})",
                        env::AK,
                        env::SK,
                        env::IDP_ID,
                        env::ID_TOKEN_FILE
                    ))),
                };
            }
            (None, Some(_)) => {
                return Err(SdkError::credentials(format!(
                    "{} is set but {} is not",
                    env::SK,
                    env::AK
                )))
            }
            (Some(_), None) => {
                return Err(SdkError::credentials(format!(
                    "{} is set but {} is not",
                    env::AK,
                    env::SK
                )))
            }
        };
        let mut creds = AkSkCredentials::new(ak, sk);
        if let Some(token) = map.get(env::SECURITY_TOKEN) {
            creds = creds.with_security_token(token.clone());
        }
        Ok(config.with_credentials(creds))
    }

    /// The credentials of the default chain ([`crate::providers::DefaultCredentialsChain`]):
    /// the environment's (`HUAWEICLOUD_SDK_AK` and `_SK`, or `_IDP_ID` and `_ID_TOKEN_FILE`),
    /// else the profile file's (`~/.huaweicloud/credentials`, or
    /// `HUAWEICLOUD_SDK_CREDENTIALS_FILE`: `[basic]` for regional services, `[global]` for
    /// global ones, with their `project_id`, `domain_id` and `iam_endpoint`), else the ECS/CCE
    /// metadata service's. Region, endpoints and ids come from the environment as with
    /// [`Config::from_env`].
    pub fn load() -> Result<Self, SdkError> {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
        crate::providers::DefaultCredentialsChain::load_from(vars, None).map(|(c, _)| c)
    }

    /// What [`Config::from_env`] reads besides the credentials, with credentials that fail
    /// (to be replaced).
    pub(crate) fn settings_from_env_vars(vars: &[(String, String)]) -> Self {
        let map: BTreeMap<String, String> = vars
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), non_empty(v.clone())?)))
            .collect();
        Self::settings_from_map(&map)
    }

    fn settings_from_map(map: &BTreeMap<String, String>) -> Self {
        let mut config = Config::new(AkSkCredentials::new("", ""));
        config.project_id = map.get(env::PROJECT_ID).cloned();
        config.domain_id = map.get(env::DOMAIN_ID).cloned();
        config.iam_endpoint = map.get(env::IAM_ENDPOINT).cloned();
        config.region = map.get(env::REGION).cloned();
        config.endpoint = map.get(env::ENDPOINT).cloned();
        for (k, v) in map {
            if let Some(suffix) = k.strip_prefix(env::REGION_ENDPOINT_PREFIX) {
                if let Some(first) = v.split(',').map(str::trim).find(|s| !s.is_empty()) {
                    config
                        .env_region_endpoints
                        .insert(suffix.to_owned(), first.to_owned());
                }
            }
        }
        config
    }

    /// Replaces the credentials.
    pub fn with_credentials(mut self, credentials: impl Credentials + 'static) -> Self {
        self.credentials = Arc::new(credentials);
        self
    }

    /// The region id, e.g. `cn-north-4`. Any string is accepted (unknown
    /// regions simply produce an endpoint from the template).
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = non_empty(region);
        self
    }

    /// An endpoint (full URL such as `https://cce.eu-de.otc.t-systems.com` or
    /// `http://127.0.0.1:8080`) used for every service, overriding templates.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = non_empty(endpoint);
        self
    }

    /// An endpoint for one service (by its short name, e.g. `cce`).
    pub fn with_service_endpoint(
        mut self,
        service: impl Into<String>,
        endpoint: impl Into<String>,
    ) -> Self {
        self.service_endpoints
            .insert(service.into(), endpoint.into());
        self
    }

    /// The endpoint template for every service, with `{service}` and
    /// `{region}` placeholders, e.g. `https://{service}.{region}.otc.t-systems.com`.
    pub fn with_endpoint_template(mut self, template: impl Into<String>) -> Self {
        self.endpoint_template = non_empty(template);
        self
    }

    /// The endpoint template of one service.
    pub fn with_service_endpoint_template(
        mut self,
        service: impl Into<String>,
        template: impl Into<String>,
    ) -> Self {
        self.service_templates
            .insert(service.into(), template.into());
        self
    }

    /// The project id: sent as `X-Project-Id` to regional services and used
    /// for `{project_id}` in paths.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = non_empty(project_id);
        self
    }

    /// The domain (account) id: sent as `X-Domain-Id` to global services and
    /// used for `{domain_id}` in paths.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = non_empty(domain_id);
        self
    }

    /// IAM's endpoint (`https://iam.myhuaweicloud.com` by default): where a missing project id
    /// or domain id is looked up, whatever endpoint the called service has. Also read from
    /// `HUAWEICLOUD_SDK_IAM_ENDPOINT` by [`Config::from_env`].
    pub fn with_iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.iam_endpoint = non_empty(endpoint);
        self
    }

    /// TCP/TLS connect timeout.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self.http = Arc::new(OnceLock::new());
        self
    }

    /// Timeout of one attempt (sending and reading the whole response);
    /// `None` for no limit.
    pub fn with_attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Total time budget of a call, retries and backoff included; `None`
    /// for no limit.
    pub fn with_total_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// The retry policy.
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The proxy configuration.
    pub fn with_proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = proxy;
        self.http = Arc::new(OnceLock::new());
        self
    }

    /// The complete `User-Agent` header value (it is signed). For example
    /// `huaweicloud-usdk-python/3.0; oracle-capture/1.0` reproduces the
    /// Python SDK's requests.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The clock used for `X-Sdk-Date` (and HTTP-date `Retry-After`).
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The signing algorithm: [`Algorithm::SdkHmacSha256`] (default) or
    /// [`Algorithm::SdkHmacSm3`]. (`V11-HMAC-SHA256` is chosen through
    /// [`Config::with_derived_auth_service_name`].)
    pub fn with_signing_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.signing_algorithm = algorithm;
        self
    }

    /// Enables derived AK/SK signing (`V11-HMAC-SHA256`) for endpoints that
    /// are not under `myhuaweicloud.com`/`huaweicloud.com` (the SDK's default
    /// derived predicate), with this service name and the config's region.
    pub fn with_derived_auth_service_name(mut self, name: impl Into<String>) -> Self {
        self.derived_auth_service_name = non_empty(name);
        self
    }

    /// Drops `Content-Type` from GET requests without a body (the SDK's
    /// `HttpConfig.ignore_content_type_for_get_request`; off by default).
    pub fn with_ignore_content_type_for_get(mut self, ignore: bool) -> Self {
        self.ignore_content_type_for_get = ignore;
        self
    }

    /// The largest response body a call accepts, counted after decompression
    /// ([`crate::DEFAULT_MAX_RESPONSE_BYTES`], 64 MiB, by default): a larger one is an
    /// [`SdkError::ResponseTooLarge`], raised without reading the rest (see [`crate::limits`]).
    pub fn with_max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The limit of a response body ([`Config::with_max_response_bytes`]).
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// Trusts also the certificate authorities of this PEM file content (one or more
    /// `-----BEGIN CERTIFICATE-----` blocks), e.g. a corporate proxy's or a private cloud's.
    /// An invalid PEM is reported by the first request ([`SdkError::InvalidInput`]).
    pub fn with_ca_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls.extra_roots.push(Arc::from(pem.into()));
        self.http = Arc::new(OnceLock::new());
        self
    }

    /// **Dangerous**: accepts any server certificate, expired, self-signed or for another host,
    /// so that anyone between the client and the endpoint can read and change the traffic,
    /// credentials included. For tests against local servers only; a warning is logged when
    /// the HTTP client is built.
    pub fn with_danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.tls.accept_invalid_certs = accept;
        self.http = Arc::new(OnceLock::new());
        self
    }

    /// Decides, before the built-in rules, which attempts are retried (see
    /// [`crate::retry::RetryClassifier`]).
    pub fn with_retry_classifier(
        mut self,
        classifier: impl crate::retry::RetryClassifier + 'static,
    ) -> Self {
        self.retry_classifier = Some(Arc::new(classifier));
        self
    }

    /// Uses this `reqwest::Client` (it should have gzip and no redirects).
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(client);
        self.http = Arc::new(cell);
        self
    }

    /// The region id.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The project id.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The domain id.
    pub fn domain_id(&self) -> Option<&str> {
        self.domain_id.as_deref()
    }

    /// The configured IAM endpoint.
    pub fn iam_endpoint(&self) -> Option<&str> {
        self.iam_endpoint.as_deref()
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The user agent.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The shared HTTP client (built on first use).
    pub(crate) fn http_client(&self) -> Result<reqwest::Client, SdkError> {
        if let Some(c) = self.http.get() {
            return Ok(c.clone());
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .pool_max_idle_per_host(10);
        for pem in &self.tls.extra_roots {
            let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|_| {
                SdkError::invalid_input("the CA certificate is not a valid PEM certificate")
            })?;
            if certs.is_empty() {
                return Err(SdkError::invalid_input(
                    "the CA certificate PEM holds no certificate",
                ));
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        if self.tls.accept_invalid_certs {
            tracing::warn!(
                "TLS certificate verification is OFF (Config::with_danger_accept_invalid_certs)"
            );
            builder = builder.danger_accept_invalid_certs(true);
        }
        match &self.proxy {
            ProxyConfig::System => {}
            ProxyConfig::Disabled => builder = builder.no_proxy(),
            ProxyConfig::Url(url) => {
                let proxy = reqwest::Proxy::all(url.expose())
                    .map_err(|_| SdkError::invalid_input("the proxy URL is invalid"))?
                    .no_proxy(reqwest::NoProxy::from_env());
                builder = builder.proxy(proxy);
            }
        }
        let client = builder.build().map_err(|e| SdkError::Transport {
            source: Box::new(e),
            attempts: 0,
        })?;
        Ok(self.http.get_or_init(|| client).clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_env_reads_official_names() {
        let c = Config::from_env_vars([
            ("HUAWEICLOUD_SDK_AK", "AKENV"),
            ("HUAWEICLOUD_SDK_SK", "SKENV"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKENENV"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "pid"),
            ("HUAWEICLOUD_SDK_DOMAIN_ID", "did"),
            ("HUAWEICLOUD_SDK_REGION", "xx-unknown-9"),
            (
                "HUAWEICLOUD_SDK_REGION_CCE_CN_NORTH_4",
                " https://a.example, https://b.example",
            ),
            ("UNRELATED", "x"),
        ])
        .unwrap();
        assert_eq!(c.project_id(), Some("pid"));
        assert_eq!(c.domain_id(), Some("did"));
        assert_eq!(c.region(), Some("xx-unknown-9"));
        assert_eq!(
            c.env_region_endpoints
                .get("CCE_CN_NORTH_4")
                .map(String::as_str),
            Some("https://a.example")
        );
        let dbg = format!("{c:?}");
        for secret in ["AKENV", "SKENV", "TOKENENV"] {
            assert!(!dbg.contains(secret));
        }
    }

    #[test]
    fn from_env_requires_both_keys() {
        assert!(matches!(
            Config::from_env_vars([("HUAWEICLOUD_SDK_AK", "a")]),
            Err(SdkError::Credentials { .. })
        ));
        assert!(Config::from_env_vars([("HUAWEICLOUD_SDK_SK", "a")]).is_err());
        assert!(Config::from_env_vars(Vec::<(String, String)>::new()).is_err());
        assert!(
            Config::from_env_vars([("HUAWEICLOUD_SDK_AK", ""), ("HUAWEICLOUD_SDK_SK", "s")])
                .is_err()
        );
    }

    #[test]
    fn proxy_url_is_redacted() {
        let c = Config::new(AkSkCredentials::new("a", "b"))
            .with_proxy(ProxyConfig::Url(Secret::new("http://user:pw@proxy:3128")));
        assert!(!format!("{c:?}").contains("pw@"));
    }
}
