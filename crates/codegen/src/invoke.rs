//! The untyped entry point (`invoke`: JSON in, typed call, JSON out) and the static operation
//! metadata a command-line client lists.

use apispec::{Operation, ParamLocation, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::client::{client_name, input_name, method_name, params};
use crate::models::Models;
use crate::names::ident;

/// Emits `invoke.rs` of one API version module.
pub fn emit(service: &Service, ops: &[&Operation], models: &Models) -> TokenStream {
    let client = format_ident!("{}", client_name(service));
    let infos = ops.iter().map(|op| operation_info(op, models));
    let arms = ops.iter().map(|op| {
        let name = &op.name;
        let input = format_ident!("{}", input_name(op));
        let m = ident(&method_name(op));
        let call = if models.ops.get(&op.name).is_some_and(|t| t.output.is_some()) {
            quote! {
                let output = client.#m().input(input).customize(customize).send().await?;
                serde_json::to_value(output).map_err(InvokeError::Output)
            }
        } else {
            quote! {
                client.#m().input(input).customize(customize).send().await?;
                Ok(serde_json::Value::Null)
            }
        };
        quote! {
            #name => {
                let input: client::#input = serde_json::from_value(input).map_err(InvokeError::Input)?;
                #call
            }
        }
    });
    quote! {
        //! Untyped access: [`invoke`] an operation by name with JSON, and list [`OPERATIONS`].
        use crate::meta::{Customize, InvokeError, OperationInfo, ParamInfo, ParamLocation};
        use super::client::{self, #client};

        /// Every operation of this module, sorted by name.
        pub static OPERATIONS: &[OperationInfo] = &[ #(#infos),* ];

        /// Calls the operation named `operation` (as in [`OPERATIONS`]) with a JSON object of
        /// its parameters, keyed by their documented names, and its body under `"body"`;
        /// returns the decoded output as JSON (`null` for operations without one).
        pub async fn invoke(
            client: &#client,
            operation: &str,
            input: serde_json::Value,
        ) -> Result<serde_json::Value, InvokeError> {
            invoke_customized(client, operation, input, Customize::new()).await
        }

        /// [`invoke`], sending also the extra query parameters and headers of `customize`.
        pub async fn invoke_customized(
            client: &#client,
            operation: &str,
            input: serde_json::Value,
            customize: Customize,
        ) -> Result<serde_json::Value, InvokeError> {
            match operation {
                #(#arms)*
                _ => Err(InvokeError::UnknownOperation(operation.to_string())),
            }
        }
    }
}

fn operation_info(op: &Operation, models: &Models) -> TokenStream {
    let (params, body) = params(op);
    let name = &op.name;
    let summary = &op.summary;
    let method = op.method.to_ascii_uppercase();
    let path = &op.path;
    let version = &op.api_version;
    let ps = params.iter().map(|p| {
        let n = &p.wire;
        let loc = match p.location {
            ParamLocation::Path => quote!(ParamLocation::Path),
            ParamLocation::Query => quote!(ParamLocation::Query),
            ParamLocation::Header => quote!(ParamLocation::Header),
        };
        let ty = p.ty.describe();
        let required = p.required;
        let description = &p.info.description;
        quote!(ParamInfo { name: #n, location: #loc, type_name: #ty, required: #required, description: #description })
    });
    let types = models.ops.get(&op.name);
    let body = match (body, types.and_then(|t| t.request.as_ref())) {
        (Some(_), Some(t)) => {
            let d = t.describe();
            quote!(Some(#d))
        }
        _ => quote!(None),
    };
    let output = match types.and_then(|t| t.output.as_ref()) {
        Some(t) => {
            let d = t.describe();
            quote!(Some(#d))
        }
        None => quote!(None),
    };
    quote! {
        OperationInfo {
            name: #name,
            summary: #summary,
            method: #method,
            path: #path,
            api_version: #version,
            params: &[ #(#ps),* ],
            body: #body,
            output: #output,
        }
    }
}

/// Emits the crate's `meta.rs`: the types of [`emit`]'s metadata and of `invoke`'s error.
pub fn emit_meta() -> TokenStream {
    quote! {
        //! Types of the operation metadata ([`OperationInfo`]) and of the untyped entry points'
        //! error ([`InvokeError`]), shared by the API version modules.

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

            /// Adds the extra query parameters and headers to `request`.
            pub fn apply(self, mut request: huaweicloud_sdk_core::Request) -> huaweicloud_sdk_core::Request {
                request.query.extend(self.query);
                request.headers.extend(self.headers);
                request
            }
        }

        impl std::fmt::Debug for Customize {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let headers: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
                f.debug_struct("Customize")
                    .field("query", &self.query)
                    .field("headers", &headers)
                    .finish()
            }
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
            Call(huaweicloud_sdk_core::SdkError<Box<dyn std::error::Error + Send + Sync>>),
        }

        impl std::fmt::Display for InvokeError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    InvokeError::UnknownOperation(name) => write!(f, "unknown operation `{name}`"),
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

        impl<E: std::error::Error + Send + Sync + 'static> From<huaweicloud_sdk_core::SdkError<E>> for InvokeError {
            fn from(e: huaweicloud_sdk_core::SdkError<E>) -> Self {
                InvokeError::Call(e.map_service(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>))
            }
        }
    }
}
