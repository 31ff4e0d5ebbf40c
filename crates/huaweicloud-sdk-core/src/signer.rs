//! AK/SK request signing, byte for byte as the official SDK does it.
//!
//! Three algorithms are supported (see `signer.md` of the oracle data for the
//! step-by-step description):
//!
//! * [`Algorithm::SdkHmacSha256`] — `SDK-HMAC-SHA256`, the default.
//! * [`Algorithm::SdkHmacSm3`] — `SDK-HMAC-SM3`, SM3 in place of SHA-256.
//! * [`Algorithm::V11HmacSha256`] — `V11-HMAC-SHA256`, HMAC-SHA256 with a key
//!   derived (HKDF-SHA256) from AK/SK, the date, the region and the service.
//!
//! The entry point for the runtime is [`sign`]. [`sign_vector`] takes one
//! vector in the JSON shape of `signer_vectors.json` (used by `cargo xtask sign`
//! and by the tests).
//!
//! Nothing in this module logs or formats the secret key; the output only holds
//! the access key id (which the `Authorization` header carries anyway) and the
//! headers that are sent, including `X-Security-Token` when the request carries
//! one. Do not log [`SignOutput::headers`].

use std::cmp::Ordering;
use std::fmt;

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sm3::Sm3;
use time::OffsetDateTime;

/// Bytes that stay literal in the SDK's `quote(s, safe='~')`: `A-Z a-z 0-9 - _ . ~`.
pub(crate) const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

const SHA256_EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const SM3_EMPTY: &str = "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b";

/// Name of the date header that the signer reads or sets.
pub const HEADER_SDK_DATE: &str = "X-Sdk-Date";
/// Name of the header that carries the signature.
pub const HEADER_AUTHORIZATION: &str = "Authorization";

/// A signing algorithm of the official SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// `SDK-HMAC-SHA256` (the default).
    #[default]
    SdkHmacSha256,
    /// `SDK-HMAC-SM3`.
    SdkHmacSm3,
    /// `V11-HMAC-SHA256`: derived AK/SK; needs a region id and a service name.
    V11HmacSha256,
}

