//! `sheaf serve`: the site built into memory with the local address as its
//! base URL, served over HTTP, rebuilt (partially when it can be) on every
//! save, and reloaded in the browser over Server-Sent Events. `public/` is
//! never touched. See docs/serve.md.

mod access;
mod files;
mod guard;
pub mod http;
pub mod reload;
mod respond;
pub mod session;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockWriteGuard, mpsc};
use std::time::Duration;

use tokio::sync::broadcast;

pub use http::Published;
pub use session::{Body, FileMap, Kind, Outcome, ServedFile, Session, Update};

use crate::diagnostics::Diagnostic;
use crate::pipeline::BuildOptions;
use http::{App, Signal};

/// What `sheaf serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub interface: String,
    pub open: bool,
    pub drafts: bool,
}

/// Where the server reports progress: the terminal, in the CLI.
pub trait Terminal: Send + Sync + 'static {
    fn status(&self, line: &str);
    fn diagnostic(&self, diagnostic: &Diagnostic);

    /// A build's diagnostics, in order (a terminal may print them at once).
    fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        diagnostics.iter().for_each(|d| self.diagnostic(d));
    }
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("`{0}` is not an IP address to listen on")]
    Interface(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
    #[error("cannot watch the site for changes: {0}")]
    Watch(#[from] notify::Error),
}

impl ServeError {
    pub fn help(&self) -> String {
        match self {
            ServeError::Interface(_) => {
                "pass --interface an address such as 127.0.0.1 or ::1".into()
            }
            ServeError::Bind { .. } => {
                "another program may use the port: pass --port 0 to pick a free one".into()
            }
            ServeError::Runtime(_) | ServeError::Watch(_) => {
                "check the system's limits on threads and file watches (fs.inotify.max_user_watches)"
                    .into()
            }
        }
    }
}

fn parse_interface(interface: &str) -> Result<IpAddr, ServeError> {
    if interface.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    interface
        .trim_matches(['[', ']'])
        .parse()
        .map_err(|_| ServeError::Interface(interface.to_string()))
}

/// Builds, serves and watches until Ctrl-C (or SIGTERM).
pub fn run(opts: ServeOptions, term: Arc<dyn Terminal>) -> Result<(), ServeError> {
    let ip = parse_interface(&opts.interface)?;
    if !ip.is_loopback() {
        term.status(&format!(
            "warning: listening on {ip}, not only on this computer: anyone who can reach it on the network can read the preview"
        ));
    }
    // From here on a panic anywhere is reported as an internal error with
    // how to report it; the build paths catch it and keep serving.
    guard::install_hook(Arc::clone(&term));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(serve(opts, ip, term))
}

async fn serve(opts: ServeOptions, ip: IpAddr, term: Arc<dyn Terminal>) -> Result<(), ServeError> {
    let addr = SocketAddr::new(ip, opts.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let port = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr, source })?
        .port();
    let host = match ip {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    let url = format!("http://{host}:{port}/");

    let mut session = Session::new(BuildOptions {
        output: opts.root.join("public"),
        root: opts.root.clone(),
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        pdf: false,
        strict: false,
        jobs: None,
        reading_figures: false,
    });
    let outcome = tokio::task::block_in_place(|| session.full_build());
    let mut published = Published::default();
    report(&*term, &outcome, "built");
    apply(&mut published, outcome);
    let extra = session.bibliography();
    let (signals, _) = broadcast::channel(64);
    let app = Arc::new(App {
        published: RwLock::new(published),
        session: Arc::new(Mutex::new(session)),
        signals: signals.clone(),
        guard: http::Guard::new(&opts.root, ip, &opts.interface),
        streams: Arc::new(tokio::sync::Semaphore::new(files::MAX_STREAMS)),
    });

    let (tx, rx) = mpsc::channel();
    let watcher = watch::start(&opts.root, extra, tx)?;
    let rebuilder = Arc::clone(&app);
    let rebuild_term = Arc::clone(&term);
    std::thread::Builder::new()
        .name("sheaf-rebuild".into())
        .spawn(move || rebuild_loop(rebuilder, rx, watcher, rebuild_term))
        .map_err(ServeError::Runtime)?;

    term.status(&format!("web server is available at {url}"));
    term.status("watching for changes; press Ctrl-C to stop");
    if opts.open {
        open_browser(&url, &*term);
    }
    let server = axum::serve(listener, http::router(Arc::clone(&app)));
    let shutdown = async move {
        wait_for_signal().await;
        let _ = signals.send(Signal::Shutdown);
    };
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
    let graceful = server.with_graceful_shutdown(async move {
        shutdown.await;
        let _ = stopped_tx.send(());
    });
    tokio::select! {
        result = graceful => result.map_err(ServeError::Runtime)?,
        _ = async {
            let _ = stopped_rx.await;
            // Open connections get a moment to finish, then we stop anyway.
            tokio::time::sleep(Duration::from_secs(2)).await;
        } => {}
    }
    term.status("stopped");
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Waits for batches of changed files and rebuilds, one batch at a time.
fn rebuild_loop(
    app: Arc<App>,
    rx: mpsc::Receiver<Vec<PathBuf>>,
    mut watcher: watch::Watcher,
    term: Arc<dyn Terminal>,
) {
    while let Ok(mut changed) = rx.recv() {
        while let Ok(more) = rx.try_recv() {
            changed.extend(more);
        }
        changed.sort();
        changed.dedup();
        let outcome = lock_session(&app.session).rebuild(&changed);
        if outcome.kind == Kind::Unchanged && outcome.ok() {
            continue;
        }
        report(&*term, &outcome, "rebuilt");
        let css_only = outcome.css_only;
        let signal = {
            let mut published = write_published(&app.published);
            let had_overlay = published.overlay.is_some();
            apply(&mut published, outcome);
            if css_only && !had_overlay {
                Signal::Css(published.generation)
            } else {
                Signal::Reload(published.generation)
            }
        };
        let _ = app.signals.send(signal);
        watcher.watch_new_dirs();
    }
}

/// The session, even if a panic elsewhere poisoned its lock: the session
/// catches its own panics, so a poisoned lock only means its state may be
/// half-updated, and it is marked for a full rebuild.
pub fn lock_session(session: &Mutex<Session>) -> MutexGuard<'_, Session> {
    session.lock().unwrap_or_else(|poisoned: PoisonError<_>| {
        session.clear_poison();
        let mut guard = poisoned.into_inner();
        guard.invalidate();
        guard
    })
}

/// What is served, for writing, even if a panic poisoned its lock (every
/// write leaves it whole: files are swapped in, never half-written).
pub fn write_published(published: &RwLock<Published>) -> RwLockWriteGuard<'_, Published> {
    published.write().unwrap_or_else(|poisoned| {
        published.clear_poison();
        poisoned.into_inner()
    })
}

