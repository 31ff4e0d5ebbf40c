//! Stage 3, **tables**: the outline's [`TableBlock`]s → [`ParamTable`]s.
//!
//! Each table gets its side of the exchange ([`MessageSide`]), its role ([`Role`]: path, query
//! or header parameters, a request or response body, the fields of a named object, ...) from
//! its caption, section and the tables before it, and its rows read once ([`rows::Row`]).
//! [`settle_roles`] then corrects roles that the method and the request example contradict.

use crate::blocks::Table;
use crate::outline::TableBlock;
use crate::vocab::columns::Columns;

pub mod constraints;
mod roles;
pub mod rows;

pub use roles::{settle_roles, sides_meet};
use rows::{clean_name, read_rows, Row, RowProblem};

/// Which side of the exchange a table belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageSide {
    /// The request.
    Request,
    /// The response of a status (`None`: of no particular status).
    Response(Option<u16>),
}

/// What a parameter table documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Path parameters.
    Path,
    /// Query parameters.
    Query,
    /// Request headers.
    Header,
    /// Response headers.
    ResponseHeader,
    /// The request body's top-level fields.
    RequestBody,
    /// A response body's top-level fields (of a status, or of the success).
    ResponseBody(Option<u16>),
    /// Legacy "参数说明" in the URI section: path, query and body parameters in one table.
    UriMixed,
    /// A table with a location column.
    Located,
    /// The fields of the object of this name.
    Named(String),
    /// A table whose caption names nothing it holds.
    Unnamed,
}

/// A parameter table with its role and its rows.
#[derive(Debug, Clone)]
pub struct ParamTable {
    /// The table as the page has it.
    pub table: Table,
    /// Its caption's number (`表 3`).
    pub caption_no: Option<u32>,
    /// The caption says the table is the request body ("请求Body参数", "Request body
    /// parameters"), not just "request parameters".
    pub body_caption: bool,
    /// What it documents.
    pub role: Role,
    /// Which message it belongs to.
    pub side: MessageSide,
    /// Its columns.
    pub cols: Columns,
    /// Its rows, read once.
    pub rows: Vec<Row>,
    /// Type cells its rows could not read (reported where the table is used).
    pub problems: Vec<RowProblem>,
    /// The name in every row's name cell (empty where a row has none).
    pub cell_names: Vec<String>,
    /// A row is named `key` (the table is a key-value pair, not the values of a map).
    pub has_key_row: bool,
}

impl ParamTable {
    fn new(table: Table, cols: Columns, role: Role, side: MessageSide) -> Self {
        let (mut rows, problems) = read_rows(&table, cols);
        // rule: error_object (a row only an error response has is no field of a success body)
        if matches!(side, MessageSide::Response(None))
            || matches!(side, MessageSide::Response(Some(c)) if c < 300)
        {
            rows.retain(|r| !crate::rules::error_object::only_on_error(&r.info.description));
        }
        let names_cells: Vec<&str> = table
            .rows
            .iter()
            .filter_map(|r| rows::cell(r, cols.name))
            .map(|c| c.text.as_str())
            .collect();
        let has_key_row = names_cells.iter().any(|t| norm_name(t) == "key");
        let cell_names = names_cells.iter().map(|t| clean_name(t)).collect();
        ParamTable {
            table,
            caption_no: None,
            body_caption: false,
            role,
            side,
            cols,
            rows,
            problems,
            cell_names,
            has_key_row,
        }
    }

    /// The field names its rows give (empty name cells left out).
    pub fn row_names(&self) -> impl Iterator<Item = &String> {
        self.cell_names.iter().filter(|n| !n.is_empty())
    }
}

/// The parameter tables of a page, in page order (a table's nested sub-parameter tables right
/// after it).
pub fn param_tables(blocks: Vec<TableBlock>) -> Vec<ParamTable> {
    let mut tables: Vec<ParamTable> = Vec::new();
    for b in blocks {
        let side = roles::side_of(&b);
        let role = roles::role_of(&b, side, &tables);
        let side = match role {
            Role::ResponseBody(s) => MessageSide::Response(s),
            Role::Path | Role::Query | Role::Header | Role::RequestBody | Role::UriMixed => {
                MessageSide::Request
            }
            _ => side,
        };
        let mut t = ParamTable::new(b.table, b.cols, role, side);
        t.body_caption = b
            .caption
            .as_ref()
            .is_some_and(|c| crate::vocab::sections::caption_names_body(&c.1));
        t.caption_no = b.caption.map(|c| c.0);
        tables.push(t);
        for (parent, sub) in b.nested {
            let cols = Columns::of(&sub.header);
            tables.push(ParamTable::new(sub, cols, Role::Named(parent), side));
        }
    }
    tables
}

/// The first table of a role.
pub fn root(tables: &[ParamTable], role: &Role) -> Option<usize> {
    tables.iter().position(|t| &t.role == role)
}

/// Whether the method can carry a body (DELETE only when the page shows one).
pub fn has_body_method(method: &str, has_example: bool, tables: &[ParamTable]) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
        || (method == "DELETE"
            && (has_example
                || tables
                    .iter()
                    .any(|t| t.role == Role::RequestBody && t.body_caption)))
}

/// A name reduced to lower-case letters and digits, for loose comparison.
pub fn norm_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
