//! Operation names: from the page's API Explorer link, else `service.toml`'s
//! `[operation_names]` (the page's file name first, then its method and path), else the English
//! title, else the method and path; unique within an API version.

use std::collections::BTreeMap;

use apispec::{Lang, NameSource, Operation};
use heck::ToUpperCamelCase;

use crate::config::ServiceConfig;
use crate::diagnostics::{Code, Sink};

/// Names each operation (and sets the API version `service.toml` gives).
pub(super) fn name_operations(ops: &mut [Operation], config: &ServiceConfig) {
    for op in ops.iter_mut() {
        let english_title = op
            .sources
            .first()
            .is_some_and(|s| s.lang == Lang::En)
            .then(|| op.summary.clone());
        let key = format!("{} {}", op.method, op.path);
        // A page's own entry (its file name) first: pages sharing a method and path (the
        // `POST .../action` operations) are named one by one.
        let by_file = op.sources.iter().find_map(|s| {
            let name = s.file.rsplit(['/', '\\']).next().unwrap_or(&s.file);
            config.operation_names.get(name)
        });
        if let Some(n) = by_file.or_else(|| config.operation_names.get(&key)) {
            op.name = n.clone();
            op.name_source = NameSource::Override;
        } else if op.name.is_empty() {
            if let Some(t) = english_title.and_then(|t| name_from_title(&t)) {
                op.name = t;
                op.name_source = NameSource::Title;
            } else {
                op.name = name_from_path(&op.method, &op.path);
                op.name_source = NameSource::Path;
            }
        }
        if let Some(v) = &config.api_version {
            op.api_version = v.clone();
        }
    }
}

/// An API Explorer name on pages of different HTTP methods in one API version cannot name
/// them all: the link was copied from another page (SMN's pages all link to `ListTopics`).
/// Each such page is named in `[operation_names]` until the docs are fixed.
pub(super) fn shared_explorer_names(ops: &[Operation], sink: &mut Sink) {
    let mut by_name: BTreeMap<(&str, &str), Vec<&Operation>> = BTreeMap::new();
    for op in ops.iter().filter(|o| o.name_source == NameSource::Explorer) {
        by_name
            .entry((op.api_version.as_str(), op.name.as_str()))
            .or_default()
            .push(op);
    }
    for ((_, name), group) in by_name {
        let methods: std::collections::BTreeSet<&str> =
            group.iter().map(|o| o.method.as_str()).collect();
        if methods.len() < 2 {
            continue;
        }
        for op in &group {
            let (file, line) = op
                .sources
                .first()
                .map(|s| (s.file.clone(), s.line))
                .unwrap_or_default();
            sink.emit(
                Code::SharedExplorerName,
                &file,
                line,
                format!(
                    "the API Explorer link names `{name}`, as do the pages of {} other operations with other methods: a copied link; name `{} {}` in [operation_names]",
                    group.len() - 1,
                    op.method,
                    op.path
                ),
            );
        }
    }
}

/// "Removing Backend ECSs" → `RemoveBackendEcss`; `None` for titles without English words.
pub fn name_from_title(title: &str) -> Option<String> {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !matches!(
                w.to_ascii_lowercase().as_str(),
                "a" | "an"
                    | "the"
                    | "of"
                    | "to"
                    | "for"
                    | "in"
                    | "on"
                    | "from"
                    | "with"
                    | "by"
                    | "api"
            )
        })
        .collect();
    if words.is_empty() || !title.is_ascii() {
        return None;
    }
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        let w = if i == 0 {
            base_verb(w)
        } else {
            (*w).to_string()
        };
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if out.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    Some(out)
}

/// "Removing" → "Remove", "Querying" → "Query", "Stopping" → "Stop".
fn base_verb(w: &str) -> String {
    let lower = w.to_ascii_lowercase();
    let Some(stem) = lower.strip_suffix("ing") else {
        return w.to_string();
    };
    if stem.len() < 2 {
        return w.to_string();
    }
    let b = stem.as_bytes();
    let n = b.len();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let s = if n >= 3
        && b[n - 1] == b[n - 2]
        && !vowel(b[n - 1])
        && !matches!(b[n - 1], b'l' | b's' | b'z' | b'd')
    {
        stem[..n - 1].to_string()
    } else if stem.ends_with("at")
        || (stem.ends_with("et") && !matches!(stem, "get" | "set" | "reset"))
        || stem.ends_with('v')
        || stem.ends_with('z')
        || stem.ends_with('c')
        || stem.ends_with("ng") && !matches!(stem, "bring")
        || stem.ends_with("bl")
        || stem.ends_with("pl")
        || stem.ends_with("ur")
        || stem.ends_with("or")
        || (stem.ends_with('s') && n >= 2 && vowel(b[n - 2]))
        || stem.ends_with("rg")
        || stem.ends_with("ag")
    {
        format!("{stem}e")
    } else {
        stem.to_string()
    };
    s
}

