//! From an operation's `--name=value` options to the JSON input of the generated `invoke`:
//! `{"cluster_id": "c1", "body": {...}}`, each value converted to its documented type.

use serde_json::{Map, Value};

use crate::args::RawOption;
use crate::body_flags::{is_body_flag, BodyFlags};
use crate::error::CliError;
use crate::json_input::JsonInput;
use crate::model::OpModel;
use crate::registry::{Operation, Param};

/// What the operation's options say.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationInput {
    /// The input of `invoke`: parameters by wire name, the body under `"body"`.
    pub input: Value,
    /// `--endpoint` (unless the operation has a parameter of that name).
    pub endpoint: Option<String>,
    /// `--project_id`: overrides the configured project id.
    pub project_id: Option<String>,
}

/// Reads `--body=@FILE` (`-` for standard input).
pub type ReadFile<'a> = &'a dyn Fn(&str) -> std::io::Result<String>;

/// Builds the operation's input from its options (the `--cli-*` ones already taken out).
/// `label` names the operation in messages (`cce RemoveNode`).
pub fn operation_input(
    label: &str,
    op: &Operation,
    options: &[RawOption],
    read_file: ReadFile<'_>,
) -> Result<OperationInput, CliError> {
    operation_input_with(label, op, None, None, options, read_file)
}

/// [`operation_input`] with the operation's model (for body flags) and what
/// `--cli-jsonInput` gave (overridden by the flags given beside it).
pub fn operation_input_with(
    label: &str,
    op: &Operation,
    model: Option<&OpModel>,
    json_input: Option<JsonInput>,
    options: &[RawOption],
    read_file: ReadFile<'_>,
) -> Result<OperationInput, CliError> {
    let hint = format!("Run `hwc {label} --help` for its parameters.");
    build(label, op, model, json_input, options, read_file).map_err(|e| e.with_hint(hint))
}

fn build(
    label: &str,
    op: &Operation,
    model: Option<&OpModel>,
    json_input: Option<JsonInput>,
    options: &[RawOption],
    read_file: ReadFile<'_>,
) -> Result<OperationInput, CliError> {
    let mut endpoint = None;
    let mut project_id = None;
    let mut body = None;
    let mut body_flags = BodyFlags::default();
    let body_schema = model.and_then(|m| m.body.as_ref());
    let mut given: Vec<(&Param, Vec<Given>)> = Vec::new();
    for opt in options {
        let value = opt.value.clone().unwrap_or_default();
        let name = opt.name.as_str();
        let once = |slot: &Option<String>| match slot {
            Some(_) => Err(CliError::usage(format!(
                "--{name} is given twice: expected it once"
            ))),
            None => Ok(()),
        };
        if let Some(param) = find_param(op, name) {
            let (param, index) = param;
            let entry = match given.iter_mut().find(|(p, _)| p.name == param.name) {
                Some((_, values)) => values,
                None => {
                    given.push((param, Vec::new()));
                    &mut given.last_mut().expect("just pushed").1
                }
            };
            if !is_array(param.type_name) && !entry.is_empty() {
                return Err(CliError::usage(format!(
                    "--{} is given twice: expected it once (it is a {})",
                    param.name, param.type_name
                )));
            }
            entry.push((index, value));
            if param.name == "project_id" {
                project_id = entry.last().map(|(_, v)| v.clone());
            }
        } else if name == "project_id" {
            once(&project_id)?;
            project_id = Some(value);
        } else if name == "endpoint" {
            once(&endpoint)?;
            endpoint = Some(value);
        } else if name == "body" {
            once(&body)?;
            body = Some(value);
        } else if let Some(schema) = body_schema.filter(|s| is_body_flag(s, name)) {
            body_flags.add(schema, name, &value)?;
        } else {
            let mut expected: Vec<String> =
                op.params.iter().map(|p| format!("--{}", p.name)).collect();
            if op.body.is_some() {
                expected.push("--body".into());
            }
            if let Some(apispec::Schema::Object(o)) = body_schema {
                expected.extend(o.fields.iter().map(|f| format!("--{}...", f.name)));
            }
            expected.push("--endpoint".into());
            return Err(CliError::usage(format!(
                "unknown parameter --{name} for {label}: expected {}",
                one_of(&expected)
            )));
        }
    }

    let mut input = Map::new();
    let mut json_body = None;
    if let Some(json) = json_input {
        for (name, value) in json.params {
            if name == "project_id" {
                if let Value::String(s) = &value {
                    project_id.get_or_insert_with(|| s.clone());
                }
                if op.param("project_id").is_none() {
                    // The configuration's project id, not a parameter of the operation.
                    continue;
                }
            }
            input.insert(name, value);
        }
        json_body = json.body;
    }
    // Flags given beside --cli-jsonInput override it.
    for (param, values) in given {
        input.insert(param.name.to_owned(), convert(param, values)?);
    }
    let missing: Vec<_> = op
        .params
        .iter()
        .filter(|p| p.required && !input.contains_key(p.name))
        .collect();
    if !missing.is_empty() {
        let list: Vec<_> = missing
            .iter()
            .map(|p| {
                format!(
                    "--{} ({} {}, {})",
                    p.name, p.location, p.type_name, p.description
                )
            })
            .collect();
        return Err(CliError::usage(format!(
            "missing required parameter{} of {label}: {}",
            if missing.len() == 1 { "" } else { "s" },
            list.join("; ")
        )));
    }
    let mut base = json_body;
    if let Some(raw) = body {
        let Some(body_type) = op.body else {
            return Err(CliError::usage(format!(
                "{label} takes no request body, but --body was given"
            )));
        };
        if base.is_some() {
            return Err(CliError::usage(
                "both --body and the body of --cli-jsonInput are given: expected one of them (body flags such as --a.b=x may go with either)",
            ));
        }
        base = Some(load_body(&raw, body_type, read_file)?);
    }
    if let Some(b) = body_flags.merge_into(base)? {
        input.insert("body".to_owned(), b);
    }
    Ok(OperationInput {
        input: Value::Object(input),
        endpoint,
        project_id,
    })
}

