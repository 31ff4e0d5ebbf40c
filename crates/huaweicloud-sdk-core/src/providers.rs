//! Credential providers for real accounts, behind the [`Credentials`] trait: the profile file
//! ([`ProfileCredentials`]), the ECS/CCE metadata service ([`MetadataCredentials`]), IAM agencies
//! ([`AgencyCredentials`]), IdP/OIDC federation ([`IdpCredentials`]) and the default chain
//! ([`DefaultCredentialsChain`], what [`Config::load`] uses).
//!
//! Temporary credentials are cached and refreshed before they expire (10 minutes before, or
//! halfway through a shorter lifetime); concurrent requests share one refresh, and when a
//! refresh fails while the cached keys are still valid, they are used (with a warning). Every
//! exchange with IAM goes to IAM's own endpoint, chosen as the project and domain lookups choose
//! it ([`Config::with_iam_endpoint`], `HUAWEICLOUD_SDK_IAM_ENDPOINT`, the config's `iam` service
//! endpoint, else `https://iam.myhuaweicloud.com`).
//!
//! No provider puts an AK, SK, security token, IAM token or id token in its `Debug`, in an error
//! or in a trace.

use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::client::{iam_client, ServiceScope};
use crate::clock::{Clock, SystemClock};
use crate::config::{env, Config};
use crate::credentials::{
    AkSkCredentials, Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture,
    ResolvedCredentials,
};
use crate::error::ErrorMeta;
use crate::request::Request;
use crate::secret::Secret;

/// The ECS/CCE metadata service.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://169.254.169.254";
/// Where the metadata service gives the instance's (its agency's) temporary keys.
pub const METADATA_SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
/// IAM's API issuing temporary keys (`CreateTemporaryAccessKeyByAgency`/`ByToken`).
pub const SECURITY_TOKENS_PATH: &str = "/v3.0/OS-CREDENTIAL/securitytokens";
/// IAM's API exchanging an OpenID Connect id token for an IAM token (`CreateTokenWithIdToken`).
pub const ID_TOKEN_TOKENS_PATH: &str = "/v3.0/OS-AUTH/id-token/tokens";
/// How long before expiry cached temporary keys are refreshed (at most half their lifetime).
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(600);

/// Temporary keys and when they expire.
#[derive(Clone)]
struct Expiring {
    credentials: AkSkCredentials,
    expires_at: SystemTime,
}

#[derive(Default)]
struct CacheState {
    current: Option<(Expiring, SystemTime)>,
    /// Completed fetches, failed or not: a caller that waited for someone else's fetch gets
    /// its outcome instead of fetching again.
    generation: u64,
    last_error: Option<CredentialsError>,
}

/// A single-flight cache of temporary keys.
struct Cache {
    state: Mutex<CacheState>,
    refresh: tokio::sync::Mutex<()>,
    clock: Arc<dyn Clock>,
    refresh_before: Duration,
}

impl fmt::Debug for Cache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("Cache")
            .field("cached", &state.current.is_some())
            .field(
                "expires_at",
                &state.current.as_ref().map(|c| c.0.expires_at),
            )
            .field("refresh_before", &self.refresh_before)
            .finish()
    }
}

