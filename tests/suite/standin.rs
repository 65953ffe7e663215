//! A stand-in HTTP server on 127.0.0.1 for the tests of network features
//! (`check --external`, the Crossref lookup), so no test reaches the
//! network. Each test starts its own on a free port with a route function
//! that says how to answer a path; the server logs every request.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// One request the server saw.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) at: Instant,
    pub(crate) method: String,
    pub(crate) path: String,
}

/// How to answer a request: the status line's text (`"200 OK"`), extra
/// header lines (each ending in `\r\n`) and the body.
pub(crate) struct Answer {
    pub(crate) status: &'static str,
    pub(crate) headers: String,
    pub(crate) body: String,
}

impl Answer {
    pub(crate) fn new(status: &'static str, headers: &str, body: &str) -> Answer {
        Answer {
            status,
            headers: headers.to_string(),
            body: body.to_string(),
        }
    }
}

/// Answers a request, given how many earlier requests asked for the same
/// path (a route may sleep to play a slow server).
pub(crate) type Route = fn(&Seen, usize) -> Answer;

/// The running server; its log is every request, in order.
pub(crate) struct StandIn {
    origin: String,
    pub(crate) log: Arc<Mutex<Vec<Seen>>>,
}

impl StandIn {
    pub(crate) fn start(route: Route) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&shared);
                std::thread::spawn(move || answer(stream, &log, route));
            }
        });
        StandIn { origin, log }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// The requests for `path`, in order.
    pub(crate) fn requests(&self, path: &str) -> Vec<Seen> {
        let log = self.log.lock().unwrap();
        log.iter().filter(|s| s.path == path).cloned().collect()
    }
}

fn answer(stream: TcpStream, log: &Mutex<Vec<Seen>>, route: Route) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = line.split_whitespace();
    let seen = Seen {
        at: Instant::now(),
        method: parts.next().unwrap_or("").to_string(),
        path: parts.next().unwrap_or("").to_string(),
    };
    let earlier = {
        let mut log = log.lock().unwrap();
        let earlier = log.iter().filter(|s| s.path == seen.path).count();
        log.push(seen.clone());
        earlier
    };
    let Answer {
        status,
        headers,
        body,
    } = route(&seen, earlier);
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// A port on 127.0.0.1 that nothing listens on.
pub(crate) fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