/// A name from method and path: `DELETE .../members/{member_id}` → `DeleteMember`.
pub fn name_from_path(method: &str, path: &str) -> String {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let ends_with_param = segs.last().is_some_and(|s| s.starts_with('{'));
    let last_param = segs.iter().rposition(|s| s.starts_with('{'));
    let is_static = |s: &str| !s.starts_with('{') && !is_version(s);
    let mut tail: Vec<&str> = match last_param {
        Some(i) if i + 1 < segs.len() => segs[i + 1..]
            .iter()
            .copied()
            .filter(|s| is_static(s))
            .collect(),
        _ => Vec::new(),
    };
    if tail.is_empty() {
        if let Some(s) = segs.iter().rev().copied().find(|s| is_static(s)) {
            tail.push(s);
        }
    }
    let verb = match method {
        "GET" if ends_with_param => "Show",
        "GET" => "List",
        "POST" => "Create",
        "PUT" => "Update",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        "HEAD" => "Check",
        _ => "Call",
    };
    let mut name = verb.to_string();
    for (i, s) in tail.iter().enumerate() {
        let mut w = s.to_upper_camel_case();
        if i + 1 == tail.len() && ends_with_param && w.ends_with('s') && !w.ends_with("ss") {
            w.pop();
        }
        name.push_str(&w);
    }
    name
}

fn is_version(s: &str) -> bool {
    let rest = s.strip_prefix('v').or_else(|| s.strip_prefix('V'));
    rest.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Names must be unique within an API version: later duplicates get a numbered name. A name
/// given by API Explorer or `service.toml` keeps its name before one derived from a title or a
/// path.
pub(super) fn make_unique(ops: &mut [Operation], sink: &mut Sink) {
    let rank = |s: NameSource| match s {
        NameSource::Explorer => 0,
        NameSource::Override => 1,
        NameSource::Title => 2,
        NameSource::Path => 3,
    };
    ops.sort_by(|a, b| {
        (
            &a.api_version,
            &a.name,
            rank(a.name_source),
            &a.method,
            &a.path,
        )
            .cmp(&(
                &b.api_version,
                &b.name,
                rank(b.name_source),
                &b.method,
                &b.path,
            ))
    });
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for op in ops.iter_mut() {
        let key = (op.api_version.clone(), op.name.clone());
        let count = seen.entry(key).or_insert(0);
        *count += 1;
        if *count > 1 {
            let new = format!("{}{}", op.name, *count);
            let src = op
                .sources
                .first()
                .map(|s| (s.file.clone(), s.line))
                .unwrap_or_default();
            sink.emit(
                Code::DuplicateOperationName,
                &src.0,
                src.1,
                format!(
                    "operation name `{}` is already taken in {}; named this one `{new}`",
                    op.name, op.api_version
                ),
            );
            op.name = new;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_titles() {
        assert_eq!(
            name_from_title("Removing Backend ECSs").as_deref(),
            Some("RemoveBackendEcss")
        );
        assert_eq!(
            name_from_title("Creating a Cluster").as_deref(),
            Some("CreateCluster")
        );
        assert_eq!(
            name_from_title("Querying Details of a Node").as_deref(),
            Some("QueryDetailsNode")
        );
        assert_eq!(
            name_from_title("Updating a Listener").as_deref(),
            Some("UpdateListener")
        );
        assert_eq!(
            name_from_title("Stopping an Instance").as_deref(),
            Some("StopInstance")
        );
        assert_eq!(
            name_from_title("Deleting a Backend Server").as_deref(),
            Some("DeleteBackendServer")
        );
        assert_eq!(
            name_from_title("Enabling Logging").as_deref(),
            Some("EnableLogging")
        );
        assert_eq!(name_from_title("Adding a Tag").as_deref(), Some("AddTag"));
        assert_eq!(
            name_from_title("Changing a Flavor").as_deref(),
            Some("ChangeFlavor")
        );
        assert_eq!(name_from_title("节点移除"), None);
    }

    #[test]
    fn names_from_paths() {
        assert_eq!(
            name_from_path(
                "DELETE",
                "/v2/{project_id}/apic/instances/{instance_id}/members/{member_id}"
            ),
            "DeleteMember"
        );
        assert_eq!(
            name_from_path("GET", "/v3/{project_id}/elb/listeners"),
            "ListElbListeners"
        );
        assert_eq!(
            name_from_path(
                "POST",
                "/v1.0/{project_id}/elbaas/listeners/{listener_id}/members/action"
            ),
            "CreateMembersAction"
        );
    }
}
