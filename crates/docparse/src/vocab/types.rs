//! Type cells ("Array of NodeItem objects", "Map<String,String>", "字典数据类型", "String(64)")
//! → [`TypeExpr`].

use std::sync::LazyLock;

use apispec::{IntFormat, NumberFormat, Schema};
use regex::Regex;

/// What a type cell says, before sub-tables are resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A scalar or `any`.
    Scalar(Schema),
    /// An object; named when the cell names its table (`RemoveNodesSpec object`).
    Object(Option<String>),
    /// A list of something; `Untyped` items when the cell says only `Array`.
    Array(Box<TypeExpr>),
    /// A map from strings to something.
    Map(Box<TypeExpr>),
    /// A bare word that may name a sub-table (`Login`, `ErrorDetail`).
    Named(String),
    /// A cross-reference to a numbered table ("Table 3", "详见表3").
    TableRef(u32),
    /// Items of an untyped array / the type an empty cell leaves open.
    Untyped,
    /// A spelling this parser does not know.
    Unknown(String),
}

impl TypeExpr {
    /// Whether the cell was understood.
    pub fn is_known(&self) -> bool {
        match self {
            TypeExpr::Unknown(_) => false,
            TypeExpr::Array(i) | TypeExpr::Map(i) => i.is_known(),
            _ => true,
        }
    }
}

static TABLE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:table|表)\s*(\d+)").expect("valid regex"));
static GENERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(array|list|set|map|dict|hashmap)\s*[<(]\s*(.+?)\s*[>)]$")
        .expect("valid regex")
});
static ARRAY_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)(?:array|list)\s+of\s+(.+)$").expect("valid regex"));
static SUFFIX_ARRAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(.+?)\s*(?:\[\s*\]|\s+array|\s+list|数组)$").expect("valid regex")
});
static LENGTH_ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)([a-z]+)\s*[(\[（]\s*[\d\s,\-~]+[)\]）]$").expect("valid regex")
});
static IDENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.\-]*$").expect("valid regex"));

/// Reads a type cell.
pub fn parse_type(cell: &str) -> TypeExpr {
    let first_line = cell.lines().next().unwrap_or("").trim();
    let mut t = first_line
        .trim_end_matches(['。', '.', ',', '，', ';', '；', ':', '：'])
        .trim()
        .to_string();
    // "String (Required)", "String（必选）"
    for suffix in [
        "(required)",
        "(optional)",
        "(mandatory)",
        "（必选）",
        "（可选）",
        "(必选)",
        "(可选)",
    ] {
        if let Some(rest) = strip_suffix_ci(&t, suffix) {
            t = rest.to_string();
        }
    }
    if t.is_empty() || matches!(t.as_str(), "-" | "—" | "N/A" | "n/a" | "/" | "无" | "None") {
        return TypeExpr::Untyped;
    }
    t = t.replace('（', "(").replace('）', ")");
    // "integer(int64)": the format in brackets decides.
    if let Some((base, format)) = t.strip_suffix(')').and_then(|x| x.split_once('(')) {
        if let Some(TypeExpr::Scalar(s)) = scalar(format.trim()) {
            if matches!(scalar(base.trim()), Some(TypeExpr::Scalar(_))) {
                return TypeExpr::Scalar(s);
            }
        }
    }
    // "[]String", "<String>List", "Array String", "String列表".
    if let Some(inner) = t.strip_prefix("[]") {
        return TypeExpr::Array(Box::new(item_type(inner)));
    }
    if let Some((inner, rest)) = t.strip_prefix('<').and_then(|x| x.split_once('>')) {
        if matches!(rest.trim().to_lowercase().as_str(), "list" | "array") {
            return TypeExpr::Array(Box::new(item_type(inner)));
        }
    }
    for prefix in ["Array ", "List ", "array ", "list "] {
        if let Some(inner) = t.strip_prefix(prefix) {
            if scalar(inner.trim()).is_some() {
                return TypeExpr::Array(Box::new(item_type(inner)));
            }
        }
    }
    for suffix in ["列表结构", "列表", "数组"] {
        if let Some(inner) = t.strip_suffix(suffix) {
            if scalar(inner.trim()).is_some() {
                return TypeExpr::Array(Box::new(item_type(inner)));
            }
        }
    }
    // "String:DateTime", "Integer/Boolean", "Integer or Float": the first reading.
    for sep in [":", "/", " or "] {
        if let Some((first, _)) = t.split_once(sep) {
            if let Some(s) = scalar(first.trim()) {
                return s;
            }
        }
    }
    if let Some(c) = LENGTH_ANNOTATION.captures(&t) {
        t = c[1].to_string();
    }
    if let Some(s) = scalar(&t) {
        return s;
    }
    if let Some(c) = GENERIC.captures(&t) {
        let kind = c[1].to_lowercase();
        let inner = c[2].to_string();
        if kind == "map" || kind == "dict" || kind == "hashmap" {
            let value = inner
                .rsplit_once(',')
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or(inner);
            return TypeExpr::Map(Box::new(item_type(&value)));
        }
        return TypeExpr::Array(Box::new(item_type(&inner)));
    }
    if let Some(c) = ARRAY_OF.captures(&t) {
        return TypeExpr::Array(Box::new(item_type(&c[1])));
    }
    if let Some(name) = strip_suffix_ci(&t, " object") {
        if is_generic_object_word(name) || matches!(scalar(name), Some(TypeExpr::Object(None))) {
            return TypeExpr::Object(None);
        }
        if IDENT.is_match(name) {
            return TypeExpr::Object(Some(name.to_string()));
        }
        return TypeExpr::Object(None);
    }
    if let Some(name) = strip_suffix_ci(&t, " objects") {
        return TypeExpr::Array(Box::new(item_type(name)));
    }
    if let Some(c) = SUFFIX_ARRAY.captures(&t) {
        return TypeExpr::Array(Box::new(item_type(&c[1])));
    }
    if let Some(c) = TABLE_REF.captures(&t) {
        if let Ok(n) = c[1].parse() {
            return TypeExpr::TableRef(n);
        }
    }
    if IDENT.is_match(&t) {
        return TypeExpr::Named(t);
    }
    TypeExpr::Unknown(first_line.to_string())
}

