//! `cargo xtask bench request` (this binary, `bench-request`): the generated CCE client and the official Python SDK doing
//! RemoveNode against one loopback HTTP server that answers the documented response.
//! Requests/s and CPU per request at the same concurrency, and the client's RSS over 10,000
//! requests.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context};
use huaweicloud_sdk_cce::v3::CceClient;
use huaweicloud_sdk_core::{AkSkCredentials, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use sdk_benches::measure;

/// Arguments of `cargo xtask bench request`.
#[derive(clap::Parser)]
#[command(name = "bench-request")]
struct Args {
    /// Requests of each Rust client run (the RSS figure samples every 1,000).
    #[arg(long, default_value_t = 10_000)]
    requests: usize,
    /// Requests of each Python SDK run (it is slow: ~1.4 ms of CPU a call).
    #[arg(long, default_value_t = 2_000)]
    python_requests: usize,
    /// Concurrency levels (requests in flight), comma-separated.
    #[arg(long, default_value = "1,4", value_delimiter = ',')]
    concurrency: Vec<usize>,
    /// Runs of each measurement; figures are medians.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Skip the Python SDK (no venv, no PyPI).
    #[arg(long)]
    no_python: bool,
}

/// Serves the documented RemoveNode response to every request, HTTP/1.1 keep-alive, on one
/// thread; prints the port, then runs until killed.
fn serve() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("{}", listener.local_addr()?.port());
        let body = sdk_benches::REMOVE_NODE_RESPONSE;
        let response: &'static [u8] = Box::leak(
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nX-Request-Id: 0123456789abcdef\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
            .into_boxed_slice(),
        );
        loop {
            let (mut sock, _) = listener.accept().await?;
            sock.set_nodelay(true)?;
            tokio::spawn(async move {
                let mut buf: Vec<u8> = Vec::with_capacity(8192);
                let mut chunk = [0u8; 8192];
                loop {
                    // One request: headers, then Content-Length bytes of body.
                    let (head_end, length) = loop {
                        if let Some(pos) = find(&buf, b"\r\n\r\n") {
                            break (pos + 4, content_length(&buf[..pos]));
                        }
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    while buf.len() < head_end + length {
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    buf.drain(..head_end + length);
                    if sock.write_all(response).await.is_err() {
                        return;
                    }
                }
            });
        }
        #[allow(unreachable_code)]
        Ok::<(), anyhow::Error>(())
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

/// The server child; killed (by its pid, it is ours) when dropped.
struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server() -> anyhow::Result<Server> {
    let mut child = Command::new(std::env::current_exe()?)
        .arg("--serve")
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("server stdout")?).read_line(&mut line)?;
    let port = line.trim().parse().context("server port")?;
    Ok(Server(child, port))
}

/// One measured Rust run.
struct RustRun {
    wall: f64,
    cpu: f64,
    /// VmRSS in KiB after each 1,000 requests (of task 0's share, scaled).
    rss: Vec<u64>,
}

fn rust_run(port: u16, requests: usize, concurrency: usize) -> anyhow::Result<RustRun> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let config = Config::new(AkSkCredentials::new(sdk_benches::AK, sdk_benches::SK))
        .with_region("cn-north-4")
        .with_project_id(sdk_benches::PROJECT_ID)
        .with_endpoint(format!("http://127.0.0.1:{port}"));
    let client = CceClient::new(&config)?;
    rt.block_on(async {
        let call = |client: CceClient| async move {
            let out = client
                .remove_node()
                .cluster_id("c1")
                .body(sdk_benches::remove_node_body())
                .send()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let job = out.status.and_then(|s| s.job_id).unwrap_or_default();
            if job != "2ec9b78d-9368-46f3-8f29-d1a95622a568" {
                bail!("unexpected response: job {job:?}");
            }
            Ok::<(), anyhow::Error>(())
        };
        // Warm-up: connections, lazy statics.
        for _ in 0..200 {
            call(client.clone()).await?;
        }
        let per_task = requests / concurrency;
        let cpu0 = measure::self_cpu();
        let t0 = Instant::now();
        let mut tasks = Vec::new();
        for t in 0..concurrency {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                let mut rss = Vec::new();
                for i in 1..=per_task {
                    call(client.clone()).await?;
                    if t == 0 && (i * concurrency) % 1000 == 0 {
                        rss.push(measure::proc_status_kib("VmRSS").unwrap_or(0));
                    }
                }
                Ok::<Vec<u64>, anyhow::Error>(rss)
            }));
        }
        let mut rss = Vec::new();
        for (i, t) in tasks.into_iter().enumerate() {
            let r = t.await??;
            if i == 0 {
                rss = r;
            }
        }
        Ok(RustRun {
            wall: t0.elapsed().as_secs_f64(),
            cpu: measure::self_cpu() - cpu0,
            rss,
        })
    })
}

