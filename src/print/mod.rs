//! The print version: which pages are printed, what print adds to each
//! page (QR code, "how to cite", PDF link), the combined booklet at
//! `/print/`, and PDFs through headless Chromium.
//!
//! The pipeline calls [`prepare_pages`] before rendering, [`add_booklet`]
//! after, and [`PdfRenderer::render`] on the staged output before it
//! replaces the previous one.

mod booklet;
#[cfg(unix)]
mod cdp;
mod chrome;
pub(crate) mod date;
mod extras;
mod pdf;
mod rewrite;
mod selection;
mod server;

use std::path::PathBuf;

pub use booklet::{BOOKLET_DIR, BookletContext, booklet_pdf_path, booklet_slug, render_booklet};
pub use chrome::{Browser, find_browser};
pub use date::{booklet_date, date_from_epoch};
pub use extras::{cite_as, fill_page_extras, page_pdf_path, page_print_extras, qr_svg};
pub use pdf::{PdfJob, PdfRenderer, relink};
pub use selection::{check_sections, printed_pages};

use crate::diagnostics::Diagnostics;
use crate::output::{OutputPlan, page_file};
use crate::render::Templates;
use crate::site::SiteData;

/// How to install a browser sheaf can print with.
pub const INSTALL_HELP: &str = "install Chromium or Google Chrome:\n  \
    Debian/Ubuntu: sudo apt install chromium\n  \
    macOS:         brew install --cask chromium   (or install Google Chrome)\n  \
    Windows:       winget install Google.Chrome\n\
    or set SHEAF_CHROME to the browser's path; build without --pdf (and with [print] pdf = false) to skip PDFs";

/// Why PDFs could not be made (all exit 3: the machine, not the site).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "PDFs need Chromium or Google Chrome, and none was found (looked for SHEAF_CHROME, chromium, chromium-browser and google-chrome on PATH)"
    )]
    NoBrowser,
    #[error("SHEAF_CHROME is set to `{}`, which is not a program", .0.display())]
    BadBrowserVar(PathBuf),
    #[error("Chromium failed to print {page}: {detail}")]
    Crashed { page: String, detail: String },
    #[error("Chromium took longer than {secs} s to print {page}, so it was stopped: {cause}")]
    TimedOut {
        page: String,
        secs: u64,
        cause: String,
    },
    #[error("cannot start the local web server Chromium prints from: {0}")]
    Server(std::io::Error),
    #[error("cannot finish the PDF of {page}: {detail}")]
    PostProcess { page: String, detail: String },
}

impl PdfError {
    pub fn help(&self) -> String {
        let kept = "the previous output was left as it was";
        match self {
            PdfError::NoBrowser | PdfError::BadBrowserVar(_) => INSTALL_HELP.into(),
            PdfError::Crashed { .. } => format!(
                "{kept}; run the build again, or try printing the page in a desktop browser to see what it chokes on (set SHEAF_CHROME to use another browser)"
            ),
            PdfError::TimedOut { .. } => format!(
                "{kept}; look for a script in the page that never ends; a very large page may need a longer limit: raise [print] timeout in sheaf.toml (the limit is per MiB of the page's HTML)"
            ),
            PdfError::Server(_) => format!("{kept}; check that 127.0.0.1 is available"),
            PdfError::PostProcess { .. } => format!("{kept}; check that the disk is not full"),
        }
    }
}

impl From<PdfError> for crate::pipeline::Error {
    fn from(e: PdfError) -> Self {
        crate::pipeline::Error::Environment {
            message: e.to_string(),
            help: e.help(),
        }
    }
}

/// Before rendering: the printed pages (in booklet order), with each page's
/// QR code and citation (`extras`, from [`page_print_extras`]) and, when
/// PDFs are built, PDF link filled in.
pub fn prepare_pages(
    data: &mut SiteData,
    extras: Vec<(String, String)>,
    pdfs: bool,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    check_sections(&data.config, &data.content, diags);
    let printed = printed_pages(&data.config, &data.content);
    fill_page_extras(data, extras, &printed, pdfs);
    printed
}

/// After rendering: `/print/index.html`.
pub fn add_booklet(
    data: &SiteData,
    templates: &Templates,
    printed: &[usize],
    pdfs: bool,
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) {
    match render_booklet(data, templates, printed, pdfs) {
        Ok(html) => plan.add(
            page_file(BOOKLET_DIR),
            html.into_bytes(),
            "the print booklet",
        ),
        Err(d) => diags.push(d),
    }
}
