//! Reading BibTeX/BibLaTeX files the way real ones are written: the file is
//! checked against [`bib_guard`]'s limits before the biblatex crate resolves
//! it, dates in forms BibLaTeX rejects (`[1893] 1984`, `in press`, month
//! `Jan-Feb`) are read by [`dates`], and a field value hayagriva cannot
//! convert becomes a warning instead of stopping the build.

use std::ops::Range;

use biblatex::{
    Bibliography as TexBibliography, Chunk, Chunks, ChunksExt, Date, DateValue, Entry as TexEntry,
    ParseError, ParseErrorKind, PermissiveType, RawBibliography, RetrievalError, Spanned,
};
use hayagriva::Entry;

use super::bib_guard;
use super::dates::{read_loose_year, read_month, safe_for_biblatex};
use super::work::PublicationStatus;
use crate::diagnostics::{Diagnostic, SourceFile};

/// One entry as read, with what hayagriva's date cannot hold.
#[derive(Debug)]
pub(crate) struct LoadedEntry {
    pub entry: Entry,
    pub original_year: Option<i32>,
    pub status: Option<PublicationStatus>,
    /// The BibTeX entry as resolved (strings, crossrefs), for the text
    /// fields hayagriva's import loses (see `fields`); `None` for formats
    /// other than BibTeX.
    pub tex: Option<TexEntry>,
}

/// How often one file's resolution may be retried after dropping a field
/// the biblatex crate rejects; past this the file is reported as broken.
const MAX_DROPPED_FIELDS: usize = 100;

