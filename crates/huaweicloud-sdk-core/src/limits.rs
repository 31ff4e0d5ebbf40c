//! What a response may cost: the body size limit, and how bodies are shown in errors.
//!
//! An endpoint can be misconfigured, proxied or spoofed, so the client trusts nothing it reads:
//!
//! * **Size.** A response body is read chunk by chunk and counted *after* decompression (gzip is
//!   on): at most [`DEFAULT_MAX_RESPONSE_BYTES`] (64 MiB) unless the client
//!   ([`Config::with_max_response_bytes`](crate::Config::with_max_response_bytes)) or the call
//!   ([`Customize::max_response_bytes`](crate::meta::Customize::max_response_bytes),
//!   [`Request::max_response_bytes`](crate::Request::max_response_bytes)) says otherwise. A
//!   `Content-Length` above the limit fails before any of the body is read; a body that grows
//!   past it fails at the chunk that crosses it, the connection is dropped and the rest is never
//!   read. Either is an [`SdkError::ResponseTooLarge`](crate::SdkError::ResponseTooLarge) with
//!   the status and request id, never retried. Memory stays at the limit plus one chunk.
//! * **Time.** Reading the body is part of the attempt: a body that trickles forever ends at
//!   the attempt timeout or the total timeout (an [`SdkError::Timeout`](crate::SdkError::Timeout)).
//! * **Decoding.** JSON nested deeper than 128 levels, a number beyond `f64` (a 10,000-digit
//!   integer), invalid UTF-8 inside a string, a duplicate field of a documented type and a body
//!   that is not JSON whatever its `Content-Type` are each an
//!   [`SdkError::Decode`](crate::SdkError::Decode), never a panic or a stack overflow. The
//!   `Content-Type` of a response is not looked at: a body is read as JSON when the operation
//!   returns JSON. Duplicate keys in an untyped reading (`serde_json::Value`, `invoke`) keep
//!   the last value, as `serde_json` does.
//! * **Showing bodies.** What an error shows of a body (a decode error's snippet, the message
//!   of a service error that is not JSON) is bounded, valid UTF-8 and printable: control
//!   characters (NUL, ESC, ...) become `U+FFFD`, and a body that is mostly not text is shown as
//!   `<binary data, N bytes>`.

use bytes::Bytes;

/// The default limit of a response body, after decompression: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// How much the body buffer reserves before it has seen the body (however large the
/// `Content-Length`, which may lie).
const INITIAL_CAPACITY: usize = 64 * 1024;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// More than `limit` bytes (`read`: how many had arrived when reading stopped; the
    /// announced length when it was refused up front).
    TooLarge { read: u64 },
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// Reads a response body of at most `limit` bytes (after decompression).
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, BodyError> {
    // reqwest reports the length only when it does not decompress: then it is the body's.
    let announced = response.content_length();
    if let Some(len) = announced.filter(|&len| len > limit) {
        return Err(BodyError::TooLarge { read: len });
    }
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    let initial = announced
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(0)
        .min(INITIAL_CAPACITY)
        .min(cap);
    let mut body: Vec<u8> = Vec::with_capacity(initial);
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(BodyError::Transport(e)),
        };
        let total = body.len() as u64 + chunk.len() as u64;
        if total > limit {
            return Err(BodyError::TooLarge { read: total });
        }
        if body.capacity() < total as usize {
            // Doubling, but never past the limit: the buffer holds at most `limit` bytes.
            let target = (body.capacity().max(1024) * 2).clamp(total as usize, cap);
            body.reserve_exact(target - body.len());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

/// A byte count for messages: `64 MiB`, `1.5 KiB`, `12 bytes`.
pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if n >= size {
            return if n % size == 0 {
                format!("{} {unit}", n / size)
            } else {
                format!("{:.1} {unit}", n as f64 / size as f64)
            };
        }
    }
    format!("{n} bytes")
}

/// Whether a character is unfit for a terminal or a log line: C0 controls but tab and line
/// feed, DEL, C1 controls.
fn unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{FFFD}'
}

/// Whether the start of a body is binary rather than text: more than 30% of the characters of
/// its first 512 bytes are invalid UTF-8 or control characters.
pub(crate) fn is_binary(body: &[u8]) -> bool {
    let head = &body[..body.len().min(512)];
    if head.is_empty() {
        return false;
    }
    let text = String::from_utf8_lossy(head);
    let bad = text.chars().filter(|&c| unprintable(c)).count();
    bad * 10 > text.chars().count() * 3
}

/// What an error shows of a binary body.
pub(crate) fn binary_placeholder(len: usize) -> String {
    format!("<binary data, {}>", human_bytes(len as u64))
}

/// How much of a service error's message [`crate::ErrorMeta`] keeps.
pub(crate) const MESSAGE_LIMIT: usize = 2048;

/// A body shown as text: at most `max` bytes of it, lossily decoded, printable; the
/// placeholder for a binary body.
pub(crate) fn body_text(body: &[u8], max: usize) -> String {
    if is_binary(body) {
        return binary_placeholder(body.len());
    }
    // A few bytes more than `max`, so that a character cut by the slice is not what is cut.
    let head = String::from_utf8_lossy(&body[..body.len().min(max.saturating_add(4))]);
    let text = printable_bounded(&head, max);
    if body.len() > max && !text.ends_with('…') {
        format!("{text}…")
    } else {
        text
    }
}

/// `text` with every control character but tab and line feed (NUL, ESC, CR, C1) replaced by
/// `U+FFFD`, at most `max` bytes of it (before the `…` added when cut).
pub(crate) fn printable_bounded(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max) + 3);
    for c in text.chars() {
        let c = if unprintable(c) { '\u{FFFD}' } else { c };
        if out.len() + c.len_utf8() > max {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(DEFAULT_MAX_RESPONSE_BYTES), "64 MiB");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(12), "12 bytes");
        assert_eq!(human_bytes(1 << 30), "1 GiB");
    }

    #[test]
    fn control_characters_become_replacement_characters() {
        let printable = |t: &str| printable_bounded(t, 1024);
        assert_eq!(
            printable("a\0b\x1b[31mc\r\n\td"),
            "a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}\n\td"
        );
        assert_eq!(printable("plain 节点"), "plain 节点");
        assert_eq!(printable("\u{9b}x"), "\u{FFFD}x");
    }

    #[test]
    fn binary_bodies_are_told_from_text() {
        assert!(is_binary(&[0u8; 300]));
        assert!(is_binary(&[0xff, 0xfe, 0x00, 0x01, 0x80, 0x81]));
        assert!(!is_binary(
            b"{\"error_code\": \"X\", \"error_msg\": \"\xe9\"}"
        ));
        assert!(!is_binary("节点 not found\n".as_bytes()));
        assert!(!is_binary(b""));
        assert_eq!(binary_placeholder(1 << 20), "<binary data, 1 MiB>");
    }

    #[test]
    fn printable_bounded_counts_the_replacements() {
        let shown = printable_bounded(&"\0".repeat(300), 256);
        assert!(shown.len() <= 256 + '…'.len_utf8(), "{}", shown.len());
        assert!(shown.ends_with('…') && !shown.contains('\0'));
        assert_eq!(printable_bounded("ab\x1bc", 10), "ab\u{FFFD}c");
        assert_eq!(body_text(&[b'a'; 3000], 2048).len(), 2048 + 3);
    }

    #[test]
    fn bounded_cuts_on_a_character_boundary() {
        assert_eq!(printable_bounded("abc", 3), "abc");
        assert_eq!(printable_bounded("节点", 4), "节…");
        assert_eq!(printable_bounded("abcdef", 2), "ab…");
    }
}
