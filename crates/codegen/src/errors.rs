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
        use huaweicloud_sdk_core::ServiceError;
        #(#enums)*
    }
}

fn emit_error(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", error_name(op));
    let errors: Vec<_> = op.responses.values().filter(|r| r.status >= 400).collect();
    let variants: Vec<_> = errors.iter().map(|r| format_ident!("{}", status_variant(r.status))).collect();
    let statuses: Vec<_> = errors.iter().map(|r| r.status).collect();
    let variant_docs = errors.iter().map(|r| {
        let mut head = format!("`{}`", r.status);
        if let Some(code) = &r.message_code {
            head.push_str(&format!(" (`{}`)", crate::models::code_span(code)));
        }
        let mut doc = Doc::new().markdown(head).text(&r.description);
        if !r.error_codes.is_empty() {
            let codes: Vec<String> = r.error_codes.iter().map(|c| format!("`{}`", crate::models::code_span(c))).collect();
            doc = doc.markdown(format!("Documented error codes: {}.", codes.join(", ")));
        }
        doc.attrs()
    });
    let doc = Doc::new()
        .markdown(format!("Errors of [`{}`](super::client::{}Request).", op.name, names::type_name(&op.name)))
        .markdown("Each variant carries the decoded error body (`error_code`, `error_msg`) and the response metadata (status, request id).")
        .attrs();
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants(ServiceError),
            )*
            /// A status the documentation does not list.
            Unhandled(ServiceError),
        }

        impl #name {
            /// The decoded error body and response metadata.
            pub fn meta(&self) -> &ServiceError {
                match self {
                    #( #name::#variants(e) | )* #name::Unhandled(e) => e,
                }
            }

            /// The service's error code (`APIG.2012`), if the body carries one.
            pub fn code(&self) -> Option<&str> {
                self.meta().code()
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.meta(), f)
            }
        }

        impl std::error::Error for #name {}

        impl huaweicloud_sdk_core::OperationError for #name {
            fn from_service_error(error: ServiceError) -> Self {
                match error.status() {
                    #( #statuses => #name::#variants(error), )*
                    _ => #name::Unhandled(error),
                }
            }
        }
    }
}
