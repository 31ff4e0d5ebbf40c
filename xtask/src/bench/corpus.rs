//! `cargo xtask bench codegen --corpus DIR`: the whole corpus end to end (export; codegen),
//! beside the raw floor: reading the same bytes and running html5ever (scraper) over every
//! table without building the model.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context;
use rayon::prelude::*;

use super::measure::{self, Usage};

/// Arguments of `cargo xtask bench codegen`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder of pages, one sub-folder per service.
    #[arg(long, default_value = "../shared/corpus/pages")]
    corpus: PathBuf,
    /// Runs of each phase; figures are medians.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Skip `cargo xtask codegen` on the corpus (it runs rustfmt once per generated file).
    #[arg(long)]
    skip_codegen: bool,
}

/// Arguments of the internal `bench phase`.
#[derive(clap::Args)]
pub struct PhaseArgs {
    /// `read`, `floor`, `parse`, `export`, or `slowest` (the ten slowest pages to parse).
    name: String,
    #[arg(long)]
    corpus: PathBuf,
    /// Rayon threads (1: one core).
    #[arg(long, default_value_t = 2)]
    threads: usize,
}

/// What a phase reports on its standard output (one line: `pages bytes items`).
struct Counts {
    pages: usize,
    bytes: usize,
    items: usize,
}

pub fn phase(args: PhaseArgs) -> anyhow::Result<()> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build_global()?;
    let files = docparse::page_files(std::slice::from_ref(&args.corpus))?;
    let counts = match args.name.as_str() {
        "read" => per_file(&files, |b| b.iter().filter(|&&c| c == b'<').count()),
        "floor" => per_file(&files, floor_tables),
        "slowest" => {
            // The pages that take longest to parse: one long page bounds the parallel wall time.
            let mut times: Vec<(f64, &PathBuf)> = files
                .iter()
                .map(|f| {
                    let b = std::fs::read(f).unwrap_or_default();
                    let t = std::time::Instant::now();
                    std::hint::black_box(docparse::parse_page("page.md", &b));
                    (t.elapsed().as_secs_f64(), f)
                })
                .collect();
            let total: f64 = times.iter().map(|t| t.0).sum();
            times.sort_by(|a, b| b.0.total_cmp(&a.0));
            eprintln!("parse total {total:.3} s");
            for (t, f) in times.iter().take(10) {
                eprintln!(
                    "{:8.1} ms {:5.1} % {}",
                    t * 1e3,
                    t / total * 100.0,
                    f.display()
                );
            }
            Counts {
                pages: files.len(),
                bytes: 0,
                items: 0,
            }
        }
        "parse" => per_file(&files, |b| {
            usize::from(docparse::parse_page("page.md", b).operation.is_some())
        }),
        "export" => {
            let bytes = files
                .iter()
                .map(|f| std::fs::metadata(f).map(|m| m.len() as usize))
                .sum::<Result<usize, _>>()?;
            let services = docparse::load_services(std::slice::from_ref(&args.corpus))?;
            let json = apispec::export::export_json(&services);
            std::hint::black_box(&json);
            Counts {
                pages: files.len(),
                bytes,
                items: services.iter().map(|s| s.operations.len()).sum(),
            }
        }
        other => anyhow::bail!("unknown phase {other:?}"),
    };
    println!("{} {} {}", counts.pages, counts.bytes, counts.items);
    Ok(())
}

