//! Markdown pages with HTML tables (both layout generations) → blocks.
//!
//! A line scanner rather than a CommonMark parser: these pages indent HTML tables and code
//! fences inside list items, open fences on list-item lines and mix pipe tables with HTML, all
//! of which a strict CommonMark reading turns into literal text or code.

use crate::blocks::{Block, Cell, Table};
use crate::inline::{clean_inline, unescape_md};
use crate::read::html_table::parse_table_html;

/// Reads a Markdown page into blocks.
pub fn markdown_blocks(src: &str) -> Vec<Block> {
    let lines: Vec<&str> = src.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let line_no = (i + 1) as u32;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        // Fenced code, possibly opened on a list-item line ("-   ```").
        let (after_marker, is_item) = strip_list_marker(trimmed);
        if let Some(fence) = fence_of(after_marker) {
            // Content is indented like the fence itself (after any list marker).
            let indent = raw.find(fence).unwrap_or(0);
            let mut body = Vec::new();
            let mut j = i + 1;
            while j < lines.len() {
                let t = lines[j].trim();
                if t.starts_with(fence)
                    && t.trim_start_matches(fence.chars().next().unwrap_or('`'))
                        .trim()
                        .is_empty()
                {
                    break;
                }
                body.push(dedent(lines[j], indent));
                j += 1;
            }
            // Text after the opening fence on the same line is a language tag; ignore it.
            blocks.push(Block::Code {
                text: body.join("\n"),
                line: line_no + 1,
            });
            i = j + 1;
            continue;
        }
        if trimmed.contains("<table") {
            let start = i;
            let mut depth = 0i32;
            let mut j = i;
            let mut html = String::new();
            while j < lines.len() {
                let l = lines[j];
                html.push_str(l);
                html.push('\n');
                depth += l.matches("<table").count() as i32;
                depth -= l.matches("</table>").count() as i32;
                j += 1;
                if depth <= 0 {
                    break;
                }
            }
            // Text before the table on its first line (rare) is kept as text.
            if let Some(pos) = trimmed.find("<table") {
                let before = clean_inline(&trimmed[..pos]);
                if !before.is_empty() {
                    blocks.push(text_block(&before, is_item, false, line_no));
                }
            }
            if let Some(mut t) = parse_table_html(&html, (start + 1) as u32) {
                t.anchors.extend(anchors_before(&lines, start));
                blocks.push(Block::Table(t));
            }
            i = j;
            continue;
        }
        if let Some((level, text)) = heading(trimmed) {
            blocks.push(Block::Heading {
                level,
                text,
                line: line_no,
            });
            i += 1;
            continue;
        }
        if trimmed.starts_with('|') && i + 1 < lines.len() && is_pipe_separator(lines[i + 1].trim())
        {
            let mut j = i + 2;
            let header = pipe_cells(trimmed);
            let mut rows = Vec::new();
            while j < lines.len() && lines[j].trim().starts_with('|') {
                rows.push(
                    pipe_cells(lines[j].trim())
                        .into_iter()
                        .map(|c| Cell {
                            text: c,
                            links: Vec::new(),
                        })
                        .collect(),
                );
                j += 1;
            }
            blocks.push(Block::Table(Table {
                header,
                rows,
                line: line_no,
                anchors: anchors_before(&lines, i),
            }));
            i = j;
            continue;
        }
        let bold = {
            let t = after_marker.trim();
            t.starts_with("**") && t.ends_with("**") && t.len() > 4
        };
        let text = clean_inline(after_marker);
        if !text.is_empty() {
            blocks.push(text_block(&text, is_item, bold, line_no));
        }
        i += 1;
    }
    blocks
}

/// The names of `<a name="..."></a>` anchors on the lines just above line `at` (blank lines
/// between allowed) and before `<table` on line `at` itself.
fn anchors_before(lines: &[&str], at: usize) -> Vec<String> {
    let mut names = Vec::new();
    let first = lines[at];
    names.extend(anchor_names(&first[..first.find("<table").unwrap_or(0)]));
    for l in lines[..at].iter().rev() {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        // rule: bulleted_label (the anchor of the list item introducing the table names it)
        if let Some(found) = crate::rules::bulleted_label::label_line_anchors(t) {
            names.extend(found);
            break;
        }
        let found = anchor_names(t);
        let rest = ANCHOR.replace_all(t, "");
        if found.is_empty() || !rest.trim().is_empty() {
            break;
        }
        names.extend(found);
    }
    names
}

