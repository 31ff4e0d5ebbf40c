//! Masking secrets out of what errors show: response body snippets, decoder messages and
//! service error messages.
//!
//! A successful response that fails to decode may hold a password or the temporary AK/SK and
//! security token of IAM's `CreateTemporaryAccessKeyBy*`; an error body may echo what was sent.
//! What an [`SdkError`](crate::SdkError) or an [`ErrorMeta`](crate::ErrorMeta) shows of a body
//! goes through here first.
//!
//! # Which names are secret
//!
//! A name (a JSON key, or in text a word followed by `:`, `=` or `>`) is secret when, lower-cased
//! with `_` and `-` removed (so `adminPass`, `admin_pass` and `Admin-Pass` are one name), it
//!
//! * contains `password`, `passwd`, `passphrase`, `secret`, `token`, `credential`,
//!   `privatekey`, `accesskey`, `apikey`, `plaintext` or `cookie` (`user_password`,
//!   `secret_key`, `securitytoken`, `security_token`, `id_token`, `X-Auth-Token`,
//!   `private_key`, `accessKeyId`, KMS's `plain_text`), or
//! * ends with `pwd` or `pass` (`adminPass`, `db_pwd`), or
//! * is `ak`, `sk`, `access` (the temporary AK of IAM's credential), `auth`,
//!   `authorization` or `userdata` (an ECS `user_data` script often sets a password), or
//! * is one of the names the caller gives (the fields the operation's model marks sensitive),
//!   compared the same way.
//!
//! # What is masked
//!
//! * JSON (a body starting with `{` or `[`, complete or cut short): the value of a secret key
//!   becomes `"***"`; when that value is an object or an array, every scalar inside it does
//!   (keys stay, `null` stays). Then the textual rule below runs too, for secrets inside
//!   string values (`"message": "password=..."`) and JSON-like text (`{'pwd': '...'}`).
//! * Any other text: after a secret name followed by an optional closing quote, `:`, `=` or `>`
//!   (`password: x`, `token=x&`, `<adminPass>x</adminPass>`, `"sk" : "x"`), the value: a quoted
//!   one up to its closing quote, else everything up to the next `&`, `,`, `;`, `<`, `>`,
//!   quote, bracket, parenthesis or line end.
//! * Decoder messages: serde's `invalid type: string "…", expected …` and the like lose the
//!   value (`invalid type: string, expected …`); field and variant names the schema knows stay.

use crate::secret::REDACTED;

/// How much of a body is looked at for a snippet (the rest is cut anyway).
const SCAN_LIMIT: usize = 64 * 1024;

const CONTAINS: [&str; 11] = [
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "privatekey",
    "accesskey",
    "apikey",
    "plaintext",
    "cookie",
];
const ENDS_WITH: [&str; 2] = ["pwd", "pass"];
const EXACT: [&str; 6] = ["ak", "sk", "access", "auth", "authorization", "userdata"];

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `name` (a JSON key, a header or parameter name) holds a secret by the runtime's own
/// rule, or is one of `sensitive` (compared the same way): lower-cased without `_` and `-`, it
/// contains `password`, `passwd`, `passphrase`, `secret`, `token`, `credential`, `privatekey`,
/// `accesskey`, `apikey`, `plaintext` or `cookie`, ends with `pwd` or `pass`, or is `ak`, `sk`,
/// `access`, `auth`, `authorization` or `userdata`.
///
/// What every error, `Debug` and dry run masks. A generated operation lists in
/// [`OperationInfo::sensitive`](crate::meta::OperationInfo::sensitive) only the fields its
/// documentation marks sensitive that this rule does not already cover.
///
/// ```
/// use huaweicloud_sdk_core::secret::is_secret_name;
/// assert!(is_secret_name("X-Auth-Token", &[]));
/// assert!(is_secret_name("adminPass", &[]));
/// assert!(is_secret_name("vnc_code", &["vncCode"]));
/// assert!(!is_secret_name("name", &[]));
/// ```
pub fn is_secret_name(name: &str, sensitive: &[&str]) -> bool {
    let n = normalized(name);
    if n.is_empty() {
        return false;
    }
    CONTAINS.iter().any(|k| n.contains(k))
        || ENDS_WITH.iter().any(|k| n.ends_with(k))
        || EXACT.contains(&n.as_str())
        || sensitive.iter().any(|s| normalized(s) == n)
}

