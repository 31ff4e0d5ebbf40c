//! Pages of one service → operations: translations merged (same method and path), names given
//! (API Explorer link, `service.toml`, English title, method and path), made unique.

use std::collections::BTreeMap;

use apispec::{Diagnostic, IntFormat, Lang, NameSource, ObjectSchema, Operation, Schema, Severity};
use heck::ToUpperCamelCase;

use crate::config::ServiceConfig;
use crate::page::PageResult;

/// Merges the operations of a service's pages and names them.
pub fn merge_pages(
    pages: Vec<PageResult>,
    config: &ServiceConfig,
    diags: &mut Vec<Diagnostic>,
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
            ops.push(merge_cluster(cluster, &method, &path, config, diags));
        }
    }
    shared_explorer_names(&ops, diags);
    make_unique(&mut ops, diags);
    ops.sort_by(|a, b| (&a.api_version, &a.name).cmp(&(&b.api_version, &b.name)));
    ops
}

/// An API Explorer name on pages of different HTTP methods in one API version cannot name
/// them all: the link was copied from another page (SMN's pages all link to `ListTopics`).
/// Each such page is named in `[operation_names]` until the docs are fixed.
fn shared_explorer_names(ops: &[Operation], diags: &mut Vec<Diagnostic>) {
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
            diags.push(Diagnostic {
                file,
                line,
                severity: Severity::Warning,
                code: "shared-explorer-name".into(),
                message: format!(
                    "the API Explorer link names `{name}`, as do the pages of {} other operations with other methods: a copied link; name `{} {}` in [operation_names]",
                    group.len() - 1,
                    op.method,
                    op.path
                ),
            });
        }
    }
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
    diags: &mut Vec<Diagnostic>,
) -> Operation {
    {
        let mut iter = group.into_iter();
        let Some((mut merged, first_lang)) = iter.next() else {
            return Operation::default();
        };
        let mut english_title = (first_lang == Lang::En).then(|| merged.summary.clone());
        for (other, lang) in iter {
            // A page of a language the operation already has is another version of a page.
            let newer = merged
                .sources
                .iter()
                .find(|s| s.lang == lang)
                .map(|s| s.file.clone());
            match newer {
                None => merge_into(&mut merged, other, MergeKind::Translation, diags),
                Some(newer) => {
                    let older = other
                        .sources
                        .first()
                        .map(|s| (s.file.clone(), s.line))
                        .unwrap_or_default();
                    let mut notes = Vec::new();
                    let more = documented(&merged) != documented(&other);
                    merge_into(&mut merged, other, MergeKind::Version(&mut notes), diags);
                    let imported = |f: &str| config.provenance.as_ref().is_some_and(|p| p.lists(f));
                    let which = match &config.provenance {
                        Some(p) if imported(&newer) && !imported(&older.0) => format!(
                            "{newer} is the newer page (imported{}) and wins where they disagree",
                            Some(p.describe())
                                .filter(|d| !d.is_empty())
                                .map(|d| format!(" from {d}"))
                                .unwrap_or_default()
                        ),
                        _ if more => format!(
                            "{newer} (the page documenting more) is used where they disagree"
                        ),
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
                    diags.push(Diagnostic {
                        file: older.0,
                        line: older.1.max(1),
                        severity: Severity::Note,
                        code: "superseded-page".into(),
                        message: format!(
                            "this page and {newer} document the same operation `{}` ({method} {path}, the same API Explorer name); {which}{differences}",
                            merged.name
                        ),
                    });
                }
            }
        }
        let key = format!("{method} {path}");
        // A page's own entry (its file name) first: pages sharing a method and path (the
        // `POST .../action` operations) are named one by one.
        let by_file = merged.sources.iter().find_map(|s| {
            let name = s.file.rsplit(['/', '\\']).next().unwrap_or(&s.file);
            config.operation_names.get(name)
        });
        if let Some(n) = by_file.or_else(|| config.operation_names.get(&key)) {
            merged.name = n.clone();
            merged.name_source = NameSource::Override;
        } else if merged.name.is_empty() {
            if let Some(t) = english_title.take().and_then(|t| name_from_title(&t)) {
                merged.name = t;
                merged.name_source = NameSource::Title;
            } else {
                merged.name = name_from_path(method, path);
                merged.name_source = NameSource::Path;
            }
        }
        if let Some(v) = &config.api_version {
            merged.api_version = v.clone();
        }
        merged
    }
}

fn mismatch(diags: &mut Vec<Diagnostic>, fa: &str, b: &Operation, what: String) {
    let fb = b
        .sources
        .first()
        .map(|s| (s.file.as_str(), s.line))
        .unwrap_or(("", 1));
    diags.push(Diagnostic {
        file: fb.0.to_string(),
        line: fb.1,
        severity: Severity::Warning,
        code: "translation-mismatch".into(),
        message: format!("{what} (this page and {fa} document the same operation)"),
    });
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
fn merge_into(
    op: &mut Operation,
    other: Operation,
    kind: MergeKind<'_>,
    diags: &mut Vec<Diagnostic>,
) {
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
                            mismatch(diags, &first_file, &other, msg);
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
                mismatch(diags, &first_file, &other, n);
            }
        }
    }
    op.sources.extend(other.sources);
}

