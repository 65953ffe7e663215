//! Front matter: TOML between `+++` lines or YAML between `---` lines, split
//! from the body and deserialized with unknown keys rejected.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::date::ContentDate;
use crate::config::SortBy;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::serde_errors::deserialize_error_to_diagnostic;
use crate::text::position::Column;

/// How strong the research behind a page or source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceLevel {
    Strong,
    Moderate,
    Emerging,
}

impl EvidenceLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceLevel::Strong => "strong",
            EvidenceLevel::Moderate => "moderate",
            EvidenceLevel::Emerging => "emerging",
        }
    }
}

fn yes() -> bool {
    true
}

/// Front matter of a page.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub date: Option<ContentDate>,
    #[serde(default)]
    pub updated: Option<ContentDate>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default = "yes")]
    pub print: bool,
    #[serde(default)]
    pub evidence_level: Option<EvidenceLevel>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// plain: this page's reading-grade target, or false (docs/plain-language.md).
    #[serde(default)]
    pub reading_grade: Option<crate::config::plain::ReadingGrade>,
    /// Translations: the hash of the source page's content when this
    /// translation was last marked up to date (`sheaf translations mark`).
    #[serde(default)]
    pub source_hash: Option<String>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Branding (docs/branding.md): what kind of page this is, named by the
    /// strings table's `kind.<id>` (`factsheet`, `summary`, …).
    #[serde(default)]
    pub kind: Option<String>,
}

/// Front matter of a section (`_index.md`).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub sort_by: Option<SortBy>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub page_template: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// plain: the target for this section's pages and subsections.
    #[serde(default)]
    pub reading_grade: Option<crate::config::plain::ReadingGrade>,
    /// As for pages: the source section's hash when last marked.
    #[serde(default)]
    pub source_hash: Option<String>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Branding (docs/branding.md): the kind of the section's pages, by id
    /// (`kind = "guide"`) or named here (`kind_label = ["guide", "guides"]`).
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub kind_label: Option<[String; 2]>,
}

/// Front matter of a source's notes (`content/evidence/<key>.md`).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NoteFront {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub design: Option<String>,
    #[serde(default)]
    pub evidence_level: Option<EvidenceLevel>,
    #[serde(default)]
    pub summary: Option<String>,
    // Weighing evidence (docs/weighing-evidence.md): whether the source
    // can support causal claims, when it was last reviewed, its status.
    #[serde(default)]
    pub causal: Option<bool>,
    #[serde(default)]
    pub reviewed: Option<ContentDate>,
    #[serde(default)]
    pub status: Option<crate::evidence::weigh::settings::SourceStatus>,
    #[serde(default)]
    pub superseded_by: Option<String>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Yaml,
}

/// A file split into front matter and body, as byte ranges of the file.
#[derive(Debug, Clone)]
struct Split {
    format: Option<Format>,
    /// The opening `+++`/`---`.
    opener: Range<usize>,
    front: Range<usize>,
    body: Range<usize>,
}

