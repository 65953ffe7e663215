//! Output paths: turning site paths and aliases into file paths, and
//! refusing any that could land outside the output directory.

use std::borrow::Cow;

/// `factsheets/x/` -> `factsheets/x/index.html`; `` -> `index.html`.
pub fn page_file(site_path: &str) -> String {
    format!("{site_path}index.html")
}

/// Why a path could name a file outside the output folder (or the served
/// site). One check serves `build` (output paths of pages, aliases and
/// static files), `serve` and the print server (request paths), so what one
/// refuses the others refuse too.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafePath {
    #[error("is empty")]
    Empty,
    #[error("is absolute")]
    Absolute,
    #[error("contains a control character")]
    Control,
    #[error("contains a backslash")]
    Backslash,
    #[error("starts with a drive letter")]
    DriveLetter,
    #[error("contains `..` or `.`, which could escape the output folder")]
    DotSegment,
    #[error("contains an empty path segment")]
    EmptySegment,
    /// Request paths only: they start with `/`.
    #[error("does not start with `/`")]
    NotRooted,
    /// Request paths only: `%2F` or `%5C` would become a separator inside
    /// a name once decoded.
    #[error("has an encoded slash or backslash")]
    EncodedSeparator,
    #[error("is not valid UTF-8 once decoded")]
    Encoding,
}

/// Checks a relative output path: no `..`, no absolute paths or drive
/// letters, no backslashes, NUL or control characters.
pub fn safe_relative_path(path: &str) -> Result<(), UnsafePath> {
    if path.is_empty() {
        return Err(UnsafePath::Empty);
    }
    if path.starts_with('/') {
        return Err(UnsafePath::Absolute);
    }
    if path.chars().any(|c| c == '\0' || c.is_control()) {
        return Err(UnsafePath::Control);
    }
    if path.contains('\\') {
        return Err(UnsafePath::Backslash);
    }
    let first = path.split('/').next().unwrap_or("");
    if first.len() >= 2 && first.as_bytes()[1] == b':' {
        return Err(UnsafePath::DriveLetter);
    }
    if path.split('/').any(|part| part == ".." || part == ".") {
        return Err(UnsafePath::DotSegment);
    }
    if path.split('/').any(str::is_empty) {
        return Err(UnsafePath::EmptySegment);
    }
    Ok(())
}

/// The output file a request path names, still percent-encoded as it
/// arrived (`/factsheets/a%20b/` -> `factsheets/a b/index.html`), or why
/// it could name a file outside the site. The query must be cut off first.
pub fn request_file(raw: &str) -> Result<String, UnsafePath> {
    let rest = raw.strip_prefix('/').ok_or(UnsafePath::NotRooted)?;
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err(UnsafePath::EncodedSeparator);
    }
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| UnsafePath::Encoding)?;
    let mut file = decoded.into_owned();
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    safe_relative_path(&file)?;
    Ok(file)
}

/// The key under which case-insensitive file systems (macOS, Windows by
/// default) store a path: two output paths with one key are one file there.
pub fn case_folded(path: &str) -> Cow<'_, str> {
    // Most output paths are lowercase ASCII already: nothing to fold.
    if !path
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        return Cow::Borrowed(path);
    }
    Cow::Owned(path.to_lowercase())
}

/// The file an alias redirect is written to: `/old/page.html` stays a
/// file, `/old/page` or `/old/page/` becomes `old/page/index.html`.
pub fn alias_file(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim();
    if trimmed.contains("://") {
        return Err("is a full URL; aliases are paths on this site".into());
    }
    let relative = trimmed.trim_start_matches('/');
    if relative.is_empty() {
        return Err("points at the home page".into());
    }
    let file = if relative.ends_with(".html") || relative.ends_with(".htm") {
        relative.to_string()
    } else {
        format!("{}/index.html", relative.trim_end_matches('/'))
    };
    safe_relative_path(&file).map_err(|why| why.to_string())?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_paths_are_refused() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "C:/x",
            "a\\b",
            "a\0b",
            "a//b",
        ] {
            assert!(
                safe_relative_path(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
        assert!(safe_relative_path("factsheets/x/index.html").is_ok());
    }

    #[test]
    fn request_paths_map_to_files_and_directories_to_index_html() {
        assert_eq!(request_file("/").unwrap(), "index.html");
        assert_eq!(
            request_file("/factsheets/").unwrap(),
            "factsheets/index.html"
        );
        assert_eq!(request_file("/style.css").unwrap(), "style.css");
        assert_eq!(request_file("/a%20b.png").unwrap(), "a b.png");
    }

    #[test]
    fn request_traversal_is_refused_however_it_is_spelled() {
        for (raw, why) in [
            ("/../etc/passwd", UnsafePath::DotSegment),
            ("/a/../../etc/passwd", UnsafePath::DotSegment),
            ("/%2e%2e/etc/passwd", UnsafePath::DotSegment),
            ("/%2E%2E/%2E%2E/etc/passwd", UnsafePath::DotSegment),
            ("/..%2fetc%2fpasswd", UnsafePath::EncodedSeparator),
            ("/..%5cwindows", UnsafePath::EncodedSeparator),
            ("/a\\..\\b", UnsafePath::Backslash),
            ("/a%5Cb", UnsafePath::EncodedSeparator),
            ("//etc/passwd", UnsafePath::Absolute),
            ("/a//b", UnsafePath::EmptySegment),
            ("/C:/Windows/win.ini", UnsafePath::DriveLetter),
            ("/./index.html", UnsafePath::DotSegment),
            ("/a%00b", UnsafePath::Control),
            ("/%ff", UnsafePath::Encoding),
            ("relative", UnsafePath::NotRooted),
        ] {
            assert_eq!(request_file(raw), Err(why), "{raw}");
        }
    }

    #[test]
    fn paths_that_differ_only_by_case_fold_to_one_key() {
        assert_eq!(
            case_folded("Factsheets/Learning-At-Home/index.html"),
            case_folded("factsheets/learning-at-home/index.html")
        );
        assert_ne!(case_folded("a/index.html"), case_folded("b/index.html"));
    }

    #[test]
    fn aliases_map_to_files() {
        assert_eq!(alias_file("/old/a.html").unwrap(), "old/a.html");
        assert_eq!(alias_file("/old/a/").unwrap(), "old/a/index.html");
        assert!(alias_file("/../../etc/x.html").is_err());
        assert!(alias_file("https://evil.example/").is_err());
    }
}
