//! Every link and image destination of a document, sorted by kind:
//!
//! - `@/path.md#anchor` internal links are resolved to the target's URL at
//!   build time. A missing file is reported here; a missing anchor is
//!   recorded as an [`AnchorCheck`] and verified once every page's heading
//!   ids are known.
//! - Root-relative (`/images/logo.png`) and relative (`../other/`) ones are
//!   recorded as [`LocalLink`]s and resolved against the output once every
//!   output path is known ([`check_local_links`]). Root-relative ones are
//!   relative to the site root, so the base path is put in front of them.
//! - `http(s)://` ones are recorded as [`ExternalLink`]s for
//!   `sheaf check --external`; links to this machine (`localhost`,
//!   `127.0.0.1`, `file://`) are reported, since no reader can follow them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use super::{MarkdownInput, Rendered};
use crate::diagnostics::{Diagnostic, SourceFile, closest, did_you_mean};

/// Where an internal link can point.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// Root-relative URL, with the base path.
    pub url: String,
}

/// Every linkable content file by its path under `content/`.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    pub targets: HashMap<String, LinkTarget>,
    /// The path of `base_url` (`/families/`), put in front of root-relative
    /// links; empty means `/`.
    pub base_path: String,
}

impl LinkIndex {
    fn base_path(&self) -> &str {
        if self.base_path.is_empty() {
            "/"
        } else {
            &self.base_path
        }
    }
}

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

/// An `http(s)://` link or image, for `sheaf check --external`.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    pub url: String,
    pub span: Range<usize>,
}

/// A `#anchor` to verify once all heading ids are known.
#[derive(Debug, Clone)]
pub struct AnchorCheck {
    pub target: String,
    pub anchor: String,
    pub span: Range<usize>,
}

