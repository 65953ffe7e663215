//! One page's readability: figures per paragraph and for the whole page,
//! and the warnings — page and paragraph above target, long sentences,
//! words to avoid — each pointing at the author's line.

use std::ops::Range;

use pulldown_cmark::Event;

use crate::content::Page;
use crate::diagnostics::{Diagnostic, SourceFile};

use super::measure::{Counts, Sentence};
use super::scan::Scanner;
use super::settings::ReadingSettings;
use super::text::{Paragraph, Paragraphs, paragraphs};
use super::{
    AvoidList, PageReadability, ParagraphReadability, SentenceReport, round1, show_target,
};
use crate::config::plain::ReadingGrade;

/// Paragraphs shorter than this get no grade warning of their own: the
/// formulas swing wildly on a sentence or two.
pub const MIN_PARAGRAPH_WORDS: usize = 20;

/// A sentence with the paragraph it is in.
struct Located<'a> {
    paragraph: Paragraph<'a>,
    sentence: Sentence,
}

impl Located<'_> {
    fn grade(&self) -> f64 {
        self.sentence.counts.flesch_kincaid()
    }

    fn offset(&self) -> usize {
        self.paragraph.source_offset(self.sentence.span.start)
    }

    /// The sentence as quoted in a report: whitespace runs as one space,
    /// cut after about 90 characters.
    fn text(&self) -> String {
        const MAX: usize = 90;
        let t = &self.paragraph.text[self.sentence.span.clone()];
        // Joined only as far as the cut can reach: long sentences are the
        // ones reported.
        let mut joined = String::new();
        let mut chars = 0;
        for word in t.split_whitespace() {
            if chars > MAX {
                break;
            }
            if !joined.is_empty() {
                joined.push(' ');
                chars += 1;
            }
            joined.push_str(word);
            chars += word.chars().count();
        }
        shorten(&joined, MAX)
    }

    fn report(&self, file: &SourceFile) -> SentenceReport {
        SentenceReport {
            line: file.line_of(self.offset()),
            words: self.sentence.counts.words,
            flesch_kincaid_grade: round1(self.grade()),
            text: self.text(),
        }
    }
}

/// Analyses one page against its target, parsing its Markdown: its
/// warnings, and its figures when `url` (the page's address, which they
/// name) is given.
pub fn analyse_page(
    page: &Page,
    url: Option<&str>,
    target: Option<ReadingGrade>,
    settings: &ReadingSettings<'_>,
    avoid: &AvoidList,
) -> (Option<PageReadability>, Vec<Diagnostic>) {
    let paras = paragraphs(page.body(), page.body_offset);
    analyse_paragraphs(page, &paras, url, target, settings, avoid)
}

