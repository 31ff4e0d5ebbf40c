//! Errata overlays from `service.toml` (`[[patch]]`), applied after parsing and merging.

use apispec::{IntFormat, NumberFormat, Operation, Schema};

use crate::config::Patch;
use crate::diagnostics::{Code, Sink};

/// Applies every patch; a patch that names nothing present is an error diagnostic.
pub fn apply_patches(ops: &mut [Operation], patches: &[Patch], file: &str, sink: &mut Sink) {
    for (i, p) in patches.iter().enumerate() {
        if let Err(why) = apply(ops, p) {
            sink.emit(
                Code::PatchNotApplied,
                file,
                1,
                format!("patch {} ({} {}): {why}", i + 1, p.operation, p.field),
            );
        }
    }
}

/// Reads a patch type: `string`, `integer`, `long`, `number`, `boolean`, `any`, `array<T>`,
/// `map<T>`.
pub fn parse_patch_type(t: &str) -> Option<Schema> {
    let t = t.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(inner) = lower
        .strip_prefix("array<")
        .and_then(|r| r.strip_suffix('>'))
    {
        return parse_patch_type(inner).map(Schema::array);
    }
    if let Some(inner) = lower.strip_prefix("map<").and_then(|r| r.strip_suffix('>')) {
        return parse_patch_type(inner).map(Schema::map);
    }
    Some(match lower.as_str() {
        "string" => Schema::String,
        "integer" | "int" => Schema::Integer {
            format: IntFormat::Int32,
        },
        "long" => Schema::Integer {
            format: IntFormat::Int64,
        },
        "number" | "double" => Schema::Number {
            format: NumberFormat::Double,
        },
        "float" => Schema::Number {
            format: NumberFormat::Float,
        },
        "boolean" | "bool" => Schema::Boolean,
        "any" | "object" => Schema::Any,
        _ => return None,
    })
}

fn apply(ops: &mut [Operation], p: &Patch) -> Result<(), String> {
    let op = ops
        .iter_mut()
        .find(|o| o.name == p.operation)
        .ok_or("no operation of that name")?;
    let new_type = match &p.typ {
        Some(t) => Some(parse_patch_type(t).ok_or_else(|| format!("unknown type `{t}`"))?),
        None => None,
    };
    let mut segs = p.field.split('/').filter(|s| !s.is_empty());
    let root = segs.next().ok_or("empty field path")?;
    let rest: Vec<&str> = segs.collect();
    match root {
        "params" => {
            let [name] = rest.as_slice() else {
                return Err("expected params/<name>".into());
            };
            let param = op
                .params
                .iter_mut()
                .find(|x| x.name == *name)
                .ok_or("no parameter of that name")?;
            if let Some(t) = new_type {
                param.schema = t;
            }
            if let Some(r) = p.required {
                param.required = r;
            }
            if let Some(s) = p.sensitive {
                param.info.sensitive = s;
            }
            Ok(())
        }
        "request_body" => {
            let body = op
                .request_body
                .as_mut()
                .ok_or("the operation has no request body")?;
            patch_schema(body, &rest, new_type, p)
        }
        "responses" => {
            let (code, rest) = rest
                .split_first()
                .ok_or("expected responses/<status>/...")?;
            let code: u16 = code
                .parse()
                .map_err(|_| format!("`{code}` is not a status code"))?;
            let r = op
                .responses
                .get_mut(&code)
                .ok_or("no response with that status")?;
            let body = r.body.as_mut().ok_or("that response has no body")?;
            patch_schema(body, rest, new_type, p)
        }
        other => Err(format!(
            "expected params, request_body or responses, found `{other}`"
        )),
    }
}

fn patch_schema(
    s: &mut Schema,
    path: &[&str],
    new_type: Option<Schema>,
    p: &Patch,
) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        if let Some(t) = new_type {
            *s = t;
        }
        return Ok(());
    };
    match s {
        Schema::Array { items } if *first == "[]" => patch_schema(items, rest, new_type, p),
        Schema::Array { items } => patch_schema(items, path, new_type, p),
        Schema::Map { values } => patch_schema(values, rest, new_type, p),
        Schema::Object(o) => {
            let f = o
                .fields
                .iter_mut()
                .find(|f| f.name == *first)
                .ok_or_else(|| format!("no field `{first}`"))?;
            if rest.is_empty() {
                if let Some(t) = new_type {
                    f.schema = t;
                }
                if let Some(r) = p.required {
                    f.required = r;
                }
                if let Some(x) = p.sensitive {
                    f.info.sensitive = x;
                }
                Ok(())
            } else {
                patch_schema(&mut f.schema, rest, new_type, p)
            }
        }
        _ => Err(format!("`{first}`: not inside an object")),
    }
}
