//! JSON equivalence: what a round trip through generated types must preserve.
//!
//! Generated types leave `None` out when serializing, so an example's explicit `null` comes
//! back absent; a `f64` field turns `1` into `1.0`. Neither changes what the service receives,
//! so both count as equal here. Integers compare exactly (beyond 2^53 too), floats as floats.
//! Everything else (strings, booleans, array order and length,
//! object keys with non-null values) must match exactly.

use serde_json::{Number, Value};

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
            (!same_number(x, y)).then(|| format!("{path}: {a} vs {b}"))
        }
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

/// An integer exactly (`i64`/`u64` as `i128`), or `None` for a float.
fn integer(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

/// Numbers by value: two integers exactly (no rounding through `f64`, so 2^53 + 1 is not
/// 2^53), two floats as floats, an integer and a float only when the float is integral and
/// equals the integer exactly (`1` and `1.0`, what an `f64` field makes of an example's `1`).
fn same_number(x: &Number, y: &Number) -> bool {
    match (integer(x), integer(y)) {
        (Some(i), Some(j)) => i == j,
        (Some(i), None) => integral_float_equals(y, i),
        (None, Some(j)) => integral_float_equals(x, j),
        (None, None) => x.as_f64() == y.as_f64(),
    }
}

/// Whether the float `f` is integral and exactly `i` (every integral `f64` below 2^127
/// converts to `i128` exactly).
fn integral_float_equals(f: &Number, i: i128) -> bool {
    f.as_f64()
        .is_some_and(|f| f.fract() == 0.0 && f.abs() < 1.7e38 && f as i128 == i)
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

    #[test]
    fn integers_compare_exactly_beyond_2_pow_53() {
        let (a, b): (Value, Value) = (
            serde_json::from_str("9007199254740993").unwrap(),
            serde_json::from_str("9007199254740992").unwrap(),
        );
        assert!(!equivalent(&a, &b), "2^53 + 1 is not 2^53");
        assert!(!equivalent(&json!(u64::MAX), &json!(u64::MAX - 1)));
        assert!(!equivalent(&json!(i64::MIN), &json!(i64::MIN + 1)));
        assert!(!equivalent(&json!(-1), &json!(u64::MAX)));
        assert!(equivalent(&a, &a.clone()));
        // An integer and a float: equal only when the float is exactly that integer.
        assert!(equivalent(
            &json!(9007199254740992u64),
            &json!(9007199254740992.0)
        ));
        assert!(!equivalent(&a, &json!(9007199254740992.0)));
        assert!(!equivalent(&json!(1), &json!(1.5)));
        assert!(equivalent(&json!(-3), &json!(-3.0)));
        // Floats as floats.
        assert!(equivalent(&json!(0.1), &json!(0.1)));
        assert!(!equivalent(&json!(0.1), &json!(0.2)));
    }
}
