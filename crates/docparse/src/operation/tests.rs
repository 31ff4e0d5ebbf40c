//! Whole pages through the page stages: what kind of page, and the operation's shape.

use apispec::{ObjectSchema, Schema};
use serde_json::json;

#[test]
fn pages_without_method_line_or_operation_sections_are_reference_pages() {
    for (file, page) in [
            (
                "附录.md",
                "# 附录<a name=\"ecs_07_0000\"></a>\n\n-   **[状态码](状态码.md)**\n\n-   **[错误码](错误码.md)**\n",
            ),
            (
                "状态码.md",
                "# 状态码\n\n|状态码|编码|状态说明|\n|--|--|--|\n|100|Continue|继续请求。|\n|200|OK|请求成功。|\n",
            ),
            (
                "数据结构.md",
                "# 数据结构\n\n**表 1** server字段说明\n\n|参数|参数类型|描述|\n|--|--|--|\n|id|String|云服务器ID。|\n",
            ),
            (
                "LICENSE.md",
                "# 署名 4.0 国际\n\n知识共享组织不是律师事务所。\n\n## 使用知识共享公共许可协议\n\n正文。\n",
            ),
            (
                "API概览.md",
                "# API概览\n\n云服务器管理接口：\n\n|类型|说明|\n|--|--|\n|云服务器管理|包括创建、删除云服务器。|\n",
            ),
        ] {
            let p = crate::parse_page(file, page.as_bytes());
            assert_eq!(p.kind, crate::PageKind::Reference, "{file}");
            assert!(p.operation.is_none());
            assert!(p.diagnostics.is_empty(), "{file}: {:?}", p.diagnostics);
        }
}

#[test]
fn an_operation_page_without_a_method_line_is_still_an_error() {
    for page in [
            // URI, request and response sections, no method line.
            "# 删除云服务器\n\n## 功能介绍\n\n删除云服务器。\n\n## URI\n\n见下文。\n\n## 请求消息\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|servers|是|Array|列表。|\n\n## 响应消息\n\n无\n",
            // URI and an API Explorer link.
            "# 查询配额\n\n[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=ECS&api=ShowQuota)\n\n## URI\n\nGET\n",
        ] {
            let p = crate::parse_page("x.md", page.as_bytes());
            assert_eq!(p.kind, crate::PageKind::Operation);
            assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
            assert_eq!(p.diagnostics[0].code, "no-method-line");
            assert_eq!(p.diagnostics[0].severity, apispec::Severity::Error);
        }
}

#[test]
fn guides_showing_requests_are_reference_pages_with_a_note() {
    for page in [
            // "Making an API request": a 请求URI section, requests with hosts.
            "# 构造请求\n\n## 请求URI\n\n**{URI-scheme}://{Endpoint}/{resource-path}?{query-string}**\n\n## 请求方法\n\nHTTP方法：GET、PUT、POST、DELETE。\n",
            // Pagination: request and response sections, no URI.
            "# 分页查询\n\n## 功能介绍\n\n分页查询。\n\n## 请求消息\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|limit|否|Integer|每页条数。|\n\n## 响应消息\n\n无\n",
            // An example scenario linking to API Explorer.
            "# 示例1：创建伸缩配置\n\n## 调试\n\n您可以在[API Explorer](https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=AS&api=CreateScalingConfig)中调试该接口。\n",
        ] {
            let p = crate::parse_page("x.md", page.as_bytes());
            assert_eq!(p.kind, crate::PageKind::Reference);
            assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
            assert_eq!(p.diagnostics[0].code, "no-method-line");
            assert_eq!(p.diagnostics[0].severity, apispec::Severity::Note);
        }
}

/// The object a page's request body is.
fn request_object(page: &str) -> ObjectSchema {
    let op = crate::parse_page("p.md", page.as_bytes())
        .operation
        .expect("an operation");
    match op.request_body {
        Some(Schema::Object(o)) => o,
        other => panic!("expected an object request body, got {other:?}"),
    }
}

/// The object a page's 200 response body is.
fn response_object(page: &str) -> ObjectSchema {
    let op = crate::parse_page("p.md", page.as_bytes())
        .operation
        .expect("an operation");
    match op.responses[&200].body.clone() {
        Some(Schema::Object(o)) => o,
        other => panic!("expected an object response body, got {other:?}"),
    }
}