impl Algorithm {
    /// The token that starts the `Authorization` header and the string to sign.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::SdkHmacSha256 => "SDK-HMAC-SHA256",
            Algorithm::SdkHmacSm3 => "SDK-HMAC-SM3",
            Algorithm::V11HmacSha256 => "V11-HMAC-SHA256",
        }
    }

    /// Parses an algorithm token (`SDK-HMAC-SHA256`, `SDK-HMAC-SM3`, `V11-HMAC-SHA256`).
    pub fn from_token(token: &str) -> Option<Self> {
        match token {
            "SDK-HMAC-SHA256" => Some(Algorithm::SdkHmacSha256),
            "SDK-HMAC-SM3" => Some(Algorithm::SdkHmacSm3),
            "V11-HMAC-SHA256" => Some(Algorithm::V11HmacSha256),
            _ => None,
        }
    }

    /// The header that marks an unsigned payload for this algorithm.
    pub fn content_header(self) -> &'static str {
        match self {
            Algorithm::SdkHmacSm3 => "X-Sdk-Content-Sm3",
            _ => "X-Sdk-Content-Sha256",
        }
    }

    fn empty_hash(self) -> &'static str {
        match self {
            Algorithm::SdkHmacSm3 => SM3_EMPTY,
            _ => SHA256_EMPTY,
        }
    }

    fn hash_hex(self, data: &[u8]) -> String {
        match self {
            Algorithm::SdkHmacSm3 => hex::encode(Sm3::digest(data)),
            _ => hex::encode(Sha256::digest(data)),
        }
    }

    fn hmac_hex(self, key: &[u8], msg: &[u8]) -> String {
        match self {
            Algorithm::SdkHmacSm3 => {
                let mut mac = <Hmac<Sm3> as Mac>::new_from_slice(key)
                    .expect("HMAC accepts keys of any length");
                mac.update(msg);
                hex::encode(mac.finalize().into_bytes())
            }
            _ => hex::encode(hmac_sha256(key, msg)),
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The access key id is empty.
    #[error("ak is required in credentials")]
    MissingAk,
    /// The secret key is empty.
    #[error("sk is required in credentials")]
    MissingSk,
    /// `V11-HMAC-SHA256` needs a region id and a service name.
    #[error("derived auth (V11-HMAC-SHA256) needs {0}")]
    MissingDerivedParam(&'static str),
    /// A preset `X-Sdk-Date` header is not in `%Y%m%dT%H%M%SZ` format.
    #[error("X-Sdk-Date header {0:?} is not in the format yyyymmddThhmmssZ")]
    BadDate(String),
    /// The input (e.g. a signer vector) is malformed.
    #[error("invalid signer input: {0}")]
    InvalidInput(String),
}

/// A query parameter value as the official SDK's signer sees it (Python types).
///
/// The runtime only ever uses [`QueryValue::Str`]; the other variants exist so
/// that [`sign_vector`] can reproduce the SDK for every input it accepts
/// (booleans become `true`/`false`, lists become repeated keys, numbers are
/// printed as Python's `str()` would).
#[derive(Debug, Clone, PartialEq)]
pub enum QueryValue {
    /// A string.
    Str(String),
    /// An integer.
    Int(i128),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// `None`.
    Null,
    /// A list: one `key=value` pair per element, elements sorted.
    List(Vec<QueryValue>),
}

impl QueryValue {
    /// Python `str(value)`.
    fn py_str(&self) -> String {
        match self {
            QueryValue::Str(s) => s.clone(),
            QueryValue::Int(i) => i.to_string(),
            QueryValue::Float(f) => py_float_repr(*f),
            QueryValue::Bool(true) => "True".to_owned(),
            QueryValue::Bool(false) => "False".to_owned(),
            QueryValue::Null => "None".to_owned(),
            QueryValue::List(items) => {
                let inner: Vec<String> = items.iter().map(QueryValue::py_repr).collect();
                format!("[{}]", inner.join(", "))
            }
        }
    }

    fn py_repr(&self) -> String {
        match self {
            QueryValue::Str(s) => {
                let escaped = s.replace('\\', "\\\\").replace('\'', "\\'");
                format!("'{escaped}'")
            }
            other => other.py_str(),
        }
    }

    /// Python `<` ordering; `None` when Python would raise `TypeError`.
    fn py_cmp(&self, other: &QueryValue) -> Option<Ordering> {
        use QueryValue::*;
        fn num(v: &QueryValue) -> Option<f64> {
            match v {
                Int(i) => Some(*i as f64),
                Float(f) => Some(*f),
                Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
                _ => None,
            }
        }
        match (self, other) {
            (Str(a), Str(b)) => Some(a.cmp(b)),
            (Int(a), Int(b)) => Some(a.cmp(b)),
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    if x.py_eq(y) {
                        continue;
                    }
                    return x.py_cmp(y);
                }
                Some(a.len().cmp(&b.len()))
            }
            _ => match (num(self), num(other)) {
                (Some(a), Some(b)) => a.partial_cmp(&b),
                _ => None,
            },
        }
    }

    fn py_eq(&self, other: &QueryValue) -> bool {
        matches!(self.py_cmp(other), Some(Ordering::Equal))
    }

    /// Converts a JSON value (as found in signer vectors) to a query value.
    pub fn from_json(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => QueryValue::Null,
            Value::Bool(b) => QueryValue::Bool(*b),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    QueryValue::Int(i128::from(i))
                } else if let Some(u) = n.as_u64() {
                    QueryValue::Int(i128::from(u))
                } else {
                    QueryValue::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => QueryValue::Str(s.clone()),
            Value::Array(items) => QueryValue::List(items.iter().map(Self::from_json).collect()),
            Value::Object(_) => QueryValue::Str(value.to_string()),
        }
    }
}

impl From<String> for QueryValue {
    fn from(s: String) -> Self {
        QueryValue::Str(s)
    }
}

impl From<&str> for QueryValue {
    fn from(s: &str) -> Self {
        QueryValue::Str(s.to_owned())
    }
}

