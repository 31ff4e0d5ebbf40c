//! `--cli-paginate` and `--cli-max-items=N`: every page of a list operation, as one response
//! whose list holds the items of all pages (at most N).
//!
//! How an operation pages is read from its model, as Huawei's list APIs are built: a `marker`
//! query parameter (the next page starts after the id of the last item, or at
//! `page_info.next_marker` when the response has it), or an `offset` query parameter (the
//! next page starts after the items seen); the items are the response's one list field.

use serde_json::Value;

use crate::error::CliError;
use crate::model::OpModel;

/// How an operation pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator {
    /// The query parameter that moves on.
    pub param: String,
    /// Marker or offset.
    pub kind: Kind,
    /// The response field holding the items.
    pub items: String,
}

/// The two ways Huawei's list APIs page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `marker`: the id of the last item seen.
    Marker,
    /// `offset`: the number of items seen (plus the first offset).
    Offset,
}

impl Paginator {
    /// The paginator of an operation, or why it has none.
    pub fn of(model: &OpModel, label: &str) -> Result<Paginator, CliError> {
        let query = |name: &str| {
            model
                .params
                .iter()
                .any(|p| p.name == name && p.location == apispec::ParamLocation::Query)
        };
        let kind = if query("marker") {
            (Kind::Marker, "marker")
        } else if query("offset") {
            (Kind::Offset, "offset")
        } else {
            return Err(CliError::usage(format!(
                "--cli-paginate: {label} does not page: expected an operation with a `marker` or `offset` query parameter"
            )));
        };
        let items = match model.lists.as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(CliError::usage(format!(
                    "--cli-paginate: {label} documents no list in its response: expected an operation whose response has one list field"
                )))
            }
            several => {
                return Err(CliError::usage(format!(
                    "--cli-paginate: the response of {label} has several lists ({}): expected one to collect",
                    several.join(", ")
                )))
            }
        };
        Ok(Paginator {
            param: kind.1.to_owned(),
            kind: kind.0,
            items,
        })
    }

    /// The items of one page.
    pub fn page_items<'a>(&self, page: &'a Value) -> &'a [Value] {
        page.get(&self.items)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The value of the paging parameter for the page after `page`, or `None` when `page`
    /// is the last. `current` is the value sent for `page`; `limit` the page size asked for.
    pub fn next(&self, page: &Value, current: Option<&Value>, limit: Option<u64>) -> Option<Value> {
        let items = self.page_items(page);
        if items.is_empty() {
            return None;
        }
        if let Some(limit) = limit {
            if (items.len() as u64) < limit {
                return None;
            }
        }
        match self.kind {
            Kind::Marker => {
                if let Some(info) = page.get("page_info") {
                    return info
                        .get("next_marker")
                        .filter(|m| !m.is_null() && m.as_str() != Some(""))
                        .cloned();
                }
                items.last()?.get("id").filter(|v| !v.is_null()).cloned()
            }
            Kind::Offset => {
                let start = current
                    .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
                    .unwrap_or(0);
                Some(Value::from(start + items.len() as u64))
            }
        }
    }
}

/// Whether to keep asking: fewer than `max` items so far.
pub fn wants_more(collected: usize, max: Option<usize>) -> bool {
    max.is_none_or(|m| collected < m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model(params: &[&str], lists: &[&str]) -> OpModel {
        serde_json::from_value(json!({
            "params": params.iter().map(|p| json!({"in": "query", "name": p, "required": false, "type": {"type": "string"}})).collect::<Vec<_>>(),
            "lists": lists,
        }))
        .unwrap()
    }

    #[test]
    fn marker_and_offset() {
        let p = Paginator::of(&model(&["limit", "marker"], &["servers"]), "ecs X").unwrap();
        assert_eq!(p.kind, Kind::Marker);
        let page = json!({"servers": [{"id": "a"}, {"id": "b"}]});
        assert_eq!(p.next(&page, None, Some(2)), Some(json!("b")));
        assert_eq!(p.next(&page, None, Some(3)), None);
        assert_eq!(p.next(&json!({"servers": []}), None, None), None);
        let with_info = json!({"servers": [{"id": "a"}], "page_info": {"next_marker": "m2"}});
        assert_eq!(p.next(&with_info, None, None), Some(json!("m2")));
        assert_eq!(
            p.next(
                &json!({"servers": [{"id": "a"}], "page_info": {}}),
                None,
                None
            ),
            None
        );
        let p = Paginator::of(&model(&["offset", "limit"], &["items"]), "x").unwrap();
        assert_eq!(
            p.next(&json!({"items": [1, 2]}), Some(&json!(4)), None),
            Some(json!(6))
        );
    }

    #[test]
    fn operations_that_do_not_page() {
        let msg = |m: OpModel| match Paginator::of(&m, "svc Op").unwrap_err() {
            CliError::Usage { message, .. } => message,
            e => panic!("{e:?}"),
        };
        assert!(msg(model(&["limit"], &["a"])).contains("does not page"));
        assert!(msg(model(&["marker"], &[])).contains("documents no list"));
        assert!(msg(model(&["marker"], &["a", "b"])).contains("several lists (a, b)"));
    }
}
