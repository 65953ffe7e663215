//! Relative and root-relative links checked against the output: each is
//! resolved from the page's URL the way a browser would, and looked up among
//! every path the build writes. The link pass ([`super::links`]) records
//! each one as a [`LocalLink`].

use std::collections::HashSet;
use std::ops::Range;

use crate::diagnostics::{Diagnostic, Location, SourceFile, closest, did_you_mean};

/// A link or image inside the site that is not an `@/` link, checked
/// against the output paths once they are all known.
#[derive(Debug, Clone)]
pub struct LocalLink {
    /// As written by the author (for messages).
    pub written: String,
    /// As written into the HTML: root-relative ones with the base path.
    pub dest: String,
    pub image: bool,
    pub span: Range<usize>,
}

/// Where each of `links` is in `file`, in the same order: found before the
/// output paths are all known, so `sheaf build` can let the sources go
/// while it renders and still check the links after.
pub fn locate_local_links(file: &SourceFile, links: &[LocalLink]) -> Vec<Location> {
    links
        .iter()
        .map(|link| file.locate(link.span.clone()))
        .collect()
}

/// Checks a document's relative and root-relative links against the files
/// the build writes. `locations` are the links' places in their source
/// ([`locate_local_links`]), `page_url` is the document's own root-relative
/// URL (`/families/factsheets/x/`), `outputs` every output path
/// (`factsheets/x/index.html`). Each broken one is a warning.
pub fn check_local_links(
    links: &[LocalLink],
    locations: &[Location],
    page_url: &str,
    base_path: &str,
    outputs: &HashSet<&str>,
) -> Vec<Diagnostic> {
    links
        .iter()
        .zip(locations)
        .filter_map(|(link, location)| {
            let problem = match local_output_path(page_url, base_path, &link.dest) {
                Ok(path) if output_exists(&path, outputs) => return None,
                Ok(path) => Problem::Missing(path),
                Err(problem) => problem,
            };
            Some(broken_local_link(
                location, link, base_path, problem, outputs,
            ))
        })
        .collect()
}

pub(super) enum Problem {
    /// Nothing is written at this output path.
    Missing(String),
    /// It resolves above the base path, outside the site.
    Outside(String),
}

/// The output path (`factsheets/x/index.html`) a link resolves to.
pub(super) fn local_output_path(
    page_url: &str,
    base_path: &str,
    dest: &str,
) -> Result<String, Problem> {
    // A made-up origin: only the path matters, and `Url::join` does the
    // `..` and `.` arithmetic browsers do.
    let origin = url::Url::parse("http://site.invalid/").expect("a valid URL");
    let Some(target) = origin.join(page_url).and_then(|p| p.join(dest)).ok() else {
        return Err(Problem::Missing(dest.to_string()));
    };
    let path = percent_encoding::percent_decode_str(target.path())
        .decode_utf8_lossy()
        .into_owned();
    let Some(rest) = path
        .strip_prefix(base_path)
        .or_else(|| (path == base_path.trim_end_matches('/')).then_some(""))
    else {
        return Err(Problem::Outside(path));
    };
    if rest.is_empty() || rest.ends_with('/') {
        Ok(format!("{rest}index.html"))
    } else {
        Ok(rest.to_string())
    }
}

/// A file, or a folder with an index (`../other` for `../other/`, which
/// servers redirect).
fn output_exists(path: &str, outputs: &HashSet<&str>) -> bool {
    outputs.contains(path) || outputs.contains(format!("{path}/index.html").as_str())
}

fn broken_local_link(
    location: &Location,
    link: &LocalLink,
    base_path: &str,
    problem: Problem,
    outputs: &HashSet<&str>,
) -> Diagnostic {
    let page_like = |p: &str| p.ends_with(".html");
    let url_of = |p: &str| format!("{base_path}{}", p.strip_suffix("index.html").unwrap_or(p));
    let message = match &problem {
        _ if link.image => format!("image not found: `{}`", link.written),
        Problem::Missing(path) if page_like(path) => {
            format!("link to a missing page `{}`", link.written)
        }
        _ => format!("link to a missing file `{}`", link.written),
    };
    let (label, path) = match &problem {
        Problem::Missing(path) => (
            format!("nothing is published at {}", url_of(path)),
            Some(path),
        ),
        Problem::Outside(path) => (
            format!("this is {path}, outside the site's base path {base_path}"),
            None,
        ),
    };
    let help = if link.written.trim_end_matches('/').ends_with(".md") {
        "link to another page by its Markdown file with @/, e.g. [Learning at home](@/factsheets/learning-at-home.md)".to_string()
    } else if base_path != "/" && link.written.starts_with(base_path) {
        format!(
            "root-relative links start at the site root and sheaf adds the base path {base_path} itself: write /{}",
            &link.written[base_path.len()..]
        )
    } else {
        let near = path.map(|p| {
            let same_kind = outputs
                .iter()
                .copied()
                .filter(|o| page_like(o) == page_like(p));
            // In the form an author writes them: root-relative, without
            // the base path sheaf adds.
            let mut near: Vec<String> = closest(p, same_kind)
                .into_iter()
                .map(|c| format!("/{}", c.strip_suffix("index.html").unwrap_or(c)))
                .collect();
            near.sort();
            near
        });
        let refs: Vec<&str> = near.iter().flatten().map(String::as_str).collect();
        did_you_mean(&refs).unwrap_or_else(|| {
            if link.image {
                "put the image under static/ (static/images/logo.png is /images/logo.png) or beside the page's index.md".to_string()
            } else {
                "link to pages with @/path.md, which sheaf checks and keeps working when pages move".to_string()
            }
        })
    };
    Diagnostic::warning(message)
        .at(location.clone())
        .label(label)
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(page: &str, dest: &str) -> Result<String, String> {
        local_output_path(page, "/families/", dest).map_err(|p| match p {
            Problem::Missing(p) | Problem::Outside(p) => p,
        })
    }

    #[test]
    fn links_resolve_from_the_page_url_to_output_paths() {
        let page = "/families/guides/first/";
        assert_eq!(
            resolve(page, "../second/").unwrap(),
            "guides/second/index.html"
        );
        assert_eq!(
            resolve(page, "chart.png?v=2#x").unwrap(),
            "guides/first/chart.png"
        );
        assert_eq!(resolve(page, "/families/").unwrap(), "index.html");
        assert_eq!(resolve(page, "../../../etc/").unwrap_err(), "/etc/");
    }
}