pub fn resolve(
    events: &mut [(Event<'_>, Range<usize>)],
    input: &MarkdownInput<'_>,
    out: &mut Rendered,
) {
    for (event, range) in events.iter_mut() {
        let image = matches!(event, Event::Start(Tag::Image { .. }));
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let Some(rest) = dest_url.strip_prefix("@/") else {
            if let Some(rewritten) = record_other(dest_url, image, range.clone(), input, out) {
                *dest_url = CowStr::from(rewritten);
            }
            continue;
        };
        let (path, anchor) = match rest.split_once('#') {
            Some((p, a)) => (p.to_string(), Some(a.to_string())),
            None => (rest.to_string(), None),
        };
        let span = link_span(input.file, range.clone(), dest_url);
        match input.links.targets.get(path.as_str()) {
            Some(target) => {
                let url = match &anchor {
                    Some(a) => format!("{}#{a}", target.url),
                    None => target.url.clone(),
                };
                if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                    out.anchor_checks.push(AnchorCheck {
                        target: path.clone(),
                        anchor,
                        span,
                    });
                }
                out.links_to.push(path);
                *dest_url = CowStr::from(url);
            }
            None => {
                out.diagnostics.push(missing_target(input, &path, span));
                out.links_to.push(path);
            }
        }
    }
}

/// How a destination that is not an `@/` link is treated.
enum Kind {
    /// `#anchor`, `mailto:`, `tel:`, `data:` and other schemes: not checked.
    Unchecked,
    External,
    /// `localhost`, `127.0.0.1`, `[::1]`, `file:`: works only on the
    /// author's machine.
    ThisMachine,
    RootRelative,
    Relative,
}

fn classify(dest: &str) -> Kind {
    if dest.is_empty() || dest.starts_with('#') {
        return Kind::Unchecked;
    }
    if dest.starts_with("//") {
        return classify(&format!("https:{dest}"));
    }
    if dest.starts_with('/') {
        return Kind::RootRelative;
    }
    match url::Url::parse(dest) {
        Ok(url) => match url.scheme() {
            "file" => Kind::ThisMachine,
            "http" | "https" => match url.host() {
                Some(url::Host::Domain(d)) if d == "localhost" || d.ends_with(".localhost") => {
                    Kind::ThisMachine
                }
                Some(url::Host::Ipv4(ip)) if ip.is_loopback() || ip.is_unspecified() => {
                    Kind::ThisMachine
                }
                Some(url::Host::Ipv6(ip)) if ip.is_loopback() || ip.is_unspecified() => {
                    Kind::ThisMachine
                }
                _ => Kind::External,
            },
            _ => Kind::Unchecked,
        },
        // `Url::parse` fails on anything without a scheme: a relative path.
        Err(url::ParseError::RelativeUrlWithoutBase) => Kind::Relative,
        // A scheme-like prefix that does not parse (`http://[x`): leave it
        // to the external check, which reports it.
        Err(_) if dest.starts_with("http:") || dest.starts_with("https:") => Kind::External,
        Err(_) => Kind::Relative,
    }
}

/// Records a non-`@/` destination; returns its rewritten form, if any.
fn record_other(
    dest: &str,
    image: bool,
    range: Range<usize>,
    input: &MarkdownInput<'_>,
    out: &mut Rendered,
) -> Option<String> {
    let span = || link_span(input.file, range.clone(), dest);
    match classify(dest) {
        Kind::Unchecked => None,
        Kind::External => {
            let url = if dest.starts_with("//") {
                format!("https:{dest}")
            } else {
                dest.to_string()
            };
            out.external_links.push(ExternalLink { url, span: span() });
            None
        }
        Kind::ThisMachine => {
            // Still checked by `--external`: the warning says readers
            // cannot follow it, the check says whether it works at all.
            if !dest.starts_with("file:") {
                out.external_links.push(ExternalLink {
                    url: dest.to_string(),
                    span: span(),
                });
            }
            out.diagnostics.push(
                Diagnostic::warning(format!(
                    "{} `{dest}` points at the author's own machine",
                    if image { "image" } else { "link" }
                ))
                .at_span(input.file, span())
                .label("readers of the site and of its PDFs cannot open this")
                .help("link to the published address instead, or put the file under static/ and link to it with a path such as /files/report.pdf"),
            );
            None
        }
        Kind::RootRelative => {
            let base = input.links.base_path();
            let dest_html = format!("{base}{}", &dest[1..]);
            out.local_links.push(LocalLink {
                written: dest.to_string(),
                dest: dest_html.clone(),
                image,
                span: span(),
            });
            (base != "/").then_some(dest_html)
        }
        Kind::Relative => {
            out.local_links.push(LocalLink {
                written: dest.to_string(),
                dest: dest.to_string(),
                image,
                span: span(),
            });
            None
        }
    }
}

/// Checks a document's relative and root-relative links against the files
/// the build writes. `page_url` is the document's own root-relative URL
/// (`/families/factsheets/x/`), `outputs` every output path
/// (`factsheets/x/index.html`). Each broken one is a warning.
pub fn check_local_links(
    file: &SourceFile,
    page_url: &str,
    base_path: &str,
    links: &[LocalLink],
    outputs: &HashSet<&str>,
) -> Vec<Diagnostic> {
    links
        .iter()
        .filter_map(|link| {
            let problem = match local_output_path(page_url, base_path, &link.dest) {
                Ok(path) if output_exists(&path, outputs) => return None,
                Ok(path) => Problem::Missing(path),
                Err(problem) => problem,
            };
            Some(broken_local_link(file, link, base_path, problem, outputs))
        })
        .collect()
}

enum Problem {
    /// Nothing is written at this output path.
    Missing(String),
    /// It resolves above the base path, outside the site.
    Outside(String),
}

/// The output path (`factsheets/x/index.html`) a link resolves to.
fn local_output_path(page_url: &str, base_path: &str, dest: &str) -> Result<String, Problem> {
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
    file: &SourceFile,
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
        .at_span(file, link.span.clone())
        .label(label)
        .help(help)
}

fn missing_target(input: &MarkdownInput<'_>, path: &str, span: Range<usize>) -> Diagnostic {
    let known: Vec<&str> = input.links.targets.keys().map(String::as_str).collect();
    let mut candidates: Vec<String> = closest(path, known.iter().copied())
        .into_iter()
        .map(|c| format!("@/{c}"))
        .collect();
    candidates.sort();
    let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let help = did_you_mean(&refs).unwrap_or_else(|| {
        "an @/ link names a Markdown file by its path under content/, e.g. @/factsheets/learning-at-home.md".to_string()
    });
    Diagnostic::error(format!("link to a missing page `@/{path}`"))
        .at_span(input.file, span)
        .label("no such file under content/ (or it is a draft)")
        .help(help)
}

/// The span of the `@/...` destination inside a link's source, falling back
/// to the whole link.
fn link_span(file: &SourceFile, range: Range<usize>, dest: &str) -> Range<usize> {
    let source = file.text.get(range.clone()).unwrap_or("");
    match source.find(dest) {
        Some(i) => range.start + i..range.start + i + dest.len(),
        None => match source.find("@/") {
            Some(i) => range.start + i..range.end,
            None => range,
        },
    }
}

/// Checks every recorded `#anchor` against the ids its target defines.
pub fn check_anchors(
    file: &SourceFile,
    checks: &[AnchorCheck],
    anchors: &HashMap<String, Vec<String>>,
) -> Vec<Diagnostic> {
    checks
        .iter()
        .filter_map(|check| {
            let ids = anchors.get(&check.target)?;
            if ids.contains(&check.anchor) {
                return None;
            }
            let help = did_you_mean(&closest(&check.anchor, ids.iter().map(String::as_str)))
                .unwrap_or_else(|| {
                    if ids.is_empty() {
                        format!("@/{} has no headings to link to", check.target)
                    } else {
                        format!(
                            "its headings are: {}",
                            ids.iter()
                                .map(|i| format!("#{i}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                });
            Some(
                Diagnostic::error(format!(
                    "link to a missing heading `#{}` in @/{}",
                    check.anchor, check.target
                ))
                .at_span(file, check.span.clone())
                .label("no heading with this id")
                .help(help),
            )
        })
        .collect()
}
