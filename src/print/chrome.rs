//! Finding headless Chromium (or Google Chrome) and printing one URL to a
//! PDF with it, with a time limit.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::PdfError;

/// Names tried on PATH, in order, after `SHEAF_CHROME`.
const NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// Flags for a quiet, self-contained headless browser.
pub const BROWSER_FLAGS: [&str; 13] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--run-all-compositor-stages-before-draw",
];

/// A browser able to print to PDF.
#[derive(Debug, Clone)]
pub struct Browser {
    pub path: PathBuf,
}

/// `SHEAF_CHROME` if set (it must be a program), else the first of
/// [`NAMES`] on PATH, else the usual install locations on macOS.
pub fn find_browser() -> Result<Browser, PdfError> {
    if let Some(value) = std::env::var_os("SHEAF_CHROME").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&value);
        let found = if path.components().count() > 1 {
            is_program(&path).then_some(path.clone())
        } else {
            on_path(&value.to_string_lossy())
        };
        return found
            .map(|path| Browser { path })
            .ok_or(PdfError::BadBrowserVar(path));
    }
    NAMES
        .iter()
        .find_map(|name| on_path(name))
        .or_else(platform_default)
        .map(|path| Browser { path })
        .ok_or(PdfError::NoBrowser)
}

fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).find_map(|dir| {
        let candidate = dir.join(name);
        if is_program(&candidate) {
            return Some(candidate);
        }
        let exe = dir.join(format!("{name}.exe"));
        (cfg!(windows) && is_program(&exe)).then_some(exe)
    })
}

fn platform_default() -> Option<PathBuf> {
    let candidates: &[&str] = if cfg!(target_os = "macos") {
        &[
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        ]
    } else {
        &[]
    };
    candidates.iter().map(PathBuf::from).find(|p| is_program(p))
}

fn is_program(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// The browser's stderr log, inside its profile folder.
pub const BROWSER_LOG: &str = "stderr.log";

/// A fresh profile folder for one browser (removed when dropped) and the
/// log file its stderr goes to; `label` names the page in errors.
pub fn browser_profile(label: &str) -> Result<(tempfile::TempDir, File), PdfError> {
    let crashed = |detail: String| PdfError::Crashed {
        page: label.to_string(),
        detail,
    };
    let profile = tempfile::Builder::new()
        .prefix("sheaf-chromium-")
        .tempdir()
        .map_err(|e| crashed(format!("cannot create a browser profile folder: {e}")))?;
    let log = File::create(profile.path().join(BROWSER_LOG))
        .map_err(|e| crashed(format!("cannot create a log file: {e}")))?;
    Ok((profile, log))
}

impl Browser {
    /// Prints `url` to `out` with one browser run of its own (the portable
    /// way; on Unix sheaf keeps one browser per worker, see `cdp`).
    /// `label` names the page in errors.
    #[cfg_attr(unix, allow(dead_code))]
    pub fn print_to_pdf(
        &self,
        url: &str,
        out: &Path,
        label: &str,
        timeout: Duration,
    ) -> Result<(), PdfError> {
        let crashed = |detail: String| PdfError::Crashed {
            page: label.to_string(),
            detail,
        };
        let (profile, log) = browser_profile(label)?;
        let log_path = profile.path().join(BROWSER_LOG);
        let mut child = Command::new(&self.path)
            .args(BROWSER_FLAGS)
            .args(["--no-pdf-header-footer", "--generate-pdf-document-outline"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| crashed(format!("cannot start {}: {e}", self.path.display())))?;
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if start.elapsed() >= timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(PdfError::TimedOut {
                        page: label.to_string(),
                        secs: timeout.as_secs(),
                        cause: "the browser had not written the PDF".into(),
                    });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(25)),
                Err(e) => return Err(crashed(format!("lost track of the browser: {e}"))),
            }
        };
        let written = std::fs::metadata(out).is_ok_and(|m| m.len() > 0);
        if status.success() && written {
            return Ok(());
        }
        Err(crashed(exit_detail(&status.to_string(), &log_path)))
    }
}

/// "it exited with exit status: 7: <the last line it logged>".
pub fn exit_detail(status: &str, log_path: &Path) -> String {
    let log = std::fs::read_to_string(log_path).unwrap_or_default();
    log.lines()
        .rfind(|l| !l.contains("dbus") && !l.trim().is_empty())
        .map_or_else(
            || format!("it exited with {status} and wrote no PDF"),
            |l| format!("it exited with {status}: {}", l.trim()),
        )
}
