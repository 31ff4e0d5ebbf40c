//! `sdk-fuzz` (run by `cargo xtask fuzz --seconds N`): a bounded fuzz loop on the stable
//! toolchain, over two targets, for a fixed time, deterministic from `--seed`:
//!
//! * `pages`: [`docparse::parse_page`] on mutations of reference pages: the seeds and
//!   imported pages of `spec-docs/`, and a sample of `../shared/corpus/pages` when present.
//!   It must never panic.
//! * `decode`: the runtime's decoding of a response (`decode_output::<Output, Error>` of
//!   [`huaweicloud_sdk_core::operation`]) for every operation of the seed services' crates
//!   (roma, cce, elb: 214 operations), on mutations of the pages' JSON examples and on built
//!   hostile bodies (deep nesting, huge numbers, duplicate keys, controls, binary), with
//!   success and error statuses. It must never panic, and what an error shows of the body
//!   must be bounded and printable.
//!
//! A panic is minimised (ranges removed while the same panic remains) and saved under
//! `--out` (`target/fuzz-failures/`) as `<target>-<hash>.bin` with a `.txt` beside it saying
//! what failed and how to replay it (`--replay FILE`). An abort (a stack overflow) cannot be
//! caught: the input being run is written to `<out>/crash-input.bin` by a signal handler, and
//! the process dies with the signal (the xtask reports it). A case that runs longer than
//! `--case-timeout` (60 s) is a hang: a watchdog saves it as `hang-<target>-<hash>.bin` and
//! ends the run. Cases run on a thread with a 2 MiB stack, the size of a tokio worker's.

mod mutate;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Parser;
use huaweicloud_sdk_core::operation::{decode_output, Operation};
use huaweicloud_sdk_core::response::RawResponse;
use huaweicloud_sdk_core::SdkError;

use mutate::{hostile_json, mutate, Kind, Rng};

/// Decodes a response as one operation's output (or error) and checks what errors show.
type Decoder = fn(&RawResponse) -> Result<(), String>;

/// The operations, from build.rs (deprecated ones included: they are decoded too).
#[allow(deprecated)]
mod operations {
    use super::{decode, Decoder};
    include!(concat!(env!("OUT_DIR"), "/operations.rs"));
}
use operations::OPERATIONS;

#[derive(Parser)]
#[command(
    name = "sdk-fuzz",
    about = "Bounded fuzzing of the page parser and response decoding"
)]
struct Args {
    /// How long to fuzz, in seconds (split between the targets).
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Seed of the random source (default: from the clock; printed, to repeat a run).
    #[arg(long)]
    seed: Option<u64>,
    /// Only this target (`pages` or `decode`).
    #[arg(long)]
    target: Option<String>,
    /// The spec folder (seeds and imported pages).
    #[arg(long, default_value = "spec-docs")]
    spec: PathBuf,
    /// The corpus of real pages (skipped, with a note, when absent).
    #[arg(long, default_value = "../shared/corpus/pages")]
    corpus: PathBuf,
    /// How many corpus pages to seed from (a random sample).
    #[arg(long, default_value_t = 600)]
    corpus_sample: usize,
    /// Where failures are saved.
    #[arg(long, default_value = "target/fuzz-failures")]
    out: PathBuf,
    /// A case running longer than this many seconds is a failure (a hang): its input is
    /// saved as `hang-<target>-<hash>.bin` and the run stops.
    #[arg(long, default_value_t = 60)]
    case_timeout: u64,
    /// Run one saved input (its `.txt` beside it says the target) and exit.
    #[arg(long)]
    replay: Option<PathBuf>,
}

/// One input of a target.
#[derive(Clone)]
enum Input {
    Page {
        name: String,
        bytes: Vec<u8>,
    },
    Decode {
        op: usize,
        status: u16,
        body: Vec<u8>,
    },
}

impl Input {
    fn bytes(&self) -> &[u8] {
        match self {
            Input::Page { bytes, .. } => bytes,
            Input::Decode { body, .. } => body,
        }
    }

    fn with_bytes(&self, bytes: Vec<u8>) -> Input {
        match self {
            Input::Page { name, .. } => Input::Page {
                name: name.clone(),
                bytes,
            },
            Input::Decode { op, status, .. } => Input::Decode {
                op: *op,
                status: *status,
                body: bytes,
            },
        }
    }

