//! How full each printed page is, measured from the PDF itself: the
//! baselines of the tagged text on each page (artifacts such as the page
//! number do not count). A page's fill is how far down its content area
//! the lowest baseline sits; the content area runs from the highest
//! baseline in the document to the lowest on any page but the last.

use lopdf::content::Operation;
use lopdf::{Document, Object};

use super::artifacts::{Marked, marked_kind};

/// The tagged text of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLines {
    /// Distinct baselines (PDF user space, points up from the bottom),
    /// highest first.
    pub baselines: Vec<f64>,
    /// The page's height in points.
    pub height: f64,
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b`.
fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn numbers(op: &Operation) -> Vec<f64> {
    op.operands
        .iter()
        .filter_map(|o| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        })
        .collect()
}

fn matrix(op: &Operation) -> Option<Matrix> {
    let n = numbers(op);
    (n.len() == 6).then(|| [n[0], n[1], n[2], n[3], n[4], n[5]])
}

/// The baselines of the tagged text shown by `ops`, in user space.
pub fn tagged_baselines(ops: &[Operation]) -> Vec<f64> {
    let mut ctm = IDENTITY;
    let mut saved: Vec<Matrix> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut leading = 0.0;
    let mut marked: Vec<Marked> = Vec::new();
    let mut found: Vec<f64> = Vec::new();
    for op in ops {
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(IDENTITY),
            "cm" => {
                if let Some(m) = matrix(op) {
                    ctm = multiply(&m, &ctm);
                }
            }
            "BDC" | "BMC" => marked.push(marked_kind(op)),
            "EMC" => {
                marked.pop();
            }
            "BT" => (tm, tlm) = (IDENTITY, IDENTITY),
            "Tm" => {
                if let Some(m) = matrix(op) {
                    (tm, tlm) = (m, m);
                }
            }
            "TL" => leading = numbers(op).first().copied().unwrap_or(0.0),
            "Td" | "TD" => {
                let n = numbers(op);
                if n.len() == 2 {
                    if op.operator == "TD" {
                        leading = -n[1];
                    }
                    tlm = multiply(&[1.0, 0.0, 0.0, 1.0, n[0], n[1]], &tlm);
                    tm = tlm;
                }
            }
            "T*" | "'" | "\"" | "Tj" | "TJ" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                    tm = tlm;
                }
                let tagged =
                    marked.iter().rev().find(|m| **m != Marked::Other) == Some(&Marked::Tagged);
                if tagged && op.operator != "T*" {
                    found.push(multiply(&tm, &ctm)[5]);
                }
            }
            _ => {}
        }
    }
    found
}

/// Baselines closer than this (points) are one line.
const SAME_LINE: f64 = 2.0;

/// The height of each page, in points, in page order.
pub fn page_heights(doc: &Document) -> Vec<f64> {
    doc.get_pages()
        .into_values()
        .map(|page| {
            doc.get_dictionary(page)
                .ok()
                .and_then(|p| p.get(b"MediaBox").ok())
                .and_then(|b| b.as_array().ok())
                .and_then(|b| {
                    let n: Vec<f64> = b
                        .iter()
                        .filter_map(|o| o.as_float().ok())
                        .map(f64::from)
                        .collect();
                    (n.len() == 4).then(|| n[3] - n[1])
                })
                .unwrap_or(842.0)
        })
        .collect()
}

/// The tagged lines of a page drawn by `ops`.
pub fn lines_of(ops: &[Operation], height: f64) -> PageLines {
    let mut ys = tagged_baselines(ops);
    ys.sort_by(|a, b| b.total_cmp(a));
    let mut baselines: Vec<f64> = Vec::new();
    for y in ys {
        if baselines.last().is_none_or(|last| last - y > SAME_LINE) {
            baselines.push(y);
        }
    }
    PageLines { baselines, height }
}

/// How a document's last page is filled.
#[derive(Debug, Clone, PartialEq)]
pub struct LastPage {
    /// 1-based.
    pub number: usize,
    /// How many lines of text it holds.
    pub lines: usize,
    /// Share of the content area its text reaches down, 0 to 1.
    pub fill: f64,
}

/// Each page's fill (0 to 1); see the module docs for the content area.
pub fn page_fills(pages: &[PageLines]) -> Vec<f64> {
    let top = pages
        .iter()
        .filter_map(|p| p.baselines.first())
        .copied()
        .fold(f64::MIN, f64::max);
    let full: Vec<f64> = pages[..pages.len().saturating_sub(1)]
        .iter()
        .filter_map(|p| p.baselines.last().copied())
        .collect();
    let bottom = if full.is_empty() {
        // One page: assume margins of about a tenth of the page.
        pages.first().map_or(0.0, |p| p.height * 0.1)
    } else {
        full.iter().copied().fold(f64::MAX, f64::min)
    };
    let area = (top - bottom).max(1.0);
    pages
        .iter()
        .map(|p| {
            p.baselines
                .last()
                .map_or(0.0, |low| ((top - low) / area).clamp(0.0, 1.0))
        })
        .collect()
}

/// The usual distance between two lines of text: the median gap between
/// baselines on the pages before the last.
fn line_pitch(pages: &[PageLines]) -> f64 {
    let mut gaps: Vec<f64> = pages[..pages.len().saturating_sub(1)]
        .iter()
        .flat_map(|p| p.baselines.windows(2).map(|w| w[0] - w[1]))
        .collect();
    gaps.sort_by(f64::total_cmp);
    gaps.get(gaps.len() / 2)
        .copied()
        .filter(|g| *g > SAME_LINE)
        .unwrap_or(14.0)
}

/// The last page of a document of more than one page, if it is filled
/// less than `threshold`.
pub fn short_last_page(pages: &[PageLines], threshold: f64) -> Option<LastPage> {
    if pages.len() < 2 {
        return None;
    }
    let fills = page_fills(pages);
    let fill = *fills.last()?;
    let last = pages.last()?;
    // Lines of body text: side-by-side columns (the closing block) have
    // baselines of their own, so count the height in lines instead.
    let lines = match (last.baselines.first(), last.baselines.last()) {
        (Some(high), Some(low)) => ((high - low) / line_pitch(pages)).round() as usize + 1,
        _ => 0,
    };
    (fill < threshold).then_some(LastPage {
        number: pages.len(),
        lines,
        fill,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;

    #[test]
    fn baselines_follow_the_matrices_and_skip_artifacts() {
        let ops = Content::decode(
            b"1 0 0 -1 0 842 cm /P <</MCID 0>> BDC BT 1 0 0 -1 50 100 Tm (a) Tj 0 -20 Td (b) Tj ET EMC \
              /Artifact BMC BT 1 0 0 -1 50 800 Tm (Page 1) Tj ET EMC",
        )
        .unwrap()
        .operations;
        let ys = tagged_baselines(&ops);
        assert_eq!(ys.len(), 2);
        assert!((ys[0] - 742.0).abs() < 1e-6, "{ys:?}");
        assert!((ys[1] - 722.0).abs() < 1e-6, "{ys:?}");
    }

    #[test]
    fn a_last_page_with_two_lines_is_short() {
        let full = PageLines {
            baselines: (0..40).map(|i| 780.0 - f64::from(i) * 17.0).collect(),
            height: 842.0,
        };
        let last = PageLines {
            baselines: vec![780.0, 763.0],
            height: 842.0,
        };
        let short = short_last_page(&[full.clone(), last], 0.25).unwrap();
        assert_eq!((short.number, short.lines), (2, 2));
        assert!(short.fill < 0.05);
        assert_eq!(short_last_page(&[full.clone(), full], 0.25), None);
    }
}
