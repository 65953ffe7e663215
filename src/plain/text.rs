//! The text a reader reads, paragraph by paragraph, taken from a page's
//! Markdown: inline formatting dropped, link text kept, and code, tables,
//! raw HTML, images, footnotes, bare URLs and citations left out. Every
//! paragraph keeps a map back to the file so warnings point at the source.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A page's running text: every block's text in one buffer, and the map
/// from it back to the file. One buffer a page, not a string and a list a
/// paragraph: this runs on every page of every build.
#[derive(Debug, Default)]
pub struct Paragraphs {
    text: String,
    segments: Vec<Segment>,
    blocks: Vec<Block>,
}

/// Where one block's text and segments are in a [`Paragraphs`].
#[derive(Debug, Clone)]
struct Block {
    text: Range<usize>,
    segments: Range<usize>,
    /// Byte offset in the file where the block starts.
    start: usize,
}

/// A piece of the text and where it came from.
#[derive(Debug, Clone)]
struct Segment {
    /// Where the piece starts in the page's buffer.
    text_start: usize,
    text_len: usize,
    source: Range<usize>,
}

/// One block of running text: a paragraph, or a list item without one.
#[derive(Debug, Clone, Copy)]
pub struct Paragraph<'a> {
    pub text: &'a str,
    /// Byte offset in the file where the block starts.
    pub start: usize,
    /// Where `text` starts in the page's buffer, which the segments count in.
    base: usize,
    segments: &'a [Segment],
}

impl Paragraphs {
    pub fn iter(&self) -> impl Iterator<Item = Paragraph<'_>> {
        self.blocks.iter().map(|b| self.paragraph(b))
    }

    pub fn get(&self, k: usize) -> Option<Paragraph<'_>> {
        self.blocks.get(k).map(|b| self.paragraph(b))
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    fn paragraph(&self, b: &Block) -> Paragraph<'_> {
        Paragraph {
            text: &self.text[b.text.clone()],
            start: b.start,
            base: b.text.start,
            segments: &self.segments[b.segments.clone()],
        }
    }

    /// Starts a block at file offset `start`; the open block (if any)
    /// ends first.
    fn open(&mut self, open: &mut Option<Block>, start: usize) {
        self.close(open);
        *open = Some(Block {
            text: self.text.len()..self.text.len(),
            segments: self.segments.len()..self.segments.len(),
            start,
        });
    }

    fn push(&mut self, text: &str, source: Range<usize>) {
        self.segments.push(Segment {
            text_start: self.text.len(),
            text_len: text.len(),
            source,
        });
        self.text.push_str(text);
    }

    /// Ends the open block: its citations and web addresses blanked, and
    /// kept only if a letter or digit is left.
    fn close(&mut self, open: &mut Option<Block>) {
        let Some(mut block) = open.take() else {
            return;
        };
        blank_citations(&mut self.text, block.text.start);
        if self.text[block.text.start..]
            .chars()
            .any(char::is_alphanumeric)
        {
            block.text.end = self.text.len();
            block.segments.end = self.segments.len();
            self.blocks.push(block);
        } else {
            self.text.truncate(block.text.start);
            self.segments.truncate(block.segments.start);
        }
    }
}

impl Paragraph<'_> {
    /// The file offset of a byte of `text`: exact where the Markdown holds
    /// the text as written, the start of the piece where it does not (smart
    /// quotes, entities).
    pub fn source_offset(&self, i: usize) -> usize {
        let i = self.base + i;
        let k = self.segments.partition_point(|s| s.text_start <= i);
        let Some(seg) = k.checked_sub(1).and_then(|k| self.segments.get(k)) else {
            return self.start;
        };
        let within = i - seg.text_start;
        if seg.source.len() == seg.text_len {
            seg.source.start + within.min(seg.text_len)
        } else {
            seg.source.start
        }
    }

    /// [`Self::source_offset`] for a range.
    pub fn source_span(&self, span: Range<usize>) -> Range<usize> {
        let start = self.source_offset(span.start);
        let end = if span.end > span.start {
            self.source_offset(span.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }
}

/// The paragraphs of a Markdown body that starts at `offset` in its file.
pub fn paragraphs(body: &str, offset: usize) -> Paragraphs {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, crate::markdown::options())
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + offset..r.end + offset))
        .collect();
    let mut out = Paragraphs::default();
    out.read_events(&events, body, offset);
    out
}

