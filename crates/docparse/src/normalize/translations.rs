//! The first service-level pass: pages sharing a method and path merged into operations.
//! Another language's page adds what it documents (disagreements are
//! `translation-mismatch` warnings); an older version of a page in the same language adds what
//! only it documents, and the newer wins where they disagree (a `superseded-page` note).

use std::collections::BTreeMap;

use apispec::{Lang, NameSource, Operation, Schema};

use crate::config::ServiceConfig;
use crate::diagnostics::{Code, Sink};
use crate::operation::PageResult;

use super::schema_merge::{fill_info, merge_opt};

/// Merges the operations of a service's pages (one per method and path, unless pages of one
/// language document several), unnamed unless a page links to API Explorer.
pub fn merge_pages(
    pages: Vec<PageResult>,
    config: &ServiceConfig,
    sink: &mut Sink,
) -> Vec<Operation> {
    let mut groups: BTreeMap<(String, String), Vec<(Operation, Lang)>> = BTreeMap::new();
    for p in pages {
        if let Some(op) = p.operation {
            groups
                .entry((op.method.clone(), op.path.clone()))
                .or_default()
                .push((op, p.lang));
        }
    }
    let imported = |file: &str| config.provenance.as_ref().is_some_and(|p| p.lists(file));
    let mut ops = Vec::new();
    for ((method, path), mut group) in groups {
        // English first: its text is used for docs; the others fill what it lacks.
        group.sort_by_key(|(op, lang)| (*lang != Lang::En, op.sources[0].file.clone()));
        for mut cluster in translations(group) {
            // Of two versions of one page (same language), the one that wins where they
            // disagree first: the imported one (the newer), else the one documenting more.
            cluster.sort_by_cached_key(|(op, lang)| {
                let file = op.sources[0].file.clone();
                (
                    *lang != Lang::En,
                    *lang,
                    !imported(&file),
                    std::cmp::Reverse(documented(op)),
                    file,
                )
            });
            ops.push(merge_cluster(cluster, &method, &path, config, sink));
        }
    }
    ops
}

/// How much a page documents: parameters, and fields of its request and response bodies.
fn documented(op: &Operation) -> usize {
    fn nodes(s: &Schema) -> usize {
        match s {
            Schema::Object(o) => o.fields.iter().map(|f| 1 + nodes(&f.schema)).sum(),
            Schema::Array { items } => nodes(items),
            Schema::Map { values } => nodes(values),
            _ => 0,
        }
    }
    op.params.len()
        + op.request_body.as_ref().map_or(0, nodes)
        + op.responses
            .values()
            .map(|r| r.body.as_ref().map_or(0, nodes))
            .sum::<usize>()
}

/// The top-level body fields an operation documents (request, else success response): what
/// tells apart operations that share a method and path (`POST .../action` with `os-start`,
/// `os-stop` or `reboot`).
fn body_keys(op: &Operation) -> Vec<String> {
    let top = |s: &Schema| match s {
        Schema::Object(o) => o.fields.iter().map(|f| f.name.clone()).collect(),
        _ => Vec::new(),
    };
    match &op.request_body {
        Some(b) => top(b),
        None => op
            .responses
            .values()
            .find(|r| r.is_success())
            .and_then(|r| r.body.as_ref())
            .map(top)
            .unwrap_or_default(),
    }
}

