//! JSON examples as pages write them: after an HTTP request or status line, with comments,
//! trailing or missing commas, full-width punctuation, single quotes or raw line breaks in
//! strings. Strict parsing first; a repaired reading second, reported as such.

use serde_json::Value;

/// The result of reading an example block.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonExample {
    /// Valid JSON as written.
    Strict(Value),
    /// JSON after repairs (the page's example is not valid JSON).
    Repaired(Value),
}

impl JsonExample {
    /// The value, however it was read.
    pub fn value(&self) -> &Value {
        match self {
            JsonExample::Strict(v) | JsonExample::Repaired(v) => v,
        }
    }

    /// Takes the value.
    pub fn into_value(self) -> Value {
        match self {
            JsonExample::Strict(v) | JsonExample::Repaired(v) => v,
        }
    }
}

/// Where the JSON of an example block starts: after request lines (`POST https://...`),
/// status lines (`HTTP/1.1 200 OK`) and header lines.
pub fn json_start(block: &str) -> Option<usize> {
    let mut offset = 0;
    for line in block.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('{') || t.starts_with('[') {
            return Some(offset + (line.len() - t.len()));
        }
        offset += line.len();
    }
    None
}

/// Reads the first JSON document of an example block.
pub fn parse_example(block: &str) -> Result<JsonExample, String> {
    let start =
        json_start(block).ok_or_else(|| "no JSON object or array in the block".to_string())?;
    let text = &block[start..];
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    if let Some(Ok(v)) = stream.next() {
        return Ok(JsonExample::Strict(v));
    }
    let first_error = match serde_json::from_str::<Value>(text) {
        Ok(v) => return Ok(JsonExample::Strict(v)),
        Err(e) => e.to_string(),
    };
    let repaired = repair(text);
    let mut stream = serde_json::Deserializer::from_str(&repaired).into_iter::<Value>();
    if let Some(Ok(v)) = stream.next() {
        return Ok(JsonExample::Repaired(v));
    }
    // What one pass of fixes cannot mend (unquoted keys and words, brackets left open or closed
    // by the wrong bracket, stray quotes) a forgiving reader of the original text may.
    crate::lenient::parse_lenient(text)
        .map(JsonExample::Repaired)
        .ok_or(first_error)
}

