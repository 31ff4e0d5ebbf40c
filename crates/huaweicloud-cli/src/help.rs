//! `hwc --help`, `hwc <SERVICE> --help` and `hwc <SERVICE> <Operation> --help`.

use serde_json::Value;

use crate::model::{constraints, flatten_body, type_word, OpModel};
use crate::output::display_width;
use crate::output::pad;
use crate::registry::{ApiVersion, Operation, Service};

/// The `--cli-*` options and the other reserved options, with their help lines.
pub const OPTIONS: &[(&str, &str)] = &[
    ("--cli-profile=NAME", "the profile to use (default: the last one added or changed; see `hwc configure`)"),
    ("--cli-mode=AKSK|ecsAgency", "authentication mode: an access key, or the ECS agency's temporary credentials from the instance metadata"),
    ("--cli-access-key=AK", "access key id (non-configuration mode; with --cli-secret-key)"),
    ("--cli-secret-key=SK", "secret access key (non-configuration mode)"),
    ("--cli-security-token=TOKEN", "security token of temporary credentials"),
    ("--cli-region=REGION", "region id, e.g. cn-north-4 (default: $HUAWEICLOUD_SDK_REGION, then the profile's)"),
    ("--cli-project-id=ID", "project id (also --project_id; default: $HUAWEICLOUD_SDK_PROJECT_ID, the profile's, else looked up at IAM)"),
    ("--cli-domain-id=ID", "account (domain) id of global services (default: $HUAWEICLOUD_SDK_DOMAIN_ID, the profile's, else looked up at IAM)"),
    ("--endpoint=URL", "endpoint URL, e.g. https://cce.cn-north-4.myhuaweicloud.com (also --cli-endpoint; default: $HUAWEICLOUD_SDK_ENDPOINT, else from the region)"),
    ("--body=@FILE", "request body: a JSON file (@- reads standard input), or --body='{...}'"),
    ("--a.b.1.c=VALUE", "a body field as a flag (1-based indexes; --a.b=\"[]\" / \"{}\" for empty ones)"),
    ("--cli-jsonInput=FILE", "parameters and body from a JSON file {\"header\", \"path\", \"query\", \"body\"}; flags beside it override it"),
    ("--skeleton", "print that JSON file for the operation, with every field's type, required flag and values described"),
    ("--cli-output=json|table|tsv", "output format (default: json)"),
    ("--cli-query=JMESPATH", "print what a JMESPath expression selects of the response"),
    ("--cli-output-num=true|false", "number the rows of tables (default: false)"),
    ("--cli-waiter=JSON", "call again until {\"expr\":JMESPATH,\"to\":VALUE,\"timeout\":S,\"interval\":S} holds"),
    ("--cli-paginate", "collect every page of a list operation (marker or offset)"),
    ("--cli-max-items=N", "with --cli-paginate: stop after N items"),
    ("--dryrun", "print the signed request (credentials and secrets masked) and send nothing"),
    ("--debug", "print URL, each attempt, status, latency and request id on standard error"),
    ("--cli-api-version=VERSION", "API version module (v3), when an operation is in several"),
    ("--cli-retry-count=N", "retries of a failed idempotent request (default: 2)"),
    ("--cli-connect-timeout=SECONDS", "connect timeout (default: 60)"),
    ("--cli-read-timeout=SECONDS", "timeout of each attempt (default: 120)"),
    ("-h, --help", "this help, or a service's or operation's"),
    ("--version", "the version of hwc"),
];

