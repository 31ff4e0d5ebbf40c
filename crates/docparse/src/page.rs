//! One page's blocks → one [`Operation`]: sections, method line, parameter tables and their
//! roles, sub-table resolution, examples, status codes.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use apispec::{
    Diagnostic, ErrorCode, Field, FieldInfo, Lang, ObjectSchema, Operation, Param, ParamLocation,
    Response, Schema, Severity,
};
use regex::Regex;
use serde_json::Value;

use crate::blocks::{Block, Cell, Table};
use crate::constraints::extract_constraints;
use crate::infer::{check_example, example_validates, infer_schema};
use crate::json::{parse_example, JsonExample};
use crate::sections::{
    caption_of, caption_role, header_kind, label_of, section_of, status_column, CaptionRole, Label,
    Section,
};
use crate::types::{parse_type, TypeExpr};
use crate::uri::{
    api_version_of, is_method, method_label, method_line, path_label, placeholders, MethodLine,
};

/// What kind of page a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageKind {
    /// A page documenting one HTTP operation (or trying to: a page with request or response
    /// sections, or an API Explorer link, whose method line cannot be read is still one).
    #[default]
    Operation,
    /// A page an operation page leans on, documenting no operation: overviews, appendices,
    /// data structures, status and error codes, the licence. Huawei's reference writes every
    /// operation page with a method line (`POST /v1/...`) and request or response sections; a
    /// page with neither is one of these.
    Reference,
}

/// What one page yields.
#[derive(Debug, Clone, PartialEq)]
pub struct PageResult {
    /// The operation, when the page documents one (its `name` is empty unless the page links
    /// to API Explorer).
    pub operation: Option<Operation>,
    /// Whether the page documents an operation or is a page operation pages lean on.
    pub kind: PageKind,
    /// The error codes of an error-code page (错误码: status, code, message, measure).
    pub error_codes: Vec<ErrorCode>,
    /// Language of the page.
    pub lang: Lang,
    /// What could not be read.
    pub diagnostics: Vec<Diagnostic>,
    /// Every JSON example the page shows, in page order (the operation keeps the first of each
    /// kind; measurements want them all).
    pub examples: Vec<PageExample>,
}

/// One JSON example of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageExample {
    /// `None` for a request example, else the status code of the response it shows.
    pub status: Option<u16>,
    /// 1-based line of the example.
    pub line: u32,
    /// The example, as read (after repairs, if it needed them).
    pub value: Value,
}

pub(crate) struct Diags<'a> {
    pub file: &'a str,
    pub list: Vec<Diagnostic>,
}

impl Diags<'_> {
    pub fn warn(&mut self, line: u32, code: &str, message: impl Into<String>) {
        self.push(Severity::Warning, line, code, message);
    }
    pub fn error(&mut self, line: u32, code: &str, message: impl Into<String>) {
        self.push(Severity::Error, line, code, message);
    }
    pub fn note(&mut self, line: u32, code: &str, message: impl Into<String>) {
        self.push(Severity::Note, line, code, message);
    }
    fn push(&mut self, severity: Severity, line: u32, code: &str, message: impl Into<String>) {
        self.list.push(Diagnostic {
            file: self.file.to_string(),
            line,
            severity,
            code: code.to_string(),
            message: message.into(),
        });
    }
}

/// Which side of the exchange a table belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response(Option<u16>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Path,
    Query,
    Header,
    ResponseHeader,
    RequestBody,
    ResponseBody(Option<u16>),
    /// Legacy "参数说明" in the URI section: path, query and body parameters in one table.
    UriMixed,
    /// A table with a location column.
    Located,
    Named(String),
    Unnamed,
}

#[derive(Debug, Default, Clone, Copy)]
struct Columns {
    name: Option<usize>,
    required: Option<usize>,
    typ: Option<usize>,
    desc: Option<usize>,
    location: Option<usize>,
    default: Option<usize>,
    range: Option<usize>,
}

struct TableInfo {
    table: Table,
    caption_no: Option<u32>,
    /// The caption says the table is the request body ("请求Body参数", "Request body
    /// parameters"), not just "request parameters".
    body_caption: bool,
    role: Role,
    side: Side,
    cols: Columns,
}

#[derive(Default)]
struct StatusDraft {
    description: String,
    message_code: Option<String>,
    examples: Vec<(Value, u32)>,
    no_content: bool,
}

static EXPLORER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"apiexplorer[^\s)]*?[?&]api=([A-Za-z][A-Za-z0-9_]*)").expect("valid regex")
});
static STATUS_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([1-5]\d\d)\b").expect("valid regex"));
static CJK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{Han}]").expect("valid regex"));
static SENSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(password|passwd|pwd|secret|private_?key|adminpass|auth_?token|x-auth-token|security_?token|x-security-token|subject_?token|access_?key|secret_?key|^sk$|^ak$|credential|passphrase|id_token|^token$|_token$|token_value)")
        .expect("valid regex")
});
static NOT_SENSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(page|next|marker|expire|_at$|_time$|type$|_id$|policy|strength|length|enable|name$)",
    )
    .expect("valid regex")
});

/// Whether a field or parameter of this name holds a secret.
pub fn is_sensitive_name(name: &str) -> bool {
    SENSITIVE.is_match(name) && !NOT_SENSITIVE.is_match(name)
}

