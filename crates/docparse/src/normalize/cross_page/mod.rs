//! Fields described on another page of the service ([`crate::rules::cross_page_ref`]),
//! resolved once every page is read.
//!
//! A page is read alone: a row whose object no table of its page describes, and whose
//! description links to the page that does, is recorded as a [`RowRef`], and the page keeps
//! what other pages may point at ([`CrossPage`]: its tables, each read as an object, with the
//! anchors and headings that name them). Before the service's pages are merged,
//! [`resolve_pages`] fills each such field with the object the reference names: a table of
//! the linked page (by anchor or heading) or a field of its request or response (by name),
//! itself with the references it makes resolved. A field the page describes with fields of
//! its own is never touched. A reference to a page, table or field the service does not have,
//! or one that leads back to a table being read, leaves the field as it was, with a
//! diagnostic.

use apispec::{Field, Operation, Schema};

use crate::diagnostics::{Code, PageSink, Sink};
use crate::operation::PageResult;
use crate::resolve::Resolver;
use crate::rules::cross_page_ref::PageRef;
use crate::tables::{ParamTable, Role};

mod service;

use service::Service;

/// A field whose object another page describes.
#[derive(Debug, Clone, PartialEq)]
pub struct RowRef {
    /// The field's name.
    pub name: String,
    /// Its description (with its name, how the field is found again in the page's schemas).
    pub description: String,
    /// Where it is described.
    pub target: PageRef,
    /// The type cell says a list of the objects.
    pub list: bool,
    /// The name the type cell gives the object (`Storage` in `Storage object`).
    pub type_name: Option<String>,
    /// Line of the row's table.
    pub line: u32,
}

impl RowRef {
    /// The reference of a field as its page resolved it; `None` when the page gave the field
    /// an object of its own (a table found by the example).
    pub fn new(
        field: &Field,
        target: PageRef,
        list: bool,
        type_name: Option<String>,
        line: u32,
    ) -> Option<RowRef> {
        left_open(&field.schema).then(|| RowRef {
            name: field.name.clone(),
            description: field.info.description.clone(),
            target,
            list,
            type_name,
            line,
        })
    }

    fn is(&self, f: &Field) -> bool {
        f.name == self.name && f.info.description == self.description && left_open(&f.schema)
    }
}

/// A schema without an object a table describes: any JSON, a scalar, or the unnamed shape an
/// example gave.
fn left_open(s: &Schema) -> bool {
    match s {
        Schema::Ref { .. } => false,
        s => s.innermost_object().is_none_or(|o| o.name.is_none()),
    }
}

/// One step of a field's path inside a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The field of this name.
    Field(String),
    /// The items of a list.
    Items,
    /// The values of a map.
    Values,
}

/// Where in an operation a path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// The request body.
    Request,
    /// The body of the response of this status.
    Response(u16),
}

/// A table of a page, read as the object it describes, for other pages to point at.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedTable {
    /// Its line.
    pub line: u32,
    /// The anchors naming it.
    pub anchors: Vec<String>,
    /// The object's name its caption gives.
    pub name: Option<String>,
    /// It belongs to the response.
    pub response: bool,
    /// Its fields.
    pub fields: Vec<Field>,
    /// The fields in it described on yet another page: path, index in [`CrossPage::row_refs`].
    pub refs: Vec<(Vec<Step>, usize)>,
}

/// A heading of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1-based line.
    pub line: u32,
    /// 1 for the title.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// The anchors its line names.
    pub anchors: Vec<String>,
}

/// What a page holds for references across pages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CrossPage {
    /// The page's file.
    pub file: String,
    /// Its fields described on another page.
    pub row_refs: Vec<RowRef>,
    /// Where they are in its operation: root, path, index in `row_refs`.
    pub op_refs: Vec<(Root, Vec<Step>, usize)>,
    /// Its tables, for other pages to point at.
    pub tables: Vec<ExportedTable>,
    /// Its headings.
    pub headings: Vec<Heading>,
}

