//! One long-lived headless browser driven over the DevTools protocol on
//! pipes (`--remote-debugging-pipe`: commands on the child's fd 3, replies
//! on fd 4, each message a JSON object ended by a NUL byte). Starting
//! Chromium costs far more than printing a page, so each PDF worker keeps
//! one browser and prints page after page with it.
//!
//! While a page prints, every request it makes is paused (`Fetch.enable`)
//! and only those to sheaf's own print server go on; the rest fail and are
//! handed back as blocked, so content cannot make the browser fetch from
//! the network or from services on this machine. Frames in other
//! processes are attached (`Target.setAutoAttach`) and held to the same
//! rule. JavaScript dialogs (`alert()`) are dismissed, since nobody is
//! there to close them.

use std::io::{BufRead, BufReader, PipeWriter, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use base64::Engine as _;
use command_fds::{CommandFdExt, FdMapping};
use serde_json::{Value, json};

mod containment;

use super::PdfError;
use super::chrome::{BROWSER_FLAGS, Browser, exit_detail};

/// A running browser and the pipes to it.
pub struct CdpBrowser {
    child: Child,
    commands: PipeWriter,
    replies: Receiver<Value>,
    next_id: u64,
    /// The DevTools session of the tab pages are printed in.
    session: Option<String>,
    profile: tempfile::TempDir,
    /// The print server's origin (`http://127.0.0.1:4567`): the only one
    /// pages may load from.
    allowed: String,
    /// What the current page tried to load and was refused.
    blocked: Vec<String>,
    /// The dialogs the current page opened, as "alert: text".
    dialogs: Vec<String>,
    /// What the current print was doing, for a timeout's message.
    stage: &'static str,
    /// The proxy every other address is sent to: a socket that is never
    /// read, so even the browser's speculative connections reach nothing.
    _sinkhole: std::net::TcpListener,
}

/// A printed page: the PDF, and what it was not allowed to load.
pub struct Printed {
    pub pdf: Vec<u8>,
    pub blocked: Vec<String>,
}

/// Why a call failed, before it is tied to a page.
enum Failure {
    Timeout,
    Gone(String),
}

impl CdpBrowser {
    /// Starts the browser; `label` names the page it was started for.
    pub fn launch(browser: &Browser, label: &str, allowed: &str) -> Result<CdpBrowser, PdfError> {
        let crashed = |detail: String| PdfError::Crashed {
            page: label.to_string(),
            detail,
        };
        let (profile, log) = super::chrome::browser_profile(label)?;
        let (child_reads, commands) =
            std::io::pipe().map_err(|e| crashed(format!("cannot create a pipe: {e}")))?;
        let (replies_in, child_writes) =
            std::io::pipe().map_err(|e| crashed(format!("cannot create a pipe: {e}")))?;
        // Defence in depth under the request interception: everything but
        // the print server goes to a proxy that answers nothing, which
        // also catches the preconnects Chromium makes before any request
        // exists to intercept. `<-loopback>` removes the implicit bypass
        // of 127.0.0.1 and localhost.
        let sinkhole = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|e| crashed(format!("cannot open a local socket: {e}")))?;
        let sink = sinkhole
            .local_addr()
            .map_err(|e| crashed(format!("cannot open a local socket: {e}")))?;
        let own = allowed
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let mut command = Command::new(&browser.path);
        command
            .args(BROWSER_FLAGS)
            .arg(format!("--proxy-server=http://{sink}"))
            .arg(format!("--proxy-bypass-list=<-loopback>;{own}"))
            .arg("--remote-debugging-pipe")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        command
            .fd_mappings(vec![
                FdMapping {
                    parent_fd: child_reads.into(),
                    child_fd: 3,
                },
                FdMapping {
                    parent_fd: child_writes.into(),
                    child_fd: 4,
                },
            ])
            .map_err(|e| crashed(e.to_string()))?;
        let child = command
            .spawn()
            .map_err(|e| crashed(format!("cannot start {}: {e}", browser.path.display())))?;
        // The child's ends of the pipes close here, so a browser that exits
        // is seen as the end of its replies.
        drop(command);
        let (send, replies) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(replies_in);
            let mut buf = Vec::new();
            while matches!(reader.read_until(0, &mut buf), Ok(n) if n > 0) {
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(value) = serde_json::from_slice::<Value>(&buf)
                    && send.send(value).is_err()
                {
                    break;
                }
                buf.clear();
            }
        });
        Ok(CdpBrowser {
            child,
            commands,
            replies,
            next_id: 0,
            session: None,
            profile,
            allowed: allowed.trim_end_matches('/').to_string(),
            blocked: Vec::new(),
            dialogs: Vec::new(),
            stage: "starting",
            _sinkhole: sinkhole,
        })
    }

    /// Loads `url` in a new tab and prints it; returns the PDF's bytes.
    pub fn print(
        &mut self,
        url: &str,
        label: &str,
        timeout: Duration,
    ) -> Result<Printed, PdfError> {
        let deadline = Instant::now() + timeout;
        self.blocked.clear();
        self.dialogs.clear();
        self.print_until(url, deadline)
            .map(|pdf| Printed {
                pdf,
                blocked: std::mem::take(&mut self.blocked),
            })
            .map_err(|failure| match failure {
                Failure::Timeout => {
                    let _ = self.child.kill();
                    PdfError::TimedOut {
                        page: label.to_string(),
                        secs: timeout.as_secs(),
                        cause: self.timeout_cause(),
                    }
                }
                Failure::Gone(detail) => PdfError::Crashed {
                    page: label.to_string(),
                    detail,
                },
            })
    }

    /// The tab pages are printed in, opened on first use and then reused:
    /// a new tab would start a new renderer process each time.
    fn tab(&mut self, deadline: Instant) -> Result<String, Failure> {
        if let Some(session) = &self.session {
            return Ok(session.clone());
        }
        let target = self.call(
            "Target.createTarget",
            json!({"url": "about:blank"}),
            None,
            deadline,
        )?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached = self.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
            None,
            deadline,
        )?;
        let session = attached["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        self.call("Page.enable", json!({}), Some(&session), deadline)?;
        self.contain(&session, deadline)?;
        self.session = Some(session.clone());
        Ok(session)
    }

    fn print_until(&mut self, url: &str, deadline: Instant) -> Result<Vec<u8>, Failure> {
        self.stage = "opening a browser tab";
        let session = self.tab(deadline)?;
        self.stage = "loading the page (its load event had not fired)";
        let navigated = self.call(
            "Page.navigate",
            json!({"url": url}),
            Some(&session),
            deadline,
        )?;
        if let Some(error) = navigated["errorText"].as_str() {
            return Err(Failure::Gone(format!("cannot load {url}: {error}")));
        }
        self.wait_for(deadline, |m| {
            m["method"] == "Page.loadEventFired" && m["sessionId"] == session.as_str()
        })?;
        self.stage = "printing the loaded page";
        let printed = self.call(
            "Page.printToPDF",
            json!({
                "printBackground": true,
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
                "generateDocumentOutline": true,
                "generateTaggedPDF": true,
            }),
            Some(&session),
            deadline,
        )?;
        let data = printed["data"].as_str().unwrap_or_default();
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| Failure::Gone(format!("the browser sent an unreadable PDF: {e}")))?;
        Ok(pdf)
    }

    /// Sends one command without waiting for its reply (answers to
    /// events; their replies are dropped by [`Self::wait_for`]).
    fn send(&mut self, method: &str, params: Value, session: &str) -> Result<(), Failure> {
        self.next_id += 1;
        let mut message = json!({"id": self.next_id, "method": method, "params": params});
        if !session.is_empty() {
            message["sessionId"] = json!(session);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        if self
            .commands
            .write_all(&bytes)
            .and_then(|()| self.commands.flush())
            .is_err()
        {
            return Err(self.gone());
        }
        Ok(())
    }

    /// Sends one command and waits for its reply's `result`.
    fn call(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
        deadline: Instant,
    ) -> Result<Value, Failure> {
        self.send(method, params, session.unwrap_or(""))?;
        let id = self.next_id;
        let reply = self.wait_for(deadline, |m| m["id"] == id)?;
        if let Some(error) = reply.get("error") {
            let text = error["message"].as_str().unwrap_or("unknown error");
            return Err(Failure::Gone(format!("{method} failed: {text}")));
        }
        Ok(reply["result"].clone())
    }

    /// The next message matching `wanted`; events that need an answer are
    /// answered, other messages dropped.
    fn wait_for(
        &mut self,
        deadline: Instant,
        wanted: impl Fn(&Value) -> bool,
    ) -> Result<Value, Failure> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(message) if wanted(&message) => return Ok(message),
                Ok(message) => self.handle_event(&message)?,
                Err(RecvTimeoutError::Timeout) => return Err(Failure::Timeout),
                Err(RecvTimeoutError::Disconnected) => return Err(self.gone()),
            }
        }
    }

    /// The browser went away: how it exited and the last thing it logged.
    fn gone(&mut self) -> Failure {
        let start = Instant::now();
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status.to_string(),
                Ok(None) if start.elapsed() < Duration::from_secs(5) => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Ok(None) => {
                    let _ = self.child.kill();
                    break "no reply (it was stopped)".to_string();
                }
                Err(e) => break format!("an unknown status ({e})"),
            }
        };
        Failure::Gone(exit_detail(
            &status,
            &self.profile.path().join(super::chrome::BROWSER_LOG),
        ))
    }
}

impl Drop for CdpBrowser {
    fn drop(&mut self) {
        let close = format!("{}\0", json!({"id": 0, "method": "Browser.close"}));
        let _ = self.commands.write_all(close.as_bytes());
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
