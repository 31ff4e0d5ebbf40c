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
pub mod body_flags;
pub mod completion;
pub mod configure;
pub mod dryrun;
pub mod error;
pub mod help;
pub mod input;
pub mod json_input;
pub mod lookup;
pub mod model;
pub mod output;
pub mod paginate;
pub mod profile;
pub mod registry;
pub mod trace;
pub mod waiter;

use std::io::{Read, Write};
use std::time::Duration;

use huaweicloud_sdk_core::{Config, RetryPolicy, SdkError};

use crate::args::RawOption;
pub use crate::error::{CliError, EXIT_FAILURE, EXIT_USAGE};
use crate::output::{OutputFormat, Query, Rendering};
use crate::paginate::Paginator;
use crate::profile::{ConfigFile, Mode, Profile};
use crate::registry::{ApiVersion, CallError, Operation, Service};
use crate::waiter::Waiter;

/// The `--cli-*` options (and `--cli-endpoint`, `--dryrun`, `--debug`, `--skeleton`), shared
/// by every operation.
#[derive(Clone, Default, PartialEq, Eq)]
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
    /// `--cli-profile`.
    pub profile: Option<String>,
    /// `--cli-mode`.
    pub mode: Option<Mode>,
    /// `--cli-access-key`.
    pub access_key: Option<String>,
    /// `--cli-secret-key`.
    pub secret_key: Option<String>,
    /// `--cli-security-token`.
    pub security_token: Option<String>,
    /// `--cli-project-id`.
    pub project_id: Option<String>,
    /// `--cli-domain-id`.
    pub domain_id: Option<String>,
    /// `--cli-query`.
    pub query: Option<String>,
    /// `--cli-output-num`.
    pub output_num: Option<bool>,
    /// `--cli-jsonInput`.
    pub json_input: Option<String>,
    /// `--cli-waiter`.
    pub waiter: Option<String>,
    /// `--cli-paginate`.
    pub paginate: bool,
    /// `--cli-max-items`.
    pub max_items: Option<usize>,
    /// `--dryrun`.
    pub dryrun: bool,
    /// `--debug`.
    pub debug: bool,
    /// `--skeleton`.
    pub skeleton: bool,
}

impl std::fmt::Debug for CliOptions {
    /// The options, the credentials masked.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let masked = |v: &Option<String>| v.as_ref().map(|_| profile::MASK);
        f.debug_struct("CliOptions")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("output", &self.output)
            .field("profile", &self.profile)
            .field("mode", &self.mode)
            .field(
                "access_key",
                &self.access_key.as_deref().map(profile::mask_id),
            )
            .field("secret_key", &masked(&self.secret_key))
            .field("security_token", &masked(&self.security_token))
            .field("project_id", &self.project_id)
            .field("domain_id", &self.domain_id)
            .field("query", &self.query)
            .field("dryrun", &self.dryrun)
            .field("debug", &self.debug)
            .finish_non_exhaustive()
    }
}

const CLI_OPTIONS: &[&str] = &[
    "cli-region",
    "cli-endpoint",
    "cli-output",
    "cli-api-version",
    "cli-retry-count",
    "cli-connect-timeout",
    "cli-read-timeout",
    "cli-profile",
    "cli-mode",
    "cli-access-key",
    "cli-secret-key",
    "cli-security-token",
    "cli-project-id",
    "cli-domain-id",
    "cli-query",
    "cli-output-num",
    "cli-jsonInput",
    "cli-waiter",
    "cli-paginate",
    "cli-max-items",
];

/// The options that are no `--cli-*` but belong to hwc, not to the operation.
const OWN_OPTIONS: &[&str] = &["dryrun", "debug", "skeleton"];

