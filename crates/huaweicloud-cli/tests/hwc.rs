//! Drives the built `hwc` binary against a local mock server (wiremock on 127.0.0.1): the
//! request that arrives (method, path, body, signature), what is printed, and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use huaweicloud_sdk_core::testing::{verify_signature, ReceivedRequest};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AK: &str = "HWCTESTAKEXAMPLE0001";
const SK: &str = "hwc-test-secret-key-do-not-print-0123456789";
const TOKEN: &str = "hwc-test-security-token-do-not-print";
const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const REMOVE_PATH: &str =
    "/api/v3/projects/0123456789abcdef0123456789abcdef/clusters/c1/nodes/operation/remove";

/// The request example of the RemoveNode page (spec-docs/cce/remove-node.zh-cn.md).
fn task() -> Value {
    json!({
        "spec": {
            "login": {"sshKey": "myKeypair"},
            "nodes": [
                {"uid": "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"},
                {"uid": "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"}
            ]
        }
    })
}

/// The response example of the same page.
fn task_response() -> Value {
    json!({
        "spec": {
            "login": {"sshKey": "myKeypair", "userPassword": {}},
            "nodes": [
                {"uid": "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"},
                {"uid": "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"}
            ]
        },
        "status": {"jobID": "2ec9b78d-9368-46f3-8f29-d1a95622a568"}
    })
}

/// A fresh directory holding `task.json`, removed on drop.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("hwc-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("task.json"),
            serde_json::to_string_pretty(&task()).unwrap(),
        )
        .unwrap();
        WorkDir(dir)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `hwc` in `dir` with only the test credentials in its environment (plus `env`;
/// an empty value unsets), feeding `stdin`. Checks that no secret is printed.
fn hwc_blocking(
    args: Vec<String>,
    env: Vec<(String, String)>,
    dir: PathBuf,
    stdin: Option<String>,
) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hwc"));
    cmd.args(&args)
        .current_dir(&dir)
        .env_clear()
        .env("HUAWEICLOUD_SDK_AK", AK)
        .env("HUAWEICLOUD_SDK_SK", SK)
        .env("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT)
        .envs(env)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("hwc runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    for secret in [AK, SK, TOKEN] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret was printed: {run:?}"
        );
    }
    run
}

async fn hwc_with(args: &[&str], env: &[(&str, &str)], dir: &Path, stdin: Option<&str>) -> Run {
    let args = args.iter().map(|s| s.to_string()).collect();
    let env = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let dir = dir.to_owned();
    let stdin = stdin.map(str::to_owned);
    tokio::task::spawn_blocking(move || hwc_blocking(args, env, dir, stdin))
        .await
        .unwrap()
}

async fn hwc(args: &[&str], dir: &Path) -> Run {
    hwc_with(args, &[], dir, None).await
}

/// Checks the one request the server received and returns it.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "{received:#?}");
    received.pop().unwrap()
}

fn header<'a>(req: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).map(|v| v.to_str().unwrap())
}

fn assert_signed(req: &wiremock::Request) {
    let received = ReceivedRequest::from_http(
        req.method.as_str(),
        req.url.path(),
        req.url.query(),
        &req.headers,
        &req.body,
    );
    verify_signature(&received, AK, SK).expect("the request is signed with the test AK/SK");
}

#[tokio::test(flavor = "multi_thread")]
async fn remove_node_sends_the_documented_request_and_prints_the_response() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(REMOVE_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(task_response())
                .insert_header("X-Request-Id", "req-ok-1"),
        )
        .mount(&server)
        .await;
    let dir = WorkDir::new("remove-node");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc(
        &[
            "cce",
            "RemoveNode",
            "--cluster_id=c1",
            "--body=@task.json",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    // The decoded response, as indented JSON.
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed, task_response());
    assert_eq!(
        run.stdout,
        serde_json::to_string_pretty(&task_response()).unwrap() + "\n"
    );

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "PUT");
    assert_eq!(req.url.path(), REMOVE_PATH);
    assert_eq!(req.url.query(), None);
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body, task(), "the body is the file's JSON");
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert_eq!(header(&req, "x-project-id"), Some(PROJECT));
    assert!(header(&req, "x-security-token").is_none());
    assert_signed(&req);
}

