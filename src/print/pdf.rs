//! PDFs of the booklet and of each printed page: Chromium prints the staged
//! site from a local server, several pages at a time, and each PDF's link
//! targets are then moved from the local address to the live site.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use std::collections::HashMap;

use super::PdfError;
use super::booklet::booklet_pdf_path;
#[cfg(unix)]
use super::cdp::{CdpBrowser, Printed};
use super::chrome::{Browser, find_browser};
use super::date::pdf_epoch;
use super::extras::page_pdf_path;
use super::finish::{
    DocFacts, Finish, LastPage, finish_pdf, page_starts, read_page_text, short_last_page,
};
use super::languages::{booklet_dir, booklets};
use super::page_numbers;
use super::server::LocalServer;
use crate::diagnostics::Diagnostic;
use crate::ids::PageId;
use crate::site::SiteData;

/// The HTML size `[print] timeout` is allowed for; each further MiB (the
/// booklet of a large site) gets as long again.
const TIMEOUT_UNIT: u64 = 1 << 20;

/// How long printing `html_bytes` of HTML may take: `per_mib` for the
/// first MiB and for each one after it.
pub fn scaled_timeout(per_mib: Duration, html_bytes: u64) -> Duration {
    let units = 1 + html_bytes / TIMEOUT_UNIT;
    per_mib.saturating_mul(u32::try_from(units).unwrap_or(u32::MAX))
}

/// One PDF to print.
#[derive(Debug, Clone)]
pub struct PdfJob {
    /// What errors call it: the source file, or "the print booklet".
    pub label: String,
    /// Site path of the HTML to print: `factsheets/x/`.
    pub site_path: String,
    /// Output path of the PDF: `factsheets/x/x.pdf`.
    pub output: String,
    /// Its creation date, Unix seconds (see [`super::date::pdf_epoch`]).
    pub date: Option<i64>,
    /// The booklet: its contents get page numbers.
    pub booklet: bool,
}

/// The share of a page below which a factsheet's last page counts as
/// wasted paper.
pub const SHORT_LAST_PAGE: f64 = 0.25;

/// Everything needed to print the site's PDFs once it is staged.
#[derive(Debug)]
pub struct PdfRenderer {
    browser: Browser,
    jobs: Vec<PdfJob>,
    base_path: String,
    /// `https://example.org`, what the local origin becomes in links.
    live_origin: String,
    parallel: usize,
    /// `[print] timeout`, per MiB of a page's HTML.
    timeout: Duration,
    /// The site's language, for a page whose HTML names none.
    language: String,
    /// `sheaf check`: lay the pages out and measure them, keep no PDF.
    measure_only: bool,
}

