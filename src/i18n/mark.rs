//! `sheaf translations mark`: records in a translation's front matter the
//! hash of its source's content, editing only the `source_hash` line (or
//! adding one after the opening `+++`/`---`), so the rest of the file stays
//! byte for byte as the translator wrote it.

use std::path::{Path, PathBuf};

use super::status::content_hash;
use super::{NameLanguage, source_path_of, split_name};
use crate::config::Config;

/// Why a file could not be marked.
#[derive(Debug, thiserror::Error)]
pub enum MarkError {
    #[error("{0} is not inside the site's content/ folder")]
    OutsideContent(String),
    #[error(
        "{0} is not a translation (its name has no `.<language>.md` ending of a configured language)"
    )]
    NotATranslation(String),
    #[error("{file} translates {original}, which does not exist")]
    NoSource { file: String, original: String },
    #[error("{file} has no front matter to record the source's hash in")]
    NoFrontMatter { file: String },
    #[error("cannot {action} {file}: {why}")]
    Io {
        action: &'static str,
        file: String,
        why: std::io::Error,
    },
}

impl MarkError {
    pub fn help(&self) -> String {
        match self {
            MarkError::OutsideContent(_) => "name a translation under content/, e.g. content/factsheets/learning-at-home.vi.md".into(),
            MarkError::NotATranslation(_) => "translations are named like their source plus the language, e.g. learning-at-home.vi.md; see docs/languages.md".into(),
            MarkError::NoSource { .. } => "add the source-language page, or rename the translation to match it".into(),
            MarkError::NoFrontMatter { .. } => "start the file with a +++ or --- front matter block with its title".into(),
            MarkError::Io { .. } => "check that the file exists and can be written".into(),
        }
    }
}

/// Marks the translation at `file` (an absolute path, or one relative to
/// the current folder) as matching its source now. Returns the shown path.
pub fn mark_file(config: &Config, file: &Path) -> Result<String, MarkError> {
    let content_dir = config.root.join("content");
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let content_dir = content_dir.canonicalize().unwrap_or(content_dir);
    let shown = file.display().to_string();
    let rel = absolute
        .strip_prefix(&content_dir)
        .map_err(|_| MarkError::OutsideContent(shown.clone()))?;
    let rel = crate::diagnostics::display_path(Path::new(""), rel);
    mark_relative(config, &rel)
}

/// Marks `content/<rel>`; returns `content/<rel>`.
pub fn mark_relative(config: &Config, rel: &str) -> Result<String, MarkError> {
    let shown = format!("content/{rel}");
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let tag = match name
        .strip_suffix(".md")
        .map(|stem| split_name(stem, &config.languages).1)
    {
        Some(NameLanguage::Translation(tag)) => tag,
        _ => return Err(MarkError::NotATranslation(shown)),
    };
    let source_rel =
        source_path_of(rel, &tag).ok_or_else(|| MarkError::NotATranslation(shown.clone()))?;
    let content_dir = config.root.join("content");
    let source_text = std::fs::read_to_string(content_dir.join(&source_rel)).map_err(|_| {
        MarkError::NoSource {
            file: shown.clone(),
            original: format!("content/{source_rel}"),
        }
    })?;
    let path: PathBuf = content_dir.join(rel);
    let text = std::fs::read_to_string(&path).map_err(|why| MarkError::Io {
        action: "read",
        file: shown.clone(),
        why,
    })?;
    let marked = set_source_hash(&text, &content_hash(&source_text)).ok_or_else(|| {
        MarkError::NoFrontMatter {
            file: shown.clone(),
        }
    })?;
    if marked != text {
        write_replacing(&path, marked.as_bytes()).map_err(|why| MarkError::Io {
            action: "write",
            file: shown.clone(),
            why,
        })?;
    }
    Ok(shown)
}

/// Writes beside the file and renames over it, so an interrupted mark
/// never leaves half a translation.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = temp.as_file().set_permissions(meta.permissions());
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `text` with `source_hash` set to `hash` in its front matter, or `None`
/// when it has none. An existing `source_hash` line is rewritten in place;
/// otherwise one is added straight after the opening line (in TOML, before
/// any `[table]`, where a top-level key must be).
pub fn set_source_hash(text: &str, hash: &str) -> Option<String> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text[start..].find('\n').map(|i| start + i)?;
    let opener = text[start..first_end].trim_end();
    let (separator, line) = match opener {
        "+++" => ("=", format!("source_hash = \"{hash}\"")),
        "---" => (":", format!("source_hash: \"{hash}\"")),
        _ => return None,
    };
    let newline = if text[..first_end].ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    // Find an existing top-level `source_hash` line in the block.
    let mut offset = first_end + 1;
    for raw in text[offset..].split_inclusive('\n') {
        if raw.trim_end() == opener {
            break;
        }
        if let Some(rest) = raw.strip_prefix("source_hash")
            && rest.trim_start().starts_with(separator)
        {
            let content_end = offset + raw.trim_end_matches(['\n', '\r']).len();
            let mut out = String::with_capacity(text.len() + 8);
            out.push_str(&text[..offset]);
            out.push_str(&line);
            out.push_str(&text[content_end..]);
            return Some(out);
        }
        offset += raw.len();
    }
    let mut out = String::with_capacity(text.len() + line.len() + 2);
    out.push_str(&text[..first_end + 1]);
    out.push_str(&line);
    out.push_str(newline);
    out.push_str(&text[first_end + 1..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::set_source_hash;

    #[test]
    fn adds_the_hash_after_the_opener_keeping_the_rest() {
        let toml = "+++\ntitle = \"A\"\n[extra]\nx = 1\n+++\nBody  \n";
        assert_eq!(
            set_source_hash(toml, "ab").unwrap(),
            "+++\nsource_hash = \"ab\"\ntitle = \"A\"\n[extra]\nx = 1\n+++\nBody  \n"
        );
        let yaml = "\u{feff}---\r\ntitle: A\r\n---\r\nBody";
        assert_eq!(
            set_source_hash(yaml, "ab").unwrap(),
            "\u{feff}---\r\nsource_hash: \"ab\"\r\ntitle: A\r\n---\r\nBody"
        );
    }

    #[test]
    fn rewrites_an_existing_hash_in_place() {
        let toml = "+++\ntitle = \"A\"\nsource_hash = \"old\"   \r\nweight = 2\n+++\nsource_hash = \"body\"\n";
        assert_eq!(
            set_source_hash(toml, "new").unwrap(),
            "+++\ntitle = \"A\"\nsource_hash = \"new\"\r\nweight = 2\n+++\nsource_hash = \"body\"\n"
        );
        assert_eq!(set_source_hash("no front matter\n", "x"), None);
    }
}
