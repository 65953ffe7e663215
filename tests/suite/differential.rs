//! The randomised differential test of `sheaf serve`'s rebuilds: proptest
//! makes a small site and a sequence of edits (pages and bundles added,
//! deleted, renamed and moved; titles, dates, weights, drafts, slugs,
//! aliases, terms, summaries, citations, headings, notes, bibliography
//! entries, a template, a static file and the config changed; translations
//! added, deleted, edited and marked, and languages added to and removed
//! from `[languages]`), applies them one by
//! one through `Session::rebuild` and `serve::apply` (what the server's
//! rebuild loop calls), and after every step checks that the served files equal a
//! clean full build byte for byte, and that both fail or both succeed.
//!
//! Cases: `PROPTEST_CASES` (default [`CASES`]). A failure shrinks to the
//! shortest edit sequence that still fails and prints it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use crate::serve::session;

/// Sequences per run when `PROPTEST_CASES` is not set: about a minute in
/// a debug build on a slow, shared machine.
const CASES: u32 = 80;

const SECTIONS: &[&str] = &["factsheets", "guides"];
const TITLES: &[&str] = &["Reading", "Homework", "Talking", "Sleep", "reading"];
const SLUGS: &[&str] = &["one", "two", "reading"];
const TERMS: &[&str] = &["Literacy", "Health", "literacy", "Play"];
const KEYS: &[&str] = &["alpha2001", "beta2002", "gamma2003", "delta2004"];
const NAMES: &[&str] = &["a", "b", "c", "d", "e"];
/// The languages besides English a model site can have, and their names.
const LANGS: &[(&str, &str)] = &[("vi", "Tiếng Việt"), ("ar", "العربية")];

/// A translation of a page (`<name>.vi.md` beside it).
#[derive(Debug, Clone, PartialEq)]
struct TranslationModel {
    paragraphs: u8,
    /// The `source_hash` recorded by the last mark, if any.
    marked: Option<String>,
}

/// One page of the model site.
#[derive(Debug, Clone)]
struct PageModel {
    section: usize,
    name: usize,
    bundle: bool,
    title: usize,
    date: Option<u8>,
    weight: Option<i8>,
    draft: bool,
    slug: Option<usize>,
    alias: bool,
    terms: Vec<usize>,
    cites: Vec<usize>,
    heading: bool,
    paragraphs: u8,
    /// By index into `LANGS`.
    translations: BTreeMap<usize, TranslationModel>,
    /// Listings show it: an edit to it alone re-renders them.
    summary: Option<u8>,
}

/// The site the edits act on; [`Model::files`] writes it out.
#[derive(Debug, Clone)]
struct Model {
    pages: Vec<PageModel>,
    /// Bibliography entries present, by index into `KEYS`, with a title
    /// revision.
    entries: BTreeMap<usize, u8>,
    notes: BTreeMap<usize, u8>,
    template: Option<u8>,
    static_file: u8,
    site_title: u8,
    sort_by_date: bool,
    /// Which of `LANGS` sheaf.toml configures.
    languages: [bool; 2],
}

#[derive(Debug, Clone)]
enum Edit {
    AddPage(usize, usize),
    DeletePage(usize),
    RenamePage(usize, usize),
    MovePage(usize, usize),
    ToggleBundle(usize),
    Title(usize, usize),
    Date(usize, Option<u8>),
    Weight(usize, Option<i8>),
    ToggleDraft(usize),
    Slug(usize, Option<usize>),
    ToggleAlias(usize),
    Terms(usize, Vec<usize>),
    Cites(usize, Vec<usize>),
    ToggleHeading(usize),
    Body(usize),
    Summary(usize, Option<u8>),
    Note(usize, Option<u8>),
    Entry(usize, Option<u8>),
    Template(Option<u8>),
    Static(u8),
    SiteTitle(u8),
    ToggleSort,
    AddTranslation(usize, usize),
    DeleteTranslation(usize, usize),
    TranslationBody(usize, usize),
    /// `sheaf translations mark` on the translation.
    MarkTranslation(usize, usize),
    ToggleLanguage(usize),
}