/// Interprets the blocks of one page.
pub(crate) fn interpret(blocks: Vec<Block>, raw: &str, diags: &mut Diags<'_>) -> PageResult {
    let lang = detect_lang(&blocks);
    let explorer_name = EXPLORER.captures(raw).map(|c| c[1].to_string());

    let mut title: Option<(String, u32)> = None;
    let mut description: Vec<String> = Vec::new();
    let mut section = Section::Preamble;
    let mut label: Option<Label> = None;
    let mut status_ctx: Option<u16> = None;
    let mut pending_caption: Option<(u32, String)> = None;
    let mut method_lines: Vec<(MethodLine, Section, u32)> = Vec::new();
    let mut label_method: Option<String> = None;
    let mut label_path: Option<(String, Vec<String>, u32)> = None;
    let mut tables: Vec<TableInfo> = Vec::new();
    let mut request_examples: Vec<(Value, u32)> = Vec::new();
    let mut statuses: BTreeMap<u16, StatusDraft> = BTreeMap::new();
    let mut success_listed: Vec<u16> = Vec::new();
    let mut request_none = false;
    let mut response_none = false;
    // Headings of the sections operation pages are made of: URI, and request, response or
    // their examples.
    let mut uri_section = false;
    let mut exchange_section = false;
    // Tables with an error-code column, as read (before status tables are taken apart).
    let mut error_tables: Vec<(Table, crate::error_codes::Columns)> = Vec::new();
    // What tells a non-JSON request body: media types the request examples' code shows, a
    // form-data table, a field of type `file`.
    let mut example_media_types: Vec<String> = Vec::new();
    let mut form_table = false;
    let mut file_field = false;

    for block in join_split_examples(blocks) {
        match block {
            Block::Heading { level, text, line } => {
                if level == 1 && title.is_none() {
                    title = Some((text, line));
                    continue;
                }
                if let Some(s) = section_of(&text) {
                    uri_section |= s == Section::Uri;
                    exchange_section |= matches!(
                        s,
                        Section::Request
                            | Section::Response
                            | Section::RequestExample
                            | Section::ResponseExample
                    );
                    section = s;
                    label = None;
                    status_ctx = None;
                    pending_caption = None;
                } else if let Some(l) = label_of(&text) {
                    apply_label(l, &mut label, &mut status_ctx, &mut statuses);
                } else if let Some(m) = method_line(&text) {
                    method_lines.push((m, section, line));
                } else if level == 2 {
                    section = Section::Other;
                    label = None;
                    status_ctx = None;
                } else if title.is_none() {
                    title = Some((text, line));
                }
            }
            Block::Text { text, line, .. } => {
                if title.is_none() {
                    title = Some((text, line));
                    continue;
                }
                // A request example's headers (or its curl command) quoted as text.
                if matches!(section, Section::Request | Section::RequestExample)
                    && label != Some(Label::ResponseExample)
                {
                    if let Some(t) = crate::content_type::in_code(&text) {
                        example_media_types.push(t);
                    }
                }
                if let Some(m) = method_line(&text) {
                    method_lines.push((m, section, line));
                    continue;
                }
                if let Some(m) = method_label(&text) {
                    label_method = Some(m);
                    continue;
                }
                if let Some((p, q)) = path_label(&text) {
                    label_path = Some((p, q, line));
                    continue;
                }
                if let Some(c) = caption_of(&text) {
                    pending_caption = Some(c);
                    continue;
                }
                if let Some(l) = label_of(&text) {
                    apply_label(l, &mut label, &mut status_ctx, &mut statuses);
                    continue;
                }
                if let Some(s) = section_of(&text) {
                    // A section named by a line of its own (not a heading) still tells an
                    // operation page.
                    uri_section |= s == Section::Uri;
                    exchange_section |= matches!(
                        s,
                        Section::Request
                            | Section::Response
                            | Section::RequestExample
                            | Section::ResponseExample
                    );
                    continue;
                }
                let none_word = is_none_word(&text);
                match section {
                    Section::Function | Section::Preamble => description.push(text),
                    Section::Request if none_word && label != Some(Label::RequestExample) => {
                        request_none = true
                    }
                    Section::StatusCodes if label == Some(Label::Normal) => {
                        for cap in STATUS_CODE.captures_iter(&text) {
                            if let Ok(code) = cap[1].parse::<u16>() {
                                success_listed.push(code);
                                statuses.entry(code).or_default();
                            }
                        }
                    }
                    Section::Response
                        if status_ctx.is_none()
                            && none_word
                            && label != Some(Label::ResponseExample) =>
                    {
                        response_none = true
                    }
                    Section::Response | Section::ResponseExample => {
                        if let Some(code) = status_ctx {
                            let d = statuses.entry(code).or_default();
                            if none_word || text.eq_ignore_ascii_case("no content") {
                                d.no_content =
                                    d.no_content || text.eq_ignore_ascii_case("no content");
                            }
                            if d.description.is_empty() {
                                d.description = text;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Block::Table(table) => {
                let caption = pending_caption.take();
                if let Some(c) = crate::error_codes::columns(&table.header) {
                    error_tables.push((table.clone(), c));
                }
                let request_side = !matches!(section, Section::Response | Section::ResponseExample)
                    && !matches!(label, Some(Label::ResponseParams));
                if request_side {
                    form_table |= caption
                        .as_ref()
                        .is_some_and(|c| crate::content_type::is_form_caption(&c.1));
                    file_field |= crate::content_type::has_file_field(&table);
                }
                // "Parameter | Sub-Parameter | Type": the fields of each object in the first
                // column become a table of their own, after this one.
                let (table, nested) = split_sub_parameters(table);
                let first = tables.len();
                let cols = columns(&table.header);
                if let Some(code_col) = status_column(&table.header) {
                    if cols.name.is_none() || cols.name == Some(code_col) {
                        read_status_table(&table, code_col, &mut statuses);
                        continue;
                    }
                }
                if section == Section::ErrorCodes {
                    continue;
                }
                if cols.name.is_none() {
                    // An HTML table holding the method and path (apig legacy pages).
                    if let Some(m) = method_in_table(&table) {
                        method_lines.push((m, section, table.line));
                    }
                    continue;
                }
                if cols.typ.is_none() && cols.required.is_none() && cols.desc.is_none() {
                    continue;
                }
                let side = match section {
                    Section::Response | Section::ResponseExample => Side::Response(status_ctx),
                    _ if matches!(label, Some(Label::ResponseParams)) => Side::Response(status_ctx),
                    _ => Side::Request,
                };
                let role = if side == Side::Request && all_header_names(&table, cols) {
                    Role::Header
                } else {
                    table_role(
                        caption.as_ref().map(|c| c.1.as_str()),
                        section,
                        side,
                        cols,
                        &tables,
                    )
                };
                let side = match role {
                    Role::ResponseBody(s) => Side::Response(s),
                    Role::Path
                    | Role::Query
                    | Role::Header
                    | Role::RequestBody
                    | Role::UriMixed => Side::Request,
                    _ => side,
                };
                tables.push(TableInfo {
                    table,
                    body_caption: caption
                        .as_ref()
                        .is_some_and(|c| crate::sections::caption_names_body(&c.1)),
                    caption_no: caption.map(|c| c.0),
                    role,
                    side,
                    cols,
                });
                if tables.len() > first {
                    for (parent, sub) in nested {
                        let cols = columns(&sub.header);
                        tables.push(TableInfo {
                            table: sub,
                            caption_no: None,
                            body_caption: false,
                            role: Role::Named(parent),
                            side,
                            cols,
                        });
                    }
                }
            }
            Block::Code { text, line } => {
                if matches!(section, Section::Request | Section::RequestExample)
                    && label != Some(Label::ResponseExample)
                {
                    if let Some(t) = crate::content_type::in_code(&text) {
                        example_media_types.push(t);
                    }
                }
                if method_lines.is_empty()
                    && matches!(
                        section,
                        Section::Uri | Section::Preamble | Section::Function
                    )
                {
                    for l in text.lines() {
                        if let Some(m) = method_line(l) {
                            method_lines.push((m, Section::Uri, line));
                            break;
                        }
                    }
                    if crate::json::json_start(&text).is_none() {
                        continue;
                    }
                }
                let kind = example_kind(section, label);
                let Some(kind) = kind else { continue };
                if crate::json::json_start(&text).is_none() {
                    continue;
                }
                let value = match parse_example(&text) {
                    Ok(JsonExample::Strict(v)) => v,
                    Ok(JsonExample::Repaired(v)) => {
                        diags.warn(line, "repaired-json-example", "the example is not valid JSON; read it after repairs (comments, commas, quotes or full-width punctuation)");
                        v
                    }
                    Err(e) => {
                        diags.warn(
                            line,
                            "invalid-json-example",
                            format!("expected a JSON example; could not read it: {e}"),
                        );
                        continue;
                    }
                };
                match kind {
                    ExampleKind::Request => request_examples.push((value, line)),
                    ExampleKind::Response => {
                        let code = status_ctx.unwrap_or(0);
                        statuses
                            .entry(code)
                            .or_default()
                            .examples
                            .push((value, line));
                    }
                }
            }
        }
    }

    let (title, title_line) = title.unwrap_or_default();
    // The method line: the first in the URI section, else the first anywhere.
    let chosen = method_lines
        .iter()
        .find(|(_, s, _)| *s == Section::Uri)
        .or_else(|| method_lines.first())
        .map(|(m, _, l)| (m.clone(), *l))
        .or_else(|| {
            let (p, q, l) = label_path.clone()?;
            let method = label_method.clone()?;
            Some((
                MethodLine {
                    method,
                    path: p,
                    query: q,
                },
                l,
            ))
        });
    // Huawei writes every operation page as a URI section (its method line) with request and
    // response sections. A page with a method line but none of those sections is a guide or
    // an example scenario showing requests ("场景描述", "涉及接口", "操作步骤"): a page
    // operation pages lean on.
    let chosen = match chosen {
        Some(_) if !uri_section && !exchange_section => {
            diags.note(
                title_line.max(1),
                "guide-page",
                "read as a guide or example scenario, not an operation: it shows a request line but has none of the URI, request and response sections of an operation page",
            );
            return PageResult {
                operation: None,
                kind: PageKind::Reference,
                error_codes: Vec::new(),
                lang,
                diagnostics: std::mem::take(&mut diags.list),
                examples: Vec::new(),
            };
        }
        c => c,
    };
    let Some((ml, _)) = chosen else {
        // No method line. A page built as an operation page is one whose method line cannot
        // be read. Anything else is a page operation pages lean on (overview, guide, example
        // scenario, data structures, status or error codes, the licence); one with some of
        // those sections (a guide showing requests) gets a note.
        if uri_section && (exchange_section || explorer_name.is_some()) {
            diags.error(
                title_line.max(1),
                "no-method-line",
                "expected an HTTP method and path (\"POST /v1/{project_id}/...\") in the URI section; found none",
            );
            return PageResult {
                operation: None,
                kind: PageKind::Operation,
                error_codes: Vec::new(),
                lang,
                diagnostics: std::mem::take(&mut diags.list),
                examples: Vec::new(),
            };
        }
        if uri_section || exchange_section || explorer_name.is_some() {
            diags.note(
                title_line.max(1),
                "no-method-line",
                "expected an HTTP method and path (\"POST /v1/{project_id}/...\") if this page documents an operation; found none, nor the URI section with request or response sections of an operation page: read as a page operation pages lean on",
            );
        }
        let mut error_codes = Vec::new();
        for (t, c) in &error_tables {
            error_codes.extend(crate::error_codes::read(t, c));
        }
        return PageResult {
            operation: None,
            kind: PageKind::Reference,
            error_codes,
            lang,
            diagnostics: std::mem::take(&mut diags.list),
            examples: Vec::new(),
        };
    };

    let mut b = Builder {
        diags,
        tables,
        template: placeholders(&ml.path),
        method: ml.method.clone(),
        request_example: request_examples.first().map(|(v, _)| v.clone()),
        request_example_line: request_examples.first().map(|(_, l)| *l).unwrap_or(1),
        uri_query: ml.query.clone(),
    };
    // A method without a body documents its query parameters in the request section.
    if !b.has_body_method() {
        for t in &mut b.tables {
            if t.role == Role::RequestBody {
                t.role = Role::Query;
            }
        }
    } else if let (Some(root), Some(Value::Object(example))) =
        (b.root(&Role::RequestBody), &b.request_example)
    {
        // A body table none of whose rows the request example shows at its top level, while a
        // URI parameter table holds rows it does show there: the table describes something
        // nested (the items of a list the URI table types), not the body itself.
        let t = &b.tables[root];
        let names = row_names(&t.table, t.cols);
        let mixed_in_example = b.tables.iter().any(|u| {
            matches!(u.role, Role::UriMixed | Role::Path | Role::Query)
                && u.table.rows.iter().any(|r| {
                    cell(r, u.cols.name).is_some_and(|c| example.contains_key(&clean_name(&c.text)))
                })
        });
        if !names.is_empty() && mixed_in_example && !names.iter().any(|n| example.contains_key(n)) {
            b.tables[root].role = Role::Unnamed;
        }
    } else if b.root(&Role::RequestBody).is_none() {
        // A body method whose only request table is captioned "query parameters", while the
        // request example holds most of its rows (and the URI's query string none): the caption
        // is the slip, the table is the body.
        if let Some(Value::Object(example)) = &b.request_example {
            let uri_query = &ml.query;
            let body_like = |t: &TableInfo| {
                let names = row_names(&t.table, t.cols);
                let in_example = names.iter().filter(|n| example.contains_key(*n)).count();
                names.len() >= 2
                    && in_example * 2 >= names.len()
                    && !names.iter().any(|n| uri_query.contains(n))
            };
            if let Some(t) = b
                .tables
                .iter_mut()
                .find(|t| t.role == Role::Query && t.side == Side::Request && body_like(t))
            {
                t.role = Role::RequestBody;
            }
        }
    }
    let params = b.params(&ml);
    let request_body =
        if request_none && b.root(&Role::RequestBody).is_none() && b.request_example.is_none() {
            None
        } else {
            b.request_body()
        };

    // Statuses: the first documented success (from the "normal" list or the table) is where
    // an unlabelled response table or example belongs.
    let success = success_listed
        .iter()
        .copied()
        .chain(statuses.keys().copied())
        .find(|c| (200..300).contains(c))
        .unwrap_or(200);
    if let Some(unlabelled) = statuses.remove(&0) {
        let d = statuses.entry(success).or_default();
        d.examples.extend(unlabelled.examples);
    }
    // Every example of the page, moved (not copied) out of the drafts as they are used.
    let mut examples: Vec<PageExample> = request_examples
        .into_iter()
        .map(|(value, line)| PageExample {
            status: None,
            line,
            value,
        })
        .collect();
    let mut responses = BTreeMap::new();
    let mut response_roots: Vec<Option<u16>> = b
        .tables
        .iter()
        .filter_map(|t| {
            if let Role::ResponseBody(s) = t.role {
                Some(s)
            } else {
                None
            }
        })
        .collect();
    response_roots.dedup();
    for s in &response_roots {
        statuses.entry(s.unwrap_or(success)).or_default();
    }
    if statuses.is_empty() {
        statuses.entry(success).or_default();
    }
    for (code, mut draft) in statuses {
        let table_status = if code == success { None } else { Some(code) };
        let shown = std::mem::take(&mut draft.examples);
        let example = shown.first().map(|(v, _)| v.clone());
        let documented_empty =
            code == success && response_none && b.root(&Role::ResponseBody(None)).is_none();
        let body = if code == 204 || draft.no_content || documented_empty {
            None
        } else {
            b.response_body(
                code,
                table_status,
                example.as_ref(),
                shown.first().map(|e| e.1),
            )
        };
        let error_codes = example.as_ref().map(error_codes_in).unwrap_or_default();
        examples.extend(shown.into_iter().map(|(value, line)| PageExample {
            status: Some(code),
            line,
            value,
        }));
        responses.insert(
            code,
            Response {
                status: code,
                description: draft.description,
                message_code: draft.message_code,
                body,
                example,
                error_codes,
            },
        );
    }

    let request_content_type = crate::content_type::request_content_type(
        &params,
        &example_media_types,
        form_table,
        file_field,
    )
    .filter(|_| !matches!(ml.method.as_str(), "GET" | "HEAD"));
    let deprecated = crate::deprecation::of(&title, &description);
    let mut op = Operation {
        name: explorer_name.clone().unwrap_or_default(),
        name_source: if explorer_name.is_some() {
            apispec::NameSource::Explorer
        } else {
            apispec::NameSource::Path
        },
        summary: title,
        description: description.join("\n"),
        deprecated,
        request_content_type,
        api_version: api_version_of(&ml.path),
        method: ml.method,
        path: ml.path,
        params,
        request_body,
        request_example: b.request_example.clone(),
        responses,
        sources: vec![apispec::SourceRef {
            file: b.diags.file.to_string(),
            lang,
            line: title_line.max(1),
        }],
    };
    // GET and HEAD carry no body (RFC 9110 gives a body no meaning there, and no Huawei Cloud
    // API reads one): what a page shows as their request example is a response or another
    // operation's request, and what it documents as body fields are query parameters.
    if op.method == "GET" || op.method == "HEAD" {
        let empty = matches!(&op.request_body, Some(Schema::Object(o)) if o.fields.is_empty());
        if op.request_example.is_some() || (op.request_body.is_some() && !empty) {
            b.diags.warn(
                b.request_example_line,
                "body-on-get",
                format!(
                    "expected no request body for {}; the request example or body fields the page shows are not used",
                    op.method
                ),
            );
        }
        op.request_body = None;
        op.request_example = None;
    }
    if op.method == "DELETE" {
        if let Some(Schema::Object(o)) = &op.request_body {
            if o.fields.is_empty() && op.request_example.is_none() {
                op.request_body = None;
            }
        }
    }
    PageResult {
        operation: Some(op),
        kind: PageKind::Operation,
        error_codes: Vec::new(),
        lang,
        diagnostics: std::mem::take(&mut b.diags.list),
        examples,
    }
}

fn apply_label(
    l: Label,
    label: &mut Option<Label>,
    status_ctx: &mut Option<u16>,
    statuses: &mut BTreeMap<u16, StatusDraft>,
) {
    if let Label::Status(code) = l {
        *status_ctx = Some(code);
        statuses.entry(code).or_default();
        return;
    }
    *label = Some(l);
}

#[derive(Clone, Copy)]
enum ExampleKind {
    Request,
    Response,
}

fn example_kind(section: Section, label: Option<Label>) -> Option<ExampleKind> {
    match label {
        Some(Label::RequestExample) => return Some(ExampleKind::Request),
        Some(Label::ResponseExample) => return Some(ExampleKind::Response),
        _ => {}
    }
    match section {
        Section::RequestExample | Section::Request => Some(ExampleKind::Request),
        Section::ResponseExample | Section::Response => Some(ExampleKind::Response),
        _ => None,
    }
}

fn is_none_word(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['。', '.']).to_lowercase();
    matches!(
        t.as_str(),
        "无" | "none" | "n/a" | "na" | "no content" | "null" | "不涉及" | "空"
    )
}

/// Examples split over adjacent code blocks (a page that fences every line of its JSON on its
/// own: `{`, then `"products": [`, ...) are joined into one block: a code block whose JSON
/// leaves brackets open takes the code blocks that directly follow it until they close.
fn join_split_examples(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut open = 0i64;
    for b in blocks {
        if let Block::Code { text, .. } = &b {
            if open > 0 {
                if let Some(Block::Code { text: joined, .. }) = out.last_mut() {
                    joined.push('\n');
                    joined.push_str(text);
                    open += bracket_balance(text);
                    continue;
                }
            }
            open = match crate::json::json_start(text) {
                Some(start) => bracket_balance(&text[start..]),
                None => 0,
            };
        } else {
            open = 0;
        }
        out.push(b);
    }
    out
}

/// Opening minus closing brackets outside double-quoted strings.
fn bracket_balance(text: &str) -> i64 {
    let mut n = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' | '[' if !in_string => n += 1,
            '}' | ']' if !in_string => n -= 1,
            _ => {}
        }
    }
    n
}

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

fn columns(header: &[String]) -> Columns {
    let mut c = Columns::default();
    for (i, h) in header.iter().enumerate() {
        let slot = match header_kind(h) {
            Some("name") => &mut c.name,
            Some("required") => &mut c.required,
            Some("type") => &mut c.typ,
            Some("desc") => &mut c.desc,
            Some("location") => &mut c.location,
            Some("default") => &mut c.default,
            Some("range") => &mut c.range,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    c
}

/// A table with a second name column ("Parameter | Sub-Parameter | Type | Description", the
/// parent spanning the rows of its fields): rows whose sub-parameter is empty (`N/A`, `-`) stay
/// fields of the table; the others become one `Object` row for their parent, and a table of the
/// parent's fields (header without the parent column), returned with the parent's name.
fn split_sub_parameters(table: Table) -> (Table, Vec<(String, Table)>) {
    let name = table
        .header
        .iter()
        .position(|h| header_kind(h) == Some("name"));
    let sub = table
        .header
        .iter()
        .position(|h| header_kind(h) == Some("subname"));
    let (Some(name), Some(sub)) = (name, sub) else {
        return (table, Vec::new());
    };
    if sub == name {
        return (table, Vec::new());
    }
    let typ = table
        .header
        .iter()
        .position(|h| header_kind(h) == Some("type"));
    let without = |row: &[Cell], col: usize| -> Vec<Cell> {
        row.iter()
            .enumerate()
            .filter(|(i, _)| *i != col)
            .map(|(_, c)| c.clone())
            .collect()
    };
    let mut header = table.header.clone();
    header.remove(sub);
    let mut sub_header = table.header.clone();
    sub_header[sub] = "Parameter".to_string();
    sub_header.remove(name);
    let mut rows = Vec::new();
    let mut nested: Vec<(String, Table)> = Vec::new();
    for row in &table.rows {
        let parent = row.get(name).map(|c| c.text.trim()).unwrap_or("");
        let child = row.get(sub).map(|c| c.text.trim()).unwrap_or("");
        if parent.is_empty() || child.is_empty() || is_none_word(child) || child == "-" {
            rows.push(without(row, sub));
            continue;
        }
        match nested.iter_mut().find(|(p, _)| p == parent) {
            Some((_, t)) => t.rows.push(without(row, name)),
            None => {
                let mut parent_row: Vec<Cell> = header
                    .iter()
                    .map(|_| Cell {
                        text: String::new(),
                        links: Vec::new(),
                    })
                    .collect();
                let at = |col: usize| if col > sub { col - 1 } else { col };
                parent_row[at(name)].text = parent.to_string();
                if let Some(t) = typ {
                    parent_row[at(t)].text = "Object".to_string();
                }
                rows.push(parent_row);
                nested.push((
                    parent.to_string(),
                    Table {
                        header: sub_header.clone(),
                        rows: vec![without(row, name)],
                        line: table.line,
                        anchors: Vec::new(),
                    },
                ));
            }
        }
    }
    (
        Table {
            header,
            rows,
            line: table.line,
            anchors: table.anchors,
        },
        nested,
    )
}

fn read_status_table(table: &Table, code_col: usize, statuses: &mut BTreeMap<u16, StatusDraft>) {
    let n = table.header.len();
    for row in &table.rows {
        let Some(code) = row
            .get(code_col)
            .and_then(|c| STATUS_CODE.captures(&c.text))
            .and_then(|c| c[1].parse::<u16>().ok())
        else {
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

fn method_in_table(table: &Table) -> Option<MethodLine> {
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
            path = crate::uri::clean_path(c);
        }
    }
    let (p, q) = path?;
    Some(MethodLine {
        method: method?,
        path: p,
        query: q,
    })
}

static HEADER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][A-Za-z0-9]*|[a-z][a-z0-9]*)(?:-[A-Za-z0-9]+)+$").expect("valid regex")
});

/// The field names a table's rows give (empty cells left out).
fn row_names(table: &Table, cols: Columns) -> Vec<String> {
    table
        .rows
        .iter()
        .filter_map(|r| cell(r, cols.name))
        .map(|c| clean_name(&c.text))
        .filter(|n| !n.is_empty())
        .collect()
}

/// Whether tables on these sides describe the same message (a response table of no particular
/// status goes with any status).
fn sides_meet(a: Side, b: Side) -> bool {
    match (a, b) {
        (Side::Request, Side::Request) => true,
        (Side::Response(a), Side::Response(b)) => a == b || a.is_none() || b.is_none(),
        _ => false,
    }
}

/// Whether every row of a table names an HTTP header (`X-Auth-Token`, `Content-Type`): a
/// header table, whatever its caption says.
fn all_header_names(table: &Table, cols: Columns) -> bool {
    let names = row_names(table, cols);
    !names.is_empty()
        && names.iter().all(|n| {
            HEADER_NAME.is_match(n)
                && (n.starts_with(['X', 'x'])
                    || n.eq_ignore_ascii_case("content-type")
                    || n.eq_ignore_ascii_case("authorization")
                    || n.contains('-') && n.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        })
}

fn table_role(
    caption: Option<&str>,
    section: Section,
    side: Side,
    cols: Columns,
    tables: &[TableInfo],
) -> Role {
    if cols.location.is_some() {
        return Role::Located;
    }
    let by_caption = caption.map(caption_role).unwrap_or(CaptionRole::Generic);
    match by_caption {
        CaptionRole::Path => Role::Path,
        CaptionRole::Query => Role::Query,
        CaptionRole::Header if matches!(side, Side::Response(_)) => Role::ResponseHeader,
        CaptionRole::Header => Role::Header,
        CaptionRole::ResponseHeader => Role::ResponseHeader,
        CaptionRole::RequestBody if matches!(side, Side::Response(_)) => {
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
            let status = if let Side::Response(s) = side {
                s
            } else {
                None
            };
            response_root_or_unnamed(Side::Response(status), tables)
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
            Section::Request | Section::RequestExample if !matches!(side, Side::Response(_)) => {
                if tables.iter().any(|t| t.role == Role::RequestBody) {
                    Role::Unnamed
                } else {
                    Role::RequestBody
                }
            }
            Section::Response | Section::ResponseExample => response_root_or_unnamed(side, tables),
            _ if matches!(side, Side::Response(_)) => response_root_or_unnamed(side, tables),
            Section::Preamble | Section::Function
                if !tables.iter().any(|t| t.role == Role::UriMixed) =>
            {
                Role::UriMixed
            }
            _ => Role::Unnamed,
        },
    }
}

fn response_root_or_unnamed(side: Side, tables: &[TableInfo]) -> Role {
    let status = if let Side::Response(s) = side {
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

impl RawField {
    /// For a row typed as an object or a list of objects: whether it is a list, and the name
    /// the type cell gives the object (`tag` in `List<tag>`), if any.
    fn object_shape(&self) -> Option<(bool, Option<String>)> {
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

    /// What besides its type points the row at a sub-table.
    fn hints(&self) -> Hints {
        Hints {
            anchors: self.anchors.clone(),
            link: self.type_link.clone(),
            desc_table: self.desc_table,
            key_value: says_key_value(&self.info.description),
        }
    }
}

/// One table row as read, before its type is resolved.
#[derive(Clone)]
struct RawField {
    name: String,
    required: bool,
    typ: TypeExpr,
    type_link: Option<String>,
    /// Local anchors the type and description cells link to (`#table993`).
    anchors: Vec<String>,
    /// "See Table N" in the description, when the table is on this page.
    desc_table: Option<u32>,
    info: FieldInfo,
    location: Option<ParamLocation>,
    body_location: bool,
}

/// The type a description starts with, when it names one plainly: a scalar type word, a list
/// or map of one, or `Object`/`dict` (a capitalised first word is otherwise just prose).
fn type_leading(description: &str) -> Option<TypeExpr> {
    let first = description.split_whitespace().next()?;
    let typ = parse_type(first);
    let plain = matches!(
        &typ,
        TypeExpr::Scalar(_) | TypeExpr::Array(_) | TypeExpr::Map(_) | TypeExpr::Object(None)
    );
    // The word alone must be a type spelling, not the start of a sentence ("Array of ...").
    (plain && typ.is_known() && first.len() < description.trim().len()).then_some(typ)
}

/// Whether two normalised names differ only as plural and singular (`groups`/`group`,
/// `policies`/`policy`, `addresses`/`address`).
fn same_but_number(a: &str, b: &str) -> bool {
    let plural_of = |p: &str, s: &str| {
        p.strip_suffix('s') == Some(s)
            || p.strip_suffix("es") == Some(s)
            || p.strip_suffix("ies")
                .is_some_and(|stem| s.strip_suffix('y') == Some(stem))
    };
    a.len() > 2 && b.len() > 2 && (plural_of(a, b) || plural_of(b, a))
}

fn norm_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn cell(row: &[Cell], col: Option<usize>) -> Option<&Cell> {
    col.and_then(|i| row.get(i))
}

/// `是`/`Yes` → true; `否`/`No` → false; anything else is a condition, kept in `required_when`.
pub(crate) fn parse_required(text: &str) -> (bool, Option<String>) {
    let t = text.trim();
    let n = t.to_lowercase();
    let n = n.trim_end_matches(['。', '.']);
    match n {
        "是" | "yes" | "y" | "m" | "mandatory" | "required" | "必选" | "必填" | "true" | "必须"
        | "是。" => return (true, None),
        "否" | "no" | "n" | "o" | "optional" | "可选" | "选填" | "false" | "-" | "" | "非必选"
        | "非必填" | "不是" => return (false, None),
        _ => {}
    }
    if n.starts_with("是") || n.starts_with("yes") || n.starts_with("mandatory") {
        return (true, Some(t.to_string()));
    }
    (false, Some(t.to_string()))
}

pub(crate) fn is_required_word(text: &str) -> bool {
    let (_, cond) = parse_required(text);
    cond.is_none() && !text.trim().is_empty()
}

/// The field name in a name cell: the first line, without tree markers or notes.
fn clean_name(text: &str) -> String {
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

/// A parameter-table row that stands for the request body ("body", "See Table 2").
fn is_body_marker(f: &RawField) -> bool {
    f.name.eq_ignore_ascii_case("body")
        && !matches!(
            f.location,
            Some(ParamLocation::Query | ParamLocation::Header)
        )
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

struct Builder<'d, 'f> {
    diags: &'d mut Diags<'f>,
    tables: Vec<TableInfo>,
    template: Vec<String>,
    method: String,
    request_example: Option<Value>,
    request_example_line: u32,
    uri_query: Vec<String>,
}

impl Builder<'_, '_> {
    fn root(&self, role: &Role) -> Option<usize> {
        self.tables.iter().position(|t| &t.role == role)
    }

    fn raw_fields(&mut self, idx: usize) -> Vec<RawField> {
        let t = &self.tables[idx];
        let cols = t.cols;
        let mut out = Vec::new();
        let mut diags = Vec::new();
        for row in &t.table.rows {
            let Some(name_cell) = cell(row, cols.name) else {
                continue;
            };
            let several = split_names(&name_cell.text);
            let name = several
                .first()
                .cloned()
                .unwrap_or_else(|| clean_name(&name_cell.text));
            if name.is_empty() {
                continue;
            }
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
            let typ = if cols.typ.is_some() {
                parse_type(&type_cell.text)
            } else {
                // No type column: some pages start the description with the type
                // ("List<resource_tag> List of tags.", "String Operation to be performed.").
                cell(row, cols.desc)
                    .and_then(|c| type_leading(&c.text))
                    .unwrap_or(TypeExpr::Untyped)
            };
            if let TypeExpr::Unknown(s) = &typ {
                diags.push((t.table.line, format!("field `{name}`: expected a type such as String, Integer, Array of X objects or X object; found \"{s}\"")));
            }
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
            let mut info = FieldInfo {
                description,
                required_when,
                sensitive: is_sensitive_name(&name),
                ..Default::default()
            };
            extract_constraints(&mut info);
            let (location, body_location) =
                match cell(row, cols.location).map(|c| c.text.to_lowercase()) {
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
                };
            let type_link = link_target(&type_cell);
            let anchors: Vec<String> = type_cell
                .links
                .iter()
                .chain(
                    cell(row, cols.desc)
                        .into_iter()
                        .flat_map(|c| c.links.iter()),
                )
                .filter_map(|l| l.strip_prefix('#'))
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            // "详情请参见表8" linking to another page's table 8 is not this page's table 8.
            let desc_links_elsewhere =
                cell(row, cols.desc).is_some_and(|c| c.links.iter().any(|l| !l.starts_with('#')));
            let desc_table = if desc_links_elsewhere {
                None
            } else {
                desc_table_ref(&info.description)
            };
            // One row for several fields: "max/min/average/sum/variance".
            for extra in several.into_iter().skip(1) {
                out.push(RawField {
                    name: extra,
                    required,
                    typ: typ.clone(),
                    type_link: type_link.clone(),
                    anchors: anchors.clone(),
                    desc_table,
                    info: info.clone(),
                    location,
                    body_location,
                });
            }
            out.push(RawField {
                name,
                required,
                typ,
                type_link,
                anchors,
                desc_table,
                info,
                location,
                body_location,
            });
        }
        for (line, m) in diags {
            self.diags.warn(line, "unknown-type", m);
        }
        out
    }

    fn params(&mut self, ml: &MethodLine) -> Vec<Param> {
        let mut path_params: Vec<Param> = Vec::new();
        let mut query: Vec<Param> = Vec::new();
        let mut headers: Vec<Param> = Vec::new();
        for idx in 0..self.tables.len() {
            let role = self.tables[idx].role.clone();
            if !matches!(
                role,
                Role::Path | Role::Query | Role::Header | Role::UriMixed | Role::Located
            ) {
                continue;
            }
            for f in self.raw_fields(idx) {
                // A row named "body" stands for the request body itself ("See Table 2").
                if is_body_marker(&f) {
                    continue;
                }
                let loc = if self.template.iter().any(|p| p == &f.name) {
                    Some(ParamLocation::Path)
                } else if self.body_row(&role, &f) {
                    None
                } else {
                    match (f.location, &role) {
                        (Some(ParamLocation::Header), _) | (None, Role::Header) => {
                            Some(ParamLocation::Header)
                        }
                        _ => Some(ParamLocation::Query),
                    }
                };
                let Some(loc) = loc else { continue };
                let mut schema = self.param_schema(&f);
                if loc == ParamLocation::Query {
                    schema = crate::multi_value::query_schema(schema, &f.info.description);
                }
                let required = if loc == ParamLocation::Path {
                    true
                } else {
                    f.required
                };
                let p = Param {
                    location: loc,
                    name: f.name,
                    required,
                    schema,
                    info: f.info,
                };
                let list = match loc {
                    ParamLocation::Path => &mut path_params,
                    ParamLocation::Query => &mut query,
                    ParamLocation::Header => &mut headers,
                };
                if !list.iter().any(|x| x.name == p.name) {
                    list.push(p);
                }
            }
        }
        for q in &ml.query {
            if !query.iter().any(|p| &p.name == q) && !self.template.contains(q) {
                query.push(Param {
                    location: ParamLocation::Query,
                    name: q.clone(),
                    required: false,
                    schema: Schema::String,
                    info: FieldInfo::default(),
                });
            }
        }
        let mut ordered = Vec::new();
        for name in self.template.clone() {
            match path_params.iter().position(|p| p.name == name) {
                Some(i) => ordered.push(path_params.remove(i)),
                None => ordered.push(Param {
                    location: ParamLocation::Path,
                    name: name.clone(),
                    required: true,
                    schema: Schema::String,
                    info: FieldInfo::default(),
                }),
            }
        }
        ordered.extend(query);
        ordered.extend(headers);
        ordered
    }

    /// The table a "body" row of a parameter table refers to ("See Table 2"), if any.
    fn body_marker_table(&mut self) -> Option<usize> {
        for idx in 0..self.tables.len() {
            if !matches!(
                self.tables[idx].role,
                Role::Path | Role::Query | Role::UriMixed | Role::Located
            ) {
                continue;
            }
            for f in self.raw_fields(idx) {
                if is_body_marker(&f) {
                    let no = desc_table_ref(&f.info.description)?;
                    return self.tables.iter().position(|t| t.caption_no == Some(no));
                }
            }
        }
        None
    }

    /// The method can carry a body (DELETE only when the page shows one).
    fn has_body_method(&self) -> bool {
        matches!(self.method.as_str(), "POST" | "PUT" | "PATCH")
            || (self.method == "DELETE"
                && (self.request_example.is_some()
                    || self
                        .tables
                        .iter()
                        .any(|t| t.role == Role::RequestBody && t.body_caption)))
    }

    /// Whether a row of a parameter table (not the body table) is a body field: rows a location
    /// column puts in the body; rows of a mixed URI table that are not path or query
    /// parameters; rows of a path/query table that the JSON example shows in the body.
    fn body_row(&self, role: &Role, f: &RawField) -> bool {
        if self.template.contains(&f.name) || !self.has_body_method() || is_body_marker(f) {
            return false;
        }
        let in_example = match &self.request_example {
            Some(Value::Object(m)) => m.contains_key(&f.name),
            Some(Value::Array(a)) => a
                .first()
                .and_then(Value::as_object)
                .is_some_and(|m| m.contains_key(&f.name)),
            _ => false,
        };
        let in_uri_query = self.uri_query.contains(&f.name);
        match role {
            Role::Located => f.body_location,
            Role::Query | Role::Path => in_example && !in_uri_query,
            Role::UriMixed => {
                f.location.is_none()
                    && !in_uri_query
                    && (in_example
                        || self.root(&Role::RequestBody).is_none()
                        || self.request_example.is_none())
            }
            _ => false,
        }
    }

    fn param_schema(&mut self, f: &RawField) -> Schema {
        match &f.typ {
            TypeExpr::Scalar(s) => s.clone(),
            TypeExpr::Array(inner) => match inner.as_ref() {
                TypeExpr::Scalar(s) => Schema::array(s.clone()),
                _ => Schema::array(Schema::String),
            },
            _ => Schema::String,
        }
    }

    /// The request body: the body table (plus body rows of a mixed URI table), as an array
    /// when the example is a top-level array.
    fn request_body(&mut self) -> Option<Schema> {
        let mut fields: Vec<Field> = Vec::new();
        let example = self.request_example.clone();
        let item_example = match &example {
            Some(Value::Array(a)) => a.first().cloned(),
            other => other.clone(),
        };
        let mut found_table = false;
        // The body table, else the table a "body" row of a parameter table points at.
        let body_root = self
            .root(&Role::RequestBody)
            .or_else(|| self.body_marker_table());
        // Body rows of mixed, located or mis-captioned tables.
        for idx in 0..self.tables.len() {
            let role = self.tables[idx].role.clone();
            if !matches!(
                role,
                Role::UriMixed | Role::Located | Role::Query | Role::Path
            ) {
                continue;
            }
            let raw = self.raw_fields(idx);
            for f in raw {
                let is_body = !self.template.contains(&f.name) && self.body_row(&role, &f);
                if is_body && !fields.iter().any(|g| g.name == f.name) {
                    found_table = true;
                    let stack = vec![idx];
                    let ex = item_example.as_ref().and_then(|v| v.get(&f.name));
                    let fd = self.field(f, idx, &stack, ex);
                    fields.push(fd);
                }
            }
        }
        if let Some(idx) = body_root {
            found_table = true;
            for f in self.object_fields(idx, &[idx], item_example.as_ref()) {
                if !fields.iter().any(|g| g.name == f.name) {
                    fields.push(f);
                }
            }
        }
        let schema = if found_table {
            let s = Schema::Object(ObjectSchema { name: None, fields });
            match &example {
                Some(ex) => wrap_like_example(s, ex),
                None => s,
            }
        } else if let Some(ex) = &example {
            infer_schema(ex)
        } else {
            return None;
        };
        let schema = match (&example, schema) {
            (Some(Value::Array(_)), s @ Schema::Object(_)) => Schema::array(s),
            (_, s) => s,
        };
        if let Some(ex) = &example {
            let line = self.request_example_line;
            self.report_mismatches(line, "request example", &schema, ex);
        }
        Some(schema)
    }

    fn response_body(
        &mut self,
        code: u16,
        table_status: Option<u16>,
        example: Option<&Value>,
        example_line: Option<u32>,
    ) -> Option<Schema> {
        let root = self.root(&Role::ResponseBody(Some(code))).or_else(|| {
            if table_status.is_none() {
                self.root(&Role::ResponseBody(None))
            } else {
                None
            }
        });
        let item_example = match example {
            Some(Value::Array(a)) => a.first(),
            other => other,
        };
        let schema = match root {
            Some(idx) => Schema::Object(ObjectSchema {
                name: None,
                fields: self.object_fields(idx, &[idx], item_example),
            }),
            // An example `{}` without a table documents an empty body.
            None => match infer_schema(example?) {
                Schema::Object(o) if o.fields.is_empty() => return None,
                s => s,
            },
        };
        let schema = match (root, example) {
            (Some(_), Some(ex)) => wrap_like_example(schema, ex),
            _ => schema,
        };
        let schema = match (example, schema) {
            (Some(Value::Array(_)), s @ Schema::Object(_)) if root.is_some() => Schema::array(s),
            (_, s) => s,
        };
        if let (Some(ex), Some(_)) = (example, root) {
            self.report_mismatches(
                example_line.unwrap_or(1),
                &format!("{code} response example"),
                &schema,
                ex,
            );
        }
        Some(schema)
    }

    fn report_mismatches(&mut self, line: u32, what: &str, schema: &Schema, example: &Value) {
        for m in check_example(schema, example) {
            if m.wrong_type {
                self.diags.warn(
                    line,
                    "example-mismatch",
                    format!("{what} disagrees with the tables (the tables are kept): {m}"),
                );
            } else {
                self.diags.warn(
                    line,
                    "example-undocumented-field",
                    format!("{what} has a field the tables do not document: {m}"),
                );
            }
        }
    }

    fn object_fields(
        &mut self,
        idx: usize,
        stack: &[usize],
        example: Option<&Value>,
    ) -> Vec<Field> {
        let mut raw = self.raw_fields(idx);
        if let Some(Value::Object(ex)) = example {
            self.spell_like_example(&mut raw, ex, idx);
        }
        let mut out: Vec<Field> = Vec::with_capacity(raw.len());
        let mut rows: std::collections::VecDeque<RawField> = raw.into();
        while let Some(f) = rows.pop_front() {
            if out.iter().any(|x| x.name == f.name) {
                continue;
            }
            let ex = example.and_then(|v| v.get(&f.name));
            match self.fold_flattened(&f, &mut rows, idx, stack, ex, example) {
                Some(schema) => out.push(Field {
                    name: f.name,
                    required: f.required,
                    schema,
                    info: f.info,
                }),
                None => out.push(self.field(f, idx, stack, ex)),
            }
        }
        out
    }

    /// The rows after an object no table describes, which the example shows inside that object
    /// and not beside it (`tags | List<tag>`, then `key`, `value`), are its fields: the object's
    /// schema, with those rows taken from `rows`. Nothing is taken unless the example validates
    /// against the result.
    fn fold_flattened(
        &mut self,
        f: &RawField,
        rows: &mut std::collections::VecDeque<RawField>,
        idx: usize,
        stack: &[usize],
        ex: Option<&Value>,
        example: Option<&Value>,
    ) -> Option<Schema> {
        // The cheap tests first (most rows have no example object, or no such next row); the
        // table lookup last.
        let Some(Value::Object(parent)) = example else {
            return None;
        };
        let item = match ex? {
            Value::Array(a) => a.first()?,
            other => other,
        };
        let Value::Object(keys) = item else {
            return None;
        };
        let taken = rows
            .iter()
            .take_while(|r| {
                keys.contains_key(&r.name) && (!parent.contains_key(&r.name) || r.name == f.name)
            })
            .count();
        if taken == 0 {
            return None;
        }
        let (list, name) = self.undescribed_object(f, idx)?;
        // A bare `Object`/`dict` leaves the shape open: the example's array makes it a list.
        let list =
            list || (matches!(f.typ, TypeExpr::Object(None)) && ex.is_some_and(Value::is_array));
        let children: Vec<RawField> = rows.drain(..taken).collect();
        let diagnostics_before = self.diags.list.len();
        let mut fields: Vec<Field> = Vec::with_capacity(children.len());
        for c in children.iter() {
            if fields.iter().any(|x| x.name == c.name) {
                continue;
            }
            let cex = item.get(&c.name);
            fields.push(self.field(c.clone(), idx, stack, cex));
        }
        let object = Schema::Object(ObjectSchema { name, fields });
        if !example_validates(&object, item) {
            // The rows are not the object's fields after all: give them back (and forget what
            // reading them reported; they are read again).
            self.diags.list.truncate(diagnostics_before);
            for c in children.into_iter().rev() {
                rows.push_front(c);
            }
            return None;
        }
        Some(if list { Schema::array(object) } else { object })
    }

    /// A table not otherwise in use (no caption names it, or it is a body root that describes
    /// nothing at the example's top level) whose rows are all keys of `example`, at least two
    /// of them: the table that describes the object the example shows.
    fn table_by_example(
        &self,
        example: Option<&Value>,
        from: usize,
        stack: &[usize],
    ) -> Option<usize> {
        let Some(Value::Object(keys)) = example else {
            return None;
        };
        let side = self.tables[from].side;
        (0..self.tables.len())
            .filter(|&i| i != from && !stack.contains(&i))
            .filter(|&i| {
                let t = &self.tables[i];
                sides_meet(t.side, side) && matches!(t.role, Role::Unnamed)
            })
            .filter_map(|i| {
                let t = &self.tables[i];
                let names = row_names(&t.table, t.cols);
                (names.len() >= 2 && names.iter().all(|n| keys.contains_key(n)))
                    .then_some((names.len(), i))
            })
            .max()
            .map(|(_, i)| i)
    }

    /// For a row typed as an object (or a list of objects) that no table on the page
    /// describes: its [`RawField::object_shape`] (whether a list, and the name the type gives).
    fn undescribed_object(&self, f: &RawField, from: usize) -> Option<(bool, Option<String>)> {
        let (list, name) = f.object_shape()?;
        self.lookup(
            &[f.type_link.as_deref(), name.as_deref(), Some(&f.name)],
            &f.hints(),
            from,
        )
        .is_none()
        .then_some((list, name))
    }

    /// A table field the example spells in the plural or singular (`security_group_rule` in the
    /// table, `security_group_rules` in the example) takes the example's wire name when exactly
    /// one undocumented example key matches it.
    fn spell_like_example(
        &mut self,
        raw: &mut [RawField],
        ex: &serde_json::Map<String, Value>,
        idx: usize,
    ) {
        let loose = |s: &str| {
            let n = norm_name(s);
            n.strip_suffix('s').map(str::to_string).unwrap_or(n)
        };
        let documented: Vec<String> = raw.iter().map(|f| f.name.clone()).collect();
        let spare: Vec<&String> = ex.keys().filter(|k| !documented.contains(k)).collect();
        for f in raw.iter_mut() {
            if ex.contains_key(&f.name) {
                continue;
            }
            let want = loose(&f.name);
            // Singular and plural only: a difference of case alone is more often the example's slip.
            let matches: Vec<&&String> = spare
                .iter()
                .filter(|k| loose(k) == want && norm_name(k) != norm_name(&f.name))
                .filter(|k| {
                    k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                })
                .collect();
            if let [k] = matches.as_slice() {
                let line = self.tables[idx].table.line;
                self.diags.warn(
                    line,
                    "example-renames-field",
                    format!("field `{}` is spelled `{k}` in the example; the example's spelling is used on the wire", f.name),
                );
                f.name = (**k).clone();
            }
        }
    }

    fn field(
        &mut self,
        f: RawField,
        from: usize,
        stack: &[usize],
        example: Option<&Value>,
    ) -> Field {
        let schema = self.resolve(&f.typ, &f.hints(), &f.name, from, stack, example);
        let mut info = f.info;
        // A secret is a value; an object named "userPassword" holds a secret, it is not one.
        if schema.innermost_object().is_some() || matches!(schema, Schema::Ref { .. }) {
            info.sensitive = false;
        }
        Field {
            name: f.name,
            required: f.required,
            schema,
            info,
        }
    }

    /// Finds the table that describes `name`: the nearest following table on the same side,
    /// then any table on the same side, then any table.
    fn find_table(&self, name: &str, from: usize) -> Option<usize> {
        let want = norm_name(name);
        if want.is_empty() {
            return None;
        }
        let side = self.tables[from].side;
        let same_side = |t: &TableInfo| sides_meet(t.side, side);
        let exact = |t: &TableInfo| matches!(&t.role, Role::Named(n) if norm_name(n) == want);
        // A caption copied from a sibling page names the field in the plural or the singular
        // (`scaling_groups field description` for `scaling_group`): the last resort.
        let number = |t: &TableInfo| matches!(&t.role, Role::Named(n) if same_but_number(&norm_name(n), &want));
        let search = |matches: &dyn Fn(&TableInfo) -> bool| {
            (from + 1..self.tables.len())
                .find(|&i| matches(&self.tables[i]) && same_side(&self.tables[i]))
                .or_else(|| {
                    (0..self.tables.len())
                        .find(|&i| matches(&self.tables[i]) && same_side(&self.tables[i]))
                })
                .or_else(|| (0..self.tables.len()).find(|&i| matches(&self.tables[i])))
        };
        search(&exact).or_else(|| search(&number).filter(|&i| i != from))
    }

    fn named_object(
        &mut self,
        table: usize,
        name: &str,
        stack: &[usize],
        example: Option<&Value>,
    ) -> Schema {
        if stack.contains(&table) {
            return Schema::Ref {
                name: name.to_string(),
            };
        }
        let mut s = stack.to_vec();
        s.push(table);
        let fields = self.object_fields(table, &s, example);
        Schema::Object(ObjectSchema {
            name: Some(name.to_string()),
            fields,
        })
    }

    /// The sub-table a field's type refers to: by link target, by the type's name, by the
    /// field's name, then by a "see Table N" in its description.
    fn lookup(
        &self,
        names: &[Option<&str>],
        hints: &Hints,
        from: usize,
    ) -> Option<(usize, String)> {
        let fallback = names.iter().rev().flatten().next().copied().unwrap_or("");
        if let Some(i) = (0..self.tables.len()).find(|&i| {
            i != from
                && hints
                    .anchors
                    .iter()
                    .any(|a| self.tables[i].table.anchors.contains(a))
        }) {
            return Some((i, table_name(&self.tables[i].role, fallback)));
        }
        for n in names.iter().flatten() {
            if let Some(i) = self.find_table(n, from) {
                return Some((i, table_name(&self.tables[i].role, n)));
            }
        }
        let no = hints.desc_table?;
        let i = self.tables.iter().position(|t| {
            t.caption_no == Some(no) && matches!(t.role, Role::Named(_) | Role::Unnamed)
        })?;
        (i != from).then(|| {
            (
                i,
                table_name(
                    &self.tables[i].role,
                    names.last().copied().flatten().unwrap_or(""),
                ),
            )
        })
    }

    /// An object described by a sub-table, as an array when the type leaves the shape open and
    /// the example is an array.
    fn object_or_array(
        &mut self,
        idx: usize,
        name: &str,
        stack: &[usize],
        example: Option<&Value>,
        open: bool,
    ) -> Schema {
        match example {
            Some(Value::Array(a)) if open => {
                Schema::array(self.named_object(idx, name, stack, a.first()))
            }
            _ => self.named_object(idx, name, stack, example),
        }
    }

    fn resolve(
        &mut self,
        t: &TypeExpr,
        hints: &Hints,
        field: &str,
        from: usize,
        stack: &[usize],
        example: Option<&Value>,
    ) -> Schema {
        let line = self.tables[from].table.line;
        let link = hints.link.as_deref();
        match t {
            // "Integer" holding what 32 bits cannot (a timestamp in milliseconds): the example
            // shows the real width.
            TypeExpr::Scalar(Schema::Integer {
                format: apispec::IntFormat::Int32,
            }) if example
                .and_then(Value::as_i64)
                .is_some_and(|i| i32::try_from(i).is_err()) =>
            {
                Schema::INT64
            }
            TypeExpr::Scalar(s) => s.clone(),
            TypeExpr::Object(Some(n)) | TypeExpr::Named(n) => {
                if let Some((idx, _)) = self.lookup(&[link, Some(n), Some(field)], hints, from) {
                    return self.named_object(idx, n, stack, example);
                }
                // No caption names the type: an otherwise unused table whose fields are exactly
                // what the example shows for this field is its table.
                if let Some(idx) = self.table_by_example(example, from, stack) {
                    return self.named_object(idx, n, stack, example);
                }
                if matches!(t, TypeExpr::Named(_)) {
                    self.diags.warn(
                        line,
                        "unknown-type",
                        format!("field `{field}`: expected a type; \"{n}\" is neither a known type nor a table on the page"),
                    );
                } else {
                    self.diags.warn(
                        line,
                        "unresolved-type",
                        format!("field `{field}`: type `{n} object` names a table the page does not have; read from the example, else as any JSON value"),
                    );
                }
                example.map(infer_schema).unwrap_or(Schema::Any)
            }
            // "Object", "字典数据类型", no type column: a table or the example tells the shape.
            TypeExpr::Object(None) | TypeExpr::Untyped | TypeExpr::Unknown(_) => {
                let found = self.lookup(&[link, Some(field)], hints, from);
                // Key-value pairs ("属性为Map<String, Object>结构。key为网络名称，value为网络属性，
                // 详情请参见表7"): a map whose values the table describes, unless the table is
                // the pair itself (`key`, `value`).
                let pair_table =
                    found.as_ref().is_some_and(|(idx, _)| {
                        let cols = self.tables[*idx].cols;
                        self.tables[*idx].table.rows.iter().any(|r| {
                            cell(r, cols.name).is_some_and(|c| norm_name(&c.text) == "key")
                        })
                    });
                let value_example = match example {
                    None => Some(None),
                    Some(Value::Object(m)) => Some(m.values().find(|v| !v.is_null())),
                    Some(_) => None,
                };
                if let (true, false, Some(value_example)) =
                    (hints.key_value, pair_table, value_example)
                {
                    let values = match found {
                        Some((idx, name)) => {
                            self.object_or_array(idx, &name, stack, value_example, true)
                        }
                        None => value_example.map(infer_schema).unwrap_or(Schema::String),
                    };
                    return Schema::map(values);
                }
                if let Some((idx, name)) = found {
                    return self.object_or_array(idx, &name, stack, example, true);
                }
                if let Some(idx) = self.table_by_example(example, from, stack) {
                    let name = table_name(&self.tables[idx].role, field);
                    return self.named_object(idx, &name, stack, example);
                }
                match (t, example) {
                    (TypeExpr::Object(None), Some(v @ Value::Array(_))) => infer_schema(v),
                    (TypeExpr::Object(None), _) => Schema::Any,
                    (_, Some(v)) => infer_schema(v),
                    _ => Schema::Any,
                }
            }
            TypeExpr::TableRef(no) => {
                let hints = Hints {
                    anchors: Vec::new(),
                    link: None,
                    desc_table: Some(*no),
                    key_value: false,
                };
                match self.lookup(&[], &hints, from) {
                    Some((idx, _)) => {
                        let name = table_name(&self.tables[idx].role, field);
                        self.object_or_array(idx, &name, stack, example, true)
                    }
                    None => {
                        self.diags.warn(line, "unresolved-type", format!("field `{field}`: refers to table {no}, which the page does not have"));
                        example.map(infer_schema).unwrap_or(Schema::Any)
                    }
                }
            }
            TypeExpr::Array(inner) => {
                let item_example = match example {
                    Some(Value::Array(a)) => a.first(),
                    _ => None,
                };
                let items = match inner.as_ref() {
                    TypeExpr::Untyped | TypeExpr::Object(None) => {
                        let found = self.lookup(&[link, Some(field)], hints, from).or_else(|| {
                            self.table_by_example(item_example, from, stack)
                                .map(|i| (i, table_name(&self.tables[i].role, field)))
                        });
                        match found {
                            Some((idx, name)) => self.named_object(idx, &name, stack, item_example),
                            None => match (inner.as_ref(), item_example) {
                                (_, Some(v)) => infer_schema(v),
                                _ => Schema::Any,
                            },
                        }
                    }
                    other => self.resolve(other, hints, field, from, stack, item_example),
                };
                Schema::array(items)
            }
            TypeExpr::Map(inner) => {
                let value_example = match example {
                    Some(Value::Object(m)) => m.values().next(),
                    _ => None,
                };
                Schema::map(self.resolve(inner, hints, field, from, stack, value_example))
            }
        }
    }
}

/// What besides the type cell points at a sub-table.
#[derive(Debug, Default)]
struct Hints {
    /// Anchors the row links to (`#table993`): a table carrying one of them is the sub-table.
    anchors: Vec<String>,
    /// The target of a link in the type cell (`#request_NodeItem` → `NodeItem`).
    link: Option<String>,
    /// A "see Table N" / "详见表N" in the description.
    desc_table: Option<u32>,
    /// The description calls the value key-value pairs ("用户自定义metadata键值对"): an
    /// `Object` without a table of its own is then a map.
    key_value: bool,
}

/// Whether a description says its field holds key-value pairs.
fn says_key_value(description: &str) -> bool {
    // ASCII case-insensitive search, without a lowercased copy of every description.
    let has = |needle: &str| {
        description
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    description.contains("键值对")
        || [
            "key-value",
            "key/value",
            "key value pair",
            "key and value pair",
            "map<string",
            "map<str,",
        ]
        .iter()
        .any(|k| has(k))
}

/// A body table that lists the fields of an object the example wraps in one key
/// (`{"key_info": {...}}` where the table lists `key_id`, `key_state`): the table's fields under
/// that key. Anything else is returned unchanged.
fn wrap_like_example(schema: Schema, example: &Value) -> Schema {
    let (Schema::Object(o), Value::Object(ex)) = (&schema, example) else {
        return schema;
    };
    if o.fields.is_empty() || ex.len() != 1 || o.fields.iter().any(|f| ex.contains_key(&f.name)) {
        return schema;
    }
    let Some((key, inner)) = ex.iter().next() else {
        return schema;
    };
    let (inner_obj, is_array) = match inner {
        Value::Object(m) => (m, false),
        Value::Array(a) => match a.first() {
            Some(Value::Object(m)) => (m, true),
            _ => return schema,
        },
        _ => return schema,
    };
    let shared = o
        .fields
        .iter()
        .filter(|f| inner_obj.contains_key(&f.name))
        .count();
    if shared * 2 < o.fields.len() {
        return schema;
    }
    let wrapped = if is_array {
        Schema::array(schema)
    } else {
        schema
    };
    Schema::Object(ObjectSchema {
        name: None,
        fields: vec![Field {
            name: key.clone(),
            required: true,
            schema: wrapped,
            info: FieldInfo::default(),
        }],
    })
}

static DESC_TABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:see|参见|参考|见|refer to|described in|listed in)\s*(?:the\s*)?(?:table|表)\s*(\d+)").expect("valid regex")
});

/// "For details, see Table 6." / "详情请参见表3。" in a description.
fn desc_table_ref(description: &str) -> Option<u32> {
    DESC_TABLE
        .captures(description)
        .and_then(|c| c[1].parse().ok())
}

fn table_name(role: &Role, fallback: &str) -> String {
    match role {
        Role::Named(n) => n.clone(),
        _ => fallback.to_string(),
    }
}

/// Error codes an example error body shows (`APIG.2012`).
fn error_codes_in(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut visit = |o: &serde_json::Map<String, Value>| {
        for k in ["error_code", "errorCode", "code"] {
            if let Some(Value::String(s)) = o.get(k) {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
        }
    };
    if let Value::Object(o) = v {
        visit(o);
        for inner in o.values() {
            if let Value::Object(i) = inner {
                visit(i);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::types::TypeExpr;
    use apispec::{ObjectSchema, Schema};
    use serde_json::json;

    #[test]
    fn pages_without_method_line_or_operation_sections_are_reference_pages() {
        for (file, page) in [
            (
                "附录.md",
                "# 附录<a name=\"ecs_07_0000\"></a>\n\n-   **[状态码](状态码.md)**\n\n-   **[错误码](错误码.md)**\n",
            ),
            (
                "状态码.md",
                "# 状态码\n\n|状态码|编码|状态说明|\n|--|--|--|\n|100|Continue|继续请求。|\n|200|OK|请求成功。|\n",
            ),
            (
                "数据结构.md",
                "# 数据结构\n\n**表 1** server字段说明\n\n|参数|参数类型|描述|\n|--|--|--|\n|id|String|云服务器ID。|\n",
            ),
            (
                "LICENSE.md",
                "# 署名 4.0 国际\n\n知识共享组织不是律师事务所。\n\n## 使用知识共享公共许可协议\n\n正文。\n",
            ),
            (
                "API概览.md",
                "# API概览\n\n云服务器管理接口：\n\n|类型|说明|\n|--|--|\n|云服务器管理|包括创建、删除云服务器。|\n",
            ),
        ] {
            let p = crate::parse_page(file, page.as_bytes());
            assert_eq!(p.kind, crate::PageKind::Reference, "{file}");
            assert!(p.operation.is_none());
            assert!(p.diagnostics.is_empty(), "{file}: {:?}", p.diagnostics);
        }
    }

    #[test]
    fn an_operation_page_without_a_method_line_is_still_an_error() {
        for page in [
            // URI, request and response sections, no method line.
            "# 删除云服务器\n\n## 功能介绍\n\n删除云服务器。\n\n## URI\n\n见下文。\n\n## 请求消息\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|servers|是|Array|列表。|\n\n## 响应消息\n\n无\n",
            // URI and an API Explorer link.
            "# 查询配额\n\n[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=ECS&api=ShowQuota)\n\n## URI\n\nGET\n",
        ] {
            let p = crate::parse_page("x.md", page.as_bytes());
            assert_eq!(p.kind, crate::PageKind::Operation);
            assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
            assert_eq!(p.diagnostics[0].code, "no-method-line");
            assert_eq!(p.diagnostics[0].severity, apispec::Severity::Error);
        }
    }

    #[test]
    fn guides_showing_requests_are_reference_pages_with_a_note() {
        for page in [
            // "Making an API request": a 请求URI section, requests with hosts.
            "# 构造请求\n\n## 请求URI\n\n**{URI-scheme}://{Endpoint}/{resource-path}?{query-string}**\n\n## 请求方法\n\nHTTP方法：GET、PUT、POST、DELETE。\n",
            // Pagination: request and response sections, no URI.
            "# 分页查询\n\n## 功能介绍\n\n分页查询。\n\n## 请求消息\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|limit|否|Integer|每页条数。|\n\n## 响应消息\n\n无\n",
            // An example scenario linking to API Explorer.
            "# 示例1：创建伸缩配置\n\n## 调试\n\n您可以在[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=AS&api=CreateScalingConfig)中调试该接口。\n",
        ] {
            let p = crate::parse_page("x.md", page.as_bytes());
            assert_eq!(p.kind, crate::PageKind::Reference);
            assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
            assert_eq!(p.diagnostics[0].code, "no-method-line");
            assert_eq!(p.diagnostics[0].severity, apispec::Severity::Note);
        }
    }

    /// The object a page's request body is.
    fn request_object(page: &str) -> ObjectSchema {
        let op = crate::parse_page("p.md", page.as_bytes())
            .operation
            .expect("an operation");
        match op.request_body {
            Some(Schema::Object(o)) => o,
            other => panic!("expected an object request body, got {other:?}"),
        }
    }

    /// The object a page's 200 response body is.
    fn response_object(page: &str) -> ObjectSchema {
        let op = crate::parse_page("p.md", page.as_bytes())
            .operation
            .expect("an operation");
        match op.responses[&200].body.clone() {
            Some(Schema::Object(o)) => o,
            other => panic!("expected an object response body, got {other:?}"),
        }
    }

    fn names(o: &ObjectSchema) -> Vec<&str> {
        o.fields.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn an_example_fenced_line_by_line_is_read_whole() {
        let page = "# Querying Flavors\n\n## URI\n\nGET /v1/{project_id}/flavors\n\n## Response\n\nExample response:\n\n```\n{\n```\n\n```\n \"products\": [\n```\n\n```\n  { \"capacity\": 64 }\n```\n\n```\n ]\n```\n\n```\n}\n```\n\n## Status Code\n\nNext block stays apart:\n\n```\n{\"a\": 1}\n```\n";
        let r = crate::parse_page("p.md", page.as_bytes());
        let op = r.operation.expect("an operation");
        let example = op.responses.values().find_map(|r| r.example.clone());
        assert_eq!(example, Some(json!({"products": [{"capacity": 64}]})));
        assert!(
            r.diagnostics
                .iter()
                .all(|d| d.code != "invalid-json-example"),
            "{:?}",
            r.diagnostics
        );
    }

    #[test]
    fn sub_parameter_columns_nest_fields() {
        let page = "# Creating a Tracker\n\n## URI\n\nPOST /v1/{project_id}/tracker\n\n## Request\n\n**Table 2** Parameters in the request\n\n<table><thead><tr><th>Parameter</th><th>Sub-Parameter</th><th>Type</th><th>Description</th></tr></thead><tbody>\n<tr><td>tracker_name</td><td>N/A</td><td>String</td><td>Name.</td></tr>\n<tr><td rowspan=\"2\">smn</td><td>is_support_smn</td><td>Boolean</td><td>On.</td></tr>\n<tr><td>topic_id</td><td>String</td><td>Topic.</td></tr>\n</tbody></table>\n";
        let r = crate::parse_page("p.md", page.as_bytes());
        let op = r.operation.expect("an operation");
        let body = op.request_body.expect("a body");
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"type": "object", "fields": [
                {"name": "tracker_name", "required": false, "type": {"type": "string"}, "description": "Name."},
                {"name": "smn", "required": false, "type": {"type": "object", "name": "smn", "fields": [
                    {"name": "is_support_smn", "required": false, "type": {"type": "boolean"}, "description": "On."},
                    {"name": "topic_id", "required": false, "type": {"type": "string"}, "description": "Topic."}
                ]}}
            ]})
        );
    }

    #[test]
    fn key_value_objects_are_maps() {
        let page = "# Updating Metadata\n\n## URI\n\nPOST /v1/{project_id}/servers/{server_id}/metadata\n\n## Request\n\n| Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n| metadata | Yes | Object | User-defined metadata key-value pairs. |\n| extra | No | Object | Anything. |\n\n## Example Request\n\n```\n{\"metadata\": {\"key\": \"value\"}, \"extra\": {\"a\": 1}}\n```\n";
        let o = request_object(page);
        assert_eq!(o.fields[0].schema, Schema::map(Schema::String));
        // Without the words, an `Object` with no table stays open.
        assert_eq!(o.fields[1].schema, Schema::Any);
    }

    #[test]
    fn a_map_whose_values_a_table_describes() {
        let page = "# Querying a Server\n\n## URI\n\nGET /v1/servers/{server_id}\n\n## Response\n\n**Table 2** Response parameters\n\n| Parameter | Type | Description |\n|---|---|---|\n| addresses | Object | Addresses, a Map&lt;String, Object&gt;: key is the network name, value see Table 3. |\n| tag | Object | A key-value pair, see Table 4. |\n\n**Table 3** address\n\n| Parameter | Type | Description |\n|---|---|---|\n| addr | String | Address. |\n\n**Table 4** tag\n\n| Parameter | Type | Description |\n|---|---|---|\n| key | String | Key. |\n| value | String | Value. |\n\n## Example Response\n\n```\n{\"addresses\": {\"net-1\": [{\"addr\": \"10.0.0.1\"}]}, \"tag\": {\"key\": \"a\", \"value\": \"b\"}}\n```\n";
        let o = response_object(page);
        assert_eq!(
            o.fields[0].schema.describe(),
            "map of array of object address"
        );
        assert_eq!(o.fields[1].schema.describe(), "object tag");
    }

    #[test]
    fn rows_after_an_undescribed_object_are_its_fields_when_the_example_says_so() {
        let page = "# Querying Tags\n\n## URI\n\nGET /v2/tags\n\n## Response\n\n| Parameter | Type | Description |\n|---|---|---|\n| tags | List<tag> | Tags. |\n| key | String | Key. |\n| value | String | Value. |\n| total | Integer | Count. |\n\n## Example Response\n\n```\n{\"tags\": [{\"key\": \"k\", \"value\": \"v\"}], \"total\": 1}\n```\n";
        let o = response_object(page);
        assert_eq!(names(&o), ["tags", "total"]);
        assert_eq!(o.fields[0].schema.describe(), "array of object");
        // When the example contradicts the rows, they stay where the table puts them.
        let page = page.replace("\"key\": \"k\"", "\"key\": [1]");
        let o = response_object(&page);
        assert_eq!(o.fields.len(), 4);
    }

    #[test]
    fn a_query_captioned_table_the_example_shows_as_the_body_is_the_body() {
        let page = "# Creating a Certificate\n\n## URI\n\nPOST /v2/{project_id}/certificates\n\n## Request\n\n**Table 2** Query parameters\n\n| Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n| admin_state_up | No | Boolean | Reserved. |\n| name | No | String | Name. |\n| certificate | Yes | String | PEM. |\n\n## Example Request\n\n```\n{\"name\": \"c\", \"certificate\": \"PEM\"}\n```\n";
        let r = crate::parse_page("p.md", page.as_bytes());
        let op = r.operation.expect("an operation");
        assert!(
            op.params.iter().all(|p| p.name != "admin_state_up"),
            "{:?}",
            op.params
        );
        let o = request_object(page);
        assert_eq!(names(&o), ["admin_state_up", "name", "certificate"]);
        assert!(o.fields[2].required);
    }

    #[test]
    fn types_leading_descriptions_without_a_type_column() {
        use super::type_leading;
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
    fn a_type_no_caption_names_takes_the_table_the_example_matches() {
        let page = "# Adding Tags\n\n## URI\n\nPOST /v2/{project_id}/stream/{stream_id}/tags/action\n\n| Parameter | Mandatory | Description |\n|---|---|---|\n| project_id | Yes | Project ID. |\n| stream_id | Yes | Stream ID. |\n| tags | Yes | List<resource_tag> List of tags. |\n| action | Yes | String Operation to be performed. |\n\n## Request\n\n| Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n| key | Yes | String | Key. |\n| value | Yes | String | Value. |\n\n## Example Request\n\n```\n{\"action\": \"create\", \"tags\": [{\"key\": \"k\", \"value\": \"v\"}]}\n```\n";
        let o = request_object(page);
        assert_eq!(names(&o), ["tags", "action"]);
        let Schema::Array { items } = &o.fields[0].schema else {
            panic!()
        };
        let Schema::Object(tag) = items.as_ref() else {
            panic!()
        };
        // The fields come from the table (required, typed), not from the example.
        assert!(tag.fields.iter().all(|f| f.required), "{tag:?}");
        assert!(o.fields[0].required);
    }

    #[test]
    fn an_integer_the_example_shows_beyond_32_bits_is_64_bits() {
        let page = "# Listing Users\n\n## URI\n\nGET /v2/users\n\n## Response\n\n| Parameter | Type | Description |\n|---|---|---|\n| created_time | Integer | Milliseconds. |\n| count | Integer | Count. |\n\n## Example Response\n\n```\n{\"created_time\": 1599811200000, \"count\": 2}\n```\n";
        let o = response_object(page);
        assert_eq!(o.fields[0].schema, Schema::INT64);
        assert_eq!(o.fields[1].schema, Schema::INT32);
    }

    #[test]
    fn plural_and_singular_names() {
        use super::same_but_number as same;
        assert!(same("scalinggroups", "scalinggroup"));
        assert!(same("policy", "policies"));
        assert!(same("addresses", "address"));
        assert!(!same("tag", "tags2"));
        assert!(!same("s", ""));
    }

    #[test]
    fn bracket_balance_ignores_strings() {
        assert_eq!(super::bracket_balance(r#"{ "a": "[{", "b": [1] "#), 1);
        assert_eq!(super::bracket_balance(r#"{ "a": "\"}" }"#), 0);
    }
}
