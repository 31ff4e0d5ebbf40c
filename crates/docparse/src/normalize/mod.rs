//! Stage 6, **normalize**: a service's page results → its operations, through an ordered list
//! of service-level passes (as smithy-rs runs its model transforms).
//!
//! 0. [`cross_page`]: fields a page says another page of the service describes, filled from
//!    that page ([`crate::rules::cross_page_ref`]);
//! 1. [`translations`]: pages sharing a method and path merged (translations, versions);
//! 2. [`PASSES`], in order: naming ([`naming`]), the shared-explorer-name check, unique names
//!    and the model's order, example fields ([`example_fields`]: what an example shows and no
//!    table documents), and `service.toml`'s errata ([`patches`]).
//!
//! A pass sees the operations as the passes before it left them; a new service-level rule is
//! a new pass in this list, with a test of its own.

use apispec::Operation;

use crate::config::ServiceConfig;
use crate::diagnostics::Sink;
use crate::operation::PageResult;

pub mod cross_page;
pub mod example_fields;
pub mod naming;
pub mod patches;
mod schema_merge;
#[cfg(test)]
mod tests;
pub mod translations;

/// What every pass may read.
pub struct PassContext<'a> {
    /// The service's `service.toml`.
    pub config: &'a ServiceConfig,
    /// Its path (where patch diagnostics point).
    pub config_file: &'a str,
}

/// One service-level pass.
pub struct Pass {
    /// What it does, in a few words.
    pub name: &'static str,
    /// The pass.
    pub run: fn(&mut Vec<Operation>, &PassContext<'_>, &mut Sink),
}

/// The passes after the merge, in the order they run.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "name operations",
        run: |ops, cx, _| naming::name_operations(ops, cx.config),
    },
    Pass {
        name: "check API Explorer names shared by several methods",
        run: |ops, _, sink| naming::shared_explorer_names(ops, sink),
    },
    Pass {
        name: "make names unique, in the model's order",
        run: |ops, _, sink| {
            naming::make_unique(ops, sink);
            ops.sort_by(|a, b| (&a.api_version, &a.name).cmp(&(&b.api_version, &b.name)));
        },
    },
    Pass {
        name: "add the fields examples show and no table documents",
        run: |ops, _, _| ops.iter_mut().for_each(example_fields::operation),
    },
    Pass {
        name: "apply service.toml's patches",
        run: |ops, cx, sink| patches::apply_patches(ops, &cx.config.patches, cx.config_file, sink),
    },
];

/// The operations of a service's pages: merged, then every pass in order.
pub fn operations(
    pages: Vec<PageResult>,
    config: &ServiceConfig,
    config_file: &str,
    sink: &mut Sink,
) -> Vec<Operation> {
    let mut pages = pages;
    // rule: cross_page_ref (before the merge: each page's fields filled from the pages they
    // name, so that translations and versions merge what each page then documents)
    cross_page::resolve_pages(&mut pages, sink);
    let mut ops = translations::merge_pages(pages, config, sink);
    let cx = PassContext {
        config,
        config_file,
    };
    for pass in PASSES {
        (pass.run)(&mut ops, &cx, sink);
    }
    ops
}
