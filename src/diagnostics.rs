//! One error type for authors: a message, where it happened (file, line,
//! column, the source line) and how to fix it, rendered rustc-style for the
//! terminal and as HTML for the `serve` overlay.

use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::text::escape_html;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A source file kept in memory so diagnostics can quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path shown to authors: relative to the site root where possible.
    pub display_path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(display_path: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Arc::new(Self {
            display_path: display_path.into(),
            text,
            line_starts,
        })
    }

    /// This file's name without its text, for a file nothing will quote
    /// again: what the build keeps of a page's source while it renders.
    pub fn name_only(&self) -> Arc<Self> {
        Self::new(self.display_path.clone(), String::new())
    }

    /// The 1-based line holding byte `offset` (clamped to the file): what
    /// [`Self::locate`] gives as `line`, without counting characters for
    /// the column, which on a very long line costs its whole length.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// Points at a byte range of this file. Out-of-range or mid-character
    /// offsets are clamped, so a wrong span can never panic.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, span.end.clamp(start, self.text.len()));
        let line_index = self.line_starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.line_starts[line_index];
        let line_end = self
            .line_starts
            .get(line_index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        // A span on the `\r` or `\n` ending a line points just past its text.
        let column =
            (self.text[line_start..start].chars().count() + 1).min(line_text.chars().count() + 1);
        let visible_end = end.min(line_start + line_text.len()).max(start);
        let width = self.text[start..visible_end].chars().count().max(1);
        Location {
            file: self.display_path.clone(),
            line: line_index + 1,
            column,
            width,
            source_line: Some(line_text.to_string()),
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// How many characters the caret underline covers.
    pub width: usize,
    pub source_line: Option<String>,
}

impl Location {
    /// A location known only by file (and maybe line), without source text.
    pub fn file_only(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: 0,
            column: 0,
            width: 0,
            source_line: None,
        }
    }
}