impl Cache {
    fn new() -> Self {
        Cache {
            state: Mutex::new(CacheState::default()),
            refresh: tokio::sync::Mutex::new(()),
            clock: Arc::new(SystemClock),
            refresh_before: DEFAULT_REFRESH_BEFORE,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cached keys while they need no refresh; and the generation seen.
    fn fresh(&self) -> (Option<AkSkCredentials>, u64) {
        let state = self.lock();
        let now = self.clock.now();
        let fresh = state
            .current
            .as_ref()
            .filter(|(_, refresh_at)| now < *refresh_at)
            .map(|(e, _)| e.credentials.clone());
        (fresh, state.generation)
    }

    async fn get<F, Fut>(&self, fetch: F) -> Result<AkSkCredentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Expiring, CredentialsError>>,
    {
        let (fresh, seen) = self.fresh();
        if let Some(c) = fresh {
            return Ok(c);
        }
        let _refreshing = self.refresh.lock().await;
        {
            let (fresh, now_generation) = self.fresh();
            if let Some(c) = fresh {
                return Ok(c);
            }
            if now_generation != seen {
                // Someone else's fetch ended while we waited, and gave nothing usable.
                let last_error = self.lock().last_error.clone();
                if let Some(e) = last_error {
                    return self.unexpired().ok_or(e);
                }
            }
        }
        let outcome = fetch().await;
        let mut state = self.lock();
        state.generation += 1;
        match outcome {
            Ok(e) => {
                let now = self.clock.now();
                let lifetime = e.expires_at.duration_since(now).unwrap_or_default();
                let early = self.refresh_before.min(lifetime / 2);
                let refresh_at = e.expires_at.checked_sub(early).unwrap_or(now);
                let credentials = e.credentials.clone();
                tracing::debug!(
                    lifetime_s = lifetime.as_secs(),
                    "temporary credentials fetched"
                );
                state.current = Some((e, refresh_at));
                state.last_error = None;
                Ok(credentials)
            }
            Err(err) => {
                state.last_error = Some(err.clone());
                drop(state);
                match self.unexpired() {
                    Some(c) => {
                        tracing::warn!(error = %err, "refreshing temporary credentials failed; the cached ones are still valid");
                        Ok(c)
                    }
                    None => Err(err),
                }
            }
        }
    }

    fn unexpired(&self) -> Option<AkSkCredentials> {
        let now = self.clock.now();
        self.lock()
            .current
            .as_ref()
            .filter(|(e, _)| now < e.expires_at)
            .map(|(e, _)| e.credentials.clone())
    }
}

/// The `credential` object of IAM's and the metadata service's temporary keys.
#[derive(Deserialize)]
struct TemporaryCredential {
    access: String,
    secret: String,
    securitytoken: String,
    expires_at: String,
}

#[derive(Deserialize)]
struct CredentialEnvelope {
    credential: TemporaryCredential,
}

fn parse_credential(body: &[u8], from: &str) -> Result<Expiring, CredentialsError> {
    let envelope: CredentialEnvelope = serde_json::from_slice(body).map_err(|_| {
        CredentialsError::with_kind(
            CredentialsErrorKind::InvalidResponse,
            format!(
                "{from} did not answer with temporary credentials (a JSON `credential` with `access`, `secret`, `securitytoken` and `expires_at`)"
            ),
        )
    })?;
    let c = envelope.credential;
    let expires_at = time::OffsetDateTime::parse(
        c.expires_at.trim(),
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|_| {
        CredentialsError::with_kind(
            CredentialsErrorKind::InvalidResponse,
            format!(
                "{from} gave temporary credentials whose `expires_at` ({:?}) is no RFC 3339 time",
                c.expires_at
            ),
        )
    })?;
    if c.access.is_empty() || c.secret.is_empty() {
        return Err(CredentialsError::with_kind(
            CredentialsErrorKind::InvalidResponse,
            format!("{from} gave temporary credentials with an empty access key or secret"),
        ));
    }
    Ok(Expiring {
        credentials: AkSkCredentials::temporary(c.access, c.secret, c.securitytoken),
        expires_at: expires_at.into(),
    })
}

/// A reqwest error as a credentials error (reqwest's messages hold no secret; the URL is ours).
fn transport_error(what: &str, e: &reqwest::Error) -> CredentialsError {
    let why = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "cannot connect".to_owned()
    } else {
        "the exchange failed".to_owned()
    };
    CredentialsError::with_kind(
        CredentialsErrorKind::Unreachable,
        format!(
            "{what}: {why} ({})",
            crate::redact::without_values(&e.to_string())
        ),
    )
}

// ---------------------------------------------------------------------------------------
// Metadata

/// Temporary keys of the instance's agency from the ECS/CCE metadata service
/// (`GET http://169.254.169.254/openstack/latest/securitykey`), cached and refreshed before they
/// expire; concurrent requests share one fetch. A metadata service that does not answer within
/// the timeout (2 s to connect, 5 s in all, by default) is a [`CredentialsError`] of kind
/// [`CredentialsErrorKind::Unreachable`]. No proxy is used.
///
/// ```no_run
/// use huaweicloud_sdk_core::{providers::MetadataCredentials, Config};
/// let config = Config::new(MetadataCredentials::new()).with_region("cn-north-4");
/// ```
pub struct MetadataCredentials {
    endpoint: String,
    connect_timeout: Duration,
    timeout: Duration,
    http: OnceLock<reqwest::Client>,
    cache: Cache,
}

impl fmt::Debug for MetadataCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetadataCredentials")
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("cache", &self.cache)
            .finish()
    }
}