#[tokio::test(flavor = "multi_thread")]
async fn service_name_any_case_project_override_inline_body_and_table_output() {
    let server = MockServer::start().await;
    let other_path = "/api/v3/projects/p-other/clusters/c%2F2/nodes/operation/remove";
    Mock::given(method("PUT"))
        .and(path(other_path))
        .respond_with(ResponseTemplate::new(200).set_body_json(task_response()))
        .mount(&server)
        .await;
    let dir = WorkDir::new("table");
    let body = format!("--body={}", task());
    let run = hwc_with(
        &[
            "CCE",
            "RemoveNode",
            "--cluster_id",
            "c/2",
            &body,
            "--project_id=p-other",
            "--cli-output=table",
            "--cli-endpoint",
            &server.uri(),
        ],
        &[("HUAWEICLOUD_SDK_SECURITY_TOKEN", TOKEN)],
        &dir.0,
        None,
    )
    .await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    assert_eq!(
        run.stdout,
        "\
+-------------------------+--------------------------------------+
| KEY                     | VALUE                                |
+-------------------------+--------------------------------------+
| spec.login.sshKey       | myKeypair                            |
| spec.login.userPassword | {}                                   |
| spec.nodes[0].uid       | xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx |
| spec.nodes[1].uid       | yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy |
| status.jobID            | 2ec9b78d-9368-46f3-8f29-d1a95622a568 |
+-------------------------+--------------------------------------+
"
    );
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), other_path);
    assert_eq!(header(&req, "x-project-id"), Some("p-other"));
    assert_eq!(header(&req, "x-security-token"), Some(TOKEN));
    assert_eq!(serde_json::from_slice::<Value>(&req.body).unwrap(), task());
    assert_signed(&req);
}

