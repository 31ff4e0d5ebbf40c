//! Types of the generated crates' operation metadata ([`OperationInfo`]), of their request
//! builders' escape hatch ([`Customize`]), of their model builders' error ([`BuildError`]) and
//! of their untyped entry points' error ([`InvokeError`]). One copy here, re-exported by every
//! generated crate as `meta`.

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// A `{placeholder}` of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}
/// A parameter of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamInfo {
    /// Wire name: the key of the parameter in `invoke`'s JSON input.
    pub name: &'static str,
    /// Where it travels.
    pub location: ParamLocation,
    /// Its type (`string`, `integer`, `long`, `number`, `boolean`, `array<string>`, ...).
    pub type_name: &'static str,
    /// Whether the caller must give it.
    pub required: bool,
    /// The documentation's description.
    pub description: &'static str,
}
impl ParamInfo {
    /// A path parameter.
    pub const fn path(
        name: &'static str,
        type_name: &'static str,
        required: bool,
        description: &'static str,
    ) -> Self {
        ParamInfo {
            name,
            location: ParamLocation::Path,
            type_name,
            required,
            description,
        }
    }

    /// A query parameter.
    pub const fn query(
        name: &'static str,
        type_name: &'static str,
        required: bool,
        description: &'static str,
    ) -> Self {
        ParamInfo {
            name,
            location: ParamLocation::Query,
            type_name,
            required,
            description,
        }
    }

    /// A header parameter.
    pub const fn header(
        name: &'static str,
        type_name: &'static str,
        required: bool,
        description: &'static str,
    ) -> Self {
        ParamInfo {
            name,
            location: ParamLocation::Header,
            type_name,
            required,
            description,
        }
    }
}

/// A text (a response header, a command-line flag) as the JSON value of a scalar type of
/// [`ParamInfo::type_name`]: `None` when the type is not a scalar (`any`, an object, an array);
/// `Some(Err(expected))` when the text does not read as the type, `expected` saying what it
/// should have been (`an integer`). An `integer` holds what 32 bits hold, a `long` 64.
pub fn scalar_from_text(
    type_name: &str,
    text: &str,
) -> Option<Result<serde_json::Value, &'static str>> {
    use serde_json::Value;
    let t = text.trim();
    Some(match type_name {
        "string" => Ok(Value::String(text.to_owned())),
        "integer" | "int32" => t.parse::<i32>().map(Value::from).map_err(|_| "an integer"),
        "long" | "int64" => t.parse::<i64>().map(Value::from).map_err(|_| "an integer"),
        "number" | "float" | "double" => t
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or("a number"),
        "boolean" => match t.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("true or false"),
        },
        _ => return None,
    })
}

/// An operation, as a command-line client lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// Name (`RemoveNode`): what `invoke` takes.
    pub name: &'static str,
    /// Title of its documentation page.
    pub summary: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// API version module (`v3`).
    pub api_version: &'static str,
    /// Parameters the caller can give (the runtime sets authentication headers itself).
    pub params: &'static [ParamInfo],
    /// Type of the request body (`body` in `invoke`'s input), if the operation has one.
    pub body: Option<&'static str>,
    /// Type of the response body, if the operation returns one.
    pub output: Option<&'static str>,
    /// `Content-Type` of the request body when it is not JSON (`multipart/form-data`).
    pub content_type: Option<&'static str>,
    /// Wire names of the fields the documentation marks sensitive (passwords, keys, tokens):
    /// their values are masked wherever a body is shown.
    pub sensitive: &'static [&'static str],
    /// The documentation's deprecation note, when the operation is deprecated.
    pub deprecated: Option<&'static str>,
    /// How a list operation pages, when it does ([`crate::pagination`]).
    pub pagination: Option<&'static Pagination>,
    /// The response headers the page documents as fields of the output (`X-Subject-Token`):
    /// the runtime reads each one present into the decoded output under its wire name,
    /// typed as `type_name` says.
    pub response_headers: &'static [ParamInfo],
}

