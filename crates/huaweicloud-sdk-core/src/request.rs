//! The request that generated code hands to [`crate::Client::send`], and the
//! path helpers.

use std::borrow::Cow;

use bytes::Bytes;
use http::Method;
use percent_encoding::utf8_percent_encode;

use crate::error::SdkError;
use crate::signer::STRICT;

/// The default `Content-Type` (the SDK sends one on every request).
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// One API call, before signing.
///
/// `path` is the expanded resource path with every parameter value already
/// percent-encoded by [`encode_path_segment`] (see [`expand_path`]). It may
/// still contain `{project_id}` and `{domain_id}`: the client fills them from
/// the [`crate::Config`].
///
/// `Debug` masks the values of secret-looking query parameters and headers and of
/// secret-looking fields in the body (the rule of [`crate::decode_json`]).
#[derive(Clone)]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Resource path (segments percent-encoded), starting with `/`.
    pub path: String,
    /// Raw (unencoded) query parameters; repeated keys for lists. They are
    /// sorted and encoded exactly as the signer canonicalizes them.
    pub query: Vec<(String, String)>,
    /// Header parameters of the operation (e.g. `X-Client-Token`).
    pub headers: Vec<(String, String)>,
    /// Request body (exact bytes; see [`crate::json::to_vec`] for JSON).
    pub body: Option<Bytes>,
    /// `Content-Type`, sent and signed on every request.
    pub content_type: Cow<'static, str>,
    /// Operation name, for tracing (e.g. `ListNodes`).
    pub operation: Cow<'static, str>,
    /// Whether the request is safe to repeat after it may have reached the
    /// server. Defaults to `true` for GET, HEAD, PUT, DELETE and OPTIONS.
    pub idempotent: bool,
    /// The largest response body this call accepts, after decompression, when not the
    /// client's ([`crate::Config::with_max_response_bytes`]; see [`crate::limits`]).
    pub max_response_bytes: Option<u64>,
    /// Per-call overrides of the config's timeouts and retry policy.
    pub settings: CallSettings,
}

/// Per-call overrides of the [`crate::Config`]'s timeouts and retry policy (give them to a
/// request builder's `customize` through [`crate::meta::Customize`], or set them on a
/// [`Request`]). `None` keeps the config's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSettings {
    /// Timeout of one attempt (`Some(None)`: no limit).
    pub attempt_timeout: Option<Option<std::time::Duration>>,
    /// Total time budget of the call, retries included (`Some(None)`: no limit).
    pub total_timeout: Option<Option<std::time::Duration>>,
    /// The retry policy.
    pub retry: Option<crate::retry::RetryPolicy>,
    /// Sent without credentials (the request carries its own, as IAM's id-token exchange).
    pub(crate) anonymous: bool,
}

impl CallSettings {
    /// The settings of the config, unchanged.
    pub fn new() -> Self {
        Self::default()
    }

    /// Overrides the timeout of one attempt.
    pub fn attempt_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Overrides the total time budget.
    pub fn total_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Overrides the retry policy.
    pub fn retry_policy(mut self, retry: crate::retry::RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Overrides by `other` where it sets something.
    pub fn merge(mut self, other: &CallSettings) -> Self {
        if other.attempt_timeout.is_some() {
            self.attempt_timeout = other.attempt_timeout;
        }
        if other.total_timeout.is_some() {
            self.total_timeout = other.total_timeout;
        }
        if other.retry.is_some() {
            self.retry.clone_from(&other.retry);
        }
        self.anonymous |= other.anonymous;
        self
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pairs = |v: &'_ [(String, String)]| {
            crate::redact::pairs(v.iter().map(|(n, v)| (n.as_str(), v.as_str())))
                .into_iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect::<Vec<_>>()
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &pairs(&self.query))
            .field("headers", &pairs(&self.headers))
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|b| crate::redact::body_snippet(b, 512, &[])),
            )
            .field("content_type", &self.content_type)
            .field("operation", &self.operation)
            .field("idempotent", &self.idempotent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("settings", &self.settings)
            .finish()
    }
}

