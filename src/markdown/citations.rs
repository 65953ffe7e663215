//! Citation syntax (pandoc's): finds `[@key, p. 4]`, `[see @a; @b]`,
//! `[-@key]` and narrative `@key [p. 21]` in Markdown text. Pure syntax: it
//! knows nothing about the bibliography; resolving and formatting keys is
//! `crate::evidence`'s job.

use std::ops::Range;

pub use super::cite_keys::NotAKey;
use super::cite_keys::{Key, read_key};

/// One citation as written: a bracketed group or a narrative `@key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte range of the whole citation in the searched text.
    pub span: Range<usize>,
    /// `@key` / `@key [p. 4]` in running text (author outside the brackets).
    pub narrative: bool,
    pub items: Vec<CiteItem>,
}

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    /// Byte range of the key (without the `@`) in the searched text.
    pub key_span: Range<usize>,
    /// Text before the key, e.g. "see".
    pub prefix: String,
    pub locator: Option<Locator>,
    /// Text after the key and locator, without the separating comma.
    pub suffix: String,
    /// `[-@key]`: print the year only.
    pub suppress_author: bool,
}

/// A pinpoint inside the cited work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    pub kind: LocatorKind,
    /// As written, e.g. "33-35".
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LocatorKind {
    Page,
    Chapter,
    Section,
    Paragraph,
    Figure,
}

impl Locator {
    /// True when the value names more than one unit ("33-35", "4, 7").
    pub fn is_plural(&self) -> bool {
        self.value.contains(['-', '–', ',', '&']) || self.value.contains(" and ")
    }
}

/// Locator labels, longest first so "pp." wins over "p." and "pages" over "page".
const LABELS: &[(&str, LocatorKind)] = &[
    ("paragraphs", LocatorKind::Paragraph),
    ("paragraph", LocatorKind::Paragraph),
    ("chapters", LocatorKind::Chapter),
    ("sections", LocatorKind::Section),
    ("chapter", LocatorKind::Chapter),
    ("figures", LocatorKind::Figure),
    ("section", LocatorKind::Section),
    ("figure", LocatorKind::Figure),
    ("pages", LocatorKind::Page),
    ("chaps.", LocatorKind::Chapter),
    ("paras.", LocatorKind::Paragraph),
    ("chap.", LocatorKind::Chapter),
    ("figs.", LocatorKind::Figure),
    ("para.", LocatorKind::Paragraph),
    ("page", LocatorKind::Page),
    ("secs.", LocatorKind::Section),
    ("ch.", LocatorKind::Chapter),
    ("fig.", LocatorKind::Figure),
    ("sec.", LocatorKind::Section),
    ("pp.", LocatorKind::Page),
    ("§§", LocatorKind::Section),
    ("¶", LocatorKind::Paragraph),
    ("p.", LocatorKind::Page),
    ("§", LocatorKind::Section),
];

/// What [`scan`] finds in a text: citations, and places that look like one
/// but are not (for warnings).
#[derive(Debug, Default)]
pub struct Found {
    pub citations: Vec<Citation>,
    pub suspects: Vec<Suspect>,
}

/// An `@` that looks like the start of a citation but reads as no key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    /// From the `@` to the end of what was read.
    pub span: Range<usize>,
    pub problem: NotAKey,
}

/// [`scan`] without a bibliography to extend keys against, citations only.
pub fn find_citations(text: &str, escaped: &dyn Fn(usize) -> bool) -> Vec<Citation> {
    scan(text, escaped, &|_| false, &|_| false).citations
}

