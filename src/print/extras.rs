//! What print adds to each page's context before rendering: the QR code of
//! its permalink, "how to cite this factsheet", and the link to its PDF.

use std::fmt::Write as _;

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};
use rayon::prelude::*;

use crate::config::Config;
use crate::content::Page;
use crate::evidence::CitationStyle;
use crate::evidence::webpage::{WebPage, cite_webpage_html};
use crate::site::SiteData;

/// "How to cite this page" in the site's citation style, as HTML.
pub fn cite_as(config: &Config, page: &Page) -> String {
    // An unknown style is reported by the evidence stage; cite in APA here.
    let style: CitationStyle = config.citation_style.parse().unwrap_or_default();
    let permalink = config.permalink_for(&page.site_path);
    cite_webpage_html(
        &style,
        &WebPage {
            author: crate::brand::organisation(config),
            title: &page.front.title,
            date: page.front.updated.as_ref().or(page.front.date.as_ref()),
            url: &permalink,
        },
    )
}

/// Every page's QR code and "how to cite", in page order. Needs nothing
/// from the evidence stage, so the pipeline makes them while it links.
pub fn page_print_extras(config: &Config, pages: &[Page]) -> Vec<(String, String)> {
    pages
        .par_iter()
        .map(|page| {
            (
                qr_svg(&config.permalink_for(&page.site_path)),
                cite_as(config, page),
            )
        })
        .collect()
}

/// Fills `qr_svg` and `cite_as` of every page (from [`page_print_extras`]),
/// and `pdf_url` of the printed pages when PDFs are built.
pub fn fill_page_extras(
    data: &mut SiteData,
    filled: Vec<(String, String)>,
    printed: &[usize],
    pdfs: bool,
) {
    let config = &data.config;
    for (extras, (qr, cite)) in data.page_extras.iter_mut().zip(filled) {
        extras.qr_svg = qr;
        extras.cite_as = cite;
    }
    if pdfs {
        for &index in printed {
            let page = &data.content.pages[index];
            data.page_extras[index].pdf_url =
                Some(config.url_for(&page_pdf_path(&page.site_path, &page.slug)));
        }
    }
}

/// Where a page's PDF goes: beside its `index.html`, named after its slug.
pub fn page_pdf_path(site_path: &str, slug: &str) -> String {
    let name = if slug.is_empty() { "page" } else { slug };
    format!("{site_path}{name}.pdf")
}

/// An inline SVG QR code (no XML declaration), one unit per module, sized
/// by CSS. Empty if the text is too long for a QR code.
pub fn qr_svg(text: &str) -> String {
    let Some((width, dark)) = qr_modules(text) else {
        return String::new();
    };
    // One path of horizontal runs of dark modules, with a 4-module quiet zone.
    let size = width + 8;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if !dark[y * width + x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && dark[y * width + x] {
                x += 1;
            }
            let _ = write!(
                path,
                "M{} {}h{}v1h-{}z",
                start + 4,
                y + 4,
                x - start,
                x - start
            );
        }
    }
    format!(
        "<svg aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
         width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

/// The modules of a QR code for `text` (medium error correction).
///
/// The mask is fixed instead of chosen by scoring all eight: any mask is
/// valid QR, and scoring them was a quarter of a 10,000-page build's time.
fn qr_modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (encoded, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    let dark = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some((width, dark))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_code_is_inline_svg() {
        let svg = qr_svg("https://example.org/families/factsheets/learning-at-home/");
        assert!(svg.starts_with("<svg aria-hidden=\"true\""), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("viewBox"));
    }

    #[test]
    fn pdf_sits_beside_the_page() {
        assert_eq!(
            page_pdf_path("factsheets/learning-at-home/", "learning-at-home"),
            "factsheets/learning-at-home/learning-at-home.pdf"
        );
    }
}
