//! The sentences that hold citations, with where each of their characters
//! sits in the author's file: the wording lint reports at the exact verb,
//! and a source's "Cited in" list quotes the sentence citing it.
//!
//! Text comes from the parsed events (so emphasis marks, escapes and smart
//! quotes read as the reader sees them); each citation is one
//! [`CITATION_MARK`] in the text. A sentence ends at `.`, `!` or `?`
//! followed by space and a word that does not start in lower case, unless
//! the word before is a common abbreviation ("e.g.", "p.") or a citation
//! follows (pandoc style puts citations before the full stop, but authors
//! also write "… at school. [@key]").

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Citation;

/// Stands for one citation in [`CitedSentence::text`].
pub const CITATION_MARK: char = '\u{FFFC}';

/// A piece of sentence text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    text_start: usize,
    source_start: usize,
    len: usize,
    /// The text is the file's bytes as written, so every offset maps.
    verbatim: bool,
}

/// One sentence holding at least one citation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CitedSentence {
    /// The sentence, each citation a [`CITATION_MARK`].
    pub text: String,
    pieces: Vec<Piece>,
    /// Its citations: indices into the document's citations.
    pub citations: Range<usize>,
}

impl CitedSentence {
    /// The file offset of byte `i` of [`Self::text`] (for text that is not
    /// the file's bytes as written, such as a smart quote, the start of
    /// the event it came from).
    pub fn source_offset(&self, i: usize) -> usize {
        let at = self.pieces.partition_point(|p| p.text_start <= i);
        match at.checked_sub(1).map(|k| self.pieces[k]) {
            Some(p) if p.verbatim => p.source_start + (i - p.text_start).min(p.len),
            Some(p) => p.source_start,
            None => self.pieces.first().map_or(0, |p| p.source_start),
        }
    }

    /// The sentence for readers: bracketed citations dropped, each
    /// narrative one replaced by `narrative(index)` (its author and year).
    pub fn display(&self, narrative: &dyn Fn(usize) -> Option<String>) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut n = self.citations.start;
        for c in self.text.chars() {
            if c != CITATION_MARK {
                out.push(c);
                continue;
            }
            match narrative(n) {
                Some(text) => out.push_str(&text),
                None => {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                }
            }
            n += 1;
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A block of inline text being gathered.
#[derive(Default)]
struct Block {
    text: String,
    pieces: Vec<Piece>,
    /// Byte offsets of the citation marks in `text`, with their index.
    marks: Vec<(usize, usize)>,
}

impl Block {
    fn push(&mut self, text: &str, source_start: usize, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            text_start: self.text.len(),
            source_start,
            len: text.len(),
            verbatim,
        });
        self.text.push_str(text);
    }

    fn mark(&mut self, index: usize, source_start: usize) {
        self.marks.push((self.text.len(), index));
        self.push("\u{FFFC}", source_start, false);
    }
}

/// The sentences of a document's events that hold citations, in order.
pub fn cited_sentences(
    events: &[(Event<'_>, Range<usize>)],
    citations: &[Citation],
) -> Vec<CitedSentence> {
    let mut out = Vec::new();
    if citations.is_empty() {
        return out;
    }
    let mut block = Block::default();
    let mut next = 0usize;
    let mut skip = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock | Tag::MetadataBlock(_),
            ) => skip += 1,
            Event::End(
                TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_),
            ) => skip = skip.saturating_sub(1),
            _ if skip > 0 => {}
            Event::Text(text) => push_text(&mut block, text, range, citations, &mut next),
            Event::Code(code) => block.push(code, range.start, false),
            Event::SoftBreak | Event::HardBreak => block.push(" ", range.start, false),
            Event::InlineHtml(_) | Event::FootnoteReference(_) | Event::InlineMath(_) => {}
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            _ => flush(&mut block, &mut out),
        }
    }
    flush(&mut block, &mut out);
    out
}

