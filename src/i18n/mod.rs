//! Languages: the `[languages.<tag>]` tables of `sheaf.toml`, telling a
//! translation (`learning-at-home.vi.md`) from an ordinary dotted name,
//! linking translations to their source pages, and whether each is up to
//! date with its source. The rest of the pipeline sees translations as
//! ordinary pages with a `lang`; this module owns what is special about them.

pub mod alternates;
pub mod cited_in;
pub mod dates;
pub mod jobs;
pub mod mark;
pub mod output;
pub mod report;
pub mod status;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use unic_langid::{CharacterDirection, LanguageIdentifier};

use crate::diagnostics::{Diagnostic, SourceFile};

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One `[languages.<tag>]` table as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    /// The language's name in itself, shown in the language switcher.
    pub name: String,
    #[serde(default)]
    pub dir: Option<Direction>,
}

/// `[languages]` as written: tag -> table.
pub type LanguagesTable = BTreeMap<String, LanguageEntry>;

/// A language the site publishes in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// The canonical BCP 47 tag: `vi`, `zh-CN`.
    pub tag: String,
    pub name: String,
    pub dir: Direction,
}

/// The site's languages: the default (`language` in sheaf.toml), published
/// at the root, and the others, each under `/<tag>/`.
#[derive(Debug, Clone)]
pub struct Languages {
    pub default: Language,
    /// By tag.
    pub others: Vec<Language>,
}

impl Default for Languages {
    fn default() -> Self {
        Languages {
            default: Language {
                tag: "en".into(),
                name: "English".into(),
                dir: Direction::Ltr,
            },
            others: Vec::new(),
        }
    }
}

impl Languages {
    /// Validates the tables against the site's default language. Errors
    /// point at the `[languages.<tag>]` header.
    pub fn resolve(
        default_tag: &str,
        table: &LanguagesTable,
        config: &SourceFile,
    ) -> Result<Languages, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let default_canonical = match canonical_tag(default_tag) {
            Some(tag) => tag,
            // A one-language site keeps whatever it wrote, as before
            // languages existed.
            None if table.is_empty() => default_tag.to_string(),
            None => {
                errors.push(
                    Diagnostic::error(format!(
                        "`language = \"{default_tag}\"` is not a BCP 47 language tag"
                    ))
                    .at_span(config, crate::text::key_span(&config.text, "language"))
                    .help("write a tag such as \"en\", \"en-AU\", \"vi\" or \"zh-CN\""),
                );
                default_tag.to_string()
            }
        };
        let mut default = Language {
            dir: direction_of(&default_canonical),
            name: default_canonical.clone(),
            tag: default_canonical.clone(),
        };
        let mut others = Vec::new();
        for (tag, entry) in table {
            let span = table_span(&config.text, tag);
            let Some(canonical) = canonical_tag(tag) else {
                errors.push(
                    Diagnostic::error(format!(
                        "`[languages.{tag}]`: `{tag}` is not a BCP 47 language tag"
                    ))
                    .at_span(config, span)
                    .help("name the table after a language tag such as vi, ar, zh-CN or fa-AF"),
                );
                continue;
            };
            if canonical != *tag {
                errors.push(
                    Diagnostic::error(format!("`[languages.{tag}]` is not written the standard way"))
                        .at_span(config, span)
                        .help(format!("write it as [languages.{canonical}]; translations then end in .{canonical}.md")),
                );
                continue;
            }
            if entry.name.trim().is_empty() {
                errors.push(
                    Diagnostic::error(format!("`[languages.{tag}]` has an empty `name`"))
                        .at_span(config, span)
                        .help("give the language's name in itself, e.g. name = \"Tiếng Việt\""),
                );
            }
            let language = Language {
                tag: canonical.clone(),
                name: entry.name.clone(),
                dir: entry.dir.unwrap_or_else(|| direction_of(&canonical)),
            };
            if canonical == default_canonical {
                default = language;
            } else {
                others.push(language);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Languages { default, others })
    }

    /// A configured language other than the default, by canonical tag.
    pub fn other(&self, tag: &str) -> Option<&Language> {
        self.others.iter().find(|l| l.tag == tag)
    }

    /// Any configured language, the default included.
    pub fn get(&self, tag: Option<&str>) -> &Language {
        tag.and_then(|t| self.other(t)).unwrap_or(&self.default)
    }

    pub fn is_multilingual(&self) -> bool {
        !self.others.is_empty()
    }
}

/// The standard spelling of a BCP 47 tag (`zh-cn` -> `zh-CN`), or `None`
/// when it is not one. `und` (undetermined) is not a language to publish in.
pub fn canonical_tag(tag: &str) -> Option<String> {
    let id: LanguageIdentifier = tag.parse().ok()?;
    let text = id.to_string();
    (text != "und" && !text.starts_with("und-")).then_some(text)
}