fn boolean(name: &str, value: &str) -> Result<bool, CliError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(CliError::usage(format!(
            "--{name}={value}: expected true or false"
        ))),
    }
}

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
        if !name.starts_with("cli-") && !OWN_OPTIONS.contains(&name) {
            rest.push(opt.clone());
            continue;
        }
        if !CLI_OPTIONS.contains(&name) && !OWN_OPTIONS.contains(&name) {
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
        let text = || -> Result<Option<String>, CliError> {
            if value.trim().is_empty() {
                return Err(CliError::usage(format!(
                    "--{name} is empty: expected --{name}=VALUE"
                )));
            }
            Ok(Some(value.clone()))
        };
        match name {
            "cli-region" => cli.region = text()?,
            "cli-endpoint" => cli.endpoint = text()?,
            "cli-output" => cli.output = value.parse()?,
            "cli-api-version" => cli.api_version = text()?,
            "cli-retry-count" => cli.retry_count = Some(number(10, "a number of retries")? as u32),
            "cli-connect-timeout" => cli.connect_timeout = Some(number(3600, "seconds")?),
            "cli-read-timeout" => cli.read_timeout = Some(number(3600, "seconds")?),
            "cli-profile" => cli.profile = text()?,
            "cli-mode" => cli.mode = Some(Mode::parse(&value)?),
            "cli-access-key" => cli.access_key = text()?,
            "cli-secret-key" => cli.secret_key = text()?,
            "cli-security-token" => cli.security_token = text()?,
            "cli-project-id" => cli.project_id = text()?,
            "cli-domain-id" => cli.domain_id = text()?,
            "cli-query" => cli.query = text()?,
            "cli-output-num" => cli.output_num = Some(boolean(name, &value)?),
            "cli-jsonInput" => cli.json_input = text()?,
            "cli-waiter" => cli.waiter = text()?,
            "cli-paginate" => cli.paginate = boolean(name, &value)?,
            "cli-max-items" => {
                cli.max_items = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or_else(|| {
                            CliError::usage(format!(
                                "--cli-max-items={value}: expected a number of items from 1"
                            ))
                        })?,
                )
            }
            "dryrun" => cli.dryrun = boolean(name, &value)?,
            "debug" => cli.debug = boolean(name, &value)?,
            "skeleton" => cli.skeleton = boolean(name, &value)?,
            _ => unreachable!("CLI_OPTIONS lists every name matched here"),
        }
    }
    if cli.max_items.is_some() && !cli.paginate {
        return Err(CliError::usage(
            "--cli-max-items is given without --cli-paginate: expected both",
        ));
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
    if raw.version() {
        return print(stdout, &format!("hwc {}\n", env!("CARGO_PKG_VERSION")));
    }
    let services = registry::services();
    let Some(service_name) = raw.positionals.first() else {
        if raw.help() {
            return print(stdout, &help::main_help(&services));
        }
        let names: Vec<_> = services.iter().map(|s| s.name).collect();
        return Err(CliError::usage(format!(
            "missing the service: expected `hwc <SERVICE> <Operation> [--name=value ...]` with SERVICE one of {} (or `hwc configure`, `hwc completion`)",
            names.join(", ")
        ))
        .with_hint("Run `hwc --help` for usage."));
    };
    match service_name.as_str() {
        "configure" => return configure::run(&raw, &services, stdout),
        "completion" => return completion::run(&raw, &services, stdout),
        _ => {}
    }
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
    let model = service.model(version.name, op.name);
    if raw.help() {
        return print(stdout, &help::operation_help(service, op, model.as_ref()));
    }
    let label = format!("{} {}", service.name, op.name);
    if cli.skeleton {
        return print(
            stdout,
            &json_input::skeleton(
                &model.clone().unwrap_or_default(),
                &op.params.iter().map(|p| p.name).collect::<Vec<_>>(),
            ),
        );
    }
    let json = match &cli.json_input {
        None => None,
        Some(path) => {
            let text = read_file(path).map_err(|e| {
                CliError::usage(format!(
                    "cannot read the --cli-jsonInput file `{path}`: {e}; expected a JSON file such as `hwc {label} --skeleton` prints"
                ))
            })?;
            Some(json_input::parse(
                &text,
                path,
                &model.clone().unwrap_or_default(),
                op.body.is_some(),
            )?)
        }
    };
    let given =
        input::operation_input_with(&label, op, model.as_ref(), json, &options, &read_file)?;
    // Everything that can be wrong with the command line is found before anything is sent.
    let query = cli
        .query
        .as_deref()
        .map(|q| Query::compile("--cli-query", q))
        .transpose()?;
    let waiter = cli.waiter.as_deref().map(Waiter::parse).transpose()?;
    let pager = if cli.paginate {
        if waiter.is_some() {
            return Err(CliError::usage(
                "--cli-paginate and --cli-waiter are both given: expected one of them",
            ));
        }
        Some(Paginator::of(&model.clone().unwrap_or_default(), &label)?)
    } else {
        None
    };
    let endpoint = match (given.endpoint, cli.endpoint.clone()) {
        (Some(_), Some(_)) => {
            return Err(CliError::usage(
                "both --endpoint and --cli-endpoint are given: expected one of them",
            ))
        }
        (a, b) => a.or(b),
    };
    let project_id = match (given.project_id, cli.project_id.clone()) {
        (Some(a), Some(b)) if a != b => {
            return Err(CliError::usage(
                "--project_id and --cli-project-id disagree: expected one of them",
            ))
        }
        (a, b) => a.or(b),
    };
    let config = configure_call(&cli, endpoint, project_id, &label, &std_env)?;
    let calls = trace::install(cli.debug);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    let call = |input: serde_json::Value| -> Result<serde_json::Value, CliError> {
        runtime
            .block_on((version.invoke)(
                config.clone(),
                op.name,
                input,
                registry::Customize::new(),
            ))
            .map_err(|e| call_error(e, service, op, &label))
    };
    if cli.dryrun {
        let text = runtime.block_on(dry_run(
            version,
            op,
            service,
            &config,
            given.input,
            model.as_ref(),
        ))?;
        return print(stdout, &text);
    }
    if cli.debug {
        debug_request(version, op, &config, &given.input);
    }
    let value = if let Some(pager) = pager {
        paginate(&pager, op, given.input, cli.max_items, &call)?
    } else if let Some(waiter) = waiter {
        wait(&waiter, given.input, cli.debug, &call, &runtime)?
    } else {
        call(given.input)?
    };
    if value.is_null() {
        // Nothing to show but that it worked: the status and the request id.
        let last = calls.last().unwrap_or_default();
        return print(
            stdout,
            &format!(
                "status: {}, request_id: {}\n",
                last.get("status").map(String::as_str).unwrap_or("2xx"),
                last.get("request_id")
                    .map(String::as_str)
                    .unwrap_or("(none)")
            ),
        );
    }
    let value = match &query {
        Some(q) => q.apply(&value)?,
        None => value,
    };
    let rendering = Rendering {
        format: cli.output,
        numbered: cli.output_num,
    };
    let text = output::render_with(&value, &rendering);
    // A query that selects nothing prints `null`, as KooCLI does, rather than nothing.
    let text = if text.is_empty() {
        "null\n".to_owned()
    } else {
        text
    };
    print(stdout, &text)
}

