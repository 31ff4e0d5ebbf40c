//! The documented model of an operation (`models/<service>.json`, written by `cargo xtask
//! codegen`): its parameters with their enum values and defaults, its request body's schema
//! and the page's request example. Read only for the operation being called, helped or
//! skeletoned: the file of one service is parsed, and of it only the operation's line kept.

use apispec::{Field, FieldInfo, ObjectSchema, Param, Schema};
use serde::Deserialize;
use serde_json::Value;

/// What the model says of one operation.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct OpModel {
    /// Path, query and header parameters, as documented.
    #[serde(default)]
    pub params: Vec<Param>,
    /// The request body's schema.
    #[serde(default)]
    pub body: Option<Schema>,
    /// The page's request example.
    #[serde(default)]
    pub example: Option<Value>,
    /// Top-level list fields of the success response (`servers`, `members`).
    #[serde(default)]
    pub lists: Vec<String>,
}

impl OpModel {
    /// The model of `version/operation` in the JSON text of a service's model file; `None`
    /// when the file does not have it (or does not parse, which `cargo test` rules out).
    pub fn find(text: &str, version: &str, operation: &str) -> Option<OpModel> {
        // The file has one operation a line: find the line before parsing anything.
        let key = serde_json::to_string(&format!("{version}/{operation}")).ok()?;
        let prefix = format!("{key}: ");
        let line = text.lines().find_map(|l| l.strip_prefix(&prefix))?;
        serde_json::from_str(line.trim_end_matches(',')).ok()
    }

    /// The documented parameter of this wire name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// A schema with its `Ref`s resolved against the objects that enclose it: walking down a
/// body keeps the chain of named objects seen, so a self-referencing object can be followed.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    root: &'a Schema,
}

impl<'a> Resolver<'a> {
    /// A resolver for the schemas under `root`.
    pub fn new(root: &'a Schema) -> Self {
        Resolver { root }
    }

    /// `schema` itself, or the named object a `Ref` points to.
    pub fn resolve(&self, schema: &'a Schema) -> &'a Schema {
        match schema {
            Schema::Ref { name } => find_named(self.root, name).unwrap_or(schema),
            other => other,
        }
    }
}

fn find_named<'a>(schema: &'a Schema, name: &str) -> Option<&'a Schema> {
    match schema {
        Schema::Object(o) if o.name.as_deref() == Some(name) => Some(schema),
        Schema::Object(o) => o.fields.iter().find_map(|f| find_named(&f.schema, name)),
        Schema::Array { items } => find_named(items, name),
        Schema::Map { values } => find_named(values, name),
        _ => None,
    }
}

/// The field of this wire name of an object.
pub fn field<'a>(object: &'a ObjectSchema, name: &str) -> Option<&'a Field> {
    object.fields.iter().find(|f| f.name == name)
}

/// The short type name of a schema as KooCLI's help shows it (`string`, `integer`, `array`).
pub fn type_word(schema: &Schema) -> String {
    match schema {
        Schema::String => "string".into(),
        Schema::Integer {
            format: apispec::IntFormat::Int32,
        } => "integer".into(),
        Schema::Integer {
            format: apispec::IntFormat::Int64,
        } => "long".into(),
        Schema::Number { .. } => "number".into(),
        Schema::Boolean => "boolean".into(),
        Schema::Any => "any".into(),
        Schema::Object(_) | Schema::Ref { .. } => "object".into(),
        Schema::Array { items } => format!("array<{}>", type_word(items)),
        Schema::Map { values } => format!("map<{}>", type_word(values)),
    }
}

/// Enum values and default of a field, for help lines and skeletons.
pub fn constraints(info: &FieldInfo) -> String {
    let mut parts = Vec::new();
    if !info.enum_values.is_empty() {
        parts.push(format!("values: {}", info.enum_values.join(", ")));
    }
    if let Some(d) = &info.default {
        parts.push(format!("default: {d}"));
    }
    parts.join("; ")
}