    fn target(&self) -> &'static str {
        match self {
            Input::Page { .. } => "pages",
            Input::Decode { .. } => "decode",
        }
    }

    fn describe(&self) -> String {
        match self {
            Input::Page { name, .. } => format!("target = \"pages\"\npage = {name:?}\n"),
            Input::Decode { op, status, .. } => {
                let (krate, module, _, _) = OPERATIONS[*op];
                format!(
                    "target = \"decode\"\noperation = \"{krate}::{module}::{}\"\nstatus = {status}\n",
                    operation_name(*op)
                )
            }
        }
    }
}

fn operation_name(op: usize) -> &'static str {
    OPERATIONS[op].2
}

fn raw(status: u16, body: Vec<u8>) -> RawResponse {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-request-id", http::HeaderValue::from_static("fuzz-1"));
    RawResponse {
        status: http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK),
        headers,
        body: bytes::Bytes::from(body),
        request_id: Some("fuzz-1".into()),
        attempts: 1,
    }
}

/// What an error shows of a body must be bounded and printable.
fn check_shown(text: &str, max: usize, what: &str) -> Result<(), String> {
    if text.len() > max {
        return Err(format!("{what} is {} bytes (at most {max})", text.len()));
    }
    if let Some(c) = text
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(format!("{what} holds the control character {c:?}"));
    }
    Ok(())
}

fn decode<O: Operation>(raw: &RawResponse) -> Result<(), String> {
    match decode_output::<O::Output, O::Error>(O::INFO, raw) {
        Ok(_) => Ok(()),
        Err(e) => {
            let shown = e.to_string();
            let debug = format!("{e:?}");
            if shown.contains('\0') || debug.contains('\0') {
                return Err("an error shows a NUL byte".into());
            }
            match &e {
                SdkError::Decode {
                    body_snippet,
                    status,
                    request_id,
                    ..
                } => {
                    check_shown(body_snippet, 256 + 3, "a decode error's snippet")?;
                    if *status != raw.status.as_u16() || request_id.as_deref() != Some("fuzz-1") {
                        return Err("a decode error lost the status or request id".into());
                    }
                }
                SdkError::Service { meta, .. } => {
                    check_shown(&meta.error_msg, 2048 * 3 + 3, "a service error's message")?;
                    if meta.status != raw.status.as_u16() {
                        return Err("a service error lost the status".into());
                    }
                }
                other => return Err(format!("unexpected error kind: {other}")),
            }
            Ok(())
        }
    }
}

/// Runs one input; `Err` is a failure (a panic, or a broken invariant), with what happened.
fn run_one(input: &Input) -> Result<(), String> {
    CURRENT_PTR.store(input.bytes().as_ptr() as usize, Ordering::SeqCst);
    CURRENT_LEN.store(input.bytes().len(), Ordering::SeqCst);
    if let Ok(mut meta) = CASE_META.lock() {
        *meta = input.describe();
    }
    CASE_STARTED.store(now_ms(), Ordering::SeqCst);
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| match input {
        Input::Page { name, bytes } => {
            let page = docparse::parse_page(name, bytes);
            // The model must serialize (the export and snapshots do it).
            if let Some(op) = &page.operation {
                serde_json::to_string(op)
                    .map_err(|e| format!("the model does not serialize: {e}"))?;
            }
            Ok(())
        }
        Input::Decode { op, status, body } => {
            let (_, _, _, decoder) = OPERATIONS[*op];
            decoder(&raw(*status, body.clone()))
        }
    }));
    CASE_STARTED.store(0, Ordering::SeqCst);
    CURRENT_LEN.store(0, Ordering::SeqCst);
    match result {
        Ok(r) => r,
        Err(_) => Err(format!(
            "panic: {}",
            PANIC.lock().unwrap().take().unwrap_or_default()
        )),
    }
}

static PANIC: Mutex<Option<String>> = Mutex::new(None);
static CURRENT_PTR: AtomicUsize = AtomicUsize::new(0);
static CURRENT_LEN: AtomicUsize = AtomicUsize::new(0);
static CRASH_FD: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);
/// Milliseconds since [`EPOCH`] when the running case started (0: none running).
static CASE_STARTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
/// What the running case is (its `.txt`), for the watchdog.
static CASE_META: Mutex<String> = Mutex::new(String::new());
static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

fn now_ms() -> u64 {
    EPOCH.get_or_init(Instant::now).elapsed().as_millis() as u64 + 1
}