/// The direction a language is written in, from its script: Arabic,
/// Hebrew, Thaana, N'Ko... are right to left (CLDR's table, through
/// unic-langid), plus Dari (`prs`), which CLDR files under `fa-AF`.
pub fn direction_of(tag: &str) -> Direction {
    let Ok(id) = tag.parse::<LanguageIdentifier>() else {
        return Direction::Ltr;
    };
    if id.script.is_none() && matches!(id.language.as_str(), "prs" | "dv" | "syr" | "nqo") {
        return Direction::Rtl;
    }
    match id.character_direction() {
        CharacterDirection::RTL => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// The byte range of a `[languages.<tag>]` header, for pointing at it.
fn table_span(text: &str, tag: &str) -> std::ops::Range<usize> {
    for quoted in [
        format!("[languages.{tag}]"),
        format!("[languages.\"{tag}\"]"),
    ] {
        if let Some(at) = text.find(&quoted) {
            return at..at + quoted.len();
        }
    }
    crate::text::key_span(text, tag)
}

/// How a Markdown file's name reads: `x.vi.md` is a translation into `vi`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameLanguage {
    /// No language suffix: a source-language file (`report.v2.md` too).
    Source,
    /// A translation into this configured language (canonical tag).
    Translation(String),
    /// A suffix that is a BCP 47 tag the site does not publish in.
    NotConfigured(String),
}

/// Splits `learning-at-home.vi` (a file name without `.md`) into its stem
/// and language. A suffix that is not a language tag leaves the name whole.
pub fn split_name<'a>(stem: &'a str, languages: &Languages) -> (&'a str, NameLanguage) {
    let Some((base, suffix)) = stem.rsplit_once('.') else {
        return (stem, NameLanguage::Source);
    };
    if base.is_empty() {
        return (stem, NameLanguage::Source);
    }
    let Some(tag) = canonical_tag(suffix) else {
        return (stem, NameLanguage::Source);
    };
    if languages.other(&tag).is_some() {
        (base, NameLanguage::Translation(tag))
    } else {
        (base, NameLanguage::NotConfigured(tag))
    }
}

/// The source file a translation translates: `a/b.vi.md` -> `a/b.md`.
pub fn source_path_of(translation: &str, tag: &str) -> Option<String> {
    let without = translation.strip_suffix(".md")?;
    let (base, suffix) = without.rsplit_once('.')?;
    (canonical_tag(suffix).as_deref() == Some(tag)).then(|| format!("{base}.md"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages(tags: &[&str]) -> Languages {
        let table: LanguagesTable = tags
            .iter()
            .map(|t| {
                (
                    t.to_string(),
                    LanguageEntry {
                        name: t.to_string(),
                        dir: None,
                    },
                )
            })
            .collect();
        Languages::resolve("en", &table, &SourceFile::new("sheaf.toml", "")).unwrap()
    }

    #[test]
    fn direction_follows_the_script_of_the_tag() {
        for rtl in [
            "ar", "fa", "prs", "ps", "he", "ur", "yi", "dv", "ckb", "sd", "ug",
        ] {
            assert_eq!(direction_of(rtl), Direction::Rtl, "{rtl}");
        }
        for ltr in ["en", "vi", "zh-CN", "ko", "so", "az-Latn", "kar"] {
            assert_eq!(direction_of(ltr), Direction::Ltr, "{ltr}");
        }
    }

    #[test]
    fn names_with_a_configured_suffix_are_translations() {
        let langs = languages(&["vi", "ar", "zh-CN"]);
        assert_eq!(
            split_name("learning-at-home.vi", &langs),
            ("learning-at-home", NameLanguage::Translation("vi".into()))
        );
        assert_eq!(
            split_name("_index.zh-cn", &langs),
            ("_index", NameLanguage::Translation("zh-CN".into()))
        );
        assert_eq!(
            split_name("report.fr", &langs),
            ("report", NameLanguage::NotConfigured("fr".into()))
        );
        for plain in ["report.v2", "report", ".vi", "a.b1", "x.und"] {
            assert_eq!(split_name(plain, &langs), (plain, NameLanguage::Source));
        }
    }

    #[test]
    fn source_paths_drop_the_language_suffix() {
        assert_eq!(
            source_path_of("factsheets/a.vi.md", "vi").as_deref(),
            Some("factsheets/a.md")
        );
        assert_eq!(
            source_path_of("factsheets/a/index.ar.md", "ar").as_deref(),
            Some("factsheets/a/index.md")
        );
        assert_eq!(source_path_of("a.md", "vi"), None);
    }

    #[test]
    fn a_badly_spelled_tag_is_an_error_with_the_standard_spelling() {
        let source = SourceFile::new("sheaf.toml", "[languages.zh-cn]\nname = \"中文\"\n");
        let table: LanguagesTable = toml::from_str::<toml::Table>(&source.text)
            .unwrap()
            .get("languages")
            .cloned()
            .unwrap()
            .try_into()
            .unwrap();
        let errors = Languages::resolve("en", &table, &source).unwrap_err();
        let text = errors[0].render(false);
        assert!(text.contains("[languages.zh-CN]"), "{text}");
        assert!(text.contains("sheaf.toml:1:1"), "{text}");
    }
}
