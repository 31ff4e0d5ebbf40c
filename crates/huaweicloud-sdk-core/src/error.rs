//! Errors: [`SdkError`] and the service error metadata [`ErrorMeta`].

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::HeaderMap;

/// A boxed error source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The error of an SDK call.
///
/// `E` is the operation's modelled error type; operations without one use
/// [`UnmodeledError`]. Nothing in an `SdkError` (neither `Debug` nor
/// `Display`) contains AK, SK, security token or IAM token.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E = UnmodeledError> {
    /// The service answered with an HTTP status of 400 or more.
    Service {
        /// The decoded, operation-specific error.
        error: E,
        /// Status, request id, error code and message, raw body (boxed to
        /// keep `SdkError` small).
        meta: Box<ErrorMeta>,
    },
    /// The total time budget or the last attempt's timeout ran out.
    Timeout {
        /// Time spent on the call.
        elapsed: Duration,
        /// Attempts made.
        attempts: u32,
    },
    /// The request could not be sent or the response could not be read.
    Transport {
        /// The underlying error.
        source: BoxError,
        /// Attempts made.
        attempts: u32,
    },
    /// A successful response whose body could not be decoded.
    Decode {
        /// HTTP status.
        status: u16,
        /// The start of the body (at most 256 bytes, lossily decoded), with the values of
        /// secret-looking and sensitive fields masked (see [`crate::decode_json`]).
        body_snippet: String,
        /// What the decoder said, without the values it quotes.
        message: String,
        /// `X-Request-Id` of the response.
        request_id: Option<String>,
    },
    /// A response body larger than the limit (after decompression; see [`crate::limits`]):
    /// reading stopped at the limit, the rest was never read. Not retried.
    ResponseTooLarge {
        /// HTTP status.
        status: u16,
        /// `X-Request-Id` of the response.
        request_id: Option<String>,
        /// The limit, in bytes.
        limit: u64,
        /// Bytes received when reading stopped (or the announced `Content-Length`).
        read: u64,
        /// Attempts made.
        attempts: u32,
    },
    /// Credentials could not be obtained or are unusable.
    Credentials {
        /// What went wrong.
        message: String,
    },
    /// The request or configuration is invalid (nothing was sent).
    InvalidInput {
        /// What went wrong.
        message: String,
    },
}

impl<E> SdkError<E> {
    /// An [`SdkError::InvalidInput`].
    pub fn invalid_input(message: impl Into<String>) -> Self {
        SdkError::InvalidInput {
            message: message.into(),
        }
    }

    /// The value of a required parameter, or an [`SdkError::InvalidInput`] naming the
    /// parameter and the operation (what generated request builders check before sending).
    pub fn require<T>(value: Option<T>, parameter: &str, operation: &str) -> Result<T, Self> {
        value.ok_or_else(|| {
            SdkError::invalid_input(format!(
                "missing required parameter `{parameter}` of `{operation}`"
            ))
        })
    }

    /// An [`SdkError::Credentials`].
    pub fn credentials(message: impl Into<String>) -> Self {
        SdkError::Credentials {
            message: message.into(),
        }
    }

    /// The service error metadata, if this is a service error.
    pub fn meta(&self) -> Option<&ErrorMeta> {
        match self {
            SdkError::Service { meta, .. } => Some(meta),
            _ => None,
        }
    }

