//! `hwc`, a command-line client for Huawei Cloud in the calling convention of Huawei's
//! KooCLI, built on the untyped `invoke` entry points of the generated service crates:
//!
//! ```text
//! hwc cce RemoveNode --cluster_id=c1 --body=@task.json --cli-region=cn-north-4
//! hwc CCE RemoveNode --cluster_id=c1 --body='{"spec": {...}}' --endpoint=http://127.0.0.1:8080
//! hwc cce --help                  # the operations, one a line, with their summaries
//! hwc cce RemoveNode --help       # method, path template, parameters
//! ```
//!
//! Credentials come from the runtime's environment variables (`HUAWEICLOUD_SDK_AK`,
//! `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID`,
//! `HUAWEICLOUD_SDK_REGION`, `HUAWEICLOUD_SDK_ENDPOINT`); `--project_id`, `--cli-region`
//! and `--endpoint` override them. Secrets are never printed.
//!
//! Exit status: 0 on success; 1 when the call fails (the service's error is printed with
//! status, error code, message and request id); 2 on bad input, before anything is sent.
//!
//! The services come from a table with one line per generated crate
//! ([`registry::services`]).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod args;
pub mod error;
pub mod help;
pub mod input;
pub mod lookup;
pub mod output;
pub mod registry;

use std::io::{Read, Write};
use std::time::Duration;

use huaweicloud_sdk_core::{Config, RetryPolicy, SdkError};

use crate::args::RawOption;
pub use crate::error::{CliError, EXIT_FAILURE, EXIT_USAGE};
use crate::output::OutputFormat;
use crate::registry::{CallError, Operation, Service};

/// The `--cli-*` options (and `--cli-endpoint`), shared by every operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CliOptions {
    /// `--cli-region`.
    pub region: Option<String>,
    /// `--cli-endpoint` (`--endpoint` is read with the operation's options).
    pub endpoint: Option<String>,
    /// `--cli-output`.
    pub output: OutputFormat,
    /// `--cli-api-version`.
    pub api_version: Option<String>,
    /// `--cli-retry-count`: retries after the first attempt.
    pub retry_count: Option<u32>,
    /// `--cli-connect-timeout`, in seconds.
    pub connect_timeout: Option<u64>,
    /// `--cli-read-timeout`, in seconds (per attempt).
    pub read_timeout: Option<u64>,
}

const CLI_OPTIONS: &[&str] = &[
    "cli-region",
    "cli-endpoint",
    "cli-output",
    "cli-api-version",
    "cli-retry-count",
    "cli-connect-timeout",
    "cli-read-timeout",
];

/// Takes the `--cli-*` options out of `options`; returns them and the operation's options
/// (flags such as `--help` dropped).
pub fn split_cli_options(options: &[RawOption]) -> Result<(CliOptions, Vec<RawOption>), CliError> {
    let mut cli = CliOptions::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut rest = Vec::new();
    for opt in options {
        let name = opt.name.as_str();
        let Some(value) = opt.value.clone() else {
            continue; // --help, --version
        };
        if !name.starts_with("cli-") {
            rest.push(opt.clone());
            continue;
        }
        if !CLI_OPTIONS.contains(&name) {
            return Err(CliError::usage(format!(
                "unknown option --{name}: expected one of {}",
                CLI_OPTIONS
                    .iter()
                    .map(|o| format!("--{o}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_hint("Run `hwc --help` for the options."));
        }
        if seen.contains(&name) {
            return Err(CliError::usage(format!(
                "--{name} is given twice: expected it once"
            )));
        }
        seen.push(name);
        let number = |max: u64, what: &str| {
            value
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| {
                    CliError::usage(format!("--{name}={value}: expected {what} from 0 to {max}"))
                })
        };
        match name {
            "cli-region" => cli.region = Some(value),
            "cli-endpoint" => cli.endpoint = Some(value),
            "cli-output" => cli.output = value.parse()?,
            "cli-api-version" => cli.api_version = Some(value),
            "cli-retry-count" => cli.retry_count = Some(number(10, "a number of retries")? as u32),
            "cli-connect-timeout" => cli.connect_timeout = Some(number(3600, "seconds")?),
            "cli-read-timeout" => cli.read_timeout = Some(number(3600, "seconds")?),
            _ => unreachable!("CLI_OPTIONS lists every name matched here"),
        }
    }
    Ok((cli, rest))
}

/// Runs `hwc` with `args` (without the program name), writing the response to `stdout`
/// and errors to `stderr`; returns the exit status.
pub fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    match execute(args, stdout) {
        Ok(()) => 0,
        Err(e) => {
            // Nothing useful to do when standard error is closed.
            let _ = write!(stderr, "{e}");
            e.exit_code()
        }
    }
}

fn print(stdout: &mut dyn Write, text: &str) -> Result<(), CliError> {
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError::Failure(format!("cannot write the output: {e}")))
}

fn read_file(path: &str) -> std::io::Result<String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(path)
    }
}

