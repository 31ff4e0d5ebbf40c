//! The words the rules of issue 17 lean on (`crate::rules`): how a bulleted label says it
//! introduces a table of fields, how a description says a field is there only on error, how a
//! caption announces query parameters as filter or search parameters, and how a description
//! says how many members an indexed family has.

/// Words a list-item label ends with when it introduces a table of fields
/// ("volume参数说明", "server parameter description"); compared lower-cased.
pub const LABEL_STRUCTURE_WORDS: &[&str] = &[
    "参数说明",
    "字段说明",
    "数据结构说明",
    "结构说明",
    "对象说明",
    "parameter description",
    "parameters description",
    "field description",
    "fields description",
    "parameter descriptions",
    "field descriptions",
];

/// How a description starts when the field is returned only on error ("出现错误时返回的错误信息").
pub const ERROR_ONLY_PREFIXES: &[&str] = &["出现错误时", "发生错误时", "请求失败时"];

/// The same said in English, anywhere in the description (lower-cased).
pub const ERROR_ONLY_PHRASES: &[&str] = &[
    "returned when an error occurs",
    "returned if an error occurs",
    "returned in case of an error",
];

/// What a caption (normalised: lower case, no spaces) says when its table holds query
/// parameters called filter or search parameters ("查询检索参数说明", "Request filter参数说明").
pub const QUERY_FILTER_CAPTIONS: &[&str] = &[
    "查询检索参数",
    "检索参数",
    "过滤参数",
    "筛选参数",
    "过滤条件参数",
    "filter参数",
    "filterparameter",
    "requestfilter",
    "queryfilter",
];

/// How a description says how many members an indexed family may have ("最大支持3个维度",
/// "up to 3"): the number is the first capture.
pub const FAMILY_MAX_COUNT: &str = r"(?i)(?:最大支持|最多支持|最多|at most|up to|a maximum of)\s*(\d+)\s*(?:个|items|dimensions|\b)";

/// What introduces the keys a description lists ("键值对，包含：reserved、limit和in_use",
/// "including in_use, limit and reserved"); compared lower-cased.
pub const LISTED_KEYS_INTRO: &[&str] = &["包含", "包括", "contains", "including"];