/// Adds a text event, leaving out the parts inside citations (each
/// citation becomes one mark, where it starts).
fn push_text(
    block: &mut Block,
    text: &str,
    range: &Range<usize>,
    citations: &[Citation],
    next: &mut usize,
) {
    // Citations wholly before this event were in events already passed.
    while *next < citations.len() && citations[*next].span.end <= range.start {
        if !block.marks.iter().any(|&(_, i)| i == *next) {
            block.mark(*next, citations[*next].span.start);
        }
        *next += 1;
    }
    let verbatim = text.len() == range.len();
    let mut cursor = range.start;
    let mut k = *next;
    while k < citations.len() && citations[k].span.start < range.end {
        let span = &citations[k].span;
        if span.start > cursor && verbatim {
            block.push(
                &text[cursor - range.start..span.start - range.start],
                cursor,
                true,
            );
        }
        if !block.marks.iter().any(|&(_, i)| i == k) {
            block.mark(k, span.start);
        }
        cursor = cursor.max(span.end);
        if span.end > range.end {
            break;
        }
        k += 1;
    }
    *next = k;
    if cursor == range.start {
        block.push(text, range.start, verbatim);
    } else if cursor < range.end && verbatim {
        block.push(&text[cursor - range.start..], cursor, true);
    }
}

/// Splits a finished block into sentences and keeps those with citations;
/// the block is emptied, keeping its buffers for the next one.
fn flush(block: &mut Block, out: &mut Vec<CitedSentence>) {
    if !block.marks.is_empty() {
        let mut start = 0;
        for end in boundaries(&block.text)
            .into_iter()
            .chain([block.text.len()])
        {
            let marks: Vec<usize> = block
                .marks
                .iter()
                .filter(|(at, _)| (start..end).contains(at))
                .map(|&(_, i)| i)
                .collect();
            if let (Some(first), Some(last)) = (marks.first(), marks.last()) {
                out.push(sentence(block, start..end, *first..*last + 1));
            }
            start = end;
        }
    }
    block.text.clear();
    block.pieces.clear();
    block.marks.clear();
}

fn sentence(block: &Block, range: Range<usize>, citations: Range<usize>) -> CitedSentence {
    let raw = &block.text[range.clone()];
    let lead = raw.len() - raw.trim_start().len();
    let text = raw.trim().to_string();
    let from = range.start + lead;
    let pieces = block
        .pieces
        .iter()
        .filter(|p| p.text_start + p.len > from && p.text_start < range.end)
        .map(|p| {
            let cut = from.saturating_sub(p.text_start);
            Piece {
                text_start: (p.text_start + cut) - from,
                source_start: p.source_start + if p.verbatim { cut } else { 0 },
                len: p.len - cut,
                verbatim: p.verbatim,
            }
        })
        .collect();
    CitedSentence {
        text,
        pieces,
        citations,
    }
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: [&str; 16] = [
    "e.g", "i.e", "al", "etc", "cf", "vs", "p", "pp", "ch", "no", "dr", "mr", "mrs", "ms", "st",
    "fig",
];

/// Byte offsets where sentences after the first start.
fn boundaries(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        i += 1;
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = i;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | ']') {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            continue;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let Some(&(next_at, next)) = chars.get(k) else {
            continue;
        };
        if next.is_lowercase() || next == CITATION_MARK || next.is_ascii_digit() {
            continue;
        }
        if c == '.' {
            let word: String = text[..at]
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .unwrap_or("")
                .to_lowercase();
            let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
            if ABBREVIATIONS.contains(&word.as_str()) || initial {
                continue;
            }
        }
        out.push(next_at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(md: &str, span: Range<usize>) -> Vec<CitedSentence> {
        let events: Vec<_> = pulldown_cmark::Parser::new_ext(md, super::super::options())
            .into_offset_iter()
            .collect();
        let citations = [Citation {
            span,
            narrative: false,
            items: Vec::new(),
        }];
        cited_sentences(&events, &citations)
    }

    #[test]
    fn sentence_holds_its_citation_and_maps_offsets_to_the_file() {
        let md = "First one. Engagement *improves* results [@a]. Last, e.g. this.\n";
        let at = md.find("[@a]").unwrap();
        let found = sentences(md, at..at + 4);
        assert_eq!(found.len(), 1);
        let s = &found[0];
        assert_eq!(s.text, "Engagement improves results \u{FFFC}.");
        let verb = s.text.find("improves").unwrap();
        assert_eq!(s.source_offset(verb), md.find("improves").unwrap());
        assert_eq!(s.display(&|_| None), "Engagement improves results.");
    }

    #[test]
    fn abbreviations_and_following_citations_do_not_split() {
        let md = "See p. 4 of the review, e.g. here. It helps. [@a] Next.\n";
        let at = md.find("[@a]").unwrap();
        let found = sentences(md, at..at + 4);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].text.starts_with("It helps."),
            "{:?}",
            found[0].text
        );
        let md = "See p. 4 of the review, e.g. here [@a].\n";
        let at = md.find("[@a]").unwrap();
        assert!(sentences(md, at..at + 4)[0].text.starts_with("See p. 4"));
    }
}
