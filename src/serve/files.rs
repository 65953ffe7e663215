//! Static files and content assets served from disk: streamed in pieces
//! (a 200 MB file costs a few hundred KB of memory, not 200 MB per
//! request), with `Range` for one span (206, or 416 when it lies past the
//! end), and at most [`MAX_STREAMS`] files read at once; later requests
//! wait their turn.

use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::{Body as HttpBody, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use super::access::Guard;
use super::respond::{plain, respond};
use crate::output::content_type;

/// How many files are read from disk at the same time.
pub const MAX_STREAMS: usize = 16;
/// One read, and one message to the connection.
const CHUNK: usize = 64 * 1024;
/// Chunks read ahead of a slow client, per download.
const AHEAD: usize = 4;

/// Answers with the file at `path`, whole or the one span `range` asks for.
pub async fn stream(
    guard: &Guard,
    streams: &Arc<tokio::sync::Semaphore>,
    path: PathBuf,
    key: &str,
    status: StatusCode,
    range: Option<HeaderValue>,
    head: bool,
) -> Response {
    let path = match guard.confined(&path) {
        Ok(path) => path,
        Err(refused) => return refused,
    };
    let Ok(permit) = Arc::clone(streams).acquire_owned().await else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "sheaf serve is shutting down\n",
        );
    };
    let opened = tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(&path)?;
        let len = file.metadata()?.len();
        Ok::<_, std::io::Error>((file, len))
    })
    .await;
    let Ok(Ok((mut file, len))) = opened else {
        return plain(
            StatusCode::NOT_FOUND,
            "the file is gone; save again to rebuild\n",
        );
    };
    let span = match range
        .as_ref()
        .and_then(|r| r.to_str().ok())
        .map(|r| parse_range(r, len))
    {
        None | Some(Span::Ignored) => 0..len,
        Some(Span::Unsatisfiable) => {
            let mut response = plain(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "the range lies past the end of the file\n",
            );
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return response;
        }
        Some(Span::Bytes(span)) => span,
    };
    let partial = span != (0..len);
    let body = if head || span.is_empty() {
        HttpBody::empty()
    } else {
        let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(AHEAD);
        let span_for_reader = span.clone();
        tokio::task::spawn_blocking(move || {
            // Held until the last piece is read or the client goes away.
            let _permit = permit;
            let mut left = span_for_reader.end - span_for_reader.start;
            if let Err(e) = file.seek(SeekFrom::Start(span_for_reader.start)) {
                let _ = tx.blocking_send(Err(e));
                return;
            }
            while left > 0 {
                let mut buf = vec![0; CHUNK.min(left as usize)];
                match file.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        buf.truncate(n);
                        left -= n as u64;
                        if tx.blocking_send(Ok(Bytes::from(buf))).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = tx.blocking_send(Err(e));
                        break;
                    }
                }
            }
        });
        HttpBody::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx))
    };
    let status = if partial {
        StatusCode::PARTIAL_CONTENT
    } else {
        status
    };
    let mut response = respond(status, content_type(key), body);
    let headers = response.headers_mut();
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(span.end - span.start),
    );
    if partial
        && let Ok(v) = HeaderValue::from_str(&format!(
            "bytes {}-{}/{len}",
            span.start,
            span.end.saturating_sub(1)
        ))
    {
        headers.insert(header::CONTENT_RANGE, v);
    }
    response
}

/// What a `Range` header asks of a file of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
enum Span {
    /// One span of bytes, end exclusive.
    Bytes(Range<u64>),
    /// Starts past the end: 416.
    Unsatisfiable,
    /// Not a single byte range sheaf understands (another unit, several
    /// spans, malformed): the whole file, as RFC 9110 allows.
    Ignored,
}

fn parse_range(header: &str, len: u64) -> Span {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Span::Ignored;
    };
    if spec.contains(',') {
        return Span::Ignored;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Span::Ignored;
    };
    let number = |s: &str| s.trim().parse::<u64>().ok();
    match (first.trim().is_empty(), last.trim().is_empty()) {
        // `bytes=-500`: the last 500 bytes.
        (true, false) => match number(last) {
            Some(0) => Span::Unsatisfiable,
            Some(n) => Span::Bytes(len.saturating_sub(n)..len),
            None => Span::Ignored,
        },
        // `bytes=100-`: from 100 to the end.
        (false, true) => match number(first) {
            Some(start) if start < len => Span::Bytes(start..len),
            Some(_) => Span::Unsatisfiable,
            None => Span::Ignored,
        },
        (false, false) => match (number(first), number(last)) {
            (Some(start), Some(end)) if start <= end => {
                if start >= len {
                    Span::Unsatisfiable
                } else {
                    Span::Bytes(start..(end + 1).min(len))
                }
            }
            _ => Span::Ignored,
        },
        (true, true) => Span::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        assert_eq!(parse_range("bytes=0-99", 1000), Span::Bytes(0..100));
        assert_eq!(parse_range("bytes=900-", 1000), Span::Bytes(900..1000));
        assert_eq!(parse_range("bytes=-100", 1000), Span::Bytes(900..1000));
        assert_eq!(parse_range("bytes=-5000", 1000), Span::Bytes(0..1000));
        assert_eq!(parse_range("bytes=990-5000", 1000), Span::Bytes(990..1000));
        assert_eq!(parse_range("bytes=1000-", 1000), Span::Unsatisfiable);
        assert_eq!(parse_range("bytes=2000-3000", 1000), Span::Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 1000), Span::Unsatisfiable);
        assert_eq!(parse_range("bytes=5-1", 1000), Span::Ignored);
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), Span::Ignored);
        assert_eq!(parse_range("items=0-1", 1000), Span::Ignored);
        assert_eq!(parse_range("bytes=x-", 1000), Span::Ignored);
    }
}
