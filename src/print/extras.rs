//! What print adds to each page's context before rendering: the QR code of
//! its permalink, "how to cite this factsheet", and the link to its PDF.
//! Per page and from the page alone, so a rebuild redoes only the pages
//! that changed. Imports nothing of the site's data (`site.rs` holds this
//! stage's result).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::Page;
use crate::evidence::CitationStyle;
use crate::evidence::webpage::{WebPage, cite_webpage_html};
use crate::ids::{PageId, TiSlice, TiVec};

/// What print adds to one page; templates see `page.pdf_url`,
/// `page.cite_as` and `page.qr_svg`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintExtras {
    /// The page's PDF, when this build makes PDFs and prints the page.
    pub pdf_url: Option<String>,
    pub cite_as: String,
    pub qr_svg: QrCode,
}

/// A QR code kept as its modules, one bit each, and written out as SVG
/// when a template or the booklet asks for it: the SVG is some twenty
/// times larger, and a 10,000-page site held one per page for the whole
/// render. Templates see the SVG string (empty when the text was too long
/// for a QR code).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QrCode {
    /// Modules per side; 0 for no code.
    width: usize,
    /// Row by row, `width.div_ceil(64)` words a row, dark = 1, module `x`
    /// at bit `x % 64` of the row's word `x / 64`: a row's runs are found
    /// a word at a time.
    dark: Box<[u64]>,
}

impl QrCode {
    /// The QR code of `text` (medium error correction); empty if the text
    /// is too long for one.
    pub fn new(text: &str) -> Self {
        let Some((width, modules)) = qr_modules(text) else {
            return Self::default();
        };
        let per_row = width.div_ceil(64);
        let mut dark = vec![0u64; per_row * width];
        for (i, _) in modules.iter().enumerate().filter(|(_, d)| **d) {
            let (x, y) = (i % width, i / width);
            dark[y * per_row + x / 64] |= 1 << (x % 64);
        }
        Self {
            width,
            dark: dark.into_boxed_slice(),
        }
    }

    /// Row `y`'s words.
    fn row(&self, y: usize) -> &[u64] {
        let per_row = self.width.div_ceil(64);
        &self.dark[y * per_row..(y + 1) * per_row]
    }

    /// Whether there is no code (the text was too long).
    pub fn is_empty(&self) -> bool {
        self.width == 0
    }

    #[cfg(test)]
    fn is_dark(&self, x: usize, y: usize) -> bool {
        self.row(y)[x / 64] & (1 << (x % 64)) != 0
    }

    /// The inline SVG (no XML declaration), one unit per module, sized by
    /// CSS; empty for no code.
    pub fn svg(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let width = self.width;
        // One path of horizontal runs of dark modules, with a 4-module quiet zone.
        let size = width + 8;
        let mut svg = format!(
            "<svg aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
             width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
        )
        .into_bytes();
        svg.reserve(width * width + 16);
        for y in 0..width {
            let row = self.row(y);
            let mut x = 0;
            // Bits past the row's end are 0, so every run ends inside it.
            while let Some(start) = next_bit(row, x, true) {
                let end = next_bit(row, start, false).unwrap_or(width);
                push_run(&mut svg, start + 4, y + 4, end - start);
                x = end;
            }
        }
        svg.extend_from_slice(b"\"/></svg>");
        // Only ASCII was written.
        String::from_utf8(svg).unwrap_or_default()
    }
}

impl Serialize for QrCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.svg())
    }
}

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

/// One page's QR code, "how to cite" and (when `pdf` is true: PDFs are
/// built and the page is printed) PDF link.
pub fn page_extras(config: &Config, page: &Page, pdf: bool) -> PrintExtras {
    PrintExtras {
        pdf_url: pdf.then(|| config.url_for(&page_pdf_path(&page.site_path, &page.slug))),
        cite_as: cite_as(config, page),
        qr_svg: QrCode::new(&config.permalink_for(&page.site_path)),
    }
}

/// [`page_extras`] of every page, in page order; `printed[i]`: whether
/// page `i` gets a PDF link. Needs nothing from the evidence stage, so
/// the pipeline makes them while it links.
pub fn all_page_extras(
    config: &Config,
    pages: &TiSlice<PageId, Page>,
    pdf_links: &TiSlice<PageId, bool>,
) -> TiVec<PageId, PrintExtras> {
    pages
        .raw
        .par_iter()
        .zip(&pdf_links.raw)
        .map(|(page, &pdf)| page_extras(config, page, pdf))
        .collect::<Vec<_>>()
        .into()
}