fn merge_opt(
    a: Option<Schema>,
    b: Option<Schema>,
    at: &str,
    version: bool,
    notes: &mut Vec<String>,
) -> Option<Schema> {
    match (a, b) {
        (Some(a), Some(b)) if version => Some(merge_version(a, b, at, notes)),
        (Some(a), Some(b)) => Some(merge_schema(a, b, at, notes)),
        (a, b) => a.or(b),
    }
}

/// What the older version of a page says of a field and the newer does not (a default, a
/// length limit, a value list): kept, since they do not disagree.
fn fill_info(newer: &mut apispec::FieldInfo, older: &apispec::FieldInfo) {
    if newer.description.is_empty() {
        newer.description = older.description.clone();
    }
    newer.sensitive |= older.sensitive;
    if newer.enum_values.is_empty() {
        newer.enum_values = older.enum_values.clone();
    }
    macro_rules! fill {
        ($($f:ident),*) => {$(
            if newer.$f.is_none() {
                newer.$f = older.$f.clone();
            }
        )*};
    }
    fill!(
        default,
        min_length,
        max_length,
        minimum,
        maximum,
        required_when
    );
}

/// Two versions of one schema, `a` the newer: `a` wins where they disagree (type, required
/// flag); fields only `b` documents are added.
fn merge_version(a: Schema, b: Schema, at: &str, notes: &mut Vec<String>) -> Schema {
    match (a, b) {
        (Schema::Any, b) => b,
        (a, Schema::Any) => a,
        (Schema::Object(mut x), Schema::Object(y)) => {
            if x.name.is_none() {
                x.name = y.name;
            }
            for f in y.fields {
                match x.fields.iter_mut().find(|g| g.name == f.name) {
                    Some(g) => {
                        if g.required != f.required {
                            notes.push(format!(
                                "{at}: field `{}` is {} in the page used and {} in this one",
                                f.name,
                                if g.required { "required" } else { "optional" },
                                if f.required { "required" } else { "optional" },
                            ));
                        }
                        fill_info(&mut g.info, &f.info);
                        let inner = std::mem::replace(&mut g.schema, Schema::Any);
                        g.schema =
                            merge_version(inner, f.schema, &format!("{at}.{}", f.name), notes);
                    }
                    None => x.fields.push(f),
                }
            }
            Schema::Object(x)
        }
        (Schema::Array { items: x }, Schema::Array { items: y }) => {
            Schema::array(merge_version(*x, *y, &format!("{at}[]"), notes))
        }
        (Schema::Map { values: x }, Schema::Map { values: y }) => {
            Schema::map(merge_version(*x, *y, &format!("{at}{{}}"), notes))
        }
        (Schema::Integer { format: x }, Schema::Integer { format: y }) => Schema::Integer {
            format: if x == IntFormat::Int64 || y == IntFormat::Int64 {
                IntFormat::Int64
            } else {
                IntFormat::Int32
            },
        },
        (a, b) => {
            if std::mem::discriminant(&a) != std::mem::discriminant(&b) {
                notes.push(format!(
                    "{at}: {} in the page used, {} in this one",
                    a.describe(),
                    b.describe()
                ));
            }
            a
        }
    }
}