/// Parses a BibTeX file. `Err` only for what the author must fix: syntax
/// that leaves no entry boundaries, or a breach of a [`bib_guard`] limit.
pub(crate) fn parse_bib(
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<LoadedEntry>, Vec<Diagnostic>> {
    let mut raw =
        RawBibliography::parse(&source.text).map_err(|e| vec![syntax_error(source, e)])?;
    bib_guard::guard(&mut raw, source, warnings)?;
    let bib = resolve(raw, source, warnings)?;
    Ok(bib
        .into_vec()
        .into_iter()
        .filter_map(|mut tex| {
            let (original_year, status) = fix_dates(&mut tex, source, warnings);
            let entry = convert(&mut tex, source, warnings)?;
            Some(LoadedEntry {
                entry,
                original_year,
                status,
                tex: Some(tex),
            })
        })
        .collect())
}

fn syntax_error(source: &SourceFile, e: ParseError) -> Diagnostic {
    // A `{` never closed swallows text up to the end of the file or to
    // where the syntax breaks, often in a later entry: if an entry before
    // the error has unbalanced braces, that is where the fault is.
    let eof = matches!(e.kind, ParseErrorKind::UnexpectedEof);
    let unclosed =
        bib_guard::unclosed_brace(&source.text).filter(|(at, _)| eof || *at <= e.span.start);
    match unclosed {
        Some((at, key)) => Diagnostic::error(format!("entry `{key}`: a `{{` is never closed"))
            .at_span(source, at..at + 1)
            .label("this `{` is never closed")
            .help("add the missing `}`: every `{` needs a matching `}` before the next entry"),
        None => Diagnostic::error(format!("could not parse bibliography: {}", e.kind))
            .at_span(source, e.span)
            .label("here")
            .help("check the entry's braces, quotes and commas (each field is `name = {value},`)"),
    }
}

/// Resolves @strings, commands and crossrefs. A field the biblatex crate
/// rejects (an unclosed `$`, a stray `}` in a quoted value) is dropped
/// with a warning and the rest resolved again.
fn resolve(
    mut raw: RawBibliography<'_>,
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) -> Result<TexBibliography, Vec<Diagnostic>> {
    for _ in 0..MAX_DROPPED_FIELDS {
        let e = match TexBibliography::from_raw(raw.clone()) {
            Ok(bib) => return Ok(bib),
            Err(e) => e,
        };
        let at = e.span.start;
        let found = raw.entries.iter().enumerate().find_map(|(i, entry)| {
            let f = entry
                .v
                .fields
                .iter()
                .position(|f| f.value.span.start <= at && at <= f.value.span.end)?;
            Some((i, f))
        });
        let Some((i, f)) = found else {
            return Err(vec![
                Diagnostic::error(format!("could not read bibliography: {}", e.kind))
                    .at_span(source, e.span)
                    .label("here")
                    .help("check this value's braces, `$…$` math and backslash commands"),
            ]);
        };
        let entry = &mut raw.entries[i].v;
        let field = entry.fields.remove(f);
        warnings.push(
            Diagnostic::warning(format!(
                "entry `{}`: field `{}` could not be read ({}); it is left out",
                entry.key.v, field.key.v, e.kind
            ))
            .at_span(source, e.span)
            .label("here")
            .help("check this value's braces, `$…$` math and backslash commands"),
        );
    }
    Err(vec![
        Diagnostic::error(format!(
            "more than {MAX_DROPPED_FIELDS} fields could not be read"
        ))
        .in_file(source.display_path.clone())
        .help("this does not look like a BibTeX file; check its encoding and syntax"),
    ])
}

fn span_of(chunks: &[Spanned<Chunk>]) -> Range<usize> {
    match (chunks.first(), chunks.last()) {
        (Some(a), Some(b)) => a.span.start..b.span.end.max(a.span.start),
        _ => 0..0,
    }
}

fn text_chunk(text: String, span: Range<usize>) -> Chunks {
    vec![Spanned::new(Chunk::Normal(text), span)]
}

type DateGetter = fn(&TexEntry) -> Result<PermissiveType<Date>, RetrievalError>;

/// Makes every date field of `tex` one the biblatex crate reads without
/// error (or panic), keeping what APA needs; returns the original year and
/// the publication status.
fn fix_dates(
    tex: &mut TexEntry,
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) -> (Option<i32>, Option<PublicationStatus>) {
    let mut status = tex
        .get("pubstate")
        .and_then(|c| read_loose_year(&c.format_verbatim()).status);
    let mut original = None;
    let prefixes: [(&str, DateGetter); 4] = [
        ("", TexEntry::date),
        ("orig", TexEntry::orig_date),
        ("url", TexEntry::url_date),
        ("event", TexEntry::event_date),
    ];
    for (prefix, getter) in prefixes {
        let loose = fix_date(tex, prefix, getter, source, warnings);
        match prefix {
            "" => {
                original = loose.original_year;
                status = status.or(loose.status);
            }
            "orig" => original = original.or(loose.year).or_else(|| year_of(getter(tex))),
            _ => {}
        }
    }
    (original, status)
}

fn year_of(date: Result<PermissiveType<Date>, RetrievalError>) -> Option<i32> {
    match date.ok()? {
        PermissiveType::Typed(d) => match d.value {
            DateValue::At(x)
            | DateValue::After(x)
            | DateValue::Before(x)
            | DateValue::Between(x, _) => Some(x.year),
        },
        PermissiveType::Chunks(_) => None,
    }
}

/// One date (`date`, or `year`/`month`/`day`) with field-name prefix
/// `prefix`. Returns what the loose reader made of a value BibLaTeX's
/// syntax rejects (empty when the value was fine).
fn fix_date(
    tex: &mut TexEntry,
    prefix: &str,
    getter: DateGetter,
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) -> super::dates::LooseDate {
    let key = tex.key.clone();
    let name = |f: &str| format!("{prefix}{f}");
    let mut warn = |field: &str, span: Range<usize>, what: String, help: &str| {
        warnings.push(
            Diagnostic::warning(format!("entry `{key}`: {field} {what}"))
                .at_span(source, span)
                .label("this value")
                .help(help.to_string()),
        );
    };
    if let Some(chunks) = tex.get(&name("month")) {
        let (text, span) = (chunks.format_verbatim(), span_of(chunks));
        match read_month(&text) {
            Some(m) => tex.set(&name("month"), text_chunk(m.to_string(), span)),
            None => {
                tex.remove(&name("month"));
                warn(
                    &name("month"),
                    span,
                    format!("`{text}` is not a month; it is left out"),
                    "write a month as `mar`, `March` or `3`; seasons and page numbers do not belong here",
                );
            }
        }
    }
    if let Some(chunks) = tex.get(&name("day")) {
        let (text, span) = (chunks.format_verbatim(), span_of(chunks));
        if !text
            .trim()
            .parse::<u8>()
            .is_ok_and(|d| (1..=31).contains(&d))
        {
            tex.remove(&name("day"));
            warn(
                &name("day"),
                span,
                format!("`{text}` is not a day of the month; it is left out"),
                "write a day as 1 to 31",
            );
        }
    }
    let field = if tex.get(&name("date")).is_some() {
        name("date")
    } else {
        name("year")
    };
    let Some(chunks) = tex.get(&field) else {
        return Default::default();
    };
    let (text, span) = (chunks.format_verbatim(), span_of(chunks));
    let usable = safe_for_biblatex(&text) && matches!(getter(tex), Ok(PermissiveType::Typed(_)));
    if usable {
        return Default::default();
    }
    let loose = read_loose_year(&text);
    tex.remove(&name("date"));
    tex.remove(&name("year"));
    match (loose.year, loose.month, loose.day) {
        (Some(y), Some(m), Some(d)) => tex.set(
            &name("date"),
            text_chunk(format!("{y:04}-{m:02}-{d:02}"), span.clone()),
        ),
        (Some(y), Some(m), None) => tex.set(
            &name("date"),
            text_chunk(format!("{y:04}-{m:02}"), span.clone()),
        ),
        (Some(y), ..) => tex.set(&name("year"), text_chunk(y.to_string(), span.clone())),
        (None, ..) => {}
    }
    if let Some(guess) = &loose.guess {
        warn(
            &field,
            span,
            format!("`{text}` {guess}"),
            "write the year as `2003`, `n.d.`, `in press`, `forthcoming` or `[1893] 1984` (original and reprint)",
        );
    }
    loose
}

/// Converts to hayagriva's entry. A field it rejects is dropped with a
/// warning; an entry that still cannot be converted is left out.
fn convert(
    tex: &mut TexEntry,
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Entry> {
    for _ in 0..tex.fields.len() + 1 {
        let e = match Entry::try_from(&*tex) {
            Ok(entry) => return Some(entry),
            Err(e) => e,
        };
        let at = e.span.start;
        let field = tex
            .fields
            .iter()
            .find(|(_, c)| span_of(c).contains(&at))
            .map(|(name, c)| (name.clone(), span_of(c)));
        let Some((name, span)) = field else { break };
        tex.remove(&name);
        warnings.push(
            Diagnostic::warning(format!(
                "entry `{}`: field `{name}` is not valid ({}); it is left out",
                tex.key, e.kind
            ))
            .at_span(source, span)
            .label("this value")
            .help("numbers are plain digits; dates are `2003`, `2003-05` or `2003-05-12`"),
        );
    }
    warnings.push(
        Diagnostic::warning(format!(
            "entry `{}` could not be read; it is left out",
            tex.key
        ))
        .help("check the entry's fields against BibLaTeX's data model"),
    );
    None
}

impl LoadedEntry {
    /// An entry from a format whose dates hayagriva reads itself.
    pub(crate) fn plain(entry: Entry) -> Self {
        Self {
            entry,
            original_year: None,
            status: None,
            tex: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::evidence::parse_bibliography;

    /// Runs `f` on a thread with a small stack, as a worker thread has, so
    /// unbounded recursion shows up as a crash here rather than in use.
    fn on_small_stack(f: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(f)
            .unwrap()
            .join()
            .expect("no panic");
    }

    #[test]
    fn fuzz_seed_bibliographies_give_diagnostics_without_crashing() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/bibliography");
        let mut seen = 0;
        for file in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(file.unwrap().path()).unwrap();
            let name = if bytes[0] & 1 == 1 {
                "refs.yml"
            } else {
                "refs.bib"
            };
            let text = String::from_utf8(bytes[1..].to_vec()).unwrap();
            on_small_stack(move || {
                let _ = parse_bibliography(name, &text);
            });
            seen += 1;
        }
        assert!(seen >= 10, "{seen} seeds");
    }

    #[test]
    fn nesting_just_under_the_limit_resolves_on_a_small_stack() {
        let depth = super::bib_guard::MAX_NESTING - 1;
        let title = format!("{}x{}", "\\textbf{".repeat(depth), "}".repeat(depth));
        on_small_stack(move || {
            let bib = parse_bibliography("refs.bib", &format!("@book{{k, title = {{{title}}}}}\n"))
                .expect("accepted");
            assert!(bib.get("k").unwrap().title.contains('x'));
        });
    }

    #[test]
    fn month_with_page_numbers_is_a_warning_not_a_panic() {
        let bib = parse_bibliography(
            "refs.bib",
            "@article{j, title = {T}, year = 1999, month = {2181-2184}}\n",
        )
        .expect("loads");
        assert_eq!(bib.get("j").unwrap().year, Some(1999));
        assert!(bib.warnings()[0].message.contains("is not a month"));
    }

    #[test]
    fn origdate_and_pubstate_reach_the_date_label() {
        let bib = parse_bibliography(
            "refs.bib",
            "@book{w, title = {T}, year = 1984, origdate = {1893}}\n\
             @article{p, title = {T}, pubstate = {inpress}}\n",
        )
        .expect("loads");
        assert_eq!(bib.get("w").unwrap().date_label(), "1893/1984");
        assert_eq!(bib.get("p").unwrap().date_label(), "in press");
        assert!(bib.warnings().is_empty(), "{:?}", bib.warnings());
    }
}
