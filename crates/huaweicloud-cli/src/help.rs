//! `hwc --help`, `hwc <SERVICE> --help` and `hwc <SERVICE> <Operation> --help`.

use crate::output::display_width;
use crate::output::pad;
use crate::registry::{ApiVersion, Operation, Service};

/// The `--cli-*` options and the other reserved options, with their help lines.
pub const OPTIONS: &[(&str, &str)] = &[
    (
        "--cli-region=REGION",
        "region id, e.g. cn-north-4 (default: $HUAWEICLOUD_SDK_REGION)",
    ),
    (
        "--endpoint=URL",
        "endpoint URL, e.g. https://cce.cn-north-4.myhuaweicloud.com (also --cli-endpoint; default: $HUAWEICLOUD_SDK_ENDPOINT, else from the region)",
    ),
    (
        "--project_id=ID",
        "project id (default: $HUAWEICLOUD_SDK_PROJECT_ID)",
    ),
    (
        "--body=@FILE",
        "request body: a JSON file (@- reads standard input), or --body='{...}'",
    ),
    ("--cli-output=json|table", "output format (default: json)"),
    (
        "--cli-api-version=VERSION",
        "API version module (v3), when an operation is in several",
    ),
    (
        "--cli-retry-count=N",
        "retries of a failed idempotent request (default: 2)",
    ),
    (
        "--cli-connect-timeout=SECONDS",
        "connect timeout (default: 60)",
    ),
    (
        "--cli-read-timeout=SECONDS",
        "timeout of each attempt (default: 120)",
    ),
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
  hwc <SERVICE> <Operation> --help    show an operation's method, path and parameters

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
Credentials come from $HUAWEICLOUD_SDK_AK and $HUAWEICLOUD_SDK_SK (with
$HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials).

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

/// `hwc <SERVICE> <Operation> --help`: method and path, then the parameters.
pub fn operation_help(service: &Service, op: &Operation) -> String {
    let label = format!("{} {}", service.name, op.name);
    let mut out = format!("{label} (API {})", op.api_version);
    let summary = one_line(op.summary);
    if !summary.is_empty() {
        out.push_str(&format!(": {summary}"));
    }
    out.push_str(&format!("\n\n  {} {}\n\nParameters:\n", op.method, op.path));
    let mut rows = vec![vec![
        "NAME".to_owned(),
        "LOCATION".to_owned(),
        "TYPE".to_owned(),
        "REQUIRED".to_owned(),
        "DESCRIPTION".to_owned(),
    ]];
    for p in &op.params {
        let mut description = one_line(p.description);
        if p.name == "project_id" && !p.required {
            description.push_str(" (default: $HUAWEICLOUD_SDK_PROJECT_ID)");
        }
        rows.push(vec![
            format!("--{}", p.name),
            p.location.clone(),
            p.type_name.to_owned(),
            if p.required { "yes" } else { "no" }.to_owned(),
            description,
        ]);
    }
    if let Some(body) = op.body {
        rows.push(vec![
            "--body".to_owned(),
            "body".to_owned(),
            body.to_owned(),
            "-".to_owned(),
            "request body as JSON: --body=@FILE.json or --body='{...}'".to_owned(),
        ]);
    }
    out.push_str(&table(&rows, "  "));
    out.push_str(&format!(
        "\nResponse: {}\n",
        op.output.unwrap_or("none (an empty body)")
    ));
    let mut example = format!("hwc {label}");
    for p in op.params.iter().filter(|p| p.required) {
        example.push_str(&format!(" --{}=VALUE", p.name));
    }
    if op.body.is_some() {
        example.push_str(" --body=@body.json");
    }
    example.push_str(" --cli-region=cn-north-4");
    out.push_str(&format!("\nExample:\n  {example}\n"));
    out
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
        let text = operation_help(cce, remove);
        assert!(text.starts_with("cce RemoveNode (API v3): 节点移除\n\n  PUT /api/v3/projects/{project_id}/clusters/{cluster_id}/nodes/operation/remove\n"), "{text}");
        assert!(
            text.contains("  --cluster_id  path      string                 yes       集群 ID"),
            "{text}"
        );
        assert!(
            text.contains(
                "  --body        body      RemoveNodeRequestBody  -         request body"
            ),
            "{text}"
        );
        assert!(text.contains("Example:\n  hwc cce RemoveNode --cluster_id=VALUE --body=@body.json --cli-region=cn-north-4\n"), "{text}");
    }
}