impl PdfRenderer {
    /// Finds the browser (a missing one is an error before anything is
    /// written) and lists the PDFs: the booklet first, then each page.
    pub fn new(data: &SiteData, printed: &[PageId], jobs: usize) -> Result<PdfRenderer, PdfError> {
        let browser = find_browser()?;
        let booklet = |lang: Option<&str>, pages: &[PageId]| PdfJob {
            label: match lang {
                Some(tag) => format!("the print booklet in `{tag}`"),
                None => "the print booklet".into(),
            },
            site_path: booklet_dir(lang),
            output: booklet_pdf_path(data, lang),
            date: pdf_epoch(&data.content, pages),
            booklet: true,
        };
        let page = |p: PageId| {
            let page = &data.content.pages[p];
            PdfJob {
                label: page.source.display_path.clone(),
                site_path: page.site_path.clone(),
                output: page_pdf_path(&page.site_path, &page.slug),
                date: pdf_epoch(&data.content, &[p]),
                booklet: false,
            }
        };
        // The booklets first: they are the longest to print.
        let languages = booklets(&data.config, &data.content, printed);
        let mut list = vec![booklet(None, printed)];
        list.extend(
            languages
                .iter()
                .map(|(tag, pages)| booklet(Some(tag), pages)),
        );
        list.extend(printed.iter().map(|&p| page(p)));
        list.extend(
            languages
                .iter()
                .flat_map(|(_, pages)| pages.iter().map(|&p| page(p))),
        );
        let live_origin = url::Url::parse(&data.config.base_url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        Ok(PdfRenderer {
            browser,
            jobs: list,
            base_path: data.config.base_path.clone(),
            live_origin,
            parallel: jobs.max(1),
            timeout: data.config.print.timeout,
            language: data.config.language.clone(),
            measure_only: false,
        })
    }

    /// For `sheaf check`: the PDFs of the printed pages and translations
    /// printed only to measure how full their last page is (see
    /// `print::fit`); nothing is written.
    pub fn measuring(data: &SiteData, jobs: usize) -> Result<PdfRenderer, PdfError> {
        let mut renderer = PdfRenderer::new(data, &data.printed, jobs)?;
        renderer.jobs.retain(|job| !job.booklet);
        renderer.measure_only = true;
        Ok(renderer)
    }

    /// Prints every PDF into `staging`; returns how many, and a warning
    /// for each page that tried to load something other than the site.
    pub fn render(&self, staging: &Path) -> Result<(usize, Vec<Diagnostic>), PdfError> {
        let server = LocalServer::start(staging, &self.base_path).map_err(PdfError::Server)?;
        let origin = server.origin();
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let errors: Mutex<Vec<(usize, PdfError)>> = Mutex::new(Vec::new());
        let blocked: Mutex<Vec<(usize, Vec<String>)>> = Mutex::new(Vec::new());
        let short: Mutex<Vec<(usize, LastPage)>> = Mutex::new(Vec::new());
        let workers = self.parallel.min(self.jobs.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    let mut worker = Worker::default();
                    while !failed.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = self.jobs.get(i) else { break };
                        match self.print_one(&mut worker, job, staging, &origin) {
                            Ok(outcome) => {
                                if !outcome.blocked.is_empty()
                                    && let Ok(mut blocked) = blocked.lock()
                                {
                                    blocked.push((i, outcome.blocked));
                                }
                                if let Some(last) = outcome.short
                                    && let Ok(mut short) = short.lock()
                                {
                                    short.push((i, last));
                                }
                            }
                            Err(e) => {
                                failed.store(true, Ordering::Relaxed);
                                if let Ok(mut errors) = errors.lock() {
                                    errors.push((i, e));
                                }
                            }
                        }
                    }
                });
            }
        });
        drop(server);
        let mut errors = errors.into_inner().unwrap_or_default();
        errors.sort_by_key(|(i, _)| *i);
        if let Some((_, e)) = errors.into_iter().next() {
            return Err(e);
        }
        let mut blocked = blocked.into_inner().unwrap_or_default();
        blocked.sort();
        let mut warnings: Vec<Diagnostic> = blocked
            .into_iter()
            .flat_map(|(i, urls)| {
                let job = &self.jobs[i];
                urls.into_iter().map(move |url| blocked_warning(job, &url))
            })
            .collect();
        let mut short = short.into_inner().unwrap_or_default();
        short.sort_by_key(|(i, _)| *i);
        warnings.extend(
            short
                .iter()
                .map(|(i, last)| short_page_warning(&self.jobs[*i], last)),
        );
        Ok((self.jobs.len(), warnings))
    }

    fn print_one(
        &self,
        worker: &mut Worker,
        job: &PdfJob,
        staging: &Path,
        origin: &str,
    ) -> Result<PrintOutcome, PdfError> {
        let post = |detail: String| PdfError::PostProcess {
            page: job.label.clone(),
            detail,
        };
        let url = format!("{origin}{}{}", self.base_path, job.site_path);
        let out = staging.join(&job.output);
        let html_path = staging.join(crate::output::page_file(&job.site_path));
        let html = std::fs::read_to_string(&html_path).unwrap_or_default();
        let timeout = scaled_timeout(self.timeout, html.len() as u64);
        let live_url = url::Url::parse(&format!(
            "{}{}{}",
            self.live_origin, self.base_path, job.site_path
        ))
        .map_err(|e| post(format!("the page's address is not a URL: {e}")))?;
        let text = read_page_text(&html, &live_url);
        let finish = Finish {
            local_origin: origin,
            live_origin: &self.live_origin,
            facts: DocFacts {
                title: job.label.clone(),
                lang: self.language.clone(),
                date: job.date,
            },
            text: &text,
        };
        let mut printed = worker.print(&self.browser, &url, &job.label, origin, timeout)?;
        if job.booklet && page_numbers::has_slots(&html) {
            // Numbers are written in and the booklet printed again, until
            // the pages they name are where the chapters start (a number
            // could, in theory, push a chapter onto another page). Only
            // the last print is finished: the others are read for where
            // their chapters start, which needs none of the finishing.
            let mut current = html;
            for pass in 2..=MAX_NUMBERING_PASSES {
                let pages: HashMap<String, usize> = page_starts(&printed.pdf)
                    .map_err(post)?
                    .into_iter()
                    .collect();
                let Some(numbered) = page_numbers::fill_slots(&current, &pages) else {
                    break;
                };
                if numbered == current {
                    break;
                }
                std::fs::write(&html_path, &numbered)
                    .map_err(|e| post(format!("cannot write {}: {e}", html_path.display())))?;
                current = numbered;
                let again = format!("{url}?pass={pass}");
                let blocked = std::mem::take(&mut printed.blocked);
                printed = worker.print(&self.browser, &again, &job.label, origin, timeout)?;
                printed.blocked.extend(blocked);
            }
        }
        let finished = finish_pdf(&printed.pdf, &finish).map_err(post)?;
        if !self.measure_only {
            std::fs::write(&out, &finished.pdf)
                .map_err(|e| post(format!("cannot write {}: {e}", out.display())))?;
        }
        let short = if job.booklet {
            None
        } else {
            short_last_page(&finished.pages, SHORT_LAST_PAGE)
        };
        Ok(PrintOutcome {
            blocked: printed.blocked,
            short,
        })
    }
}

