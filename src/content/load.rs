//! Walks `content/` once, classifies each file (section, page, bundle asset,
//! evidence note, plain asset) and parses front matter in parallel.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::front_matter::{self, NoteFront, PageFront, SectionFront};
use super::{Asset, Content, Note, Page, Section, taxonomies, tree};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, display_path};
use crate::i18n::{Languages, NameLanguage};
use crate::ids::{SectionId, TiVec};

const PAGE_HELP: &str = "see docs/front-matter.md for the keys a page accepts";
const SECTION_HELP: &str = "see docs/front-matter.md for the keys a section (_index.md) accepts";
const NOTE_HELP: &str = "evidence notes accept title, design, evidence_level, summary, causal, reviewed, status, superseded_by and [extra]";

/// One file found under `content/`, before parsing.
#[derive(Debug)]
enum Found {
    Section {
        dir: String,
        lang: Option<String>,
    },
    Page {
        dir: String,
        stem: String,
        bundle: bool,
        lang: Option<String>,
    },
    /// `x.<tag>.md` where `<tag>` is a language the site does not publish in.
    UnknownLanguage {
        tag: String,
    },
    Note {
        key: String,
    },
    Asset {
        rel: String,
    },
}

/// Loads all content. Errors are collected, not returned early, so one run
/// reports every broken file.
pub fn load(config: &Config, drafts: bool) -> (Content, Diagnostics) {
    let content_dir = config.root.join("content");
    let mut diags = Diagnostics::new();
    let files = walk(&config.root, &content_dir, &config.languages, &mut diags);
    let bundles: BTreeSet<String> = files
        .iter()
        .filter_map(|(_, f)| match f {
            Found::Page {
                dir,
                bundle: true,
                lang: None,
                ..
            } => Some(dir.clone()),
            _ => None,
        })
        .collect();

    // Translations are placed after the tree is built (src/i18n/), so a
    // section's translation does not take its source's place.
    let parsed: Vec<Result<Parsed, Diagnostic>> = files
        .par_iter()
        .filter_map(|(path, found)| parse_file(config, path, found, &bundles).transpose())
        .collect();

    let mut sections = Vec::new();
    let mut pages = Vec::new();
    let mut notes = Vec::new();
    let mut assets = Vec::new();
    for item in parsed {
        match item {
            Ok(Parsed::Section(s, dir)) => sections.push((dir, s)),
            Ok(Parsed::Page(p, dir)) => pages.push((dir, p)),
            Ok(Parsed::Note(n)) => notes.push(n),
            Ok(Parsed::Asset(a)) => assets.push(a),
            Err(d) => diags.push(d),
        }
    }
    let (sections, section_translations): (Vec<_>, Vec<_>) =
        sections.into_iter().partition(|(_, s)| s.lang.is_none());
    let mut content = tree::assemble(config, sections, pages, drafts);
    content.notes = notes.into();
    // Files of a bundle whose page is a draft (or failed to load) stay unpublished.
    let published: BTreeSet<&str> = content
        .pages
        .iter()
        .filter_map(|p| p.relative_path.strip_suffix("/index.md"))
        .collect();
    content.assets = assets
        .into_iter()
        .filter(|a| a.bundle.as_deref().is_none_or(|b| published.contains(b)))
        .collect();
    content.images = std::sync::Arc::new(super::images::measure(config, &content.assets));
    arrange(config, &mut content, &mut diags);
    super::translations::attach(config, &mut content, section_translations, &mut diags);
    (content, diags)
}

/// The site-wide part of loading, from the pages' front matter: taxonomy
/// terms and the order of every section's pages and subsections. `serve`
/// runs it again when an edit changes what it reads.
pub fn arrange(config: &Config, content: &mut Content, diags: &mut Diagnostics) {
    content.taxonomies = taxonomies::collect(config, &mut content.pages, diags);
    tree::sort_sections(config, content);
    super::translations::arrange_translations(content);
}

/// Re-reads one page the last load found at `relative_path` (under
/// `content/`), for `serve`'s partial rebuilds. The caller fills in its
/// section and taxonomy terms, which depend on the rest of the site.
pub fn reload_page(config: &Config, relative_path: &str) -> Result<Page, Diagnostic> {
    let path = config.root.join("content").join(relative_path);
    let found = classify(relative_path, &config.languages);
    match parse_file(config, &path, &found, &BTreeSet::new())? {
        Some(Parsed::Page(page, _)) => Ok(page),
        _ => Err(
            Diagnostic::error(format!("content/{relative_path} is no longer a page"))
                .in_file(format!("content/{relative_path}")),
        ),
    }
}

