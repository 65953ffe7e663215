//! Every link and image destination of a document, sorted by kind:
//!
//! - `@/path.md#anchor` internal links are resolved to the target's URL at
//!   build time. A missing file is reported here; a missing anchor is
//!   recorded as an [`AnchorCheck`] and verified once every page's heading
//!   ids are known.
//! - Root-relative (`/images/logo.png`) and relative (`../other/`) ones are
//!   recorded as [`LocalLink`]s and resolved against the output once every
//!   output path is known ([`check_local_links`](super::local_links::check_local_links)). Root-relative ones are
//!   relative to the site root, so the base path is put in front of them.
//! - `http(s)://` ones are recorded as [`ExternalLink`]s for
//!   `sheaf check --external`; links to this machine (`localhost`,
//!   `127.0.0.1`, `file://`) are reported, since no reader can follow them.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use super::local_links::LocalLink;
use super::{MarkdownInput, Rendered};
use crate::content::images::ImageSize;
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
    /// Draft pages left out of the build: a link to one says so.
    pub drafts: std::collections::HashSet<String>,
    /// Sizes of local images by output path, for `<img width height>`.
    pub images: std::sync::Arc<crate::content::images::ImageSizes>,
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

/// Resolves and records every link and image destination. Returns the
/// size of each image (in document order) where it is a local file sheaf
/// measured: see [`super::image_sizes`].
pub fn resolve(
    events: &mut [(Event<'_>, Range<usize>)],
    input: &MarkdownInput<'_>,
    out: &mut Rendered,
) -> Vec<Option<ImageSize>> {
    let mut sizes = Vec::new();
    for (event, range) in events.iter_mut() {
        let image = matches!(event, Event::Start(Tag::Image { .. }));
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        if image {
            sizes.push(super::image_sizes::image_size(
                dest_url,
                range.clone(),
                input,
                out,
            ));
        }
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
    sizes
}

/// How a destination that is not an `@/` link is treated.
pub(super) enum Kind {
    /// `#anchor`, `mailto:`, `tel:`, `data:` and other schemes: not checked.
    Unchecked,
    External,
    /// `localhost`, `127.0.0.1`, `[::1]`, `file:`: works only on the
    /// author's machine.
    ThisMachine,
    RootRelative,
    Relative,
}

pub(super) fn classify(dest: &str) -> Kind {
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

fn missing_target(input: &MarkdownInput<'_>, path: &str, span: Range<usize>) -> Diagnostic {
    if input.links.drafts.contains(path) {
        return Diagnostic::error(format!("link to a draft page `@/{path}`"))
            .at_span(input.file, span)
            .label("this page has `draft = true`, so it is not published")
            .help("publish the page (remove `draft = true`), build with --drafts to preview it, or remove the link");
    }
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
pub(super) fn link_span(file: &SourceFile, range: Range<usize>, dest: &str) -> Range<usize> {
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
