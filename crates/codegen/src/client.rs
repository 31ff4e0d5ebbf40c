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
    /// Whether the caller must set it (`false` for `project_id`, which the config supplies).
    pub required: bool,
    /// Whether the config supplies it when the caller does not.
    pub from_config: bool,
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
        let from_config = p.location == ParamLocation::Path && p.name == "project_id";
        out.push(ParamDef {
            wire: p.name.clone(),
            rust: scope.claim(&names::snake(&p.name)),
            location: p.location,
            ty: param_ty(&p.schema),
            required: p.required && !from_config,
            from_config,
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
        let input = format_ident!("{}", input_name(op));
        let doc = op_doc(op)
            .markdown(format!(
                "Set the parameters on the returned builder, then [`send`]({}::send) it.",
                req
            ))
            .attrs();
        quote! {
            #doc
            pub fn #m(&self) -> #req {
                #req { client: self.clone(), input: #input::default(), customize: Default::default() }
            }
        }
    });
    let per_op = ops.iter().map(|op| emit_operation(&client, op, models));
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
    quote! {
        //! The client and a request builder per operation.
        use serde::{Deserialize, Serialize};
        #imports

        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: huaweicloud_sdk_core::Client,
        }

        impl #client {
            /// A client with the region, endpoint and credentials of `config`. Fails, without
            /// any network access, when no endpoint can be worked out from `config`.
            #[allow(clippy::result_large_err)]
            pub fn new(config: &huaweicloud_sdk_core::Config) -> Result<Self, huaweicloud_sdk_core::SdkError> {
                let service = huaweicloud_sdk_core::ServiceInfo::new(#svc, #endpoint);
                Ok(#client { inner: huaweicloud_sdk_core::Client::new(config, service)? })
            }

            #(#methods)*
        }

        #(#per_op)*
    }
}

