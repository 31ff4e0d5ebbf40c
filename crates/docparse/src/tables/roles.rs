//! A table's side and role: from its caption, its section and label, and the tables before
//! it; then corrected by what the method and the request example show.

use serde_json::Value;

use crate::outline::TableBlock;
use crate::vocab::sections::{caption_role, CaptionRole, Label, Section};
use crate::vocab::words::is_header_name;

use super::{has_body_method, root, MessageSide, ParamTable, Role};

/// The side a table's section and label put it on.
pub(super) fn side_of(b: &TableBlock) -> MessageSide {
    match b.section {
        Section::Response | Section::ResponseExample => MessageSide::Response(b.status),
        _ if matches!(b.label, Some(Label::ResponseParams)) => MessageSide::Response(b.status),
        _ => MessageSide::Request,
    }
}

/// The role of a table: a request table whose every row names an HTTP header is a header
/// table whatever its caption says; else its caption, section and the tables before it tell.
pub(super) fn role_of(b: &TableBlock, side: MessageSide, tables: &[ParamTable]) -> Role {
    if side == MessageSide::Request && all_header_names(b) {
        return Role::Header;
    }
    table_role(
        b.caption.as_ref().map(|c| c.1.as_str()),
        b.section,
        side,
        b.cols.location.is_some(),
        tables,
    )
}

/// Whether every row of a table names an HTTP header (`X-Auth-Token`, `Content-Type`).
fn all_header_names(b: &TableBlock) -> bool {
    let mut names = b
        .table
        .rows
        .iter()
        .filter_map(|r| super::rows::cell(r, b.cols.name))
        .map(|c| super::rows::clean_name(&c.text))
        .filter(|n| !n.is_empty())
        .peekable();
    names.peek().is_some() && names.all(|n| is_header_name(&n))
}

/// Whether tables on these sides describe the same message (a response table of no particular
/// status goes with any status).
pub fn sides_meet(a: MessageSide, b: MessageSide) -> bool {
    match (a, b) {
        (MessageSide::Request, MessageSide::Request) => true,
        (MessageSide::Response(a), MessageSide::Response(b)) => {
            a == b || a.is_none() || b.is_none()
        }
        _ => false,
    }
}

fn table_role(
    caption: Option<&str>,
    section: Section,
    side: MessageSide,
    located: bool,
    tables: &[ParamTable],
) -> Role {
    if located {
        return Role::Located;
    }
    // rule: array_placeholder (the element table of a placeholder row)
    if caption.is_some_and(crate::rules::array_placeholder::is_element_caption) {
        return Role::Named(crate::rules::array_placeholder::ITEMS.to_string());
    }
    let by_caption = caption.map(caption_role).unwrap_or(CaptionRole::Generic);
    match by_caption {
        CaptionRole::Path => Role::Path,
        CaptionRole::Query => Role::Query,
        CaptionRole::Header if matches!(side, MessageSide::Response(_)) => Role::ResponseHeader,
        CaptionRole::Header => Role::Header,
        CaptionRole::ResponseHeader => Role::ResponseHeader,
        CaptionRole::RequestBody if matches!(side, MessageSide::Response(_)) => {
            response_root_or_unnamed(side, tables)
        }
        CaptionRole::RequestBody => {
            if tables.iter().any(|t| t.role == Role::RequestBody) {
                Role::Unnamed
            } else {
                Role::RequestBody
            }
        }
        CaptionRole::ResponseBody => {
            let status = if let MessageSide::Response(s) = side {
                s
            } else {
                None
            };
            response_root_or_unnamed(MessageSide::Response(status), tables)
        }
        CaptionRole::Named(n) => Role::Named(n),
        CaptionRole::Generic => match section {
            Section::Uri => {
                if tables.iter().any(|t| t.role == Role::UriMixed) {
                    Role::Unnamed
                } else {
                    Role::UriMixed
                }
            }
            Section::Request | Section::RequestExample
                if !matches!(side, MessageSide::Response(_)) =>
            {
                if tables.iter().any(|t| t.role == Role::RequestBody) {
                    Role::Unnamed
                } else {
                    Role::RequestBody
                }
            }
            Section::Response | Section::ResponseExample => response_root_or_unnamed(side, tables),
            _ if matches!(side, MessageSide::Response(_)) => response_root_or_unnamed(side, tables),
            Section::Preamble | Section::Function
                if !tables.iter().any(|t| t.role == Role::UriMixed) =>
            {
                Role::UriMixed
            }
            _ => Role::Unnamed,
        },
    }
}

fn response_root_or_unnamed(side: MessageSide, tables: &[ParamTable]) -> Role {
    let status = if let MessageSide::Response(s) = side {
        s
    } else {
        None
    };
    if tables.iter().any(|t| t.role == Role::ResponseBody(status)) {
        Role::Unnamed
    } else {
        Role::ResponseBody(status)
    }
}

/// Corrects roles the method and the request example contradict:
/// - a method without a body documents its query parameters in the request section;
/// - a body table none of whose rows the request example shows at its top level, while a URI
///   parameter table holds rows it does show there, describes something nested (the items of a
///   list the URI table types), not the body itself;
/// - a body method whose only request table is captioned "query parameters", while the
///   request example holds most of its rows (and the URI's query string none): the caption is
///   the slip, the table is the body.
pub fn settle_roles(
    tables: &mut [ParamTable],
    method: &str,
    example: Option<&Value>,
    uri_query: &[String],
) {
    if !has_body_method(method, example.is_some(), tables) {
        for t in tables.iter_mut() {
            if t.role == Role::RequestBody {
                t.role = Role::Query;
            }
        }
    } else if let (Some(body), Some(Value::Object(example))) =
        (root(tables, &Role::RequestBody), example)
    {
        let t = &tables[body];
        let names: Vec<&String> = t.row_names().collect();
        let mixed_in_example = tables.iter().any(|u| {
            matches!(u.role, Role::UriMixed | Role::Path | Role::Query)
                && u.cell_names.iter().any(|n| example.contains_key(n))
        });
        if !names.is_empty() && mixed_in_example && !names.iter().any(|n| example.contains_key(*n))
        {
            tables[body].role = Role::Unnamed;
        }
    } else if root(tables, &Role::RequestBody).is_none() {
        if let Some(Value::Object(example)) = example {
            let body_like = |t: &ParamTable| {
                let names: Vec<&String> = t.row_names().collect();
                let in_example = names.iter().filter(|n| example.contains_key(**n)).count();
                names.len() >= 2
                    && in_example * 2 >= names.len()
                    && !names.iter().any(|n| uri_query.contains(n))
            };
            if let Some(t) = tables
                .iter_mut()
                .find(|t| t.role == Role::Query && t.side == MessageSide::Request && body_like(t))
            {
                t.role = Role::RequestBody;
            }
        }
    }
}
