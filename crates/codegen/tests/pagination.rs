//! Which list operations of `spec-docs/` get a paginator, and why the others do not; the
//! rules of `codegen::paginator` on synthetic operations. `-- --nocapture` prints the report
//! (README's "Pagination" figures).

mod common;

use std::collections::BTreeMap;

use codegen::paginator::{self, NoPaging, Style};

#[test]
fn list_operations_of_the_shipped_services_get_paginators() {
    let mut per_service = Vec::new();
    let mut reasons: BTreeMap<NoPaging, Vec<String>> = BTreeMap::new();
    let (mut lists, mut paged) = (0, 0);
    for service in common::spec_services() {
        let report = paginator::report(&service);
        let n = report.iter().filter(|(_, r)| r.is_ok()).count();
        per_service.push(format!("{}: {n}/{}", service.name, report.len()));
        lists += report.len();
        paged += n;
        for (op, r) in report {
            if let Err(why) = r {
                reasons
                    .entry(why)
                    .or_default()
                    .push(format!("{}.{op}", service.name));
            }
        }
    }
    println!("list operations with a paginator: {paged}/{lists}");
    println!("per service: {}", per_service.join(", "));
    for (why, ops) in &reasons {
        println!("{} ({}): {}", why.describe(), ops.len(), ops.join(" "));
    }
    // A floor, raised when the rules improve.
    assert!(paged >= 101, "{paged} paginated list operations");
    assert!(!reasons.contains_key(&NoPaging::Disabled) || paged > 0);
}

fn service(
    toml_entry: Option<(&str, apispec::PaginationEntry)>,
    body: &str,
    params: &[(&str, &str)],
) -> apispec::Service {
    let fields: Vec<apispec::Field> = serde_json::from_str(body).unwrap();
    let op = apispec::Operation {
        name: "ListThings".into(),
        method: "GET".into(),
        path: "/v1/{project_id}/things".into(),
        api_version: "v1".into(),
        params: params
            .iter()
            .map(|(name, description)| apispec::Param {
                location: apispec::ParamLocation::Query,
                name: name.to_string(),
                required: false,
                schema: apispec::Schema::String,
                info: apispec::FieldInfo {
                    description: description.to_string(),
                    ..Default::default()
                },
            })
            .collect(),
        responses: BTreeMap::from([(
            200,
            apispec::Response {
                status: 200,
                body: Some(apispec::Schema::Object(apispec::ObjectSchema {
                    name: None,
                    fields,
                })),
                ..Default::default()
            },
        )]),
        ..Default::default()
    };
    apispec::Service {
        name: "svc".into(),
        operations: vec![op],
        pagination: toml_entry
            .map(|(n, e)| BTreeMap::from([(n.to_string(), e)]))
            .unwrap_or_default(),
        ..Default::default()
    }
}

const THINGS: &str = r#"{"name": "things", "required": false, "type": {"type": "array", "items": {"type": "object", "fields": [{"name": "id", "required": false, "type": {"type": "string"}}]}}}"#;

fn detect(s: &apispec::Service) -> Result<Style, NoPaging> {
    paginator::report(s).remove(0).1.map(|p| p.style)
}

#[test]
fn rules_recognise_each_documented_style() {
    let marker = [("marker", ""), ("limit", "")];
    let by_id = service(None, &format!("[{THINGS}]"), &marker);
    assert!(matches!(
        detect(&by_id),
        Ok(Style::Marker {
            next: ("LastItem", _),
            ..
        })
    ));
    let next = service(
        None,
        &format!(
            r#"[{THINGS}, {{"name": "next_marker", "required": false, "type": {{"type": "string"}}}}]"#
        ),
        &marker,
    );
    assert!(
        matches!(detect(&next), Ok(Style::Marker { next: ("Field", ref f), .. }) if f == "next_marker")
    );
    let info = service(
        None,
        &format!(
            r#"[{THINGS}, {{"name": "page_info", "required": false, "type": {{"type": "object", "fields": [{{"name": "next_marker", "required": false, "type": {{"type": "string"}}}}]}}}}]"#
        ),
        &marker,
    );
    assert!(
        matches!(detect(&info), Ok(Style::Marker { next: ("Field", ref f), .. }) if f == "page_info.next_marker")
    );
    let links = service(
        None,
        &format!(
            r#"[{THINGS}, {{"name": "links", "required": false, "type": {{"type": "object", "fields": [{{"name": "next", "required": false, "type": {{"type": "string"}}}}]}}}}]"#
        ),
        &marker,
    );
    assert!(
        matches!(detect(&links), Ok(Style::Marker { next: ("Link", ref f), .. }) if f == "links.next")
    );
    let offset = service(
        None,
        &format!("[{THINGS}]"),
        &[("offset", "偏移量"), ("limit", "")],
    );
    assert!(matches!(detect(&offset), Ok(Style::Offset { .. })));
    let page_number = service(
        None,
        &format!("[{THINGS}]"),
        &[("offset", "页码。当前页面数"), ("limit", "")],
    );
    assert!(matches!(
        detect(&page_number),
        Ok(Style::Page { first: 1, .. })
    ));
    let page = service(
        None,
        &format!("[{THINGS}]"),
        &[("page", ""), ("per_page", "")],
    );
    assert!(matches!(detect(&page), Ok(Style::Page { .. })));
    // What the rules refuse.
    assert_eq!(
        detect(&service(None, &format!("[{THINGS}]"), &[("limit", "")])),
        Err(NoPaging::NoPagingParameter)
    );
    assert_eq!(
        detect(&service(None, &format!("[{THINGS}]"), &[("marker", "")])),
        Err(NoPaging::NoLimit)
    );
    let two = THINGS.replace("things", "others");
    assert_eq!(
        detect(&service(None, &format!("[{THINGS}, {two}]"), &marker)),
        Err(NoPaging::AmbiguousItems)
    );
    // service.toml settles what the page leaves open, or turns pagination off.
    let entry = apispec::PaginationEntry {
        style: "offset".into(),
        items: Some("things".into()),
        ..Default::default()
    };
    let settled = service(
        Some(("ListThings", entry)),
        &format!("[{THINGS}, {two}]"),
        &marker,
    );
    assert!(matches!(detect(&settled), Ok(Style::Offset { ref param }) if param == "offset"));
    let off = apispec::PaginationEntry {
        style: "none".into(),
        ..Default::default()
    };
    assert_eq!(
        detect(&service(
            Some(("ListThings", off)),
            &format!("[{THINGS}]"),
            &marker
        )),
        Err(NoPaging::Disabled)
    );
}