/// `t` without `suffix` (ASCII case-insensitive), trimmed.
fn strip_suffix_ci<'a>(t: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = t.len().checked_sub(suffix.len())?;
    if t.is_char_boundary(cut) && t[cut..].eq_ignore_ascii_case(suffix) {
        Some(t[..cut].trim())
    } else {
        None
    }
}

fn is_generic_object_word(s: &str) -> bool {
    matches!(
        s.to_lowercase().as_str(),
        "json" | "" | "dict" | "map" | "data"
    )
}

/// The item (or value) type inside `Array of …` / `List<…>`.
fn item_type(s: &str) -> TypeExpr {
    let s = s.trim().trim_end_matches(['。', '.']);
    let lower = s.to_lowercase();
    let singular = match lower.as_str() {
        "strings" => "string",
        "integers" | "ints" => "integer",
        "longs" => "long",
        "booleans" => "boolean",
        "numbers" => "number",
        "floats" => "float",
        "doubles" => "double",
        "objects" | "object" | "dicts" | "dict" | "json" => return TypeExpr::Object(None),
        "arrays" => return TypeExpr::Array(Box::new(TypeExpr::Untyped)),
        _ => "",
    };
    if !singular.is_empty() {
        return parse_type(singular);
    }
    for suffix in [" objects", " object"] {
        if let Some(name) = strip_suffix_ci(s, suffix) {
            if let Some(sc @ TypeExpr::Scalar(_)) = scalar(name) {
                return sc;
            }
            if IDENT.is_match(name) && !is_generic_object_word(name) {
                return TypeExpr::Object(Some(name.to_string()));
            }
            return TypeExpr::Object(None);
        }
    }
    match parse_type(s) {
        TypeExpr::Named(n) => TypeExpr::Object(Some(n)),
        other => other,
    }
}

