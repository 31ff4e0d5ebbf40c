//! `cargo xtask` as a user runs it: the real binary, on scratch folders.
//!
//! * `export`: the export JSON on standard output, diagnostics on standard error, exit 0;
//!   `--deny-warnings` exits 1 on a page with a warning, 0 on a clean one; an error (a page with
//!   no operation) exits 1 either way.
//! * `codegen --check` on a scratch copy of `spec-docs/` (`--spec`, `--out`): up to date after
//!   `codegen`; a stale and a missing file are listed and exit 1, and nothing is written.
//! * `render-text`: a folder of pages rendered as text under `--out`, parsing to the same
//!   operation; without `--out`, exit 2.
//! * `sign --vector`: a vector of `../shared/oracle/signer_vectors.json` per algorithm, signed
//!   as the official SDK signed it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("xtask runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A page of a synthetic service `demo`; `response` is its 200 example.
fn page(response: &str) -> String {
    format!(
        r#"# Deleting a Thing

## URI

DELETE /v1/{{project_id}}/things/{{thing_id}}

**Table 1** Path parameters

| Parameter | Mandatory | Type | Description |
|---|---|---|---|
| project_id | Yes | String | Project ID. |
| thing_id | Yes | String | Thing ID. |

**Table 2** Response body parameters

| Parameter | Type | Description |
|---|---|---|
| job_id | String | Job ID. |

## Example Responses

**Status code: 200**

```
{response}
```

## Status Codes

| Status Code | Description |
|---|---|
| 200 | OK |
"#
    )
}

