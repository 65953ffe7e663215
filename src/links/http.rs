//! One external URL checked over HTTP: HEAD first, GET when the server
//! refuses HEAD, redirects followed one hop at a time so a permanent one
//! can be reported, and `429 Too Many Requests` retried after the server's
//! `Retry-After` (bounded, so one host cannot stall the check).

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Redirect hops followed before giving up.
const MAX_REDIRECTS: usize = 10;
/// The longest `Retry-After` waited for; a server asking for more is
/// reported as rate limiting instead.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);
/// Retries after a 429 before reporting it.
const RETRIES: usize = 2;

/// What checking one URL found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// A 2xx answer, directly or after temporary redirects.
    Ok {
        status: u16,
    },
    /// A 301 or 308 on the way: the link works but should be updated.
    Moved {
        to: String,
        status: u16,
    },
    /// A 4xx answer other than 429.
    Broken {
        status: u16,
    },
    /// A 5xx answer.
    ServerError {
        status: u16,
    },
    /// Still 429 after the retries, or a `Retry-After` past the bound.
    RateLimited {
        retry_after: Option<u64>,
    },
    TimedOut,
    /// No connection: refused, no such host, TLS failure.
    Unreachable {
        why: String,
    },
    /// Not a URL sheaf can request, or a redirect loop.
    Invalid {
        why: String,
    },
}

impl Outcome {
    /// Whether the result is worth keeping in the cache: transient
    /// failures are checked again next time.
    pub fn is_lasting(&self) -> bool {
        matches!(
            self,
            Outcome::Ok { .. } | Outcome::Moved { .. } | Outcome::Broken { .. }
        )
    }
}

/// A client with the check's timeout, following no redirect by itself.
pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!(
            "sheaf-link-check/",
            env!("CARGO_PKG_VERSION"),
            " (+https://github.com/sheaf-ssg/sheaf)"
        ))
        .build()
        .into()
}

/// One answer: status and the headers the check needs.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<String>,
}

/// Checks `url`; `sleep` waits out a `Retry-After` (a parameter so the
/// scheduler can account for it).
pub fn check(agent: &ureq::Agent, url: &str, sleep: &dyn Fn(Duration)) -> Outcome {
    let mut current = match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u,
        Ok(u) => {
            return Outcome::Invalid {
                why: format!("`{}:` links cannot be checked", u.scheme()),
            };
        }
        Err(e) => return Outcome::Invalid { why: e.to_string() },
    };
    let mut moved: Option<(String, u16)> = None;
    for _ in 0..=MAX_REDIRECTS {
        let answer = match request_with_retries(agent, current.as_str(), sleep) {
            Ok(answer) => answer,
            Err(outcome) => return outcome,
        };
        let status = answer.status;
        match status {
            300..=399 => {
                let Some(next) = answer.location.and_then(|l| current.join(&l).ok()) else {
                    return Outcome::Invalid {
                        why: format!("a {status} redirect without a usable Location"),
                    };
                };
                if matches!(status, 301 | 308) && moved.is_none() {
                    moved = Some((next.to_string(), status));
                } else if let Some((to, _)) = &mut moved {
                    *to = next.to_string();
                }
                current = next;
            }
            429 => {
                return Outcome::RateLimited {
                    retry_after: answer.retry_after.and_then(|r| r.trim().parse().ok()),
                };
            }
            200..=299 => {
                return match moved {
                    Some((to, status)) => Outcome::Moved { to, status },
                    None => Outcome::Ok { status },
                };
            }
            400..=499 => return Outcome::Broken { status },
            _ => return Outcome::ServerError { status },
        }
    }
    Outcome::Invalid {
        why: format!("more than {MAX_REDIRECTS} redirects"),
    }
}

/// One URL, retrying after a 429 when the server says how long to wait.
fn request_with_retries(
    agent: &ureq::Agent,
    url: &str,
    sleep: &dyn Fn(Duration),
) -> Result<Answer, Outcome> {
    let mut answer = head_then_get(agent, url)?;
    for _ in 0..RETRIES {
        if answer.status != 429 {
            break;
        }
        // Seconds only: an HTTP date is rare in practice, and waiting
        // a guessed time would be no better than reporting it.
        let Some(wait) = answer
            .retry_after
            .as_deref()
            .and_then(|r| r.trim().parse::<u64>().ok())
            .map(Duration::from_secs)
            .filter(|w| *w <= MAX_RETRY_WAIT)
        else {
            break;
        };
        sleep(wait);
        answer = head_then_get(agent, url)?;
    }
    Ok(answer)
}

/// HEAD, and GET when HEAD gets an error answer: many servers answer HEAD
/// with 405, 501, 403 or even 404 while GET works. 429 is not retried
/// with GET: the server asked to slow down.
fn head_then_get(agent: &ureq::Agent, url: &str) -> Result<Answer, Outcome> {
    let head = request(agent.head(url).call())?;
    if head.status < 400 || head.status == 429 {
        return Ok(head);
    }
    request(agent.get(url).call())
}

fn request(
    result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Answer, Outcome> {
    match result {
        // The body is never read: dropping the response closes it.
        Ok(response) => {
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            Ok(Answer {
                status: response.status().as_u16(),
                location: header("location"),
                retry_after: header("retry-after"),
            })
        }
        Err(ureq::Error::Timeout(_)) => Err(Outcome::TimedOut),
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
            Err(Outcome::TimedOut)
        }
        Err(ureq::Error::HostNotFound) => Err(Outcome::Unreachable {
            why: "no such host".into(),
        }),
        Err(ureq::Error::BadUri(why)) => Err(Outcome::Invalid { why }),
        Err(e) => Err(Outcome::Unreachable { why: e.to_string() }),
    }
}
