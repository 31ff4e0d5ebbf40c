//! Plain text copied from the documentation web site → blocks.
//!
//! There is no markup: section names stand alone on a line, and every table cell is a line of
//! its own. Tables are rebuilt from their header cells (a run of known column names) and from
//! what each column holds: a row starts where a name, a yes/no and a type line up again.

use std::sync::LazyLock;

use regex::Regex;

use crate::blocks::{Block, Cell, Table};
use crate::vocab::columns::{column_kind, is_status_header, ColumnKind};
use crate::vocab::sections::{caption_of, label_of, section_of, Label};
use crate::vocab::types::{parse_type, TypeExpr};
use crate::vocab::uri::is_method;
use crate::vocab::words::{is_required_word, parse_required};

static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z_@$][A-Za-z0-9_.\-\[\]:@$]{0,100}$").expect("valid regex")
});
static STATUS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[1-5]\d\d$").expect("valid regex"));
static UPDATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(updated on|更新时间|发布时间)\b").expect("valid regex"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Required,
    Type,
    Status,
    Location,
    Free,
}

fn col_kind(h: &str) -> Option<Col> {
    if is_status_header(h) {
        return Some(Col::Status);
    }
    match column_kind(h)? {
        ColumnKind::Name => Some(Col::Name),
        ColumnKind::Required => Some(Col::Required),
        ColumnKind::Type => Some(Col::Type),
        ColumnKind::Location => Some(Col::Location),
        _ => Some(Col::Free),
    }
}

fn is_header_cell(h: &str) -> bool {
    if col_kind(h).is_some() {
        return true;
    }
    let n: String = h
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    matches!(
        n.as_str(),
        "errorcode"
            | "错误码"
            | "errormessage"
            | "错误信息"
            | "solution"
            | "处理措施"
            | "message"
            | "编码"
    )
}