/// Where a page's PDF goes: beside its `index.html`, named after its slug.
pub fn page_pdf_path(site_path: &str, slug: &str) -> String {
    let name = if slug.is_empty() { "page" } else { slug };
    format!("{site_path}{name}.pdf")
}

/// An inline SVG QR code (no XML declaration), one unit per module, sized
/// by CSS. Empty if the text is too long for a QR code.
pub fn qr_svg(text: &str) -> String {
    QrCode::new(text).svg()
}

/// The first bit at or after `from` that is `set` (1) or not, in `words`
/// read as one bit string (bit `i` is bit `i % 64` of word `i / 64`).
fn next_bit(words: &[u64], from: usize, set: bool) -> Option<usize> {
    let mut w = from / 64;
    let first = *words.get(w)?;
    // The bits before `from` in its word, made not to count.
    let below = (1u64 << (from % 64)) - 1;
    let mut word = if set { first & !below } else { !first & !below };
    loop {
        if word != 0 {
            return Some(w * 64 + word.trailing_zeros() as usize);
        }
        w += 1;
        let next = *words.get(w)?;
        word = if set { next } else { !next };
    }
}

/// Appends the path of one run of dark modules, `M{x} {y}h{run}v1h-{run}z`.
/// A code has hundreds of runs and a page's code is written twice (page
/// and booklet): each run is put together in a small buffer from a table
/// of the numbers a code can have, then appended at once.
fn push_run(out: &mut Vec<u8>, x: usize, y: usize, run: usize) {
    let (Some(&x), Some(&y), Some(&run)) = (DECIMALS.get(x), DECIMALS.get(y), DECIMALS.get(run))
    else {
        // Wider than any QR code: the general path.
        out.push(b'M');
        push_number(out, x);
        out.push(b' ');
        push_number(out, y);
        out.push(b'h');
        push_number(out, run);
        out.extend_from_slice(b"v1h-");
        push_number(out, run);
        out.push(b'z');
        return;
    };
    // Each piece is copied as four bytes, of which `count` are kept: a
    // copy of a fixed length is a move, one of a varying length a call.
    let mut buf = [0u8; 24];
    let mut len = 0;
    for (bytes, count) in [
        (*b"M   ", 1),
        x,
        (*b"    ", 1),
        y,
        (*b"h   ", 1),
        run,
        (*b"v1h-", 4),
        run,
        (*b"z   ", 1),
    ] {
        buf[len..len + 4].copy_from_slice(&bytes);
        len += count as usize;
    }
    out.extend_from_slice(&buf[..len]);
}

/// The numbers a QR code's path uses (a side is at most 177 modules, 185
/// with the quiet zone), in decimal: the digits, padded to four bytes, and
/// how many there are.
const DECIMALS: [([u8; 4], u8); 256] = {
    let mut table = [([0u8; 4], 0u8); 256];
    let mut n = 0;
    while n < 256 {
        let (a, b, c) = ((n / 100) as u8, (n / 10 % 10) as u8, (n % 10) as u8);
        table[n] = if n >= 100 {
            ([b'0' + a, b'0' + b, b'0' + c, 0], 3)
        } else if n >= 10 {
            ([b'0' + b, b'0' + c, 0, 0], 2)
        } else {
            ([b'0' + c, 0, 0, 0], 1)
        };
        n += 1;
    }
    table
};

