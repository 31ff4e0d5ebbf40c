//! Stage 5, **operation**: the outline and the page's tables → one [`Operation`] and the
//! [`PageResult`].
//!
//! First what kind of page it is: an operation page has a method line and the URI, request
//! and response sections Huawei writes every operation page with; a guide shows requests
//! without them; anything else is a page operation pages lean on (error-code pages yield
//! their codes). Then, for an operation: the parameters ([`params`]), the request and
//! response bodies ([`bodies`], through [`crate::resolve`]), the responses by status
//! ([`responses`]), the media type of a non-JSON body and the deprecation note.

use serde_json::Value;

use apispec::{Diagnostic, ErrorCode, Lang, Operation, Schema};

use crate::diagnostics::{Code, PageSink};
use crate::outline::Outline;
use crate::resolve::Resolver;
use crate::tables::{param_tables, settle_roles, ParamTable};
use crate::vocab::uri::{api_version_of, placeholders, MethodLine};

mod bodies;
pub mod deprecation;
pub mod multi_value;
mod params;
mod responses;
#[cfg(test)]
mod tests;

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
    /// What other pages of the service may point at, and the fields this page says another
    /// page describes (resolved per service, [`crate::normalize::cross_page`]).
    pub cross: crate::normalize::cross_page::CrossPage,
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

/// One operation's request and its tables, as the parameters and bodies are read from them.
pub(crate) struct Exchange<'a, 'f> {
    r: Resolver<'a, 'f>,
    template: Vec<String>,
    method: String,
    request_example: Option<Value>,
    request_example_line: u32,
    uri_query: Vec<String>,
}

/// The result of a page from its outline.
pub fn page_result(mut outline: Outline, sink: &mut PageSink<'_>) -> PageResult {
    let lang = outline.lang;
    let title_line = outline.title.as_ref().map_or(0, |t| t.1).max(1);
    let not_an_operation =
        |kind, error_codes, tables: Vec<crate::outline::TableBlock>, sink: &mut PageSink<'_>| {
            // rule: cross_page_ref (a page operation pages lean on describes their objects)
            let tables = param_tables(tables);
            let cross = crate::normalize::cross_page::page_cross(&tables, None, Vec::new(), sink);
            PageResult {
                operation: None,
                kind,
                error_codes,
                lang,
                diagnostics: sink.take(),
                examples: Vec::new(),
                cross,
            }
        };
    let uri = outline.uri_section;
    let exchange = outline.exchange_section;
    let explorer = outline.explorer_name.is_some();
    let Some((ml, _)) = outline.method_line() else {
        // No method line. A page built as an operation page is one whose method line cannot
        // be read. Anything else is a page operation pages lean on (overview, guide, example
        // scenario, data structures, status or error codes, the licence); one with some of
        // those sections (a guide showing requests) gets a note.
        if uri && (exchange || explorer) {
            sink.emit(
                Code::NoMethodLine,
                title_line,
                "expected an HTTP method and path (\"POST /v1/{project_id}/...\") in the URI section; found none",
            );
            return not_an_operation(PageKind::Operation, Vec::new(), Vec::new(), sink);
        }
        if uri || exchange || explorer {
            sink.emit(
                Code::NoMethodLineNote,
                title_line,
                "expected an HTTP method and path (\"POST /v1/{project_id}/...\") if this page documents an operation; found none, nor the URI section with request or response sections of an operation page: read as a page operation pages lean on",
            );
        }
        let mut error_codes = Vec::new();
        for (t, c) in &outline.error_tables {
            error_codes.extend(crate::outline::error_codes::read(t, c));
        }
        let tables = std::mem::take(&mut outline.tables);
        return not_an_operation(PageKind::Reference, error_codes, tables, sink);
    };
    // Huawei writes every operation page as a URI section (its method line) with request and
    // response sections. A page with a method line but none of those sections is a guide or
    // an example scenario showing requests ("场景描述", "涉及接口", "操作步骤"): a page
    // operation pages lean on.
    if !uri && !exchange {
        sink.emit(
            Code::GuidePage,
            title_line,
            "read as a guide or example scenario, not an operation: it shows a request line but has none of the URI, request and response sections of an operation page",
        );
        let tables = std::mem::take(&mut outline.tables);
        return not_an_operation(PageKind::Reference, Vec::new(), tables, sink);
    }
    let mut tables = param_tables(std::mem::take(&mut outline.tables));
    let request_example = outline.request_examples.first().map(|(v, _)| v.clone());
    settle_roles(&mut tables, &ml.method, request_example.as_ref(), &ml.query);
    operation_page(outline, ml, &tables, request_example, sink)
}

