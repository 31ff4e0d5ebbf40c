//! The last resort for an example that neither parses nor parses after [`crate::json::repair`]:
//! a forgiving recursive-descent reader of the first JSON value in a text.
//!
//! It reads what a person would read: keys and words without quotes (`order_id: CS21`),
//! curly quotes on either side, separators that are missing, doubled or full-width, brackets
//! never closed or closed by the wrong bracket, a value written where a key belongs
//! (`"version": { {...} }`), and an object holding bare values (`{ "Ingress" }`, an array).
//! Only the first value is read; what follows is ignored. An example cut off before it says
//! anything (`{` and nothing more) is not read at all.

use serde_json::{Map, Value};

/// How deep containers may nest before the reader gives up (pages nest a dozen levels at most).
const MAX_DEPTH: usize = 64;

/// Reads the first JSON-like value of `src`, or `None` when there is none worth having.
pub(crate) fn parse_lenient(src: &str) -> Option<Value> {
    let mut r = Reader {
        c: src.chars().collect(),
        i: 0,
        depth: 0,
        cut_empty: false,
        too_deep: false,
    };
    r.skip_ws();
    if !matches!(r.peek(), Some('{' | '[' | '｛' | '［')) {
        return None;
    }
    let v = r.value()?;
    if r.cut_empty || r.too_deep {
        return None;
    }
    Some(v)
}

struct Reader {
    c: Vec<char>,
    i: usize,
    depth: usize,
    /// A container was cut off by the end of the text before holding anything.
    cut_empty: bool,
    /// Containers nested deeper than [`MAX_DEPTH`].
    too_deep: bool,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”')
}

