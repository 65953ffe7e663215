//! The citation pass: merges runs of adjacent text and line-break events
//! (pulldown-cmark splits text at brackets, escapes and line ends, and
//! authors hard-wrap citations), finds citations in each run, and works out
//! the evidence stage's HTML that replaces them, applied while the events
//! are written out.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::citations::{Citation, NotAKey, Suspect, scan};
use super::{CitationRenderer, Rendered};
use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};

/// A piece of a merged run: where its text sits in the run and in the file.
struct Fragment {
    text_start: usize,
    text_len: usize,
    source: Range<usize>,
    /// The text came from a backslash escape (`\[`), so it is literal.
    escaped: bool,
    piece: Piece,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    Text,
    /// A soft or hard line break, `\n` in the merged text.
    LineBreak,
    /// The `_`/`*` (or `__`/`**`) of an emphasis, as written: pulldown-cmark
    /// reads `@key:_a_b_` as a key and an emphasis, pandoc as one key. The
    /// fragment index of the other end, if it is in the run.
    Delimiter(Option<usize>),
}

/// Events a citation may run across: text, the line breaks of a
/// hard-wrapped paragraph, and emphasis inside a key.
fn in_run(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Start(Tag::Emphasis | Tag::Strong)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong)
    )
}

/// Events replacing `events[range]`.
pub type Edit<'a> = (Range<usize>, Vec<(Event<'a>, Range<usize>)>);

/// Finds the citations of a document and what replaces the text events
/// that hold them, in document order. The events themselves are not moved:
/// [`into_edited`] applies the edits while iterating.
pub fn citation_edits<'a>(
    events: &[(Event<'a>, Range<usize>)],
    file: &SourceFile,
    renderer: &dyn CitationRenderer,
    out: &mut Rendered,
) -> Vec<Edit<'a>> {
    // Runs of text outside code blocks, links, images and HTML blocks; most
    // have no `@` and need no closer look.
    let mut edits = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(
                Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock,
            ) => depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image | TagEnd::HtmlBlock) => {
                depth = depth.saturating_sub(1)
            }
            event if depth == 0 && in_run(event) => {
                let start = i;
                while i < events.len() && in_run(&events[i].0) {
                    i += 1;
                }
                let run = &events[start..i];
                let has_at = run
                    .iter()
                    .any(|(e, _)| matches!(e, Event::Text(t) if t.contains('@')));
                if has_at && let Some(replacement) = cite_run(run, file, renderer, out) {
                    edits.push((start..i, replacement));
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    edits
}

/// The events with `edits` applied.
pub fn into_edited<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    edits: Vec<Edit<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    IntoEdited {
        events: events.into_iter().enumerate(),
        edits: edits.into_iter().peekable(),
        pending: Vec::new().into_iter(),
        skip_to: 0,
    }
}

struct IntoEdited<'a> {
    events: std::iter::Enumerate<std::vec::IntoIter<(Event<'a>, Range<usize>)>>,
    edits: std::iter::Peekable<std::vec::IntoIter<Edit<'a>>>,
    pending: std::vec::IntoIter<(Event<'a>, Range<usize>)>,
    skip_to: usize,
}

impl<'a> Iterator for IntoEdited<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some((event, _)) = self.pending.next() {
                return Some(event);
            }
            let (i, (event, _)) = self.events.next()?;
            if i < self.skip_to {
                continue;
            }
            if let Some((run, replacement)) = self.edits.next_if(|(run, _)| run.start == i) {
                self.skip_to = run.end;
                self.pending = replacement.into_iter();
                continue;
            }
            return Some(event);
        }
    }
}

