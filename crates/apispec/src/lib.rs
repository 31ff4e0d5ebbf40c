//! The intermediate model of a Huawei Cloud API, as read from its reference pages.
//!
//! Plain data with a stable JSON form: every collection is a `Vec` in document order or a
//! `BTreeMap`, so the JSON of a [`Service`] is a good snapshot and a good diff. Nothing here knows
//! Rust syntax (that is `codegen`'s job) and nothing here reads documents (that is `docparse`'s).
//!
//! Schemas are trees: a field whose type is a named object table carries the object inline,
//! with its table name in [`ObjectSchema::name`]. Code generators hoist and deduplicate named
//! objects themselves (see [`Service::named_objects`]). A schema that contains itself is cut
//! with [`Schema::Ref`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod export;

/// One service: every operation read from the pages of one `spec-docs/<service>/` folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Service {
    /// Short service name, lower case (`cce`, `elb`).
    pub name: String,
    /// Name of the generated crate (`huaweicloud-sdk-cce`).
    pub crate_name: String,
    /// Endpoint template with a `{region}` placeholder (none for a global service).
    pub endpoint_template: String,
    /// Whether the service is regional (the default: one endpoint per region, requests scoped
    /// by project) or global (one endpoint, requests scoped by account: IAM).
    #[serde(default, skip_serializing_if = "Scope::is_regional")]
    pub scope: Scope,
    /// `Content-Type` of JSON request bodies, when not `application/json` (from
    /// `service.toml`: what the service's official SDK sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_content_type: Option<String>,
    /// Operations sorted by name.
    pub operations: Vec<Operation>,
    /// The service's error codes, from its error-code page (错误码), in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_codes: Vec<ErrorCode>,
    /// What the parser could not read, or read with doubts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// Pagination of operations the pages leave ambiguous, by operation name (from
    /// `service.toml`'s `[pagination.<Operation>]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pagination: BTreeMap<String, PaginationEntry>,
    /// Waiters (from `service.toml`'s `[[waiter]]`): which operation polls what until when.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiters: Vec<WaiterEntry>,
}

/// How one operation pages, where the rules cannot tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PaginationEntry {
    /// `marker`, `offset`, `page`, `auto` (the rules, with `items` given) or `none`.
    pub style: String,
    /// The paging query parameter (default: the style's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// Dot-separated path of the items in the success body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// `marker`: the path of the next marker in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// `marker`: the path of the next link (or of a `[{rel, href}]` list) in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    /// `page`: the number of the first page (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<u64>,
}

/// A waiter: poll `operation` (its `id_param` set to an id another operation returned) until
/// the value at `status` is one of `success` (done) or of `failure` (a terminal failure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct WaiterEntry {
    /// Name of the waiter (`job`): the generated method is `wait_for_<name>`.
    pub name: String,
    /// The operation polled (`ShowJob`).
    pub operation: String,
    /// Its path parameter taking the id (`job_id`).
    pub id_param: String,
    /// The field of other operations' success bodies holding the id (`job_id`): those
    /// operations can be awaited to the end in one call.
    pub id_field: String,
    /// Dot-separated path of the status in the polled body (`status`).
    pub status: String,
    /// Statuses that end the wait successfully.
    pub success: Vec<String>,
    /// Statuses that end it with a failure.
    pub failure: Vec<String>,
    /// Dot-separated path of the failure reason in the polled body (`fail_reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Where a service's endpoint and requests are scoped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One endpoint per region (`https://ecs.{region}.myhuaweicloud.com`); requests name a
    /// project.
    #[default]
    Regional,
    /// One endpoint for every region (`https://iam.myhuaweicloud.com`); requests name an
    /// account (domain).
    Global,
}

impl Scope {
    /// Whether this is the default, [`Scope::Regional`].
    pub fn is_regional(&self) -> bool {
        *self == Scope::Regional
    }
}

/// One row of a service's error-code page: status, error code, message, description and
/// the measure the page recommends.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct ErrorCode {
    /// The HTTP status the code comes with, when the page gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The error code (`Ecs.0000`, `APIGW.0101`).
    pub code: String,
    /// The error message the service sends.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// What it means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What to do about it (处理措施).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measure: String,
}

