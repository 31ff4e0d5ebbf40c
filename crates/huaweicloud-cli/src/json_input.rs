//! `--cli-jsonInput=FILE` and `--skeleton`, in KooCLI's layout:
//! `{"header": {...}, "path": {...}, "query": {...}, "body": {...}}`.
//!
//! `--skeleton` prints that JSON for the operation with a value of each field's type (`""`,
//! `0`, `false`, one item per array), then KooCLI's separator line and the same layout with,
//! for every field, `Required`, `ParamType`, `Usage` and `EnumValue` (and `Default`). A file
//! that still holds the separator and what follows is read up to the separator.

use apispec::{FieldInfo, ParamLocation, Schema};
use serde_json::{json, Map, Value};

use crate::error::CliError;
use crate::model::{type_word, OpModel, Resolver};

/// KooCLI's separator between the skeleton and its description.
pub const SEPARATOR: &str = "--------------------------------- After the skeleton is filled in, delete this line and the following parameter description: ---------------------------------";

/// The keys of the layout, in KooCLI's order.
pub const KEYS: &[&str] = &["header", "path", "query", "body"];

/// What a `--cli-jsonInput` file gives: parameters by wire name (checked against the
/// operation's), and the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsonInput {
    /// `(name, value)` of the `header`, `path` and `query` parameters.
    pub params: Vec<(String, Value)>,
    /// The `body`.
    pub body: Option<Value>,
}

/// Parses the text of a `--cli-jsonInput` file named `source` for `model`'s operation.
pub fn parse(
    text: &str,
    source: &str,
    model: &OpModel,
    has_body: bool,
) -> Result<JsonInput, CliError> {
    let text = match text.find(SEPARATOR) {
        Some(at) => &text[..at],
        None => text,
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        CliError::usage(format!(
            "--cli-jsonInput file `{source}` is not valid JSON: {e}; expected {{\"header\": {{}}, \"path\": {{}}, \"query\": {{}}, \"body\": {{}}}}"
        ))
    })?;
    let Value::Object(top) = value else {
        return Err(CliError::usage(format!(
            "--cli-jsonInput file `{source}` holds {}: expected an object with the keys {}",
            crate::output::kind(&value),
            KEYS.join(", ")
        )));
    };
    let mut out = JsonInput::default();
    for (key, v) in top {
        let location = match key.as_str() {
            "header" => ParamLocation::Header,
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "body" => {
                if !has_body {
                    return Err(CliError::usage(format!(
                        "--cli-jsonInput file `{source}` has a body, but the operation takes none: expected only {}",
                        KEYS[..3].join(", ")
                    )));
                }
                out.body = Some(v);
                continue;
            }
            other => {
                return Err(CliError::usage(format!(
                    "--cli-jsonInput file `{source}` has the key `{other}`: expected {}",
                    KEYS.join(", ")
                )))
            }
        };
        let Value::Object(params) = v else {
            return Err(CliError::usage(format!(
                "`{key}` in --cli-jsonInput file `{source}` is {}: expected an object of {key} parameters",
                crate::output::kind(&v)
            )));
        };
        for (name, value) in params {
            match model.param(&name) {
                Some(p) if p.location == location => out.params.push((name, value)),
                Some(p) => {
                    return Err(CliError::usage(format!(
                        "`{key}.{name}` in --cli-jsonInput file `{source}`: {name} is a {} parameter: expected it under `{}`",
                        location_word(p.location),
                        location_word(p.location)
                    )))
                }
                None => {
                    let names: Vec<&str> = model
                        .params
                        .iter()
                        .filter(|p| p.location == location)
                        .map(|p| p.name.as_str())
                        .collect();
                    return Err(CliError::usage(format!(
                        "unknown parameter `{key}.{name}` in --cli-jsonInput file `{source}`: expected {}",
                        if names.is_empty() {
                            format!("no {key} parameter (the operation has none)")
                        } else {
                            format!("one of {}", names.join(", "))
                        }
                    )));
                }
            }
        }
    }
    Ok(out)
}

fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// The `--skeleton` text of an operation whose parameters (as `hwc` takes them) are
/// `params`: the model's parameters that are not among them (the project id, which comes
/// from the configuration) are left out.
pub fn skeleton(model: &OpModel, params: &[&str]) -> String {
    let mut values = Map::new();
    let mut described = Map::new();
    for key in &KEYS[..3] {
        let mut v = Map::new();
        let mut d = Map::new();
        for p in model
            .params
            .iter()
            .filter(|p| location_word(p.location) == *key && params.contains(&p.name.as_str()))
        {
            v.insert(
                p.name.clone(),
                placeholder(&Resolver::new(&p.schema), &p.schema, 0),
            );
            d.insert(
                p.name.clone(),
                describe_leaf(p.required, &p.schema, &p.info),
            );
        }
        if !v.is_empty() {
            values.insert((*key).into(), Value::Object(v));
            described.insert((*key).into(), Value::Object(d));
        }
    }
    if let Some(body) = &model.body {
        let resolver = Resolver::new(body);
        values.insert("body".into(), placeholder(&resolver, body, 0));
        described.insert("body".into(), describe(&resolver, body, 0));
    }
    let mut out = pretty(&Value::Object(values));
    out.push_str(SEPARATOR);
    out.push('\n');
    out.push_str(&pretty(&Value::Object(described)));
    out
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("a Value serializes");
    s.push('\n');
    s
}

/// How deep a self-referencing object is unfolded.
const MAX_DEPTH: usize = 12;