#[tokio::test(flavor = "multi_thread")]
async fn service_error_prints_status_code_message_request_id_and_exits_1() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(REMOVE_PATH))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({
                    "error_code": "CCE.01400001",
                    "error_msg": "Invalid request: node xxxxxxxx not found"
                }))
                .insert_header("X-Request-Id", "0d2a5b6c-req-400"),
        )
        .mount(&server)
        .await;
    let dir = WorkDir::new("service-error");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc(
        &[
            "cce",
            "RemoveNode",
            "--cluster_id=c1",
            "--body=@task.json",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "\
hwc: error: cce RemoveNode failed: the service answered HTTP 400
status:     400
error_code: CCE.01400001
error_msg:  Invalid request: node xxxxxxxx not found
request_id: 0d2a5b6c-req-400
"
    );
    only_request(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn service_error_without_json_body_uses_the_status_as_code() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(500).set_body_string("upstream broke"))
        .mount(&server)
        .await;
    let dir = WorkDir::new("service-error-text");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc(
        &[
            "roma",
            "DeleteBackendInstanceV2",
            "--instance_id=i",
            "--vpc_channel_id=v",
            "--member_id=m",
            "--cli-retry-count=0",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stderr,
        "\
hwc: error: roma DeleteBackendInstanceV2 failed: the service answered HTTP 500
status:     500
error_code: 500
error_msg:  upstream broke
request_id: (none)
"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn operation_without_body_or_response_prints_its_status() {
    let server = MockServer::start().await;
    let expected = format!("/v2/{PROJECT}/apic/instances/i-1/vpc-channels/vpc-1/members/m%201");
    Mock::given(method("DELETE"))
        .and(path(expected.as_str()))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let dir = WorkDir::new("roma");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc(
        &[
            "Roma",
            "DeleteBackendInstanceV2",
            "--instance_id=i-1",
            "--vpc_channel_id=vpc-1",
            "--member_id=m 1",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "status: 204, request_id: (none)\n", "")
    );
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "DELETE");
    assert_eq!(req.url.path(), expected);
    assert!(req.body.is_empty());
    assert_signed(&req);
}

#[tokio::test(flavor = "multi_thread")]
async fn array_body_from_standard_input() {
    let server = MockServer::start().await;
    let expected = format!("/v1.0/{PROJECT}/elbaas/listeners/l-1/members");
    Mock::given(method("POST"))
        .and(path(expected.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": "j-1"})))
        .mount(&server)
        .await;
    let dir = WorkDir::new("elb");
    let endpoint = format!("--endpoint={}", server.uri());
    let members =
        json!([{"server_id": "dbecb618-2259-405f-ab17-9b68c4f541b0", "address": "172.16.0.31"}]);
    let run = hwc_with(
        &[
            "elb",
            "CreateMembers",
            "--cli-api-version=v1",
            "--listener_id=l-1",
            "--body=@-",
            &endpoint,
        ],
        &[],
        &dir.0,
        Some(&members.to_string()),
    )
    .await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        json!({"job_id": "j-1"})
    );
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(serde_json::from_slice::<Value>(&req.body).unwrap(), members);
    assert_signed(&req);
}

#[tokio::test(flavor = "multi_thread")]
async fn unreachable_endpoint_exits_1() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = WorkDir::new("unreachable");
    let endpoint = format!("--endpoint=http://127.0.0.1:{port}");
    let run = hwc(
        &[
            "cce",
            "RemoveNode",
            "--cluster_id=c1",
            "--body=@task.json",
            "--cli-retry-count=0",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("hwc: error: cce RemoveNode failed: transport error after 1 attempt(s)"),
        "{run:?}"
    );
}

/// A bad-input case: what it is, the arguments, extra environment, the expected message.
type Case<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);

/// Every kind of bad input: exit code 2, a message naming what is wrong and what is
/// expected, nothing on standard output, nothing sent.
#[tokio::test(flavor = "multi_thread")]
async fn bad_input_exits_2_names_the_problem_and_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(task_response()))
        .mount(&server)
        .await;
    let dir = WorkDir::new("bad-input");
    std::fs::write(dir.0.join("broken.json"), "{\"spec\": {\"login\": ").unwrap();
    let ep = format!("--endpoint={}", server.uri());
    let ep = ep.as_str();
    let ok = [
        "cce",
        "RemoveNode",
        "--cluster_id=c1",
        "--body=@task.json",
        ep,
    ];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        ok.iter().copied().chain(extra.iter().copied()).collect()
    };
    let unknown_service = format!(
        "hwc: error: unknown service `nosuch`: expected one of {}\nRun `hwc --help` to list the services.\n",
        spec_services().join(", ")
    );
    let no_service = format!(
        "hwc: error: missing the service: expected `hwc <SERVICE> <Operation> [--name=value ...]` with SERVICE one of {}",
        spec_services().join(", ")
    );
    let cases: Vec<Case> = vec![
        (
            "unknown service",
            vec!["nosuch", "RemoveNode", ep],
            vec![],
            &unknown_service,
        ),
        (
            "unknown operation",
            vec!["cce", "FrobnicateWidgets", "--cluster_id=c1", ep],
            vec![],
            "hwc: error: service `cce` has no operation `FrobnicateWidgets`: expected one of its ",
        ),
        (
            "missing required parameter",
            vec!["cce", "RemoveNode", "--body=@task.json", ep],
            vec![],
            "hwc: error: missing required parameter of cce RemoveNode: --cluster_id (path string, 集群 ID，获取方式请参见如何获取接口URI中参数。)\nRun `hwc cce RemoveNode --help` for its parameters.\n",
        ),
        (
            "empty path parameter",
            vec!["cce", "RemoveNode", "--cluster_id=", "--body=@task.json", ep],
            vec![],
            "hwc: error: --cluster_id is empty: expected a value (it is part of the path {cluster_id})\n",
        ),
        (
            "missing body",
            vec!["cce", "RemoveNode", "--cluster_id=c1", ep],
            vec![],
            "hwc: error: missing required parameter `body` of `RemoveNode`: expected --body=@FILE.json or --body='{...}' with JSON of type `RemoveNodeRequestBody`\n",
        ),
        (
            "body without a required field",
            vec!["cce", "RemoveNode", "--cluster_id=c1", "--body={\"kind\": \"RemoveNodesTask\"}", ep],
            vec![],
            "hwc: error: the request body does not match `RemoveNodeRequestBody`: body: missing field `spec`\n",
        ),
        (
            "body field of the wrong type",
            vec!["cce", "RemoveNode", "--cluster_id=c1", "--body={\"spec\": {\"nodes\": \"n1\"}}", ep],
            vec![],
            "hwc: error: the request body does not match `RemoveNodeRequestBody`: body.spec.nodes: invalid type: string, expected a sequence\n",
        ),
        (
            "body field the page does not document",
            vec!["cce", "RemoveNode", "--cluster_id=c1", "--body={\"spec\": {\"nodes\": [], \"loginn\": {}}}", ep],
            vec![],
            "hwc: error: the request body does not match `RemoveNodeRequestBody`: unknown field body.spec.loginn: the operation does not document it\n",
        ),
        (
            "body that is not JSON",
            vec!["cce", "RemoveNode", "--cluster_id=c1", "--body=@broken.json", ep],
            vec![],
            "hwc: error: the body in file `broken.json` is not valid JSON: EOF while parsing a value at line 1 column 19; expected JSON of type `RemoveNodeRequestBody`\n",
        ),
        (
            "body file that does not exist",
            vec!["cce", "RemoveNode", "--cluster_id=c1", "--body=@nope.json", ep],
            vec![],
            "hwc: error: cannot read the --body file `nope.json`: No such file or directory (os error 2); expected a file with JSON of type `RemoveNodeRequestBody`\n",
        ),
        (
            "body for an operation without one",
            vec!["roma", "DeleteBackendInstanceV2", "--instance_id=i", "--vpc_channel_id=v", "--member_id=m", "--body={}", ep],
            vec![],
            "hwc: error: roma DeleteBackendInstanceV2 takes no request body, but --body was given\n",
        ),
        (
            "unknown parameter",
            with(&["--clusterid=c1"]),
            vec![],
            "hwc: error: unknown parameter --clusterid for cce RemoveNode: expected one of --cluster_id, --body, --apiVersion..., --kind..., --spec..., --status..., --endpoint\n",
        ),
        (
            "parameter given twice",
            with(&["--cluster_id=c2"]),
            vec![],
            "hwc: error: --cluster_id is given twice: expected it once (it is a string)\n",
        ),
        (
            "parameter without value",
            with(&["--cluster_id"]),
            vec![],
            "hwc: error: option --cluster_id needs a value: expected --cluster_id=VALUE\n",
        ),
        (
            "stray argument",
            with(&["c1"]),
            vec![],
            "hwc: error: unexpected argument `c1`: expected `hwc <SERVICE> <Operation>` followed by --name=value options\n",
        ),
        (
            "unknown --cli option",
            with(&["--cli-regoin=cn-north-4"]),
            vec![],
            "hwc: error: unknown option --cli-regoin: expected one of --cli-region, --cli-endpoint, --cli-output, --cli-api-version, --cli-retry-count, --cli-connect-timeout, --cli-read-timeout, --cli-profile,",
        ),
        (
            "unknown output format",
            with(&["--cli-output=yaml"]),
            vec![],
            "hwc: error: unknown output format --cli-output=yaml: expected json, table or tsv\n",
        ),
        (
            "unknown API version",
            with(&["--cli-api-version=v2"]),
            vec![],
            "hwc: error: service `cce` has no API version `v2`: expected --cli-api-version=v1|v3\n",
        ),
        (
            "two endpoints",
            with(&["--cli-endpoint=http://127.0.0.1:1"]),
            vec![],
            "hwc: error: both --endpoint and --cli-endpoint are given: expected one of them\n",
        ),
        (
            "endpoint that is not http",
            vec!["cce", "RemoveNode", "--cluster_id=c1", "--body=@task.json", "--endpoint=ftp://127.0.0.1"],
            vec![],
            "hwc: error: cannot work out the endpoint of cce: endpoint \"ftp://127.0.0.1\" must use http or https\n",
        ),
        (
            "no service",
            vec![ep],
            vec![],
            &no_service,
        ),
        (
            "no operation",
            vec!["cce", ep],
            vec![],
            "hwc: error: missing the operation: expected `hwc cce <Operation> [--name=value ...]`\n",
        ),
        (
            "no credentials",
            ok.to_vec(),
            vec![("HUAWEICLOUD_SDK_AK", ""), ("HUAWEICLOUD_SDK_SK", "")],
            "hwc: error: no credentials for cce RemoveNode: expected --cli-access-key and --cli-secret-key, $HUAWEICLOUD_SDK_AK and $HUAWEICLOUD_SDK_SK, or a profile (`hwc configure init`)\n",
        ),
        (
            "secret key without access key",
            ok.to_vec(),
            vec![("HUAWEICLOUD_SDK_AK", "")],
            "hwc: error: unusable credentials: credentials error: HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not",
        ),
        (
            "no region and no endpoint",
            vec!["cce", "RemoveNode", "--cluster_id=c1", "--body=@task.json"],
            vec![],
            "hwc: error: no region or endpoint for cce RemoveNode: expected --cli-region=REGION (e.g. cn-north-4), --endpoint=URL, $HUAWEICLOUD_SDK_REGION, or a profile's region\n",
        ),
    ];
    let mut failures = Vec::new();
    for (what, args, env, expected) in &cases {
        let run = hwc_with(args, env, &dir.0, None).await;
        let ok = run.code == 2 && run.stdout.is_empty() && run.stderr.starts_with(expected);
        if !ok {
            failures.push(format!(
                "{what}: hwc {}\n  expected exit 2 and stderr starting with:\n{expected}\n  got {run:#?}",
                args.join(" ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let received = server.received_requests().await.unwrap();
    assert!(received.is_empty(), "bad input was sent: {received:#?}");
    // The same command with good input does reach the server (the cases above are not
    // rejected for some reason they share).
    let run = hwc(&ok, &dir.0).await;
    assert_eq!(run.code, 0, "{run:?}");
    only_request(&server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn help_lists_services_operations_and_parameters_without_credentials() {
    let dir = WorkDir::new("help");
    let no_creds = [("HUAWEICLOUD_SDK_AK", ""), ("HUAWEICLOUD_SDK_SK", "")];

    let run = hwc_with(&["--help"], &no_creds, &dir.0, None).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // A line per service of spec-docs/, with its operation count and API versions.
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Services (names are case-insensitive):"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    let names: Vec<&str> = listed
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, spec_services(), "{}", run.stdout);
    assert!(
        listed.contains(&"  roma  1 operation (API v2)"),
        "{listed:?}"
    );
    let total: usize = listed
        .iter()
        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok())
        .sum();
    assert!(total >= 1300, "{total} operations: {listed:?}");
    assert!(run.stdout.contains("--cli-output=json|table|tsv"));

    let run = hwc_with(&["CCE", "--help"], &no_creds, &dir.0, None).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let line = |text: &str, name: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    assert_eq!(
        line(&run.stdout, "RemoveNode").as_deref(),
        Some("RemoveNode v3 节点移除"),
        "{}",
        run.stdout
    );
    let run = hwc_with(&["elb", "-h"], &no_creds, &dir.0, None).await;
    assert_eq!(
        line(&run.stdout, "RemoveMembers").as_deref(),
        Some("RemoveMembers v1 Removing Backend ECSs"),
        "{}",
        run.stdout
    );

    let run = hwc_with(&["cce", "RemoveNode", "--help"], &no_creds, &dir.0, None).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, include_str!("remove_node_help.txt"));

    let run = hwc_with(&["--version"], &no_creds, &dir.0, None).await;
    assert_eq!(run.stdout, format!("hwc {}\n", env!("CARGO_PKG_VERSION")));
}

/// The services of `spec-docs/`, sorted: what `hwc` must know.
fn spec_services() -> Vec<String> {
    let mut dirs: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec-docs"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("service.toml").exists())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
    dirs.sort();
    dirs
}

/// Shipped services, called as a user would: ECS `ListServersDetails`, EVS `CreateVolume` (its
/// page's example body), VPC `ListVpcs`, each signed, on the documented method and path with
/// `X-Project-Id`; and IAM `KeystoneListProjects` with no domain id configured: one lookup at
/// IAM's endpoint (`GET /v3/auth/domains`), then the call with `X-Domain-Id` and no
/// `X-Project-Id`.
#[tokio::test(flavor = "multi_thread")]
async fn shipped_services_send_what_their_pages_document() {
    let volume = json!({"volume": {"name": "test_volume_3", "availability_zone": "cn-north-1a",
        "volume_type": "SATA", "size": 120, "count": 1}});
    let volume_text = volume.to_string();
    // (service, arguments, method, path, body)
    type Call<'a> = (&'a str, Vec<&'a str>, &'a str, String, Option<&'a Value>);
    let cases: [Call; 3] = [
        (
            "ecs",
            vec!["ListServersDetails", "--limit=10"],
            "GET",
            format!("/v1/{PROJECT}/cloudservers/detail"),
            None,
        ),
        (
            "evs",
            vec!["CreateVolume", "--cli-api-version=v2"],
            "POST",
            format!("/v2.1/{PROJECT}/cloudvolumes"),
            Some(&volume),
        ),
        (
            "vpc",
            vec!["ListVpcs", "--cli-api-version=v1"],
            "GET",
            format!("/v1/{PROJECT}/vpcs"),
            None,
        ),
    ];
    for (service, args, want_method, want_path, body) in cases {
        let server = MockServer::start().await;
        Mock::given(method(want_method))
            .and(path(want_path.as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&server)
            .await;
        let dir = WorkDir::new(service);
        let endpoint = format!("--endpoint={}", server.uri());
        let body_arg = format!("--body={volume_text}");
        let mut all: Vec<&str> = vec![service];
        all.extend(args.iter().copied());
        if body.is_some() {
            all.push(&body_arg);
        }
        all.push(&endpoint);
        let run = hwc(&all, &dir.0).await;
        assert_eq!(run.code, 0, "{service}: {run:?}");
        let req = only_request(&server).await;
        assert_eq!(req.method.as_str(), want_method, "{service}");
        assert_eq!(req.url.path(), want_path, "{service}");
        assert_eq!(header(&req, "x-project-id"), Some(PROJECT), "{service}");
        assert_signed(&req);
        if let Some(b) = body {
            let sent: Value = serde_json::from_slice(&req.body).unwrap();
            assert_eq!(&sent, b, "{service}");
        }
        if service == "ecs" {
            assert_eq!(req.url.query(), Some("limit=10"));
        }
    }

    // IAM: global, no domain id configured.
    let iam = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/auth/domains"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"domains": [{"id": "d-0042", "name": "acme"}]})),
        )
        .mount(&iam)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"projects": []})))
        .mount(&iam)
        .await;
    let dir = WorkDir::new("iam");
    let run = hwc_with(
        &["iam", "KeystoneListProjects", "--name=cn-north-4"],
        &[
            ("HUAWEICLOUD_SDK_IAM_ENDPOINT", iam.uri().as_str()),
            ("HUAWEICLOUD_SDK_ENDPOINT", iam.uri().as_str()),
        ],
        &dir.0,
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let received = iam.received_requests().await.unwrap();
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        ["/v3/auth/domains", "/v3/projects"],
        "one lookup, then the call"
    );
    let call = &received[1];
    assert_eq!(header(call, "x-domain-id"), Some("d-0042"));
    assert_eq!(header(call, "x-project-id"), None);
    assert_eq!(call.url.query(), Some("name=cn-north-4"));
    for r in &received {
        assert_signed(r);
    }
}