/// Name/value pairs (headers, query parameters) for a `Debug`: the values of secret names
/// (`X-Auth-Token`, `X-Subject-Token`, `X-Security-Token`, `Authorization`, `password`, ...)
/// masked.
pub(crate) fn pairs<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    pairs
        .into_iter()
        .map(|(n, v)| (n, if is_secret_name(n, &[]) { REDACTED } else { v }))
        .collect()
}

/// The start of a body for an error to show: at most `max` bytes (on a char boundary, `…`
/// appended when cut), valid UTF-8, secrets masked (see the module docs).
pub(crate) fn body_snippet(body: &[u8], max: usize, sensitive: &[&str]) -> String {
    let scanned = &body[..body.len().min(SCAN_LIMIT)];
    if crate::limits::is_binary(scanned) {
        return crate::limits::binary_placeholder(body.len());
    }
    let text = String::from_utf8_lossy(scanned);
    let json_like = matches!(text.trim_start().chars().next(), Some('{' | '['));
    // The masked text only grows as the scan goes on: it can stop a little after `max`.
    let budget = max.saturating_add(16);
    let masked = if json_like {
        mask_json(&text, sensitive, budget)
    } else {
        text.into_owned()
    };
    // Printable first (a control character becomes a 3-byte U+FFFD), then cut to `max`.
    let mut masked = crate::limits::printable_bounded(&mask_text(&masked, sensitive), max);
    if body.len() > scanned.len() && !masked.ends_with('…') {
        masked.push('…');
    }
    masked
}

/// `text` with the values that follow secret names masked (the textual rule of the module
/// docs), e.g. for a service's error message.
pub(crate) fn mask_text(text: &str, sensitive: &[&str]) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0; // bytes of `text` already in `out`
    let mut i = 0;
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    while i < bytes.len() {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        if !is_secret_name(&text[start..i], sensitive) {
            continue;
        }
        // Optional closing quote of the name, blanks, a separator, blanks, an opening quote.
        let mut j = i;
        if j < bytes.len() && matches!(bytes[j], b'"' | b'\'') {
            j += 1;
        }
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        if j >= bytes.len() || !matches!(bytes[j], b':' | b'=' | b'>') {
            continue;
        }
        let separator = bytes[j];
        j += 1;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        let (value_start, value_end, resume) = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let mut k = j + 1;
                while k < bytes.len() && bytes[k] != q {
                    k += if bytes[k] == b'\\' { 2 } else { 1 };
                }
                let end = k.min(bytes.len());
                (j + 1, end, end)
            }
            _ => {
                let mut k = j;
                while k < bytes.len()
                    && !matches!(
                        bytes[k],
                        b'&' | b','
                            | b';'
                            | b'<'
                            | b'>'
                            | b'"'
                            | b'\''
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                            | b'('
                            | b')'
                            | b'\n'
                            | b'\r'
                    )
                    // `key=value` pairs end at a blank; `key: value` runs to the line's end.
                    && !(separator == b'=' && matches!(bytes[k], b' ' | b'\t'))
                {
                    k += 1;
                }
                // Trailing blanks are not the value.
                let mut end = k;
                while end > j && matches!(bytes[end - 1], b' ' | b'\t') {
                    end -= 1;
                }
                (j, end, k)
            }
        };
        if value_end > value_start {
            out.push_str(&text[copied..value_start]);
            out.push_str(REDACTED);
            copied = value_end;
        }
        i = resume.max(i);
    }
    out.push_str(&text[copied..]);
    out
}

/// One open object or array of [`mask_json`].
struct Frame {
    object: bool,
    /// Every scalar inside is masked (the container is the value of a secret key).
    masked: bool,
    /// In an object: the next string is a key.
    expect_key: bool,
    /// In an object: the value about to come is that of a secret key.
    secret_value: bool,
}

