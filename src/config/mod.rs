//! `sheaf.toml`: the site configuration, validated on load. Unknown keys are
//! errors with a did-you-mean suggestion (except under `[extra]`).
//!
//! A feature's settings whose check needs more than serde live in a child
//! module here (`brand`, `plain`, `term_order`), so loading the config
//! never imports the features that read it back.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub mod brand;
pub mod plain;
pub mod term_order;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::serde_errors::deserialize_error_to_diagnostic;

pub const CONFIG_FILE: &str = "sheaf.toml";

/// How pages of a section are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "Letter",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrintConfig {
    pub paper: Paper,
    pub booklet_title: Option<String>,
    pub sections: Vec<String>,
    pub pdf: bool,
    /// How long one PDF may take (`"60s"`), per MiB of its HTML.
    #[serde(deserialize_with = "duration", serialize_with = "show_duration")]
    pub timeout: std::time::Duration,
    /// Printed on both sides: each booklet chapter starts on a right-hand page.
    pub duplex: bool,
}

impl Default for PrintConfig {
    fn default() -> Self {
        Self {
            paper: Paper::A4,
            booklet_title: None,
            sections: vec!["factsheets".to_string()],
            pdf: false,
            timeout: std::time::Duration::from_secs(60),
            duplex: false,
        }
    }
}

/// `[check]`: how `sheaf check --external` treats other websites.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// How long a result is reused from `.sheaf-cache/links.json`.
    #[serde(deserialize_with = "duration", serialize_with = "show_duration")]
    pub external_cache: std::time::Duration,
    /// How long one request may take.
    #[serde(deserialize_with = "duration", serialize_with = "show_duration")]
    pub external_timeout: std::time::Duration,
    /// The pause between two requests to the same host.
    #[serde(deserialize_with = "duration", serialize_with = "show_duration")]
    pub external_delay: std::time::Duration,
    /// How many hosts are checked at once.
    pub external_hosts: usize,
    /// plain: whether pages are checked for plain language at all
    /// (docs/plain-language.md, like the four keys below); the glossary
    /// is not part of the check.
    pub plain_language: bool,
    /// The reading-grade target; unset, no grade warnings.
    pub reading_grade: Option<plain::ReadingGrade>,
    pub max_sentence_words: usize,
    /// Words to avoid: word or phrase -> plainer alternative.
    pub avoid: std::collections::BTreeMap<String, String>,
    pub avoid_builtin: bool,
    /// Where `--external` asks for a DOI's update notices (Crossref's REST
    /// API; tests point it at a local server).
    pub crossref_url: String,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            external_cache: std::time::Duration::from_secs(24 * 3600),
            external_timeout: std::time::Duration::from_secs(15),
            external_delay: std::time::Duration::from_millis(500),
            external_hosts: 8,
            plain_language: true,
            reading_grade: None,
            max_sentence_words: 30,
            avoid: Default::default(),
            avoid_builtin: true,
            crossref_url: "https://api.crossref.org/".into(),
        }
    }
}

/// A duration written as text: `"500ms"`, `"60s"`, `"1d"`.
fn duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<std::time::Duration, D::Error> {
    let text = String::deserialize(d)?;
    humantime::parse_duration(text.trim()).map_err(|e| {
        serde::de::Error::custom(format!(
            "`{text}` is not a duration ({e}); write it like \"500ms\", \"60s\", \"10m\" or \"1d\""
        ))
    })
}

fn show_duration<S: serde::Serializer>(d: &std::time::Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&humantime::format_duration(*d).to_string())
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedConfig {
    pub enabled: bool,
}

impl Default for FeedConfig {
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// The file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    bibliography: Vec<PathBuf>,
    /// Lets `theme`, `bibliography` and `citation_style` name files outside
    /// the site folder (off: see [`outside_the_site`]).
    #[serde(default)]
    allow_paths_outside_site: bool,
    #[serde(default = "default_style")]
    citation_style: String,
    #[serde(default)]
    taxonomies: Vec<String>,
    #[serde(default)]
    taxonomy_order: term_order::TaxonomyOrder,
    #[serde(default)]
    default_section_sort: SortBy,
    #[serde(default)]
    print: PrintConfig,
    #[serde(default)]
    feed: FeedConfig,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default)]
    languages: crate::i18n::LanguagesTable,
    #[serde(default)]
    evidence: crate::evidence::weigh::settings::WeighConfig,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    brand: brand::BrandConfig,
    #[serde(default)]
    menu: Vec<brand::LinkConfig>,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_style() -> String {
    "apa".into()
}

