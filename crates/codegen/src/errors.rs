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
pub fn emit(ops: &[&Operation], has_error_codes: bool) -> TokenStream {
    let enums = ops.iter().map(|op| emit_error(op));
    let codes = has_error_codes.then(|| {
        quote! {
            //!
            //! What each error code means: [`error_codes`](crate::error_codes).
        }
    });
    quote! {
        //! Errors of each operation: a variant per documented error status, plus `Unhandled`.
        //! The status, request id, error code and message, and the body are in the
        //! [`ErrorMeta`](huaweicloud_sdk_core::ErrorMeta) beside the variant in
        //! [`SdkError::Service`](huaweicloud_sdk_core::SdkError::Service).
        #codes
        use huaweicloud_sdk_core::OperationError;
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
    let variant_names: Vec<String> = variants.iter().map(|v| v.to_string()).collect();
    let statuses: Vec<_> = errors.iter().map(|r| r.status).collect();
    let variant_docs = errors.iter().map(|r| {
        // One paragraph: status, message code, what the page says, the documented codes.
        let mut head = format!("HTTP `{}`", r.status);
        if let Some(code) = &r.message_code {
            head.push_str(&format!(" (`{}`)", crate::models::code_span(code)));
        }
        let text = crate::docs::escape(r.description.trim());
        let mut line = if text.is_empty() {
            format!("{head}.")
        } else {
            format!("{head}: {text}")
        };
        if !r.error_codes.is_empty() {
            let codes: Vec<String> = r
                .error_codes
                .iter()
                .map(|c| format!("`{}`", crate::models::code_span(c)))
                .collect();
            line.push_str(&format!(" Documented error codes: {}.", codes.join(", ")));
        }
        Doc::new().markdown(line).attrs()
    });
    let doc = format!(
        " Errors of [`{}`](super::client::{}).",
        op.name,
        names::type_name(&op.name)
    );
    let from = if errors.is_empty() {
        quote!(Self::Unhandled)
    } else {
        quote! {
            match status {
                #( #statuses => Self::#variants, )*
                _ => Self::Unhandled,
            }
        }
    };
    let status_arg = if errors.is_empty() {
        quote!(_status)
    } else {
        quote!(status)
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants,
            )*
            /// A status the documentation does not list.
            Unhandled,
        }

        impl OperationError for #name {
            fn from_status(#status_arg: u16) -> Self {
                #from
            }

            fn variant(&self) -> &'static str {
                match self {
                    #( Self::#variants => #variant_names, )*
                    Self::Unhandled => "Unhandled",
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.variant())
            }
        }

        impl std::error::Error for #name {}
    }
}
