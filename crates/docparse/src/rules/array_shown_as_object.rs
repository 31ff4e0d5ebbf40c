//! Rule: a field whose type cell says "Array of objects" (its items described by a sub-table)
//! while the page's own example shows it as one object, never as a list, is that object. The
//! example is what the service sent when the page was written; a type cell is typed by hand
//! and the plural slips in ("condition: Array of objects" above `"condition": {"period": 300}`).
//! The reading is reported (`array-shown-as-object`), with the type cell's words.

use serde_json::Value;

/// Whether the example value of an "Array of objects" field shows one object instead of a
/// list, so that the field is read as that object.
pub fn shown_as_object(example: Option<&Value>) -> bool {
    matches!(example, Some(Value::Object(o)) if !o.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_a_non_empty_object_overrides_the_array() {
        assert!(shown_as_object(Some(&json!({"period": 300}))));
        assert!(!shown_as_object(Some(&json!([{"period": 300}]))));
        assert!(!shown_as_object(Some(&json!({}))));
        assert!(!shown_as_object(Some(&json!("x"))));
        assert!(!shown_as_object(None));
    }

    #[test]
    fn a_page_whose_example_shows_one_object_reads_an_object() {
        let page = "# 查询告警\n\n## URI\n\nGET /V1.0/{project_id}/alarms/{alarm_id}\n\n\
                    ## 响应消息\n\n**表 1** 响应参数\n\n|名称|参数类型|说明|\n|--|--|--|\n\
                    |condition|Array of objects|告警触发条件。详细参数请参见表2。|\n\
                    |tags|Array of objects|标签。详细参数请参见表3。|\n\n\
                    **表 2** condition字段数据结构说明\n\n|名称|参数类型|说明|\n|--|--|--|\n\
                    |period|Integer|周期。|\n\n\
                    **表 3** tags字段数据结构说明\n\n|名称|参数类型|说明|\n|--|--|--|\n\
                    |key|String|键。|\n\n\
                    ```\n{\"condition\": {\"period\": 300}, \"tags\": [{\"key\": \"a\"}]}\n```\n";
        let p = crate::parse_page("p.md", page.as_bytes());
        let op = p.operation.expect("an operation");
        let Some(apispec::Schema::Object(body)) = &op.responses[&200].body else {
            panic!("an object body: {:?}", op.responses);
        };
        assert!(
            matches!(&body.fields[0].schema, apispec::Schema::Object(o) if o.fields[0].name == "period"),
            "{:?}",
            body.fields[0].schema
        );
        // The field the example shows as a list stays a list.
        assert!(matches!(
            &body.fields[1].schema,
            apispec::Schema::Array { .. }
        ));
        assert!(p
            .diagnostics
            .iter()
            .any(|d| d.code == "array-shown-as-object" && d.message.contains("condition")));
    }
}