/// Watches the running case: one that runs past `limit` is saved (the input is alive while
/// it runs) and the process exits with status 1.
fn start_watchdog(out: PathBuf, limit: Duration) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(500));
        let started = CASE_STARTED.load(Ordering::SeqCst);
        if started == 0 || now_ms().saturating_sub(started) < limit.as_millis() as u64 {
            continue;
        }
        let (ptr, len) = (
            CURRENT_PTR.load(Ordering::SeqCst),
            CURRENT_LEN.load(Ordering::SeqCst),
        );
        // SAFETY: the case thread is inside `run_one`, which keeps the input alive and
        // unchanged until it returns; it has not returned (CASE_STARTED is still set).
        let bytes = unsafe { std::slice::from_raw_parts(ptr as *const u8, len) }.to_vec();
        let meta = CASE_META.lock().map(|m| m.clone()).unwrap_or_default();
        let target = if meta.contains("\"decode\"") {
            "decode"
        } else {
            "pages"
        };
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in &bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        let path = out.join(format!("hang-{target}-{hash:016x}.bin"));
        let _ = std::fs::write(&path, &bytes);
        let _ = std::fs::write(
            path.with_extension("txt"),
            format!(
                "{meta}failure = \"hang: the case ran longer than {} s\"\nreplay = \"cargo xtask fuzz --replay {}\"\n",
                limit.as_secs(),
                path.display()
            ),
        );
        let _ = std::fs::remove_file(out.join("crash-input.bin"));
        eprintln!(
            "fuzz: {target} FAILED: a case ran longer than {} s (a hang); saved {} ({len} bytes)",
            limit.as_secs(),
            path.display()
        );
        std::process::exit(1);
    });
}

/// On an abort (Rust aborts after a stack overflow), writes the input being run to the
/// pre-opened crash file, then lets the abort go on.
extern "C" fn on_abort(_: libc::c_int) {
    let fd = CRASH_FD.load(Ordering::SeqCst);
    let (ptr, len) = (
        CURRENT_PTR.load(Ordering::SeqCst),
        CURRENT_LEN.load(Ordering::SeqCst),
    );
    if fd >= 0 && len > 0 {
        // SAFETY: async-signal-safe calls; the input outlives the case being run.
        unsafe {
            libc::ftruncate(fd, 0);
            libc::pwrite(fd, ptr as *const libc::c_void, len, 0);
            libc::fsync(fd);
        }
    }
}

fn install_crash_handler(out: &Path) -> anyhow::Result<()> {
    use std::os::fd::IntoRawFd;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(out.join("crash-input.bin"))?;
    CRASH_FD.store(file.into_raw_fd(), Ordering::SeqCst);
    // SAFETY: installs a handler that only makes async-signal-safe calls.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_abort as extern "C" fn(libc::c_int) as usize;
        action.sa_flags = libc::SA_ONSTACK | libc::SA_RESETHAND;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGABRT, &action, std::ptr::null_mut());
    }
    Ok(())
}

/// Removes ranges of a failing input while the same failure remains (bounded in time).
fn minimise(input: &Input, failure: &str) -> Input {
    let deadline = Instant::now() + Duration::from_secs(30);
    let same = |candidate: &Input| match run_one(candidate) {
        Err(f) => first_line(&f) == first_line(failure),
        Ok(()) => false,
    };
    let mut best = input.clone();
    let mut chunk = best.bytes().len() / 2;
    while chunk >= 1 && Instant::now() < deadline {
        let mut i = 0;
        while i < best.bytes().len() && Instant::now() < deadline {
            let mut bytes = best.bytes().to_vec();
            let end = (i + chunk).min(bytes.len());
            bytes.drain(i..end);
            let candidate = best.with_bytes(bytes);
            if same(&candidate) {
                best = candidate;
            } else {
                i += chunk;
            }
        }
        chunk /= 2;
    }
    best
}

/// What makes two failures the same: the first line of the message without its numbers (a
/// panic's message names its place; a broken bound names the size).
fn first_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect()
}

fn save(out: &Path, input: &Input, failure: &str) -> anyhow::Result<PathBuf> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in input.bytes() {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let path = out.join(format!("{}-{hash:016x}.bin", input.target()));
    std::fs::write(&path, input.bytes())?;
    let mut meta = input.describe();
    meta.push_str(&format!(
        "failure = {:?}\nreplay = \"cargo xtask fuzz --replay {}\"\n",
        failure,
        path.display()
    ));
    std::fs::write(path.with_extension("txt"), meta)?;
    Ok(path)
}

#[derive(Default)]
struct Stats {
    cases: u64,
    busy: Duration,
    failures: BTreeMap<String, PathBuf>,
    slowest: (Duration, String),
}