/// Union of two readings of one schema; the first wins where they disagree.
fn merge_schema(a: Schema, b: Schema, at: &str, notes: &mut Vec<String>) -> Schema {
    match (a, b) {
        (Schema::Any, b) => b,
        (a, Schema::Any) => a,
        (Schema::Object(mut x), Schema::Object(y)) => {
            if x.name.is_none() {
                x.name = y.name;
            }
            for f in y.fields {
                match x.fields.iter_mut().find(|g| g.name == f.name) {
                    Some(g) => {
                        if g.required != f.required {
                            notes.push(format!(
                                "{at}: field `{}` is required in one page and optional in the other",
                                f.name
                            ));
                            g.required |= f.required;
                        }
                        g.info.sensitive |= f.info.sensitive;
                        if g.info.description.is_empty() {
                            g.info.description = f.info.description.clone();
                        }
                        let inner = std::mem::replace(&mut g.schema, Schema::Any);
                        g.schema =
                            merge_schema(inner, f.schema, &format!("{at}.{}", f.name), notes);
                    }
                    None => x.fields.push(f),
                }
            }
            Schema::Object(ObjectSchema {
                name: x.name,
                fields: x.fields,
            })
        }
        (Schema::Array { items: x }, Schema::Array { items: y }) => {
            Schema::array(merge_schema(*x, *y, &format!("{at}[]"), notes))
        }
        (Schema::Map { values: x }, Schema::Map { values: y }) => {
            Schema::map(merge_schema(*x, *y, &format!("{at}{{}}"), notes))
        }
        // "X object" on one page, "Array of X objects" on the other: the list is the more
        // specific reading (a field documented as one object is the common slip).
        (Schema::Object(x), Schema::Array { items })
        | (Schema::Array { items }, Schema::Object(x)) => {
            notes.push(format!(
                "{at}: an object in one page and an array in the other; read as an array"
            ));
            Schema::array(merge_schema(
                *items,
                Schema::Object(x),
                &format!("{at}[]"),
                notes,
            ))
        }
        // `string` on one page, a structure on the other: pages write `string` loosely (for an
        // `enum`, for a link object); nobody writes `Array of strings` by mistake.
        (Schema::String, b @ (Schema::Array { .. } | Schema::Object(_) | Schema::Map { .. })) => {
            notes.push(format!(
                "{at}: type is string in one page and {} in the other; read as {}",
                b.describe(),
                b.describe()
            ));
            b
        }
        (a @ (Schema::Array { .. } | Schema::Object(_) | Schema::Map { .. }), Schema::String) => {
            notes.push(format!(
                "{at}: type is {} in one page and string in the other; read as {}",
                a.describe(),
                a.describe()
            ));
            a
        }
        // One page's example showed the integer needs 64 bits.
        (Schema::Integer { format: x }, Schema::Integer { format: y }) => Schema::Integer {
            format: if x == IntFormat::Int64 || y == IntFormat::Int64 {
                IntFormat::Int64
            } else {
                IntFormat::Int32
            },
        },
        (a, b) => {
            if std::mem::discriminant(&a) != std::mem::discriminant(&b) {
                notes.push(format!(
                    "{at}: type is {} in one page and {} in the other",
                    a.describe(),
                    b.describe()
                ));
            }
            a
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
fn make_unique(ops: &mut [Operation], diags: &mut Vec<Diagnostic>) {
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
            diags.push(Diagnostic {
                file: src.0,
                line: src.1,
                severity: Severity::Warning,
                code: "duplicate-operation-name".into(),
                message: format!(
                    "operation name `{}` is already taken in {}; named this one `{new}`",
                    op.name, op.api_version
                ),
            });
            op.name = new;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CCE-like page: RemoveNode, with the given body table rows.
    fn remove_node_page(rows: &str) -> String {
        format!(
            "# 节点移除\n\n## 功能介绍\n\n该API用于在指定集群下移除节点。\n\n## 调试\n\n\
[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=CCE&api=RemoveNode)\n\n\
## URI\n\nPUT /api/v3/projects/{{project_id}}/clusters/{{cluster_id}}/nodes/operation/remove\n\n\
## 请求参数\n\n**表 1** 请求Body参数\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n{rows}\n\n\
## 响应参数\n\n**状态码： 200**\n\n|参数|参数类型|描述|\n|--|--|--|\n|jobid|String|任务ID。|\n"
        )
    }

    fn versions(provenance: Option<&str>) -> (Vec<Operation>, Vec<Diagnostic>) {
        let seed = crate::parse_page(
            "spec-docs/cce/remove-node.zh-cn.md",
            remove_node_page("|kind|否|String|API类型。<br>缺省值：RemoveNodesTask|\n|nodes|是|String|节点列表。|\n|legacy|否|Boolean|旧字段。|").as_bytes(),
        );
        let imported = crate::parse_page(
            "spec-docs/cce/节点移除.md",
            remove_node_page("|kind|是|String|API类型，固定值“RemoveNodesTask”。|\n|nodes|是|Array of strings|节点列表。|").as_bytes(),
        );
        let config = ServiceConfig {
            provenance: provenance
                .map(|p| crate::config::Provenance::parse(p).expect("valid provenance")),
            ..ServiceConfig::default()
        };
        let mut diags = Vec::new();
        // Whatever order the pages come in.
        let ops = merge_pages(vec![seed, imported], &config, &mut diags);
        (ops, diags)
    }

    fn field<'a>(op: &'a Operation, name: &str) -> &'a apispec::Field {
        match &op.request_body {
            Some(Schema::Object(o)) => o.fields.iter().find(|f| f.name == name).expect(name),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_seed_and_its_newer_import_are_one_operation_and_the_import_wins() {
        let (ops, diags) = versions(Some(
            "repo = \"huaweicloudDocs/cce\"\ndate = \"2023-03-09\"\n[pages]\n\"节点移除.md\" = \"00\"\n",
        ));
        assert_eq!(ops.len(), 1, "{ops:#?}");
        let op = &ops[0];
        assert_eq!(op.name, "RemoveNode");
        let files: Vec<&str> = op.sources.iter().map(|s| s.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "spec-docs/cce/节点移除.md",
                "spec-docs/cce/remove-node.zh-cn.md"
            ]
        );
        // The newer page wins where they disagree; what only the seed documents is kept.
        assert!(field(op, "kind").required);
        assert!(field(op, "kind")
            .info
            .description
            .contains("RemoveNodesTask"));
        assert_eq!(field(op, "nodes").schema, Schema::array(Schema::String));
        assert_eq!(field(op, "legacy").schema, Schema::Boolean);
        // What only the seed says of a field both document is kept.
        assert_eq!(
            field(op, "kind").info.default.as_deref(),
            Some("RemoveNodesTask")
        );
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let d = &diags[0];
        assert_eq!(
            (d.severity, d.code.as_str(), d.file.as_str()),
            (
                Severity::Note,
                "superseded-page",
                "spec-docs/cce/remove-node.zh-cn.md"
            )
        );
        assert!(
            d.message.contains("spec-docs/cce/节点移除.md is the newer page (imported from huaweicloudDocs/cce, 2023-03-09)")
                && d.message.contains("`RemoveNode`")
                && d.message.contains("2 differences"),
            "{}",
            d.message
        );
        assert!(!diags.iter().any(|d| d.code == "duplicate-operation-name"));
    }

    #[test]
    fn without_provenance_two_versions_are_still_one_operation() {
        let (ops, diags) = versions(None);
        assert_eq!(ops.len(), 1);
        // Neither is known to be newer: the page documenting more (the seed's three body
        // fields) wins.
        assert_eq!(ops[0].sources[0].file, "spec-docs/cce/remove-node.zh-cn.md");
        assert!(!field(&ops[0], "kind").required);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].file, "spec-docs/cce/节点移除.md");
        assert!(
            diags[0]
                .message
                .contains("spec-docs/cce/remove-node.zh-cn.md (the page documenting more) is used"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn a_structure_beats_a_loose_string() {
        let mut notes = Vec::new();
        let strings = Schema::array(Schema::String);
        assert_eq!(
            merge_schema(Schema::String, strings.clone(), "body.masters", &mut notes),
            strings
        );
        assert_eq!(
            merge_schema(strings.clone(), Schema::String, "body.masters", &mut notes),
            strings
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        // Two scalars: the first page wins, and the disagreement is noted.
        assert_eq!(
            merge_schema(Schema::String, Schema::Boolean, "body.x", &mut notes),
            Schema::String
        );
        assert_eq!(notes.len(), 3);
    }

    #[test]
    fn operation_names_by_page_file_name_and_explorer_names_kept_first() {
        let page = |title: &str, key: &str, explorer: &str| {
            let link = if explorer.is_empty() {
                String::new()
            } else {
                format!("[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=RDS&api={explorer})\n\n")
            };
            format!(
                "# {title}\n\n{link}## URI\n\nPOST /v3/{{project_id}}/instances/{{instance_id}}/action\n\n## 请求参数\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|{key}|是|Object|操作。|\n"
            )
        };
        let pages = vec![
            crate::parse_page(
                "rds/重启数据库实例.md",
                page("重启", "restart", "").as_bytes(),
            ),
            crate::parse_page(
                "rds/单机转主备实例.md",
                page("单机转主备", "single_to_ha", "").as_bytes(),
            ),
            crate::parse_page(
                "rds/变更规格.md",
                page("变更规格", "resize_flavor", "").as_bytes(),
            ),
            crate::parse_page(
                "rds/扩容.md",
                page("扩容", "enlarge_volume", "CreateAction").as_bytes(),
            ),
        ];
        let config = ServiceConfig::parse(
            "[operation_names]\n\"重启数据库实例.md\" = \"StartInstanceRestartAction\"\n\"单机转主备实例.md\" = \"StartInstanceSingleToHaAction\"\n",
        )
        .unwrap();
        let mut diags = Vec::new();
        let ops = merge_pages(pages, &config, &mut diags);
        let mut names: Vec<(&str, &str)> = ops
            .iter()
            .map(|o| (o.name.as_str(), o.sources[0].file.as_str()))
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                // The explorer name is kept; the one derived from the path is numbered.
                ("CreateAction", "rds/扩容.md"),
                ("CreateAction2", "rds/变更规格.md"),
                ("StartInstanceRestartAction", "rds/重启数据库实例.md"),
                ("StartInstanceSingleToHaAction", "rds/单机转主备实例.md"),
            ]
        );
    }

    #[test]
    fn an_explorer_name_on_pages_of_different_methods_is_a_warning() {
        let page = |method: &str| {
            format!(
                "# x\n\n[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=SMN&api=ListTopics)\n\n## URI\n\n{method} /v2/{{project_id}}/notifications/topics\n"
            )
        };
        let pages = vec![
            crate::parse_page("smn/查询主题列表.md", page("GET").as_bytes()),
            crate::parse_page("smn/创建主题.md", page("POST").as_bytes()),
        ];
        let mut diags = Vec::new();
        merge_pages(pages, &ServiceConfig::default(), &mut diags);
        assert_eq!(
            diags
                .iter()
                .filter(|d| d.code == "shared-explorer-name")
                .count(),
            2,
            "{diags:#?}"
        );
        // Named in service.toml, the warning goes.
        let pages = vec![
            crate::parse_page("smn/查询主题列表.md", page("GET").as_bytes()),
            crate::parse_page("smn/创建主题.md", page("POST").as_bytes()),
        ];
        let config = ServiceConfig::parse(
            "[operation_names]\n\"POST /v2/{project_id}/notifications/topics\" = \"CreateTopic\"\n",
        )
        .unwrap();
        let mut diags = Vec::new();
        let ops = merge_pages(pages, &config, &mut diags);
        assert!(diags.is_empty(), "{diags:#?}");
        let names: Vec<&str> = ops.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["CreateTopic", "ListTopics"]);
    }

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
