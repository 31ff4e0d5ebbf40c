//! Runtime of the Huawei Cloud Rust SDK: configuration, credentials, AK/SK
//! signing, HTTP, retries and errors. Every generated service crate calls
//! into it; on the wire it behaves like the official SDK (`huaweicloudsdkcore`).
//!
//! # For users
//!
//! ```no_run
//! use huaweicloud_sdk_core::{AkSkCredentials, Config, RetryPolicy};
//! use std::time::Duration;
//!
//! let config = Config::new(AkSkCredentials::new("AK...", "SK..."))
//!     .with_region("cn-north-4")
//!     .with_project_id("0123456789abcdef0123456789abcdef")
//!     .with_total_timeout(Some(Duration::from_secs(30)))
//!     .with_retry_policy(RetryPolicy::new(3));
//! // or: let config = Config::from_env()?;   (HUAWEICLOUD_SDK_AK, _SK, ...)
//! # Ok::<(), huaweicloud_sdk_core::SdkError>(())
//! ```
//!
//! # Contract with generated code
//!
//! A generated service crate holds a [`ServiceInfo`] constant and wraps a
//! [`Client`]:
//!
//! ```no_run
//! use huaweicloud_sdk_core::{
//!     expand_path, handle_json, json, Client, Config, Method, Request, SdkError, ServiceInfo,
//!     UnmodeledError,
//! };
//!
//! pub const CCE: ServiceInfo = ServiceInfo::new("cce", "https://cce.{region}.myhuaweicloud.com");
//!
//! #[derive(serde::Serialize)]
//! struct RemoveNodesBody { kind: String }
//! #[derive(serde::Deserialize)]
//! struct RemoveNodesResponse { kind: Option<String> }
//!
//! async fn remove_node(
//!     client: &Client,
//!     cluster_id: &str,
//!     body: &RemoveNodesBody,
//! ) -> Result<RemoveNodesResponse, SdkError<UnmodeledError>> {
//!     // 1. Path: values encoded like the SDK; {project_id} filled by the client.
//!     let path = expand_path(
//!         "/api/v3/projects/{project_id}/clusters/{cluster_id}/nodes/operation/remove",
//!         &[("cluster_id", cluster_id)],
//!     )?;
//!     // 2. Request: raw query values, header params, exact body bytes.
//!     let request = Request::new(Method::PUT, path)
//!         .operation("RemoveNode")
//!         .query("removeNodeSystemSecurityGroup", "true")
//!         .content_type("application/json")
//!         .body(json::to_vec::<_, UnmodeledError>(body)?);
//!     // 3. Send (signing, retries) and decode (status >= 400 -> SdkError::Service).
//!     let raw = client.send(request).await?;
//!     handle_json(raw)
//! }
//!
//! # async fn run() -> Result<(), SdkError> {
//! let client = Client::new(&Config::from_env()?, CCE)?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! * [`Client::new`]`(&Config, ServiceInfo) -> Result<Client, SdkError>`
//! * [`Client::send`]`::<E>(Request) -> Result<RawResponse, SdkError<E>>`:
//!   any HTTP status comes back as `Ok`; errors are transport, timeout,
//!   credentials, invalid input.
//! * [`Client::execute`]`::<T, E>(Request) -> Result<T, SdkError<E>>`: send,
//!   then [`handle_json`].
//! * [`handle_json`], [`decode_json`], [`service_error`], [`ErrorMeta::from_response`];
//!   [`decode_json_redacting`] / [`handle_json_redacting`] also mask the fields the
//!   operation marks sensitive in a decode error.
//! * [`expand_path`], [`encode_path_segment`] (the SDK's `quote(v, safe='')`).
//! * [`json::to_vec`]: JSON exactly as the SDK writes it.
//! * `E` is [`UnmodeledError`], [`JsonError<M>`](JsonError), or any type
//!   implementing [`FromErrorResponse`].
//!
//! What the client does for every request (as the official SDK does): adds
//! `User-Agent` (configurable, signed), `Content-Type` (from the request,
//! `application/json` by default, signed), `X-Project-Id` for regional and
//! `X-Domain-Id` for global services when configured (signed),
//! `X-Security-Token` for temporary credentials (signed), `X-Sdk-Date` and
//! `Host` (signed), `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` for non-JSON
//! content types; sends the query sorted exactly as canonicalized; signs each
//! attempt afresh; with an IAM token sends `X-Auth-Token` and signs nothing.
//!
//! # Secrets
//!
//! AK, SK, security tokens and IAM tokens are held in [`Secret`]s and never
//! appear in `Debug`, `Display`, errors, or `tracing` output. What errors show
//! of a response body (the snippet of [`SdkError::Decode`], the body in
//! [`ErrorMeta`]'s `Debug`, a non-JSON error message) has the values of
//! secret-looking fields masked (`password`, `adminPass`, `secret`, `sk`,
//! `access`, `securitytoken`, `token`, `private_key`, ...: the rule is in
//! [`decode_json`]), and so have the decoder's messages.
//!
//! # Tracing
//!
//! A span `huaweicloud.operation` (service, operation, method, path, status,
//! request_id, attempts, latency_ms) wraps one `huaweicloud.attempt` span per
//! attempt (attempt, status, request_id, latency_ms).

#![warn(missing_docs)]

pub mod body;
mod client;
pub mod clock;
pub mod config;
pub mod credentials;
pub mod error;
/// The user guide (also the README's "User guide" section): credentials, regions and
/// endpoints, retries and timeouts, pagination, waiters, tracing.
#[doc = include_str!("../docs/guide.md")]
pub mod guide {}
pub mod json;
pub mod limits;
pub mod meta;
pub mod operation;
pub mod pagination;
pub mod providers;
mod redact;
mod request;
pub mod response;
pub mod retry;
pub mod secret;
pub mod signer;
pub mod testing;
pub mod tolerant;
pub mod waiter;

pub use body::Binary;
pub use client::{Client, ServiceInfo, ServiceScope};
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::{Config, ProxyConfig};
pub use credentials::{
    AkSkCredentials, Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture,
    ResolvedCredentials, TokenCredentials,
};
pub use error::{ErrorMeta, SdkError, UnmodeledError};
pub use http::Method;
pub use limits::DEFAULT_MAX_RESPONSE_BYTES;
pub use operation::{
    Operation, OperationError, ResponseMetadata, Sending, ServiceErrorVariant, WithMetadata,
};
pub use request::{encode_path_segment, expand_path, CallSettings, Request, DEFAULT_CONTENT_TYPE};
pub use response::{
    decode_json, decode_json_redacting, handle_json, handle_json_redacting, service_error,
    FromErrorResponse, JsonError, RawResponse,
};
pub use retry::{AttemptOutcome, ClassifierFn, RetryClassifier, RetryDecision, RetryPolicy};
pub use secret::Secret;
pub use signer::{sign_vector, Algorithm, SignOutput};

/// `bytes::Bytes`, the body type.
pub use bytes::Bytes;