    /// The HTTP status, for service and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            SdkError::Service { meta, .. } => Some(meta.status),
            SdkError::Decode { status, .. } | SdkError::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The request id, for service and decode errors.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service { meta, .. } => meta.request_id.as_deref(),
            SdkError::Decode { request_id, .. } | SdkError::ResponseTooLarge { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// Maps the modelled service error.
    pub fn map_service<F, E2>(self, f: F) -> SdkError<E2>
    where
        F: FnOnce(E) -> E2,
    {
        match self {
            SdkError::Service { error, meta } => SdkError::Service {
                error: f(error),
                meta,
            },
            SdkError::Timeout { elapsed, attempts } => SdkError::Timeout { elapsed, attempts },
            SdkError::Transport { source, attempts } => SdkError::Transport { source, attempts },
            SdkError::Decode {
                status,
                body_snippet,
                message,
                request_id,
            } => SdkError::Decode {
                status,
                body_snippet,
                message,
                request_id,
            },
            SdkError::ResponseTooLarge {
                status,
                request_id,
                limit,
                read,
                attempts,
            } => SdkError::ResponseTooLarge {
                status,
                request_id,
                limit,
                read,
                attempts,
            },
            SdkError::Credentials { message } => SdkError::Credentials { message },
            SdkError::InvalidInput { message } => SdkError::InvalidInput { message },
        }
    }
}

impl SdkError<Infallible> {
    /// Widens an error that cannot be a service error to any error type.
    pub fn cast<E>(self) -> SdkError<E> {
        self.map_service(|never| match never {})
    }
}

impl<E> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Service { meta, .. } => write!(f, "service error: {meta}"),
            SdkError::Timeout { elapsed, attempts } => write!(
                f,
                "request timed out after {:.3}s ({attempts} attempt{})",
                elapsed.as_secs_f64(),
                if *attempts == 1 { "" } else { "s" }
            ),
            SdkError::Transport { source, attempts } => {
                write!(f, "transport error after {attempts} attempt(s): {source}")?;
                let mut cause = source.source();
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
            SdkError::Decode {
                status,
                body_snippet,
                message,
                request_id,
            } => write!(
                f,
                "could not decode the response (HTTP {status}, request id {}): {message}; body starts with {body_snippet:?}",
                request_id.as_deref().unwrap_or("none")
            ),
            SdkError::ResponseTooLarge {
                status,
                request_id,
                limit,
                read,
                ..
            } => write!(
                f,
                "the response (HTTP {status}, request id {}) is larger than the limit of {}: \
                 stopped reading after {}; raise the limit with Config::with_max_response_bytes \
                 or Customize::max_response_bytes if the service really sends this much",
                request_id.as_deref().unwrap_or("none"),
                crate::limits::human_bytes(*limit),
                crate::limits::human_bytes(*read),
            ),
            SdkError::Credentials { message } => write!(f, "credentials error: {message}"),
            SdkError::InvalidInput { message } => write!(f, "invalid input: {message}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Transport { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The service error of an operation without a modelled error type; all the
/// information is in [`ErrorMeta`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnmodeledError;

/// What every service error carries, extracted from the response as the
/// official SDK's exception handlers do.
///
/// `Debug` shows at most 512 bytes of the body and `Display` none; both mask the values of
/// secret-looking fields in the body and the message (the rule of [`crate::decode_json`]).
/// The fields themselves hold what the service sent.
#[derive(Clone, PartialEq, Eq)]
pub struct ErrorMeta {
    /// HTTP status.
    pub status: u16,
    /// `X-Request-Id` response header (any case).
    pub request_id: Option<String>,
    /// The error code; `str(status)` when the body has none (as the SDK does).
    pub error_code: String,
    /// The error message; the body text when the body is not a JSON object. At most 2 KiB
    /// (then cut with `…`), control characters replaced by `U+FFFD`, and `<binary data, N bytes>`
    /// for a body that is not text (see [`crate::limits`]).
    pub error_msg: String,
    /// `encoded_authorization_message`, when the body has one.
    pub encoded_authorization_message: Option<String>,
    /// The raw response body.
    pub body: Bytes,
}

impl fmt::Debug for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMeta")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("error_code", &self.error_code)
            .field("error_msg", &crate::redact::mask_text(&self.error_msg, &[]))
            .field(
                "encoded_authorization_message",
                &self.encoded_authorization_message,
            )
            .field("body", &crate::redact::body_snippet(&self.body, 512, &[]))
            .finish()
    }
}

impl fmt::Display for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {}, error_code {}, error_msg {:?}, request_id {}",
            self.status,
            self.error_code,
            crate::redact::mask_text(&self.error_msg, &[]),
            self.request_id.as_deref().unwrap_or("none")
        )
    }
}

