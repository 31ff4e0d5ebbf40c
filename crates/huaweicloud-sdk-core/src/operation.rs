//! Operations as data plus types: what a generated crate declares of each operation
//! ([`Operation`]: its [`OperationInfo`], input, output and error types), and what the runtime
//! does with it ([`Client::call`], [`invoke`]): required-parameter checks, path expansion and
//! encoding, query and header placement with their wire formatting, the body, the caller's
//! [`Customize`], sending, and decoding. Written once here, not once per operation.
//!
//! The input of an operation is a struct that serializes to a JSON object keyed by the
//! documented parameter names, with the body under `"body"`. [`Client::call`] serializes it and
//! places each parameter where [`OperationInfo::params`] says; [`invoke`] takes the same JSON
//! object from an untyped caller, checks it strictly first (each parameter against its
//! documented type, the body by decoding it as [`Operation::Body`]), and returns the response
//! body as JSON.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::{ErrorMeta, SdkError};
use crate::meta::{Customize, InvokeError, OperationInfo, ParamLocation};
use crate::request::{expand_path, CallSettings, Request};
use crate::response::RawResponse;

/// An operation of a generated crate: a unit type whose associated items say what it sends,
/// what it returns and how it fails. [`Client::call`] does the rest.
pub trait Operation: 'static {
    /// Method, path template, parameters and their locations, body and output.
    const INFO: &'static OperationInfo;
    /// Parameters and body: serializes to a JSON object keyed by the parameters' documented
    /// names, with the body under `"body"`.
    type Input: Serialize + Send + 'static;
    /// The type of the request body (`()` for an operation without one): what [`invoke`]
    /// checks an untyped caller's `"body"` against, the parameters being checked against
    /// [`OperationInfo::params`].
    type Body: DeserializeOwned + 'static;
    /// The decoded success body (`()` for operations that return none).
    type Output: DeserializeOwned + Send + 'static;
    /// The operation's error: a variant per documented error status.
    type Error: OperationError;
}

/// The error enum of an operation: which documented status an error response has, with its
/// body decoded where the page documents one. The status, request id, error code and
/// message, and the raw body are in the [`ErrorMeta`] beside it in [`SdkError::Service`].
///
/// The enum is a kind, as [`std::io::ErrorKind`] is: the error to propagate is the
/// [`SdkError`] around it, whose `Display` and `std::error::Error` cover both.
pub trait OperationError: fmt::Debug + Send + Sync + Sized + 'static {
    /// The variant of an error response: by its status (`Unhandled` for one the page does not
    /// list), carrying `body` decoded (see [`error_body`]) where the page documents one.
    fn from_response(status: u16, body: &[u8]) -> Self;
    /// The variant's name (`BadRequest`, `Unhandled`).
    fn variant(&self) -> &'static str;
}

/// The documented body of an error response, decoded as `T` with the runtime's tolerant
/// reading ([`crate::tolerant`]); `None` when it does not decode, the raw body staying in
/// [`ErrorMeta::body`]. An error is never lost to its body: what every generated
/// [`OperationError::from_response`] calls for a variant with a body.
pub fn error_body<T: DeserializeOwned>(body: &[u8]) -> Option<Box<T>> {
    crate::tolerant::from_slice::<T>(body).ok().map(Box::new)
}

/// The error that [`invoke`] reports for a service error: the variant of the operation's error
/// enum, by name, so that an untyped caller needs no downcast per operation. Its metadata is
/// in the [`SdkError::Service`] that carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceErrorVariant {
    /// The operation (`RemoveNode`).
    pub operation: &'static str,
    /// The variant of its error enum (`BadRequest`, `Unhandled`).
    pub variant: &'static str,
}

impl fmt::Display for ServiceErrorVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed ({})", self.operation, self.variant)
    }
}

impl std::error::Error for ServiceErrorVariant {}

