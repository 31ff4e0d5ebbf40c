//! Fidelity floors: every service of `spec-docs/` and of `../shared/corpus` that has ground
//! truth (`../shared/huaweicloudDocs/groundtruth/<service>.json` for `spec-docs/`, which ships
//! those snapshots, `../shared/corpus/groundtruth/<service>.json` for the corpus; both from
//! the official SDK) is scored by
//! `../shared/conformance/score.py`, invoked exactly as `cargo xtask conformance` invokes it
//! (`--manifest MANIFEST.tsv --documented pages/ --quiet --json`), and its parameter,
//! request-field and response-field F1 must not fall below the floors recorded in
//! `tests/fidelity_floors.toml`. The test is `fidelity_holds_the_recorded_floors` in
//! `tests/corpus.rs` (it reuses the corpus that test binary loads once).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use apispec::Service;
use serde_json::Value;

/// The figures held to a floor, as `score.py`'s summary names them.
pub const METRICS: [&str; 3] = ["params_f1", "request_fields_f1", "response_fields_f1"];

/// Also held: the number of ground-truth operations the export matches (by method and path),
/// so that a service whose pages stop yielding its operations cannot keep its F1s by
/// matching nothing (an F1 over no operation is 1).
pub const MATCHED: &str = "matched";

/// The floors file, relative to the workspace root.
pub const FLOORS_FILE: &str = "tests/fidelity_floors.toml";

/// How the test prints the current figures of every service as the floors file records them.
pub const PRINT_COMMAND: &str =
    "cargo test -p sdk-tests --test corpus fidelity_holds_the_recorded_floors -- --nocapture";

/// Where a service comes from: `spec-docs` or `corpus` (a table of the floors file).
pub type Group = &'static str;

/// One service's scores: `score.py`'s summary (`matched`, `truth_operations`, the F1s...).
#[derive(Debug, Clone)]
pub struct Scored {
    /// `spec-docs` or `corpus`.
    pub group: Group,
    /// The service name (the ground truth file's stem).
    pub service: String,
    /// `score.py`'s `summary`.
    pub summary: Value,
}

impl Scored {
    /// A figure of [`METRICS`].
    pub fn figure(&self, metric: &str) -> f64 {
        self.summary[metric].as_f64().unwrap_or(0.0)
    }

    /// Ground-truth operations matched.
    pub fn matched(&self) -> u64 {
        self.summary[MATCHED].as_u64().unwrap_or(0)
    }
}

/// The corpus's paths the scorer needs.
#[derive(Debug, Clone)]
pub struct Scorer {
    /// `../shared/conformance/score.py`.
    pub script: PathBuf,
    /// `../shared/corpus/MANIFEST.tsv`.
    pub manifest: PathBuf,
    /// `../shared/corpus/pages` (for `--documented`).
    pub pages: PathBuf,
    /// `../shared/corpus/groundtruth`.
    pub groundtruth: PathBuf,
    /// A scratch folder for exports and score files.
    pub scratch: PathBuf,
    /// `../shared/huaweicloudDocs`: the manifest, pages and ground truth of the services
    /// `spec-docs/` ships (imported from there).
    pub docs: PathBuf,
}