impl Default for MetadataCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl MetadataCredentials {
    /// The metadata service at [`DEFAULT_METADATA_ENDPOINT`].
    pub fn new() -> Self {
        MetadataCredentials {
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(5),
            http: OnceLock::new(),
            cache: Cache::new(),
        }
    }

    /// Another metadata endpoint (`http://127.0.0.1:8080` in tests).
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').to_owned();
        self
    }

    /// The connect timeout and the timeout of the whole fetch.
    pub fn with_timeouts(mut self, connect: Duration, total: Duration) -> Self {
        self.connect_timeout = connect;
        self.timeout = total;
        self.http = OnceLock::new();
        self
    }

    /// How long before expiry the keys are refreshed (at most half their lifetime).
    pub fn with_refresh_before(mut self, early: Duration) -> Self {
        self.cache.refresh_before = early;
        self
    }

    /// The clock that says when cached keys need a refresh.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.cache.clock = Arc::new(clock);
        self
    }

    async fn fetch(&self) -> Result<Expiring, CredentialsError> {
        let what = format!("the metadata service at {}", self.endpoint);
        let http = match self.http.get() {
            Some(h) => h.clone(),
            None => {
                let built = reqwest::Client::builder()
                    .no_proxy()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| transport_error(&what, &e))?;
                self.http.get_or_init(|| built).clone()
            }
        };
        let url = format!("{}{METADATA_SECURITY_KEY_PATH}", self.endpoint);
        let exchange = async {
            let response = http.get(&url).send().await?;
            let status = response.status();
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, body))
        };
        let (status, body) = match tokio::time::timeout(self.timeout, exchange).await {
            Ok(Ok(x)) => x,
            Ok(Err(e)) => return Err(transport_error(&what, &e)),
            Err(_) => {
                return Err(CredentialsError::with_kind(
                    CredentialsErrorKind::Unreachable,
                    format!("{what}: no answer within {:?}", self.timeout),
                ))
            }
        };
        if !status.is_success() {
            return Err(CredentialsError::with_kind(
                CredentialsErrorKind::Rejected,
                format!(
                    "{what} answered {status} to {METADATA_SECURITY_KEY_PATH}: does the instance have an agency?"
                ),
            ));
        }
        parse_credential(&body, &what)
    }
}

impl Credentials for MetadataCredentials {
    fn resolve(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let c = self.cache.get(|| self.fetch()).await?;
            Ok(ResolvedCredentials::AkSk(c))
        })
    }
}

// ---------------------------------------------------------------------------------------
// IAM exchanges

/// A request to IAM's own endpoint, with the credentials of `config`: the answer's status,
/// headers and body, or why it failed.
async fn call_iam(
    config: &Config,
    request: Request,
    what: &str,
) -> Result<crate::RawResponse, CredentialsError> {
    let client = iam_client(config, false).map_err(|e| {
        CredentialsError::with_kind(
            CredentialsErrorKind::Invalid,
            format!("{what}: cannot reach IAM: {e}"),
        )
    })?;
    let raw = client
        .send::<std::convert::Infallible>(request)
        .await
        .map_err(|e| {
            let kind = match e {
                crate::SdkError::Credentials { .. } => CredentialsErrorKind::Missing,
                crate::SdkError::InvalidInput { .. } => CredentialsErrorKind::Invalid,
                _ => CredentialsErrorKind::Unreachable,
            };
            CredentialsError::with_kind(kind, format!("{what}: {e}"))
        })?;
    if !raw.is_success() {
        let meta = ErrorMeta::from_response(&raw);
        return Err(CredentialsError::with_kind(
            CredentialsErrorKind::Rejected,
            format!("{what}: IAM refused: {meta}"),
        ));
    }
    Ok(raw)
}

