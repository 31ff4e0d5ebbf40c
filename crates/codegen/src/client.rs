//! The client of one API version module: a method per operation returning a request builder,
//! the operation's serde-able input, and its `send`.

use apispec::{Operation, ParamLocation, Schema, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs::Doc;
use crate::errors::error_name;
use crate::models::{self, field_doc, Models, Ty};
use crate::names::{self, ident, Scope};

/// Headers that the runtime sets itself (authentication, signing, content negotiation); the
/// caller is never asked for them.
const RUNTIME_HEADERS: &[&str] = &[
    "authorization",
    "content-length",
    "content-type",
    "host",
    "user-agent",
    "x-auth-token",
    "x-domain-id",
    "x-project-id",
    "x-sdk-date",
    "x-security-token",
];

/// Whether the runtime owns a header parameter.
pub fn runtime_header(name: &str) -> bool {
    RUNTIME_HEADERS.contains(&name.to_ascii_lowercase().as_str())
}

/// A parameter the caller can set.
#[derive(Debug, Clone)]
pub struct ParamDef {
    /// Wire name.
    pub wire: String,
    /// Rust name, unescaped.
    pub rust: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Ty,
    /// Whether the caller must set it.
    pub required: bool,
    /// Documentation.
    pub info: apispec::FieldInfo,
}

/// The caller-settable parameters of an operation, and the Rust name of its body field.
pub fn params(op: &Operation) -> (Vec<ParamDef>, Option<String>) {
    // Names the builder's methods and `send`'s locals use.
    let mut scope = Scope::with_taken([
        "client",
        "input",
        "send",
        "path",
        "path_params",
        "request",
        "raw",
        "value",
        "item",
    ]);
    let body = op.request_body.as_ref().map(|_| scope.claim("body"));
    let mut out = Vec::new();
    for p in &op.params {
        if p.location == ParamLocation::Header && runtime_header(&p.name) {
            continue;
        }
        // The project comes from the client's config (or its one-time lookup), as in the
        // official SDKs: not a parameter of each call.
        if p.location == ParamLocation::Path && p.name == "project_id" {
            continue;
        }
        out.push(ParamDef {
            wire: p.name.clone(),
            rust: scope.claim(&names::snake(&p.name)),
            location: p.location,
            ty: param_ty(&p.schema),
            required: p.required,
            info: p.info.clone(),
        });
    }
    (out, body)
}

fn param_ty(s: &Schema) -> Ty {
    match s {
        Schema::Array { items } => match models::scalar_ty(items) {
            t @ (Ty::String | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool) => Ty::Vec(Box::new(t)),
            _ => Ty::Value,
        },
        other => match models::scalar_ty(other) {
            Ty::Vec(_) | Ty::Map(_) => Ty::Value,
            t => t,
        },
    }
}

/// Name of the client type of a service (`CceClient`).
pub fn client_name(service: &Service) -> String {
    format!("{}Client", names::type_name(&service.name))
}

/// Name of the request builder of an operation (`RemoveNodeRequest`).
pub fn request_name(op: &Operation) -> String {
    format!("{}Request", names::type_name(&op.name))
}

/// Name of the input type of an operation (`RemoveNodeInput`).
pub fn input_name(op: &Operation) -> String {
    format!("{}Input", names::type_name(&op.name))
}

/// Name of the client method of an operation (`remove_node`).
pub fn method_name(op: &Operation) -> String {
    names::snake(&op.name)
}

/// The operation's doc: summary, HTTP method and path, description.
pub fn op_doc(op: &Operation) -> Doc {
    Doc::new()
        .text(&op.summary)
        .markdown(format!("`{} {}`", op.method, models::code_span(&op.path)))
        .text(&op.description)
}

/// The Rust type of the operation's output.
pub fn output_ty(models: &Models, op: &Operation, prefix: &TokenStream) -> TokenStream {
    match models.ops.get(&op.name).and_then(|t| t.output.as_ref()) {
        Some(t) => t.tokens(prefix),
        None => quote!(()),
    }
}

/// Emits `client.rs` of one API version module.
pub fn emit(service: &Service, version: &str, ops: &[&Operation], models: &Models) -> TokenStream {
    let client = format_ident!("{}", client_name(service));
    let svc = &service.name;
    let endpoint = &service.endpoint_template;
    let info = if service.scope == apispec::Scope::Global {
        quote!(huaweicloud_sdk_core::ServiceInfo::global(#svc, #endpoint))
    } else {
        quote!(huaweicloud_sdk_core::ServiceInfo::new(#svc, #endpoint))
    };
    let client_doc = Doc::new()
        .markdown(format!(
            "Client of the `{}` API `{}`. Cheap to clone: clones share one connection pool.",
            models::code_span(svc),
            models::code_span(version)
        ))
        .attrs();
    let methods = ops.iter().map(|op| {
        let m = ident(&method_name(op));
        let req = format_ident!("{}", request_name(op));
        let deprecated = deprecated_attr(op);
        let doc = op_doc(op)
            .markdown(format!(
                "Set the parameters on the returned builder, then [`send`]({req}::send) it."
            ))
            .attrs();
        quote! {
            #doc
            #deprecated
            pub fn #m(&self) -> #req {
                #req { client: self.clone(), input: Default::default(), customize: Default::default() }
            }
        }
    });
    let per_op = ops
        .iter()
        .map(|op| emit_operation(service, &client, op, models));
    let uses_models = ops.iter().any(|op| {
        models
            .ops
            .get(&op.name)
            .is_some_and(|t| t.request.is_some() || t.output.is_some())
    });
    let imports = if uses_models {
        quote!(
            use super::{errors, models};
        )
    } else {
        quote!(
            use super::errors;
        )
    };
    let pagination_imports = crate::paginator::imports(service, ops, models);
    let waiters = crate::waiter::emit(service, ops, &client);
    let meta_imports = if ops.iter().any(|op| !params(op).0.is_empty()) {
        quote!(
            use huaweicloud_sdk_core::meta::{Customize, OperationInfo, ParamInfo};
        )
    } else {
        quote!(
            use huaweicloud_sdk_core::meta::{Customize, OperationInfo};
        )
    };
    quote! {
        //! The client, and per operation: its [`Operation`] type (what it sends and returns, as
        //! data for the runtime), its input, and its request builder.
        // Deprecated operations are deprecated for users; the module itself refers to them.
        #![allow(deprecated)]
        #meta_imports
        #pagination_imports
        use huaweicloud_sdk_core::operation::Sending;
        use huaweicloud_sdk_core::{Operation, SdkError};
        use serde::Serialize;
        #imports

        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            pub(crate) inner: huaweicloud_sdk_core::Client,
        }

        impl #client {
            /// A client with the region, endpoint and credentials of `config`. Fails, without
            /// any network access, when no endpoint can be worked out from `config`.
            #[allow(clippy::result_large_err)]
            pub fn new(config: &huaweicloud_sdk_core::Config) -> Result<Self, SdkError> {
                Ok(#client { inner: huaweicloud_sdk_core::Client::new(config, #info)? })
            }

            /// The runtime client behind this one: for [`Client::call`](huaweicloud_sdk_core::Client::call).
            pub fn runtime(&self) -> &huaweicloud_sdk_core::Client {
                &self.inner
            }

            #(#methods)*
        }

        #(#per_op)*

        #waiters
    }
}

/// `#[deprecated(note = ...)]` of a deprecated operation.
pub fn deprecated_attr(op: &Operation) -> Option<TokenStream> {
    op.deprecated.as_ref().map(|note| {
        let note = if note.trim().is_empty() {
            "deprecated by the service's documentation".to_string()
        } else {
            note.trim().to_string()
        };
        quote!(#[deprecated(note = #note)])
    })
}

/// The `OperationInfo` literal of an operation.
pub fn operation_info(service: &Service, op: &Operation, models: &Models) -> TokenStream {
    let (params, body) = params(op);
    let name = &op.name;
    let summary = &op.summary;
    let method = op.method.to_ascii_uppercase();
    let path = &op.path;
    let version = &op.api_version;
    let ps = params.iter().map(|p| {
        let n = &p.wire;
        let at = match p.location {
            ParamLocation::Path => quote!(path),
            ParamLocation::Query => quote!(query),
            ParamLocation::Header => quote!(header),
        };
        let ty = p.ty.describe();
        let required = p.required;
        let description = &p.info.description;
        quote!(ParamInfo::#at(#n, #ty, #required, #description))
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
    // Fields left at their defaults are left out (`..OperationInfo::DEFAULT`).
    let mut rest = Vec::new();
    let content_type = op.request_content_type.as_ref().or(match op.request_body {
        Some(_) => service.json_content_type.as_ref(),
        None => None,
    });
    if let Some(c) = content_type {
        rest.push(quote!(content_type: Some(#c),));
    }
    let sensitive = models.sensitive_names(op);
    if !sensitive.is_empty() {
        rest.push(quote!(sensitive: &[ #(#sensitive),* ],));
    }
    if let Some(d) = &op.deprecated {
        rest.push(quote!(deprecated: Some(#d),));
    }
    if let Some(paging) = crate::paginator::paging(service, op, models) {
        rest.push(crate::paginator::info_field(&paging));
    }
    let headers = crate::models::output_headers(op);
    if types.is_some_and(|t| t.output.is_some()) && !headers.is_empty() {
        let hs = headers.iter().map(|h| {
            let n = &h.name;
            let ty = param_ty(&h.schema).describe();
            let description = &h.info.description;
            quote!(ParamInfo::header(#n, #ty, false, #description))
        });
        rest.push(quote!(response_headers: &[ #(#hs),* ],));
    }
    let params = (!params.is_empty()).then(|| quote!(params: &[ #(#ps),* ],));
    // Every field given: nothing left to default.
    let defaults = (params.is_none() || rest.len() < 5).then(|| quote!(..OperationInfo::DEFAULT));
    quote! {
        &OperationInfo {
            name: #name,
            summary: #summary,
            method: #method,
            path: #path,
            api_version: #version,
            #params
            body: #body,
            output: #output,
            #(#rest)*
            #defaults
        }
    }
}

fn emit_operation(
    service: &Service,
    client: &syn::Ident,
    op: &Operation,
    models: &Models,
) -> TokenStream {
    let prefix = quote!(models::);
    let (params, body_field) = params(op);
    let op_ty = format_ident!("{}", names::type_name(&op.name));
    let req = format_ident!("{}", request_name(op));
    let input = format_ident!("{}", input_name(op));
    let err = format_ident!("{}", error_name(op));
    let body_ty = models.ops.get(&op.name).and_then(|t| t.request.as_ref());
    let output = output_ty(models, op, &prefix);
    let info = operation_info(service, op, models);
    let deprecated = deprecated_attr(op);
    let paging = crate::paginator::paging(service, op, models);
    let paginated = paging
        .as_ref()
        .map(|p| crate::paginator::paginated_impl(&op_ty, p, &prefix));
    let into_paginator = paging
        .as_ref()
        .map(|_| crate::paginator::builder_method(&op_ty));

    // The input: every parameter and the body, all optional so that a builder starts empty;
    // the runtime checks the required ones.
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    let mut setters = Vec::new();
    for p in &params {
        let id = ident(&p.rust);
        let ty = p.ty.tokens(&prefix);
        let loc = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        let at = format!("In the {loc}: `{}`.", models::code_span(&p.wire));
        let note = if p.required {
            format!("*Required.* {at}")
        } else {
            at
        };
        let doc = field_doc(&p.wire, &p.info, Some(&note)).attrs();
        let rename = (names::serde_name(&p.rust) != p.wire).then(|| {
            let w = &p.wire;
            quote!(rename = #w,)
        });
        fields.push(quote! {
            #doc
            #[serde(#rename skip_serializing_if = "Option::is_none")]
            pub #id: Option<#ty>,
        });
        debug_fields.push((id.clone(), p.rust.clone(), p.info.sensitive, true));
        let (arg_ty, conv) = p.ty.setter(&prefix);
        let conv = conv.apply(&format_ident!("value"));
        let sdoc = format!(" Sets [`{}`]({input}::{}).", p.rust, p.rust);
        setters.push(quote! {
            #[doc = #sdoc]
            pub fn #id(mut self, value: #arg_ty) -> Self {
                self.input.#id = Some(#conv);
                self
            }
        });
    }
    // `Operation::Body`: the body's type, `()` without one.
    let mut body = quote!(());
    if let (Some(b), Some(ty)) = (&body_field, body_ty) {
        let id = ident(b);
        let t = ty.tokens(&prefix);
        body = t.clone();
        fields.push(quote! {
            /// The request body. *Required.*
            #[serde(rename = "body", skip_serializing_if = "Option::is_none")]
            pub #id: Option<#t>,
        });
        debug_fields.push((id.clone(), b.clone(), false, true));
        let (arg_ty, conv) = ty.setter(&prefix);
        let conv = conv.apply(&format_ident!("value"));
        let sdoc = format!(" Sets [`{b}`]({input}::{b}), the request body.");
        setters.push(quote! {
            #[doc = #sdoc]
            pub fn #id(mut self, value: #arg_ty) -> Self {
                self.input.#id = Some(#conv);
                self
            }
        });
    }
    let sensitive = params.iter().any(|p| p.info.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let debug = sensitive.then(|| models::debug_impl(&input, &debug_fields));

    let op_doc_line = format!(
        " `{}`: `{} {}`, as data for the runtime ([`Client::call`](huaweicloud_sdk_core::Client::call)).",
        op.name,
        op.method.to_ascii_uppercase(),
        models::code_span(&op.path)
    );
    let input_doc = format!(
        " Parameters and body of [`{op_ty}`], keyed in JSON by their documented names, the body under `body`."
    );
    let req_doc = format!(
        " Request builder of [`{}`]({client}::{}).",
        op.name,
        method_name(op)
    );
    let output_doc = match models.ops.get(&op.name).and_then(|t| t.output.as_ref()) {
        Some(Ty::Named(n)) => format!("[`models::{n}`]"),
        Some(t) => format!("`{}`", models::code_span(&t.describe())),
        None => "`()`".to_string(),
    };
    let send_doc = format!(
        " Sends the request: resolves to {output_doc}, or fails with [`SdkError::Service`] carrying an [`errors::{err}`] for an error status, and with [`SdkError::InvalidInput`], before anything is sent, when a required parameter or the body is missing."
    );
    quote! {
        #[doc = #op_doc_line]
        #[derive(Debug, Clone, Copy)]
        #deprecated
        pub struct #op_ty;

        impl Operation for #op_ty {
            const INFO: &'static OperationInfo = #info;
            type Input = #input;
            type Body = #body;
            type Output = #output;
            type Error = errors::#err;
        }

        #paginated

        #[doc = #input_doc]
        #[derive(#derive_debug Clone, Default, PartialEq, Serialize)]
        pub struct #input {
            #(#fields)*
        }

        #debug

        #[doc = #req_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request is sent by `send`"]
        pub struct #req {
            client: #client,
            input: #input,
            customize: Customize,
        }

        impl #req {
            #(#setters)*

            /// Replaces every parameter and the body with those of `input`.
            pub fn input(mut self, input: #input) -> Self {
                self.input = input;
                self
            }

            /// Sends also the query parameters and headers of `customize` (what pages leave out).
            pub fn customize(mut self, customize: Customize) -> Self {
                self.customize = customize;
                self
            }

            #[doc = #send_doc]
            pub fn send(self) -> Sending<#op_ty> {
                self.client.inner.call::<#op_ty>(self.input, self.customize)
            }

            #into_paginator
        }
    }
}
