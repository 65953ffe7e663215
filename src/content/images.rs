//! The pixel size of every local image a page can show: page-bundle files
//! and files under `static/` (the site's and its theme's), measured while
//! content loads so that rendering reads nothing from disk. Markdown images
//! that point at one get `width` and `height`, so browsers reserve their
//! space before the image arrives (no layout shift).
//!
//! Raster formats are read from their headers by `imagesize`; SVG files
//! from the root element's `width`/`height` (plain numbers or `px`), or
//! its `viewBox` when those are missing or relative.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::Asset;
use crate::config::Config;

/// An image's intrinsic size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
}

/// What measuring one image file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measured {
    Size(ImageSize),
    /// A valid image with no intrinsic size (an SVG with neither
    /// absolute `width`/`height` nor a `viewBox`).
    NoSize,
    /// Not readable as the image its extension says: why.
    Unreadable(String),
}

/// Measured images by output path (`factsheets/x/cycle.svg`,
/// `images/logo.png`).
#[derive(Debug, Clone, Default)]
pub struct ImageSizes {
    by_path: HashMap<String, Measured>,
}

impl ImageSizes {
    pub fn get(&self, output_path: &str) -> Option<&Measured> {
        self.by_path.get(output_path)
    }
}

/// File extensions measured (lowercase).
const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "jxl", "heic",
    "heif", "qoi", "svg",
];

fn is_image(path: &str) -> bool {
    path.rsplit_once('.').is_some_and(|(_, ext)| {
        IMAGE_EXTENSIONS
            .iter()
            .any(|known| ext.eq_ignore_ascii_case(known))
    })
}

/// Measures the bundle images among `assets` and the images under the
/// theme's and the site's `static/` folders (the site's win, as when they
/// are copied).
pub fn measure(config: &Config, assets: &[Asset]) -> ImageSizes {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let theme_static = config
        .root
        .join("themes")
        .join(&config.theme)
        .join("static");
    for dir in [theme_static, config.root.join("static")] {
        files.extend(static_images(&dir));
    }
    files.extend(
        assets
            .iter()
            .filter(|a| is_image(&a.dest))
            .map(|a| (a.dest.clone(), a.source.clone())),
    );
    let measured: Vec<(String, Measured)> = files
        .into_par_iter()
        .map(|(dest, source)| {
            let m = measure_file(&source);
            (dest, m)
        })
        .collect();
    // Later entries (the site's static/, then bundles) replace earlier ones.
    ImageSizes {
        by_path: measured.into_iter().collect(),
    }
}

/// Image files under `dir`, by their path relative to it; hidden files are
/// skipped as they are when static files are copied.
fn static_images(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            is_image(&rel).then(|| (rel, e.path().to_path_buf()))
        })
        .collect()
}

/// The most of an SVG file read to find its size: its root element is at
/// the start, and a huge drawing need not be parsed whole to find it.
const SVG_READ_LIMIT: u64 = 4 * 1024 * 1024;

fn measure_file(path: &Path) -> Measured {
    let svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if svg {
        return match read_limited(path, SVG_READ_LIMIT) {
            Ok(text) => svg_size(&text),
            Err(e) => Measured::Unreadable(e.to_string()),
        };
    }
    match imagesize::size(path) {
        Ok(size) => match (u32::try_from(size.width), u32::try_from(size.height)) {
            (Ok(width), Ok(height)) if width > 0 && height > 0 => {
                Measured::Size(ImageSize { width, height })
            }
            _ => Measured::Unreadable(format!(
                "its header gives a size of {}×{} pixels",
                size.width, size.height
            )),
        },
        Err(imagesize::ImageError::IoError(e)) => Measured::Unreadable(e.to_string()),
        Err(imagesize::ImageError::NotSupported) => {
            Measured::Unreadable("it is not an image in a format its extension names".into())
        }
        Err(imagesize::ImageError::CorruptedImage) => {
            Measured::Unreadable("the image is damaged (its header cannot be read)".into())
        }
    }
}

fn read_limited(path: &Path, limit: u64) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The size of an SVG document from its root element.
pub fn svg_size(text: &str) -> Measured {
    let Some(root) = svg_root_attributes(text) else {
        return Measured::Unreadable("it has no <svg> root element".into());
    };
    let attr = |name: &str| {
        root.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let absolute = |value: Option<&str>| {
        let v = value?.trim();
        let v = v.strip_suffix("px").unwrap_or(v).trim();
        v.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)
    };
    let view_box = attr("viewBox").and_then(|v| {
        let n: Vec<f64> = v
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0).then(|| (n[2], n[3]))
    });
    let (w, h) = match (absolute(attr("width")), absolute(attr("height")), view_box) {
        (Some(w), Some(h), _) => (w, h),
        // One side given: the other follows the viewBox's aspect ratio.
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(vb)) => vb,
        _ => return Measured::NoSize,
    };
    let px = |n: f64| (n.round() as u32).max(1);
    Measured::Size(ImageSize {
        width: px(w),
        height: px(h),
    })
}

/// The attributes of the first element, if it is `<svg>` (after any XML
/// declaration, comments and doctype). Only the start tag is parsed: the
/// rest of the drawing does not change its size.
fn svg_root_attributes(text: &str) -> Option<Vec<(String, String)>> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = &r[r.find('>')? + 1..];
        } else {
            break;
        }
    }
    let tag = rest.strip_prefix('<')?;
    let name_end = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
    let name = &tag[..name_end];
    if name != "svg" && !name.ends_with(":svg") {
        return None;
    }
    let mut attrs = Vec::new();
    let mut s = &tag[name_end..];
    loop {
        s = s.trim_start();
        if s.is_empty() || s.starts_with('>') || s.starts_with('/') {
            return Some(attrs);
        }
        let eq = s.find('=')?;
        let name = s[..eq].trim().to_string();
        let after = s[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value_end = after[1..].find(quote)?;
        attrs.push((name, after[1..1 + value_end].to_string()));
        s = &after[1 + value_end + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::{ImageSize, Measured, svg_size};

    fn size(width: u32, height: u32) -> Measured {
        Measured::Size(ImageSize { width, height })
    }

    #[test]
    fn svg_size_comes_from_width_and_height_or_the_view_box() {
        let svg = r#"<?xml version="1.0"?><!-- made by hand --><svg xmlns="http://www.w3.org/2000/svg" width="640px" height='420'>"#;
        assert_eq!(svg_size(svg), size(640, 420));
        assert_eq!(
            svg_size(r#"<svg viewBox="0 0 300.4 150" width="100%">"#),
            size(300, 150)
        );
        assert_eq!(
            svg_size(r#"<svg viewBox="0,0,200,100" width="50">"#),
            size(50, 25)
        );
        assert_eq!(svg_size("<svg><rect/></svg>"), Measured::NoSize);
        assert!(matches!(svg_size("<html></html>"), Measured::Unreadable(_)));
        assert!(matches!(
            svg_size("not xml at all"),
            Measured::Unreadable(_)
        ));
    }
}
