//! The generated crate's runnable example (`examples/<operation>.rs`): the first operation with
//! a documented request example (else the first operation), called on the real cloud when the
//! credential variables are set, and otherwise printing how to run it.

use apispec::{Operation, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::client::{client_name, method_name, params};
use crate::models::{Models, Ty};
use crate::names::{self, ident};

/// The environment variables the examples need.
pub const CREDENTIAL_VARS: [&str; 4] = [
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_REGION",
];

/// The operation the example shows, with its API version module.
pub fn pick<'a>(
    versions: &std::collections::BTreeMap<String, Vec<&'a Operation>>,
) -> Option<(&'a Operation, String)> {
    let all = || {
        versions
            .iter()
            .flat_map(|(m, ops)| ops.iter().map(move |op| (*op, m.clone())))
    };
    let current = || all().filter(|(op, _)| op.deprecated.is_none());
    current()
        .find(|(op, _)| op.request_example.is_some())
        .or_else(|| current().next())
        .or_else(|| all().next())
}

/// Path of the example file of `op` (`examples/remove_node.rs`).
pub fn path(op: &Operation) -> String {
    format!("examples/{}.rs", name(op))
}

/// Name of the example of `op` (`remove_node`), as cargo knows it.
pub fn name(op: &Operation) -> String {
    method_name(op)
}

/// Emits the example.
pub fn emit(
    service: &Service,
    krate: &str,
    module: &str,
    op: &Operation,
    models: &Models,
) -> TokenStream {
    let crate_name = krate.replace('_', "-");
    let krate = format_ident!("{}", krate);
    let module = format_ident!("{}", module);
    let client = format_ident!("{}", client_name(service));
    let method = ident(&method_name(op));
    let (params, body) = params(op);
    let mut vars = Vec::new();
    let setters: Vec<TokenStream> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let id = ident(&p.rust);
            let value = match &p.ty {
                Ty::String => {
                    let var = names::snake(&p.wire).to_ascii_uppercase();
                    let default = format!("my-{}", p.wire.replace('_', "-"));
                    vars.push(format!("{var} (default {default})"));
                    quote!(arg(#var, #default))
                }
                Ty::I32 | Ty::I64 => quote!(1),
                Ty::F64 => quote!(1.0),
                Ty::Bool => quote!(true),
                _ => quote!(Default::default()),
            };
            quote!(.#id(#value))
        })
        .collect();
    let body = body.and_then(|b| {
        models.ops.get(&op.name)?.request.as_ref()?;
        let id = ident(&b);
        let json = op
            .request_example
            .as_ref()
            .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
            .unwrap_or_else(|| "{}".to_string());
        Some(quote!(.#id(serde_json::from_str(#json)?)))
    });
    let has_output = models.ops.get(&op.name).is_some_and(|t| t.output.is_some());
    let call = quote!(client.#method() #(#setters)* #body .send().await?);
    let finish = if has_output {
        quote! {
            let output = #call;
            println!("{output:#?}");
        }
    } else {
        quote! {
            #call;
            println!("done");
        }
    };
    let example = method_name(op);
    let mut usage = format!(
        "Calls {} ({} {}) of the real Huawei Cloud {} API with the documented example request.\n\nSet the credentials and run:\n\n",
        op.name,
        op.method,
        op.path,
        service.name.to_uppercase()
    );
    for v in CREDENTIAL_VARS {
        usage.push_str(&format!("    export {v}=...\n"));
    }
    if !vars.is_empty() {
        usage.push_str(&format!("    # parameters: {}\n", vars.join(", ")));
    }
    usage.push_str(&format!(
        "    cargo run -p {crate_name} --example {example}\n"
    ));
    let doc: Vec<String> = usage.lines().map(|l| format!(" {l}")).collect();
    let doc = doc.iter().map(|l| {
        if l.trim().is_empty() {
            String::new()
        } else {
            l.clone()
        }
    });
    let vars_list = CREDENTIAL_VARS;
    quote! {
        #( #![doc = #doc] )*

        use #krate::#module::#client;
        use #krate::Config;

        const USAGE: &str = #usage;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let missing: Vec<&str> = [#(#vars_list),*]
                .into_iter()
                .filter(|v| std::env::var(v).map_or(true, |s| s.is_empty()))
                .collect();
            if !missing.is_empty() {
                println!("{USAGE}\nNot set: {}", missing.join(", "));
                return Ok(());
            }
            let config = Config::from_env()?;
            let client = #client::new(&config)?;
            #finish
            Ok(())
        }

        /// The value of the environment variable `var`, or `default`.
        #[allow(dead_code)]
        fn arg(var: &str, default: &str) -> String {
            std::env::var(var).unwrap_or_else(|_| default.to_string())
        }
    }
}
