//! `cargo xtask import`, run as the real binary on scratch copies in a temp dir.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const PAGES: &str = "cn.zh-cn/API参考";

/// Every file under `dir` (relative path → bytes).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A huaweicloudDocs-like checkout of service `demo`.
fn checkout(root: &Path) -> PathBuf {
    let src = root.join("demo");
    write(
        &src.join("SNAPSHOT.toml"),
        "repo = \"huaweicloudDocs/demo\"\ncommit = \"0123456789abcdef\"\ndate = \"2023-03-09\"\n",
    );
    write(
        &src.join("LICENSE.md"),
        "# Licence\n\nCC BY 4.0, modified.\n",
    );
    let pages = src.join(PAGES);
    write(
        &pages.join("节点移除.md"),
        "# 节点移除\n\nPUT /api/v3/projects/{project_id}/x\n",
    );
    write(
        &pages.join("创建节点.md"),
        "# 创建节点\n\nPOST /api/v3/projects/{project_id}/nodes\n",
    );
    write(
        &pages.join("错误码.md"),
        "# 错误码\n\n| 状态码 | 错误码 |\n",
    );
    write(&pages.join("附录.md"), "# 附录\n");
    write(&pages.join("figure/en-us_image_0001.png"), "not a page");
    src
}

/// A spec folder where service `demo` already has a seed page and a hand-edited service.toml.
fn spec(root: &Path) -> PathBuf {
    let spec = root.join("spec-docs");
    write(
        &spec.join("demo/remove-node.zh-cn.md"),
        "# 节点移除 (seed)\n\nPUT /api/v3/projects/{project_id}/x\n",
    );
    write(
        &spec.join("demo/service.toml"),
        "# Demo, by hand.\nname = \"demo\"\nendpoint_template = \"https://demo.{region}.example.com\"\n",
    );
    spec
}

fn import(args: &[&Path], spec: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("import")
        .args(args)
        .arg("--spec")
        .arg(spec)
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.is_empty() || !out.status.success(), "{stderr}");
    (out.status.success(), stdout + &stderr)
}

/// The `added`/`removed`/`changed` lines of a report.
fn listed(report: &str) -> Vec<String> {
    report
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.starts_with("wrote"))
        .collect()
}

#[test]
fn first_import_copies_pages_licence_and_provenance_and_keeps_the_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let src = checkout(tmp.path());
    let spec = spec(tmp.path());
    let before = tree(&spec.join("demo"));
    let (ok, report) = import(&[&src], &spec);
    assert!(ok, "{report}");
    assert!(
        report.starts_with(
            "demo (huaweicloudDocs/demo 01234567 2023-03-09): 4 added, 0 removed, 0 changed, 0 unchanged"
        ),
        "{report}"
    );
    let after = tree(&spec.join("demo"));
    for page in ["节点移除.md", "创建节点.md", "错误码.md", "附录.md"] {
        assert_eq!(
            after[Path::new(page)],
            std::fs::read(src.join(PAGES).join(page)).unwrap(),
            "{page} copied byte for byte"
        );
    }
    assert_eq!(
        after[Path::new("LICENSE.md")],
        std::fs::read(src.join("LICENSE.md")).unwrap()
    );
    assert!(!after.keys().any(|k| k.to_string_lossy().contains("png")));
    // The seed and the hand-written service.toml are as they were.
    for (k, v) in &before {
        assert_eq!(&after[k], v, "{} unchanged", k.display());
    }
    let provenance = String::from_utf8(after[Path::new("PROVENANCE.toml")].clone()).unwrap();
    assert!(
        provenance.contains("repo = \"huaweicloudDocs/demo\"")
            && provenance.contains("commit = \"0123456789abcdef\"")
            && provenance.contains("date = \"2023-03-09\"")
            && provenance.contains("page_count = 4")
            && provenance.contains("\"节点移除.md\" = \"")
            && !provenance.contains("remove-node"),
        "{provenance}"
    );
}