fn closes(open: char, c: char) -> bool {
    match open {
        '\'' => c == '\'',
        _ => c == '"' || c == '”',
    }
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.c.get(self.i + n).copied()
    }

    /// Skips white space and comments (`//`, `/* */`, `#`) and ellipses (`...`, `…`).
    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                c if c.is_whitespace() => self.i += 1,
                '/' if self.peek_at(1) == Some('/') => self.skip_line(),
                '#' => self.skip_line(),
                '/' if self.peek_at(1) == Some('*') => {
                    self.i += 2;
                    while self.i < self.c.len()
                        && !(self.c[self.i] == '*' && self.peek_at(1) == Some('/'))
                    {
                        self.i += 1;
                    }
                    self.i = (self.i + 2).min(self.c.len());
                }
                '…' => self.i += 1,
                '.' if self.peek_at(1) == Some('.') => {
                    while self.peek() == Some('.') {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn skip_line(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.i += 1;
        }
    }

    fn skip_separators(&mut self) {
        loop {
            self.skip_ws();
            match self.peek() {
                Some(',' | '，' | ';') => self.i += 1,
                _ => break,
            }
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_ws();
        match self.peek()? {
            '{' | '｛' => self.nested(Self::object),
            '[' | '［' => self.nested(Self::array),
            q if is_quote(q) => Some(Value::String(self.string())),
            _ => Some(self.word()),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Value) -> Option<Value> {
        if self.depth >= MAX_DEPTH {
            // Nothing is read after this: every loop above ends (an object that steps over a
            // nested value it could not read would otherwise see the same bracket forever).
            self.too_deep = true;
            self.i = self.c.len();
            return None;
        }
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        Some(v)
    }

    fn object(&mut self) -> Value {
        self.i += 1; // `{`
        let mut map = Map::new();
        let mut bare = Vec::new();
        loop {
            self.skip_separators();
            let Some(c) = self.peek() else {
                self.cut_empty |= map.is_empty() && bare.is_empty();
                break;
            };
            match c {
                '}' | '｝' => {
                    self.i += 1;
                    break;
                }
                // The wrong closing bracket: this object ends here, the bracket is the parent's.
                ']' | '］' => break,
                // A value where a key belongs: `{ {...} }` holds what the inner object holds.
                '{' | '[' | '｛' | '［' => {
                    if let Some(Value::Object(inner)) = self.value() {
                        for (k, v) in inner {
                            map.entry(k).or_insert(v);
                        }
                    }
                    continue;
                }
                _ => {}
            }
            let key = if is_quote(c) {
                self.string()
            } else {
                self.bare_key()
            };
            self.skip_ws();
            match self.peek() {
                Some(':' | '=' | '：') => {
                    self.i += 1;
                    let v = self.value().unwrap_or(Value::Null);
                    map.entry(key).or_insert(v);
                }
                _ if !key.is_empty() => bare.push(Value::String(key)),
                // Neither a key nor a separator: step over the stray character.
                _ => self.i += 1,
            }
        }
        if map.is_empty() && !bare.is_empty() {
            // `{ "Ingress" }`: values without keys are a list.
            return Value::Array(bare);
        }
        Value::Object(map)
    }

    fn array(&mut self) -> Value {
        self.i += 1; // `[`
        let mut items = Vec::new();
        loop {
            self.skip_separators();
            let Some(c) = self.peek() else {
                self.cut_empty |= items.is_empty();
                break;
            };
            match c {
                ']' | '］' => {
                    self.i += 1;
                    break;
                }
                // The wrong closing bracket, or a key of the enclosing object: the array was
                // never closed.
                '}' | '｝' => break,
                q if is_quote(q) && self.key_ahead() => break,
                _ => {}
            }
            match self.value() {
                Some(v) => items.push(v),
                None => break,
            }
        }
        Value::Array(items)
    }

    /// Whether a quoted string followed by a colon starts here.
    fn key_ahead(&self) -> bool {
        let open = self.c[self.i];
        let mut j = self.i + 1;
        while j < self.c.len() && !closes(open, self.c[j]) {
            if self.c[j] == '\n' {
                return false;
            }
            j += if self.c[j] == '\\' { 2 } else { 1 };
        }
        j += 1;
        while j < self.c.len() && matches!(self.c[j], ' ' | '\t') {
            j += 1;
        }
        matches!(self.c.get(j), Some(':' | '：'))
    }

    /// A quoted string. A straight double quote may be closed by a curly one and the other way
    /// round; escapes JSON does not know (`\_` from Markdown) stand for the character itself.
    fn string(&mut self) -> String {
        let open = self.c[self.i];
        self.i += 1;
        let mut s = String::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            if closes(open, c) {
                return s;
            }
            if c != '\\' {
                s.push(c);
                continue;
            }
            let Some(e) = self.peek() else { break };
            self.i += 1;
            match e {
                'n' => s.push('\n'),
                't' => s.push('\t'),
                'r' => s.push('\r'),
                'b' => s.push('\u{8}'),
                'f' => s.push('\u{c}'),
                'u' => {
                    let hex: String = self.c[self.i..].iter().take(4).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) if hex.len() == 4 => {
                            s.push(ch);
                            self.i += 4;
                        }
                        _ => s.push('u'),
                    }
                }
                other => s.push(other),
            }
        }
        s
    }

    /// A key without quotes: up to the separator, the end of the line or a bracket.
    fn bare_key(&mut self) -> String {
        let start = self.i;
        while let Some(c) = self.peek() {
            if matches!(
                c,
                ':' | '=' | '：' | ',' | '，' | '{' | '}' | '[' | ']' | '｛' | '｝' | '\n'
            ) {
                break;
            }
            self.i += 1;
        }
        let raw: String = self.c[start..self.i].iter().collect();
        raw.trim().trim_matches(is_quote).trim().to_string()
    }

    /// A value without quotes: a number, `true`/`false`/`null` (also `True`, `None`), or a word
    /// or phrase read as a string up to the next separator or the end of the line.
    fn word(&mut self) -> Value {
        let start = self.i;
        while let Some(c) = self.peek() {
            if matches!(c, ',' | '，' | '}' | ']' | '｝' | '］' | '\n') {
                break;
            }
            self.i += 1;
        }
        let raw: String = self.c[start..self.i].iter().collect();
        let t = raw.trim().trim_matches(is_quote).trim();
        match t {
            "" | "null" | "None" | "undefined" => Value::Null,
            "true" | "True" => Value::Bool(true),
            "false" | "False" => Value::Bool(false),
            _ => match serde_json::from_str::<Value>(t) {
                Ok(n @ Value::Number(_)) => n,
                _ => Value::String(t.to_string()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn containers_nested_too_deep_end_the_reading_instead_of_looping() {
        // Found by `cargo xtask fuzz`: `{ {` nested past the limit looped forever.
        assert_eq!(parse_lenient(&"{ ".repeat(MAX_DEPTH + 5)), None);
        assert_eq!(parse_lenient(&"{\"a\": {".repeat(MAX_DEPTH + 5)), None);
        assert_eq!(parse_lenient(&"[{ ".repeat(MAX_DEPTH + 5)), None);
        assert_eq!(
            parse_lenient(&format!("{}x{}", "{ ".repeat(100), "}".repeat(100))),
            None
        );
    }

    fn read(src: &str) -> Value {
        parse_lenient(src).unwrap_or_else(|| panic!("could not read {src:?}"))
    }

    #[test]
    fn unquoted_keys_and_words() {
        assert_eq!(
            read("{\n  order_id: \"CS21\",\n  regionId: XXXX\n}"),
            json!({"order_id": "CS21", "regionId": "XXXX"})
        );
        assert_eq!(
            read("{ \"port_id\": 00587256-27e3-489b, \"n\": 5, \"ok\": True }"),
            json!({"port_id": "00587256-27e3-489b", "n": 5, "ok": true})
        );
        assert_eq!(
            read("{\n\"error_msg\": Hive jobs cannot be submitted.\n\"error_code\":\"0168\"\n}"),
            json!({"error_msg": "Hive jobs cannot be submitted.", "error_code": "0168"})
        );
    }

    #[test]
    fn brackets_left_open_or_closed_wrongly() {
        // An array never closed before the enclosing object's next key.
        assert_eq!(
            read("{ \"items\": [ {\"a\": 1}, {\"a\": 2},\n \"marker\": \"2\" }"),
            json!({"items": [{"a": 1}, {"a": 2}], "marker": "2"})
        );
        // An array closed by `}`.
        assert_eq!(
            read("{ \"o\": { \"l\": [ {\"a\": 1} } }"),
            json!({"o": {"l": [{"a": 1}]}})
        );
        // The last brace missing.
        assert_eq!(read("{ \"a\": { \"b\": 1 }"), json!({"a": {"b": 1}}));
        // A value where a key belongs.
        assert_eq!(
            read("{ \"version\": { { \"id\": \"v1\" } } }"),
            json!({"version": {"id": "v1"}})
        );
        // Bare values in braces are a list.
        assert_eq!(
            read("{ \"policyTypes\": { \"Ingress\" } }"),
            json!({"policyTypes": ["Ingress"]})
        );
        // A missing comma on one line.
        assert_eq!(read("{ \"a\": [1]\"b\": 2 }"), json!({"a": [1], "b": 2}));
    }

    #[test]
    fn quotes_of_every_kind() {
        assert_eq!(
            read("{ \"imageRef\": ”6b34”, \"tenant_id”: \"05\", 'k': 'v' }"),
            json!({"imageRef": "6b34", "tenant_id": "05", "k": "v"})
        );
        assert_eq!(
            read("{ \"verbs\": [\"get\",list\"] }"),
            json!({"verbs": ["get", "list"]})
        );
        assert_eq!(read("{ \"p\\_id\": \"a\\u0041\" }"), json!({"p_id": "aA"}));
    }

    #[test]
    fn first_value_only_and_nothing_from_nothing() {
        assert_eq!(read("{\"a\": 1}\n{\"b\": 2}"), json!({"a": 1}));
        assert_eq!(parse_lenient("{ "), None);
        assert_eq!(parse_lenient("[\n"), None);
        assert_eq!(parse_lenient("None"), None);
        assert_eq!(read("{}"), json!({}));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse_lenient(&deep), None);
        let fine = "[".repeat(10) + &"]".repeat(10);
        assert!(parse_lenient(&fine).is_some());
    }
}
