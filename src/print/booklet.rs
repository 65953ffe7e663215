//! The combined booklet at `/print/`: a cover, contents, one chapter per
//! printed page and one consolidated reference list, rendered through the
//! theme's `booklet.html` and then rewritten so that ids are unique and
//! every link stays inside the booklet or goes to the live site.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use url::Url;

use super::date::booklet_date;
use super::languages::{booklet_dir, printed_in};
use super::rewrite::{BookletLinks, ChapterLinks, collect_ids};
use super::splice::{Piece, chapter_placeholder, qr_placeholder, splice};
use crate::diagnostics::Diagnostic;
use crate::evidence::linking::{reference_id, source_path};
use crate::ids::{PageId, SectionId};
use crate::render::{Templates, base_context};
use crate::site::SiteData;
use crate::text::UniqueIds;

/// The booklet's folder under the output root.
pub const BOOKLET_DIR: &str = "print/";

/// The `booklet` template context (docs/templates.md).
#[derive(Debug, Serialize)]
pub struct BookletContext<'a> {
    pub title: String,
    pub site_title: &'a str,
    /// The booklet's language when it is not the site's default.
    pub lang: Option<&'a str>,
    /// `description` in sheaf.toml; in another language, the summary of
    /// its home page (`_index.<tag>.md`) when it has one.
    pub description: Option<&'a str>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub url: String,
    pub permalink: String,
    pub pdf_url: Option<String>,
    /// `[print] duplex`: chapters start on right-hand pages.
    pub duplex: bool,
    pub contents: Vec<ContentsEntry<'a>>,
    pub chapters: Vec<Chapter<'a>>,
    pub references: Vec<BookletReference<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ContentsEntry<'a> {
    pub title: &'a str,
    pub anchor: String,
    pub summary: Option<&'a str>,
    pub section: &'a str,
}

#[derive(Debug, Serialize)]
pub struct Chapter<'a> {
    pub title: &'a str,
    pub anchor: String,
    /// The id for the chapter's heading.
    pub title_id: String,
    pub summary: Option<&'a str>,
    pub section: &'a str,
    pub url: String,
    pub permalink: String,
    pub evidence_level: Option<&'static str>,
    pub date_display: Option<String>,
    /// The QR code's SVG (a placeholder while the template renders).
    pub qr_svg: String,
    pub cite_as: &'a str,
    /// The page's Markdown, ids and links rewritten for the booklet (a
    /// placeholder while the template renders).
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct BookletReference<'a> {
    pub key: String,
    pub id: String,
    pub html: &'a str,
    pub source_url: String,
}

/// `family-school-partnerships-framework-factsheets`, for the PDF's name.
pub fn booklet_slug(data: &SiteData) -> String {
    let slug = slug::slugify(data.config.booklet_title());
    if slug.is_empty() {
        "booklet".into()
    } else {
        slug
    }
}

/// The booklet PDF's path under the output root, for language `lang`
/// (`None`: the default language): `ar/print/<slug>.pdf` is named as the
/// default language's booklet is, in its language's folder.
pub fn booklet_pdf_path(data: &SiteData, lang: Option<&str>) -> String {
    format!("{}{}.pdf", booklet_dir(lang), booklet_slug(data))
}

/// How many chapters are rewritten at once while the booklet is written:
/// enough to keep every core busy, few enough to hold.
const CHAPTER_BATCH: usize = 256;

/// The booklet ready to write: the rewritten page around the chapters, and
/// what rewriting the chapters needs.
pub struct Booklet<'a> {
    data: &'a SiteData,
    printed: &'a [PageId],
    frame: String,
    links: BookletLinks,
    citations_unchanged: bool,
}

