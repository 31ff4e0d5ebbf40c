//! Printing the decoded response: `--cli-output=json` (the default) or `table`.

use std::str::FromStr;

use serde_json::{Map, Value};

use crate::error::CliError;

/// `--cli-output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Indented JSON.
    #[default]
    Json,
    /// Bordered tables: key/value rows, and a row per item for lists of objects.
    Table,
    /// Tab-separated values: the rows of the table without borders or headers.
    Tsv,
}

/// How a response is printed: `--cli-output`, `--cli-query`, `--cli-output-num`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendering {
    /// `--cli-output`.
    pub format: OutputFormat,
    /// `--cli-output-num`: number the rows of tables (default true, as KooCLI).
    pub numbered: Option<bool>,
}

/// The kind of a JSON value, for messages (`an array`).
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A compiled `--cli-query` JMESPath expression.
pub struct Query {
    text: String,
    expr: jmespath::Expression<'static>,
}

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Query").field(&self.text).finish()
    }
}

impl Query {
    /// Compiles `text`; a syntax error is bad input naming where it is.
    pub fn compile(option: &str, text: &str) -> Result<Query, CliError> {
        let expr = jmespath::compile(text).map_err(|e| {
            CliError::usage(format!(
                "{option}={text} is not a valid JMESPath expression: {}; expected an expression such as `servers[?status=='ACTIVE'].id` (see jmespath.org)",
                one_line(&e.to_string())
            ))
        })?;
        Ok(Query {
            text: text.to_owned(),
            expr,
        })
    }

    /// The expression applied to `value`.
    pub fn apply(&self, value: &Value) -> Result<Value, CliError> {
        let data = jmespath::Variable::from_serializable(value)
            .map_err(|e| CliError::Failure(format!("cannot query the response: {e}")))?;
        let result = self.expr.search(data).map_err(|e| {
            CliError::usage(format!(
                "--cli-query={} failed on the response: {}; expected an expression that fits the response",
                self.text,
                one_line(&e.to_string())
            ))
        })?;
        serde_json::to_value(&*result)
            .map_err(|e| CliError::Failure(format!("cannot write the query's result: {e}")))
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl FromStr for OutputFormat {
    type Err = CliError;

    fn from_str(s: &str) -> Result<Self, CliError> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(OutputFormat::Json),
            "table" => Ok(OutputFormat::Table),
            "tsv" => Ok(OutputFormat::Tsv),
            _ => Err(CliError::usage(format!(
                "unknown output format --cli-output={s}: expected json, table or tsv"
            ))),
        }
    }
}

/// The text to print for a response (empty for operations without a response body).
pub fn render(value: &Value, format: OutputFormat) -> String {
    render_with(
        value,
        &Rendering {
            format,
            numbered: None,
        },
    )
}

/// The text to print for a response, as `rendering` says.
pub fn render_with(value: &Value, rendering: &Rendering) -> String {
    match (value, rendering.format) {
        (Value::Null, _) => String::new(),
        (_, OutputFormat::Json) => {
            let mut text = serde_json::to_string_pretty(value).expect("a Value always serializes");
            text.push('\n');
            text
        }
        (_, OutputFormat::Table) => {
            let table = render_table(value);
            if rendering.numbered.unwrap_or(false) {
                number_rows(&table)
            } else {
                table
            }
        }
        (_, OutputFormat::Tsv) => render_tsv(value),
    }
}

