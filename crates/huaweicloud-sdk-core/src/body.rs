//! Request bodies that are not JSON: [`Binary`] (a file, `application/octet-stream`), and
//! how the runtime writes a body of each documented media type ([`encode`]).

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The bytes of a request body that is a file (`application/octet-stream` and other binary
/// media types), sent as they are. From `Vec<u8>`, `&[u8]`, `String` or `&str`; in JSON (the
/// untyped `invoke`) a string (its UTF-8 bytes) or an array of byte values. `Debug` shows the
/// length, never the content.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Binary {
    fn from(v: Vec<u8>) -> Self {
        Binary(v)
    }
}

impl From<&[u8]> for Binary {
    fn from(v: &[u8]) -> Self {
        Binary(v.to_vec())
    }
}

impl From<String> for Binary {
    fn from(v: String) -> Self {
        Binary(v.into_bytes())
    }
}

impl From<&str> for Binary {
    fn from(v: &str) -> Self {
        Binary(v.as_bytes().to_vec())
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A string when the bytes are UTF-8 (what the untyped input gives), else the bytes.
        match std::str::from_utf8(&self.0) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => serializer.collect_seq(self.0.iter()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl<'de> Visitor<'de> for Bytes {
            type Value = Binary;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of byte values")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Binary, E> {
                Ok(Binary::from(v))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Binary, E> {
                Ok(Binary::from(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Binary, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(Binary(out))
            }
        }
        deserializer.deserialize_any(Bytes)
    }
}

/// The bytes of a request body of `content_type`, from the JSON of the operation's input:
/// JSON as the official SDK writes it; a form (`application/x-www-form-urlencoded`) as
/// `key=value` pairs of the object's fields, in order (a string as its text, any other value
/// as its JSON); any other (binary) type as the bytes of a string or of an array of byte
/// values.
pub fn encode(content_type: Option<&str>, body: &Value) -> Result<Vec<u8>, String> {
    let ct = content_type
        .unwrap_or("application/json")
        .to_ascii_lowercase();
    if ct.contains("json") {
        return crate::json::to_vec::<_, std::convert::Infallible>(body).map_err(|e| e.to_string());
    }
    if ct.starts_with("application/x-www-form-urlencoded") {
        let Value::Object(fields) = body else {
            return Err(format!(
                "a form body must be an object of fields, not {}",
                kind(body)
            ));
        };
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields {
            match v {
                Value::Null => {}
                Value::String(s) => {
                    form.append_pair(k, s);
                }
                other => {
                    form.append_pair(k, &other.to_string());
                }
            }
        }
        return Ok(form.finish().into_bytes());
    }
    if ct.starts_with("multipart/") {
        return Err(format!("{ct} bodies are not supported yet"));
    }
    match body {
        Value::String(s) => Ok(s.clone().into_bytes()),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_u64()
                    .and_then(|b| u8::try_from(b).ok())
                    .ok_or_else(|| "a binary body's array holds byte values (0 to 255)".to_string())
            })
            .collect(),
        other => Err(format!(
            "a binary body is a string or an array of byte values, not {}",
            kind(other)
        )),
    }
}

/// What kind of JSON value `value` is, for messages (never the value: it may be a secret).
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_media_type_gets_its_own_encoding() {
        assert_eq!(
            encode(None, &json!({"a": "é"})).unwrap(),
            b"{\"a\": \"\\u00e9\"}".to_vec()
        );
        assert_eq!(
            encode(
                Some("application/x-www-form-urlencoded"),
                &json!({"SAMLResponse": "a+b=c", "n": 2, "skip": null})
            )
            .unwrap(),
            b"SAMLResponse=a%2Bb%3Dc&n=2".to_vec()
        );
        assert_eq!(
            encode(Some("application/octet-stream"), &json!("file")).unwrap(),
            b"file".to_vec()
        );
        assert_eq!(
            encode(Some("application/octet-stream"), &json!([0, 255])).unwrap(),
            vec![0, 255]
        );
        assert!(encode(Some("application/octet-stream"), &json!([256])).is_err());
        assert!(encode(Some("application/x-www-form-urlencoded"), &json!([1])).is_err());
    }

    #[test]
    fn binary_reads_strings_and_bytes_and_hides_them_in_debug() {
        let b: Binary = serde_json::from_value(json!("abc")).unwrap();
        assert_eq!(b.as_bytes(), b"abc");
        let b: Binary = serde_json::from_value(json!([1, 2])).unwrap();
        assert_eq!(b.as_bytes(), [1, 2]);
        assert_eq!(serde_json::to_value(Binary::from("x")).unwrap(), json!("x"));
        assert_eq!(
            serde_json::to_value(Binary(vec![0xff])).unwrap(),
            json!([255])
        );
        assert_eq!(format!("{:?}", Binary::from("secret")), "Binary(6 bytes)");
    }
}
