//! Editing the attributes of HTML that sheaf wrote itself, without an HTML
//! parser. pulldown-cmark and sheaf's own passes write a small, regular
//! subset of HTML (every `<` in text escaped, every attribute value in
//! double quotes, no `<script>`, `<svg>` or `<textarea>`), so a scan for
//! `<` finds every tag. A start tag whose attributes change is written
//! back exactly as lol_html writes one (see [`StartTag::write`]), so the
//! booklet is the same byte for byte whichever path made it.
//!
//! Anything outside that subset makes [`edit_start_tags`] give up
//! (`None`), and the caller falls back to lol_html: raw HTML from an
//! author, a bare `<`, a comment lol_html would end elsewhere, an element
//! that switches the HTML tokenizer into another state.

use std::ops::Range;

use memchr::memchr;

/// One attribute, as offsets into the document.
#[derive(Debug, Clone)]
struct Attr {
    name: Range<usize>,
    /// Inside the quotes; `None` for an attribute written without a value.
    value: Option<Range<usize>>,
    /// The whole attribute as written (name, `=`, quoted value).
    raw: Range<usize>,
}

/// A start tag, its attributes readable and replaceable.
#[derive(Debug)]
pub struct StartTag<'a> {
    html: &'a str,
    name: Range<usize>,
    attrs: Vec<Attr>,
    /// The new value of each attribute set, by index into `attrs`.
    changed: Vec<(usize, String)>,
    self_closing: bool,
}

impl<'a> StartTag<'a> {
    fn find(&self, name: &str) -> Option<usize> {
        self.attrs
            .iter()
            .position(|a| self.html[a.name.clone()].eq_ignore_ascii_case(name))
    }

    /// The value of attribute `name` as written (entities not decoded), as
    /// lol_html's `get_attribute` gives it: the first attribute of that
    /// name in any case; an empty value for one written without a value.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let attr = &self.attrs[self.find(name)?];
        Some(attr.value.clone().map_or("", |v| &self.html[v]))
    }

    /// Replaces the value of attribute `name` (raw attribute text; `"` is
    /// escaped as lol_html's `set_attribute` does). Setting an attribute
    /// the tag does not have is not needed by the booklet and does nothing.
    pub fn set(&mut self, name: &str, value: String) {
        if let Some(i) = self.find(name) {
            self.changed.retain(|(j, _)| *j != i);
            self.changed.push((i, value));
        }
    }

    /// lol_html's serialisation of a modified start tag: its name as
    /// written, each attribute after one space (unchanged ones as written,
    /// changed ones as `name="value"`), a space before `/>`.
    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.html[self.name.clone()]);
        for (i, attr) in self.attrs.iter().enumerate() {
            out.push(' ');
            match self.changed.iter().find(|(j, _)| *j == i) {
                None => out.push_str(&self.html[attr.raw.clone()]),
                Some((_, value)) => {
                    out.push_str(&self.html[attr.name.clone()]);
                    out.push_str("=\"");
                    push_escaping_quotes(out, value);
                    out.push('"');
                }
            }
        }
        if self.self_closing {
            if !self.attrs.is_empty() {
                out.push(' ');
            }
            out.push_str("/>");
        } else {
            out.push('>');
        }
    }
}

fn push_escaping_quotes(out: &mut String, value: &str) {
    let mut parts = value.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push_str("&quot;");
        out.push_str(part);
    }
}

/// Elements after whose start tag the HTML tokenizer no longer reads tags
/// as it does in ordinary content (raw text, RCDATA, script data,
/// plaintext), or that open foreign content (SVG, MathML) with rules of
/// its own. sheaf writes none of them.
const SPECIAL: [&str; 12] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "svg",
    "math",
];

/// Calls `edit` on every start tag of `html` that has one of the
/// attributes `wanted`, in document order, and returns the document with
/// the tags it changed written anew; `None` when `html` is not in the
/// subset this scan reads (see the module docs). Most tags sheaf writes
/// (`<p>`, `<em>`, the spans of a citation's popover) have none.
pub fn edit_start_tags<'h>(
    html: &'h str,
    wanted: &[&str],
    mut edit: impl FnMut(&mut StartTag<'h>),
) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // `html[copied..]` is not written yet.
    let mut copied = 0;
    let mut pos = 0;
    let mut attrs = Vec::new();
    while let Some(found) = memchr(b'<', &bytes[pos..]) {
        let lt = pos + found;
        match *bytes.get(lt + 1)? {
            b'!' => pos = comment_end(html, lt)?,
            b'/' => pos = end_tag_end(bytes, lt)?,
            b if b.is_ascii_alphabetic() => {
                let (tag, end) = start_tag(html, lt, std::mem::take(&mut attrs))?;
                let mut tag = tag;
                let wanted = |a: &Attr| {
                    let name = &html[a.name.clone()];
                    wanted.iter().any(|w| w.eq_ignore_ascii_case(name))
                };
                if tag.attrs.iter().any(wanted) {
                    edit(&mut tag);
                }
                if !tag.changed.is_empty() {
                    out.push_str(&html[copied..lt]);
                    tag.write(&mut out);
                    copied = end;
                }
                attrs = tag.attrs;
                attrs.clear();
                pos = end;
            }
            _ => return None,
        }
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// Where the comment starting at `lt` ends; `None` for anything but a
/// comment the tokenizer ends at its first `-->` (`<!-->`, `<!--->` and
/// `--!>` end one elsewhere; doctypes and CDATA are not sheaf's).
fn comment_end(html: &str, lt: usize) -> Option<usize> {
    let body = html[lt..].strip_prefix("<!--")?;
    if body.starts_with('>') || body.starts_with("->") {
        return None;
    }
    let end = body.find("-->")?;
    if body[..end].contains("--!") {
        return None;
    }
    Some(lt + 4 + end + 3)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c')
}

/// Where the end tag starting at `lt` ends: `</name>`, perhaps with
/// spaces before the `>`.
fn end_tag_end(bytes: &[u8], lt: usize) -> Option<usize> {
    let mut i = lt + 2;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while bytes.get(i)?.is_ascii_alphanumeric() {
        i += 1;
    }
    while is_space(*bytes.get(i)?) {
        i += 1;
    }
    (bytes[i] == b'>').then_some(i + 1)
}

/// Attribute names sheaf writes; anything else (quotes, `<`, `=` at the
/// start) makes the scan give up.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
}

