//! `hwc configure init|set|list|show|delete|test`, KooCLI's profile commands.
//!
//! - `init`: asks for the access key, secret key, region (and optionally project id) on
//!   standard input and writes the profile (`--cli-profile`, default `default`).
//! - `set --cli-profile=NAME --cli-access-key=... --cli-region=...`: adds the profile or
//!   changes the fields given; it becomes the default.
//! - `list`: every profile, one a line, secrets masked; `*` marks the default.
//! - `show [--cli-profile=NAME]`: one profile as JSON, secrets masked.
//! - `delete --cli-profile=NAME`.
//! - `test [--cli-profile=NAME]`: signs a call with the profile (IAM's `KeystoneListProjects`
//!   for its region) and says whether the credentials are accepted.

use std::io::{BufRead, Write};
use std::path::Path;

use serde_json::json;

use crate::args::RawArgs;
use crate::error::CliError;
use crate::profile::{mask_id, ConfigFile, Mode, Profile, MASK};
use crate::registry::Service;

const COMMANDS: &str = "init, set, list, show, delete or test";

/// The options `hwc configure set` takes.
const SET_OPTIONS: &[&str] = &[
    "cli-profile",
    "cli-mode",
    "cli-access-key",
    "cli-secret-key",
    "cli-security-token",
    "cli-region",
    "cli-project-id",
    "cli-domain-id",
];

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Runs `hwc configure ...`.
pub fn run(raw: &RawArgs, services: &[Service], stdout: &mut dyn Write) -> Result<(), CliError> {
    let Some(command) = raw.positionals.get(1) else {
        if raw.help() {
            return write(stdout, HELP);
        }
        return Err(CliError::usage(format!(
            "missing the configure command: expected `hwc configure <COMMAND>` with COMMAND one of {COMMANDS}"
        )));
    };
    if raw.help() {
        return write(stdout, HELP);
    }
    if let Some(extra) = raw.positionals.get(2) {
        return Err(CliError::usage(format!(
            "unexpected argument `{extra}`: expected `hwc configure {command} [--name=value ...]`"
        )));
    }
    let allowed: &[&str] = match command.as_str() {
        "set" => SET_OPTIONS,
        "init" | "show" | "delete" => &["cli-profile"],
        "test" => &["cli-profile", "cli-endpoint", "endpoint"],
        "list" => &[],
        other => {
            return Err(CliError::usage(format!(
                "unknown configure command `{other}`: expected {COMMANDS}"
            ))
            .with_hint("Run `hwc configure --help`."))
        }
    };
    let mut options: Vec<(&str, String)> = Vec::new();
    for opt in &raw.options {
        let Some(value) = &opt.value else { continue };
        if !allowed.contains(&opt.name.as_str()) {
            return Err(CliError::usage(format!(
                "unknown option --{} for `hwc configure {command}`: expected {}",
                opt.name,
                if allowed.is_empty() {
                    "no option".to_owned()
                } else {
                    format!(
                        "one of {}",
                        allowed
                            .iter()
                            .map(|o| format!("--{o}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )));
        }
        if options.iter().any(|(n, _)| *n == opt.name) {
            return Err(CliError::usage(format!(
                "--{} is given twice: expected it once",
                opt.name
            )));
        }
        if value.trim().is_empty() {
            return Err(CliError::usage(format!(
                "--{} is empty: expected --{}=VALUE",
                opt.name, opt.name
            )));
        }
        options.push((opt.name.as_str(), value.clone()));
    }
    let get = |name: &str| {
        options
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    let path = ConfigFile::path(&env)?;
    let mut file = ConfigFile::load(&path)?;
    match command.as_str() {
        "set" => {
            let name = get("cli-profile").unwrap_or_else(|| "default".to_owned());
            let existed = file.get(&name).is_some();
            let mut profile = file.get(&name).cloned().unwrap_or(Profile {
                name: name.clone(),
                ..Profile::default()
            });
            if let Some(m) = get("cli-mode") {
                profile.mode = Mode::parse(&m)?;
            }
            let fields: [(&str, &mut Option<String>); 6] = [
                ("cli-access-key", &mut profile.access_key),
                ("cli-secret-key", &mut profile.secret_key),
                ("cli-security-token", &mut profile.security_token),
                ("cli-region", &mut profile.region),
                ("cli-project-id", &mut profile.project_id),
                ("cli-domain-id", &mut profile.domain_id),
            ];
            for (option, slot) in fields {
                if let Some(v) = get(option) {
                    *slot = Some(v);
                }
            }
            if profile.mode == Mode::AkSk
                && (profile.access_key.is_none() || profile.secret_key.is_none())
            {
                return Err(CliError::usage(format!(
                    "profile `{name}` would have no complete access key: expected --cli-access-key and --cli-secret-key (or --cli-mode=ecsAgency)"
                )));
            }
            if existed && options.iter().all(|(n, _)| *n == "cli-profile") {
                // `set --cli-profile=NAME` alone makes NAME the default, as in KooCLI.
                file.current = name.clone();
            } else {
                file.upsert(profile);
            }
            file.save(&path)?;
            write(
                stdout,
                &format!(
                    "Profile `{name}` {} in {}; it is the default profile.\n",
                    if existed { "updated" } else { "added" },
                    path.display()
                ),
            )
        }
        "init" => init(&mut file, &path, get("cli-profile"), stdout),
        "list" => {
            if file.profiles.is_empty() {
                return write(
                    stdout,
                    &format!(
                        "No profile in {}. Add one with `hwc configure init`.\n",
                        path.display()
                    ),
                );
            }
            let mut rows = vec![vec![
                " ".to_owned(),
                "PROFILE".to_owned(),
                "MODE".to_owned(),
                "ACCESS KEY".to_owned(),
                "SECRET KEY".to_owned(),
                "REGION".to_owned(),
                "PROJECT ID".to_owned(),
            ]];
            let current = file.default_profile().map(|p| p.name.clone());
            for p in &file.profiles {
                rows.push(vec![
                    if Some(&p.name) == current.as_ref() {
                        "*"
                    } else {
                        " "
                    }
                    .to_owned(),
                    p.name.clone(),
                    p.mode.as_str().to_owned(),
                    p.access_key.as_deref().map(mask_id).unwrap_or_default(),
                    p.secret_key
                        .as_ref()
                        .map(|_| MASK.to_owned())
                        .unwrap_or_default(),
                    p.region.clone().unwrap_or_default(),
                    p.project_id.clone().unwrap_or_default(),
                ]);
            }
            let mut text = String::new();
            let widths: Vec<usize> = (0..rows[0].len())
                .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
                .collect();
            for row in rows {
                let cells: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect();
                text.push_str(cells.join("  ").trim_end());
                text.push('\n');
            }
            write(stdout, &text)
        }
        "show" => {
            let profile = selected(&file, get("cli-profile"), &path)?;
            let shown = json!({
                "name": profile.name,
                "default": file.default_profile().map(|p| &p.name) == Some(&profile.name),
                "mode": profile.mode.as_str(),
                "access_key": profile.access_key.as_deref().map(mask_id),
                "secret_key": profile.secret_key.as_ref().map(|_| MASK),
                "security_token": profile.security_token.as_ref().map(|_| MASK),
                "region": profile.region,
                "project_id": profile.project_id,
                "domain_id": profile.domain_id,
            });
            write(
                stdout,
                &(serde_json::to_string_pretty(&shown).expect("JSON serializes") + "\n"),
            )
        }
        "delete" => {
            let Some(name) = get("cli-profile") else {
                return Err(CliError::usage(format!(
                    "`hwc configure delete` needs the profile: expected --cli-profile=NAME with NAME {}",
                    file.expected_names()
                )));
            };
            selected(&file, Some(name.clone()), &path)?;
            file.remove(&name);
            file.save(&path)?;
            let now = match file.default_profile() {
                Some(p) => format!("the default profile is now `{}`", p.name),
                None => "no profile is left".to_owned(),
            };
            write(stdout, &format!("Profile `{name}` deleted; {now}.\n"))
        }
        "test" => test(
            &file,
            &path,
            get("cli-profile"),
            get("cli-endpoint").or(get("endpoint")),
            services,
            stdout,
        ),
        _ => unreachable!("commands are matched above"),
    }
}

fn selected<'a>(
    file: &'a ConfigFile,
    name: Option<String>,
    path: &Path,
) -> Result<&'a Profile, CliError> {
    file.select(name.as_deref(), path)?.ok_or_else(|| {
        CliError::usage(format!(
            "no profile in {}: expected {}",
            path.display(),
            file.expected_names()
        ))
    })
}

fn write(stdout: &mut dyn Write, text: &str) -> Result<(), CliError> {
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError::Failure(format!("cannot write the output: {e}")))
}

/// `hwc configure init`: prompts on standard error, answers on standard input (one a line);
/// an empty answer keeps what the profile had.
fn init(
    file: &mut ConfigFile,
    path: &Path,
    name: Option<String>,
    stdout: &mut dyn Write,
) -> Result<(), CliError> {
    let name = name.unwrap_or_else(|| "default".to_owned());
    let mut profile = file.get(&name).cloned().unwrap_or(Profile {
        name: name.clone(),
        ..Profile::default()
    });
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut ask =
        |prompt: &str, current: Option<String>, secret: bool| -> Result<Option<String>, CliError> {
            let shown = match (&current, secret) {
                (Some(_), true) => format!(" [{MASK}]"),
                (Some(c), false) => format!(" [{c}]"),
                (None, _) => String::new(),
            };
            eprint!("{prompt}{shown}: ");
            let _ = std::io::stderr().flush();
            let line = match lines.next() {
                Some(Ok(l)) => l,
                Some(Err(e)) => {
                    return Err(CliError::Failure(format!(
                        "cannot read standard input: {e}"
                    )))
                }
                None => String::new(),
            };
            let line = line.trim().to_owned();
            Ok(if line.is_empty() { current } else { Some(line) })
        };
    profile.access_key = ask("Access Key ID", profile.access_key.clone(), true)?;
    profile.secret_key = ask("Secret Access Key", profile.secret_key.clone(), true)?;
    profile.region = ask("Region", profile.region.clone(), false)?;
    profile.project_id = ask(
        "Project ID (optional; looked up at IAM when left empty)",
        profile.project_id.clone(),
        false,
    )?;
    eprintln!();
    if profile.access_key.is_none() || profile.secret_key.is_none() {
        return Err(CliError::usage(
            "`hwc configure init` got no access key or secret key: expected both on standard input",
        ));
    }
    file.upsert(profile);
    file.save(path)?;
    write(
        stdout,
        &format!(
            "Profile `{name}` saved in {}; it is the default profile.\n",
            path.display()
        ),
    )
}

/// `hwc configure test`: one signed call with the profile.
fn test(
    file: &ConfigFile,
    path: &Path,
    name: Option<String>,
    endpoint: Option<String>,
    services: &[Service],
    stdout: &mut dyn Write,
) -> Result<(), CliError> {
    let profile = selected(file, name, path)?;
    let (Some(ak), Some(sk)) = (&profile.access_key, &profile.secret_key) else {
        return Err(CliError::usage(format!(
            "profile `{}` has no access key to test: expected `hwc configure set --cli-profile={} --cli-access-key=AK --cli-secret-key=SK`",
            profile.name, profile.name
        )));
    };
    let Some(region) = &profile.region else {
        return Err(CliError::usage(format!(
            "profile `{}` has no region to test with: expected `hwc configure set --cli-profile={} --cli-region=REGION`",
            profile.name, profile.name
        )));
    };
    let iam = services
        .iter()
        .find(|s| s.name == "iam")
        .and_then(|s| s.versions.iter().find(|v| v.name == "v3"))
        .ok_or_else(|| CliError::Failure("this build of hwc has no IAM v3 client".into()))?;
    let mut creds = huaweicloud_sdk_core::AkSkCredentials::new(ak.clone(), sk.clone());
    if let Some(t) = &profile.security_token {
        creds = creds.with_security_token(t.clone());
    }
    let mut config = huaweicloud_sdk_core::Config::new(creds).with_region(region.clone());
    if let Some(e) = endpoint {
        config = config.with_endpoint(e);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failure(format!("cannot start the async runtime: {e}")))?;
    let result = runtime.block_on((iam.invoke)(
        config,
        "KeystoneListProjects",
        json!({"name": region}),
        crate::registry::Customize::new(),
    ));
    match result {
        Ok(_) => write(
            stdout,
            &format!(
                "Profile `{}`: the credentials are accepted (IAM lists the projects of {region}).\n",
                profile.name
            ),
        ),
        Err(crate::registry::CallError::Call(huaweicloud_sdk_core::SdkError::Service { meta, .. })) => {
            Err(CliError::Failure(format!(
                "profile `{}`: IAM refused the credentials: HTTP {}, {} {} (request id {})",
                profile.name,
                meta.status,
                meta.error_code,
                meta.error_msg,
                meta.request_id.as_deref().unwrap_or("(none)")
            )))
        }
        Err(e) => Err(CliError::Failure(format!(
            "profile `{}`: the test call failed: {}",
            profile.name,
            match e {
                crate::registry::CallError::Call(e) => e.to_string(),
                crate::registry::CallError::Client(e) => e.to_string(),
                other => format!("{other:?}"),
            }
        ))),
    }
}

const HELP: &str = "Usage:
  hwc configure init   [--cli-profile=NAME]   ask for the access key, secret key, region and project id
  hwc configure set    [--cli-profile=NAME] [--cli-mode=AKSK|ecsAgency] [--cli-access-key=AK]
                       [--cli-secret-key=SK] [--cli-security-token=TOKEN] [--cli-region=REGION]
                       [--cli-project-id=ID] [--cli-domain-id=ID]
                                              add a profile or change the fields given
  hwc configure list                          every profile (secrets masked; * marks the default)
  hwc configure show   [--cli-profile=NAME]   one profile (secrets masked)
  hwc configure delete --cli-profile=NAME
  hwc configure test   [--cli-profile=NAME]   sign a call to IAM with the profile

Profiles are kept in ~/.hwc/config.json (mode 0600; $HWC_CONFIG_FILE names another file).
The profile last added or changed is the default; --cli-profile=NAME chooses another.
";
