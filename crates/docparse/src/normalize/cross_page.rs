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

use std::collections::HashMap;

use apispec::{Field, ObjectSchema, Operation, Schema};

use crate::diagnostics::{Code, PageSink, Sink};
use crate::operation::PageResult;
use crate::resolve::Resolver;
use crate::rules::cross_page_ref::{join_link, quotes_heading, PageRef, Target};
use crate::tables::{ParamTable, Role};

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

/// The pages of a service, every page, table and reference looked up from them.
struct Service<'p> {
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
    fn new(pages: &'p [PageResult]) -> Self {
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
    fn target(
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
mod tests {
    use apispec::{Diagnostic, Operation, Schema};

    use crate::config::ServiceConfig;
    use crate::diagnostics::Sink;

    /// An HTML parameter table (`name`, `type`, description as HTML) with its caption and
    /// anchor.
    fn table(no: u32, caption: &str, anchor: &str, rows: &[(&str, &str, &str)]) -> String {
        let mut t = format!(
            "**表 {no}**  {caption}\n\n<a name=\"{anchor}\"></a>\n<table><thead align=\"left\"><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead><tbody>"
        );
        for (n, ty, d) in rows {
            t.push_str(&format!(
                "<tr><td><p>{n}</p></td><td><p>{ty}</p></td><td><p>{d}</p></td></tr>"
            ));
        }
        t.push_str("</tbody></table>\n\n");
        t
    }

    /// An operation page whose 200 response is `tables` (the first the body's).
    fn op_page(title: &str, path: &str, tables: &str) -> String {
        format!(
            "# {title}\n\n## 功能介绍\n\n{title}。\n\n## URI\n\nGET {path}\n\n## 请求参数\n\n无\n\n## 响应参数\n\n**状态码： 200**\n\n{tables}## 状态码\n\n|状态码|描述|\n|--|--|\n|200|OK|\n"
        )
    }

    /// The service's operations from the given pages (file, text), with the diagnostics.
    fn service(pages: &[(&str, String)]) -> (Vec<Operation>, Vec<Diagnostic>) {
        let results = pages
            .iter()
            .map(|(f, text)| crate::parse_page(f, text.as_bytes()))
            .collect();
        let mut sink = Sink::default();
        let ops = super::super::operations(
            results,
            &ServiceConfig::default(),
            "service.toml",
            &mut sink,
        );
        (ops, sink.into_vec())
    }

    fn response_field<'a>(op: &'a Operation, name: &str) -> &'a apispec::Field {
        match op.responses.get(&200).and_then(|r| r.body.as_ref()) {
            Some(Schema::Object(o)) => o.fields.iter().find(|f| f.name == name).expect(name),
            other => panic!("expected a 200 body, found {other:?}"),
        }
    }

    fn field_names(s: &Schema) -> Vec<&str> {
        s.innermost_object()
            .map(|o| o.fields.iter().map(|f| f.name.as_str()).collect())
            .unwrap_or_default()
    }

    fn op<'a>(ops: &'a [Operation], path: &str) -> &'a Operation {
        ops.iter().find(|o| o.path == path).expect(path)
    }

    fn codes(diags: &[Diagnostic]) -> Vec<&str> {
        diags
            .iter()
            .filter(|d| d.code.contains("page-ref"))
            .map(|d| d.code.as_str())
            .collect()
    }

    /// EVS's ListVolumesByTags: "请参见<a href=…>查询单个云硬盘详情</a>响应中的volume参数".
    fn volume_page() -> (&'static str, String) {
        (
            "spec-docs/evs/查询单个云硬盘详情.md",
            op_page(
                "查询单个云硬盘详情",
                "/v2/{project_id}/volumes/{volume_id}",
                &(table(
                    2,
                    "响应Body参数",
                    "t2",
                    &[(
                        "volume",
                        "Object",
                        "云硬盘详情，详见<a href=\"#t3\">表3</a>。",
                    )],
                ) + &table(
                    3,
                    "volume参数说明",
                    "t3",
                    &[
                        ("id", "String", "云硬盘ID。"),
                        ("size", "Integer", "云硬盘大小。"),
                        (
                            "tags",
                            "Object",
                            "标签，详见<a href=\"标签.md#t9\">表9</a>。",
                        ),
                    ],
                )),
            ),
        )
    }

    #[test]
    fn a_field_of_another_pages_response_is_its_object() {
        let by_tags = (
            "spec-docs/evs/通过标签查询.md",
            op_page(
                "通过标签查询",
                "/v2/{project_id}/volumes/resource_instances",
                &table(
                    2,
                    "响应Body参数",
                    "a2",
                    &[
                        ("resource_id", "String", "资源ID。"),
                        ("resource_detail", "object", "资源详情，请参见<a href=\"查询单个云硬盘详情.md\">查询单个云硬盘详情</a>响应中的volume参数说明表格。"),
                    ],
                ),
            ),
        );
        let tags = (
            "spec-docs/evs/标签.md",
            format!(
                "# 标签\n\n## 标签字段说明<a name=\"s9\"></a>\n\n{}",
                table(
                    9,
                    "标签",
                    "t9",
                    &[("key", "String", "键。"), ("value", "String", "值。")]
                )
            ),
        );
        let (ops, diags) = service(&[by_tags, volume_page(), tags]);
        let f = response_field(
            op(&ops, "/v2/{project_id}/volumes/resource_instances"),
            "resource_detail",
        );
        assert_eq!(
            field_names(&f.schema),
            ["id", "size", "tags"],
            "{:?}",
            f.schema
        );
        // The target's own reference to a third page is resolved too.
        let Some(o) = f.schema.innermost_object() else {
            panic!("{:?}", f.schema)
        };
        assert_eq!(field_names(&o.fields[2].schema), ["key", "value"]);
        assert!(codes(&diags).is_empty(), "{diags:?}");
    }

    #[test]
    fn a_table_or_section_of_a_data_structure_page_by_anchor() {
        let ds = (
            "spec-docs/ecs/数据结构.md",
            format!(
                "# 数据结构\n\n## publicip字段数据结构说明<a name=\"section1\"></a>\n\n该字段被如下接口使用。\n\n{}## 另一个说明<a name=\"section2\"></a>\n\n{}",
                table(1, "publicip字段数据结构说明", "table11", &[("id", "String", "EIP的ID。"), ("eip", "Object", "见表2")]),
                table(2, "eip字段数据结构说明", "table22", &[("iptype", "String", "类型。")]),
            ),
        );
        let server = (
            "spec-docs/ecs/查询.md",
            op_page(
                "查询",
                "/v1/{project_id}/cloudservers/{server_id}",
                &table(
                    2,
                    "响应Body参数",
                    "b2",
                    &[
                        (
                            "publicip",
                            "PublicIp object",
                            "弹性公网IP，详情请参见<a href=\"数据结构.md#table11\">表1</a>。",
                        ),
                        (
                            "more",
                            "Array of objects",
                            "详情请参见<a href=\"./数据结构.md#section2\">另一个说明</a>。",
                        ),
                        (
                            "plain",
                            "Object",
                            "分页查询请参见<a href=\"分页查询.md\">分页查询</a>。",
                        ),
                    ],
                ),
            ),
        );
        let (ops, diags) = service(&[ds, server]);
        let o = op(&ops, "/v1/{project_id}/cloudservers/{server_id}");
        let publicip = &response_field(o, "publicip").schema;
        assert_eq!(field_names(publicip), ["id", "eip"]);
        assert_eq!(publicip.describe(), "object PublicIp");
        let more = &response_field(o, "more").schema;
        assert!(matches!(more, Schema::Array { .. }), "{more:?}");
        assert_eq!(field_names(more), ["iptype"]);
        // A link to a page that names no table of it is prose: nothing changes, nothing said.
        assert_eq!(response_field(o, "plain").schema, Schema::Any);
        assert!(codes(&diags).is_empty(), "{diags:?}");
        // `PublicIp object` names no table of its page, but the page it links to has it.
        assert!(
            !diags.iter().any(|d| d.code == "unresolved-type"),
            "{diags:?}"
        );
    }

    #[test]
    fn what_the_page_describes_itself_is_never_replaced() {
        let own = (
            "spec-docs/x/own.md",
            op_page(
                "自己",
                "/v1/own",
                &(table(
                    2,
                    "响应Body参数",
                    "c2",
                    &[(
                        "volume",
                        "Object",
                        "详见<a href=\"查询单个云硬盘详情.md#t3\">表3</a>。",
                    )],
                ) + &table(3, "volume", "c3", &[("mine", "String", "自己的。")])),
            ),
        );
        let (ops, _) = service(&[own, volume_page()]);
        let f = response_field(op(&ops, "/v1/own"), "volume");
        assert_eq!(field_names(&f.schema), ["mine"]);
    }

    #[test]
    fn a_missing_page_table_or_field_is_a_diagnostic_and_changes_nothing() {
        let page = (
            "spec-docs/x/a.md",
            op_page(
                "缺失",
                "/v1/a",
                &table(
                    2,
                    "响应Body参数",
                    "d2",
                    &[
                        ("gone", "Object", "详见<a href=\"没有.md#t1\">表1</a>。"),
                        (
                            "no_table",
                            "Object",
                            "详见<a href=\"查询单个云硬盘详情.md#t404\">表4</a>。",
                        ),
                        (
                            "no_field",
                            "Object",
                            "请参见<a href=\"查询单个云硬盘详情.md\">查询</a>响应中的nothing参数。",
                        ),
                        (
                            "bad",
                            "Object",
                            "见<a href=\"%zz%E6.md#\">x</a><a href=\"../../../../.md#%\">y</a>",
                        ),
                    ],
                ),
            ),
        );
        let (ops, diags) = service(&[page, volume_page()]);
        let o = op(&ops, "/v1/a");
        for f in ["gone", "no_table", "no_field", "bad"] {
            assert_eq!(response_field(o, f).schema, Schema::Any, "{f}");
        }
        // (`bad` links to no page with no anchor: prose; the volume page's own `标签.md` is
        // missing too.)
        let mine: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| d.file == "spec-docs/x/a.md")
            .cloned()
            .collect();
        assert_eq!(codes(&mine), ["unresolved-page-ref"; 3], "{diags:?}");
        assert!(diags.iter().any(|d| d.message.contains("`没有.md`")));
        assert!(diags.iter().any(|d| d.message.contains("#t404")));
        assert!(diags.iter().any(|d| d.message.contains("`nothing`")));
    }

    #[test]
    fn references_in_a_cycle_end() {
        let a = (
            "spec-docs/x/甲.md",
            format!(
                "# 甲\n\n{}",
                table(
                    1,
                    "甲",
                    "ta",
                    &[
                        ("name", "String", "名。"),
                        ("child", "Object", "见<a href=\"乙.md#tb\">表1</a>")
                    ]
                )
            ),
        );
        let b = (
            "spec-docs/x/乙.md",
            format!(
                "# 乙\n\n{}",
                table(
                    1,
                    "乙",
                    "tb",
                    &[
                        ("id", "String", "ID。"),
                        ("parent", "Object", "见<a href=\"甲.md#ta\">表1</a>")
                    ]
                )
            ),
        );
        let page = (
            "spec-docs/x/op.md",
            op_page(
                "循环",
                "/v1/cycle",
                &table(
                    2,
                    "响应Body参数",
                    "e2",
                    &[("root", "Object", "见<a href=\"甲.md#ta\">甲</a>")],
                ),
            ),
        );
        let (ops, diags) = service(&[a, b, page]);
        let root = &response_field(op(&ops, "/v1/cycle"), "root").schema;
        assert_eq!(field_names(root), ["name", "child"]);
        let Some(o) = root.innermost_object() else {
            panic!("{root:?}")
        };
        let child = &o.fields[1].schema;
        assert_eq!(field_names(child), ["id", "parent"]);
        // `parent` leads back to `甲`, being read: left as its page has it.
        let Some(c) = child.innermost_object() else {
            panic!("{child:?}")
        };
        assert_eq!(c.fields[1].schema, Schema::Any);
        assert!(codes(&diags).contains(&"page-ref-cycle"), "{diags:?}");
    }

    #[test]
    fn key_value_pairs_keep_their_map() {
        let ds = (
            "spec-docs/ecs/数据结构.md",
            format!(
                "# 数据结构\n\n{}",
                table(
                    1,
                    "address字段数据结构说明",
                    "t1",
                    &[("addr", "String", "IP地址。")]
                )
            ),
        );
        let page = (
            "spec-docs/ecs/查询.md",
            op_page(
                "查询",
                "/v1/servers",
                &table(
                    2,
                    "响应Body参数",
                    "g2",
                    &[(
                        "addresses",
                        "Object",
                        "网络属性。属性为Map&lt;String, Object&gt;结构。key为网络名称，value为网络属性，详情请参见<a href=\"数据结构.md#t1\">表1</a>。",
                    )],
                ),
            ),
        );
        let (ops, _) = service(&[ds, page]);
        let f = response_field(op(&ops, "/v1/servers"), "addresses");
        let Schema::Map { values } = &f.schema else {
            panic!("{:?}", f.schema)
        };
        assert_eq!(field_names(values), ["addr"]);
    }

    #[test]
    fn the_linking_pages_example_has_its_say_in_the_shape() {
        use apispec::{Field, ObjectSchema};
        let field = |name: &str, schema: Schema| Field {
            name: name.into(),
            required: false,
            schema,
            info: Default::default(),
        };
        let object = |fields: Vec<Field>| Schema::Object(ObjectSchema { name: None, fields });
        // What the linking page's example showed: `ports` a list, `meta` an object.
        let mut f = field(
            "spec",
            object(vec![
                field(
                    "ports",
                    Schema::array(object(vec![field("port", Schema::INT32)])),
                ),
                field("meta", Schema::Any),
            ]),
        );
        let target = Schema::Object(ObjectSchema {
            name: Some("Spec".into()),
            fields: vec![
                field(
                    "ports",
                    object(vec![
                        field("port", Schema::INT32),
                        field("name", Schema::String),
                    ]),
                ),
                field("meta", object(vec![field("a", Schema::String)])),
            ],
        });
        super::fill(&mut f, target, false);
        let Some(o) = f.schema.innermost_object() else {
            panic!("{:?}", f.schema)
        };
        assert_eq!(o.name.as_deref(), Some("Spec"));
        assert!(
            matches!(o.fields[0].schema, Schema::Array { .. }),
            "{:?}",
            o.fields[0]
        );
        assert_eq!(field_names(&o.fields[0].schema), ["port", "name"]);
        assert!(matches!(o.fields[1].schema, Schema::Object(_)));
    }

    #[test]
    fn a_heading_the_description_quotes() {
        let ds = (
            "spec-docs/ecs/数据结构(查询规格详情).md",
            format!(
                "# 数据结构\n\n## os\\_extra\\_specs（flavor）字段数据结构说明<a name=\"section6\"></a>\n\n{}",
                table(1, "os_extra_specs数据结构说明", "tx", &[("ecs:performancetype", "String", "规格类型。")])
            ),
        );
        let page = (
            "spec-docs/ecs/规格.md",
            op_page(
                "规格",
                "/v1/flavors",
                &table(2, "响应Body参数", "f2", &[("extra_specs", "Object", "flavor扩展字段请参考：<a href=\"数据结构(查询规格详情).md\">os_extra_specs（flavor）字段数据结构说明</a> 在微版本2.47及以上版本支持。")]),
            ),
        );
        let (ops, diags) = service(&[ds, page]);
        let f = response_field(op(&ops, "/v1/flavors"), "extra_specs");
        assert_eq!(field_names(&f.schema), ["ecs:performancetype"]);
        assert!(codes(&diags).is_empty(), "{diags:?}");
    }
}
