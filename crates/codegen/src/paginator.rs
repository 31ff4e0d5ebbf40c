//! Which list operations page, and how: the rules that recognise the pagination styles the
//! reference pages document, and what a paginated operation adds to the generated code (its
//! `Pagination` descriptor in `OperationInfo`, a `Paginated` impl naming the item type, and
//! the request builder's `into_paginator()`). The walking itself is the runtime's
//! (`huaweicloud_sdk_core::pagination`).
//!
//! Rules, on the operation's query parameters and its success body:
//! - a list operation is a `GET` whose name starts with `List`;
//! - the items are the one top-level array of objects of the success body (`*_links` arrays
//!   left aside);
//! - `marker` + a limit (`limit`, `page_size`, `per_page`): the next marker is the body's
//!   `next_marker`, else `page_info.next_marker`, else the `marker` of the `next` link of
//!   `links` or of `<items>_links`, else the last item's `id`;
//! - `offset` + a limit: an offset counted in items, unless its description says it is a page
//!   number (`页码`, `page number`), which makes it a page counter starting at 1;
//! - `page`/`page_no`/`page_num`/`page_number` + a limit: a page counter starting at 1 (0 when
//!   its documented default is 0).
//!
//! A `[pagination.<Operation>]` entry of `service.toml` replaces the rules for an operation the
//! page leaves ambiguous (or turns pagination off with `style = "none"`).

use apispec::{Operation, ParamLocation, Schema};
use proc_macro2::TokenStream;
use quote::quote;

use crate::models::{success_body, Models, Ty};

/// How an operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The runtime's `PageStyle` literal.
    pub style: Style,
    /// Wire path of the items.
    pub items: String,
    /// The item type.
    pub item: Ty,
}

/// A pagination style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    /// `marker`, and where the next one comes from.
    Marker {
        /// The parameter.
        param: String,
        /// `LastItem`, `Field` or `Link`, and its path.
        next: (&'static str, String),
    },
    /// An item offset.
    Offset {
        /// The parameter.
        param: String,
    },
    /// A page counter.
    Page {
        /// The parameter.
        param: String,
        /// The first page.
        first: u64,
    },
}

/// Why a list operation gets no paginator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoPaging {
    /// No paging parameter (`marker`, `offset`, `page`) among its query parameters.
    NoPagingParameter,
    /// A paging parameter but no limit parameter.
    NoLimit,
    /// No success body, or one that is not an object.
    NoObjectBody,
    /// No top-level array of objects in the success body.
    NoItems,
    /// Several top-level arrays of objects: which one pages is not clear.
    AmbiguousItems,
    /// A marker, but neither a next marker, a next link nor an item `id` to take it from.
    NoMarkerSource,
    /// `style = "none"` in `service.toml`.
    Disabled,
}

impl NoPaging {
    /// A short explanation.
    pub fn describe(self) -> &'static str {
        match self {
            NoPaging::NoPagingParameter => {
                "no marker, offset or page query parameter (the API returns everything at once)"
            }
            NoPaging::NoLimit => "a paging parameter but no limit",
            NoPaging::NoObjectBody => "no JSON object as success body",
            NoPaging::NoItems => "no top-level array of objects in the success body",
            NoPaging::AmbiguousItems => "several top-level arrays of objects",
            NoPaging::NoMarkerSource => "a marker but nothing to take the next one from",
            NoPaging::Disabled => "turned off in service.toml",
        }
    }
}

const LIMITS: &[&str] = &["limit", "page_size", "pagesize", "per_page", "perpage"];
const PAGES: &[&str] = &[
    "page",
    "page_no",
    "pageno",
    "page_num",
    "pagenum",
    "page_number",
    "pagenumber",
];

/// Whether `op` is a list operation (what the report counts).
pub fn is_list(op: &Operation) -> bool {
    op.method.eq_ignore_ascii_case("GET") && op.name.starts_with("List")
}

