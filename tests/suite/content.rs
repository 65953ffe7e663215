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

#[test]
fn a_draft_bundle_publishes_none_of_its_files() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/secret/index.md",
        "+++\ntitle = \"Secret\"\ndraft = true\n+++\n![x](plan.svg)\n",
    );
    site.write(
        "content/guides/secret/plan.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build();
    assert!(!site.public().join("guides/secret").exists());
}

#[test]
fn an_invalid_base_url_flag_is_a_site_error() {
    let site = Site::fixture("pipeline/basic");
    let run = site.sheaf(&["build", "--base-url", "not a url"]);
    // docs/errors.md: an invalid --base-url value exits 1.
    assert_eq!(run.code, 1, "{}", run.stderr);
}
