//! Table rows → [`Row`]s: the name, required flag, type cell, description (with defaults,
//! ranges and constraints), location and the links that point at sub-tables. Every row of a
//! table is read once, when the table is built.

use apispec::{FieldInfo, ParamLocation};

use crate::blocks::{Cell, Table};
use crate::tables::constraints::extract_constraints;
use crate::vocab::columns::Columns;
use crate::vocab::types::{parse_type, TypeExpr};
use crate::vocab::words::{desc_table_ref, is_required_word, is_sensitive_name, parse_required};

/// One table row as read, before its type is resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The field or parameter name.
    pub name: String,
    /// The required column says yes.
    pub required: bool,
    /// What the type cell (or the start of the description) says.
    pub typ: TypeExpr,
    /// The target of a local link in the type cell (`#request_NodeItem` → `NodeItem`).
    pub type_link: Option<String>,
    /// Local anchors the type and description cells link to (`#table993`).
    pub anchors: Vec<String>,
    /// "See Table N" in the description, when the table is on this page.
    pub desc_table: Option<u32>,
    /// Where the description says another page of the service describes the object.
    pub page_ref: Option<crate::rules::cross_page_ref::PageRef>,
    /// Description, constraints, sensitivity.
    pub info: FieldInfo,
    /// Where a location column puts the parameter.
    pub location: Option<ParamLocation>,
    /// A location column puts it in the body.
    pub body_location: bool,
}

impl Row {
    /// For a row typed as an object or a list of objects: whether it is a list, and the name
    /// the type cell gives the object (`tag` in `List<tag>`), if any.
    pub fn object_shape(&self) -> Option<(bool, Option<String>)> {
        match &self.typ {
            TypeExpr::Object(n) => Some((false, n.clone())),
            TypeExpr::Named(n) => Some((false, Some(n.clone()))),
            TypeExpr::Array(inner) => match inner.as_ref() {
                TypeExpr::Object(n) => Some((true, n.clone())),
                TypeExpr::Named(n) => Some((true, Some(n.clone()))),
                TypeExpr::Untyped => Some((true, None)),
                _ => None,
            },
            _ => None,
        }
    }

    /// A parameter-table row that stands for the request body ("body", "See Table 2").
    pub fn is_body_marker(&self) -> bool {
        self.name.eq_ignore_ascii_case("body")
            && !matches!(
                self.location,
                Some(ParamLocation::Query | ParamLocation::Header)
            )
    }
}

/// A row's diagnostic: a type cell that could not be read (line, message).
pub type RowProblem = (u32, String);

/// Every row of a table, and the type cells that could not be read.
pub fn read_rows(table: &Table, cols: Columns) -> (Vec<Row>, Vec<RowProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for row in &table.rows {
        let Some(name_cell) = cell(row, cols.name) else {
            continue;
        };
        // rule: array_placeholder (a row standing for the items of a top-level array)
        let placeholder = crate::rules::array_placeholder::is_placeholder(&name_cell.text);
        let several = if placeholder {
            Vec::new()
        } else {
            split_names(&name_cell.text)
        };
        let name = match several.first() {
            _ if placeholder => crate::rules::array_placeholder::ITEMS.to_string(),
            Some(first) => first.clone(),
            None => clean_name(&name_cell.text),
        };
        if name.is_empty() {
            continue;
        }
        let r = read_row(row, cols, name, table.line, &mut problems);
        // One row for several fields: "max/min/average/sum/variance".
        for extra in several.into_iter().skip(1) {
            out.push(Row {
                name: extra,
                ..r.clone()
            });
        }
        out.push(r);
    }
    (out, problems)
}