impl Booklet<'_> {
    /// What the chapter rewrite knows, for the tests of its two paths.
    #[cfg(test)]
    pub(super) fn links(&self) -> &BookletLinks {
        &self.links
    }

    /// Writes `/print/index.html` to `out` a piece at a time.
    pub fn write(&self, out: &mut dyn FnMut(&[u8])) -> Result<(), Diagnostic> {
        let mut batch: (usize, Vec<String>) = (usize::MAX, Vec::new());
        splice(&self.frame, out, |piece, out| match piece {
            Piece::Qr(n) => match self.printed.get(n) {
                Some(&p) => {
                    out(self.data.print_extras[p].qr_svg.svg().as_bytes());
                    Ok(true)
                }
                None => Ok(false),
            },
            Piece::Chapter(n) if n < self.printed.len() => {
                let start = n - n % CHAPTER_BATCH;
                if batch.0 != start {
                    let end = (start + CHAPTER_BATCH).min(self.printed.len());
                    batch = (start, self.rewrite_chapters(start..end)?);
                }
                out(batch.1[n - start].as_bytes());
                Ok(true)
            }
            Piece::Chapter(_) => Ok(false),
        })
    }

    /// The chapters of `range`, rewritten in parallel; the first failure
    /// in booklet order.
    fn rewrite_chapters(&self, range: std::ops::Range<usize>) -> Result<Vec<String>, Diagnostic> {
        let done: Vec<Result<String, Diagnostic>> = range
            .into_par_iter()
            .map(|n| {
                let p = self.printed[n];
                let doc = &self.data.page_docs[p];
                // HTML sheaf wrote itself needs no parser (see `sheaf_html`).
                let fast = doc.element_ids.as_ref().and_then(|_| {
                    (self.links).rewrite_sheaf_chapter(&doc.html, n, self.citations_unchanged)
                });
                match fast {
                    Some(html) => Ok(html),
                    None => self
                        .links
                        .rewrite_chapter(&doc.html, n, self.citations_unchanged)
                        .map_err(|e| {
                            rewrite_error(&self.data.content.pages[p].source.display_path, &e)
                        }),
                }
            })
            .collect();
        done.into_iter().collect()
    }
}

