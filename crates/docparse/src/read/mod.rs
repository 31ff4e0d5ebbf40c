//! Stage 1, **read**: a page's text → [`Block`]s, one reader per format.
//!
//! The format (Markdown with HTML tables, HTML, or plain text copied from the web site) is
//! detected from the content, never from the file name ([`detect_format`]); each reader
//! reduces its format to the same block stream, so no later stage knows which it was.

use crate::blocks::Block;

pub mod html;
pub mod html_table;
pub mod markdown;
pub mod text;

/// The format of a page, detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown with HTML (or pipe) tables.
    Markdown,
    /// An HTML document.
    Html,
    /// Plain text copied from the web site: one table cell a line.
    Text,
}

/// The blocks of a page, read by the reader of its format.
pub fn blocks(src: &str) -> Vec<Block> {
    match detect_format(src) {
        Format::Markdown => markdown::markdown_blocks(src),
        Format::Html => html::html_blocks(src),
        Format::Text => text::text_blocks(src),
    }
}

/// Detects a page's format from its content (never from the file name).
pub fn detect_format(src: &str) -> Format {
    let head: String = src
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
    {
        return Format::Html;
    }
    let mut headings = 0;
    let mut md_signals = 0;
    let mut html_headings = 0;
    for line in src.lines().take(2000) {
        let t = line.trim_start();
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            headings += 1;
        }
        if t.starts_with("```") || t.starts_with("**") || t.contains("<table") || t.starts_with('|')
        {
            md_signals += 1;
        }
        if t.starts_with("<h1") || t.starts_with("<h2") || t.starts_with("<body") {
            html_headings += 1;
        }
    }
    if headings > 0 {
        Format::Markdown
    } else if html_headings > 0 {
        Format::Html
    } else if md_signals > 0 {
        Format::Markdown
    } else {
        Format::Text
    }
}
