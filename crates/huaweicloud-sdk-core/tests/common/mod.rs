//! A small fault-injecting HTTP/1.1 server on 127.0.0.1 for the client tests.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(self.target.as_str(), |(p, _)| p)
    }

    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn header_map(&self) -> http::HeaderMap {
        let mut m = http::HeaderMap::new();
        for (n, v) in &self.headers {
            if let (Ok(n), Ok(v)) = (
                http::HeaderName::from_bytes(n.as_bytes()),
                http::HeaderValue::from_bytes(v.as_bytes()),
            ) {
                m.append(n, v);
            }
        }
        m
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Action {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Close the connection without answering.
    Reset,
    /// Announce `declared` body bytes, send `body`, close.
    Truncated {
        status: u16,
        declared: usize,
        body: Vec<u8>,
    },
    /// Never answer.
    Hang,
}

impl Action {
    pub fn status(status: u16, body: &str) -> Action {
        Action::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(self, name: &str, value: &str) -> Action {
        match self {
            Action::Respond {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.to_owned(), value.to_owned()));
                Action::Respond {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

type Script = dyn Fn(&Received, u32) -> Action + Send + Sync;

/// The server: `script(request, attempt)` decides; `attempt` counts requests
/// with the same `X-Test-Id` header (or all requests when absent), from 1.
pub struct FaultServer {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
    counts: Arc<Mutex<HashMap<String, u32>>>,
}

impl FaultServer {
    pub async fn start(script: impl Fn(&Received, u32) -> Action + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        Self::start_on(listener, script)
    }

    pub fn start_on(
        listener: TcpListener,
        script: impl Fn(&Received, u32) -> Action + Send + Sync + 'static,
    ) -> Self {
        Self::start_with(listener, None, script)
    }

    /// The same server behind TLS (`https://`): each connection is accepted by `tls` first.
    pub async fn start_tls(
        tls: tokio_rustls::TlsAcceptor,
        script: impl Fn(&Received, u32) -> Action + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        Self::start_with(listener, Some(tls), script)
    }

    fn start_with(
        listener: TcpListener,
        tls: Option<tokio_rustls::TlsAcceptor>,
        script: impl Fn(&Received, u32) -> Action + Send + Sync + 'static,
    ) -> Self {
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let counts = Arc::new(Mutex::new(HashMap::new()));
        let script: Arc<Script> = Arc::new(script);
        let (r, c) = (received.clone(), counts.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let _ = stream.set_nodelay(true);
                let (r, c, s) = (r.clone(), c.clone(), script.clone());
                let tls = tls.clone();
                tokio::spawn(async move {
                    let _ = match tls {
                        // A handshake the client refuses ends the connection here.
                        Some(tls) => match tls.accept(stream).await {
                            Ok(stream) => serve(stream, r, c, s).await,
                            Err(e) => Err(e),
                        },
                        None => serve(stream, r, c, s).await,
                    };
                });
            }
        });
        FaultServer {
            addr,
            received,
            counts,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn attempts(&self, test_id: &str) -> u32 {
        self.counts
            .lock()
            .unwrap()
            .get(test_id)
            .copied()
            .unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    received: Arc<Mutex<Vec<Received>>>,
    counts: Arc<Mutex<HashMap<String, u32>>>,
    script: Arc<Script>,
) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        // Head.
        let head_end = loop {
            if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break pos;
            }
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or_default();
        let mut parts = request_line.split(' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        // Header values as raw bytes (UTF-8 values must survive).
        let raw_head = buf[..head_end].to_vec();
        let headers = reparse_utf8_headers(&raw_head).unwrap_or(headers);
        let len: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        buf.drain(..head_end + 4);
        while buf.len() < len {
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let body: Vec<u8> = buf.drain(..len).collect();
        let req = Received {
            method,
            target,
            headers,
            body,
        };
        let key = req.header("x-test-id").unwrap_or("").to_owned();
        let attempt = {
            let mut c = counts.lock().unwrap();
            let e = c.entry(key).or_insert(0);
            *e += 1;
            *e
        };
        received.lock().unwrap().push(req.clone());
        match script(&req, attempt) {
            Action::Respond {
                status,
                headers,
                body,
            } => {
                let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                for (n, v) in headers {
                    out.push_str(&format!("{n}: {v}\r\n"));
                }
                out.push_str("\r\n");
                let mut bytes = out.into_bytes();
                bytes.extend_from_slice(&body);
                stream.write_all(&bytes).await?;
            }
            Action::Reset => return Ok(()),
            Action::Truncated {
                status,
                declared,
                body,
            } => {
                let mut bytes =
                    format!("HTTP/1.1 {status} X\r\ncontent-length: {declared}\r\n\r\n")
                        .into_bytes();
                bytes.extend_from_slice(&body);
                stream.write_all(&bytes).await?;
                stream.flush().await?;
                return Ok(());
            }
            Action::Hang => {
                tokio::time::sleep(Duration::from_secs(60)).await;
                return Ok(());
            }
        }
    }
}

fn reparse_utf8_headers(raw: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(raw).ok()?;
    Some(
        text.split("\r\n")
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect(),
    )
}

/// The variable that lets the tests needing `../shared` pass without it (see the workspace
/// README): `1` skips them, and says how many were skipped.
pub const SKIP_SHARED_VAR: &str = "HUAWEICLOUD_SDK_SKIP_SHARED";

/// The text of `../shared/<relative>` (beside the workspace). When `../shared` is absent, the
/// test fails, unless `HUAWEICLOUD_SDK_SKIP_SHARED=1`: then `None`, after a line on standard
/// error that libtest does not capture, naming `check` and counting the checks this test
/// binary skipped so far. A file missing from a present `../shared` always fails.
pub fn shared_file(relative: &str, check: &str) -> Option<String> {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SKIPPED: AtomicUsize = AtomicUsize::new(0);
    let parent = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let shared = parent.canonicalize().unwrap_or(parent).join("shared");
    if shared.is_dir() {
        let path = shared.join(relative);
        return Some(
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        );
    }
    if std::env::var(SKIP_SHARED_VAR).as_deref() != Ok("1") {
        panic!(
            "{} is absent, and `{check}` needs {relative}; put it beside the workspace, or set \
             {SKIP_SHARED_VAR}=1 to skip the checks that need it",
            shared.display()
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
    None
}