fn read_row(
    row: &[Cell],
    cols: Columns,
    name: String,
    line: u32,
    problems: &mut Vec<RowProblem>,
) -> Row {
    let mut req_text = cell(row, cols.required)
        .map(|c| c.text.clone())
        .unwrap_or_default();
    let mut type_cell = cell(row, cols.typ).cloned().unwrap_or_default();
    // Columns misaligned: the required column holds a type and the type column a yes/no.
    if cols.required.is_some()
        && cols.typ.is_some()
        && !is_required_word(&req_text)
        && is_required_word(&type_cell.text)
        && parse_type(&req_text).is_known()
    {
        let t = std::mem::take(&mut type_cell.text);
        type_cell.text = std::mem::replace(&mut req_text, t);
    }
    let (required, required_when) = if cols.required.is_some() {
        parse_required(&req_text)
    } else {
        (false, None)
    };
    let desc_cell = cell(row, cols.desc);
    let typ = if cols.typ.is_some() {
        parse_type(&type_cell.text)
    } else {
        // No type column: some pages start the description with the type
        // ("List<resource_tag> List of tags.", "String Operation to be performed.").
        desc_cell
            .and_then(|c| type_leading(&c.text))
            .unwrap_or(TypeExpr::Untyped)
    };
    if let TypeExpr::Unknown(s) = &typ {
        problems.push((line, format!("field `{name}`: expected a type such as String, Integer, Array of X objects or X object; found \"{s}\"")));
    }
    let description = description(row, cols, &typ);
    let mut info = FieldInfo {
        description,
        required_when,
        sensitive: is_sensitive_name(&name),
        ..Default::default()
    };
    extract_constraints(&mut info);
    let (location, body_location) = location(cell(row, cols.location));
    let type_link = link_target(&type_cell);
    let mut anchors: Vec<String> = type_cell
        .links
        .iter()
        .chain(desc_cell.into_iter().flat_map(|c| c.links.iter()))
        .filter_map(|l| l.strip_prefix('#'))
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect();
    // rule: name_cell_anchor
    if let Some(c) = cell(row, cols.name) {
        anchors.extend(crate::rules::name_cell_anchor::anchors(c));
    }
    // "详情请参见表8" linking to another page's table 8 is not this page's table 8.
    let desc_links_elsewhere =
        desc_cell.is_some_and(|c| c.links.iter().any(|l| !l.starts_with('#')));
    let desc_table = if desc_links_elsewhere {
        None
    } else {
        desc_table_ref(&info.description)
    };
    // rule: cross_page_ref (the description links to the page that describes the object)
    let page_ref =
        desc_cell.and_then(|c| crate::rules::cross_page_ref::page_ref(&c.links, &info.description));
    Row {
        name,
        required,
        typ,
        type_link,
        anchors,
        desc_table,
        page_ref,
        info,
        location,
        body_location,
    }
}

/// The description cell, without the type it starts with when there is no type column, with
/// the default and range columns appended.
fn description(row: &[Cell], cols: Columns, typ: &TypeExpr) -> String {
    let mut description = cell(row, cols.desc)
        .map(|c| c.text.clone())
        .unwrap_or_default();
    if cols.typ.is_none() && !matches!(typ, TypeExpr::Untyped) {
        // The type the description started with is the type, not prose.
        let rest = description
            .trim_start()
            .split_once(char::is_whitespace)
            .map(|(_, rest)| rest.trim_start().to_string())
            .unwrap_or_default();
        description = rest;
    }
    if let Some(d) = cell(row, cols.default) {
        if !d.text.trim().is_empty() && d.text.trim() != "-" {
            description.push_str(&format!("\nDefault: {}", d.text.trim()));
        }
    }
    if let Some(d) = cell(row, cols.range) {
        if !d.text.trim().is_empty() && d.text.trim() != "-" {
            description.push_str(&format!("\nValue range: {}", d.text.trim()));
        }
    }
    description
}

/// A location cell: path, query or header, or the body (`true`).
fn location(c: Option<&Cell>) -> (Option<ParamLocation>, bool) {
    match c.map(|c| c.text.to_lowercase()) {
        Some(l) if l.contains("path") || l.contains("路径") || l.contains("uri") => {
            (Some(ParamLocation::Path), false)
        }
        Some(l) if l.contains("query") || l.contains("查询") => {
            (Some(ParamLocation::Query), false)
        }
        Some(l) if l.contains("header") || l.contains("头") => {
            (Some(ParamLocation::Header), false)
        }
        Some(l) if l.contains("body") || l.contains("体") => (None, true),
        _ => (None, false),
    }
}

