//! `width` and `height` on Markdown images of local files (issue 19, "Web
//! quality": images without them shifted the bundle page by 0.16 as they
//! loaded). Sizes come from the files: a bundle PNG, a PNG in `static/`, an
//! SVG's viewBox; remote images are left alone; a damaged image is a
//! warning at the image.

use crate::harness::{Site, select};

/// `(src, width, height)` of every image in the page's prose.
fn images(site: &Site, page: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let doc = site.html(page);
    select(&doc, ".prose img")
        .iter()
        .map(|img| {
            let attr = |name: &str| img.value().attr(name).map(str::to_string);
            (attr("src").unwrap(), attr("width"), attr("height"))
        })
        .collect()
}

fn sized(src: &str, w: u32, h: u32) -> (String, Option<String>, Option<String>) {
    (src.into(), Some(w.to_string()), Some(h.to_string()))
}

fn no_size(src: &str) -> (String, Option<String>, Option<String>) {
    (src.into(), None, None)
}

#[test]
fn local_images_get_width_and_height_from_the_file() {
    let site = Site::fixture("images/site");
    site.build();
    assert_eq!(
        images(&site, "guides/bundle/index.html"),
        [
            sized("photo.png", 120, 80),
            sized("./photo.png?v=2", 120, 80),
            sized("diagram.svg", 300, 150),
            sized("/schools/images/logo.png", 64, 32),
            no_size("https://example.com/picture.png"),
            no_size("broken.png"),
        ]
    );
    assert_eq!(
        images(&site, "index.html"),
        [sized("/schools/images/logo.png", 64, 32)]
    );
    assert_eq!(
        images(&site, "guides/plain/index.html"),
        [sized("../bundle/photo.png", 120, 80)]
    );
}

#[test]
fn a_damaged_local_image_is_a_warning_at_the_image() {
    let site = Site::fixture("images/site");
    let run = site.build();
    assert!(
        run.stderr
            .contains("warning: cannot read the size of image `broken.png`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/bundle/index.md:14:49"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_theme_keeps_sized_images_responsive() {
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    // With width and height set, only `max-width: 100%; height: auto`
    // keeps a wide image inside a phone's screen at its aspect ratio.
    let rule = css
        .lines()
        .find(|l| l.trim_start().starts_with("img,"))
        .expect("a rule for img");
    assert!(
        rule.contains("max-width: 100%") && rule.contains("height: auto"),
        "{rule}"
    );
}