/// One pass over the text that fixes what pages get wrong, outside string literals (public for
/// debugging tools).
pub fn repair(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len() + 16);
    let mut i = 0;
    // Some(quote) while inside a string opened by that quote.
    let mut in_string: Option<char> = None;
    let mut newline_since_value = false;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = in_string {
            let (taken, closed) = string_char(&chars, i, q, &mut out);
            if closed {
                in_string = None;
                newline_since_value = false;
            }
            i += taken;
            continue;
        }
        if let Some(next) = skip_comment(&chars, i) {
            i = next;
            continue;
        }
        if c == '\n' {
            newline_since_value = true;
            out.push(c);
            i += 1;
            continue;
        }
        let c = match c {
            '：' => ':',
            '，' => ',',
            '｛' => '{',
            '｝' => '}',
            '［' => '[',
            '］' => ']',
            '=' => ':',
            other => other,
        };
        let starts_value =
            matches!(c, '"' | '\'' | '“' | '{' | '[' | '-' | 't' | 'f' | 'n') || c.is_ascii_digit();
        if starts_value && newline_since_value && ends_value(&out) {
            out.push(',');
        }
        match c {
            '"' | '\'' | '“' => {
                in_string = Some(c);
                out.push('"');
            }
            '}' | ']' => {
                // Trailing comma.
                let trimmed_len = out.trim_end().len();
                if out[..trimmed_len].ends_with(',') {
                    out.truncate(trimmed_len - 1);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        if !c.is_whitespace() {
            newline_since_value = false;
        }
        // Skip the rest of a bare word (true/false/null/number) so that its letters are not
        // taken as new values.
        if c.is_ascii_alphanumeric() || c == '-' {
            while let Some(&n) = chars.get(i + 1) {
                if n.is_ascii_alphanumeric() || matches!(n, '.' | '+' | '-' | '_') {
                    out.push(n);
                    i += 1;
                } else {
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

/// One character inside a string opened by `q`, written to `out`: how many characters it
/// took, and whether it closed the string.
fn string_char(chars: &[char], i: usize, q: char, out: &mut String) -> (usize, bool) {
    let c = chars[i];
    match c {
        '\\' => {
            out.push(c);
            if let Some(&n) = chars.get(i + 1) {
                // `\_` and similar Markdown escapes are not JSON escapes.
                if "\"\\/bfnrtu".contains(n) {
                    out.push(n);
                } else {
                    out.pop();
                    out.push(n);
                }
                return (2, false);
            }
        }
        '\n' => out.push_str("\\n"),
        '\r' => {}
        '\t' => out.push_str("\\t"),
        '"' if q != '"' => out.push_str("\\\""),
        _ if c == q || (q == '“' && c == '”') => {
            out.push('"');
            return (1, true);
        }
        _ => out.push(c),
    }
    (1, false)
}

/// Outside strings: where the text resumes after a comment (`//`, `/* */`, `#`) or an
/// ellipsis (`...`, `…`) starting at `i`, if one does.
fn skip_comment(chars: &[char], mut i: usize) -> Option<usize> {
    match chars[i] {
        '/' if chars.get(i + 1) == Some(&'/') => {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        }
        '/' if chars.get(i + 1) == Some(&'*') => {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        }
        // `#` starts a comment anywhere outside strings: JSON has no other use for it.
        '#' => {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        }
        '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => i += 3,
        '…' => i += 1,
        _ => return None,
    }
    Some(i)
}

/// Whether the output so far ends with a complete value (so a value after a line break needs a
/// comma before it).
fn ends_value(out: &str) -> bool {
    let t = out.trim_end();
    match t.chars().last() {
        Some('"') | Some('}') | Some(']') => true,
        Some(c) if c.is_ascii_alphanumeric() => {
            t.ends_with("true") || t.ends_with("false") || t.ends_with("null") || c.is_ascii_digit()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strict_after_request_line() {
        let e = parse_example("PUT /api/v3/x\n\n{\n  \"a\" : 1\n}").unwrap();
        assert_eq!(e, JsonExample::Strict(json!({"a": 1})));
        let e = parse_example("HTTP/1.1 200 OK\n[ {\"a\": [1, 2]} ]").unwrap();
        assert_eq!(e.into_value(), json!([{"a": [1, 2]}]));
    }

    #[test]
    fn repairs_common_mistakes() {
        let cases = [
            (
                "{\"a\": 1, // one\n \"b\": [1,2,],}",
                json!({"a": 1, "b": [1, 2]}),
            ),
            (
                "{\n \"a\": \"x\"\n \"b\": true\n}",
                json!({"a": "x", "b": true}),
            ),
            ("{\"a\"：\"b\"，\"c\": 1}", json!({"a": "b", "c": 1})),
            ("{'a': 'b'}", json!({"a": "b"})),
            ("{\"k\": \"line1\nline2\"}", json!({"k": "line1\nline2"})),
            ("{\n \"a\": 1,\n ...\n}", json!({"a": 1})),
            (
                "{\"a\": {\"b\": 1}\n \"c\": null}",
                json!({"a": {"b": 1}, "c": null}),
            ),
            ("{ /* c */ \"a\": -1.5e3 }", json!({"a": -1.5e3})),
            ("{\"project\\_id\": 1}", json!({"project_id": 1})),
        ];
        for (src, want) in cases {
            match parse_example(src) {
                Ok(JsonExample::Repaired(v)) => assert_eq!(v, want, "{src}"),
                other => panic!("{src}: {other:?}"),
            }
        }
    }

    #[test]
    fn first_of_several_documents() {
        assert_eq!(
            parse_example("{\"a\":1}\n{\"b\":2}").unwrap().into_value(),
            json!({"a": 1})
        );
    }

    #[test]
    fn no_json() {
        assert!(parse_example("None").is_err());
        assert!(parse_example("{ ").is_err());
    }
}
