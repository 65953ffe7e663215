//! hayagriva's CSL output tree as escaped HTML and plain text. hayagriva
//! writes field text unescaped, so every text piece is escaped here.

use hayagriva::citationberg::{FontStyle, FontWeight, VerticalAlign};
use hayagriva::{ElemChild, ElemChildren, ElemMeta};

use crate::text::escape_html;

/// Writes `children`; the part of a citation that renders item `i` is
/// linked to `link(i)` when that gives an address.
pub(crate) fn write_children(
    children: &ElemChildren,
    html: &mut String,
    text: &mut String,
    link: &dyn Fn(usize) -> Option<String>,
) {
    for child in &children.0 {
        match child {
            ElemChild::Text(f) => {
                let mut open = String::new();
                let mut close = String::new();
                let mut wrap = |tag: &str, yes: bool| {
                    if yes {
                        open.push_str(&format!("<{tag}>"));
                        close.insert_str(0, &format!("</{tag}>"));
                    }
                };
                wrap("b", f.formatting.font_weight == FontWeight::Bold);
                wrap("i", f.formatting.font_style == FontStyle::Italic);
                wrap("sup", f.formatting.vertical_align == VerticalAlign::Sup);
                wrap("sub", f.formatting.vertical_align == VerticalAlign::Sub);
                html.push_str(&open);
                html.push_str(&escape_html(&f.text));
                html.push_str(&close);
                text.push_str(&f.text);
            }
            ElemChild::Elem(e) => match e.meta.as_ref().and_then(|m| match m {
                ElemMeta::Entry(i) => link(*i),
                _ => None,
            }) {
                Some(href) => {
                    html.push_str("<a class=\"citation\" href=\"");
                    html.push_str(&escape_html(&href));
                    html.push_str("\">");
                    write_children(&e.children, html, text, &|_| None);
                    html.push_str("</a>");
                }
                None => write_children(&e.children, html, text, link),
            },
            ElemChild::Markup(m) => {
                html.push_str(&escape_html(m));
                text.push_str(m);
            }
            ElemChild::Link { text: t, url } => {
                html.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape_html(url),
                    escape_html(&t.text)
                ));
                text.push_str(&t.text);
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}