fn table(rows: &[Vec<String>], indent: &str) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| display_width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = indent.to_owned();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&pad(cell, widths[i]));
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// `hwc --help`: usage, the services, the options.
pub fn main_help(services: &[Service]) -> String {
    let mut out = String::from(
        "hwc: Huawei Cloud command-line client (KooCLI's calling convention)

Usage:
  hwc <SERVICE> <Operation> [--name=value ...] [--body=@FILE.json] [options]
  hwc <SERVICE> --help                list the operations of a service
  hwc <SERVICE> <Operation> --help    show an operation's method, path, parameters and body fields
  hwc configure init|set|list|show|delete|test [--cli-profile=NAME] [...]
                                      manage profiles (~/.hwc/config.json)
  hwc completion bash|zsh|fish        print a shell completion script

Services (names are case-insensitive):
",
    );
    let rows: Vec<Vec<String>> = services
        .iter()
        .map(|s| {
            let n: usize = s.versions.iter().map(|v| v.operations.len()).sum();
            let versions: Vec<_> = s.versions.iter().map(|v| v.name).collect();
            vec![
                s.name.to_owned(),
                format!("{} (API {})", count(n, "operation"), versions.join(", ")),
            ]
        })
        .collect();
    out.push_str(&table(&rows, "  "));
    out.push_str("\nOptions:\n");
    let rows: Vec<Vec<String>> = OPTIONS
        .iter()
        .map(|(o, h)| vec![o.to_string(), h.to_string()])
        .collect();
    out.push_str(&table(&rows, "  "));
    out.push_str(
        "
Credentials, region, project and account ids: the --cli-* flags, then the environment
($HUAWEICLOUD_SDK_AK, _SK, _SECURITY_TOKEN, _REGION, _PROJECT_ID, _DOMAIN_ID), then the
profile (--cli-profile, else the default one).

Exit status: 0 success, 1 the call failed (service error, network), 2 bad input.
",
    );
    out
}