#[test]
fn export_prints_the_model_and_deny_warnings_fails_on_a_warning() {
    let scratch = Scratch::new("export");
    let dir = scratch.0.join("demo");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("delete-thing.en-us.md");

    // A clean page: exit 0 with or without --deny-warnings, no diagnostic.
    std::fs::write(&file, page(r#"{"job_id": "j1"}"#)).unwrap();
    for args in [
        &["export", "demo"][..],
        &["export", "--deny-warnings", "demo"],
    ] {
        let out = xtask(args, &scratch.0);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let op = &json["operations"][0];
        assert_eq!(op["name"], "DeleteThing");
        assert_eq!(op["method"], "DELETE");
        assert_eq!(op["path"], "/v1/{project_id}/things/{thing_id}");
        assert_eq!(op["params"].as_array().map(Vec::len), Some(2), "{op}");
        assert_eq!(
            op["responses"]["200"]["fields"][0]["name"], "job_id",
            "{op}"
        );
        assert_eq!(json["diagnostics"], serde_json::json!([]));
    }

    // A trailing comma in the example: a warning, on standard error and in the document.
    std::fs::write(&file, page(r#"{"job_id": "j1",}"#)).unwrap();
    let out = xtask(&["export", "demo"], &scratch.0);
    assert_eq!(
        code(&out),
        0,
        "a warning alone does not fail: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("demo/delete-thing.en-us.md:")
            && err.contains("warning[repaired-json-example]"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["diagnostics"][0]["code"], "repaired-json-example");
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    let out = xtask(&["export", "--deny-warnings", "demo"], &scratch.0);
    assert_eq!(code(&out), 1, "--deny-warnings: {}", stderr(&out));
    assert!(!out.stdout.is_empty(), "the export is still printed");

    // A page that documents no operation (an overview, an appendix) is a reference page: no
    // operation, no error, exit 0, even with --deny-warnings.
    std::fs::write(dir.join("notes.md"), "# 附录\n\nNothing to see here.\n").unwrap();
    let out = xtask(&["export", "--deny-warnings", "demo/notes.md"], &scratch.0);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("error["), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        json["operations"].as_array().is_none_or(|o| o.is_empty()),
        "{json}"
    );

    // No path: a usage error.
    let out = xtask(&["export"], &scratch.0);
    assert_eq!(code(&out), 2);
}

#[test]
fn codegen_check_lists_stale_and_missing_files_and_writes_nothing() {
    let scratch = Scratch::new("codegen");
    copy_dir(&workspace_root().join("spec-docs"), &scratch.0.join("spec"));
    let args = ["codegen", "--spec", "spec", "--out", "crates"];
    let check = ["codegen", "--check", "--spec", "spec", "--out", "crates"];

    let out = xtask(&args, &scratch.0);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = xtask(&check, &scratch.0);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("up to date"), "{}", stderr(&out));

    let crates = scratch.0.join("crates");
    let stale = crates.join("huaweicloud-sdk-cce/src/lib.rs");
    let edited = std::fs::read_to_string(&stale).unwrap() + "// edited by hand\n";
    std::fs::write(&stale, &edited).unwrap();
    let missing = crates.join("huaweicloud-sdk-elb/src/lib.rs");
    std::fs::remove_file(&missing).unwrap();

    let out = xtask(&check, &scratch.0);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("stale: crates/huaweicloud-sdk-cce/src/lib.rs"),
        "{err}"
    );
    assert!(
        err.contains("missing: crates/huaweicloud-sdk-elb/src/lib.rs"),
        "{err}"
    );
    assert!(err.contains("run `cargo xtask codegen`"), "{err}");
    // --check wrote nothing.
    assert_eq!(std::fs::read_to_string(&stale).unwrap(), edited);
    assert!(!missing.exists());

    // A page edit makes the generated files stale too.
    let page = scratch
        .0
        .join("spec/roma/delete-vpc-channel-backend.en-us.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("Backend instance object ID.", "Member ID."),
    )
    .unwrap();
    let out = xtask(&check, &scratch.0);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("stale: crates/huaweicloud-sdk-roma/"),
        "{}",
        stderr(&out)
    );

    // `codegen` brings everything back.
    let out = xtask(&args, &scratch.0);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = xtask(&check, &scratch.0);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// `../shared/oracle/signer_vectors.json`, or `None` (and a visible line) when `../shared` is
/// absent and `HUAWEICLOUD_SDK_SKIP_SHARED=1`; absent otherwise fails (see the README).
fn signer_vectors() -> Option<serde_json::Value> {
    use std::io::Write;
    let parent = workspace_root().join("..");
    let shared = parent.canonicalize().unwrap_or(parent).join("shared");
    if !shared.is_dir() {
        if std::env::var("HUAWEICLOUD_SDK_SKIP_SHARED").as_deref() != Ok("1") {
            panic!(
                "{} is absent, and `xtask sign` is checked against its signer vectors; put it \
                 beside the workspace, or set HUAWEICLOUD_SDK_SKIP_SHARED=1 to skip the checks \
                 that need it",
                shared.display()
            );
        }
        let line = "SKIPPED (../shared absent, HUAWEICLOUD_SDK_SKIP_SHARED=1): xtask sign against the signer vectors [1 check skipped by this test binary so far]";
        eprintln!("{line}");
        let _ = writeln!(std::io::stderr().lock(), "{line}");
        return None;
    }
    let path = shared.join("oracle/signer_vectors.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Some(serde_json::from_str(&text).expect("the vectors are JSON"))
}

#[test]
fn sign_prints_what_the_official_sdk_signed() {
    let Some(doc) = signer_vectors() else {
        return;
    };
    let vectors = doc["vectors"].as_array().expect("a vectors array");
    let scratch = Scratch::new("sign");
    let mut algorithms: Vec<&str> = Vec::new();
    for v in vectors {
        let algorithm = v["algorithm"].as_str().unwrap_or("SDK-HMAC-SHA256");
        if algorithms.contains(&algorithm) {
            continue;
        }
        algorithms.push(algorithm);
        // The vector as given (with `expected`), and its input alone.
        let mut input = v.clone();
        input.as_object_mut().unwrap().remove("expected");
        for (i, file_body) in [v, &input].into_iter().enumerate() {
            let file = scratch
                .0
                .join(format!("vector-{}-{i}.json", algorithms.len()));
            std::fs::write(&file, serde_json::to_string(file_body).unwrap()).unwrap();
            let out = xtask(&["sign", "--vector", file.to_str().unwrap()], &scratch.0);
            assert_eq!(code(&out), 0, "{}: {}", v["name"], stderr(&out));
            let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            for key in [
                "canonical_request",
                "string_to_sign",
                "signed_headers",
                "authorization",
            ] {
                assert_eq!(got[key], v["expected"][key], "{}: {key}", v["name"]);
            }
        }
    }
    assert_eq!(
        algorithms.len(),
        3,
        "one vector of each algorithm: {algorithms:?}"
    );

    // The whole file is refused (one vector per call), and so is a file that is not JSON.
    let whole = scratch.0.join("all.json");
    std::fs::write(&whole, serde_json::to_string(&doc).unwrap()).unwrap();
    let out = xtask(&["sign", "--vector", whole.to_str().unwrap()], &scratch.0);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("pass a file with one vector"),
        "{}",
        stderr(&out)
    );
    let bad = scratch.0.join("bad.json");
    std::fs::write(&bad, "not json").unwrap();
    let out = xtask(&["sign", "--vector", bad.to_str().unwrap()], &scratch.0);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("as JSON"), "{}", stderr(&out));
}

/// `render-text`: every Markdown page under the folder given becomes `<out>/<path>.txt` in the
/// web site's text format (markup dropped, each table cell on its own line); the rendering
/// parses to the page's operation. Without `--out` it exits 2, writing nothing.
#[test]
fn render_text_writes_the_text_renderings_of_a_folder() {
    let scratch = Scratch::new("render-text");
    let pages = scratch.0.join("pages/demo");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("show.md"), page(r#"{"id": "x"}"#)).unwrap();
    std::fs::write(pages.join("LICENSE.md"), "licence\n").unwrap();
    let out = xtask(&["render-text", "pages", "--out", "text"], &scratch.0);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(scratch.0.join("text/demo/show.txt")).unwrap();
    assert!(!text.contains('<') && !text.contains("**"), "{text}");
    assert!(!scratch.0.join("text/demo/LICENSE.txt").exists());
    let md = docparse::parse_page("show.md", page(r#"{"id": "x"}"#).as_bytes());
    let txt = docparse::parse_page("show.txt", text.as_bytes());
    let op = |p: &docparse::PageResult| {
        p.operation
            .as_ref()
            .map(|o| (o.method.clone(), o.path.clone()))
    };
    assert!(op(&md).is_some());
    assert_eq!(op(&txt), op(&md), "{text}");

    let out = xtask(&["render-text", "pages"], &scratch.0);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("--out"), "{}", stderr(&out));
}