#[test]
fn unchanged_snapshot_leaves_the_tree_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let src = checkout(tmp.path());
    let spec = spec(tmp.path());
    assert!(import(&[&src], &spec).0);
    let before = tree(&spec);
    let (ok, report) = import(&[&src], &spec);
    assert!(ok, "{report}");
    assert_eq!(
        report,
        "demo (huaweicloudDocs/demo 01234567 2023-03-09): 0 added, 0 removed, 0 changed, 4 unchanged\n"
    );
    assert_eq!(tree(&spec), before);
    // --check agrees: nothing to do, exit 0.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["import", "--check", "--spec"])
        .arg(&spec)
        .arg(&src)
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn reimport_reports_exactly_the_removed_and_the_edited_page() {
    let tmp = tempfile::tempdir().unwrap();
    let src = checkout(tmp.path());
    let spec = spec(tmp.path());
    assert!(import(&[&src], &spec).0);
    std::fs::remove_file(src.join(PAGES).join("附录.md")).unwrap();
    write(
        &src.join(PAGES).join("节点移除.md"),
        "# 节点移除\n\nPUT /api/v3/projects/{project_id}/x\n\n（已更新）\n",
    );
    let before = tree(&spec);

    // --check reports and writes nothing.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["import", "--check", "--spec"])
        .arg(&spec)
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&spec), before);

    let (ok, report) = import(&[&src], &spec);
    assert!(ok, "{report}");
    assert!(
        report.starts_with("demo (huaweicloudDocs/demo 01234567 2023-03-09): 0 added, 1 removed, 1 changed, 2 unchanged"),
        "{report}"
    );
    assert_eq!(listed(&report), ["removed 附录.md", "changed 节点移除.md"]);
    let after = tree(&spec.join("demo"));
    assert!(!after.contains_key(Path::new("附录.md")));
    assert_eq!(
        after[Path::new("节点移除.md")],
        std::fs::read(src.join(PAGES).join("节点移除.md")).unwrap()
    );
    assert_eq!(
        after[Path::new("remove-node.zh-cn.md")],
        before[Path::new("demo/remove-node.zh-cn.md")],
        "the seed is never removed or changed"
    );
    let provenance = String::from_utf8(after[Path::new("PROVENANCE.toml")].clone()).unwrap();
    assert!(
        provenance.contains("page_count = 3") && !provenance.contains("附录"),
        "{provenance}"
    );
}

#[test]
fn service_toml_is_kept_when_hand_edited_and_created_when_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let src = checkout(tmp.path());
    let spec = spec(tmp.path());
    let hand = std::fs::read(spec.join("demo/service.toml")).unwrap();
    assert!(import(&[&src], &spec).0);
    assert_eq!(std::fs::read(spec.join("demo/service.toml")).unwrap(), hand);

    // A new service gets one with defaults, which docparse reads.
    let (ok, report) = import(&[&src], &tmp.path().join("fresh"));
    assert!(ok, "{report}");
    assert!(report.contains("wrote    service.toml"), "{report}");
    let created = std::fs::read_to_string(tmp.path().join("fresh/demo/service.toml")).unwrap();
    assert!(
        created.contains("name = \"demo\"")
            && created.contains("crate_name = \"huaweicloud-sdk-demo\"")
            && created.contains("endpoint_template = \"https://demo.{region}.myhuaweicloud.com\""),
        "{created}"
    );
    assert!(docparse::ServiceConfig::parse(&created).is_ok());
    // --service names the folder.
    let (ok, report) = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["import", "--service", "other", "--spec"])
        .arg(tmp.path().join("fresh"))
        .arg(&src)
        .output()
        .map(|o| (o.status.success(), String::from_utf8(o.stdout).unwrap()))
        .unwrap();
    assert!(ok && report.starts_with("other "), "{report}");
    assert!(tmp.path().join("fresh/other/节点移除.md").is_file());
}

#[test]
fn a_plain_folder_of_pages_is_a_source_too() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("pages/vpc");
    write(&src.join("a.md"), "# A\n");
    write(&src.join("b.en-us.txt"), "B\n");
    write(&src.join("notes.json"), "{}");
    let (ok, report) = import(&[&src], &tmp.path().join("spec"));
    assert!(ok, "{report}");
    assert!(
        report.starts_with("vpc: 2 added, 0 removed, 0 changed, 0 unchanged"),
        "{report}"
    );
    let provenance = std::fs::read_to_string(tmp.path().join("spec/vpc/PROVENANCE.toml")).unwrap();
    assert!(
        provenance.contains("source_dir = \".\"") && !provenance.contains("repo ="),
        "{provenance}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_source_are_refused_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let src = checkout(tmp.path());
    write(&tmp.path().join("secret.md"), "# not part of the docs\n");
    std::os::unix::fs::symlink(
        tmp.path().join("secret.md"),
        src.join(PAGES).join("泄露.md"),
    )
    .unwrap();
    // A link inside the source is an ordinary page.
    std::os::unix::fs::symlink("附录.md", src.join(PAGES).join("附录-别名.md")).unwrap();
    let spec = spec(tmp.path());
    let (ok, report) = import(&[&src], &spec);
    assert!(!ok, "a refused entry fails the import: {report}");
    assert!(
        report.contains("refused") && report.contains("泄露.md") && report.contains("outside"),
        "{report}"
    );
    assert!(!spec.join("demo/泄露.md").exists());
    assert_eq!(
        std::fs::read(spec.join("demo/附录-别名.md")).unwrap(),
        "# 附录\n".as_bytes()
    );
}

