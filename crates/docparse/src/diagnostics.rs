//! The one table of diagnostic codes, and the sinks that collect them.
//!
//! Every diagnostic the crate emits is a [`Code`]: its stable name (`unknown-type`), its
//! severity and a one-line meaning. The README's table of codes is [`Code::markdown_table`]
//! (a test fails when the two differ). Stages never build a [`Diagnostic`] by hand: a page's
//! stages emit through a [`PageSink`], the service-level passes through a [`Sink`].

use apispec::{Diagnostic, Severity};

/// Every diagnostic the parser emits, one variant per row of the README's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// An operation page without a method line.
    NoMethodLine,
    /// A page with some operation sections, read as a page others lean on.
    NoMethodLineNote,
    /// A page showing a request line without the sections of an operation page.
    GuidePage,
    /// Two versions of one page are one operation.
    SupersededPage,
    /// `PROVENANCE.toml` does not parse.
    InvalidProvenance,
    /// `service.toml` does not parse.
    InvalidServiceToml,
    /// A `[[patch]]` names nothing present.
    PatchNotApplied,
    /// The page is not UTF-8.
    InvalidUtf8,
    /// A type cell that cannot be read.
    UnknownType,
    /// A type naming a table the page does not have.
    UnresolvedType,
    /// An example block that is not JSON even after repairs.
    InvalidJsonExample,
    /// An example that needed repairs.
    RepairedJsonExample,
    /// A GET/HEAD page showing a request body.
    BodyOnGet,
    /// An example value of another type than the table's.
    ExampleMismatch,
    /// An example field no table documents.
    ExampleUndocumentedField,
    /// An example spelling a table's field in the plural/singular.
    ExampleRenamesField,
    /// The Chinese and English pages of one operation disagree.
    TranslationMismatch,
    /// One API Explorer name on pages of different HTTP methods.
    SharedExplorerName,
    /// A derived operation name already taken in the API version.
    DuplicateOperationName,
    /// A method line's `{?` query template never closed.
    UnclosedQueryTemplate,
    /// A field typed as an array of objects that the page's example shows as one object.
    ArrayShownAsObject,
    /// A field said to be described on another page that the service does not have, or
    /// without the table or field named.
    UnresolvedPageRef,
    /// A reference to another page that leads back to a table being read.
    PageRefCycle,
}

impl Code {
    /// Every code, in the README's order.
    pub const ALL: [Code; 23] = [
        Code::NoMethodLine,
        Code::NoMethodLineNote,
        Code::GuidePage,
        Code::SupersededPage,
        Code::InvalidProvenance,
        Code::InvalidServiceToml,
        Code::PatchNotApplied,
        Code::InvalidUtf8,
        Code::UnknownType,
        Code::UnresolvedType,
        Code::InvalidJsonExample,
        Code::RepairedJsonExample,
        Code::BodyOnGet,
        Code::ExampleMismatch,
        Code::ExampleUndocumentedField,
        Code::ExampleRenamesField,
        Code::TranslationMismatch,
        Code::SharedExplorerName,
        Code::DuplicateOperationName,
        Code::UnclosedQueryTemplate,
        Code::ArrayShownAsObject,
        Code::UnresolvedPageRef,
        Code::PageRefCycle,
    ];

