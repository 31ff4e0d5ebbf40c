//! Responses by status: the statuses the page lists, the response tables, header tables and
//! examples of each (an unlabelled table or example belongs to the first documented success).

use std::collections::BTreeMap;

use serde_json::Value;

use apispec::{Param, ParamLocation, Response};

use crate::outline::Outline;
use crate::tables::{root, MessageSide, Role};

use super::{Exchange, PageExample};

impl Exchange<'_, '_> {
    /// The responses, and every example of the page (request examples first), moved (not
    /// copied) out of the outline's drafts as they are used.
    pub(super) fn responses(
        &mut self,
        outline: &mut Outline,
    ) -> (BTreeMap<u16, Response>, Vec<PageExample>) {
        let mut statuses = std::mem::take(&mut outline.statuses);
        // Statuses: the first documented success (from the "normal" list or the table) is
        // where an unlabelled response table or example belongs.
        let success = outline
            .success_listed
            .iter()
            .copied()
            .chain(statuses.keys().copied())
            .find(|c| (200..300).contains(c))
            .unwrap_or(200);
        if let Some(unlabelled) = statuses.remove(&0) {
            let d = statuses.entry(success).or_default();
            d.examples.extend(unlabelled.examples);
        }
        let mut examples: Vec<PageExample> = std::mem::take(&mut outline.request_examples)
            .into_iter()
            .map(|(value, line)| PageExample {
                status: None,
                line,
                value,
            })
            .collect();
        // Every status a response body or header table belongs to is a documented response.
        for t in self.r.tables {
            let of = match (&t.role, t.side) {
                (Role::ResponseBody(s), _) => *s,
                (Role::ResponseHeader, MessageSide::Response(s)) => s,
                _ => continue,
            };
            statuses.entry(of.unwrap_or(success)).or_default();
        }
        if statuses.is_empty() {
            statuses.entry(success).or_default();
        }
        let mut responses = BTreeMap::new();
        for (code, mut draft) in statuses {
            let table_status = if code == success { None } else { Some(code) };
            let shown = std::mem::take(&mut draft.examples);
            let example = shown.first().map(|(v, _)| v.clone());
            let documented_empty = code == success
                && outline.response_none
                && root(self.r.tables, &Role::ResponseBody(None)).is_none();
            let body = if code == 204 || draft.no_content || documented_empty {
                None
            } else {
                self.response_body(
                    code,
                    table_status,
                    example.as_ref(),
                    shown.first().map(|e| e.1),
                )
            };
            let error_codes = example.as_ref().map(error_codes_in).unwrap_or_default();
            let headers = self.response_headers(code, success);
            examples.extend(shown.into_iter().map(|(value, line)| PageExample {
                status: Some(code),
                line,
                value,
            }));
            responses.insert(
                code,
                Response {
                    status: code,
                    description: draft.description,
                    message_code: draft.message_code,
                    headers,
                    body,
                    example,
                    error_codes,
                },
            );
        }
        (responses, examples)
    }

    /// The headers the response of `code` documents: the rows of its response header tables
    /// ("响应Header参数", "Response header parameters"; a table of no particular status
    /// belongs to the first success), each name once, in page order. None is required: a
    /// service may leave a documented header out.
    fn response_headers(&mut self, code: u16, success: u16) -> Vec<Param> {
        let mut out: Vec<Param> = Vec::new();
        for idx in 0..self.r.tables.len() {
            let t = &self.r.tables[idx];
            let of = match t.side {
                MessageSide::Response(s) if t.role == Role::ResponseHeader => s.unwrap_or(success),
                _ => continue,
            };
            if of != code {
                continue;
            }
            for f in self.r.rows(idx) {
                if f.name.is_empty() || out.iter().any(|p| p.name.eq_ignore_ascii_case(&f.name)) {
                    continue;
                }
                let schema = self.param_schema(&f);
                out.push(Param {
                    location: ParamLocation::Header,
                    name: f.name,
                    required: false,
                    schema,
                    info: f.info,
                });
            }
        }
        out
    }
}

/// Error codes an example error body shows (`APIG.2012`).
fn error_codes_in(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut visit = |o: &serde_json::Map<String, Value>| {
        for k in ["error_code", "errorCode", "code"] {
            if let Some(Value::String(s)) = o.get(k) {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
        }
    };
    if let Value::Object(o) = v {
        visit(o);
        for inner in o.values() {
            if let Value::Object(i) = inner {
                visit(i);
            }
        }
    }
    out
}
