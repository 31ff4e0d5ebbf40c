//! Fields that a page's JSON example shows but none of its tables documents.
//!
//! Pages are sometimes inconsistent: the response example carries a field (`source_data`,
//! `result`) that the parameter tables leave out (reported as `example-undocumented-field`).
//! The real service sends such fields, so the model keeps them: after merging, each body schema
//! is completed from its example with optional fields typed from the example's values
//! (strings, booleans, integers as `long`, other numbers, arrays of one scalar type; anything
//! else as free-form JSON). Fields the tables document are never changed. Keys that are the
//! example's typos add nothing: stray quotes or spaces around a documented name, and, in a
//! request, one letter left out of a documented name.

use apispec::{Field, FieldInfo, IntFormat, ObjectSchema, Operation, Schema, Service};
use serde_json::Value;

/// What the added fields' documentation says.
pub const NOTE: &str = "Not in the page's tables; typed from its example.";

/// The service with every body schema completed from its examples.
pub fn service(service: &Service) -> Service {
    let mut s = service.clone();
    for op in &mut s.operations {
        operation(op);
    }
    s
}

/// Completes the request body and each response body of `op` from their examples.
pub fn operation(op: &mut Operation) {
    if let (Some(schema), Some(example)) = (&mut op.request_body, &op.request_example) {
        complete(schema, example, ExampleBody::Request, 0);
    }
    for r in op.responses.values_mut() {
        if let (Some(schema), Some(example)) = (&mut r.body, &r.example) {
            complete(schema, example, ExampleBody::Response, 0);
        }
    }
}

/// Which body an example shows: in a request, a key one letter away from a documented field is
/// the example's typo (users set the documented field); in a response it may be the wire's
/// real spelling, so it is kept as a field of its own and either spelling decodes.
#[derive(Clone, Copy, PartialEq)]
enum ExampleBody {
    Request,
    Response,
}

fn complete(schema: &mut Schema, example: &Value, side: ExampleBody, depth: usize) {
    if depth > 32 {
        return;
    }
    match (schema, example) {
        (Schema::Object(o), Value::Object(map)) => object(o, map, side, depth),
        (Schema::Array { items }, Value::Array(values)) => {
            for v in values {
                complete(items, v, side, depth + 1);
            }
        }
        (Schema::Map { values }, Value::Object(map)) => {
            for v in map.values() {
                complete(values, v, side, depth + 1);
            }
        }
        _ => {}
    }
}

fn object(
    o: &mut ObjectSchema,
    map: &serde_json::Map<String, Value>,
    side: ExampleBody,
    depth: usize,
) {
    for (key, value) in map {
        // An id used as a key belongs to a map the tables did not type, not to a new field.
        if crate::infer::is_data_key(key) && !o.fields.iter().any(|f| &f.name == key) {
            continue;
        }
        // A key with stray quotes or spaces (`"maintain_end\""`) is the example's typo of a
        // documented field, or of nothing: it adds no field.
        let clean = key.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
        if clean != key {
            if let Some(f) = o.fields.iter_mut().find(|f| f.name == clean) {
                complete(&mut f.schema, value, side, depth + 1);
            }
            continue;
        }
        // A key one letter away from a documented field (`publici_type` for `publicip_type`,
        // `hostNetwok` for `hostNetwork`) is the example's typo of it, not another field.
        if side == ExampleBody::Request && !o.fields.iter().any(|f| &f.name == key) {
            if let Some(f) = o.fields.iter_mut().find(|f| one_letter_apart(&f.name, key)) {
                complete(&mut f.schema, value, side, depth + 1);
                continue;
            }
        }
        match o.fields.iter_mut().find(|f| &f.name == key) {
            Some(f) => complete(&mut f.schema, value, side, depth + 1),
            None => o.fields.push(Field {
                name: key.clone(),
                required: false,
                schema: infer(value),
                info: FieldInfo {
                    description: NOTE.to_string(),
                    ..FieldInfo::default()
                },
            }),
        }
    }
}