/// Renders `/print/index.html` whole (see [`prepare_booklet`] to write it
/// without holding it).
pub fn render_booklet(
    data: &SiteData,
    templates: &Templates,
    printed: &[PageId],
    pdfs: bool,
) -> Result<String, Diagnostic> {
    let booklet = prepare_booklet(data, templates, printed, pdfs, None)?;
    let mut out = Vec::new();
    booklet.write(&mut |bytes| out.extend_from_slice(bytes))?;
    // Every piece is a whole string.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// `/<tag>/print/index.html`: the booklet of language `tag`, holding the
/// translations in `tag` of the printed pages (see `print::languages`).
pub fn render_booklet_in(
    data: &SiteData,
    templates: &Templates,
    tag: &str,
) -> Result<String, Diagnostic> {
    let printed = printed_in(&data.content, &data.printed, tag);
    let booklet = prepare_booklet(data, templates, &printed, data.pdfs, Some(tag))?;
    let mut out = Vec::new();
    booklet.write(&mut |bytes| out.extend_from_slice(bytes))?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Everything of the booklet but its chapters and QR codes, which
/// [`Booklet::write`] fills in as it writes. `lang`: the booklet's
/// language (`None`: the default language, at `/print/`).
pub fn prepare_booklet<'a>(
    data: &'a SiteData,
    templates: &Templates,
    printed: &'a [PageId],
    pdfs: bool,
    lang: Option<&'a str>,
) -> Result<Booklet<'a>, Diagnostic> {
    let config = &data.config;
    let base = Url::parse(&config.base_url).map_err(|e| {
        Diagnostic::error(format!("base_url `{}` is not a URL: {e}", config.base_url))
    })?;
    let mut ids = UniqueIds::default();
    for id in template_ids(data, templates, lang)? {
        ids.reserve(&id);
    }
    let mut booklet = skeleton(data, templates, pdfs, lang);
    if lang.is_some() && printed.is_empty() {
        // A language with nothing printed gets no booklet PDF.
        booklet.pdf_url = None;
    }

    // Consolidated references first, so citations can point at them.
    let mut references = HashMap::new();
    if let Some(evidence) = &data.evidence {
        let mut keys: Vec<String> = printed
            .iter()
            .flat_map(|&p| {
                data.citations(p)
                    .citations
                    .iter()
                    .map(|c| c.key.to_string())
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        evidence.formatter.sort_keys(&mut keys);
        for key in keys {
            let id = ids.allocate(&reference_id(&key));
            references.insert(reference_id(&key), id.clone());
            booklet.references.push(BookletReference {
                html: evidence.formatter.reference_html(&key).unwrap_or_default(),
                source_url: config.url_for(&source_path(&key)),
                key,
                id,
            });
        }
    }

    let mut links = BookletLinks {
        base: base.clone(),
        by_path: HashMap::new(),
        chapters: Vec::with_capacity(printed.len()),
        references,
        memo: Default::default(),
    };
    for (n, &p) in printed.iter().enumerate() {
        let page = &data.content.pages[p];
        let anchor = ids.allocate(if page.slug.is_empty() {
            "chapter"
        } else {
            &page.slug
        });
        let page_url = base.join(&page.site_path).unwrap_or_else(|_| base.clone());
        links.by_path.insert(page.site_path.clone(), n);
        links.chapters.push(ChapterLinks {
            anchor,
            page_url,
            ids: HashMap::new(),
        });
    }
    let title_ids: Vec<String> = links
        .chapters
        .iter()
        .map(|c| ids.allocate(&format!("{}-title", c.anchor)))
        .collect();
    // The Markdown stage knows the ids of the HTML it wrote; only pages with
    // raw HTML need parsing for them.
    let found: Vec<Vec<String>> = printed
        .par_iter()
        .map(|&p| {
            let doc = &data.page_docs[p];
            match &doc.element_ids {
                Some(ids) => ids.clone(),
                None => collect_ids(&doc.html).unwrap_or_default(),
            }
        })
        .collect();
    for (chapter, found) in links.chapters.iter_mut().zip(found) {
        for old in found {
            if !chapter.ids.contains_key(&old) {
                let new = ids.allocate(&format!("{}-{old}", chapter.anchor));
                chapter.ids.insert(old, new);
            }
        }
    }

    let citations_unchanged = links.citations_unchanged();
    // Chapters and QR codes go through the template as placeholders and
    // are filled in as the booklet is written (see `splice`): a
    // 10,000-page booklet is over 100 MB, too much to copy into the
    // template context and rewrite a second time.
    for (n, (&p, (links, title_id))) in printed
        .iter()
        .zip(links.chapters.iter().zip(title_ids))
        .enumerate()
    {
        let html = chapter_placeholder(n);
        let page = &data.content.pages[p];
        let section = data.content.sections[page.section].title.as_str();
        booklet.contents.push(ContentsEntry {
            title: &page.front.title,
            anchor: links.anchor.clone(),
            summary: page.front.summary.as_deref(),
            section,
        });
        booklet.chapters.push(Chapter {
            title: &page.front.title,
            anchor: links.anchor.clone(),
            title_id,
            summary: page.front.summary.as_deref(),
            section,
            url: config.url_for(&page.site_path),
            permalink: config.permalink_for(&page.site_path),
            evidence_level: page.front.evidence_level.map(|l| l.as_str()),
            date_display: page
                .front
                .updated
                .as_ref()
                .or(page.front.date.as_ref())
                .map(|d| d.display(lang.unwrap_or(&config.language))),
            qr_svg: if data.print_extras[p].qr_svg.is_empty() {
                String::new()
            } else {
                qr_placeholder(n)
            },
            cite_as: &data.print_extras[p].cite_as,
            html,
        });
    }
    let date = booklet_date(&data.content, printed);
    booklet.date = date.as_ref().map(|d| d.ymd());
    booklet.date_display = (date.as_ref()).map(|d| d.display(lang.unwrap_or(&config.language)));

    let html = render(data, templates, &booklet)?;
    drop(booklet);
    let frame = links
        .rewrite_document(&html)
        .map_err(|e| rewrite_error("booklet.html", &e))?;
    Ok(Booklet {
        data,
        printed,
        frame,
        links,
        citations_unchanged,
    })
}

/// The booklet with everything but its pages and references.
fn skeleton<'a>(
    data: &'a SiteData,
    templates: &Templates,
    pdfs: bool,
    lang: Option<&'a str>,
) -> BookletContext<'a> {
    let config = &data.config;
    let dir = booklet_dir(lang);
    BookletContext {
        title: booklet_title(data, templates, lang),
        site_title: &config.title,
        lang,
        description: translated_home(data, lang)
            .and_then(|s| data.content.sections[s].front.summary.as_deref())
            .or(config.description.as_deref()),
        date: None,
        date_display: None,
        url: config.url_for(&dir),
        permalink: config.permalink_for(&dir),
        pdf_url: pdfs.then(|| config.url_for(&booklet_pdf_path(data, lang))),
        duplex: config.print.duplex,
        contents: Vec::new(),
        chapters: Vec::new(),
        references: Vec::new(),
    }
}