/// Finds citations in `text`, the merged text of consecutive Markdown Text
/// and line-break events (never code, never link text: the caller
/// guarantees that; a line break is a `\n`). `escaped(i)` says whether the
/// byte at offset `i` came from a backslash escape, so `\[@key]` and `\@key`
/// stay literal; `markup(i)` whether it is an emphasis delimiter (`_`,
/// `*`) pulldown-cmark took as markup, which a key keeps as written
/// (`@key:_a_`) and prefixes and suffixes drop; `known(key)` whether the
/// bibliography has a key (see [`read_key`]). Spans are byte ranges in
/// `text`.
pub fn scan(
    text: &str,
    escaped: &dyn Fn(usize) -> bool,
    markup: &dyn Fn(usize) -> bool,
    known: &dyn Fn(&str) -> bool,
) -> Found {
    let scanner = Scanner {
        text,
        escaped,
        markup,
        known,
    };
    let bytes = text.as_bytes();
    let mut found = Found::default();
    let mut i = 0;
    // Only `[` and `@` can start a citation: jump from one to the next.
    // Every step below looks at most as far as the next bracket, so the
    // whole scan is linear even in deeply nested brackets.
    while let Some(skip) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr2(b'[', b'@', rest))
    {
        i += skip;
        match bytes[i] {
            // `\[@key]` is literal text as a whole (SPEC §5), not a bracket
            // around a narrative citation.
            b'[' if escaped(i) => {
                if let Some(close) = scanner.closing_bracket(i) {
                    i = close + 1;
                    continue;
                }
            }
            b'[' => {
                if let Some(c) = scanner.bracketed(i) {
                    i = c.span.end;
                    found.citations.push(c);
                    continue;
                }
            }
            b'@' if !escaped(i) && at_may_start_citation(text, i) => match scanner.narrative(i) {
                Ok(c) => {
                    i = c.span.end;
                    found.citations.push(c);
                    continue;
                }
                Err(problem) if problem == NotAKey::UnclosedBrace || opens_group(text, i) => {
                    let end = text[i + 1..]
                        .find(char::is_whitespace)
                        .map_or(text.len(), |n| i + 1 + n);
                    found.suspects.push(Suspect {
                        span: i..end,
                        problem,
                    });
                }
                Err(_) => {}
            },
            _ => {}
        }
        i += 1;
    }
    found
}

/// An `@` right after a word character, `.`, `/` or `:` belongs to an email
/// address, a URL or a handle, not a citation.
fn at_may_start_citation(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || matches!(c, '.' | '/' | ':' | '_' | '+' | '@')),
    }
}

/// Whether the `@` at `at` is where a citation group's item starts:
/// right after `[`, `[-` or `;` (whitespace allowed).
fn opens_group(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches('-').trim_end();
    before.ends_with(['[', ';'])
}

/// Collapses every run of whitespace (line breaks included) to one space.
fn squash(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = !s.contains(|c: char| c.is_whitespace() && c != ' ') && !s.contains("  ");
    if plain {
        return s.into();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ").into()
}

struct Scanner<'t> {
    text: &'t str,
    escaped: &'t dyn Fn(usize) -> bool,
    markup: &'t dyn Fn(usize) -> bool,
    known: &'t dyn Fn(&str) -> bool,
}