fn query_param<'a>(op: &'a Operation, names: &[&str]) -> Option<&'a apispec::Param> {
    op.params.iter().find(|p| {
        p.location == ParamLocation::Query && names.contains(&p.name.to_ascii_lowercase().as_str())
    })
}

/// The item type of the items field `wire` of the output.
fn item_ty(models: &Models, op: &Operation, wire: &str) -> Option<Ty> {
    let Some(Ty::Named(name)) = models.ops.get(&op.name)?.output.as_ref() else {
        return None;
    };
    let field = models
        .structs
        .get(name)?
        .fields
        .iter()
        .find(|f| f.wire == wire)?;
    match &field.ty {
        Ty::Vec(inner) => Some((**inner).clone()),
        _ => None,
    }
}

/// How `op` pages, by the rules of this module or its `service.toml` entry.
pub fn detect(
    op: &Operation,
    models: &Models,
    entry: Option<&apispec::PaginationEntry>,
) -> Result<Paging, NoPaging> {
    if entry.is_some_and(|e| e.style == "none") {
        return Err(NoPaging::Disabled);
    }
    let Some(Schema::Object(body)) = success_body(op) else {
        return Err(NoPaging::NoObjectBody);
    };
    let arrays: Vec<&apispec::Field> = body
        .fields
        .iter()
        .filter(|f| matches!(&f.schema, Schema::Array { items } if matches!(**items, Schema::Object(_))))
        .filter(|f| !f.name.ends_with("_links") && f.name != "links")
        .collect();
    let items_wire = match (entry.and_then(|e| e.items.clone()), arrays.as_slice()) {
        (Some(items), _) => items,
        (None, [one]) => one.name.clone(),
        (None, []) => return Err(NoPaging::NoItems),
        (None, _) => return Err(NoPaging::AmbiguousItems),
    };
    let item = item_ty(
        models,
        op,
        items_wire.split('.').next_back().unwrap_or(&items_wire),
    )
    .filter(|_| !items_wire.contains('.'))
    .unwrap_or(Ty::Value);
    let has_field = |name: &str| body.fields.iter().any(|f| f.name == name);
    let sub_field = |outer: &str, inner: &str| {
        body.fields.iter().any(|f| {
            f.name == outer
                && matches!(&f.schema, Schema::Object(o) if o.fields.iter().any(|g| g.name == inner))
        })
    };
    let item_has_id = arrays
        .iter()
        .find(|f| f.name == items_wire)
        .is_some_and(|f| matches!(&f.schema, Schema::Array { items } if matches!(&**items, Schema::Object(o) if o.fields.iter().any(|g| g.name == "id"))));
    let style = if let Some(e) = entry.filter(|e| e.style != "auto") {
        let param = e.param.clone().unwrap_or_else(|| e.style.clone());
        match e.style.as_str() {
            "offset" => Style::Offset { param },
            "page" => Style::Page {
                param,
                first: e.first.unwrap_or(1),
            },
            _ => Style::Marker {
                param,
                next: match (&e.next_marker, &e.next_link) {
                    (Some(f), _) => ("Field", f.clone()),
                    (None, Some(l)) => ("Link", l.clone()),
                    (None, None) => ("LastItem", "id".to_string()),
                },
            },
        }
    } else {
        let marker = query_param(op, &["marker"]);
        let offset = query_param(op, &["offset"]);
        let page = query_param(op, PAGES);
        if marker.is_none() && offset.is_none() && page.is_none() {
            return Err(NoPaging::NoPagingParameter);
        }
        if query_param(op, LIMITS).is_none() {
            return Err(NoPaging::NoLimit);
        }
        if let Some(m) = marker {
            let links = format!("{items_wire}_links");
            let next = if has_field("next_marker") {
                ("Field", "next_marker".to_string())
            } else if sub_field("page_info", "next_marker") {
                ("Field", "page_info.next_marker".to_string())
            } else if sub_field("links", "next") {
                ("Link", "links.next".to_string())
            } else if has_field(&links) {
                ("Link", links)
            } else if item_has_id {
                ("LastItem", "id".to_string())
            } else {
                return Err(NoPaging::NoMarkerSource);
            };
            Style::Marker {
                param: m.name.clone(),
                next,
            }
        } else if let Some(o) = offset {
            let d = o.info.description.to_lowercase();
            if d.contains("页码") || d.contains("page number") || d.contains("页数") {
                Style::Page {
                    param: o.name.clone(),
                    first: 1,
                }
            } else {
                Style::Offset {
                    param: o.name.clone(),
                }
            }
        } else {
            let p = page.expect("one of the three");
            let first = if p.info.default.as_deref().map(str::trim) == Some("0") {
                0
            } else {
                1
            };
            Style::Page {
                param: p.name.clone(),
                first,
            }
        }
    };
    Ok(Paging {
        style,
        items: items_wire,
        item,
    })
}