fn execute(args: &[String], stdout: &mut dyn Write) -> Result<(), CliError> {
    let raw = args::parse(args)?;
    let services = registry::services();
    if raw.version() {
        return print(stdout, &format!("hwc {}\n", env!("CARGO_PKG_VERSION")));
    }
    let Some(service_name) = raw.positionals.first() else {
        if raw.help() {
            return print(stdout, &help::main_help(&services));
        }
        let names: Vec<_> = services.iter().map(|s| s.name).collect();
        return Err(CliError::usage(format!(
            "missing the service: expected `hwc <SERVICE> <Operation> [--name=value ...]` with SERVICE one of {}",
            names.join(", ")
        ))
        .with_hint("Run `hwc --help` for usage."));
    };
    let service = lookup::find_service(&services, service_name)?;
    let (cli, options) = split_cli_options(&raw.options)?;
    let Some(op_name) = raw.positionals.get(1) else {
        if raw.help() {
            let versions = lookup::select_versions(service, cli.api_version.as_deref())?;
            return print(stdout, &help::service_help(service, &versions));
        }
        return Err(CliError::usage(format!(
            "missing the operation: expected `hwc {} <Operation> [--name=value ...]`",
            service.name
        ))
        .with_hint(format!(
            "Run `hwc {} --help` to list its operations.",
            service.name
        )));
    };
    if let Some(extra) = raw.positionals.get(2) {
        return Err(CliError::usage(format!(
            "unexpected argument `{extra}`: expected `hwc <SERVICE> <Operation>` followed by --name=value options"
        )));
    }
    let (version, op) = lookup::find_operation(service, op_name, cli.api_version.as_deref())?;
    if raw.help() {
        return print(stdout, &help::operation_help(service, op));
    }
    let label = format!("{} {}", service.name, op.name);
    let given = input::operation_input(&label, op, &options, &read_file)?;
    let endpoint = match (given.endpoint, cli.endpoint.clone()) {
        (Some(_), Some(_)) => {
            return Err(CliError::usage(
                "both --endpoint and --cli-endpoint are given: expected one of them",
            ))
        }
        (a, b) => a.or(b),
    };
    let config = configure(&cli, endpoint, given.project_id, op, &label)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    let result = runtime.block_on((version.invoke)(
        config,
        op.name,
        given.input,
        registry::Customize::new(),
    ));
    let value = result.map_err(|e| call_error(e, service, op, &label))?;
    print(stdout, &output::render(&value, cli.output))
}

/// The configuration: the environment, then the command line.
fn configure(
    cli: &CliOptions,
    endpoint: Option<String>,
    project_id: Option<String>,
    op: &Operation,
    label: &str,
) -> Result<Config, CliError> {
    let mut config = Config::from_env().map_err(|e| {
        let reason = match e {
            SdkError::Credentials { message } => message,
            other => other.to_string(),
        };
        CliError::usage(format!(
            "no credentials: {reason}; expected the access key id in $HUAWEICLOUD_SDK_AK and the secret access key in $HUAWEICLOUD_SDK_SK"
        ))
    })?;
    if let Some(region) = &cli.region {
        config = config.with_region(region.clone());
    }
    let endpoint = endpoint.or_else(|| {
        std::env::var("HUAWEICLOUD_SDK_ENDPOINT")
            .ok()
            .filter(|e| !e.trim().is_empty())
    });
    match &endpoint {
        Some(e) => config = config.with_endpoint(e.clone()),
        None if config.region().is_none() => {
            return Err(CliError::usage(format!(
                "no region or endpoint for {label}: expected --cli-region=REGION (e.g. cn-north-4), --endpoint=URL, or $HUAWEICLOUD_SDK_REGION"
            )))
        }
        None => {}
    }
    if let Some(project_id) = project_id {
        config = config.with_project_id(project_id);
    }
    if op.path.contains("{project_id}") && config.project_id().is_none() {
        return Err(CliError::usage(format!(
            "{label} needs a project id (its path has {{project_id}}): expected --project_id=ID or $HUAWEICLOUD_SDK_PROJECT_ID"
        )));
    }
    if op.path.contains("{domain_id}") && config.domain_id().is_none() {
        return Err(CliError::usage(format!(
            "{label} needs an account (domain) id (its path has {{domain_id}}): expected $HUAWEICLOUD_SDK_DOMAIN_ID"
        )));
    }
    if let Some(n) = cli.retry_count {
        config = config.with_retry_policy(RetryPolicy::new(n + 1));
    }
    if let Some(s) = cli.connect_timeout {
        config = config.with_connect_timeout(Duration::from_secs(s));
    }
    if let Some(s) = cli.read_timeout {
        config = config.with_attempt_timeout(Some(Duration::from_secs(s)));
    }
    Ok(config)
}

