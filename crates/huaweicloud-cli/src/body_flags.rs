//! Body fields as flags, in KooCLI's syntax: `--spec.nodes.1.uid=abc --spec.login.sshKey=k`
//! builds `{"spec": {"nodes": [{"uid": "abc"}], "login": {"sshKey": "k"}}}`. Array indexes are
//! 1-based and must leave no gap; `--x.y="[]"` and `--x.y="{}"` give an empty array and an
//! empty object. Each value is typed from the documented schema; an unknown field, a bad
//! index or a value of the wrong type is an error naming the flag and what was expected.

use apispec::Schema;
use serde_json::{Map, Value};

use crate::error::CliError;
use crate::model::{type_word, Resolver};

/// A body under construction: objects keep the order fields are first given in, arrays are
/// keyed by their 1-based index until they are merged.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Leaf(Value),
    Object(Vec<(String, Node)>),
    Array(Vec<(usize, Node)>),
}

/// The body flags of one call.
#[derive(Debug, Default)]
pub struct BodyFlags {
    root: Option<Node>,
}

/// Whether `name` (without dashes) addresses a field of `body`: its first segment is a
/// top-level field of the object body.
pub fn is_body_flag(body: &Schema, name: &str) -> bool {
    let resolver = Resolver::new(body);
    let first = name.split('.').next().unwrap_or_default();
    match resolver.resolve(body) {
        Schema::Object(o) => o.fields.iter().any(|f| f.name == first),
        Schema::Map { .. } => true,
        _ => false,
    }
}

impl BodyFlags {
    /// Whether no flag was given.
    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// Adds `--name=value` (name without dashes) for the body `schema`.
    pub fn add(&mut self, body: &Schema, name: &str, value: &str) -> Result<(), CliError> {
        let resolver = Resolver::new(body);
        let segments: Vec<&str> = name.split('.').collect();
        let root = self.root.get_or_insert_with(|| Node::Object(Vec::new()));
        insert(&resolver, body, root, &segments, 0, name, value)
    }

    /// Merges the flags into `base` (the body of `--cli-jsonInput` or `--body`, else an empty
    /// object): a flag replaces what `base` has at its path; an index one past the end of an
    /// array of `base` appends.
    pub fn merge_into(self, base: Option<Value>) -> Result<Option<Value>, CliError> {
        let Some(root) = self.root else {
            return Ok(base);
        };
        let mut value = base.unwrap_or_else(|| Value::Object(Map::new()));
        merge(&mut value, root, "")?;
        Ok(Some(value))
    }
}

fn flag_path(segments: &[&str], upto: usize) -> String {
    segments[..upto].join(".")
}

fn insert(
    resolver: &Resolver<'_>,
    schema: &Schema,
    node: &mut Node,
    segments: &[&str],
    at: usize,
    name: &str,
    value: &str,
) -> Result<(), CliError> {
    let schema = resolver.resolve(schema);
    if at == segments.len() {
        let leaf = typed(schema, name, value)?;
        match node {
            Node::Object(fields) if fields.is_empty() => {}
            Node::Array(items) if items.is_empty() => {}
            _ => {
                return Err(CliError::usage(format!(
                    "--{name} is given twice (or with fields below it): expected one value for it"
                )))
            }
        }
        *node = Node::Leaf(leaf);
        return Ok(());
    }
    let segment = segments[at];
    let here = if at == 0 {
        "the body".to_owned()
    } else {
        format!("{} ({})", flag_path(segments, at), type_word(schema))
    };
    match schema {
        Schema::Object(object) => {
            let Some(field) = object.fields.iter().find(|f| f.name == segment) else {
                let names: Vec<&str> = object.fields.iter().map(|f| f.name.as_str()).collect();
                return Err(CliError::usage(format!(
                    "unknown body field --{name}: {here} has no field `{segment}`: expected {}",
                    one_of(&names)
                )));
            };
            let fields = container(node, name, || Node::Object(Vec::new()))?;
            let Node::Object(fields) = fields else {
                unreachable!("container returns the kind asked for")
            };
            let child = match fields.iter().position(|(k, _)| k == segment) {
                Some(i) => &mut fields[i].1,
                None => {
                    fields.push((segment.to_owned(), empty_for(resolver, &field.schema)));
                    &mut fields.last_mut().expect("just pushed").1
                }
            };
            insert(resolver, &field.schema, child, segments, at + 1, name, value)
        }
        Schema::Map { values } => {
            let fields = container(node, name, || Node::Object(Vec::new()))?;
            let Node::Object(fields) = fields else {
                unreachable!("container returns the kind asked for")
            };
            let child = match fields.iter().position(|(k, _)| k == segment) {
                Some(i) => &mut fields[i].1,
                None => {
                    fields.push((segment.to_owned(), empty_for(resolver, values)));
                    &mut fields.last_mut().expect("just pushed").1
                }
            };
            insert(resolver, values, child, segments, at + 1, name, value)
        }
        Schema::Array { items } => {
            let index = segment
                .parse::<usize>()
                .ok()
                .filter(|i| *i >= 1)
                .ok_or_else(|| {
                    let mut example: Vec<&str> = segments.to_vec();
                    example[at] = "1";
                    CliError::usage(format!(
                        "bad index in --{name}: `{segment}` is not an index of {here}: expected a 1-based index, e.g. --{}",
                        example.join(".")
                    ))
                })?;
            let list = container(node, name, || Node::Array(Vec::new()))?;
            let Node::Array(list) = list else {
                unreachable!("container returns the kind asked for")
            };
            let child = match list.iter().position(|(i, _)| *i == index) {
                Some(i) => &mut list[i].1,
                None => {
                    list.push((index, empty_for(resolver, items)));
                    &mut list.last_mut().expect("just pushed").1
                }
            };
            insert(resolver, items, child, segments, at + 1, name, value)
        }
        other => Err(CliError::usage(format!(
            "unknown body field --{name}: {} is of type {}, it has no field `{segment}`: expected --{}=VALUE",
            flag_path(segments, at),
            type_word(other),
            flag_path(segments, at)
        ))),
    }
}

