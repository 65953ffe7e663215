//! `@/path.md#anchor` internal links: resolved to the target's URL at build
//! time. A missing file is reported here; a missing anchor is recorded as an
//! [`AnchorCheck`] and verified once every page's heading ids are known.

use std::collections::HashMap;
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
    /// Draft pages left out of the build: a link to one says so.
    pub drafts: std::collections::HashSet<String>,
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
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let Some(rest) = dest_url.strip_prefix("@/") else {
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
