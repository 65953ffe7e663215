//! The HTTP side: request paths checked and mapped onto the in-memory site
//! (nothing else is ever served), content types, `index.html` for
//! directories, the site's 404 page, and the `/__sheaf/` endpoints.
//!
//! Two guards sit in front: the `Host` header must name this computer
//! (see [`guard`]), so a web page cannot read the preview by DNS
//! rebinding; and static files are streamed in pieces, with `Range`
//! support, by at most [`MAX_STREAMS`](super::files::MAX_STREAMS) readers at a
//! time (see [`files`](super::files)).

use std::convert::Infallible;
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::body::{Body as HttpBody, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

pub use super::access::Guard;
use super::reload::{self, EVENTS_PATH, OVERLAY_CSS_PATH, SCRIPT_PATH};
use super::respond::{plain, respond};
use super::session::{Body, FileMap, ServedFile, Session, is_site_file};
use crate::output::{content_type, request_file};

/// What the browser is told after a rebuild.
#[derive(Debug, Clone, Copy)]
pub enum Signal {
    /// Reload pages older than this generation.
    Reload(u64),
    /// Only stylesheets changed: swap them.
    Css(u64),
    /// The server is stopping: end every stream.
    Shutdown,
}

/// The site as currently served.
#[derive(Default)]
pub struct Published {
    pub files: FileMap,
    /// Goes up with every rebuild, good or bad; pages carry the one they
    /// were served at.
    pub generation: u64,
    /// The overlay of the failed build, if the last one failed.
    pub overlay: Option<String>,
    /// The sitemap, feed and search index need regenerating.
    pub site_files_stale: bool,
    /// plain: the last good build's warnings, for the author panel.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

impl Published {
    /// Puts in the site-wide files [`Session::refresh_site_files`] made
    /// (none when it could not make them); they are up to date either way
    /// until the next partial rebuild.
    pub fn insert_site_files(&mut self, files: Option<Vec<(String, ServedFile)>>) {
        for (path, file) in files.into_iter().flatten() {
            self.files.insert(path, file);
        }
        self.site_files_stale = false;
    }
}

/// Shared between the HTTP handlers and the rebuild thread.
pub struct App {
    pub published: RwLock<Published>,
    pub session: Arc<Mutex<Session>>,
    pub signals: broadcast::Sender<Signal>,
    /// Which `Host` names and which folders on disk may be served.
    pub guard: Guard,
    /// Bounds how many static files are read from disk at once.
    pub streams: Arc<tokio::sync::Semaphore>,
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .route(OVERLAY_CSS_PATH, get(overlay_css))
        .fallback(site_file)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            check_host,
        ))
        .with_state(app)
}

/// Refuses (403) a request whose `Host` is not this computer: a page on
/// another site whose name was re-pointed at 127.0.0.1 still sends its own
/// name here.
async fn check_host(
    State(app): State<Arc<App>>,
    request: Request<HttpBody>,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}"));
    if let Some(host) = host
        && !app.guard.allows_host(host)
    {
        return plain(
            StatusCode::FORBIDDEN,
            "refused: the Host header does not name this computer; open the address sheaf serve printed\n",
        );
    }
    next.run(request).await
}

