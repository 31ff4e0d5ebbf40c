//! Rule: a field described on another page of the same service.
//!
//! A row typed as an object (or a list of objects) that no table of its own page describes
//! may say where it is described instead, with a link to another page of the service:
//!
//! - a table or a section of that page, by anchor: `详见<a href="创建端口.md#table75900256498">表10</a>`,
//!   `For details, see <a href="data-structure-for-creating-ecss.md#table1137234112314">Table 6</a>`,
//!   `详情请参见<a href="数据结构(创建云服务器).md#section1228814491353">创建磁盘的metadata字段数据结构说明</a>`
//!   (a section's anchor stands for the first table under its heading);
//! - a field of that page's request or response, by name: `资源详情，请参见<a
//!   href="查询单个云硬盘详情-API-v2.md">查询单个云硬盘详情</a>响应中的volume参数说明表格`,
//!   "see the volume parameter in the response of ...";
//! - a heading of that page, by its text: `请参考：<a href="数据结构(查询规格详情).md">os_extra_specs（flavor）字段数据结构说明</a>`.
//!
//! A link to a page that says none of these (`请参见<a href="分页查询.md">分页查询</a>`, a guide)
//! is prose, not a reference. This module reads the reference from a row's description cell
//! and matches the target page's anchors and headings; `normalize::cross_page` resolves the
//! references once every page of the service is read, and fills only what the page left
//! without fields of its own.

use std::sync::LazyLock;

use regex::Regex;

/// Where a row's description says its object is described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRef {
    /// The linked page, as the link writes it (relative to the linking page), percent-decoded.
    pub page: String,
    /// What on that page describes the object.
    pub target: Target,
}

/// What on the linked page describes the object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The table (or the first table of the section) carrying this anchor.
    Anchor(String),
    /// The field of this name in the page's response (`response`) or request.
    Field {
        /// The field's name.
        name: String,
        /// In the response (else the request).
        response: bool,
    },
    /// The table under a heading whose text the description quotes.
    Heading(String),
}

static ZH_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(响应|返回|请求)(?:体|消息|参数|body)?(?:中|里)的\s*([A-Za-z_][A-Za-z0-9_:\-]*)\s*(?:参数|字段|属性|对象)")
        .expect("valid regex")
});

static EN_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bthe\s+([A-Za-z_][A-Za-z0-9_:\-]*)\s+(?:parameter|field|attribute|object)s?\s+(?:in|of)\s+the\s+(response|request)")
        .expect("valid regex")
});

/// The reference a description cell makes: its first link to another page (not a local
/// `#anchor`, not a web address), with the anchor it names, else the field of that page's
/// request or response the text names, else the text itself (matched against the target's
/// headings when the page is read). `None` without such a link.
pub fn page_ref(links: &[String], description: &str) -> Option<PageRef> {
    let link = links.iter().find(|l| is_page_link(l))?;
    let (path, anchor) = match link.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (link.as_str(), None),
    };
    let page = percent_decode(path);
    let target = match anchor.filter(|a| !a.is_empty()) {
        Some(a) => Target::Anchor(a.to_string()),
        None => match field_named(description) {
            Some((name, response)) => Target::Field { name, response },
            None => Target::Heading(description.to_string()),
        },
    };
    Some(PageRef { page, target })
}

/// A link to another page of the reference: a relative path to a page file.
fn is_page_link(link: &str) -> bool {
    let path = link.split('#').next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    !path.is_empty()
        && !lower.contains("://")
        && !lower.starts_with("mailto:")
        && [".md", ".html", ".htm", ".txt"]
            .iter()
            .any(|e| lower.ends_with(e))
}

/// The field of the linked page's request or response the description names ("响应中的volume
/// 参数", "the volume parameter in the response"): its name and whether in the response.
pub fn field_named(description: &str) -> Option<(String, bool)> {
    if let Some(c) = ZH_FIELD.captures(description) {
        return Some((c[2].to_string(), &c[1] != "请求"));
    }
    let c = EN_FIELD.captures(description)?;
    Some((c[1].to_string(), c[2].eq_ignore_ascii_case("response")))
}

/// `%E5%88%9B...` and `%20` in a link back to text; a link that does not decode to UTF-8 is
/// kept as written (a `%` not followed by two hex digits stays as it is).
pub fn percent_decode(s: &str) -> String {
    match percent_encoding::percent_decode_str(s).decode_utf8() {
        Ok(text) => text.into_owned(),
        Err(_) => s.to_string(),
    }
}