fn json_body(value: &serde_json::Value) -> bytes::Bytes {
    bytes::Bytes::from(serde_json::to_vec(value).unwrap_or_default())
}

/// Which agency to assume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRole {
    domain: AgencyDomain,
    agency_name: String,
    duration: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum AgencyDomain {
    Name(String),
    Id(String),
}

impl AssumeRole {
    /// The agency `agency_name` of the account (domain) named `domain_name`.
    pub fn new(domain_name: impl Into<String>, agency_name: impl Into<String>) -> Self {
        AssumeRole {
            domain: AgencyDomain::Name(domain_name.into()),
            agency_name: agency_name.into(),
            duration: None,
        }
    }

    /// The agency `agency_name` of the account (domain) whose id is `domain_id`.
    pub fn by_domain_id(domain_id: impl Into<String>, agency_name: impl Into<String>) -> Self {
        AssumeRole {
            domain: AgencyDomain::Id(domain_id.into()),
            agency_name: agency_name.into(),
            duration: None,
        }
    }

    /// How long the temporary keys should last (IAM's default, 15 minutes, otherwise; at
    /// most 24 hours).
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }
}

/// An agency's temporary keys (IAM's `assume_role`: `POST /v3.0/OS-CREDENTIAL/securitytokens`),
/// obtained with the credentials of another configuration (permanent keys, the metadata's,
/// another agency's) and refreshed the same way as [`MetadataCredentials`].
///
/// ```no_run
/// use huaweicloud_sdk_core::providers::{AgencyCredentials, AssumeRole};
/// use huaweicloud_sdk_core::Config;
/// # fn run() -> Result<(), huaweicloud_sdk_core::SdkError> {
/// let base = Config::from_env()?;
/// let agency = AgencyCredentials::new(&base, AssumeRole::new("acme", "ops_agency"));
/// let config = base.with_credentials(agency);
/// # Ok(()) }
/// ```
pub struct AgencyCredentials {
    source: Config,
    role: AssumeRole,
    cache: Cache,
}

impl fmt::Debug for AgencyCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AgencyCredentials")
            .field("source", &self.source.credentials)
            .field("role", &self.role)
            .field("cache", &self.cache)
            .finish()
    }
}

impl AgencyCredentials {
    /// Assumes `role` with the credentials of `source`, at `source`'s IAM endpoint.
    pub fn new(source: &Config, role: AssumeRole) -> Self {
        let mut cache = Cache::new();
        cache.clock = source.clock.clone();
        AgencyCredentials {
            source: source.clone(),
            role,
            cache,
        }
    }

    /// How long before expiry the keys are refreshed (at most half their lifetime).
    pub fn with_refresh_before(mut self, early: Duration) -> Self {
        self.cache.refresh_before = early;
        self
    }

    async fn fetch(&self) -> Result<Expiring, CredentialsError> {
        let mut assume = serde_json::Map::new();
        match &self.role.domain {
            AgencyDomain::Name(n) => assume.insert("domain_name".into(), n.clone().into()),
            AgencyDomain::Id(i) => assume.insert("domain_id".into(), i.clone().into()),
        };
        assume.insert("agency_name".into(), self.role.agency_name.clone().into());
        if let Some(d) = self.role.duration {
            assume.insert("duration_seconds".into(), d.as_secs().into());
        }
        let body = serde_json::json!({
            "auth": {"identity": {"methods": ["assume_role"], "assume_role": assume}}
        });
        let request = Request::new(http::Method::POST, SECURITY_TOKENS_PATH)
            .operation("CreateTemporaryAccessKeyByAgency")
            .body(json_body(&body));
        let what = format!("assuming agency {}", self.role.agency_name);
        let raw = call_iam(&self.source, request, &what).await?;
        parse_credential(&raw.body, &what)
    }
}

impl Credentials for AgencyCredentials {
    fn resolve(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let c = self.cache.get(|| self.fetch()).await?;
            Ok(ResolvedCredentials::AkSk(c))
        })
    }
}

/// Where the OpenID Connect id token comes from.
#[derive(Clone)]
enum IdToken {
    /// Read afresh at each exchange (the platform rotates it).
    File(PathBuf),
    Value(Secret),
}

