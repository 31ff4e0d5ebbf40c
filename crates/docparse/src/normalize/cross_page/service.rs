//! The pages of a service looked up by file, name, anchor and heading: where a reference
//! leads, and the object it names.

use std::collections::HashMap;

use apispec::{Field, ObjectSchema, Operation, Schema};

use super::{field_at, fill, ExportedTable, Heading, RowRef};
use crate::diagnostics::{Code, Sink};
use crate::operation::PageResult;
use crate::rules::cross_page_ref::{join_link, quotes_heading, Target};

/// The pages of a service, every page, table and reference looked up from them.
pub(super) struct Service<'p> {
    pages: &'p [PageResult],
    by_file: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

/// A file name compared: `/` for `\`.
fn norm_file(f: &str) -> String {
    f.replace('\\', "/")
}

fn base_name(f: &str) -> &str {
    f.rsplit('/').next().unwrap_or(f)
}

/// How deep references may lead through pages.
const MAX_DEPTH: usize = 16;

impl<'p> Service<'p> {
    pub(super) fn new(pages: &'p [PageResult]) -> Self {
        let mut by_file = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            let f = norm_file(&p.cross.file);
            by_name
                .entry(base_name(&f).to_string())
                .or_default()
                .push(i);
            by_file.insert(f, i);
        }
        Service {
            pages,
            by_file,
            by_name,
        }
    }

    /// The page a link of page `from` names: the file it names, else the one page of the
    /// service of that file name.
    fn page(&self, from: usize, link: &str) -> Option<usize> {
        let file = join_link(&norm_file(&self.pages[from].cross.file), link);
        if let Some(&i) = self.by_file.get(&file) {
            return Some(i);
        }
        match self.by_name.get(base_name(&file)).map(Vec::as_slice) {
            Some([i]) => Some(*i),
            _ => None,
        }
    }

    /// The table of page `p` under a heading: the first table after it, before the next
    /// heading.
    fn table_under(&self, p: usize, heading: &Heading) -> Option<usize> {
        let cross = &self.pages[p].cross;
        let next = cross
            .headings
            .iter()
            .map(|h| h.line)
            .filter(|&l| l > heading.line)
            .min()
            .unwrap_or(u32::MAX);
        cross
            .tables
            .iter()
            .enumerate()
            .filter(|(_, t)| t.line > heading.line && t.line < next)
            .min_by_key(|(_, t)| t.line)
            .map(|(i, _)| i)
    }

    /// The fields of table `t` of page `p`, with the references they make resolved.
    fn table_fields(
        &self,
        p: usize,
        t: usize,
        stack: &mut Vec<(usize, usize)>,
        sink: &mut Sink,
    ) -> Option<Vec<Field>> {
        if stack.contains(&(p, t)) || stack.len() >= MAX_DEPTH {
            return None;
        }
        let cross = &self.pages[p].cross;
        let table = cross.tables.get(t)?;
        let mut fields = self.pages[p]
            .operation
            .as_ref()
            .and_then(|op| shaped_reading(op, table))
            .unwrap_or_else(|| table.fields.clone());
        stack.push((p, t));
        for (path, ri) in &table.refs {
            let Some(r) = cross.row_refs.get(*ri) else {
                continue;
            };
            if let Some(s) = self.target(p, r, stack, sink) {
                if let Some(f) = field_at(&mut fields, path) {
                    fill(f, s, r.list);
                }
            }
        }
        stack.pop();
        Some(fields)
    }

    /// The object reference `r` of page `from` names, or a diagnostic.
    pub(super) fn target(
        &self,
        from: usize,
        r: &RowRef,
        stack: &mut Vec<(usize, usize)>,
        sink: &mut Sink,
    ) -> Option<Schema> {
        let file = &self.pages[from].cross.file;
        let warn = |sink: &mut Sink, code: Code, what: String| {
            sink.emit(
                code,
                file,
                r.line,
                format!("field `{}`: {what}; left as the page has it", r.name),
            )
        };
        let Some(p) = self.page(from, &r.target.page) else {
            if !matches!(r.target.target, Target::Heading(_)) {
                warn(
                    sink,
                    Code::UnresolvedPageRef,
                    format!(
                        "expected the page `{}` it links to among the service's pages; found none",
                        r.target.page
                    ),
                );
            }
            return None;
        };
        let cross = &self.pages[p].cross;
        let (table, fields) = match &r.target.target {
            Target::Anchor(a) => {
                let t = cross
                    .tables
                    .iter()
                    .position(|t| t.anchors.contains(a))
                    .or_else(|| {
                        let h = cross.headings.iter().find(|h| h.anchors.contains(a))?;
                        self.table_under(p, h)
                    });
                let Some(t) = t else {
                    warn(
                        sink,
                        Code::UnresolvedPageRef,
                        format!(
                            "expected a table with the anchor `#{a}` on `{}`; found none",
                            r.target.page
                        ),
                    );
                    return None;
                };
                (t, None)
            }
            Target::Heading(text) => {
                if p == from {
                    return None;
                }
                let h = cross
                    .headings
                    .iter()
                    .find(|h| h.level >= 2 && quotes_heading(text, &h.text))?;
                (self.table_under(p, h)?, None)
            }
            Target::Field { name, response } => {
                let mut order: Vec<usize> = (0..cross.tables.len()).collect();
                order.sort_by_key(|&t| cross.tables[t].response != *response);
                let mut found = None;
                for t in order {
                    if stack.contains(&(p, t)) {
                        continue;
                    }
                    let Some(fields) = self.table_fields(p, t, stack, sink) else {
                        continue;
                    };
                    if let Some(o) = object_of_field(&fields, name, 0) {
                        found = Some((t, Some(o)));
                        break;
                    }
                }
                let Some(found) = found else {
                    warn(
                        sink,
                        Code::UnresolvedPageRef,
                        format!(
                            "expected a field `{name}` with fields of its own in the {} of `{}`; found none",
                            if *response { "response" } else { "request" },
                            r.target.page
                        ),
                    );
                    return None;
                };
                found
            }
        };
        let object = match fields {
            Some(o) => o,
            None => {
                if stack.contains(&(p, table)) {
                    warn(
                        sink,
                        Code::PageRefCycle,
                        format!(
                            "refers to a table of `{}` that is being read (a cycle)",
                            r.target.page
                        ),
                    );
                    return None;
                }
                let fields = self.table_fields(p, table, stack, sink)?;
                ObjectSchema {
                    name: cross.tables[table].name.clone(),
                    fields,
                }
            }
        };
        if object.fields.is_empty() {
            return None;
        }
        Some(Schema::Object(ObjectSchema {
            name: r.type_name.clone().or(object.name),
            fields: object.fields,
        }))
    }
}

