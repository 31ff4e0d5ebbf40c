//! A row's [`TypeExpr`] → [`Schema`]: scalars as they are, objects from the sub-table the
//! type, a link, the field's name or a "see Table N" points at, else from the example.

use serde_json::Value;

use apispec::Schema;

use crate::diagnostics::Code;
use crate::infer::infer_schema;
use crate::vocab::types::TypeExpr;

use super::{table_name, Hints, Resolver};

/// Where a type is resolved: the field, the table it is in, the tables being read (a table on
/// the stack is referred to, not read again) and what the example shows for the field.
#[derive(Clone, Copy)]
pub(super) struct At<'x> {
    pub field: &'x str,
    pub from: usize,
    pub stack: &'x [usize],
    pub example: Option<&'x Value>,
}

impl Resolver<'_, '_> {
    /// The schema of a type expression.
    pub(super) fn resolve(&mut self, t: &TypeExpr, hints: &Hints, at: At<'_>) -> Schema {
        match t {
            // "Integer" holding what 32 bits cannot (a timestamp in milliseconds): the example
            // shows the real width.
            TypeExpr::Scalar(Schema::Integer {
                format: apispec::IntFormat::Int32,
            }) if at
                .example
                .and_then(Value::as_i64)
                .is_some_and(|i| i32::try_from(i).is_err()) =>
            {
                Schema::INT64
            }
            TypeExpr::Scalar(s) => s.clone(),
            TypeExpr::Object(Some(n)) | TypeExpr::Named(n) => {
                self.resolve_named(n, matches!(t, TypeExpr::Named(_)), hints, at)
            }
            // "Object", "字典数据类型", no type column: a table or the example tells the shape.
            TypeExpr::Object(None) | TypeExpr::Untyped | TypeExpr::Unknown(_) => {
                self.resolve_open(t, hints, at)
            }
            TypeExpr::TableRef(no) => self.resolve_table_ref(*no, at),
            TypeExpr::Array(inner) => self.resolve_array(inner, hints, at),
            TypeExpr::Map(inner) => {
                let value_example = match at.example {
                    Some(Value::Object(m)) => m.values().next(),
                    _ => None,
                };
                let at = At {
                    example: value_example,
                    ..at
                };
                Schema::map(self.resolve(inner, hints, at))
            }
        }
    }

    /// `Foo object` or a bare word `Foo`: the table named so, else the table the example
    /// matches, else a diagnostic and the example's shape.
    fn resolve_named(&mut self, n: &str, bare_word: bool, hints: &Hints, at: At<'_>) -> Schema {
        let link = hints.link.as_deref();
        if let Some((idx, _)) = self.lookup(&[link, Some(n), Some(at.field)], hints, at.from) {
            return self.named_object(idx, n, at.stack, at.example);
        }
        // No caption names the type: an otherwise unused table whose fields are exactly what
        // the example shows for this field is its table.
        if let Some(idx) = self.table_by_example(at.example, at.from, at.stack) {
            return self.named_object(idx, n, at.stack, at.example);
        }
        let line = self.tables[at.from].table.line;
        let field = at.field;
        if bare_word {
            self.sink.emit(
                Code::UnknownType,
                line,
                format!("field `{field}`: expected a type; \"{n}\" is neither a known type nor a table on the page"),
            );
        } else {
            self.sink.emit(
                Code::UnresolvedType,
                line,
                format!("field `{field}`: type `{n} object` names a table the page does not have; read from the example, else as any JSON value"),
            );
        }
        at.example.map(infer_schema).unwrap_or(Schema::Any)
    }