impl Scorer {
    /// The scorer of `../shared` (at `shared`), writing into a fresh scratch folder.
    pub fn new(shared: &Path, scratch_name: &str) -> Scorer {
        let scratch = std::env::temp_dir().join(format!(
            "sdk-tests-fidelity-{}-{scratch_name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).expect("a scratch folder");
        Scorer {
            script: shared.join("conformance/score.py"),
            manifest: shared.join("corpus/MANIFEST.tsv"),
            pages: shared.join("corpus/pages"),
            groundtruth: shared.join("corpus/groundtruth"),
            scratch,
            docs: shared.join("huaweicloudDocs"),
        }
    }

    /// Scores one service against its ground truth; `None` when it has none.
    pub fn score(&self, group: Group, service: &Service) -> Option<Scored> {
        // spec-docs/ ships the huaweicloudDocs snapshots: scored against their manifest and
        // ground truth (the seed pages are in neither); the corpus against its own.
        let (manifest, pages, groundtruth) = if group == "spec-docs" {
            (
                self.docs.join("MANIFEST.tsv"),
                self.docs.clone(),
                self.docs.join("groundtruth"),
            )
        } else {
            (
                self.manifest.clone(),
                self.pages.clone(),
                self.groundtruth.clone(),
            )
        };
        let truth = groundtruth.join(format!("{}.json", service.name));
        if !truth.is_file() {
            return None;
        }
        let export = self.scratch.join(format!("{group}-{}.json", service.name));
        std::fs::write(
            &export,
            apispec::export::export_json(std::slice::from_ref(service)),
        )
        .expect("the export is written");
        let out_json = export.with_extension("score.documented.json");
        // The invocation of `cargo xtask conformance` (xtask/src/conformance.rs, `score`),
        // with `--documented`: the figures its table prints first.
        let out = Command::new("python3")
            .arg(&self.script)
            .arg(&export)
            .arg(&truth)
            .arg("--manifest")
            .arg(&manifest)
            .arg("--quiet")
            .arg("--json")
            .arg(&out_json)
            .arg("--documented")
            .arg(&pages)
            .output()
            .expect("python3 runs score.py");
        assert!(
            out.status.success(),
            "score.py failed on {}: {}",
            service.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&out_json).expect("score.py wrote its JSON");
        let doc: Value = serde_json::from_str(&text).expect("score.py's JSON");
        Some(Scored {
            group,
            service: service.name.clone(),
            summary: doc["summary"].clone(),
        })
    }

    /// Scores every service (a few `score.py` at a time), in order of group and name.
    pub fn score_all(&self, services: &[(Group, &Service)]) -> Vec<Scored> {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some((group, service)) = services.get(i) else {
                        return;
                    };
                    if let Some(s) = self.score(group, service) {
                        results.lock().unwrap().push(s);
                    }
                });
            }
        });
        let mut results = results.into_inner().unwrap();
        results.sort_by(|a, b| (a.group, &a.service).cmp(&(b.group, &b.service)));
        results
    }
}

impl Drop for Scorer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// The floors file: `[<group>.<service>]` tables of [`METRICS`].
pub type Floors = toml::Table;

/// Reads the floors file.
pub fn read_floors(path: &Path) -> Floors {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.parse::<Floors>()
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()))
}

/// The floors file's table of one service, written from its current figures.
pub fn floor_toml(scored: &Scored) -> String {
    let mut out = format!("[{}.{}]\n", scored.group, scored.service);
    out += &format!("{MATCHED} = {}\n", scored.matched());
    for m in METRICS {
        let f = scored.figure(m);
        // A float in TOML even when whole (`1.0`, not `1`).
        if f.fract() == 0.0 {
            out += &format!("{m} = {f:.1}\n");
        } else {
            out += &format!("{m} = {f}\n");
        }
    }
    out
}

/// What fails: a figure below its floor, a service without a floor, a floor without a
/// service. Empty when the floors hold.
pub fn check(scored: &[Scored], floors: &Floors) -> Vec<String> {
    let mut failures = Vec::new();
    let mut seen: BTreeMap<(String, String), ()> = BTreeMap::new();
    for s in scored {
        seen.insert((s.group.to_string(), s.service.clone()), ());
        let Some(floor) = floors
            .get(s.group)
            .and_then(|g| g.get(&s.service))
            .and_then(toml::Value::as_table)
        else {
            failures.push(format!(
                "{}/{}: no floor recorded; add its current figures to {FLOORS_FILE}:\n{}(`{PRINT_COMMAND}` prints every service's)",
                s.group,
                s.service,
                floor_toml(s)
            ));
            continue;
        };
        match floor.get(MATCHED).and_then(toml::Value::as_integer) {
            Some(min) if (s.matched() as i64) < min => failures.push(format!(
                "{}/{}: {MATCHED} fell to {} operations, below its floor {min}",
                s.group,
                s.service,
                s.matched()
            )),
            Some(_) => {}
            None => failures.push(format!(
                "{}/{}: {FLOORS_FILE} has no integer `{MATCHED}`",
                s.group, s.service
            )),
        }
        for m in METRICS {
            let Some(min) = floor
                .get(m)
                .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
            else {
                failures.push(format!(
                    "{}/{}: {FLOORS_FILE} has no number `{m}`",
                    s.group, s.service
                ));
                continue;
            };
            let got = s.figure(m);
            // score.py rounds to 4 decimals; a floor is a figure it printed.
            if got + 1e-9 < min {
                failures.push(format!(
                    "{}/{}: {m} fell to {got:.4}, below its floor {min:.4}",
                    s.group, s.service
                ));
            }
        }
    }
    for (group, table) in floors {
        let Some(table) = table.as_table() else {
            continue;
        };
        for service in table.keys() {
            if !seen.contains_key(&(group.clone(), service.clone())) {
                failures.push(format!(
                    "{group}/{service}: {FLOORS_FILE} has a floor, but no such service with ground truth was scored; remove it if the service is gone"
                ));
            }
        }
    }
    failures
}