/// The process environment, as [`configure_call`] reads it.
fn std_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `--debug`'s first line: the URL the request goes to.
fn debug_request(version: &ApiVersion, op: &Operation, config: &Config, input: &serde_json::Value) {
    let endpoint = (version.endpoint)(config).unwrap_or_else(|_| "(no endpoint)".into());
    match huaweicloud_sdk_core::operation::build_request(op.info, Ok(input.clone())) {
        Ok(request) => {
            let query: Vec<String> = request
                .query
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        huaweicloud_sdk_core::signer::url_encode(k),
                        huaweicloud_sdk_core::signer::url_encode(v)
                    )
                })
                .collect();
            let q = if query.is_empty() {
                String::new()
            } else {
                format!("?{}", query.join("&"))
            };
            let mut path = request.path.clone();
            if let Some(p) = config.project_id() {
                path = path.replace("{project_id}", p);
            }
            if let Some(d) = config.domain_id() {
                path = path.replace("{domain_id}", d);
            }
            eprintln!("[DEBUG] request: {} {endpoint}{path}{q}", request.method);
        }
        Err(e) => eprintln!("[DEBUG] request: {} {endpoint}{} ({e})", op.method, op.path),
    }
}

type Call<'a> = dyn Fn(serde_json::Value) -> Result<serde_json::Value, CliError> + 'a;

