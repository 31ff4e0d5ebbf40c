//! JSON equivalence: what a round trip through generated types must preserve.
//!
//! Generated types leave `None` out when serializing, so an example's explicit `null` comes
//! back absent; a `f64` field turns `1` into `1.0`. Neither changes what the service receives,
//! so both count as equal here. Everything else (strings, booleans, array order and length,
//! object keys with non-null values) must match exactly.

use serde_json::Value;

/// The first difference between `a` and `b`, as `path: a vs b`, or `None` when equivalent.
pub fn difference(a: &Value, b: &Value) -> Option<String> {
    diff_at("$", a, b)
}

/// Whether `a` and `b` are equivalent (see the module docs).
pub fn equivalent(a: &Value, b: &Value) -> bool {
    difference(a, b).is_none()
}

/// Panics with the first difference unless `actual` and `expected` are equivalent.
#[track_caller]
pub fn assert_equivalent(actual: &Value, expected: &Value) {
    if let Some(d) = difference(actual, expected) {
        panic!("JSON differs at {d}\n  actual:   {actual}\n  expected: {expected}");
    }
}

fn diff_at(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                diff_at(&format!("{path}.{k}"), va, vb)
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: {} items vs {}", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (va, vb))| diff_at(&format!("{path}[{i}]"), va, vb))
        }
        (Value::Number(x), Value::Number(y)) => {
            let same = x == y || matches!((x.as_f64(), y.as_f64()), (Some(p), Some(q)) if p == q);
            (!same).then(|| format!("{path}: {a} vs {b}"))
        }
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_and_absent_are_alike_and_numbers_compare_by_value() {
        assert!(equivalent(&json!({"a": 1, "b": null}), &json!({"a": 1.0})));
        assert!(equivalent(&json!([{"x": null}]), &json!([{}])));
    }

    #[test]
    fn real_differences_are_reported() {
        assert_eq!(
            difference(&json!({"a": {"b": [1, 2]}}), &json!({"a": {"b": [1, 3]}})).as_deref(),
            Some("$.a.b[1]: 2 vs 3")
        );
        assert!(!equivalent(&json!({"a": 1}), &json!({"a": "1"})));
        assert!(!equivalent(&json!({"a": 1}), &json!({})));
        assert!(!equivalent(&json!([1]), &json!([1, 1])));
        assert!(!equivalent(&json!({"a": false}), &json!({"a": null})));
    }
}
