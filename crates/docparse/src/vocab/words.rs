//! The pages' words that are not headings or column headers: how a page says "none",
//! "required", "see Table N", "key-value pairs", what names a secret, an HTTP header or a
//! status code, and where the API Explorer link names the operation.

use std::sync::LazyLock;

use regex::Regex;

static EXPLORER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"apiexplorer[^\s)]*?[?&]api=([A-Za-z][A-Za-z0-9_]*)").expect("valid regex")
});
static STATUS_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([1-5]\d\d)\b").expect("valid regex"));
static SENSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(password|passwd|pwd|secret|private_?key|adminpass|auth[-_]?token|security[-_]?token|subject[-_]?token|login[-_]?token|access_?key|secret_?key|^sk$|^ak$|credential|passphrase|id_token|^token$|[-_]token$|token_value)")
        .expect("valid regex")
});
static NOT_SENSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(page|next|marker|expire|_at$|_time$|type$|_id$|policy|strength|length|enable|name$)",
    )
    .expect("valid regex")
});
static HEADER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][A-Za-z0-9]*|[a-z][a-z0-9]*)(?:-[A-Za-z0-9]+)+$").expect("valid regex")
});
static DESC_TABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:see|参见|参考|见|refer to|described in|listed in)\s*(?:the\s*)?(?:table|表)\s*(\d+)").expect("valid regex")
});

/// The operation name of the page's API Explorer link (`...apiexplorer/doc?product=ECS&api=ShowQuota`).
pub fn explorer_name(raw: &str) -> Option<String> {
    EXPLORER.captures(raw).map(|c| c[1].to_string())
}

/// The status codes a line starts with, in order (`200`, `201 Created`).
pub fn leading_status_codes(text: &str) -> impl Iterator<Item = u16> + '_ {
    STATUS_CODE
        .captures_iter(text)
        .filter_map(|cap| cap[1].parse::<u16>().ok())
}

/// The status code a cell starts with.
pub fn leading_status_code(text: &str) -> Option<u16> {
    STATUS_CODE
        .captures(text)
        .and_then(|c| c[1].parse::<u16>().ok())
}

/// Whether a field or parameter of this name holds a secret.
pub fn is_sensitive_name(name: &str) -> bool {
    SENSITIVE.is_match(name) && !NOT_SENSITIVE.is_match(name)
}

/// Whether a name is spelled as an HTTP header (`X-Auth-Token`, `Content-Type`).
pub fn is_header_name(n: &str) -> bool {
    HEADER_NAME.is_match(n)
        && (n.starts_with(['X', 'x'])
            || n.eq_ignore_ascii_case("content-type")
            || n.eq_ignore_ascii_case("authorization")
            || n.contains('-') && n.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
}

/// "无", "None", "N/A", "不涉及": the page says there is nothing.
pub fn is_none_word(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['。', '.']).to_lowercase();
    matches!(
        t.as_str(),
        "无" | "none" | "n/a" | "na" | "no content" | "null" | "不涉及" | "空"
    )
}

/// `是`/`Yes` → true; `否`/`No` → false; anything else is a condition, kept in `required_when`.
pub fn parse_required(text: &str) -> (bool, Option<String>) {
    let t = text.trim();
    let n = t.to_lowercase();
    let n = n.trim_end_matches(['。', '.']);
    match n {
        "是" | "yes" | "y" | "m" | "mandatory" | "required" | "必选" | "必填" | "true" | "必须"
        | "是。" => return (true, None),
        "否" | "no" | "n" | "o" | "optional" | "可选" | "选填" | "false" | "-" | "" | "非必选"
        | "非必填" | "不是" => return (false, None),
        _ => {}
    }
    if n.starts_with("是") || n.starts_with("yes") || n.starts_with("mandatory") {
        return (true, Some(t.to_string()));
    }
    (false, Some(t.to_string()))
}

/// Whether a cell is a plain yes/no of a required column.
pub fn is_required_word(text: &str) -> bool {
    let (_, cond) = parse_required(text);
    cond.is_none() && !text.trim().is_empty()
}

/// "For details, see Table 6." / "详情请参见表3。" in a description.
pub fn desc_table_ref(description: &str) -> Option<u32> {
    DESC_TABLE
        .captures(description)
        .and_then(|c| c[1].parse().ok())
}

/// Whether a description says its field holds key-value pairs.
pub fn says_key_value(description: &str) -> bool {
    // ASCII case-insensitive search, without a lowercased copy of every description.
    let has = |needle: &str| {
        description
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    description.contains("键值对")
        || [
            "key-value",
            "key/value",
            "key value pair",
            "key and value pair",
            "map<string",
            "map<str,",
        ]
        .iter()
        .any(|k| has(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_spellings() {
        assert_eq!(parse_required("是"), (true, None));
        assert_eq!(parse_required("Optional"), (false, None));
        assert_eq!(
            parse_required("是（创建时）"),
            (true, Some("是（创建时）".into()))
        );
        assert!(is_required_word("No"));
        assert!(!is_required_word(""));
    }

    #[test]
    fn secrets_headers_and_references() {
        assert!(is_sensitive_name("adminPass"));
        assert!(is_sensitive_name("X-Auth-Token"));
        // Header spellings: words joined by `-` as well as `_`.
        assert!(is_sensitive_name("X-Subject-Token"));
        assert!(is_sensitive_name("X-Security-Token"));
        assert!(is_sensitive_name("subject_token"));
        assert!(is_sensitive_name("X-Subject-LoginToken"));
        assert!(!is_sensitive_name("token_expire_time"));
        assert!(!is_sensitive_name("password_policy"));
        assert!(is_header_name("X-Auth-Token"));
        assert!(is_header_name("Content-Type"));
        assert!(!is_header_name("project_id"));
        assert_eq!(desc_table_ref("详情请参见表3。"), Some(3));
        assert_eq!(desc_table_ref("For details, see Table 6."), Some(6));
        assert!(says_key_value("用户自定义metadata键值对"));
        assert!(says_key_value("A Map<String, Object>"));
        assert!(is_none_word("无。"));
        assert_eq!(
            explorer_name("[x](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=ECS&api=ShowQuota)"),
            Some("ShowQuota".into())
        );
        assert_eq!(leading_status_codes("200 OK").collect::<Vec<_>>(), [200]);
    }
}
