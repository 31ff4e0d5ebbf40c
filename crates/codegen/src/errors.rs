//! Error enums: one per operation, a variant per documented error status, plus `Unhandled`.

use apispec::Operation;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs::Doc;
use crate::names;

/// Variant name for an HTTP error status, from its standard reason phrase.
pub fn status_variant(status: u16) -> String {
    let name = match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        other => return format!("Status{other}"),
    };
    name.to_string()
}

/// Name of the error enum of an operation.
pub fn error_name(op: &Operation) -> String {
    format!("{}Error", names::type_name(&op.name))
}

/// Emits `errors.rs` of one API version module.
pub fn emit(ops: &[&Operation]) -> TokenStream {
    let enums = ops.iter().map(|op| emit_error(op));
    quote! {
        //! Errors of each operation: a variant per documented error status, plus `Unhandled`.
        use huaweicloud_sdk_core::{ErrorMeta, FromErrorResponse, RawResponse};
        #(#enums)*
    }
}

fn emit_error(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", error_name(op));
    let errors: Vec<_> = op.responses.values().filter(|r| r.status >= 400).collect();
    let variants: Vec<_> = errors
        .iter()
        .map(|r| format_ident!("{}", status_variant(r.status)))
        .collect();
    let statuses: Vec<_> = errors.iter().map(|r| r.status).collect();
    let labels: Vec<_> = errors
        .iter()
        .map(|r| match &r.message_code {
            Some(code) => format!("{} {}", r.status, code),
            None => format!("{} {}", r.status, status_variant(r.status)),
        })
        .collect();
    let variant_docs = errors.iter().map(|r| {
        let mut head = format!("HTTP `{}`", r.status);
        if let Some(code) = &r.message_code {
            head.push_str(&format!(
                ", message code `{}`",
                crate::models::code_span(code)
            ));
        }
        head.push('.');
        let mut doc = Doc::new().markdown(head).text(&r.description);
        if !r.error_codes.is_empty() {
            let codes: Vec<String> = r
                .error_codes
                .iter()
                .map(|c| format!("`{}`", crate::models::code_span(c)))
                .collect();
            doc = doc.markdown(format!("Documented error codes: {}.", codes.join(", ")));
        }
        doc.attrs()
    });
    let doc = Doc::new()
        .markdown(format!("Errors of [`{}`](super::client::{}Request::send).", op.name, names::type_name(&op.name)))
        .markdown(
            "Each variant carries the error metadata: status, request id, the body's `error_code` and \
             `error_msg`, and the raw body.",
        )
        .attrs();
    let fmt = format!(
        "{} failed ({{}}): {{}}",
        op.name.replace('{', "{{").replace('}', "}}")
    );
    let from = if errors.is_empty() {
        quote!(#name::Unhandled(meta.clone()))
    } else {
        quote! {
            match raw.status.as_u16() {
                #( #statuses => #name::#variants(meta.clone()), )*
                _ => #name::Unhandled(meta.clone()),
            }
        }
    };
    let raw_arg = if errors.is_empty() {
        quote!(_raw)
    } else {
        quote!(raw)
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants(ErrorMeta),
            )*
            /// A status the documentation does not list.
            Unhandled(ErrorMeta),
        }

        impl #name {
            /// Status, request id, error code and message, and raw body.
            pub fn meta(&self) -> &ErrorMeta {
                match self {
                    #( #name::#variants(meta) | )* #name::Unhandled(meta) => meta,
                }
            }

            /// The service's error code (`APIG.2012`), or the status when the body has none.
            pub fn code(&self) -> &str {
                &self.meta().error_code
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let label = match self {
                    #( #name::#variants(_) => #labels, )*
                    #name::Unhandled(_) => "undocumented status",
                };
                write!(f, #fmt, label, self.meta())
            }
        }

        impl std::error::Error for #name {}

        impl FromErrorResponse for #name {
            fn from_error_response(#raw_arg: &RawResponse, meta: &ErrorMeta) -> Self {
                #from
            }
        }
    }
}
