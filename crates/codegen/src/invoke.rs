//! The untyped entry point (`invoke`: JSON in, typed call, JSON out) and the static operation
//! metadata a command-line client lists: tables of what the runtime's
//! `huaweicloud_sdk_core::operation::invoke` does for each operation, nothing per operation.

use apispec::{Operation, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::client::client_name;
use crate::names;

/// Emits `invoke.rs` of one API version module.
pub fn emit(service: &Service, ops: &[&Operation]) -> TokenStream {
    let client = format_ident!("{}", client_name(service));
    let types: Vec<_> = ops
        .iter()
        .map(|op| format_ident!("{}", names::type_name(&op.name)))
        .collect();
    let op_names: Vec<_> = ops.iter().map(|op| op.name.as_str()).collect();
    let allow_deprecated = ops
        .iter()
        .any(|op| op.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        //! Untyped access: [`invoke`] an operation by name with JSON, and list [`OPERATIONS`].
        use huaweicloud_sdk_core::meta::{Customize, InvokeError, OperationInfo};
        use huaweicloud_sdk_core::operation::{self, CallFuture, InvokeFn};
        use huaweicloud_sdk_core::Operation;
        use super::client::{self, #client};

        /// Every operation of this module, sorted by name.
        #allow_deprecated
        pub static OPERATIONS: &[OperationInfo] = &[ #( *<client::#types as Operation>::INFO ),* ];

        #allow_deprecated
        static TABLE: &[(&str, InvokeFn)] = &[ #( (#op_names, operation::invoke::<client::#types>) ),* ];

        /// Calls the operation named `operation` (as in [`OPERATIONS`]) with a JSON object of
        /// its parameters, keyed by their documented names, and its body under `"body"`;
        /// returns the response body as JSON (`null` for operations without one). A key the
        /// operation does not document, or a value of the wrong type, is an
        /// [`InvokeError::Input`] that says where it is.
        pub fn invoke(
            client: &#client,
            operation: &str,
            input: serde_json::Value,
        ) -> CallFuture<'static, Result<serde_json::Value, InvokeError>> {
            invoke_customized(client, operation, input, Customize::new())
        }

        /// [`invoke`], sending also the extra query parameters and headers of `customize`.
        pub fn invoke_customized(
            client: &#client,
            operation: &str,
            input: serde_json::Value,
            customize: Customize,
        ) -> CallFuture<'static, Result<serde_json::Value, InvokeError>> {
            operation::dispatch(TABLE, client.runtime(), operation, input, customize)
        }
    }
}