fn page_seeds(args: &Args, rng: &mut Rng) -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    let read_dir = |dir: &Path, seeds: &mut Vec<(String, Vec<u8>)>| {
        let Ok(files) = docparse::page_files(&[dir.to_path_buf()]) else {
            return;
        };
        for f in files {
            if let Ok(bytes) = std::fs::read(&f) {
                seeds.push((f.display().to_string(), bytes));
            }
        }
    };
    read_dir(&args.spec, &mut seeds);
    let from_spec = seeds.len();
    if args.corpus.is_dir() {
        let mut corpus = Vec::new();
        read_dir(&args.corpus, &mut corpus);
        let total = corpus.len();
        // A sample, the same for one seed.
        for _ in 0..args.corpus_sample.min(total) {
            let i = rng.below(corpus.len());
            seeds.push(corpus.swap_remove(i));
        }
        eprintln!(
            "fuzz: pages seeded from {from_spec} pages of {} and {} of the {total} pages of {}",
            args.spec.display(),
            seeds.len() - from_spec,
            args.corpus.display()
        );
    } else {
        eprintln!(
            "fuzz: pages seeded from {from_spec} pages of {} ({} is absent: no corpus seeds)",
            args.spec.display(),
            args.corpus.display()
        );
    }
    seeds
}

/// Response examples (status, body) by operation name.
type Examples = BTreeMap<String, Vec<(u16, Vec<u8>)>>;

/// JSON examples of the fuzzed services' pages, by operation name, with their statuses; and
/// all of them.
fn body_seeds(pages: &[(String, Vec<u8>)]) -> (Examples, Vec<Vec<u8>>) {
    let mut by_op = Examples::new();
    let mut all = Vec::new();
    for (name, bytes) in pages {
        let in_scope = ["cce", "elb", "roma"]
            .iter()
            .any(|s| name.contains(&format!("/{s}/")));
        if !in_scope {
            continue;
        }
        let page = docparse::parse_page(name, bytes);
        let op_name = page
            .operation
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default();
        for ex in page.examples {
            let Some(status) = ex.status else { continue };
            let body = serde_json::to_vec(&ex.value).unwrap_or_default();
            all.push(body.clone());
            by_op
                .entry(op_name.clone())
                .or_default()
                .push((status, body));
        }
    }
    if all.is_empty() {
        all.push(b"{}".to_vec());
    }
    (by_op, all)
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    // Cases run on a thread with a tokio worker's stack size.
    let worker = std::thread::Builder::new()
        .name("fuzz".into())
        .stack_size(2 << 20)
        .spawn(move || run(args))
        .expect("spawn the fuzz thread");
    match worker.join() {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
        Err(_) => std::process::ExitCode::from(3),
    }
}

