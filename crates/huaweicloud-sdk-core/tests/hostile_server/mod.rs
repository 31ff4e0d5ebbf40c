//! A hostile HTTP/1.1 server on loopback: gzip bombs, endless and trickling bodies, lying
//! lengths, redirects. Blocking threads, one per connection; what it received and how many
//! body bytes it managed to write are recorded. Shared (by `#[path]`) with `hwc`'s hostile
//! test and the `bench-hostile` memory figures.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// A request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The body of a reply.
#[derive(Debug, Clone)]
pub enum Body {
    /// These bytes, with their `Content-Length`.
    Bytes(Vec<u8>),
    /// `Content-Encoding: gzip` of this many zero bytes (about 1 MB on the wire per GiB),
    /// with the compressed `Content-Length`.
    GzipBomb { inflated: u64 },
    /// Chunked, these bytes again and again, as fast as the client reads, forever.
    Endless(Vec<u8>),
    /// Chunked, one byte every `every`, forever.
    Trickle { every: Duration },
    /// A `Content-Length` of `declared` bytes, then zeros until the client stops reading.
    Announced { declared: u64 },
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Reply {
    pub fn new(status: u16, body: Body) -> Self {
        Reply {
            status,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Request-Id".into(), "hostile-request-1".into()),
            ],
            body,
        }
    }

    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply::new(status, Body::Bytes(body.into()))
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

/// A running server (its threads end with the test process).
#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    written: Arc<AtomicU64>,
}

impl Server {
    /// Serves every request with `handler` on `ip` (`127.0.0.1`, or `127.0.0.2` for a second
    /// host).
    pub fn start_on(
        ip: &str,
        handler: impl Fn(&Received) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        let server = Server {
            addr: listener.local_addr().unwrap(),
            received: Arc::default(),
            written: Arc::default(),
        };
        let handler: Arc<Handler> = Arc::new(handler);
        let s = server.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, handler) = (s.clone(), handler.clone());
                std::thread::spawn(move || s.connection(stream, &*handler));
            }
        });
        server
    }

    pub fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_on("127.0.0.1", handler)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Body bytes written to clients so far (what the kernel accepted).
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }

    fn connection(&self, stream: TcpStream, handler: &Handler) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut out = stream;
        loop {
            let Some(request) = read_request(&mut reader) else {
                return;
            };
            self.received.lock().unwrap().push(request.clone());
            let reply = handler(&request);
            if self.write_reply(&mut out, &reply).is_err() {
                return;
            }
        }
    }

    fn write_reply(&self, out: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
        let mut head = format!("HTTP/1.1 {} Hostile\r\n", reply.status);
        for (n, v) in &reply.headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        let count = |n: usize| {
            self.written.fetch_add(n as u64, Ordering::SeqCst);
        };
        match &reply.body {
            Body::Bytes(b) => {
                head.push_str(&format!("Content-Length: {}\r\n\r\n", b.len()));
                out.write_all(head.as_bytes())?;
                out.write_all(b)?;
                count(b.len());
            }
            Body::GzipBomb { inflated } => {
                let gz = gzip_zeros(*inflated);
                head.push_str(&format!(
                    "Content-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                    gz.len()
                ));
                out.write_all(head.as_bytes())?;
                for piece in gz.chunks(16 * 1024) {
                    out.write_all(piece)?;
                    count(piece.len());
                }
            }
            Body::Endless(chunk) => {
                head.push_str("Transfer-Encoding: chunked\r\n\r\n");
                out.write_all(head.as_bytes())?;
                let framed = [
                    format!("{:x}\r\n", chunk.len()).into_bytes(),
                    chunk.clone(),
                    b"\r\n".to_vec(),
                ]
                .concat();
                loop {
                    out.write_all(&framed)?;
                    count(chunk.len());
                }
            }
            Body::Trickle { every } => {
                head.push_str("Transfer-Encoding: chunked\r\n\r\n");
                out.write_all(head.as_bytes())?;
                loop {
                    out.write_all(b"1\r\n \r\n")?;
                    count(1);
                    std::thread::sleep(*every);
                }
            }
            Body::Announced { declared } => {
                head.push_str(&format!("Content-Length: {declared}\r\n\r\n"));
                out.write_all(head.as_bytes())?;
                let zeros = vec![0u8; 64 * 1024];
                let mut left = *declared;
                while left > 0 {
                    let n = left.min(zeros.len() as u64) as usize;
                    out.write_all(&zeros[..n])?;
                    count(n);
                    left -= n as u64;
                }
            }
        }
        out.flush()
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Received> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        target,
        headers,
    })
}

/// A gzip stream of `n` zero bytes, compressed on the fly (never `n` bytes in memory); built
/// once per size and process.
pub fn gzip_zeros(n: u64) -> Arc<Vec<u8>> {
    type Cache = Mutex<Vec<(u64, Arc<Vec<u8>>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let mut cache = cache.lock().unwrap();
    if let Some((_, gz)) = cache.iter().find(|(size, _)| *size == n) {
        return gz.clone();
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(zeros.len() as u64) as usize;
        encoder.write_all(&zeros[..k]).unwrap();
        left -= k as u64;
    }
    let gz = Arc::new(encoder.finish().unwrap());
    cache.push((n, gz.clone()));
    gz
}

/// `depth` nested arrays: `[[[...]]]`.
pub fn nested_json(depth: usize) -> Vec<u8> {
    let mut v = vec![b'['; depth];
    v.extend(std::iter::repeat_n(b']', depth));
    v
}

/// `{"job_id": 1234...}` with a number of `digits` digits.
pub fn huge_number_json(field: &str, digits: usize) -> Vec<u8> {
    let mut v = format!("{{\"{field}\": 1").into_bytes();
    v.extend(std::iter::repeat_n(b'7', digits - 1));
    v.push(b'}');
    v
}

/// Peak resident set size of this process so far (`VmHWM`), in bytes; `None` off Linux.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