async fn site_file(State(app): State<Arc<App>>, request: Request<HttpBody>) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "sheaf serve only answers GET and HEAD\n",
        );
    }
    let key = match request_file(request.uri().path()) {
        Ok(key) => key,
        Err(why) => {
            return plain(
                StatusCode::BAD_REQUEST,
                &format!("refused: the path {why}\n"),
            );
        }
    };
    if is_site_file(&key) {
        refresh_site_files(&app).await;
    }
    enum Found {
        File(ServedFile),
        Redirect,
        Missing(Option<ServedFile>),
    }
    let (found, generation, overlay, built) = {
        let Ok(published) = app.published.read() else {
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "sheaf serve is shutting down\n",
            );
        };
        let files = &published.files;
        let found = match files.get(&key) {
            Some(file) => Found::File(file.clone()),
            None if files.contains_key(&format!("{key}/index.html")) => Found::Redirect,
            None => Found::Missing(files.get("404.html").cloned()),
        };
        // plain: with no error overlay, a page with plain-language
        // warnings gets the author panel in its place.
        let overlay = published.overlay.clone().or_else(|| match &found {
            Found::File(f) => crate::plain::panel::panel_html(&published.warnings, &f.origin),
            _ => None,
        });
        (found, published.generation, overlay, !files.is_empty())
    };
    if !built {
        let page = reload::error_page(generation, overlay.as_deref().unwrap_or(""));
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            content_type("x.html"),
            page,
        );
    }
    let head = request.method() == Method::HEAD;
    let range = request.headers().get(header::RANGE).cloned();
    let served = |file: ServedFile, status: StatusCode, key: &str| {
        let key = key.to_string();
        let app = Arc::clone(&app);
        let range = range.clone();
        let overlay = overlay.clone();
        async move {
            if let Body::Disk(path) = &file.body
                && !content_type(&key).starts_with("text/html")
            {
                let range = if status == StatusCode::OK {
                    range
                } else {
                    None
                };
                return super::files::stream(
                    &app.guard,
                    &app.streams,
                    path.clone(),
                    &key,
                    status,
                    range,
                    head,
                )
                .await;
            }
            serve(status, &key, file, generation, overlay.as_deref(), &app).await
        }
    };
    match found {
        Found::File(file) => served(file, StatusCode::OK, &key).await,
        Found::Redirect => {
            let mut location = format!("/{key}/");
            if let Some(query) = request.uri().query() {
                location.push('?');
                location.push_str(query);
            }
            let mut response = plain(StatusCode::PERMANENT_REDIRECT, "");
            if let Ok(v) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            response
        }
        Found::Missing(Some(page)) => served(page, StatusCode::NOT_FOUND, "404.html").await,
        Found::Missing(None) => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

async fn serve(
    status: StatusCode,
    key: &str,
    file: ServedFile,
    generation: u64,
    overlay: Option<&str>,
    app: &App,
) -> Response {
    let bytes: Bytes = match file.body {
        Body::Bytes(b) => b,
        Body::Disk(path) => match app.guard.confined(&path) {
            Err(refused) => return refused,
            Ok(path) => match tokio::task::spawn_blocking(move || std::fs::read(path)).await {
                Ok(Ok(b)) => Bytes::from(b),
                _ => {
                    return plain(
                        StatusCode::NOT_FOUND,
                        "the file is gone; save again to rebuild\n",
                    );
                }
            },
        },
    };
    let kind = content_type(key);
    if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes);
        return respond(status, kind, reload::inject(&html, generation, overlay));
    }
    respond(status, kind, bytes)
}

/// Brings the sitemap, feed and search index up to date after partial
/// rebuilds (made on request, as they cover the whole site).
async fn refresh_site_files(app: &Arc<App>) {
    let stale = app.published.read().is_ok_and(|p| p.site_files_stale);
    if !stale {
        return;
    }
    let worker = Arc::clone(app);
    let _ = tokio::task::spawn_blocking(move || {
        let (fresh, crash) = {
            let mut session = super::lock_session(&worker.session);
            (session.refresh_site_files(), session.take_crash())
        };
        let mut published = super::write_published(&worker.published);
        published.insert_site_files(fresh);
        // A crash is shown like a failed build: overlay on, pages reload.
        if let Some(crash) = crash {
            published.generation += 1;
            published.overlay = Some(reload::overlay_html(&[crash], true));
            let _ = worker.signals.send(Signal::Reload(published.generation));
        }
    })
    .await;
}

async fn script() -> Response {
    respond(StatusCode::OK, content_type("x.js"), reload::SCRIPT)
}

async fn overlay_css() -> Response {
    respond(StatusCode::OK, content_type("x.css"), reload::OVERLAY_CSS)
}

/// The event stream: `hello` with the current generation on connect, then
/// `reload` or `css` after each rebuild.
async fn events(
    State(app): State<Arc<App>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let receiver = app.signals.subscribe();
    let generation = app.published.read().map_or(0, |p| p.generation);
    let hello = tokio_stream::once(Event::default().event("hello").data(generation.to_string()));
    let updates = BroadcastStream::new(receiver).map_while(|signal| match signal {
        Ok(Signal::Reload(g)) => Some(Event::default().event("reload").data(g.to_string())),
        Ok(Signal::Css(g)) => Some(Event::default().event("css").data(g.to_string())),
        Ok(Signal::Shutdown) => None,
        Err(BroadcastStreamRecvError::Lagged(_)) => {
            Some(Event::default().event("reload").data("lagged"))
        }
    });
    Sse::new(hello.chain(updates).map(Ok)).keep_alive(KeepAlive::default())
}
