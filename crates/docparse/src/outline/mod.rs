//! Stage 2, **outline**: a page's [`Block`]s → its [`Outline`].
//!
//! One pass over the blocks in page order, tracking where each block stands: the section
//! (`URI`, 请求消息, Response, ...), the label inside it (请求参数, 状态码： 200, 正常) and the
//! caption waiting for its table (`表 3 RemoveNodesSpec`). What it records: the title and
//! description, the method lines, the candidate parameter tables with where the page puts
//! them ([`TableBlock`]), the JSON examples, the status codes, and the evidence of a non-JSON
//! request body. Nothing here decides what a table means ([`crate::tables`] does).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use apispec::Lang;
use regex::Regex;
use serde_json::Value;

use crate::blocks::{Block, Table};
use crate::diagnostics::PageSink;
use crate::vocab::columns::Columns;
use crate::vocab::sections::{Label, Section};
use crate::vocab::uri::MethodLine;

pub mod error_codes;
mod join;
mod status;
mod sub_parameters;
mod walk;

pub use join::join_split_examples;
pub use sub_parameters::split_sub_parameters;

/// What the outline stage hands on: the page's parts, in page order.
#[derive(Debug, Clone)]
pub struct Outline {
    /// Language of the page (from its headings and table headers).
    pub lang: Lang,
    /// The operation name of the page's API Explorer link.
    pub explorer_name: Option<String>,
    /// The title and its line.
    pub title: Option<(String, u32)>,
    /// Paragraphs of the function section (and before the first section).
    pub description: Vec<String>,
    /// Every method line, with the section it is in and its line.
    pub method_lines: Vec<(MethodLine, Section, u32)>,
    /// A `Method：POST` line.
    pub label_method: Option<String>,
    /// A `PATH：/v1/...` line: path, query names and line.
    pub label_path: Option<(String, Vec<String>, u32)>,
    /// Tables that may document parameters or fields, in page order.
    pub tables: Vec<TableBlock>,
    /// Request examples (value, line).
    pub request_examples: Vec<(Value, u32)>,
    /// What the page says of each status code (0: response examples of no status).
    pub statuses: BTreeMap<u16, StatusDraft>,
    /// Status codes listed under a "normal" label.
    pub success_listed: Vec<u16>,
    /// The request section says "none".
    pub request_none: bool,
    /// The response section says "none".
    pub response_none: bool,
    /// The page has a URI section.
    pub uri_section: bool,
    /// The page has a request, response or example section.
    pub exchange_section: bool,
    /// Tables with an error-code column, as read (before status tables are taken apart).
    pub error_tables: Vec<(Table, error_codes::Columns)>,
    /// What tells a non-JSON request body.
    pub body_evidence: BodyEvidence,
}

/// What tells a non-JSON request body: media types the request examples' code shows, a
/// form-data table, a field of type `file`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyEvidence {
    /// Media types in request examples (`Content-Type: multipart/form-data`).
    pub example_media_types: Vec<String>,
    /// A request-side table captioned as form data.
    pub form_table: bool,
    /// A request-side field of type `file`.
    pub file_field: bool,
}

/// A table that may document parameters or fields, with where the page puts it.
#[derive(Debug, Clone)]
pub struct TableBlock {
    /// The table (sub-parameter column taken out, see [`split_sub_parameters`]).
    pub table: Table,
    /// Its caption (`表 3 RemoveNodesSpec` → 3, "RemoveNodesSpec").
    pub caption: Option<(u32, String)>,
    /// The section it is in.
    pub section: Section,
    /// The label before it in its section.
    pub label: Option<Label>,
    /// The status code its sub-section is about (`状态码： 400`).
    pub status: Option<u16>,
    /// Its columns.
    pub cols: Columns,
    /// Tables of the fields of objects a sub-parameter column nests (parent name, table).
    pub nested: Vec<(String, Table)>,
}

/// What the page says of one status code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatusDraft {
    /// Its description.
    pub description: String,
    /// The message code of a legacy status table (`badRequest`).
    pub message_code: Option<String>,
    /// Its examples (value, line).
    pub examples: Vec<(Value, u32)>,
    /// The page says it has no content.
    pub no_content: bool,
}

impl Outline {
    /// The method line: the first in the URI section, else the first anywhere, else the
    /// `Method：` and `PATH：` lines; with its line.
    pub fn method_line(&self) -> Option<(MethodLine, u32)> {
        self.method_lines
            .iter()
            .find(|(_, s, _)| *s == Section::Uri)
            .or_else(|| self.method_lines.first())
            .map(|(m, _, l)| (m.clone(), *l))
            .or_else(|| {
                let (p, q, l) = self.label_path.clone()?;
                let method = self.label_method.clone()?;
                Some((
                    MethodLine {
                        method,
                        path: p,
                        query: q,
                    },
                    l,
                ))
            })
    }
}

/// The outline of a page's blocks; `raw` is the page's text (for its API Explorer link).
pub fn outline(blocks: Vec<Block>, raw: &str, sink: &mut PageSink<'_>) -> Outline {
    let lang = detect_lang(&blocks);
    let mut w = walk::Walker::new(lang, crate::vocab::words::explorer_name(raw), sink);
    for block in join_split_examples(blocks) {
        w.block(block);
    }
    w.out
}

static CJK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{Han}]").expect("valid regex"));

fn detect_lang(blocks: &[Block]) -> Lang {
    let mut cjk = 0usize;
    for b in blocks {
        if let Block::Heading { text, .. } = b {
            cjk += CJK.find_iter(text).count();
        }
        if let Block::Table(t) = b {
            for h in &t.header {
                cjk += CJK.find_iter(h).count();
            }
        }
    }
    if cjk >= 2 {
        Lang::Zh
    } else {
        Lang::En
    }
}
