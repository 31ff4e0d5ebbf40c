//! The vocabulary of section headings, sub-section labels and table captions, in Chinese and
//! English, as the two layout generations and the web site's text write them.

use std::sync::LazyLock;

use regex::Regex;

/// A top-level section of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before the first known section.
    Preamble,
    /// 功能介绍 / Function.
    Function,
    /// URI.
    Uri,
    /// 请求消息 / Request / 请求参数.
    Request,
    /// 响应消息 / Response / 响应参数.
    Response,
    /// 请求示例 / Example Requests.
    RequestExample,
    /// 响应示例 / Example Responses.
    ResponseExample,
    /// 状态码 / Status Codes / 返回值.
    StatusCodes,
    /// 错误码 / Error Codes.
    ErrorCodes,
    /// Any other section (调试, Constraints, Authorization Information, ...).
    Other,
}

fn norm(s: &str) -> String {
    s.trim()
        .trim_end_matches([':', '：', '。', '.'])
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Maps a heading (or a plain-text line standing alone) to a section.
pub fn section_of(heading: &str) -> Option<Section> {
    let n = norm(heading);
    let s = match n.as_str() {
        "功能介绍"
        | "function"
        | "functions"
        | "功能描述"
        | "接口功能"
        | "description"
        | "functiondescription"
        | "api描述" => Section::Function,
        "uri" | "url" | "uri格式" | "请求uri" | "requesturi" | "uriformat" | "请求路径"
        | "接口url" | "访问uri" => Section::Uri,
        "请求消息" | "request" | "请求参数" | "requestmessage" | "请求" | "requests"
        | "requestparameter" | "requestparameters" | "requestbody" | "请求体" | "请求头"
        | "请求说明" => Section::Request,
        "响应消息" | "response" | "响应参数" | "responsemessage" | "正常响应" | "响应"
        | "normalresponse" | "responses" | "responseparameter" | "responseparameters"
        | "返回消息" | "响应说明" | "异常响应" | "abnormalresponse" => {
            Section::Response
        }
        "请求示例" | "examplerequests" | "examplerequest" | "请求样例" | "requestexample"
        | "requestexamples" | "示例" | "example" | "examples" | "请求消息样例"
        | "requestsample" => Section::RequestExample,
        "响应示例" | "exampleresponses" | "exampleresponse" | "响应样例" | "responseexample"
        | "responseexamples" | "响应消息样例" | "responsesample" => Section::ResponseExample,
        "状态码" | "statuscode" | "返回值" | "statuscodes" | "returnedvalues" | "returnedvalue"
        | "返回码" | "returncode" | "returncodes" | "httpstatuscode" | "http状态码" => {
            Section::StatusCodes
        }
        "错误码" | "errorcodes" | "errorcode" => Section::ErrorCodes,
        "调试"
        | "debugging"
        | "授权信息"
        | "authorizationinformation"
        | "约束与限制"
        | "constraints"
        | "接口约束"
        | "参考"
        | "相关接口" => Section::Other,
        _ => return None,
    };
    Some(s)
}

/// A label inside a section (a list item, a bold line or a plain line) that changes what the
/// following tables and code blocks are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// 请求参数 / Request parameters.
    RequestParams,
    /// 请求样例 / Example request.
    RequestExample,
    /// 响应参数 / Response parameters.
    ResponseParams,
    /// 响应样例 / Example response.
    ResponseExample,
    /// 正常 / Normal (status codes that follow are successes).
    Normal,
    /// 异常 / Abnormal.
    Abnormal,
    /// 状态码： 200 / Status code: 200.
    Status(u16),
}

static STATUS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:状态码|status\s*code|返回码|http\s*状态码|响应码)\s*[:：]?\s*(\d{3})\b")
        .expect("valid regex")
});

/// Reads a short line as a label.
pub fn label_of(text: &str) -> Option<Label> {
    if let Some(c) = STATUS_LABEL.captures(text.trim()) {
        return c[1].parse().ok().map(Label::Status);
    }
    if text.chars().count() > 40 {
        return None;
    }
    let n = norm(text);
    let l = match n.as_str() {
        "请求参数" | "requestparameters" | "requestparameter" | "请求参数说明" | "请求body参数" => {
            Label::RequestParams
        }
        "请求样例" | "请求示例" | "examplerequest" | "examplerequests" | "requestexample"
        | "请求消息样例" | "样例" | "requestsample" | "请求消息示例" => {
            Label::RequestExample
        }
        "响应参数" | "responseparameters" | "responseparameter" | "响应参数说明" => {
            Label::ResponseParams
        }
        "响应样例" | "响应示例" | "exampleresponse" | "exampleresponses" | "responseexample"
        | "响应消息样例" | "responsesample" | "响应消息示例" => Label::ResponseExample,
        "正常" | "normal" | "正常响应" | "normalresponse" | "成功" | "success" => {
            Label::Normal
        }
        "异常" | "abnormal" | "异常响应" | "abnormalresponse" | "失败" | "failure" => {
            Label::Abnormal
        }
        _ => return None,
    };
    Some(l)
}

