//! Status-code tables (`状态码 | 描述`) and tables holding the method and path.

use std::collections::BTreeMap;

use crate::blocks::{Cell, Table};
use crate::vocab::uri::{is_method, MethodLine};
use crate::vocab::words::leading_status_code;

use super::StatusDraft;

/// Reads a status-code table into the drafts of each status: its description, and the message
/// code of a legacy three-column table (code, message code, description).
pub(super) fn read_status_table(
    table: &Table,
    code_col: usize,
    statuses: &mut BTreeMap<u16, StatusDraft>,
) {
    let n = table.header.len();
    for row in &table.rows {
        let Some(code) = row.get(code_col).and_then(|c| leading_status_code(&c.text)) else {
            continue;
        };
        let d = statuses.entry(code).or_default();
        let others: Vec<&Cell> = row
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != code_col)
            .map(|(_, c)| c)
            .collect();
        // Three columns: code, message code, description (legacy "编码" column).
        if n >= 3 && others.len() >= 2 {
            let mc = others[0].text.trim();
            if !mc.is_empty() && d.message_code.is_none() {
                d.message_code = Some(mc.to_string());
            }
            if d.description.is_empty() {
                d.description = others[others.len() - 1].text.clone();
            }
        } else if let Some(desc) = others.first() {
            if d.description.is_empty() {
                d.description = desc.text.clone();
            }
        }
        if d.description.eq_ignore_ascii_case("no content") {
            d.no_content = true;
        }
    }
}

/// The method and path an HTML table holds (apig legacy pages).
pub(super) fn method_in_table(table: &Table) -> Option<MethodLine> {
    let cells = table
        .header
        .iter()
        .map(String::as_str)
        .chain(table.rows.iter().flatten().map(|c| c.text.as_str()));
    let mut method = None;
    let mut path = None;
    for c in cells {
        let c = c.trim();
        if method.is_none() && is_method(c) {
            method = Some(c.to_uppercase());
        } else if path.is_none() && (c.starts_with('/') || c.starts_with("http")) {
            path = crate::vocab::uri::clean_path(c);
        }
    }
    let (p, q) = path?;
    Some(MethodLine {
        method: method?,
        path: p,
        query: q,
    })
}