/// One line per service: its figures, and its floors.
pub fn report(scored: &[Scored], floors: &Floors) -> String {
    let mut out = format!(
        "{:<20} {:>15}  {:>17}  {:>17}  {:>17}\n",
        "service", "matched ops", "params F1", "request F1", "response F1"
    );
    for s in scored {
        let floor = floors
            .get(s.group)
            .and_then(|g| g.get(&s.service))
            .and_then(toml::Value::as_table);
        let cell = |m: &str| {
            let min = floor
                .and_then(|f| f.get(m))
                .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
            match min {
                Some(min) => format!("{:.4} (>= {min:.4})", s.figure(m)),
                None => format!("{:.4} (no floor)", s.figure(m)),
            }
        };
        let min_matched = floor
            .and_then(|f| f.get(MATCHED))
            .and_then(toml::Value::as_integer);
        out += &format!(
            "{:<20} {:>15}  {:>17}  {:>17}  {:>17}\n",
            format!("{}/{}", s.group, s.service),
            match min_matched {
                Some(min) => format!(
                    "{}/{} (>= {min})",
                    s.matched(),
                    s.summary["truth_operations"]
                ),
                None => format!("{}/{}", s.matched(), s.summary["truth_operations"]),
            },
            cell("params_f1"),
            cell("request_fields_f1"),
            cell("response_fields_f1"),
        );
    }
    out
}

/// First line of the README's generated table of the shipped services.
pub const README_BEGIN: &str =
    "<!-- BEGIN shipped services: generated by tests/corpus.rs (README_UPDATE=1 rewrites it) -->";
/// Last line of that table.
pub const README_END: &str = "<!-- END shipped services -->";

/// The README's table of the services of `spec-docs/`: API versions, operations (and how many
/// are deprecated), and the figures against the official SDK that the floors hold.
pub fn readme_table(services: &[Service], scored: &[Scored]) -> String {
    let mut sorted: Vec<&Service> = services.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = String::from(
        "| service | crate | API versions | operations | deprecated | official SDK operations matched | parameter F1 | request-field F1 | response-field F1 |\n\
         |---|---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    let (mut ops_total, mut matched_total, mut truth_total) = (0, 0, 0);
    for svc in sorted {
        let versions = codegen::versions(svc);
        let ops: usize = versions.values().map(Vec::len).sum();
        let deprecated: usize = versions
            .values()
            .flatten()
            .filter(|op| op.deprecated.is_some())
            .count();
        ops_total += ops;
        let figures = scored
            .iter()
            .find(|s| s.group == "spec-docs" && s.service == svc.name);
        let cells = match figures {
            Some(s) => {
                let truth = s.summary["truth_operations"].as_u64().unwrap_or(0);
                matched_total += s.matched();
                truth_total += truth;
                let f = |m: &str| format!("{:.3}", s.figure(m));
                format!(
                    "{}/{} | {} | {} | {}",
                    s.matched(),
                    truth,
                    f(METRICS[0]),
                    f(METRICS[1]),
                    f(METRICS[2])
                )
            }
            None => "no ground truth | | | ".to_string(),
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            svc.name,
            codegen::crate_dir_name(svc),
            versions.keys().cloned().collect::<Vec<_>>().join(", "),
            ops,
            deprecated,
            cells
        ));
    }
    out.push_str(&format!(
        "| **all** | | | **{ops_total}** | | **{matched_total}/{truth_total}** | | | |\n"
    ));
    out
}

