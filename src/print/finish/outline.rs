//! Outline and link annotations: outline titles get back the spaces
//! Chromium drops at line wraps ("PartnershipsFramework"), and every link
//! annotation gets the `/Contents` description PDF/UA-1 asks for (ISO
//! 14289-1 7.18.5), the text of the link in the HTML where it is known.

use lopdf::{Document, Object, ObjectId, StringFormat};

use super::page_text::{PageText, squeezed};

/// Decodes a PDF text string (UTF-16BE with a byte order mark, else
/// PDFDocEncoding, read here as Latin-1).
pub fn decode_text(bytes: &[u8]) -> String {
    match bytes {
        [0xfe, 0xff, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// A PDF text string for `s`.
pub fn encode_text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Every outline item, depth first.
pub fn outline_items(doc: &Document) -> Vec<(ObjectId, usize)> {
    let mut items = Vec::new();
    let first = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| o.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok())
        .and_then(|d| d.get(b"First").ok())
        .and_then(|o| o.as_reference().ok());
    let mut stack: Vec<(ObjectId, usize)> = first.into_iter().map(|id| (id, 0)).collect();
    while let Some((id, depth)) = stack.pop() {
        if items.iter().any(|(seen, _)| *seen == id) {
            continue; // a loop in a broken outline
        }
        items.push((id, depth));
        let Ok(item) = doc.get_dictionary(id) else {
            continue;
        };
        if let Ok(next) = item.get(b"Next").and_then(Object::as_reference) {
            stack.push((next, depth));
        }
        if let Ok(child) = item.get(b"First").and_then(Object::as_reference) {
            stack.push((child, depth + 1));
        }
    }
    items
}

/// Gives outline titles back the spaces of the headings they came from.
pub fn repair_outline(doc: &mut Document, text: &PageText) {
    for (id, _) in outline_items(doc) {
        let Ok(item) = doc.get_dictionary_mut(id) else {
            continue;
        };
        let Ok(Object::String(bytes, _)) = item.get(b"Title") else {
            continue;
        };
        let title = decode_text(bytes);
        if let Some(heading) = heading_for(&title, text)
            && *heading != title
        {
            item.set("Title", encode_text(heading));
        }
    }
}

/// The heading an outline title came from. Chromium drops the space at a
/// line wrap, and names a heading twice when it also labels its section
/// (`aria-labelledby`): "ContentsContents".
fn heading_for<'a>(title: &str, text: &'a PageText) -> Option<&'a String> {
    let key = squeezed(title);
    text.headings.get(&key).or_else(|| {
        let half = key.len() / 2;
        let doubled =
            key.len().is_multiple_of(2) && key.is_char_boundary(half) && key[..half] == key[half..];
        doubled.then(|| text.headings.get(&key[..half])).flatten()
    })
}

/// Sets `/Contents` on every link annotation that has none; returns how
/// many were described.
pub fn describe_links(doc: &mut Document, text: &PageText) -> usize {
    let links: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link")
                    && !d.has(b"Contents")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for &id in &links {
        let description = link_description(doc, id, text);
        if let Ok(dict) = doc.get_dictionary_mut(id) {
            dict.set("Contents", encode_text(&description));
        }
    }
    links.len()
}

fn link_description(doc: &Document, id: ObjectId, text: &PageText) -> String {
    let Ok(annot) = doc.get_dictionary(id) else {
        return "Link".into();
    };
    let string = |o: &Object| match o {
        Object::String(b, _) => Some(decode_text(b)),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    };
    let action = annot.get(b"A").ok().and_then(|a| match a {
        Object::Reference(r) => doc.get_dictionary(*r).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    if let Some(uri) = action.and_then(|a| a.get(b"URI").ok()).and_then(string) {
        return match text.links.get(&uri) {
            Some(label) if *label != uri => format!("{label} ({uri})"),
            _ => uri,
        };
    }
    if let Some(dest) = annot.get(b"Dest").ok().and_then(string) {
        if let Some(label) = text.fragments.get(&dest) {
            return format!("Go to {label}");
        }
        return format!("Go to {dest}");
    }
    "Link".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_titles_find_their_heading_despite_lost_spaces_and_doubling() {
        let mut text = PageText::default();
        for h in ["Family-School Partnerships Framework", "Contents"] {
            text.headings.insert(squeezed(h), h.to_string());
        }
        let found = |t: &str| heading_for(t, &text).cloned();
        assert_eq!(
            found("Family-School PartnershipsFramework").as_deref(),
            Some("Family-School Partnerships Framework")
        );
        assert_eq!(found("ContentsContents").as_deref(), Some("Contents"));
        assert_eq!(found("Elsewhere"), None);
    }
}
