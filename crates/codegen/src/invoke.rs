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
                let input: client::#input = crate::meta::decode_input(input)?;
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
        /// returns the decoded output as JSON (`null` for operations without one). A key the
        /// operation does not document, or a value of the wrong type, is an
        /// [`InvokeError::Input`] that says where it is.
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
