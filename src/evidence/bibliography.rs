//! Loading bibliography files (.bib through [`bibtex`], .yml in hayagriva's
//! YAML format) into plain, thread-safe [`Work`] records.

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hayagriva::Entry;
use hayagriva::types::{EntryType, MaybeTyped, Person};

use super::bibtex::{self, LoadedEntry};
use super::case;
use super::csl_json;
use super::fields::pieces;
use super::work::{Name, Work, WorkKind};
use crate::diagnostics::{Diagnostic, Location, SourceFile, display_path};

/// All entries of all configured bibliography files, keyed by citation key.
#[derive(Debug, Default)]
pub struct Bibliography {
    works: Vec<Work>,
    index: FxHashMap<String, usize>,
    /// Where each entry is defined, for diagnostics about entries.
    origins: Vec<(Arc<SourceFile>, Range<usize>)>,
    /// hayagriva's own entries, for user CSL styles.
    pub(crate) entries: Vec<Entry>,
    /// Problems that do not stop a build (`--strict` makes them errors).
    warnings: Vec<Diagnostic>,
}

impl Bibliography {
    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// Keys in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.works.iter().map(|w| w.key.as_str())
    }

    pub fn len(&self) -> usize {
        self.works.len()
    }

    pub fn is_empty(&self) -> bool {
        self.works.is_empty()
    }

    /// What loading found that does not stop a build: dates read by a
    /// guess, fields left out, duplicate keys. Each names its file:line:col.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    pub fn get(&self, key: &str) -> Option<&Work> {
        self.index.get(key).map(|&i| &self.works[i])
    }

    pub fn works(&self) -> impl Iterator<Item = &Work> {
        self.works.iter()
    }

    /// The entry's title as plain text (not escaped).
    pub fn title(&self, key: &str) -> Option<&str> {
        self.get(key).map(|w| w.title.as_str())
    }

    /// `https://doi.org/<doi>` when the entry has a DOI.
    pub fn doi_url(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Work::doi_url)
    }

    pub fn url(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|w| w.url.as_deref())
    }

    /// Where the entry is defined (file:line:col of its key), e.g. for an
    /// "unused entry" warning.
    pub fn definition(&self, key: &str) -> Option<Location> {
        let (file, span) = &self.origins[*self.index.get(key)?];
        Some(file.locate(span.clone()))
    }

    fn insert(&mut self, work: Work, entry: Entry, origin: (Arc<SourceFile>, Range<usize>)) {
        self.index.insert(work.key.clone(), self.works.len());
        self.works.push(work);
        self.entries.push(entry);
        self.origins.push(origin);
    }
}

/// Loads and merges `files` (relative to `root`). Reports every problem found
/// in every file, not just the first.
pub fn load_bibliography(root: &Path, files: &[PathBuf]) -> Result<Bibliography, Vec<Diagnostic>> {
    let mut bib = Bibliography::default();
    let mut errors = Vec::new();
    for file in files {
        let path = root.join(file);
        let shown = display_path(root, &path);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                let what = if e.kind() == std::io::ErrorKind::NotFound {
                    "not found".to_string()
                } else {
                    e.to_string()
                };
                errors.push(
                    Diagnostic::error(format!("bibliography file `{shown}`: {what}")).help(
                        "check `bibliography` in sheaf.toml; paths are relative to the site root",
                    ),
                );
                continue;
            }
        };
        let source = SourceFile::new(shown, text);
        match parse_source(&source, &path, &mut bib.warnings) {
            Ok(entries) => add_entries(&mut bib, entries, &source, &mut errors),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(bib)
    } else {
        Err(errors)
    }
}

/// Builds a bibliography from one in-memory file (format by the extension
/// of `display_path`), e.g. for tests or an editor buffer.
pub fn parse_bibliography(display_path: &str, text: &str) -> Result<Bibliography, Vec<Diagnostic>> {
    let source = SourceFile::new(display_path, text);
    let mut bib = Bibliography::default();
    let mut errors = Vec::new();
    let entries = parse_source(&source, Path::new(display_path), &mut bib.warnings)?;
    add_entries(&mut bib, entries, &source, &mut errors);
    if errors.is_empty() {
        Ok(bib)
    } else {
        Err(errors)
    }
}