/// The fields of `table` as its page's operation reads them, shaped by the page's examples (a
/// list where the example shows one, a map of what the example shows): the object of the
/// operation's bodies (those of the table's side first) with the table's fields, in its order.
fn shaped_reading(op: &Operation, table: &ExportedTable) -> Option<Vec<Field>> {
    fn find<'s>(s: &'s Schema, names: &[&str], depth: usize) -> Option<&'s ObjectSchema> {
        if depth > 64 {
            return None;
        }
        match s {
            Schema::Object(o) => {
                if o.fields.len() == names.len()
                    && o.fields.iter().zip(names).all(|(f, n)| f.name == *n)
                {
                    return Some(o);
                }
                o.fields
                    .iter()
                    .find_map(|f| find(&f.schema, names, depth + 1))
            }
            Schema::Array { items } => find(items, names, depth + 1),
            Schema::Map { values } => find(values, names, depth + 1),
            _ => None,
        }
    }
    let names: Vec<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
    if names.is_empty() {
        return None;
    }
    let request = op.request_body.iter();
    let responses = op.responses.values().filter_map(|r| r.body.as_ref());
    let bodies: Vec<&Schema> = if table.response {
        responses.chain(request).collect()
    } else {
        request.chain(responses).collect()
    };
    bodies
        .into_iter()
        .find_map(|b| find(b, &names, 0))
        .map(|o| o.fields.clone())
}

/// The object of the first field named `name` under `fields` (depth first) that has fields.
fn object_of_field(fields: &[Field], name: &str, depth: usize) -> Option<ObjectSchema> {
    if depth > 32 {
        return None;
    }
    for f in fields {
        if f.name == name {
            if let Some(o) = f.schema.innermost_object().filter(|o| !o.fields.is_empty()) {
                return Some(o.clone());
            }
        }
        if let Some(o) = f
            .schema
            .innermost_object()
            .and_then(|o| object_of_field(&o.fields, name, depth + 1))
        {
            return Some(o);
        }
    }
    None
}
