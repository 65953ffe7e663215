//! Whether a translation is up to date: the hash of its source's content
//! recorded in its front matter (`source_hash`) against the source today.

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, SourceFile};

/// Where a translation stands against its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    UpToDate,
    /// The source changed since the translation was marked.
    OutOfDate,
    /// Never marked: a translation counts as out of date until someone says
    /// it matches its source.
    NeverMarked,
    /// The source has no translation into the language.
    Missing,
}

impl Status {
    /// As `sheaf translations` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::UpToDate => "up to date",
            Status::OutOfDate | Status::NeverMarked => "out of date",
            Status::Missing => "missing",
        }
    }
}

/// The hash recorded for a source's content: SHA-256 of its text with line
/// endings made `\n` (so a checkout on Windows does not make every
/// translation stale), first 16 hex digits.
pub fn content_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for piece in text.split("\r\n") {
        hasher.update(piece.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// A translation's status from its recorded hash and its source's text.
pub fn status_of(recorded: Option<&str>, source_text: &str) -> Status {
    match recorded {
        None => Status::NeverMarked,
        Some(hash) if hash.trim() == content_hash(source_text) => Status::UpToDate,
        Some(_) => Status::OutOfDate,
    }
}

/// The build warning for an out-of-date translation, at its `source_hash`.
pub fn stale_warning(translation: &SourceFile, source: &SourceFile, status: Status) -> Diagnostic {
    let why = match status {
        Status::NeverMarked => "has never been marked as matching".to_string(),
        _ => "was marked against an earlier version of".to_string(),
    };
    let span = crate::content::front_matter::key_span(&translation.text, "source_hash");
    let warning = Diagnostic::warning(format!(
        "this translation is out of date: it {why} {}",
        source.display_path
    ));
    let warning = if span.is_empty() {
        warning.in_file(translation.display_path.clone())
    } else {
        warning.at_span(translation, span)
    };
    warning.help(format!(
        "bring it in line with {}, then run `sheaf translations mark {}`; readers see a notice until then",
        source.display_path, translation.display_path
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_line_endings_but_not_words() {
        assert_eq!(content_hash("a\r\nb\r\n"), content_hash("a\nb\n"));
        assert_ne!(content_hash("a\nb\n"), content_hash("a\nc\n"));
        assert_eq!(content_hash("x").len(), 16);
    }

    #[test]
    fn status_compares_the_recorded_hash() {
        let hash = content_hash("text");
        assert_eq!(status_of(Some(&hash), "text"), Status::UpToDate);
        assert_eq!(status_of(Some(&hash), "text changed"), Status::OutOfDate);
        assert_eq!(status_of(None, "text"), Status::NeverMarked);
        assert_eq!(Status::NeverMarked.as_str(), "out of date");
    }
}