/// Temporary keys for an identity provider's user, from an OpenID Connect id token (the
/// official SDK's `IdpId` + `IdTokenFile`): the token is exchanged for an IAM token
/// (`POST /v3.0/OS-AUTH/id-token/tokens` with `X-Idp-Id`), and that for temporary keys
/// (`POST /v3.0/OS-CREDENTIAL/securitytokens`, method `token`); refreshed as
/// [`MetadataCredentials`] are, the token file read again each time.
pub struct IdpCredentials {
    config: Config,
    idp_id: String,
    id_token: IdToken,
    duration: Option<Duration>,
    cache: Cache,
}

impl fmt::Debug for IdpCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.id_token {
            IdToken::File(p) => format!("file {}", p.display()),
            IdToken::Value(v) => format!("value {v:?}"),
        };
        f.debug_struct("IdpCredentials")
            .field("idp_id", &self.idp_id)
            .field("id_token", &source)
            .field("cache", &self.cache)
            .finish()
    }
}

/// A config that reaches IAM as `base` does but sends no credentials of its own.
fn exchange_config(base: &Config) -> Config {
    let mut config = base.clone();
    config.credentials = Arc::new(crate::credentials::TokenCredentials::new("unused"));
    config
}

impl IdpCredentials {
    /// The identity provider `idp_id` and an id token file, exchanged at `base`'s IAM endpoint
    /// (its credentials are not used).
    pub fn from_file(base: &Config, idp_id: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        Self::with_token(base, idp_id.into(), IdToken::File(path.into()))
    }

    /// The identity provider `idp_id` and an id token given as a value.
    pub fn from_token(base: &Config, idp_id: impl Into<String>, id_token: Secret) -> Self {
        Self::with_token(base, idp_id.into(), IdToken::Value(id_token))
    }

    fn with_token(base: &Config, idp_id: String, id_token: IdToken) -> Self {
        let mut cache = Cache::new();
        cache.clock = base.clock.clone();
        IdpCredentials {
            config: exchange_config(base),
            idp_id,
            id_token,
            duration: None,
            cache,
        }
    }

    /// How long the temporary keys should last.
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// How long before expiry the keys are refreshed (at most half their lifetime).
    pub fn with_refresh_before(mut self, early: Duration) -> Self {
        self.cache.refresh_before = early;
        self
    }

    fn id_token(&self) -> Result<Secret, CredentialsError> {
        let token = match &self.id_token {
            IdToken::Value(v) => v.clone(),
            IdToken::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    CredentialsError::with_kind(
                        CredentialsErrorKind::Missing,
                        format!("cannot read the id token file {}: {e}", path.display()),
                    )
                })?;
                Secret::new(text.trim())
            }
        };
        if token.is_empty() {
            return Err(CredentialsError::with_kind(
                CredentialsErrorKind::Missing,
                "the id token is empty",
            ));
        }
        Ok(token)
    }

    async fn fetch(&self) -> Result<Expiring, CredentialsError> {
        let id_token = self.id_token()?;
        let what = format!("federating with identity provider {}", self.idp_id);
        let body = serde_json::json!({"auth": {"id_token": {"id": id_token.expose()}}});
        let request = Request::new(http::Method::POST, ID_TOKEN_TOKENS_PATH)
            .operation("CreateTokenWithIdToken")
            .header("X-Idp-Id", self.idp_id.clone())
            .body(json_body(&body));
        // The id token is the credential: nothing is signed, no X-Auth-Token is sent.
        let raw = call_iam(&self.config, request.unsigned(), &what).await?;
        let token = raw
            .header("x-subject-token")
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                CredentialsError::with_kind(
                    CredentialsErrorKind::InvalidResponse,
                    format!("{what}: IAM's answer has no X-Subject-Token"),
                )
            })?
            .to_owned();
        let mut identity = serde_json::json!({"methods": ["token"]});
        if let Some(d) = self.duration {
            identity["token"] = serde_json::json!({"duration_seconds": d.as_secs()});
        }
        let body = serde_json::json!({"auth": {"identity": identity}});
        let request = Request::new(http::Method::POST, SECURITY_TOKENS_PATH)
            .operation("CreateTemporaryAccessKeyByToken")
            .body(json_body(&body));
        let config = self
            .config
            .clone()
            .with_credentials(crate::credentials::TokenCredentials::new(token));
        let raw = call_iam(&config, request, &what).await?;
        parse_credential(&raw.body, &what)
    }
}

