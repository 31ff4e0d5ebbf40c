//! What can go wrong, and the exit code of each kind.

use std::fmt;

/// Exit code of bad input: unknown service or operation, bad parameters, bad body,
/// missing credentials or region (nothing was sent).
pub const EXIT_USAGE: i32 = 2;
/// Exit code of a failed call: the service answered with an error, or the request could
/// not be completed (transport, timeout, undecodable response).
pub const EXIT_FAILURE: i32 = 1;

/// The error of one `hwc` run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// Bad input (exit code 2): what is wrong and what is expected, and where to look.
    Usage {
        /// What is wrong and what is expected.
        message: String,
        /// A further line, usually the `--help` command to run.
        hint: Option<String>,
    },
    /// The service answered with an error status (exit code 1).
    Service {
        /// `cce RemoveNode`.
        operation: String,
        /// HTTP status.
        status: u16,
        /// The service's error code (the status when the body has none).
        error_code: String,
        /// The service's error message.
        error_msg: String,
        /// `X-Request-Id` of the response.
        request_id: Option<String>,
    },
    /// Any other failure of the call (exit code 1).
    Failure(String),
}

impl CliError {
    /// A [`CliError::Usage`] without hint.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage {
            message: message.into(),
            hint: None,
        }
    }

    /// Adds (or replaces) the hint of a [`CliError::Usage`]; other errors are unchanged.
    pub fn with_hint(self, hint: impl Into<String>) -> Self {
        match self {
            CliError::Usage { message, .. } => CliError::Usage {
                message,
                hint: Some(hint.into()),
            },
            other => other,
        }
    }

    /// The process exit code: [`EXIT_USAGE`] or [`EXIT_FAILURE`].
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage { .. } => EXIT_USAGE,
            CliError::Service { .. } | CliError::Failure(_) => EXIT_FAILURE,
        }
    }
}

impl fmt::Display for CliError {
    /// The text printed on standard error (several lines, ending with a newline).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage { message, hint } => {
                writeln!(f, "hwc: error: {message}")?;
                if let Some(hint) = hint {
                    writeln!(f, "{hint}")?;
                }
                Ok(())
            }
            CliError::Service {
                operation,
                status,
                error_code,
                error_msg,
                request_id,
            } => {
                writeln!(
                    f,
                    "hwc: error: {operation} failed: the service answered HTTP {status}"
                )?;
                writeln!(f, "status:     {status}")?;
                writeln!(f, "error_code: {error_code}")?;
                writeln!(f, "error_msg:  {error_msg}")?;
                writeln!(
                    f,
                    "request_id: {}",
                    request_id.as_deref().unwrap_or("(none)")
                )
            }
            CliError::Failure(message) => writeln!(f, "hwc: error: {message}"),
        }
    }
}

impl std::error::Error for CliError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_and_text() {
        let e = CliError::usage("unknown service `x`").with_hint("Run `hwc --help`.");
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            e.to_string(),
            "hwc: error: unknown service `x`\nRun `hwc --help`.\n"
        );
        let e = CliError::Service {
            operation: "cce RemoveNode".into(),
            status: 400,
            error_code: "CCE.01400001".into(),
            error_msg: "bad".into(),
            request_id: None,
        };
        assert_eq!(e.exit_code(), 1);
        assert!(e.to_string().contains("request_id: (none)\n"));
        assert_eq!(CliError::Failure("x".into()).exit_code(), 1);
    }
}
