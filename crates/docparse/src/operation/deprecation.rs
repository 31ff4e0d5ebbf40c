//! Whether a page marks its operation deprecated: 废弃 / 待废弃 / "deprecated" in the title,
//! or a leading note ("该API已废弃，请使用……", "This API is deprecated").

use std::sync::LazyLock;

use regex::Regex;

static IN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)废弃|\bdeprecated\b").expect("valid regex"));
static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:该|此|本|当前)\s*(?:API|接口)\s*(?:已经|已|待|将|即将)?\s*被?\s*废弃|\b(?:this|the)\s+(?:api|interface|operation)\s+(?:is|has\s+been|will\s+be)\s+(?:now\s+)?deprecated\b",
    )
    .expect("valid regex")
});

/// The deprecation note of a page: the sentence of its function description that says so,
/// else the title when the title says so; `None` for a page that does not.
pub fn of(title: &str, description: &[String]) -> Option<String> {
    for line in description {
        if let Some(m) = NOTE.find(line) {
            return Some(sentence(line, m.start(), m.end()));
        }
    }
    IN_TITLE.is_match(title).then(|| title.trim().to_string())
}

/// The sentence of `text` around the bytes `start..end`.
fn sentence(text: &str, start: usize, end: usize) -> String {
    let begin = text[..start]
        .rfind(['。', '！', '\n', '>'])
        .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8))
        .or_else(|| text[..start].rfind(". ").map(|i| i + 2))
        .unwrap_or(0);
    let rest = &text[end..];
    let stop = rest
        .find('。')
        .map(|i| end + i + '。'.len_utf8())
        .or_else(|| rest.find(". ").map(|i| end + i + 1))
        .unwrap_or(text.len());
    text[begin..stop]
        .trim()
        .trim_start_matches(['>', ' '])
        .trim_start_matches("说明：")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use crate::parse_page;

    fn deprecated(page: &str) -> Option<String> {
        parse_page("x.md", page.as_bytes())
            .operation
            .expect("an operation")
            .deprecated
    }

    #[test]
    fn a_title_marks_the_page() {
        let page = "# 创建PVC（待废弃）\n\n## 功能介绍\n\n该API用于创建PVC。\n\n## URI\n\nPOST /api/v1/namespaces/{namespace}/pvc\n";
        assert_eq!(deprecated(page).as_deref(), Some("创建PVC（待废弃）"));
    }

    #[test]
    fn a_leading_note_marks_the_page_and_is_the_note() {
        let page = "# 创建PV\n\n## 功能介绍\n\n该API用于创建PV。该API已废弃，请使用Kubernetes PV相关接口。\n\n## URI\n\nPOST /api/v1/cloudpersistentvolumes\n";
        assert_eq!(
            deprecated(page).as_deref(),
            Some("该API已废弃，请使用Kubernetes PV相关接口。")
        );
        let page = "# 批量添加云服务器标签（废弃）\n\n## 功能介绍\n\n>![](x.gif) **说明：** \n>当前API已废弃，请使用[批量添加云服务器标签](批量添加云服务器标签.md)。\n\n## URI\n\nPOST /v1/{project_id}/servers/{server_id}/tags/action\n";
        assert_eq!(
            deprecated(page).as_deref(),
            Some("当前API已废弃，请使用批量添加云服务器标签。")
        );
        let page = "# Querying Tags\n\n## Function\n\nThis API is used to query tags. This API is deprecated. Use ListTags instead.\n\n## URI\n\nGET /v1/{project_id}/tags\n";
        assert_eq!(deprecated(page).as_deref(), Some("This API is deprecated."));
    }

    #[test]
    fn deprecated_fields_do_not_mark_the_operation() {
        let page = "# 创建节点\n\n## 功能介绍\n\n该API用于创建节点。billingMode为2（已废弃：自动付费包周期）时生效。\n\n## URI\n\nPOST /api/v3/projects/{project_id}/clusters/{cluster_id}/nodes\n\n## 请求参数\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|x|否|String|该参数已废弃。|\n";
        assert_eq!(deprecated(page), None);
    }
}
