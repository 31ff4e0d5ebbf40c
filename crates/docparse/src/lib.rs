//! Reads Huawei Cloud API reference pages into the [`apispec`] model.
//!
//! # The stages
//!
//! A page goes through five stages, each a module with a typed result handed to the next;
//! the pages of one service then go through the sixth. To follow one page, read them in
//! this order ([`parse_page`] runs the first five, [`load_services`] all six):
//!
//! 1. [`read`]: the page's text → [`blocks::Block`]s (headings, prose, code, tables). The
//!    format (Markdown with HTML tables, HTML, plain text copied from the web site) is detected
//!    from the content; one reader per format ([`read::markdown`], [`read::html`] with
//!    [`read::html_table`], [`read::text`]), inline cleanup in [`inline`].
//! 2. [`outline`]: blocks → [`outline::Outline`]: title and description, sections and labels,
//!    method lines, the candidate parameter tables with their captions and where the page puts
//!    them, JSON examples, status codes.
//! 3. [`tables`]: the outline's tables → [`tables::ParamTable`]s: each with its side and
//!    [`tables::Role`] (path, query, header, request or response body, a named object), the
//!    column kinds ([`vocab::columns::ColumnKind`]) and every row read once
//!    ([`tables::rows::Row`]); roles the method and the request example contradict corrected.
//! 4. [`resolve`]: rows' types → schemas, across the page's tables: sub-tables found by link,
//!    anchor, name, "see Table N" or the example; the examples' say in the shape.
//! 5. [`operation`]: → one [`apispec::Operation`] and the [`PageResult`]: what kind of page it
//!    is, parameters, bodies, responses by status, media type, deprecation.
//! 6. [`normalize`] (per service): the pages' operations merged across translations and
//!    versions, then an ordered list of passes ([`normalize::PASSES`]: naming, unique names,
//!    example fields, `service.toml`'s patches). [`load`] reads the folders and builds the
//!    services.
//!
//! The words of the pages (section names, captions, column headers, type spellings, required
//! spellings, secret names) live in [`vocab`], which every stage reads and none owns. Helpers
//! no stage owns: [`json`] (examples as JSON, with repairs), [`infer`] (schemas from examples,
//! examples checked against schemas), [`content_type`] (non-JSON bodies).
//!
//! # Diagnostics
//!
//! The parser never panics on any input: what it cannot read becomes a [`apispec::Diagnostic`]
//! naming the file, the line and what was expected, and the rest of the page is still read.
//! Every code is a variant of [`diagnostics::Code`] (its severity and meaning; the README's
//! table is generated from it), emitted through one sink per page or service.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod blocks;
pub mod config;
pub mod content_type;
pub mod diagnostics;
pub mod example_check;
pub mod infer;
pub mod inline;
pub mod json;
mod lenient;
pub mod load;
pub mod normalize;
pub mod operation;
pub mod outline;
pub mod read;
pub mod resolve;
pub mod rules;
pub mod tables;
pub mod vocab;

pub use config::ServiceConfig;
pub use load::{build_service, load_services, load_services_with_examples, page_files, LoadError};
pub use operation::{PageExample, PageKind, PageResult};
pub use read::{detect_format, Format};

use diagnostics::{Code, PageSink};

/// Parses one page through the page stages ([`read`], [`outline`], [`tables`], [`resolve`],
/// [`operation`]). `file` is used in diagnostics; invalid UTF-8 is read lossily, with a
/// diagnostic.
pub fn parse_page(file: &str, bytes: &[u8]) -> PageResult {
    let mut sink = PageSink::new(file);
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32
                + 1;
            sink.emit(
                Code::InvalidUtf8,
                line,
                "expected UTF-8 text; invalid bytes were replaced",
            );
            String::from_utf8_lossy(bytes)
        }
    };
    let blocks = read::blocks(&src);
    // rule: cross_page_ref (the headings and anchors other pages' links point at)
    let headings = normalize::cross_page::headings(&blocks, &src);
    let outline = outline::outline(blocks, &src, &mut sink);
    let mut page = operation::page_result(outline, &mut sink);
    page.cross.headings = headings;
    page
}