/// JSON text (complete or not, even malformed) with the values of secret keys masked, output
/// stopped once longer than `budget` bytes.
fn mask_json(text: &str, sensitive: &[&str], budget: usize) -> String {
    let mut out = String::with_capacity(text.len().min(budget) + 8);
    let mut stack: Vec<Frame> = Vec::new();
    let mut chars = text.char_indices().peekable();
    // Whether the value starting now is to be masked.
    let masking = |stack: &[Frame]| {
        stack
            .last()
            .is_some_and(|f| f.masked || (f.object && !f.expect_key && f.secret_value))
    };
    while let Some((i, c)) = chars.next() {
        if out.len() > budget {
            break;
        }
        match c {
            '{' | '[' => {
                let masked = masking(&stack);
                stack.push(Frame {
                    object: c == '{',
                    masked,
                    expect_key: c == '{',
                    secret_value: false,
                });
                out.push(c);
            }
            '}' | ']' => {
                stack.pop();
                out.push(c);
                if let Some(f) = stack.last_mut() {
                    f.secret_value = false;
                }
            }
            ',' => {
                if let Some(f) = stack.last_mut() {
                    if f.object {
                        f.expect_key = true;
                        f.secret_value = false;
                    }
                }
                out.push(c);
            }
            ':' => {
                if let Some(f) = stack.last_mut() {
                    f.expect_key = false;
                }
                out.push(c);
            }
            '"' => {
                // The string's extent: up to the closing quote, escapes skipped.
                let mut end = text.len();
                let mut escaped = false;
                for (j, d) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == '"' {
                        end = j + 1;
                        break;
                    }
                }
                let literal = &text[i..end];
                let key = stack.last().is_some_and(|f| f.object && f.expect_key);
                if key {
                    let name = literal.trim_matches('"');
                    let secret = is_secret_name(name, sensitive);
                    if let Some(f) = stack.last_mut() {
                        f.secret_value = secret;
                    }
                    out.push_str(literal);
                } else if masking(&stack) {
                    out.push('"');
                    out.push_str(REDACTED);
                    out.push('"');
                } else {
                    out.push_str(literal);
                }
            }
            c if c.is_whitespace() => out.push(c),
            _ => {
                // A bare scalar (number, true, false, null, or garbage): up to a delimiter.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || matches!(d, ',' | ':' | '{' | '}' | '[' | ']' | '"') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let literal = &text[i..end];
                if masking(&stack) && literal != "null" {
                    out.push('"');
                    out.push_str(REDACTED);
                    out.push('"');
                } else {
                    out.push_str(literal);
                }
            }
        }
    }
    out
}