/// Whether one name is the other with one letter left out, for names of at least six letters;
/// a trailing `s` (a plural, often a field of its own) does not count.
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 || short.len() < 6 || long.strip_suffix('s') == Some(short) {
        return false;
    }
    let (l, s): (Vec<char>, Vec<char>) = (long.chars().collect(), short.chars().collect());
    let first_difference = l.iter().zip(&s).take_while(|(x, y)| x == y).count();
    l[first_difference + 1..] == s[first_difference..]
}

/// The type of a JSON value, as far as a single example tells. More cautious than
/// [`crate::infer::infer_schema`] (which shapes what a table leaves open): a field no table
/// documents gets integers as `long` and objects as free-form JSON, since one example value is
/// all there is to go on.
pub fn infer(v: &Value) -> Schema {
    match v {
        Value::String(_) => Schema::String,
        Value::Bool(_) => Schema::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => Schema::Integer {
            format: IntFormat::Int64,
        },
        Value::Number(_) => Schema::Number {
            format: apispec::NumberFormat::Double,
        },
        Value::Array(items) => {
            let types: Vec<Schema> = items.iter().map(infer).collect();
            match types.first() {
                Some(first)
                    if !matches!(first, Schema::Any | Schema::Array { .. })
                        && types.iter().all(|t| t == first) =>
                {
                    Schema::array(first.clone())
                }
                _ => Schema::array(Schema::Any),
            }
        }
        Value::Null | Value::Object(_) => Schema::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_request_example_typo_adds_no_field_a_response_spelling_does() {
        let documented = || {
            Schema::Object(ObjectSchema {
                name: None,
                fields: vec![Field {
                    name: "hostNetwork".into(),
                    required: false,
                    schema: Schema::String,
                    info: FieldInfo::default(),
                }],
            })
        };
        let count = |side| {
            let mut s = documented();
            complete(&mut s, &json!({"hostNetwok": "x"}), side, 0);
            match s {
                Schema::Object(o) => o.fields.len(),
                _ => 0,
            }
        };
        assert_eq!(count(ExampleBody::Request), 1);
        assert_eq!(count(ExampleBody::Response), 2);
    }

    #[test]
    fn typos_are_one_letter_apart() {
        assert!(one_letter_apart("publicip_type", "publici_type"));
        assert!(one_letter_apart("hostNetwok", "hostNetwork"));
        assert!(!one_letter_apart("server_ids", "server_id"));
        assert!(!one_letter_apart("ipv4_address", "ipv6_address"));
        assert!(!one_letter_apart("tags", "tag"));
        assert!(!one_letter_apart("abcdefgh", "abcdefgh"));
    }

    #[test]
    fn undocumented_example_fields_are_added_and_documented_ones_kept() {
        let mut schema = Schema::Object(ObjectSchema {
            name: None,
            fields: vec![Field {
                name: "id".into(),
                required: true,
                schema: Schema::INT32,
                info: FieldInfo::default(),
            }],
        });
        complete(
            &mut schema,
            &json!({"id": "not an int", "n": 5, "x": 1.5, "tags": ["a"], "o": {"k": 1}, "mixed": [1, "a"], "id\"": 1, " y": 2}),
            ExampleBody::Response,
            0,
        );
        let Schema::Object(o) = schema else { panic!() };
        let types: Vec<(&str, String)> = o
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.schema.describe()))
            .collect();
        assert_eq!(
            types,
            [
                ("id", "integer".to_string()),
                ("n", "long".into()),
                ("x", "number".into()),
                ("tags", "array of string".into()),
                ("o", "any".into()),
                ("mixed", "array of any".into()),
            ]
        );
        assert!(o.fields[0].required && !o.fields[1].required);
        assert_eq!(o.fields[1].info.description, NOTE);
    }
}