impl Credentials for IdpCredentials {
    fn resolve(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let c = self.cache.get(|| self.fetch()).await?;
            Ok(ResolvedCredentials::AkSk(c))
        })
    }
}

// ---------------------------------------------------------------------------------------
// Profile file

/// What a section of the profile file says.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProfileSection {
    /// `ak`.
    pub ak: Option<String>,
    /// `sk`.
    pub sk: Option<Secret>,
    /// `security_token`.
    pub security_token: Option<Secret>,
    /// `project_id`.
    pub project_id: Option<String>,
    /// `domain_id`.
    pub domain_id: Option<String>,
    /// `iam_endpoint`.
    pub iam_endpoint: Option<String>,
    /// `idp_id`.
    pub idp_id: Option<String>,
    /// `id_token_file`.
    pub id_token_file: Option<PathBuf>,
}

impl fmt::Debug for ProfileSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileSection")
            .field("ak", &self.ak.as_ref().map(|_| "***"))
            .field("sk", &self.sk)
            .field("security_token", &self.security_token)
            .field("project_id", &self.project_id)
            .field("domain_id", &self.domain_id)
            .field("iam_endpoint", &self.iam_endpoint)
            .field("idp_id", &self.idp_id)
            .field("id_token_file", &self.id_token_file)
            .finish()
    }
}

/// The profile file of the official SDKs: `~/.huaweicloud/credentials` (or the file named by
/// `HUAWEICLOUD_SDK_CREDENTIALS_FILE`), an INI file with a `[basic]` section for regional
/// services and a `[global]` section for global ones, each with the keys `ak`, `sk`,
/// `security_token`, `project_id`, `domain_id`, `iam_endpoint`, `idp_id` and `id_token_file`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// `[basic]`.
    pub basic: Option<ProfileSection>,
    /// `[global]`.
    pub global: Option<ProfileSection>,
}

/// The variable naming another profile file.
pub const CREDENTIALS_FILE_ENV: &str = env::CREDENTIALS_FILE;

const PROFILE_KEYS: [&str; 8] = [
    "ak",
    "sk",
    "security_token",
    "project_id",
    "domain_id",
    "iam_endpoint",
    "idp_id",
    "id_token_file",
];

impl ProfileFile {
    /// The profile file's path: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
    /// `~/.huaweicloud/credentials` (`None` without a home directory).
    pub fn default_path(vars: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
        if let Some(p) = vars(CREDENTIALS_FILE_ENV).filter(|p| !p.trim().is_empty()) {
            return Some(PathBuf::from(p));
        }
        let home = vars("HOME")
            .or_else(|| vars("USERPROFILE"))
            .filter(|h| !h.is_empty())?;
        Some(Path::new(&home).join(".huaweicloud").join("credentials"))
    }

    /// Reads and parses a profile file.
    pub fn read(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            CredentialsError::with_kind(
                CredentialsErrorKind::Missing,
                format!("cannot read the credentials file {}: {e}", path.display()),
            )
        })?;
        Self::parse(path, &text)
    }

    /// Parses the text of a profile file (`path` only names it in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Self, CredentialsError> {
        let ini = ini::Ini::load_from_str(text).map_err(|e| {
            CredentialsError::with_kind(
                CredentialsErrorKind::Invalid,
                format!(
                    "{}:{}: not an INI file ({}); expected [basic] and [global] sections of key = value lines",
                    path.display(),
                    e.line,
                    e.msg
                ),
            )
        })?;
        let section = |name: &str| -> Result<Option<ProfileSection>, CredentialsError> {
            let Some(props) = ini.section(Some(name)) else {
                return Ok(None);
            };
            for (key, _) in props.iter() {
                if !PROFILE_KEYS.contains(&key) {
                    return Err(CredentialsError::with_kind(
                        CredentialsErrorKind::Invalid,
                        format!(
                            "{}: [{name}] has an unknown key `{key}`; expected one of {}",
                            path.display(),
                            PROFILE_KEYS.join(", ")
                        ),
                    ));
                }
            }
            let get = |k: &str| {
                props
                    .get(k)
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            };
            Ok(Some(ProfileSection {
                ak: get("ak"),
                sk: get("sk").map(Secret::new),
                security_token: get("security_token").map(Secret::new),
                project_id: get("project_id"),
                domain_id: get("domain_id"),
                iam_endpoint: get("iam_endpoint"),
                idp_id: get("idp_id"),
                id_token_file: get("id_token_file").map(PathBuf::from),
            }))
        };
        let file = ProfileFile {
            path: path.to_owned(),
            basic: section("basic")?,
            global: section("global")?,
        };
        if file.basic.is_none() && file.global.is_none() {
            return Err(CredentialsError::with_kind(
                CredentialsErrorKind::Invalid,
                format!(
                    "{}: neither a [basic] nor a [global] section",
                    path.display()
                ),
            ));
        }
        Ok(file)
    }
}

