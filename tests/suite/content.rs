//! Content rules: URLs, collisions, and paths that would escape the output.

use crate::harness::Site;

#[test]
fn two_pages_on_one_url_is_an_error_naming_both() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/gamma.md",
        "+++\ntitle = \"Gamma\"\nslug = \"alpha\"\n+++\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/guides/alpha.md")
            && run.stderr.contains("content/guides/gamma.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_alias_that_escapes_the_output_is_refused() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/evil.md",
        "+++\ntitle = \"Evil\"\naliases = [\"/../../outside.html\"]\n+++\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/guides/evil.md:3:"),
        "{}",
        run.stderr
    );
    assert!(!site.root().parent().unwrap().join("outside.html").exists());
}

#[test]
fn slugs_cannot_escape_the_output() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/dots.md",
        "+++\ntitle = \"Dots\"\nslug = \"../../x\"\n+++\n",
    );
    site.build();
    assert!(site.public().join("guides/x/index.html").is_file());
}