/// The type a description starts with, when it names one plainly: a scalar type word, a list
/// or map of one, or `Object`/`dict` (a capitalised first word is otherwise just prose).
pub fn type_leading(description: &str) -> Option<TypeExpr> {
    let first = description.split_whitespace().next()?;
    let typ = parse_type(first);
    let plain = matches!(
        &typ,
        TypeExpr::Scalar(_) | TypeExpr::Array(_) | TypeExpr::Map(_) | TypeExpr::Object(None)
    );
    // The word alone must be a type spelling, not the start of a sentence ("Array of ...").
    (plain && typ.is_known() && first.len() < description.trim().len()).then_some(typ)
}

/// The cell of a column, if the table has it and the row reaches it.
pub fn cell(row: &[Cell], col: Option<usize>) -> Option<&Cell> {
    col.and_then(|i| row.get(i))
}

/// The field name in a name cell: the first line, without tree markers or notes.
pub fn clean_name(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let first = first
        .trim_start_matches(['└', '├', '-', '–', '|', ' ', '*'])
        .trim();
    let ident: String = first
        .chars()
        .take_while(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '-' | '.' | '[' | ']' | '@' | '$' | ':' | '/')
        })
        .collect();
    if ident.is_empty() {
        first.to_string()
    } else {
        ident
    }
}

/// Several names in one name cell ("max/min/average", "a、b"), when each is an identifier.
fn split_names(text: &str) -> Vec<String> {
    let first = text.lines().next().unwrap_or("").trim();
    let parts: Vec<&str> = first.split(['/', '、', ',', '，']).map(str::trim).collect();
    // Plain words only: "alpha.cce/NodeImageID" and "kubernetes.io/role" are one name each.
    let ident = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    };
    if parts.len() > 1 && parts.iter().all(ident) {
        parts.into_iter().map(str::to_string).collect()
    } else {
        Vec::new()
    }
}

fn link_target(cell: &Cell) -> Option<String> {
    cell.links.iter().find_map(|l| {
        let anchor = l.rsplit('#').next()?;
        if !l.contains('#') {
            return None;
        }
        let name = anchor
            .strip_prefix("request_")
            .or_else(|| anchor.strip_prefix("response_"))
            .unwrap_or(anchor);
        (!name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use apispec::Schema;

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| Cell {
                            text: t.to_string(),
                            links: Vec::new(),
                        })
                        .collect()
                })
                .collect(),
            line: 7,
            anchors: Vec::new(),
        }
    }

    #[test]
    fn types_leading_descriptions_without_a_type_column() {
        assert!(matches!(
            type_leading("String Operation to be performed."),
            Some(TypeExpr::Scalar(Schema::String))
        ));
        assert!(matches!(
            type_leading("List<resource_tag> List of tags."),
            Some(TypeExpr::Array(_))
        ));
        assert!(type_leading("Operation to be performed.").is_none());
        assert!(type_leading("Project ID.").is_none());
        assert!(type_leading("String").is_none());
    }

    #[test]
    fn rows_are_read_with_their_columns() {
        let t = table(
            &["参数", "是否必选", "参数类型", "描述", "参数位置"],
            &[
                &[
                    "max/min",
                    "是",
                    "Integer",
                    "Bounds. 详情请参见表3。",
                    "query",
                ],
                &["└ name", "String", "否", "Name.", "body"],
                &["weird", "否", "Strange Thing", "?", ""],
            ],
        );
        let (rows, problems) = read_rows(&t, Columns::of(&t.header));
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["min", "max", "name", "weird"]);
        assert!(rows[0].required && rows[1].required);
        assert_eq!(rows[0].desc_table, Some(3));
        assert_eq!(rows[0].location, Some(ParamLocation::Query));
        // Misaligned columns: the type in the required column is the type.
        assert_eq!(rows[2].typ, TypeExpr::Scalar(Schema::String));
        assert!(!rows[2].required && rows[2].body_location);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 7);
        assert!(problems[0].1.contains("`weird`"), "{problems:?}");
    }
}
