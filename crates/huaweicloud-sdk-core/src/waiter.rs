//! Waiters: [`wait_until`] polls anything until a predicate says it is done, with exponential
//! backoff, a total timeout and terminal failure states; [`WaiterInfo`] describes a service's
//! job API (which operation queries a job, where its status is, which values end the wait), so
//! that [`Client::wait_for`] waits for any job, and [`Sending::and_wait`] sends an operation
//! that returns a job id and waits for that job's end in one call.
//!
//! ```no_run
//! use huaweicloud_sdk_core::waiter::{wait_until, Check, WaitPolicy};
//! use std::time::Duration;
//! # async fn run() {
//! let mut polls = 0;
//! let done = wait_until(
//!     &WaitPolicy::new(Duration::from_secs(600)),
//!     || { polls += 1; let n = polls; async move { Ok::<_, huaweicloud_sdk_core::SdkError>(n) } },
//!     |n: &u32| if *n >= 3 { Check::Done } else { Check::Pending(format!("poll {n}")) },
//! )
//! .await;
//! # }
//! ```

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use crate::client::Client;
use crate::error::{SdkError, UnmodeledError};
use crate::meta::{Customize, OperationInfo};
use crate::operation::{Operation, Sending};

/// How often and how long to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitPolicy {
    /// The wait before the second poll; it doubles up to `max_delay`.
    pub initial_delay: Duration,
    /// The longest wait between polls.
    pub max_delay: Duration,
    /// The whole wait, polls included.
    pub timeout: Duration,
}

impl WaitPolicy {
    /// Polls after 2 s, then 4, 8, ... up to 30 s between polls, for `timeout` in all.
    pub fn new(timeout: Duration) -> Self {
        WaitPolicy {
            initial_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
            timeout,
        }
    }

    /// Other delays between polls.
    pub fn with_delays(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_delay = initial;
        self.max_delay = max.max(initial);
        self
    }
}

impl Default for WaitPolicy {
    /// Ten minutes.
    fn default() -> Self {
        WaitPolicy::new(Duration::from_secs(600))
    }
}

/// What a predicate says of one poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Done: stop with this poll's value.
    Done,
    /// Not yet; the state, for the timeout's message.
    Pending(String),
    /// A terminal failure: the state, and why if known.
    Failed {
        /// The state reached (`FAIL`).
        state: String,
        /// The reason the service gave.
        reason: Option<String>,
    },
}

/// Why a wait did not end in success.
#[derive(Debug, thiserror::Error)]
pub enum WaitError<E> {
    /// A terminal failure state was reached.
    #[error("the wait ended in failure state {state}{}", reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default())]
    Failed {
        /// The state.
        state: String,
        /// The reason the service gave.
        reason: Option<String>,
    },
    /// The total timeout passed before the predicate held.
    #[error("still {last_state} after {elapsed:?} ({polls} polls)")]
    TimedOut {
        /// Time waited.
        elapsed: Duration,
        /// Polls made.
        polls: u32,
        /// The state of the last poll.
        last_state: String,
    },
    /// A poll failed (or the operation whose end is awaited).
    #[error(transparent)]
    Call(#[from] SdkError<E>),
}

/// Polls `poll` until `check` says [`Check::Done`] (its value is returned) or
/// [`Check::Failed`], waiting `policy`'s doubling delays between polls, for at most its
/// timeout (a poll that is still running when the time is up is abandoned). A poll's error
/// ends the wait.
pub async fn wait_until<T, E, F, Fut, P>(
    policy: &WaitPolicy,
    mut poll: F,
    mut check: P,
) -> Result<T, WaitError<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SdkError<E>>>,
    P: FnMut(&T) -> Check,
{
    let start = Instant::now();
    let deadline = start + policy.timeout;
    let mut delay = policy.initial_delay;
    let mut polls = 0u32;
    let mut last_state = "not polled".to_string();
    loop {
        let timed_out = |polls, last_state| WaitError::TimedOut {
            elapsed: start.elapsed(),
            polls,
            last_state,
        };
        let value = match tokio::time::timeout_at(deadline, poll()).await {
            Ok(v) => v?,
            Err(_) => return Err(timed_out(polls, last_state)),
        };
        polls += 1;
        match check(&value) {
            Check::Done => return Ok(value),
            Check::Failed { state, reason } => return Err(WaitError::Failed { state, reason }),
            Check::Pending(state) => {
                tracing::debug!(polls, state = %state, "waiting");
                last_state = state;
            }
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(timed_out(polls, last_state));
        }
        tokio::time::sleep(delay.min(deadline - now)).await;
        if Instant::now() >= deadline {
            return Err(timed_out(polls, last_state));
        }
        delay = (delay * 2).min(policy.max_delay);
    }
}

/// A service's job API, generated from `service.toml`'s `[[waiter]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterInfo {
    /// The operation that queries a job (`ShowJob`).
    pub operation: &'static OperationInfo,
    /// Its parameter taking the job id (`job_id`).
    pub id_param: &'static str,
    /// Where other operations' success bodies hold the job id (`job_id`, `status.jobID`).
    pub id_field: &'static str,
    /// Where the polled body holds the status (`status`, `status.phase`).
    pub status: &'static str,
    /// Statuses that end the wait in success.
    pub success: &'static [&'static str],
    /// Statuses that end it in failure.
    pub failure: &'static [&'static str],
    /// Where the polled body holds the failure reason.
    pub reason: Option<&'static str>,
}

fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .filter(|k| !k.is_empty())
        .try_fold(value, |v, key| v.get(key))
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

impl WaiterInfo {
    /// What a polled job body says.
    pub fn check(&self, job: &Value) -> Check {
        let state = text(at(job, self.status)).unwrap_or_else(|| "without status".to_string());
        if self.success.iter().any(|s| s.eq_ignore_ascii_case(&state)) {
            Check::Done
        } else if self.failure.iter().any(|s| s.eq_ignore_ascii_case(&state)) {
            Check::Failed {
                state,
                reason: self.reason.and_then(|r| text(at(job, r))),
            }
        } else {
            Check::Pending(state)
        }
    }

    /// The job id in a success body of another operation.
    pub fn job_id(&self, body: &Value) -> Option<String> {
        text(at(body, self.id_field)).filter(|s| !s.is_empty())
    }
}

impl Client {
    /// Polls `waiter`'s job operation for `job_id` until the job succeeds (its last body is
    /// returned, as JSON) or fails, within `policy`.
    pub async fn wait_for(
        &self,
        waiter: &'static WaiterInfo,
        job_id: &str,
        policy: &WaitPolicy,
    ) -> Result<Value, WaitError<UnmodeledError>> {
        let input = serde_json::json!({ waiter.id_param: job_id });
        wait_until(
            policy,
            || {
                let input = input.clone();
                async move {
                    let raw = self
                        .send_operation(waiter.operation, Ok(input), Customize::new())
                        .await
                        .map_err(SdkError::<Infallible>::cast)?;
                    crate::response::handle_json::<Value, UnmodeledError>(raw)
                }
            },
            |job| waiter.check(job),
        )
        .await
    }
}

/// The outcome of [`Sending::and_wait`]: the operation's output and the job's last body.
#[derive(Debug, Clone)]
pub struct Awaited<T> {
    /// What the operation returned (with the job id).
    pub output: T,
    /// The job's last body, as JSON.
    pub job: Value,
}

/// Why [`Sending::and_wait`] failed.
#[derive(Debug)]
pub enum AndWaitError<E> {
    /// The operation itself failed.
    Operation(SdkError<E>),
    /// Its success body has no job id where the waiter looks.
    NoJobId(&'static str),
    /// The job failed, timed out, or could not be polled.
    Job(WaitError<UnmodeledError>),
}

impl<E: fmt::Display> fmt::Display for AndWaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AndWaitError::Operation(e) => fmt::Display::fmt(e, f),
            AndWaitError::NoJobId(at) => write!(f, "the response has no job id at `{at}`"),
            AndWaitError::Job(e) => write!(f, "the job: {e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for AndWaitError<E> {}

impl<O: Operation> Sending<O> {
    /// Sends the operation, takes the job id from its response (where `waiter.id_field`
    /// says), and waits for the job's end within `policy`: one call for an operation that
    /// starts a job.
    pub async fn and_wait(
        self,
        waiter: &'static WaiterInfo,
        policy: &WaitPolicy,
    ) -> Result<Awaited<O::Output>, AndWaitError<O::Error>> {
        let Some((client, input, customize)) = self.into_parts() else {
            let e = SdkError::invalid_input("and_wait() of a call already started");
            return Err(AndWaitError::Operation(e));
        };
        let raw = client
            .send_operation(O::INFO, input, customize)
            .await
            .map_err(|e| AndWaitError::Operation(e.cast()))?;
        let output = crate::operation::decode_output::<O::Output, O::Error>(O::INFO, &raw)
            .map_err(AndWaitError::Operation)?;
        let body = serde_json::from_slice::<Value>(&raw.body).unwrap_or(Value::Null);
        let job_id = waiter
            .job_id(&body)
            .ok_or(AndWaitError::NoJobId(waiter.id_field))?;
        tracing::debug!(job_id = %job_id, "waiting for the job");
        let job = client
            .wait_for(waiter, &job_id, policy)
            .await
            .map_err(AndWaitError::Job)?;
        Ok(Awaited { output, job })
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Check::Done => f.write_str("done"),
            Check::Pending(s) => write!(f, "pending ({s})"),
            Check::Failed { state, .. } => write!(f, "failed ({state})"),
        }
    }
}
