//! JSON bodies written exactly as the official SDK writes them
//! (`simplejson.dumps`): `", "` and `": "` separators, non-ASCII characters
//! (and DEL) escaped as `\uXXXX`.
//!
//! Any JSON is accepted by the services, and the signature covers whatever
//! bytes are sent; this serializer exists so that requests are byte-identical
//! to the official SDK's (useful for wire comparisons and caches).

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::error::SdkError;

/// The formatter behind [`to_vec`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PythonFormatter;

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if c.is_ascii() && c != '\u{7f}' {
                continue;
            }
            w.write_all(&fragment.as_bytes()[start..i])?;
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                write!(w, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// Serializes a value as the SDK would send it.
pub fn to_vec<T: Serialize + ?Sized, E>(value: &T) -> Result<Vec<u8>, SdkError<E>> {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    value
        .serialize(&mut ser)
        .map_err(|e| SdkError::invalid_input(format!("cannot serialize the request body: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UnmodeledError;

    #[test]
    fn python_style() {
        let v = serde_json::json!({"vpc": {"name": "vpc-测试", "description": "café ☕", "x": [1, 2], "e": "😀\u{7f}\n"}});
        let out = String::from_utf8(to_vec::<_, UnmodeledError>(&v).unwrap()).unwrap();
        assert_eq!(
            out,
            r#"{"vpc": {"name": "vpc-\u6d4b\u8bd5", "description": "caf\u00e9 \u2615", "x": [1, 2], "e": "\ud83d\ude00\u007f\n"}}"#
        );
        assert_eq!(
            to_vec::<_, UnmodeledError>(&serde_json::json!({})).unwrap(),
            b"{}"
        );
    }
}
