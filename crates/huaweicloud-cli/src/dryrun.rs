//! `--dryrun`: the request exactly as the runtime would send it (its headers, its signature,
//! its body), printed with `Authorization`, `X-Security-Token`, `X-Auth-Token` and every
//! sensitive body field masked as `****`, and sent to no service.
//!
//! The runtime has no "sign but do not send" entry point, so `hwc` lets it send: to a
//! listener on 127.0.0.1 inside this process, which reads the request and answers nothing of
//! interest. The `Host` header (and so the signature) is the real endpoint's, as the runtime
//! signs an explicit `Host` header instead of the endpoint's. A project or account id that is
//! neither configured nor given stays the `{project_id}` / `{domain_id}` placeholder, since
//! looking it up would mean a request to IAM.

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::error::CliError;
use crate::profile::MASK;

/// One request as it arrived on the listener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// `PUT /path?query HTTP/1.1`, split: method and target.
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Headers in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// A listener on 127.0.0.1 that captures one request.
pub struct Listener {
    listener: TcpListener,
}

impl Listener {
    /// Binds a free port of 127.0.0.1.
    pub async fn bind() -> Result<Listener, CliError> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| CliError::Failure(format!("--dryrun cannot listen on 127.0.0.1: {e}")))?;
        Ok(Listener { listener })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> Result<String, CliError> {
        let addr = self
            .listener
            .local_addr()
            .map_err(|e| CliError::Failure(format!("--dryrun: {e}")))?;
        Ok(format!("http://{addr}"))
    }

    /// Accepts one connection and reads one request from it.
    pub async fn capture(self) -> Result<Captured, CliError> {
        let fail = |e: std::io::Error| CliError::Failure(format!("--dryrun: {e}"));
        let (mut stream, _) = self.listener.accept().await.map_err(fail)?;
        let mut data = Vec::new();
        let mut buf = [0u8; 8192];
        let header_end = loop {
            let n = stream.read(&mut buf).await.map_err(fail)?;
            if n == 0 {
                return Err(CliError::Failure(
                    "--dryrun: the connection closed before the request was complete".into(),
                ));
            }
            data.extend_from_slice(&buf[..n]);
            if let Some(at) = find(&data, b"\r\n\r\n") {
                break at;
            }
        };
        let head = String::from_utf8_lossy(&data[..header_end]).into_owned();
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or_default();
        let mut parts = request_line.split(' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = data[header_end + 4..].to_vec();
        while body.len() < length {
            let n = stream.read(&mut buf).await.map_err(fail)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&buf[..n]);
        }
        // An answer the client reads without error; what it says is not shown.
        let _ = stream
            .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await;
        let _ = stream.shutdown().await;
        Ok(Captured {
            method,
            target,
            headers,
            body,
        })
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Headers whose value is a credential.
const SECRET_HEADERS: &[&str] = &["authorization", "x-security-token", "x-auth-token"];

/// The text `--dryrun` prints: `METHOD URL`, the headers, a blank line, the body.
/// `origin` is the real endpoint's `scheme://host[:port]`.
pub fn render(captured: &Captured, origin: &str, sensitive: &[&str]) -> String {
    let mut out = format!("{} {origin}{}\n", captured.method, captured.target);
    for (name, value) in &captured.headers {
        let lower = name.to_ascii_lowercase();
        // Transport details of the local capture, not of the request.
        if matches!(lower.as_str(), "connection" | "accept-encoding") {
            continue;
        }
        let shown = if SECRET_HEADERS.contains(&lower.as_str()) {
            mask_authorization(value)
        } else if is_secret_name(name, sensitive) {
            MASK.to_owned()
        } else {
            value.clone()
        };
        out.push_str(&format!("{name}: {shown}\n"));
    }
    if !captured.body.is_empty() {
        out.push('\n');
        match serde_json::from_slice::<Value>(&captured.body) {
            Ok(mut v) => {
                mask_value(&mut v, sensitive, false);
                out.push_str(&serde_json::to_string_pretty(&v).expect("a Value serializes"));
                out.push('\n');
            }
            Err(_) => out.push_str(&format!(
                "({} bytes, not JSON: not shown)\n",
                captured.body.len()
            )),
        }
    }
    out
}

/// `SDK-HMAC-SHA256 Access=****, SignedHeaders=host;x-sdk-date, Signature=****`: the
/// algorithm and the signed headers stay, the key id and the signature do not.
fn mask_authorization(value: &str) -> String {
    let Some((algorithm, rest)) = value.split_once(' ') else {
        return MASK.to_owned();
    };
    if !algorithm.contains("HMAC") && !algorithm.contains("SM3") {
        return MASK.to_owned();
    }
    let parts: Vec<String> = rest
        .split(',')
        .map(|p| {
            let p = p.trim();
            match p.split_once('=') {
                Some(("SignedHeaders", v)) => format!("SignedHeaders={v}"),
                Some((k, _)) => format!("{k}={MASK}"),
                None => MASK.to_owned(),
            }
        })
        .collect();
    format!("{algorithm} {}", parts.join(", "))
}

// The runtime's rule for names that hold secrets, or one of the fields the operation's model
// marks sensitive: the rule every error and `Debug` of the SDK masks by.
use huaweicloud_sdk_core::secret::is_secret_name;

/// Masks, in place, the values of secret fields (every scalar inside a secret object).
pub fn mask_value(value: &mut Value, sensitive: &[&str], inside_secret: bool) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let secret = inside_secret || is_secret_name(k, sensitive);
                mask_value(v, sensitive, secret);
            }
        }
        Value::Array(items) => {
            for v in items {
                mask_value(v, sensitive, inside_secret);
            }
        }
        Value::Null => {}
        other if inside_secret => *other = Value::String(MASK.to_owned()),
        _ => {}
    }
}

/// The names of the body fields the model marks sensitive.
pub fn sensitive_fields(schema: &apispec::Schema, out: &mut Vec<String>) {
    for f in crate::model::flatten_body(schema) {
        if f.field.info.sensitive {
            out.push(f.field.name.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_masked() {
        let captured = Captured {
            method: "POST".into(),
            target: "/v1/x?limit=1".into(),
            headers: vec![
                ("Host".into(), "ecs.cn-north-4.myhuaweicloud.com".into()),
                ("Authorization".into(), "SDK-HMAC-SHA256 Access=AKID, SignedHeaders=host;x-sdk-date, Signature=abc".into()),
                ("X-Security-Token".into(), "tok".into()),
                ("Connection".into(), "close".into()),
            ],
            body: br#"{"server": {"adminPass": "pw", "name": "n", "login": {"code": "c"}, "ids": [1]}}"#.to_vec(),
        };
        let text = render(
            &captured,
            "https://ecs.cn-north-4.myhuaweicloud.com",
            &["login"],
        );
        assert_eq!(
            text,
            "POST https://ecs.cn-north-4.myhuaweicloud.com/v1/x?limit=1
Host: ecs.cn-north-4.myhuaweicloud.com
Authorization: SDK-HMAC-SHA256 Access=****, SignedHeaders=host;x-sdk-date, Signature=****
X-Security-Token: ****

{
  \"server\": {
    \"adminPass\": \"****\",
    \"name\": \"n\",
    \"login\": {
      \"code\": \"****\"
    },
    \"ids\": [
      1
    ]
  }
}
"
        );
        let mut v = json!({"user_password": "x", "items": [{"token": {"a": [1, null]}}]});
        mask_value(&mut v, &[], false);
        assert_eq!(
            v,
            json!({"user_password": "****", "items": [{"token": {"a": ["****", null]}}]})
        );
    }
}