impl Scanner<'_> {
    /// The text of `range` without emphasis delimiters, whitespace squashed.
    fn plain(&self, range: Range<usize>) -> String {
        let s = &self.text[range.clone()];
        if !s.bytes().any(|b| b == b'*' || b == b'_') {
            return squash(s).into_owned();
        }
        let kept: String = s
            .char_indices()
            .filter(|&(i, _)| !(self.markup)(range.start + i))
            .map(|(_, c)| c)
            .collect();
        squash(&kept).into_owned()
    }

    fn key(&self, start: usize) -> Result<Key, NotAKey> {
        read_key(self.text, start, self.escaped, self.known)
    }

    /// The matching `]` of the `[` at `open`, if any (no nesting, not
    /// escaped): found by looking no further than the next bracket.
    fn closing_bracket(&self, open: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut j = open + 1;
        while let Some(skip) = bytes
            .get(j..)
            .and_then(|rest| memchr::memchr2(b'[', b']', rest))
        {
            j += skip;
            if !(self.escaped)(j) {
                // A second `[` before the `]` means this `[` is not a
                // citation group.
                return (bytes[j] == b']').then_some(j);
            }
            j += 1;
        }
        None
    }

    fn bracketed(&self, open: usize) -> Option<Citation> {
        let close = self.closing_bracket(open)?;
        let bytes = self.text.as_bytes();
        let mut items = Vec::new();
        let mut part_start = open + 1;
        let mut j = open + 1;
        while j < close {
            match bytes[j] {
                // A braced key may hold `;`: step over it.
                b'@' if bytes[j + 1] == b'{' => {
                    if let Some(key) = self.key(j + 1).ok().filter(|k| k.end <= close) {
                        j = key.end;
                        continue;
                    }
                }
                b';' if !(self.escaped)(j) => {
                    items.push(self.cite_item(part_start..j)?);
                    part_start = j + 1;
                }
                _ => {}
            }
            j += 1;
        }
        items.push(self.cite_item(part_start..close)?);
        Some(Citation {
            span: open..close + 1,
            narrative: false,
            items,
        })
    }

    /// One `;`-separated part of a bracketed citation: `prefix -@key, locator suffix`.
    fn cite_item(&self, part: Range<usize>) -> Option<CiteItem> {
        let text = self.text;
        let s = &text[part.clone()];
        let (at, key) = memchr::memchr_iter(b'@', s.as_bytes()).find_map(|k| {
            let abs = part.start + k;
            if (self.escaped)(abs) || !at_may_start_citation(text, abs) {
                return None;
            }
            let key = self.key(abs + 1).ok()?;
            (key.end <= part.end).then_some((k, key))
        })?;
        let mut prefix_end = part.start + at;
        let suppress_author = s[..at].ends_with('-');
        if suppress_author {
            prefix_end -= 1;
        }
        let (locator, suffix) = locator_and_suffix(&self.plain(key.end..part.end));
        Some(CiteItem {
            key: text[key.span.clone()].to_string(),
            key_span: key.span,
            prefix: self.plain(part.start..prefix_end).trim().to_string(),
            locator,
            suffix,
            suppress_author,
        })
    }

    /// `@key` in running text, optionally followed by ` [p. 21]` (any
    /// whitespace, a line break too, between the two).
    fn narrative(&self, at: usize) -> Result<Citation, NotAKey> {
        let text = self.text;
        let key = self.key(at + 1)?;
        let mut item = CiteItem {
            key: text[key.span.clone()].to_string(),
            key_span: key.span.clone(),
            prefix: String::new(),
            locator: None,
            suffix: String::new(),
            suppress_author: false,
        };
        let mut end = key.end;
        let open = key.end + (text[key.end..].len() - text[key.end..].trim_start().len());
        if text[open..].starts_with('[')
            && !(self.escaped)(open)
            && let Some(close) = self.closing_bracket(open)
        {
            let inner = &text[open + 1..close];
            // A bracket holding another key is a citation of its own.
            if !inner.contains('@') {
                let (locator, suffix) =
                    locator_and_suffix(&format!(", {}", self.plain(open + 1..close)));
                item.locator = locator;
                item.suffix = suffix;
                end = close + 1;
            }
        }
        Ok(Citation {
            span: at..end,
            narrative: true,
            items: vec![item],
        })
    }
}

/// Splits what follows a key (", p. 33, emphasis added") into a locator and
/// suffix text. Without a leading comma, everything is suffix.
fn locator_and_suffix(after_key: &str) -> (Option<Locator>, String) {
    let trimmed = after_key.trim_start();
    let Some(rest) = trimmed.strip_prefix(',') else {
        return (None, trimmed.trim_end().to_string());
    };
    let rest = rest.trim_start();
    let labelled = LABELS.iter().find_map(|&(label, kind)| {
        let after = rest
            .get(..label.len())
            .filter(|start| start.eq_ignore_ascii_case(label))
            .and_then(|_| rest.get(label.len()..))?;
        // "page" must not match "pagination"; "p." is followed by the value.
        let next = after.chars().next();
        let ok = label.ends_with(['.', '§', '¶']) || next.is_none_or(|c| c.is_whitespace());
        ok.then_some((kind, after))
    });
    let (kind, value_text) = match labelled {
        Some((kind, v)) => (kind, v.trim_start()),
        // Pandoc: a bare number is a page.
        None if rest.starts_with(|c: char| c.is_ascii_digit()) => (LocatorKind::Page, rest),
        None => return (None, rest.trim_end().to_string()),
    };
    let value_len = locator_value_len(value_text);
    if value_len == 0 {
        return (None, rest.trim_end().to_string());
    }
    let value = value_text[..value_len].trim_end().to_string();
    let suffix = value_text[value_len..]
        .trim_start()
        .trim_start_matches(',')
        .trim();
    (Some(Locator { kind, value }), suffix.to_string())
}