/// A value given for a parameter: `(Some(N), value)` for `--name.N=value`.
type Given = (Option<u32>, String);

/// The parameter an option names: `cluster_id`, or `ids.2` for an array parameter.
fn find_param<'a>(op: &'a Operation, name: &str) -> Option<(&'a Param, Option<u32>)> {
    if let Some(p) = op.param(name) {
        return Some((p, None));
    }
    let (base, index) = name.rsplit_once('.')?;
    let p = op.param(base).filter(|p| is_array(p.type_name))?;
    Some((p, Some(index.parse().ok()?)))
}

fn is_array(type_name: &str) -> bool {
    item_type(type_name).is_some()
}

fn item_type(type_name: &str) -> Option<&str> {
    type_name
        .strip_prefix("array<")
        .and_then(|t| t.strip_suffix('>'))
}

fn one_of(names: &[String]) -> String {
    match names {
        [one] => one.clone(),
        _ => format!("one of {}", names.join(", ")),
    }
}

/// The JSON value of a parameter from its command-line values.
fn convert(param: &Param, mut values: Vec<Given>) -> Result<Value, CliError> {
    let name = param.name;
    if let Some(item) = item_type(param.type_name) {
        // One JSON array, or one value per `--name=value` / `--name.N=value` (ordered by N).
        if let [(None, only)] = values.as_slice() {
            if only.trim_start().starts_with('[') {
                let parsed: Value = serde_json::from_str(only).map_err(|e| {
                    CliError::usage(format!(
                        "--{name}: expected a JSON array of {item} or one --{name}=VALUE per item, got `{only}` ({e})"
                    ))
                })?;
                return Ok(parsed);
            }
        }
        values.sort_by_key(|(i, _)| *i);
        if let Some(w) = values
            .windows(2)
            .find(|w| w[0].0.is_some() && w[0].0 == w[1].0)
        {
            return Err(CliError::usage(format!(
                "--{name}.{} is given twice: expected each index once",
                w[0].0.unwrap_or_default()
            )));
        }
        return values
            .iter()
            .map(|(_, v)| scalar(name, item, v))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    let (_, value) = &values[0];
    if param.location == "path" && value.is_empty() {
        return Err(CliError::usage(format!(
            "--{name} is empty: expected a value (it is part of the path {})",
            "{".to_owned() + name + "}"
        )));
    }
    scalar(name, param.type_name, value)
}

/// A value of a documented type: scalars as the runtime reads them (numbers and booleans
/// checked), `any` as JSON or text, objects as JSON.
fn scalar(name: &str, type_name: &str, value: &str) -> Result<Value, CliError> {
    let bad = |what: &str| {
        CliError::usage(format!(
            "--{name}: expected {what} ({type_name}), got `{value}`"
        ))
    };
    if let Some(read) = huaweicloud_sdk_core::meta::scalar_from_text(type_name, value) {
        return read.map_err(bad);
    }
    match type_name {
        // `any` takes JSON when it is JSON, else the text.
        "any" => Ok(serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.into()))),
        // Objects and maps: JSON.
        _ => serde_json::from_str(value).map_err(|e| bad(&format!("JSON ({e})"))),
    }
}