impl Paragraphs {
    /// [`paragraphs`] from the events the Markdown stage already parsed
    /// (ranges in file offsets), so the build parses each page once; into
    /// this one's buffers, which a thread keeps from page to page.
    pub fn read_events(&mut self, events: &[(Event<'_>, Range<usize>)], body: &str, offset: usize) {
        self.text.clear();
        self.segments.clear();
        self.blocks.clear();
        // The body's Markdown is about as long as its text: room for it at
        // once instead of growing piece by piece.
        self.text.reserve(body.len());
        read_events(self, events, body, offset);
    }
}

fn read_events(
    out: &mut Paragraphs,
    events: &[(Event<'_>, Range<usize>)],
    body: &str,
    offset: usize,
) {
    let mut open: Option<Block> = None;
    // Inside code, tables, images, footnotes or HTML nothing is read.
    let mut skip = 0usize;
    // Link text that is its own URL (`<https://…>`) is left out too.
    let mut link_stack: Vec<bool> = Vec::new();
    for (event, range) in events {
        let range = range.clone();
        match event {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) if skip == 0 => {
                out.open(&mut open, range.start);
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) if skip == 0 => {
                out.close(&mut open);
            }
            Event::Start(Tag::List(_)) if skip == 0 => out.close(&mut open),
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::Image { .. }
                | Tag::FootnoteDefinition(_)
                | Tag::HtmlBlock
                | Tag::Heading { .. },
            ) => skip += 1,
            Event::End(
                TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::Image
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock
                | TagEnd::Heading(_),
            ) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let bare = body
                    .get(range.start - offset..range.end - offset)
                    .is_some_and(|src| src.starts_with('<') || src == &**dest_url);
                link_stack.push(bare);
            }
            Event::End(TagEnd::Link) => {
                link_stack.pop();
            }
            Event::Text(t) if skip == 0 && open.is_some() && !link_stack.iter().any(|&b| b) => {
                out.push(t, range);
            }
            Event::SoftBreak | Event::HardBreak if skip == 0 && open.is_some() => {
                out.push(" ", range);
            }
            _ => {}
        }
    }
    out.close(&mut open);
}

/// Blanks out pandoc citations — `[@key]`, `[see @a, p. 4; @b]` and
/// `@key [p. 3]` — and bare web addresses in `text` from byte `from` on,
/// keeping the map to the file: each removed character becomes as many
/// ASCII spaces as it had bytes, so the text stays the same length and
/// offsets stay where they were.
fn blank_citations(text: &mut String, from: usize) {
    const SPACES: &str = "                                                                ";
    for r in citation_ranges(&text[from..]) {
        let r = from + r.start..from + r.end;
        // The ranges start and end at characters (the scan finds them by
        // ASCII marks and whole characters); a range that did not would be
        // left as it is rather than split a character.
        if !(text.is_char_boundary(r.start) && text.is_char_boundary(r.end)) {
            continue;
        }
        let n = r.len();
        if n <= SPACES.len() {
            text.replace_range(r, &SPACES[..n]);
        } else {
            text.replace_range(r, &" ".repeat(n));
        }
    }
}

/// Where [`blank_citations`] blanks: each citation and web address.
/// Only a `[`, an `@` or the `:` of `http://` or `https://` can mark one,
/// so the scan jumps from one of those to the next (one `memchr3`) instead
/// of reading every byte; a web address starts at its `http`, just before
/// its `:`.
fn citation_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while let Some(m) = memchr::memchr3(b'[', b'@', b':', &bytes[i..]) {
        let at = i + m;
        match bytes[at] {
            b'[' => {
                if let Some(len) = text[at..].find(']')
                    && text[at..at + len].contains('@')
                {
                    blank.push(at..at + len + 1);
                    i = at + len + 1;
                    continue;
                }
            }
            b'@' if at == 0 || !bytes[at - 1].is_ascii_alphanumeric() => {
                let end = word_end(text, at + 1);
                // `@key [p. 3]`: the locator goes with the citation.
                let mut end_all = end;
                let rest = &text[end..];
                let trimmed = rest.trim_start();
                if trimmed.starts_with('[')
                    && let Some(close) = trimmed.find(']')
                {
                    end_all = end + (rest.len() - trimmed.len()) + close + 1;
                }
                blank.push(at..end_all);
                i = end_all;
                continue;
            }
            b':' if bytes[at..].starts_with(b"://") => {
                let before = &bytes[i..at];
                let scheme = if before.ends_with(b"https") {
                    5
                } else if before.ends_with(b"http") {
                    4
                } else {
                    0
                };
                if scheme > 0 {
                    let start = at - scheme;
                    let end = text[start..]
                        .find(char::is_whitespace)
                        .map_or(text.len(), |n| start + n);
                    blank.push(start..end);
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i = at + 1;
    }
    blank
}

/// The end of a citation key: letters, digits and `_:.#$%&-+?<>~/` inside
/// it, as pandoc reads them, without trailing punctuation.
fn word_end(text: &str, from: usize) -> usize {
    let mut end = from;
    for (k, c) in text[from..].char_indices() {
        if c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c) {
            end = from + k + c.len_utf8();
        } else {
            break;
        }
    }
    while end > from && text[..end].ends_with(['.', ':', '?', '-']) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<String> {
        paragraphs(md, 0)
            .iter()
            .map(|p| p.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn reads_running_text_and_leaves_out_the_rest() {
        let md = "# Title\n\nSome *warm* [words](https://x.org) here [@smith2020, p. 4].\n\n```\ncode is not read\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n- one item\n- two items\n\nSee <https://example.org> and @jones2019 [p. 3] too.\n";
        assert_eq!(
            texts(md),
            [
                "Some warm words here .",
                "one item",
                "two items",
                "See and too."
            ]
        );
    }

    #[test]
    fn offsets_point_back_into_the_file() {
        let md = "Intro line.\n\nA second *para*graph.";
        let ps = paragraphs(md, 100);
        let second = ps.get(1).unwrap();
        assert_eq!(second.start, 113);
        let at = second.text.find("graph").unwrap();
        assert_eq!(second.source_offset(at), 100 + md.find("graph").unwrap());
    }

    /// The blanking scan as it read every byte (main 2e506fa).
    fn citation_ranges_as_before(text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut blank: Vec<Range<usize>> = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'[' => {
                    if let Some(len) = text[i..].find(']')
                        && text[i..i + len].contains('@')
                    {
                        blank.push(i..i + len + 1);
                        i += len + 1;
                        continue;
                    }
                }
                b'@' if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() => {
                    let end = word_end(text, i + 1);
                    // `@key [p. 3]`: the locator goes with the citation.
                    let mut end_all = end;
                    let rest = &text[end..];
                    let trimmed = rest.trim_start();
                    if trimmed.starts_with('[')
                        && let Some(close) = trimmed.find(']')
                    {
                        end_all = end + (rest.len() - trimmed.len()) + close + 1;
                    }
                    blank.push(i..end_all);
                    i = end_all;
                    continue;
                }
                b'h' if text[i..].starts_with("http://") || text[i..].starts_with("https://") => {
                    let end = text[i..]
                        .find(char::is_whitespace)
                        .map_or(text.len(), |n| i + n);
                    blank.push(i..end);
                    i = end;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        blank
    }

    /// Citations blanked by copying, as before the text was blanked in
    /// place (main 1843d8e).
    fn without_citations_as_before(text: &str) -> String {
        let blank = citation_ranges_as_before(text);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for r in &blank {
            out.push_str(&text[last..r.start]);
            out.extend(std::iter::repeat_n(' ', r.len()));
            last = r.end;
        }
        out.push_str(&text[last..]);
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]

        #[test]
        fn citations_are_blanked_as_before(text in crate::plain::reference::tricky_text()) {
            // After other text, as a page's later paragraphs are.
            let mut blanked = format!("Before. {text}");
            blank_citations(&mut blanked, 8);
            proptest::prop_assert_eq!(&blanked[8..], without_citations_as_before(&text));
        }
    }
}