#[test]
fn a_source_page_never_overwrites_a_file_the_import_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let src = checkout(tmp.path());
    let spec = spec(tmp.path());
    write(
        &src.join(PAGES).join("remove-node.zh-cn.md"),
        "# another page of the same name\n",
    );
    let seed = std::fs::read(spec.join("demo/remove-node.zh-cn.md")).unwrap();
    let (ok, report) = import(&[&src], &spec);
    assert!(!ok, "{report}");
    assert!(report.contains("refused  remove-node.zh-cn.md"), "{report}");
    assert_eq!(
        std::fs::read(spec.join("demo/remove-node.zh-cn.md")).unwrap(),
        seed
    );
    // Still not owned: removing the page from the source does not remove the seed.
    std::fs::remove_file(src.join(PAGES).join("remove-node.zh-cn.md")).unwrap();
    let (ok, report) = import(&[&src], &spec);
    assert!(ok, "{report}");
    assert_eq!(listed(&report), Vec::<String>::new());
    assert_eq!(
        std::fs::read(spec.join("demo/remove-node.zh-cn.md")).unwrap(),
        seed
    );
}

/// The committed `spec-docs/<service>/` of every imported service is what an import of the
/// shared snapshot gives: a re-import changes nothing, and the seeds are the received bytes.
#[test]
fn committed_spec_docs_match_their_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let docs = root.join("../shared/huaweicloudDocs");
    if !docs.is_dir() {
        eprintln!("note: ../shared is absent; skipping");
        return;
    }
    let spec = root.join("spec-docs");
    let mut checked = 0;
    for entry in std::fs::read_dir(&spec).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(provenance) = std::fs::read_to_string(dir.join("PROVENANCE.toml")) else {
            continue;
        };
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        assert!(provenance.contains(&format!("repo = \"huaweicloudDocs/{name}\"")));
        let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["import", "--check", "--spec"])
            .arg(&spec)
            .arg(docs.join(&name))
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name} is stale:\n{report}");
        checked += 1;
    }
    eprintln!("{checked} imported services match their snapshots");
    let seeds = root.join("../shared/seeds");
    for (seed, page) in [
        (
            "000_aca717fc54c861e5.txt",
            "elb/remove-backend-ecss.zh-cn.md",
        ),
        (
            "001_081cf592f84f9f53.txt",
            "elb/remove-backend-ecss.en-us.md",
        ),
        ("002_f861e63ce8c17534.txt", "elb/add-backend-ecss.zh-cn.md"),
        (
            "003_5b2560ed9dea1a99.txt",
            "roma/delete-vpc-channel-backend.en-us.txt",
        ),
        ("004_58cdbf88678b4752.txt", "cce/remove-node.zh-cn.md"),
    ] {
        assert_eq!(
            std::fs::read(spec.join(page)).unwrap(),
            std::fs::read(seeds.join(seed)).unwrap(),
            "{page} is the seed {seed}, byte for byte"
        );
    }
}

/// Every file under `dir` except those under `except`, following no symlink (a link is listed
/// with its target).
fn tree_outside(dir: &Path, except: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, except: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.starts_with(except) {
                continue;
            }
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(p, target.to_string_lossy().into_owned().into_bytes());
            } else if meta.is_dir() {
                walk(&p, except, out);
            } else if meta.is_file() {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            } else {
                out.insert(p, b"<special>".to_vec());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, except, &mut out);
    out
}

