//! `sheaf serve`: partial rebuilds match full builds (through the library),
//! and the real binary over real HTTP: content types, live-reload events,
//! the error overlay, refused traversal, deleted pages, clean shutdown.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use sheaf::BuildOptions;
use sheaf::diagnostics::Diagnostic;
use sheaf::serve::{Body, Kind, Outcome, Published, Session, apply};

use crate::harness::Site;

/// Generous: these machines are slow and shared.
const PATIENCE: Duration = Duration::from_secs(60);

fn fixture() -> Site {
    Site::fixture("serve/site")
}

/// A preview session and the one copy of what it serves, driven as the
/// server's rebuild loop drives them (`Session::rebuild`, then `apply`).
pub struct Preview {
    pub session: Session,
    pub published: Published,
}

/// What a rebuild did, kept after its update went to `published`.
pub struct Done {
    pub kind: Kind,
    pub pages: usize,
    pub errors: Vec<Diagnostic>,
}

impl Done {
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

impl Preview {
    pub fn full_build(&mut self) -> Done {
        let outcome = self.session.full_build();
        self.apply(outcome)
    }

    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Done {
        let outcome = self.session.rebuild(changed);
        self.apply(outcome)
    }

    fn apply(&mut self, outcome: Outcome) -> Done {
        let done = Done {
            kind: outcome.kind,
            pages: outcome.pages,
            errors: outcome.errors.clone(),
        };
        apply(&mut self.published, outcome);
        done
    }

    /// Every served file, site-wide files brought up to date, as the
    /// server does when a browser asks for one.
    pub fn snapshot(&mut self) -> BTreeMap<String, Vec<u8>> {
        if self.published.site_files_stale {
            let files = self.session.refresh_site_files();
            self.published.insert_site_files(files);
        }
        self.published
            .files
            .iter()
            .map(|(path, file)| {
                let bytes = match &file.body {
                    Body::Bytes(b) => b.to_vec(),
                    Body::Disk(p) => std::fs::read(p).unwrap_or_default(),
                };
                (path.clone(), bytes)
            })
            .collect()
    }
}

/// A preview of the site at `root`, nothing built yet.
pub fn session(root: &Path) -> Preview {
    Preview {
        session: Session::new(BuildOptions {
            root: root.to_path_buf(),
            output: root.join("public"),
            base_url: Some("http://127.0.0.1:1111/".into()),
            drafts: false,
            pdf: false,
            strict: false,
            jobs: None,
            reading_figures: false,
        }),
        published: Published::default(),
    }
}

pub fn assert_same_as_full_build(incremental: &mut Preview, root: &Path, step: &str) {
    let mut fresh = session(root);
    let outcome = fresh.full_build();
    assert!(
        outcome.ok(),
        "{step}: full build failed: {:?}",
        outcome.errors
    );
    let (a, b) = (incremental.snapshot(), fresh.snapshot());
    let paths = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b), "{step}: different files");
    for (path, bytes) in &a {
        assert!(
            *bytes == b[path],
            "{step}: {path} differs from a full build:\n--- incremental\n{}\n--- full\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[path])
        );
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
    path
}

