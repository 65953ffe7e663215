//! Tests that cannot run are never silently counted as passed: this runs
//! the suite's own binary on a browser test with no browser on `PATH`, and
//! checks it fails, or, with `SHEAF_SKIP_BROWSER=1`, passes while saying
//! (past `cargo test`'s output capture) that it was skipped.

use std::process::Command;

const BROWSER_TEST: &str = "serve_browser::a_browser_shows_an_edit_without_a_manual_reload";

fn run_without_tools(skip: bool) -> (bool, String) {
    let empty = tempfile::tempdir().unwrap();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([BROWSER_TEST, "--exact", "--test-threads=1"])
        .env("PATH", empty.path())
        .env_remove("SHEAF_CHROME")
        .env_remove("SHEAF_SKIP_BROWSER");
    if skip {
        command.env("SHEAF_SKIP_BROWSER", "1");
    }
    let out = command.output().expect("run the suite binary");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn a_test_whose_browser_is_missing_fails_unless_skipping_was_asked_for() {
    let (passed, out) = run_without_tools(false);
    assert!(!passed, "a browser test without a browser passed:\n{out}");
    assert!(out.contains("cannot run: no Chromium found"), "{out}");
    assert!(out.contains("SHEAF_SKIP_BROWSER=1"), "{out}");
}

#[test]
fn a_skipped_test_is_named_on_stderr_and_in_a_summary() {
    let (passed, out) = run_without_tools(true);
    assert!(passed, "{out}");
    assert!(
        out.contains("SKIPPED a_browser_shows_an_edit_without_a_manual_reload: no Chromium found"),
        "{out}"
    );
    let summary = out
        .find("1 test was SKIPPED because SHEAF_SKIP_BROWSER=1")
        .unwrap_or_else(|| panic!("no summary:\n{out}"));
    assert!(
        out.find("test result: ok").is_some_and(|at| at < summary),
        "the summary comes after cargo test's own:\n{out}"
    );
}
