//! Inline cleanup shared by the readers and the method-line words: markup removed from a line,
//! whitespace tidied.

use std::sync::LazyLock;

use regex::Regex;

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid regex"));
static MD_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").expect("valid regex"));
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid regex"));

/// Removes inline Markdown and HTML markup: anchors and tags, images, links (text kept),
/// emphasis markers and backslash escapes; collapses whitespace.
pub fn clean_inline(s: &str) -> String {
    // Most lines hold no markup at all: skip the regexes for them (a hot path on large pages).
    let s = if s.contains(['<', '[']) {
        let s = MD_IMAGE.replace_all(s, "");
        let s = MD_LINK.replace_all(&s, "$1");
        TAG.replace_all(&s, "").into_owned()
    } else {
        s.to_string()
    };
    let s = if s.contains(['*', '&']) {
        s.replace("**", "")
            .replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    } else {
        s
    };
    let s = if s.contains('\\') { unescape_md(&s) } else { s };
    tidy(&s).replace('\n', " ")
}

/// Removes Markdown backslash escapes (`\{project\_id\}` → `{project_id}`).
pub fn unescape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Collapses runs of spaces, trims every line, drops empty lines.
pub fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let mut last_space = true;
        let mut piece = String::new();
        for ch in line.chars() {
            let ch = if ch == '\u{a0}' || ch == '\t' || ch == '\r' {
                ' '
            } else {
                ch
            };
            if ch == ' ' {
                if !last_space {
                    piece.push(' ');
                }
                last_space = true;
            } else {
                piece.push(ch);
                last_space = false;
            }
        }
        let piece = piece.trim();
        if !piece.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_inline_markup() {
        assert_eq!(
            clean_inline(
                r#"# x<a name="a1"></a> **表 1**  \{project\_id\} [API Explorer](https://x?api=A)"#
            ),
            "# x 表 1 {project_id} API Explorer"
        );
    }
}
