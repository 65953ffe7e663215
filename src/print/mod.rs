//! The print version: which pages are printed, what print adds to each
//! page (QR code, "how to cite", PDF link), the combined booklet at
//! `/print/`, and PDFs through headless Chromium.
//!
//! The pipeline calls [`select_pages`] and [`all_page_extras`] before
//! rendering; the booklet job with the other pages ([`prepare_booklet`],
//! written a piece at a time by `sheaf build`; [`render_booklet`] whole,
//! for `serve`); and [`PdfRenderer::render`] on the staged output before
//! it replaces the previous one.

mod booklet;
#[cfg(unix)]
mod cdp;
mod chrome;
pub(crate) mod date;
pub mod extras;
mod finish;
mod fit;
mod href_memo;
pub mod languages;
mod page_numbers;
mod pdf;
mod rewrite;
#[cfg(test)]
mod rewrite_agreement;
mod selection;
mod server;
mod sheaf_html;
mod splice;

use std::path::PathBuf;

pub use booklet::{
    BOOKLET_DIR, Booklet, BookletContext, booklet_pdf_path, booklet_slug, prepare_booklet,
    render_booklet, render_booklet_in,
};
pub use chrome::{Browser, find_browser};
pub use date::{booklet_date, date_from_epoch};
pub use extras::{
    PrintExtras, QrCode, all_page_extras, cite_as, page_extras, page_pdf_path, qr_svg,
};
pub use finish::relink;
pub use fit::{FitError, check_print_fit};
pub use pdf::{PdfJob, PdfRenderer};
pub use selection::{check_sections, printed_pages};

use crate::diagnostics::Diagnostics;
use crate::ids::{PageId, TiVec};

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

/// Before rendering: the printed pages, in booklet order (and the checks
/// of `[print] sections`).
pub fn select_pages(
    config: &crate::config::Config,
    content: &crate::content::Content,
    diags: &mut Diagnostics,
) -> Vec<PageId> {
    check_sections(config, content, diags);
    printed_pages(config, content)
}

/// Which pages link to a PDF of their own: the printed ones and their
/// printed translations, when PDFs are built. One flag per page.
pub fn pdf_links(
    config: &crate::config::Config,
    content: &crate::content::Content,
    printed: &[PageId],
    pdfs: bool,
) -> TiVec<PageId, bool> {
    let mut links: TiVec<PageId, bool> = vec![false; content.pages.len()].into();
    if pdfs {
        for p in languages::with_translations(config, content, printed) {
            links[p] = true;
        }
    }
    links
}