/// The headings of a page's blocks, with the anchors of their lines in the source.
pub fn headings(blocks: &[crate::blocks::Block], src: &str) -> Vec<Heading> {
    let lines: Vec<&str> = src.lines().collect();
    blocks
        .iter()
        .filter_map(|b| match b {
            crate::blocks::Block::Heading { level, text, line } => Some(Heading {
                line: *line,
                level: *level,
                text: text.clone(),
                anchors: lines
                    .get((*line as usize).wrapping_sub(1))
                    .map(|l| crate::rules::cross_page_ref::heading_anchors(l))
                    .unwrap_or_default(),
            }),
            _ => None,
        })
        .collect()
}

/// Every path under `fields` where a field of `refs` is.
fn walk_fields(
    fields: &[Field],
    refs: &[RowRef],
    path: &mut Vec<Step>,
    out: &mut Vec<(Vec<Step>, usize)>,
) {
    for f in fields {
        path.push(Step::Field(f.name.clone()));
        match refs.iter().position(|r| r.is(f)) {
            Some(i) => out.push((path.clone(), i)),
            None => walk_schema(&f.schema, refs, path, out),
        }
        path.pop();
    }
}

fn walk_schema(
    s: &Schema,
    refs: &[RowRef],
    path: &mut Vec<Step>,
    out: &mut Vec<(Vec<Step>, usize)>,
) {
    // Guards against a schema nested deeper than any page writes.
    if path.len() > 64 {
        return;
    }
    match s {
        Schema::Object(o) => walk_fields(&o.fields, refs, path, out),
        Schema::Array { items } => {
            path.push(Step::Items);
            walk_schema(items, refs, path, out);
            path.pop();
        }
        Schema::Map { values } => {
            path.push(Step::Values);
            walk_schema(values, refs, path, out);
            path.pop();
        }
        _ => {}
    }
}

/// What a page holds for other pages and the references it makes: its tables read as objects
/// (diagnostics of that reading dropped: the page's own reading reports them), and where
/// `op`, the operation it documents, has fields described elsewhere (`op_row_refs`: the
/// references its reading recorded).
pub fn page_cross(
    tables: &[ParamTable],
    op: Option<&Operation>,
    op_row_refs: Vec<RowRef>,
    sink: &mut PageSink<'_>,
) -> CrossPage {
    let mark = sink.mark();
    let mut r = Resolver::new(tables, sink);
    r.page_refs = op_row_refs;
    let mut read = Vec::new();
    for (idx, t) in tables.iter().enumerate() {
        if matches!(
            t.role,
            Role::Path | Role::Query | Role::Header | Role::ResponseHeader
        ) {
            continue;
        }
        let fields = r.object(idx, None);
        read.push((idx, fields));
    }
    let row_refs = std::mem::take(&mut r.page_refs);
    sink.rollback(mark);
    let mut cross = CrossPage {
        file: sink.file().to_string(),
        ..Default::default()
    };
    if row_refs.is_empty() && read.is_empty() {
        return cross;
    }
    for (idx, fields) in read {
        let t = &tables[idx];
        let mut refs = Vec::new();
        walk_fields(&fields, &row_refs, &mut Vec::new(), &mut refs);
        cross.tables.push(ExportedTable {
            line: t.table.line,
            anchors: t.table.anchors.clone(),
            name: match &t.role {
                Role::Named(n) => Some(n.clone()),
                _ => None,
            },
            response: matches!(t.side, crate::tables::MessageSide::Response(_)),
            fields,
            refs,
        });
    }
    if let Some(op) = op {
        let mut roots: Vec<(Root, &Schema)> =
            op.request_body.iter().map(|s| (Root::Request, s)).collect();
        roots.extend(
            op.responses
                .iter()
                .filter_map(|(st, r)| Some((Root::Response(*st), r.body.as_ref()?))),
        );
        for (root, s) in roots {
            let mut found = Vec::new();
            walk_schema(s, &row_refs, &mut Vec::new(), &mut found);
            cross
                .op_refs
                .extend(found.into_iter().map(|(p, i)| (root, p, i)));
        }
    }
    cross.row_refs = row_refs;
    cross
}