fn page_model() -> impl Strategy<Value = PageModel> {
    (
        (
            0..SECTIONS.len(),
            0..NAMES.len(),
            any::<bool>(),
            0..TITLES.len(),
        ),
        (
            proptest::option::of(1u8..28),
            proptest::option::of(-3i8..4),
            proptest::option::of(0..SLUGS.len()),
        ),
        (
            prop::collection::vec(0..TERMS.len(), 0..3),
            prop::collection::vec(0..KEYS.len(), 0..3),
            any::<bool>(),
            // Translations, and whether each starts marked up to date.
            prop::collection::btree_map(0..LANGS.len(), any::<bool>(), 0..3),
        ),
    )
        .prop_map(
            |(
                (section, name, bundle, title),
                (date, weight, slug),
                (terms, cites, heading, translated),
            )| {
                let translations = translated
                    .into_iter()
                    .map(|(l, marked)| {
                        // Marked for real once the page's index is known
                        // (see `model`); a wrong hash until then is stale.
                        let marked = marked.then(String::new);
                        (
                            l,
                            TranslationModel {
                                paragraphs: 1,
                                marked,
                            },
                        )
                    })
                    .collect();
                PageModel {
                    section,
                    name,
                    bundle,
                    title,
                    date,
                    weight,
                    draft: false,
                    slug,
                    alias: false,
                    terms,
                    cites,
                    heading,
                    paragraphs: 1,
                    translations,
                    summary: None,
                }
            },
        )
}

fn model() -> impl Strategy<Value = Model> {
    prop::collection::vec(page_model(), 1..5).prop_map(|mut pages| {
        for (i, p) in pages.iter_mut().enumerate() {
            let hash = sheaf::i18n::status::content_hash(&page_text(p, i));
            for t in p.translations.values_mut() {
                if t.marked.is_some() {
                    t.marked = Some(hash.clone());
                }
            }
        }
        Model {
            pages,
            entries: (0..3).map(|k| (k, 0)).collect(),
            notes: BTreeMap::from([(0, 0)]),
            template: None,
            static_file: 0,
            site_title: 0,
            sort_by_date: false,
            languages: [true, true],
        }
    })
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0..8usize;
    prop_oneof![
        (0..SECTIONS.len(), 0..NAMES.len()).prop_map(|(s, n)| Edit::AddPage(s, n)),
        i.clone().prop_map(Edit::DeletePage),
        (i.clone(), 0..NAMES.len()).prop_map(|(p, n)| Edit::RenamePage(p, n)),
        (i.clone(), 0..SECTIONS.len()).prop_map(|(p, s)| Edit::MovePage(p, s)),
        i.clone().prop_map(Edit::ToggleBundle),
        (i.clone(), 0..TITLES.len()).prop_map(|(p, t)| Edit::Title(p, t)),
        (i.clone(), proptest::option::of(1u8..28)).prop_map(|(p, d)| Edit::Date(p, d)),
        (i.clone(), proptest::option::of(-3i8..4)).prop_map(|(p, w)| Edit::Weight(p, w)),
        i.clone().prop_map(Edit::ToggleDraft),
        (i.clone(), proptest::option::of(0..SLUGS.len())).prop_map(|(p, s)| Edit::Slug(p, s)),
        i.clone().prop_map(Edit::ToggleAlias),
        (i.clone(), prop::collection::vec(0..TERMS.len(), 0..3))
            .prop_map(|(p, t)| Edit::Terms(p, t)),
        (i.clone(), prop::collection::vec(0..KEYS.len(), 0..3))
            .prop_map(|(p, c)| Edit::Cites(p, c)),
        i.clone().prop_map(Edit::ToggleHeading),
        i.clone().prop_map(Edit::Body),
        (i.clone(), proptest::option::of(0u8..3)).prop_map(|(p, s)| Edit::Summary(p, s)),
        (0..KEYS.len(), proptest::option::of(0u8..3)).prop_map(|(k, n)| Edit::Note(k, n)),
        (0..KEYS.len(), proptest::option::of(0u8..3)).prop_map(|(k, e)| Edit::Entry(k, e)),
        proptest::option::of(0u8..3).prop_map(Edit::Template),
        (0u8..3).prop_map(Edit::Static),
        (0u8..3).prop_map(Edit::SiteTitle),
        Just(Edit::ToggleSort),
        (i.clone(), 0..LANGS.len()).prop_map(|(p, l)| Edit::AddTranslation(p, l)),
        (i.clone(), 0..LANGS.len()).prop_map(|(p, l)| Edit::DeleteTranslation(p, l)),
        (i.clone(), 0..LANGS.len()).prop_map(|(p, l)| Edit::TranslationBody(p, l)),
        (i.clone(), 0..LANGS.len()).prop_map(|(p, l)| Edit::MarkTranslation(p, l)),
        // Marking and editing sources are what make notices come and go.
        (i.clone(), 0..LANGS.len()).prop_map(|(p, l)| Edit::MarkTranslation(p, l)),
        (i.clone(), 0..LANGS.len()).prop_map(|(p, l)| Edit::TranslationBody(p, l)),
        (0..LANGS.len()).prop_map(Edit::ToggleLanguage),
    ]
}

