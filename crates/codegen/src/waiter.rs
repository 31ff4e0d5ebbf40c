//! Waiters of `service.toml`'s `[[waiter]]`: a `WaiterInfo` constant in the API version module
//! of the polled operation, and the client's `wait_for_<name>`. The polling is the runtime's
//! (`huaweicloud_sdk_core::waiter`).

use apispec::{Operation, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::names;

/// The waiters whose operation is among `ops`, for the client type `client`.
pub fn emit(service: &Service, ops: &[&Operation], client: &syn::Ident) -> TokenStream {
    let items = service.waiters.iter().filter_map(|w| {
        let op = ops.iter().find(|op| op.name == w.operation)?;
        let op_ty = format_ident!("{}", names::type_name(&op.name));
        let konst = format_ident!("{}_WAITER", names::snake(&w.name).to_uppercase());
        let method = format_ident!("wait_for_{}", names::snake(&w.name));
        let (id_param, id_field, status) = (&w.id_param, &w.id_field, &w.status);
        let (success, failure) = (&w.success, &w.failure);
        let reason = match &w.reason {
            Some(r) => quote!(Some(#r)),
            None => quote!(None),
        };
        let doc = format!(
            " The `{}` waiter: polls [`{}`] until `{status}` is {} (or {}, a failure).",
            w.name,
            op.name,
            success.join(", "),
            failure.join(", ")
        );
        let mdoc = format!(
            " Waits for `{}` `id` to end (see [`{konst}`]); `send().and_wait(&{konst}, ..)` sends an operation answering with `{id_field}` and waits in one call.",
            w.name
        );
        Some(quote! {
            #[doc = #doc]
            pub const #konst: WaiterInfo = WaiterInfo {
                operation: <#op_ty as Operation>::INFO,
                id_param: #id_param,
                id_field: #id_field,
                status: #status,
                success: &[#(#success),*],
                failure: &[#(#failure),*],
                reason: #reason,
            };

            impl #client {
                #[doc = #mdoc]
                pub async fn #method(
                    &self,
                    id: &str,
                    policy: &WaitPolicy,
                ) -> Result<serde_json::Value, WaitError<huaweicloud_sdk_core::UnmodeledError>> {
                    self.inner.wait_for(&#konst, id, policy).await
                }
            }
        })
    });
    let items: Vec<TokenStream> = items.collect();
    if items.is_empty() {
        return quote!();
    }
    quote! {
        use huaweicloud_sdk_core::waiter::{WaitError, WaitPolicy, WaiterInfo};
        #(#items)*
    }
}