    /// The stable name diagnostics carry (`Diagnostic::code`).
    pub fn name(self) -> &'static str {
        self.row().0
    }

    /// How grave it is.
    pub fn severity(self) -> Severity {
        self.row().1
    }

    /// What it means, in one line.
    pub fn meaning(self) -> &'static str {
        self.row().2
    }

    fn row(self) -> (&'static str, Severity, &'static str) {
        use Severity::{Error, Note, Warning};
        match self {
            Code::NoMethodLine => ("no-method-line", Error, "a page built as an operation page (a `URI` section, with request or response sections or an API Explorer link) has no `METHOD /path` line (nor a method table, `PATH：`/`Method：` lines or a code block with one)"),
            Code::NoMethodLineNote => ("no-method-line", Note, "a page with some of those sections but not built as an operation page (a guide showing requests, an example scenario): read as a page operation pages lean on"),
            Code::GuidePage => ("guide-page", Note, "a page shows a request line but has none of the `URI`, request and response sections of an operation page (a guide, an example scenario): not an operation"),
            Code::SupersededPage => ("superseded-page", Note, "two versions of one page (same language, method, path and API Explorer name) are one operation; names the page used where they disagree"),
            Code::InvalidProvenance => ("invalid-provenance", Warning, "`PROVENANCE.toml` does not parse; imported pages are not told from the others"),
            Code::InvalidServiceToml => ("invalid-service-toml", Error, "`service.toml` does not parse; its line is given, the pages are still read"),
            Code::PatchNotApplied => ("patch-not-applied", Error, "a `[[patch]]` names an operation, parameter or field that is not there"),
            Code::InvalidUtf8 => ("invalid-utf8", Warning, "the page is not UTF-8; invalid bytes were replaced"),
            Code::UnknownType => ("unknown-type", Warning, "a type cell this parser cannot read (the example types the field, else any JSON)"),
            Code::UnresolvedType => ("unresolved-type", Warning, "a type names a table (`Foo object`, \"see Table 7\") the page does not have"),
            Code::InvalidJsonExample => ("invalid-json-example", Warning, "an example block is not JSON even after repairs"),
            Code::RepairedJsonExample => ("repaired-json-example", Warning, "an example needed repairs (comments, commas, quotes, full-width punctuation, unquoted keys or words, brackets left open)"),
            Code::BodyOnGet => ("body-on-get", Warning, "a GET/HEAD page shows a request example or body fields; a GET has no body, they are not used"),
            Code::ExampleMismatch => ("example-mismatch", Warning, "an example's value has another type than the table says; the table is kept"),
            Code::ExampleUndocumentedField => ("example-undocumented-field", Warning, "an example has a field no table documents; it is added as optional, typed from the example"),
            Code::ExampleRenamesField => ("example-renames-field", Warning, "the example spells a table's field in the plural/singular; the example's wire name is used"),
            Code::TranslationMismatch => ("translation-mismatch", Warning, "the Chinese and English pages of one operation disagree (type, required flag); names both pages"),
            Code::SharedExplorerName => ("shared-explorer-name", Warning, "pages of different HTTP methods carry one API Explorer name (a copied link); name them in `[operation_names]`"),
            Code::DuplicateOperationName => ("duplicate-operation-name", Warning, "a derived name was taken in the API version; the later operation gets a numbered name"),
            Code::UnclosedQueryTemplate => ("unclosed-query-template", Warning, "a method line's `{?` query template has no closing `}`; the names to the end of the line are read as query parameters"),
            Code::ArrayShownAsObject => ("array-shown-as-object", Note, "a type cell says an array of objects where the page's example shows one object; the example's object is read"),
            Code::UnresolvedPageRef => ("unresolved-page-ref", Warning, "a field no table of its page describes links to another page (`Other.md#table12`, \"响应中的volume参数\") that the service does not have, or that has no such table or field; the field is left as the page has it"),
            Code::PageRefCycle => ("page-ref-cycle", Note, "a field described on another page leads back to a table being read (a cycle across pages); the inner field is left as its page has it"),
        }
    }

    /// The code a diagnostic carries, if it is one of these.
    pub fn of(d: &Diagnostic) -> Option<Code> {
        Code::ALL
            .into_iter()
            .find(|c| c.name() == d.code && c.severity() == d.severity)
    }

    /// The README's table of codes (`| code | severity | meaning |`), one row per code.
    pub fn markdown_table() -> String {
        let mut out = String::from("| code | severity | meaning |\n|---|---|---|\n");
        for c in Code::ALL {
            let severity = match c.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            out.push_str(&format!(
                "| `{}` | {severity} | {} |\n",
                c.name(),
                c.meaning()
            ));
        }
        out
    }

    /// The diagnostic of this code at `file:line`.
    pub fn at(self, file: &str, line: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line,
            severity: self.severity(),
            code: self.name().to_string(),
            message: message.into(),
        }
    }
}

