//! PDFs of the booklet and of each printed page: Chromium prints the staged
//! site from a local server, several pages at a time, and each PDF's link
//! targets are then moved from the local address to the live site.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use lopdf::{Document, Object};

use super::PdfError;
use super::booklet::{BOOKLET_DIR, booklet_pdf_path};
#[cfg(unix)]
use super::cdp::{CdpBrowser, Printed};
use super::chrome::{Browser, find_browser};
use super::extras::page_pdf_path;
use super::server::LocalServer;
use crate::diagnostics::Diagnostic;
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
}

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
}

impl PdfRenderer {
    /// Finds the browser (a missing one is an error before anything is
    /// written) and lists the PDFs: the booklet first, then each page.
    pub fn new(data: &SiteData, printed: &[usize], jobs: usize) -> Result<PdfRenderer, PdfError> {
        let browser = find_browser()?;
        let mut list = vec![PdfJob {
            label: "the print booklet".into(),
            site_path: BOOKLET_DIR.into(),
            output: booklet_pdf_path(data),
        }];
        list.extend(printed.iter().map(|&p| {
            let page = &data.content.pages[p];
            PdfJob {
                label: page.source.display_path.clone(),
                site_path: page.site_path.clone(),
                output: page_pdf_path(&page.site_path, &page.slug),
            }
        }));
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
        })
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
        let workers = self.parallel.min(self.jobs.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    let mut worker = Worker::default();
                    while !failed.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = self.jobs.get(i) else { break };
                        match self.print_one(&mut worker, job, staging, &origin) {
                            Ok(urls) if urls.is_empty() => {}
                            Ok(urls) => {
                                if let Ok(mut blocked) = blocked.lock() {
                                    blocked.push((i, urls));
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
        let warnings = blocked
            .into_iter()
            .flat_map(|(i, urls)| {
                let job = &self.jobs[i];
                urls.into_iter().map(move |url| blocked_warning(job, &url))
            })
            .collect();
        Ok((self.jobs.len(), warnings))
    }

    fn print_one(
        &self,
        worker: &mut Worker,
        job: &PdfJob,
        staging: &Path,
        origin: &str,
    ) -> Result<Vec<String>, PdfError> {
        let url = format!("{origin}{}{}", self.base_path, job.site_path);
        let out = staging.join(&job.output);
        let html = staging.join(crate::output::page_file(&job.site_path));
        let size = std::fs::metadata(html).map_or(0, |m| m.len());
        let timeout = scaled_timeout(self.timeout, size);
        let printed = worker.print(&self.browser, &url, &job.label, origin, timeout)?;
        let pdf = printed.pdf;
        let pdf =
            relink(&pdf, origin, &self.live_origin).map_err(|detail| PdfError::PostProcess {
                page: job.label.clone(),
                detail,
            })?;
        std::fs::write(&out, pdf).map_err(|e| PdfError::PostProcess {
            page: job.label.clone(),
            detail: format!("cannot write {}: {e}", out.display()),
        })?;
        Ok(printed.blocked)
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

/// Replaces the local origin in every string of the PDF (link targets) with
/// the live site's; returns the PDF unchanged if it has none.
pub fn relink(pdf: &[u8], local: &str, live: &str) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| format!("cannot read the PDF: {e}"))?;
    let mut changed = false;
    for object in doc.objects.values_mut() {
        changed |= replace_in(object, local.as_bytes(), live.as_bytes());
    }
    if !changed {
        return Ok(pdf.to_vec());
    }
    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(out)
}

fn replace_in(object: &mut Object, from: &[u8], to: &[u8]) -> bool {
    match object {
        Object::String(bytes, _) => {
            let Some(replaced) = replace_bytes(bytes, from, to) else {
                return false;
            };
            *bytes = replaced;
            true
        }
        Object::Array(items) => items
            .iter_mut()
            .fold(false, |acc, o| replace_in(o, from, to) | acc),
        Object::Dictionary(dict) => dict
            .iter_mut()
            .fold(false, |acc, (_, o)| replace_in(o, from, to) | acc),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .fold(false, |acc, (_, o)| replace_in(o, from, to) | acc),
        _ => false,
    }
}

fn replace_bytes(haystack: &[u8], from: &[u8], to: &[u8]) -> Option<Vec<u8>> {
    if from.is_empty() || !haystack.windows(from.len()).any(|w| w == from) {
        return None;
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    Some(out)
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

    #[test]
    fn local_origin_is_replaced_everywhere_in_a_string() {
        let mut o = Object::Array(vec![Object::string_literal(
            "http://127.0.0.1:4000/families/x/ and http://127.0.0.1:4000/y",
        )]);
        assert!(replace_in(
            &mut o,
            b"http://127.0.0.1:4000",
            b"https://example.org"
        ));
        let Object::Array(items) = o else { panic!() };
        let Object::String(bytes, _) = &items[0] else {
            panic!()
        };
        assert_eq!(
            String::from_utf8_lossy(bytes),
            "https://example.org/families/x/ and https://example.org/y"
        );
    }
}