/// The first `max` bytes of a body, lossily decoded, cut on a char boundary (nothing masked:
/// errors show bodies through the masking of [`crate::decode_json`]).
pub fn snippet(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(max)]).into_owned();
    if body.len() > max {
        format!("{text}…")
    } else {
        text
    }
}

const CODE_KEYS: [&str; 3] = ["error_code", "errorCode", "code"];
const MSG_KEYS: [&str; 5] = ["error_msg", "errorMsg", "errorMessage", "message", "msg"];

fn scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Finds `(code, message)` in a JSON object: at this level first, then in
/// nested objects (depth first, in document order).
fn find_code_msg(
    obj: &serde_json::Map<String, serde_json::Value>,
    depth: usize,
) -> Option<(Option<String>, Option<String>)> {
    let code = CODE_KEYS.iter().find_map(|k| obj.get(*k).and_then(scalar));
    let msg = MSG_KEYS.iter().find_map(|k| obj.get(*k).and_then(scalar));
    if code.is_some() || msg.is_some() {
        return Some((code, msg));
    }
    if depth >= 8 {
        return None;
    }
    obj.values().find_map(|v| match v {
        serde_json::Value::Object(inner) => find_code_msg(inner, depth + 1),
        _ => None,
    })
}

fn find_key(
    obj: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    depth: usize,
) -> Option<String> {
    if let Some(v) = obj.get(key).and_then(scalar) {
        return Some(v);
    }
    if depth >= 8 {
        return None;
    }
    obj.values().find_map(|v| match v {
        serde_json::Value::Object(inner) => find_key(inner, key, depth + 1),
        _ => None,
    })
}

impl ErrorMeta {
    /// Extracts the metadata from a response's status, headers and body.
    ///
    /// Body shapes understood: `{"error_code","error_msg"}`,
    /// `{"errorCode","errorMsg"|"errorMessage"}`, `{"code","message"}`, the
    /// same nested in an object such as `{"error":{"code","message"}}`, and a
    /// message that is itself a JSON object of one of these shapes (then the
    /// inner code and message win). A body that is not a JSON object becomes
    /// the message. Without a code, the code is the status (as in the SDK).
    pub fn from_parts(status: u16, headers: &HeaderMap, body: Bytes) -> Self {
        let request_id = request_id_from_headers(headers);
        let mut error_code = None;
        let mut error_msg = None;
        let mut encoded = None;
        match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(serde_json::Value::Object(obj)) => {
                if let Some((code, msg)) = find_code_msg(&obj, 0) {
                    error_code = code;
                    error_msg = msg;
                }
                // A message that is itself a JSON error object.
                let inner = error_msg
                    .as_deref()
                    .map(str::trim)
                    .filter(|m| m.starts_with('{'))
                    .and_then(|m| serde_json::from_str::<serde_json::Value>(m).ok());
                if let Some(serde_json::Value::Object(inner)) = inner {
                    if let Some((code, msg)) = find_code_msg(&inner, 0) {
                        if code.is_some() {
                            error_code = code;
                        }
                        if msg.is_some() {
                            error_msg = msg;
                        }
                    }
                }
                encoded = find_key(&obj, "encoded_authorization_message", 0);
            }
            _ => {
                if !body.is_empty() {
                    error_msg = Some(crate::limits::body_text(
                        &body,
                        crate::limits::MESSAGE_LIMIT,
                    ));
                }
            }
        }
        ErrorMeta {
            status,
            request_id,
            error_code: error_code.unwrap_or_else(|| status.to_string()),
            // Bounded and printable: a service (or whatever answers) may send anything.
            error_msg: error_msg
                .map(|m| crate::limits::printable_bounded(&m, crate::limits::MESSAGE_LIMIT))
                .unwrap_or_default(),
            encoded_authorization_message: encoded,
            body,
        }
    }

    /// Extracts the metadata from a raw response.
    pub fn from_response(raw: &crate::response::RawResponse) -> Self {
        Self::from_parts(raw.status.as_u16(), &raw.headers, raw.body.clone())
    }
}