/// One HTTP operation, from one page or from the merged translations of one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Operation {
    /// UpperCamel ASCII name, unique within the service (`RemoveNode`).
    pub name: String,
    /// Where [`Operation::name`] came from.
    pub name_source: NameSource,
    /// The page title.
    pub summary: String,
    /// The function description (the "Function" / "功能介绍" section).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The page marks the operation deprecated (废弃, 待废弃, "deprecated" in the title or a
    /// leading note): the note, or the title when it says no more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template as documented, unescaped, without the query string
    /// (`/v1.0/{project_id}/elbaas/listeners`).
    pub path: String,
    /// API version module the operation belongs to (`v1`, `v3`), from the path unless
    /// `service.toml` says otherwise.
    pub api_version: String,
    /// Path, query and header parameters, in page order (path parameters in template order).
    pub params: Vec<Param>,
    /// The media type of a request body that is not JSON (`multipart/form-data`,
    /// `application/octet-stream`, `application/x-www-form-urlencoded`), as the page documents
    /// it; `None` for a JSON body or none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_content_type: Option<String>,
    /// The request body, if the operation takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<Schema>,
    /// The documented request example body, if the page has a parseable one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_example: Option<serde_json::Value>,
    /// Every documented status code.
    pub responses: BTreeMap<u16, Response>,
    /// Pages this operation was read from, first the one whose text is used for docs.
    pub sources: Vec<SourceRef>,
}

/// Where an operation's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// The page's API Explorer link (`api=RemoveNode`).
    Explorer,
    /// An `[operation_names]` entry in `service.toml`.
    Override,
    /// Derived from the English title.
    Title,
    /// Derived from the method and path.
    #[default]
    Path,
}

/// A page an operation was read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    /// Path of the page as given to the parser.
    pub file: String,
    /// Language of the page (`en`, `zh`).
    pub lang: Lang,
    /// 1-based line of the page title.
    pub line: u32,
}

/// The language a page is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Chinese.
    Zh,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    /// A `{placeholder}` of the path template.
    Path,
    /// A query-string parameter.
    Query,
    /// A request header.
    Header,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Where the parameter travels.
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// Wire name, exactly as documented.
    pub name: String,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its type.
    #[serde(rename = "type")]
    pub schema: Schema,
    /// Documentation and value constraints.
    #[serde(flatten)]
    pub info: FieldInfo,
}

/// A field of an object schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Wire name, exactly as documented.
    pub name: String,
    /// Whether the field must be present (in requests); response fields are documented
    /// without this flag and read as `false`.
    pub required: bool,
    /// Its type.
    #[serde(rename = "type")]
    pub schema: Schema,
    /// Documentation and value constraints.
    #[serde(flatten)]
    pub info: FieldInfo,
}

/// Description and constraints of a field or parameter, as the page states them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct FieldInfo {
    /// The description cell, as plain text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The field holds a secret (password, key, token): never print it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// Documented default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Documented list of allowed values.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// Minimum string length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum string length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Minimum numeric value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// Maximum numeric value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// The required cell when it was a condition rather than yes/no ("type = 2时必选").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_when: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Width of an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum IntFormat {
    /// `Integer`, `int`: 32 bits.
    #[default]
    Int32,
    /// `Long`: 64 bits.
    Int64,
}

/// Precision of a floating-point number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum NumberFormat {
    /// `Float`.
    Float,
    /// `Double`, `Number`.
    #[default]
    Double,
}

/// A type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Schema {
    /// Text.
    String,
    /// A whole number.
    Integer {
        /// Its width.
        #[serde(default)]
        format: IntFormat,
    },
    /// A floating-point number.
    Number {
        /// Its precision.
        #[serde(default)]
        format: NumberFormat,
    },
    /// `true` or `false`.
    Boolean,
    /// Any JSON value (an `Object` without a table, for example).
    Any,
    /// An object with documented fields.
    Object(ObjectSchema),
    /// A list.
    Array {
        /// Type of the items.
        items: Box<Schema>,
    },
    /// A map from strings to values.
    Map {
        /// Type of the values.
        values: Box<Schema>,
    },
    /// A named object that contains itself; refers to the enclosing object of that name.
    Ref {
        /// Name of the object.
        name: String,
    },
}

impl Schema {
    /// A 32-bit integer.
    pub const INT32: Schema = Schema::Integer {
        format: IntFormat::Int32,
    };
    /// A 64-bit integer.
    pub const INT64: Schema = Schema::Integer {
        format: IntFormat::Int64,
    };

    /// An array of `items`.
    pub fn array(items: Schema) -> Schema {
        Schema::Array {
            items: Box::new(items),
        }
    }

    /// A map with `values`.
    pub fn map(values: Schema) -> Schema {
        Schema::Map {
            values: Box::new(values),
        }
    }

    /// The object inside this schema, looking through arrays and maps.
    pub fn innermost_object(&self) -> Option<&ObjectSchema> {
        match self {
            Schema::Object(o) => Some(o),
            Schema::Array { items } => items.innermost_object(),
            Schema::Map { values } => values.innermost_object(),
            _ => None,
        }
    }