/// Parses one file's text by its extension.
pub(crate) fn parse_source(
    source: &SourceFile,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<LoadedEntry>, Vec<Diagnostic>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "bib" | "bibtex" | "biblatex" => bibtex::parse_bib(source, warnings),
        "yml" | "yaml" => parse_yaml(source),
        "json" => csl_json::parse_csl_json(source, warnings),
        _ => Err(vec![
            Diagnostic::error(format!(
                "bibliography file `{}` has an unknown format",
                source.display_path
            ))
            .help("use a .bib (BibTeX/BibLaTeX), .json (CSL-JSON) or .yml (hayagriva YAML) file"),
        ]),
    }
}

fn parse_yaml(source: &SourceFile) -> Result<Vec<LoadedEntry>, Vec<Diagnostic>> {
    hayagriva::io::from_yaml_str(&source.text).map(|lib| lib.iter().cloned().map(LoadedEntry::plain).collect()).map_err(|e| {
        let at = e.location().map_or(0, |l| l.index());
        let message = e.to_string();
        // serde_yaml appends " at line X column Y", which the location shows already.
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        vec![Diagnostic::error(format!("could not parse bibliography: {message}"))
            .at_span(source, at..at + 1)
            .help("see hayagriva's YAML format: each entry is `key:` with `type`, `title`, `author`, `date`…")]
    })
}

fn add_entries(
    bib: &mut Bibliography,
    entries: Vec<LoadedEntry>,
    source: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    // Entries come in file order, so each key is searched for after the
    // previous one: one pass over the file instead of one per entry.
    let mut cursor = 0;
    for loaded in entries {
        let entry = loaded.entry;
        let key = entry.key().to_string();
        let span = key_span(&source.text[cursor..], &key)
            .map(|r| r.start + cursor..r.end + cursor)
            .or_else(|| key_span(&source.text, &key))
            .unwrap_or(0..0);
        cursor = span.end.max(cursor);
        if let Some(problem) = unsafe_key(&key) {
            errors.push(
                Diagnostic::error(format!("citation key `{}` {problem}", key.escape_debug()))
                    .at_span(source, span)
                    .label("used as the URL /evidence/<key>/")
                    .help("use only letters, digits and `_-:.` in citation keys"),
            );
            continue;
        }
        if let Some(first) = bib.definition(&key) {
            errors.push(
                Diagnostic::error(format!("duplicate citation key `{key}`"))
                    .at_span(source, span)
                    .label(format!("also defined in {}:{}", first.file, first.line))
                    .help("rename one of the entries; every key must be unique across all bibliography files"),
            );
            continue;
        }
        let mut work = work_from_entry(&entry);
        if let Some(tex) = &loaded.tex {
            super::fields::apply_bibtex(&mut work, tex);
        }
        work.original_year = loaded.original_year.or(work.original_year);
        work.status = loaded.status.or(work.status);
        bib.insert(work, entry, (Arc::clone(source), span));
    }
}

/// Why `key` cannot name an entry at all, if it cannot. Any other key has
/// an address (`linking::key_segment` encodes what URLs cannot hold), and
/// keys no citation can reach are a warning when the entry goes uncited.
fn unsafe_key(key: &str) -> Option<&'static str> {
    key.is_empty().then_some("is empty")
}

/// Byte range of `key` where its entry starts: `@type{key,` in BibTeX,
/// `key:` at the start of a line in YAML. Falls back to the first occurrence.
fn key_span(text: &str, key: &str) -> Option<Range<usize>> {
    let mut fallback = None;
    for (i, _) in text.match_indices(key) {
        let before = text[..i].trim_end_matches([' ', '\t', '"', '\'']);
        let after = text[i + key.len()..].trim_start_matches([' ', '\t', '"', '\'']);
        let opens = before.ends_with(['{', '(']) && after.starts_with(',');
        let yaml = (before.is_empty() || before.ends_with('\n')) && after.starts_with(':');
        if opens || yaml {
            return Some(i..i + key.len());
        }
        fallback.get_or_insert(i..i + key.len());
    }
    fallback
}

