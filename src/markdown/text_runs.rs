//! The citation pass: merges runs of adjacent text events (pulldown-cmark
//! splits text at brackets and escapes), finds citations in each run, and
//! works out the evidence stage's HTML that replaces them, applied while the
//! events are written out.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::citations::{Citation, find_citations};
use super::{CitationRenderer, Rendered};
use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};

/// A piece of a merged run: where its text sits in the run and in the file.
struct Fragment {
    text_start: usize,
    text_len: usize,
    source: Range<usize>,
    /// The text came from a backslash escape (`\[`), so it is literal.
    escaped: bool,
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
            Event::Text(_) if depth == 0 => {
                let start = i;
                while i < events.len() && matches!(events[i].0, Event::Text(_)) {
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
    let mut text = String::new();
    let mut fragments = Vec::with_capacity(run.len());
    for (event, r) in run {
        let Event::Text(t) = event else { continue };
        let source = file.text.get(r.clone()).unwrap_or("");
        fragments.push(Fragment {
            text_start: text.len(),
            text_len: t.len(),
            source: r.clone(),
            escaped: source.starts_with('\\') && source.len() == t.len() + 1,
        });
        text.push_str(t);
    }
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
    let found = find_citations(&text, &escaped);
    if found.is_empty() {
        return None;
    }
    let mut result = Vec::with_capacity(found.len() * 2 + 1);
    let mut cursor = 0;
    for mut citation in found {
        let text_span = citation.span.clone();
        if text_span.start > cursor {
            result.push((
                Event::Text(CowStr::from(text[cursor..text_span.start].to_string())),
                whole.clone(),
            ));
        }
        citation.span = to_source(&fragments, citation.span.clone());
        for item in &mut citation.items {
            item.key_span = to_source(&fragments, item.key_span.clone());
        }
        let html = check_and_render(&citation, file, renderer, out);
        cursor = text_span.end;
        result.push((Event::InlineHtml(CowStr::from(html)), citation.span.clone()));
        out.citations.push(citation);
    }
    if cursor < text.len() {
        result.push((Event::Text(CowStr::from(text[cursor..].to_string())), whole));
    }
    Some(result)
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
            let key_start = item.key_span.start.saturating_sub(1);
            out.diagnostics.push(
                Diagnostic::error(format!("unknown citation key `{}`", item.key))
                    .at_span(file, key_start..item.key_span.end)
                    .label(format!("not in {}", renderer.bibliography_name()))
                    .help(help),
            );
        }
    }
    if ok {
        renderer.render_in_page(citation, &out.citations)
    } else {
        crate::diagnostics::escape_html(file.text.get(citation.span.clone()).unwrap_or(""))
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
