//! Error enums: one per operation, a variant per documented error status, plus `Unhandled`.

use apispec::Operation;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs::Doc;
use crate::models::Models;
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
pub fn emit(ops: &[&Operation], models: &Models, has_error_codes: bool) -> TokenStream {
    let enums: Vec<_> = ops.iter().map(|op| emit_error(op, models)).collect();
    let any_body = ops.iter().any(|op| {
        models
            .ops
            .get(&op.name)
            .is_some_and(|t| !t.errors.is_empty())
    });
    let uses = if any_body {
        quote! {
            use huaweicloud_sdk_core::operation::error_body;
            use super::models;
        }
    } else {
        quote!()
    };
    let codes = has_error_codes.then(|| {
        quote! {
            //!
            //! What each error code means: [`error_codes`](crate::error_codes).
        }
    });
    quote! {
        //! Errors of each operation: a variant per documented error status, carrying the
        //! decoded body where the page documents one, plus `Unhandled`. The status, request id,
        //! error code and message, and the raw body are in the
        //! [`ErrorMeta`](huaweicloud_sdk_core::ErrorMeta) beside the variant in
        //! [`SdkError::Service`](huaweicloud_sdk_core::SdkError::Service).
        #codes
        use huaweicloud_sdk_core::OperationError;
        #uses
        #(#enums)*
    }
}

fn emit_error(op: &Operation, models: &Models) -> TokenStream {
    let name = format_ident!("{}", error_name(op));
    let errors: Vec<_> = op.responses.values().filter(|r| r.status >= 400).collect();
    let bodies = models.ops.get(&op.name).map(|t| &t.errors);
    let body_of = |status: u16| bodies.and_then(|b| b.get(&status));
    let variants: Vec<_> = errors
        .iter()
        .map(|r| format_ident!("{}", status_variant(r.status)))
        .collect();
    let variant_names: Vec<String> = variants.iter().map(|v| v.to_string()).collect();
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
        if body_of(r.status).is_some() {
            line.push_str(" With the documented body, when it decodes.");
        }
        Doc::new().markdown(line).attrs()
    });
    let prefix = quote!(models::);
    // A variant with a documented body carries it; a body that does not decode is `None`
    // (the raw body stays in the `ErrorMeta`).
    let fields: Vec<_> = errors
        .iter()
        .map(|r| match body_of(r.status) {
            Some(ty) => {
                let ty = ty.tokens(&prefix);
                quote!((Option<Box<#ty>>))
            }
            None => quote!(),
        })
        .collect();
    let arms = errors.iter().zip(&variants).map(|(r, v)| {
        let status = proc_macro2::Literal::u16_unsuffixed(r.status);
        match body_of(r.status) {
            Some(_) => quote!(#status => Self::#v(error_body(body)),),
            None => quote!(#status => Self::#v,),
        }
    });
    let patterns = errors
        .iter()
        .zip(&variants)
        .map(|(r, v)| match body_of(r.status) {
            Some(_) => quote!(Self::#v(_)),
            None => quote!(Self::#v),
        });
    let doc = format!(
        " Errors of [`{}`](super::client::{}).",
        op.name,
        names::type_name(&op.name)
    );
    let any_body = errors.iter().any(|r| body_of(r.status).is_some());
    let (status_arg, body_arg) = match (errors.is_empty(), any_body) {
        (true, _) => (quote!(_status), quote!(_body)),
        (false, false) => (quote!(status), quote!(_body)),
        (false, true) => (quote!(status), quote!(body)),
    };
    let from = if errors.is_empty() {
        quote!(Self::Unhandled)
    } else {
        quote! {
            match status {
                #( #arms )*
                _ => Self::Unhandled,
            }
        }
    };
    let derives = if any_body {
        quote!(#[derive(Debug, Clone, PartialEq)])
    } else {
        quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq)])
    };
    quote! {
        #[doc = #doc]
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants #fields,
            )*
            /// A status the documentation does not list.
            Unhandled,
        }

        impl OperationError for #name {
            fn from_response(#status_arg: u16, #body_arg: &[u8]) -> Self {
                #from
            }

            fn variant(&self) -> &'static str {
                match self {
                    #( #patterns => #variant_names, )*
                    Self::Unhandled => "Unhandled",
                }
            }
        }
    }
}
