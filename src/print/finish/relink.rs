//! Moving a PDF's link targets from sheaf's print server to the live
//! site: every string in the file that names the local origin is
//! rewritten, so the finished PDFs hold no address of the print server.

use lopdf::{Document, Object};

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

pub fn replace_in(object: &mut Object, from: &[u8], to: &[u8]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
