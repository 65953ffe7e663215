//! Making many pages work as one booklet (the problem mdBook's print page
//! solves): every element id is prefixed with its chapter's anchor and
//! made unique, and every link is pointed inside the booklet — `#id`s of
//! the same chapter, links to other printed pages and their headings,
//! citations to the consolidated reference list — or, for anything not in
//! the booklet, at the live site by absolute URL. Images keep working by
//! becoming root-relative.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use lol_html::errors::RewritingError;
use lol_html::html_content::Element;
use lol_html::{
    ElementContentHandlers, HandlerResult, RewriteStrSettings, Selector, element, rewrite_str,
};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use url::Url;

use super::href_memo::HrefMemo;
use super::sheaf_html::edit_start_tags;
use crate::text::{escape_html, escape_html_into};

/// Characters escaped in a `#fragment` href.
const FRAGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// Attributes that name other elements by id.
const ID_REFS: [&str; 7] = [
    "popovertarget",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "for",
    "headers",
];

/// Every attribute the chapter rewrite may change.
const EDITED: [&str; 10] = [
    "id", "href", "src", ID_REFS[0], ID_REFS[1], ID_REFS[2], ID_REFS[3], ID_REFS[4], ID_REFS[5],
    ID_REFS[6],
];

/// One chapter: where its page lives and how its ids were renamed.
#[derive(Debug)]
pub struct ChapterLinks {
    pub anchor: String,
    /// The page's permalink, for resolving its relative links.
    pub page_url: Url,
    /// Old id (decoded) -> booklet id.
    pub ids: HashMap<String, String>,
}

/// Everything needed to point a link inside the booklet.
#[derive(Debug)]
pub struct BookletLinks {
    pub base: Url,
    /// Site path of each printed page (`factsheets/x/`) -> chapter index.
    pub by_path: HashMap<String, usize>,
    pub chapters: Vec<ChapterLinks>,
    /// `ref-<key>` of a page's reference list -> the consolidated list's id.
    pub references: HashMap<String, String>,
    /// Answers of [`Self::resolve_href`] that are the same in every chapter.
    pub memo: HrefMemo,
}

/// The chapter rewrite's selectors, parsed once rather than for every
/// chapter (parsing them was about 1 % of a large build).
struct ChapterSelectors {
    id: Selector,
    href: Selector,
    /// Citation links point at `#ref-<key>`; skipped by the chapter rewrite
    /// when they need no change (see [`BookletLinks::citations_unchanged`]).
    href_but_citations: Selector,
    src: Selector,
    /// One per [`ID_REFS`] attribute, in order.
    id_refs: Vec<Selector>,
}

static CHAPTER_SELECTORS: LazyLock<ChapterSelectors> = LazyLock::new(|| {
    let parse = |css: &str| css.parse::<Selector>().expect("a valid built-in selector");
    ChapterSelectors {
        id: parse("[id]"),
        href: parse("[href]"),
        href_but_citations: parse("[href]:not([href^=\"#ref-\"])"),
        src: parse("[src]"),
        id_refs: ID_REFS
            .iter()
            .map(|attr| parse(&format!("[{attr}]")))
            .collect(),
    }
});

/// An element handler on an already parsed selector.
fn on<'s, 'h>(
    selector: &'s Selector,
    handler: impl FnMut(&mut Element<'_, '_>) -> HandlerResult + 'h,
) -> (Cow<'s, Selector>, ElementContentHandlers<'h>) {
    (
        Cow::Borrowed(selector),
        ElementContentHandlers::default().element(handler),
    )
}

/// The ids of the elements of an HTML fragment, decoded, in order.
pub fn collect_ids(html: &str) -> Result<Vec<String>, RewritingError> {
    let mut ids = Vec::new();
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(on(&CHAPTER_SELECTORS.id, |el| {
            if let Some(id) = el.get_attribute("id") {
                ids.push(decode_entities(&id).into_owned());
            }
            Ok(())
        })),
    )?;
    Ok(ids)
}

impl BookletLinks {
    /// Whether every `#ref-<key>` link of every chapter already points at
    /// the right place in the booklet: each consolidated reference kept its
    /// id, and no chapter has an element of its own named `ref-…`. The
    /// usual case, and it spares the rewrite the ~four citation links of
    /// every paragraph.
    pub fn citations_unchanged(&self) -> bool {
        self.references.iter().all(|(old, new)| old == new)
            && self
                .chapters
                .iter()
                .all(|c| !c.ids.keys().any(|id| id.starts_with("ref-")))
    }