    /// Short human name of the type, for messages (`string`, `array of NodeItem`).
    pub fn describe(&self) -> String {
        match self {
            Schema::String => "string".into(),
            Schema::Integer {
                format: IntFormat::Int32,
            } => "integer".into(),
            Schema::Integer {
                format: IntFormat::Int64,
            } => "long".into(),
            Schema::Number { .. } => "number".into(),
            Schema::Boolean => "boolean".into(),
            Schema::Any => "any".into(),
            Schema::Object(o) => match &o.name {
                Some(n) => format!("object {n}"),
                None => "object".into(),
            },
            Schema::Array { items } => format!("array of {}", items.describe()),
            Schema::Map { values } => format!("map of {}", values.describe()),
            Schema::Ref { name } => format!("object {name}"),
        }
    }
}

/// An object with documented fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ObjectSchema {
    /// The name of its table (`RemoveNodesSpec`), if the page names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its fields in table order.
    pub fields: Vec<Field>,
}

/// A documented response status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The description given for the status.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The message code of the legacy status tables (`badRequest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_code: Option<String>,
    /// The response headers the page documents (`X-Subject-Token`), in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Param>,
    /// The body schema; `None` where the status has no body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Schema>,
    /// The documented example body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// Error codes shown in the examples (`APIG.2012`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_codes: Vec<String>,
}

impl Response {
    /// Whether the status is a success (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing lost: the parser made a documented choice (two versions of a
    /// page, the newer one used).
    Note,
    /// Something was read with a guess; the result may be incomplete.
    Warning,
    /// Something could not be read at all.
    Error,
}

/// Something the parser could not read, or read with doubts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Page path as given to the parser.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// How serious it is.
    pub severity: Severity,
    /// A stable kebab-case code (`unknown-type`).
    pub code: String,
    /// What was found and what was expected.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}: {sev}[{}]: {}",
            self.file, self.line, self.code, self.message
        )
    }
}

impl Service {
    /// Every named object schema reachable from the operations, by name, each with the
    /// distinct shapes found under that name (in first-seen order).
    pub fn named_objects(&self) -> BTreeMap<String, Vec<ObjectSchema>> {
        let mut out: BTreeMap<String, Vec<ObjectSchema>> = BTreeMap::new();
        fn walk(s: &Schema, out: &mut BTreeMap<String, Vec<ObjectSchema>>) {
            match s {
                Schema::Object(o) => {
                    if let Some(n) = &o.name {
                        let shapes = out.entry(n.clone()).or_default();
                        if !shapes.contains(o) {
                            shapes.push(o.clone());
                        }
                    }
                    for f in &o.fields {
                        walk(&f.schema, out);
                    }
                }
                Schema::Array { items } => walk(items, out),
                Schema::Map { values } => walk(values, out),
                _ => {}
            }
        }
        for op in &self.operations {
            if let Some(b) = &op.request_body {
                walk(b, &mut out);
            }
            for r in op.responses.values() {
                if let Some(b) = &r.body {
                    walk(b, &mut out);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_json_form_matches_export_format() {
        let s = Schema::array(Schema::Object(ObjectSchema {
            name: Some("NodeItem".into()),
            fields: vec![Field {
                name: "uid".into(),
                required: false,
                schema: Schema::String,
                info: FieldInfo::default(),
            }],
        }));
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(
            j,
            r#"{"type":"array","items":{"type":"object","name":"NodeItem","fields":[{"name":"uid","required":false,"type":{"type":"string"}}]}}"#
        );
        let back: Schema = serde_json::from_str(&j).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn new_fields_are_left_out_at_their_defaults() {
        let s = Service {
            name: "cce".into(),
            crate_name: "huaweicloud-sdk-cce".into(),
            endpoint_template: "https://cce.{region}.myhuaweicloud.com".into(),
            operations: vec![Operation::default()],
            ..Service::default()
        };
        let j = serde_json::to_string(&s).unwrap();
        for key in ["scope", "error_codes", "deprecated", "request_content_type"] {
            assert!(!j.contains(key), "{j}");
        }
        // JSON written before the fields existed reads back.
        let back: Service = serde_json::from_str(&j).unwrap();
        assert_eq!(back, s);

        let g = Service {
            scope: Scope::Global,
            error_codes: vec![ErrorCode {
                status: Some(400),
                code: "IAM.0001".into(),
                ..ErrorCode::default()
            }],
            ..s
        };
        let j = serde_json::to_string(&g).unwrap();
        assert!(
            j.contains(r#""scope":"global""#)
                && j.contains(r#""error_codes":[{"status":400,"code":"IAM.0001"}]"#),
            "{j}"
        );
        assert_eq!(serde_json::from_str::<Service>(&j).unwrap(), g);
    }

    #[test]
    fn notes_sort_below_warnings() {
        assert!(Severity::Note < Severity::Warning && Severity::Warning < Severity::Error);
    }

    #[test]
    fn integer_format_defaults_to_int32() {
        let s: Schema = serde_json::from_str(r#"{"type":"integer"}"#).unwrap();
        assert_eq!(s, Schema::INT32);
    }
}
