//! Rustdoc from page text: escaped so that `cargo doc` with `-D warnings` accepts it.

use proc_macro2::TokenStream;
use quote::quote;

/// Builds the doc comment of an item, paragraph by paragraph; empty paragraphs are skipped.
#[derive(Debug, Default, Clone)]
pub struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    /// An empty doc.
    pub fn new() -> Self {
        Doc::default()
    }

    /// Adds page text, escaped.
    pub fn text(mut self, text: &str) -> Self {
        let t = escape(text);
        if !t.is_empty() {
            self.paragraphs.push(t);
        }
        self
    }

    /// Adds Markdown written by the generator itself, unescaped.
    pub fn markdown(mut self, md: impl Into<String>) -> Self {
        let md = md.into();
        if !md.is_empty() {
            self.paragraphs.push(md);
        }
        self
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// The doc's lines, each with the leading space that `///` comments have.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            lines.extend(p.lines().map(str::to_string));
        }
        lines
            .into_iter()
            .map(|l| if l.is_empty() { l } else { format!(" {l}") })
            .collect()
    }

    /// `#[doc = "..."]` attributes, one per line, which prettyplease prints as `///` lines.
    pub fn attrs(&self) -> TokenStream {
        let lines = self.lines();
        quote! { #( #[doc = #lines] )* }
    }

    /// `#![doc = "..."]` attributes, printed as `//!` lines.
    pub fn inner_attrs(&self) -> TokenStream {
        let lines = self.lines();
        quote! { #( #![doc = #lines] )* }
    }
}

/// Escapes page text for rustdoc: one trimmed line per source line (so nothing becomes an
/// indented code block), blank runs collapsed, the characters that rustdoc would read as
/// links, HTML or code escaped, and URLs turned into autolinks. A line that follows a list
/// item (`- a`, `1. a`) without starting one is indented under it, as Markdown continues the
/// item anyway ("lazy continuation") and clippy asks for the indentation.
pub fn escape(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // Width of the marker of the list item the previous line belongs to.
    let mut item_indent: Option<usize> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            item_indent = None;
            continue;
        }
        let escaped = escape_line(line);
        match (list_marker_width(line), item_indent) {
            (Some(w), _) => {
                item_indent = Some(w);
                out.push(escaped);
            }
            (None, Some(w)) => out.push(format!("{}{escaped}", " ".repeat(w))),
            (None, None) => out.push(escaped),
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// The width of the list marker a (trimmed) line starts with: `- `, `+ `, `1. `, `1) `.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        let next_url = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (plain, url_start) = match next_url {
            Some(i) => (&rest[..i], Some(i)),
            None => (rest, None),
        };
        for c in plain.chars() {
            match c {
                '\\' | '`' | '[' | ']' | '<' | '>' | '*' | '#' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        let Some(start) = url_start else { break };
        let tail = &rest[start..];
        let mut end = tail
            .find(|c: char| {
                !(c.is_ascii_graphic()) || matches!(c, '<' | '>' | '"' | '\'' | '`' | '[' | ']')
            })
            .unwrap_or(tail.len());
        while end > 0
            && matches!(
                tail.as_bytes()[end - 1],
                b'.' | b',' | b';' | b':' | b')' | b'!' | b'?'
            )
        {
            end -= 1;
        }
        out.push('<');
        out.push_str(&tail[..end]);
        out.push('>');
        rest = &tail[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(escape("a [b] <c> `d` *e*"), r"a \[b\] \<c\> \`d\` \*e\*");
        assert_eq!(escape("    indented\n\n\n\nnext  "), "indented\n\nnext");
        assert_eq!(escape("\\>集群管理"), r"\\\>集群管理");
    }

    #[test]
    fn lines_after_a_list_item_are_indented_under_it() {
        assert_eq!(
            escape("- one\ncontinued\n- two\n\nafter"),
            "- one\n  continued\n- two\n\nafter"
        );
        assert_eq!(escape("10. ten\nmore"), "10. ten\n    more");
        assert_eq!(escape("plain\n-1 is not a list"), "plain\n-1 is not a list");
    }

    #[test]
    fn wraps_urls() {
        assert_eq!(
            escape("见 https://support.huaweicloud.com/api-cce/cce_02_0271.html。"),
            "见 <https://support.huaweicloud.com/api-cce/cce_02_0271.html>。"
        );
        assert_eq!(escape("see http://a.b/c."), "see <http://a.b/c>.");
        assert_eq!(
            escape("https://Endpoint/uri。其中"),
            "<https://Endpoint/uri>。其中"
        );
    }

    #[test]
    fn attrs_keep_paragraphs() {
        let d = Doc::new().text("one").text("").markdown("`two`");
        let s = d.attrs().to_string();
        assert_eq!(s, r#"# [doc = " one"] # [doc = ""] # [doc = " `two`"]"#);
    }
}