/// A problem found in the site, written for the author who has to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// Short text printed after the caret.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Points at `span` (byte offsets) of `file`.
    pub fn at_span(self, file: &SourceFile, span: Range<usize>) -> Self {
        self.at(file.locate(span))
    }

    pub fn in_file(self, path: impl Into<String>) -> Self {
        self.at(Location::file_only(path))
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// About how many bytes [`Self::render_into`] writes: room for the
    /// block at once (a warning quoting a paragraph-long line is long).
    pub fn rendered_len_hint(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let location = self.location.as_ref().map_or(0, |l| {
            // The line, and the caret line under it.
            l.file.len() + 2 * text(&l.source_line)
        });
        self.message.len() + text(&self.label) + text(&self.help) + location + 96
    }

    /// The rustc-style text block, optionally with ANSI colours.
    pub fn render(&self, colour: bool) -> String {
        let mut out = String::with_capacity(self.rendered_len_hint());
        self.render_into(&mut out, colour);
        out
    }

    /// [`Self::render`] written onto the end of `out`, piece by piece: a
    /// large site prints thousands of these.
    pub fn render_into(&self, out: &mut String, colour: bool) {
        // Opens and closes an ANSI style around what is written between.
        let open = |out: &mut String, code: &str| {
            if colour {
                let _ = write!(out, "\x1b[{code}m");
            }
        };
        let close = |out: &mut String| {
            if colour {
                out.push_str("\x1b[0m");
            }
        };
        let (word, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        open(out, code);
        out.push_str(word);
        close(out);
        open(out, "1");
        out.push_str(": ");
        out.push_str(&escape_controls(&self.message, true));
        close(out);
        let line = self.location.as_ref().map_or(0, |l| l.line);
        let gutter_width = if line > 0 { decimal_digits(line) } else { 1 };
        let pad = |out: &mut String| push_repeated(out, SPACES, gutter_width);
        let bar = |out: &mut String| {
            open(out, "1;34");
            out.push('|');
            close(out);
        };
        if let Some(loc) = &self.location {
            out.push('\n');
            pad(out);
            open(out, "1;34");
            out.push_str("-->");
            close(out);
            out.push(' ');
            out.push_str(&escape_controls(&loc.file, false));
            match (loc.line, loc.column) {
                (0, _) => {}
                (line, 0) => {
                    let _ = write!(out, ":{line}");
                }
                (line, column) => {
                    let _ = write!(out, ":{line}:{column}");
                }
            }
            if let (Some(source), true) = (&loc.source_line, loc.line > 0) {
                let (shown, caret_offset, caret_width) = shown_source_line(source, loc);
                out.push('\n');
                pad(out);
                out.push(' ');
                bar(out);
                out.push('\n');
                open(out, "1;34");
                let _ = write!(out, "{}", loc.line);
                close(out);
                out.push(' ');
                bar(out);
                out.push(' ');
                out.push_str(&shown);
                out.push('\n');
                pad(out);
                out.push(' ');
                bar(out);
                out.push(' ');
                push_repeated(out, SPACES, caret_offset);
                open(out, code);
                push_repeated(out, CARETS, caret_width.max(1));
                if let Some(label) = &self.label {
                    out.push(' ');
                    out.push_str(&escape_controls(label, false));
                }
                close(out);
            }
        }
        if let Some(help) = &self.help {
            out.push('\n');
            pad(out);
            out.push(' ');
            open(out, "1;34");
            out.push('=');
            close(out);
            out.push_str(" help: ");
            out.push_str(&escape_controls(help, true));
        }
    }
}

/// Runs of the characters a diagnostic repeats, pushed a slice at a time
/// by [`push_repeated`] (a caret line can be hundreds of columns wide,
/// and a build may print thousands of them).
const SPACES: &str = "                                                                ";
const CARETS: &str = "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^";

/// `n` copies of the one-byte character `run` repeats onto `out`.
fn push_repeated(out: &mut String, run: &str, n: usize) {
    let mut left = n;
    while left > 0 {
        let k = left.min(run.len());
        out.push_str(&run[..k]);
        left -= k;
    }
}

/// How many decimal digits `n` has.
fn decimal_digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The source line as printed, with tabs as four spaces and control
/// characters escaped, and where the caret goes under it: its offset and
/// width in printed characters, so the caret stays under the span.
fn shown_source_line<'a>(
    source: &'a str,
    loc: &Location,
) -> (std::borrow::Cow<'a, str>, usize, usize) {
    let span = loc.column.saturating_sub(1)..loc.column.saturating_sub(1) + loc.width;
    // Printable ASCII (most lines, and long paragraphs most of all) is
    // shown as it is, one column a byte.
    if is_printable_ascii(source.as_bytes()) {
        return (source.into(), span.start.min(source.len()), span.len());
    }
    let (shown, offset, width) = shown_by_character(source, span);
    (shown.into(), offset, width)
}

/// [`shown_source_line`] for any line, a character at a time.
fn shown_by_character(source: &str, span: Range<usize>) -> (String, usize, usize) {
    let mut shown = String::with_capacity(source.len());
    let (mut offset, mut width) = (0, 0);
    // Counted as pushed: counting `shown` again per character made a
    // warning on a 2 MB line take minutes.
    for (i, c) in source.chars().enumerate() {
        let printed = match c {
            '\t' => {
                shown.push_str("    ");
                4
            }
            c if needs_escape(c) => {
                let before = shown.len();
                push_escaped(&mut shown, c);
                shown.len() - before // the escape is ASCII
            }
            c => {
                shown.push(c);
                1
            }
        };
        if i < span.start {
            offset += printed;
        } else if span.contains(&i) {
            width += printed;
        }
    }
    // A span running past the end of the line keeps its length.
    let chars = source.chars().count();
    width += span.end.saturating_sub(chars.max(span.start));
    (shown, offset, width)
}

