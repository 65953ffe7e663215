//! Nothing lost: a build killed at any moment leaves the previous output
//! whole; two builds into one output are kept apart by a lock; a build never
//! removes a file it did not create; the same input gives the same bytes.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::harness::{Site, sheaf_in, snapshot_tree};

/// A site of `sections` x `per_section` generated pages.
fn generated_site(sections: usize, per_section: usize) -> Site {
    let site = Site::fixture("pipeline/basic");
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Generated\"\n+++\nHome.\n",
    );
    for s in 0..sections {
        site.write(
            &format!("content/s{s}/_index.md"),
            &format!("+++\ntitle = \"Section {s}\"\n+++\n"),
        );
    }
    let paragraph = "Families who talk with their children about school see better \
                     attendance, more homework finished and higher marks. ";
    for s in 0..sections {
        for p in 0..per_section {
            let mut body = String::new();
            for h in 0..4 {
                body.push_str(&format!("## Heading {h}\n\n{}\n\n", paragraph.repeat(6)));
            }
            body.push_str(&format!(
                "See [the first page](@/s0/p0.md#heading-{}).\n",
                p % 4
            ));
            site.write(
                &format!("content/s{s}/p{p}.md"),
                &format!(
                    "+++\ntitle = \"Page {s}-{p}\"\ndate = 2024-01-{:02}\n[taxonomies]\ntopics = [\"T{}\"]\n+++\n{body}",
                    p % 28 + 1,
                    p % 17
                ),
            );
        }
    }
    site
}

/// Switches the site title, which every page shows: two versions, two
/// different outputs, one file written.
fn set_version(site: &Site, version: usize) {
    site.write(
        "sheaf.toml",
        &format!(
            "title = \"Version {version}\"\nbase_url = \"https://example.org/sub/path/\"\ntaxonomies = [\"topics\"]\n"
        ),
    );
}