/// How a list operation pages: which parameter moves, where the items are. A generic
/// paginator ([`crate::pagination::JsonPaginator`]) drives any operation from this alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub style: PageStyle,
    /// Where the items are in a page: a dot-separated path of object keys (`servers`,
    /// `data.items`).
    pub items: &'static str,
}

/// How the next page is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// The query parameter `param` (`marker`) takes the next marker, found as `next` says.
    Marker {
        /// The marker parameter.
        param: &'static str,
        /// Where the next marker comes from.
        next: NextMarker,
    },
    /// The query parameter `param` (`offset`, `start`) counts the items already seen.
    Offset {
        /// The offset parameter.
        param: &'static str,
    },
    /// The query parameter `param` (`page`, `page_no`, an `offset` documented as a page
    /// number) counts pages, the first being `first`.
    Page {
        /// The page parameter.
        param: &'static str,
        /// The number of the first page (1, or 0).
        first: u64,
    },
}

/// Where a marker style finds the next marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextMarker {
    /// The field (`id`) of the page's last item.
    LastItem(&'static str),
    /// A field of the page (`next_marker`, `page_info.next_marker`): a dot-separated path.
    Field(&'static str),
    /// The `marker` query parameter of the URL at a path of the page (`links.next`,
    /// `servers_links`: an array of `{rel, href}` is searched for `rel = next`).
    Link(&'static str),
}
impl OperationInfo {
    /// The defaults that generated operations leave out (`..OperationInfo::DEFAULT`): no
    /// parameters, body or output, a JSON body, nothing sensitive, not deprecated.
    pub const DEFAULT: OperationInfo = OperationInfo {
        name: "",
        summary: "",
        method: "GET",
        path: "/",
        api_version: "",
        params: &[],
        body: None,
        output: None,
        content_type: None,
        sensitive: &[],
        deprecated: None,
        pagination: None,
        response_headers: &[],
    };
}

/// Query parameters and headers to send besides the documented ones: the escape hatch for
/// what a reference page leaves out (as the AWS SDK's `customize()`). Give it to a
/// request builder's `customize`, or to `invoke_customized`.
///
/// Extra headers are signed like the others; a `Host` header replaces the endpoint's
/// host in the request and its signature. `Debug` shows header names, never values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Customize {
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    max_response_bytes: Option<u64>,
    settings: crate::request::CallSettings,
}
impl Customize {
    /// Nothing extra.
    pub fn new() -> Self {
        Customize::default()
    }
    /// Adds a query parameter (add the same key again for a list). The value is sent
    /// as given, percent-encoded by the runtime.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }
    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// The largest response body this call accepts, after decompression, instead of the
    /// client's limit (see [`crate::limits`]).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }
    /// Overrides the config's timeouts and retry policy for this call (merged with what was
    /// set before).
    pub fn settings(mut self, settings: crate::request::CallSettings) -> Self {
        self.settings = self.settings.merge(&settings);
        self
    }
    /// Adds the extra query parameters and headers, the per-call settings and the call's body
    /// limit to `request`.
    pub fn apply(self, mut request: crate::Request) -> crate::Request {
        request.query.extend(self.query);
        request.headers.extend(self.headers);
        request.settings = request.settings.merge(&self.settings);
        if self.max_response_bytes.is_some() {
            request.max_response_bytes = self.max_response_bytes;
        }
        request
    }
}
impl std::fmt::Debug for Customize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Customize")
            .field("query", &self.query)
            .field("headers", &headers)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("settings", &self.settings)
            .finish()
    }
}

/// How [`check_input`] checks a body: decodes it strictly as the body's type, and says which
/// keys no field took, or where it failed (paths under `body`).
pub type BodyCheck = fn(&serde_json::Value) -> Result<Vec<String>, serde_json::Error>;