/// The credentials of one section.
fn section_provider(
    path: &Path,
    name: &str,
    section: &ProfileSection,
    base: &Config,
) -> Result<Arc<dyn Credentials>, CredentialsError> {
    let at = format!("{} [{name}]", path.display());
    match (
        &section.ak,
        &section.sk,
        &section.idp_id,
        &section.id_token_file,
    ) {
        (Some(ak), Some(sk), _, _) => {
            let mut c = AkSkCredentials::new(ak.clone(), sk.expose());
            if let Some(t) = &section.security_token {
                c = c.with_security_token(t.expose());
            }
            Ok(Arc::new(c))
        }
        (Some(_), None, _, _) => Err(CredentialsError::with_kind(
            CredentialsErrorKind::Invalid,
            format!("{at}: `ak` is set but `sk` is not"),
        )),
        (None, Some(_), _, _) => Err(CredentialsError::with_kind(
            CredentialsErrorKind::Invalid,
            format!("{at}: `sk` is set but `ak` is not"),
        )),
        (None, None, Some(idp), Some(file)) => {
            let mut base = base.clone();
            if let Some(e) = &section.iam_endpoint {
                base = base.with_iam_endpoint(e.clone());
            }
            Ok(Arc::new(IdpCredentials::from_file(
                &base,
                idp.clone(),
                file.clone(),
            )))
        }
        (None, None, Some(_), None) => Err(CredentialsError::with_kind(
            CredentialsErrorKind::Invalid,
            format!("{at}: `idp_id` is set but `id_token_file` is not"),
        )),
        (None, None, None, Some(_)) => Err(CredentialsError::with_kind(
            CredentialsErrorKind::Invalid,
            format!("{at}: `id_token_file` is set but `idp_id` is not"),
        )),
        (None, None, None, None) => Err(CredentialsError::with_kind(
            CredentialsErrorKind::Missing,
            format!("{at}: neither `ak` and `sk` nor `idp_id` and `id_token_file`"),
        )),
    }
}

/// The credentials of a [`ProfileFile`]: `[basic]` for regional services, `[global]` for global
/// ones (a client asks through [`Credentials::resolve_for`]). A section the file lacks is an
/// error for the services that need it.
pub struct ProfileCredentials {
    path: PathBuf,
    basic: Option<Result<Arc<dyn Credentials>, CredentialsError>>,
    global: Option<Result<Arc<dyn Credentials>, CredentialsError>>,
}

impl fmt::Debug for ProfileCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileCredentials")
            .field("path", &self.path)
            .field("basic", &self.basic)
            .field("global", &self.global)
            .finish()
    }
}

impl ProfileCredentials {
    /// The providers of `file`'s sections; `base` says how to reach IAM for a section with
    /// `idp_id` (the section's `iam_endpoint` wins).
    pub fn new(file: &ProfileFile, base: &Config) -> Self {
        let provider = |name: &str, s: &Option<ProfileSection>| {
            s.as_ref()
                .map(|s| section_provider(&file.path, name, s, base))
        };
        ProfileCredentials {
            path: file.path.clone(),
            basic: provider("basic", &file.basic),
            global: provider("global", &file.global),
        }
    }