/// The future of a call: boxed, so that the work behind it is compiled once, in the runtime.
pub type CallFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a request builder's `send()` returns for operation `O`: a future of its output or its
/// [`SdkError`] (carrying `O::Error` for an error status). Before it is awaited, it can take
/// per-call settings ([`Sending::settings`], [`Sending::timeout`], [`Sending::retry_policy`])
/// and turn into a future of the output with the response's metadata
/// ([`Sending::with_metadata`]: status, request id, headers).
#[must_use = "a request is sent when its future is awaited"]
pub struct Sending<O: Operation> {
    state: SendingState<O>,
}

struct ReadyCall {
    client: Client,
    input: Result<Value, serde_json::Error>,
    customize: Customize,
}

/// The future of [`Sending::with_metadata`].
pub type SendingWithMetadata<O> = CallFuture<
    'static,
    Result<WithMetadata<<O as Operation>::Output>, SdkError<<O as Operation>::Error>>,
>;

enum SendingState<O: Operation> {
    Ready(Box<ReadyCall>),
    Running(CallFuture<'static, Result<O::Output, SdkError<O::Error>>>),
    Done,
}

impl<O: Operation> fmt::Debug for Sending<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            SendingState::Ready(_) => "ready",
            SendingState::Running(_) => "running",
            SendingState::Done => "done",
        };
        f.debug_struct("Sending")
            .field("operation", &O::INFO.name)
            .field("state", &state)
            .finish()
    }
}

/// What a successful response said besides its body.
#[derive(Clone)]
pub struct ResponseMetadata {
    /// HTTP status.
    pub status: http::StatusCode,
    /// `X-Request-Id`: what Huawei Cloud support asks for.
    pub request_id: Option<String>,
    /// Every response header (secret-looking values masked in `Debug`).
    pub headers: http::HeaderMap,
    /// How many attempts the call took.
    pub attempts: u32,
}

impl ResponseMetadata {
    /// The metadata of a raw response.
    pub fn of(raw: &RawResponse) -> Self {
        ResponseMetadata {
            status: raw.status,
            request_id: raw.request_id.clone(),
            headers: raw.headers.clone(),
            attempts: raw.attempts,
        }
    }

    /// A response header as text (any case of name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl fmt::Debug for ResponseMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = crate::redact::pairs(
            self.headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.to_str().unwrap_or("<not text>"))),
        );
        f.debug_struct("ResponseMetadata")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &headers)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// An operation's output with the response's metadata ([`Sending::with_metadata`]).
#[derive(Debug, Clone)]
pub struct WithMetadata<T> {
    /// The decoded body.
    pub output: T,
    /// Status, request id, headers.
    pub metadata: ResponseMetadata,
}

impl<O: Operation> Sending<O> {
    fn customize_mut(&mut self) -> Option<&mut Customize> {
        match &mut self.state {
            SendingState::Ready(ready) => Some(&mut ready.customize),
            _ => None,
        }
    }

    /// Overrides the config's timeouts and retry policy for this call.
    pub fn settings(mut self, settings: CallSettings) -> Self {
        if let Some(c) = self.customize_mut() {
            *c = std::mem::take(c).settings(settings);
        }
        self
    }

    /// The client, input and customization of a call not yet started.
    pub(crate) fn into_parts(
        self,
    ) -> Option<(Client, Result<Value, serde_json::Error>, Customize)> {
        match self.state {
            SendingState::Ready(ready) => {
                let ReadyCall {
                    client,
                    input,
                    customize,
                } = *ready;
                Some((client, input, customize))
            }
            _ => None,
        }
    }

    /// The total time budget of this call, retries included.
    pub fn timeout(self, timeout: std::time::Duration) -> Self {
        self.settings(CallSettings::new().total_timeout(Some(timeout)))
    }

    /// The retry policy of this call.
    pub fn retry_policy(self, retry: crate::RetryPolicy) -> Self {
        self.settings(CallSettings::new().retry_policy(retry))
    }

    /// Resolves to the output and the response's [`ResponseMetadata`] (status, request id,
    /// headers) instead of the output alone.
    pub fn with_metadata(self) -> SendingWithMetadata<O> {
        let SendingState::Ready(ready) = self.state else {
            let e = SdkError::invalid_input("with_metadata() of a call already started");
            return Box::pin(std::future::ready(Err(e)));
        };
        let ReadyCall {
            client,
            input,
            customize,
        } = *ready;
        Box::pin(async move {
            let raw = client
                .send_operation(O::INFO, input, customize)
                .await
                .map_err(SdkError::cast)?;
            let output = decode_output::<O::Output, O::Error>(O::INFO, &raw)?;
            Ok(WithMetadata {
                output,
                metadata: ResponseMetadata::of(&raw),
            })
        })
    }
}

