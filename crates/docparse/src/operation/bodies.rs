//! The request body and each response body: the body table's fields (and body rows of
//! mixed, located or mis-captioned tables), shaped like the example; checked against it.

use serde_json::Value;

use apispec::{Field, ObjectSchema, Schema};

use crate::diagnostics::Code;
use crate::infer::{check_example, infer_schema};
use crate::resolve::wrap_like_example;
use crate::tables::{root, Role};

use super::Exchange;

impl Exchange<'_, '_> {
    /// The request body: the body table (plus body rows of a mixed URI table), as an array
    /// when the example is a top-level array.
    pub(super) fn request_body(&mut self) -> Option<Schema> {
        let mut fields: Vec<Field> = Vec::new();
        let example = self.request_example.clone();
        let item_example = match &example {
            Some(Value::Array(a)) => a.first().cloned(),
            other => other.clone(),
        };
        let mut found_table = false;
        // The body table, else the table a "body" row of a parameter table points at.
        let body_root =
            root(self.r.tables, &Role::RequestBody).or_else(|| self.body_marker_table());
        // Body rows of mixed, located or mis-captioned tables.
        for idx in 0..self.r.tables.len() {
            let role = self.r.tables[idx].role.clone();
            if !matches!(
                role,
                Role::UriMixed | Role::Located | Role::Query | Role::Path
            ) {
                continue;
            }
            let raw = self.r.rows(idx);
            for f in raw {
                let is_body = !self.template.contains(&f.name) && self.body_row(&role, &f);
                if is_body && !fields.iter().any(|g| g.name == f.name) {
                    found_table = true;
                    let stack = vec![idx];
                    let ex = item_example.as_ref().and_then(|v| v.get(&f.name));
                    let fd = self.r.field(f, idx, &stack, ex);
                    fields.push(fd);
                }
            }
        }
        if let Some(idx) = body_root {
            found_table = true;
            for f in self.r.object(idx, item_example.as_ref()) {
                if !fields.iter().any(|g| g.name == f.name) {
                    fields.push(f);
                }
            }
        }
        // rule: array_placeholder (the body table is one row standing for the array's items)
        let placeholder = crate::rules::array_placeholder::body_of(&fields);
        let schema = if let Some(s) = placeholder {
            s
        } else if found_table {
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

    pub(super) fn response_body(
        &mut self,
        code: u16,
        table_status: Option<u16>,
        example: Option<&Value>,
        example_line: Option<u32>,
    ) -> Option<Schema> {
        let root = root(self.r.tables, &Role::ResponseBody(Some(code))).or_else(|| {
            if table_status.is_none() {
                root(self.r.tables, &Role::ResponseBody(None))
            } else {
                None
            }
        });
        let item_example = match example {
            Some(Value::Array(a)) => a.first(),
            other => other,
        };
        let schema = match root {
            Some(idx) => {
                let fields = self.r.object(idx, item_example);
                // rule: array_placeholder
                match crate::rules::array_placeholder::body_of(&fields) {
                    Some(body) => body,
                    None => Schema::Object(ObjectSchema { name: None, fields }),
                }
            }
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

    pub(super) fn report_mismatches(
        &mut self,
        line: u32,
        what: &str,
        schema: &Schema,
        example: &Value,
    ) {
        for m in check_example(schema, example) {
            if m.wrong_type {
                self.r.sink.emit(
                    Code::ExampleMismatch,
                    line,
                    format!("{what} disagrees with the tables (the tables are kept): {m}"),
                );
            } else {
                self.r.sink.emit(
                    Code::ExampleUndocumentedField,
                    line,
                    format!("{what} has a field the tables do not document: {m}"),
                );
            }
        }
    }
}
