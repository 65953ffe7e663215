//! `sheaf serve` in a real browser: headless Chromium driven over the
//! DevTools protocol (a minimal WebSocket client, no extra dependencies)
//! sees an edit appear without anyone reloading the page. Without Chromium
//! it fails, unless the run asked to skip it (`SHEAF_SKIP_BROWSER=1`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::Site;
use crate::serve::Server;

const PATIENCE: Duration = Duration::from_secs(60);

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SHEAF_CHROME") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Headless Chromium with a DevTools port, killed when dropped.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    port: u16,
}

impl Browser {
    fn launch(binary: &Path, url: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes the port it picked into the profile.
        let file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + PATIENCE;
        let port = loop {
            if let Some(port) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|t| t.lines().next().and_then(|l| l.parse().ok()))
            {
                break port;
            }
            assert!(
                Instant::now() < deadline,
                "chromium did not open its DevTools port"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        Browser {
            child,
            _profile: profile,
            port,
        }
    }

    /// The WebSocket path of the page showing `url`.
    fn page_socket(&self, url: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let list = devtools_get(self.port, "/json/list");
            if let Ok(targets) = serde_json::from_str::<serde_json::Value>(&list) {
                let found = targets.as_array().into_iter().flatten().find_map(|t| {
                    let is_page = t["type"] == "page" && t["url"].as_str()?.starts_with(url);
                    let ws = t["webSocketDebuggerUrl"].as_str()?;
                    is_page.then(|| ws.splitn(4, '/').nth(3).map(|p| format!("/{p}")))?
                });
                if let Some(path) = found {
                    return path;
                }
            }
            assert!(
                Instant::now() < deadline,
                "no page target for {url}: {list}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A GET to Chromium's DevTools HTTP endpoint, which keeps the connection
/// open: the body is read by its Content-Length.
fn devtools_get(port: u16, target: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    );
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    let _ = reader.read_exact(&mut body);
    String::from_utf8_lossy(&body).into_owned()
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Just enough of RFC 6455 for the DevTools protocol: text frames, masked
/// from the client, unfragmented.
struct Socket {
    stream: BufReader<TcpStream>,
    next_id: u64,
}

impl Socket {
    fn connect(port: u16, path: &str) -> Socket {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hlYWYtc2VydmUtdGVzdA==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(
            line.contains(" 101 "),
            "websocket handshake refused: {line}"
        );
        while line != "\r\n" {
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
        Socket {
            stream: reader,
            next_id: 1,
        }
    }

    fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mut frame = vec![0x81u8];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mask = [0x5a, 0x17, 0xc3, 0x9e];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.get_mut().write_all(&frame).unwrap();
    }

    fn receive(&mut self) -> String {
        let mut head = [0u8; 2];
        self.stream.read_exact(&mut head).unwrap();
        let len = match head[1] & 0x7f {
            126 => {
                let mut b = [0u8; 2];
                self.stream.read_exact(&mut b).unwrap();
                u16::from_be_bytes(b) as usize
            }
            127 => {
                let mut b = [0u8; 8];
                self.stream.read_exact(&mut b).unwrap();
                u64::from_be_bytes(b) as usize
            }
            n => n as usize,
        };
        let mut payload = vec![0u8; len];
        self.stream.read_exact(&mut payload).unwrap();
        String::from_utf8_lossy(&payload).into_owned()
    }

    /// Evaluates `expression` in the page; returns the result as JSON.
    fn evaluate(&mut self, expression: &str) -> serde_json::Value {
        let id = self.next_id;
        self.next_id += 1;
        let request = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": { "expression": expression, "returnByValue": true },
        });
        self.send(&request.to_string());
        loop {
            let message: serde_json::Value =
                serde_json::from_str(&self.receive()).unwrap_or_default();
            if message["id"] == id {
                return message["result"]["result"]["value"].clone();
            }
        }
    }

    fn wait_for(&mut self, expression: &str) -> bool {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.evaluate(expression) == serde_json::Value::Bool(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

#[test]
fn a_browser_shows_an_edit_without_a_manual_reload() {
    let Some(chromium) = find_chromium() else {
        crate::harness::skip_without_browser(
            "a_browser_shows_an_edit_without_a_manual_reload",
            "no Chromium found (install it with `apt-get install -y chromium`, or set SHEAF_CHROME)",
        );
        return;
    };
    let site = Site::fixture("serve/site");
    let mut server = Server::start(site.root());
    let url = format!("http://127.0.0.1:{}/factsheets/reading/", server.port);
    let browser = Browser::launch(&chromium, &url);
    let mut page = Socket::connect(browser.port, &browser.page_socket(&url));
    assert!(
        page.wait_for("document.readyState === 'complete' && document.body.textContent.includes('Shared reading builds vocabulary')"),
        "the page did not load"
    );
    // Marks this document: a reload replaces it, so the mark goes away.
    page.evaluate("window.sheafTestMark = 1");
    site.edit("content/factsheets/reading.md", |text| {
        text.replace(
            "Shared reading builds vocabulary.",
            "Edited-in-the-browser-test.",
        )
    });
    server.wait_for_line("rebuilt in");
    assert!(
        page.wait_for("document.body.textContent.includes('Edited-in-the-browser-test')"),
        "the browser never showed the edit"
    );
    assert_eq!(
        page.evaluate("typeof window.sheafTestMark"),
        serde_json::Value::String("undefined".into()),
        "the live-reload script reloaded the page"
    );
}