/// The start tag at `lt` and where it ends, reusing `attrs`' allocation.
fn start_tag(html: &str, lt: usize, mut attrs: Vec<Attr>) -> Option<(StartTag<'_>, usize)> {
    let bytes = html.as_bytes();
    let mut i = lt + 1;
    while bytes.get(i)?.is_ascii_alphanumeric() || bytes[i] == b'-' {
        i += 1;
    }
    let name = lt + 1..i;
    if SPECIAL
        .iter()
        .any(|s| html[name.clone()].eq_ignore_ascii_case(s))
    {
        return None;
    }
    let self_closing = loop {
        let b = *bytes.get(i)?;
        if is_space(b) {
            i += 1;
            continue;
        }
        match b {
            b'>' => break false,
            b'/' => {
                i += 1;
                if *bytes.get(i)? != b'>' {
                    return None;
                }
                break true;
            }
            // An attribute must follow a space.
            _ if !is_space(bytes[i - 1]) => return None,
            _ => {}
        }
        let start = i;
        while is_name_byte(*bytes.get(i)?) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let name = start..i;
        let value = if bytes[i] == b'=' {
            if *bytes.get(i + 1)? != b'"' {
                return None;
            }
            let open = i + 2;
            let close = open + memchr(b'"', &bytes[open..])?;
            i = close + 1;
            Some(open..close)
        } else {
            None
        };
        let b = *bytes.get(i)?;
        if !(is_space(b) || b == b'>' || b == b'/') {
            return None;
        }
        let duplicate = attrs
            .iter()
            .any(|a: &Attr| html[a.name.clone()].eq_ignore_ascii_case(&html[name.clone()]));
        if duplicate {
            return None;
        }
        attrs.push(Attr {
            name,
            value,
            raw: start..i,
        });
    };
    let tag = StartTag {
        html,
        name,
        attrs,
        changed: Vec::new(),
        self_closing,
    };
    Some((tag, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_all(html: &str, name: &str, value: &str) -> Option<String> {
        edit_start_tags(html, &[name], |tag| {
            if tag.get(name).is_some() {
                tag.set(name, value.to_string());
            }
        })
    }

    #[test]
    fn changed_tags_are_written_as_lol_html_writes_them() {
        let html = "<p>a &lt; b</p><img src=\"a.png\" alt=\"A\"  title=\"t\" /><br />\
                    <span class=\"cite\" popover id=\"x\">y</span><!-- <a id=\"c\"> -->";
        assert_eq!(
            set_all(html, "src", "/b.png").unwrap(),
            html.replace(
                "src=\"a.png\" alt=\"A\"  title",
                "src=\"/b.png\" alt=\"A\" title"
            )
        );
        assert_eq!(
            set_all(html, "id", "q\"q").unwrap(),
            html.replace("id=\"x\"", "id=\"q&quot;q\"")
        );
        assert_eq!(set_all(html, "href", "z").unwrap(), html);
    }

    #[test]
    fn attributes_are_found_in_any_case_and_empty_without_a_value() {
        let mut seen = Default::default();
        edit_start_tags("<div HIDDEN ID=\"a\" data-x=\"\">", &["id"], |tag| {
            seen = ["hidden", "id", "data-x", "no"].map(|name| tag.get(name).map(String::from));
        })
        .unwrap();
        assert_eq!(
            seen,
            [Some("".into()), Some("a".into()), Some("".into()), None]
        );
    }

    #[test]
    fn html_outside_what_sheaf_writes_is_left_to_the_parser() {
        for html in [
            "a < b",
            "<a href=x>",
            "<a href='x'>",
            "<a id=\"1\"id=\"2\">",
            "<a id=\"1\" ID=\"2\">",
            "<a href=\"x\"",
            "<script>\"<a id=\"x\">\"</script>",
            "<svg><a href=\"x\"/></svg>",
            "<TextArea><a></TextArea>",
            "<!DOCTYPE html>",
            "<!--> <a id=\"x\"> -->",
            "<!-- a --!> <a id=\"x\"> -->",
            "<? x ?>",
            "</ p>",
            "<a / id=\"x\">",
            "<a \"id\"=\"x\">",
        ] {
            assert_eq!(set_all(html, "id", "y"), None, "{html}");
        }
    }
}