/// The page a link names, from the linking page's file: the link joined to the linking page's
/// folder, `.` and `..` folded (`..` above the top is dropped).
pub fn join_link(from_file: &str, link: &str) -> String {
    let mut parts: Vec<&str> = from_file.split(['/', '\\']).collect();
    parts.pop();
    if link.starts_with('/') {
        parts.clear();
    }
    for seg in link.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The anchors a raw heading line names (`## 标题<a name="section12"></a>`, `<h2 id="s1">`).
pub fn heading_anchors(line: &str) -> Vec<String> {
    static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\b(?:name|id)\s*=\s*["']([^"']+)["']"#).expect("valid regex")
    });
    let t = line.trim_start();
    if !(t.starts_with('#') || t.to_ascii_lowercase().starts_with("<h")) {
        return Vec::new();
    }
    ANCHOR.captures_iter(t).map(|c| c[1].to_string()).collect()
}

/// Text compared for a heading match: no whitespace, no Markdown escapes, ASCII lower case,
/// full-width brackets as ASCII.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Whether a description quotes a heading of the linked page: the heading's
/// text, at least six characters of it, appears in the description.
pub fn quotes_heading(description: &str, heading: &str) -> bool {
    let h = squeeze(heading);
    h.chars().count() >= 6 && squeeze(description).contains(&h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_link_to_a_table_of_another_page() {
        let r = page_ref(
            &links(&["创建端口.md#table75900256498"]),
            "IP/Mac对列表。请参见表10",
        );
        assert_eq!(
            r,
            Some(PageRef {
                page: "创建端口.md".into(),
                target: Target::Anchor("table75900256498".into())
            })
        );
        let r = page_ref(
            &links(&["data-structure-for-creating-ecss.md#section1228814491353"]),
            "For details, see Table 6.",
        );
        assert_eq!(
            r.map(|r| r.target),
            Some(Target::Anchor("section1228814491353".into()))
        );
    }

    #[test]
    fn a_field_of_another_pages_response() {
        let r = page_ref(
            &links(&["查询单个云硬盘详情-API-v2.md"]),
            "资源详情，请参见查询单个云硬盘详情响应中的volume参数说明表格。",
        );
        assert_eq!(
            r.map(|r| r.target),
            Some(Target::Field {
                name: "volume".into(),
                response: true
            })
        );
        assert_eq!(
            field_named(
                "For details, see the server field in the response of Querying ECS Details."
            ),
            Some(("server".into(), true))
        );
        assert_eq!(
            field_named("见请求体中的 auth 参数"),
            Some(("auth".into(), false))
        );
        // A field the text names without saying on which side is not one of the linked page.
        assert_eq!(
            field_named("按照extendParam中的DockerLVMConfigOverride参数进行磁盘管理"),
            None
        );
        assert_eq!(field_named("请求体中填写session_user.name参数时"), None);
    }

    #[test]
    fn links_that_are_not_references() {
        assert_eq!(page_ref(&links(&["#table12"]), "详见表12"), None);
        assert_eq!(page_ref(&links(&["https://example.com/a.md"]), "x"), None);
        assert_eq!(page_ref(&links(&["image.png"]), "x"), None);
        assert_eq!(
            page_ref(&[], "请参见查询单个云硬盘详情响应中的volume参数"),
            None
        );
        // A plain link: only a heading of the target quoted by the text makes it a reference.
        let r = page_ref(&links(&["分页查询.md"]), "分页查询请参见分页查询。");
        assert_eq!(
            r.map(|r| r.target),
            Some(Target::Heading("分页查询请参见分页查询。".into()))
        );
    }

    #[test]
    fn links_are_joined_and_decoded() {
        assert_eq!(
            join_link("spec-docs/evs/a.md", "%E6%9F%A5%E8%AF%A2.md"),
            "spec-docs/evs/%E6%9F%A5%E8%AF%A2.md"
        );
        assert_eq!(percent_decode("%E6%9F%A5%E8%AF%A2.md"), "查询.md");
        assert_eq!(percent_decode("bad%zz%E6"), "bad%zz%E6");
        assert_eq!(join_link("p/zh-cn/a.md", "../en-us/b.md"), "p/en-us/b.md");
        assert_eq!(join_link("a.md", "./b.md"), "b.md");
        assert_eq!(join_link("a.md", "../../b.md"), "b.md");
    }

    #[test]
    fn headings_and_their_anchors() {
        assert_eq!(
            heading_anchors(
                r#"## 创建磁盘的metadata字段数据结构说明<a name="section1228814491353"></a>"#
            ),
            vec!["section1228814491353".to_string()]
        );
        assert_eq!(
            heading_anchors(r#"<h2 id="s1">T</h2>"#),
            vec!["s1".to_string()]
        );
        assert!(heading_anchors(r#"text <a name="x"></a>"#).is_empty());
        assert!(quotes_heading(
            "flavor扩展字段请参考：os_extra_specs（flavor）字段数据结构说明 在微版本2.47及以上版本支持。",
            r"os\_extra\_specs（flavor）字段数据结构说明"
        ));
        assert!(!quotes_heading("请参见分页查询", "分页"));
    }
}
