//! Stage 4, **resolve**: the types of a table's rows → schemas, across the page's tables.
//!
//! A row typed as an object (`RemoveNodesSpec object`, `Array of NodeItem objects`, `Object`,
//! "see Table 4") is resolved to the sub-table that describes it: by a link or anchor, by the
//! type's name, by the field's name, by a "see Table N", or by the table whose rows are
//! exactly the keys the example shows. The JSON examples shape what the tables leave open
//! (a list or one object, 64-bit integers, fields folded into an object, the example's
//! spelling of a name). The work is split across files as one `impl Resolver` each:
//! [`types`] (by type expression), [`lookup`] (finding the sub-table), [`shaping`] (objects
//! and the examples' say in them).

use serde_json::Value;

use apispec::{Field, ObjectSchema, Schema};

use crate::diagnostics::{Code, PageSink};
use crate::tables::rows::Row;
use crate::tables::{ParamTable, Role};
use crate::vocab::words::says_key_value;

mod lookup;
mod shaping;
mod types;

pub use shaping::wrap_like_example;
use types::At;

/// Resolves the rows of a page's tables against each other and the examples.
pub struct Resolver<'a, 'f> {
    /// The page's parameter tables, roles settled.
    pub tables: &'a [ParamTable],
    /// Where diagnostics go.
    pub sink: &'a mut PageSink<'f>,
    /// Fields described on another page (the service resolves them once every page is read).
    pub page_refs: Vec<crate::normalize::cross_page::RowRef>,
}

/// What besides the type cell points at a sub-table.
#[derive(Debug, Default)]
pub(crate) struct Hints {
    /// Anchors the row links to (`#table993`): a table carrying one of them is the sub-table.
    anchors: Vec<String>,
    /// The target of a link in the type cell (`#request_NodeItem` → `NodeItem`).
    link: Option<String>,
    /// A "see Table N" / "详见表N" in the description.
    desc_table: Option<u32>,
    /// The description calls the value key-value pairs ("用户自定义metadata键值对"): an
    /// `Object` without a table of its own is then a map.
    key_value: bool,
    /// The keys key-value pairs are said to contain ("包含：reserved、limit和in_use").
    listed_keys: Option<Vec<String>>,
}

/// What besides its type points a row at a sub-table.
fn hints(f: &Row) -> Hints {
    Hints {
        anchors: f.anchors.clone(),
        link: f.type_link.clone(),
        desc_table: f.desc_table,
        key_value: says_key_value(&f.info.description),
        // rule: listed_keys
        listed_keys: crate::rules::listed_keys::listed_keys(&f.info.description),
    }
}

/// The name of the object a table describes: its caption's, else `fallback`.
fn table_name(role: &Role, fallback: &str) -> String {
    match role {
        Role::Named(n) => n.clone(),
        _ => fallback.to_string(),
    }
}

impl<'a, 'f> Resolver<'a, 'f> {
    /// A resolver over the page's tables.
    pub fn new(tables: &'a [ParamTable], sink: &'a mut PageSink<'f>) -> Self {
        Resolver {
            tables,
            sink,
            page_refs: Vec::new(),
        }
    }

    /// The rows of a table (read once, when the table was built); the type cells they could
    /// not read are reported where the table is used.
    pub fn rows(&mut self, idx: usize) -> Vec<Row> {
        let t = &self.tables[idx];
        for (line, m) in &t.problems {
            self.sink.emit(Code::UnknownType, *line, m.clone());
        }
        t.rows.clone()
    }

    /// The fields of the object table `idx` describes, with what `example` shows of it.
    pub fn object(&mut self, idx: usize, example: Option<&Value>) -> Vec<Field> {
        self.object_fields(idx, &[idx], example)
    }

    /// The field a row is, its type resolved (`from`: the row's table; `stack`: the tables
    /// being read, referred to rather than read again).
    pub fn field(
        &mut self,
        f: Row,
        from: usize,
        stack: &[usize],
        example: Option<&Value>,
    ) -> Field {
        // rule: cross_page_ref (an object no table of this page describes, said to be
        // described on another page)
        let elsewhere = f
            .page_ref
            .clone()
            .and_then(|r| Some((r, self.undescribed_object(&f, from)?)));
        let schema = self.resolve(
            &f.typ,
            &hints(&f),
            At {
                field: &f.name,
                from,
                stack,
                example,
            },
        );
        let mut info = f.info;
        // A secret is a value; an object named "userPassword" holds a secret, it is not one.
        if schema.innermost_object().is_some() || matches!(schema, Schema::Ref { .. }) {
            info.sensitive = false;
        }
        let field = Field {
            name: f.name,
            required: f.required,
            schema,
            info,
        };
        if let Some((target, (list, type_name))) = elsewhere {
            let r = crate::normalize::cross_page::RowRef::new(
                &field,
                target,
                list,
                type_name,
                self.tables[from].table.line,
            );
            if let Some(r) = r.filter(|r| !self.page_refs.contains(r)) {
                self.page_refs.push(r);
            }
        }
        field
    }

    pub(super) fn named_object(
        &mut self,
        table: usize,
        name: &str,
        stack: &[usize],
        example: Option<&Value>,
    ) -> Schema {
        if stack.contains(&table) {
            return Schema::Ref {
                name: name.to_string(),
            };
        }
        let mut s = stack.to_vec();
        s.push(table);
        let fields = self.object_fields(table, &s, example);
        Schema::Object(ObjectSchema {
            // rule: array_placeholder (the element table's caption names no type)
            name: (name != crate::rules::array_placeholder::ITEMS).then(|| name.to_string()),
            fields,
        })
    }

    /// An object described by a sub-table, as an array when the type leaves the shape open and
    /// the example is an array.
    pub(super) fn object_or_array(
        &mut self,
        idx: usize,
        name: &str,
        stack: &[usize],
        example: Option<&Value>,
        open: bool,
    ) -> Schema {
        match example {
            Some(Value::Array(a)) if open => {
                Schema::array(self.named_object(idx, name, stack, a.first()))
            }
            _ => self.named_object(idx, name, stack, example),
        }
    }
}