/// The events replacing one run of text events, if it holds citations.
fn cite_run<'a>(
    run: &[(Event<'a>, Range<usize>)],
    file: &SourceFile,
    renderer: &dyn CitationRenderer,
    out: &mut Rendered,
) -> Option<Vec<(Event<'a>, Range<usize>)>> {
    let (text, fragments) = merge(run, file);
    let whole = run.first().map_or(0, |p| p.1.start)..run.last().map_or(0, |p| p.1.end);
    // Almost every run has no backslash anywhere near it.
    let may_escape = fragments.iter().any(|f| f.escaped)
        || file
            .text
            .get(whole.start.saturating_sub(1)..whole.end)
            .is_none_or(|source| source.contains('\\'));
    let escaped = |i: usize| {
        may_escape
            && (fragment_at(&fragments, i).is_some_and(|f| f.escaped)
                || preceded_by_escape(&file.text, offset_to_source(&fragments, i)))
    };
    let markup = |i: usize| fragment_at(&fragments, i).is_some_and(|f| f.piece != Piece::Text);
    let mut found = scan(&text, &escaped, &markup, &|key| renderer.has_key(key));
    // A citation that would swallow one end of an emphasis but not the
    // other stays text: replacing it would leave the events unbalanced.
    found
        .citations
        .retain(|c| balanced(&fragments, c.span.clone()));
    // A key written with an entity (`@a&amp;b`) is not the key the page
    // shows; pandoc reads keys from the source, so it is left as text.
    found.citations.retain(|c| {
        c.items.iter().all(|i| {
            let span = to_source(&fragments, i.key_span.clone());
            file.text
                .get(span)
                .is_some_and(|s| s == i.key || !s.contains('&'))
        })
    });
    for suspect in &found.suspects {
        out.diagnostics
            .push(suspect_warning(suspect, &fragments, file));
    }
    if found.citations.is_empty() {
        return None;
    }
    let mut result = Vec::with_capacity(found.citations.len() * 2 + 1);
    let mut kept = Kept {
        run,
        fragments: &fragments,
        text: &text,
        next: 0,
    };
    let mut cursor = 0;
    for mut citation in found.citations {
        let text_span = citation.span.clone();
        kept.push(cursor..text_span.start, &mut result);
        citation.span = to_source(&fragments, citation.span.clone());
        for item in &mut citation.items {
            item.key_span = to_source(&fragments, item.key_span.clone());
        }
        let html = check_and_render(&citation, file, renderer, out);
        cursor = text_span.end;
        result.push((Event::InlineHtml(CowStr::from(html)), citation.span.clone()));
        out.citations.push(citation);
    }
    kept.push(cursor..text.len(), &mut result);
    Some(result)
}

/// The run's text as one string, with where each event's piece of it is.
fn merge(run: &[(Event<'_>, Range<usize>)], file: &SourceFile) -> (String, Vec<Fragment>) {
    let mut text = String::new();
    let mut fragments: Vec<Fragment> = Vec::with_capacity(run.len());
    let mut open = Vec::new();
    for (k, (event, r)) in run.iter().enumerate() {
        let source = file.text.get(r.clone()).unwrap_or("");
        let delimiter = |strong: bool, at_end: bool| {
            let n = if strong { 2 } else { 1 };
            let part = if at_end {
                source.get(source.len().saturating_sub(n)..)
            } else {
                source.get(..n)
            };
            let part = part.filter(|d| d.bytes().all(|b| b == b'*' || b == b'_'));
            let part = part.unwrap_or("");
            let start = if at_end { r.end - part.len() } else { r.start };
            (part, start..start + part.len())
        };
        let (t, piece, source_range) = match event {
            Event::Text(t) => (&**t, Piece::Text, r.clone()),
            Event::Start(tag) => {
                open.push(k);
                let (d, range) = delimiter(matches!(tag, Tag::Strong), false);
                (d, Piece::Delimiter(None), range)
            }
            Event::End(tag) => {
                let partner = open.pop();
                if let Some(p) = partner {
                    fragments[p].piece = Piece::Delimiter(Some(k));
                }
                let (d, range) = delimiter(matches!(tag, TagEnd::Strong), true);
                (d, Piece::Delimiter(partner), range)
            }
            _ => ("\n", Piece::LineBreak, r.clone()),
        };
        fragments.push(Fragment {
            text_start: text.len(),
            text_len: t.len(),
            escaped: piece == Piece::Text
                && source.starts_with('\\')
                && source.len() == t.len() + 1,
            source: source_range,
            piece,
        });
        text.push_str(t);
    }
    (text, fragments)
}

/// Whether every emphasis delimiter inside `span` has its other end there too.
fn balanced(fragments: &[Fragment], span: Range<usize>) -> bool {
    let first = fragments.partition_point(|f| f.text_start + f.text_len <= span.start);
    let inside = |k: usize| {
        let f = &fragments[k];
        f.text_start >= span.start && f.text_start + f.text_len <= span.end
    };
    fragments[first..]
        .iter()
        .take_while(|f| f.text_start < span.end)
        .all(|f| match f.piece {
            Piece::Delimiter(partner) => f.text_len == 0 || partner.is_some_and(inside),
            _ => true,
        })
}

/// The events of a run between its citations, kept as they were: text is
/// cut where a citation starts or ends, line breaks stay line breaks.
struct Kept<'r, 'a> {
    run: &'r [(Event<'a>, Range<usize>)],
    fragments: &'r [Fragment],
    text: &'r str,
    /// The first fragment that may still overlap what is pushed next
    /// (citations come in order, so the walk over fragments is linear).
    next: usize,
}

impl<'a> Kept<'_, 'a> {
    fn push(&mut self, span: Range<usize>, result: &mut Vec<(Event<'a>, Range<usize>)>) {
        if span.is_empty() {
            return;
        }
        while let Some(f) = self.fragments.get(self.next) {
            let (start, end) = (f.text_start, f.text_start + f.text_len);
            if start >= span.end {
                break;
            }
            let (lo, hi) = (start.max(span.start), end.min(span.end));
            if lo < hi {
                let (event, source) = &self.run[self.next];
                if lo == start && hi == end {
                    result.push((event.clone(), source.clone()));
                } else if f.piece == Piece::Text {
                    let text = CowStr::from(self.text[lo..hi].to_string());
                    result.push((Event::Text(text), source.clone()));
                }
            }
            if end > span.end {
                break;
            }
            self.next += 1;
        }
    }
}

/// A warning for an `@` that looks like a citation but reads as none.
fn suspect_warning(suspect: &Suspect, fragments: &[Fragment], file: &SourceFile) -> Diagnostic {
    let span = to_source(fragments, suspect.span.clone());
    match suspect.problem {
        NotAKey::UnclosedBrace => Diagnostic::warning("braced citation key without its closing `}`")
            .at_span(file, span)
            .label("not a citation: shown as written")
            .help("close the key, as in [@{my key+}]; a braced key cannot hold spaces"),
        NotAKey::Missing => Diagnostic::warning("`@` without a citation key")
            .at_span(file, span)
            .label("not a citation: shown as written")
            .help("a key starts with a letter, digit or `_` right after the `@`, as in [@smith2020]; write other keys in braces, as in [@{-odd-key}], or escape the `@` as `\\@` to show it as text"),
    }
}

/// Renders a citation, or reports its unknown keys and keeps the text.
fn check_and_render(
    citation: &Citation,
    file: &SourceFile,
    renderer: &dyn CitationRenderer,
    out: &mut Rendered,
) -> String {
    let mut ok = true;
    for item in &citation.items {
        if !renderer.has_key(&item.key) {
            ok = false;
            let suggestions = renderer.suggest(&item.key);
            let refs: Vec<&str> = suggestions.iter().map(String::as_str).collect();
            let help = did_you_mean(&refs).unwrap_or_else(|| {
                format!(
                    "add an entry with this key to {}, or fix the key",
                    renderer.bibliography_name()
                )
            });
            // From the `@` to the key's end, braces included.
            let braced = file
                .text
                .as_bytes()
                .get(item.key_span.start.wrapping_sub(1))
                == Some(&b'{');
            let at = item
                .key_span
                .start
                .saturating_sub(if braced { 2 } else { 1 });
            let end = item.key_span.end + usize::from(braced);
            out.diagnostics.push(
                Diagnostic::error(format!("unknown citation key `{}`", item.key))
                    .at_span(file, at..end)
                    .label(format!("not in {}", renderer.bibliography_name()))
                    .help(help),
            );
        }
    }
    if ok {
        renderer.render_in_page(citation, &out.citations)
    } else {
        crate::text::escape_html(file.text.get(citation.span.clone()).unwrap_or(""))
    }
}

/// Whether the character at `pos` of the file follows an odd number of
/// backslashes (pulldown-cmark drops the backslash of `\[` from the text).
fn preceded_by_escape(text: &str, pos: usize) -> bool {
    let before = text.as_bytes().get(..pos).unwrap_or_default();
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

fn fragment_at(fragments: &[Fragment], i: usize) -> Option<&Fragment> {
    let idx = fragments
        .partition_point(|f| f.text_start <= i)
        .checked_sub(1)?;
    fragments.get(idx)
}

/// Maps a byte offset in the merged text to the file. Fragments whose text
/// equals their source map exactly; others (escapes, smart quotes) map to
/// their start.
fn offset_to_source(fragments: &[Fragment], i: usize) -> usize {
    match fragment_at(fragments, i) {
        Some(f) => {
            let within = i - f.text_start;
            if f.source.len() == f.text_len {
                f.source.start + within
            } else if within >= f.text_len {
                f.source.end
            } else {
                f.source.start
            }
        }
        None => 0,
    }
}

fn to_source(fragments: &[Fragment], span: Range<usize>) -> Range<usize> {
    let start = offset_to_source(fragments, span.start);
    let end = if span.end > span.start {
        offset_to_source(fragments, span.end - 1) + 1
    } else {
        start
    };
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &'static str) -> (Event<'static>, Range<usize>) {
        (Event::Text(CowStr::Borrowed(s)), 0..0)
    }

    #[test]
    fn edits_replace_their_runs() {
        let events = vec![text("a"), text("b"), text("c"), text("d"), text("e")];
        let edits: Vec<Edit<'static>> = vec![(1..3, vec![text("X"), text("Y")]), (4..5, vec![])];
        let by_value: Vec<String> = into_edited(events.clone(), edits)
            .map(|e| format!("{e:?}"))
            .collect();
        let expected: Vec<String> = ["a", "X", "Y", "d"]
            .iter()
            .map(|s| format!("{:?}", Event::Text(CowStr::Borrowed(s))))
            .collect();
        assert_eq!(by_value, expected);
        assert_eq!(into_edited(events, Vec::new()).count(), 5);
    }
}