static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:表|Table)\s*(\d+)[\s:：.-]*(.*)$").expect("valid regex"));

/// `表 4  RemoveNodesSpec` / `Table 2 removeMember parameter description` → (4, caption text).
pub fn caption_of(text: &str) -> Option<(u32, String)> {
    let c = CAPTION.captures(text.trim())?;
    let n = c[1].parse().ok()?;
    Some((n, c[2].trim().to_string()))
}

/// What a table's caption says it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptionRole {
    /// Path parameters.
    Path,
    /// Query parameters.
    Query,
    /// Request header parameters.
    Header,
    /// Response header parameters.
    ResponseHeader,
    /// The request body's top-level fields.
    RequestBody,
    /// A response body's top-level fields.
    ResponseBody,
    /// The fields of a named object or of the object a field holds.
    Named(String),
    /// A caption that names nothing ("参数说明", "Parameter description").
    Generic,
}

static NAMED_CAPTIONS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(.+?)\s*字段数据结构说明$",
        r"^(.+?)\s*数据结构说明$",
        r"^(.+?)\s*字段说明$",
        r"^(.+?)\s*结构说明$",
        r"^(.+?)\s*参数说明$",
        r"^(.+?)\s*对象说明$",
        r"^(.+?)\s*对象$",
        r"^(.+?)\s*格式说明$",
        r"^(.+?)\s*字段$",
        r"^(?i)(.+?)\s+(?:parameter|field|object|attribute)s?\s+descriptions?$",
        r"^(?i)descriptions? of (?:the )?(.+?)\s+(?:field|parameter|object)s?$",
        r"^(?i)data structure of (?:the )?(.+?)(?:\s+(?:field|parameter|object)s?)?$",
        r"^(?i)(.+?)\s+objects?$",
        r"^(?i)(.+?)\s+(?:field|parameter)s?$",
        r"^(?i)(.+?)\s+structure$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid regex"))
    .collect()
});

static IDENTISH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.\-\[\]]*$").expect("valid regex"));

/// Classifies a caption (without its `表 N` prefix).
pub fn caption_role(caption: &str) -> CaptionRole {
    let c = caption
        .trim()
        .trim_end_matches(['。', '.', ':', '：'])
        .trim();
    let n = norm(c);
    if n.is_empty() {
        return CaptionRole::Generic;
    }
    let has = |xs: &[&str]| xs.iter().any(|x| n.contains(x));
    if has(&["路径参数", "pathparameter", "uri参数", "uriparameter"]) {
        return CaptionRole::Path;
    }
    // rule: query_table
    if has(&["query参数", "queryparameter", "查询参数"])
        || crate::rules::query_table::announces_query(&n)
    {
        return CaptionRole::Query;
    }
    if has(&["响应header", "responseheader", "响应头"]) {
        return CaptionRole::ResponseHeader;
    }
    if has(&[
        "header参数",
        "headerparameter",
        "请求头",
        "requestheader",
        "消息头",
    ]) {
        return CaptionRole::Header;
    }
    if has(&[
        "请求body",
        "requestbody",
        "请求体参数",
        "请求参数",
        "requestparameter",
    ]) {
        return CaptionRole::RequestBody;
    }
    if has(&[
        "响应body",
        "responsebody",
        "响应参数",
        "responseparameter",
        "返回参数",
        "响应消息体",
    ]) {
        return CaptionRole::ResponseBody;
    }
    if IDENTISH.is_match(c) {
        return CaptionRole::Named(c.to_string());
    }
    for re in NAMED_CAPTIONS.iter() {
        if let Some(m) = re.captures(c) {
            let name = m[1].trim().trim_matches(['"', '“', '”', '*', '`']).trim();
            if IDENTISH.is_match(name) {
                return CaptionRole::Named(name.to_string());
            }
        }
    }
    match name_among_filler(c) {
        Some(n) => CaptionRole::Named(n),
        None => CaptionRole::Generic,
    }
}

/// Whether a caption says its table is a request body ("请求Body参数", "Request body
/// parameters", "请求体参数"), which a DELETE then has.
pub fn caption_names_body(caption: &str) -> bool {
    let n = norm(caption);
    ["请求body", "requestbody", "请求体", "请求消息体"]
        .iter()
        .any(|k| n.contains(k))
}

