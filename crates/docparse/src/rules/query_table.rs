//! Rule: the URI section holds a second table of query parameters, announced as filter or
//! search parameters ("表 2 查询检索参数说明", "Request filter参数说明", "过滤参数"), and an
//! indexed family of them (`dim` documented as `dim.{i}=key,value`, "最大支持3个维度") stands for
//! its members `dim.0`, `dim.1`, `dim.2`.

use std::sync::LazyLock;

use regex::Regex;

/// Whether a caption (without `表 N`), normalised (lower case, no spaces), announces query
/// parameters by calling them filter or search parameters.
pub fn announces_query(norm_caption: &str) -> bool {
    crate::vocab::rule_words::QUERY_FILTER_CAPTIONS
        .iter()
        .any(|w| norm_caption.contains(w))
}

static MAX_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(crate::vocab::rule_words::FAMILY_MAX_COUNT).expect("valid regex"));

/// The members of an indexed family: a parameter `name` (or `name.{i}`, `name.N`) whose
/// description writes it `name.{i}` and says how many there may be (else the indices it shows),
/// as `name.0`, `name.1`, …; `None` for any other parameter.
pub fn indexed_family(name: &str, description: &str) -> Option<Vec<String>> {
    let base = name
        .strip_suffix(".{i}")
        .or_else(|| name.strip_suffix(".N"))
        .or_else(|| name.strip_suffix(".n"))
        .or_else(|| name.strip_suffix('.'))
        .unwrap_or(name);
    if base.is_empty() || !base.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let template = format!("{base}.{{i}}");
    if !description.contains(&template) && name == base {
        return None;
    }
    let shown = Regex::new(&format!(r"\b{}\.(\d)\b", regex::escape(base))).ok()?;
    let max_shown = shown
        .captures_iter(description)
        .filter_map(|c| c[1].parse::<usize>().ok())
        .max();
    let count = MAX_COUNT
        .captures(description)
        .and_then(|c| c[1].parse::<usize>().ok())
        .filter(|n| (1..=10).contains(n))
        .or(max_shown.map(|m| m + 1))?;
    Some((0..count).map(|i| format!("{base}.{i}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAGMENT: &str = include_str!("../../tests/fragments/uri-second-table.md");

    #[test]
    fn filter_and_search_captions_announce_query_parameters() {
        assert!(announces_query("查询检索参数说明"));
        assert!(announces_query("requestfilter参数说明"));
        assert!(!announces_query("参数说明"));
        assert!(!announces_query("filters字段说明"));
    }

    #[test]
    fn indexed_families_expand_to_their_members() {
        let d = "目前最大支持3个维度，必须从0开始；维度格式为dim.{i}=key,value。单维度：dim.0=instance_id,xxx";
        assert_eq!(
            indexed_family("dim", d),
            Some(vec!["dim.0".into(), "dim.1".into(), "dim.2".into()])
        );
        assert_eq!(
            indexed_family(
                "dim.",
                "单维度：dim.0=instance_id,xxx；多维度：dim.0=a&dim.1=b"
            ),
            Some(vec!["dim.0".into(), "dim.1".into()])
        );
        assert_eq!(indexed_family("limit", "取值范围1~1000。"), None);
        assert_eq!(indexed_family("dim", "维度。"), None);
    }

    #[test]
    fn the_second_uri_table_holds_query_parameters() {
        let op = crate::parse_page("p.md", FRAGMENT.as_bytes())
            .operation
            .expect("an operation");
        let q: Vec<&str> = op
            .params
            .iter()
            .filter(|p| p.location == apispec::ParamLocation::Query)
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(q, ["namespace", "dim.0", "limit"]);
        assert!(op
            .params
            .iter()
            .any(|p| p.name == "project_id" && p.location == apispec::ParamLocation::Path));
    }
}