fn run(args: Args) -> anyhow::Result<std::process::ExitCode> {
    std::fs::create_dir_all(&args.out)?;
    std::panic::set_hook(Box::new(|info| {
        *PANIC.lock().unwrap() = Some(info.to_string());
    }));
    install_crash_handler(&args.out)?;
    start_watchdog(
        args.out.clone(),
        Duration::from_secs(args.case_timeout.max(1)),
    );
    if let Some(path) = &args.replay {
        return replay(path, &args.out);
    }
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    let mut rng = Rng::new(seed);
    let pages = page_seeds(&args, &mut rng);
    anyhow::ensure!(
        !pages.is_empty(),
        "no pages to seed from under {}",
        args.spec.display()
    );
    let (by_op, bodies) = body_seeds(&pages);
    let examples: usize = by_op.values().map(Vec::len).sum();
    eprintln!(
        "fuzz: decode of {} operations of cce, elb and roma, seeded from {examples} response examples; seed {seed}, {} s",
        OPERATIONS.len(),
        args.seconds
    );
    let targets: Vec<&str> = match args.target.as_deref() {
        None => vec!["pages", "decode"],
        Some(t @ ("pages" | "decode")) => vec![t],
        Some(other) => anyhow::bail!("unknown target `{other}` (pages, decode)"),
    };
    let statuses: &[u16] = &[200, 200, 201, 202, 204, 400, 401, 403, 404, 409, 500, 503];
    let mut stats: BTreeMap<&str, Stats> = targets.iter().map(|t| (*t, Stats::default())).collect();
    let start = Instant::now();
    let end = start + Duration::from_secs(args.seconds);
    let mut next_report = start + Duration::from_secs(30);
    while Instant::now() < end {
        // The target that has had the least time so far.
        let target = *targets
            .iter()
            .min_by_key(|t| stats[**t].busy)
            .expect("a target");
        let input = match target {
            "pages" => {
                let (name, bytes) = rng.pick(&pages);
                let (_, other) = rng.pick(&pages);
                let mut bytes = bytes.clone();
                mutate(&mut rng, &mut bytes, other, Kind::Page);
                Input::Page {
                    name: name.clone(),
                    bytes,
                }
            }
            _ => {
                let op = rng.below(OPERATIONS.len());
                let documented = by_op.get(operation_name(op)).filter(|_| rng.chance(2));
                let (status, mut body) = match documented {
                    Some(list) => rng.pick(list).clone(),
                    None => (*rng.pick(statuses), rng.pick(&bodies).clone()),
                };
                if rng.chance(8) {
                    body = hostile_json(&mut rng);
                } else {
                    let other = rng.pick(&bodies);
                    mutate(&mut rng, &mut body, other, Kind::Json);
                }
                let status = if rng.chance(4) {
                    *rng.pick(statuses)
                } else {
                    status
                };
                Input::Decode { op, status, body }
            }
        };
        let t0 = Instant::now();
        let result = run_one(&input);
        let took = t0.elapsed();
        let s = stats.get_mut(target).expect("stats");
        s.cases += 1;
        s.busy += took;
        if took > s.slowest.0 {
            s.slowest = (took, format!("{} bytes", input.bytes().len()));
        }
        if let Err(failure) = result {
            let key = first_line(&failure);
            if !s.failures.contains_key(&key) {
                eprintln!(
                    "fuzz: {target} FAILED: {failure}\nfuzz: minimising {} bytes ...",
                    input.bytes().len()
                );
                let small = minimise(&input, &failure);
                let path = save(&args.out, &small, &failure)?;
                eprintln!(
                    "fuzz: saved {} ({} bytes)",
                    path.display(),
                    small.bytes().len()
                );
                stats
                    .get_mut(target)
                    .expect("stats")
                    .failures
                    .insert(key, path);
            }
        }
        if Instant::now() >= next_report {
            next_report += Duration::from_secs(30);
            let line: Vec<String> = stats
                .iter()
                .map(|(t, s)| format!("{t} {} cases", s.cases))
                .collect();
            eprintln!(
                "fuzz: {:>4} s: {}",
                start.elapsed().as_secs(),
                line.join(", ")
            );
        }
    }
    let elapsed = start.elapsed();
    let mut out = std::io::stdout().lock();
    writeln!(out, "fuzz: {:.0} s, seed {seed}", elapsed.as_secs_f64())?;
    writeln!(
        out,
        "| target | cases | cases/s | failures | slowest case |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---|")?;
    let mut failed = 0;
    for (t, s) in &stats {
        let rate = s.cases as f64 / s.busy.as_secs_f64().max(1e-9);
        writeln!(
            out,
            "| {t} | {} | {rate:.0} | {} | {:.1} ms ({}) |",
            s.cases,
            s.failures.len(),
            s.slowest.0.as_secs_f64() * 1000.0,
            s.slowest.1
        )?;
        for (why, path) in &s.failures {
            writeln!(out, "  {}: {why}", path.display())?;
        }
        failed += s.failures.len();
    }
    // No abort happened: the crash file is not needed.
    let _ = std::fs::remove_file(args.out.join("crash-input.bin"));
    Ok(if failed > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    })
}

fn replay(path: &Path, out: &Path) -> anyhow::Result<std::process::ExitCode> {
    let bytes = std::fs::read(path)?;
    let meta = std::fs::read_to_string(path.with_extension("txt")).unwrap_or_default();
    let value = |key: &str| {
        meta.lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = ")))
            .map(|v| v.trim_matches('"').to_string())
    };
    let input = match value("target").as_deref() {
        Some("decode") => {
            let wanted = value("operation").unwrap_or_default();
            let op = (0..OPERATIONS.len())
                .find(|&i| {
                    let (k, m, _, _) = OPERATIONS[i];
                    format!("{k}::{m}::{}", operation_name(i)) == wanted
                })
                .ok_or_else(|| anyhow::anyhow!("no operation {wanted}"))?;
            let status = value("status").and_then(|s| s.parse().ok()).unwrap_or(200);
            Input::Decode {
                op,
                status,
                body: bytes,
            }
        }
        _ => Input::Page {
            name: value("page").unwrap_or_else(|| path.display().to_string()),
            bytes,
        },
    };
    let result = run_one(&input);
    let _ = std::fs::remove_file(out.join("crash-input.bin"));
    match result {
        Ok(()) => {
            println!("{}: passes", path.display());
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(f) => {
            println!("{}: {f}", path.display());
            Ok(std::process::ExitCode::from(1))
        }
    }
}