fn placeholder(resolver: &Resolver<'_>, schema: &Schema, depth: usize) -> Value {
    match resolver.resolve(schema) {
        Schema::String | Schema::Any => json!(""),
        Schema::Integer { .. } | Schema::Number { .. } => json!(0),
        Schema::Boolean => json!(false),
        Schema::Array { items } => json!([placeholder(resolver, items, depth + 1)]),
        Schema::Map { values } => json!({ "": placeholder(resolver, values, depth + 1) }),
        Schema::Object(o) if depth < MAX_DEPTH => Value::Object(
            o.fields
                .iter()
                .map(|f| (f.name.clone(), placeholder(resolver, &f.schema, depth + 1)))
                .collect(),
        ),
        Schema::Object(_) | Schema::Ref { .. } => json!({}),
    }
}

fn describe(resolver: &Resolver<'_>, schema: &Schema, depth: usize) -> Value {
    match resolver.resolve(schema) {
        Schema::Object(o) if depth < MAX_DEPTH => Value::Object(
            o.fields
                .iter()
                .map(|f| {
                    let inner = container_of(resolver, &f.schema);
                    let value = match inner {
                        Some(inner) => {
                            let mut d = describe_leaf(f.required, &f.schema, &f.info);
                            d["Fields"] = describe(resolver, inner, depth + 1);
                            d
                        }
                        None => describe_leaf(f.required, &f.schema, &f.info),
                    };
                    (f.name.clone(), value)
                })
                .collect(),
        ),
        Schema::Array { items } => describe(resolver, items, depth + 1),
        _ => json!({}),
    }
}

/// The object inside a field (through arrays and maps), whose fields are described below it.
fn container_of<'a>(resolver: &Resolver<'a>, schema: &'a Schema) -> Option<&'a Schema> {
    match resolver.resolve(schema) {
        s @ Schema::Object(_) => Some(s),
        Schema::Array { items } => container_of(resolver, items),
        Schema::Map { values } => container_of(resolver, values),
        _ => None,
    }
}

fn describe_leaf(required: bool, schema: &Schema, info: &FieldInfo) -> Value {
    let mut d = Map::new();
    d.insert("Required".into(), json!(required));
    d.insert("ParamType".into(), json!(type_word(schema)));
    d.insert("Usage".into(), json!(info.description));
    if !info.enum_values.is_empty() {
        d.insert("EnumValue".into(), json!(info.enum_values));
    }
    if let Some(default) = &info.default {
        d.insert("Default".into(), json!(default));
    }
    Value::Object(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> OpModel {
        serde_json::from_value(json!({
            "params": [
                {"in": "path", "name": "cluster_id", "required": true, "type": {"type": "string"}, "description": "集群 ID"},
                {"in": "query", "name": "limit", "required": false, "type": {"type": "integer"}, "default": "10"},
                {"in": "header", "name": "X-Language", "required": false, "type": {"type": "string"}, "enum": ["zh-cn", "en-us"]}
            ],
            "body": {"type": "object", "fields": [
                {"name": "spec", "required": true, "type": {"type": "object", "fields": [
                    {"name": "nodes", "required": true, "type": {"type": "array", "items": {"type": "object", "fields": [
                        {"name": "uid", "required": true, "type": {"type": "string"}}]}}},
                    {"name": "count", "required": false, "type": {"type": "integer"}}
                ]}}
            ]}
        }))
        .unwrap()
    }

    #[test]
    fn skeleton_values_then_descriptions() {
        let text = skeleton(&model(), &["cluster_id", "limit", "X-Language"]);
        let (values, described) = text.split_once(SEPARATOR).unwrap();
        let values: Value = serde_json::from_str(values).unwrap();
        assert_eq!(
            values,
            json!({"header": {"X-Language": ""}, "path": {"cluster_id": ""}, "query": {"limit": 0},
                   "body": {"spec": {"nodes": [{"uid": ""}], "count": 0}}})
        );
        let described: Value = serde_json::from_str(described).unwrap();
        assert_eq!(
            described["header"]["X-Language"],
            json!({"Required": false, "ParamType": "string", "Usage": "", "EnumValue": ["zh-cn", "en-us"]})
        );
        assert_eq!(described["query"]["limit"]["Default"], json!("10"));
        assert_eq!(
            described["body"]["spec"]["Fields"]["nodes"]["Fields"]["uid"],
            json!({"Required": true, "ParamType": "string", "Usage": ""})
        );
        // The skeleton, as printed, is a valid --cli-jsonInput file.
        let parsed = parse(&text, "s.json", &model(), true).unwrap();
        assert_eq!(parsed.params.len(), 3);
        assert_eq!(parsed.body, Some(values["body"].clone()));
    }

    #[test]
    fn bad_files_are_named() {
        let m = model();
        let err = |text: &str| match parse(text, "in.json", &m, true).unwrap_err() {
            CliError::Usage { message, .. } => message,
            e => panic!("{e:?}"),
        };
        assert!(err("{").starts_with("--cli-jsonInput file `in.json` is not valid JSON"));
        assert_eq!(
            err("[]"),
            "--cli-jsonInput file `in.json` holds an array: expected an object with the keys header, path, query, body"
        );
        assert_eq!(
            err(r#"{"paths": {}}"#),
            "--cli-jsonInput file `in.json` has the key `paths`: expected header, path, query, body"
        );
        assert_eq!(
            err(r#"{"query": {"cluster_id": "x"}}"#),
            "`query.cluster_id` in --cli-jsonInput file `in.json`: cluster_id is a path parameter: expected it under `path`"
        );
        assert_eq!(
            err(r#"{"query": {"limt": 1}}"#),
            "unknown parameter `query.limt` in --cli-jsonInput file `in.json`: expected one of limit"
        );
    }
}