/// Python's `repr(float)`: shortest round-trip digits, exponent outside 1e-4..1e16.
fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let sci = format!("{f:e}"); // e.g. "1.5e0", "-1e16", "1e-5"
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let s = format!("{f}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// Everything the signer needs to know about a request.
///
/// `Debug` masks the values of secret-looking query parameters and headers
/// (`X-Security-Token`, ...) and shows only the length of the body.
#[derive(Clone)]
pub struct SignableRequest<'a> {
    /// HTTP method, any case (upper-cased in the canonical request).
    pub method: &'a str,
    /// `host[:port]` used for the `Host` header when the headers have none.
    pub host: &'a str,
    /// The resource path exactly as it goes on the wire (segments percent-encoded).
    pub path: &'a str,
    /// Raw, unencoded query parameters, in any order.
    pub query: Vec<(String, QueryValue)>,
    /// Headers present before signing, in insertion order, names as given.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes that will be sent (empty for none).
    pub body: &'a [u8],
}

impl fmt::Debug for SignableRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<(&str, String)> = self
            .query
            .iter()
            .map(|(k, v)| {
                let shown = if crate::redact::is_secret_name(k, &[]) {
                    crate::secret::REDACTED.to_owned()
                } else {
                    v.py_str()
                };
                (k.as_str(), shown)
            })
            .collect();
        let headers =
            crate::redact::pairs(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &query)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The key material and algorithm parameters.
pub struct SigningKey<'a> {
    /// Signing algorithm.
    pub algorithm: Algorithm,
    /// Access key id.
    pub ak: &'a str,
    /// Secret access key.
    pub sk: &'a str,
    /// For `V11-HMAC-SHA256`: the region id.
    pub region_id: Option<&'a str>,
    /// For `V11-HMAC-SHA256`: the derived auth service name.
    pub derived_service_name: Option<&'a str>,
}

impl fmt::Debug for SigningKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm)
            .field("ak", &crate::secret::REDACTED)
            .field("sk", &crate::secret::REDACTED)
            .field("region_id", &self.region_id)
            .field("derived_service_name", &self.derived_service_name)
            .finish()
    }
}

/// What the signer produced.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct SignOutput {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// `;`-joined signed header names.
    pub signed_headers: String,
    /// Hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// Headers to send, in order, with values trimmed as the SDK does
    /// (includes `X-Sdk-Date`, `Host` and `Authorization`).
    #[serde(skip)]
    pub headers: Vec<(String, String)>,
    /// Request URI to send: the path, then `?` and the canonical query string
    /// when there is one.
    #[serde(skip)]
    pub uri: String,
    /// The canonical query string (also the query sent on the wire).
    #[serde(skip)]
    pub canonical_query: String,
}

impl fmt::Debug for SignOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The canonical request and the headers may hold a security token, the
        // Authorization the access key id: only non-secret parts are shown (and the
        // query's values of secret-looking names are masked).
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("SignOutput")
            .field("signed_headers", &self.signed_headers)
            .field("signature", &self.signature)
            .field("header_names", &names)
            .field("uri", &crate::redact::mask_text(&self.uri, &[]))
            .finish_non_exhaustive()
    }
}

/// Ordered header list with Python `dict` semantics (exact-name keys).
struct HeaderList(Vec<(String, String)>);

impl HeaderList {
    fn get_exact(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn get_ignore_case(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.to_lowercase() == name.to_lowercase())
            .map(|(_, v)| v.as_str())
    }

    fn set_exact(&mut self, name: &str, value: String) {
        if let Some(slot) = self.0.iter_mut().find(|(n, _)| n == name) {
            slot.1 = value;
        } else {
            self.0.push((name.to_owned(), value));
        }
    }
}

/// Python `str.strip()`: Unicode whitespace plus the ASCII separators 0x1C-0x1F.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// `quote(s, safe='~')`: every byte but `A-Z a-z 0-9 - _ . ~` as uppercase `%XX`.
pub fn url_encode(s: &str) -> String {
    utf8_percent_encode(s, STRICT).to_string()
}