/// The field at `path` under `fields`.
fn field_at<'a>(fields: &'a mut [Field], path: &[Step]) -> Option<&'a mut Field> {
    let (Step::Field(n), rest) = path.split_first()? else {
        return None;
    };
    let f = fields.iter_mut().find(|f| f.name == *n)?;
    if rest.is_empty() {
        return Some(f);
    }
    schema_field_at(&mut f.schema, rest)
}

fn schema_field_at<'a>(s: &'a mut Schema, path: &[Step]) -> Option<&'a mut Field> {
    match (s, path.first()?) {
        (Schema::Object(o), Step::Field(_)) => field_at(&mut o.fields, path),
        (Schema::Array { items }, Step::Items) => schema_field_at(items, &path[1..]),
        (Schema::Map { values }, Step::Values) => schema_field_at(values, &path[1..]),
        _ => None,
    }
}

/// Fills `f` with `object` when the page left it open, in the shape the page gave the field:
/// a list (`list`, or what the page read as one) or a map (key-value pairs) of the objects.
fn fill(f: &mut Field, object: Schema, list: bool) {
    fn shaped(left: &Schema, object: Schema, list: bool) -> Schema {
        match left {
            Schema::Map { values } => Schema::map(shaped(values, object, false)),
            Schema::Array { items } => Schema::array(shaped(items, object, false)),
            _ if list => Schema::array(object),
            _ => object,
        }
    }
    if left_open(&f.schema) {
        f.schema = conform(shaped(&f.schema, object, list), &f.schema);
        f.info.sensitive = false;
    }
}

/// `target` with a list wherever `left` (what the linking page read, shaped by its example)
/// shows a list of the object `target` has: the linking page's example has its say in the
/// shape, as on the page itself.
fn conform(target: Schema, left: &Schema) -> Schema {
    match (target, left) {
        (Schema::Object(o), Schema::Array { items }) => {
            Schema::array(conform(Schema::Object(o), items))
        }
        (Schema::Object(mut o), Schema::Object(l)) => {
            for f in &mut o.fields {
                if let Some(lf) = l.fields.iter().find(|x| x.name == f.name) {
                    let s = std::mem::replace(&mut f.schema, Schema::Any);
                    f.schema = conform(s, &lf.schema);
                }
            }
            Schema::Object(o)
        }
        (Schema::Array { items }, Schema::Array { items: l }) => Schema::array(conform(*items, l)),
        (Schema::Map { values }, Schema::Map { values: l }) => Schema::map(conform(*values, l)),
        (t, _) => t,
    }
}

/// Resolves the references of every page's operation across the service's pages.
pub fn resolve_pages(pages: &mut [PageResult], sink: &mut Sink) {
    if pages.iter().all(|p| p.cross.op_refs.is_empty()) {
        return;
    }
    let mut fills: Vec<(usize, Root, Vec<Step>, Schema, usize)> = Vec::new();
    {
        let service = Service::new(pages);
        for (i, p) in pages.iter().enumerate() {
            for (root, path, ri) in &p.cross.op_refs {
                let Some(r) = p.cross.row_refs.get(*ri) else {
                    continue;
                };
                if let Some(s) = service.target(i, r, &mut Vec::new(), sink) {
                    fills.push((i, *root, path.clone(), s, *ri));
                }
            }
        }
    }
    for (i, root, path, s, ri) in fills {
        let page = &mut pages[i];
        let Some(op) = page.operation.as_mut() else {
            continue;
        };
        let body = match root {
            Root::Request => op.request_body.as_mut(),
            Root::Response(st) => op.responses.get_mut(&st).and_then(|r| r.body.as_mut()),
        };
        let list = page.cross.row_refs.get(ri).is_some_and(|r| r.list);
        if let Some(f) = body.and_then(|b| schema_field_at(b, &path)) {
            fill(f, s, list);
            // The page's "`Foo object` names a table the page does not have" was answered by
            // the page it links to.
            if let Some(r) = page.cross.row_refs.get(ri) {
                let said = format!("field `{}`: ", r.name);
                page.diagnostics.retain(|d| {
                    !(d.code == Code::UnresolvedType.name()
                        && d.line == r.line
                        && d.message.starts_with(&said))
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
