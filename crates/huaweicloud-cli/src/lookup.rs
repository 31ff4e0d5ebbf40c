//! Finding the service, API version and operation the user named.

use crate::error::CliError;
use crate::registry::{ApiVersion, Operation, Service};

/// The service named `name`, case-insensitively (`cce`, `CCE`).
pub fn find_service<'a>(services: &'a [Service], name: &str) -> Result<&'a Service, CliError> {
    services
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            let names: Vec<_> = services.iter().map(|s| s.name).collect();
            let mut message = format!(
                "unknown service `{name}`: expected one of {}",
                names.join(", ")
            );
            if let Some(s) = suggest(&name.to_ascii_lowercase(), names.iter().copied()) {
                message.push_str(&format!(" (did you mean `{s}`?)"));
            }
            CliError::usage(message).with_hint("Run `hwc --help` to list the services.")
        })
}

/// The API versions to consider: all of them, or the one `--cli-api-version` names.
pub fn select_versions<'a>(
    service: &'a Service,
    api_version: Option<&str>,
) -> Result<Vec<&'a ApiVersion>, CliError> {
    let Some(wanted) = api_version else {
        return Ok(service.versions.iter().collect());
    };
    match service
        .versions
        .iter()
        .find(|v| v.name.eq_ignore_ascii_case(wanted))
    {
        Some(v) => Ok(vec![v]),
        None => Err(CliError::usage(format!(
            "service `{}` has no API version `{wanted}`: expected --cli-api-version={}",
            service.name,
            version_names(service.versions.iter())
        ))),
    }
}

/// The operation `name` (exact, else case-insensitive if that is unambiguous), in the API
/// version `api_version` names, or in the only version that has it.
pub fn find_operation<'a>(
    service: &'a Service,
    name: &str,
    api_version: Option<&str>,
) -> Result<(&'a ApiVersion, &'a Operation), CliError> {
    let versions = select_versions(service, api_version)?;
    let all = || {
        versions
            .iter()
            .flat_map(|v| v.operations.iter().map(move |op| (*v, op)))
    };
    let mut found: Vec<_> = all().filter(|(_, op)| op.name == name).collect();
    if found.is_empty() {
        found = all()
            .filter(|(_, op)| op.name.eq_ignore_ascii_case(name))
            .collect();
        // Two operations differing only in case: the user has to spell one exactly.
        let distinct = found.iter().map(|(_, op)| op.name).collect::<Vec<_>>();
        if distinct.windows(2).any(|w| w[0] != w[1]) {
            found.clear();
        }
    }
    let help = format!("Run `hwc {} --help` to list its operations.", service.name);
    match found.as_slice() {
        [] => {
            let in_version = match api_version {
                Some(v) => format!(" in API version {v}"),
                None => String::new(),
            };
            let mut names: Vec<&str> = Vec::new();
            for (_, op) in all() {
                if !names.contains(&op.name) {
                    names.push(op.name);
                }
            }
            let mut message = format!(
                "service `{}` has no operation `{name}`{in_version}: expected ",
                service.name
            );
            if names.len() == 1 {
                message.push_str(names[0]);
            } else if names.len() <= 8 {
                message.push_str(&format!("one of {}", names.join(", ")));
            } else {
                message.push_str(&format!("one of its {} operations", names.len()));
            }
            if let Some(s) = suggest(name, names.iter().copied()) {
                message.push_str(&format!(" (did you mean `{s}`?)"));
            }
            Err(CliError::usage(message).with_hint(help))
        }
        [(v, op)] => Ok((v, op)),
        several => Err(CliError::usage(format!(
            "operation `{name}` of `{}` exists in API versions {}: choose one with --cli-api-version={}",
            service.name,
            version_names(several.iter().map(|(v, _)| *v)).replace('|', ", "),
            version_names(several.iter().map(|(v, _)| *v)),
        ))
        .with_hint(help)),
    }
}

fn version_names<'a>(versions: impl Iterator<Item = &'a ApiVersion>) -> String {
    versions.map(|v| v.name).collect::<Vec<_>>().join("|")
}

/// The candidate closest to `name`, if it is close (a typo or two, or only case differs).
fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 4).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{CallError, InvokeFuture};
    use huaweicloud_sdk_core::Config;

    fn never(
        _: Config,
        _: &str,
        _: serde_json::Value,
        _: crate::registry::Customize,
    ) -> InvokeFuture {
        Box::pin(async { Err(CallError::Other("not called".into())) })
    }

    fn op(name: &'static str, version: &'static str) -> Operation {
        Operation {
            info: &huaweicloud_sdk_core::meta::OperationInfo::DEFAULT,
            name,
            summary: "s",
            method: "GET",
            path: "/x",
            api_version: version,
            params: vec![],
            body: None,
            output: None,
        }
    }

    /// A service with an operation in two versions, as the official SDKs have (`v2`, `v3`).
    fn svc() -> Vec<Service> {
        vec![Service {
            name: "ecs",
            model_text: "{}",
            versions: vec![
                ApiVersion {
                    name: "v2",
                    operations: vec![op("ListServers", "v2"), op("OldOnly", "v2")],
                    invoke: never,
                    endpoint: |_| Ok(String::new()),
                },
                ApiVersion {
                    name: "v3",
                    operations: vec![op("ListServers", "v3"), op("NewOnly", "v3")],
                    invoke: never,
                    endpoint: |_| Ok(String::new()),
                },
            ],
        }]
    }

    fn message(e: CliError) -> String {
        match e {
            CliError::Usage { message, .. } => message,
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn services_are_case_insensitive() {
        let all = svc();
        assert_eq!(find_service(&all, "ECS").unwrap().name, "ecs");
        assert_eq!(
            message(find_service(&all, "ecz").unwrap_err()),
            "unknown service `ecz`: expected one of ecs (did you mean `ecs`?)"
        );
    }

    #[test]
    fn unique_module_is_picked_and_ambiguity_is_explained() {
        let all = svc();
        let s = &all[0];
        assert_eq!(find_operation(s, "NewOnly", None).unwrap().0.name, "v3");
        assert_eq!(find_operation(s, "oldonly", None).unwrap().0.name, "v2");
        assert_eq!(
            message(find_operation(s, "ListServers", None).unwrap_err()),
            "operation `ListServers` of `ecs` exists in API versions v2, v3: choose one with --cli-api-version=v2|v3"
        );
        let (v, o) = find_operation(s, "ListServers", Some("V3")).unwrap();
        assert_eq!((v.name, o.api_version), ("v3", "v3"));
        assert_eq!(
            message(find_operation(s, "NewOnly", Some("v2")).unwrap_err()),
            "service `ecs` has no operation `NewOnly` in API version v2: expected one of ListServers, OldOnly"
        );
        assert_eq!(
            message(find_operation(s, "ListServers", Some("v9")).unwrap_err()),
            "service `ecs` has no API version `v9`: expected --cli-api-version=v2|v3"
        );
        assert_eq!(
            message(find_operation(s, "ListServer", None).unwrap_err()),
            "service `ecs` has no operation `ListServer`: expected one of ListServers, OldOnly, NewOnly (did you mean `ListServers`?)"
        );
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("节点", "节点"), 0);
        assert_eq!(
            suggest("removenod", ["RemoveNode", "X"].into_iter()),
            Some("RemoveNode")
        );
        assert_eq!(suggest("Zzzzzz", ["RemoveNode"].into_iter()), None);
    }
}