/// The page result of an operation page.
fn operation_page(
    mut outline: Outline,
    ml: MethodLine,
    tables: &[ParamTable],
    request_example: Option<Value>,
    sink: &mut PageSink<'_>,
) -> PageResult {
    let lang = outline.lang;
    let mut x = Exchange {
        r: Resolver::new(tables, sink),
        template: placeholders(&ml.path),
        method: ml.method.clone(),
        request_example,
        request_example_line: outline
            .request_examples
            .first()
            .map(|(_, l)| *l)
            .unwrap_or(1),
        uri_query: ml.query.clone(),
    };
    let params = x.params(&ml);
    let request_body = if outline.request_none
        && crate::tables::root(tables, &crate::tables::Role::RequestBody).is_none()
        && x.request_example.is_none()
    {
        None
    } else {
        x.request_body()
    };
    let (title, title_line) = outline.title.clone().unwrap_or_default();
    let (responses, examples) = x.responses(&mut outline);
    let request_content_type = crate::content_type::request_content_type(
        &params,
        &outline.body_evidence.example_media_types,
        outline.body_evidence.form_table,
        outline.body_evidence.file_field,
    )
    .filter(|_| !matches!(ml.method.as_str(), "GET" | "HEAD"));
    let deprecated = deprecation::of(&title, &outline.description);
    let explorer_name = outline.explorer_name;
    let mut op = Operation {
        name: explorer_name.clone().unwrap_or_default(),
        name_source: if explorer_name.is_some() {
            apispec::NameSource::Explorer
        } else {
            apispec::NameSource::Path
        },
        summary: title,
        description: outline.description.join("\n"),
        deprecated,
        request_content_type,
        api_version: api_version_of(&ml.path),
        method: ml.method,
        path: ml.path,
        params,
        request_body,
        request_example: x.request_example.clone(),
        responses,
        sources: vec![apispec::SourceRef {
            file: x.r.sink.file().to_string(),
            lang,
            line: title_line.max(1),
        }],
    };
    no_body_where_none_goes(&mut op, x.request_example_line, x.r.sink);
    // rule: cross_page_ref (fields described on another page; this page's tables for others)
    let row_refs = std::mem::take(&mut x.r.page_refs);
    let cross = crate::normalize::cross_page::page_cross(tables, Some(&op), row_refs, x.r.sink);
    PageResult {
        operation: Some(op),
        kind: PageKind::Operation,
        error_codes: Vec::new(),
        lang,
        diagnostics: x.r.sink.take(),
        examples,
        cross,
    }
}

/// GET and HEAD carry no body (RFC 9110 gives a body no meaning there, and no Huawei Cloud
/// API reads one): what a page shows as their request example is a response or another
/// operation's request, and what it documents as body fields are query parameters. A DELETE
/// whose body has no fields and no example has none.
fn no_body_where_none_goes(op: &mut Operation, example_line: u32, sink: &mut PageSink<'_>) {
    if op.method == "GET" || op.method == "HEAD" {
        let empty = matches!(&op.request_body, Some(Schema::Object(o)) if o.fields.is_empty());
        if op.request_example.is_some() || (op.request_body.is_some() && !empty) {
            sink.emit(
                Code::BodyOnGet,
                example_line,
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
}
