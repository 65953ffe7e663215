//! An output folder that is a mount point (a tmpfs or bind mount, common in
//! containers and CI) cannot be renamed: sheaf swaps its contents instead.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{Site, cannot_run, snapshot_tree};

/// A mount on `dir` (a tmpfs from [`Tmpfs::mount`]); unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(test: &str, dir: &Path) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            cannot_run(test, "mounting a tmpfs needs root (CI runs as root)");
            return None;
        }
        Some(Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// A fresh build of `site` into an ordinary folder, to compare against.
fn clean_build(site: &Site) -> Vec<(String, Vec<u8>)> {
    let whole = tempfile::tempdir().unwrap();
    let out = whole.path().join("site");
    let run = site.sheaf(&["build", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot_tree(&out)
}

#[test]
fn an_output_folder_that_is_a_mount_point_is_replaced_by_the_new_site() {
    let site = Site::fixture("pipeline/basic");
    let Some(_mount) = Tmpfs::mount(
        "an_output_folder_that_is_a_mount_point_is_replaced_by_the_new_site",
        &site.public(),
    ) else {
        return;
    };
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Something the second build no longer writes, to be removed by it.
    std::fs::create_dir_all(site.public().join("gone/deep")).unwrap();
    std::fs::write(site.public().join("gone/deep/index.html"), "old").unwrap();
    second_build_replaces_the_first(&site);
}

#[test]
fn a_swap_into_a_mount_point_that_fails_leaves_the_previous_site_whole() {
    let site = Site::fixture("pipeline/basic");
    let Some(_mount) = Tmpfs::mount(
        "a_swap_into_a_mount_point_that_fails_leaves_the_previous_site_whole",
        &site.public(),
    ) else {
        return;
    };
    assert_eq!(site.build().code, 0);
    let before = snapshot_tree(&site.public());
    site.edit("content/_index.md", |t| format!("{t}\n\nA second build.\n"));
    let run = crate::harness::sheaf_with(
        site.root(),
        &["build"],
        &[("SHEAF_TEST_FAIL_MOUNT_SWAP", "1")],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("injected failure"), "{}", run.stderr);
    assert_eq!(snapshot_tree(&site.public()), before);
    // And the next build works.
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(snapshot_tree(&site.public()), clean_build(&site));
}

#[test]
fn an_output_folder_bind_mounted_onto_itself_is_replaced_by_the_new_site() {
    // Same device as its parent, so only the failing rename (EBUSY) shows
    // that it is a mount point.
    let test = "an_output_folder_bind_mounted_onto_itself_is_replaced_by_the_new_site";
    let site = Site::fixture("pipeline/basic");
    std::fs::create_dir_all(site.public()).unwrap();
    let ok = Command::new("mount")
        .arg("--bind")
        .arg(site.public())
        .arg(site.public())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        cannot_run(test, "a bind mount needs root (CI runs as root)");
        return;
    }
    let _mount = Tmpfs(site.public());
    assert_eq!(site.build().code, 0);
    second_build_replaces_the_first(&site);
}

#[test]
fn a_mount_point_output_keeps_the_ownership_rules() {
    let test = "a_mount_point_output_keeps_the_ownership_rules";
    let site = Site::fixture("pipeline/basic");
    let Some(_mount) = Tmpfs::mount(test, &site.public()) else {
        return;
    };
    // Not sheaf's: refused, and nothing in it is touched.
    site.write("public/mine.txt", "mine");
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("not created by sheaf"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("mine.txt"), "mine");
    std::fs::remove_file(site.public().join("mine.txt")).unwrap();
    // A staging folder left inside by a killed build is cleared.
    assert_eq!(site.build().code, 0);
    site.write("public/.sheaf-staging/.sheaf-output", "marker");
    site.write("public/.sheaf-staging/a/b/index.html", "old");
    site.write("public/.sheaf-trash/.sheaf-output", "marker");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(snapshot_tree(&site.public()), clean_build(&site));
}

/// Edits the site, builds again into the mounted output, and checks the
/// output is exactly a clean build of the edited site, with no staging left.
fn second_build_replaces_the_first(site: &Site) {
    site.edit("content/_index.md", |t| format!("{t}\n\nA second build.\n"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("index.html").contains("A second build."));
    assert_eq!(snapshot_tree(&site.public()), clean_build(site));
    assert!(!site.root().join(".public.sheaf-staging").exists());
}