/// The venv of the official SDK under `target/bench-py/venv`, created on first use.
fn python_venv(root: &Path) -> anyhow::Result<PathBuf> {
    let venv = root.join("target/bench-py/venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        eprintln!(
            "  creating {} and installing huaweicloudsdkcce",
            venv.display()
        );
        let ok = Command::new("python3")
            .arg("-m")
            .arg("venv")
            .arg(&venv)
            .status()?
            .success()
            && Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "huaweicloudsdkcce"])
                .status()?
                .success();
        if !ok {
            bail!("cannot create {} with huaweicloudsdkcce", venv.display());
        }
    }
    Ok(python)
}

struct Figures {
    wall: f64,
    cpu: f64,
    requests: usize,
}

impl Figures {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.wall
    }
    fn cpu_us(&self) -> f64 {
        self.cpu / self.requests as f64 * 1e6
    }
}

fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("--serve") {
        return serve();
    }
    let args = <Args as clap::Parser>::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();
    let runs = args.runs.max(1);
    eprintln!(
        "bench request: {} Rust / {} Python requests per run, {runs} runs, load average {}",
        args.requests,
        args.python_requests,
        measure::load_average()
    );
    let python = if args.no_python {
        None
    } else {
        Some(python_venv(&root)?)
    };
    let script = root.join("benches/python/remove_node.py");
    let server = start_server()?;
    let port = server.1;
    let mut table = Vec::new();
    let mut rss_line = String::new();
    for &c in &args.concurrency {
        let c = c.max(1);
        let mut rust = Vec::new();
        for _ in 0..runs {
            let r = rust_run(port, args.requests, c)?;
            if c == 1 && rss_line.is_empty() {
                let first = r.rss.first().copied().unwrap_or(0);
                let last = r.rss.last().copied().unwrap_or(0);
                let max = r.rss.iter().copied().max().unwrap_or(0);
                rss_line = format!(
                    "client VmRSS over {} requests (concurrency 1), sampled every 1,000: after the first 1,000 {:.1} MiB, at the end {:.1} MiB, max {:.1} MiB, growth {} KiB; peak (VmHWM) {:.1} MiB",
                    args.requests,
                    first as f64 / 1024.0,
                    last as f64 / 1024.0,
                    max as f64 / 1024.0,
                    last as i64 - first as i64,
                    measure::proc_status_kib("VmHWM").unwrap_or(0) as f64 / 1024.0
                );
            }
            rust.push(r);
        }
        let rust = Figures {
            wall: measure::median(rust.iter().map(|r| r.wall)),
            cpu: measure::median(rust.iter().map(|r| r.cpu)),
            requests: args.requests / c * c,
        };
        let py = match &python {
            None => None,
            Some(python) => {
                let mut v = Vec::new();
                for _ in 0..runs {
                    let out = Command::new(python)
                        .arg(&script)
                        .args([
                            port.to_string(),
                            args.python_requests.to_string(),
                            c.to_string(),
                        ])
                        .stderr(Stdio::inherit())
                        .output()?;
                    if !out.status.success() {
                        bail!("the Python SDK script failed");
                    }
                    let out = String::from_utf8_lossy(&out.stdout);
                    let j: serde_json::Value = serde_json::from_str(out.trim())
                        .with_context(|| format!("python output {out:?}"))?;
                    v.push(j);
                }
                let f = |k: &str| measure::median(v.iter().filter_map(|j| j[k].as_f64()));
                Some(Figures {
                    wall: f("wall"),
                    cpu: f("cpu"),
                    requests: v[0]["requests"].as_u64().unwrap_or(0) as usize,
                })
            }
        };
        table.push((c, rust, py));
    }
    drop(server);
    println!(
        "\n| client | concurrency | requests | req/s | CPU µs/request |\n|---|---|---|---|---|"
    );
    for (c, rust, py) in &table {
        println!(
            "| generated Rust (huaweicloud-sdk-cce) | {c} | {} | {:.0} | {:.1} |",
            rust.requests,
            rust.rps(),
            rust.cpu_us()
        );
        if let Some(py) = py {
            println!(
                "| official Python SDK (huaweicloudsdkcce) | {c} | {} | {:.0} | {:.1} |",
                py.requests,
                py.rps(),
                py.cpu_us()
            );
        }
    }
    println!();
    for (c, rust, py) in &table {
        if let Some(py) = py {
            println!(
                "concurrency {c}: req/s {:.1}x the Python SDK's (goal >= 20x); CPU per request 1/{:.1} of its (goal >= 1/40)",
                rust.rps() / py.rps(),
                py.cpu_us() / rust.cpu_us()
            );
        }
    }
    println!("{rss_line}");
    println!("load average after: {}", measure::load_average());
    Ok(())
}
