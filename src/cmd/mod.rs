//! One file per subcommand, each a thin layer over the library, plus what
//! they share: finding the site and printing to the terminal.

pub mod add;
pub mod build;
pub mod check;
pub mod new;
pub mod serve;
pub mod theme;
pub mod translations;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use sheaf::config::CONFIG_FILE;
use sheaf::diagnostics::Diagnostic;
use sheaf::{Error, Report};

/// Exit codes of SPEC §1.
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_ENVIRONMENT: i32 = 3;

/// How chatty to be and whether to colour stderr.
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
    pub colour: bool,
}

impl Ui {
    pub fn new(quiet: bool, verbose: bool) -> Self {
        let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stderr().is_terminal();
        Self {
            quiet,
            verbose,
            colour,
        }
    }

    /// Progress and summaries (suppressed by --quiet).
    pub fn status(&self, line: &str) {
        if !self.quiet {
            say!("{}", sheaf::diagnostics::escape_controls(line, true));
        }
    }

    pub fn diagnostic(&self, d: &Diagnostic) {
        self.diagnostics(std::slice::from_ref(d));
    }

    /// Many diagnostics (a large site can have thousands of warnings),
    /// rendered into buffers and written at once: stderr is unbuffered,
    /// so printing them one by one costs several writes each. They are
    /// rendered a chunk per core, in order: printing is the last step of
    /// a build, and no other work runs beside it.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        use rayon::prelude::*;
        use std::io::Write as _;
        const CHUNK: usize = 512;
        let parts: Vec<String> = diagnostics
            .par_chunks(CHUNK)
            .map(|chunk| {
                let room = chunk.iter().map(Diagnostic::rendered_len_hint).sum();
                let mut out = String::with_capacity(room);
                for d in chunk {
                    if self.quiet && !d.is_error() {
                        continue;
                    }
                    d.render_into(&mut out, self.colour);
                    out.push_str("\n\n");
                }
                out
            })
            .collect();
        if parts.iter().any(|p| !p.is_empty()) {
            let mut stderr = std::io::stderr().lock();
            for part in &parts {
                let _ = stderr.write_all(part.as_bytes());
            }
        }
    }

    /// A problem with no file to point at.
    pub fn problem(&self, message: &str, help: &str) {
        let d = Diagnostic::error(message).help(help);
        say!("{}", d.render(self.colour));
    }

    /// Something the user should know that is neither an error nor a
    /// warning about the site (suppressed by --quiet).
    pub fn note(&self, message: &str, help: &str) {
        if !self.quiet {
            say!(
                "note: {}\n  = help: {}",
                message,
                help.replace('\n', "\n    ")
            );
        }
    }

    pub fn report_warnings(&self, report: &Report) {
        self.diagnostics(&report.warnings);
        if self.verbose {
            for (stage, time) in &report.timings {
                say!("  {stage:<12} {:>8.1} ms", time.as_secs_f64() * 1000.0);
            }
        }
    }

    /// Prints a failed build's diagnostics and returns its exit code.
    pub fn failure(&self, error: &Error) -> i32 {
        match error {
            Error::Site { diagnostics } => {
                self.diagnostics(diagnostics);
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                let warnings = diagnostics.len() - errors;
                let mut line = format!("{errors} error{}", plural(errors));
                if warnings > 0 {
                    line.push_str(&format!(", {warnings} warning{}", plural(warnings)));
                }
                say!("{line}; nothing was written");
            }
            Error::Output(e) => self.problem(&e.to_string(), &e.help()),
            Error::Environment { message, help } => self.problem(message, help),
        }
        error.exit_code()
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The site root: `--root` (which must hold sheaf.toml), or the nearest
/// folder from the current one upwards that does.
pub fn find_root(ui: &Ui, given: Option<&Path>) -> Result<PathBuf, i32> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if let Some(dir) = given {
        let dir = cwd.join(dir);
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(dir);
        }
        ui.problem(
            &format!("no {CONFIG_FILE} in {}", dir.display()),
            "pass --root the folder that holds sheaf.toml, or run `sheaf new <DIR>` to create a site",
        );
        return Err(EXIT_USAGE);
    }
    for dir in cwd.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    ui.problem(
        &format!(
            "no {CONFIG_FILE} found in {} or any folder above it",
            cwd.display()
        ),
        "run sheaf inside a site folder, pass --root DIR, or create a site with `sheaf new <DIR>`",
    );
    Err(EXIT_USAGE)
}

/// A path quoted for a POSIX shell when it needs it (`cd 'My Site'`), so
/// a printed hint can be pasted as it is.
pub fn shell_quoted(path: &str) -> String {
    shlex::try_quote(path).map_or_else(|_| path.to_string(), |q| q.into_owned())
}

/// A path as the user should see it: relative to the current folder when
/// inside it.
pub fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let rel = path.strip_prefix(&cwd).unwrap_or(path);
    let mut s = rel.display().to_string();
    if s.is_empty() {
        s = ".".into();
    }
    s
}