    /// A type that leaves the shape open: a sub-table (or a map of its objects, for key-value
    /// pairs), the table the example matches, else the example's shape.
    fn resolve_open(&mut self, t: &TypeExpr, hints: &Hints, at: At<'_>) -> Schema {
        let link = hints.link.as_deref();
        let found = self.lookup(&[link, Some(at.field)], hints, at.from);
        // Key-value pairs ("属性为Map<String, Object>结构。key为网络名称，value为网络属性，
        // 详情请参见表7"): a map whose values the table describes, unless the table is the pair
        // itself (`key`, `value`).
        let pair_table = found
            .as_ref()
            .is_some_and(|(idx, _)| self.tables[*idx].has_key_row);
        let value_example = match at.example {
            None => Some(None),
            Some(Value::Object(m)) => Some(m.values().find(|v| !v.is_null())),
            Some(_) => None,
        };
        // rule: listed_keys (key-value pairs of listed keys are an object of those fields)
        if let (true, None, Some(keys)) = (hints.key_value, &found, &hints.listed_keys) {
            return crate::rules::listed_keys::object(keys, at.example);
        }
        if let (true, false, Some(value_example)) = (hints.key_value, pair_table, value_example) {
            let values = match found {
                Some((idx, name)) => {
                    self.object_or_array(idx, &name, at.stack, value_example, true)
                }
                None => value_example.map(infer_schema).unwrap_or(Schema::String),
            };
            return Schema::map(values);
        }
        if let Some((idx, name)) = found {
            return self.object_or_array(idx, &name, at.stack, at.example, true);
        }
        if let Some(idx) = self.table_by_example(at.example, at.from, at.stack) {
            let name = table_name(&self.tables[idx].role, at.field);
            return self.named_object(idx, &name, at.stack, at.example);
        }
        match (t, at.example) {
            (TypeExpr::Object(None), Some(v @ Value::Array(_))) => infer_schema(v),
            (TypeExpr::Object(None), _) => Schema::Any,
            (_, Some(v)) => infer_schema(v),
            _ => Schema::Any,
        }
    }

    /// "See Table 3" as the type.
    fn resolve_table_ref(&mut self, no: u32, at: At<'_>) -> Schema {
        let hints = Hints {
            anchors: Vec::new(),
            link: None,
            desc_table: Some(no),
            key_value: false,
            listed_keys: None,
        };
        match self.lookup(&[], &hints, at.from) {
            Some((idx, _)) => {
                let name = table_name(&self.tables[idx].role, at.field);
                self.object_or_array(idx, &name, at.stack, at.example, true)
            }
            None => {
                let line = self.tables[at.from].table.line;
                self.sink.emit(
                    Code::UnresolvedType,
                    line,
                    format!(
                        "field `{}`: refers to table {no}, which the page does not have",
                        at.field
                    ),
                );
                at.example.map(infer_schema).unwrap_or(Schema::Any)
            }
        }
    }

    /// A list: of the objects a sub-table (or the example) describes when the items are left
    /// open, else of the items' type.
    fn resolve_array(&mut self, inner: &TypeExpr, hints: &Hints, at: At<'_>) -> Schema {
        let item_example = match at.example {
            Some(Value::Array(a)) => a.first(),
            _ => None,
        };
        let items = match inner {
            TypeExpr::Untyped | TypeExpr::Object(None) => {
                let link = hints.link.as_deref();
                let found = self
                    .lookup(&[link, Some(at.field)], hints, at.from)
                    .or_else(|| {
                        self.table_by_example(item_example, at.from, at.stack)
                            .map(|i| (i, table_name(&self.tables[i].role, at.field)))
                    });
                match found {
                    // rule: array_shown_as_object
                    Some((idx, name))
                        if crate::rules::array_shown_as_object::shown_as_object(at.example) =>
                    {
                        let line = self.tables[at.from].table.line;
                        self.sink.emit(
                            Code::ArrayShownAsObject,
                            line,
                            format!(
                                "field `{}`: the type cell says an array of objects, the example shows one object; read as that object",
                                at.field
                            ),
                        );
                        return self.named_object(idx, &name, at.stack, at.example);
                    }
                    Some((idx, name)) => self.named_object(idx, &name, at.stack, item_example),
                    None => match item_example {
                        Some(v) => infer_schema(v),
                        None => Schema::Any,
                    },
                }
            }
            other => {
                let at = At {
                    example: item_example,
                    ..at
                };
                self.resolve(other, hints, at)
            }
        };
        Schema::array(items)
    }
}