fn names(o: &ObjectSchema) -> Vec<&str> {
    o.fields.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn an_example_fenced_line_by_line_is_read_whole() {
    let page = "# Querying Flavors\n\n## URI\n\nGET /v1/{project_id}/flavors\n\n## Response\n\nExample response:\n\n```\n{\n```\n\n```\n \"products\": [\n```\n\n```\n  { \"capacity\": 64 }\n```\n\n```\n ]\n```\n\n```\n}\n```\n\n## Status Code\n\nNext block stays apart:\n\n```\n{\"a\": 1}\n```\n";
    let r = crate::parse_page("p.md", page.as_bytes());
    let op = r.operation.expect("an operation");
    let example = op.responses.values().find_map(|r| r.example.clone());
    assert_eq!(example, Some(json!({"products": [{"capacity": 64}]})));
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.code != "invalid-json-example"),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn sub_parameter_columns_nest_fields() {
    let page = "# Creating a Tracker\n\n## URI\n\nPOST /v1/{project_id}/tracker\n\n## Request\n\n**Table 2** Parameters in the request\n\n<table><thead><tr><th>Parameter</th><th>Sub-Parameter</th><th>Type</th><th>Description</th></tr></thead><tbody>\n<tr><td>tracker_name</td><td>N/A</td><td>String</td><td>Name.</td></tr>\n<tr><td rowspan=\"2\">smn</td><td>is_support_smn</td><td>Boolean</td><td>On.</td></tr>\n<tr><td>topic_id</td><td>String</td><td>Topic.</td></tr>\n</tbody></table>\n";
    let r = crate::parse_page("p.md", page.as_bytes());
    let op = r.operation.expect("an operation");
    let body = op.request_body.expect("a body");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"type": "object", "fields": [
            {"name": "tracker_name", "required": false, "type": {"type": "string"}, "description": "Name."},
            {"name": "smn", "required": false, "type": {"type": "object", "name": "smn", "fields": [
                {"name": "is_support_smn", "required": false, "type": {"type": "boolean"}, "description": "On."},
                {"name": "topic_id", "required": false, "type": {"type": "string"}, "description": "Topic."}
            ]}}
        ]})
    );
}

#[test]
fn key_value_objects_are_maps() {
    let page = "# Updating Metadata\n\n## URI\n\nPOST /v1/{project_id}/servers/{server_id}/metadata\n\n## Request\n\n| Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n| metadata | Yes | Object | User-defined metadata key-value pairs. |\n| extra | No | Object | Anything. |\n\n## Example Request\n\n```\n{\"metadata\": {\"key\": \"value\"}, \"extra\": {\"a\": 1}}\n```\n";
    let o = request_object(page);
    assert_eq!(o.fields[0].schema, Schema::map(Schema::String));
    // Without the words, an `Object` with no table stays open.
    assert_eq!(o.fields[1].schema, Schema::Any);
}

#[test]
fn a_map_whose_values_a_table_describes() {
    let page = "# Querying a Server\n\n## URI\n\nGET /v1/servers/{server_id}\n\n## Response\n\n**Table 2** Response parameters\n\n| Parameter | Type | Description |\n|---|---|---|\n| addresses | Object | Addresses, a Map&lt;String, Object&gt;: key is the network name, value see Table 3. |\n| tag | Object | A key-value pair, see Table 4. |\n\n**Table 3** address\n\n| Parameter | Type | Description |\n|---|---|---|\n| addr | String | Address. |\n\n**Table 4** tag\n\n| Parameter | Type | Description |\n|---|---|---|\n| key | String | Key. |\n| value | String | Value. |\n\n## Example Response\n\n```\n{\"addresses\": {\"net-1\": [{\"addr\": \"10.0.0.1\"}]}, \"tag\": {\"key\": \"a\", \"value\": \"b\"}}\n```\n";
    let o = response_object(page);
    assert_eq!(
        o.fields[0].schema.describe(),
        "map of array of object address"
    );
    assert_eq!(o.fields[1].schema.describe(), "object tag");
}