/// Finds the front matter block. A file that opens a block and never closes
/// it is an error pointing at the opening line.
fn split(file: &SourceFile) -> Result<Split, Diagnostic> {
    let text = &file.text;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let opener = text[start..first_line_end].trim_end();
    let format = match opener {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Ok(Split {
                format: None,
                opener: start..start,
                front: start..start,
                body: start..text.len(),
            });
        }
    };
    let front_start = (first_line_end + 1).min(text.len());
    let mut offset = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim_end() == opener {
            return Ok(Split {
                format: Some(format),
                opener: start..start + 3,
                front: front_start..offset,
                body: (offset + line.len()).min(text.len())..text.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(format!(
        "front matter opened with `{opener}` is never closed"
    ))
    .at_span(file, start..start + 3)
    .label("opened here")
    .help(format!(
        "add a line with only `{opener}` after the last front matter key"
    )))
}

/// Front matter and where the body starts.
pub struct Parsed<T> {
    pub front: T,
    pub body_offset: usize,
}

/// Parses the front matter of `file` as `T`. `required` says whether a file
/// without any front matter is an error (pages need a title).
pub fn parse<T: DeserializeOwned + Default>(
    file: &SourceFile,
    required: bool,
    help: &str,
) -> Result<Parsed<T>, Diagnostic> {
    let split = split(file)?;
    let front_text = &file.text[split.front.clone()];
    let front = match split.format {
        None if required => {
            return Err(Diagnostic::error("this page has no front matter")
                .at_span(file, 0..0)
                .help("start the file with a front matter block, e.g.\n  +++\n  title = \"Learning at home\"\n  +++"));
        }
        None => T::default(),
        Some(Format::Toml) => toml::from_str(front_text).map_err(|e| {
            // A missing key has no span of its own: point at the block's opening line.
            let opening = split.opener.clone();
            let span = match e.span() {
                _ if e.message().starts_with("missing field") => opening,
                Some(s) => s.start + split.front.start..s.end + split.front.start,
                None => opening,
            };
            deserialize_error_to_diagnostic(e.message(), file, span, help)
        })?,
        Some(Format::Yaml) if front_text.trim().is_empty() => serde_json::from_str("{}")
            .map_err(|e| Diagnostic::error(e.to_string()).at_span(file, split.front.clone()))?,
        Some(Format::Yaml) => serde_saphyr::from_str(front_text).map_err(|e| {
            let span = e
                .location()
                .map(|loc| {
                    let at = crate::text::position::offset(
                        front_text,
                        loc.line() as usize,
                        Column::Chars(loc.column() as usize),
                    );
                    split.front.start + at..split.front.start + at + 1
                })
                .unwrap_or(split.front.start..split.front.start);
            let message = e.without_snippet().to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            deserialize_error_to_diagnostic(&message, file, span, help)
        })?,
    };
    Ok(Parsed {
        front,
        body_offset: split.body.start,
    })
}

/// The span of `key` in a page's front matter, TOML (`key = ...`) or YAML
/// (`key: ...`), for errors found after parsing (unknown taxonomy, missing
/// template); `0..0` (the file's start) when it cannot be found.
pub fn key_span(text: &str, key: &str) -> Range<usize> {
    let file = SourceFile::new("", text.to_string());
    let Ok(Split {
        format: Some(format),
        front,
        ..
    }) = split(&file)
    else {
        return 0..0;
    };
    let separator = match format {
        Format::Toml => '=',
        Format::Yaml => ':',
    };
    let mut offset = front.start;
    for line in text[front].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let unquoted = trimmed.trim_start_matches(['"', '\'']);
        let quote = trimmed.len() - unquoted.len();
        if let Some(rest) = unquoted.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with(separator) {
                let start = offset + indent + quote;
                return start..start + key.len();
            }
        }
        offset += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_and_body_offset() {
        let f = SourceFile::new("a.md", "+++\ntitle = \"A\"\nweight = 3\n+++\nBody\n");
        let p: Parsed<PageFront> = parse(&f, true, "").unwrap();
        assert_eq!(p.front.title, "A");
        assert_eq!(&f.text[p.body_offset..], "Body\n");
        assert!(p.front.print);
    }

    #[test]
    fn yaml_front_matter_with_crlf_and_bom() {
        let f = SourceFile::new(
            "a.md",
            "\u{feff}---\r\ntitle: A\r\ndate: 2024-03-01\r\n---\r\nBody",
        );
        let p: Parsed<PageFront> = parse(&f, true, "").unwrap();
        assert_eq!(p.front.title, "A");
        assert_eq!(p.front.date.unwrap().ymd(), "2024-03-01");
        assert_eq!(&f.text[p.body_offset..], "Body");
    }

    #[test]
    fn unknown_key_points_at_the_key_with_suggestion() {
        let f = SourceFile::new("a.md", "+++\ntitle = \"A\"\nsumary = \"x\"\n+++\n");
        let d = parse::<PageFront>(&f, true, "").err().unwrap();
        let text = d.render(false);
        assert!(text.contains("a.md:3:1"), "{text}");
        assert!(text.contains("did you mean `summary`?"), "{text}");
    }

    #[test]
    fn yaml_unknown_key_points_at_its_line() {
        let f = SourceFile::new("a.md", "---\ntitle: A\ntittle: B\n---\n");
        let d = parse::<PageFront>(&f, true, "").err().unwrap();
        let text = d.render(false);
        assert!(text.contains("unknown key `tittle`"), "{text}");
        assert!(text.contains("a.md:3:"), "{text}");
    }

    #[test]
    fn key_spans_are_found_in_yaml_and_toml_front_matter() {
        let yaml =
            "---\ntitle: A\ntaxonomies:\n  topics: [x]\ntemplate: x.html\n---\ntemplate: no\n";
        assert_eq!(&yaml[key_span(yaml, "topics")], "topics");
        assert_eq!(key_span(yaml, "topics").start, yaml.find("topics").unwrap());
        assert_eq!(
            key_span(yaml, "template").start,
            yaml.find("template").unwrap()
        );
        let toml = "+++\ntitle = \"A\"\n[taxonomies]\n\"topics\" = [\"x\"]\n+++\n";
        assert_eq!(&toml[key_span(toml, "topics")], "topics");
        assert_eq!(key_span("no front matter", "topics"), 0..0);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_one() {
        let f = SourceFile::new("a.md", "+++\ntitle = \"A\"\n");
        let d = parse::<PageFront>(&f, true, "").err().unwrap();
        assert!(d.render(false).contains("a.md:1:1"));
    }
}