/// `--body=@FILE`, `--body=@-` (standard input) or `--body='{...}'`, parsed as JSON.
fn load_body(raw: &str, body_type: &str, read_file: ReadFile<'_>) -> Result<Value, CliError> {
    let (text, source) = match raw.strip_prefix('@') {
        Some(path) => {
            if path.is_empty() {
                return Err(CliError::usage(
                    "--body=@ names no file: expected --body=@FILE.json (or @- for standard input)",
                ));
            }
            let text = read_file(path).map_err(|e| {
                CliError::usage(format!(
                    "cannot read the --body file `{path}`: {e}; expected a file with JSON of type `{body_type}`"
                ))
            })?;
            let source = if path == "-" {
                "standard input".to_owned()
            } else {
                format!("file `{path}`")
            };
            (text, source)
        }
        None => (raw.to_owned(), "--body".to_owned()),
    };
    serde_json::from_str(&text).map_err(|e| {
        CliError::usage(format!(
            "the body in {source} is not valid JSON: {e}; expected JSON of type `{body_type}`"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn param(name: &'static str, type_name: &'static str, required: bool) -> Param {
        Param {
            name,
            location: if name.ends_with("_id") {
                "path"
            } else {
                "query"
            }
            .into(),
            type_name,
            required,
            description: "d",
        }
    }

    fn op() -> Operation {
        Operation {
            info: &huaweicloud_sdk_core::meta::OperationInfo::DEFAULT,
            name: "Op",
            summary: "s",
            method: "POST",
            path: "/v1/{project_id}/things/{thing_id}",
            api_version: "v1",
            params: vec![
                param("project_id", "string", false),
                param("thing_id", "string", true),
                param("limit", "integer", false),
                param("ratio", "number", false),
                param("force", "boolean", false),
                param("ids", "array<string>", false),
                param("nums", "array<integer>", false),
                param("filter", "map<string>", false),
            ],
            body: Some("OpBody"),
            output: None,
        }
    }

    fn opts(pairs: &[(&str, &str)]) -> Vec<RawOption> {
        pairs
            .iter()
            .map(|(n, v)| RawOption {
                name: n.to_string(),
                value: Some(v.to_string()),
            })
            .collect()
    }

    fn files(path: &str) -> std::io::Result<String> {
        match path {
            "task.json" => Ok("{\"a\": [1, 2]}".into()),
            "bad.json" => Ok("{\"a\": ".into()),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "No such file or directory",
            )),
        }
    }

    fn run(pairs: &[(&str, &str)]) -> Result<OperationInput, String> {
        operation_input("svc Op", &op(), &opts(pairs), &files).map_err(|e| match e {
            CliError::Usage { message, hint } => {
                assert_eq!(
                    hint.as_deref(),
                    Some("Run `hwc svc Op --help` for its parameters.")
                );
                message
            }
            e => panic!("{e:?}"),
        })
    }

    #[test]
    fn values_take_their_documented_types() {
        let got = run(&[
            ("thing_id", "t 1"),
            ("limit", "10"),
            ("ratio", "0.5"),
            ("force", "TRUE"),
            ("ids.2", "b"),
            ("ids.1", "a"),
            ("nums", "[3, 4]"),
            ("filter", "{\"k\": \"v\"}"),
            ("body", "@task.json"),
            ("endpoint", "http://127.0.0.1:1"),
        ])
        .unwrap();
        assert_eq!(
            got.input,
            json!({"thing_id": "t 1", "limit": 10, "ratio": 0.5, "force": true,
                   "ids": ["a", "b"], "nums": [3, 4], "filter": {"k": "v"}, "body": {"a": [1, 2]}})
        );
        assert_eq!(got.endpoint.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(got.project_id, None);
        let got = run(&[
            ("thing_id", "t"),
            ("ids", "x"),
            ("ids", "y"),
            ("body", "[]"),
        ])
        .unwrap();
        assert_eq!(
            got.input,
            json!({"thing_id": "t", "ids": ["x", "y"], "body": []})
        );
    }

    #[test]
    fn project_id_is_both_parameter_and_override() {
        let got = run(&[("thing_id", "t"), ("project_id", "p9")]).unwrap();
        assert_eq!(got.input, json!({"thing_id": "t", "project_id": "p9"}));
        assert_eq!(got.project_id.as_deref(), Some("p9"));
    }

    #[test]
    fn reserved_names_yield_to_documented_parameters() {
        // An operation with its own `endpoint` parameter and no `project_id`.
        let mut op = op();
        op.params = vec![param("endpoint", "string", true)];
        let got = operation_input(
            "svc Op",
            &op,
            &opts(&[("endpoint", "e-1"), ("project_id", "p-1")]),
            &files,
        )
        .unwrap();
        assert_eq!(got.input, json!({"endpoint": "e-1"}));
        assert_eq!(got.endpoint, None);
        assert_eq!(got.project_id.as_deref(), Some("p-1"));
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            run(&[]).unwrap_err(),
            "missing required parameter of svc Op: --thing_id (path string, d)"
        );
        assert_eq!(
            run(&[("thing_id", "t"), ("limit", "ten")]).unwrap_err(),
            "--limit: expected an integer (integer), got `ten`"
        );
        assert_eq!(
            run(&[("thing_id", "t"), ("force", "yes")]).unwrap_err(),
            "--force: expected true or false (boolean), got `yes`"
        );
        assert_eq!(
            run(&[("thing_id", "t"), ("nums.1", "x")]).unwrap_err(),
            "--nums: expected an integer (integer), got `x`"
        );
        assert_eq!(
            run(&[("thing_id", "")]).unwrap_err(),
            "--thing_id is empty: expected a value (it is part of the path {thing_id})"
        );
        assert_eq!(
            run(&[("thing_id", "a"), ("thing_id", "b")]).unwrap_err(),
            "--thing_id is given twice: expected it once (it is a string)"
        );
        assert_eq!(
            run(&[("thing_id", "a"), ("ids.1", "b"), ("ids.1", "c")]).unwrap_err(),
            "--ids.1 is given twice: expected each index once"
        );
        assert_eq!(
            run(&[("thing_id", "a"), ("bogus", "1")]).unwrap_err(),
            "unknown parameter --bogus for svc Op: expected one of --project_id, --thing_id, --limit, --ratio, --force, --ids, --nums, --filter, --body, --endpoint"
        );
        assert_eq!(
            run(&[("thing_id", "a"), ("limit.1", "1")]).unwrap_err(),
            "unknown parameter --limit.1 for svc Op: expected one of --project_id, --thing_id, --limit, --ratio, --force, --ids, --nums, --filter, --body, --endpoint"
        );
    }

    #[test]
    fn bad_bodies_are_named() {
        let err = run(&[("thing_id", "t"), ("body", "@missing.json")]).unwrap_err();
        assert_eq!(
            err,
            "cannot read the --body file `missing.json`: No such file or directory; expected a file with JSON of type `OpBody`"
        );
        let err = run(&[("thing_id", "t"), ("body", "@bad.json")]).unwrap_err();
        assert!(
            err.starts_with("the body in file `bad.json` is not valid JSON: EOF while parsing"),
            "{err}"
        );
        assert!(err.ends_with("; expected JSON of type `OpBody`"), "{err}");
        let err = run(&[("thing_id", "t"), ("body", "{x}")]).unwrap_err();
        assert!(
            err.starts_with(
                "the body in --body is not valid JSON: key must be a string at line 1 column 2"
            ),
            "{err}"
        );
        assert!(run(&[("thing_id", "t"), ("body", "@")])
            .unwrap_err()
            .contains("expected --body=@FILE.json"));
        let mut no_body = op();
        no_body.body = None;
        let err = operation_input(
            "svc Op",
            &no_body,
            &opts(&[("thing_id", "t"), ("body", "{}")]),
            &files,
        )
        .unwrap_err();
        assert_eq!(
            err,
            CliError::usage("svc Op takes no request body, but --body was given")
                .with_hint("Run `hwc svc Op --help` for its parameters.")
        );
    }
}