/// `--cli-paginate`: every page, the items of all of them in the first page's list.
fn paginate(
    pager: &Paginator,
    op: &Operation,
    input: serde_json::Value,
    max: Option<usize>,
    call: &Call<'_>,
) -> Result<serde_json::Value, CliError> {
    let limit = input.get("limit").and_then(|v| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    });
    let as_string = op
        .param(&pager.param)
        .is_some_and(|p| p.type_name == "string");
    let mut current = input.get(&pager.param).cloned();
    let mut first: Option<serde_json::Value> = None;
    let mut items: Vec<serde_json::Value> = Vec::new();
    // A service that keeps answering the same page would otherwise be asked forever.
    for _ in 0..10_000 {
        let mut page_input = input.clone();
        if let (Some(value), Some(map)) = (&current, page_input.as_object_mut()) {
            let value = match value {
                serde_json::Value::Number(n) if as_string => {
                    serde_json::Value::String(n.to_string())
                }
                other => other.clone(),
            };
            map.insert(pager.param.clone(), value);
        }
        let page = call(page_input)?;
        items.extend(pager.page_items(&page).iter().cloned());
        let next = pager.next(&page, current.as_ref(), limit);
        first.get_or_insert(page);
        if !paginate::wants_more(items.len(), max) || next.is_none() || next == current {
            break;
        }
        current = next;
    }
    if let Some(max) = max {
        items.truncate(max);
    }
    let mut out = first.unwrap_or(serde_json::Value::Null);
    if let Some(map) = out.as_object_mut() {
        map.remove("page_info");
        map.insert(pager.items.clone(), serde_json::Value::Array(items));
    }
    Ok(out)
}

/// `--cli-waiter`: calls until the expression gives the value, or the time is up.
fn wait(
    waiter: &Waiter,
    input: serde_json::Value,
    debug: bool,
    call: &Call<'_>,
    runtime: &tokio::runtime::Runtime,
) -> Result<serde_json::Value, CliError> {
    let start = std::time::Instant::now();
    loop {
        let value = call(input.clone())?;
        let (got, reached) = waiter.check(&value)?;
        if debug {
            eprintln!(
                "[DEBUG] waiter: `{}` gave `{got}` after {:.1} s, waiting for `{}`",
                waiter.expr_text,
                start.elapsed().as_secs_f64(),
                waiter.to
            );
        }
        if reached {
            return Ok(value);
        }
        if start.elapsed() + waiter.interval > waiter.timeout {
            return Err(CliError::Failure(format!(
                "--cli-waiter timed out after {} s: `{}` gave `{got}`, expected `{}`",
                waiter.timeout.as_secs_f64(),
                waiter.expr_text,
                waiter.to
            )));
        }
        let pause = waiter.interval;
        runtime.block_on(async move { tokio::time::sleep(pause).await });
    }
}

/// `--dryrun`: the request as the runtime signs it, captured on 127.0.0.1 and printed masked.
async fn dry_run(
    version: &ApiVersion,
    op: &Operation,
    service: &Service,
    config: &Config,
    input: serde_json::Value,
    model: Option<&model::OpModel>,
) -> Result<String, CliError> {
    let real = (version.endpoint)(config).map_err(|e| {
        CliError::usage(format!(
            "cannot work out the endpoint of {}: {e}",
            service.name
        ))
        .with_hint("Give --cli-region=REGION (e.g. cn-north-4) or --endpoint=URL.")
    })?;
    let (origin, prefix) = split_endpoint(&real);
    let host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
    let listener = dryrun::Listener::bind().await?;
    let local = format!("{}{prefix}", listener.origin()?);
    let mut config = config
        .clone()
        .with_endpoint(local.clone())
        .with_service_endpoint(service.name, local.clone())
        .with_iam_endpoint(local)
        .with_retry_policy(RetryPolicy::new(1));
    // Looking an id up would be a request to IAM: the placeholder stays.
    if config.project_id().is_none() {
        config = config.with_project_id("{project_id}");
    }
    if config.domain_id().is_none() {
        config = config.with_domain_id("{domain_id}");
    }
    let capture = tokio::spawn(listener.capture());
    let customize = registry::Customize::new().header("Host", host);
    let result = (version.invoke)(config, op.name, input, customize).await;
    match result {
        Err(CallError::Input(e)) => {
            capture.abort();
            return Err(call_error(
                CallError::Input(e),
                service,
                op,
                &format!("{} {}", service.name, op.name),
            ));
        }
        Err(CallError::Call(SdkError::InvalidInput { message })) => {
            capture.abort();
            return Err(CliError::usage(message));
        }
        _ => {}
    }
    let captured = match tokio::time::timeout(Duration::from_secs(10), capture).await {
        Ok(Ok(Ok(c))) => c,
        Ok(Ok(Err(e))) => return Err(e),
        _ => {
            return Err(CliError::Failure(
                "--dryrun: the runtime sent no request".into(),
            ))
        }
    };
    let mut sensitive: Vec<String> = op.info.sensitive.iter().map(|s| s.to_string()).collect();
    if let Some(body) = model.and_then(|m| m.body.as_ref()) {
        dryrun::sensitive_fields(body, &mut sensitive);
    }
    let names: Vec<&str> = sensitive.iter().map(String::as_str).collect();
    let mut captured = captured;
    captured.target = captured
        .target
        .replace("%7Bproject_id%7D", "{project_id}")
        .replace("%7Bdomain_id%7D", "{domain_id}");
    for (_, v) in captured.headers.iter_mut() {
        if v == "{project_id}" || v == "{domain_id}" {
            v.push_str(" (looked up at IAM when sent)");
        }
    }
    let mut text = String::from("[DRYRUN] nothing is sent; credentials and secrets are masked\n");
    text.push_str(&dryrun::render(&captured, origin, &names));
    Ok(text)
}

