//! `spec-docs/<service>/service.toml`: crate name, endpoint, API version, operation-name
//! overrides and errata patches.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The settings of one service folder. Every key is optional; a folder without the file is a
/// service named after the folder, with defaults.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    /// Short service name (default: the folder name, lower case).
    pub name: Option<String>,
    /// Generated crate name (default: `huaweicloud-sdk-<name>`).
    pub crate_name: Option<String>,
    /// Endpoint template (default: `https://<name>.{region}.myhuaweicloud.com`).
    pub endpoint_template: Option<String>,
    /// `regional` (the default) or `global` (one endpoint for every region, requests scoped
    /// by account: IAM).
    pub scope: Option<apispec::Scope>,
    /// `Content-Type` of JSON request bodies when the service's official SDK sends another than
    /// `application/json` (ECS and VPC send `application/json;charset=utf-8`): the pages do
    /// not say, and a request signed with the other value is not the SDK's.
    pub json_content_type: Option<String>,
    /// API version module for every operation, instead of the one the path shows.
    pub api_version: Option<String>,
    /// Operation names keyed by `"METHOD /path/template"`.
    #[serde(default)]
    pub operation_names: BTreeMap<String, String>,
    /// Corrections of what pages get wrong.
    #[serde(default, rename = "patch")]
    pub patches: Vec<Patch>,
    /// Pagination of the operations whose pages are ambiguous, by operation name.
    #[serde(default)]
    pub pagination: BTreeMap<String, apispec::PaginationEntry>,
    /// Waiters: which operation to poll, where its status is, which values end the wait.
    #[serde(default, rename = "waiter")]
    pub waiters: Vec<apispec::WaiterEntry>,
    /// The folder's `PROVENANCE.toml` (written by `cargo xtask import`), if it has one: not
    /// part of `service.toml`.
    #[serde(skip)]
    pub provenance: Option<Provenance>,
}

/// What the parser reads of `PROVENANCE.toml`: which pages were imported, from where. An
/// imported page is the newer version of a page that documents the same operation in the
/// same language (a seed kept from an earlier copy of the reference).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Provenance {
    /// Source repository (`huaweicloudDocs/cce`).
    pub repo: Option<String>,
    /// Date of the snapshot.
    pub date: Option<String>,
    /// File names of the imported pages (with their SHA-256).
    #[serde(default)]
    pub pages: BTreeMap<String, String>,
}

impl Provenance {
    /// Reads a `PROVENANCE.toml`.
    pub fn parse(src: &str) -> Result<Provenance, String> {
        toml::from_str(src).map_err(|e| e.message().to_string())
    }

    /// Whether the page at `file` (any path ending in the file name) was imported.
    pub fn lists(&self, file: &str) -> bool {
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
        self.pages.contains_key(name)
    }

    /// "huaweicloudDocs/cce, 2023-03-09".
    pub fn describe(&self) -> String {
        [self.repo.as_deref(), self.date.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One erratum: a field of an operation with a corrected type or flag.
///
/// ```toml
/// [[patch]]
/// operation = "RemoveNode"
/// field = "request_body/spec/nodes"      # or "params/cluster_id", "responses/200/status/jobID"
/// type = "array<string>"                  # string, integer, long, number, boolean, any, array<T>, map<T>
/// required = true
/// sensitive = true
/// ```
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// Operation name (after naming).
    pub operation: String,
    /// Slash-separated path: `params/<name>`, `request_body/<field>/...`,
    /// `responses/<status>/<field>/...`. `[]` steps into array items (`nodes/[]/uid`).
    pub field: String,
    /// Corrected type.
    #[serde(rename = "type")]
    pub typ: Option<String>,
    /// Corrected required flag.
    pub required: Option<bool>,
    /// Corrected sensitivity.
    pub sensitive: Option<bool>,
    /// Why (kept for reviewers; not used).
    pub reason: Option<String>,
}

impl ServiceConfig {
    /// Reads a `service.toml`; the error names the line and what was expected.
    pub fn parse(src: &str) -> Result<ServiceConfig, (u32, String)> {
        toml::from_str(src).map_err(|e| {
            let line = e
                .span()
                .map(|s| src[..s.start.min(src.len())].matches('\n').count() as u32 + 1)
                .unwrap_or(1);
            (line, e.message().to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_config() {
        let c = ServiceConfig::parse(
            "name = \"cce\"\ncrate_name = \"huaweicloud-sdk-cce\"\n[operation_names]\n\"GET /v1/x\" = \"ListX\"\n[[patch]]\noperation = \"ListX\"\nfield = \"params/limit\"\ntype = \"integer\"\n",
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("cce"));
        assert_eq!(c.operation_names["GET /v1/x"], "ListX");
        assert_eq!(c.patches[0].typ.as_deref(), Some("integer"));
    }

    #[test]
    fn reads_scope() {
        let c = ServiceConfig::parse("name = \"iam\"\nscope = \"global\"\n").unwrap();
        assert_eq!(c.scope, Some(apispec::Scope::Global));
        assert!(ServiceConfig::parse("scope = \"planet\"\n").is_err());
    }

    #[test]
    fn provenance_lists_imported_pages() {
        let p = Provenance::parse(
            "repo = \"huaweicloudDocs/cce\"\ncommit = \"99b4\"\ndate = \"2023-03-09\"\nsource_dir = \"x\"\npage_count = 1\n[pages]\n\"节点移除.md\" = \"ab\"\n",
        )
        .unwrap();
        assert!(p.lists("spec-docs/cce/节点移除.md"));
        assert!(!p.lists("spec-docs/cce/remove-node.zh-cn.md"));
        assert_eq!(p.describe(), "huaweicloudDocs/cce, 2023-03-09");
    }

    #[test]
    fn error_names_line() {
        let (line, msg) = ServiceConfig::parse("name = \"x\"\nbogus = 1\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("bogus"), "{msg}");
    }
}