/// The request id of a response: `X-Request-Id` in any case.
pub fn request_id_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn require_names_parameter_and_operation() {
        let ok: Result<u8, SdkError> = SdkError::require(Some(1), "x", "Op");
        assert_eq!(ok.ok(), Some(1));
        let err: SdkError = SdkError::require::<u8>(None, "cluster_id", "RemoveNode").unwrap_err();
        match err {
            SdkError::InvalidInput { message } => {
                assert_eq!(
                    message,
                    "missing required parameter `cluster_id` of `RemoveNode`"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    fn meta(status: u16, body: &str) -> ErrorMeta {
        let mut h = HeaderMap::new();
        h.insert("X-Request-Id", "rid".parse().unwrap());
        ErrorMeta::from_parts(status, &h, Bytes::from(body.to_owned()))
    }

    #[test]
    fn body_shapes() {
        let m = meta(
            400,
            r#"{"error_code":"APIG.2012","error_msg":"Invalid parameter"}"#,
        );
        assert_eq!(
            (m.error_code.as_str(), m.error_msg.as_str()),
            ("APIG.2012", "Invalid parameter")
        );
        assert_eq!(m.request_id.as_deref(), Some("rid"));
        let m = meta(
            500,
            r#"{"error":{"code":"APIG.9999","message":"System error"}}"#,
        );
        assert_eq!(
            (m.error_code.as_str(), m.error_msg.as_str()),
            ("APIG.9999", "System error")
        );
        let m = meta(400, r#"{"code":"E1","message":"m1"}"#);
        assert_eq!((m.error_code.as_str(), m.error_msg.as_str()), ("E1", "m1"));
        let m = meta(400, r#"{"errorCode":"CCE.01","errorMessage":"bad"}"#);
        assert_eq!(
            (m.error_code.as_str(), m.error_msg.as_str()),
            ("CCE.01", "bad")
        );
        let m = meta(400, r#"{"errorCode":"CCE.02","errorMsg":"bad2"}"#);
        assert_eq!(
            (m.error_code.as_str(), m.error_msg.as_str()),
            ("CCE.02", "bad2")
        );
        let m = meta(
            400,
            r#"{"error_code":"APIG.0101","error_msg":"{\"error_code\":\"ECS.0001\",\"error_msg\":\"inner\"}"}"#,
        );
        assert_eq!(
            (m.error_code.as_str(), m.error_msg.as_str()),
            ("ECS.0001", "inner")
        );
        let m = meta(404, r#""not json""#);
        assert_eq!(
            (m.error_code.as_str(), m.error_msg.as_str()),
            ("404", "\"not json\"")
        );
        let m = meta(502, "<html>bad gateway</html>");
        assert_eq!(
            (m.error_code.as_str(), m.error_msg.as_str()),
            ("502", "<html>bad gateway</html>")
        );
        let m = meta(
            403,
            r#"{"error_code":403,"error_msg":"x","encoded_authorization_message":"enc"}"#,
        );
        assert_eq!(m.error_code, "403");
        assert_eq!(m.encoded_authorization_message.as_deref(), Some("enc"));
        let m = meta(500, "");
        assert_eq!((m.error_code.as_str(), m.error_msg.as_str()), ("500", ""));
    }

    #[test]
    fn display_has_everything() {
        let m = meta(
            400,
            r#"{"error_code":"APIG.2012","error_msg":"Invalid parameter"}"#,
        );
        let e: SdkError = SdkError::Service {
            error: UnmodeledError,
            meta: Box::new(m),
        };
        let s = e.to_string();
        for part in ["400", "APIG.2012", "Invalid parameter", "rid"] {
            assert!(s.contains(part), "{part} missing in {s}");
        }
        assert_eq!(e.status(), Some(400));
        assert_eq!(e.request_id(), Some("rid"));
    }

    #[test]
    fn snippet_is_char_safe() {
        let s = snippet("中文中文".as_bytes(), 4);
        assert!(s.starts_with('中'));
        assert!(s.ends_with('…'));
    }
}
