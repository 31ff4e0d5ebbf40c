//! The media type of a request body that is not JSON: what the `Content-Type` header
//! parameter documents, what the request example shows, a form-data table, a `file` field.

use std::sync::LazyLock;

use apispec::{Param, ParamLocation};
use regex::Regex;

use crate::blocks::Table;
use crate::vocab::columns::{ColumnKind, Columns};

static MEDIA_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:application|multipart|text|image|audio|video)/[a-z0-9][a-z0-9.+\-]*")
        .expect("valid regex")
});
static CONTENT_TYPE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)content-type\s*:\s*((?:application|multipart|text|image|audio|video)/[a-z0-9][a-z0-9.+\-]*)")
        .expect("valid regex")
});

fn is_json(media_type: &str) -> bool {
    media_type.to_ascii_lowercase().contains("json")
}

/// A caption naming a form's fields ("请求formData参数", "Form data parameters").
pub fn is_form_caption(caption: &str) -> bool {
    let c: String = caption
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    c.contains("formdata") || c.contains("表单")
}

/// A parameter table with a row of type `file`.
pub fn has_file_field(table: &Table) -> bool {
    let Some(typ) = Columns::position(&table.header, ColumnKind::Type) else {
        return false;
    };
    table.rows.iter().any(|r| {
        r.get(typ).is_some_and(|c| {
            let t = c.text.trim();
            t.eq_ignore_ascii_case("file") || t == "文件"
        })
    })
}

/// The first non-JSON media type a request example's code shows in a `Content-Type:` line
/// (raw headers or curl's `-H`).
pub fn in_code(code: &str) -> Option<String> {
    CONTENT_TYPE_LINE
        .captures_iter(code)
        .map(|c| c[1].to_ascii_lowercase())
        .find(|t| !is_json(t))
}

/// The media type of the request body when the page documents one that is not JSON: the
/// `Content-Type` header parameter's value, else the request example's, else
/// `multipart/form-data` for a form with a file field or a lone file field, else
/// `application/x-www-form-urlencoded` for a form. `None` for JSON.
pub fn request_content_type(
    params: &[Param],
    example_media_types: &[String],
    form_table: bool,
    file_field: bool,
) -> Option<String> {
    let header = params.iter().find(|p| {
        p.location == ParamLocation::Header && p.name.eq_ignore_ascii_case("content-type")
    });
    if let Some(p) = header {
        let texts = p
            .info
            .default
            .iter()
            .chain(&p.info.enum_values)
            .chain(std::iter::once(&p.info.description));
        for t in texts {
            if let Some(m) = MEDIA_TYPE
                .find_iter(t)
                .map(|m| m.as_str().to_ascii_lowercase())
                .find(|m| !is_json(m))
            {
                return Some(m);
            }
        }
    }
    if let Some(t) = example_media_types.first() {
        return Some(t.clone());
    }
    if file_field {
        return Some("multipart/form-data".into());
    }
    if form_table {
        return Some("application/x-www-form-urlencoded".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::parse_page;

    fn content_type(page: &str) -> Option<String> {
        let p = parse_page("x.md", page.as_bytes());
        p.operation.expect("an operation").request_content_type
    }

    #[test]
    fn the_content_type_header_names_a_form_upload() {
        let page = "# 批量导入\n\n## URI\n\nPOST /v2/zones/{zone_id}/import/recordsets\n\n## 请求\n\n\
**表 2** 请求消息头\n\n|名称|是否必选|取值|说明|\n|--|--|--|--|\n|Content-Type|是|multipart/form-data|发送的实体的MIME类型。|\n|X-Auth-Token|是|token|用户Token。|\n\n\
## 响应\n\n|名称|参数类型|说明|\n|--|--|--|\n|task_id|string|任务ID。|\n";
        assert_eq!(content_type(page).as_deref(), Some("multipart/form-data"));
    }

    #[test]
    fn the_request_example_shows_an_octet_stream() {
        let page = "# 上传镜像\n\n## URI\n\nPUT /v2/images/{image_id}/file\n\n## 请求消息\n\n-   请求参数\n\n\
|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|image_file|是|file|上传文件请求体|\n\n-   请求样例\n\n    ```\n    PUT https://{Endpoint}/v2/images/84ac/file\n    ```\n\n\
    >```\n    >curl -i 'https://IP/v2/images/84ac/file' -X PUT -H \"X-Auth-Token: $t\" -H \"Content-Type:application/octet-stream\" -T suse.zvhd\n    >```\n\n## 响应消息\n\n无\n";
        assert_eq!(
            content_type(page).as_deref(),
            Some("application/octet-stream")
        );
    }

    #[test]
    fn a_form_data_table_is_a_form() {
        let page = "# 获取token\n\n## URI\n\nPOST /v3.0/OS-FEDERATION/tokens\n\n## 请求参数\n\n\
**表 2**  请求formData参数\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|SAMLResponse|是|String|响应体。|\n\n## 响应参数\n\n|参数|参数类型|描述|\n|--|--|--|\n|token|Object|token。|\n";
        assert_eq!(
            content_type(page).as_deref(),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn json_bodies_record_nothing() {
        let page = "# 创建\n\n## URI\n\nPOST /v1/{project_id}/things\n\n## 请求参数\n\n\
|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|Content-Type|是|String|消息体的类型（格式）。缺省值：application/json;charset=utf-8|\n|name|是|String|名称。|\n\n\
## 请求示例\n\n```\nPOST https://{endpoint}/v1/p/things\nContent-Type: application/json\n\n{\"name\": \"a\"}\n```\n";
        assert_eq!(content_type(page), None);
    }
}
