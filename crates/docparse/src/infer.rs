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
                        sensitive: crate::vocab::words::is_sensitive_name(k),
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
    /// The runtime's tolerant decoding reads the value anyway (always `true` when the type is
    /// right).
    pub decodes: bool,
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
    out
}

/// Whether an example validates against a schema: every value has the documented JSON kind,
/// or one the runtime's tolerant decoding reads as it (`huaweicloud_sdk_core::tolerant`: a
/// number for a string, `"5"` for an integer, `"true"` for a boolean, one value for an
/// array). Undocumented fields are allowed (decoding ignores them).
pub fn example_validates(schema: &Schema, v: &Value) -> bool {
    check_example(schema, v)
        .iter()
        .all(|m| !m.wrong_type || m.decodes)
}

/// Whether an example has exactly the documented JSON kinds everywhere (no coercion needed).
pub fn example_validates_exactly(schema: &Schema, v: &Value) -> bool {
    check_example(schema, v).iter().all(|m| !m.wrong_type)
}

fn numeric_string(v: &Value, integer: Option<IntFormat>) -> bool {
    v.as_str()
        .and_then(|s| serde_json::from_str::<Value>(s.trim()).ok())
        .is_some_and(|n| match integer {
            Some(format) => fits(&n, format),
            None => n.is_number(),
        })
}

/// Whether a JSON number fits the Rust integer the generated code uses (`i32`, `i64`).
fn fits(n: &Value, format: IntFormat) -> bool {
    match (n.as_i64(), format) {
        (Some(i), IntFormat::Int32) => i32::try_from(i).is_ok(),
        (Some(_), IntFormat::Int64) => true,
        (None, _) => false,
    }
}

fn walk(schema: &Schema, v: &Value, at: &str, out: &mut Vec<Mismatch>) {
    if v.is_null() {
        return;
    }
    let here = if at.is_empty() { "the body" } else { at };
    match schema {
        Schema::Any | Schema::Ref { .. } => {}
        Schema::String => {
            if !v.is_string() {
                wrong(out, here, "string", v, v.is_number() || v.is_boolean());
            }
        }
        Schema::Integer { format } => {
            if !(v.is_number() && fits(v, *format)) {
                wrong(out, here, "integer", v, numeric_string(v, Some(*format)));
            }
        }
        Schema::Number { .. } => {
            if !v.is_number() {
                wrong(out, here, "number", v, numeric_string(v, None));
            }
        }
        Schema::Boolean => {
            if !v.is_boolean() {
                let decodes = match v {
                    Value::String(s) => {
                        let s = s.trim();
                        s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")
                    }
                    Value::Number(n) => matches!(n.as_u64(), Some(0 | 1)),
                    _ => false,
                };
                wrong(out, here, "boolean", v, decodes);
            }
        }
        Schema::Array { items } => match v {
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    item(items, x, &format!("{at}[{i}]"), out);
                }
            }
            // One value for an array: read as an array of one, if the value is an item.
            one => {
                wrong(out, here, "array", one, true);
                walk(items, one, &format!("{at}[0]"), out);
            }
        },
        Schema::Map { values } => match v {
            Value::Object(m) => {
                for (k, x) in m {
                    item(values, x, &format!("{at}.{k}"), out);
                }
            }
            _ => wrong(out, here, "map", v, false),
        },
        Schema::Object(o) => match v {
            Value::Object(m) => {
                if o.fields.is_empty() {
                    return;
                }
                for (k, x) in m {
                    let path = format!("{at}.{k}");
                    match o.fields.iter().find(|f| &f.name == k) {
                        // A string with a value list is a generated enum: it reads a string,
                        // or a number or boolean as the value it spells, nothing else.
                        Some(f)
                            if f.schema == Schema::String
                                && !f.info.enum_values.is_empty()
                                && !x.is_string()
                                && !x.is_null() =>
                        {
                            wrong(out, &path, "string", x, x.is_number() || x.is_boolean())
                        }
                        Some(f) => walk(&f.schema, x, &path, out),
                        None => out.push(Mismatch {
                            wrong_type: false,
                            decodes: true,
                            message: format!("{path}: in the example but in no table"),
                        }),
                    }
                }
            }
            _ => wrong(out, here, "object", v, false),
        },
    }
}

/// An item of an array or a value of a map: unlike a field (optional), it cannot be `null`
/// unless its type is free-form JSON.
fn item(schema: &Schema, v: &Value, at: &str, out: &mut Vec<Mismatch>) {
    let free = match schema {
        Schema::Any | Schema::Ref { .. } => true,
        Schema::Object(o) => o.fields.is_empty(),
        _ => false,
    };
    if v.is_null() && !free {
        wrong(out, at, &schema.describe(), v, false);
    } else {
        walk(schema, v, at, out);
    }
}

fn wrong(out: &mut Vec<Mismatch>, here: &str, says: &str, v: &Value, decodes: bool) {
    out.push(Mismatch {
        wrong_type: true,
        decodes,
        message: format!("{here}: the table says {says}, the example has {}", kind(v)),
    });
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