/// Splits pages sharing a method and path into operations: one page per language each, unless
/// two pages carry the same API Explorer name. Pages of one language are different operations
/// (or, with the same API Explorer name, two versions of one page: a seed and its newer
/// import); a page of another language joins the operation with the same API Explorer name
/// or, without names, the one whose body fields overlap most.
fn translations(group: Vec<(Operation, Lang)>) -> Vec<Vec<(Operation, Lang)>> {
    let mut clusters: Vec<Vec<(Operation, Lang)>> = Vec::new();
    for (op, lang) in group {
        let keys = body_keys(&op);
        let explorer = (op.name_source == NameSource::Explorer).then(|| op.name.clone());
        let mut best: Option<(usize, f64)> = None;
        for (i, c) in clusters.iter().enumerate() {
            let (first, _) = &c[0];
            let other_explorer = c
                .iter()
                .find(|(o, _)| o.name_source == NameSource::Explorer)
                .map(|(o, _)| o.name.clone());
            if let (Some(a), Some(b)) = (&explorer, &other_explorer) {
                if a == b {
                    best = Some((i, 2.0));
                    break;
                }
                continue;
            }
            if c.iter().any(|(_, l)| *l == lang) {
                continue;
            }
            let theirs = body_keys(first);
            let score = if keys.is_empty() && theirs.is_empty() {
                1.0
            } else {
                let shared = keys.iter().filter(|k| theirs.contains(k)).count() as f64;
                let union = (keys.len() + theirs.len()) as f64 - shared;
                if union == 0.0 {
                    0.0
                } else {
                    shared / union
                }
            };
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
        // A lone candidate joins even with little overlap (translations often differ); with
        // several candidates the overlap decides.
        let candidates = clusters
            .iter()
            .filter(|c| !c.iter().any(|(_, l)| *l == lang))
            .count();
        match best {
            Some((i, score)) if score >= 0.3 || candidates == 1 && score > 0.0 || score >= 2.0 => {
                clusters[i].push((op, lang))
            }
            Some((i, _)) if candidates == 1 && keys.is_empty() => clusters[i].push((op, lang)),
            _ => clusters.push(vec![(op, lang)]),
        }
    }
    clusters
}

fn merge_cluster(
    group: Vec<(Operation, Lang)>,
    method: &str,
    path: &str,
    config: &ServiceConfig,
    sink: &mut Sink,
) -> Operation {
    let mut iter = group.into_iter();
    let Some((mut merged, _)) = iter.next() else {
        return Operation::default();
    };
    for (other, lang) in iter {
        // A page of a language the operation already has is another version of a page.
        let newer = merged
            .sources
            .iter()
            .find(|s| s.lang == lang)
            .map(|s| s.file.clone());
        match newer {
            None => merge_into(&mut merged, other, MergeKind::Translation, sink),
            Some(newer) => {
                merge_version_page(&mut merged, other, newer, (method, path), config, sink)
            }
        }
    }
    merged
}

/// Merges an older version of a page (`other`) into `merged`, with a `superseded-page` note
/// naming the page used where they disagree (`newer`).
fn merge_version_page(
    merged: &mut Operation,
    other: Operation,
    newer: String,
    (method, path): (&str, &str),
    config: &ServiceConfig,
    sink: &mut Sink,
) {
    let older = other
        .sources
        .first()
        .map(|s| (s.file.clone(), s.line))
        .unwrap_or_default();
    let mut notes = Vec::new();
    let more = documented(merged) != documented(&other);
    merge_into(merged, other, MergeKind::Version(&mut notes), sink);
    let imported = |f: &str| config.provenance.as_ref().is_some_and(|p| p.lists(f));
    let which = match &config.provenance {
        Some(p) if imported(&newer) && !imported(&older.0) => format!(
            "{newer} is the newer page (imported{}) and wins where they disagree",
            Some(p.describe())
                .filter(|d| !d.is_empty())
                .map(|d| format!(" from {d}"))
                .unwrap_or_default()
        ),
        _ if more => format!("{newer} (the page documenting more) is used where they disagree"),
        _ => {
            format!("{newer} (the first by file name) is used where they disagree")
        }
    };
    let differences = if notes.is_empty() {
        String::new()
    } else {
        let shown: Vec<&str> = notes.iter().take(4).map(String::as_str).collect();
        let more = notes.len().saturating_sub(shown.len());
        format!(
            "; {} difference{}: {}{}",
            notes.len(),
            if notes.len() == 1 { "" } else { "s" },
            shown.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        )
    };
    sink.emit(
        Code::SupersededPage,
        &older.0,
        older.1.max(1),
        format!(
            "this page and {newer} document the same operation `{}` ({method} {path}, the same API Explorer name); {which}{differences}",
            merged.name
        ),
    );
}

fn mismatch(sink: &mut Sink, fa: &str, b: &Operation, what: String) {
    let fb = b
        .sources
        .first()
        .map(|s| (s.file.as_str(), s.line))
        .unwrap_or(("", 1));
    sink.emit(
        Code::TranslationMismatch,
        fb.0,
        fb.1,
        format!("{what} (this page and {fa} document the same operation)"),
    );
}

/// How two pages of one operation relate.
enum MergeKind<'a> {
    /// Another language's page: the union of both, a flag set on either page is set, and
    /// disagreements are `translation-mismatch` warnings.
    Translation,
    /// An older version of a page in the same language: what only it documents is added, and
    /// where the two disagree the newer (`op`) wins; the disagreements are collected here.
    Version(&'a mut Vec<String>),
}

/// Adds what `other` (another language's page of the same operation, or an older version of
/// its page) documents to `op`.
fn merge_into(op: &mut Operation, other: Operation, kind: MergeKind<'_>, sink: &mut Sink) {
    let (version, mut version_notes) = match kind {
        MergeKind::Translation => (false, None),
        MergeKind::Version(n) => (true, Some(n)),
    };
    if op.name.is_empty() && !other.name.is_empty() {
        op.name = other.name.clone();
        op.name_source = other.name_source;
    }
    if op.description.is_empty() {
        op.description = other.description.clone();
    }
    if !version {
        if op.deprecated.is_none() {
            op.deprecated = other.deprecated.clone();
        }
        if op.request_content_type.is_none() {
            op.request_content_type = other.request_content_type.clone();
        }
    }
    let first_file = op
        .sources
        .first()
        .map(|s| s.file.clone())
        .unwrap_or_default();
    for p in &other.params {
        match op
            .params
            .iter_mut()
            .find(|x| x.location == p.location && x.name == p.name)
        {
            Some(mine) => {
                if mine.required != p.required {
                    let msg = format!(
                        "parameter `{}`: required is {} here and {} in the other page",
                        p.name, p.required, mine.required
                    );
                    match version_notes.as_deref_mut() {
                        Some(n) => n.push(msg),
                        None => {
                            mismatch(sink, &first_file, &other, msg);
                            mine.required |= p.required;
                        }
                    }
                }
                if version {
                    fill_info(&mut mine.info, &p.info);
                } else if mine.info.description.is_empty() {
                    mine.info.description = p.info.description.clone();
                }
            }
            None => op.params.push(p.clone()),
        }
    }
    let mut notes = Vec::new();
    op.request_body = merge_opt(
        op.request_body.take(),
        other.request_body.clone(),
        "request body",
        version,
        &mut notes,
    );
    if op.request_example.is_none() {
        op.request_example = other.request_example.clone();
    }
    for (code, r) in &other.responses {
        match op.responses.get_mut(code) {
            Some(mine) => {
                mine.body = merge_opt(
                    mine.body.take(),
                    r.body.clone(),
                    &format!("{code} response"),
                    version,
                    &mut notes,
                );
                if mine.description.is_empty() {
                    mine.description = r.description.clone();
                }
                if mine.message_code.is_none() {
                    mine.message_code = r.message_code.clone();
                }
                if mine.example.is_none() {
                    mine.example = r.example.clone();
                }
                for c in &r.error_codes {
                    if !mine.error_codes.contains(c) {
                        mine.error_codes.push(c.clone());
                    }
                }
                // A response header is a name and a string: the other page's are added,
                // never in place of one this page documents.
                for h in &r.headers {
                    if !mine
                        .headers
                        .iter()
                        .any(|m| m.name.eq_ignore_ascii_case(&h.name))
                    {
                        mine.headers.push(h.clone());
                    }
                }
            }
            None => {
                op.responses.insert(*code, r.clone());
            }
        }
    }
    match version_notes {
        Some(n) => n.extend(notes),
        None => {
            for n in notes {
                mismatch(sink, &first_file, &other, n);
            }
        }
    }
    op.sources.extend(other.sources);
}
