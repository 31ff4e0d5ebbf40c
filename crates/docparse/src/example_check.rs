//! Every JSON example of every page, checked against the schema the generated code uses for it:
//! the operation's, after merging translations, completion and patches.
//!
//! An example validates when it decodes with the generated types
//! ([`crate::infer::example_validates`]: the documented JSON kinds, or what the runtime's
//! tolerant decoding reads as them). An example that could not be read at all is a failure; an
//! example for which the operation has no schema (a status without a body) is not counted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use apispec::{Diagnostic, Operation, Service};

use crate::operation::PageExample;

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct ExampleCheck {
    /// Examples checked (unreadable ones included).
    pub total: usize,
    /// Examples that decode with the generated types (tolerant decoding included).
    pub valid: usize,
    /// Examples whose JSON kinds are exactly the documented ones.
    pub exact: usize,
    /// The examples that do not validate.
    pub failures: Vec<ExampleFailure>,
}

/// One example that does not validate.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    /// The service and operation, when the page's operation was found.
    pub service: Option<String>,
    /// The operation's name.
    pub operation: Option<String>,
    /// `request`, `response 200`, or `unreadable`.
    pub example: String,
    /// `path:line` of the example (just the path for an unreadable one).
    pub source: String,
    /// What disagrees (and cannot be decoded).
    pub mismatches: Vec<String>,
    /// What disagrees but is decoded anyway by tolerant decoding.
    pub coerced: Vec<String>,
}

/// The examples of one page, as [`crate::load_services_with_examples`] keeps them: the page's
/// path (as the operations' sources name it), the JSON examples it shows, and what it shows
/// that could not be read as JSON.
#[derive(Debug, Clone)]
pub struct PageExamples {
    /// The page's path.
    pub file: PathBuf,
    /// Its JSON examples ([`crate::PageResult::examples`]).
    pub examples: Vec<PageExample>,
    /// Its `invalid-json-example` diagnostics: examples that count as failures.
    pub unreadable: Vec<Diagnostic>,
}

impl PageExamples {
    /// Takes the examples out of a parsed page (and copies its unreadable-example diagnostics).
    pub fn take(file: PathBuf, page: &mut crate::PageResult) -> Self {
        PageExamples {
            file,
            examples: std::mem::take(&mut page.examples),
            unreadable: page
                .diagnostics
                .iter()
                .filter(|d| d.code == "invalid-json-example")
                .cloned()
                .collect(),
        }
    }
}

/// Checks every example of `pages` against the operation of `services` built from that page.
pub fn check(services: &[Service], pages: &[PageExamples]) -> ExampleCheck {
    let mut by_file: HashMap<&Path, (&Service, &Operation)> = HashMap::new();
    for s in services {
        for op in &s.operations {
            for src in &op.sources {
                by_file.insert(Path::new(&src.file), (s, op));
            }
        }
    }
    let mut out = ExampleCheck::default();
    for page in pages {
        let found = by_file.get(page.file.as_path());
        for d in &page.unreadable {
            out.total += 1;
            out.failures.push(ExampleFailure {
                service: found.map(|f| f.0.name.clone()),
                operation: found.map(|f| f.1.name.clone()),
                example: "unreadable".into(),
                source: format!("{}:{}", page.file.display(), d.line),
                mismatches: vec![d.message.clone()],
                coerced: Vec::new(),
            });
        }
        let Some((service, op)) = found else { continue };
        for ex in &page.examples {
            let schema = match ex.status {
                None => op.request_body.as_ref(),
                Some(code) => op.responses.get(&code).and_then(|r| r.body.as_ref()),
            };
            let Some(schema) = schema else { continue };
            out.total += 1;
            let (coerced, wrong): (Vec<_>, Vec<_>) = crate::infer::check_example(schema, &ex.value)
                .into_iter()
                .filter(|m| m.wrong_type)
                .partition(|m| m.decodes);
            out.exact += usize::from(wrong.is_empty() && coerced.is_empty());
            if wrong.is_empty() {
                out.valid += 1;
            } else {
                out.failures.push(ExampleFailure {
                    service: Some(service.name.clone()),
                    operation: Some(op.name.clone()),
                    example: ex
                        .status
                        .map_or("request".to_string(), |c| format!("response {c}")),
                    source: format!("{}:{}", page.file.display(), ex.line),
                    mismatches: wrong.into_iter().map(|m| m.message).collect(),
                    coerced: coerced.into_iter().map(|m| m.message).collect(),
                });
            }
        }
    }
    out
}