impl<O: Operation> Future for Sending<O> {
    type Output = Result<O::Output, SdkError<O::Error>>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = &mut *self;
        if let SendingState::Ready(_) = this.state {
            let SendingState::Ready(ready) = std::mem::replace(&mut this.state, SendingState::Done)
            else {
                unreachable!("matched above")
            };
            let ReadyCall {
                client,
                input,
                customize,
            } = *ready;
            this.state = SendingState::Running(Box::pin(async move {
                let raw = client
                    .send_operation(O::INFO, input, customize)
                    .await
                    .map_err(SdkError::cast)?;
                decode_output::<O::Output, O::Error>(O::INFO, &raw)
            }));
        }
        match &mut this.state {
            SendingState::Running(future) => {
                let out = future.as_mut().poll(cx);
                if out.is_ready() {
                    this.state = SendingState::Done;
                }
                out
            }
            _ => std::task::Poll::Ready(Err(SdkError::invalid_input(
                "a call's future polled after it completed",
            ))),
        }
    }
}

impl Client {
    /// Calls operation `O` with `input`, sending also the extra query parameters and headers of
    /// `customize`: what every generated request builder's `send()` does.
    ///
    /// Fails with [`SdkError::InvalidInput`], before anything is sent, when a required
    /// parameter or the body is missing; with [`SdkError::Service`] carrying `O::Error` when the
    /// service answers with an error status; with [`SdkError::Decode`] when a success body does
    /// not decode as `O::Output`.
    pub fn call<O: Operation>(&self, input: O::Input, customize: Customize) -> Sending<O> {
        Sending {
            state: SendingState::Ready(Box::new(ReadyCall {
                client: self.clone(),
                input: serde_json::to_value(input),
                customize,
            })),
        }
    }

    /// Builds the request of an operation from its JSON input and sends it: the untyped half of
    /// [`Client::call`], the same for every operation.
    pub fn send_operation(
        &self,
        info: &'static OperationInfo,
        input: Result<Value, serde_json::Error>,
        customize: Customize,
    ) -> CallFuture<'_, Result<RawResponse, SdkError<Infallible>>> {
        Box::pin(async move {
            let request = build_request(info, input)?;
            self.send::<Infallible>(customize.apply(request)).await
        })
    }
}

/// The HTTP request of an operation, from the JSON object of its input.
pub fn build_request(
    info: &OperationInfo,
    input: Result<Value, serde_json::Error>,
) -> Result<Request, SdkError<Infallible>> {
    let input = input.map_err(|e| {
        SdkError::invalid_input(format!(
            "cannot encode the input of `{}`: {}",
            info.name,
            crate::redact::without_values(&e.to_string())
        ))
    })?;
    let mut fields = match input {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => {
            return Err(SdkError::invalid_input(format!(
                "the input of `{}` must be a JSON object, not {}",
                info.name,
                crate::body::kind(&other)
            )))
        }
    };
    let missing = |name: &str| {
        SdkError::invalid_input(format!(
            "missing required parameter `{name}` of `{}`",
            info.name
        ))
    };
    let mut path_params: Vec<(&str, String)> = Vec::new();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    for p in info.params {
        let value = match fields.remove(p.name) {
            None | Some(Value::Null) if p.required => return Err(missing(p.name)),
            None | Some(Value::Null) => continue,
            Some(v) => v,
        };
        match p.location {
            ParamLocation::Path => path_params.push((p.name, joined(&value))),
            ParamLocation::Header => headers.push((p.name.to_string(), joined(&value))),
            ParamLocation::Query => match value {
                // A list is the key repeated, once per item, as the official SDK sends it.
                Value::Array(items) => {
                    for item in items.iter().filter(|v| !v.is_null()) {
                        query.push((p.name.to_string(), scalar(item)));
                    }
                }
                other => query.push((p.name.to_string(), scalar(&other))),
            },
        }
    }
    let pairs: Vec<(&str, &str)> = path_params.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let path = expand_path::<Infallible>(info.path, &pairs)?;
    let method = http::Method::from_bytes(info.method.as_bytes())
        .map_err(|_| SdkError::invalid_input(format!("invalid HTTP method {:?}", info.method)))?;
    let mut request = Request::new(method, path).operation(info.name);
    request.query = query;
    request.headers = headers;
    if let Some(content_type) = info.content_type {
        request = request.content_type(content_type);
    }
    match (info.body, fields.remove("body")) {
        (Some(_), None | Some(Value::Null)) => return Err(missing("body")),
        (Some(_), Some(body)) => {
            let bytes = crate::body::encode(info.content_type, &body).map_err(|e| {
                SdkError::invalid_input(format!("the body of `{}`: {e}", info.name))
            })?;
            request = request.body(bytes);
        }
        (None, _) => {}
    }
    Ok(request)
}

