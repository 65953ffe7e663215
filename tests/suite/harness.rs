//! Test harness: copy a fixture site to a temporary folder, run the real
//! `sheaf` binary on it, and parse what it wrote.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The repository root, which is itself the bundled example site.
pub fn example_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture copied into a fresh temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
    /// The site root: `dir` itself, or a folder nested inside it.
    root: PathBuf,
}

impl Site {
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures().join(name), dir.path());
        let root = dir.path().to_path_buf();
        Site { dir, root }
    }

    /// A fixture copied to `<temp>/outer/inner/site`, so a test can check
    /// that nothing was written beside the site or above it.
    pub fn fixture_nested(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("outer/inner/site");
        std::fs::create_dir_all(&root).unwrap();
        copy_dir(&fixtures().join(name), &root);
        Site { dir, root }
    }

    /// The bundled example site (content, theme, bibliography), copied.
    pub fn example() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = example_site();
        for item in ["sheaf.toml", "references.bib", "content", "themes"] {
            let from = root.join(item);
            if from.is_dir() {
                copy_dir(&from, &dir.path().join(item));
            } else if from.is_file() {
                std::fs::copy(&from, dir.path().join(item)).expect("copy");
            }
        }
        let root = dir.path().to_path_buf();
        Site { dir, root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Rewrites a file of the site with `change` applied to its text.
    pub fn edit(&self, rel: &str, change: impl FnOnce(String) -> String) {
        let text = std::fs::read_to_string(self.root().join(rel)).unwrap();
        self.write(rel, &change(text));
    }

    pub fn sheaf(&self, args: &[&str]) -> Run {
        sheaf_in(self.root(), args)
    }

    pub fn build(&self) -> Run {
        let run = self.sheaf(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

pub struct Run {
    pub code: i32,
    pub stderr: String,
    /// What sheaf wrote on stdout (`check --format json`).
    pub stdout: String,
}

/// How long any one `sheaf` run may take before the test calls it a hang.
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub fn sheaf_in(dir: &Path, args: &[&str]) -> Run {
    sheaf_with(dir, args, &[], TIMEOUT)
}

/// Runs the real binary with extra environment variables. A run that takes
/// longer than `timeout` is killed and fails the test as a hang; a panic
/// (exit code 101) fails it as a bug, whatever the test expected.
pub fn sheaf_with(dir: &Path, args: &[&str], env: &[(&str, &str)], timeout: Duration) -> Run {
    run_sheaf(
        Command::new(env!("CARGO_BIN_EXE_sheaf")),
        dir,
        args,
        env,
        timeout,
    )
}

/// The uid and gid a root test run drops to: `nobody`.
const UNPRIVILEGED: u32 = 65534;

/// Runs sheaf as an ordinary user, so file permissions apply even when the
/// tests run as root (as CI does): as root, the site is handed to `nobody`
/// and sheaf is started through `setpriv` with that user's ids.
pub fn sheaf_unprivileged(site: &Site, args: &[&str]) -> Run {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return site.sheaf(args);
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).is_file());
    let Some(setpriv) = setpriv else {
        panic!(
            "running as root, this test drops privileges with setpriv, which is missing \
             (apt-get install -y util-linux)"
        );
    };
    for entry in walkdir::WalkDir::new(site.dir.path()) {
        let entry = entry.expect("walk site");
        std::os::unix::fs::lchown(entry.path(), Some(UNPRIVILEGED), Some(UNPRIVILEGED))
            .expect("hand the site to nobody");
    }
    let mut command = Command::new(setpriv);
    command
        .arg(format!("--reuid={UNPRIVILEGED}"))
        .arg(format!("--regid={UNPRIVILEGED}"))
        .args(["--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_sheaf"));
    run_sheaf(command, site.root(), args, &[], TIMEOUT)
}

fn run_sheaf(
    mut command: Command,
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    timeout: Duration,
) -> Run {
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("run sheaf");
    let stdout = drain(child.stdout.take().expect("stdout"));
    let stderr = drain(child.stderr.take().expect("stderr"));
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for sheaf") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`sheaf {}` hung: killed after {} s",
                args.join(" "),
                timeout.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    let code = status.code().unwrap_or(-1);
    assert_ne!(
        code,
        101,
        "`sheaf {}` panicked (a panic is always a bug):\n{stderr}",
        args.join(" ")
    );
    Run {
        code,
        stderr,
        stdout,
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    doc.select(&sel).collect()
}

/// The element's text as a reader sees it before opening anything: the
/// content of citation popovers and their buttons is left out.
pub fn text_of(el: &scraper::ElementRef<'_>) -> String {
    el.descendants()
        .filter(|node| {
            !node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    e.attr("popover").is_some() || e.attr("class") == Some("cite__more")
                })
            })
        })
        .filter_map(|node| node.value().as_text().map(|t| t.to_string()))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Diagnostics with the temporary path removed, for snapshots.
pub fn normalise(stderr: &str, root: &Path) -> String {
    stderr.replace(&root.display().to_string(), "[ROOT]")
}

// ---- tests that cannot run ----------------------------------------------

/// The variable that asks for tests needing missing tools (Chromium,
/// zbarimg, poppler-utils, Node packages) to be skipped instead of failing.
pub const SKIP_VAR: &str = "SHEAF_SKIP_BROWSER";

/// Tests skipped in this run, for the summary printed when the test binary
/// exits.
static SKIPPED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Whether the run asked to skip tests whose tools are missing.
pub fn skipping_allowed() -> bool {
    std::env::var_os(SKIP_VAR).is_some_and(|v| v == "1")
}

/// `test` cannot run here because of `why` (a missing tool and how to
/// install it). It fails, unless the run set `SHEAF_SKIP_BROWSER=1`: then a
/// `SKIPPED` line goes to stderr at once (past `cargo test`'s capture) and
/// the test is listed again in a summary when the run ends. Returns only
/// when skipping, so the caller returns next.
pub fn cannot_run(test: &str, why: &str) {
    if !skipping_allowed() {
        panic!(
            "{test} cannot run: {why}.\nInstall what it needs (`bash .ci/run` does on Debian), \
             or set {SKIP_VAR}=1 to skip such tests on purpose."
        );
    }
    let line = format!("{test}: {why}");
    // Written to the stderr handle, not with eprintln!, which the test
    // harness captures and hides for passing tests.
    let _ = writeln!(std::io::stderr(), "SKIPPED {line} ({SKIP_VAR}=1)");
    let mut skipped = SKIPPED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if skipped.is_empty() {
        // SAFETY: registering a plain `extern "C"` function with no
        // arguments; it runs once, when the test binary calls exit().
        unsafe {
            libc::atexit(print_skip_summary);
        }
    }
    skipped.push(line);
}

/// Lists every skipped test after `cargo test`'s own summary line.
extern "C" fn print_skip_summary() {
    let skipped = SKIPPED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut err = std::io::stderr();
    let _ = writeln!(
        err,
        "\n{} test{} SKIPPED because {SKIP_VAR}=1 and what they need is missing:",
        skipped.len(),
        if skipped.len() == 1 { " was" } else { "s were" }
    );
    for line in skipped.iter() {
        let _ = writeln!(err, "  SKIPPED {line}");
    }
}

/// A browser test without its browser: see [`cannot_run`].
pub fn skip_without_browser(test: &str, why: &str) {
    cannot_run(test, why);
}