/// serde's `invalid type: string "hunter2", expected i32` without the value:
/// `invalid type: string, expected i32`; `unknown variant `hunter2`, expected ...` becomes
/// `unknown variant, expected ...`. Field names (`missing field `spec``) stay.
pub(crate) fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(['"', '`']) {
        let before = &rest[..i];
        let value_follows = [
            "string ",
            "integer ",
            "floating point ",
            "boolean ",
            "character ",
            "unknown variant ",
        ]
        .iter()
        .any(|k| before.ends_with(k));
        let quote = rest[i..].chars().next().unwrap_or('"');
        let after = &rest[i + 1..];
        let mut escaped = false;
        let close = after.char_indices().find(|&(_, c)| {
            let end = c == quote && !escaped;
            escaped = quote == '"' && c == '\\' && !escaped;
            end
        });
        match close {
            Some((j, _)) if value_follows => {
                out.push_str(before.trim_end());
                rest = &after[j + 1..];
            }
            Some((j, _)) => {
                out.push_str(&rest[..i + 1 + j + 1]);
                rest = &after[j + 1..];
            }
            None if value_follows => {
                // An unterminated value: nothing after the opening quote is shown.
                out.push_str(before.trim_end());
                rest = "";
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_in_any_case_and_spelling() {
        for name in [
            "password",
            "adminPass",
            "admin_pass",
            "user_password",
            "passwd",
            "db_pwd",
            "secret",
            "secret_key",
            "SecretKey",
            "sk",
            "SK",
            "ak",
            "access",
            "access_key",
            "accessKeyId",
            "securitytoken",
            "security_token",
            "securityToken",
            "X-Security-Token",
            "token",
            "id_token",
            "x-auth-token",
            "private_key",
            "privateKey",
            "auth",
            "Authorization",
            "user_data",
            "plain_text",
            "api_key",
            "credential",
        ] {
            assert!(is_secret_name(name, &[]), "{name}");
        }
        for name in [
            "name",
            "id",
            "key",
            "value",
            "job_id",
            "status",
            "access_mode",
            "authority",
            "",
        ] {
            assert!(!is_secret_name(name, &[]), "{name}");
        }
        assert!(is_secret_name("loginCode", &["login_code"]));
        assert!(!is_secret_name("login_codes", &["login_code"]));
    }

    #[test]
    fn json_values_of_secret_keys_are_masked() {
        let body = br#"{"credential": {"access": "AKTEMP", "secret": "SKTEMP", "securitytoken": "TOK\"EN", "expires_at": "2026"}, "name": "n", "nodes": [{"adminPass": 123456, "x": null, "login": {"userPassword": ["p1", {"p": "p2"}]}}]}"#;
        let s = body_snippet(body, 10_000, &[]);
        for secret in ["AKTEMP", "SKTEMP", "TOK", "EN", "123456", "p1", "p2"] {
            assert!(!s.contains(secret), "{secret} in {s}");
        }
        assert!(s.contains(r#""name": "n""#), "{s}");
        assert!(s.contains(r#""x": null"#), "{s}");
        assert!(
            s.contains(r#""userPassword": ["***", {"p": "***"}]"#),
            "{s}"
        );
        assert!(serde_json::from_str::<serde_json::Value>(&s).is_ok(), "{s}");
    }

    #[test]
    fn caller_names_are_masked_too() {
        let s = body_snippet(
            br#"{"login_code": "4711", "code": "c"}"#,
            100,
            &["loginCode"],
        );
        assert_eq!(s, r#"{"login_code": "***", "code": "c"}"#);
    }

    #[test]
    fn cut_short_bodies_and_snippets() {
        // The body ends inside the secret: nothing of it shows.
        let s = body_snippet(br#"{"id": 1, "password": "hunt"#, 100, &[]);
        assert_eq!(s, r#"{"id": 1, "password": "***""#);
        // The snippet is bounded and ends on a char boundary.
        let long = format!(
            r#"{{"password": "{}", "name": "{}"}}"#,
            "x".repeat(300),
            "中".repeat(300)
        );
        let s = body_snippet(long.as_bytes(), 64, &[]);
        assert!(s.len() <= 64 + '…'.len_utf8(), "{s}");
        assert!(s.ends_with('…') && !s.contains("xxx"), "{s}");
        // Invalid UTF-8 stays valid in the snippet.
        let s = body_snippet(b"{\"a\": \"\xff\xfe\", \"pwd\": \"x1\"}", 100, &[]);
        assert!(s.contains('\u{fffd}') && !s.contains("x1"), "{s}");
    }

    #[test]
    fn text_rule() {
        for (text, want) in [
            ("password=hunter2&user=u", "password=***&user=u"),
            (
                "<adminPass>hunter2</adminPass>",
                "<adminPass>***</adminPass>",
            ),
            (
                "login failed: token: abc def, retry",
                "login failed: token: ***, retry",
            ),
            ("{'sk': 'S\\'K'}", "{'sk': '***'}"),
            ("the password is wrong", "the password is wrong"),
            ("X-Auth-Token: MIIabc\nnext", "X-Auth-Token: ***\nnext"),
            (r#""pwd" : 42}"#, r#""pwd" : ***}"#),
        ] {
            assert_eq!(mask_text(text, &[]), want, "{text}");
        }
        let s = body_snippet(b"error: secret_key=SK1234 is invalid", 256, &[]);
        assert_eq!(s, "error: secret_key=*** is invalid");
        // A secret inside a JSON string value.
        let s = body_snippet(br#"{"message": "bad password=hunter2"}"#, 256, &[]);
        assert!(!s.contains("hunter2"), "{s}");
    }

    #[test]
    fn serde_messages_lose_their_values() {
        for (message, want) in [
            (
                r#"invalid type: string "hunter2", expected a sequence at line 1 column 9"#,
                "invalid type: string, expected a sequence at line 1 column 9",
            ),
            (
                "invalid type: integer `123456`, expected a string",
                "invalid type: integer, expected a string",
            ),
            (
                "unknown variant `hunter2`, expected `a` or `b`",
                "unknown variant, expected `a` or `b`",
            ),
            ("missing field `spec`", "missing field `spec`"),
            (
                r#"invalid value: string "a \" b", expected x"#,
                "invalid value: string, expected x",
            ),
            (r#"invalid type: string "cut"#, "invalid type: string"),
        ] {
            assert_eq!(without_values(message), want);
        }
    }
}