impl Model {
    fn apply(&mut self, edit: &Edit) {
        let n = self.pages.len().max(1);
        match edit.clone() {
            Edit::AddPage(section, name) => self.pages.push(PageModel {
                section,
                name,
                bundle: false,
                title: name % TITLES.len(),
                date: None,
                weight: None,
                draft: false,
                slug: None,
                alias: false,
                terms: vec![0],
                cites: vec![1],
                heading: false,
                paragraphs: 1,
                translations: BTreeMap::new(),
                summary: None,
            }),
            Edit::DeletePage(i) => {
                if self.pages.len() > 1 {
                    self.pages.remove(i % n);
                }
            }
            Edit::Note(k, Some(v)) => {
                self.notes.insert(k, v);
            }
            Edit::Note(k, None) => {
                self.notes.remove(&k);
            }
            Edit::Entry(k, Some(v)) => {
                self.entries.insert(k, v);
            }
            Edit::Entry(k, None) => {
                self.entries.remove(&k);
            }
            Edit::Template(t) => self.template = t,
            Edit::Static(v) => self.static_file = v,
            Edit::SiteTitle(v) => self.site_title = v,
            Edit::ToggleSort => self.sort_by_date = !self.sort_by_date,
            Edit::ToggleLanguage(l) => self.languages[l] = !self.languages[l],
            Edit::MarkTranslation(i, l) => {
                // What `sheaf translations mark` records: the hash of the
                // source page's text as it is now.
                let i = i % n;
                if let Some(p) = self.pages.get(i) {
                    let hash = sheaf::i18n::status::content_hash(&page_text(p, i));
                    if let Some(t) = self.pages[i].translations.get_mut(&l) {
                        t.marked = Some(hash);
                    }
                }
            }
            page_edit => {
                let Some(p) = self.pages.get_mut(page_index(&page_edit) % n) else {
                    return;
                };
                match page_edit {
                    Edit::RenamePage(_, name) => p.name = name,
                    Edit::MovePage(_, s) => p.section = s,
                    Edit::ToggleBundle(_) => p.bundle = !p.bundle,
                    Edit::Title(_, t) => p.title = t,
                    Edit::Date(_, d) => p.date = d,
                    Edit::Weight(_, w) => p.weight = w,
                    Edit::ToggleDraft(_) => p.draft = !p.draft,
                    Edit::Slug(_, s) => p.slug = s,
                    Edit::ToggleAlias(_) => p.alias = !p.alias,
                    Edit::Terms(_, t) => p.terms = t,
                    Edit::Cites(_, c) => p.cites = c,
                    Edit::ToggleHeading(_) => p.heading = !p.heading,
                    Edit::Body(_) => p.paragraphs += 1,
                    Edit::AddTranslation(_, l) => {
                        p.translations.entry(l).or_insert(TranslationModel {
                            paragraphs: 1,
                            marked: None,
                        });
                    }
                    Edit::DeleteTranslation(_, l) => {
                        p.translations.remove(&l);
                    }
                    Edit::TranslationBody(_, l) => {
                        if let Some(t) = p.translations.get_mut(&l) {
                            t.paragraphs += 1;
                        }
                    }
                    Edit::Summary(_, s) => p.summary = s,
                    _ => {}
                }
            }
        }
    }

