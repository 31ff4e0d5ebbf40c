//! Types the tables leave open, read from the JSON examples; and checks of examples against
//! the types the tables give.

use apispec::{Field, FieldInfo, IntFormat, NumberFormat, ObjectSchema, Schema};
use serde_json::Value;

/// The schema a JSON value shows.
pub fn infer_schema(v: &Value) -> Schema {
    match v {
        Value::Null => Schema::Any,
        Value::Bool(_) => Schema::Boolean,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                if i32::try_from(i).is_ok() {
                    Schema::Integer {
                        format: IntFormat::Int32,
                    }
                } else {
                    Schema::Integer {
                        format: IntFormat::Int64,
                    }
                }
            } else if n.as_u64().is_some() {
                Schema::Integer {
                    format: IntFormat::Int64,
                }
            } else {
                Schema::Number {
                    format: NumberFormat::Double,
                }
            }
        }
        Value::String(_) => Schema::String,
        Value::Array(items) => {
            Schema::array(items.first().map(infer_schema).unwrap_or(Schema::Any))
        }
        // Keys that are data (ids, addresses, numbers), not names: a map.
        Value::Object(m) if !m.is_empty() && m.keys().all(|k| is_data_key(k)) => {
            Schema::map(m.values().next().map(infer_schema).unwrap_or(Schema::Any))
        }
        Value::Object(m) => Schema::Object(ObjectSchema {
            name: None,
            fields: m
                .iter()
                .map(|(k, v)| Field {
                    name: k.clone(),
                    required: false,
                    schema: infer_schema(v),
                    info: FieldInfo {
                        sensitive: crate::page::is_sensitive_name(k),
                        ..Default::default()
                    },
                })
                .collect(),
        }),
    }
}

/// One way an example disagrees with a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The example's value has another JSON type than the schema says (the example does not
    /// validate). Otherwise the example has a field that no table documents (allowed: unknown
    /// fields are ignored when decoding).
    pub wrong_type: bool,
    /// What and where.
    pub message: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Whether an object key is a value rather than a field name: a UUID, a number, an IP
/// address (`{"00159d7d-b3c3-4108-8bc4-6658814e6422": [...]}` is a map from ids).
pub fn is_data_key(k: &str) -> bool {
    let hex_or_dash = |c: char| c.is_ascii_hexdigit() || c == '-';
    let uuid = k.len() >= 32 && k.chars().all(hex_or_dash) && k.contains('-');
    let hex_id = k.len() >= 32 && k.chars().all(|c| c.is_ascii_hexdigit());
    let number = k.chars().next().is_some_and(|c| c.is_ascii_digit())
        && k.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '/'));
    uuid || hex_id || number
}

/// Where an example disagrees with a schema: wrong JSON kinds and fields no table documents.
pub fn check_example(schema: &Schema, v: &Value) -> Vec<Mismatch> {
    let mut out = Vec::new();
    walk(schema, v, "", &mut out);
    out.into_iter()
        .map(|(wrong_type, message)| Mismatch {
            wrong_type,
            message,
        })
        .collect()
}

/// Whether an example validates against a schema (types agree; undocumented fields allowed).
pub fn example_validates(schema: &Schema, v: &Value) -> bool {
    check_example(schema, v).iter().all(|m| !m.wrong_type)
}

fn walk(schema: &Schema, v: &Value, at: &str, out: &mut Vec<(bool, String)>) {
    if v.is_null() {
        return;
    }
    let here = if at.is_empty() { "the body" } else { at };
    match schema {
        Schema::Any | Schema::Ref { .. } => {}
        Schema::String => {
            if !v.is_string() {
                wrong(out, here, "string", v);
            }
        }
        Schema::Integer { .. } => {
            let ok =
                v.is_i64() || v.is_u64() || v.as_str().is_some_and(|s| s.parse::<i64>().is_ok());
            if !ok {
                wrong(out, here, "integer", v);
            }
        }
        Schema::Number { .. } => {
            if !v.is_number() {
                wrong(out, here, "number", v);
            }
        }
        Schema::Boolean => {
            if !v.is_boolean() {
                wrong(out, here, "boolean", v);
            }
        }
        Schema::Array { items } => match v {
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate().take(3) {
                    walk(items, x, &format!("{at}[{i}]"), out);
                }
            }
            _ => wrong(out, here, "array", v),
        },
        Schema::Map { values } => match v {
            Value::Object(m) => {
                for (k, x) in m.iter().take(3) {
                    walk(values, x, &format!("{at}.{k}"), out);
                }
            }
            _ => wrong(out, here, "map", v),
        },
        Schema::Object(o) => match v {
            Value::Object(m) => {
                if o.fields.is_empty() {
                    return;
                }
                for (k, x) in m {
                    let path = format!("{at}.{k}");
                    match o.fields.iter().find(|f| &f.name == k) {
                        Some(f) => walk(&f.schema, x, &path, out),
                        None => {
                            out.push((false, format!("{path}: in the example but in no table")))
                        }
                    }
                }
            }
            _ => wrong(out, here, "object", v),
        },
    }
}

fn wrong(out: &mut Vec<(bool, String)>, here: &str, says: &str, v: &Value) {
    out.push((
        true,
        format!("{here}: the table says {says}, the example has {}", kind(v)),
    ));
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn infers_and_checks() {
        let s =
            infer_schema(&json!({"a": [1], "b": {"c": "x"}, "big": 5_000_000_000i64, "f": 1.5}));
        assert!(check_example(&s, &json!({"a": [2], "b": {"c": "y"}})).is_empty());
        let m = check_example(&s, &json!({"a": ["no"], "zzz": 1}));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(!example_validates(&s, &json!({"a": ["no"]})));
        assert!(example_validates(&s, &json!({"a": [1], "zzz": 1})));
        assert_eq!(infer_schema(&json!(5_000_000_000i64)), Schema::INT64);
        assert_eq!(
            infer_schema(&json!({"00159d7d-b3c3-4108-8bc4-6658814e6422": [{"addr": "1"}]}))
                .describe(),
            "map of array of object"
        );
        assert_eq!(
            infer_schema(&json!({"192.168.0.1": 1})).describe(),
            "map of integer"
        );
        assert!(matches!(
            infer_schema(&json!({"name": 1})),
            Schema::Object(_)
        ));
    }
}
