//! A service's error-code page (错误码): a table of status, error code, message, description
//! and measure, read into [`ErrorCode`]s.

use apispec::ErrorCode;

use crate::blocks::Table;

/// Where the columns of an error-code table are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    status: Option<usize>,
    code: usize,
    message: Option<usize>,
    description: Option<usize>,
    measure: Option<usize>,
}

fn norm(h: &str) -> String {
    h.to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ':' | '：'))
        .collect()
}

/// The columns of a table that lists error codes: an error-code column and at least one of
/// message, description or measure; `None` for any other table.
pub fn columns(header: &[String]) -> Option<Columns> {
    let mut status = None;
    let mut code = None;
    let mut message = None;
    let mut description = None;
    let mut measure = None;
    for (i, h) in header.iter().enumerate() {
        let slot = match norm(h).as_str() {
            "状态码" | "http状态码" | "响应状态码" | "返回状态码" | "statuscode"
            | "httpstatuscode" | "httpstatus" | "status" => &mut status,
            "错误码" | "错误代码" | "errorcode" | "error_code" | "返回错误码" => {
                &mut code
            }
            "错误信息" | "错误消息" | "errormessage" | "error_msg" | "errormsg" | "message" => {
                &mut message
            }
            "描述"
            | "错误描述"
            | "错误码说明"
            | "错误码描述"
            | "错误说明"
            | "中文说明"
            | "说明"
            | "含义"
            | "description"
            | "描述（处理措施）"
            | "描述(处理措施)" => &mut description,
            "处理措施" | "解决方案" | "处理方法" | "处理建议" | "solution" | "measure"
            | "handlingmeasure" => &mut measure,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    let code = code?;
    if message.is_none() && description.is_none() && measure.is_none() {
        return None;
    }
    Some(Columns {
        status,
        code,
        message,
        description,
        measure,
    })
}

/// The error codes of one table, in table order; rows without a code are left out.
///
/// A row shorter than the header lost its leading cells to a row span (a pipe table written
/// from a table whose first columns span rows: `|公共|400|VPC.0002|...|` then `|404|VPC.0003|...|`):
/// its cells are the header's last ones, and the leading ones are the previous row's.
pub fn read(table: &Table, cols: &Columns) -> Vec<ErrorCode> {
    let width = table.header.len();
    let mut prev: Vec<String> = vec![String::new(); width];
    let mut out = Vec::new();
    for cells in &table.rows {
        let offset = width.saturating_sub(cells.len());
        let row: Vec<String> = (0..width.max(cells.len()))
            .map(|i| match i.checked_sub(offset) {
                Some(j) => cells
                    .get(j)
                    .map(|c| c.text.trim().to_string())
                    .unwrap_or_default(),
                None => prev.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        prev.clone_from(&row);
        let text = |i: Option<usize>| -> String {
            i.and_then(|i| row.get(i)).cloned().unwrap_or_default()
        };
        let code = text(Some(cols.code));
        if code.is_empty() || matches!(code.as_str(), "-" | "--" | "—" | "无" | "N/A") {
            continue;
        }
        let status = text(cols.status);
        let status = status
            .trim_start()
            .get(..3)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u16>().ok())
            .filter(|s| (100..600).contains(s));
        let e = ErrorCode {
            status,
            code,
            message: text(cols.message),
            description: text(cols.description),
            measure: text(cols.measure),
        };
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PageKind;

    const PAGE: &str = "# 错误码<a name=\"ecs_07_0002\"></a>\n\n## 背景信息\n\n-   接口返回的错误码与Error Message不具有一一对应关系。\n\n## 错误码说明\n\n\
<table><thead align=\"left\"><tr><th><p>状态码</p></th><th><p>错误码</p></th><th><p>错误信息</p></th><th><p>描述</p></th><th><p>处理措施</p></th></tr></thead>\n\
<tbody><tr><td><p>400</p></td><td><p>Ecs.0000</p></td><td><p>Request error.</p></td><td><p>请求数据错误</p></td><td><p>请检查请求体。</p></td></tr>\n\
<tr><td><p>401</p></td><td><p>Ecs.0001</p></td><td><p>Unauthorized.</p></td><td><p>鉴权失败</p></td><td><p>请检查token。</p></td></tr>\n\
<tr><td><p>500</p></td><td><p></p></td><td><p>x</p></td><td><p>y</p></td><td><p>z</p></td></tr>\n\
</tbody></table>\n";

    #[test]
    fn an_error_code_page_is_read_into_codes_without_diagnostics() {
        let p = crate::parse_page("spec-docs/x/错误码.md", PAGE.as_bytes());
        assert_eq!(p.kind, PageKind::Reference);
        assert!(p.operation.is_none());
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(
            p.error_codes,
            [
                ErrorCode {
                    status: Some(400),
                    code: "Ecs.0000".into(),
                    message: "Request error.".into(),
                    description: "请求数据错误".into(),
                    measure: "请检查请求体。".into(),
                },
                ErrorCode {
                    status: Some(401),
                    code: "Ecs.0001".into(),
                    message: "Unauthorized.".into(),
                    description: "鉴权失败".into(),
                    measure: "请检查token。".into(),
                },
            ]
        );
    }

    #[test]
    fn pipe_tables_and_tables_without_status_are_read_too() {
        let page = "# 错误码\n\n|模块|错误码|说明|\n|--|--|--|\n|KMS|KMS.0201|请求的资源不存在。|\n|KMS|-|无|\n";
        let p = crate::parse_page("x/错误码.md", page.as_bytes());
        assert_eq!(p.kind, PageKind::Reference);
        assert_eq!(
            p.error_codes,
            [ErrorCode {
                status: None,
                code: "KMS.0201".into(),
                description: "请求的资源不存在。".into(),
                ..ErrorCode::default()
            }]
        );
    }

    #[test]
    fn rows_that_lost_leading_cells_to_a_row_span_are_aligned_right() {
        let page = "# 错误码\n\n|模块|状态码|错误码|错误信息|描述|处理措施|\n|--|--|--|--|--|--|\n\
|公共|400|VPC.0002|Available zone Name is null.|可用区为空|请确认。|\n\
|404|VPC.0003|VPC does not exist.|VPC不存在|请确认VPC的id。|\n";
        let p = crate::parse_page("x/错误码.md", page.as_bytes());
        let codes: Vec<(Option<u16>, &str, &str)> = p
            .error_codes
            .iter()
            .map(|e| (e.status, e.code.as_str(), e.description.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (Some(400), "VPC.0002", "可用区为空"),
                (Some(404), "VPC.0003", "VPC不存在")
            ]
        );
    }

    #[test]
    fn other_tables_are_not_error_codes() {
        assert!(columns(&["状态码".into(), "编码".into(), "状态说明".into()]).is_none());
        assert!(columns(&["错误码".into()]).is_none());
        assert!(columns(&["参数".into(), "类型".into(), "描述".into()]).is_none());
    }
}
