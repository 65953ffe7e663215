//! robots.txt under a sub-path base URL (issue 19, "Web quality"):
//! crawlers read only /robots.txt at the host's root, so the build warns
//! where the file went and what to do.

use crate::harness::Site;

const WARNING: &str = "warning: robots.txt was written to https://example.org/schools/robots.txt, where crawlers never look";

#[test]
fn robots_txt_under_a_sub_path_base_url_is_a_warning_at_base_url() {
    let site = Site::fixture("term_order/site");
    site.edit("sheaf.toml", |t| {
        t.replace("https://example.org/", "https://example.org/schools/")
    });
    let run = site.build();
    assert!(run.stderr.contains(WARNING), "{}", run.stderr);
    assert!(run.stderr.contains("sheaf.toml:2:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("docs/deployment.md"),
        "the help names the page that explains it:\n{}",
        run.stderr
    );
    assert!(site.public().join("robots.txt").is_file());
}

#[test]
fn robots_txt_warning_names_the_url_given_by_the_base_url_flag() {
    let site = Site::fixture("term_order/site");
    let run = site.sheaf(&["build", "--base-url", "https://example.org/schools/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(WARNING), "{}", run.stderr);
    assert!(!run.stderr.contains("sheaf.toml:2:1"), "{}", run.stderr);
}

#[test]
fn robots_txt_at_the_host_root_or_from_static_is_not_warned_about() {
    let site = Site::fixture("term_order/site");
    let run = site.build();
    assert!(!run.stderr.contains("robots.txt"), "{}", run.stderr);
    site.edit("sheaf.toml", |t| {
        t.replace("https://example.org/", "https://example.org/schools/")
    });
    site.write("static/robots.txt", "User-agent: *\nDisallow:\n");
    let run = site.build();
    assert!(!run.stderr.contains("robots.txt"), "{}", run.stderr);
}

#[test]
fn a_failed_build_does_not_warn_about_robots_txt() {
    let site = Site::fixture("term_order/site");
    site.edit("sheaf.toml", |t| {
        t.replace("https://example.org/", "https://example.org/schools/")
    });
    site.write("content/guides/broken.md", "+++\ntitel = \"typo\"\n+++\n");
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("robots.txt"), "{}", run.stderr);
}
