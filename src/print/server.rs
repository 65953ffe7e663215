//! The local HTTP server for printing: it serves the staged site on
//! 127.0.0.1 at the site's base path, so Chromium loads every page,
//! stylesheet and image exactly as the published site lays them out.
//! GET and HEAD of files only; nothing outside the staged folder. It runs
//! on the stack `sheaf serve` uses (axum on tokio), on a thread of its own,
//! and request paths go through the same check ([`request_file`]).

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use tokio::sync::oneshot;

use crate::output::{content_type, request_file};

/// A running server; dropping it stops it.
pub struct LocalServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// What the server serves: a folder, at a base path.
struct Site {
    root: PathBuf,
    base_path: String,
}

impl LocalServer {
    pub fn start(root: &Path, base_path: &str) -> io::Result<LocalServer> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        // One thread answers; file reads go to tokio's blocking pool, so
        // Chromium's parallel requests for a page's images do not queue
        // behind each other.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let site = Arc::new(Site {
            root: root.to_path_buf(),
            base_path: base_path.to_string(),
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let app = Router::new().fallback(answer).with_state(site);
                // No graceful shutdown: Chromium may hold keep-alive
                // connections open, and printing is over when this stops.
                tokio::select! {
                    _ = axum::serve(listener, app).into_future() => {}
                    _ = stopped => {}
                }
            });
        });
        Ok(LocalServer {
            addr,
            stop: Some(stop),
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
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn answer(State(site): State<Arc<Site>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain", Vec::new());
    }
    let Some(path) = resolve(&site.root, &site.base_path, uri.path()) else {
        return not_found();
    };
    let read = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || std::fs::read(path)).await
    };
    match read {
        // hyper leaves the body out of an answer to HEAD.
        Ok(Ok(body)) => respond(StatusCode::OK, content_type(&path.to_string_lossy()), body),
        _ => not_found(),
    }
}

fn not_found() -> Response {
    respond(StatusCode::NOT_FOUND, "text/plain", b"not found".to_vec())
}

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The file a request path names, if it is under the base path and stays
/// inside `root`.
fn resolve(root: &Path, base_path: &str, path: &str) -> Option<PathBuf> {
    let path = path.split(['?', '#']).next()?;
    let rest = path.strip_prefix(base_path).or_else(|| {
        // `/families` for a base path of `/families/`.
        (path == base_path.trim_end_matches('/')).then_some("")
    })?;
    let key = request_file(&format!("/{rest}")).ok()?;
    let mut file = root.join(key);
    if file.is_dir() {
        // `/families/a` for the folder `a/`.
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use super::*;

    #[test]
    fn requests_outside_the_base_path_or_root_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "x").unwrap();
        let root = dir.path();
        assert!(resolve(root, "/families/", "/families/a/").is_some());
        assert!(resolve(root, "/families/", "/families/a").is_some());
        assert!(resolve(root, "/families/", "/families/a/?v=1").is_some());
        assert!(resolve(root, "/families/", "/a/").is_none());
        assert!(resolve(root, "/families/", "/families/../a/").is_none());
        assert!(resolve(root, "/families/", "/families/%2e%2e/a/").is_none());
        assert!(resolve(root, "/families/", "/families/missing/").is_none());
    }

    fn request(server: &LocalServer, head: &str) -> String {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        write!(
            stream,
            "{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn serves_staged_files_with_their_type_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "<p>page</p>").unwrap();
        std::fs::write(dir.path().join("style.css"), "p{}").unwrap();
        let server = LocalServer::start(dir.path(), "/families/").unwrap();

        let page = request(&server, "GET /families/a/ HTTP/1.1");
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert!(
            page.contains("content-type: text/html; charset=utf-8"),
            "{page}"
        );
        assert!(page.ends_with("<p>page</p>"), "{page}");

        let css = request(&server, "HEAD /families/style.css HTTP/1.1");
        assert!(css.starts_with("HTTP/1.1 200"), "{css}");
        assert!(css.contains("content-type: text/css"), "{css}");
        assert!(css.contains("content-length: 3"), "{css}");
        assert!(!css.ends_with("p{}"), "HEAD has no body: {css}");

        let post = request(&server, "POST /families/a/ HTTP/1.1");
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        let outside = request(&server, "GET /families/../a/ HTTP/1.1");
        assert!(outside.starts_with("HTTP/1.1 404"), "{outside}");
        drop(server);
    }
}
