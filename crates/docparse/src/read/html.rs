//! HTML pages (saved from the site, or Markdown rendered to HTML) → blocks.

use scraper::{ElementRef, Html, Node};

use crate::blocks::Block;
use crate::inline::{clean_inline, tidy};
use crate::read::html_table::table_from_element;

/// Reads an HTML page into blocks.
pub fn html_blocks(src: &str) -> Vec<Block> {
    let doc = Html::parse_document(src);
    let mut w = Walker {
        src,
        cursor: 0,
        line_at_cursor: 1,
        blocks: Vec::new(),
    };
    w.walk(doc.root_element());
    w.blocks
}

struct Walker<'a> {
    src: &'a str,
    cursor: usize,
    line_at_cursor: u32,
    blocks: Vec<Block>,
}

const BLOCKS: &[&str] = &[
    "table",
    "pre",
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "dl",
    "dt",
    "dd",
    "blockquote",
];

impl Walker<'_> {
    /// The line of the next occurrence of `needle` in the source, moving the cursor there.
    fn locate(&mut self, needle: &str) -> u32 {
        let probe: String = needle.chars().take(16).collect();
        if probe.is_empty() {
            return self.line_at_cursor;
        }
        if let Some(off) = self.src[self.cursor..].find(&probe) {
            let target = self.cursor + off;
            self.line_at_cursor += self.src[self.cursor..target].matches('\n').count() as u32;
            self.cursor = target;
        }
        self.line_at_cursor
    }

    fn walk(&mut self, el: ElementRef<'_>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    let text = tidy(t).replace('\n', " ");
                    if !text.is_empty() {
                        let line = self.locate(&text);
                        self.blocks.push(Block::Text {
                            text,
                            list_item: false,
                            bold: false,
                            line,
                        });
                    }
                }
                Node::Element(e) => {
                    let Some(c) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.name();
                    match name {
                        "script" | "style" | "head" | "nav" | "noscript" | "template" => {}
                        "table" => {
                            let line = self.locate("<table");
                            self.cursor += 1;
                            self.blocks.push(Block::Table(table_from_element(c, line)));
                        }
                        "pre" => {
                            let text: String = c.text().collect();
                            let first = text
                                .lines()
                                .find(|l| !l.trim().is_empty())
                                .unwrap_or("")
                                .trim()
                                .to_string();
                            let line = self.locate(&first);
                            self.blocks.push(Block::Code {
                                text: text.trim_matches('\n').to_string(),
                                line,
                            });
                        }
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                            let text = clean_inline(&c.text().collect::<String>());
                            let line = self.locate(&text);
                            let level = name[1..].parse().unwrap_or(2);
                            self.blocks.push(Block::Heading { level, text, line });
                        }
                        "caption" => {
                            let text = clean_inline(&c.text().collect::<String>());
                            if !text.is_empty() {
                                let line = self.locate(&text);
                                self.blocks.push(Block::Text {
                                    text,
                                    list_item: false,
                                    bold: false,
                                    line,
                                });
                            }
                        }
                        _ => {
                            let has_block = c
                                .descendants()
                                .skip(1)
                                .filter_map(ElementRef::wrap)
                                .any(|d| BLOCKS.contains(&d.value().name()));
                            if has_block || !BLOCKS.contains(&name) {
                                self.walk(c);
                            } else {
                                let text = clean_inline(&c.text().collect::<String>());
                                if !text.is_empty() {
                                    let line = self.locate(&text);
                                    self.blocks.push(Block::Text {
                                        text,
                                        list_item: name == "li",
                                        bold: false,
                                        line,
                                    });
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_page() {
        let src = "<!DOCTYPE html>\n<html><head><title>x</title></head><body>\n<h1>Removing</h1>\n<h2>URI</h2>\n<p>POST /v1/{project_id}/x</p>\n<table><tr><th>Parameter</th><th>Type</th></tr><tr><td>id</td><td>String</td></tr></table>\n<pre><code>{\"a\": 1}</code></pre>\n</body></html>";
        let b = html_blocks(src);
        assert!(matches!(&b[0], Block::Heading { level: 1, text, line: 3 } if text == "Removing"));
        assert!(
            matches!(&b[2], Block::Text { text, line: 5, .. } if text == "POST /v1/{project_id}/x")
        );
        assert!(matches!(&b[3], Block::Table(t) if t.line == 6 && t.rows.len() == 1));
        assert!(matches!(&b[4], Block::Code { text, .. } if text == "{\"a\": 1}"));
    }
}
