//! `width` and `height` on Markdown images of local files, from the sizes
//! measured while content loaded ([`crate::content::images`]), so browsers
//! reserve an image's space before it arrives. Remote images are left as
//! they are; a local image sheaf could not read is a warning at the image.
//!
//! pulldown-cmark's HTML writer cannot add attributes to `<img>`, so a
//! marker comment goes before each measured image and is swapped for the
//! attributes once the HTML is written (as for table labels in `super`).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::MarkdownInput;
use super::Rendered;
use super::links::{Kind, classify, link_span};
use super::local_links::local_output_path;
use crate::content::images::{ImageSize, Measured};
use crate::diagnostics::Diagnostic;

/// The measured size of the image at `dest`, if it is a local file sheaf
/// measured. An unreadable one is a warning at the image.
pub fn image_size(
    dest: &str,
    range: Range<usize>,
    input: &MarkdownInput<'_>,
    out: &mut Rendered,
) -> Option<ImageSize> {
    let links = input.links;
    let base = if links.base_path.is_empty() {
        "/"
    } else {
        links.base_path.as_str()
    };
    let (page_url, dest_html) = match classify(dest) {
        Kind::RootRelative => (base.to_string(), format!("{base}{}", &dest[1..])),
        Kind::Relative => {
            // Relative images resolve from the page's own URL.
            let content_path = input.file.display_path.strip_prefix("content/")?;
            (
                links.targets.get(content_path)?.url.clone(),
                dest.to_string(),
            )
        }
        _ => return None,
    };
    let path = local_output_path(&page_url, base, &dest_html).ok()?;
    match links.images.get(&path)? {
        Measured::Size(size) => Some(*size),
        Measured::NoSize => None,
        Measured::Unreadable(why) => {
            out.diagnostics.push(
                Diagnostic::warning(format!("cannot read the size of image `{dest}`: {why}"))
                    .at_span(input.file, link_span(input.file, range, dest))
                    .label("written without width and height")
                    .help("check that the file opens in an image viewer and that its extension names its format (re-export it if not)"),
            );
            None
        }
    }
}

/// Starts the comment that marks an `<img>` to get a width and height.
const MARKER: &str = "<!--sheaf-img-size:";

/// Puts a marker before each measured image while the HTML is written.
pub struct ImageMarkers {
    sizes: Vec<Option<ImageSize>>,
    next: usize,
    /// Images open around the current event: an image inside another's
    /// text is written as alt text, where a marker would show.
    depth: usize,
}

impl ImageMarkers {
    pub fn new(sizes: Vec<Option<ImageSize>>) -> Self {
        Self {
            sizes,
            next: 0,
            depth: 0,
        }
    }

    /// The marker to write before `event`, if it starts a measured image.
    pub fn marker(&mut self, event: &Event<'_>) -> Option<Event<'static>> {
        match event {
            Event::Start(Tag::Image { .. }) => {
                let index = self.next;
                self.next += 1;
                self.depth += 1;
                let size = self.sizes.get(index).copied().flatten();
                (self.depth == 1 && size.is_some())
                    .then(|| Event::InlineHtml(CowStr::from(format!("{MARKER}{index}-->"))))
            }
            Event::End(TagEnd::Image) => {
                self.depth = self.depth.saturating_sub(1);
                None
            }
            _ => None,
        }
    }

    /// Swaps each `<!--sheaf-img-size:N--><img ` for
    /// `<img width="W" height="H" `. A marker not followed by `<img` or
    /// without a measured size is left as it is.
    pub fn apply(&self, html: String) -> String {
        if !self.sizes.iter().any(Option::is_some) {
            return html;
        }
        let mut out = String::with_capacity(html.len() + self.sizes.len() * 32);
        let mut rest = html.as_str();
        while let Some(at) = rest.find(MARKER) {
            out.push_str(&rest[..at]);
            let after = &rest[at + MARKER.len()..];
            let parsed = after.find("-->").and_then(|end| {
                let index: usize = after[..end].parse().ok()?;
                let tail = after[end + 3..].strip_prefix("<img ")?;
                Some((self.sizes.get(index).copied().flatten()?, tail))
            });
            match parsed {
                Some((size, tail)) => {
                    out.push_str(&format!(
                        "<img width=\"{}\" height=\"{}\" ",
                        size.width, size.height
                    ));
                    rest = tail;
                }
                None => {
                    out.push_str(MARKER);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}
