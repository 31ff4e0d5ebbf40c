//! Objects from their tables, and what the JSON examples say of them: rows folded into the
//! object the example shows them in, the example's plural or singular spelling of a name, a
//! table's fields wrapped in the one key the example shows.

use std::collections::VecDeque;

use serde_json::Value;

use apispec::{Field, FieldInfo, ObjectSchema, Schema};

use crate::diagnostics::Code;
use crate::infer::example_validates;
use crate::tables::norm_name;
use crate::tables::rows::Row;
use crate::vocab::types::TypeExpr;

use super::Resolver;

impl Resolver<'_, '_> {
    pub(super) fn object_fields(
        &mut self,
        idx: usize,
        stack: &[usize],
        example: Option<&Value>,
    ) -> Vec<Field> {
        let mut raw = self.rows(idx);
        if let Some(Value::Object(ex)) = example {
            self.spell_like_example(&mut raw, ex, idx);
        }
        let mut out: Vec<Field> = Vec::with_capacity(raw.len());
        let mut rows: VecDeque<Row> = raw.into();
        while let Some(f) = rows.pop_front() {
            if out.iter().any(|x| x.name == f.name) {
                continue;
            }
            let ex = example.and_then(|v| v.get(&f.name));
            match self.fold_flattened(&f, &mut rows, idx, stack, ex, example) {
                Some(schema) => out.push(Field {
                    name: f.name,
                    required: f.required,
                    schema,
                    info: f.info,
                }),
                None => out.push(self.field(f, idx, stack, ex)),
            }
        }
        out
    }

    /// The rows after an object no table describes, which the example shows inside that object
    /// and not beside it (`tags | List<tag>`, then `key`, `value`), are its fields: the object's
    /// schema, with those rows taken from `rows`. Nothing is taken unless the example validates
    /// against the result.
    pub(super) fn fold_flattened(
        &mut self,
        f: &Row,
        rows: &mut VecDeque<Row>,
        idx: usize,
        stack: &[usize],
        ex: Option<&Value>,
        example: Option<&Value>,
    ) -> Option<Schema> {
        // The cheap tests first (most rows have no example object, or no such next row); the
        // table lookup last.
        let Some(Value::Object(parent)) = example else {
            return None;
        };
        let item = match ex? {
            Value::Array(a) => a.first()?,
            other => other,
        };
        let Value::Object(keys) = item else {
            return None;
        };
        let taken = rows
            .iter()
            .take_while(|r| {
                keys.contains_key(&r.name) && (!parent.contains_key(&r.name) || r.name == f.name)
            })
            .count();
        if taken == 0 {
            return None;
        }
        let (list, name) = self.undescribed_object(f, idx)?;
        // A bare `Object`/`dict` leaves the shape open: the example's array makes it a list.
        let list =
            list || (matches!(f.typ, TypeExpr::Object(None)) && ex.is_some_and(Value::is_array));
        let children: Vec<Row> = rows.drain(..taken).collect();
        let diagnostics_before = self.sink.mark();
        let mut fields: Vec<Field> = Vec::with_capacity(children.len());
        for c in children.iter() {
            if fields.iter().any(|x| x.name == c.name) {
                continue;
            }
            let cex = item.get(&c.name);
            fields.push(self.field(c.clone(), idx, stack, cex));
        }
        let object = Schema::Object(ObjectSchema { name, fields });
        if !example_validates(&object, item) {
            // The rows are not the object's fields after all: give them back (and forget what
            // reading them reported; they are read again).
            self.sink.rollback(diagnostics_before);
            for c in children.into_iter().rev() {
                rows.push_front(c);
            }
            return None;
        }
        Some(if list { Schema::array(object) } else { object })
    }

    /// A table field the example spells in the plural or singular (`security_group_rule` in the
    /// table, `security_group_rules` in the example) takes the example's wire name when exactly
    /// one undocumented example key matches it.
    pub(super) fn spell_like_example(
        &mut self,
        raw: &mut [Row],
        ex: &serde_json::Map<String, Value>,
        idx: usize,
    ) {
        let loose = |s: &str| {
            let n = norm_name(s);
            n.strip_suffix('s').map(str::to_string).unwrap_or(n)
        };
        let documented: Vec<String> = raw.iter().map(|f| f.name.clone()).collect();
        let spare: Vec<&String> = ex.keys().filter(|k| !documented.contains(k)).collect();
        for f in raw.iter_mut() {
            if ex.contains_key(&f.name) {
                continue;
            }
            let want = loose(&f.name);
            // Singular and plural only: a difference of case alone is more often the example's slip.
            let matches: Vec<&&String> = spare
                .iter()
                .filter(|k| loose(k) == want && norm_name(k) != norm_name(&f.name))
                .filter(|k| {
                    k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                })
                .collect();
            if let [k] = matches.as_slice() {
                let line = self.tables[idx].table.line;
                self.sink.emit(Code::ExampleRenamesField, line,
                    format!("field `{}` is spelled `{k}` in the example; the example's spelling is used on the wire", f.name),
                );
                f.name = (**k).clone();
            }
        }
    }
}

/// A body table that lists the fields of an object the example wraps in one key
/// (`{"key_info": {...}}` where the table lists `key_id`, `key_state`): the table's fields under
/// that key. Anything else is returned unchanged.
pub fn wrap_like_example(schema: Schema, example: &Value) -> Schema {
    let (Schema::Object(o), Value::Object(ex)) = (&schema, example) else {
        return schema;
    };
    if o.fields.is_empty() || ex.len() != 1 || o.fields.iter().any(|f| ex.contains_key(&f.name)) {
        return schema;
    }
    let Some((key, inner)) = ex.iter().next() else {
        return schema;
    };
    let (inner_obj, is_array) = match inner {
        Value::Object(m) => (m, false),
        Value::Array(a) => match a.first() {
            Some(Value::Object(m)) => (m, true),
            _ => return schema,
        },
        _ => return schema,
    };
    let shared = o
        .fields
        .iter()
        .filter(|f| inner_obj.contains_key(&f.name))
        .count();
    if shared * 2 < o.fields.len() {
        return schema;
    }
    let wrapped = if is_array {
        Schema::array(schema)
    } else {
        schema
    };
    Schema::Object(ObjectSchema {
        name: None,
        fields: vec![Field {
            name: key.clone(),
            required: true,
            schema: wrapped,
            info: FieldInfo::default(),
        }],
    })
}