// ---- KooCLI habits (issue 15): profiles, body flags, JSON input, skeleton, output, dry run,
// waiter, paging. ----

/// The environment of a run without the test credentials: only what `extra` gives, a
/// temporary HOME.
fn no_env_credentials<'a>(home: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut env = vec![
        ("HUAWEICLOUD_SDK_AK", ""),
        ("HUAWEICLOUD_SDK_SK", ""),
        ("HUAWEICLOUD_SDK_PROJECT_ID", ""),
        ("HOME", home),
    ];
    env.extend_from_slice(extra);
    env
}

#[tokio::test(flavor = "multi_thread")]
async fn profile_written_by_configure_set_signs_a_request_that_verifies() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(REMOVE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(task_response()))
        .mount(&server)
        .await;
    let dir = WorkDir::new("profile");
    let home = dir.0.join("home");
    let home = home.to_str().unwrap();
    let env = no_env_credentials(home, &[]);
    let ak = format!("--cli-access-key={AK}");
    let sk = format!("--cli-secret-key={SK}");
    let project = format!("--cli-project-id={PROJECT}");
    let run = hwc_with(
        &[
            "configure",
            "set",
            "--cli-profile=p1",
            &ak,
            &sk,
            "--cli-region=cn-north-4",
            &project,
        ],
        &env,
        &dir.0,
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let file = dir.0.join("home/.hwc/config.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let show = hwc_with(
        &["configure", "show", "--cli-profile=p1"],
        &env,
        &dir.0,
        None,
    )
    .await;
    assert_eq!(show.code, 0, "{show:?}");
    let shown: Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(shown["secret_key"], "****");
    assert_eq!(shown["access_key"], "HWCT****0001");
    assert_eq!(shown["default"], true);
    let list = hwc_with(&["configure", "list"], &env, &dir.0, None).await;
    assert!(list.stdout.contains("*  p1"), "{list:?}");

    // The default profile signs the call.
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc_with(
        &[
            "cce",
            "RemoveNode",
            "--cluster_id=c1",
            "--body=@task.json",
            &endpoint,
        ],
        &env,
        &dir.0,
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let req = only_request(&server).await;
    assert_signed(&req);
    assert_eq!(header(&req, "x-project-id"), Some(PROJECT));

    // A profile that is not there: exit 2, naming it and the ones there are; nothing sent.
    let run = hwc_with(
        &[
            "cce",
            "RemoveNode",
            "--cluster_id=c1",
            "--body=@task.json",
            &endpoint,
            "--cli-profile=nope",
        ],
        &env,
        &dir.0,
        None,
    )
    .await;
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("no profile named `nope`") && run.stderr.contains("expected one of p1"),
        "{run:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let del = hwc_with(
        &["configure", "delete", "--cli-profile=p1"],
        &env,
        &dir.0,
        None,
    )
    .await;
    assert_eq!(del.code, 0, "{del:?}");
    assert!(del.stdout.contains("no profile is left"), "{del:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn body_flags_build_a_nested_body_with_arrays() {
    let server = MockServer::start().await;
    let action = format!("/v1/{PROJECT}/cloudservers/action");
    Mock::given(method("POST"))
        .and(path(action.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": "j1"})))
        .mount(&server)
        .await;
    let dir = WorkDir::new("body-flags");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc(
        &[
            "ecs",
            "BatchStopServers",
            "--os-stop.servers.2.id=b",
            "--os-stop.type=SOFT",
            "--os-stop.servers.1.id=a",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let req = only_request(&server).await;
    assert_signed(&req);
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(
        body,
        json!({"os-stop": {"servers": [{"id": "a"}, {"id": "b"}], "type": "SOFT"}})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn json_input_with_a_flag_override_and_the_skeleton_round_trip() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(REMOVE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(task_response()))
        .mount(&server)
        .await;
    let dir = WorkDir::new("json-input");
    let endpoint = format!("--endpoint={}", server.uri());
    std::fs::write(
        dir.0.join("in.json"),
        serde_json::to_string(&json!({"path": {"cluster_id": "c1"}, "body": task()})).unwrap(),
    )
    .unwrap();
    let run = hwc(
        &[
            "cce",
            "RemoveNode",
            "--cli-jsonInput=in.json",
            "--spec.nodes.2.uid=zzz",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let req = only_request(&server).await;
    let mut expected = task();
    expected["spec"]["nodes"][1]["uid"] = json!("zzz");
    assert_eq!(
        serde_json::from_slice::<Value>(&req.body).unwrap(),
        expected
    );
    assert_eq!(req.url.path(), REMOVE_PATH);

    // --skeleton, filled in with the page's example and passed back, sends that example.
    let skeleton = hwc(&["cce", "RemoveNode", "--skeleton"], &dir.0).await;
    assert_eq!(skeleton.code, 0, "{skeleton:?}");
    let (values, described) = skeleton
        .stdout
        .split_once("--------------------------------- After the skeleton")
        .unwrap();
    assert!(described.contains("\"Required\": true"), "{described}");
    let values: Value = serde_json::from_str(values).unwrap();
    fn fill(skeleton: &Value, example: &Value) -> Value {
        match (skeleton, example) {
            (Value::Object(s), Value::Object(e)) => Value::Object(
                e.iter()
                    .map(|(k, v)| {
                        let slot = s.get(k).unwrap_or_else(|| panic!("the skeleton lacks {k}"));
                        (k.clone(), fill(slot, v))
                    })
                    .collect(),
            ),
            (Value::Array(s), Value::Array(e)) => {
                Value::Array(e.iter().map(|v| fill(&s[0], v)).collect())
            }
            (_, e) => e.clone(),
        }
    }
    let filled = json!({
        "path": {"cluster_id": fill(&values["path"]["cluster_id"], &json!("c1"))},
        "body": fill(&values["body"], &task()),
    });
    std::fs::write(
        dir.0.join("filled.json"),
        serde_json::to_string(&filled).unwrap()
            + "\n--------------------------------- After the skeleton"
            + described,
    )
    .unwrap();
    let run = hwc(
        &[
            "cce",
            "RemoveNode",
            "--cli-jsonInput=filled.json",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(
        serde_json::from_slice::<Value>(&received[1].body).unwrap(),
        task()
    );
    assert_eq!(received[1].url.path(), REMOVE_PATH);
}

#[tokio::test(flavor = "multi_thread")]
async fn dryrun_shows_the_signed_request_without_secrets_and_sends_nothing() {
    let server = MockServer::start().await;
    let dir = WorkDir::new("dryrun");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc_with(
        &[
            "ecs",
            "ResetServerPassword",
            "--server_id=s1",
            "--reset-password.new_password=Hunter2-secret!",
            &endpoint,
            "--dryrun",
        ],
        &[("HUAWEICLOUD_SDK_SECURITY_TOKEN", TOKEN)],
        &dir.0,
        None,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("Hunter2"), "{}", run.stdout);
    let host = server.uri().trim_start_matches("http://").to_owned();
    assert!(
        run.stdout.contains(&format!(
            "PUT {}/v1/{PROJECT}/cloudservers/s1/os-reset-password\n",
            server.uri()
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("host: {host}\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("authorization: SDK-HMAC-SHA256 Access=****, SignedHeaders="),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("x-security-token: ****\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"new_password\": \"****\""),
        "{}",
        run.stdout
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn query_output_formats_and_empty_success() {
    let server = MockServer::start().await;
    let ports = format!("/v1/{PROJECT}/ports");
    Mock::given(method("GET"))
        .and(path(ports.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ports": [
            {"id": "p1", "status": "ACTIVE"}, {"id": "p2", "status": "DOWN"}
        ]})))
        .mount(&server)
        .await;
    let group = format!("/v1/{PROJECT}/cloudservers/os-server-groups/g1");
    Mock::given(method("DELETE"))
        .and(path(group.as_str()))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-Id", "req-del-1"))
        .mount(&server)
        .await;
    let dir = WorkDir::new("query");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc(
        &[
            "vpc",
            "ListPorts",
            &endpoint,
            "--cli-query=ports[?status=='ACTIVE'].id",
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        json!(["p1"])
    );
    let run = hwc(
        &[
            "vpc",
            "ListPorts",
            &endpoint,
            "--cli-query=ports",
            "--cli-output=tsv",
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.stdout, "p1\tACTIVE\np2\tDOWN\n", "{run:?}");
    let run = hwc(
        &[
            "ecs",
            "DeleteServerGroup",
            "--server_group_id=g1",
            &endpoint,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "status: 204, request_id: req-del-1\n"),
        "{run:?}"
    );
    let run = hwc(
        &[
            "ecs",
            "DeleteServerGroup",
            "--server_group_id=g1",
            &endpoint,
            "--debug",
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("[DEBUG] request: DELETE {}{group}", server.uri())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("[DEBUG] attempt 1: status 204"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("request id req-del-1"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn waiter_reaches_its_value_and_one_times_out() {
    let server = MockServer::start().await;
    let job = format!("/v1/{PROJECT}/jobs/j1");
    Mock::given(method("GET"))
        .and(path(job.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"job_id": "j1", "status": "RUNNING"})),
        )
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(job.as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"job_id": "j1", "status": "SUCCESS"})),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let dir = WorkDir::new("waiter");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc(
        &[
            "ecs",
            "ShowJob",
            "--job_id=j1",
            &endpoint,
            r#"--cli-waiter={"expr":"status","to":"SUCCESS","timeout":30,"interval":0.2}"#,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap()["status"],
        "SUCCESS"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    let run = hwc(
        &[
            "ecs",
            "ShowJob",
            "--job_id=j1",
            &endpoint,
            r#"--cli-waiter={"expr":"status","to":"FAIL","timeout":0.5,"interval":0.2}"#,
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(
            "--cli-waiter timed out after 0.5 s: `status` gave `SUCCESS`, expected `FAIL`"
        ),
        "{run:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pagination_collects_three_pages() {
    use wiremock::matchers::query_param;
    let server = MockServer::start().await;
    let ports = format!("/v1/{PROJECT}/ports");
    let page = |ids: &[&str]| {
        ResponseTemplate::new(200).set_body_json(
            json!({"ports": ids.iter().map(|i| json!({"id": i})).collect::<Vec<_>>()}),
        )
    };
    Mock::given(method("GET"))
        .and(path(ports.as_str()))
        .and(query_param("marker", "b"))
        .respond_with(page(&["c", "d"]))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ports.as_str()))
        .and(query_param("marker", "d"))
        .respond_with(page(&["e"]))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ports.as_str()))
        .respond_with(page(&["a", "b"]))
        .with_priority(2)
        .mount(&server)
        .await;
    let dir = WorkDir::new("paginate");
    let endpoint = format!("--endpoint={}", server.uri());
    let run = hwc(
        &[
            "vpc",
            "ListPorts",
            "--limit=2",
            &endpoint,
            "--cli-paginate",
            "--cli-query=ports[].id",
        ],
        &dir.0,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        json!(["a", "b", "c", "d", "e"])
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    let run = hwc(
        &[
            "vpc",
            "ListPorts",
            "--limit=2",
            &endpoint,
            "--cli-paginate",
            "--cli-max-items=3",
            "--cli-query=ports[].id",
        ],
        &dir.0,
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        json!(["a", "b", "c"]),
        "{run:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn koocli_bad_input_exits_2_names_it_and_sends_nothing() {
    let server = MockServer::start().await;
    let dir = WorkDir::new("koocli-bad");
    let endpoint = format!("--endpoint={}", server.uri());
    let cases: &[(&[&str], &str)] = &[
        (&["cce", "RemoveNode", "--cluster_id=c1", "--bogus=1"], "unknown parameter --bogus for cce RemoveNode: expected one of"),
        (&["cce", "RemoveNode", "--cluster_id=c1", "--spec.nodes.0.uid=x"], "bad index in --spec.nodes.0.uid: `0` is not an index of spec.nodes (array<object>): expected a 1-based index, e.g. --spec.nodes.1.uid"),
        (&["cce", "RemoveNode", "--cluster_id=c1", "--spec.nodes.2.uid=x"], "index gap at --spec.nodes.2"),
        (&["cce", "RemoveNode", "--cluster_id=c1", "--spec.nodez.1.uid=x"], "unknown body field --spec.nodez.1.uid: spec (object) has no field `nodez`: expected one of `login`, `nodes`"),
        (&["cce", "RemoveNode", "--cluster_id=c1", "--spec.login.sshKey.x=1"], "unknown body field --spec.login.sshKey.x"),
        (&["vpc", "ListPorts", "--cli-query=ports[?"], "--cli-query=ports[? is not a valid JMESPath expression"),
        (&["vpc", "ListPorts", "--cli-profile=nope"], "no profile named `nope`"),
        (&["vpc", "ListPorts", "--cli-waiter={\"to\":1}"], "--cli-waiter: `expr` is missing"),
        (&["vpc", "ListPorts", "--cli-max-items=2"], "--cli-max-items is given without --cli-paginate"),
        (&["ecs", "DeleteServerGroup", "--server_group_id=g", "--cli-paginate"], "does not page"),
        (&["cce", "RemoveNode", "--cli-jsonInput=missing.json"], "cannot read the --cli-jsonInput file `missing.json`"),
        (&["vpc", "ListPorts", "--cli-output=xml"], "expected json, table or tsv"),
    ];
    for (args, expected) in cases {
        let mut args = args.to_vec();
        args.push(&endpoint);
        let run = hwc_with(&args, &[("HOME", dir.0.to_str().unwrap())], &dir.0, None).await;
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn operation_help_flattens_the_body_and_completion_lists_operations() {
    let dir = WorkDir::new("help-body");
    let run = hwc(&["ecs", "BatchStopServers", "--help"], &dir.0).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("  --os-stop.servers.[N].id  required  string"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Example:\n  hwc ecs BatchStopServers --cli-region=cn-north-4 --os-stop.type=HARD --os-stop.servers.1.id="), "{}", run.stdout);
    for shell in ["bash", "zsh", "fish"] {
        let run = hwc(&["completion", shell], &dir.0).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stdout.contains("RemoveNode") && run.stdout.contains("cli-profile"),
            "{shell}"
        );
    }
    let run = hwc(&["completion", "tcsh"], &dir.0).await;
    assert_eq!(run.code, 2, "{run:?}");
}
