//! The answer every response of `sheaf serve` is built on: its status, its
//! content type, and the headers that keep a preview out of caches and
//! stop browsers guessing types. Shared by the page side (`http`) and the
//! file streamer (`files`).

use axum::body::Body as HttpBody;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

pub fn respond(status: StatusCode, content_type: &str, body: impl Into<HttpBody>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

pub fn plain(status: StatusCode, text: &str) -> Response {
    respond(status, "text/plain; charset=utf-8", text.to_string())
}