/// Characters a terminal would act on rather than show: C0 and C1 controls
/// (ESC starts the sequences that set the title or clear the screen) and
/// the bidirectional overrides that make text read differently than it is.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` holds a character [`needs_escape`] names (other than a
/// line break when `keep_newlines`), read by its UTF-8 bytes: a C0
/// control or DEL is one byte, a C1 control `C2 80`–`C2 9F`, the
/// direction marks `E2 80 AA`–`E2 80 AE` and `E2 81 A6`–`E2 81 A9`.
fn has_escapes(text: &str, keep_newlines: bool) -> bool {
    let bytes = text.as_bytes();
    let escapes_at = |i: usize| match bytes[i] {
        b'\n' => !keep_newlines,
        0x00..=0x1f | 0x7f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        0xe2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    };
    // Eight bytes at a time: only the bytes that are not printable ASCII
    // (a line break, or a character's first byte) are looked at.
    let mut i = 0;
    while let Some(eight) = bytes.get(i..i + 8) {
        let mut flagged = not_printable_ascii(eight);
        while flagged != 0 {
            if escapes_at(i + (flagged.trailing_zeros() / 8) as usize) {
                return true;
            }
            flagged &= flagged - 1;
        }
        i += 8;
    }
    (i..bytes.len()).any(escapes_at)
}

/// The top bit of each of the eight bytes that is not printable ASCII
/// (space to `~`): a control character, DEL, or a byte of a character
/// beyond ASCII. No byte's sum carries into the next.
#[inline]
fn not_printable_ascii(eight: &[u8]) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x0101_0101_0101_0101;
    let w = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
    let low7 = w & !HIGH;
    // Below a space: adding 0x60 leaves the top bit clear. DEL: adding
    // 1 sets it.
    (w | !(low7 + 0x60 * LOW) | (low7 + LOW)) & HIGH
}

/// Whether every byte of `bytes` is printable ASCII (space to `~`), read
/// eight bytes at a time: a source line quoted by a warning can be a whole
/// paragraph long.
fn is_printable_ascii(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    chunks.all(|eight| not_printable_ascii(eight) == 0)
        && chunks.remainder().iter().all(|b| matches!(b, b' '..=b'~'))
}

fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `text` with every character [`needs_escape`] names written as `\u{1b}`;
/// line breaks stay when `keep_newlines` (messages and help may have
/// several lines). Everything sheaf prints passes through here, because
/// messages quote file names, front matter and bibliography fields.
pub fn escape_controls(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| needs_escape(c) && !(keep_newlines && c == '\n');
    if !has_escapes(text, keep_newlines) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl Diagnostic {
    /// The diagnostic as an HTML fragment for the `serve` overlay: the
    /// position, then the same block the terminal shows. Every piece of
    /// text is escaped.
    pub fn render_html(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let position = self
            .location
            .as_ref()
            .map(|loc| match (loc.line, loc.column) {
                (0, _) => loc.file.clone(),
                (line, 0) => format!("{}:{line}", loc.file),
                (line, column) => format!("{}:{line}:{column}", loc.file),
            });
        let mut out = format!(
            "<section class=\"sheaf-diagnostic sheaf-diagnostic--{kind}\"><h3><span>{kind}</span>: {}</h3>",
            escape_html(&self.message)
        );
        if let Some(position) = position {
            let _ = write!(
                out,
                "<p class=\"sheaf-position\">{}</p>",
                escape_html(&position)
            );
        }
        let _ = write!(
            out,
            "<pre>{}</pre></section>",
            escape_html(&self.render(false))
        );
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Collects diagnostics from every stage so one run reports them all.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_warnings_errors(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorted by file, line and column, so output is stable run to run even
    /// though pages are processed in parallel.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        // Borrowed, not cloned: the key is read twice per comparison.
        fn key(d: &Diagnostic) -> Option<(&str, usize, usize)> {
            d.location
                .as_ref()
                .map(|l| (l.file.as_str(), l.line, l.column))
        }
        self.items.sort_by(|a, b| {
            key(a)
                .cmp(&key(b))
                .then(a.severity.cmp(&b.severity))
                .then(a.message.cmp(&b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Self {
            items: iter.into_iter().collect(),
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Self { items: vec![d] }
    }
}

/// The closest of `candidates` to `word`, for "did you mean" help.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    // Only those about as close as the best, so a clear winner stands alone.
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .filter(|s| s.0 >= best - 0.03)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

/// "did you mean `a`?" or "did you mean `a`, `b` or `c`?".
pub fn did_you_mean(suggestions: &[&str]) -> Option<String> {
    match suggestions {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        [init @ .., last] => Some(format!(
            "did you mean {} or `{last}`?",
            init.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A path as authors should see it: relative to the site root when inside it.
pub fn display_path(root: &Path, path: &Path) -> String {
    let shown: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    // Only Windows separates with `\`; elsewhere it is part of a file name.
    if cfg!(windows) {
        shown.to_string_lossy().replace('\\', "/")
    } else {
        shown.to_string_lossy().into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The block as it was rendered with `format!` per piece (main
    /// 5e5bd0e), which `render_into` must print byte for byte.
    fn render_as_before(d: &Diagnostic, colour: bool) -> String {
        let paint = |code: &str, text: &str| {
            if colour {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let (word, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = format!(
            "{}{}",
            paint(code, word),
            paint("1", &format!(": {}", escape_controls(&d.message, true)))
        );
        let gutter_width = d
            .location
            .as_ref()
            .filter(|l| l.line > 0)
            .map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter_width);
        let bar = paint("1;34", "|");
        if let Some(loc) = &d.location {
            let file = escape_controls(&loc.file, false);
            let position = match (loc.line, loc.column) {
                (0, _) => file.into_owned(),
                (line, 0) => format!("{file}:{line}"),
                (line, column) => format!("{file}:{line}:{column}"),
            };
            let _ = write!(out, "\n{pad}{} {position}", paint("1;34", "-->"));
            if let (Some(source), true) = (&loc.source_line, loc.line > 0) {
                let (shown, caret_offset, caret_width) = shown_source_line(source, loc);
                let carets = "^".repeat(caret_width.max(1));
                let label = d
                    .label
                    .as_deref()
                    .map(|l| format!(" {}", escape_controls(l, false)))
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "\n{pad} {bar}\n{} {bar} {shown}\n{pad} {bar} {}{}",
                    paint("1;34", &loc.line.to_string()),
                    " ".repeat(caret_offset),
                    paint(code, &format!("{carets}{label}")),
                );
            }
        }
        if let Some(help) = &d.help {
            let _ = write!(
                out,
                "\n{pad} {} help: {}",
                paint("1;34", "="),
                escape_controls(help, true)
            );
        }
        out
    }

    proptest! {
        /// Every kind of diagnostic prints as it did before it was written
        /// piece by piece, with and without colour.
        #[test]
        fn a_diagnostic_renders_as_before(
            error in any::<bool>(),
            message in "[ -~\n\x1b“é]{0,30}",
            located in any::<bool>(),
            file in "[a-z/\x1b]{0,12}",
            line in prop_oneof![Just(0usize), 1usize..20, 9usize..12, 99usize..1001, Just(usize::MAX)],
            column in prop_oneof![0usize..50, 60usize..200],
            width in prop_oneof![0usize..20, 60usize..150],
            source in proptest::option::of("[ -~\t\x1b“é]{0,60}|[ -~]{150,260}"),
            label in proptest::option::of("[ -~\x1b]{0,12}"),
            help in proptest::option::of("[ -~\n“]{0,30}"),
            colour in any::<bool>(),
        ) {
            let mut d = if error { Diagnostic::error(message) } else { Diagnostic::warning(message) };
            if located {
                d = d.at(Location { file, line, column, width, source_line: source });
            }
            d.label = label;
            d.help = help;
            prop_assert_eq!(d.render(colour), render_as_before(&d, colour));
        }

        /// A printable ASCII line is shown as the character-by-character
        /// path shows it, carets included, wherever the span falls.
        #[test]
        fn a_printable_line_is_shown_as_each_character_would_be(
            source in "[ -~]{0,120}",
            column in 0usize..140,
            width in 0usize..40,
        ) {
            let loc = Location { column, width, ..Location::file_only("a.md") };
            let span = column.saturating_sub(1)..column.saturating_sub(1) + width;
            let (shown, offset, width) = shown_source_line(&source, &loc);
            prop_assert_eq!((shown.into_owned(), offset, width), shown_by_character(&source, span));
        }

        /// The eight-bytes-at-a-time test of printable ASCII says what
        /// the byte-at-a-time test says, wherever the odd byte stands.
        #[test]
        fn printable_ascii_is_found_eight_bytes_at_a_time_as_one_by_one(
            text in "[ -~]{0,40}[\t\x1f\u{7f}é“\u{80}]?[ -~]{0,40}",
        ) {
            let bytes = text.as_bytes();
            let one_by_one = bytes.iter().all(|b| matches!(b, b' '..=b'~'));
            prop_assert_eq!(is_printable_ascii(bytes), one_by_one);
        }

        /// Text is escaped as the character test says: the byte test
        /// that skips most text agrees with it, C1 controls, direction
        /// marks and their neighbours included.
        #[test]
        fn text_is_escaped_as_the_character_test_says(
            text in "[ -~\n\t\x1b\u{7f}\u{80}-\u{a1}é“\u{2028}-\u{2030}\u{2064}-\u{206b}]{0,60}",
            keep in any::<bool>(),
        ) {
            let escaped = escape_controls(&text, keep);
            let expected: String = text
                .chars()
                .map(|c| if needs_escape(c) && !(keep && c == '\n') {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                })
                .collect();
            prop_assert_eq!(escaped.as_ref(), expected.as_str());
        }
    }

    #[test]
    fn renders_like_rustc_with_caret_under_the_span() {
        let file = SourceFile::new(
            "content/a.md",
            "title\nGood parenting at home matters most [@desforge2003, p. 4].\n",
        );
        let start = file.text.find("@desforge2003").unwrap();
        let d = Diagnostic::error("unknown citation key `desforge2003`")
            .at_span(&file, start..start + 13)
            .label("not in references.bib")
            .help("did you mean `desforges2003`?");
        let expected = "error: unknown citation key `desforge2003`
 --> content/a.md:2:38
  |
2 | Good parenting at home matters most [@desforge2003, p. 4].
  |                                      ^^^^^^^^^^^^^ not in references.bib
  = help: did you mean `desforges2003`?";
        assert_eq!(d.render(false), expected);
    }

    /// One `sheaf check` used to set the terminal's title and clear the
    /// screen: a title holding ESC sequences was printed as it was.
    #[test]
    fn escape_sequences_from_content_are_printed_escaped() {
        let text = "title = \"\x1b]0;pwned\x07\x1b[2J\"\n";
        let file = SourceFile::new("content/\x1b[31mx.md", text);
        let d = Diagnostic::error("bad title `\x1b]0;pwned\x07`")
            .at_span(&file, 9..text.len() - 2)
            .label("here \u{202e}")
            .help("line one\nline two \u{9b}");
        let out = d.render(false);
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert!(
            !out.contains('\u{202e}') && !out.contains('\u{9b}'),
            "{out:?}"
        );
        assert!(out.contains("bad title `\\u{1b}]0;pwned\\u{7}`"), "{out}");
        assert!(out.contains("content/\\u{1b}[31mx.md:1:10"), "{out}");
        assert!(out.contains("help: line one\nline two \\u{9b}"), "{out}");
        // The caret still sits under the whole escaped span.
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().find(|l| l.contains("title =")).unwrap();
        let carets = lines.iter().find(|l| l.contains('^')).unwrap();
        let start = carets.find('^').unwrap();
        let end = carets.rfind('^').unwrap() + 1;
        assert_eq!(&source[start..end], "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J");
    }

    #[test]
    fn html_rendering_escapes_every_part() {
        let file = SourceFile::new("content/<a>.md", "x <script>alert(1)</script>\n");
        let d = Diagnostic::error("bad <b>")
            .at_span(&file, 2..10)
            .label("<i>")
            .help("use \"&\"");
        let html = d.render_html();
        assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"));
        assert!(html.contains("content/&lt;a&gt;.md:1:3"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("help: use &quot;&amp;&quot;"));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("a.md", "Ünïcødé x");
        let loc = file.locate(file.text.find('x').unwrap()..file.text.len());
        assert_eq!((loc.line, loc.column), (1, 9));
    }

    #[test]
    fn spans_out_of_range_are_clamped_not_panicking() {
        let file = SourceFile::new("a.md", "é");
        let loc = file.locate(1..99);
        assert_eq!(loc.line, 1);
    }

    #[test]
    fn suggestions_rank_the_closest_first() {
        let s = closest("tittle", ["title", "base_url", "theme"]);
        assert_eq!(s.first(), Some(&"title"));
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).unwrap(),
            "did you mean `a`, `b` or `c`?"
        );
    }
}