/// How many times the booklet may be printed to settle its page numbers.
const MAX_NUMBERING_PASSES: usize = 3;

/// What printing one PDF found out besides the PDF.
struct PrintOutcome {
    blocked: Vec<String>,
    short: Option<LastPage>,
}

/// A factsheet whose last page holds only a few lines.
fn short_page_warning(job: &PdfJob, last: &LastPage) -> Diagnostic {
    let percent = (last.fill * 100.0).round();
    let lines = last.lines;
    let warning = Diagnostic::warning(format!(
        "the PDF of {} spills onto page {} by {lines} line{} ({percent} % of the page)",
        job.label,
        last.number,
        if lines == 1 { "" } else { "s" },
    ))
    .help(format!(
        "that page is mostly empty paper: shorten the page by about {lines} line{}, or split it into two factsheets",
        if lines == 1 { "" } else { "s" }
    ));
    if job.label.ends_with(".md") {
        warning.in_file(job.label.clone())
    } else {
        warning
    }
}

/// A request the page made while printing, refused.
fn blocked_warning(job: &PdfJob, url: &str) -> Diagnostic {
    let shown: String = url.chars().take(200).collect();
    let warning = Diagnostic::warning(format!(
        "while printing {}, the page asked for `{shown}`, which was blocked",
        job.label
    ))
    .help("PDFs load only the site's own files: put images under static/ or beside the page, and link to other sites rather than embedding them");
    if job.label.ends_with(".md") {
        warning.in_file(job.label.clone())
    } else {
        warning
    }
}

/// One printing thread's browser: on Unix a long-lived one driven over
/// DevTools pipes, started on first use and dropped after a failure;
/// elsewhere one browser run per PDF.
#[derive(Default)]
struct Worker {
    #[cfg(unix)]
    browser: Option<CdpBrowser>,
}

impl Worker {
    #[cfg(unix)]
    fn print(
        &mut self,
        browser: &Browser,
        url: &str,
        label: &str,
        origin: &str,
        timeout: Duration,
    ) -> Result<Printed, PdfError> {
        let session = match &mut self.browser {
            Some(session) => session,
            None => self
                .browser
                .insert(CdpBrowser::launch(browser, label, origin)?),
        };
        let result = session.print(url, label, timeout);
        if result.is_err() {
            self.browser = None;
        }
        result
    }

    /// Without DevTools pipes nothing can be intercepted: see
    /// docs/printing.md.
    #[cfg(not(unix))]
    fn print(
        &mut self,
        browser: &Browser,
        url: &str,
        label: &str,
        _origin: &str,
        timeout: Duration,
    ) -> Result<Printed, PdfError> {
        let dir = tempfile::tempdir().map_err(|e| PdfError::Crashed {
            page: label.to_string(),
            detail: format!("cannot create a temporary folder: {e}"),
        })?;
        let out = dir.path().join("page.pdf");
        browser.print_to_pdf(url, &out, label, timeout)?;
        let pdf = std::fs::read(&out).map_err(|e| PdfError::Crashed {
            page: label.to_string(),
            detail: format!("cannot read its PDF: {e}"),
        })?;
        Ok(Printed {
            pdf,
            blocked: Vec::new(),
        })
    }
}

/// Where the non-Unix printer keeps what the CDP one reports.
#[cfg(not(unix))]
pub struct Printed {
    pub pdf: Vec<u8>,
    pub blocked: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_limit_grows_with_each_mib_of_html() {
        let minute = Duration::from_secs(60);
        assert_eq!(scaled_timeout(minute, 0), minute);
        assert_eq!(scaled_timeout(minute, TIMEOUT_UNIT - 1), minute);
        assert_eq!(scaled_timeout(minute, 30 * TIMEOUT_UNIT), minute * 31);
    }
}