/// Appends `n` in decimal. A QR code is at most 177 modules a side, so
/// numbers of up to three digits are written directly.
fn push_number(out: &mut Vec<u8>, n: usize) {
    let digit = |d: usize| b'0' + (d % 10) as u8;
    match n {
        0..10 => out.push(digit(n)),
        10..100 => out.extend_from_slice(&[digit(n / 10), digit(n)]),
        100..1000 => out.extend_from_slice(&[digit(n / 100), digit(n / 10), digit(n)]),
        _ => out.extend_from_slice(n.to_string().as_bytes()),
    }
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
    fn numbers_are_written_in_decimal() {
        let mut out = Vec::new();
        for n in [0, 7, 9, 10, 43, 99, 100, 177, 999, 1000, 100_000] {
            push_number(&mut out, n);
            out.push(b',');
        }
        assert_eq!(out, b"0,7,9,10,43,99,100,177,999,1000,100000,");
    }

    #[test]
    fn the_svg_has_one_run_for_each_stretch_of_dark_modules() {
        // The path a module at a time, from the encoder's own modules.
        let reference = |text: &str| {
            let (width, modules) = qr_modules(text).unwrap();
            let mut path = Vec::new();
            for y in 0..width {
                let mut x = 0;
                while x < width {
                    if !modules[y * width + x] {
                        x += 1;
                        continue;
                    }
                    let start = x;
                    while x < width && modules[y * width + x] {
                        x += 1;
                    }
                    push_run(&mut path, start + 4, y + 4, x - start);
                }
            }
            String::from_utf8(path).unwrap()
        };
        // Short and long texts: versions from 21 to well over 64 modules a
        // side, so rows of one, two and three words.
        for text in [
            "a".to_string(),
            "https://example.org/families/factsheets/learning-at-home/".to_string(),
            "https://example.org/".to_string() + &"x".repeat(300),
            "https://example.org/".to_string() + &"y".repeat(1200),
        ] {
            let svg = QrCode::new(&text).svg();
            let path = svg
                .split(" d=\"")
                .nth(1)
                .unwrap()
                .trim_end_matches("\"/></svg>");
            assert_eq!(path, reference(&text), "{}", text.len());
        }
    }

    #[test]
    fn next_bit_finds_set_and_clear_bits_across_words() {
        let words = [0b1011_0000u64, 0, u64::MAX];
        assert_eq!(next_bit(&words, 0, true), Some(4));
        assert_eq!(next_bit(&words, 5, true), Some(5));
        assert_eq!(next_bit(&words, 6, true), Some(7));
        assert_eq!(next_bit(&words, 8, true), Some(128));
        assert_eq!(next_bit(&words, 4, false), Some(6));
        assert_eq!(next_bit(&words, 128, false), None);
        assert_eq!(next_bit(&words, 192, true), None);
    }

    #[test]
    fn a_run_is_written_as_with_the_general_path() {
        let general = |x: usize, y: usize, run: usize| {
            let mut out = Vec::new();
            out.push(b'M');
            push_number(&mut out, x);
            out.push(b' ');
            push_number(&mut out, y);
            out.push(b'h');
            push_number(&mut out, run);
            out.extend_from_slice(b"v1h-");
            push_number(&mut out, run);
            out.push(b'z');
            out
        };
        for (x, y, run) in [(4, 4, 1), (9, 10, 99), (100, 185, 177), (255, 256, 1000)] {
            let mut out = Vec::new();
            push_run(&mut out, x, y, run);
            assert_eq!(out, general(x, y, run), "{x} {y} {run}");
        }
        for n in 0..300 {
            let mut out = Vec::new();
            push_run(&mut out, n, n, n);
            assert_eq!(out, general(n, n, n), "{n}");
        }
    }

    #[test]
    fn qr_code_is_inline_svg() {
        let svg = qr_svg("https://example.org/families/factsheets/learning-at-home/");
        assert!(svg.starts_with("<svg aria-hidden=\"true\""), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("viewBox"));
    }

    #[test]
    fn a_qr_code_keeps_every_module_and_serializes_as_its_svg() {
        let text = "https://example.org/families/factsheets/learning-at-home/";
        let (width, modules) = qr_modules(text).unwrap();
        let code = QrCode::new(text);
        for (i, &dark) in modules.iter().enumerate() {
            assert_eq!(code.is_dark(i % width, i / width), dark, "module {i}");
        }
        assert_eq!(serde_json::to_value(&code).unwrap(), code.svg());
        assert!(code.svg().contains("M4 4h7v1h-7z"), "{}", code.svg());
        let too_long = QrCode::new(&"x".repeat(10_000));
        assert!(too_long.is_empty());
        assert_eq!(serde_json::to_value(&too_long).unwrap(), "");
    }

    #[test]
    fn pdf_sits_beside_the_page() {
        assert_eq!(
            page_pdf_path("factsheets/learning-at-home/", "learning-at-home"),
            "factsheets/learning-at-home/learning-at-home.pdf"
        );
    }
}