/// The default language's booklet takes `[print] booklet_title`; another
/// language's is its home page's title (the translated `_index.<tag>.md`,
/// else the site's title) with the strings table's `booklet.title`.
fn booklet_title(data: &SiteData, templates: &Templates, lang: Option<&str>) -> String {
    let Some(tag) = lang else {
        return data.config.booklet_title();
    };
    let home = translated_home(data, lang).map_or(data.config.title.as_str(), |s| {
        data.content.sections[s].title.as_str()
    });
    let site = [("site".to_string(), home.to_string())];
    (templates.strings)
        .format(tag, "booklet.title", None, None, &site)
        .unwrap_or_else(|_| data.config.booklet_title())
}

/// Language `lang`'s own home page (`_index.<tag>.md`), if it has one.
fn translated_home(data: &SiteData, lang: Option<&str>) -> Option<SectionId> {
    let t = &data.content.translations;
    t.section_in(SectionId::HOME, Some(lang?))
        .filter(|s| t.section_has_file.contains(s))
}

fn render(
    data: &SiteData,
    templates: &Templates,
    booklet: &BookletContext<'_>,
) -> Result<String, Diagnostic> {
    let mut ctx = base_context(&booklet.url);
    if let Some(tag) = booklet.lang {
        // The language's strings, `lang`/`dir`, navigation and fonts.
        crate::i18n::alternates::insert_language(
            &mut ctx,
            data,
            crate::i18n::alternates::Doc::Other,
            Some(tag),
        );
    }
    ctx.insert("booklet", booklet);
    templates.render("booklet.html", &ctx)
}

/// The ids the theme's booklet template writes itself (masthead, cover,
/// contents, reference heading…), found by rendering it once with a
/// placeholder chapter and reference whose ids are then dropped.
fn template_ids(
    data: &SiteData,
    templates: &Templates,
    lang: Option<&str>,
) -> Result<Vec<String>, Diagnostic> {
    const PROBE: &str = "sheaf-probe";
    let mut probe = skeleton(data, templates, false, lang);
    probe.contents.push(ContentsEntry {
        title: PROBE,
        anchor: PROBE.into(),
        summary: None,
        section: PROBE,
    });
    probe.chapters.push(Chapter {
        title: PROBE,
        anchor: PROBE.into(),
        title_id: PROBE.into(),
        summary: None,
        section: PROBE,
        url: String::new(),
        permalink: String::new(),
        evidence_level: None,
        date_display: None,
        qr_svg: String::new(),
        cite_as: "",
        html: String::new(),
    });
    probe.references.push(BookletReference {
        key: PROBE.into(),
        id: PROBE.into(),
        html: "",
        source_url: String::new(),
    });
    let html = render(data, templates, &probe)?;
    let ids = collect_ids(&html).map_err(|e| rewrite_error("booklet.html", &e))?;
    Ok(ids.into_iter().filter(|id| !id.contains(PROBE)).collect())
}

fn rewrite_error(file: &str, e: &lol_html::errors::RewritingError) -> Diagnostic {
    Diagnostic::error(format!("cannot prepare {file} for the print booklet: {e}"))
        .in_file(file.to_string())
        .help("check the page's raw HTML for unclosed or malformed tags")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::markdown::{LinkIndex, MarkdownInput, render};

    fn rendered(text: &str) -> crate::markdown::Rendered {
        render(&MarkdownInput {
            file: &SourceFile::new("a.md", text),
            body_offset: 0,
            links: &LinkIndex::default(),
            citations: None,
        })
    }

    #[test]
    fn the_markdown_stage_knows_the_ids_an_html_parser_would_find() {
        let doc = rendered(
            "# Intro\n\nText[^note] and *more*.\n\n## Intro\n\n## Own id {#kept .wide data-x=\"1\"}\n\n\
             [^note]: A footnote & more.\n\n### Quotes \"<&>\"\n\n- [ ] task\n\n| a |\n|---|\n| b |\n",
        );
        let known = doc.element_ids.clone().expect("no raw HTML");
        assert_eq!(known, collect_ids(&doc.html).unwrap());
        assert!(known.len() >= 5, "{known:?}");
    }

    #[test]
    fn raw_html_leaves_the_ids_to_the_parser() {
        for text in [
            "# A\n\n<div id=\"x\">raw</div>\n",
            "# A\n\nInline <span id=\"y\">raw</span>.\n",
            "# A {id=z}\n",
        ] {
            assert_eq!(rendered(text).element_ids, None, "{text}");
        }
    }
}