/// A success body decoded as `T`, or the operation's error for an error status.
pub fn decode_output<T: DeserializeOwned, E: OperationError>(
    info: &OperationInfo,
    raw: &RawResponse,
) -> Result<T, SdkError<E>> {
    if !raw.is_success() {
        let meta = ErrorMeta::from_response(raw);
        return Err(SdkError::Service {
            error: E::from_response(raw.status.as_u16(), &raw.body),
            meta: Box::new(meta),
        });
    }
    decode_success::<T, E>(info, raw)
}

/// A success response's output decoded as `T`, from the JSON [`output_json`] works out (once,
/// not in every operation).
fn decode_success<T: DeserializeOwned, E>(
    info: &OperationInfo,
    raw: &RawResponse,
) -> Result<T, SdkError<E>> {
    crate::response::decode_from(raw, info.sensitive, output_json(info, raw))
}

/// The JSON a success response's output decodes from, and what to try when that fails:
/// `null` for an operation documenting no output (whatever body comes with the success); the
/// body with the documented response headers it carries; else the body
/// ([`crate::response::body_json`]).
fn output_json(
    info: &OperationInfo,
    raw: &RawResponse,
) -> Result<(Value, Option<Value>), serde_json::Error> {
    if info.output.is_none() {
        return Ok((Value::Null, None));
    }
    if let Some(value) = with_response_headers(info, raw) {
        return Ok((value, None));
    }
    crate::response::body_json(raw)
}

/// The body of `raw` with the documented response headers it carries as members of its
/// object, under their wire names, typed as documented: what the output type's header fields
/// read. `None` when the operation documents no headers, or the body is not a JSON object
/// (decoded as it is, for the decoder to report). A header whose value does not read as its
/// documented type is left out (it is still in [`ResponseMetadata::headers`]).
fn with_response_headers(info: &OperationInfo, raw: &RawResponse) -> Option<Value> {
    if info.response_headers.is_empty() {
        return None;
    }
    let mut object = if raw.body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        match serde_json::from_slice::<Value>(&raw.body) {
            Ok(Value::Object(o)) => o,
            _ => return None,
        }
    };
    for h in info.response_headers {
        let Some(text) = raw.headers.get(h.name).and_then(|v| v.to_str().ok()) else {
            continue;
        };
        match crate::meta::scalar_from_text(h.type_name, text) {
            Some(Ok(v)) => {
                object.entry(h.name).or_insert(v);
            }
            _ => tracing::debug!(
                header = h.name,
                expected = h.type_name,
                "a response header does not read as its documented type; left out"
            ),
        }
    }
    Some(Value::Object(object))
}