/// A checkout that tries to make the import read and write outside: a page that is a symlink
/// to a FIFO outside (opening it would hang the import), one to a file outside, a page named
/// `..\..\escape.md`; and a service folder whose page is a symlink leading out and whose
/// `PROVENANCE.toml` lists `../../victim.md` and an absolute path. Nothing outside
/// `spec-docs/demo/` is read or written, nothing is written through a link, and each is
/// reported.
#[cfg(unix)]
#[test]
fn a_hostile_checkout_reads_and_writes_nothing_outside_the_service_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let src = checkout(tmp.path());
    let pages = src.join(PAGES);
    let fifo = tmp.path().join("outside.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    std::os::unix::fs::symlink(&fifo, pages.join("管道.md")).unwrap();
    write(
        &tmp.path().join("private.md"),
        "# PRIVATE-OUTSIDE-CONTENT\n",
    );
    std::os::unix::fs::symlink(tmp.path().join("private.md"), pages.join("泄露.md")).unwrap();
    std::os::unix::fs::symlink("../../../private.md", pages.join("相对.md")).unwrap();
    write(&pages.join("..\\..\\escape.md"), "# escape\n");
    write(&pages.join("..md"), "# dots\n");
    let spec = spec(tmp.path());
    // The service folder: a page that is a link leading out, a provenance reaching out.
    write(&tmp.path().join("victim.md"), "# VICTIM, must survive\n");
    write(
        &tmp.path().join("target.md"),
        "# TARGET, must not be overwritten\n",
    );
    std::os::unix::fs::symlink(tmp.path().join("target.md"), spec.join("demo/创建节点.md"))
        .unwrap();
    let abs = tmp.path().join("absolute.md");
    write(&abs, "# ABSOLUTE, must survive\n");
    write(
        &spec.join("demo/PROVENANCE.toml"),
        &format!(
            "source_dir = \".\"\npage_count = 2\n[pages]\n\"../../victim.md\" = \"0\"\n{:?} = \"0\"\n",
            abs.display().to_string()
        ),
    );
    let outside_before = tree_outside(tmp.path(), &spec.join("demo"));

    // The import runs in a child with a deadline: opening the FIFO would block it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("import")
        .arg(&src)
        .arg("--spec")
        .arg(&spec)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the import hung: it opened the FIFO outside the checkout");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "refused entries fail the import: {report}"
    );
    for (what, needle) in [
        ("the FIFO link", "管道.md: a symlink to"),
        ("the link to a file outside", "泄露.md: a symlink to"),
        ("the relative link out", "相对.md: a symlink to"),
        ("the `..` name", "escape.md: a name with `..`"),
        ("the dotted name", "..md: a name with `..`"),
        ("the provenance reaching up", "lists \"../../victim.md\""),
        (
            "the provenance's absolute path",
            "absolute.md\", a path, not a file name",
        ),
        ("the page that is a link", "创建节点.md: "),
    ] {
        assert!(report.contains(needle), "{what} is not reported:\n{report}");
    }
    // Nothing outside spec-docs/demo/ changed, nothing outside went in.
    assert_eq!(tree_outside(tmp.path(), &spec.join("demo")), outside_before);
    let imported = tree(&spec.join("demo"));
    for (path, bytes) in &imported {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("PRIVATE-OUTSIDE-CONTENT"),
            "{} holds it",
            path.display()
        );
    }
    assert!(
        is_link(&spec.join("demo/创建节点.md")),
        "the link was replaced"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("target.md")).unwrap(),
        "# TARGET, must not be overwritten\n"
    );
    // The ordinary pages still came in.
    assert!(spec.join("demo/节点移除.md").is_file());
    let provenance = std::fs::read_to_string(spec.join("demo/PROVENANCE.toml")).unwrap();
    assert!(
        !provenance.contains("victim") && !provenance.contains("absolute"),
        "{provenance}"
    );
}

#[cfg(unix)]
fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A `.git` that is a file (`gitdir: elsewhere`) is not asked: git would read outside.
#[test]
fn a_git_file_pointing_elsewhere_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let src = checkout(tmp.path());
    std::fs::remove_file(src.join("SNAPSHOT.toml")).unwrap();
    write(&src.join(".git"), "gitdir: /somewhere/else/.git\n");
    let spec = spec(tmp.path());
    let (ok, report) = import(&[&src], &spec);
    assert!(!ok, "{report}");
    assert!(
        report.contains(".git: not a folder of the checkout"),
        "{report}"
    );
}