fn walk(
    root: &Path,
    content_dir: &Path,
    languages: &Languages,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Found)> {
    let mut files = Vec::new();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error("the site has no content/ folder")
                .in_file("content/")
                .help("create content/_index.md for the home page (`sheaf new` scaffolds a site)"),
        );
        return files;
    }
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let shown = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                let why = if e.loop_ancestor().is_some() {
                    "is a symbolic link that loops back to a folder above it; it was skipped"
                        .to_string()
                } else {
                    format!(
                        "cannot be read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )
                };
                diags.push(
                    Diagnostic::warning(format!("{shown} {why}"))
                        .in_file(shown.clone())
                        .help("remove the link or fix the file's permissions"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = match entry.path().strip_prefix(content_dir) {
            Ok(rel) => crate::diagnostics::display_path(Path::new(""), rel),
            Err(_) => continue,
        };
        files.push((entry.path().to_path_buf(), classify(&rel, languages)));
    }
    files
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn classify(rel: &str, languages: &Languages) -> Found {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    if !name.ends_with(".md") {
        return Found::Asset {
            rel: rel.to_string(),
        };
    }
    let whole_stem = name.trim_end_matches(".md");
    if dir == "evidence" && name != "_index.md" {
        return Found::Note {
            key: whole_stem.to_string(),
        };
    }
    let (stem, lang) = match crate::i18n::split_name(whole_stem, languages) {
        (stem, NameLanguage::Translation(tag)) => (stem, Some(tag)),
        (stem, NameLanguage::Source) => (stem, None),
        (_, NameLanguage::NotConfigured(tag)) => return Found::UnknownLanguage { tag },
    };
    match stem {
        "_index" => Found::Section {
            dir: dir.to_string(),
            lang,
        },
        "index" if !dir.is_empty() => Found::Page {
            dir: dir.to_string(),
            stem: dir.rsplit('/').next().unwrap_or(dir).to_string(),
            bundle: true,
            lang,
        },
        _ => Found::Page {
            dir: dir.to_string(),
            stem: stem.to_string(),
            bundle: false,
            lang,
        },
    }
}

enum Parsed {
    Section(Section, String),
    Page(Page, String),
    Note(Note),
    Asset(Asset),
}

/// The nearest page bundle that contains `rel`'s directory.
fn enclosing_bundle<'a>(rel_dir: &str, bundles: &'a BTreeSet<String>) -> Option<&'a String> {
    let mut dir = rel_dir;
    loop {
        if let Some(b) = bundles.get(dir) {
            return Some(b);
        }
        match dir.rsplit_once('/') {
            Some((parent, _)) => dir = parent,
            None if !dir.is_empty() => dir = "",
            None => return None,
        }
    }
}

fn read_source(config: &Config, path: &Path) -> Result<std::sync::Arc<SourceFile>, Diagnostic> {
    let shown = display_path(&config.root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read {shown}: {e}"))
            .in_file(shown.clone())
            .help("check the file's permissions")
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let file = SourceFile::new(shown, lossy);
            let line_start = bytes[..valid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let col_chars = String::from_utf8_lossy(&bytes[line_start..valid])
                .chars()
                .count();
            let offset = file.text[..]
                .char_indices()
                .filter(|(i, _)| *i >= line_start)
                .nth(col_chars)
                .map_or(valid, |(i, _)| i);
            Err(Diagnostic::error("this file is not valid UTF-8 text")
                .at_span(&file, offset..offset + 1)
                .label("invalid byte here")
                .help("save the file with UTF-8 encoding (most editors offer this under \"Save with encoding\")"))
        }
    }
}