/// Checks the JSON input of an untyped `invoke` against what the operation documents,
/// strictly: each parameter against its type in [`OperationInfo::params`], the `"body"` with
/// `body` (the body's type decoding it). A value of the wrong type is an error that names
/// where it is (`limit: invalid type: string, expected i32`, `body.spec.count: invalid type:
/// string, expected i32`), and so is any key the operation does not document (`unknown field
/// body.spec.cout`), which plain decoding would drop without a word. `null` stands for a
/// value not given; whether a required one is given is checked when the request is built.
/// The value itself stays out of every message: it may be a password given as the wrong type.
pub fn check_input(
    info: &OperationInfo,
    input: &serde_json::Value,
    body: BodyCheck,
) -> Result<(), InvokeError> {
    use serde_json::Value;
    let fields = match input {
        Value::Object(fields) => fields,
        Value::Null => return Ok(()),
        other => {
            return Err(invalid(format!(
                "the input of `{}` must be a JSON object, not {}",
                info.name,
                crate::body::kind(other)
            )))
        }
    };
    let mut unknown = Vec::new();
    for (key, value) in fields {
        if key == "body" && info.body.is_some() {
            if !value.is_null() {
                unknown.extend(body(value).map_err(|e| input_error(&e))?);
            }
            continue;
        }
        match info.params.iter().find(|p| p.name == key) {
            Some(p) => check_param(p.type_name, value, key, false)?,
            None => unknown.push(key.clone()),
        }
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(unknown_fields(&unknown))
    }
}

/// Checks a parameter's value (at `path`) against its documented type, as the input type's
/// field of that type would read it: `string`, `integer` (i32), `long` (i64), `number`,
/// `boolean`, `array<…>` of them; `null` is a value not given, except inside an array. A type
/// a parameter never has (`any`, a named type) is not checked here.
fn check_param(
    type_name: &str,
    value: &serde_json::Value,
    path: &str,
    item: bool,
) -> Result<(), InvokeError> {
    if value.is_null() && !item {
        return Ok(());
    }
    let (fits, expected) = match type_name {
        "string" => (value.is_string(), "a string"),
        "boolean" => (value.is_boolean(), "a boolean"),
        "number" | "float" | "double" => (value.is_number(), "f64"),
        "integer" | "int32" => {
            return check_integer(value, path, i32::MIN.into(), i32::MAX.into(), "i32")
        }
        "long" | "int64" => return check_integer(value, path, i64::MIN, i64::MAX, "i64"),
        t => match (
            t.strip_prefix("array<").and_then(|t| t.strip_suffix('>')),
            value,
        ) {
            (Some(inner), serde_json::Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    check_param(inner, v, &format!("{path}[{i}]"), true)?;
                }
                return Ok(());
            }
            (Some(_), _) => (false, "a sequence"),
            (None, _) => return Ok(()),
        },
    };
    if fits {
        Ok(())
    } else {
        Err(wrong_type(value, path, expected))
    }
}

/// An integer parameter between `min` and `max`, named `expected` (`i32`) in its errors.
fn check_integer(
    value: &serde_json::Value,
    path: &str,
    min: i64,
    max: i64,
    expected: &str,
) -> Result<(), InvokeError> {
    match value {
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => {
            match n.as_i64().filter(|v| (min..=max).contains(v)) {
                Some(_) => Ok(()),
                None => Err(invalid(format!(
                    "{path}: invalid value: integer, expected {expected}"
                ))),
            }
        }
        _ => Err(wrong_type(value, path, expected)),
    }
}

/// `path: invalid type: string, expected i32`, as serde says it, without the value.
fn wrong_type(value: &serde_json::Value, path: &str, expected: &str) -> InvokeError {
    invalid(format!(
        "{path}: invalid type: {}, expected {expected}",
        unexpected(value)
    ))
}

/// What a JSON value is, as serde's messages say it, without the value.
fn unexpected(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "floating point",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "map",
    }
}

