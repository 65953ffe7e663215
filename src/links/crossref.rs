//! `sheaf check --external` asks Crossref about each DOI of the
//! bibliography: a work's update notices (retraction, correction,
//! expression of concern…) are reported at every citation of it, the way
//! a `status = "retracted"` in its notes is.
//!
//! The answer parsed is the REST API's `GET {crossref_url}works/{doi}`:
//! `{"status": "ok", "message": {"updated-by": [{"DOI": "10.…", "type":
//! "retraction", "label": "Retraction", "source": "retraction-watch",
//! "updated": {"date-parts": [[2021, 5, 3]]}}, …]}}` — `updated-by` is
//! the relation on the updated work, filled from publishers' notices and
//! Retraction Watch (Crossref, "Get Retraction Watch metadata from
//! Crossref's API", crossref.gitlab.io/tutorials/get-rw-metadata/, 2025).
//! Results last `[check] external_cache` in `.sheaf-cache/crossref.json`,
//! written as the link cache is; a server that cannot be reached is a
//! note, never a failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::{Deserialize, Serialize};

use super::cache::{CACHE_DIR, now, write_atomically};

const CACHE_FILE: &str = "crossref.json";
const VERSION: u32 = 1;

/// A DOI path segment: `/` stays (Crossref takes DOIs as written), the
/// rest of what a URL path cannot hold is escaped.
const DOI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// One update notice of a work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Crossref's update type, lower case with `_`: `retraction`,
    /// `correction`, `expression_of_concern`, `withdrawal`…
    pub kind: String,
    /// The notice's own DOI.
    pub doi: Option<String>,
    /// `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) of the notice.
    pub date: Option<String>,
    /// `publisher` or `retraction-watch`.
    pub source: Option<String>,
}

impl Notice {
    /// How the notice reads in a warning: "retraction", "expression of concern".
    pub fn label(&self) -> String {
        self.kind.replace('_', " ")
    }

    /// Whether the notice is one sheaf reports: retractions, withdrawals,
    /// removals, corrections and expressions of concern (not new versions).
    pub fn matters(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "retraction"
                | "partial_retraction"
                | "withdrawal"
                | "removal"
                | "correction"
                | "corrigendum"
                | "erratum"
                | "expression_of_concern"
        )
    }
}

/// What Crossref said about a DOI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Answer {
    Notices {
        notices: Vec<Notice>,
    },
    /// Crossref has no record of the DOI (it may be registered elsewhere).
    Unknown,
}

/// Reads a `works/{doi}` answer.
pub fn parse_work(body: &[u8]) -> Result<Vec<Notice>, String> {
    #[derive(Deserialize)]
    struct Envelope {
        message: Message,
    }
    #[derive(Deserialize)]
    struct Message {
        #[serde(rename = "updated-by", default)]
        updated_by: Vec<Update>,
    }
    #[derive(Deserialize)]
    struct Update {
        #[serde(rename = "type", default)]
        kind: String,
        #[serde(rename = "DOI", default)]
        doi: Option<String>,
        #[serde(default)]
        source: Option<String>,
        #[serde(default)]
        updated: Option<Dated>,
    }
    #[derive(Deserialize)]
    struct Dated {
        #[serde(rename = "date-parts", default)]
        date_parts: Vec<Vec<Option<i64>>>,
    }
    let envelope: Envelope =
        serde_json::from_slice(body).map_err(|e| format!("not a Crossref works answer ({e})"))?;
    Ok(envelope
        .message
        .updated_by
        .into_iter()
        .map(|u| Notice {
            kind: u.kind.trim().to_lowercase().replace(['-', ' '], "_"),
            doi: u.doi,
            source: u.source,
            date: u.updated.and_then(|d| {
                let parts: Vec<String> = d
                    .date_parts
                    .first()?
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, n)| {
                        if i == 0 {
                            format!("{n:04}")
                        } else {
                            format!("{n:02}")
                        }
                    })
                    .collect();
                (!parts.is_empty()).then(|| parts.join("-"))
            }),
        })
        .collect())
}

