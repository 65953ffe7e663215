//! Error messages for bad input: file:line:col, the source line, a caret and
//! a help line, all errors of a run at once. Snapshots keep their wording.

use crate::harness::{Site, normalise};

fn check_errors(site: &Site) -> String {
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1, "expected errors:\n{}", run.stderr);
    normalise(&run.stderr, site.root())
}

#[test]
fn check_reports_three_different_defects_in_one_run() {
    let site = Site::fixture("pipeline/three-defects");
    let out = check_errors(&site);
    assert_eq!(out.matches("error:").count(), 3, "{out}");
    assert_eq!(out.matches("= help:").count(), 3, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_config_key_suggests_the_right_one() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "sheaf.toml",
        "tittle = \"x\"\ntitle = \"x\"\nbase_url = \"https://e.org/\"\n",
    );
    insta::assert_snapshot!(check_errors(&site));
}

#[test]
fn invalid_date_points_at_the_value() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/bad-date.md",
        "+++\ntitle = \"Bad date\"\ndate = \"2024-02-30\"\n+++\n",
    );
    insta::assert_snapshot!(check_errors(&site));
}

#[test]
fn unclosed_front_matter_points_at_the_opening_line() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/open.md",
        "+++\ntitle = \"Open\"\n\nBody without a closing line.\n",
    );
    insta::assert_snapshot!(check_errors(&site));
}

#[test]
fn missing_title_is_reported() {
    let site = Site::fixture("pipeline/basic");
    site.write("content/guides/untitled.md", "+++\nweight = 3\n+++\n");
    insta::assert_snapshot!(check_errors(&site));
}

#[test]
fn non_utf8_file_points_at_the_bad_byte() {
    let site = Site::fixture("pipeline/basic");
    std::fs::write(
        site.root().join("content/guides/latin1.md"),
        b"+++\ntitle = \"Caf\xe9\"\n+++\n",
    )
    .unwrap();
    insta::assert_snapshot!(check_errors(&site));
}

#[test]
fn template_error_names_the_template_file_and_line() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "templates/page.html",
        "<html>\n<body>\n{{ page.title | nosuchfilter }}\n</body>\n</html>\n",
    );
    let out = check_errors(&site);
    assert!(out.contains("templates/page.html:3:"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn template_syntax_error_names_the_template_file_and_line() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "templates/section.html",
        "<p>\n{% if section.title %}\n</p>\n",
    );
    let out = check_errors(&site);
    assert!(out.contains("templates/section.html:"), "{out}");
}

#[test]
fn unknown_taxonomy_suggests_the_configured_one() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/tax.md",
        "+++\ntitle = \"Tax\"\n[taxonomies]\ntopic = [\"x\"]\n+++\n",
    );
    let out = check_errors(&site);
    assert!(out.contains("did you mean `topics`?"), "{out}");
}

#[test]
fn broken_links_across_the_site_are_all_reported() {
    let site = Site::fixture("pipeline/basic");
    site.write("content/guides/links.md", "+++\ntitle = \"Links\"\n+++\n[a](@/guides/alpa.md) and [b](@/guides/beta.md#nope)\n\n[c](@/missing.md)\n");
    let out = check_errors(&site);
    assert_eq!(out.matches("error:").count(), 3, "{out}");
    assert!(out.contains("did you mean `@/guides/alpha.md`?"), "{out}");
    assert!(out.contains("content/guides/links.md:6:5"), "{out}");
}
