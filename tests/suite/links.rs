//! Links sheaf checks beyond `@/`: relative and root-relative links and
//! images against the output, links to the author's own machine, and
//! `sheaf check --external` against a real HTTP server on 127.0.0.1.

pub(crate) mod external;
mod pdf;

use crate::harness::Site;

#[test]
fn broken_relative_link_and_root_relative_image_are_warnings_with_positions() {
    let site = Site::fixture("links/site");
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e = &run.stderr;
    assert!(
        e.contains("link to a missing page `../no-such-page/`")
            && e.contains("content/guides/first.md:8:26"),
        "{e}"
    );
    assert!(
        e.contains("image not found: `/images/old-logo.png`")
            && e.contains("content/guides/first.md:9:17"),
        "{e}"
    );
    // The third is robots.txt under the /families/ sub-path.
    assert!(
        e.contains("3 warnings") && e.contains("robots.txt was written to"),
        "the working links are not reported:\n{e}"
    );
}

#[test]
fn build_quotes_the_sources_it_let_go_of_as_check_does() {
    // `sheaf build` drops each page's source text before rendering (the
    // links are located first); `sheaf check` keeps every source. Errors
    // found while rendering (a missing template, an invalid alias) and the
    // relative links checked after must still quote the same lines.
    let site = Site::fixture("links/site");
    site.write(
        "content/guides/fancy.md",
        "+++\ntitle = \"Fancy\"\ntemplate = \"fancy.html\"\n+++\nSee [nowhere](../nowhere/).\n",
    );
    site.write(
        "content/guides/moved.md",
        "+++\ntitle = \"Moved\"\naliases = [\"/../../outside.html\"]\n+++\nSee [elsewhere](../elsewhere/).\n",
    );
    let check = site.sheaf(&["check"]);
    let build = site.sheaf(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    for quoted in [
        "content/guides/fancy.md:3:1",
        "3 | template = \"fancy.html\"",
        "content/guides/fancy.md:5:15",
        "content/guides/moved.md:3:13",
        "content/guides/moved.md:5:17",
        "5 | See [elsewhere](../elsewhere/).",
        "content/guides/first.md:8:26",
    ] {
        assert!(build.stderr.contains(quoted), "{quoted}:\n{}", build.stderr);
    }
    assert_eq!(build.stderr, check.stderr);
}

#[test]
fn broken_local_links_are_errors_with_strict() {
    let site = Site::fixture("links/site");
    let run = site.sheaf(&["check", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: link to a missing page"),
        "{}",
        run.stderr
    );
}

#[test]
fn root_relative_links_get_the_base_path() {
    let site = Site::fixture("links/site");
    site.build();
    let html = site.read("guides/first/index.html");
    assert!(
        html.contains(r#"src="/families/images/logo.svg""#),
        "{html}"
    );
    assert!(html.contains(r#"href="/families/""#), "{html}");
    // Relative links are left as written: they already follow the page.
    assert!(html.contains(r#"href="../second/""#), "{html}");
}

#[test]
fn a_root_relative_link_that_repeats_the_base_path_says_so() {
    let site = Site::fixture("links/site");
    site.write(
        "content/guides/third.md",
        "+++\ntitle = \"Third\"\n+++\n\n![Logo](/families/images/logo.svg)\n",
    );
    let run = site.sheaf(&["check"]);
    assert!(
        run.stderr.contains("content/guides/third.md:5:9")
            && run.stderr.contains("write /images/logo.svg"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_to_the_authors_own_machine_are_reported() {
    let site = Site::fixture("links/site");
    site.write(
        "content/guides/third.md",
        "+++\ntitle = \"Third\"\n+++\n\n[draft](http://localhost:1111/x/) [file](file:///home/me/a.pdf) ![img](http://127.0.0.1:9/a.png)\n",
    );
    let run = site.sheaf(&["check"]);
    for col in ["5:9", "5:42", "5:72"] {
        assert!(
            run.stderr
                .contains(&format!("content/guides/third.md:{col}")),
            "{col}:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("points at the author's own machine"),
        "{}",
        run.stderr
    );
}
