//! The clock used for `X-Sdk-Date` (injectable for tests).

use std::fmt;
use std::time::SystemTime;

/// A source of the current time for signing.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current wall-clock time.
    fn now(&self) -> SystemTime;
}

/// The system clock (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock stopped at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub SystemTime);

impl FixedClock {
    /// A clock stopped at an `X-Sdk-Date` value such as `20261123T120000Z`;
    /// `None` if the value is not in that format.
    pub fn from_sdk_date(date: &str) -> Option<Self> {
        crate::signer::parse_sdk_date(date).map(|t| FixedClock(t.into()))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}
