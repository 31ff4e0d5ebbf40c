//! The walk over a page's blocks: where each block stands, what it adds to the outline.

use crate::blocks::{Block, Table};
use crate::diagnostics::{Code, PageSink};
use crate::json::{parse_example, JsonExample};
use crate::vocab::columns::{status_column, Columns};
use crate::vocab::sections::{caption_of, label_of, section_of, Label, Section};
use crate::vocab::uri::{method_label, method_line, path_label};
use crate::vocab::words::{is_none_word, leading_status_codes};

use super::status::{method_in_table, read_status_table};
use super::{split_sub_parameters, Outline, TableBlock};

pub(super) struct Walker<'s, 'f> {
    pub out: Outline,
    sink: &'s mut PageSink<'f>,
    section: Section,
    label: Option<Label>,
    status_ctx: Option<u16>,
    pending_caption: Option<(u32, String)>,
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

/// Sections operation pages are made of besides the URI: request, response or their examples.
fn is_exchange(s: Section) -> bool {
    matches!(
        s,
        Section::Request | Section::Response | Section::RequestExample | Section::ResponseExample
    )
}

impl<'s, 'f> Walker<'s, 'f> {
    pub fn new(
        lang: apispec::Lang,
        explorer_name: Option<String>,
        sink: &'s mut PageSink<'f>,
    ) -> Self {
        Walker {
            out: Outline {
                lang,
                explorer_name,
                title: None,
                description: Vec::new(),
                method_lines: Vec::new(),
                label_method: None,
                label_path: None,
                tables: Vec::new(),
                request_examples: Vec::new(),
                statuses: Default::default(),
                success_listed: Vec::new(),
                request_none: false,
                response_none: false,
                uri_section: false,
                exchange_section: false,
                error_tables: Vec::new(),
                body_evidence: Default::default(),
            },
            sink,
            section: Section::Preamble,
            label: None,
            status_ctx: None,
            pending_caption: None,
        }
    }

    pub fn block(&mut self, block: Block) {
        match block {
            Block::Heading { level, text, line } => self.heading(level, text, line),
            Block::Text {
                text,
                line,
                list_item,
                ..
            } => self.text(text, line, list_item),
            Block::Table(table) => self.table(table),
            Block::Code { text, line } => self.code(text, line),
        }
    }

    fn apply_label(&mut self, l: Label) {
        if let Label::Status(code) = l {
            self.status_ctx = Some(code);
            self.out.statuses.entry(code).or_default();
            return;
        }
        self.label = Some(l);
    }

    fn heading(&mut self, level: u8, text: String, line: u32) {
        if level == 1 && self.out.title.is_none() {
            self.out.title = Some((text, line));
            return;
        }
        if let Some(s) = section_of(&text) {
            self.out.uri_section |= s == Section::Uri;
            self.out.exchange_section |= is_exchange(s);
            self.section = s;
            self.label = None;
            self.status_ctx = None;
            self.pending_caption = None;
        } else if let Some(l) = label_of(&text) {
            self.apply_label(l);
        } else if let Some(m) = method_line(&text) {
            self.out.method_lines.push((m, self.section, line));
        } else if level == 2 {
            self.section = Section::Other;
            self.label = None;
            self.status_ctx = None;
        } else if self.out.title.is_none() {
            self.out.title = Some((text, line));
        }
    }

    /// In a request section (not under a response-example label): a request example's
    /// headers or curl command may show the body's media type.
    fn note_media_type(&mut self, text: &str) {
        if matches!(self.section, Section::Request | Section::RequestExample)
            && self.label != Some(Label::ResponseExample)
        {
            if let Some(t) = crate::content_type::in_code(text) {
                self.out.body_evidence.example_media_types.push(t);
            }
        }
    }

    fn text(&mut self, text: String, line: u32, list_item: bool) {
        if self.out.title.is_none() {
            self.out.title = Some((text, line));
            return;
        }
        // A request example's headers (or its curl command) quoted as text.
        self.note_media_type(&text);
        if let Some(m) = method_line(&text) {
            // rule: query_template
            if crate::rules::query_template::left_open(&text) {
                self.sink.emit(Code::UnclosedQueryTemplate, line, "the method line's query template `{?…` has no closing `}`: the names up to the end of the line are read as query parameters");
            }
            self.out.method_lines.push((m, self.section, line));
            return;
        }
        if let Some(m) = method_label(&text) {
            self.out.label_method = Some(m);
            return;
        }
        if let Some((p, q)) = path_label(&text) {
            self.out.label_path = Some((p, q, line));
            return;
        }
        if let Some(c) = caption_of(&text) {
            self.pending_caption = Some(c);
            return;
        }
        if let Some(l) = label_of(&text) {
            self.apply_label(l);
            return;
        }
        // rule: bulleted_label
        if list_item {
            if let Some(c) = crate::rules::bulleted_label::caption(&text) {
                self.pending_caption = Some((0, c));
                return;
            }
        }
        if let Some(s) = section_of(&text) {
            // A section named by a line of its own (not a heading) still tells an operation
            // page.
            self.out.uri_section |= s == Section::Uri;
            self.out.exchange_section |= is_exchange(s);
            return;
        }
        self.prose(text);
    }