/// The canonical URI: percent-decode, split on `/`, strictly re-encode each
/// segment, and force a trailing `/`.
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut out = decoded
        .split('/')
        .map(url_encode)
        .collect::<Vec<_>>()
        .join("/");
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical query string (also what is sent on the wire): pairs sorted on
/// the raw key then the raw value, then strictly encoded and joined with `&`.
pub fn canonical_query(query: &[(String, QueryValue)]) -> Result<String, SignError> {
    let mut params: Vec<(String, QueryValue)> = query.to_vec();
    let mut type_error = false;
    params.sort_by(|(ka, va), (kb, vb)| match ka.cmp(kb) {
        Ordering::Equal => va.py_cmp(vb).unwrap_or_else(|| {
            type_error = true;
            Ordering::Equal
        }),
        other => other,
    });
    if type_error {
        return Err(SignError::InvalidInput(
            "query values of one key cannot be ordered (mixed types)".to_owned(),
        ));
    }
    let mut parts = Vec::with_capacity(params.len());
    for (key, value) in params {
        let k = url_encode(&key);
        match value {
            QueryValue::List(mut items) => {
                let mut err = false;
                items.sort_by(|a, b| {
                    a.py_cmp(b).unwrap_or_else(|| {
                        err = true;
                        Ordering::Equal
                    })
                });
                if err {
                    return Err(SignError::InvalidInput(format!(
                        "list value of query key {key:?} cannot be ordered (mixed types)"
                    )));
                }
                for item in items {
                    parts.push(format!("{k}={}", url_encode(&item.py_str())));
                }
            }
            QueryValue::Bool(b) => parts.push(format!("{k}={b}")),
            other => parts.push(format!("{k}={}", url_encode(&other.py_str()))),
        }
    }
    Ok(parts.join("&"))
}