/// The validated configuration the rest of the pipeline uses.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: Option<String>,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/`.
    pub base_path: String,
    pub language: String,
    pub theme: String,
    pub bibliography: Vec<PathBuf>,
    pub citation_style: String,
    pub taxonomies: Vec<String>,
    /// `[taxonomy_order]`: terms listed first, in this order, per taxonomy.
    pub taxonomy_order: term_order::TaxonomyOrder,
    pub default_section_sort: SortBy,
    pub print: PrintConfig,
    pub feed: FeedConfig,
    pub check: CheckConfig,
    /// `language` and the `[languages.<tag>]` tables (see src/i18n/).
    pub languages: crate::i18n::Languages,
    /// `[evidence]`: the wording lint, currency and the evidence map.
    pub evidence: crate::evidence::weigh::settings::WeighConfig,
    pub extra: toml::Table,
    /// `[brand]` and `[[menu]]`, checked (docs/branding.md).
    pub brand: brand::Brand,
    pub source: Arc<SourceFile>,
}

impl Config {
    /// Reads and validates `<root>/sheaf.toml`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read(&path).map_err(|e| {
            vec![
                Diagnostic::error(format!("cannot read {CONFIG_FILE}: {e}"))
                    .in_file(CONFIG_FILE)
                    .help("check that the file exists and is readable"),
            ]
        })?;
        let text = String::from_utf8(text).map_err(|e| {
            vec![
                Diagnostic::error(format!(
                    "{CONFIG_FILE} is not valid UTF-8 (bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ))
                .in_file(CONFIG_FILE)
                .help("save the file as UTF-8"),
            ]
        })?;
        Self::parse(root, SourceFile::new(CONFIG_FILE, text))
    }

    pub fn parse(root: &Path, source: Arc<SourceFile>) -> Result<Config, Vec<Diagnostic>> {
        let body = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
        let bom = source.text.len() - body.len();
        let raw: RawConfig = toml::from_str(body)
            .map_err(|e| vec![toml_error(&e, &source, bom, RAW_CONFIG_HELP)])?;
        let mut errors = Vec::new();
        let at_key = |key: &str| key_span(&source.text, key);
        let (base_url, base_path) = match normalise_base_url(&raw.base_url) {
            Ok(pair) => pair,
            Err(why) => {
                errors.push(
                    Diagnostic::error(format!("`base_url` {why}"))
                        .at_span(&source, at_key("base_url"))
                        .help("write the full address the site is published at, e.g. base_url = \"https://example.org/families/\""),
                );
                (String::new(), "/".into())
            }
        };
        if raw.title.trim().is_empty() {
            errors.push(
                Diagnostic::error("`title` is empty")
                    .at_span(&source, at_key("title"))
                    .help("give the site a title, e.g. title = \"Parent Engagement in Learning\""),
            );
        }
        for name in &raw.taxonomies {
            let slug = slug::slugify(name);
            if slug.is_empty() || slug != *name {
                errors.push(
                    Diagnostic::error(format!(
                        "taxonomy name `{name}` is not a plain lowercase name"
                    ))
                    .at_span(&source, at_key("taxonomies"))
                    .help(format!(
                        "taxonomy names become URLs; use letters, digits and hyphens, e.g. `{}`",
                        if slug.is_empty() { "outcomes" } else { &slug }
                    )),
                );
            }
            if matches!(name.as_str(), "evidence" | "print" | "static") {
                errors.push(
                    Diagnostic::error(format!(
                        "taxonomy name `{name}` clashes with sheaf's own /{name}/ pages"
                    ))
                    .at_span(&source, at_key("taxonomies"))
                    .help("choose another name for the taxonomy"),
                );
            }
        }
        errors.extend(term_order::check_order(
            &raw.taxonomy_order,
            &raw.taxonomies,
            &source,
        ));
        if !raw.allow_paths_outside_site {
            let paths = std::iter::once(("theme", Path::new(&raw.theme)))
                .chain(
                    raw.bibliography
                        .iter()
                        .map(|p| ("bibliography", p.as_path())),
                )
                .chain(std::iter::once((
                    "citation_style",
                    Path::new(&raw.citation_style),
                )));
            for (key, path) in paths {
                if let Some(why) = outside_the_site(path) {
                    errors.push(
                        Diagnostic::error(format!(
                            "`{key}` names {}, which {why}",
                            path.display()
                        ))
                        .at_span(&source, at_key(key))
                        .help("keep themes, bibliographies and styles inside the site folder, or set allow_paths_outside_site = true if that is intended"),
                    );
                }
            }
        }
        let languages = crate::i18n::Languages::resolve(&raw.language, &raw.languages, &source)
            .unwrap_or_else(|e| {
                errors.extend(e);
                Default::default()
            });
        let brand = match brand::check(root, &source, raw.brand, raw.menu) {
            Ok(brand) => brand,
            Err(d) => {
                errors.extend(d);
                Default::default()
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            brand,
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            base_url,
            base_path,
            language: raw.language,
            theme: raw.theme,
            bibliography: raw.bibliography,
            citation_style: raw.citation_style,
            taxonomies: raw.taxonomies,
            taxonomy_order: raw.taxonomy_order,
            default_section_sort: raw.default_section_sort,
            print: raw.print,
            feed: raw.feed,
            check: raw.check,
            languages,
            evidence: raw.evidence,
            extra: raw.extra,
            source,
        })
    }

    /// Replaces the base URL (`--base-url`, or the local address in `serve`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base_url, base_path) = normalise_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }

    /// The root-relative URL for a site path such as `factsheets/x/`.
    pub fn url_for(&self, site_path: &str) -> String {
        join(&self.base_path, site_path)
    }

    /// The absolute URL for a site path.
    pub fn permalink_for(&self, site_path: &str) -> String {
        join(&self.base_url, site_path)
    }

    pub fn booklet_title(&self) -> String {
        self.print
            .booklet_title
            .clone()
            .unwrap_or_else(|| format!("{} – Print edition", self.title))
    }
}