fn staging_and_lock_names(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("sheaf-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output() {
    const SECTIONS: usize = 10;
    const PER_SECTION: usize = 200;
    let site = generated_site(SECTIONS, PER_SECTION);

    // The old output (version 0), with stage timings to aim the kills.
    set_version(&site, 0);
    let start = Instant::now();
    let run = site.sheaf(&["build", "-v"]);
    let full_build = start.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let write_ms: f64 = run
        .stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("write")?
                .trim()
                .strip_suffix("ms")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0.0);
    let write = Duration::from_secs_f64(write_ms / 1000.0);
    let mut expected = vec![snapshot_tree(&site.public())];
    assert!(expected[0].len() > 2_000, "{} files", expected[0].len());
    // The new output (version 1), built elsewhere.
    set_version(&site, 1);
    let elsewhere = tempfile::tempdir().unwrap();
    let run = site.sheaf(&[
        "build",
        "--quiet",
        "--output",
        elsewhere.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    expected.push(snapshot_tree(elsewhere.path()));
    assert_ne!(expected[0], expected[1]);

    // Kill builds of alternating versions: even runs while they write the
    // staging folder or swap it in, odd runs at any moment from early in
    // the render to past the end.
    let runs = 10;
    let mut outcomes = Vec::new();
    for i in 0..runs {
        let version = (i + 1) % 2;
        set_version(&site, version);
        let step = i as f64 / runs as f64;
        let spawned = SystemTime::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_sheaf"))
            .args(["build", "--quiet"])
            .current_dir(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = if i % 2 == 0 {
            // Wait for this build's staging folder (its marker is the first
            // file written), then let it write for a while.
            let started = Instant::now();
            let marker = site.root().join(".public.sheaf-staging/.sheaf-output");
            while started.elapsed() < full_build * 3
                && !std::fs::metadata(&marker)
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t >= spawned)
                && child.try_wait().unwrap().is_none()
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            let more = write.mul_f64(1.5 * step + 0.05);
            std::thread::sleep(more);
            started.elapsed()
        } else {
            let delay = full_build.mul_f64(0.1 + step);
            std::thread::sleep(delay);
            delay
        };
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = snapshot_tree(&site.public());
        let which = expected.iter().position(|e| *e == now);
        assert!(
            which.is_some(),
            "run {i}: killed after {delay:?}, the output is neither the old nor the new site ({} files)",
            now.len()
        );
        outcomes.push(format!(
            "{delay:.1?}: {} -> v{}",
            if finished { "finished" } else { "killed" },
            which.unwrap()
        ));
    }
    eprintln!(
        "kill test (full build {full_build:.1?}, write {write:.1?}): {}",
        outcomes.join(", ")
    );

    // Whatever the kills left behind, the next build cleans it up.
    set_version(&site, 1);
    site.build();
    assert!(snapshot_tree(&site.public()) == expected[1]);
    let left: Vec<String> = staging_and_lock_names(site.root())
        .into_iter()
        .filter(|n| !n.ends_with("sheaf-lock"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_second_build_while_the_output_is_locked_fails_with_exit_3() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    let before = snapshot_tree(&site.public());
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(site.root().join(".public.sheaf-lock"))
        .unwrap();
    lock.try_lock().expect("the test takes the lock");
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("another sheaf build is writing to") && run.stderr.contains("public"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    drop(lock);
    assert_eq!(before, snapshot_tree(&site.public()));
    site.build();
}

#[test]
fn two_builds_at_once_never_both_write() {
    let site = generated_site(4, 100);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_sheaf"))
            .args(["build"])
            .current_dir(site.root())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let results: Vec<(i32, String)> = [a, b]
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            (
                out.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        })
        .collect();
    for (code, stderr) in &results {
        assert!(
            *code == 0 || (*code == 3 && stderr.contains("another sheaf build")),
            "exit {code}: {stderr}"
        );
    }
    assert!(results.iter().any(|(code, _)| *code == 0));
    let whole = tempfile::tempdir().unwrap();
    let run = site.sheaf(&["build", "--output", whole.path().to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert!(snapshot_tree(&site.public()) == snapshot_tree(whole.path()));
}

#[test]
fn a_stale_staging_folder_that_is_not_sheafs_is_never_removed() {
    let site = Site::fixture("pipeline/basic");
    site.write(".public.sheaf-staging/precious.txt", "mine");
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("not created by sheaf"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join(".public.sheaf-staging/precious.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_stale_staging_folder_left_by_a_killed_build_is_cleared() {
    let site = Site::fixture("pipeline/basic");
    // Killed after creating the folder, before writing the marker.
    std::fs::create_dir(site.root().join(".public.sheaf-staging")).unwrap();
    site.build();
    // Killed while removing an old output: the marker is removed last.
    site.write(".public.sheaf-staging/.sheaf-output", "marker");
    site.write(".public.sheaf-staging/a/b/index.html", "old");
    site.build();
    assert!(!site.root().join(".public.sheaf-staging").exists());
}

#[test]
fn output_folders_that_are_not_sheafs_are_refused() {
    let site = Site::fixture("pipeline/basic");
    site.write("notes.txt", "mine");
    let before = snapshot_tree(site.root());
    for output in [".", "content", "notes.txt", "static"] {
        let run = site.sheaf(&["build", "--output", output]);
        assert_eq!(run.code, 3, "--output {output}: {}", run.stderr);
        assert!(
            run.stderr.contains("not created by sheaf"),
            "{}",
            run.stderr
        );
    }
    // Only lock files were added.
    let after: Vec<_> = snapshot_tree(site.root())
        .into_iter()
        .filter(|(path, _)| !path.contains(".sheaf-lock"))
        .collect();
    assert_eq!(before, after);
}

#[cfg(unix)]
#[test]
fn a_rebuild_removes_a_symlink_in_the_output_but_not_what_it_points_to() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    site.write("precious/file.txt", "mine");
    std::os::unix::fs::symlink(site.root().join("precious"), site.public().join("link")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("precious/file.txt"),
        site.public().join("file-link.txt"),
    )
    .unwrap();
    site.build();
    assert!(!site.public().join("link").exists());
    assert_eq!(
        std::fs::read_to_string(site.root().join("precious/file.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn the_same_input_in_two_places_gives_byte_identical_output() {
    let a = Site::example();
    let b = Site::example();
    a.build();
    let run = sheaf_in(b.root(), &["build", "--jobs", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (ta, tb) = (snapshot_tree(&a.public()), snapshot_tree(&b.public()));
    assert_eq!(
        ta.iter().map(|f| &f.0).collect::<Vec<_>>(),
        tb.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(
            x == y,
            "{path} differs between two builds of the same input"
        );
    }
}
