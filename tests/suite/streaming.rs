//! `sheaf build` writes each file into the staging folder as it renders
//! (docs/performance.md): a file that cannot be written still fails the
//! build with nothing swapped in, and a site with errors is reported as
//! such before anything about the output folder.

use crate::harness::{Site, snapshot_tree};

fn staging_left(site: &Site) -> bool {
    site.root().join(".public.sheaf-staging").exists()
}

#[test]
fn a_file_that_cannot_be_written_fails_the_build_and_keeps_the_old_output() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    let before = snapshot_tree(&site.public());
    // A static file named like the guides section's folder: the section's
    // index.html cannot be written beside it.
    site.write("static/guides", "a file where a folder must go");
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(
        snapshot_tree(&site.public()) == before,
        "the output changed"
    );
    assert!(!staging_left(&site), "the staging folder was left behind");
}

#[test]
fn site_errors_come_before_an_output_folder_sheaf_may_not_replace() {
    let site = Site::fixture("pipeline/basic");
    site.write("mine/notes.txt", "not sheaf's");
    site.edit("content/guides/alpha.md", |text| {
        text.replacen("title", "titel", 1)
    });
    let run = site.sheaf(&["build", "--output", "mine"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains("not created by sheaf"),
        "{}",
        run.stderr
    );
    let kept = std::fs::read_to_string(site.root().join("mine/notes.txt")).unwrap();
    assert_eq!(kept, "not sheaf's");
    assert!(!site.root().join(".mine.sheaf-staging").exists());
}

#[test]
fn a_site_with_errors_writes_no_staging_folder() {
    let site = Site::fixture("pipeline/basic");
    site.edit("content/guides/alpha.md", |text| {
        text.replacen("title", "titel", 1)
    });
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.public().exists());
    assert!(!staging_left(&site));
}

/// `sheaf build` opens the staging folder and writes the search indexes
/// beside the evidence stage, before it has reported its errors
/// (docs/performance.md, "Search indexes before evidence"). An error found
/// there still leaves no output and no staging folder, and the previous
/// output as it was.
#[test]
fn an_evidence_error_after_the_search_indexes_are_written_leaves_nothing() {
    // Notes for a key the bibliography lacks: an error of the evidence
    // stage (linking).
    const NOTES: &str = "content/evidence/nosuchkey2020.md";
    const TEXT: &str = "+++\ndesign = \"survey\"\n+++\n\nNotes.\n";
    let site = Site::fixture("weigh/lint");
    site.write(NOTES, TEXT);
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("which is not in the bibliography"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists(), "a failed first build made public/");
    assert!(!staging_left(&site), "the staging folder was left behind");

    std::fs::remove_file(site.root().join(NOTES)).unwrap();
    site.build();
    let before = snapshot_tree(&site.public());
    assert!(site.public().join("search-index.json").is_file());
    site.write(NOTES, TEXT);
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        snapshot_tree(&site.public()) == before,
        "the output changed"
    );
    assert!(!staging_left(&site), "the staging folder was left behind");
}
