//! Limits checked on a BibTeX file before the biblatex crate resolves it.
//!
//! A bibliography is imported data. The biblatex crate resolves LaTeX
//! commands, `@string` references and `crossref`/`xdata` links by recursion
//! and by copying, so a small hostile file can overflow the stack (a title
//! nesting `\textbf{` 5,000 deep) or take gigabytes (chained `@string`
//! concatenations double at each step). Everything here measures without
//! expanding and without recursion, so the checks themselves are linear.

use std::collections::{HashMap, HashSet};

use biblatex::{RawBibliography, RawChunk, Spanned};

use crate::diagnostics::{Diagnostic, SourceFile};

/// Deepest `{` nesting allowed in one field (real bibliographies use 3–4).
pub(crate) const MAX_NESTING: usize = 64;
/// Longest chain of `@string` references (a macro naming a macro …).
pub(crate) const MAX_STRING_DEPTH: usize = 32;
/// Largest value one field may expand to through `@string` macros.
pub(crate) const MAX_FIELD_BYTES: u64 = 1 << 20;
/// Expansion allowed over the whole file, beyond four times its own size.
pub(crate) const EXPANSION_ALLOWANCE: u64 = 32 << 20;
/// Most entries one entry may pull in through `crossref` and `xdata`,
/// counting repeats.
pub(crate) const MAX_CROSSREF_ENTRIES: u64 = 64;