/// Reads a plain-text page into blocks.
pub fn text_blocks(src: &str) -> Vec<Block> {
    let lines: Vec<(u32, &str)> = src
        .lines()
        .enumerate()
        .map(|(i, l)| ((i + 1) as u32, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    let mut have_title = false;
    while i < lines.len() {
        let (line_no, text) = lines[i];
        if !have_title {
            if UPDATED.is_match(text) {
                i += 1;
                continue;
            }
            blocks.push(Block::Heading {
                level: 1,
                text: text.to_string(),
                line: line_no,
            });
            have_title = true;
            i += 1;
            continue;
        }
        if text.starts_with('{') || text.starts_with('[') {
            let (code, next) = json_run(&lines, i);
            blocks.push(Block::Code {
                text: code,
                line: line_no,
            });
            i = next;
            continue;
        }
        // A method and a path in two cells of a table ("GET" / "/v1.0/apigw/apis/{id}").
        if is_method(text) {
            if let Some((_, next)) = lines.get(i + 1) {
                if next.starts_with('/') || next.starts_with("http") {
                    blocks.push(Block::Text {
                        text: format!("{text} {next}"),
                        list_item: false,
                        bold: false,
                        line: line_no,
                    });
                    i += 2;
                    continue;
                }
            }
        }
        let header_run = |from: usize| {
            lines[from.min(lines.len())..]
                .iter()
                .take_while(|(_, l)| is_header_cell(l))
                .count()
        };
        // A section name followed by a table header ("Status Codes", "Status Code", "Description").
        if is_section_line(text) && (header_run(i + 1) >= 2 || header_run(i) < 2) {
            blocks.push(Block::Heading {
                level: 2,
                text: text.to_string(),
                line: line_no,
            });
            i += 1;
            continue;
        }
        // A table: a run of at least two header cells.
        let header_len = header_run(i);
        if header_len >= 2 {
            let header: Vec<String> = lines[i..i + header_len]
                .iter()
                .map(|(_, l)| l.to_string())
                .collect();
            let (rows, next) = table_rows(&header, &lines, i + header_len);
            blocks.push(Block::Table(Table {
                header,
                rows,
                line: line_no,
                anchors: Vec::new(),
            }));
            i = next;
            continue;
        }
        blocks.push(Block::Text {
            text: text.to_string(),
            list_item: false,
            bold: false,
            line: line_no,
        });
        i += 1;
    }
    blocks
}

/// Lines from `start` until the brackets opened there close.
fn json_run(lines: &[(u32, &str)], start: usize) -> (String, usize) {
    let mut depth = 0i32;
    let mut in_str = false;
    let mut escaped = false;
    let mut out = Vec::new();
    let mut i = start;
    while i < lines.len() {
        let l = lines[i].1;
        out.push(l);
        for ch in l.chars() {
            if in_str {
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' {
                    in_str = false;
                }
                continue;
            }
            match ch {
                '"' => in_str = true,
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        i += 1;
        if depth <= 0 {
            break;
        }
        // A string cannot span lines in these renderings; recover.
        in_str = false;
    }
    (out.join("\n"), i)
}

/// A section name standing alone (a sentence such as "Error code." is not one).
fn is_section_line(text: &str) -> bool {
    text.chars().count() <= 40 && !text.ends_with(['.', '。']) && section_of(text).is_some()
}

fn ends_table(text: &str) -> bool {
    is_section_line(text)
        || caption_of(text).is_some()
        || label_of(text).is_some_and(|l| matches!(l, Label::Status(_)))
        || text.starts_with('{')
}

fn cell_fits(kind: Col, text: &str) -> bool {
    match kind {
        Col::Name => NAME.is_match(text),
        Col::Required => {
            is_required_word(text) || parse_required(text).1.as_deref().is_some_and(starts_yes_no)
        }
        Col::Type => {
            let t = parse_type(text);
            t.is_known() && !matches!(t, TypeExpr::Named(_) | TypeExpr::Untyped)
        }
        Col::Status => STATUS.is_match(text),
        Col::Location => {
            let l = text.to_lowercase();
            [
                "path", "query", "header", "body", "路径", "查询", "头", "体", "uri",
            ]
            .iter()
            .any(|k| l.contains(k))
                && text.len() < 20
        }
        Col::Free => true,
    }
}

fn starts_yes_no(s: &str) -> bool {
    let l = s.to_lowercase();
    ["yes", "no", "是", "否", "mandatory", "optional"]
        .iter()
        .any(|p| l.starts_with(p))
}

/// Splits the lines after a header into rows. The last column may span several lines; the
/// others are one line each.
fn table_rows(header: &[String], lines: &[(u32, &str)], start: usize) -> (Vec<Vec<Cell>>, usize) {
    let kinds: Vec<Col> = header
        .iter()
        .map(|h| col_kind(h).unwrap_or(Col::Free))
        .collect();
    let fixed = kinds.len() - 1;
    let row_starts = |j: usize| -> bool {
        j + fixed < lines.len()
            && (0..fixed).all(|o| {
                lines
                    .get(j + o)
                    .is_some_and(|(_, t)| !ends_table(t) && cell_fits(kinds[o], t))
            })
    };
    let mut rows = Vec::new();
    let mut i = start;
    while i < lines.len() && row_starts(i) {
        let mut row: Vec<Cell> = lines[i..i + fixed]
            .iter()
            .map(|(_, t)| Cell {
                text: t.to_string(),
                links: Vec::new(),
            })
            .collect();
        let mut j = i + fixed;
        let mut last = Vec::new();
        while j < lines.len() {
            let t = lines[j].1;
            if ends_table(t) {
                break;
            }
            // A new row starts once the last cell has a line and the fixed cells line up again.
            if !last.is_empty() && row_starts(j) {
                break;
            }
            last.push(t);
            j += 1;
        }
        row.push(Cell {
            text: last.join("\n"),
            links: Vec::new(),
        });
        rows.push(row);
        if j == i {
            break;
        }
        i = j;
    }
    (rows, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_tables() {
        let src = "Updated on 2025-10-22 GMT+08:00\n\nDeleting a Backend Server\n\nFunction\n\nThis API deletes.\n\nURI\n\nDELETE /v2/{project_id}/x/{id}\n\nTable 1 Path Parameters\n\nParameter\n\nMandatory\n\nType\n\nDescription\n\nproject_id\n\nYes\n\nString\n\nProject ID.\n\nSecond line.\n\nid\n\nYes\n\nString\n\nID.\n\nResponse Parameters\n\nStatus code: 400\n\nTable 2 Response body parameters\n\nParameter\n\nType\n\nDescription\n\nerror_code\n\nString\n\nError code.\n\nerror_msg\n\nString\n\nError description.\n\nExample Responses\n\nStatus code: 400\n\n{\n  \"error_code\" : \"APIG.2012\"\n}\n\nStatus Codes\n\nStatus Code\n\nDescription\n\n204\n\nNo Content\n\n400\n\nBad Request\n";
        let b = text_blocks(src);
        assert!(
            matches!(&b[0], Block::Heading { level: 1, text, .. } if text == "Deleting a Backend Server")
        );
        let tables: Vec<&Table> = b
            .iter()
            .filter_map(|x| {
                if let Block::Table(t) = x {
                    Some(t)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(tables.len(), 3);
        assert_eq!(tables[0].rows.len(), 2);
        assert_eq!(tables[0].rows[0][3].text, "Project ID.\nSecond line.");
        assert_eq!(tables[1].rows.len(), 2);
        assert_eq!(tables[1].rows[1][0].text, "error_msg");
        assert_eq!(tables[2].rows.len(), 2);
        assert_eq!(tables[2].rows[1][1].text, "Bad Request");
        assert!(b
            .iter()
            .any(|x| matches!(x, Block::Code { text, .. } if text.contains("APIG.2012"))));
    }
}