/// `hwc <SERVICE> --help`: the operations, one a line, name first, with their summaries.
pub fn service_help(service: &Service, versions: &[&ApiVersion]) -> String {
    let name = service.name;
    let mut out = format!(
        "Usage: hwc {name} <Operation> [--name=value ...] [options]
       hwc {name} <Operation> --help

Operations of {name}"
    );
    let several = service.versions.len() > 1;
    if let [only] = versions {
        out.push_str(&format!(" (API {}):\n", only.name));
    } else {
        out.push_str(":\n");
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for v in versions {
        for op in &v.operations {
            let mut row = vec![op.name.to_owned()];
            if several && versions.len() > 1 {
                row.push(v.name.to_owned());
            }
            row.push(one_line(op.summary));
            rows.push(row);
        }
    }
    out.push_str(&table(&rows, "  "));
    out
}

/// `hwc <SERVICE> <Operation> --help`: method and path, then the parameters and every body
/// field flattened as KooCLI shows them (`--os-stop.servers.[N].id  required  string  body`),
/// with enum values and defaults, and an example command from the page's request example.
pub fn operation_help(service: &Service, op: &Operation, model: Option<&OpModel>) -> String {
    let label = format!("{} {}", service.name, op.name);
    let mut out = format!("{label} (API {})", op.api_version);
    let summary = one_line(op.summary);
    if !summary.is_empty() {
        out.push_str(&format!(": {summary}"));
    }
    out.push_str(&format!("\n\n  {} {}\n\nParameters:\n", op.method, op.path));
    let mut rows = vec![vec![
        "NAME".to_owned(),
        "REQUIRED".to_owned(),
        "TYPE".to_owned(),
        "LOCATION".to_owned(),
        "DESCRIPTION".to_owned(),
    ]];
    let required = |r: bool| if r { "required" } else { "optional" }.to_owned();
    for p in &op.params {
        let mut description = one_line(p.description);
        if p.name == "project_id" && !p.required {
            description.push_str(
                " (default: the profile's or $HUAWEICLOUD_SDK_PROJECT_ID, else looked up at IAM)",
            );
        }
        if let Some(info) = model.and_then(|m| m.param(p.name)) {
            append(&mut description, &constraints(&info.info));
        }
        rows.push(vec![
            format!("--{}", p.name),
            required(p.required),
            p.type_name.to_owned(),
            p.location.clone(),
            description,
        ]);
    }
    if let Some(body) = op.body {
        if let Some(schema @ apispec::Schema::Object(_)) = model.and_then(|m| m.body.as_ref()) {
            for f in flatten_body(schema) {
                let mut description = one_line(&f.field.info.description);
                append(&mut description, &constraints(&f.field.info));
                rows.push(vec![
                    format!("--{}", f.path),
                    required(f.required),
                    type_word(f.schema),
                    "body".to_owned(),
                    description,
                ]);
            }
        }
        rows.push(vec![
            "--body".to_owned(),
            "-".to_owned(),
            body.to_owned(),
            "body".to_owned(),
            "the whole request body as JSON: --body=@FILE.json or --body='{...}' (body flags override it)".to_owned(),
        ]);
    }
    out.push_str(&table(&rows, "  "));
    if op.body.is_some() {
        out.push_str(
            "\n  [N] is a 1-based index (--a.1.b=x --a.2.b=y), {KEY} a map key; --a=\"[]\" and --a=\"{}\" give an empty array and object.\n",
        );
    }
    out.push_str(&format!(
        "\nResponse: {}\n",
        op.output.unwrap_or("none (an empty body)")
    ));
    let mut example = format!("hwc {label} --cli-region=cn-north-4");
    for p in op
        .params
        .iter()
        .filter(|p| p.required && p.name != "project_id")
    {
        example.push_str(&format!(" --{}=VALUE", p.name));
    }
    match model.and_then(|m| m.example.as_ref()) {
        Some(Value::Object(map)) if op.body.is_some() && !map.is_empty() => {
            let mut flags = Vec::new();
            example_flags(String::new(), &Value::Object(map.clone()), &mut flags);
            for flag in flags {
                example.push(' ');
                example.push_str(&flag);
            }
        }
        _ if op.body.is_some() => example.push_str(" --body=@body.json"),
        _ => {}
    }
    out.push_str(&format!("\nExample:\n  {example}\n"));
    out
}

fn append(description: &mut String, extra: &str) {
    if extra.is_empty() {
        return;
    }
    if !description.is_empty() {
        description.push(' ');
    }
    description.push_str(&format!("({extra})"));
}

/// The flags that build `value` (`--spec.nodes.1.uid=x`).
fn example_flags(path: String, value: &Value, out: &mut Vec<String>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Object(map) if map.is_empty() => out.push(format!("--{path}=\"{{}}\"")),
        Value::Object(map) => {
            for (k, v) in map {
                example_flags(join(k), v, out);
            }
        }
        Value::Array(items) if items.is_empty() => out.push(format!("--{path}=\"[]\"")),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                example_flags(join(&(i + 1).to_string()), v, out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push(format!("--{path}={}", shell_quote(s))),
        other => out.push(format!("--{path}={other}")),
    }
}

/// `s` as one shell word.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@,+=".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::services;

    #[test]
    fn service_help_lists_one_operation_a_line() {
        let all = services();
        let roma = all.iter().find(|s| s.name == "roma").unwrap();
        let text = service_help(roma, &roma.versions.iter().collect::<Vec<_>>());
        assert!(
            text.ends_with(
                "Operations of roma (API v2):\n  DeleteBackendInstanceV2  Deleting a Backend Server\n"
            ),
            "{text}"
        );
        let elb = all.iter().find(|s| s.name == "elb").unwrap();
        let text = service_help(elb, &elb.versions.iter().collect::<Vec<_>>());
        let line = |name: &str| {
            text.lines()
                .find(|l| l.split_whitespace().next() == Some(name))
                .unwrap_or_else(|| panic!("{name} listed: {text}"))
                .to_string()
        };
        assert!(
            line("CreateMembers").contains("v1")
                && line("CreateMembers").ends_with("添加后端云服务器")
        );
        assert!(line("RemoveMembers").ends_with("Removing Backend ECSs"));
    }

    #[test]
    fn operation_help_aligns_wide_text() {
        let all = services();
        let cce = all.iter().find(|s| s.name == "cce").unwrap();
        let remove = cce
            .versions
            .iter()
            .flat_map(|v| &v.operations)
            .find(|o| o.name == "RemoveNode")
            .unwrap();
        let model = cce.model("v3", "RemoveNode");
        let text = operation_help(cce, remove, model.as_ref());
        assert!(text.starts_with("cce RemoveNode (API v3): 节点移除\n\n  PUT /api/v3/projects/{project_id}/clusters/{cluster_id}/nodes/operation/remove\n"), "{text}");
        let line = |name: &str| {
            text.lines()
                .find(|l| l.split_whitespace().next() == Some(name))
                .map(|l| l.split_whitespace().take(4).collect::<Vec<_>>().join(" "))
        };
        assert_eq!(
            line("--cluster_id").as_deref(),
            Some("--cluster_id required string path"),
            "{text}"
        );
        assert_eq!(
            line("--spec.nodes.[N].uid").as_deref(),
            Some("--spec.nodes.[N].uid required string body"),
            "{text}"
        );
        assert!(text.contains("(default: root)"), "{text}");
        assert!(text.contains("Example:\n  hwc cce RemoveNode --cli-region=cn-north-4 --cluster_id=VALUE --spec.login.sshKey=KeyPair-001 --spec.nodes.1.uid="), "{text}");
    }
}