    /// Reads the profile file at `path`.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let file = ProfileFile::read(path)?;
        Ok(Self::new(
            &file,
            &Config::new(crate::credentials::TokenCredentials::new("unused")),
        ))
    }

    fn provider(&self, scope: ServiceScope) -> Result<&Arc<dyn Credentials>, CredentialsError> {
        let (slot, name, who) = match scope {
            ServiceScope::Regional => (&self.basic, "basic", "regional services"),
            ServiceScope::Global => (&self.global, "global", "global services (IAM...)"),
        };
        match slot {
            Some(Ok(p)) => Ok(p),
            Some(Err(e)) => Err(e.clone()),
            None => Err(CredentialsError::with_kind(
                CredentialsErrorKind::Missing,
                format!(
                    "the credentials file {} has no [{name}] section, which {who} use",
                    self.path.display()
                ),
            )),
        }
    }
}

impl Credentials for ProfileCredentials {
    fn resolve(&self) -> CredentialsFuture<'_> {
        self.resolve_for(ServiceScope::Regional)
    }

    fn resolve_for(&self, scope: ServiceScope) -> CredentialsFuture<'_> {
        match self.provider(scope) {
            Ok(p) => p.resolve_for(scope),
            Err(e) => Box::pin(std::future::ready(Err(e))),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The default chain

/// Which provider the default chain chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainSource {
    /// `HUAWEICLOUD_SDK_AK`/`_SK` (or `_IDP_ID`/`_ID_TOKEN_FILE`).
    Environment,
    /// The profile file.
    Profile,
    /// The ECS/CCE metadata service.
    Metadata,
}

/// The default chain: the environment (`HUAWEICLOUD_SDK_AK` and `_SK`, or
/// `HUAWEICLOUD_SDK_IDP_ID` and `_ID_TOKEN_FILE`), else the profile file (when it exists;
/// named by `HUAWEICLOUD_SDK_CREDENTIALS_FILE` it must), else the metadata service.
/// [`Config::load`] builds its config with it.
#[derive(Debug)]
pub struct DefaultCredentialsChain;

impl DefaultCredentialsChain {
    /// The config of the first source that applies, over an explicit set of variables (for
    /// tests; [`Config::load`] passes the process environment), and which source it was.
    /// `metadata_endpoint` replaces [`DEFAULT_METADATA_ENDPOINT`].
    pub fn load_from<I, K, V>(
        vars: I,
        metadata_endpoint: Option<&str>,
    ) -> Result<(Config, ChainSource), crate::SdkError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars: Vec<(String, String)> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        let get = |name: &str| {
            vars.iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let has = |name: &str| get(name).is_some();
        if has(env::AK) || has(env::SK) || has(env::IDP_ID) || has(env::ID_TOKEN_FILE) {
            return Ok((Config::from_env_vars(vars)?, ChainSource::Environment));
        }
        // Everything but the credentials (region, endpoints, ids) still comes from the
        // environment.
        let base = Config::settings_from_env_vars(&vars);
        let named = get(CREDENTIALS_FILE_ENV).is_some();
        if let Some(path) = ProfileFile::default_path(&get) {
            if named || path.is_file() {
                let file = ProfileFile::read(&path)
                    .map_err(|e| crate::SdkError::credentials(e.message))?;
                let mut config = base.clone();
                let basic = file.basic.clone().unwrap_or_default();
                let global = file.global.clone().unwrap_or_default();
                config.project_id = config.project_id.or(basic.project_id.clone());
                config.domain_id = config
                    .domain_id
                    .or(global.domain_id.clone())
                    .or(basic.domain_id.clone());
                config.iam_endpoint = config
                    .iam_endpoint
                    .or(basic.iam_endpoint.clone())
                    .or(global.iam_endpoint.clone());
                let credentials = ProfileCredentials::new(&file, &config);
                return Ok((config.with_credentials(credentials), ChainSource::Profile));
            }
        }
        let mut metadata = MetadataCredentials::new();
        if let Some(e) = metadata_endpoint {
            metadata = metadata.with_endpoint(e);
        }
        Ok((base.with_credentials(metadata), ChainSource::Metadata))
    }
}
