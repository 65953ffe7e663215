//! The output folder: atomic replacement, determinism, and never touching
//! what is not sheaf's.

use crate::harness::{Site, snapshot_tree};

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::example();
    site.build();
    let first = snapshot_tree(&site.public());
    site.build();
    assert_eq!(first, snapshot_tree(&site.public()));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    let before = snapshot_tree(&site.public());
    site.write(
        "content/guides/broken.md",
        "+++\ntitle = \"Broken\"\nwieght = 1\n+++\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(before, snapshot_tree(&site.public()));
    let parent: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !parent.iter().any(|n| n.contains("staging")),
        "no staging left behind: {parent:?}"
    );
}

#[test]
fn an_output_folder_sheaf_did_not_create_is_never_touched() {
    let site = Site::fixture("pipeline/basic");
    site.write("public/precious.txt", "mine");
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("not created by sheaf"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.public().join("precious.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn files_added_by_hand_to_sheafs_output_do_not_survive_a_rebuild() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    site.write("public/stray.txt", "x");
    site.build();
    assert!(!site.public().join("stray.txt").exists());
    assert!(site.public().join("index.html").is_file());
}

#[test]
fn check_writes_nothing() {
    let site = Site::fixture("pipeline/basic");
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.public().exists());
}

#[test]
fn output_flag_is_relative_to_the_current_folder() {
    let site = Site::fixture("pipeline/basic");
    let run = site.sheaf(&["build", "--output", "elsewhere/out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root().join("elsewhere/out/index.html").is_file());
}