/// An input error with `message`.
fn invalid(message: String) -> InvokeError {
    use serde::de::Error as _;
    InvokeError::Input(serde_json::Error::custom(message))
}

/// An input that does not decode. The value itself stays out of the message: it may be a
/// password given as the wrong type.
fn input_error(e: &serde_json::Error) -> InvokeError {
    invalid(crate::redact::without_values(&e.to_string()))
}

/// An input with keys the operation does not document.
fn unknown_fields(unknown: &[String]) -> InvokeError {
    invalid(format!(
        "unknown field{} {}: the operation does not document {}",
        if unknown.len() == 1 { "" } else { "s" },
        unknown.join(", "),
        if unknown.len() == 1 { "it" } else { "them" }
    ))
}

/// The error of an untyped `invoke`.
#[derive(Debug)]
#[non_exhaustive]
pub enum InvokeError {
    /// No operation of that name in this module.
    UnknownOperation(String),
    /// The JSON input does not fit the operation's parameters and body.
    Input(serde_json::Error),
    /// The output could not be written as JSON.
    Output(serde_json::Error),
    /// The call failed; a service error carries the operation's error enum.
    Call(crate::SdkError<Box<dyn std::error::Error + Send + Sync>>),
}
impl std::fmt::Display for InvokeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InvokeError::UnknownOperation(name) => {
                write!(f, "unknown operation `{name}`")
            }
            InvokeError::Input(e) => write!(f, "invalid input: {e}"),
            InvokeError::Output(e) => write!(f, "cannot write the output as JSON: {e}"),
            InvokeError::Call(e) => std::fmt::Display::fmt(e, f),
        }
    }
}
impl std::error::Error for InvokeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InvokeError::UnknownOperation(_) => None,
            InvokeError::Input(e) | InvokeError::Output(e) => Some(e),
            InvokeError::Call(e) => Some(e),
        }
    }
}
impl<E: std::error::Error + Send + Sync + 'static> From<crate::SdkError<E>> for InvokeError {
    fn from(e: crate::SdkError<E>) -> Self {
        InvokeError::Call(
            e.map_service(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>),
        )
    }
}

