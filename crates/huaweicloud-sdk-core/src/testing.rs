//! Test helpers: a fixed clock and server-side signature verification.
//!
//! ```
//! use huaweicloud_sdk_core::testing::{verify_signature, FixedClock, ReceivedRequest};
//! let clock = FixedClock::from_sdk_date("20261123T120000Z").unwrap();
//! # let _ = clock;
//! ```

use percent_encoding::percent_decode_str;
use time::OffsetDateTime;

pub use crate::clock::FixedClock;
use crate::signer::{
    self, Algorithm, QueryValue, SignError, SignOutput, SignableRequest, SigningKey,
};

/// A request as a server received it.
#[derive(Debug, Clone)]
pub struct ReceivedRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The path exactly as received (still percent-encoded).
    pub path: &'a str,
    /// The raw query string (without `?`), if any.
    pub query: Option<&'a str>,
    /// The received headers (any case).
    pub headers: Vec<(String, String)>,
    /// The received body.
    pub body: &'a [u8],
}

impl<'a> ReceivedRequest<'a> {
    /// From `http` types (e.g. a `wiremock::Request`'s method, URL parts and headers).
    pub fn from_http(
        method: &'a str,
        path: &'a str,
        query: Option<&'a str>,
        headers: &http::HeaderMap,
        body: &'a [u8],
    ) -> Self {
        let headers = headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        ReceivedRequest {
            method,
            path,
            query,
            headers,
            body,
        }
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// No `Authorization` header, or not one of the supported forms.
    #[error("missing or malformed Authorization header: {0}")]
    BadAuthorization(String),
    /// The access key in the header is not the expected one.
    #[error("unexpected access key")]
    WrongAccessKey,
    /// A signed header is missing from the request.
    #[error("signed header {0:?} is missing")]
    MissingHeader(String),
    /// The signature does not match.
    #[error("signature mismatch; canonical request computed from the wire:\n{canonical_request}")]
    Mismatch {
        /// The canonical request recomputed from the received request.
        canonical_request: String,
        /// The `Authorization` that was expected.
        expected: String,
    },
    /// The request could not be canonicalized.
    #[error(transparent)]
    Sign(#[from] SignError),
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Recomputes the signature of a received request from the wire, as an API
/// gateway would, and checks it. Supports `SDK-HMAC-SHA256`, `SDK-HMAC-SM3`
/// and `V11-HMAC-SHA256` (region and service taken from the credential scope).
pub fn verify_signature(
    request: &ReceivedRequest<'_>,
    ak: &str,
    sk: &str,
) -> Result<SignOutput, VerifyError> {
    let auth = header(&request.headers, "authorization")
        .ok_or_else(|| VerifyError::BadAuthorization("absent".to_owned()))?;
    let (alg_token, rest) = auth
        .split_once(' ')
        .ok_or_else(|| VerifyError::BadAuthorization("no algorithm".to_owned()))?;
    let algorithm = Algorithm::from_token(alg_token)
        .ok_or_else(|| VerifyError::BadAuthorization(format!("algorithm {alg_token:?}")))?;
    let mut access = None;
    let mut scope: Option<(String, String)> = None;
    let mut signed_headers = None;
    for part in rest.split(", ") {
        if let Some(v) = part.strip_prefix("Access=") {
            access = Some(v.to_owned());
        } else if let Some(v) = part.strip_prefix("Credential=") {
            let mut it = v.splitn(4, '/');
            let (Some(a), Some(_date), Some(region), Some(service)) =
                (it.next(), it.next(), it.next(), it.next())
            else {
                return Err(VerifyError::BadAuthorization("credential scope".to_owned()));
            };
            access = Some(a.to_owned());
            scope = Some((region.to_owned(), service.to_owned()));
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed_headers = Some(v.to_owned());
        }
    }
    let access = access.ok_or_else(|| VerifyError::BadAuthorization("no access key".to_owned()))?;
    if access != ak {
        return Err(VerifyError::WrongAccessKey);
    }
    let signed_headers = signed_headers
        .ok_or_else(|| VerifyError::BadAuthorization("no SignedHeaders".to_owned()))?;
    let mut headers = Vec::new();
    for name in signed_headers.split(';').filter(|n| !n.is_empty()) {
        let value = header(&request.headers, name)
            .ok_or_else(|| VerifyError::MissingHeader(name.to_owned()))?;
        headers.push((name.to_owned(), value.to_owned()));
    }
    let query: Vec<(String, QueryValue)> = request
        .query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode_str(k).decode_utf8_lossy().into_owned(),
                QueryValue::Str(percent_decode_str(v).decode_utf8_lossy().into_owned()),
            )
        })
        .collect();
    let key = SigningKey {
        algorithm,
        ak,
        sk,
        region_id: scope.as_ref().map(|s| s.0.as_str()),
        derived_service_name: scope.as_ref().map(|s| s.1.as_str()),
    };
    let out = signer::sign(
        SignableRequest {
            method: request.method,
            host: "",
            path: request.path,
            query,
            headers,
            body: request.body,
        },
        &key,
        OffsetDateTime::UNIX_EPOCH,
    )?;
    if out.authorization != auth {
        return Err(VerifyError::Mismatch {
            canonical_request: out.canonical_request,
            expected: out.authorization,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_tamper() {
        let key = SigningKey {
            algorithm: Algorithm::SdkHmacSha256,
            ak: "AK",
            sk: "SK",
            region_id: None,
            derived_service_name: None,
        };
        let out = signer::sign(
            SignableRequest {
                method: "POST",
                host: "h:1",
                path: "/v1/a%20b",
                query: vec![("b".into(), "2".into()), ("a".into(), "x y".into())],
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: b"{}",
            },
            &key,
            OffsetDateTime::UNIX_EPOCH,
        )
        .unwrap();
        let q = out.canonical_query.clone();
        let req = ReceivedRequest {
            method: "POST",
            path: "/v1/a%20b",
            query: Some(&q),
            headers: out.headers.clone(),
            body: b"{}",
        };
        verify_signature(&req, "AK", "SK").unwrap();
        assert_eq!(
            verify_signature(&req, "AK2", "SK"),
            Err(VerifyError::WrongAccessKey)
        );
        assert!(matches!(
            verify_signature(&req, "AK", "other"),
            Err(VerifyError::Mismatch { .. })
        ));
        let tampered = ReceivedRequest {
            body: b"{ }",
            ..req.clone()
        };
        assert!(verify_signature(&tampered, "AK", "SK").is_err());
    }
}
