//! The command line, read by hand: KooCLI's `--name=value` parameters are the operation's own
//! (known only once the service and operation are), so a static argument parser does not fit.
//!
//! Grammar: `hwc [SERVICE [Operation]] [--name=value | --name value | --help | -h | --version]...`
//! in any order; the first two words that are not options are the service and the operation.

use crate::error::CliError;

/// Options that take no value.
const FLAGS: &[&str] = &["help", "version"];
/// Switches: `--dryrun` alone, or `--dryrun=true|false`; never the next word as their value.
pub const SWITCHES: &[&str] = &["dryrun", "debug", "skeleton", "cli-paginate"];

/// One `--name=value` (or `--name value`) option, or a flag (`value` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawOption {
    /// The name without the leading dashes (`cluster_id`, `cli-region`).
    pub name: String,
    /// The value; `None` for flags (`--help`).
    pub value: Option<String>,
}

/// The command line split into words and options, before anything is looked up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawArgs {
    /// Words that are not options: service, operation (and anything stray).
    pub positionals: Vec<String>,
    /// Options, in order.
    pub options: Vec<RawOption>,
}

impl RawArgs {
    /// Whether `--help` or `-h` was given.
    pub fn help(&self) -> bool {
        self.options.iter().any(|o| o.name == "help")
    }

    /// Whether `--version` was given.
    pub fn version(&self) -> bool {
        self.options.iter().any(|o| o.name == "version")
    }
}

/// Splits the arguments (without the program name).
pub fn parse(args: &[String]) -> Result<RawArgs, CliError> {
    let mut out = RawArgs::default();
    let mut it = args.iter().peekable();
    while let Some(arg) = it.next() {
        if arg == "-h" {
            out.options.push(RawOption {
                name: "help".into(),
                value: None,
            });
        } else if arg == "--" {
            return Err(CliError::usage(
                "unexpected `--`: parameters are given as --name=value",
            ));
        } else if let Some(rest) = arg.strip_prefix("--") {
            let (name, value) = match rest.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (rest, None),
            };
            if name.is_empty() || name.starts_with('-') {
                return Err(CliError::usage(format!(
                    "malformed option `{arg}`: expected --name=value"
                )));
            }
            let value = if SWITCHES.contains(&name) {
                Some(value.unwrap_or_else(|| "true".to_owned()))
            } else if FLAGS.contains(&name) {
                if value.is_some() {
                    return Err(CliError::usage(format!(
                        "option --{name} takes no value, got `{arg}`"
                    )));
                }
                None
            } else {
                match value {
                    Some(v) => Some(v),
                    // `--name value`, unless the next word is another option.
                    None => match it.peek() {
                        Some(next) if !next.starts_with("--") => it.next().cloned(),
                        _ => {
                            return Err(CliError::usage(format!(
                                "option --{name} needs a value: expected --{name}=VALUE"
                            )))
                        }
                    },
                }
            };
            out.options.push(RawOption {
                name: name.to_owned(),
                value,
            });
        } else if arg.starts_with('-') && arg.len() > 1 {
            return Err(CliError::usage(format!(
                "unknown option `{arg}`: parameters are given as --name=value"
            )));
        } else {
            out.positionals.push(arg.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    fn opt(name: &str, value: Option<&str>) -> RawOption {
        RawOption {
            name: name.into(),
            value: value.map(Into::into),
        }
    }

    #[test]
    fn koocli_forms() {
        let raw = parse(&args(&[
            "cce",
            "RemoveNode",
            "--cluster_id=c1",
            "--cli-region",
            "cn-north-4",
            "--body={\"a\":\"=\"}",
            "--limit=-1",
            "--empty=",
            "-h",
        ]))
        .unwrap();
        assert_eq!(raw.positionals, ["cce", "RemoveNode"]);
        assert_eq!(
            raw.options,
            [
                opt("cluster_id", Some("c1")),
                opt("cli-region", Some("cn-north-4")),
                opt("body", Some("{\"a\":\"=\"}")),
                opt("limit", Some("-1")),
                opt("empty", Some("")),
                opt("help", None),
            ]
        );
        assert!(raw.help());
        assert!(!raw.version());
    }

    #[test]
    fn options_before_words() {
        let raw = parse(&args(&["--help", "cce", "--version"])).unwrap();
        assert_eq!(raw.positionals, ["cce"]);
        assert!(raw.help() && raw.version());
    }

    #[test]
    fn errors_name_the_argument() {
        let msg = |a: &[&str]| match parse(&args(a)).unwrap_err() {
            CliError::Usage { message, .. } => message,
            e => panic!("{e:?}"),
        };
        assert_eq!(
            msg(&["cce", "--cluster_id"]),
            "option --cluster_id needs a value: expected --cluster_id=VALUE"
        );
        assert_eq!(
            msg(&["cce", "--cluster_id", "--x=1"]),
            "option --cluster_id needs a value: expected --cluster_id=VALUE"
        );
        assert_eq!(
            msg(&["-x"]),
            "unknown option `-x`: parameters are given as --name=value"
        );
        assert_eq!(
            msg(&["--=1"]),
            "malformed option `--=1`: expected --name=value"
        );
        assert_eq!(
            msg(&["--help=yes"]),
            "option --help takes no value, got `--help=yes`"
        );
        assert!(msg(&["--"]).contains("unexpected `--`"));
    }
}