/// A table with a first column numbering its rows (KooCLI's `--cli-output-num=true`).
fn number_rows(table: &str) -> String {
    let mut out = String::new();
    let mut row = 0usize;
    let mut in_header = true;
    let width = table
        .lines()
        .filter(|l| l.starts_with('|'))
        .count()
        .to_string()
        .len()
        .max(1);
    for line in table.lines() {
        if line.starts_with('+') {
            out.push_str(&format!("+{}{line}\n", "-".repeat(width + 2)));
            if !in_header {
                continue;
            }
        } else if line.starts_with('|') {
            if in_header {
                out.push_str(&format!("| {} {line}\n", pad("#", width)));
                in_header = false;
                continue;
            }
            row += 1;
            out.push_str(&format!("| {} {line}\n", pad(&row.to_string(), width)));
        } else {
            // Between the tables of one response: numbering starts again.
            in_header = true;
            row = 0;
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Tab-separated values: a list of objects as one line per item (fields in the order first
/// seen), anything else as `key<TAB>value` lines of its leaves.
fn render_tsv(value: &Value) -> String {
    let clean = |s: &str| {
        s.replace('\t', " ")
            .replace('\r', "\\r")
            .replace('\n', "\\n")
    };
    let mut out = String::new();
    let rows = |items: &[Value], out: &mut String| {
        for item in items {
            let mut cells = Vec::new();
            match item {
                Value::Object(map) => flatten_object(String::new(), map, &mut cells),
                other => cells.push((String::new(), leaf_text(other))),
            }
            let line: Vec<String> = cells.iter().map(|(_, v)| clean(v)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    };
    match value {
        Value::Array(items) => rows(items, &mut out),
        other => {
            let mut pairs = Vec::new();
            flatten(String::new(), other, &mut pairs);
            for (k, v) in pairs {
                if k.is_empty() {
                    out.push_str(&format!("{}\n", clean(&v)));
                } else {
                    out.push_str(&format!("{}\t{}\n", clean(&k), clean(&v)));
                }
            }
        }
    }
    out
}

fn is_object_list(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            Some(items)
        }
        _ => None,
    }
}

fn render_table(value: &Value) -> String {
    if let Some(items) = is_object_list(value) {
        return rows_table(items);
    }
    let mut pairs = Vec::new();
    let mut sections = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match is_object_list(v) {
                    // A list of objects (`members`, `servers`): its own table, a row per item.
                    Some(items) => sections.push((key, rows_table(items))),
                    None => flatten(key.clone(), v, &mut pairs),
                }
            }
        }
        other => flatten(String::new(), other, &mut pairs),
    }
    let mut out = String::new();
    if !pairs.is_empty() {
        let rows: Vec<Vec<String>> = pairs.into_iter().map(|(k, v)| vec![k, v]).collect();
        out.push_str(&draw(&["KEY".to_owned(), "VALUE".to_owned()], &rows));
    }
    for (key, table) in sections {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(key);
        out.push_str(":\n");
        out.push_str(&table);
    }
    out
}

/// A table with a column per (flattened) key of the items, in the order first seen.
fn rows_table(items: &[Value]) -> String {
    let mut columns: Vec<String> = Vec::new();
    let rows: Vec<Vec<(String, String)>> = items
        .iter()
        .map(|item| {
            let mut cells = Vec::new();
            if let Value::Object(map) = item {
                flatten_object(String::new(), map, &mut cells);
            }
            for (k, _) in &cells {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
            cells
        })
        .collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|cells| {
            columns
                .iter()
                .map(|c| {
                    cells
                        .iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    draw(&columns, &rows)
}

/// Leaves of `value` as (`a.b[0].c`, text) pairs.
fn flatten(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) if !map.is_empty() => flatten_object(key, map, out),
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                flatten(format!("{key}[{i}]"), item, out);
            }
        }
        leaf => out.push((key, leaf_text(leaf))),
    }
}

fn flatten_object(prefix: String, map: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    for (k, v) in map {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        flatten(key, v, out);
    }
}

fn leaf_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A bordered table. Cells are kept on one line (line breaks shown as `\n`).
fn draw(header: &[String], rows: &[Vec<String>]) -> String {
    let clean = |s: &str| {
        s.replace('\r', "\\r")
            .replace('\n', "\\n")
            .replace('\t', " ")
    };
    let header: Vec<String> = header.iter().map(|h| clean(h)).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let rule: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+\n";
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (cell, w) in cells.iter().zip(&widths) {
            s.push_str("| ");
            s.push_str(cell);
            s.push_str(&" ".repeat(w - display_width(cell) + 1));
        }
        s + "|\n"
    };
    let mut out = rule.clone();
    out.push_str(&line(&header));
    out.push_str(&rule);
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push_str(&rule);
    out
}

