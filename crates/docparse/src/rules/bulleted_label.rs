//! Rule: a sub-table introduced by a bulleted label instead of a `表 N` caption.
//!
//! EVS (and older pages of other services) write `-   <a name="li3451"></a>volume参数说明`
//! and indent the table under the list item; the parent row links it as
//! `请参见<a href="#li3451">•volume参数说明</a>`. The label captions the table exactly as
//! `表 N volume参数说明` would, and the anchor on the label names the table.

use std::sync::LazyLock;

use regex::Regex;

use crate::vocab::sections::{caption_role, CaptionRole};

/// The caption a list item's text gives the table under it: the text itself when it is a
/// "<name>参数说明" / "<name> parameter description" label naming a field or announcing query
/// parameters; `None` for any other list item (prose, "参数说明" alone, section labels).
pub fn caption(list_item_text: &str) -> Option<String> {
    let t = list_item_text
        .trim()
        .trim_start_matches(['•', '·'])
        .trim_end_matches(['。', '.', ':', '：'])
        .trim();
    if t.chars().count() > 60 {
        return None;
    }
    let lower = t.to_lowercase();
    let role = caption_role(t);
    // A label announcing query parameters needs no "说明" ("以下列表为查询检索参数").
    if role == CaptionRole::Query {
        return Some(t.to_string());
    }
    if !crate::vocab::rule_words::LABEL_STRUCTURE_WORDS
        .iter()
        .any(|w| lower.ends_with(w))
    {
        return None;
    }
    match role {
        CaptionRole::Named(_) => Some(t.to_string()),
        _ => None,
    }
}

static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*(?:[-*+]|\d+\.)\s+((?:<a\s+(?:name|id)="[^"]+"\s*>\s*</a>\s*)+)(.+)$"#)
        .expect("valid regex")
});
static ANCHOR_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:name|id)="([^"]+)""#).expect("valid regex"));

/// The anchors of a Markdown list-item label line (`-   <a name="x"></a>volume参数说明`) that
/// introduces the table below it: links to them are references to that table.
pub fn label_line_anchors(line: &str) -> Option<Vec<String>> {
    let c = LABEL_LINE.captures(line)?;
    let text = crate::inline::clean_inline(&c[2]);
    caption(&text)?;
    Some(
        ANCHOR_NAME
            .captures_iter(&c[1])
            .map(|m| m[1].to_string())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use apispec::Schema;

    const FRAGMENT: &str = include_str!("../../tests/fragments/bulleted-label.md");

    #[test]
    fn labels_naming_a_field_caption_the_table() {
        assert_eq!(caption("volume参数说明").as_deref(), Some("volume参数说明"));
        assert_eq!(
            caption("•attachments参数说明").as_deref(),
            Some("attachments参数说明")
        );
        assert_eq!(
            caption("server parameter description").as_deref(),
            Some("server parameter description")
        );
        assert!(caption("Request filter参数说明").is_some());
        assert_eq!(caption("参数说明"), None);
        // A label announcing query parameters, with no "说明" after it.
        assert_eq!(
            caption("以下列表为查询检索参数").as_deref(),
            Some("以下列表为查询检索参数")
        );
        assert_eq!(caption("以下列表为参数"), None);
        assert_eq!(caption("URI格式"), None);
        assert_eq!(caption("请求参数"), None);
        assert_eq!(caption("云硬盘的挂载信息，详情请参见下表的参数说明"), None);
    }

    #[test]
    fn label_lines_carry_the_anchor_links_point_at() {
        assert_eq!(
            label_line_anchors(r#"-   <a name="li_volume"></a>volume参数说明"#),
            Some(vec!["li_volume".to_string()])
        );
        assert_eq!(
            label_line_anchors(r#"-   <a name="li_x"></a>响应样例"#),
            None
        );
        assert_eq!(label_line_anchors("-   volume参数说明"), None);
    }

    #[test]
    fn a_page_of_bulleted_labels_nests_its_tables() {
        let op = crate::parse_page("p.md", FRAGMENT.as_bytes())
            .operation
            .expect("an operation");
        let Some(Schema::Object(body)) = op.responses[&200].body.clone() else {
            panic!("an object body: {:?}", op.responses);
        };
        let names: Vec<&str> = body.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["volume"],
            "the error object is no field of the 200 body"
        );
        let Schema::Object(volume) = &body.fields[0].schema else {
            panic!("volume is an object: {:?}", body.fields[0]);
        };
        let att = volume
            .fields
            .iter()
            .find(|f| f.name == "attachments")
            .expect("attachments");
        let Schema::Array { items } = &att.schema else {
            panic!("attachments is an array: {att:?}");
        };
        let Schema::Object(item) = items.as_ref() else {
            panic!("attachments[] is an object: {items:?}");
        };
        assert_eq!(item.fields[0].name, "server_id");
    }
}
