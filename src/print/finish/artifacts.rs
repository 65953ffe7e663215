//! Marks everything Chromium draws outside the structure tree as an
//! artifact (PDF/UA-1, ISO 14289-1 7.1): the page background, the
//! "Page N of M" margin box, generated text such as printed link
//! addresses, badge shapes. Chromium tags what the HTML says; what CSS
//! adds is left as bare drawing, which a screen reader cannot place.
//!
//! Each run of drawing outside tagged or artifact marked content is
//! wrapped in `/Artifact BMC … EMC`. A run never crosses `BT`/`ET`,
//! `q`/`Q` or another marked-content operator, so the result nests
//! properly whatever the surrounding structure.

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId};

/// What a marked-content operator opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marked {
    /// Content with an `/MCID`: in the structure tree.
    Tagged,
    /// `/Artifact`: page furniture, outside the structure tree.
    Artifact,
    /// Any other marked content: neither.
    Other,
}

/// The kind of marked content `BDC`/`BMC` `op` opens.
pub fn marked_kind(op: &Operation) -> Marked {
    if op.operands.first().and_then(|o| o.as_name().ok()) == Some(b"Artifact") {
        return Marked::Artifact;
    }
    if op.operator == "BDC" {
        let has_mcid = match op.operands.get(1) {
            Some(Object::Dictionary(d)) => d.has(b"MCID"),
            // A name of a /Properties entry: Chromium writes inline dicts,
            // so count it as tagged only if it says so elsewhere.
            _ => false,
        };
        if has_mcid {
            return Marked::Tagged;
        }
    }
    Marked::Other
}

/// Whether `op` puts marks on the page (text, paths, images, shadings,
/// XObjects).
pub fn is_drawing(op: &str) -> bool {
    matches!(
        op,
        "Tj" | "TJ"
            | "'"
            | "\""
            | "S"
            | "s"
            | "f"
            | "F"
            | "f*"
            | "B"
            | "B*"
            | "b"
            | "b*"
            | "sh"
            | "Do"
            | "BI"
            | "EI"
    )
}

/// Whether `op` ends a run: a run of artifact content stays inside one
/// text object and one graphics-state level.
fn ends_run(op: &str) -> bool {
    matches!(op, "BT" | "ET" | "q" | "Q" | "BDC" | "BMC" | "EMC")
}

/// Wraps every run of drawing outside tagged or artifact content in
/// `/Artifact BMC … EMC`; returns how many runs were wrapped.
pub fn wrap_untagged(ops: Vec<Operation>) -> (Vec<Operation>, usize) {
    let mut out = Vec::with_capacity(ops.len() + 16);
    let mut stack: Vec<Marked> = Vec::new();
    let mut run: Vec<Operation> = Vec::new();
    let mut wrapped = 0;
    let flush = |run: &mut Vec<Operation>, out: &mut Vec<Operation>, wrapped: &mut usize| {
        if run.iter().any(|op| is_drawing(&op.operator)) {
            out.push(Operation::new(
                "BMC",
                vec![Object::Name(b"Artifact".to_vec())],
            ));
            out.append(run);
            out.push(Operation::new("EMC", vec![]));
            *wrapped += 1;
        } else {
            out.append(run);
        }
    };
    for op in ops {
        let covered = stack.iter().any(|m| *m != Marked::Other);
        if ends_run(&op.operator) {
            flush(&mut run, &mut out, &mut wrapped);
            match op.operator.as_str() {
                "BDC" | "BMC" => stack.push(marked_kind(&op)),
                "EMC" => {
                    stack.pop();
                }
                _ => {}
            }
            out.push(op);
        } else if covered {
            out.push(op);
        } else {
            run.push(op);
        }
    }
    flush(&mut run, &mut out, &mut wrapped);
    (out, wrapped)
}

/// Marks the untagged drawing of every page as artifacts; hands each
/// page's finished operations to `seen` (page index, operations), so they
/// are decoded only once.
pub fn mark_artifacts(
    doc: &mut Document,
    mut seen: impl FnMut(usize, &[Operation]),
) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (index, page) in pages.into_iter().enumerate() {
        let content = doc
            .get_and_decode_page_content(page)
            .map_err(|e| format!("cannot read a page's content: {e}"))?;
        let (ops, wrapped) = wrap_untagged(content.operations);
        seen(index, &ops);
        if wrapped == 0 {
            continue;
        }
        let bytes = Content { operations: ops }
            .encode()
            .map_err(|e| format!("cannot write a page's content: {e}"))?;
        doc.change_page_content(page, bytes)
            .map_err(|e| format!("cannot write a page's content: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(text: &str) -> Vec<Operation> {
        Content::decode(text.as_bytes()).unwrap().operations
    }

    fn encoded(ops: Vec<Operation>) -> String {
        String::from_utf8(Content { operations: ops }.encode().unwrap()).unwrap()
    }

    #[test]
    fn untagged_text_inside_a_text_object_is_wrapped_there() {
        let (out, n) = wrap_untagged(ops("BT /F1 12 Tf (Page 1) Tj ET"));
        assert_eq!(n, 1);
        assert_eq!(
            encoded(out),
            "BT\n/Artifact BMC\n/F1 12 Tf\n(Page 1) Tj\nEMC\nET"
        );
    }

    #[test]
    fn tagged_and_artifact_content_is_left_alone() {
        let text = "/P <</MCID 0>> BDC BT (a) Tj ET EMC /Artifact BMC 0 0 1 1 re f EMC";
        let (out, n) = wrap_untagged(ops(text));
        assert_eq!(n, 0);
        assert_eq!(out.len(), ops(text).len());
    }

    #[test]
    fn a_path_and_its_painting_stay_in_one_artifact() {
        let (out, n) = wrap_untagged(ops("q 1 1 1 rg 0 0 10 10 re f Q 0 0 m 1 1 l S"));
        assert_eq!(n, 2);
        assert_eq!(
            encoded(out),
            "q\n/Artifact BMC\n1 1 1 rg\n0 0 10 10 re\nf\nEMC\nQ\n/Artifact BMC\n0 0 m\n1 1 l\nS\nEMC"
        );
    }

    #[test]
    fn marked_content_without_mcid_does_not_count_as_tagged() {
        let (_, n) = wrap_untagged(ops("/Span BMC BT (x) Tj ET EMC"));
        assert_eq!(n, 1);
    }
}
