//! Method lines: `POST /v1.0/\{project\_id\}/...`, `GET https://{Endpoint}/v3/...?limit={limit}`,
//! `/v1.0/apigw/apis[?page_size, page_no]`, `/v3/endpoints{?interface, service_id}`,
//! `PATH：/rds/v1/...` with `Method：POST`, and trailing notes.

use std::sync::LazyLock;

use regex::Regex;

use crate::inline::unescape_md;

/// A method line, cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodLine {
    /// Upper-case method.
    pub method: String,
    /// Path template without scheme, host, query string or trailing notes.
    pub path: String,
    /// Names of query parameters the line shows.
    pub query: Vec<String>,
}

static METHOD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[A-Za-z][A-Za-z ]{0,30}[:：]\s*)?(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s*((?:https?://|\{[A-Za-z_]*endpoint[A-Za-z_]*\}|/).*)$")
        .expect("valid regex")
});
static PATH_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:path|uri|url|请求路径|路径)\s*[:：]\s*(\S.*)$").expect("valid regex")
});
static METHOD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:method|http method|请求方法|方法|请求方式)\s*[:：]\s*(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\b",
    )
    .expect("valid regex")
});
static HTTP_METHOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$").expect("valid regex")
});

/// Reads a `METHOD path` line.
pub fn method_line(text: &str) -> Option<MethodLine> {
    let t = unescape_md(text.trim());
    let c = METHOD_LINE.captures(t.trim())?;
    let (path, query) = clean_path(&c[2])?;
    Some(MethodLine {
        method: c[1].to_uppercase(),
        path,
        query,
    })
}

/// Reads a `PATH：/x` label line.
pub fn path_label(text: &str) -> Option<(String, Vec<String>)> {
    let t = unescape_md(text.trim());
    let c = PATH_LABEL.captures(&t)?;
    clean_path(&c[1])
}

/// Reads a `Method：POST` label line.
pub fn method_label(text: &str) -> Option<String> {
    METHOD_LABEL
        .captures(text.trim())
        .map(|c| c[1].to_uppercase())
}

/// Whether a cell is exactly an HTTP method.
pub fn is_method(text: &str) -> bool {
    HTTP_METHOD.is_match(text.trim())
}

/// Cleans a path as written: drops scheme and host, the query string (returning its names),
/// trailing notes, italic markers, and whitespace that splits a path.
pub fn clean_path(raw: &str) -> Option<(String, Vec<String>)> {
    let mut s = unescape_md(raw.trim());
    // Scheme and host.
    if let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    {
        s = match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".to_string(),
        };
    } else if s.starts_with('{') {
        if let Some(i) = s.find("}/") {
            if s[..i].to_lowercase().contains("endpoint") {
                s = s[i + 1..].to_string();
            }
        }
    }
    if !s.starts_with('/') {
        return None;
    }
    // Whitespace inside the path ("/a /{b}/c") joins; other trailing text is a note.
    let mut path = String::new();
    let mut parts = s.split_whitespace().peekable();
    if let Some(first) = parts.next() {
        path.push_str(first);
    }
    while let Some(next) = parts.peek() {
        let joins_segment =
            next.starts_with('/') && !path.ends_with('/') && !next.starts_with("//");
        let joins_placeholder = next.starts_with('{') && next.ends_with('}') && path.ends_with('/');
        if joins_segment || joins_placeholder {
            path.push_str(next);
            parts.next();
        } else {
            break;
        }
    }
    let mut query = Vec::new();
    // RFC 6570 form `{?a,b}`, also written with spaces (`{? a, b}`) or left open.
    // rule: query_template
    if path.contains("{?") {
        let rest = parts.collect::<Vec<_>>().join(" ");
        let (p, names, _, _) = crate::rules::query_template::take_templates(&path, &rest);
        path = p;
        for n in names {
            push_name(&mut query, &n);
        }
    }
    // Bracketed list `[?a, b]` (the list may have been split by whitespace).
    if let Some(start) = path.find("[?").or_else(|| path.find('[')) {
        let bracket_rest = &s[s.find('[').unwrap_or(0)..];
        let end = bracket_rest.find(']').unwrap_or(bracket_rest.len());
        for n in bracket_rest[..end]
            .trim_start_matches('[')
            .trim_start_matches('?')
            .split([',', '&'])
        {
            push_name(&mut query, n.split('=').next().unwrap_or(""));
        }
        path.truncate(start);
    }
    if let Some(q) = path.find('?') {
        let qs = path[q + 1..].to_string();
        path.truncate(q);
        for pair in qs.split('&') {
            push_name(&mut query, pair.split('=').next().unwrap_or(""));
        }
    }
    // Italic markers inside placeholders: {_project_id_} and *x*.
    let path = fix_placeholders(&path);
    let path = path
        .trim_end_matches(['。', '，', ',', ';', '；', ')', '）', '"', '\'', '`', '*'])
        .to_string();
    if path.is_empty() {
        return None;
    }
    Some((path, query))
}