/// [`analyse_page`] on the events the Markdown stage parsed (file offsets).
pub fn analyse_page_events(
    page: &Page,
    events: &[(Event<'_>, Range<usize>)],
    url: Option<&str>,
    target: Option<ReadingGrade>,
    settings: &ReadingSettings<'_>,
    avoid: &AvoidList,
) -> (Option<PageReadability>, Vec<Diagnostic>) {
    thread_local! {
        /// Each thread's paragraph buffers, kept from page to page.
        static PARAGRAPHS: std::cell::Cell<Paragraphs> = Default::default();
    }
    let mut paras = PARAGRAPHS.take();
    paras.read_events(events, page.body(), page.body_offset);
    let analysed = analyse_paragraphs(page, &paras, url, target, settings, avoid);
    PARAGRAPHS.set(paras);
    analysed
}

fn analyse_paragraphs(
    page: &Page,
    paras: &Paragraphs,
    url: Option<&str>,
    target: Option<ReadingGrade>,
    settings: &ReadingSettings<'_>,
    avoid: &AvoidList,
) -> (Option<PageReadability>, Vec<Diagnostic>) {
    let file = &page.source;
    let exempt = target == Some(ReadingGrade::Exempt);
    let target = target.and_then(ReadingGrade::target);
    let mut diags = Vec::new();
    let mut total = Counts::default();
    let mut sentences: Vec<Located<'_>> = Vec::new();
    let mut reports = Vec::with_capacity(if url.is_some() { paras.len() } else { 0 });
    let mut scanner = Scanner::new(avoid);
    let mut measured = Vec::new();
    let mut uses = Vec::new();
    let mut long = Vec::new();
    let keep_sentences = target.is_some() || url.is_some();
    for p in paras.iter() {
        measured.clear();
        uses.clear();
        scanner.paragraph(p.text, &mut measured, &mut uses);
        let mut counts = Counts::default();
        for s in &measured {
            counts.add(&s.counts);
        }
        total.add(&counts);
        if url.is_some() {
            reports.push(ParagraphReadability {
                line: file.line_of(p.start),
                flesch_kincaid_grade: round1(counts.flesch_kincaid()),
                smog_index: round1(counts.smog()),
                coleman_liau_index: round1(counts.coleman_liau()),
                words: counts.words,
                sentences: counts.sentences,
            });
        }
        for s in &measured {
            let words = s.counts.words;
            if words > settings.max_sentence_words {
                let at = p.source_offset(s.span.start);
                long.push(
                    Diagnostic::warning(format!(
                        "sentence of {words} words; the most is {}",
                        settings.max_sentence_words
                    ))
                    .at_span(file, at..word_end(&file.text, at))
                    .label("this sentence")
                    .help("split it in two, or put a list in its place; [check] max_sentence_words sets the limit"),
                );
            }
        }
        let first = sentences.len();
        // Kept only for what quotes them: the grade warnings' hardest
        // sentences and the figures' longest.
        if keep_sentences {
            sentences.extend(measured.drain(..).map(|sentence| Located {
                paragraph: p,
                sentence,
            }));
        }
        if let Some(t) = target
            && counts.words >= MIN_PARAGRAPH_WORDS
            && round1(counts.flesch_kincaid()) > t
        {
            diags.push(above_target(
                "paragraph",
                &counts,
                t,
                &sentences[first..],
                file,
                p.start,
            ));
        }
        for u in uses.drain(..) {
            diags.push(
                Diagnostic::warning(format!("“{}”: a plainer word is “{}”", u.word, u.instead))
                    .at_span(file, p.source_span(u.span))
                    .label(format!("try “{}”", u.instead))
                    .help("families read faster with everyday words; the list is [check] avoid in sheaf.toml plus sheaf's own (avoid_builtin = false turns that off)"),
            );
        }
    }
    // After the paragraphs' warnings, as they were when the sentences
    // were read again at the end.
    diags.append(&mut long);
    if let Some(t) = target
        && total.words > 0
        && round1(total.flesch_kincaid()) > t
    {
        let body_start = first_text(&file.text, page.body_offset);
        let page_warning = above_target("page", &total, t, &sentences, file, body_start);
        diags.insert(0, page_warning);
    }
    let Some(url) = url else {
        return (None, diags);
    };
    let mut longest: Vec<&Located<'_>> = sentences.iter().collect();
    longest.sort_by_key(|s| std::cmp::Reverse(s.sentence.counts.words));
    let readability = PageReadability {
        file: file.display_path.clone(),
        url: url.to_string(),
        title: page.front.title.clone(),
        target,
        exempt,
        flesch_kincaid_grade: round1(total.flesch_kincaid()),
        smog_index: round1(total.smog()),
        coleman_liau_index: round1(total.coleman_liau()),
        words: total.words,
        sentences: total.sentences,
        longest_sentences: longest.iter().take(3).map(|s| s.report(file)).collect(),
        paragraphs: reports,
        warnings: diags.len(),
    };
    (Some(readability), diags)
}

/// "page reads at grade 11.2, above its target of 8", with the two hardest
/// sentences of the stretch.
fn above_target(
    what: &str,
    counts: &Counts,
    target: f64,
    sentences: &[Located<'_>],
    file: &SourceFile,
    at: usize,
) -> Diagnostic {
    let grade = round1(counts.flesch_kincaid());
    let mut hardest: Vec<&Located<'_>> = sentences.iter().collect();
    hardest.sort_by(|a, b| b.grade().total_cmp(&a.grade()));
    let named: Vec<String> = hardest
        .iter()
        .take(2)
        .map(|s| {
            let r = s.report(file);
            format!(
                "line {} (grade {:.1}): “{}”",
                r.line, r.flesch_kincaid_grade, r.text
            )
        })
        .collect();
    let exempt = if what == "page" {
        "; a page written for professionals can set reading_grade = false"
    } else {
        ""
    };
    Diagnostic::warning(format!(
        "{what} reads at grade {grade:.1}, above its target of {}",
        show_target(target)
    ))
    .at_span(file, at..word_end(&file.text, at))
    .label(format!(
        "Flesch–Kincaid {grade:.1}, SMOG {:.1}",
        round1(counts.smog())
    ))
    .help(format!(
        "hardest sentences: {}. Shorter sentences and everyday words lower the grade{exempt}",
        named.join("; ")
    ))
}

/// The first non-blank character at or after `from`.
fn first_text(text: &str, from: usize) -> usize {
    let from = from.min(text.len());
    text[from..]
        .find(|c: char| !c.is_whitespace())
        .map_or(from, |i| from + i)
}

/// The end of the word at `from`: warnings underline a sentence's or a
/// paragraph's first word, not whole lines of prose.
fn word_end(text: &str, from: usize) -> usize {
    let from = from.min(text.len());
    text[from..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| from + i)
}

fn shorten(text: &str, max: usize) -> String {
    // The byte where the character after the first `max` starts, if any.
    let Some((cut_at, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let cut = &text[..cut_at];
    let cut = cut.rsplit_once(' ').map_or(cut, |(a, _)| a);
    format!("{cut} …")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reported_sentence_is_joined_only_as_far_as_its_cut() {
        let avoid = AvoidList::new(false, []);
        let mut sentences = Vec::new();
        for words in [5, 17, 18, 40] {
            let markdown = vec!["word"; words].join("  \n ");
            let paras = paragraphs(&markdown, 0);
            let paragraph = paras.get(0).unwrap();
            let text = paragraph.text;
            sentences.clear();
            Scanner::new(&avoid).paragraph(text, &mut sentences, &mut Vec::new());
            let located = Located {
                paragraph,
                sentence: sentences[0].clone(),
            };
            let whole = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(located.text(), shorten(&whole, 90), "{words} words");
        }
    }
}