/// Words that captions of sub-object tables wrap around the name ("Field metrics data structure
/// description", "Description of the tags parameter", "server字段数据结构说明").
const FILLER_WORDS: &[&str] = &[
    "description",
    "descriptions",
    "of",
    "the",
    "field",
    "fields",
    "parameter",
    "parameters",
    "object",
    "objects",
    "data",
    "structure",
    "structures",
    "attribute",
    "attributes",
    "element",
    "elements",
    "in",
    "for",
    "format",
    "list",
    "info",
    "information",
    "details",
    "detail",
    "body",
    "struct",
    "type",
    "definition",
    "member",
    "members",
    // What the table is for ("peering object for creation", "server in the response").
    "request",
    "response",
    "create",
    "creation",
    "creating",
    "update",
    "updating",
    "query",
    "querying",
    "returned",
];
const FILLER_CJK: &[&str] = &[
    "字段数据结构说明",
    "数据结构说明",
    "字段说明",
    "参数说明",
    "结构说明",
    "对象说明",
    "结构体说明",
    "格式说明",
    "字段",
    "参数",
    "对象",
    "数据结构",
    "结构体",
    "结构",
    "属性",
    "说明",
    "描述",
    "定义",
    "的",
    "中",
    "列表",
    "元素",
    "详情",
    "信息",
    // What the table is for ("peering对象创建字段说明", "响应中的server字段").
    "创建",
    "更新",
    "修改",
    "查询",
    "请求",
    "响应",
    "返回",
    "新增",
    "添加",
];

/// The one identifier a caption names, when every other word of it is filler.
fn name_among_filler(c: &str) -> Option<String> {
    let mut rest = c.to_string();
    for f in FILLER_CJK {
        rest = rest.replace(f, " ");
    }
    let mut names = Vec::new();
    for word in rest.split(|ch: char| {
        ch.is_whitespace()
            || matches!(
                ch,
                '"' | '“' | '”' | '`' | '*' | '(' | ')' | '（' | '）' | '：' | ':' | ','
            )
    }) {
        if word.is_empty() || FILLER_WORDS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        if IDENTISH.is_match(word) {
            names.push(word);
        } else {
            return None;
        }
    }
    match names.as_slice() {
        [one] => Some((*one).to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections() {
        assert_eq!(section_of("功能介绍"), Some(Section::Function));
        assert_eq!(
            section_of("Example Responses"),
            Some(Section::ResponseExample)
        );
        assert_eq!(section_of("Status Code"), Some(Section::StatusCodes));
        assert_eq!(section_of("请求消息"), Some(Section::Request));
        assert_eq!(section_of("Something else"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(label_of("状态码： 200"), Some(Label::Status(200)));
        assert_eq!(label_of("状态码：200"), Some(Label::Status(200)));
        assert_eq!(label_of("Status code: 400"), Some(Label::Status(400)));
        assert_eq!(label_of("请求样例"), Some(Label::RequestExample));
        assert_eq!(label_of("Example response"), Some(Label::ResponseExample));
        assert_eq!(label_of("异常"), Some(Label::Abnormal));
    }

    #[test]
    fn captions() {
        assert_eq!(
            caption_of("表 4  RemoveNodesSpec"),
            Some((4, "RemoveNodesSpec".into()))
        );
        assert_eq!(
            caption_of("Table  2 removeMember  parameter description").map(|c| c.0),
            Some(2)
        );
        assert_eq!(
            caption_role("RemoveNodesSpec"),
            CaptionRole::Named("RemoveNodesSpec".into())
        );
        assert_eq!(
            caption_role("removeMember字段数据结构说明"),
            CaptionRole::Named("removeMember".into())
        );
        assert_eq!(
            caption_role("removeMember parameter description"),
            CaptionRole::Named("removeMember".into())
        );
        assert_eq!(
            caption_role("Description of the listener field"),
            CaptionRole::Named("listener".into())
        );
        assert_eq!(
            caption_role("Data structure of the members field"),
            CaptionRole::Named("members".into())
        );
        assert_eq!(caption_role("参数说明"), CaptionRole::Generic);
        assert_eq!(
            caption_role("Field metrics data structure description"),
            CaptionRole::Named("metrics".into())
        );
        assert_eq!(
            caption_role("dimensions field data structure description"),
            CaptionRole::Named("dimensions".into())
        );
        assert_eq!(
            caption_role("Description of the tags parameter"),
            CaptionRole::Named("tags".into())
        );
        assert_eq!(
            caption_role("server字段数据结构说明"),
            CaptionRole::Named("server".into())
        );
        assert_eq!(
            caption_role("cpu_options数据结构说明"),
            CaptionRole::Named("cpu_options".into())
        );
        assert_eq!(caption_role("创建云服务器的参数说明"), CaptionRole::Generic);
        assert_eq!(caption_role("Parameter description"), CaptionRole::Generic);
        assert_eq!(caption_role("路径参数"), CaptionRole::Path);
        assert_eq!(caption_role("Query参数"), CaptionRole::Query);
        assert_eq!(caption_role("请求Header参数"), CaptionRole::Header);
        assert_eq!(caption_role("请求Body参数"), CaptionRole::RequestBody);
        assert_eq!(caption_role("响应Body参数"), CaptionRole::ResponseBody);
        assert_eq!(
            caption_role("Response body parameters"),
            CaptionRole::ResponseBody
        );
        assert_eq!(
            caption_role("Request header parameters"),
            CaptionRole::Header
        );
        assert_eq!(caption_role("响应参数"), CaptionRole::ResponseBody);
        assert_eq!(
            caption_role("peering对象创建字段说明"),
            CaptionRole::Named("peering".into())
        );
        assert_eq!(
            caption_role("server field in the response"),
            CaptionRole::Named("server".into())
        );
    }
}
