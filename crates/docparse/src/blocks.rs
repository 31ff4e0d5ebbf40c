//! The format-neutral block stream every page is reduced to before it is interpreted.

use std::sync::LazyLock;

use regex::Regex;

/// A table cell: its text (block boundaries as newlines) and the targets of its links.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// Plain text, lines trimmed.
    pub text: String,
    /// `href` targets of links in the cell (`#request_NodeItem`).
    pub links: Vec<String>,
}

/// A table: header cells and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Text of the header cells (the last header row when there are several).
    pub header: Vec<String>,
    /// Body rows.
    pub rows: Vec<Vec<Cell>>,
    /// 1-based line where the table starts.
    pub line: u32,
    /// Anchors that name the table (`<a name="table993"></a>` just before it, its `id`): what
    /// links in type cells (`<a href="#table993">peering</a> object`) point at.
    pub anchors: Vec<String>,
}

/// One block of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading (`#`, `<h2>`, or a section name on its own line in plain text).
    Heading {
        /// 1 for the title, 2 for sections, deeper for sub-sections.
        level: u8,
        /// Heading text, inline markup removed.
        text: String,
        /// 1-based line.
        line: u32,
    },
    /// A line or paragraph of prose.
    Text {
        /// Text, inline markup removed.
        text: String,
        /// The text is a list item (`-   请求参数`).
        list_item: bool,
        /// The text was wholly bold (`**状态码： 200**`).
        bold: bool,
        /// 1-based line.
        line: u32,
    },
    /// A code block (fenced or `<pre>`), content dedented.
    Code {
        /// The code.
        text: String,
        /// 1-based line of the first content line.
        line: u32,
    },
    /// A table.
    Table(Table),
}

impl Block {
    /// The block's 1-based line.
    pub fn line(&self) -> u32 {
        match self {
            Block::Heading { line, .. } | Block::Text { line, .. } | Block::Code { line, .. } => {
                *line
            }
            Block::Table(t) => t.line,
        }
    }
}

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
    crate::html_table::tidy(&s).replace('\n', " ")
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