static ANCHOR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"<a\s+(?:name|id)="([^"]+)"\s*>\s*</a>"#).expect("valid regex")
});

fn anchor_names(text: &str) -> Vec<String> {
    if !text.contains("<a ") {
        return Vec::new();
    }
    ANCHOR
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect()
}

fn text_block(text: &str, list_item: bool, bold: bool, line: u32) -> Block {
    Block::Text {
        text: text.to_string(),
        list_item,
        bold,
        line,
    }
}

/// `-   x`, `*   x`, `1.  x` → (`x`, true).
fn strip_list_marker(t: &str) -> (&str, bool) {
    for m in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(m) {
            return (rest.trim_start(), true);
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 4 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (r.trim_start(), true);
        }
    }
    (t, false)
}

fn fence_of(t: &str) -> Option<&'static str> {
    if t.starts_with("```") {
        Some("```")
    } else if t.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn dedent(line: &str, indent: usize) -> String {
    let lead = line.len() - line.trim_start().len();
    let cut = lead.min(indent);
    line[cut..].to_string()
}

fn heading(t: &str) -> Option<(u8, String)> {
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let text = clean_inline(rest.trim().trim_end_matches('#'));
    Some((hashes as u8, text))
}

fn is_pipe_separator(t: &str) -> bool {
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn pipe_cells(t: &str) -> Vec<String> {
    let inner = t.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for ch in inner.chars() {
        if escaped {
            cur.push(ch);
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
            cur.push(ch);
        } else if ch == '|' {
            cells.push(cur.clone());
            cur.clear();
        } else {
            cur.push(ch);
        }
    }
    cells.push(cur);
    cells
        .into_iter()
        .map(|c| {
            let c = c
                .replace("<br>", "\n")
                .replace("<br/>", "\n")
                .replace("<br />", "\n");
            c.split('\n')
                .map(|l| clean_inline(&unescape_md(l)))
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_code_tables_and_items() {
        let src = "# Title<a name=\"x\"></a>\n\n## URI\n\nPOST /v1/\\{project\\_id\\}/x\n\n-   请求样例\n\n    ```\n    {\n        \"a\": 1\n    }\n    ```\n\n    <table><tr><th>参数</th></tr>\n    <tr><td>a</td></tr>\n    </table>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let b = markdown_blocks(src);
        assert!(matches!(&b[0], Block::Heading { level: 1, text, .. } if text == "Title"));
        assert!(matches!(&b[1], Block::Heading { level: 2, text, .. } if text == "URI"));
        assert!(matches!(&b[2], Block::Text { text, .. } if text == "POST /v1/{project_id}/x"));
        assert!(matches!(&b[3], Block::Text { text, list_item: true, .. } if text == "请求样例"));
        assert!(matches!(&b[4], Block::Code { text, line: 10 } if text == "{\n    \"a\": 1\n}"));
        assert!(matches!(&b[5], Block::Table(t) if t.header == vec!["参数"] && t.line == 15));
        assert!(matches!(&b[6], Block::Table(t) if t.rows[0][1].text == "2"));
        let b = markdown_blocks("**Table 3** x\n\n<a name=\"table993\"></a>\n<table><tr><th>参数</th></tr><tr><td>a</td></tr></table>\n");
        assert!(
            matches!(&b[1], Block::Table(t) if t.anchors == ["table993"]),
            "{b:?}"
        );
    }

    #[test]
    fn fence_opened_on_list_item_line() {
        let b = markdown_blocks("-   ```\n    {}\n    ```\nafter\n");
        assert!(matches!(&b[0], Block::Code { text, .. } if text == "{}"));
        assert!(matches!(&b[1], Block::Text { text, .. } if text == "after"));
    }

    #[test]
    fn unclosed_table_and_fence_do_not_panic() {
        let _ = markdown_blocks("<table><tr><td>x\n```\nabc");
        let _ = markdown_blocks("```");
        let _ = markdown_blocks("|a|\n|-|\n");
    }
}