/// Checks `raw` against the limits above and removes what cannot be used:
/// references to undefined `@string`s and later duplicates of a key become
/// warnings; a breach of a limit is an error. Returns `Err` when the file
/// must not be handed to the biblatex crate at all.
pub(crate) fn guard(
    raw: &mut RawBibliography<'_>,
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    drop_duplicates(raw, source, warnings);
    check_nesting(raw, source, &mut errors);
    drop_undefined_strings(raw, source, warnings);
    if errors.is_empty() {
        check_string_expansion(raw, source, &mut errors);
    }
    if errors.is_empty() {
        check_crossrefs(raw, source, &mut errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// BibTeX keeps the first of two entries with one key and ignores the rest.
fn drop_duplicates(
    raw: &mut RawBibliography<'_>,
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    raw.entries.retain(|entry| {
        let key = entry.v.key.v;
        match seen.get(key) {
            Some(&first) => {
                let first = source.locate(first..first + key.len());
                warnings.push(
                    Diagnostic::warning(format!(
                        "duplicate citation key `{key}`; this entry is ignored"
                    ))
                    .at_span(source, entry.v.key.span.clone())
                    .label(format!("first defined at {}:{}", first.line, first.column))
                    .help("rename or delete one of the entries (BibTeX, too, uses only the first)"),
                );
                false
            }
            None => {
                seen.insert(key, entry.v.key.span.start);
                true
            }
        }
    });
}

/// The deepest `{` nesting in `text` and the byte offset of the brace that
/// first went past [`MAX_NESTING`]. `\{` and `\}` are escapes, as in the
/// biblatex crate's reader.
fn nesting(text: &str) -> (usize, Option<usize>) {
    let (mut depth, mut max, mut over) = (0usize, 0usize, None);
    let mut bytes = text.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match b {
            b'\\' => {
                bytes.next();
            }
            b'{' => {
                depth += 1;
                if depth > MAX_NESTING && over.is_none() {
                    over = Some(i);
                }
                max = max.max(depth);
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (max, over)
}

fn check_nesting(raw: &RawBibliography<'_>, source: &SourceFile, errors: &mut Vec<Diagnostic>) {
    let fields = raw
        .entries
        .iter()
        .flat_map(|e| {
            e.v.fields
                .iter()
                .map(move |f| (format!("entry `{}`", e.v.key.v), f))
        })
        .chain(
            raw.abbreviations
                .iter()
                .map(|p| (format!("@string `{}`", p.key.v), p)),
        );
    for (owner, field) in fields {
        for chunk in &field.value.v {
            let RawChunk::Normal(text) = chunk.v else {
                continue;
            };
            if let (depth, Some(at)) = nesting(text) {
                let at = chunk.span.start + at;
                errors.push(
                    Diagnostic::error(format!(
                        "{owner}: field `{}` nests braces {depth} deep; at most {MAX_NESTING} are allowed",
                        field.key.v
                    ))
                    .at_span(source, at..at + 1)
                    .label("too deep from here")
                    .help("a real title needs a few levels of `{…}`; this looks like generated or damaged data"),
                );
                break;
            }
        }
    }
}

/// Month names (`jan` …) are predefined; any other undefined name would
/// make the biblatex crate reject the whole file. BibTeX warns and uses
/// an empty string: so does sheaf.
fn drop_undefined_strings(
    raw: &mut RawBibliography<'_>,
    source: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) {
    let defined: HashSet<&str> = raw.abbreviations.iter().map(|p| p.key.v).collect();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let known =
        |name: &str| defined.contains(name) || months.contains(&name.to_ascii_lowercase().as_str());
    let mut retain = |owner: String, field: &mut Vec<Spanned<RawChunk<'_>>>| {
        field.retain(|chunk| match chunk.v {
            RawChunk::Abbreviation(name) if !known(name) => {
                warnings.push(
                    Diagnostic::warning(format!(
                        "{owner}: `@string` `{name}` is not defined; it is left out"
                    ))
                    .at_span(source, chunk.span.clone())
                    .label("undefined")
                    .help(format!(
                        "define it with `@string{{{name} = {{…}}}}` or put the text in braces"
                    )),
                );
                false
            }
            _ => true,
        });
    };
    for entry in &mut raw.entries {
        let owner = format!("entry `{}`", entry.v.key.v);
        for field in &mut entry.v.fields {
            retain(owner.clone(), &mut field.value.v);
        }
    }
    for pair in &mut raw.abbreviations {
        retain(format!("@string `{}`", pair.key.v), &mut pair.value.v);
    }
}

/// Size and depth of a node in a reference graph (`@string`s, crossrefs).
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    size: u64,
    depth: usize,
}

/// Measures every node of a reference graph without recursion: a node's
/// size is its own weight plus its children's sizes (repeats counted),
/// saturating. `Err` holds a cycle's nodes in order.
fn measure_graph<'a>(
    nodes: &[&'a str],
    children: &HashMap<&'a str, Vec<&'a str>>,
    weight: &HashMap<&'a str, u64>,
) -> Result<HashMap<&'a str, Measure>, Vec<&'a str>> {
    let mut done: HashMap<&'a str, Measure> = HashMap::with_capacity(nodes.len());
    let mut open: HashSet<&'a str> = HashSet::new();
    for &root in nodes {
        if done.contains_key(root) {
            continue;
        }
        let mut stack: Vec<(&'a str, usize)> = vec![(root, 0)];
        open.insert(root);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let kids = children.get(node).map_or(&[][..], Vec::as_slice);
            if let Some(&child) = kids.get(*next) {
                *next += 1;
                if done.contains_key(child) || !children.contains_key(child) {
                    continue;
                }
                if !open.insert(child) {
                    let from = stack.iter().position(|(n, _)| *n == child).unwrap_or(0);
                    let mut cycle: Vec<&str> = stack[from..].iter().map(|(n, _)| *n).collect();
                    cycle.push(child);
                    return Err(cycle);
                }
                stack.push((child, 0));
                continue;
            }
            let mut m = Measure {
                size: weight.get(node).copied().unwrap_or(0),
                depth: 1,
            };
            for child in kids {
                if let Some(c) = done.get(child) {
                    m.size = m.size.saturating_add(c.size);
                    m.depth = m.depth.max(c.depth + 1);
                }
            }
            done.insert(node, m);
            open.remove(node);
            stack.pop();
        }
    }
    Ok(done)
}

fn check_string_expansion(
    raw: &RawBibliography<'_>,
    source: &SourceFile,
    errors: &mut Vec<Diagnostic>,
) {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut weight: HashMap<&str, u64> = HashMap::new();
    let mut spans = HashMap::new();
    // The biblatex crate keeps the last definition of a name.
    for pair in &raw.abbreviations {
        let (kids, own) = parts(&pair.value.v);
        children.insert(pair.key.v, kids);
        weight.insert(pair.key.v, own);
        spans.insert(pair.key.v, pair.key.span.clone());
    }
    let names: Vec<&str> = children.keys().copied().collect();
    let measures = match measure_graph(&names, &children, &weight) {
        Ok(m) => m,
        Err(cycle) => {
            let span = spans.get(cycle[0]).cloned().unwrap_or(0..0);
            errors.push(
                Diagnostic::error(format!(
                    "@string `{}` refers to itself: {}",
                    cycle[0],
                    cycle.join(" → ")
                ))
                .at_span(source, span)
                .label("defined here")
                .help("an @string may only use strings that do not lead back to it"),
            );
            return;
        }
    };
    if let Some((name, m)) = measures.iter().find(|(_, m)| m.depth > MAX_STRING_DEPTH) {
        errors.push(
            Diagnostic::error(format!(
                "@string `{name}` is built from a chain of {} @string references; at most {MAX_STRING_DEPTH} are allowed",
                m.depth
            ))
            .at_span(source, spans[name].clone())
            .label("defined here")
            .help("write the text out instead of chaining @string macros"),
        );
        return;
    }
    let budget = EXPANSION_ALLOWANCE.saturating_add(4 * source.text.len() as u64);
    let mut total = 0u64;
    for entry in &raw.entries {
        for field in &entry.v.fields {
            let (kids, own) = parts(&field.value.v);
            let size = kids.iter().fold(own, |s, k| {
                s.saturating_add(measures.get(k).map_or(3, |m| m.size))
            });
            total = total.saturating_add(size);
            let what = if size > MAX_FIELD_BYTES {
                format!(
                    "would expand to {} through @string macros; at most {} MiB are allowed",
                    human(size),
                    MAX_FIELD_BYTES >> 20
                )
            } else if total > budget {
                format!("takes the file's @string expansion past {}", human(budget))
            } else {
                continue;
            };
            errors.push(
                Diagnostic::error(format!("entry `{}`: field `{}` {what}", entry.v.key.v, field.key.v))
                    .at_span(source, field.key.span.clone())
                    .label("this field")
                    .help("check the @string definitions it uses: each `#` concatenation copies the strings it joins"),
            );
            return;
        }
    }
}

/// The @string names a field refers to (repeats kept) and the length of
/// its literal text.
fn parts<'a>(field: &[Spanned<RawChunk<'a>>]) -> (Vec<&'a str>, u64) {
    let mut kids = Vec::new();
    let mut own = 0u64;
    for chunk in field {
        match chunk.v {
            RawChunk::Normal(text) => own = own.saturating_add(text.len() as u64),
            RawChunk::Abbreviation(name) => kids.push(name),
        }
    }
    (kids, own)
}

fn human(bytes: u64) -> String {
    if bytes == u64::MAX {
        "more than 16 EiB".to_string()
    } else if bytes >= 1 << 30 {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", (bytes >> 20).max(1))
    }
}

/// `crossref` and `xdata` are resolved recursively, copying the parent
/// each time: a cycle never ends and a chain of `xdata = {p, p}` doubles.
fn check_crossrefs(raw: &RawBibliography<'_>, source: &SourceFile, errors: &mut Vec<Diagnostic>) {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut spans = HashMap::new();
    for entry in &raw.entries {
        let mut kids = Vec::new();
        for field in &entry.v.fields {
            let name = field.key.v.to_ascii_lowercase();
            if name != "crossref" && name != "xdata" {
                continue;
            }
            for chunk in &field.value.v {
                if let RawChunk::Normal(text) = chunk.v {
                    kids.extend(text.split(',').map(str::trim).filter(|k| !k.is_empty()));
                }
            }
        }
        children.insert(entry.v.key.v, kids);
        spans.insert(entry.v.key.v, entry.v.key.span.clone());
    }
    let weight: HashMap<&str, u64> = children.keys().map(|k| (*k, 1)).collect();
    let names: Vec<&str> = raw.entries.iter().map(|e| e.v.key.v).collect();
    match measure_graph(&names, &children, &weight) {
        Err(cycle) => errors.push(
            Diagnostic::error(format!(
                "entry `{}`: crossref/xdata refers back to itself: {}",
                cycle[0],
                cycle.join(" → ")
            ))
            .at_span(source, spans[cycle[0]].clone())
            .label("this entry")
            .help("a crossref or xdata parent must not lead back to the entry"),
        ),
        Ok(measures) => {
            if let Some(name) = names.iter().find(|n| {
                measures
                    .get(*n)
                    .is_some_and(|m| m.size > MAX_CROSSREF_ENTRIES)
            }) {
                errors.push(
                    Diagnostic::error(format!(
                        "entry `{name}` pulls in more than {MAX_CROSSREF_ENTRIES} entries through crossref/xdata"
                    ))
                    .at_span(source, spans[name].clone())
                    .label("this entry")
                    .help("crossref and xdata parents are copied into the entry: keep the chains short"),
                );
            }
        }
    }
}

/// For a file the biblatex crate could not read: the innermost `{` that is
/// never closed, searching entry by entry (each `@` at the start of a
/// line begins one), so the error points where the brace opens rather
/// than at the end of the file or the next entry.
pub(crate) fn unclosed_brace(text: &str) -> Option<(usize, &str)> {
    let mut starts: Vec<usize> = text
        .match_indices('@')
        .filter(|(i, _)| {
            text[..*i]
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty())
        })
        .map(|(i, _)| i)
        .collect();
    starts.push(text.len());
    for pair in starts.windows(2) {
        let segment = &text[pair[0]..pair[1]];
        let mut open: Vec<usize> = Vec::new();
        let mut bytes = segment.bytes().enumerate();
        while let Some((i, b)) = bytes.next() {
            match b {
                b'\\' => {
                    bytes.next();
                }
                b'{' => open.push(i),
                b'}' => {
                    open.pop();
                }
                _ => {}
            }
        }
        if let Some(&innermost) = open.last() {
            let key = segment.split_once(['{', '(']).map_or("", |(_, rest)| {
                rest.split([',', '\n']).next().unwrap_or("").trim()
            });
            return Some((pair[0] + innermost, key));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Result<(), Vec<Diagnostic>>, Vec<Diagnostic>) {
        let source = SourceFile::new("refs.bib", text);
        let mut raw = RawBibliography::parse(text).expect("raw parse");
        let mut warnings = Vec::new();
        (guard(&mut raw, &source, &mut warnings), warnings)
    }

    #[test]
    fn deep_nesting_is_an_error_naming_the_entry() {
        let title = format!("{}x{}", "\\textbf{".repeat(5000), "}".repeat(5000));
        let text = format!("@book{{deep, title = {{{title}}}}}\n");
        let errors = run(&text).0.unwrap_err();
        assert!(
            errors[0].message.contains("entry `deep`"),
            "{:?}",
            errors[0].message
        );
        assert!(errors[0].message.contains("nests braces"));
    }

    #[test]
    fn nesting_at_the_limit_is_accepted() {
        let title = format!(
            "{}x{}",
            "{".repeat(MAX_NESTING - 1),
            "}".repeat(MAX_NESTING - 1)
        );
        assert!(
            run(&format!("@book{{ok, title = {{{title}}}}}\n"))
                .0
                .is_ok()
        );
    }

    #[test]
    fn string_bomb_is_stopped_naming_the_entry() {
        let mut text = String::from("@string{s0 = \"xxxxxxxxxxxxxxxx\"}\n");
        for i in 1..30 {
            text.push_str(&format!("@string{{s{i} = s{p} # s{p}}}\n", p = i - 1));
        }
        text.push_str("@book{bomb, title = s29}\n");
        let errors = run(&text).0.unwrap_err();
        assert!(
            errors[0].message.contains("entry `bomb`: field `title`"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn string_cycles_and_long_chains_are_errors() {
        let cycle = "@string{a = b}\n@string{b = a}\n@book{k, title = a}\n";
        assert!(
            run(cycle).0.unwrap_err()[0]
                .message
                .contains("refers to itself")
        );
        let mut chain = String::from("@string{s0 = \"x\"}\n");
        for i in 1..=MAX_STRING_DEPTH {
            chain.push_str(&format!("@string{{s{i} = s{}}}\n", i - 1));
        }
        assert!(run(&chain).0.unwrap_err()[0].message.contains("chain"));
    }

    #[test]
    fn crossref_cycles_are_errors() {
        let text = "@book{a, crossref = {b}}\n@book{b, crossref = {a}}\n";
        assert!(run(text).0.unwrap_err()[0].message.contains("refers back"));
    }

    #[test]
    fn duplicates_and_undefined_strings_are_warnings() {
        let (result, warnings) =
            run("@book{a, title = {A}}\n@book{a, title = {B}}\n@book{c, title = nosuch}\n");
        assert!(result.is_ok());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn unclosed_brace_points_at_its_own_entry() {
        let text = "@book{a, title = {Open,\n  year = 2001}\n\n@book{b, title = {B}}\n";
        assert_eq!(unclosed_brace(text), Some((5, "a")));
        let text =
            "@book{a, title = {A}}\n@book{b, title = {Open, year = 2001}\n@book{c, title = {C}}\n";
        let open = text.find("{b").unwrap();
        assert_eq!(unclosed_brace(text), Some((open, "b")));
    }
}