/// Applies a rebuild's outcome to what is served (the one copy of the
/// served files).
pub fn apply(published: &mut Published, outcome: Outcome) {
    published.generation += 1;
    if !outcome.ok() {
        let last_good = !published.files.is_empty();
        published.overlay = Some(reload::overlay_html(&outcome.errors, last_good));
        published
            .files
            .retain(|_, file| !outcome.deleted.contains(&file.origin));
        return;
    }
    published.overlay = None;
    // plain: a partial rebuild's warnings replace those of the files it redid.
    if let Some(Update::Patch(changes)) = &outcome.update {
        let redone: std::collections::HashSet<&str> = changes
            .iter()
            .filter_map(|(_, f)| f.as_ref())
            .map(|f| f.origin.as_str())
            .collect();
        let mut kept: Vec<_> = std::mem::take(&mut published.warnings)
            .into_iter()
            .filter(|d| {
                d.location
                    .as_ref()
                    .is_none_or(|l| !redone.contains(l.file.as_str()))
            })
            .collect();
        kept.extend(outcome.warnings.iter().cloned());
        published.warnings = kept;
    } else {
        published.warnings = outcome.warnings.clone();
    }
    match outcome.update {
        Some(Update::Replace(files)) => {
            published.files = files;
            published.site_files_stale = false;
        }
        Some(Update::Patch(changes)) => {
            for (path, file) in changes {
                match file {
                    Some(file) => published.files.insert(path, file),
                    None => published.files.remove(&path),
                };
            }
            published.site_files_stale = true;
        }
        None => {}
    }
}

/// Prints a build's diagnostics and its one-line summary.
fn report(term: &dyn Terminal, outcome: &Outcome, verb: &str) {
    let ms = outcome.elapsed.as_secs_f64() * 1000.0;
    if outcome.ok() {
        term.diagnostics(&outcome.warnings);
        let n = outcome.pages;
        term.status(&format!(
            "{verb} in {ms:.1} ms ({n} page{})",
            if n == 1 { "" } else { "s" }
        ));
    } else {
        // A crash was printed by the panic hook as it happened.
        for d in outcome
            .errors
            .iter()
            .filter(|d| !d.message.starts_with(guard::INTERNAL_ERROR))
        {
            term.diagnostic(d);
        }
        let errors = outcome.errors.iter().filter(|d| d.is_error()).count();
        term.status(&format!(
            "build failed after {ms:.1} ms: {errors} error{}; {}",
            if errors == 1 { "" } else { "s" },
            if verb == "built" {
                "serving an error page until it is fixed"
            } else {
                "still serving the last good build"
            }
        ));
    }
}

fn open_browser(url: &str, term: &dyn Terminal) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        // Reap the opener when it exits so it leaves no zombie behind.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => term.status(&format!(
            "warning: could not open a browser ({e}); open {url} yourself"
        )),
    }
}