fn name_from_person(p: &Person) -> Name {
    let nonempty = |s: &Option<String>| {
        s.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    // Names keep LaTeX the parser leaves (`Vel{\a'a}squez`): resolve it.
    let tex = |s: Option<String>| s.map(|s| super::latex::to_text(&s));
    Name {
        family: super::latex::to_text(p.name.trim()),
        given: tex(nonempty(&p.given_name)),
        particle: tex(nonempty(&p.prefix)),
        suffix: tex(nonempty(&p.suffix)),
    }
}

/// Converts hayagriva's entry tree (item with parents) into one flat record.
/// Fields missing on the item are taken from its first parent (journal,
/// edited book) — the parent's title is the container, never a second title.
pub(crate) fn work_from_entry(entry: &Entry) -> Work {
    let parent = entry.parents().first();
    let both = |f: &dyn Fn(&Entry) -> Option<String>| f(entry).or_else(|| parent.and_then(f));
    let text = |s: &hayagriva::types::FormatString| case::joined(&pieces(s));
    let numeric = |m: &MaybeTyped<hayagriva::types::Numeric>| clean(&m.to_string());
    let kind = match (entry.entry_type(), parent.map(Entry::entry_type)) {
        (EntryType::Article, Some(EntryType::Periodical | EntryType::Newspaper))
        | (EntryType::Article, None) => WorkKind::Article,
        (EntryType::Anthos | EntryType::Chapter | EntryType::Article, Some(_)) => WorkKind::Chapter,
        (EntryType::Book | EntryType::Anthology | EntryType::Proceedings, _) => WorkKind::Book,
        (EntryType::Report, _) => WorkKind::Report,
        (EntryType::Thesis, _) => WorkKind::Thesis,
        (EntryType::Web | EntryType::Post, _) => WorkKind::Web,
        _ => WorkKind::Other,
    };
    let persons = |v: Option<&[Person]>| {
        v.map(|ps| ps.iter().map(name_from_person).collect())
            .unwrap_or_default()
    };
    let mut editors: Vec<Name> = persons(entry.editors());
    if editors.is_empty() {
        editors = persons(parent.and_then(Entry::editors));
    }
    let publisher = both(&|e| e.publisher().and_then(|p| p.name()).map(text))
        .or_else(|| both(&|e| e.organization().map(text)));
    let place = both(&|e| e.publisher().and_then(|p| p.location()).map(text))
        .or_else(|| both(&|e| e.location().map(text)));
    let genre = entry
        .genre()
        .map(text)
        .filter(|g| !g.eq_ignore_ascii_case("technical report"));
    let number = entry.keyed_serial_number("serial").map(clean).or_else(|| {
        (kind == WorkKind::Report)
            .then(|| entry.issue().map(numeric))
            .flatten()
    });
    let issue = if kind == WorkKind::Report {
        None
    } else {
        both(&|e| e.issue().map(numeric))
    };
    Work {
        key: entry.key().to_string(),
        kind,
        authors: persons(entry.authors()),
        editors,
        year: both(&|e| e.date().map(|d| d.year.to_string())).and_then(|y| y.parse().ok()),
        original_year: None,
        status: None,
        title: entry.title().map(text).unwrap_or_default(),
        title_pieces: entry.title().map(pieces).unwrap_or_default(),
        container: parent.and_then(|p| p.title().map(text)),
        container_pieces: parent
            .and_then(|p| p.title().map(pieces))
            .unwrap_or_default(),
        volume: both(&|e| e.volume().map(numeric)),
        issue,
        pages: entry.page_range().map(|p| clean(&p.to_string())),
        edition: both(&|e| e.edition().map(numeric)),
        publisher,
        place,
        genre,
        number,
        doi: both(&|e| e.doi().map(|d| bare_doi(d).to_string())),
        // Only web addresses become links: a `javascript:` or `data:` URL in
        // a bibliography must never reach an href.
        url: both(&|e| e.url().map(|u| u.value.to_string())).filter(|u| is_web_url(u)),
        howpublished: None,
        note: None,
        version: entry.keyed_serial_number("version").map(clean),
        bibtex_type: None,
    }
}

fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn bare_doi(doi: &str) -> &str {
    let doi = doi.trim();
    [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| doi.strip_prefix(p))
    // Another resolver's address ("http://doi.ieeecomputersociety.org/10.1109/…"):
    // the DOI is what follows the host.
    .or_else(|| {
        let rest = doi
            .strip_prefix("http://")
            .or_else(|| doi.strip_prefix("https://"))?;
        rest.split_once("/10.")
            .map(|(_, d)| &doi[doi.len() - d.len() - 3..])
    })
    .unwrap_or(doi)
}

/// Collapses runs of whitespace (BibTeX values span lines).
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