    /// Renames the ids of chapter `index` and points its links and
    /// resources at their booklet or live-site targets.
    pub fn rewrite_chapter(
        &self,
        html: &str,
        index: usize,
        citations_unchanged: bool,
    ) -> Result<String, RewritingError> {
        let chapter = &self.chapters[index];
        let links = if citations_unchanged {
            &CHAPTER_SELECTORS.href_but_citations
        } else {
            &CHAPTER_SELECTORS.href
        };
        let rename = |value: &str| rename_refs(chapter, value);
        let selectors = &*CHAPTER_SELECTORS;
        let mut handlers = vec![
            on(&selectors.id, |el| {
                if let Some(new) = el
                    .get_attribute("id")
                    .and_then(|id| chapter.ids.get(decode_entities(&id).as_ref()))
                {
                    el.set_attribute("id", &escape_html(new))?;
                }
                Ok(())
            }),
            on(links, |el| {
                if let Some(href) = el.get_attribute("href") {
                    let new = self.resolve_href(&href, Some(index));
                    if new != href {
                        el.set_attribute("href", &new)?;
                    }
                }
                Ok(())
            }),
            on(&selectors.src, |el| {
                if let Some(src) = el.get_attribute("src") {
                    el.set_attribute("src", &self.resolve_src(&src, &chapter.page_url))?;
                }
                Ok(())
            }),
        ];
        for (attr, selector) in ID_REFS.iter().zip(&selectors.id_refs) {
            handlers.push(on(selector, move |el| {
                if let Some(value) = el.get_attribute(attr) {
                    el.set_attribute(attr, &rename(&value))?;
                }
                Ok(())
            }));
        }
        let settings = handlers
            .into_iter()
            .fold(RewriteStrSettings::new(), |settings, handler| {
                settings.append_element_content_handler(handler)
            });
        rewrite_str(html, settings)
    }

    /// [`Self::rewrite_chapter`] for HTML sheaf wrote itself (the Markdown
    /// stage found no raw HTML in the page), without parsing it: the same
    /// edits on the same attributes, tags scanned by
    /// [`edit_start_tags`]. `None` when the HTML is not of the kind that
    /// scan reads; then only lol_html will do.
    pub fn rewrite_sheaf_chapter(
        &self,
        html: &str,
        index: usize,
        citations_unchanged: bool,
    ) -> Option<String> {
        let chapter = &self.chapters[index];
        edit_start_tags(html, &EDITED, |tag| {
            if let Some(new) = tag
                .get("id")
                .and_then(|id| chapter.ids.get(decode_entities(id).as_ref()))
            {
                tag.set("id", escape_html(new));
            }
            if let Some(href) = tag.get("href")
                && !(citations_unchanged && href.starts_with("#ref-"))
            {
                let new = self.resolve_href(href, Some(index));
                if new != href {
                    tag.set("href", new);
                }
            }
            if let Some(src) = tag.get("src") {
                tag.set("src", self.resolve_src(src, &chapter.page_url));
            }
            for attr in ID_REFS {
                if let Some(value) = tag.get(attr) {
                    tag.set(attr, rename_refs(chapter, value));
                }
            }
        })
    }

    /// The document-level pass over the rendered booklet: links the theme
    /// wrote (navigation, footer) that are not `#id`s become absolute links
    /// to the live site, or `#chapter` links when they name a printed page.
    pub fn rewrite_document(&self, html: &str) -> Result<String, RewritingError> {
        rewrite_str(
            html,
            RewriteStrSettings::new().append_element_content_handler(element!(
                "a[href], area[href]",
                |el| {
                    if let Some(href) = el.get_attribute("href") {
                        el.set_attribute("href", &self.resolve_href(&href, None))?;
                    }
                    Ok(())
                }
            )),
        )
    }