/// Calls operation `O` with an untyped JSON input: checked strictly, each parameter against
/// its documented type and the body by decoding it as `O::Body` (a key the operation does not
/// document, or a value of the wrong type, is an [`InvokeError::Input`] that says where), then
/// sent as given (key order and numbers kept, `null` members left out) the way
/// [`Client::call`] sends an input, and the success body decoded as `O::Output` and returned
/// as the JSON the service sent (`null` for operations without one). A service error carries
/// a [`ServiceErrorVariant`].
pub fn invoke<O: Operation>(
    client: &Client,
    input: Value,
    customize: Customize,
) -> CallFuture<'static, Result<Value, InvokeError>> {
    // Decoded only to check it: what is sent is the caller's JSON as given (its key order, its
    // numbers), less its `null`s, as the typed input would leave them out.
    let checked = crate::meta::check_input(O::INFO, &input, check_body::<O::Body>)
        .map(|()| without_nulls(input));
    invoke_checked(client, O::INFO, checked, customize, check_response::<O>)
}

/// The `"body"` of an untyped input decoded strictly as `B`, for [`invoke`]: the keys no field
/// takes, or the error, with paths under `body`.
fn check_body<B: DeserializeOwned>(body: &Value) -> Result<Vec<String>, serde_json::Error> {
    crate::tolerant::from_json_noting_unknown_at::<B>(body, "body").map(|(_, unknown)| unknown)
}

/// The response of operation `O`, checked as [`Client::call`] would decode it: a service error
/// carries the variant of `O::Error` it is; a success body must decode as `O::Output`.
fn check_response<O: Operation>(raw: &RawResponse) -> Result<(), InvokeError> {
    if !raw.is_success() {
        let error = O::Error::from_response(raw.status.as_u16(), &raw.body);
        return Err(service_variant(O::INFO.name, error.variant(), raw));
    }
    decode_success::<O::Output, Infallible>(O::INFO, raw)
        .map(drop)
        .map_err(InvokeError::from)
}

fn service_variant(
    operation: &'static str,
    variant: &'static str,
    raw: &RawResponse,
) -> InvokeError {
    InvokeError::from(SdkError::Service {
        error: ServiceErrorVariant { operation, variant },
        meta: Box::new(ErrorMeta::from_response(raw)),
    })
}

/// What [`invoke`] does once the input is checked, the same for every operation: compiled
/// once, here.
fn invoke_checked(
    client: &Client,
    info: &'static OperationInfo,
    checked: Result<Value, InvokeError>,
    customize: Customize,
    check: fn(&RawResponse) -> Result<(), InvokeError>,
) -> CallFuture<'static, Result<Value, InvokeError>> {
    let client = client.clone();
    Box::pin(async move {
        let input = checked?;
        let raw = client
            .send_operation(info, Ok(input), customize)
            .await
            .map_err(SdkError::cast::<Infallible>)
            .map_err(InvokeError::from)?;
        check(&raw)?;
        if info.output.is_none() {
            return Ok(Value::Null);
        }
        crate::response::decode_json::<Value, Infallible>(&raw).map_err(InvokeError::from)
    })
}

/// The untyped entry point of one operation: [`invoke`]`::<O>`.
pub type InvokeFn =
    fn(&Client, Value, Customize) -> CallFuture<'static, Result<Value, InvokeError>>;

/// Calls the operation named `operation` in `table` (a generated module's operations by name)
/// with [`invoke`]; an [`InvokeError::UnknownOperation`] when the table has no such name.
pub fn dispatch(
    table: &[(&str, InvokeFn)],
    client: &Client,
    operation: &str,
    input: Value,
    customize: Customize,
) -> CallFuture<'static, Result<Value, InvokeError>> {
    match table.iter().find(|(name, _)| *name == operation) {
        Some((_, call)) => call(client, input, customize),
        None => {
            let unknown = InvokeError::UnknownOperation(operation.to_string());
            Box::pin(std::future::ready(Err(unknown)))
        }
    }
}

/// `value` without the object members whose value is `null`, at any depth.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// A parameter value as sent in a path or a header: a list joined with `,`.
fn joined(value: &Value) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(scalar)
            .collect::<Vec<_>>()
            .join(","),
        other => scalar(other),
    }
}