/// Asks Crossref about one DOI. `Err` is a transient failure (no network,
/// a timeout, a server error), said as a reason.
pub fn ask(agent: &ureq::Agent, base: &str, doi: &str) -> Result<Answer, String> {
    let url = format!(
        "{}/works/{}",
        base.trim_end_matches('/'),
        utf8_percent_encode(doi, DOI_PATH)
    );
    let mut response = agent.get(&url).call().map_err(|e| match e {
        ureq::Error::Timeout(_) => "no answer in time".to_string(),
        ureq::Error::Io(e) => format!("cannot connect ({e})"),
        ureq::Error::HostNotFound => "host not found".to_string(),
        e => e.to_string(),
    })?;
    match response.status().as_u16() {
        200 => {
            let body = response
                .body_mut()
                .with_config()
                .limit(4 * 1024 * 1024)
                .read_to_vec()
                .map_err(|e| format!("answer cut short ({e})"))?;
            parse_work(&body).map(|notices| Answer::Notices { notices })
        }
        404 => Ok(Answer::Unknown),
        status => Err(format!("HTTP {status}")),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    checked: u64,
    #[serde(flatten)]
    answer: Answer,
}

/// `.sheaf-cache/crossref.json`: each DOI's last answer.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct CrossrefCache {
    version: u32,
    works: BTreeMap<String, Entry>,
}

pub fn cache_path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(CACHE_FILE)
}

impl CrossrefCache {
    pub fn load(root: &Path) -> Self {
        std::fs::read(cache_path(root))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CrossrefCache>(&bytes).ok())
            .filter(|c| c.version == VERSION)
            .unwrap_or_default()
    }

    pub fn fresh(&self, doi: &str, max_age: Duration) -> Option<&Answer> {
        let entry = self.works.get(&doi.to_lowercase())?;
        (now().saturating_sub(entry.checked) < max_age.as_secs()).then_some(&entry.answer)
    }

    pub fn record(&mut self, doi: &str, answer: &Answer) {
        let entry = Entry {
            checked: now(),
            answer: answer.clone(),
        };
        self.works.insert(doi.to_lowercase(), entry);
    }

    pub fn save(&mut self, root: &Path) -> std::io::Result<()> {
        self.version = VERSION;
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomically(&cache_path(root), &json)
    }
}

/// What asking about every DOI found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Per DOI, the notices that matter.
    pub notices: BTreeMap<String, Vec<Notice>>,
    /// DOIs that could not be asked about, with why.
    pub unreachable: Vec<(String, String)>,
    pub cached: usize,
}

/// Asks about each DOI (one request at a time, `delay` apart: one host),
/// from the cache where it is fresh.
pub fn check_dois(
    dois: &[String],
    settings: &crate::config::CheckConfig,
    cache: &mut CrossrefCache,
) -> Findings {
    let agent = super::http::agent(settings.external_timeout);
    let mut found = Findings::default();
    let mut asked = 0;
    for doi in dois {
        let answer = match cache.fresh(doi, settings.external_cache) {
            Some(answer) => {
                found.cached += 1;
                answer.clone()
            }
            None => {
                if asked > 0 {
                    std::thread::sleep(settings.external_delay);
                }
                asked += 1;
                match ask(&agent, &settings.crossref_url, doi) {
                    Ok(answer) => {
                        cache.record(doi, &answer);
                        answer
                    }
                    Err(why) => {
                        found.unreachable.push((doi.clone(), why));
                        continue;
                    }
                }
            }
        };
        if let Answer::Notices { notices } = answer {
            let notices: Vec<Notice> = notices.into_iter().filter(Notice::matters).collect();
            if !notices.is_empty() {
                found.notices.insert(doi.clone(), notices);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updated_by_notices_are_read_with_their_type_and_date() {
        let body = br#"{"status":"ok","message-type":"work","message":{"DOI":"10.1/x","updated-by":[
            {"DOI":"10.1/notice","type":"retraction","label":"Retraction","source":"retraction-watch","updated":{"date-parts":[[2021,5,3]]}},
            {"type":"expression-of-concern","updated":{"date-parts":[[2020]]}}]}}"#;
        let notices = parse_work(body).unwrap();
        assert_eq!(notices[0].kind, "retraction");
        assert_eq!(notices[0].date.as_deref(), Some("2021-05-03"));
        assert_eq!(notices[0].doi.as_deref(), Some("10.1/notice"));
        assert_eq!(notices[1].label(), "expression of concern");
        assert_eq!(notices[1].date.as_deref(), Some("2020"));
        assert!(parse_work(br#"{"message":{}}"#).unwrap().is_empty());
        assert!(parse_work(b"<html>").is_err());
    }
}
