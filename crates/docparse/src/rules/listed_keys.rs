//! Rule: "key-value pairs" whose keys the description lists are an object of those fields.
//!
//! EVS writes a quota as `volumes | Object | 云硬盘数量，键值对，包含：reserved（预留）、
//! limit（最大）和in_use（已使用）。` with no sub-table: the value is not a map of arbitrary
//! keys but an object whose fields are the listed names (typed from the example, else any JSON).

use apispec::{Field, FieldInfo, ObjectSchema, Schema};
use serde_json::Value;

/// The keys a description lists after "包含" / "包括" / "contains" / "including" (at least
/// two identifiers, separated by `、`, commas, `和`, `及` or "and", each may be followed by a
/// parenthesised gloss); `None` when it lists none or anything but identifiers.
pub fn listed_keys(description: &str) -> Option<Vec<String>> {
    // ASCII lower-casing keeps byte offsets, so the keys are cut from the description itself.
    let lower = description.to_ascii_lowercase();
    let start = crate::vocab::rule_words::LISTED_KEYS_INTRO
        .iter()
        .filter_map(|w| lower.find(w).map(|i| i + w.len()))
        .min()?;
    let rest = description.get(start..)?;
    let rest = rest.trim_start_matches([':', '：', ' ']);
    let end = rest.find(['。', '；', ';', '\n']).unwrap_or(rest.len());
    let mut list = strip_glosses(&rest[..end]);
    for sep in ["以及", "、", "，", ",", "和", "及", " and ", " or "] {
        list = list.replace(sep, "\u{0}");
    }
    let keys: Vec<String> = list
        .split('\u{0}')
        .map(|k| k.trim().trim_end_matches('.').trim())
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    let ident = |k: &str| {
        k.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    (keys.len() >= 2 && keys.iter().all(|k| ident(k))).then_some(keys)
}

fn strip_glosses(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The object of the listed keys, each typed from the example's value, else any JSON.
pub fn object(keys: &[String], example: Option<&Value>) -> Schema {
    let fields = keys
        .iter()
        .map(|k| Field {
            name: k.clone(),
            required: false,
            schema: example
                .and_then(|e| e.get(k))
                .map(crate::infer::infer_schema)
                .unwrap_or(Schema::Any),
            info: FieldInfo::default(),
        })
        .collect();
    Schema::Object(ObjectSchema { name: None, fields })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAGMENT: &str = include_str!("../../tests/fragments/listed-keys.md");

    #[test]
    fn listed_keys_are_read() {
        assert_eq!(
            listed_keys(
                "云硬盘数量，键值对，包含：reserved（预留）、limit（最大）和in_use（已使用）。"
            ),
            Some(vec!["reserved".into(), "limit".into(), "in_use".into()])
        );
        assert_eq!(
            listed_keys("Key-value pairs, including In_use, limit and reserved."),
            Some(vec!["In_use".into(), "limit".into(), "reserved".into()])
        );
        assert_eq!(listed_keys("用户自定义metadata键值对。"), None);
        assert_eq!(listed_keys("键值对，包含：名称和值。"), None);
        assert_eq!(listed_keys("键值对，包含：key。"), None);
    }

    #[test]
    fn key_value_pairs_with_listed_keys_are_an_object() {
        let op = crate::parse_page("p.md", FRAGMENT.as_bytes())
            .operation
            .expect("an operation");
        let Some(Schema::Object(body)) = op.responses[&200].body.clone() else {
            panic!("an object body: {:?}", op.responses);
        };
        let Schema::Object(quota_set) = &body.fields[0].schema else {
            panic!("quota_set is an object: {body:?}");
        };
        let Schema::Object(volumes) = &quota_set.fields[0].schema else {
            panic!("volumes is an object: {quota_set:?}");
        };
        let names: Vec<&str> = volumes.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["reserved", "limit", "in_use"]);
        assert_eq!(volumes.fields[1].schema, Schema::INT32);
        // Described as key-value pairs without listing keys: still a map.
        assert!(matches!(quota_set.fields[1].schema, Schema::Map { .. }));
    }
}
