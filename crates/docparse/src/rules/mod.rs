//! Rules about how Huawei Cloud reference pages are written (issue 17), each in a module of
//! its own with its unit tests on synthetic page fragments. The interpreter calls them from a
//! few hooks marked `// rule: <name>`; each takes plain data (cells, captions, lines, text).

pub mod array_placeholder;
pub mod array_shown_as_object;
pub mod bulleted_label;
pub mod cross_page_ref;
pub mod error_object;
pub mod listed_keys;
pub mod name_cell_anchor;
pub mod query_table;
pub mod query_template;
