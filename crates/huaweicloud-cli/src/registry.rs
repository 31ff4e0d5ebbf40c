//! The services `hwc` knows: one line per generated crate in [`services`], turned into plain
//! data ([`Service`], [`ApiVersion`], [`Operation`], [`Param`]) and an untyped entry point per
//! API version ([`InvokeFn`]).
//!
//! Every generated crate re-exports the runtime's metadata types (`meta::OperationInfo`,
//! `meta::InvokeError`); the table converts them into this module's plain types; the
//! `services!` macro writes that glue.

use std::future::Future;
use std::pin::Pin;

use huaweicloud_sdk_core::{Config, SdkError};

/// A boxed error, as the generated `invoke` carries service errors.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The future of one untyped call.
pub type InvokeFuture = Pin<Box<dyn Future<Output = Result<serde_json::Value, CallError>>>>;

/// Builds the API version's client from the configuration and calls the named operation
/// with its JSON input (parameters by their documented names, body under `"body"`), sending
/// also the extra query parameters and headers of the `Customize`.
pub type InvokeFn = fn(Config, &str, serde_json::Value, Customize) -> InvokeFuture;

/// Extra query parameters and headers of a call (the runtime's `meta::Customize`).
pub use huaweicloud_sdk_core::meta::Customize;

/// A service (`cce`) and its API versions.
#[derive(Debug, Clone)]
pub struct Service {
    /// Short name, lower case (`cce`).
    pub name: &'static str,
    /// API version modules (`v3`), in the generated crate's order.
    pub versions: Vec<ApiVersion>,
    /// The text of `models/<service>.json` (see [`crate::model`]).
    pub model_text: &'static str,
}

impl Service {
    /// The documented model of an operation of API version `version`.
    pub fn model(&self, version: &str, operation: &str) -> Option<crate::model::OpModel> {
        crate::model::OpModel::find(self.model_text, version, operation)
    }
}

/// One API version module of a service (`huaweicloud_sdk_cce::v3`).
#[derive(Debug, Clone)]
pub struct ApiVersion {
    /// Module name (`v3`).
    pub name: &'static str,
    /// Its operations, as listed by the module's `OPERATIONS`.
    pub operations: Vec<Operation>,
    /// Its `invoke` entry point.
    pub invoke: InvokeFn,
    /// The endpoint its client resolves from a configuration (`https://cce.cn-north-4...`).
    pub endpoint: EndpointFn,
}

/// The endpoint URL a client of an API version resolves from the configuration, with no
/// network access.
pub type EndpointFn = fn(&Config) -> Result<String, SdkError>;

/// An operation, from the generated `OPERATIONS` metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The generated metadata this is read from.
    pub info: &'static huaweicloud_sdk_core::meta::OperationInfo,
    /// Name (`RemoveNode`).
    pub name: &'static str,
    /// One-line summary: the title of its documentation page.
    pub summary: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// API version module (`v3`).
    pub api_version: &'static str,
    /// Parameters (path, query, header), by wire name.
    pub params: Vec<Param>,
    /// Type name of the request body, if the operation takes one.
    pub body: Option<&'static str>,
    /// Type name of the response body, if the operation returns one.
    pub output: Option<&'static str>,
}

impl Operation {
    /// The parameter of this wire name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Wire name, also the command-line option (`--cluster_id`).
    pub name: &'static str,
    /// Where it travels, lower case: `path`, `query` or `header`.
    pub location: String,
    /// Type (`string`, `integer`, `long`, `number`, `boolean`, `array<string>`, ...).
    pub type_name: &'static str,
    /// Whether the caller must give it.
    pub required: bool,
    /// The documentation's description.
    pub description: &'static str,
}

