//! Multi-valued query filters. Huawei pages document a filter that takes several values as a
//! `String` whose description says so ("支持多值查询，查询条件格式：id=xxx&id=xxx", "支持多个ID",
//! "Multiple values are supported"); the services read the key repeated, and the official SDKs
//! type such a parameter as a list. The rule: a scalar string query parameter whose description
//! says it takes several values is an array of strings.

use apispec::Schema;

/// Phrases of a description that say a query parameter takes several values.
const PHRASES: &[&str] = &[
    "支持多值",
    "多值查询",
    "支持多个",
    "支持传入多个",
    "可以传入多个",
    "可以指定多个",
    "可输入多个",
    "multiple values",
    "multi-value",
    "more than one value",
];

/// `schema` as a list when `description` says the query parameter takes several values.
pub fn query_schema(schema: Schema, description: &str) -> Schema {
    if schema != Schema::String {
        return schema;
    }
    let lower = description.to_lowercase();
    // `key=xxx&key=xxx` spelled out is the same statement.
    let repeated = lower.contains("&amp;") || lower.contains('&');
    if PHRASES.iter().any(|p| lower.contains(p)) || (repeated && lower.contains("=xxx")) {
        Schema::array(Schema::String)
    } else {
        schema
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_filter_that_takes_several_values_is_a_list() {
        for d in [
            "负载均衡器ID。\n支持多值查询，查询条件格式：id=xxx&id=xxx。",
            "功能说明：安全组资源ID。可以使用该字段精确过滤安全组，支持多个ID",
            "Specifies the ID. Multiple values are supported.",
            "格式：name=xxx&amp;name=xxx",
        ] {
            assert_eq!(
                query_schema(Schema::String, d),
                Schema::array(Schema::String),
                "{d}"
            );
        }
    }

    #[test]
    fn other_filters_and_types_stay() {
        assert_eq!(
            query_schema(Schema::String, "分页查询起始的资源ID，为空时查询第一页"),
            Schema::String
        );
        assert_eq!(query_schema(Schema::INT32, "支持多值查询"), Schema::INT32);
    }
}