    /// Every file of the site, by path under the root.
    fn files(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        let sort = if self.sort_by_date { "date" } else { "weight" };
        files.insert(
            "sheaf.toml".into(),
            format!(
                "title = \"Site {}\"\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\n\
                 bibliography = [\"references.bib\"]\ntaxonomies = [\"outcomes\"]\n\
                 default_section_sort = \"{sort}\"\n{languages}",
                self.site_title,
                languages = self.languages_config(),
            ),
        );
        files.insert(
            "content/_index.md".into(),
            "+++\ntitle = \"Home\"\n+++\n\nWelcome.\n".into(),
        );
        for (i, section) in SECTIONS.iter().enumerate() {
            files.insert(
                format!("content/{section}/_index.md"),
                format!("+++\ntitle = \"{section}\"\nweight = {i}\n+++\n\nAll {section}.\n"),
            );
        }
        let mut bib = String::new();
        for (&k, &v) in &self.entries {
            // Three authors (cited "et al.") and no year ("n.d."), whose
            // words a translation takes from its own language.
            let authors = match k {
                1 => "Author, Ann and Brown, Bea and Chen, Cai",
                _ => "Author, Ann",
            };
            let year = match k {
                2 => String::new(),
                _ => format!("  year = {{{}}},\n", 2001 + k),
            };
            let _ = write!(
                bib,
                "@book{{{key},\n  author = {{{authors}}},\n  title = {{Findings {v}}},\n  \
                 publisher = {{Press}},\n{year}}}\n\n",
                key = KEYS[k],
            );
        }
        files.insert("references.bib".into(), bib);
        for (&k, &v) in &self.notes {
            files.insert(
                format!("content/evidence/{}.md", KEYS[k]),
                format!("+++\ndesign = \"trial\"\n+++\n\nNotes, version {v}.\n"),
            );
        }
        if let Some(t) = self.template {
            files.insert(
                "templates/404.html".into(),
                format!("<!doctype html><title>Lost {t}</title><p>{{{{ config.title }}}}</p>\n"),
            );
        }
        files.insert(
            "static/extra.txt".into(),
            format!("extra {}\n", self.static_file),
        );
        for (i, p) in self.pages.iter().enumerate() {
            let dir = SECTIONS[p.section % SECTIONS.len()];
            // Index keeps two pages from ever sharing a file.
            let name = format!("{}-{i}", NAMES[p.name % NAMES.len()]);
            let path = if p.bundle {
                files.insert(
                    format!("content/{dir}/{name}/photo.txt"),
                    format!("asset of {name}\n"),
                );
                format!("content/{dir}/{name}/index.md")
            } else {
                format!("content/{dir}/{name}.md")
            };
            let stem = path.strip_suffix(".md").unwrap().to_string();
            files.insert(path, page_text(p, i));
            for (&l, t) in &p.translations {
                let tag = LANGS[l].0;
                files.insert(format!("{stem}.{tag}.md"), translation_text(p, t, tag));
            }
        }
        files
    }

    /// The `[languages]` tables of the configured languages.
    fn languages_config(&self) -> String {
        let mut out = String::new();
        for (l, (tag, name)) in LANGS.iter().enumerate() {
            if self.languages[l] {
                let _ = write!(out, "\n[languages.{tag}]\nname = \"{name}\"\n");
            }
        }
        out
    }
}

/// A translation: its own title and paragraphs, the source's citations.
fn translation_text(source: &PageModel, t: &TranslationModel, tag: &str) -> String {
    let mut text = format!(
        "+++\ntitle = \"{tag} {}\"\n",
        TITLES[source.title % TITLES.len()]
    );
    if let Some(hash) = &t.marked {
        let _ = writeln!(text, "source_hash = \"{hash}\"");
    }
    text.push_str("+++\n\n");
    for n in 0..t.paragraphs {
        let _ = writeln!(text, "{tag} paragraph {n}.\n");
    }
    for &k in &source.cites {
        let _ = writeln!(text, "{tag} claim [@{}].\n", KEYS[k % KEYS.len()]);
    }
    text
}

/// The page an edit of one page acts on (modulo the page count).
fn page_index(edit: &Edit) -> usize {
    match *edit {
        Edit::RenamePage(i, _)
        | Edit::MovePage(i, _)
        | Edit::ToggleBundle(i)
        | Edit::Title(i, _)
        | Edit::Date(i, _)
        | Edit::Weight(i, _)
        | Edit::ToggleDraft(i)
        | Edit::Slug(i, _)
        | Edit::ToggleAlias(i)
        | Edit::Terms(i, _)
        | Edit::Cites(i, _)
        | Edit::ToggleHeading(i)
        | Edit::Body(i)
        | Edit::AddTranslation(i, _)
        | Edit::DeleteTranslation(i, _)
        | Edit::TranslationBody(i, _)
        | Edit::Summary(i, _) => i,
        _ => 0,
    }
}