/// Where the service-level passes put their diagnostics.
#[derive(Debug, Default)]
pub struct Sink {
    list: Vec<Diagnostic>,
}

impl Sink {
    /// Emits `code` at `file:line`.
    pub fn emit(&mut self, code: Code, file: &str, line: u32, message: impl Into<String>) {
        self.list.push(code.at(file, line, message));
    }

    /// Takes diagnostics already built (a page's).
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(diagnostics);
    }

    /// What was emitted so far.
    pub fn list(&self) -> &[Diagnostic] {
        &self.list
    }

    /// Every diagnostic, in the order emitted.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    /// Every diagnostic, sorted, each once.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.list.sort();
        self.list.dedup();
        self.list
    }
}

/// Where one page's stages put their diagnostics: each diagnostic once (a table read for
/// every reference to it reports its rows once).
#[derive(Debug)]
pub struct PageSink<'a> {
    file: &'a str,
    list: Vec<Diagnostic>,
}

impl<'a> PageSink<'a> {
    /// A sink for the page `file`.
    pub fn new(file: &'a str) -> Self {
        PageSink {
            file,
            list: Vec::new(),
        }
    }

    /// The page's file.
    pub fn file(&self) -> &'a str {
        self.file
    }

    /// Emits `code` at `line` of the page, unless the same diagnostic is already there.
    pub fn emit(&mut self, code: Code, line: u32, message: impl Into<String>) {
        let d = code.at(self.file, line, message);
        if !self.list.contains(&d) {
            self.list.push(d);
        }
    }

    /// A point to go back to ([`PageSink::rollback`]).
    pub fn mark(&self) -> usize {
        self.list.len()
    }

    /// Forgets what was emitted since `mark` (a reading that was given up).
    pub fn rollback(&mut self, mark: usize) {
        self.list.truncate(mark);
    }

    /// The page's diagnostics, in the order emitted.
    pub fn take(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.list)
    }

    /// What was emitted so far.
    pub fn list(&self) -> &[Diagnostic] {
        &self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_rows_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(
                c.name()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch.is_ascii_digit()),
                "{c:?}"
            );
            assert!(seen.insert((c.name(), c.severity() as u8)), "{c:?}");
            assert_eq!(Code::of(&c.at("f", 1, "m")), Some(c));
        }
    }

    #[test]
    fn a_page_sink_keeps_each_diagnostic_once_and_rolls_back() {
        let mut s = PageSink::new("p.md");
        s.emit(Code::UnknownType, 3, "a");
        s.emit(Code::UnknownType, 3, "a");
        let mark = s.mark();
        s.emit(Code::UnresolvedType, 4, "b");
        s.rollback(mark);
        let list = s.take();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].severity, Severity::Warning);
        assert_eq!(list[0].file, "p.md");
    }

    /// The README's table of codes is this table.
    #[test]
    fn the_readme_lists_every_code() {
        let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
        let Ok(text) = std::fs::read_to_string(&readme) else {
            panic!("expected the workspace README at {}", readme.display());
        };
        const BEGIN: &str = "<!-- BEGIN diagnostic codes: generated from docparse::diagnostics::Code (README_UPDATE=1 rewrites it) -->\n";
        const END: &str = "<!-- END diagnostic codes -->";
        let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
            panic!("expected the README's table of codes between {BEGIN:?} and {END:?}");
        };
        let table = Code::markdown_table();
        let current = &text[b + BEGIN.len()..e];
        if current != table {
            if std::env::var_os("README_UPDATE").is_some() {
                let updated = format!("{}{table}{}", &text[..b + BEGIN.len()], &text[e..]);
                std::fs::write(&readme, updated).expect("README written");
                return;
            }
            panic!("the README's table of diagnostic codes is stale (README_UPDATE=1 rewrites it); expected:\n{table}");
        }
    }
}