/// A model builder's `build` found a required field unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildError {
    /// The type being built.
    pub type_name: &'static str,
    /// Wire name of the missing field.
    pub field: &'static str,
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "missing required field `{}` of `{}`",
            self.field, self.type_name
        )
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Spec {
        count: Option<i32>,
        #[serde(rename = "type")]
        kind: Option<String>,
    }

    const INFO: OperationInfo = OperationInfo {
        name: "RemoveNode",
        params: &[
            ParamInfo::path("cluster_id", "string", true, ""),
            ParamInfo::query("limit", "integer", false, ""),
            ParamInfo::query("offset", "long", false, ""),
            ParamInfo::query("ratio", "number", false, ""),
            ParamInfo::query("dry_run", "boolean", false, ""),
            ParamInfo::query("ids", "array<string>", false, ""),
            ParamInfo::query("ports", "array<integer>", false, ""),
        ],
        body: Some("Spec"),
        ..OperationInfo::DEFAULT
    };

    fn spec(body: &serde_json::Value) -> Result<Vec<String>, serde_json::Error> {
        crate::tolerant::from_json_noting_unknown_at::<Spec>(body, "body").map(|(_, u)| u)
    }

    fn message(input: serde_json::Value) -> String {
        match check_input(&INFO, &input, spec) {
            Err(InvokeError::Input(e)) => e.to_string(),
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn accepts_documented_input() {
        for input in [
            json!({"cluster_id": "c1", "body": {"count": 2}}),
            json!({"cluster_id": "c1", "limit": -5, "offset": 3_000_000_000i64, "ratio": 1.5,
                   "dry_run": true, "ids": ["a", "b"], "ports": [80], "body": null}),
            json!({"limit": null, "ids": []}),
            json!(null),
        ] {
            assert!(check_input(&INFO, &input, spec).is_ok(), "{input}");
        }
    }

    #[test]
    fn names_unknown_fields_instead_of_dropping_them() {
        let m =
            message(json!({"cluster_id": "c1", "body": {"cout": 2, "type": "a"}, "clusterid": 1}));
        assert!(m.contains("unknown fields"), "{m}");
        assert!(m.contains("body.cout") && m.contains("clusterid"), "{m}");
        // An operation without a body has no `body` to give.
        let no_body = OperationInfo { body: None, ..INFO };
        match check_input(&no_body, &json!({"body": {}}), spec) {
            Err(InvokeError::Input(e)) => {
                assert!(e.to_string().starts_with("unknown field body:"), "{e}")
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn names_where_a_value_is_wrong_but_not_the_value() {
        let m = message(json!({"cluster_id": "c1", "body": {"count": "hunter2"}}));
        assert!(
            m.starts_with("body.count: invalid type: string, expected i32"),
            "{m}"
        );
        assert!(!m.contains("hunter2"), "{m}");
        let m = message(json!({"cluster_id": "c1", "body": {"type": 12345}}));
        assert!(
            m.starts_with("body.type: invalid type: integer, expected"),
            "{m}"
        );
        assert!(!m.contains("12345"), "{m}");
        let m = message(json!({"body": "hunter2"}));
        assert!(m.starts_with("body: invalid type: string, expected"), "{m}");
        assert!(!m.contains("hunter2"), "{m}");
        for (input, expected) in [
            (
                json!({"cluster_id": 7}),
                "cluster_id: invalid type: integer, expected a string",
            ),
            (
                json!({"limit": "hunter2"}),
                "limit: invalid type: string, expected i32",
            ),
            (
                json!({"limit": 1.5}),
                "limit: invalid type: floating point, expected i32",
            ),
            (
                json!({"limit": 3_000_000_000i64}),
                "limit: invalid value: integer, expected i32",
            ),
            (
                json!({"offset": u64::MAX}),
                "offset: invalid value: integer, expected i64",
            ),
            (
                json!({"ratio": "x"}),
                "ratio: invalid type: string, expected f64",
            ),
            (
                json!({"dry_run": "yes"}),
                "dry_run: invalid type: string, expected a boolean",
            ),
            (
                json!({"ids": "a"}),
                "ids: invalid type: string, expected a sequence",
            ),
            (
                json!({"ids": ["a", null]}),
                "ids[1]: invalid type: null, expected a string",
            ),
            (
                json!({"ports": [80, "hunter2"]}),
                "ports[1]: invalid type: string, expected i32",
            ),
            (
                json!([1]),
                "the input of `RemoveNode` must be a JSON object, not an array",
            ),
        ] {
            assert_eq!(message(input), expected);
        }
    }

    #[test]
    fn scalar_texts_read_as_their_documented_type() {
        assert_eq!(scalar_from_text("integer", " 41 "), Some(Ok(json!(41))));
        assert_eq!(
            scalar_from_text("integer", "3000000000"),
            Some(Err("an integer"))
        );
        assert_eq!(
            scalar_from_text("long", "3000000000"),
            Some(Ok(json!(3_000_000_000i64)))
        );
        assert_eq!(scalar_from_text("number", "1.5"), Some(Ok(json!(1.5))));
        assert_eq!(scalar_from_text("number", "NaN"), Some(Err("a number")));
        assert_eq!(scalar_from_text("boolean", "TRUE"), Some(Ok(json!(true))));
        assert_eq!(
            scalar_from_text("boolean", "yes"),
            Some(Err("true or false"))
        );
        assert_eq!(scalar_from_text("string", "a b"), Some(Ok(json!("a b"))));
        assert_eq!(scalar_from_text("any", "{}"), None);
        assert_eq!(scalar_from_text("array<string>", "a"), None);
    }
}