fn page_text(p: &PageModel, i: usize) -> String {
    let mut t = format!("+++\ntitle = \"{}\"\n", TITLES[p.title % TITLES.len()]);
    if let Some(d) = p.date {
        let _ = writeln!(t, "date = 2024-03-{d:02}");
    }
    if let Some(w) = p.weight {
        let _ = writeln!(t, "weight = {w}");
    }
    if p.draft {
        t.push_str("draft = true\n");
    }
    if let Some(s) = p.slug {
        let _ = writeln!(t, "slug = \"{}-{i}\"", SLUGS[s]);
    }
    if p.alias {
        let _ = writeln!(t, "aliases = [\"/old/page-{i}/\"]");
    }
    if let Some(s) = p.summary {
        let _ = writeln!(t, "summary = \"Summary {s} of the page.\"");
    }
    if !p.terms.is_empty() {
        let terms: Vec<String> = p
            .terms
            .iter()
            .map(|&k| format!("\"{}\"", TERMS[k % TERMS.len()]))
            .collect();
        let _ = write!(t, "\n[taxonomies]\noutcomes = [{}]\n", terms.join(", "));
    }
    t.push_str("+++\n\n");
    for n in 0..p.paragraphs {
        let _ = writeln!(t, "Paragraph {n} of the page.\n");
    }
    if p.heading {
        t.push_str("## What to try\n\nSomething.\n\n");
    }
    for &k in &p.cites {
        let _ = writeln!(t, "A claim [@{}].\n", KEYS[k % KEYS.len()]);
    }
    t
}

/// Writes `files` under `root`, removing what is no longer there; returns
/// the absolute paths that changed (as the watcher would report them).
fn sync(
    root: &Path,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Vec<PathBuf> {
    let mut changed = Vec::new();
    for (path, text) in new {
        if old.get(path) != Some(text) {
            let abs = root.join(path);
            std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
            std::fs::write(&abs, text).unwrap();
            changed.push(abs);
        }
    }
    for path in old.keys().filter(|p| !new.contains_key(*p)) {
        let abs = root.join(path);
        std::fs::remove_file(&abs).unwrap();
        // An emptied bundle folder goes too, as an author would leave it.
        if let Some(dir) = abs.parent() {
            let _ = std::fs::remove_dir(dir);
        }
        changed.push(abs);
    }
    changed.sort();
    changed
}

/// The first difference between two snapshots, if any.
fn difference(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    for path in a.keys().chain(b.keys()) {
        match (a.get(path), b.get(path)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                let show = |v: Option<&Vec<u8>>| {
                    v.map_or("(missing)".into(), |v| {
                        String::from_utf8_lossy(v).into_owned()
                    })
                };
                return Some(format!(
                    "{path} differs\n--- incremental\n{}\n--- full build\n{}",
                    show(x),
                    show(y)
                ));
            }
        }
    }
    None
}

fn run(start: Model, edits: Vec<Edit>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut model = start;
    let mut files = model.files();
    sync(root, &BTreeMap::new(), &files);
    let mut served = session(root);
    served.full_build();
    for (step, edit) in edits.iter().enumerate() {
        model.apply(edit);
        let new_files = model.files();
        let changed = sync(root, &files, &new_files);
        files = new_files;
        if changed.is_empty() {
            continue;
        }
        let outcome = served.rebuild(&changed);
        let mut fresh = session(root);
        let full = fresh.full_build();
        prop_assert_eq!(
            outcome.ok(),
            full.ok(),
            "step {} ({:?}): rebuild errors {:?}, full build errors {:?}",
            step,
            edit,
            outcome.errors,
            full.errors
        );
        if full.ok() {
            let diff = difference(&served.snapshot(), &fresh.snapshot());
            prop_assert!(
                diff.is_none(),
                "step {} ({:?}, a {:?} rebuild): {}",
                step,
                edit,
                outcome.kind,
                diff.unwrap_or_default()
            );
        }
    }
    Ok(())
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(CASES);
    ProptestConfig {
        cases,
        // Failures are reproduced from the seed printed in the panic message;
        // no regression files are written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_rebuild_serves_what_a_full_build_makes(
        start in model(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        run(start, edits)?;
    }
}
