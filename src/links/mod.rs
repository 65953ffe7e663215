//! `sheaf check --external`: every `http(s)://` link and image of the
//! pages and sections, and every DOI and URL of the bibliography, checked
//! with a real HTTP client. Hosts are checked in parallel (at most
//! `[check] external_hosts` at once), each host's URLs one after another
//! with `[check] external_delay` between them, so no server sees more than
//! one request at a time from sheaf. Results last `[check] external_cache`
//! in `.sheaf-cache/links.json`.
//!
//! Links inside the site (`@/`, relative, root-relative) are checked by
//! every build, in [`crate::markdown::links`].

pub mod cache;
pub mod crossref;
pub mod http;
mod report;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

pub use cache::{CACHE_DIR, Cache};
pub use http::Outcome;
pub use report::{diagnostics, summary_table};

use crate::config::CheckConfig;
use crate::diagnostics::Location;
use crate::site::SiteData;

/// One URL and every place that names it.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: String,
    pub places: Vec<Location>,
}

/// A checked URL.
#[derive(Debug, Clone)]
pub struct Checked {
    pub target: Target,
    pub outcome: Outcome,
    /// Taken from the cache, not asked again.
    pub cached: bool,
}

/// Every external URL of the site, once each, in URL order.
pub fn external_targets(data: &SiteData) -> Vec<Target> {
    let mut by_url: BTreeMap<String, Vec<Location>> = BTreeMap::new();
    let pages = (data.content.pages.iter().map(|p| &p.source)).zip(&data.page_docs);
    let sections = (data.content.sections.iter().map(|s| &s.source)).zip(&data.section_docs);
    for (file, doc) in pages.chain(sections) {
        for link in &doc.external_links {
            by_url
                .entry(link.url.clone())
                .or_default()
                .push(file.locate(link.span.clone()));
        }
    }
    if let Some(evidence) = &data.evidence {
        let bib = &evidence.bibliography;
        for work in bib.works() {
            let urls = work.doi_url().into_iter().chain(work.url.clone());
            for url in urls {
                let place = bib.definition(&work.key);
                by_url.entry(url).or_default().extend(place);
            }
        }
    }
    by_url
        .into_iter()
        .map(|(url, places)| Target { url, places })
        .collect()
}

/// Checks every target, taking fresh results from `cache` and recording
/// new ones in it.
pub fn check_all(targets: Vec<Target>, settings: &CheckConfig, cache: &mut Cache) -> Vec<Checked> {
    let mut done = Vec::with_capacity(targets.len());
    let mut by_host: BTreeMap<String, Vec<Target>> = BTreeMap::new();
    for target in targets {
        match cache.fresh(&target.url, settings.external_cache) {
            Some(outcome) => done.push(Checked {
                outcome: outcome.clone(),
                target,
                cached: true,
            }),
            None => by_host
                .entry(host_key(&target.url))
                .or_default()
                .push(target),
        }
    }
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let results = Mutex::new(Vec::new());
    let agent = http::agent(settings.external_timeout);
    let workers = settings.external_hosts.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(host) = queue.lock().ok().and_then(|mut q| q.pop()) {
                    let checked = check_host(&agent, host, settings.external_delay);
                    if let Ok(mut results) = results.lock() {
                        results.extend(checked);
                    }
                }
            });
        }
    });
    for checked in results.into_inner().unwrap_or_default() {
        cache.record(&checked.target.url, &checked.outcome);
        done.push(checked);
    }
    done.sort_by(|a, b| a.target.url.cmp(&b.target.url));
    done
}

/// One host's URLs, one at a time, `delay` apart.
fn check_host(agent: &ureq::Agent, urls: Vec<Target>, delay: Duration) -> Vec<Checked> {
    urls.into_iter()
        .enumerate()
        .map(|(i, target)| {
            if i > 0 {
                std::thread::sleep(delay);
            }
            let outcome = http::check(agent, &target.url, &std::thread::sleep);
            Checked {
                target,
                outcome,
                cached: false,
            }
        })
        .collect()
}

/// `host:port`, what politeness is counted by; an unparsable URL is a
/// host of its own.
fn host_key(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => format!(
            "{}:{}",
            u.host_str().unwrap_or(""),
            u.port_or_known_default().unwrap_or(0)
        ),
        Err(_) => url.to_string(),
    }
}
