//! `sync` on hostile input: a `service.toml` naming a crate outside `crates/`, symlinks in a
//! crate leading out, hand-written files where generated ones go, orphans with and without
//! the `@generated` header. Nothing outside the crate is written or removed, nothing it did
//! not write is overwritten or deleted, and each is reported.

mod common;

use std::path::{Path, PathBuf};

use codegen::sync::{sync, Mode, SyncError};
use codegen::GENERATED_HEADER;

/// ROMA Connect's seed service (one page: quick to generate), read alone.
fn roma() -> apispec::Service {
    let dir = common::workspace_root().join("spec-docs/roma");
    let mut services = docparse::load_services(&[dir]).expect("spec-docs/roma");
    assert_eq!(services.len(), 1);
    services.remove(0)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let kind = e.file_type().unwrap();
            if kind.is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_crate_name_that_leaves_the_output_folder_writes_nothing() {
    let dir = common::scratch_dir("escape");
    let crates = dir.join("crates");
    std::fs::create_dir_all(&crates).unwrap();
    for name in ["../escaped", "/tmp/absolute", "a/b", "..", ".hidden", ""] {
        let mut service = roma();
        service.crate_name = name.to_string();
        if name.is_empty() {
            service.name = "../up".into();
        }
        match sync(&[service], &crates, Mode::Write) {
            Err(SyncError::Unsafe(why)) => {
                assert!(why.contains("not a plain folder name"), "{why}")
            }
            other => panic!("{name:?}: expected Unsafe, got {other:?}"),
        }
    }
    assert!(files(&dir).is_empty(), "{:?}", files(&dir));
}

#[cfg(unix)]
#[test]
fn symlinks_hand_written_files_and_orphans_are_left_alone_and_reported() {
    let dir = common::scratch_dir("links");
    let crates = dir.join("crates");
    let service = roma();
    let krate = crates.join("huaweicloud-sdk-roma");
    // A first generation.
    let first = sync(std::slice::from_ref(&service), &crates, Mode::Write).unwrap();
    assert!(first.refused.is_empty(), "{first}");

    // `examples/` becomes a symlink to a folder outside, holding a generated-looking file.
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let bait = outside.join("old_example.rs");
    std::fs::write(&bait, format!("{GENERATED_HEADER}\nfn main() {{}}\n")).unwrap();
    std::fs::remove_dir_all(krate.join("examples")).unwrap();
    std::os::unix::fs::symlink(&outside, krate.join("examples")).unwrap();
    // `src/lib.rs` is replaced by a hand-written file; `Cargo.toml` by a link leading out.
    std::fs::write(krate.join("src/lib.rs"), "// mine\n").unwrap();
    let victim = dir.join("victim.toml");
    std::fs::write(&victim, "# not the generator's\n").unwrap();
    std::fs::remove_file(krate.join("Cargo.toml")).unwrap();
    std::os::unix::fs::symlink(&victim, krate.join("Cargo.toml")).unwrap();
    // Orphans: one generated (removed), one hand-written (kept, not even reported).
    std::fs::write(krate.join("src/gone.rs"), format!("{GENERATED_HEADER}\n")).unwrap();
    std::fs::write(krate.join("src/notes.rs"), "// my notes\n").unwrap();

    let check = sync(std::slice::from_ref(&service), &crates, Mode::Check).unwrap();
    let report = sync(std::slice::from_ref(&service), &crates, Mode::Write).unwrap();
    assert_eq!(
        check.refused, report.refused,
        "check reports what write refuses"
    );
    let shown = report.to_string();
    for needle in [
        "huaweicloud-sdk-roma/src/lib.rs: a file the generator did not write",
        "huaweicloud-sdk-roma/Cargo.toml: ",
        "examples/delete_backend_instance_v2.rs: ",
        "is a symlink; not written through",
        "orphaned: ",
    ] {
        assert!(shown.contains(needle), "{needle:?} not in\n{shown}");
    }
    assert!(!report.is_clean());
    assert_eq!(
        std::fs::read_to_string(krate.join("src/lib.rs")).unwrap(),
        "// mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "# not the generator's\n"
    );
    assert!(
        bait.exists(),
        "a generated-looking file behind a link is not removed"
    );
    assert_eq!(
        files(&outside),
        vec![bait.clone()],
        "nothing written outside"
    );
    assert!(
        !krate.join("src/gone.rs").exists(),
        "a generated orphan is removed"
    );
    assert!(
        krate.join("src/notes.rs").exists(),
        "a hand-written file is kept"
    );
    assert_eq!(report.orphaned, vec![krate.join("src/gone.rs")]);
}