/// Length of a locator value such as "33-35", "iv", "4, 7" or "2.3".
fn locator_value_len(s: &str) -> usize {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let continues = match c {
            c if c.is_alphanumeric() => true,
            '-' | '–' | '.' | ':' => true,
            // "4, 7" continues only when a digit follows the comma.
            ',' => s[i + 1..]
                .trim_start()
                .starts_with(|d: char| d.is_ascii_digit()),
            ' ' => chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit()) && s[..i].ends_with(','),
            _ => false,
        };
        if !continues {
            break;
        }
        end = i + c.len_utf8();
    }
    s[..end].trim_end_matches(['.', ':']).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<Citation> {
        find_citations(text, &|_| false)
    }

    fn one(text: &str) -> Citation {
        let mut found = find(text);
        assert_eq!(
            found.len(),
            1,
            "expected one citation in {text:?}: {found:?}"
        );
        found.remove(0)
    }

    fn page(value: &str) -> Option<Locator> {
        Some(Locator {
            kind: LocatorKind::Page,
            value: value.into(),
        })
    }

    #[test]
    fn single_key_in_brackets() {
        let text = "Good parenting [@desforges2003].";
        let c = one(text);
        assert!(!c.narrative);
        assert_eq!(&text[c.span.clone()], "[@desforges2003]");
        assert_eq!(c.items[0].key, "desforges2003");
        assert_eq!(&text[c.items[0].key_span.clone()], "desforges2003");
        assert_eq!(c.items[0].locator, None);
    }

    #[test]
    fn several_keys_separated_by_semicolons() {
        let c = one("x [@henderson2002; @jeynes2005] y");
        let keys: Vec<_> = c.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["henderson2002", "jeynes2005"]);
    }

    #[test]
    fn page_locator_after_comma() {
        let c = one("[@apc2009, p. 13]");
        assert_eq!(c.items[0].locator, page("13"));
        assert_eq!(c.items[0].suffix, "");
    }

    #[test]
    fn prefix_and_page_range_kept_as_written() {
        let c = one("[see @cox2005, pp. 33-35]");
        assert_eq!(c.items[0].prefix, "see");
        assert_eq!(c.items[0].locator, page("33-35"));
        assert!(c.items[0].locator.as_ref().unwrap().is_plural());
    }

    #[test]
    fn chapter_locator_then_second_item() {
        let c = one("[@key, chap. 2; @other]");
        let loc = c.items[0].locator.clone().unwrap();
        assert_eq!((loc.kind, loc.value.as_str()), (LocatorKind::Chapter, "2"));
        assert_eq!(c.items[1].key, "other");
    }

    #[test]
    fn long_form_and_plural_labels() {
        for (text, kind, value) in [
            ("[@k, page 4]", LocatorKind::Page, "4"),
            ("[@k, pages 4-6]", LocatorKind::Page, "4-6"),
            ("[@k, section 2.3]", LocatorKind::Section, "2.3"),
            ("[@k, sec. 5]", LocatorKind::Section, "5"),
            ("[@k, para. 7]", LocatorKind::Paragraph, "7"),
            ("[@k, paragraphs 7-9]", LocatorKind::Paragraph, "7-9"),
            ("[@k, fig. 3]", LocatorKind::Figure, "3"),
            ("[@k, figures 3, 4]", LocatorKind::Figure, "3, 4"),
            ("[@k, chapters 1-2]", LocatorKind::Chapter, "1-2"),
        ] {
            let loc = one(text).items[0].locator.clone().expect(text);
            assert_eq!((loc.kind, loc.value.as_str()), (kind, value), "{text}");
        }
    }

    #[test]
    fn bare_number_is_a_page_and_other_text_is_suffix() {
        assert_eq!(one("[@key, 33]").items[0].locator, page("33"));
        let c = one("[@key, among others]");
        assert_eq!(c.items[0].locator, None);
        assert_eq!(c.items[0].suffix, "among others");
    }

    #[test]
    fn suffix_after_locator() {
        let c = one("[@key, p. 33, emphasis added]");
        assert_eq!(c.items[0].locator, page("33"));
        assert_eq!(c.items[0].suffix, "emphasis added");
    }

    #[test]
    fn narrative_with_locator() {
        let text = "As @pricemitchell2009 [p. 21] argues";
        let c = one(text);
        assert!(c.narrative);
        assert_eq!(&text[c.span.clone()], "@pricemitchell2009 [p. 21]");
        assert_eq!(c.items[0].locator, page("21"));
    }

    #[test]
    fn bare_narrative_key() {
        let text = "As @emerson2012 shows.";
        let c = one(text);
        assert!(c.narrative);
        assert_eq!(&text[c.span.clone()], "@emerson2012");
    }

    #[test]
    fn suppress_author() {
        let c = one("Jeynes [-@jeynes2012] found");
        assert!(c.items[0].suppress_author);
        assert_eq!(c.items[0].prefix, "");
        assert_eq!(c.items[0].key, "jeynes2012");
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_the_key() {
        for text in [
            "see @smith2004.",
            "see @smith2004, then",
            "see @smith2004: then",
            "(@smith2004)",
        ] {
            assert_eq!(one(text).items[0].key, "smith2004", "{text}");
        }
        assert_eq!(one("[@doe:2004.a]").items[0].key, "doe:2004.a");
        assert_eq!(one("@under_score-key.").items[0].key, "under_score-key");
    }

    #[test]
    fn emails_and_urls_are_not_citations() {
        assert!(find("Write to info@example.org or https://x.org/@user or a.b@c.d").is_empty());
        assert!(find("mastodon:@handle and 2@3").is_empty());
    }

    #[test]
    fn escaped_bracket_and_at_are_literal() {
        // Source `\[@key] and \@other [@third]` becomes this text, with
        // the `[` at 0 and the `@` at 11 coming from escapes.
        let text = "[@key] and @other [@third]";
        let escaped = |i: usize| i == 0 || i == 11;
        let found = find_citations(text, &escaped);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].items[0].key, "third");
    }

    #[test]
    fn brackets_without_a_key_are_not_citations() {
        assert!(find("[see above] and [1] and [x; y]").is_empty());
        assert!(find("[@]").is_empty());
    }

    #[test]
    fn bracket_with_a_part_lacking_a_key_falls_back_to_narrative() {
        let c = one("[see above; @key]");
        assert!(c.narrative);
        assert_eq!(c.items[0].key, "key");
    }

    #[test]
    fn unicode_text_around_citations_keeps_byte_spans() {
        let text = "Ünïcødé — [@müller2010, S. 4] ok";
        let c = one(text);
        assert_eq!(&text[c.span.clone()], "[@müller2010, S. 4]");
        assert_eq!(c.items[0].key, "müller2010");
        assert_eq!(c.items[0].suffix, "S. 4");
    }

    #[test]
    fn narrative_followed_by_bracketed_citation_is_two_citations() {
        let found = find("@a [@b]");
        assert_eq!(found.len(), 2);
        assert!(found[0].narrative && !found[1].narrative);
    }

    #[test]
    fn unclosed_bracket_is_not_a_citation_group() {
        let found = find("[@key and more");
        assert_eq!(found.len(), 1);
        assert!(found[0].narrative);
    }

    #[test]
    fn an_escaped_character_ends_the_key() {
        // "@key\_": pulldown-cmark hands over "@key_" with the "_" escaped.
        let found = find_citations("@key_ more", &|i| i == 4);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].items[0].key, "key");
        assert_eq!(found[0].span, 0..4);
        assert!(find_citations("@_key", &|i| i == 1).is_empty());
    }

    #[test]
    fn locator_labels_ignore_case() {
        let c = one("[@key, P. 4]");
        assert_eq!(c.items[0].locator, page("4"));
        let c = one("[@key, Chapter 3]");
        let locator = c.items[0].locator.clone().expect("a locator");
        assert_eq!(locator.kind, LocatorKind::Chapter);
        assert_eq!(locator.value, "3");
        assert_eq!(one("[@key, Pagination]").items[0].suffix, "Pagination");
    }

    #[test]
    fn citations_span_line_breaks() {
        let c = one("helps [@senechal2008, p. 897; see also\n@senechal2002].");
        let keys: Vec<_> = c.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["senechal2008", "senechal2002"]);
        assert_eq!(c.items[0].locator, page("897"));
        assert_eq!(c.items[1].prefix, "see also");
        let c = one("[see\n@key]");
        assert_eq!((c.narrative, c.items[0].prefix.as_str()), (false, "see"));
        let c = one("[\n@key, p. 3] and");
        assert_eq!(c.items[0].locator, page("3"));
        let c = one("[@key, pp.\n10-12\n]");
        assert_eq!(c.items[0].locator, page("10-12"));
        let text = "As @key\n[p. 5] shows";
        let c = one(text);
        assert!(c.narrative);
        assert_eq!(&text[c.span.clone()], "@key\n[p. 5]");
        assert_eq!(c.items[0].locator, page("5"));
    }

    #[test]
    fn braced_keys_in_citations() {
        let c = one("[@{odd!key}, p. 7]");
        assert_eq!(c.items[0].key, "odd!key");
        assert_eq!(c.items[0].locator, page("7"));
        let c = one("[see @{a;b}; @c]");
        let keys: Vec<_> = c.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["a;b", "c"]);
        let text = "As @{plus+} [p. 9] says";
        let c = one(text);
        assert_eq!(c.items[0].key, "plus+");
        assert_eq!(&text[c.span.clone()], "@{plus+} [p. 9]");
    }

    #[test]
    fn known_keys_reach_over_trailing_punctuation() {
        let found = scan("[@plus+, p. 3] and @plus+.", &|_| false, &|_| false, &|k| {
            k == "plus+"
        });
        let keys: Vec<_> = found
            .citations
            .iter()
            .map(|c| c.items[0].key.as_str())
            .collect();
        assert_eq!(keys, ["plus+", "plus+"]);
    }

    #[test]
    fn what_looks_like_a_citation_but_is_not_is_a_suspect() {
        let found = scan(
            "[@-x] and [see @ y] [@] and @{open and meet @ noon",
            &|_| false,
            &|_| false,
            &|_| false,
        );
        assert!(found.citations.is_empty());
        let problems: Vec<_> = found
            .suspects
            .iter()
            .map(|s| (s.span.start, s.problem))
            .collect();
        assert_eq!(
            problems,
            [
                (1, NotAKey::Missing),
                (21, NotAKey::Missing),
                (28, NotAKey::UnclosedBrace)
            ]
        );
        assert!(
            scan("mail a@b.org, meet @ noon", &|_| false, &|_| false, &|_| {
                false
            })
            .suspects
            .is_empty()
        );
    }

    #[test]
    fn deeply_nested_brackets_are_scanned_in_linear_time() {
        // 200,000 deep took minutes when each `[` looked ahead to the end.
        let depth = 200_000;
        let text = format!("{}@key{}", "[see ".repeat(depth), "]".repeat(depth));
        let found = find(&text);
        assert_eq!(found.len(), 1);
        assert!(found[0].items[0].key == "key" && !found[0].narrative);
        assert_eq!(found[0].span.len(), "[see @key]".len());
    }

    #[test]
    fn emphasis_delimiters_stay_in_keys_and_leave_prefixes() {
        // pulldown-cmark reads `_crime_custom_` and `*also*` as emphasis.
        let text = "[see *also* @malinowski26:_crime_custom_, p. 4]";
        let markup = |i: usize| [5, 10, 26, 39].contains(&i);
        let found = scan(text, &|_| false, &markup, &|_| false);
        let item = &found.citations[0].items[0];
        assert_eq!(item.key, "malinowski26:_crime_custom_");
        assert_eq!(item.prefix, "see also");
        assert_eq!(item.locator, page("4"));
    }
}