/// A scalar as sent: a string as its text, a number and a boolean as Rust prints them, any
/// other JSON as its compact text.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::ParamInfo;
    use serde_json::json;

    const PARAMS: &[ParamInfo] = &[
        ParamInfo {
            name: "cluster_id",
            location: ParamLocation::Path,
            type_name: "string",
            required: true,
            description: "",
        },
        ParamInfo {
            name: "project_id",
            location: ParamLocation::Path,
            type_name: "string",
            required: false,
            description: "",
        },
        ParamInfo {
            name: "ids",
            location: ParamLocation::Query,
            type_name: "array<string>",
            required: false,
            description: "",
        },
        ParamInfo {
            name: "limit",
            location: ParamLocation::Query,
            type_name: "integer",
            required: false,
            description: "",
        },
        ParamInfo {
            name: "ratio",
            location: ParamLocation::Query,
            type_name: "number",
            required: false,
            description: "",
        },
        ParamInfo {
            name: "X-Tags",
            location: ParamLocation::Header,
            type_name: "array<string>",
            required: false,
            description: "",
        },
    ];

    const INFO: OperationInfo = OperationInfo {
        name: "RemoveNode",
        summary: "",
        method: "PUT",
        path: "/api/v3/projects/{project_id}/clusters/{cluster_id}/nodes",
        api_version: "v3",
        params: PARAMS,
        body: Some("RemoveNodeRequestBody"),
        output: None,
        content_type: None,
        sensitive: &[],
        deprecated: None,
        pagination: None,
        response_headers: &[],
    };

    #[test]
    fn places_every_parameter_where_the_info_says() {
        let request = build_request(
            &INFO,
            Ok(json!({
                "cluster_id": "c 1/x",
                "ids": ["a", "b"],
                "limit": 10,
                "ratio": 1.5,
                "X-Tags": ["t1", "t2"],
                "body": {"spec": {"n": "café"}}
            })),
        )
        .unwrap();
        assert_eq!(request.method, http::Method::PUT);
        assert_eq!(
            request.path,
            "/api/v3/projects/{project_id}/clusters/c%201%2Fx/nodes"
        );
        assert_eq!(
            request.query,
            [
                ("ids".to_string(), "a".to_string()),
                ("ids".to_string(), "b".to_string()),
                ("limit".to_string(), "10".to_string()),
                ("ratio".to_string(), "1.5".to_string()),
            ]
        );
        assert_eq!(
            request.headers,
            [("X-Tags".to_string(), "t1,t2".to_string())]
        );
        assert_eq!(
            request.body.as_deref(),
            Some(&b"{\"spec\": {\"n\": \"caf\\u00e9\"}}"[..])
        );
        assert_eq!(request.operation, "RemoveNode");
    }

    #[test]
    fn a_given_project_id_fills_the_path() {
        let request = build_request(
            &INFO,
            Ok(json!({"cluster_id": "c1", "project_id": "p1", "body": {}})),
        )
        .unwrap();
        assert_eq!(request.path, "/api/v3/projects/p1/clusters/c1/nodes");
    }

    #[test]
    fn missing_required_parameter_or_body_is_invalid_input() {
        for (input, name) in [
            (json!({"body": {}}), "cluster_id"),
            (json!({"cluster_id": null, "body": {}}), "cluster_id"),
            (json!({"cluster_id": "c1"}), "body"),
        ] {
            let e = build_request(&INFO, Ok(input)).unwrap_err();
            let m = e.to_string();
            assert!(
                m.contains(&format!(
                    "missing required parameter `{name}` of `RemoveNode`"
                )),
                "{m}"
            );
        }
        let e = build_request(&INFO, Ok(json!([1]))).unwrap_err();
        assert!(e.to_string().contains("must be a JSON object"), "{e}");
    }

    #[test]
    fn scalars_go_as_their_text() {
        assert_eq!(scalar(&json!("x y")), "x y");
        assert_eq!(scalar(&json!(true)), "true");
        assert_eq!(scalar(&json!(-3)), "-3");
        assert_eq!(scalar(&json!(u64::MAX)), u64::MAX.to_string());
        assert_eq!(scalar(&json!(2.0)), "2");
        assert_eq!(scalar(&json!({"a": 1})), "{\"a\":1}");
        assert_eq!(joined(&json!([1, null, 2])), "1,2");
    }
}