    fn prose(&mut self, text: String) {
        let none_word = is_none_word(&text);
        let label = self.label;
        match self.section {
            Section::Function | Section::Preamble => self.out.description.push(text),
            Section::Request if none_word && label != Some(Label::RequestExample) => {
                self.out.request_none = true
            }
            Section::StatusCodes if label == Some(Label::Normal) => {
                for code in leading_status_codes(&text) {
                    self.out.success_listed.push(code);
                    self.out.statuses.entry(code).or_default();
                }
            }
            Section::Response
                if self.status_ctx.is_none()
                    && none_word
                    && label != Some(Label::ResponseExample) =>
            {
                self.out.response_none = true
            }
            Section::Response | Section::ResponseExample => {
                if let Some(code) = self.status_ctx {
                    let d = self.out.statuses.entry(code).or_default();
                    if none_word || text.eq_ignore_ascii_case("no content") {
                        d.no_content = d.no_content || text.eq_ignore_ascii_case("no content");
                    }
                    if d.description.is_empty() {
                        d.description = text;
                    }
                }
            }
            _ => {}
        }
    }

    fn table(&mut self, table: Table) {
        let caption = self.pending_caption.take();
        if let Some(c) = super::error_codes::columns(&table.header) {
            self.out.error_tables.push((table.clone(), c));
        }
        let request_side = !matches!(self.section, Section::Response | Section::ResponseExample)
            && !matches!(self.label, Some(Label::ResponseParams));
        if request_side {
            let evidence = &mut self.out.body_evidence;
            evidence.form_table |= caption
                .as_ref()
                .is_some_and(|c| crate::content_type::is_form_caption(&c.1));
            evidence.file_field |= crate::content_type::has_file_field(&table);
        }
        // "Parameter | Sub-Parameter | Type": the fields of each object in the first column
        // become a table of their own, after this one.
        let (table, nested) = split_sub_parameters(table);
        let cols = Columns::of(&table.header);
        if let Some(code_col) = status_column(&table.header) {
            if cols.name.is_none() || cols.name == Some(code_col) {
                read_status_table(&table, code_col, &mut self.out.statuses);
                return;
            }
        }
        if self.section == Section::ErrorCodes {
            return;
        }
        if cols.name.is_none() {
            // An HTML table holding the method and path (apig legacy pages).
            if let Some(m) = method_in_table(&table) {
                self.out.method_lines.push((m, self.section, table.line));
            }
            return;
        }
        if cols.typ.is_none() && cols.required.is_none() && cols.desc.is_none() {
            return;
        }
        self.out.tables.push(TableBlock {
            table,
            caption,
            section: self.section,
            label: self.label,
            status: self.status_ctx,
            cols,
            nested,
        });
    }

    fn code(&mut self, text: String, line: u32) {
        self.note_media_type(&text);
        if self.out.method_lines.is_empty()
            && matches!(
                self.section,
                Section::Uri | Section::Preamble | Section::Function
            )
        {
            for l in text.lines() {
                if let Some(m) = method_line(l) {
                    self.out.method_lines.push((m, Section::Uri, line));
                    break;
                }
            }
            if crate::json::json_start(&text).is_none() {
                return;
            }
        }
        let Some(kind) = example_kind(self.section, self.label) else {
            return;
        };
        if crate::json::json_start(&text).is_none() {
            return;
        }
        let value = match parse_example(&text) {
            Ok(JsonExample::Strict(v)) => v,
            Ok(JsonExample::Repaired(v)) => {
                self.sink.emit(Code::RepairedJsonExample, line, "the example is not valid JSON; read it after repairs (comments, commas, quotes or full-width punctuation)");
                v
            }
            Err(e) => {
                self.sink.emit(
                    Code::InvalidJsonExample,
                    line,
                    format!("expected a JSON example; could not read it: {e}"),
                );
                return;
            }
        };
        match kind {
            ExampleKind::Request => self.out.request_examples.push((value, line)),
            ExampleKind::Response => {
                let code = self.status_ctx.unwrap_or(0);
                let d = self.out.statuses.entry(code).or_default();
                d.examples.push((value, line));
            }
        }
    }
}