#[test]
fn rows_after_an_undescribed_object_are_its_fields_when_the_example_says_so() {
    let page = "# Querying Tags\n\n## URI\n\nGET /v2/tags\n\n## Response\n\n| Parameter | Type | Description |\n|---|---|---|\n| tags | List<tag> | Tags. |\n| key | String | Key. |\n| value | String | Value. |\n| total | Integer | Count. |\n\n## Example Response\n\n```\n{\"tags\": [{\"key\": \"k\", \"value\": \"v\"}], \"total\": 1}\n```\n";
    let o = response_object(page);
    assert_eq!(names(&o), ["tags", "total"]);
    assert_eq!(o.fields[0].schema.describe(), "array of object");
    // When the example contradicts the rows, they stay where the table puts them.
    let page = page.replace("\"key\": \"k\"", "\"key\": [1]");
    let o = response_object(&page);
    assert_eq!(o.fields.len(), 4);
}

#[test]
fn a_query_captioned_table_the_example_shows_as_the_body_is_the_body() {
    let page = "# Creating a Certificate\n\n## URI\n\nPOST /v2/{project_id}/certificates\n\n## Request\n\n**Table 2** Query parameters\n\n| Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n| admin_state_up | No | Boolean | Reserved. |\n| name | No | String | Name. |\n| certificate | Yes | String | PEM. |\n\n## Example Request\n\n```\n{\"name\": \"c\", \"certificate\": \"PEM\"}\n```\n";
    let r = crate::parse_page("p.md", page.as_bytes());
    let op = r.operation.expect("an operation");
    assert!(
        op.params.iter().all(|p| p.name != "admin_state_up"),
        "{:?}",
        op.params
    );
    let o = request_object(page);
    assert_eq!(names(&o), ["admin_state_up", "name", "certificate"]);
    assert!(o.fields[2].required);
}

#[test]
fn a_type_no_caption_names_takes_the_table_the_example_matches() {
    let page = "# Adding Tags\n\n## URI\n\nPOST /v2/{project_id}/stream/{stream_id}/tags/action\n\n| Parameter | Mandatory | Description |\n|---|---|---|\n| project_id | Yes | Project ID. |\n| stream_id | Yes | Stream ID. |\n| tags | Yes | List<resource_tag> List of tags. |\n| action | Yes | String Operation to be performed. |\n\n## Request\n\n| Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n| key | Yes | String | Key. |\n| value | Yes | String | Value. |\n\n## Example Request\n\n```\n{\"action\": \"create\", \"tags\": [{\"key\": \"k\", \"value\": \"v\"}]}\n```\n";
    let o = request_object(page);
    assert_eq!(names(&o), ["tags", "action"]);
    let Schema::Array { items } = &o.fields[0].schema else {
        panic!()
    };
    let Schema::Object(tag) = items.as_ref() else {
        panic!()
    };
    // The fields come from the table (required, typed), not from the example.
    assert!(tag.fields.iter().all(|f| f.required), "{tag:?}");
    assert!(o.fields[0].required);
}

#[test]
fn an_integer_the_example_shows_beyond_32_bits_is_64_bits() {
    let page = "# Listing Users\n\n## URI\n\nGET /v2/users\n\n## Response\n\n| Parameter | Type | Description |\n|---|---|---|\n| created_time | Integer | Milliseconds. |\n| count | Integer | Count. |\n\n## Example Response\n\n```\n{\"created_time\": 1599811200000, \"count\": 2}\n```\n";
    let o = response_object(page);
    assert_eq!(o.fields[0].schema, Schema::INT64);
    assert_eq!(o.fields[1].schema, Schema::INT32);
}

#[test]
fn response_header_tables_are_the_headers_of_their_response() {
    // A header table under the success response (Chinese caption), and one of a status
    // section of its own (English caption), beside the body tables.
    let page = "# 获取token\n\n## URI\n\nPOST /v3/auth/tokens\n\n## 请求参数\n\n\
                **表 1** 请求Body参数\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n\
                |auth|是|String|认证信息。|\n\n## 响应参数\n\n**状态码： 201**\n\n\
                **表 2** 响应Header参数\n\n|参数|参数类型|描述|\n|--|--|--|\n\
                |X-Subject-Token|String|签名后的token。|\n|X-Rate-Remaining|Integer|剩余次数。|\n\n\
                **表 3** 响应Body参数\n\n|参数|参数类型|描述|\n|--|--|--|\n\
                |token|String|token信息。|\n\n**状态码： 202**\n\n\
                **Table 4** Response header parameters\n\n|Parameter|Type|Description|\n|--|--|--|\n\
                |Location|String|Where the job is.|\n";
    let op = crate::parse_page("p.md", page.as_bytes())
        .operation
        .expect("an operation");
    let created = &op.responses[&201];
    let names: Vec<(&str, &Schema, bool)> = created
        .headers
        .iter()
        .map(|h| (h.name.as_str(), &h.schema, h.required))
        .collect();
    assert_eq!(
        names,
        [
            ("X-Subject-Token", &Schema::String, false),
            ("X-Rate-Remaining", &Schema::INT32, false),
        ]
    );
    assert!(created.headers[0].info.sensitive, "a token is a secret");
    assert_eq!(created.headers[0].location, apispec::ParamLocation::Header);
    // The body is the body table alone: headers are not body fields, nor parameters.
    match &created.body {
        Some(Schema::Object(o)) => assert_eq!(o.fields.len(), 1),
        other => panic!("expected an object body, got {other:?}"),
    }
    assert!(op.params.iter().all(|p| !p.name.starts_with("X-")));
    let accepted = &op.responses[&202];
    assert_eq!(accepted.headers.len(), 1);
    assert_eq!(accepted.headers[0].name, "Location");
}