/// Reads every file (in parallel when the pool has more than one thread) and sums `f`.
fn per_file(files: &[PathBuf], f: impl Fn(&[u8]) -> usize + Sync) -> Counts {
    let (bytes, items) = files
        .par_iter()
        .map(|p| {
            let b = std::fs::read(p).unwrap_or_default();
            (b.len(), f(&b))
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Counts {
        pages: files.len(),
        bytes,
        items,
    }
}

/// The floor: every `<table>…</table>` of a page through html5ever (scraper), visiting the
/// text of every cell. Returns the number of tables.
fn floor_tables(bytes: &[u8]) -> usize {
    static CELLS: std::sync::OnceLock<scraper::Selector> = std::sync::OnceLock::new();
    let cells = CELLS.get_or_init(|| scraper::Selector::parse("th, td").expect("selector"));
    let src = String::from_utf8_lossy(bytes);
    let mut rest: &str = &src;
    let mut tables = 0;
    while let Some(start) = rest.find("<table") {
        let Some(len) = rest[start..].find("</table>") else {
            break;
        };
        let end = start + len + "</table>".len();
        let doc = scraper::Html::parse_fragment(&rest[start..end]);
        let mut text = 0usize;
        for cell in doc.select(cells) {
            text += cell.text().map(str::len).sum::<usize>();
        }
        std::hint::black_box(text);
        tables += 1;
        rest = &rest[end..];
    }
    tables
}

struct Row {
    what: String,
    threads: usize,
    usage: Usage,
    counts: Option<(usize, usize, usize)>,
}

fn exe() -> anyhow::Result<PathBuf> {
    std::env::current_exe().context("locating the xtask binary")
}

fn measure_phase(corpus: &Path, name: &str, threads: usize, runs: usize) -> anyhow::Result<Row> {
    let mut usages = Vec::new();
    let mut counts = None;
    for _ in 0..runs {
        let (u, out) = measure::run_capture(
            Command::new(exe()?)
                .args(["bench", "phase", name, "--corpus"])
                .arg(corpus)
                .args(["--threads", &threads.to_string()])
                .stdout(Stdio::piped()),
        )?;
        let n: Vec<usize> = out
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect();
        if let [p, b, i] = n[..] {
            counts = Some((p, b, i));
        }
        usages.push(u);
    }
    Ok(Row {
        what: name.to_string(),
        threads,
        usage: measure::median_usage(&usages),
        counts,
    })
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let root = measure::workspace_root();
    let corpus = if args.corpus.is_absolute() {
        args.corpus.clone()
    } else {
        root.join(&args.corpus)
    };
    let corpus = corpus
        .canonicalize()
        .with_context(|| format!("corpus {}", corpus.display()))?;
    let runs = args.runs.max(1);
    eprintln!(
        "bench codegen: corpus {}, {runs} runs per phase, load average {}",
        corpus.display(),
        measure::load_average()
    );
    let mut rows = Vec::new();
    for (name, threads) in [
        ("read", 1),
        ("floor", 1),
        ("floor", 2),
        ("parse", 1),
        ("parse", 2),
        ("export", 1),
        ("export", 2),
    ] {
        eprintln!("  {name} ({threads} thread(s))...");
        rows.push(measure_phase(&corpus, name, threads, runs)?);
    }
    if !args.skip_codegen {
        let out = root.join("target/bench/codegen-corpus");
        let mut usages = Vec::new();
        for _ in 0..runs.min(3) {
            eprintln!("  cargo xtask codegen on the corpus...");
            let _ = std::fs::remove_dir_all(&out);
            usages.push(measure::run(
                Command::new(exe()?)
                    .arg("codegen")
                    .arg("--spec")
                    .arg(&corpus)
                    .arg("--out")
                    .arg(&out)
                    .current_dir(&root)
                    .stdout(Stdio::null()),
            )?);
        }
        let pages = rows[0].counts;
        rows.push(Row {
            what: "codegen (xtask codegen)".into(),
            threads: 2,
            usage: measure::median_usage(&usages),
            counts: pages.map(|(p, b, _)| (p, b, 0)),
        });
    }

    println!(
        "\n| phase | threads | wall s | CPU s | peak RSS MiB | pages/s | MB/s | count |\n|---|---|---|---|---|---|---|---|"
    );
    for r in &rows {
        let (pages, bytes, items) = r.counts.unwrap_or_default();
        println!(
            "| {} | {} | {:.3} | {:.3} | {:.1} | {:.0} | {:.1} | {} |",
            r.what,
            r.threads,
            r.usage.wall,
            r.usage.cpu,
            r.usage.peak_mib,
            pages as f64 / r.usage.wall,
            bytes as f64 / 1e6 / r.usage.wall,
            items
        );
    }
    let find =
        |what: &str, threads: usize| rows.iter().find(|r| r.what == what && r.threads == threads);
    if let (Some(floor), Some(export)) = (find("floor", 1), find("export", 2)) {
        println!(
            "\nexport (2 threads) / floor (1 thread): wall {:.2}x (goal <= 1), CPU {:.2}x (goal <= 2)",
            export.usage.wall / floor.usage.wall,
            export.usage.cpu / floor.usage.cpu
        );
    }
    if let (Some(floor), Some(export)) = (find("floor", 2), find("export", 2)) {
        println!(
            "export (2 threads) / floor (2 threads): wall {:.2}x, CPU {:.2}x",
            export.usage.wall / floor.usage.wall,
            export.usage.cpu / floor.usage.cpu
        );
    }
    println!("load average after: {}", measure::load_average());
    Ok(())
}