/// Scalar and untyped container spellings.
fn scalar(t: &str) -> Option<TypeExpr> {
    let lower = t.trim().to_lowercase();
    let s = match lower.as_str() {
        "string" | "str" | "strings" | "uuid" | "enum" | "text" | "char" | "varchar" | "date"
        | "datetime" | "time" | "timestamp" | "file" | "email" | "ip" | "url" | "uri"
        | "字符串" | "字符串类型" | "string类型" | "枚举" | "timesatmp" | "date time" => {
            Schema::String
        }
        "integer" | "int" | "int32" | "short" | "interger" | "intger" | "integet" | "整型"
        | "整数" | "数字" | "integer类型" | "int类型" => Schema::Integer {
            format: IntFormat::Int32,
        },
        "long" | "int64" | "bigint" | "长整型" | "long类型" => Schema::Integer {
            format: IntFormat::Int64,
        },
        "float" | "float32" => Schema::Number {
            format: NumberFormat::Float,
        },
        "double" | "doubule" | "number" | "decimal" | "bigdecimal" | "float64" | "numeric"
        | "浮点型" | "浮点数" => Schema::Number {
            format: NumberFormat::Double,
        },
        "boolean" | "bool" | "布尔" | "布尔型" | "布尔值" | "booleans" => Schema::Boolean,
        "object"
        | "json"
        | "jsonobject"
        | "json object"
        | "dict"
        | "dictionary"
        | "map"
        | "hashmap"
        | "字典"
        | "字典数据类型"
        | "字典数据结构"
        | "字典类型"
        | "对象"
        | "字段数据类型"
        | "结构体数据类型"
        | "数据字典类型"
        | "object类型"
        | "json对象"
        | "结构体"
        | "struct" => {
            return Some(TypeExpr::Object(None));
        }
        "any" | "null" => Schema::Any,
        "array" | "list" | "set" | "jsonarray" | "列表" | "列表数据结构" | "列表数据类型"
        | "列表类型" | "数组" | "array类型" | "list类型" => {
            return Some(TypeExpr::Array(Box::new(TypeExpr::Untyped)))
        }
        _ => return None,
    };
    Some(TypeExpr::Scalar(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(n: &str) -> TypeExpr {
        TypeExpr::Object(Some(n.into()))
    }
    fn arr(t: TypeExpr) -> TypeExpr {
        TypeExpr::Array(Box::new(t))
    }

    #[test]
    fn seed_spellings() {
        assert_eq!(parse_type("String"), TypeExpr::Scalar(Schema::String));
        assert_eq!(parse_type("Integer"), TypeExpr::Scalar(Schema::INT32));
        assert_eq!(parse_type("Long"), TypeExpr::Scalar(Schema::INT64));
        assert_eq!(parse_type("Boolean"), TypeExpr::Scalar(Schema::Boolean));
        assert_eq!(
            parse_type("Float"),
            TypeExpr::Scalar(Schema::Number {
                format: NumberFormat::Float
            })
        );
        assert_eq!(parse_type("Array"), arr(TypeExpr::Untyped));
        assert_eq!(parse_type("Object"), TypeExpr::Object(None));
        assert_eq!(parse_type("RemoveNodesSpec object"), obj("RemoveNodesSpec"));
        assert_eq!(
            parse_type("Array of NodeItem objects"),
            arr(obj("NodeItem"))
        );
        assert_eq!(
            parse_type("Array of strings"),
            arr(TypeExpr::Scalar(Schema::String))
        );
        assert_eq!(
            parse_type("Map<String,String>"),
            TypeExpr::Map(Box::new(TypeExpr::Scalar(Schema::String)))
        );
    }

    #[test]
    fn corpus_spellings() {
        assert_eq!(parse_type("String。"), TypeExpr::Scalar(Schema::String));
        assert_eq!(parse_type("string"), TypeExpr::Scalar(Schema::String));
        assert_eq!(parse_type("String(255)"), TypeExpr::Scalar(Schema::String));
        assert_eq!(
            parse_type("String (Required)"),
            TypeExpr::Scalar(Schema::String)
        );
        assert_eq!(parse_type("字典数据类型"), TypeExpr::Object(None));
        assert_eq!(parse_type("列表数据结构"), arr(TypeExpr::Untyped));
        assert_eq!(
            parse_type("List<String>"),
            arr(TypeExpr::Scalar(Schema::String))
        );
        assert_eq!(parse_type("List<resource_tag>"), arr(obj("resource_tag")));
        assert_eq!(parse_type("list<dict>"), arr(TypeExpr::Object(None)));
        assert_eq!(parse_type("Array<Object>"), arr(TypeExpr::Object(None)));
        assert_eq!(
            parse_type("String array"),
            arr(TypeExpr::Scalar(Schema::String))
        );
        assert_eq!(
            parse_type("String[]"),
            arr(TypeExpr::Scalar(Schema::String))
        );
        assert_eq!(parse_type("Array of objects"), arr(TypeExpr::Object(None)));
        assert_eq!(parse_type("JSON object"), TypeExpr::Object(None));
        assert_eq!(
            parse_type("Map<String,Object>"),
            TypeExpr::Map(Box::new(TypeExpr::Object(None)))
        );
        assert_eq!(parse_type("Table 3"), TypeExpr::TableRef(3));
        assert_eq!(parse_type("详见表3"), TypeExpr::TableRef(3));
        assert_eq!(
            parse_type("ErrorDetail"),
            TypeExpr::Named("ErrorDetail".into())
        );
        assert_eq!(parse_type("-"), TypeExpr::Untyped);
        assert_eq!(
            parse_type("[]String"),
            arr(TypeExpr::Scalar(Schema::String))
        );
        assert_eq!(parse_type("List(Dict)"), arr(TypeExpr::Object(None)));
        assert_eq!(
            parse_type("List（String）"),
            arr(TypeExpr::Scalar(Schema::String))
        );
        assert_eq!(
            parse_type("<String>List"),
            arr(TypeExpr::Scalar(Schema::String))
        );
        assert_eq!(
            parse_type("Array String"),
            arr(TypeExpr::Scalar(Schema::String))
        );
        assert_eq!(
            parse_type("Integer列表结构"),
            arr(TypeExpr::Scalar(Schema::INT32))
        );
        assert_eq!(
            parse_type("String:DateTime"),
            TypeExpr::Scalar(Schema::String)
        );
        assert_eq!(
            parse_type("Integer/Boolean"),
            TypeExpr::Scalar(Schema::INT32)
        );
        assert_eq!(
            parse_type("integer(int64)"),
            TypeExpr::Scalar(Schema::INT64)
        );
        assert_eq!(parse_type("Timesatmp"), TypeExpr::Scalar(Schema::String));
        assert_eq!(parse_type("结构体数据类型"), TypeExpr::Object(None));
        assert!(!parse_type("一些奇怪的东西").is_known());
    }
}