/// `readme` with its generated table replaced by `table`; `None` without the markers.
pub fn with_readme_table(readme: &str, table: &str) -> Option<String> {
    let start = readme.find(README_BEGIN)? + README_BEGIN.len();
    let end = readme[start..].find(README_END)? + start;
    Some(format!("{}\n{table}{}", &readme[..start], &readme[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(service: &str, figures: [f64; 3]) -> Scored {
        Scored {
            group: "corpus",
            service: service.into(),
            summary: serde_json::json!({
                "matched": 1, "truth_operations": 1,
                "params_f1": figures[0], "request_fields_f1": figures[1],
                "response_fields_f1": figures[2],
            }),
        }
    }

    fn floors(text: &str) -> Floors {
        text.parse().unwrap()
    }

    #[test]
    fn a_figure_below_its_floor_fails_and_at_or_above_passes() {
        let f = floors(
            "[corpus.vpc]\nmatched = 1\nparams_f1 = 0.9\nrequest_fields_f1 = 0.8\nresponse_fields_f1 = 1\n",
        );
        assert!(check(&[scored("vpc", [0.9, 0.85, 1.0])], &f).is_empty());
        let failures = check(&[scored("vpc", [0.9, 0.7999, 1.0])], &f);
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(failures[0]
            .contains("corpus/vpc: request_fields_f1 fell to 0.7999, below its floor 0.8000"));
        // Matching fewer operations fails too, whatever the F1s.
        let mut none = scored("vpc", [1.0, 1.0, 1.0]);
        none.summary["matched"] = 0.into();
        let failures = check(&[none], &f);
        assert!(
            failures[0].contains("matched fell to 0 operations, below its floor 1"),
            "{failures:?}"
        );
    }

    #[test]
    fn a_service_without_a_floor_fails_with_what_to_record() {
        let failures = check(&[scored("new", [1.0, 0.5, 0.25])], &floors(""));
        assert_eq!(failures.len(), 1);
        assert!(
            failures[0].contains("[corpus.new]\nmatched = 1\nparams_f1 = 1.0\nrequest_fields_f1 = 0.5\nresponse_fields_f1 = 0.25\n"),
            "{}",
            failures[0]
        );
        assert!(failures[0].contains(PRINT_COMMAND));
        // And a floor without its service.
        let failures = check(&[], &floors("[corpus.gone]\nparams_f1 = 1\n"));
        assert!(failures[0].contains("corpus/gone"), "{failures:?}");
    }

    /// `page` without the table captioned `caption` (the caption line up to its `</table>`).
    fn without_table(page: &str, caption: &str) -> String {
        let start = page.find(caption).expect("the caption is on the page");
        let end =
            start + page[start..].find("</table>").expect("the table ends") + "</table>".len();
        format!("{}{}", &page[..start], &page[end..])
    }

    /// The comparison catches a real loss: a scratch copy of `spec-docs/cce`, scored as the
    /// test scores `spec-docs/`, holds the recorded floor of `spec-docs.cce`; with the page's
    /// `UserPassword` sub-table removed (the request's table 6 and the response's table 12: the
    /// parser resolves a missing table from a same-named one elsewhere on the page) it does not.
    #[test]
    fn a_page_losing_a_sub_table_falls_below_its_floor() {
        let Some(shared) = crate::shared_dir("a page losing a sub-table falls below its floor")
        else {
            return;
        };
        let root = crate::workspace_root();
        let all = read_floors(&root.join(FLOORS_FILE));
        let cce = all["spec-docs"]["cce"].clone();
        let mut floors = Floors::new();
        floors.insert(
            "spec-docs".into(),
            toml::Value::Table(toml::Table::from_iter([("cce".to_string(), cce)])),
        );
        let scorer = Scorer::new(&shared, "scratch-page");
        let dir = scorer.scratch.join("pages/cce");
        std::fs::create_dir_all(&dir).unwrap();
        // The whole service: the imported RemoveNode page (节点移除.md) is the one that wins over
        // the older seed page, so that is the page to cut.
        let page_name = "节点移除.md";
        for entry in std::fs::read_dir(root.join("spec-docs/cce")).unwrap() {
            let entry = entry.unwrap();
            // Not the seed page: what the imported page loses, the older page would supply.
            if entry.path().is_file() && entry.file_name() != "remove-node.zh-cn.md" {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
            }
        }
        let score = || {
            let services = docparse::load_services(std::slice::from_ref(&dir)).unwrap();
            assert_eq!(services.len(), 1);
            scorer
                .score("spec-docs", &services[0])
                .expect("cce has ground truth")
        };
        let intact = score();
        assert!(intact.matched() >= 35, "{:?}", intact.summary);
        assert_eq!(check(&[intact], &floors), Vec::<String>::new());

        let page = std::fs::read_to_string(dir.join(page_name)).unwrap();
        let cut = without_table(&without_table(&page, "**表 6**"), "**表 12**");
        assert!(
            !cut.contains(r#"name="request_UserPassword""#)
                && !cut.contains(r#"name="response_UserPassword""#)
        );
        std::fs::write(dir.join(page_name), cut).unwrap();
        let failures = check(&[score()], &floors);
        println!("{}", failures.join("\n"));
        assert!(
            failures
                .iter()
                .any(|f| f.starts_with("spec-docs/cce: request_fields_f1 fell to")),
            "{failures:?}"
        );
        assert!(
            failures
                .iter()
                .any(|f| f.starts_with("spec-docs/cce: response_fields_f1 fell to")),
            "{failures:?}"
        );
    }
}