fn parse_file(
    config: &Config,
    path: &Path,
    found: &Found,
    bundles: &BTreeSet<String>,
) -> Result<Option<Parsed>, Diagnostic> {
    let shown = display_path(&config.root, path);
    let parsed = match found {
        Found::Asset { rel } => {
            let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel.as_str()));
            let bundle = enclosing_bundle(dir, bundles);
            let dest = match bundle {
                Some(bundle) => format!(
                    "{}{}",
                    tree::dir_site_path(bundle),
                    &rel[bundle.len() + 1..]
                ),
                None => format!("{}{name}", tree::dir_site_path(dir)),
            };
            Parsed::Asset(Asset {
                source: path.to_path_buf(),
                dest,
                origin: shown,
                bundle: bundle.cloned(),
            })
        }
        Found::UnknownLanguage { tag } => {
            return Err(unknown_language(config, &shown, tag));
        }
        Found::Page { dir, .. } | Found::Section { dir, .. }
            if !matches!(found, Found::Page { bundle: true, .. })
                && enclosing_bundle(dir, bundles).is_some() =>
        {
            let bundle = enclosing_bundle(dir, bundles).cloned().unwrap_or_default();
            return Err(Diagnostic::warning(format!("{shown} is inside the page bundle content/{bundle}/ and is not built"))
                .in_file(shown)
                .help("a page bundle holds one page (index.md) and its files; move other pages out of the bundle folder"));
        }
        Found::Note { key } => {
            let source = read_source(config, path)?;
            let p = front_matter::parse::<NoteFront>(&source, false, NOTE_HELP)?;
            Parsed::Note(Note {
                key: key.clone(),
                front: p.front,
                body_offset: p.body_offset,
                source,
            })
        }
        Found::Section { dir, lang } => {
            let source = read_source(config, path)?;
            let p = front_matter::parse::<SectionFront>(&source, false, SECTION_HELP)?;
            let title = p.front.title.clone().unwrap_or_else(|| {
                if dir.is_empty() {
                    config.title.clone()
                } else {
                    title_from_dir(dir)
                }
            });
            Parsed::Section(
                Section {
                    relative_path: under_content(&shown),
                    front: p.front,
                    body_offset: p.body_offset,
                    title,
                    site_path: tree::dir_site_path(dir),
                    parent: None,
                    pages: Vec::new(),
                    subsections: Vec::new(),
                    dir: dir.clone(),
                    lang: lang.clone(),
                    source,
                },
                dir.clone(),
            )
        }
        Found::Page {
            dir,
            stem,
            bundle,
            lang,
        } => {
            let source = read_source(config, path)?;
            let p = front_matter::parse::<PageFront>(&source, true, PAGE_HELP)?;
            let slug_source = p.front.slug.clone().unwrap_or_else(|| stem.clone());
            let slug = slug::slugify(&slug_source);
            if slug.is_empty() {
                let span = front_matter::key_span(&source.text, "slug");
                return Err(Diagnostic::error(format!(
                    "the slug `{slug_source}` has no letters or digits to make a URL from"
                ))
                .at_span(&source, span)
                .help("set `slug = \"...\"` to a name with letters or digits"));
            }
            let parent_dir = if *bundle {
                dir.rsplit_once('/').map_or("", |(p, _)| p)
            } else {
                dir.as_str()
            };
            let site_path = format!("{}{slug}/", tree::dir_site_path(parent_dir));
            // A translation lives under its language: /vi/factsheets/x/.
            let site_path = match lang {
                Some(tag) => format!("{tag}/{site_path}"),
                None => site_path,
            };
            Parsed::Page(
                Page {
                    relative_path: under_content(&shown),
                    front: p.front,
                    body_offset: p.body_offset,
                    slug,
                    site_path,
                    section: SectionId::HOME,
                    terms: TiVec::new(),
                    lang: lang.clone(),
                    source,
                },
                parent_dir.to_string(),
            )
        }
    };
    Ok(Some(parsed))
}

/// `x.fr.md` on a site that does not publish in `fr`.
fn unknown_language(config: &Config, shown: &str, tag: &str) -> Diagnostic {
    let configured: Vec<&str> = config
        .languages
        .others
        .iter()
        .map(|l| l.tag.as_str())
        .collect();
    let known = if configured.is_empty() {
        "the site has no [languages] tables".to_string()
    } else {
        format!("the site publishes in {}", configured.join(", "))
    };
    Diagnostic::error(format!(
        "{shown} ends in `.{tag}.md`, a translation into `{tag}`, but `{tag}` is not one of the site's languages ({known})"
    ))
    .in_file(shown.to_string())
    .help(format!(
        "add [languages.{tag}] with name = \"...\" to sheaf.toml, or rename the file without the `.{tag}` part if it is not a translation"
    ))
}

/// A shown path (`content/x/y.md`) as a path under `content/` (`x/y.md`).
/// Only the one leading `content/` goes: `content/content/a.md` is `content/a.md`.
fn under_content(shown: &str) -> String {
    shown.strip_prefix("content/").unwrap_or(shown).to_string()
}

fn title_from_dir(dir: &str) -> String {
    let name = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
