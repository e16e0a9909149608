//! A tiny file server for the end-to-end tests: `std::net`, one thread per connection,
//! HTTP/1.1 with `Connection: close`. It listens on `127.0.0.1:0` and stops when dropped.
//!
//! Besides the files under its root it answers what a scenario adds while it runs:
//! * [`Route`]s: a path answered with a chosen status, body and delay (a missing or broken
//!   document, one that takes too long, a test page);
//! * `POST /collect`, an acceptance endpoint ([`CollectMode`]) that records every request
//!   and stores each record once per `Idempotency-Key`, as docs/embedding.md asks of one.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The path of the acceptance endpoint.
pub const COLLECT: &str = "/collect";
/// The largest request body read (larger ones are answered 413).
const MAX_BODY: usize = 8 << 20;

/// A fixed answer for one path (the query string is ignored).
#[derive(Clone, Debug)]
pub struct Route {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// How long to wait before answering at all.
    pub delay: Duration,
}

impl Route {
    /// `200 OK` with `body` as `content_type`.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
        Route { status: 200, content_type: content_type.into(), body: body.into(), delay: Duration::ZERO }
    }

    /// `200 OK` with a Markdown document.
    pub fn markdown(body: impl Into<Vec<u8>>) -> Route {
        Route::ok("text/markdown; charset=utf-8", body)
    }

    /// `200 OK` with an HTML page.
    pub fn html(body: &str) -> Route {
        Route::ok("text/html; charset=utf-8", body)
    }

    /// An answer with `status` and a short plain-text body.
    pub fn status(status: u16) -> Route {
        Route { status, ..Route::ok("text/plain; charset=utf-8", format!("status {status}\n")) }
    }

    /// The same answer, sent only after `delay`.
    pub fn delayed(self, delay: Duration) -> Route {
        Route { delay, ..self }
    }
}

/// How `POST /collect` answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollectMode {
    /// Stores the record (201; 200 for an `Idempotency-Key` already stored).
    Succeed,
    /// 503 for the next `n` requests, then as `Succeed`.
    FailFirst(usize),
    /// 503 for every request until the mode changes.
    FailAll,
    /// 400 for every request: the endpoint refuses the record.
    Reject,
}

/// One request the endpoint received.
#[derive(Clone, Debug)]
pub struct Collected {
    pub at: Instant,
    pub idempotency_key: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
    /// The status the endpoint answered.
    pub answered: u16,
}

/// One record the endpoint stored.
#[derive(Clone, Debug)]
pub struct Stored {
    /// The request's `Idempotency-Key` (the key the endpoint deduplicates by).
    pub key: Option<String>,
    /// `record_id` of the body.
    pub record_id: Option<String>,
    pub body: String,
}

#[derive(Debug)]
struct Endpoint {
    mode: CollectMode,
    requests: Vec<Collected>,
    stored: Vec<Stored>,
}

#[derive(Debug)]
struct Shared {
    root: PathBuf,
    routes: Mutex<HashMap<String, Route>>,
    endpoint: Mutex<Endpoint>,
}

