//! A minimal local HTTP server for printing: it serves the staged site on
//! 127.0.0.1 at the site's base path, so Chromium loads every page,
//! stylesheet and image exactly as the published site lays them out.
//! GET and HEAD of files only; nothing outside the staged folder.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use percent_encoding::percent_decode_str;

/// A running server; dropping it stops it.
pub struct LocalServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl LocalServer {
    pub fn start(root: &Path, base_path: &str) -> io::Result<LocalServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let base_path = base_path.to_string();
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, base_path) = (root.clone(), base_path.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &root, &base_path);
                });
            }
        });
        Ok(LocalServer {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: TcpStream, root: &Path, base_path: &str) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers; nothing in them matters here.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            true,
        );
    }
    match resolve(root, base_path, target).and_then(|p| Some((std::fs::read(&p).ok()?, p))) {
        Some((body, path)) => respond(
            &mut stream,
            "200 OK",
            crate::output::content_type(&path.to_string_lossy()),
            &body,
            method == "GET",
        ),
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found",
            true,
        ),
    }
}

/// The file a request path names, if it is under the base path and stays
/// inside `root`.
fn resolve(root: &Path, base_path: &str, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let rest = path.strip_prefix(base_path).or_else(|| {
        // `/families` for a base path of `/families/`.
        (path == base_path.trim_end_matches('/')).then_some("")
    })?;
    let rest = percent_decode_str(rest).decode_utf8().ok()?;
    let mut file = root.to_path_buf();
    for part in rest.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part == "." || part.contains(['\\', '\0']) {
            return None;
        }
        file.push(part);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
) -> io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_outside_the_base_path_or_root_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "x").unwrap();
        let root = dir.path();
        assert!(resolve(root, "/families/", "/families/a/").is_some());
        assert!(resolve(root, "/families/", "/families/a").is_some());
        assert!(resolve(root, "/families/", "/a/").is_none());
        assert!(resolve(root, "/families/", "/families/../a/").is_none());
        assert!(resolve(root, "/families/", "/families/%2e%2e/a/").is_none());
        assert!(resolve(root, "/families/", "/families/missing/").is_none());
    }
}
