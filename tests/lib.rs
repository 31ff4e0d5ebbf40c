//! Helpers shared by the workspace-level tests.

use std::path::PathBuf;

pub mod fidelity;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The variable that lets the tests needing `../shared` pass without it: `1` skips them (and
/// says how many were skipped); unset, a missing `../shared` fails them.
pub const SKIP_SHARED_VAR: &str = "HUAWEICLOUD_SDK_SKIP_SHARED";

/// `../shared` beside the workspace (the oracle, the corpus, the scorer). When it is absent, a
/// test that needs it fails, unless `HUAWEICLOUD_SDK_SKIP_SHARED=1`: then this returns `None`
/// and the test returns, after a line on standard error that libtest does not capture, naming
/// `check` and counting the checks this test binary skipped so far.
pub fn shared_dir(check: &str) -> Option<PathBuf> {
    let parent = workspace_root().join("..");
    let dir = parent.canonicalize().unwrap_or(parent).join("shared");
    if dir.is_dir() {
        return Some(dir);
    }
    skip_or_fail(check, &dir);
    None
}

/// Fails (`../shared` at `dir` is absent) unless `HUAWEICLOUD_SDK_SKIP_SHARED=1`; then reports
/// the skip of `check` past libtest's capture.
#[track_caller]
pub fn skip_or_fail(check: &str, dir: &std::path::Path) {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SKIPPED: AtomicUsize = AtomicUsize::new(0);
    if std::env::var(SKIP_SHARED_VAR).as_deref() != Ok("1") {
        panic!(
            "{} is absent, and `{check}` needs it (the official SDK's oracle, the corpus and \
             the scorer); put it beside the workspace, or set {SKIP_SHARED_VAR}=1 to skip the \
             checks that need it",
            dir.display()
        );
    }
    let n = SKIPPED.fetch_add(1, Ordering::SeqCst) + 1;
    let line = format!(
        "SKIPPED (../shared absent, {SKIP_SHARED_VAR}=1): {check} [{n} check{} skipped by this test binary so far]",
        if n == 1 { "" } else { "s" }
    );
    eprintln!("{line}");
    // Straight to the process's standard error: libtest captures only the print macros.
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Reads a TSV file with a header row into maps from column name to value.
pub fn read_tsv(path: &std::path::Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or("")
        .split('\t')
        .map(str::to_string)
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}