#[test]
fn an_array_placeholder_row_makes_the_body_an_array_of_its_element_table() {
    let page = "# 更新并查询\n\n## URI\n\nPATCH /v2/cloudimages/{image_id}\n\n\
                |参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|image_id|是|String|镜像ID。|\n\n\
                ## 请求消息\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n\
                |*[数组]*|是|Array of objects|详情请参见表2。|\n\n\
                **表 2** _\\[数组\\]_字段说明\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n\
                |op|是|String|操作。|\n|path|是|String|路径。|\n\n\
                ## 响应消息\n\n|参数|参数类型|描述|\n|--|--|--|\n\
                |*[数组]*|Array of objects|详情请参见表3。|\n\n\
                **表 3** _\\[数组\\]_字段说明\n\n|参数|参数类型|描述|\n|--|--|--|\n\
                |platform|String|平台。|\n|version_list|Array of objects|详情请参见表4。|\n\n\
                **表 4** _\\[数组\\]_.version\\_list字段数据结构说明\n\n|参数|参数类型|描述|\n|--|--|--|\n\
                |os_version|String|版本。|\n\n\
                ```\n[{\"platform\": \"SUSE\", \"version_list\": [{\"os_version\": \"SUSE 12\"}]}]\n```\n";
    let op = crate::parse_page("p.md", page.as_bytes())
        .operation
        .expect("an operation");
    let items = |s: &Schema| -> ObjectSchema {
        match s {
            Schema::Array { items } => match items.as_ref() {
                Schema::Object(o) => o.clone(),
                other => panic!("expected array items to be objects, got {other:?}"),
            },
            other => panic!("expected an array body, got {other:?}"),
        }
    };
    let request = items(op.request_body.as_ref().expect("a request body"));
    let names: Vec<&str> = request.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["op", "path"]);
    assert_eq!(request.name, None, "the placeholder is not a type name");
    let response = items(op.responses[&200].body.as_ref().expect("a response body"));
    let names: Vec<&str> = response.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["platform", "version_list"]);
    let nested = items(&response.fields[1].schema);
    assert_eq!(nested.fields[0].name, "os_version");
}

#[test]
fn a_bulleted_label_announcing_query_parameters_captions_the_second_uri_table() {
    let page = "# 查询主机配置数据\n\n## URI\n\nGET /V1.0/\\{project\\_id\\}/event-data\n\n\
                -   参数说明\n\n    **表 1**  参数说明\n\n|名称|是否必选|说明|\n|--|--|--|\n\
                |project_id|是|项目ID。|\n\n-   以下列表为查询检索参数\n\n\
                |名称|是否必选|参数类型|说明|\n|--|--|--|--|\n|namespace|是|String|命名空间。|\n\
                |from|否|String|起始时间。|\n\n## 请求消息\n\n无\n\n## 响应消息\n\n\
                |名称|参数类型|说明|\n|--|--|--|\n|datapoints|Array of objects|配置信息列表。|\n";
    let op = crate::parse_page("p.md", page.as_bytes())
        .operation
        .expect("an operation");
    let params: Vec<(&str, apispec::ParamLocation, bool)> = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.location, p.required))
        .collect();
    assert_eq!(
        params,
        [
            ("project_id", apispec::ParamLocation::Path, true),
            ("namespace", apispec::ParamLocation::Query, true),
            ("from", apispec::ParamLocation::Query, false),
        ]
    );
}