#[test]
fn incremental_rebuilds_match_a_full_build_after_each_edit() {
    let site = fixture();
    let root = site.root();
    let mut s = session(root);
    assert!(s.full_build().ok());

    type Step = (&'static str, Kind, Box<dyn Fn(&Path) -> PathBuf>);
    let steps: Vec<Step> = vec![
        (
            "body edit",
            Kind::Partial,
            Box::new(|r: &Path| {
                edit(r, "content/factsheets/talking.md", |t| {
                    t + "\nA new paragraph.\n"
                })
            }),
        ),
        (
            "title edit",
            Kind::Partial,
            Box::new(|r: &Path| {
                edit(r, "content/factsheets/homework.md", |t| {
                    t.replace("title = \"Homework\"", "title = \"Homework help\"")
                })
            }),
        ),
        (
            "weight edit reorders the section",
            Kind::Partial,
            Box::new(|r: &Path| {
                edit(r, "content/factsheets/talking.md", |t| {
                    t.replace("weight = 30", "weight = 5")
                })
            }),
        ),
        (
            "citation added",
            Kind::Partial,
            Box::new(|r: &Path| {
                edit(r, "content/factsheets/talking.md", |t| {
                    t + "\nAnd more [@gamma2003; @alpha2001].\n"
                })
            }),
        ),
        (
            "citation removed",
            Kind::Partial,
            Box::new(|r: &Path| {
                edit(r, "content/factsheets/homework.md", |t| {
                    t.replace(" [@beta2002]", "")
                })
            }),
        ),
        (
            "heading renamed",
            Kind::Partial,
            Box::new(|r: &Path| {
                edit(r, "content/factsheets/reading.md", |t| {
                    t.replace("## What to try", "## Things to try")
                })
            }),
        ),
        (
            "page added",
            Kind::Full,
            Box::new(|r: &Path| {
                let p = r.join("content/factsheets/new-page.md");
                std::fs::write(
                    &p,
                    "+++\ntitle = \"New page\"\nweight = 40\n+++\n\nNew [@beta2002].\n",
                )
                .unwrap();
                p
            }),
        ),
        (
            "page deleted",
            Kind::Full,
            Box::new(|r: &Path| {
                let p = r.join("content/factsheets/talking.md");
                std::fs::remove_file(&p).unwrap();
                p
            }),
        ),
    ];
    for (step, kind, apply) in steps {
        let changed = apply(root);
        let outcome = s.rebuild(&[changed]);
        assert!(outcome.ok(), "{step}: {:?}", outcome.errors);
        assert_eq!(outcome.kind, kind, "{step}");
        assert_same_as_full_build(&mut s, root, step);
    }
}

#[test]
fn a_body_edit_renders_only_the_page() {
    let site = fixture();
    let mut s = session(site.root());
    assert!(s.full_build().ok());
    let changed = edit(site.root(), "content/factsheets/reading.md", |t| {
        t + "\nMore.\n"
    });
    let outcome = s.rebuild(&[changed]);
    assert_eq!((outcome.kind, outcome.pages), (Kind::Partial, 1));
}

#[test]
fn a_failed_partial_rebuild_recovers_with_a_full_one() {
    let site = fixture();
    let root = site.root();
    let mut s = session(root);
    assert!(s.full_build().ok());
    let path = edit(root, "content/factsheets/reading.md", |t| {
        t + "\n[@nokey1999]\n"
    });
    let failed = s.rebuild(std::slice::from_ref(&path));
    assert!(!failed.ok());
    assert!(failed.errors[0].message.contains("nokey1999"));
    edit(root, "content/factsheets/reading.md", |t| {
        t.replace("[@nokey1999]", "fixed")
    });
    let fixed = s.rebuild(&[path]);
    assert!(fixed.ok(), "{:?}", fixed.errors);
    assert_eq!(fixed.kind, Kind::Full);
    assert_same_as_full_build(&mut s, root, "after the fix");
}

// ---- the real server ------------------------------------------------------

/// A running `sheaf serve --port 0`, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    lines: mpsc::Receiver<String>,
    pub log: Vec<String>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with_env(root, &[])
    }

    /// Starts the server with extra environment variables.
    pub fn start_with_env(root: &Path, env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sheaf"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .envs(env.iter().copied())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sheaf serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            lines,
            log: Vec::new(),
        };
        let line = server.wait_for_line("web server is available at http://127.0.0.1:");
        let port = line
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.port = port;
        server
    }

    /// Waits for a log line containing `needle`; returns it.
    pub fn wait_for_line(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            match self.lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!(
            "no line with {needle:?}; log so far:\n{}",
            self.log.join("\n")
        );
    }

    pub fn get(&self, target: &str) -> Response {
        http_get(self.port, target)
    }

    /// Asks for `target` until its body satisfies `done` (the log line of
    /// a rebuild can come just before the new state is served).
    pub fn get_until(&self, target: &str, done: impl Fn(&str) -> bool) -> Response {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let response = self.get(target);
            if done(&response.body) || Instant::now() > deadline {
                return response;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn events(&self) -> EventStream {
        EventStream::open(self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// A bare HTTP/1.1 GET with the request target sent exactly as given.
fn http_get(port: u16, target: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    }
}

/// The live-reload event stream, read line by line.
pub struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    fn open(port: u16) -> EventStream {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__sheaf/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = EventStream {
            reader: BufReader::new(stream),
        };
        events.next_event("hello");
        events
    }

    /// Reads until an event named `name`; returns its data.
    pub fn next_event(&mut self, name: &str) -> String {
        let mut current = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => panic!("event stream ended before `{name}`"),
                Ok(_) => {}
            }
            let l = line.trim_end();
            if let Some(e) = l.strip_prefix("event:") {
                current = e.trim().to_string();
            } else if let Some(data) = l.strip_prefix("data:")
                && current == name
            {
                return data.trim().to_string();
            }
        }
    }
}

#[test]
fn serves_pages_with_content_types_index_files_and_the_404_page() {
    let site = fixture();
    let server = Server::start(site.root());
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control").as_deref(), Some("no-store"));
    assert!(home.body.contains("<script src=\"/__sheaf/live.js\""));
    // base_url's sub-path is dropped: the site is at the root.
    assert!(home.body.contains("href=\"/factsheets/\""), "{}", home.body);
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(
        sitemap.header("content-type").as_deref(),
        Some("application/xml")
    );
    assert!(sitemap.body.contains("http://127.0.0.1:"));
    let redirect = server.get("/factsheets");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location").as_deref(), Some("/factsheets/"));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html"), "the site's 404 page");
    assert!(!site.public().exists(), "serve must not write public/");
}