/// Formats a time as `X-Sdk-Date` (`yyyymmddThhmmssZ`, UTC).
pub fn format_sdk_date(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses an `X-Sdk-Date` value (`yyyymmddThhmmssZ`).
pub fn parse_sdk_date(s: &str) -> Option<OffsetDateTime> {
    let fmt = time::macros::format_description!(
        "[year padding:zero repr:full base:calendar][month][day]T[hour][minute][second]Z"
    );
    time::PrimitiveDateTime::parse(s, fmt)
        .ok()
        .map(|p| p.assume_utc())
}

/// HKDF-SHA256 (RFC 5869) with salt = AK, IKM = SK, one 32-byte block of
/// output, returned as its lowercase hex string (the SDK signs with the hex
/// string's ASCII bytes).
pub fn derive_v11_key(ak: &str, sk: &str, info: &str) -> String {
    let prk = hmac_sha256(ak.as_bytes(), sk.as_bytes());
    let mut msg = Vec::with_capacity(info.len() + 1);
    msg.extend_from_slice(info.as_bytes());
    msg.push(0x01);
    hex::encode(hmac_sha256(&prk, &msg))
}

/// Signs a request.
///
/// `now` is consulted only when the headers carry no `X-Sdk-Date`.
pub fn sign(
    request: SignableRequest<'_>,
    key: &SigningKey<'_>,
    now: OffsetDateTime,
) -> Result<SignOutput, SignError> {
    if key.ak.is_empty() {
        return Err(SignError::MissingAk);
    }
    if key.sk.is_empty() {
        return Err(SignError::MissingSk);
    }
    let algorithm = key.algorithm;
    let derived = if algorithm == Algorithm::V11HmacSha256 {
        let service = key.derived_service_name.filter(|s| !s.is_empty()).ok_or(
            SignError::MissingDerivedParam("a derived auth service name"),
        )?;
        let region = key
            .region_id
            .filter(|s| !s.is_empty())
            .ok_or(SignError::MissingDerivedParam("a region id"))?;
        Some((region, service))
    } else {
        None
    };

    let mut headers = HeaderList(request.headers);

    // 1. Unsigned payload marker for content types other than JSON/BSON.
    if let Some(ct) = headers.get_exact("Content-Type") {
        if !ct.is_empty()
            && !ct.starts_with("application/json")
            && !ct.starts_with("application/bson")
        {
            headers.set_exact(algorithm.content_header(), "UNSIGNED-PAYLOAD".to_owned());
        }
    }

    // 2. Date.
    let t = match headers.get_ignore_case(HEADER_SDK_DATE) {
        Some(v) => parse_sdk_date(v).ok_or_else(|| SignError::BadDate(v.to_owned()))?,
        None => {
            headers.set_exact(HEADER_SDK_DATE, format_sdk_date(now));
            now
        }
    };
    let date = format_sdk_date(t);

    // 3. Host.
    if !headers
        .0
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("host"))
    {
        headers.set_exact("Host", request.host.to_owned());
    }

    // 4. Signed headers and canonical headers.
    let mut signed: Vec<String> = headers
        .0
        .iter()
        .filter(|(n, _)| !n.contains('_'))
        .map(|(n, _)| n.to_lowercase())
        .collect();
    signed.sort();
    let mut canonical_values: Vec<(String, String)> = Vec::new();
    for (name, value) in headers.0.iter_mut() {
        let stripped = py_strip(value).to_owned();
        let lower = name.to_lowercase();
        if let Some(slot) = canonical_values.iter_mut().find(|(n, _)| *n == lower) {
            slot.1 = stripped.clone();
        } else {
            canonical_values.push((lower, stripped.clone()));
        }
        *value = stripped;
    }
    let mut canonical_headers = String::new();
    for name in &signed {
        let value = canonical_values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }
    let signed_headers = signed.join(";");

    // 5. Payload hash.
    let payload_hash = if request.body.is_empty() {
        algorithm.empty_hash().to_owned()
    } else {
        match headers.get_ignore_case(algorithm.content_header()) {
            Some(v) if !v.is_empty() => v.to_owned(),
            _ => algorithm.hash_hex(request.body),
        }
    };

    // 6. Canonical request.
    let canonical_query = canonical_query(&request.query)?;
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_uppercase(),
        canonical_uri(request.path),
        canonical_query,
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let cr_hash = algorithm.hash_hex(canonical_request.as_bytes());

    // 7. String to sign, signature, Authorization.
    let (string_to_sign, signature, authorization) = match derived {
        Some((region, service)) => {
            let info = format!("{}/{region}/{service}", &date[..8]);
            let sts = format!("{}\n{date}\n{info}\n{cr_hash}", algorithm.as_str());
            let derived_key = derive_v11_key(key.ak, key.sk, &info);
            let signature = algorithm.hmac_hex(derived_key.as_bytes(), sts.as_bytes());
            let auth = format!(
                "{} Credential={}/{info}, SignedHeaders={signed_headers}, Signature={signature}",
                algorithm.as_str(),
                key.ak
            );
            (sts, signature, auth)
        }
        None => {
            let sts = format!("{}\n{date}\n{cr_hash}", algorithm.as_str());
            let signature = algorithm.hmac_hex(key.sk.as_bytes(), sts.as_bytes());
            let auth = format!(
                "{} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
                algorithm.as_str(),
                key.ak
            );
            (sts, signature, auth)
        }
    };
    headers.set_exact(HEADER_AUTHORIZATION, authorization.clone());

    let uri = if canonical_query.is_empty() {
        request.path.to_owned()
    } else {
        format!("{}?{canonical_query}", request.path)
    };

    Ok(SignOutput {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
        headers: headers.0,
        uri,
        canonical_query,
    })
}

/// Python `str(value)` for a header value given as JSON.
fn json_py_str(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => QueryValue::from_json(other).py_str(),
    }
}

/// What kind of JSON value `v` is, for errors: a signer input holds keys and tokens, so an
/// error never quotes a value.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn vector_str<'v>(v: &'v serde_json::Value, key: &str) -> Result<&'v str, SignError> {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| SignError::InvalidInput(format!("missing string field {key:?}")))
}

fn vector_opt_str<'v>(v: &'v serde_json::Value, key: &str) -> Option<&'v str> {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.is_empty())
}

