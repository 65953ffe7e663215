//! Output paths: turning site paths and aliases into file paths, and
//! refusing any that could land outside the output directory.

/// `factsheets/x/` -> `factsheets/x/index.html`; `` -> `index.html`.
pub fn page_file(site_path: &str) -> String {
    format!("{site_path}index.html")
}

/// Checks a relative output path: no `..`, no absolute paths or drive
/// letters, no backslashes, NUL or control characters.
pub fn safe_relative_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("is empty".into());
    }
    if path.starts_with('/') {
        return Err("is absolute".into());
    }
    if path.chars().any(|c| c == '\0' || c.is_control()) {
        return Err("contains a control character".into());
    }
    if path.contains('\\') {
        return Err("contains a backslash".into());
    }
    let first = path.split('/').next().unwrap_or("");
    if first.len() >= 2 && first.as_bytes()[1] == b':' {
        return Err("starts with a drive letter".into());
    }
    for part in path.split('/') {
        if part == ".." || part == "." {
            return Err("contains `..` or `.`, which could escape the output folder".into());
        }
    }
    if path.split('/').any(str::is_empty) {
        return Err("contains an empty path segment".into());
    }
    Ok(())
}

/// The key under which case-insensitive file systems (macOS, Windows by
/// default) store a path: two output paths with one key are one file there.
pub fn case_folded(path: &str) -> String {
    path.to_lowercase()
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
    safe_relative_path(&file)?;
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
