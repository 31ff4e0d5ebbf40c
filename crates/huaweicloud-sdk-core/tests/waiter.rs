//! Waiters against a loopback server: a job waiter returns on success, fails on a failure
//! state with the service's reason, and times out; an operation that returns a job id is
//! awaited to the job's end in one call.

mod common;

use std::time::{Duration, Instant};

use common::{Action, FaultServer};
use huaweicloud_sdk_core::meta::{Customize, OperationInfo, ParamInfo};
use huaweicloud_sdk_core::waiter::{AndWaitError, WaitError, WaitPolicy, WaiterInfo};
use huaweicloud_sdk_core::{
    AkSkCredentials, Client, Config, Operation, OperationError, ProxyConfig, ServiceInfo,
};

const SHOW_JOB: OperationInfo = OperationInfo {
    name: "ShowJob",
    method: "GET",
    path: "/v1/{project_id}/jobs/{job_id}",
    params: &[ParamInfo::path("job_id", "string", true, "")],
    output: Some("ShowJobResponse"),
    ..OperationInfo::DEFAULT
};

/// ECS's job API, as `service.toml` describes it.
const JOB: WaiterInfo = WaiterInfo {
    operation: &SHOW_JOB,
    id_param: "job_id",
    id_field: "job_id",
    status: "status",
    success: &["SUCCESS"],
    failure: &["FAIL"],
    reason: Some("fail_reason"),
};

#[derive(Debug)]
struct DeleteError;
impl std::fmt::Display for DeleteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeleteServers failed")
    }
}
impl OperationError for DeleteError {
    fn from_response(_: u16, _body: &[u8]) -> Self {
        DeleteError
    }
    fn variant(&self) -> &'static str {
        "Unhandled"
    }
}

#[derive(Debug, serde::Deserialize)]
struct DeleteOutput {
    job_id: Option<String>,
}

struct DeleteServers;
impl Operation for DeleteServers {
    const INFO: &'static OperationInfo = &OperationInfo {
        name: "DeleteServers",
        method: "POST",
        path: "/v1/{project_id}/cloudservers/delete",
        body: Some("Body"),
        output: Some("DeleteOutput"),
        ..OperationInfo::DEFAULT
    };
    type Input = serde_json::Value;
    type Body = serde_json::Value;
    type Output = DeleteOutput;
    type Error = DeleteError;
}

fn policy(timeout: Duration) -> WaitPolicy {
    WaitPolicy::new(timeout).with_delays(Duration::from_millis(5), Duration::from_millis(20))
}

/// Job `ok` succeeds on the third poll, `bad` fails on the second, `gone` is unknown, any
/// other never ends.
async fn job_server() -> FaultServer {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    let polls = Arc::new(AtomicU32::new(0));
    FaultServer::start(move |r, _| {
        let path = r.path();
        if path.ends_with("/cloudservers/delete") {
            return Action::status(200, r#"{"job_id": "ok"}"#);
        }
        let n = polls.fetch_add(1, Ordering::SeqCst) + 1;
        let status = match (path.rsplit('/').next().unwrap_or_default(), n) {
            ("ok", n) if n >= 3 => r#"{"status": "SUCCESS", "job_id": "ok"}"#,
            ("ok", _) => r#"{"status": "RUNNING", "job_id": "ok"}"#,
            ("bad", n) if n >= 2 => {
                r#"{"status": "FAIL", "fail_reason": "Ecs.0001 quota exceeded"}"#
            }
            ("gone", _) => {
                return Action::status(
                    404,
                    r#"{"error_code": "Ecs.404", "error_msg": "no such job"}"#,
                )
            }
            _ => r#"{"status": "INIT"}"#,
        };
        Action::status(200, status)
    })
    .await
}

fn client(server: &FaultServer) -> Client {
    let config = Config::new(AkSkCredentials::new("AK", "SK"))
        .with_endpoint(server.url())
        .with_proxy(ProxyConfig::Disabled)
        .with_project_id("p");
    Client::new(&config, ServiceInfo::new("ecs", "https://x")).unwrap()
}

#[tokio::test]
async fn a_job_waiter_returns_on_success() {
    let server = job_server().await;
    let job = client(&server)
        .wait_for(&JOB, "ok", &policy(Duration::from_secs(10)))
        .await
        .unwrap();
    assert_eq!(job["status"], "SUCCESS");
    assert_eq!(server.total(), 3);
    assert!(server
        .requests()
        .iter()
        .all(|r| r.path() == "/v1/p/jobs/ok"));
}

#[tokio::test]
async fn a_job_waiter_fails_on_a_failure_state() {
    let server = job_server().await;
    let err = client(&server)
        .wait_for(&JOB, "bad", &policy(Duration::from_secs(10)))
        .await
        .unwrap_err();
    match &err {
        WaitError::Failed { state, reason } => {
            assert_eq!(state, "FAIL");
            assert_eq!(reason.as_deref(), Some("Ecs.0001 quota exceeded"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("quota exceeded"), "{err}");
    assert_eq!(server.total(), 2);
    // A poll that fails ends the wait with the call's error.
    let err = client(&server)
        .wait_for(&JOB, "gone", &policy(Duration::from_secs(10)))
        .await
        .unwrap_err();
    assert!(matches!(err, WaitError::Call(_)), "{err:?}");
}

#[tokio::test]
async fn a_job_waiter_times_out() {
    let server = job_server().await;
    let started = Instant::now();
    let err = client(&server)
        .wait_for(&JOB, "slow", &policy(Duration::from_millis(200)))
        .await
        .unwrap_err();
    match &err {
        WaitError::TimedOut {
            polls, last_state, ..
        } => {
            assert!(*polls >= 2, "{polls}");
            assert_eq!(last_state, "INIT");
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    // A hanging poll is abandoned at the deadline too.
    let hang = FaultServer::start(|_, _| Action::Hang).await;
    let started = Instant::now();
    let err = client(&hang)
        .wait_for(&JOB, "x", &policy(Duration::from_millis(200)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, WaitError::TimedOut { polls: 0, .. }),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn an_operation_returning_a_job_id_is_awaited_in_one_call() {
    let server = job_server().await;
    let client = client(&server);
    let done = client
        .call::<DeleteServers>(
            serde_json::json!({"body": {"servers": []}}),
            Customize::new(),
        )
        .and_wait(&JOB, &policy(Duration::from_secs(10)))
        .await
        .unwrap();
    assert_eq!(done.output.job_id.as_deref(), Some("ok"));
    assert_eq!(done.job["status"], "SUCCESS");
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(paths[0], "/v1/p/cloudservers/delete");
    assert!(paths[1..].iter().all(|p| p == "/v1/p/jobs/ok"), "{paths:?}");
    // No job id where the waiter looks: said so.
    let other = FaultServer::start(|_, _| Action::status(200, r#"{"id": 1}"#)).await;
    let err = self::client(&other)
        .call::<DeleteServers>(serde_json::json!({"body": {}}), Customize::new())
        .and_wait(&JOB, &policy(Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert!(matches!(err, AndWaitError::NoJobId("job_id")), "{err:?}");
}