/// Every field of a body, depth first, with its KooCLI flag path (`spec.nodes.[N].uid`), its
/// schema and whether it and every object above it are required.
pub fn flatten_body(body: &Schema) -> Vec<FlatField<'_>> {
    let mut out = Vec::new();
    let resolver = Resolver::new(body);
    walk(
        &resolver,
        body,
        String::new(),
        true,
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// One leaf (or container) of a flattened body.
#[derive(Debug, Clone)]
pub struct FlatField<'a> {
    /// `spec.nodes.[N].uid`; `[N]` stands for a 1-based index, `{KEY}` for a map key.
    pub path: String,
    /// The field.
    pub field: &'a Field,
    /// The field's resolved schema.
    pub schema: &'a Schema,
    /// Whether the field is required where its parent is given.
    pub required: bool,
}

fn walk<'a>(
    resolver: &Resolver<'a>,
    schema: &'a Schema,
    prefix: String,
    _required: bool,
    seen: &mut Vec<String>,
    out: &mut Vec<FlatField<'a>>,
) {
    let schema = resolver.resolve(schema);
    let Schema::Object(object) = schema else {
        return;
    };
    // A self-referencing object is listed once.
    if let Some(name) = &object.name {
        if seen.contains(name) {
            return;
        }
        seen.push(name.clone());
    }
    for f in &object.fields {
        let path = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}.{}", f.name)
        };
        let resolved = resolver.resolve(&f.schema);
        out.push(FlatField {
            path: path.clone(),
            field: f,
            schema: resolved,
            required: f.required,
        });
        let mut inner = resolved;
        let mut inner_path = path;
        loop {
            match resolver.resolve(inner) {
                Schema::Array { items } => {
                    inner_path.push_str(".[N]");
                    inner = items;
                }
                Schema::Map { values } => {
                    inner_path.push_str(".{KEY}");
                    inner = values;
                }
                _ => break,
            }
        }
        walk(resolver, inner, inner_path, f.required, seen, out);
    }
    if object.name.is_some() {
        seen.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_operation_line() {
        let text = "{\n\"v1/A\": {\"params\": []},\n\"v3/RemoveNode\": {\"params\": [], \"lists\": [\"x\"]}\n}\n";
        let m = OpModel::find(text, "v3", "RemoveNode").unwrap();
        assert_eq!(m.lists, ["x"]);
        assert!(OpModel::find(text, "v1", "RemoveNode").is_none());
        assert_eq!(OpModel::find(text, "v1", "A").unwrap(), OpModel::default());
    }

    #[test]
    fn every_service_model_has_every_operation() {
        for service in crate::registry::services() {
            for version in &service.versions {
                for op in &version.operations {
                    let model = service.model(version.name, op.name);
                    assert!(
                        model.is_some(),
                        "{} {}/{} has no model",
                        service.name,
                        version.name,
                        op.name
                    );
                    assert_eq!(
                        model.unwrap().body.is_some(),
                        op.body.is_some(),
                        "{} {}",
                        service.name,
                        op.name
                    );
                }
            }
        }
    }

    #[test]
    fn flattens_nested_arrays_and_self_references() {
        let body: Schema = serde_json::from_value(serde_json::json!({
            "type": "object", "name": "Body", "fields": [
                {"name": "spec", "required": true, "type": {"type": "object", "name": "Spec", "fields": [
                    {"name": "nodes", "required": true, "type": {"type": "array", "items":
                        {"type": "object", "name": "Node", "fields": [
                            {"name": "uid", "required": true, "type": {"type": "string"}},
                            {"name": "child", "required": false, "type": {"type": "ref", "name": "Node"}}
                        ]}}}
                ]}}
            ]
        }))
        .unwrap();
        let paths: Vec<String> = flatten_body(&body).into_iter().map(|f| f.path).collect();
        assert_eq!(
            paths,
            [
                "spec",
                "spec.nodes",
                "spec.nodes.[N].uid",
                "spec.nodes.[N].child"
            ]
        );
    }
}