/// The `pagination: Some(&Pagination {..}),` field of the `OperationInfo` literal.
pub fn info_field(paging: &Paging) -> TokenStream {
    let style = match &paging.style {
        Style::Marker { param, next } => {
            let kind = quote::format_ident!("{}", next.0);
            let path = &next.1;
            quote!(PageStyle::Marker { param: #param, next: NextMarker::#kind(#path) })
        }
        Style::Offset { param } => quote!(PageStyle::Offset { param: #param }),
        Style::Page { param, first } => quote!(PageStyle::Page { param: #param, first: #first }),
    };
    let items = &paging.items;
    quote!(pagination: Some(&Pagination { style: #style, items: #items }),)
}

/// The `Paginated` impl of an operation.
pub fn paginated_impl(op_ty: &syn::Ident, paging: &Paging, prefix: &TokenStream) -> TokenStream {
    let item = paging.item.tokens(prefix);
    quote! {
        impl Paginated for #op_ty {
            type Item = #item;
        }
    }
}

/// The request builder's `into_paginator()`.
pub fn builder_method(op_ty: &syn::Ident) -> TokenStream {
    quote! {
        /// Pages through the results: [`Paginator::pages`] streams the outputs,
        /// [`Paginator::items`] the items.
        pub fn into_paginator(self) -> Paginator<#op_ty> {
            self.client.inner.paginate::<#op_ty>(self.input, self.customize)
        }
    }
}

/// How `op` of `service` pages, if it does (non-list operations never do).
pub fn paging(service: &apispec::Service, op: &Operation, models: &Models) -> Option<Paging> {
    let entry = service.pagination.get(&op.name);
    if !is_list(op) && entry.is_none() {
        return None;
    }
    detect(op, models, entry).ok()
}

/// The list operations of `service` and how each pages, or why it does not.
pub fn report(service: &apispec::Service) -> Vec<(String, Result<Paging, NoPaging>)> {
    let mut out = Vec::new();
    for ops in crate::versions(service).values() {
        let models = Models::collect(ops);
        for op in ops.iter().filter(|op| is_list(op)) {
            let entry = service.pagination.get(&op.name);
            out.push((op.name.clone(), detect(op, &models, entry)));
        }
    }
    out
}

/// The imports a client module needs for its paginated operations.
pub fn imports(service: &apispec::Service, ops: &[&Operation], models: &Models) -> TokenStream {
    let pagings: Vec<Paging> = ops
        .iter()
        .filter_map(|op| paging(service, op, models))
        .collect();
    if pagings.is_empty() {
        return quote!();
    }
    let next = pagings
        .iter()
        .any(|p| matches!(p.style, Style::Marker { .. }))
        .then(|| quote!(NextMarker,));
    quote! {
        use huaweicloud_sdk_core::meta::{#next PageStyle, Pagination};
        use huaweicloud_sdk_core::pagination::{Paginated, Paginator};
    }
}