/// Columns a string takes in a terminal: 2 for East Asian wide characters (the pages'
/// Chinese text), 0 for combining marks, else 1. An approximation of Unicode's UAX #11
/// that covers what API responses and descriptions hold.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x0300..=0x036F | 0x200B..=0x200F => 0,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// Pads `s` with spaces to `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_owned();
    out.push_str(&" ".repeat(width.saturating_sub(display_width(s))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_parse() {
        assert_eq!("JSON".parse::<OutputFormat>().unwrap(), OutputFormat::Json);
        assert_eq!(
            "table".parse::<OutputFormat>().unwrap(),
            OutputFormat::Table
        );
        assert_eq!(
            "yaml".parse::<OutputFormat>().unwrap_err(),
            CliError::usage("unknown output format --cli-output=yaml: expected json, table or tsv")
        );
    }

    #[test]
    fn json_is_indented_and_null_prints_nothing() {
        assert_eq!(
            render(&json!({"a": 1}), OutputFormat::Json),
            "{\n  \"a\": 1\n}\n"
        );
        assert_eq!(render(&Value::Null, OutputFormat::Json), "");
        assert_eq!(render(&Value::Null, OutputFormat::Table), "");
    }

    #[test]
    fn object_as_key_value_rows() {
        let v = json!({"spec": {"login": {"sshKey": "k", "userPassword": {}},
                                "nodes": [{"uid": "节点1"}, {"uid": "b"}]},
                       "status": {"jobID": "j"}, "n": 3, "none": null});
        assert_eq!(
            render(&v, OutputFormat::Table),
            "\
+-------------------------+-------+
| KEY                     | VALUE |
+-------------------------+-------+
| spec.login.sshKey       | k     |
| spec.login.userPassword | {}    |
| spec.nodes[0].uid       | 节点1 |
| spec.nodes[1].uid       | b     |
| status.jobID            | j     |
| n                       | 3     |
| none                    | null  |
+-------------------------+-------+
"
        );
    }

    #[test]
    fn lists_of_objects_as_rows() {
        let v = json!({"count": 2, "members": [
            {"id": "m1", "address": "10.0.0.1"},
            {"id": "m2", "status": {"state": "ok\nfine"}}
        ]});
        assert_eq!(
            render(&v, OutputFormat::Table),
            "\
+-------+-------+
| KEY   | VALUE |
+-------+-------+
| count | 2     |
+-------+-------+

members:
+----+----------+--------------+
| id | address  | status.state |
+----+----------+--------------+
| m1 | 10.0.0.1 |              |
| m2 |          | ok\\nfine     |
+----+----------+--------------+
"
        );
        let top = json!([{"a": 1}, {"a": 2}]);
        assert_eq!(
            render(&top, OutputFormat::Table),
            "+---+\n| a |\n+---+\n| 1 |\n| 2 |\n+---+\n"
        );
    }

    #[test]
    fn tsv_and_numbered_tables() {
        let v = json!([{"id": "a", "n": 1}, {"id": "b\tc", "n": 2}]);
        let tsv = render_with(
            &v,
            &Rendering {
                format: OutputFormat::Tsv,
                numbered: None,
            },
        );
        assert_eq!(tsv, "a\t1\nb c\t2\n");
        let tsv = render_with(
            &json!({"a": {"b": 1}, "c": "x"}),
            &Rendering {
                format: OutputFormat::Tsv,
                numbered: None,
            },
        );
        assert_eq!(tsv, "a.b\t1\nc\tx\n");
        let table = render_with(
            &v,
            &Rendering {
                format: OutputFormat::Table,
                numbered: Some(true),
            },
        );
        assert_eq!(
            table,
            "+---+-----+---+\n| # | id  | n |\n+---+-----+---+\n| 1 | a   | 1 |\n| 2 | b c | 2 |\n+---+-----+---+\n"
        );
    }

    #[test]
    fn queries_use_jmespath() {
        let v =
            json!({"servers": [{"id": "a", "status": "ACTIVE"}, {"id": "b", "status": "SHUTOFF"}]});
        let q = Query::compile("--cli-query", "servers[?status=='ACTIVE'].id").unwrap();
        assert_eq!(q.apply(&v).unwrap(), json!(["a"]));
        let q = Query::compile("--cli-query", "length(servers)").unwrap();
        assert_eq!(q.apply(&v).unwrap(), json!(2));
        match Query::compile("--cli-query", "servers[?").unwrap_err() {
            CliError::Usage { message, .. } => {
                assert!(
                    message
                        .starts_with("--cli-query=servers[? is not a valid JMESPath expression: "),
                    "{message}"
                );
                assert!(message.ends_with("(see jmespath.org)"), "{message}");
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("节点移除"), 8);
        assert_eq!(display_width("ID，获取"), 8);
        assert_eq!(pad("节点", 6), "节点  ");
    }
}