/// The node a field starts as: an object for objects and maps, an array for arrays.
fn empty_for(resolver: &Resolver<'_>, schema: &Schema) -> Node {
    match resolver.resolve(schema) {
        Schema::Array { .. } => Node::Array(Vec::new()),
        _ => Node::Object(Vec::new()),
    }
}

/// `node` as the container `make` builds, unless a value was given for it already.
fn container<'a>(
    node: &'a mut Node,
    name: &str,
    make: impl Fn() -> Node,
) -> Result<&'a mut Node, CliError> {
    if let Node::Leaf(_) = node {
        return Err(CliError::usage(format!(
            "--{name} sets a field inside a value given whole by another flag: expected either the whole value or its fields"
        )));
    }
    if std::mem::discriminant(node) != std::mem::discriminant(&make()) {
        *node = make();
    }
    Ok(node)
}

fn one_of(names: &[&str]) -> String {
    match names {
        [] => "no field (the object documents none)".to_owned(),
        [one] => format!("`{one}`"),
        _ => format!(
            "one of {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The value of a flag, of the documented type.
fn typed(schema: &Schema, name: &str, value: &str) -> Result<Value, CliError> {
    let bad = |what: &str| {
        CliError::usage(format!(
            "--{name}: expected {what} ({}), got `{value}`",
            type_word(schema)
        ))
    };
    let trimmed = value.trim();
    match schema {
        Schema::String => Ok(Value::String(value.to_owned())),
        Schema::Integer { .. } => trimmed
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| bad("an integer")),
        Schema::Number { .. } => trimmed
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| bad("a number")),
        Schema::Boolean => match trimmed.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(bad("true or false")),
        },
        Schema::Any => {
            Ok(serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.into())))
        }
        Schema::Array { .. } => match serde_json::from_str::<Value>(trimmed) {
            Ok(v @ Value::Array(_)) => Ok(v),
            _ => Err(bad(&format!(
                "\"[]\", a JSON array, or one --{name}.N=VALUE per item (N from 1)"
            ))),
        },
        Schema::Object(_) | Schema::Map { .. } | Schema::Ref { .. } => {
            match serde_json::from_str::<Value>(trimmed) {
                Ok(v @ Value::Object(_)) => Ok(v),
                _ => Err(bad(&format!(
                    "\"{{}}\", a JSON object, or its fields as --{name}.FIELD=VALUE"
                ))),
            }
        }
    }
}

