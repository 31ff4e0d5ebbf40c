//! Raw responses and the helpers that turn them into typed results.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{ErrorMeta, SdkError, UnmodeledError};

/// A response as received (after retries), whatever its status.
///
/// `Debug` shows at most 512 bytes of the body, and masks the values of secret-looking
/// headers (`X-Subject-Token`, ...) and body fields (the rule of [`decode_json`]).
#[derive(Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The (decompressed) body.
    pub body: Bytes,
    /// `X-Request-Id` (any case).
    pub request_id: Option<String>,
    /// How many attempts were made.
    pub attempts: u32,
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers = crate::redact::pairs(
            self.headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.to_str().unwrap_or("<not text>"))),
        );
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &headers)
            .field("body", &crate::redact::body_snippet(&self.body, 512, &[]))
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl RawResponse {
    /// `true` for a status below 400 (the SDK's notion of success).
    pub fn is_success(&self) -> bool {
        self.status.as_u16() < 400
    }

    /// A response header as a string (any case of name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// How an operation's error type is built from an error response.
///
/// Implemented for [`UnmodeledError`] and [`JsonError`]; generated code may
/// implement it for its own error enums.
pub trait FromErrorResponse: Sized {
    /// Builds the error from an error response and its extracted metadata.
    fn from_error_response(raw: &RawResponse, meta: &ErrorMeta) -> Self;
}

impl FromErrorResponse for UnmodeledError {
    fn from_error_response(_: &RawResponse, _: &ErrorMeta) -> Self {
        UnmodeledError
    }
}

/// A modelled error body decoded from JSON; `None` when the body does not
/// decode as `M` (the metadata still has code, message and raw body).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError<M>(pub Option<M>);

impl<M: DeserializeOwned> FromErrorResponse for JsonError<M> {
    fn from_error_response(raw: &RawResponse, _: &ErrorMeta) -> Self {
        JsonError(crate::tolerant::from_slice(&raw.body).ok())
    }
}

/// Decodes a JSON body.
///
/// An empty (or all-whitespace) body — e.g. 204 — decodes as `{}` or, failing
/// that, as `null`, so that structs with optional fields and `()` work. A body
/// that disagrees with the documented types the way reference pages get them
/// wrong (a number for a string, `"true"` for a boolean, one object for an
/// array) is decoded with the coercions of [`crate::tolerant`], and a warning
/// is logged.
///
/// A body that does not decode is an [`SdkError::Decode`] whose snippet and
/// message hold no secret: the decoder's message loses the values it quotes
/// (`invalid type: string, expected a sequence`), and the snippet (at most 256
/// bytes) has the values of secret-looking fields replaced by `"***"`. A field
/// name is secret-looking when, lower-cased with `_` and `-` removed (camelCase
/// and snake_case alike), it contains `password`, `passwd`, `passphrase`,
/// `secret`, `token`, `credential`, `privatekey`, `accesskey`, `apikey`,
/// `plaintext` or `cookie`, ends with `pwd` or `pass`, or is `ak`, `sk`,
/// `access`, `auth`, `authorization` or `userdata`. A secret field holding an
/// object or array has every value inside masked. A body that is not JSON is
/// masked by a textual rule (the value after `password=`, `token: `,
/// `<adminPass>`, ...). [`decode_json_redacting`] masks more names.
pub fn decode_json<T: DeserializeOwned, E>(raw: &RawResponse) -> Result<T, SdkError<E>> {
    decode_json_redacting(raw, &[])
}

/// [`decode_json`], masking in a decode error's snippet also the fields named in
/// `sensitive` (wire names, e.g. those the operation's model marks sensitive; compared
/// like the built-in names: case, `_` and `-` ignored).
pub fn decode_json_redacting<T: DeserializeOwned, E>(
    raw: &RawResponse,
    sensitive: &[&str],
) -> Result<T, SdkError<E>> {
    decode_from(raw, sensitive, body_json(raw))
}

/// The JSON `raw`'s body decodes from, and what to try when that fails: for an empty body
/// `{}` and then `null`, else the body as read. Compiled once, for every type.
pub(crate) fn body_json(
    raw: &RawResponse,
) -> Result<(serde_json::Value, Option<serde_json::Value>), serde_json::Error> {
    if raw.body.iter().all(u8::is_ascii_whitespace) {
        return Ok((
            serde_json::Value::Object(Default::default()),
            Some(serde_json::Value::Null),
        ));
    }
    Ok((serde_json::from_slice(&raw.body)?, None))
}

/// `json` (then `otherwise`, if given) decoded as `T` by the one decoder of this crate, so that
/// each type's `Deserialize` is instantiated once; a failure is a decode error showing `raw`'s
/// body, masked with `sensitive`, with the first reading's message.
pub(crate) fn decode_from<T: DeserializeOwned, E>(
    raw: &RawResponse,
    sensitive: &[&str],
    json: Result<(serde_json::Value, Option<serde_json::Value>), serde_json::Error>,
) -> Result<T, SdkError<E>> {
    let (json, otherwise) = json.map_err(|e| decode_error(raw, sensitive, &e))?;
    match crate::tolerant::from_json::<T>(&json) {
        Ok(v) => Ok(v),
        Err(e) => match otherwise.map(|json| crate::tolerant::from_json::<T>(&json)) {
            Some(Ok(v)) => Ok(v),
            _ => Err(decode_error(raw, sensitive, &e)),
        },
    }
}

pub(crate) fn decode_error<E>(
    raw: &RawResponse,
    sensitive: &[&str],
    e: &serde_json::Error,
) -> SdkError<E> {
    SdkError::Decode {
        status: raw.status.as_u16(),
        body_snippet: crate::redact::body_snippet(&raw.body, 256, sensitive),
        message: crate::redact::without_values(&e.to_string()),
        request_id: raw.request_id.clone(),
    }
}

/// The service error for an error response.
pub fn service_error<E: FromErrorResponse>(raw: &RawResponse) -> SdkError<E> {
    let meta = ErrorMeta::from_response(raw);
    SdkError::Service {
        error: E::from_error_response(raw, &meta),
        meta: Box::new(meta),
    }
}

/// Status below 400: decode the body as `T`; otherwise the service error.
pub fn handle_json<T: DeserializeOwned, E: FromErrorResponse>(
    raw: RawResponse,
) -> Result<T, SdkError<E>> {
    handle_json_redacting(raw, &[])
}

/// [`handle_json`] with [`decode_json_redacting`]'s extra sensitive names.
pub fn handle_json_redacting<T: DeserializeOwned, E: FromErrorResponse>(
    raw: RawResponse,
    sensitive: &[&str],
) -> Result<T, SdkError<E>> {
    if raw.is_success() {
        decode_json_redacting(&raw, sensitive)
    } else {
        Err(service_error(&raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::from(body.to_owned()),
            request_id: Some("r1".into()),
            attempts: 1,
        }
    }

    #[derive(serde::Deserialize, Debug, PartialEq, Default)]
    struct Out {
        job_id: Option<String>,
    }

    #[test]
    fn decode_paths() {
        let ok: Out = handle_json::<Out, UnmodeledError>(raw(200, r#"{"job_id":"j"}"#)).unwrap();
        assert_eq!(ok.job_id.as_deref(), Some("j"));
        let empty: Out = handle_json::<Out, UnmodeledError>(raw(204, "")).unwrap();
        assert_eq!(empty, Out::default());
        let unit: () = handle_json::<(), UnmodeledError>(raw(204, "")).unwrap();
        assert_eq!(unit, ());
        match handle_json::<Out, UnmodeledError>(raw(200, r#"{"job_id": "tru"#)) {
            Err(SdkError::Decode {
                status,
                body_snippet,
                request_id,
                ..
            }) => {
                assert_eq!(status, 200);
                assert_eq!(body_snippet, r#"{"job_id": "tru"#);
                assert_eq!(request_id.as_deref(), Some("r1"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn errors_are_modelled() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Body {
            error_code: String,
        }
        let e = handle_json::<Out, JsonError<Body>>(raw(
            400,
            r#"{"error_code":"X.1","error_msg":"m"}"#,
        ))
        .unwrap_err();
        match e {
            SdkError::Service { error, meta } => {
                assert_eq!(error.0.unwrap().error_code, "X.1");
                assert_eq!(meta.error_msg, "m");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