fn emit_operation(client: &syn::Ident, op: &Operation, models: &Models) -> TokenStream {
    let prefix = quote!(models::);
    let (params, body_field) = params(op);
    let req = format_ident!("{}", request_name(op));
    let input = format_ident!("{}", input_name(op));
    let err = format_ident!("{}", error_name(op));
    let body_ty = models.ops.get(&op.name).and_then(|t| t.request.as_ref());
    let output = output_ty(models, op, &prefix);
    let op_name = &op.name;

    // The input: every parameter and the body, all optional so that it deserializes from any
    // JSON object; `send` checks the required ones.
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    let mut setters = Vec::new();
    for p in &params {
        let id = ident(&p.rust);
        let ty = p.ty.tokens(&prefix);
        let note = match (p.from_config, p.required) {
            (true, _) => Some("Defaults to the project of the client's config."),
            (false, true) => Some("*Required.*"),
            (false, false) => None,
        };
        let loc = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        let doc = field_doc(&p.wire, &p.info, note)
            .markdown(format!("In the {loc}: `{}`.", models::code_span(&p.wire)))
            .attrs();
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
        setters.push(quote! {
            #doc
            pub fn #id(mut self, value: #arg_ty) -> Self {
                self.input.#id = Some(#conv);
                self
            }
        });
    }
    if let (Some(b), Some(ty)) = (&body_field, body_ty) {
        let id = ident(b);
        let t = ty.tokens(&prefix);
        let required = op.request_body.is_some();
        let note = if required {
            " The request body. *Required.*"
        } else {
            " The request body."
        };
        fields.push(quote! {
            #[doc = #note]
            #[serde(skip_serializing_if = "Option::is_none")]
            pub #id: Option<#t>,
        });
        debug_fields.push((id.clone(), b.clone(), false, true));
        let (arg_ty, conv) = ty.setter(&prefix);
        let conv = conv.apply(&format_ident!("value"));
        setters.push(quote! {
            #[doc = #note]
            pub fn #id(mut self, value: #arg_ty) -> Self {
                self.input.#id = Some(#conv);
                self
            }
        });
    }
    let sensitive = params.iter().any(|p| p.info.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let debug = sensitive.then(|| models::debug_impl(&input, &debug_fields));

    // Building the HTTP request.
    let method = format_ident!("{}", op.method.to_ascii_uppercase());
    let path = &op.path;
    let mut locals = Vec::new();
    let mut fixed_path = Vec::new();
    let mut optional_path = Vec::new();
    let mut steps = Vec::new();
    for p in &params {
        let id = ident(&p.rust);
        let wire = &p.wire;
        let add = match p.location {
            ParamLocation::Path => {
                let v = to_wire(&p.ty, quote!(value));
                if p.required {
                    locals.push(quote! {
                        let #id = huaweicloud_sdk_core::SdkError::require(input.#id, #wire, #op_name)?;
                    });
                    if p.ty != Ty::String {
                        let v = to_wire(&p.ty, quote!(#id));
                        locals.push(quote!(let #id = #v;));
                    }
                    fixed_path.push(quote!((#wire, #id.as_str())));
                } else {
                    if p.ty == Ty::String {
                        locals.push(quote!(let #id = input.#id;));
                    } else {
                        locals.push(quote!(let #id = input.#id.map(|value| #v);));
                    }
                    optional_path.push(quote! {
                        if let Some(value) = #id.as_deref() {
                            path_params.push((#wire, value));
                        }
                    });
                }
                continue;
            }
            ParamLocation::Header => {
                let v = to_wire(&p.ty, quote!(value));
                quote!(request = request.header(#wire, #v);)
            }
            ParamLocation::Query => match &p.ty {
                Ty::Vec(inner) => {
                    let v = to_wire(inner, quote!(item));
                    quote! {
                        for item in value {
                            request = request.query(#wire, #v);
                        }
                    }
                }
                t => {
                    let v = to_wire(t, quote!(value));
                    quote!(request = request.query(#wire, #v);)
                }
            },
        };
        if p.required {
            steps.push(quote! {
                let value = huaweicloud_sdk_core::SdkError::require(input.#id, #wire, #op_name)?;
                #add
            });
        } else {
            steps.push(quote! {
                if let Some(value) = input.#id {
                    #add
                }
            });
        }
    }
    if let Some(b) = &body_field {
        let id = ident(b);
        steps.push(quote! {
            let body = huaweicloud_sdk_core::SdkError::require(input.#id, "body", #op_name)?;
            request = request.body(huaweicloud_sdk_core::json::to_vec::<_, errors::#err>(&body)?);
        });
    }
    let expand = if optional_path.is_empty() {
        quote! {
            let path = huaweicloud_sdk_core::expand_path::<errors::#err>(#path, &[#(#fixed_path),*])?;
        }
    } else {
        quote! {
            let mut path_params: Vec<(&str, &str)> = vec![#(#fixed_path),*];
            #(#optional_path)*
            let path = huaweicloud_sdk_core::expand_path::<errors::#err>(#path, &path_params)?;
        }
    };
    let call = if models
        .ops
        .get(&op.name)
        .and_then(|t| t.output.as_ref())
        .is_some()
    {
        quote!(self.client.inner.execute(request).await)
    } else {
        // Whatever body comes with a success, the output is `()`.
        quote!(self
            .client
            .inner
            .execute::<serde::de::IgnoredAny, _>(request)
            .await
            .map(|_| ()))
    };
    let mutable = if steps.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    let input_binding = if params.is_empty() && body_field.is_none() {
        quote!(_input)
    } else {
        quote!(input)
    };

    let input_doc = Doc::new()
        .markdown(format!("Parameters and body of [`{}`]({}).", op.name, req))
        .markdown("Deserializes from a JSON object keyed by the documented parameter names, with the body under `body`.")
        .attrs();
    let req_doc = Doc::new()
        .markdown(format!(
            "Request builder of `{}`: `{} {}`.",
            op.name,
            method,
            models::code_span(path)
        ))
        .attrs();
    let send_doc = Doc::new()
        .markdown("Sends the request.")
        .markdown(format!(
            "Fails with [`SdkError::Service`](huaweicloud_sdk_core::SdkError::Service) carrying an [`errors::{err}`] when the service answers with an error status, and with [`SdkError::InvalidInput`](huaweicloud_sdk_core::SdkError::InvalidInput), before anything is sent, when a required parameter or the body is missing."
        ))
        .attrs();
    quote! {
        #input_doc
        #[derive(#derive_debug Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct #input {
            #(#fields)*
        }
        #debug

        #req_doc
        #[derive(Debug, Clone)]
        pub struct #req {
            client: #client,
            input: #input,
            customize: crate::meta::Customize,
        }

        impl #req {
            #(#setters)*

            /// Replaces every parameter and the body with those of `input`.
            pub fn input(mut self, input: #input) -> Self {
                self.input = input;
                self
            }

            /// Sends also the query parameters and headers of `customize`, for what the
            /// documentation leaves out.
            pub fn customize(mut self, customize: crate::meta::Customize) -> Self {
                self.customize = customize;
                self
            }

            #send_doc
            pub async fn send(self) -> Result<#output, huaweicloud_sdk_core::SdkError<errors::#err>> {
                let #input_binding = self.input;
                #(#locals)*
                #expand
                let #mutable request = huaweicloud_sdk_core::Request::new(huaweicloud_sdk_core::Method::#method, path).operation(#op_name);
                #(#steps)*
                let request = self.customize.apply(request);
                #call
            }
        }
    }
}

/// The expression that turns `value` of type `ty` into the `String` sent on the wire.
fn to_wire(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::String => value,
        Ty::Vec(inner) if **inner == Ty::String => quote!(#value.join(",")),
        Ty::Vec(inner) => {
            let item = to_wire(inner, quote!(v));
            quote!(#value.iter().map(|v| #item).collect::<Vec<String>>().join(","))
        }
        // A JSON string goes as its text, not as a quoted JSON literal.
        Ty::Value => quote!(match #value {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }),
        _ => quote!(#value.to_string()),
    }
}