/// Signs one vector in the JSON shape of `signer_vectors.json` (the `expected`
/// member, if any, is ignored).
///
/// Keys: `algorithm`, `ak`, `sk`, `method`, `host`, `path`, `query` (list of
/// `[key, value]` pairs; values may be strings, numbers, booleans or lists),
/// `headers` (object), `body` (string; `""` means none), `sdk_date`, and
/// optionally `project_id`, `domain_id`, `security_token` (credential fields
/// that add `X-Project-Id`, `X-Domain-Id`, `X-Security-Token`), and for
/// `V11-HMAC-SHA256` `region_id` and `derived_auth_service_name`.
pub fn sign_vector(vector: &serde_json::Value) -> Result<SignOutput, SignError> {
    let algorithm_token = vector
        .get("algorithm")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("SDK-HMAC-SHA256");
    let algorithm = Algorithm::from_token(algorithm_token).ok_or_else(|| {
        SignError::InvalidInput(format!("unsupported algorithm {algorithm_token:?}"))
    })?;
    let ak = vector_str(vector, "ak")?;
    let sk = vector_str(vector, "sk")?;
    let method = vector_str(vector, "method")?;
    let host = vector_str(vector, "host")?;
    let path = vector_str(vector, "path")?;
    let body = match vector.get("body") {
        None | Some(serde_json::Value::Null) => "",
        Some(serde_json::Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(SignError::InvalidInput(format!(
                "body must be a string, got {}",
                json_kind(other)
            )))
        }
    };

    let mut query = Vec::new();
    match vector.get("query") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::Array(pairs)) => {
            for (i, pair) in pairs.iter().enumerate() {
                let (k, v) = match pair.as_array().map(Vec::as_slice) {
                    Some([k, v]) => (k, v),
                    _ => {
                        return Err(SignError::InvalidInput(format!(
                            "query entry {i} ({}) is not a [key, value] pair",
                            json_kind(pair)
                        )))
                    }
                };
                let key = match k {
                    serde_json::Value::String(s) => s.clone(),
                    other => json_py_str(other),
                };
                query.push((key, QueryValue::from_json(v)));
            }
        }
        Some(serde_json::Value::Object(map)) => {
            for (k, v) in map {
                query.push((k.clone(), QueryValue::from_json(v)));
            }
        }
        Some(other) => {
            return Err(SignError::InvalidInput(format!(
                "query must be a list of pairs, got {}",
                json_kind(other)
            )))
        }
    }

    let mut headers: Vec<(String, String)> = Vec::new();
    match vector.get("headers") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::Object(map)) => {
            for (k, v) in map {
                headers.push((k.clone(), json_py_str(v)));
            }
        }
        Some(serde_json::Value::Array(pairs)) => {
            for (i, pair) in pairs.iter().enumerate() {
                match pair.as_array().map(Vec::as_slice) {
                    Some([serde_json::Value::String(k), v]) => {
                        headers.push((k.clone(), json_py_str(v)))
                    }
                    _ => {
                        return Err(SignError::InvalidInput(format!(
                            "header entry {i} ({}) is not a [name, value] pair",
                            json_kind(pair)
                        )))
                    }
                }
            }
        }
        Some(other) => {
            return Err(SignError::InvalidInput(format!(
                "headers must be an object, got {}",
                json_kind(other)
            )))
        }
    }
    let mut list = HeaderList(headers);
    if let Some(project_id) = vector_opt_str(vector, "project_id") {
        list.set_exact("X-Project-Id", project_id.to_owned());
    }
    if let Some(domain_id) = vector_opt_str(vector, "domain_id") {
        list.set_exact("X-Domain-Id", domain_id.to_owned());
    }
    if let Some(token) = vector_opt_str(vector, "security_token") {
        list.set_exact("X-Security-Token", token.to_owned());
    }

    // The clock: the vector's fixed date (the SDK reads a preset X-Sdk-Date
    // header first, which `sign` does too).
    let now = match vector_opt_str(vector, "sdk_date") {
        Some(d) => parse_sdk_date(d).ok_or_else(|| SignError::BadDate(d.to_owned()))?,
        None => OffsetDateTime::now_utc(),
    };

    let request = SignableRequest {
        method,
        host,
        path,
        query,
        headers: list.0,
        body: body.as_bytes(),
    };
    let key = SigningKey {
        algorithm,
        ak,
        sk,
        region_id: vector_opt_str(vector, "region_id"),
        derived_service_name: vector_opt_str(vector, "derived_auth_service_name"),
    };
    sign(request, &key, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_encoding() {
        assert_eq!(url_encode("a b+c/~-_.é"), "a%20b%2Bc%2F~-_.%C3%A9");
    }

    #[test]
    fn canonical_uri_rules() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/v1/x"), "/v1/x/");
        assert_eq!(canonical_uri("/v1/x/"), "/v1/x/");
        assert_eq!(canonical_uri("/v1/a%2Fb"), "/v1/a/b/");
        assert_eq!(canonical_uri("/v1/%e4%b8%ad"), "/v1/%E4%B8%AD/");
        assert_eq!(canonical_uri("/v1/%zz"), "/v1/%25zz/");
    }

    #[test]
    fn query_sorting_python_semantics() {
        let q = vec![
            ("b".to_owned(), QueryValue::Int(10)),
            ("b".to_owned(), QueryValue::Int(9)),
            ("a".to_owned(), QueryValue::Bool(true)),
            ("é".to_owned(), QueryValue::from("x")),
            (
                "l".to_owned(),
                QueryValue::List(vec!["z".into(), "y".into()]),
            ),
        ];
        assert_eq!(
            canonical_query(&q).unwrap(),
            "a=true&b=9&b=10&l=y&l=z&%C3%A9=x"
        );
        let mixed = vec![
            ("k".to_owned(), QueryValue::Int(1)),
            ("k".to_owned(), QueryValue::from("1")),
        ];
        assert!(canonical_query(&mixed).is_err());
    }

    #[test]
    fn python_float_repr() {
        assert_eq!(py_float_repr(1.0), "1.0");
        assert_eq!(py_float_repr(0.1), "0.1");
        assert_eq!(py_float_repr(1e16), "1e+16");
        assert_eq!(py_float_repr(1.5e-5), "1.5e-05");
        assert_eq!(py_float_repr(123.25), "123.25");
    }

    #[test]
    fn sdk_date_roundtrip() {
        let t = parse_sdk_date("20261123T120000Z").unwrap();
        assert_eq!(format_sdk_date(t), "20261123T120000Z");
        assert!(parse_sdk_date("2026-11-23").is_none());
        assert!(parse_sdk_date("").is_none());
    }

    #[test]
    fn missing_keys_are_errors() {
        let req = SignableRequest {
            method: "GET",
            host: "h",
            path: "/",
            query: vec![],
            headers: vec![],
            body: b"",
        };
        let key = SigningKey {
            algorithm: Algorithm::SdkHmacSha256,
            ak: "",
            sk: "x",
            region_id: None,
            derived_service_name: None,
        };
        assert_eq!(
            sign(req.clone(), &key, OffsetDateTime::UNIX_EPOCH),
            Err(SignError::MissingAk)
        );
        let key = SigningKey {
            algorithm: Algorithm::V11HmacSha256,
            ak: "a",
            sk: "x",
            region_id: Some("r"),
            derived_service_name: None,
        };
        assert!(matches!(
            sign(req, &key, OffsetDateTime::UNIX_EPOCH),
            Err(SignError::MissingDerivedParam(_))
        ));
    }

    #[test]
    fn sign_vector_rejects_garbage() {
        assert!(sign_vector(&serde_json::json!({})).is_err());
        assert!(sign_vector(&serde_json::json!({"algorithm": "NOPE"})).is_err());
        let v = serde_json::json!({"ak":"a","sk":"s","method":"GET","host":"h","path":"/",
            "query":[["a"]], "sdk_date":"20261123T120000Z"});
        assert!(sign_vector(&v).is_err());
    }
}