pub struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves the files under `root` until dropped.
    pub fn start(root: impl Into<PathBuf>) -> std::io::Result<StaticServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared {
            root: root.into(),
            routes: Mutex::new(HashMap::new()),
            endpoint: Mutex::new(Endpoint { mode: CollectMode::Succeed, requests: Vec::new(), stored: Vec::new() }),
        });
        let (stopping, serving) = (Arc::clone(&stop), Arc::clone(&shared));
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let shared = Arc::clone(&serving);
                    std::thread::spawn(move || {
                        let _ = handle(stream, &shared);
                    });
                }
            }
        });
        Ok(StaticServer { addr, stop, shared, thread: Some(thread) })
    }

    /// The absolute URL of `path` (which starts with `/`) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Answers `path` with `route` from now on (replacing a file or an earlier route).
    pub fn route(&self, path: &str, route: Route) {
        self.shared.routes.lock().unwrap().insert(path.to_string(), route);
    }

    /// Sets how `POST /collect` answers from now on.
    pub fn collect_mode(&self, mode: CollectMode) {
        self.shared.endpoint.lock().unwrap().mode = mode;
    }

    /// Every request `POST /collect` received so far, in order.
    pub fn collected(&self) -> Vec<Collected> {
        self.shared.endpoint.lock().unwrap().requests.clone()
    }

    /// Every record the endpoint stored so far, in order.
    pub fn stored(&self) -> Vec<Stored> {
        self.shared.endpoint.lock().unwrap().stored.clone()
    }

    /// How many stored records have `record_id` (1 once delivered, however often sent).
    pub fn stored_count(&self, record_id: &str) -> usize {
        self.stored().iter().filter(|s| s.record_id.as_deref() == Some(record_id)).count()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A parsed request: method, target, headers (names in lowercase) and body.
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> std::io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    let mut request = Request { method, target, headers, body: Vec::new() };
    let length = request.header("content-length").and_then(|l| l.parse::<usize>().ok()).unwrap_or(0);
    if length > MAX_BODY {
        return Ok(None);
    }
    request.body = vec![0; length];
    reader.read_exact(&mut request.body)?;
    Ok(Some(request))
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    const TEXT: &str = "text/plain; charset=utf-8";
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let Some(request) = read_request(&stream)? else {
        return write_answer(&mut stream, false, 413, TEXT, b"too large\n");
    };
    let path = request.target.split(['?', '#']).next().unwrap_or("");
    let route = shared.routes.lock().unwrap().get(path).cloned();
    let head_only = request.method == "HEAD";
    match (request.method.as_str(), route) {
        ("GET" | "HEAD", Some(route)) => {
            std::thread::sleep(route.delay);
            write_answer(&mut stream, head_only, route.status, &route.content_type, &route.body)
        }
        ("POST", None) if path == COLLECT => {
            let (status, body) = collect(&request, &shared.endpoint);
            write_answer(&mut stream, false, status, "application/json", body.as_bytes())
        }
        ("GET" | "HEAD", None) => {
            let (status, content_type, body) = respond(&shared.root, &request.target);
            write_answer(&mut stream, head_only, status, content_type, &body)
        }
        _ => write_answer(&mut stream, head_only, 405, TEXT, b"method not allowed\n"),
    }
}

fn write_answer(stream: &mut TcpStream, head_only: bool, status: u16, content_type: &str, body: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Records `request` and answers it as the endpoint's mode says.
fn collect(request: &Request, endpoint: &Mutex<Endpoint>) -> (u16, String) {
    let mut endpoint = endpoint.lock().unwrap();
    let key = request.header("idempotency-key").map(str::to_string);
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let record_id = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["record_id"].as_str().map(str::to_string));
    let (status, answer) = match endpoint.mode {
        CollectMode::FailAll => (503, r#"{"error":"unavailable"}"#),
        CollectMode::FailFirst(n) if n > 0 => {
            endpoint.mode = CollectMode::FailFirst(n - 1);
            (503, r#"{"error":"unavailable"}"#)
        }
        CollectMode::Reject => (400, r#"{"error":"refused"}"#),
        CollectMode::FailFirst(_) | CollectMode::Succeed => {
            if record_id.is_none() {
                (400, r#"{"error":"not a record"}"#)
            } else if key.is_some() && endpoint.stored.iter().any(|s| s.key == key) {
                (200, r#"{"stored":"before"}"#)
            } else {
                endpoint.stored.push(Stored { key: key.clone(), record_id, body: body.clone() });
                (201, r#"{"stored":"now"}"#)
            }
        }
    };
    let content_type = request.header("content-type").map(str::to_string);
    endpoint.requests.push(Collected { at: Instant::now(), idempotency_key: key, content_type, body, answered: status });
    (status, answer.to_string())
}

/// Status, content type and body for a request target such as `/a/b.js?x=1`.
fn respond(root: &Path, target: &str) -> (u16, &'static str, Vec<u8>) {
    const TEXT: &str = "text/plain; charset=utf-8";
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(path) else {
        return (400, TEXT, b"bad request\n".to_vec());
    };
    if !path.starts_with('/') || path.contains(['\\', '\0']) {
        return (400, TEXT, b"bad request\n".to_vec());
    }
    if path.split('/').any(|segment| segment == "..") {
        return (403, TEXT, b"forbidden\n".to_vec());
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file.push("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) if file.is_file() => (200, content_type(&file), body),
        _ => (404, TEXT, b"not found\n".to_vec()),
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` if an escape is malformed or the result is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