/// What a failed call prints, and its exit status.
fn call_error(e: CallError, service: &Service, op: &Operation, label: &str) -> CliError {
    let help = format!("Run `hwc {label} --help` for its parameters.");
    match e {
        CallError::Client(SdkError::InvalidInput { message }) => CliError::usage(format!(
            "cannot work out the endpoint of {}: {message}",
            service.name
        ))
        .with_hint("Give --cli-region=REGION (e.g. cn-north-4) or --endpoint=URL."),
        CallError::Client(other) => CliError::Failure(other.to_string()),
        // The input is built from the operation's documented parameters, with the values
        // converted to their types, so what the generated types still reject is the body.
        CallError::Input(e) => match op.body {
            Some(body) => CliError::usage(format!("the request body does not match `{body}`: {e}")),
            None => CliError::usage(format!("the parameters do not match {label}: {e}")),
        }
        .with_hint(help),
        CallError::Call(SdkError::Service { meta, .. }) => CliError::Service {
            operation: label.to_owned(),
            status: meta.status,
            error_code: meta.error_code.clone(),
            error_msg: meta.error_msg.clone(),
            request_id: meta.request_id.clone(),
        },
        CallError::Call(SdkError::InvalidInput { message }) => {
            let expected = match op.body {
                Some(body) if message.contains("`body`") => format!(
                    ": expected --body=@FILE.json or --body='{{...}}' with JSON of type `{body}`"
                ),
                _ => String::new(),
            };
            CliError::usage(format!("{message}{expected}")).with_hint(help)
        }
        CallError::Call(SdkError::Credentials { message }) => {
            CliError::usage(format!("unusable credentials: {message}"))
        }
        CallError::Call(other) => CliError::Failure(format!("{label} failed: {other}")),
        CallError::UnknownOperation(name) => CliError::Failure(format!(
            "the {} crate has no operation `{name}` although its OPERATIONS lists it",
            service.name
        )),
        CallError::Output(e) => {
            CliError::Failure(format!("cannot write the response as JSON: {e}"))
        }
        CallError::Other(message) => CliError::Failure(format!("{label} failed: {message}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, Option<&str>)]) -> Vec<RawOption> {
        pairs
            .iter()
            .map(|(n, v)| RawOption {
                name: n.to_string(),
                value: v.map(Into::into),
            })
            .collect()
    }

    #[test]
    fn cli_options_are_split_off() {
        let (cli, rest) = split_cli_options(&opts(&[
            ("cli-region", Some("cn-north-4")),
            ("cluster_id", Some("c1")),
            ("help", None),
            ("cli-output", Some("table")),
            ("cli-retry-count", Some("0")),
            ("cli-read-timeout", Some("5")),
        ]))
        .unwrap();
        assert_eq!(cli.region.as_deref(), Some("cn-north-4"));
        assert_eq!(cli.output, OutputFormat::Table);
        assert_eq!(cli.retry_count, Some(0));
        assert_eq!(cli.read_timeout, Some(5));
        assert_eq!(rest, opts(&[("cluster_id", Some("c1"))]));
    }

    #[test]
    fn bad_cli_options_are_named() {
        let err = |pairs: &[(&str, Option<&str>)]| match split_cli_options(&opts(pairs)) {
            Err(CliError::Usage { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            err(&[("cli-regoin", Some("x"))]),
            "unknown option --cli-regoin: expected one of --cli-region, --cli-endpoint, --cli-output, --cli-api-version, --cli-retry-count, --cli-connect-timeout, --cli-read-timeout"
        );
        assert_eq!(
            err(&[("cli-retry-count", Some("many"))]),
            "--cli-retry-count=many: expected a number of retries from 0 to 10"
        );
        assert_eq!(
            err(&[("cli-region", Some("a")), ("cli-region", Some("b"))]),
            "--cli-region is given twice: expected it once"
        );
        assert_eq!(
            err(&[("cli-output", Some("xml"))]),
            "unknown output format --cli-output=xml: expected json or table"
        );
    }
}
