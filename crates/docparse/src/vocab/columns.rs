//! The words of table headers: what each column of a table holds.

/// What a table header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The field or parameter name (参数, Parameter).
    Name,
    /// A second name column (子参数, Sub-Parameter): the fields of the object the first names.
    SubName,
    /// Whether it is required (是否必选, Mandatory).
    Required,
    /// Its type (参数类型, Type).
    Type,
    /// Its description (描述, Description).
    Description,
    /// Where a parameter goes (参数位置, Location).
    Location,
    /// Its default value (默认值, Default).
    Default,
    /// Its value range (取值范围, Value range).
    Range,
}

/// What a table header cell names, if it is one of the known column headers.
pub fn column_kind(h: &str) -> Option<ColumnKind> {
    let n: String = h
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let n = n.trim_end_matches([':', '：', '.']);
    let kind = match n {
        "参数" | "参数名" | "参数名称" | "名称" | "parameter" | "parameters" | "name" | "field"
        | "字段" | "字段名" | "属性" | "property" | "key" | "attribute" | "参数项"
        | "parametername" | "fieldname" | "元素名称" | "param" => ColumnKind::Name,
        "是否必选" | "必选" | "mandatory" | "required" | "是否必填" | "必填" | "是否必须"
        | "必须" | "optional" | "可选" | "mandatory/optional" | "必选/可选" | "isrequired"
        | "是否可选" => ColumnKind::Required,
        "参数类型" | "类型" | "type" | "数据类型" | "datatype" | "字段类型" | "valuetype"
        | "参数值类型" => ColumnKind::Type,
        "描述" | "说明" | "description" | "含义" | "remarks" | "备注" | "参数说明" | "描述信息"
        | "解释" | "desc" | "descriptions" | "参数描述" => ColumnKind::Description,
        "参数位置" | "location" | "位置" | "in" | "参数所在位置" | "所在位置" => {
            ColumnKind::Location
        }
        "默认值" | "default" | "defaultvalue" | "缺省值" => ColumnKind::Default,
        "子参数" | "子参数名" | "sub-parameter" | "subparameter" | "sub-parameters"
        | "subparameters" | "子字段" | "sub-field" | "subfield" => ColumnKind::SubName,
        "取值范围" | "valuerange" | "range" | "值范围" | "约束" | "constraints" | "value"
        | "取值" => ColumnKind::Range,
        _ => return None,
    };
    Some(kind)
}

/// The first column of each kind a parameter table's header has.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// The name column.
    pub name: Option<usize>,
    /// The required column.
    pub required: Option<usize>,
    /// The type column.
    pub typ: Option<usize>,
    /// The description column.
    pub desc: Option<usize>,
    /// The location column.
    pub location: Option<usize>,
    /// The default-value column.
    pub default: Option<usize>,
    /// The value-range column.
    pub range: Option<usize>,
}

impl Columns {
    /// The columns of a header (the first of each kind; a sub-name column is not one of them).
    pub fn of(header: &[String]) -> Columns {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let slot = match column_kind(h) {
                Some(ColumnKind::Name) => &mut c.name,
                Some(ColumnKind::Required) => &mut c.required,
                Some(ColumnKind::Type) => &mut c.typ,
                Some(ColumnKind::Description) => &mut c.desc,
                Some(ColumnKind::Location) => &mut c.location,
                Some(ColumnKind::Default) => &mut c.default,
                Some(ColumnKind::Range) => &mut c.range,
                Some(ColumnKind::SubName) | None => continue,
            };
            if slot.is_none() {
                *slot = Some(i);
            }
        }
        c
    }

    /// The first column of `kind` in `header`.
    pub fn position(header: &[String], kind: ColumnKind) -> Option<usize> {
        header.iter().position(|h| column_kind(h) == Some(kind))
    }
}

/// The column of a status-code table, if the header has one.
pub fn status_column(header: &[String]) -> Option<usize> {
    header.iter().position(|h| is_status_header(h))
}

/// Whether a header cell names the status code column (状态码, Status Code, 返回值).
pub fn is_status_header(h: &str) -> bool {
    let n: String = h
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    matches!(
        n.as_str(),
        "状态码"
            | "statuscode"
            | "返回值"
            | "returnedvalue"
            | "returnedvalues"
            | "返回码"
            | "returncode"
            | "http状态码"
            | "httpstatuscode"
            | "status"
            | "httpstatus"
            | "响应码"
            | "statuscodes"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_name_column_kinds() {
        assert_eq!(column_kind("是否必选"), Some(ColumnKind::Required));
        assert_eq!(column_kind("Sub-Parameter"), Some(ColumnKind::SubName));
        assert_eq!(column_kind("Parameter Type"), None);
        assert_eq!(column_kind("参数类型："), Some(ColumnKind::Type));
        let header: Vec<String> = ["参数", "是否必选", "参数类型", "描述", "描述"]
            .map(String::from)
            .to_vec();
        let c = Columns::of(&header);
        assert_eq!(
            (c.name, c.required, c.typ, c.desc, c.location),
            (Some(0), Some(1), Some(2), Some(3), None)
        );
        assert_eq!(
            status_column(&["Status Code".into(), "描述".into()]),
            Some(0)
        );
    }
}