/// `https://host:port/prefix` as (`https://host:port`, `/prefix`).
fn split_endpoint(url: &str) -> (&str, &str) {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(i) => url.split_at(after_scheme + i),
        None => (url, ""),
    }
}

/// The variable naming the instance metadata service instead of
/// [`huaweicloud_sdk_core::providers::DEFAULT_METADATA_ENDPOINT`] (`--cli-mode=ecsAgency` and
/// the default chain's last source).
pub const METADATA_ENDPOINT_ENV: &str = "HWC_METADATA_ENDPOINT";

/// The configuration of a call: credentials, region, project and account ids from the
/// `--cli-*` flags, then the environment, then the profile (`--cli-profile` given explicitly
/// comes before the environment); the endpoint from `--endpoint`.
pub fn configure_call(
    cli: &CliOptions,
    endpoint: Option<String>,
    project_id: Option<String>,
    label: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, CliError> {
    use huaweicloud_sdk_core::config::env as vars;
    let path = ConfigFile::path(env);
    // The profile file is read only when something is still missing, or one is named.
    let file_profile = || -> Result<Option<Profile>, CliError> {
        let path = match (&path, &cli.profile) {
            (Ok(p), _) => p.clone(),
            // No home: no profile, unless one is asked for.
            (Err(_), None) => return Ok(None),
            (Err(e), Some(_)) => return Err(e.clone()),
        };
        let file = ConfigFile::load(&path)?;
        Ok(file.select(cli.profile.as_deref(), &path)?.cloned())
    };
    let explicit = if cli.profile.is_some() {
        file_profile()?
    } else {
        None
    };
    let env_creds = env(vars::AK).is_some() || env(vars::SK).is_some();
    let flag_creds = cli.access_key.is_some() || cli.secret_key.is_some();
    let default = if cli.profile.is_none() {
        match file_profile() {
            Ok(p) => p,
            // An unreadable file matters only when nothing else gives credentials.
            Err(e) if flag_creds || env_creds => {
                tracing::debug!("profile ignored: {e}");
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let profile = explicit.as_ref().or(default.as_ref());
    let mode = cli.mode.or(profile.map(|p| p.mode)).unwrap_or_default();
    let mut map: std::collections::BTreeMap<String, String> =
        std::env::vars().filter(|(k, _)| env(k).is_some()).collect();
    let mut set = |key: &str, value: Option<String>| match value {
        Some(v) => {
            map.insert(key.to_owned(), v);
        }
        None => {
            map.remove(key);
        }
    };
    // Credentials come whole from one place: an access key (flags, profile, environment), the
    // instance's agency (ecsAgency), or, with none of these, the runtime's default chain (the
    // SDK's credentials file, then the instance metadata).
    let access_key = if mode == Mode::EcsAgency && !flag_creds {
        None
    } else if flag_creds {
        match (&cli.access_key, &cli.secret_key) {
            (Some(ak), Some(sk)) => {
                Some((ak.clone(), sk.clone(), cli.security_token.clone(), "flags"))
            }
            _ => {
                return Err(CliError::usage(
                    "--cli-access-key and --cli-secret-key must be given together: expected both",
                ))
            }
        }
    } else if let (Some(p), true) = (&explicit, true) {
        match (&p.access_key, &p.secret_key) {
            (Some(ak), Some(sk)) => Some((
                ak.clone(),
                sk.clone(),
                p.security_token.clone(),
                "profile",
            )),
            _ => {
                return Err(CliError::usage(format!(
                    "profile `{}` has no access key: expected `hwc configure set --cli-profile={} --cli-access-key=AK --cli-secret-key=SK`",
                    p.name, p.name
                )))
            }
        }
    } else if env_creds {
        Some((
            env(vars::AK).unwrap_or_default(),
            env(vars::SK).unwrap_or_default(),
            env(vars::SECURITY_TOKEN),
            "environment",
        ))
    } else {
        default
            .as_ref()
            .filter(|p| p.access_key.is_some() && p.secret_key.is_some())
            .map(|p| {
                (
                    p.access_key.clone().unwrap_or_default(),
                    p.secret_key.clone().unwrap_or_default(),
                    p.security_token.clone(),
                    "profile",
                )
            })
    };
    match &access_key {
        Some((ak, sk, token, source)) => {
            tracing::debug!(source, "credentials");
            set(vars::AK, Some(ak.clone()));
            set(vars::SK, Some(sk.clone()));
            set(vars::SECURITY_TOKEN, token.clone());
        }
        None => {
            set(vars::AK, None);
            set(vars::SK, None);
            set(vars::SECURITY_TOKEN, None);
        }
    }
    let pick = |flag: &Option<String>, var: &str, from_profile: Option<&String>| {
        let explicit_profile = explicit.as_ref().and(from_profile.cloned());
        flag.clone()
            .or(explicit_profile)
            .or_else(|| env(var))
            .or_else(|| from_profile.cloned())
    };
    set(
        vars::REGION,
        pick(
            &cli.region,
            vars::REGION,
            profile.and_then(|p| p.region.as_ref()),
        ),
    );
    set(
        vars::PROJECT_ID,
        pick(
            &project_id,
            vars::PROJECT_ID,
            profile.and_then(|p| p.project_id.as_ref()),
        ),
    );
    set(
        vars::DOMAIN_ID,
        pick(
            &cli.domain_id,
            vars::DOMAIN_ID,
            profile.and_then(|p| p.domain_id.as_ref()),
        ),
    );
    if let Some(e) = &endpoint {
        set(vars::ENDPOINT, Some(e.clone()));
    }
    let has_endpoint = map.contains_key(vars::ENDPOINT);
    let has_region = map.contains_key(vars::REGION);
    // Where the instance metadata is (tests point it at a local server).
    let metadata_endpoint = env(METADATA_ENDPOINT_ENV);
    let mut config = match (&access_key, mode) {
        (Some(_), _) => Config::from_env_vars(map)
            .map_err(|e| CliError::usage(format!("unusable credentials: {e}")))?,
        (None, Mode::EcsAgency) => {
            tracing::debug!(source = "instance metadata (ecsAgency)", "credentials");
            let vars: Vec<(String, String)> = map.into_iter().collect();
            let mut metadata = huaweicloud_sdk_core::providers::MetadataCredentials::new();
            if let Some(e) = &metadata_endpoint {
                metadata = metadata.with_endpoint(e.clone());
            }
            Config::settings_from_env_vars(&vars).with_credentials(metadata)
        }
        (None, _) => {
            let (config, source) = huaweicloud_sdk_core::providers::DefaultCredentialsChain::load_from(
                map,
                metadata_endpoint.as_deref(),
            )
            .map_err(|e| {
                let where_ = match &path {
                    Ok(p) => format!(", or a profile in {}", p.display()),
                    Err(_) => String::new(),
                };
                CliError::usage(format!(
                    "no usable credentials for {label} ({e}): expected --cli-access-key and --cli-secret-key, $HUAWEICLOUD_SDK_AK and $HUAWEICLOUD_SDK_SK{where_} (`hwc configure init`), the SDK's credentials file, or an instance with an agency"
                ))
            })?;
            tracing::debug!(source = ?source, "credentials from the default chain");
            config
        }
    };
    if !has_endpoint && !has_region {
        return Err(CliError::usage(format!(
            "no region or endpoint for {label}: expected --cli-region=REGION (e.g. cn-north-4), --endpoint=URL, $HUAWEICLOUD_SDK_REGION, or a profile's region"
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
            "unknown option --cli-regoin: expected one of --cli-region, --cli-endpoint, --cli-output, --cli-api-version, --cli-retry-count, --cli-connect-timeout, --cli-read-timeout, --cli-profile, --cli-mode, --cli-access-key, --cli-secret-key, --cli-security-token, --cli-project-id, --cli-domain-id, --cli-query, --cli-output-num, --cli-jsonInput, --cli-waiter, --cli-paginate, --cli-max-items"
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
            "unknown output format --cli-output=xml: expected json, table or tsv"
        );
    }
}