fn push_name(out: &mut Vec<String>, n: &str) {
    let n = n
        .trim()
        .trim_matches(['{', '}', '[', ']', '?', ' ', '*', '_'])
        .trim();
    if !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !out.iter().any(|x| x == n)
    {
        out.push(n.to_string());
    }
}

fn fix_placeholders(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = rest[start + 1..start + end].trim().trim_matches(['_', '*']);
        out.push('{');
        out.push_str(inner);
        out.push('}');
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out.replace('*', "")
}

/// Names of the `{placeholders}` of a path template, in order, each once (a template may name
/// one twice: `/v1/{project_id}/quotas/{project_id}`).
pub fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let name = rest[start + 1..start + end].trim();
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = &rest[start + end + 1..];
    }
    out
}

/// The API version a path belongs to: the first `/vN` or `/vN.M` segment (`v1.0` → `v1`).
pub fn api_version_of(path: &str) -> String {
    for seg in path.split('/') {
        let seg = seg.trim();
        if let Some(rest) = seg.strip_prefix('v').or_else(|| seg.strip_prefix('V')) {
            let major: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let tail = &rest[major.len()..];
            let tail_ok = tail.is_empty()
                || (tail.starts_with('.') && tail[1..].chars().all(|c| c.is_ascii_digit()));
            if !major.is_empty() && tail_ok {
                return format!("v{major}");
            }
        }
    }
    "v1".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ml(s: &str) -> (String, String, Vec<String>) {
        let m = method_line(s).unwrap_or_else(|| panic!("no method line in {s}"));
        (m.method, m.path, m.query)
    }

    #[test]
    fn an_unclosed_query_template_is_read_to_the_end_not_a_panic() {
        // Found by `cargo xtask fuzz`: `{?` without `}` (a page cut short), ASCII or not.
        let (_, path, query) = ml("GET /v2/images{?limit,marker");
        assert_eq!(
            (path.as_str(), query),
            ("/v2/images", vec!["limit".to_string(), "marker".into()])
        );
        assert_eq!(ml("GET/{?").1, "/");
        let _ = method_line("GET /v2/images{?limit,说明。");
    }

    #[test]
    fn method_lines() {
        assert_eq!(
            ml(r"POST /v1.0/\{project\_id\}/elbaas/listeners/\{listener\_id\}/members/action").1,
            "/v1.0/{project_id}/elbaas/listeners/{listener_id}/members/action"
        );
        assert_eq!(
            ml("GET https://{Endpoint}/v3/{project_id}/x?limit={limit}&marker={marker}"),
            (
                "GET".into(),
                "/v3/{project_id}/x".into(),
                vec!["limit".into(), "marker".into()]
            )
        );
        assert_eq!(
            ml("GET /v1.0/apigw/apis[?page_size, page_no, id]").2,
            vec!["page_size", "page_no", "id"]
        );
        assert_eq!(
            ml("GET /v3/endpoints{?interface, service_id}").1,
            "/v3/endpoints"
        );
        assert_eq!(
            ml("GET /v3/endpoints{?interface,service_id}").2,
            vec!["interface", "service_id"]
        );
        assert_eq!(
            ml("POST /apis/apps/v1/namespaces/{namespace}/daemonsets (Supports only1.9)").1,
            "/apis/apps/v1/namespaces/{namespace}/daemonsets"
        );
        assert_eq!(ml("Get /v1.0/x").0, "GET");
        assert_eq!(ml("GET/v1/x HTTP/1.1").1, "/v1/x");
        assert_eq!(ml("URI format: DELETE /v1.0/x").0, "DELETE");
        assert_eq!(ml(r"GET /v2/\{_project\_id_\}/x").1, "/v2/{project_id}/x");
        assert_eq!(
            ml("PUT /v2/{project_id}/ipsec-site-connections /{resource_id}/tags").1,
            "/v2/{project_id}/ipsec-site-connections/{resource_id}/tags"
        );
        assert!(method_line("Getting started").is_none());
        assert!(method_line("GET").is_none());
    }

    #[test]
    fn labels_and_versions() {
        assert_eq!(
            path_label("PATH：/rds/v1/{project_id}/instances")
                .unwrap()
                .0,
            "/rds/v1/{project_id}/instances"
        );
        assert_eq!(method_label("Method：POST").as_deref(), Some("POST"));
        assert_eq!(api_version_of("/v1.0/{project_id}/elbaas"), "v1");
        assert_eq!(api_version_of("/api/v3/projects/{project_id}"), "v3");
        assert_eq!(api_version_of("/v2/{project_id}/apic"), "v2");
        assert_eq!(api_version_of("/apis/batch/v1"), "v1");
        assert_eq!(placeholders("/a/{x}/b/{y}"), vec!["x", "y"]);
        assert_eq!(
            placeholders("/v1/{project_id}/q/{project_id}"),
            vec!["project_id"]
        );
    }
}
