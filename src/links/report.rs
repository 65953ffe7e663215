//! What `check --external` tells the author: a warning at every place a
//! failing URL is written, and a summary table of all the outcomes.

use std::time::Duration;

use super::{Checked, Outcome};
use crate::diagnostics::Diagnostic;

fn reason(status: u16) -> String {
    let phrase = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("{status} {phrase}").trim_end().to_string()
}

/// A warning (an error under `--strict`, made by the caller) for every
/// place of every URL that did not simply work.
pub fn diagnostics(checked: &[Checked], timeout: Duration) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in checked {
        let url = &c.target.url;
        let (message, help) = match &c.outcome {
            Outcome::Ok { .. } => continue,
            Outcome::Moved { to, status } => (
                format!("`{url}` has moved permanently ({}) to {to}", reason(*status)),
                "update the link to the new address".to_string(),
            ),
            Outcome::Broken { status } => (
                format!("broken link `{url}`: the server answered {}", reason(*status)),
                match status {
                    410 => "the page was removed for good: link to another copy (an archived one, e.g. on web.archive.org) or remove the link".to_string(),
                    401 | 403 => "the page needs a login or refuses automated checks: open it in a browser to see whether readers can".to_string(),
                    _ => "check the address in a browser; link to where the page lives now, or to an archived copy".to_string(),
                },
            ),
            Outcome::ServerError { status } => (
                format!("`{url}`: the server answered {}", reason(*status)),
                "the site may be down for now; check again later".to_string(),
            ),
            Outcome::RateLimited { retry_after } => (
                format!(
                    "`{url}`: the server asked sheaf to slow down (429 Too Many Requests{})",
                    retry_after.map_or(String::new(), |s| format!(", retry after {s} s"))
                ),
                "check again later, or raise [check] external_delay in sheaf.toml".to_string(),
            ),
            Outcome::TimedOut => (
                format!(
                    "`{url}` did not answer within {}",
                    humantime::format_duration(timeout)
                ),
                "the site may be slow or down; raise [check] external_timeout in sheaf.toml if it is just slow".to_string(),
            ),
            Outcome::Unreachable { why } => (
                format!("cannot reach `{url}`: {why}"),
                "check the address, and that this machine is online".to_string(),
            ),
            Outcome::Invalid { why } => (
                format!("cannot check `{url}`: {why}"),
                "check the address".to_string(),
            ),
        };
        for place in &c.target.places {
            out.push(
                Diagnostic::warning(message.clone())
                    .at(place.clone())
                    .help(help.clone()),
            );
        }
    }
    out.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
        key(a).cmp(&key(b))
    });
    out
}

/// The table printed at the end: how many URLs had each outcome.
pub fn summary_table(checked: &[Checked]) -> String {
    let count = |f: &dyn Fn(&Outcome) -> bool| checked.iter().filter(|c| f(&c.outcome)).count();
    let cached = checked.iter().filter(|c| c.cached).count();
    let rows: [(&str, usize); 8] = [
        ("ok", count(&|o| matches!(o, Outcome::Ok { .. }))),
        (
            "moved permanently",
            count(&|o| matches!(o, Outcome::Moved { .. })),
        ),
        (
            "broken (4xx)",
            count(&|o| matches!(o, Outcome::Broken { .. })),
        ),
        (
            "server error (5xx)",
            count(&|o| matches!(o, Outcome::ServerError { .. })),
        ),
        (
            "rate limited (429)",
            count(&|o| matches!(o, Outcome::RateLimited { .. })),
        ),
        ("timed out", count(&|o| matches!(o, Outcome::TimedOut))),
        (
            "unreachable",
            count(&|o| matches!(o, Outcome::Unreachable { .. })),
        ),
        (
            "not checkable",
            count(&|o| matches!(o, Outcome::Invalid { .. })),
        ),
    ];
    let mut table = format!(
        "External links: {} URL{} checked, {cached} from the cache (.sheaf-cache/links.json)\n",
        checked.len(),
        if checked.len() == 1 { "" } else { "s" }
    );
    for (name, n) in rows {
        table.push_str(&format!("  {name:<20} {n:>5}\n"));
    }
    table
}
