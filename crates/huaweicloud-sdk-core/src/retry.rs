//! Retry policy: which failures are retried, how long to wait between attempts.
//!
//! Retried: connection failures, HTTP 429, 502, 503 and 504, and (for requests
//! safe to repeat) failures after the request was sent. A request that is not
//! safe to repeat (POST, PATCH, unless the operation is marked idempotent) is
//! retried only when the connection could not be established at all, that is,
//! when the request cannot have reached the server.

use std::time::{Duration, SystemTime};

use rand::Rng;

/// How to retry failed attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff 100 ms doubling up to 20 s with jitter, and
    /// `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy with `max_attempts` attempts in all (at least 1).
    pub fn new(max_attempts: u32) -> Self {
        RetryPolicy::default().with_max_attempts(max_attempts)
    }

    /// A single attempt, no retries.
    pub fn disabled() -> Self {
        RetryPolicy::new(1)
    }

    /// Maximum number of attempts, the first one included (at least 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles for each further retry.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The upper bound of the exponential backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Turns the random jitter on or off (on by default).
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` that is waited for; a longer one ends the
    /// retries and the response is returned as is.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Maximum number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest `Retry-After` honoured.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The wait before retry number `retry` (1 for the first retry):
    /// `min(max_backoff, initial_backoff * 2^(retry-1))`, and with jitter a
    /// uniformly random duration between half of that and all of it.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = retry.saturating_sub(1).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        if !self.jitter || base.is_zero() {
            return base;
        }
        let half = base / 2;
        let span = base - half;
        let extra = rand::rng().random_range(0..=span.as_nanos().min(u128::from(u64::MAX)) as u64);
        half + Duration::from_nanos(extra)
    }
}

/// What happened to one attempt, as a [`RetryClassifier`] sees it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum AttemptOutcome<'a> {
    /// A response, whatever its status.
    Response {
        /// HTTP status.
        status: u16,
        /// Response headers.
        headers: &'a http::HeaderMap,
        /// The body.
        body: &'a [u8],
    },
    /// The connection could not be established (the request cannot have reached the server).
    ConnectError,
    /// The exchange failed after the request may have been sent.
    TransportError,
    /// The attempt timed out.
    TimedOut,
}

/// A classifier's verdict on an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Retry (if the policy has attempts left and the total timeout allows the backoff),
    /// even a request that is not safe to repeat.
    Retry,
    /// Do not retry: the response or error is the call's result.
    DontRetry,
    /// No opinion: the built-in rules decide.
    Default,
}

/// Decides, before the built-in rules, whether an attempt is retried: e.g. retry a 500 whose
/// `error_code` says the backend is busy, or never retry a 503 of one service. Set it with
/// [`crate::Config::with_retry_classifier`]; a closure
/// `Fn(&AttemptOutcome, &Request) -> RetryDecision` is one.
pub trait RetryClassifier: Send + Sync + std::fmt::Debug {
    /// The verdict on `outcome` of an attempt of `request`.
    fn classify(&self, outcome: &AttemptOutcome<'_>, request: &crate::Request) -> RetryDecision;
}

/// A closure as a [`RetryClassifier`].
pub struct ClassifierFn<F>(pub F);

impl<F> std::fmt::Debug for ClassifierFn<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClassifierFn")
    }
}

impl<F> RetryClassifier for ClassifierFn<F>
where
    F: Fn(&AttemptOutcome<'_>, &crate::Request) -> RetryDecision + Send + Sync,
{
    fn classify(&self, outcome: &AttemptOutcome<'_>, request: &crate::Request) -> RetryDecision {
        (self.0)(outcome, request)
    }
}

/// HTTP statuses that are retried: 429, 502, 503, 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Parses a `Retry-After` value: delay seconds, or an HTTP date (compared
/// with `now`). `None` when it cannot be parsed.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Duration::try_from_secs_f64(secs).ok();
        }
        return None;
    }
    let when =
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822).ok()?;
    let when: SystemTime = when.into();
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_without_jitter() {
        let p = RetryPolicy::new(5)
            .with_jitter(false)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        assert_eq!(p.backoff(1), Duration::from_millis(100));
        assert_eq!(p.backoff(2), Duration::from_millis(200));
        assert_eq!(p.backoff(3), Duration::from_millis(350));
        assert_eq!(p.backoff(40), Duration::from_millis(350));
    }

    #[test]
    fn jitter_stays_in_range() {
        let p = RetryPolicy::default();
        for retry in 1..6 {
            let full = RetryPolicy::default().with_jitter(false).backoff(retry);
            let d = p.backoff(retry);
            assert!(d >= full / 2 && d <= full, "{d:?} vs {full:?}");
        }
        assert_eq!(RetryPolicy::new(0).max_attempts(), 1);
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // 1994-11-06 08:49:37
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 0.5 ", now),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn statuses() {
        for s in [429, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [200, 400, 401, 404, 500, 501] {
            assert!(!is_retryable_status(s));
        }
    }
}
