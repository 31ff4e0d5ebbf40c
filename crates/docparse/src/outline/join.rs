//! JSON examples fenced line by line, joined into one code block.

use crate::blocks::Block;

/// Examples split over adjacent code blocks (a page that fences every line of its JSON on its
/// own: `{`, then `"products": [`, ...) are joined into one block: a code block whose JSON
/// leaves brackets open takes the code blocks that directly follow it until they close.
pub fn join_split_examples(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut open = 0i64;
    for b in blocks {
        if let Block::Code { text, .. } = &b {
            if open > 0 {
                if let Some(Block::Code { text: joined, .. }) = out.last_mut() {
                    joined.push('\n');
                    joined.push_str(text);
                    open += bracket_balance(text);
                    continue;
                }
            }
            open = match crate::json::json_start(text) {
                Some(start) => bracket_balance(&text[start..]),
                None => 0,
            };
        } else {
            open = 0;
        }
        out.push(b);
    }
    out
}

/// Opening minus closing brackets outside double-quoted strings.
fn bracket_balance(text: &str) -> i64 {
    let mut n = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' | '[' if !in_string => n += 1,
            '}' | ']' if !in_string => n -= 1,
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_balance_ignores_strings() {
        assert_eq!(bracket_balance(r#"{ "a": "[{", "b": [1] "#), 1);
        assert_eq!(bracket_balance(r#"{ "a": "\"}" }"#), 0);
    }

    #[test]
    fn code_blocks_leaving_brackets_open_take_the_next() {
        let code = |t: &str, line| Block::Code {
            text: t.to_string(),
            line,
        };
        let joined = join_split_examples(vec![
            code("{", 1),
            code(" \"a\": [1,", 3),
            code(" 2]}", 5),
            code("{\"b\": 1}", 7),
        ]);
        assert_eq!(
            joined,
            vec![code("{\n \"a\": [1,\n 2]}", 1), code("{\"b\": 1}", 7)]
        );
    }
}