impl Request {
    /// A request with no query, headers or body; `Content-Type:
    /// application/json`; idempotency from the method.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let idempotent = matches!(
            method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: Cow::Borrowed(DEFAULT_CONTENT_TYPE),
            operation: Cow::Borrowed(""),
            idempotent,
            max_response_bytes: None,
            settings: CallSettings::default(),
        }
    }

    /// The largest response body this call accepts, after decompression (instead of the
    /// client's limit; see [`crate::limits`]).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Sets the operation name (for tracing).
    pub fn operation(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.operation = name.into();
        self
    }

    /// Adds a query parameter (call again with the same key for a list).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds a query parameter when the value is present.
    pub fn query_opt(self, key: impl Into<String>, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Adds a header parameter.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Sets the `Content-Type`.
    pub fn content_type(mut self, content_type: impl Into<Cow<'static, str>>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// Marks the request as safe (or not) to repeat.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Overrides the config's timeouts and retry policy for this call.
    pub fn settings(mut self, settings: CallSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Sends the request without credentials (nothing signed, no token).
    pub(crate) fn unsigned(mut self) -> Self {
        self.settings.anonymous = true;
        self
    }
}

/// Percent-encodes one path parameter value as the SDK does
/// (`quote(v, safe='')`): only `A-Z a-z 0-9 - _ . ~` stay literal; `/`, space,
/// `+` and everything else become uppercase `%XX`.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, STRICT).to_string()
}

/// Expands a path template: each `{name}` with a value in `params` is replaced
/// by the encoded value. `{project_id}` and `{domain_id}` without a value are
/// kept for the client to fill from the config; any other placeholder left
/// without a value is an error.
pub fn expand_path<E>(template: &str, params: &[(&str, &str)]) -> Result<String, SdkError<E>> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            return Err(SdkError::invalid_input(format!(
                "unterminated placeholder in path template {template:?}"
            )));
        };
        let name = &after[..end];
        match params.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(&encode_path_segment(value)),
            None if name == "project_id" || name == "domain_id" => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
            None => {
                return Err(SdkError::invalid_input(format!(
                    "missing path parameter {name:?} for {template:?}"
                )))
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UnmodeledError;

    #[test]
    fn segment_encoding_matches_sdk() {
        assert_eq!(
            encode_path_segment("cluster id/with spaces+slash"),
            "cluster%20id%2Fwith%20spaces%2Bslash"
        );
        assert_eq!(encode_path_segment("a~b-c_d.e"), "a~b-c_d.e");
        assert_eq!(encode_path_segment("中"), "%E4%B8%AD");
    }

    #[test]
    fn expansion() {
        let p = expand_path::<UnmodeledError>(
            "/api/v3/projects/{project_id}/clusters/{cluster_id}/nodes",
            &[("cluster_id", "a b")],
        )
        .unwrap();
        assert_eq!(p, "/api/v3/projects/{project_id}/clusters/a%20b/nodes");
        assert!(expand_path::<UnmodeledError>("/v1/{x}", &[]).is_err());
        assert!(expand_path::<UnmodeledError>("/v1/{x", &[]).is_err());
        let p = expand_path::<UnmodeledError>(
            "/v1/{project_id}/{id}",
            &[("project_id", "p/1"), ("id", "{x}")],
        )
        .unwrap();
        assert_eq!(p, "/v1/p%2F1/%7Bx%7D");
    }

    #[test]
    fn idempotency_defaults() {
        assert!(Request::new(Method::GET, "/").idempotent);
        assert!(Request::new(Method::DELETE, "/").idempotent);
        assert!(!Request::new(Method::POST, "/").idempotent);
        assert!(!Request::new(Method::PATCH, "/").idempotent);
        assert!(Request::new(Method::POST, "/").idempotent(true).idempotent);
    }
}
