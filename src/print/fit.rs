//! `sheaf check`'s print-fit check: the printed pages laid out by
//! Chromium exactly as `build --pdf` prints them (the same renderer, in a
//! mode that keeps no PDF), to warn about a factsheet whose last page holds
//! only a few lines. The site is written to a temporary folder for the
//! browser to load; the output folder is not touched.

use super::PdfError;
use super::languages::with_translations;
use super::pdf::PdfRenderer;
use crate::diagnostics::Diagnostic;
use crate::output::{OutputError, OutputPlan, write_site_with};
use crate::site::SiteData;

/// Why the print-fit check could not run.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    #[error(transparent)]
    Browser(#[from] PdfError),
    #[error("cannot write the site to a temporary folder to lay it out: {0}")]
    Output(#[from] OutputError),
    #[error("cannot make a temporary folder to lay the site out in: {0}")]
    Temp(std::io::Error),
}

impl FitError {
    /// How to make the check run (or stop asking for it).
    pub fn help(&self) -> String {
        let off = "pass --no-print to leave the check out on purpose";
        match self {
            FitError::Browser(PdfError::NoBrowser | PdfError::BadBrowserVar(_)) => {
                format!(
                    "{}\nor {off}",
                    super::INSTALL_HELP
                        .lines()
                        .take(4)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            }
            FitError::Browser(e) => format!("{}; or {off}", e.help()),
            FitError::Output(_) | FitError::Temp(_) => {
                format!("check that the temporary folder (TMPDIR) can be written; or {off}")
            }
        }
    }

    /// The browser is missing, rather than failing.
    pub fn no_browser(&self) -> bool {
        matches!(
            self,
            FitError::Browser(PdfError::NoBrowser | PdfError::BadBrowserVar(_))
        )
    }
}

/// Lays out every printed page (and printed translation) of the rendered
/// site `plan` and returns a warning for each one that spills onto a last
/// page by less than a quarter of a page, and for each request a page made
/// that printing blocked. `jobs`: pages laid out at once.
pub fn check_print_fit(
    data: &SiteData,
    plan: &OutputPlan,
    jobs: usize,
) -> Result<Vec<Diagnostic>, FitError> {
    if with_translations(&data.config, &data.content, &data.printed).is_empty() {
        return Ok(Vec::new());
    }
    let renderer = PdfRenderer::measuring(data, jobs)?;
    let dir = tempfile::tempdir().map_err(FitError::Temp)?;
    let mut found = Vec::new();
    write_site_with(plan, &dir.path().join("site"), |staging| {
        found = renderer.render(staging)?.1;
        Ok::<(), FitError>(())
    })?;
    Ok(found)
}
