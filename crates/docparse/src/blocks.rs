//! The hand-off of the first stage: the format-neutral block stream every page is reduced to
//! (headings, prose, code, tables), whatever its format ([`crate::read`]).

/// A table cell: its text (block boundaries as newlines) and the targets of its links.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// Plain text, lines trimmed.
    pub text: String,
    /// `href` targets of links in the cell (`#request_NodeItem`).
    pub links: Vec<String>,
}

/// A table: header cells and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Text of the header cells (the last header row when there are several).
    pub header: Vec<String>,
    /// Body rows.
    pub rows: Vec<Vec<Cell>>,
    /// 1-based line where the table starts.
    pub line: u32,
    /// Anchors that name the table (`<a name="table993"></a>` just before it, its `id`): what
    /// links in type cells (`<a href="#table993">peering</a> object`) point at.
    pub anchors: Vec<String>,
}

/// One block of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading (`#`, `<h2>`, or a section name on its own line in plain text).
    Heading {
        /// 1 for the title, 2 for sections, deeper for sub-sections.
        level: u8,
        /// Heading text, inline markup removed.
        text: String,
        /// 1-based line.
        line: u32,
    },
    /// A line or paragraph of prose.
    Text {
        /// Text, inline markup removed.
        text: String,
        /// The text is a list item (`-   请求参数`).
        list_item: bool,
        /// The text was wholly bold (`**状态码： 200**`).
        bold: bool,
        /// 1-based line.
        line: u32,
    },
    /// A code block (fenced or `<pre>`), content dedented.
    Code {
        /// The code.
        text: String,
        /// 1-based line of the first content line.
        line: u32,
    },
    /// A table.
    Table(Table),
}

impl Block {
    /// The block's 1-based line.
    pub fn line(&self) -> u32 {
        match self {
            Block::Heading { line, .. } | Block::Text { line, .. } | Block::Code { line, .. } => {
                *line
            }
            Block::Table(t) => t.line,
        }
    }
}
