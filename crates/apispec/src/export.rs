//! The export format of `../shared/conformance/FORMAT.md`: the project's stable, tool-neutral
//! view of the model, read by the conformance scorer.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Diagnostic, Operation, Param, Schema, Service};

/// The whole export document.
#[derive(Debug, Serialize)]
pub struct Export<'a> {
    /// Every operation of every service, sorted by (service, name).
    pub operations: Vec<ExportOperation<'a>>,
    /// Every diagnostic, sorted by file and line.
    pub diagnostics: Vec<&'a Diagnostic>,
}

/// One operation in export form.
#[derive(Debug, Serialize)]
pub struct ExportOperation<'a> {
    /// The service the operation belongs to.
    pub service: &'a str,
    /// UpperCamel name.
    pub name: &'a str,
    /// Page title.
    pub summary: &'a str,
    /// Upper-case method.
    pub method: &'a str,
    /// Path template.
    pub path: &'a str,
    /// API version module.
    pub api_version: &'a str,
    /// Page files.
    pub sources: Vec<&'a str>,
    /// The deprecation note, for a page marked deprecated (an extra key of the format).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<&'a str>,
    /// The media type of a non-JSON request body (an extra key of the format).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_content_type: Option<&'a str>,
    /// Path, query and header parameters.
    pub params: &'a [Param],
    /// The request body.
    pub request_body: Option<&'a Schema>,
    /// Status code → body schema or `null`.
    pub responses: BTreeMap<String, Option<&'a Schema>>,
}

impl<'a> ExportOperation<'a> {
    fn new(service: &'a str, op: &'a Operation) -> Self {
        ExportOperation {
            service,
            name: &op.name,
            summary: &op.summary,
            method: &op.method,
            path: &op.path,
            api_version: &op.api_version,
            sources: op.sources.iter().map(|s| s.file.as_str()).collect(),
            deprecated: op.deprecated.as_deref(),
            request_content_type: op.request_content_type.as_deref(),
            params: &op.params,
            request_body: op.request_body.as_ref(),
            responses: op
                .responses
                .iter()
                .map(|(k, r)| (k.to_string(), r.body.as_ref()))
                .collect(),
        }
    }
}

/// Builds the export document of some services.
pub fn export(services: &[Service]) -> Export<'_> {
    let mut operations: Vec<ExportOperation<'_>> = services
        .iter()
        .flat_map(|s| {
            s.operations
                .iter()
                .map(move |op| ExportOperation::new(&s.name, op))
        })
        .collect();
    operations.sort_by(|a, b| {
        (a.service, a.name, a.method, a.path).cmp(&(b.service, b.name, b.method, b.path))
    });
    let mut diagnostics: Vec<&Diagnostic> =
        services.iter().flat_map(|s| s.diagnostics.iter()).collect();
    diagnostics.sort();
    Export {
        operations,
        diagnostics,
    }
}

/// The export document as pretty JSON, with a final newline.
pub fn export_json(services: &[Service]) -> String {
    let mut s = serde_json::to_string_pretty(&export(services)).expect("export is plain data");
    s.push('\n');
    s
}
