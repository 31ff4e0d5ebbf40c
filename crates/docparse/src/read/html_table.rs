//! HTML tables (in Markdown pages and in HTML pages alike) → [`Table`], with scraper.

use scraper::{ElementRef, Html, Node};

use crate::blocks::{Cell, Table};
use crate::inline::tidy;

/// Parses the first `<table>` of an HTML fragment.
pub fn parse_table_html(html: &str, line: u32) -> Option<Table> {
    let doc = Html::parse_fragment(html);
    let table = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "table")?;
    Some(table_from_element(table, line))
}

/// Reads a `<table>` element: header rows from `<thead>` (or a first row of `<th>` cells), body
/// rows expanded for `rowspan` and `colspan` so that every row has one cell per column.
pub fn table_from_element(table: ElementRef<'_>, line: u32) -> Table {
    let mut header_rows: Vec<Vec<RawCell>> = Vec::new();
    let mut body_rows: Vec<Vec<RawCell>> = Vec::new();
    collect_rows(table, false, &mut header_rows, &mut body_rows);
    if header_rows.is_empty() && !body_rows.is_empty() && body_rows[0].iter().all(|c| c.is_th) {
        header_rows.push(body_rows.remove(0));
    }
    let header_grid = expand_spans(header_rows);
    let header: Vec<String> = match header_grid.last() {
        Some(last) => last.iter().map(|c| c.text.clone()).collect(),
        None => Vec::new(),
    };
    let rows = expand_spans(body_rows);
    Table {
        header,
        rows,
        line,
        anchors: table
            .value()
            .attr("id")
            .map(|id| vec![id.to_string()])
            .unwrap_or_default(),
    }
}

struct RawCell {
    cell: Cell,
    is_th: bool,
    rowspan: usize,
    colspan: usize,
}

fn collect_rows(
    el: ElementRef<'_>,
    in_head: bool,
    head: &mut Vec<Vec<RawCell>>,
    body: &mut Vec<Vec<RawCell>>,
) {
    for child in el.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "thead" => collect_rows(child, true, head, body),
            "tbody" | "tfoot" => collect_rows(child, false, head, body),
            "tr" => {
                let cells: Vec<RawCell> = child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                    .map(|c| RawCell {
                        cell: cell_content(c),
                        is_th: c.value().name() == "th",
                        rowspan: span_attr(c, "rowspan"),
                        colspan: span_attr(c, "colspan"),
                    })
                    .collect();
                if in_head {
                    head.push(cells);
                } else {
                    body.push(cells);
                }
            }
            // Nested tables belong to their cell, not to this table.
            "table" => {}
            _ => collect_rows(child, in_head, head, body),
        }
    }
}

fn span_attr(e: ElementRef<'_>, name: &str) -> usize {
    e.value()
        .attr(name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map(|n| n.clamp(1, 64))
        .unwrap_or(1)
}

/// Places cells on a grid, copying a spanning cell into every slot it covers.
fn expand_spans(rows: Vec<Vec<RawCell>>) -> Vec<Vec<Cell>> {
    let mut grid: Vec<Vec<Option<Cell>>> = Vec::with_capacity(rows.len());
    // Cells of earlier rows that still span down: column → (rows left, cell).
    let mut pending: Vec<Option<(usize, Cell)>> = Vec::new();
    for row in rows {
        let mut out: Vec<Option<Cell>> = Vec::new();
        let mut col = 0;
        let mut cells = row.into_iter();
        let mut next = cells.next();
        loop {
            if let Some(Some((left, cell))) = pending.get_mut(col) {
                out.push(Some(cell.clone()));
                *left -= 1;
                if *left == 0 {
                    pending[col] = None;
                }
                col += 1;
                continue;
            }
            let Some(raw) = next.take() else {
                // Spans from above that continue past the last cell of this row.
                if pending.iter().skip(col).any(|p| p.is_some()) {
                    out.push(None);
                    col += 1;
                    continue;
                }
                break;
            };
            for _ in 0..raw.colspan {
                if raw.rowspan > 1 {
                    if pending.len() <= col {
                        pending.resize_with(col + 1, || None);
                    }
                    pending[col] = Some((raw.rowspan - 1, raw.cell.clone()));
                }
                out.push(Some(raw.cell.clone()));
                col += 1;
            }
            next = cells.next();
        }
        grid.push(out);
    }
    grid.into_iter()
        .map(|r| r.into_iter().map(Option::unwrap_or_default).collect())
        .collect()
}

/// The text of a cell, with block boundaries (`<p>`, `<br>`, `<li>`, ...) as newlines, plus the
/// targets of its links.
pub fn cell_content(e: ElementRef<'_>) -> Cell {
    let mut text = String::new();
    let mut links = Vec::new();
    walk_text(e, &mut text, &mut links);
    Cell {
        text: tidy(&text),
        links,
    }
}

fn walk_text(e: ElementRef<'_>, out: &mut String, links: &mut Vec<String>) {
    for child in e.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(el) => {
                let name = el.name();
                let Some(child_el) = ElementRef::wrap(child) else {
                    continue;
                };
                if name == "a" {
                    if let Some(href) = el.attr("href") {
                        links.push(href.to_string());
                    }
                }
                let block = matches!(
                    name,
                    "p" | "div"
                        | "li"
                        | "ul"
                        | "ol"
                        | "br"
                        | "tr"
                        | "table"
                        | "pre"
                        | "dt"
                        | "dd"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                );
                if block {
                    out.push('\n');
                }
                if name == "li" {
                    out.push_str("- ");
                }
                if name == "td" || name == "th" {
                    out.push(' ');
                }
                walk_text(child_el, out, links);
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_and_rows() {
        let t = parse_table_html(
            "<table><thead><tr><th><p>Parameter</p></th><th>Type</th></tr></thead>\
             <tbody><tr><td><p>id</p></td><td><p>String</p><p>x</p></td></tr></tbody></table>",
            3,
        )
        .unwrap();
        assert_eq!(t.header, vec!["Parameter", "Type"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0][0].text, "id");
        assert_eq!(t.rows[0][1].text, "String\nx");
        assert_eq!(t.line, 3);
    }

    #[test]
    fn expands_rowspan_and_colspan() {
        let t = parse_table_html(
            "<table><tr><th>a</th><th>b</th><th>c</th></tr>\
             <tr><td rowspan=\"2\">x</td><td colspan=\"2\">y</td></tr>\
             <tr><td>p</td><td>q</td></tr></table>",
            1,
        )
        .unwrap();
        assert_eq!(t.header, vec!["a", "b", "c"]);
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts, vec![vec!["x", "y", "y"], vec!["x", "p", "q"]]);
    }

    #[test]
    fn keeps_links_and_list_items() {
        let t = parse_table_html(
            "<table><tr><th>t</th></tr><tr><td>Array of <a href=\"#request_NodeItem\">NodeItem</a> objects<ul><li>a</li><li>b</li></ul></td></tr></table>",
            1,
        )
        .unwrap();
        assert_eq!(t.rows[0][0].links, vec!["#request_NodeItem"]);
        assert_eq!(t.rows[0][0].text, "Array of NodeItem objects\n- a\n- b");
    }
}