#[test]
fn traversal_attempts_are_refused() {
    let site = fixture();
    std::fs::write(site.root().join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(site.root());
    for target in [
        "/../secret.txt",
        "/factsheets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/C:/secret.txt",
        "/sheaf.toml",
        "/content/factsheets/reading.md",
    ] {
        let r = server.get(target);
        assert!(
            matches!(r.status, 400 | 404),
            "{target}: status {}",
            r.status
        );
        assert!(
            !r.body.contains("TOP SECRET") && !r.body.contains("base_url"),
            "{target}"
        );
    }
}

#[test]
fn an_edit_sends_a_reload_event_and_serves_the_new_content() {
    let site = fixture();
    let mut server = Server::start(site.root());
    let mut events = server.events();
    edit(site.root(), "content/factsheets/reading.md", |t| {
        t + "\nFreshly-edited-marker.\n"
    });
    events.next_event("reload");
    let line = server.wait_for_line("rebuilt in");
    assert!(line.contains("(1 page)"), "{line}");
    let page = server.get("/factsheets/reading/");
    assert!(page.body.contains("Freshly-edited-marker"));
}

#[test]
fn an_error_shows_the_overlay_over_the_old_content_and_the_fix_clears_it() {
    let site = fixture();
    let mut server = Server::start(site.root());
    let mut events = server.events();
    edit(site.root(), "content/factsheets/reading.md", |t| {
        t.replace(
            "Shared reading builds vocabulary.",
            "Broken <b>[@nokey1999]</b>.",
        )
    });
    events.next_event("reload");
    server.wait_for_line("build failed");
    let page = server.get("/factsheets/reading/");
    assert!(page.body.contains("id=\"sheaf-overlay\""));
    assert!(
        page.body.contains("content/factsheets/reading.md:16:12"),
        "{}",
        page.body
    );
    assert!(page.body.contains("unknown citation key `nokey1999`"));
    assert!(
        page.body
            .contains("Broken &lt;b&gt;[@nokey1999]&lt;/b&gt;."),
        "source line escaped"
    );
    assert!(
        page.body.contains("Shared reading builds vocabulary."),
        "old content kept"
    );
    assert!(
        server.get("/").body.contains("id=\"sheaf-overlay\""),
        "on every page"
    );
    edit(site.root(), "content/factsheets/reading.md", |t| {
        t.replace("Broken <b>[@nokey1999]</b>.", "Fixed now.")
    });
    events.next_event("reload");
    server.wait_for_line("rebuilt in");
    let page = server.get("/factsheets/reading/");
    assert!(!page.body.contains("sheaf-overlay"));
    assert!(page.body.contains("Fixed now."));
}

#[test]
fn a_deleted_page_disappears_and_pages_linking_to_it_report_the_broken_link() {
    let site = fixture();
    let mut server = Server::start(site.root());
    assert_eq!(server.get("/factsheets/homework/").status, 200);
    let mut events = server.events();
    std::fs::remove_file(site.root().join("content/factsheets/homework.md")).unwrap();
    events.next_event("reload");
    server.wait_for_line("build failed");
    assert_eq!(server.get("/factsheets/homework/").status, 404);
    let linking = server.get("/factsheets/reading/");
    assert!(linking.body.contains("id=\"sheaf-overlay\""));
    assert!(
        linking
            .body
            .contains("link to a missing page `@/factsheets/homework.md`")
    );
    assert!(linking.body.contains("content/factsheets/reading.md:"));
}

#[test]
fn an_initial_build_error_serves_an_error_page_until_fixed() {
    let site = fixture();
    edit(site.root(), "content/factsheets/talking.md", |t| {
        t.replace("+++\n\nAsk", "+++\n\n[@missing2000] Ask")
    });
    let mut server = Server::start(site.root());
    let page = server.get("/factsheets/talking/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("id=\"sheaf-overlay\"") && page.body.contains("missing2000"));
    assert!(page.body.contains("/__sheaf/live.js"));
    let mut events = server.events();
    edit(site.root(), "content/factsheets/talking.md", |t| {
        t.replace("[@missing2000] ", "")
    });
    events.next_event("reload");
    server.wait_for_line("rebuilt in");
    let page = server.get("/factsheets/talking/");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("sheaf-overlay"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = fixture();
    let mut server = Server::start(site.root());
    let _events = server.events();
    let status = Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    assert_eq!(server.wait_exit(), Some(0), "{}", server.log.join("\n"));
}