fn merge(target: &mut Value, node: Node, path: &str) -> Result<(), CliError> {
    match node {
        Node::Leaf(v) => *target = v,
        Node::Object(fields) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            let map = target.as_object_mut().expect("an object");
            for (key, child) in fields {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let slot = map.entry(key).or_insert(Value::Null);
                merge(slot, child, &child_path)?;
            }
        }
        Node::Array(mut items) => {
            if !target.is_array() {
                *target = Value::Array(Vec::new());
            }
            let list = target.as_array_mut().expect("an array");
            items.sort_by_key(|(i, _)| *i);
            for (index, child) in items {
                let child_path = format!("{path}.{index}");
                if index <= list.len() {
                    merge(&mut list[index - 1], child, &child_path)?;
                } else if index == list.len() + 1 {
                    let mut slot = Value::Null;
                    merge(&mut slot, child, &child_path)?;
                    list.push(slot);
                } else {
                    return Err(CliError::usage(format!(
                        "index gap at --{child_path}: {path} has {} item{} before it: expected --{path}.{} first (indexes start at 1 and leave no gap)",
                        list.len(),
                        if list.len() == 1 { "" } else { "s" },
                        list.len() + 1
                    )));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Schema {
        serde_json::from_value(json!({
            "type": "object", "fields": [
                {"name": "os-stop", "required": true, "type": {"type": "object", "fields": [
                    {"name": "type", "required": false, "type": {"type": "string"}},
                    {"name": "servers", "required": true, "type": {"type": "array", "items":
                        {"type": "object", "fields": [
                            {"name": "id", "required": true, "type": {"type": "string"}}
                        ]}}}
                ]}},
                {"name": "count", "required": false, "type": {"type": "integer"}},
                {"name": "ratio", "required": false, "type": {"type": "number"}},
                {"name": "dry", "required": false, "type": {"type": "boolean"}},
                {"name": "tags", "required": false, "type": {"type": "array", "items": {"type": "string"}}},
                {"name": "meta", "required": false, "type": {"type": "map", "values": {"type": "string"}}}
            ]
        }))
        .unwrap()
    }

    fn build(flags: &[(&str, &str)], base: Option<Value>) -> Result<Value, String> {
        let s = schema();
        let mut b = BodyFlags::default();
        for (n, v) in flags {
            b.add(&s, n, v).map_err(message)?;
        }
        b.merge_into(base)
            .map(|v| v.unwrap_or(Value::Null))
            .map_err(message)
    }

    fn message(e: CliError) -> String {
        match e {
            CliError::Usage { message, .. } => message,
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn nested_objects_and_one_based_arrays() {
        let got = build(
            &[
                ("os-stop.servers.2.id", "b"),
                ("os-stop.type", "SOFT"),
                ("os-stop.servers.1.id", "a"),
                ("count", "3"),
                ("ratio", "0.5"),
                ("dry", "TRUE"),
                ("tags.1", "x"),
                ("meta.k", "v"),
            ],
            None,
        )
        .unwrap();
        assert_eq!(
            got,
            json!({"os-stop": {"servers": [{"id": "a"}, {"id": "b"}], "type": "SOFT"},
                   "count": 3, "ratio": 0.5, "dry": true, "tags": ["x"], "meta": {"k": "v"}})
        );
    }

    #[test]
    fn empty_containers() {
        let got = build(&[("tags", "[]"), ("meta", "{}"), ("os-stop", "{}")], None).unwrap();
        assert_eq!(got, json!({"tags": [], "meta": {}, "os-stop": {}}));
    }

    #[test]
    fn flags_override_and_extend_a_base() {
        let base = json!({"os-stop": {"type": "HARD", "servers": [{"id": "a"}]}, "count": 1});
        let got = build(
            &[("os-stop.type", "SOFT"), ("os-stop.servers.2.id", "b")],
            Some(base),
        )
        .unwrap();
        assert_eq!(
            got,
            json!({"os-stop": {"type": "SOFT", "servers": [{"id": "a"}, {"id": "b"}]}, "count": 1})
        );
    }

    #[test]
    fn errors_name_the_flag_and_what_was_expected() {
        assert_eq!(
            build(&[("os-stop.servers.0.id", "a")], None).unwrap_err(),
            "bad index in --os-stop.servers.0.id: `0` is not an index of os-stop.servers (array<object>): expected a 1-based index, e.g. --os-stop.servers.1.id"
        );
        assert_eq!(
            build(&[("os-stop.servers.x.id", "a")], None).unwrap_err(),
            "bad index in --os-stop.servers.x.id: `x` is not an index of os-stop.servers (array<object>): expected a 1-based index, e.g. --os-stop.servers.1.id"
        );
        assert_eq!(
            build(&[("os-stop.servers.2.id", "a")], None).unwrap_err(),
            "index gap at --os-stop.servers.2: os-stop.servers has 0 items before it: expected --os-stop.servers.1 first (indexes start at 1 and leave no gap)"
        );
        assert_eq!(
            build(&[("os-stop.tpye", "a")], None).unwrap_err(),
            "unknown body field --os-stop.tpye: os-stop (object) has no field `tpye`: expected one of `type`, `servers`"
        );
        assert_eq!(
            build(&[("count", "many")], None).unwrap_err(),
            "--count: expected an integer (integer), got `many`"
        );
        assert_eq!(
            build(&[("count.x", "1")], None).unwrap_err(),
            "unknown body field --count.x: count is of type integer, it has no field `x`: expected --count=VALUE"
        );
        assert_eq!(
            build(&[("count", "1"), ("count", "2")], None).unwrap_err(),
            "--count is given twice (or with fields below it): expected one value for it"
        );
        assert!(build(&[("tags", "x")], None)
            .unwrap_err()
            .contains("expected \"[]\", a JSON array"));
    }

    #[test]
    fn recognises_body_flags() {
        let s = schema();
        assert!(is_body_flag(&s, "os-stop.servers.1.id"));
        assert!(is_body_flag(&s, "count"));
        assert!(!is_body_flag(&s, "cluster_id"));
    }
}