/// Why an untyped call failed (the generated crates' `InvokeError`, plus client creation).
#[derive(Debug)]
pub enum CallError {
    /// The client could not be created from the configuration (no region, bad endpoint).
    Client(SdkError),
    /// The module has no operation of that name.
    UnknownOperation(String),
    /// The JSON input does not fit the operation's parameters and body.
    Input(serde_json::Error),
    /// The output could not be written as JSON.
    Output(serde_json::Error),
    /// The call failed: service error, transport, timeout, credentials, invalid input.
    Call(SdkError<BoxError>),
    /// A failure the generated crate added after this client was written.
    Other(String),
}

/// Converts a generated `meta::OperationInfo` (any crate's copy) into an [`Operation`].
macro_rules! operation_from_info {
    ($info:expr) => {{
        let info = $info;
        Operation {
            info,
            name: info.name,
            summary: info.summary,
            method: info.method,
            path: info.path,
            api_version: info.api_version,
            params: info
                .params
                .iter()
                .map(|p| Param {
                    name: p.name,
                    // By its `Debug` name, so that a location added to the generator
                    // (say, `Cookie`) shows up here without a change.
                    location: format!("{:?}", p.location).to_lowercase(),
                    type_name: p.type_name,
                    required: p.required,
                    description: p.description,
                })
                .collect(),
            body: info.body,
            output: info.output,
        }
    }};
}

/// The registry table: `"name" => crate { version::Client, ... }`, one line per generated crate.
macro_rules! services {
    ($($name:literal => $krate:ident { $($version:ident :: $client:ident),+ $(,)? }),* $(,)?) => {
        /// Every service `hwc` can call, sorted by name.
        pub fn services() -> Vec<Service> {
            let mut all = vec![$(Service {
                name: $name,
                model_text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/", $name, ".json")),
                versions: vec![$(ApiVersion {
                    name: stringify!($version),
                    operations: $krate::$version::OPERATIONS
                        .iter()
                        .map(|info| operation_from_info!(info))
                        .collect(),
                    endpoint: |config| {
                        $krate::$version::$client::new(config).map(|c| c.runtime().endpoint())
                    },
                    invoke: |config, operation, input, customize| {
                        let client = match $krate::$version::$client::new(&config) {
                            Ok(client) => client,
                            Err(e) => return Box::pin(std::future::ready(Err(CallError::Client(e)))),
                        };
                        let call = $krate::$version::invoke_customized(&client, operation, input, customize);
                        Box::pin(async move {
                            call
                                .await
                                .map_err(|e| match e {
                                    $krate::meta::InvokeError::UnknownOperation(name) => {
                                        CallError::UnknownOperation(name)
                                    }
                                    $krate::meta::InvokeError::Input(e) => CallError::Input(e),
                                    $krate::meta::InvokeError::Output(e) => CallError::Output(e),
                                    $krate::meta::InvokeError::Call(e) => CallError::Call(e),
                                    other => CallError::Other(other.to_string()),
                                })
                        })
                    },
                }),+],
            }),*];
            all.sort_by_key(|s| s.name);
            all
        }
    };
}

// One line per generated crate, written by `cargo xtask codegen` from `spec-docs/` (as are
// the path dependencies in Cargo.toml).
include!("services.rs");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_the_generated_operations() {
        let all = services();
        let names: Vec<_> = all.iter().map(|s| s.name).collect();
        // One entry per folder of spec-docs/, sorted.
        let mut dirs: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec-docs"))
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join("service.toml").exists())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
        dirs.sort();
        assert_eq!(names, dirs);
        let cce = all.iter().find(|s| s.name == "cce").unwrap();
        let v3 = cce.versions.iter().find(|v| v.name == "v3").unwrap();
        let op = v3
            .operations
            .iter()
            .find(|o| o.name == "RemoveNode")
            .unwrap();
        assert_eq!(op.name, "RemoveNode");
        assert_eq!(op.method, "PUT");
        assert_eq!(op.body, Some("RemoveNodeRequestBody"));
        let cluster = op.param("cluster_id").unwrap();
        assert_eq!(cluster.location, "path");
        assert!(cluster.required);
    }
}