/// `base` (ending in `/`) followed by a site path, without a doubled slash.
fn join(base: &str, site_path: &str) -> String {
    let path = site_path.trim_start_matches('/');
    let mut url = String::with_capacity(base.len() + path.len());
    url.push_str(base);
    url.push_str(path);
    url
}

const RAW_CONFIG_HELP: &str = "see docs/configuration.md for every key sheaf.toml accepts";

/// Checks `base_url` and splits off its path, which every internal URL keeps.
pub fn normalise_base_url(url: &str) -> Result<(String, String), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("`{url}` is not a valid URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!(
            "`{url}` must start with http:// or https:// and name a host"
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!("`{url}` must not have a query or fragment"));
    }
    let mut base = parsed.to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    let mut path = parsed.path().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    Ok((base, path))
}

pub use crate::text::key_span;

/// Why a path from sheaf.toml could reach outside the site folder, judged
/// from its spelling: absolute (`/etc`), a drive or UNC prefix, or a `..`
/// (`../../..`). A theme from elsewhere would publish that folder's files.
pub fn outside_the_site(path: &Path) -> Option<&'static str> {
    use std::path::Component;
    for component in path.components() {
        match component {
            Component::RootDir | Component::Prefix(_) => {
                return Some("is an absolute path outside the site folder");
            }
            Component::ParentDir => return Some("uses `..` to reach outside the site folder"),
            Component::CurDir | Component::Normal(_) => {}
        }
    }
    None
}

/// Turns a TOML parse or schema error into an author-facing diagnostic.
pub fn toml_error(
    error: &toml::de::Error,
    file: &SourceFile,
    offset: usize,
    fallback_help: &str,
) -> Diagnostic {
    let span = error
        .span()
        .map(|s| s.start + offset..s.end + offset)
        .unwrap_or(offset..offset);
    deserialize_error_to_diagnostic(error.message(), file, span, fallback_help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("/site"), SourceFile::new(CONFIG_FILE, text))
    }

    #[test]
    fn base_url_sub_path_is_kept_with_trailing_slash() {
        let c = parse("title = \"T\"\nbase_url = \"https://example.org/families\"\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/families/");
        assert_eq!(c.base_path, "/families/");
        assert_eq!(c.url_for("factsheets/x/"), "/families/factsheets/x/");
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let errs = parse("tittle = \"T\"\nbase_url = \"https://e.org/\"\n").unwrap_err();
        let text = errs[0].render(false);
        assert!(text.contains("unknown key `tittle`"), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
        assert!(text.contains("sheaf.toml:1:1"), "{text}");
    }

    #[test]
    fn bad_base_url_is_an_error_at_its_line() {
        let errs = parse("title = \"T\"\nbase_url = \"example.org\"\n").unwrap_err();
        assert!(errs[0].render(false).contains("sheaf.toml:2:1"));
    }
}