    /// Where a link should point in the booklet (the result is raw
    /// attribute text).
    fn resolve_href(&self, raw: &str, chapter: Option<usize>) -> String {
        let href = decode_entities(raw);
        let href = href.trim();
        if let Some(fragment) = href.strip_prefix('#') {
            let Some(index) = chapter else {
                return raw.to_string();
            };
            let chapter = &self.chapters[index];
            let fragment = percent_decode_str(fragment).decode_utf8_lossy();
            if fragment.is_empty() {
                return hash(&chapter.anchor);
            }
            if let Some(new) = chapter
                .ids
                .get(fragment.as_ref())
                .or_else(|| self.references.get(fragment.as_ref()))
            {
                return hash(new);
            }
            let mut live = chapter.page_url.clone();
            live.set_fragment(Some(&fragment));
            return escape_html(live.as_str());
        }
        // Every chapter's page shares the base's origin, so absolute and
        // root-relative links resolve the same wherever they are; only
        // relative ones depend on their chapter, and only those are not kept.
        if let Some(answer) = self.memo.get(raw) {
            return answer;
        }
        let here = chapter.map_or(&self.base, |i| &self.chapters[i].page_url);
        let (answer, same_everywhere) = match Url::parse(href) {
            Ok(absolute) if self.is_under_base(&absolute) => (self.in_booklet(&absolute), true),
            Ok(_) => (raw.to_string(), true),
            Err(url::ParseError::RelativeUrlWithoutBase) => match here.join(href) {
                Ok(url) => (self.in_booklet(&url), href.starts_with('/')),
                Err(_) => (raw.to_string(), href.starts_with('/')),
            },
            Err(_) => (raw.to_string(), true),
        };
        if same_everywhere {
            self.memo.keep(raw, &answer);
        }
        answer
    }

    /// A link to a page of this site: its chapter's `#id` when the page is
    /// printed, else its absolute URL on the live site.
    fn in_booklet(&self, target: &Url) -> String {
        self.inside(target)
            .unwrap_or_else(|| escape_html(target.as_str()))
    }

    /// `#id` in the booklet for a URL of a printed page, if it is one.
    fn inside(&self, target: &Url) -> Option<String> {
        if !self.is_under_base(target) {
            return None;
        }
        let rest = &target.path()[self.base.path().len()..];
        let rest = percent_decode_str(rest).decode_utf8_lossy();
        let rest = rest.strip_suffix("index.html").unwrap_or(&rest);
        let index = self.by_path.get(rest).or_else(|| {
            (!rest.is_empty() && !rest.ends_with('/'))
                .then(|| self.by_path.get(&format!("{rest}/")))
                .flatten()
        })?;
        let chapter = &self.chapters[*index];
        let fragment = target
            .fragment()
            .map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned())
            .unwrap_or_default();
        let id = chapter
            .ids
            .get(&fragment)
            .or_else(|| self.references.get(&fragment))
            .unwrap_or(&chapter.anchor);
        Some(hash(id))
    }

    fn is_under_base(&self, url: &Url) -> bool {
        url.origin() == self.base.origin() && url.path().starts_with(self.base.path())
    }

    /// Images and other resources: relative ones resolved against their
    /// page, and kept root-relative on the site's own host, so they load
    /// both on the site and when the booklet is printed locally.
    fn resolve_src(&self, raw: &str, page_url: &Url) -> String {
        let src = decode_entities(raw);
        let src = src.trim();
        match Url::parse(src) {
            Err(url::ParseError::RelativeUrlWithoutBase) => {}
            _ => return raw.to_string(),
        }
        let Ok(url) = page_url.join(src) else {
            return raw.to_string();
        };
        if url.origin() != self.base.origin() {
            return escape_html(url.as_str());
        }
        let mut out = url.path().to_string();
        if let Some(query) = url.query() {
            out.push('?');
            out.push_str(query);
        }
        if let Some(fragment) = url.fragment() {
            out.push('#');
            out.push_str(fragment);
        }
        escape_html(&out)
    }
}

/// A space-separated list of ids (`aria-labelledby`, `headers`…) with
/// each of the chapter's own ids renamed.
fn rename_refs(chapter: &ChapterLinks, value: &str) -> String {
    value
        .split_ascii_whitespace()
        .map(|id| match chapter.ids.get(decode_entities(id).as_ref()) {
            Some(new) => escape_html(new),
            None => id.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn hash(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 1);
    out.push('#');
    for piece in utf8_percent_encode(id, FRAGMENT) {
        escape_html_into(&mut out, piece);
    }
    out
}

/// The entities sheaf and pulldown-cmark write into attributes.
fn decode_entities(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}
