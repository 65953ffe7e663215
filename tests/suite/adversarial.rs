//! Input written to hurt (issue 20): sizes that used to cost the square of
//! their length, a previous output sheaf cannot delete, closed pipes,
//! escape sequences in content, case-only output collisions, and paths
//! in sheaf.toml that point outside the site. Each test runs at a size
//! where the old quadratic cost would blow the harness's hang timeout;
//! none asserts a time.

use crate::harness::{Site, select, text_of};

fn page(title: &str, front: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{front}+++\n{body}")
}

/// 6,000 distinct terms over 3,000 pages: every term page used to carry the
/// whole term list (36 million entries here, minutes in a debug build).
#[test]
fn thousands_of_distinct_terms_build_each_term_page() {
    let site = Site::fixture("pipeline/basic");
    for p in 0..3_000 {
        site.write(
            &format!("content/many/p{p}.md"),
            &page(
                &format!("Page {p}"),
                &format!(
                    "[taxonomies]\ntopics = [\"term {}\", \"term {}\"]\n",
                    2 * p,
                    2 * p + 1
                ),
                "Text.\n",
            ),
        );
    }
    site.build();
    let doc = site.html("topics/term-5999/index.html");
    let cards: Vec<String> = select(&doc, ".card__title a").iter().map(text_of).collect();
    assert_eq!(cards, ["Page 2999"]);
    let list = site.html("topics/index.html");
    assert!(select(&list, "a").len() >= 6_000);
}

#[test]
fn a_page_with_too_many_terms_is_an_error_naming_it() {
    let site = Site::fixture("pipeline/basic");
    let terms: Vec<String> = (0..10_000).map(|t| format!("\"term {t}\"")).collect();
    site.write(
        "content/guides/tagged.md",
        &page(
            "Tagged",
            &format!("[taxonomies]\ntopics = [{}]\n", terms.join(", ")),
            "Text.\n",
        ),
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/guides/tagged.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("10000 topics terms; a page may have at most 100"),
        "{}",
        run.stderr
    );
}

/// `sheaf build 2>&1 | head -1`: stderr is a pipe whose reader has gone.
/// The reader is closed before sheaf starts, so every message it writes
/// meets a closed pipe; it used to panic (exit 101).
#[test]
fn a_closed_stderr_pipe_ends_the_build_quietly() {
    let site = Site::fixture("pipeline/basic");
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .arg("build")
        .current_dir(site.root())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(writer)
        .status()
        .expect("run sheaf");
    // The fixture has a warning, so sheaf writes to stderr at least once.
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(site.public().join("index.html").is_file());
}

/// A taxonomy name holding "set the title" and "clear the screen"
/// sequences: the error quotes it escaped, so the terminal shows it
/// instead of obeying it.
#[test]
fn escape_sequences_in_content_are_shown_escaped() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/title.md",
        &page(
            "Title",
            "[taxonomies]\n\"\\u001b]0;pwned\\u0007\\u001b[2J\" = [\"x\"]\n",
            "Text.\n",
        ),
    );
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\x1b') && !run.stderr.contains('\x07'),
        "{:?}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("unknown taxonomy `\\u{1b}]0;pwned\\u{7}\\u{1b}[2J`"),
        "{}",
        run.stderr
    );
}

/// An alias spelled with capitals lands on the real page's file on
/// case-insensitive file systems; it is an error naming both inputs.
#[test]
fn output_paths_differing_only_by_case_are_an_error_naming_both() {
    let site = Site::fixture("pipeline/basic");
    site.write(
        "content/guides/gamma.md",
        &page("Gamma", "aliases = [\"/Guides/Alpha/\"]\n", "Text.\n"),
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/guides/alpha.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/gamma.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("differ only by case"), "{}", run.stderr);
}

/// Makes `dir` undeletable (`on`) or deletable again: `chattr +i`, which
/// holds even for root (as in CI), else write permission removed, which
/// holds for other users. Returns whether `dir` now is as asked.
#[cfg(unix)]
fn set_undeletable(dir: &std::path::Path, on: bool) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let chattr = |flag: &str| {
        std::process::Command::new("chattr")
            .arg(flag)
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let undeletable = || {
        let probe = dir.join(".probe");
        let created = std::fs::write(&probe, "x").is_ok();
        let _ = std::fs::remove_file(&probe);
        !created
    };
    let mode = if on { 0o555 } else { 0o755 };
    let _ = chattr(if on { "+i" } else { "-i" });
    if undeletable() != on {
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode));
    }
    undeletable() == on
}

/// A previous output holding a folder sheaf cannot empty: the build used
/// to swap the new site in, exit 3, and fail every later build until the
/// staging folder was removed by hand. Now the swap completes, the build
/// succeeds with a warning naming the leftover, later builds work, and the
/// leftover goes once it can be deleted.
#[cfg(unix)]
#[test]
fn an_undeletable_previous_output_never_fails_or_blocks_builds() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    if !set_undeletable(&site.public().join("guides"), true) {
        crate::harness::skip_without_browser(
            "an_undeletable_previous_output_never_fails_or_blocks_builds",
            "neither chattr +i nor chmod makes a folder undeletable here",
        );
        return;
    }
    site.edit("content/guides/alpha.md", |t| t + "\nChanged text.\n");
    let first = site.sheaf(&["build"]);
    let second = site.sheaf(&["build"]);
    // The stuck folder went aside with the rest of the previous output.
    let moved = site.root().join(".public.sheaf-trash-0/guides");
    assert!(set_undeletable(&moved, false), "{}", first.stderr);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stderr.contains("could not be deleted"),
        "{}",
        first.stderr
    );
    assert!(first.stderr.contains("sheaf-trash-"), "{}", first.stderr);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        site.read("guides/alpha/index.html")
            .contains("Changed text")
    );
    // Deletable again: the next build clears every leftover.
    site.build();
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("sheaf-") && !n.ends_with("sheaf-lock"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

// ---- sheaf serve: Host names, links out of the site, Range --------------

/// A raw GET with extra header lines; the status line and headers as text,
/// the body as bytes.
fn raw_get(port: u16, target: &str, headers: &str) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, raw[split + 4..].to_vec())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// DNS rebinding: a page on evil.example re-pointed at 127.0.0.1 sends
/// `Host: evil.example`; the preview refuses it and answers its own names.
#[test]
fn serve_refuses_a_foreign_host_header() {
    let site = Site::fixture("pipeline/basic");
    let server = crate::serve::Server::start(site.root());
    let port = server.port;
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1.nip.io",
    ] {
        let (status, _, body) = raw_get(port, "/", &format!("Host: {host}\r\n"));
        assert_eq!(
            status,
            403,
            "Host: {host}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    let (status, _, _) = raw_get(port, "/__sheaf/reload.js", "Host: evil.example\r\n");
    assert_eq!(status, 403);
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let (status, _, _) = raw_get(port, "/", &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "Host: {host}");
    }
}

/// A `static/` link to a file outside the site is not served.
#[cfg(unix)]
#[test]
fn serve_refuses_static_links_that_leave_the_site() {
    let site = Site::fixture_nested("pipeline/basic");
    let secret = site.dir.path().join("secret.txt");
    std::fs::write(&secret, "the secret").unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("static/passwd")).unwrap();
    std::fs::write(site.root().join("static/inside.txt"), "fine").unwrap();
    std::os::unix::fs::symlink(
        site.root().join("static/inside.txt"),
        site.root().join("static/link.txt"),
    )
    .unwrap();
    let server = crate::serve::Server::start(site.root());
    let host = format!("Host: 127.0.0.1:{}\r\n", server.port);
    let (status, _, body) = raw_get(server.port, "/passwd", &host);
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains("the secret"));
    let (status, _, body) = raw_get(server.port, "/link.txt", &host);
    assert_eq!((status, body.as_slice()), (200, b"fine".as_slice()));
}

/// Static files are streamed whole or by one `Range`: 206 with the span and
/// its Content-Range, 416 past the end, and the whole file byte for byte.
#[test]
fn serve_streams_static_files_and_answers_ranges() {
    let site = Site::fixture("pipeline/basic");
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(site.root().join("static/big.bin"), &bytes).unwrap();
    let server = crate::serve::Server::start(site.root());
    let port = server.port;
    let host = format!("Host: 127.0.0.1:{port}\r\n");

    let (status, head, body) = raw_get(port, "/big.bin", &host);
    assert_eq!(status, 200, "{head}");
    assert_eq!(header(&head, "accept-ranges"), Some("bytes"));
    assert_eq!(header(&head, "content-length"), Some("3000000"));
    assert!(body == bytes, "the streamed file differs");

    let (status, head, body) = raw_get(
        port,
        "/big.bin",
        &format!("{host}Range: bytes=1000-1999\r\n"),
    );
    assert_eq!(status, 206, "{head}");
    assert_eq!(
        header(&head, "content-range"),
        Some("bytes 1000-1999/3000000")
    );
    assert!(body == bytes[1000..2000]);

    let (status, head, body) = raw_get(port, "/big.bin", &format!("{host}Range: bytes=-10\r\n"));
    assert_eq!(status, 206, "{head}");
    assert!(body == bytes[3_000_000 - 10..]);

    let (status, head, _) = raw_get(
        port,
        "/big.bin",
        &format!("{host}Range: bytes=3000000-\r\n"),
    );
    assert_eq!(status, 416, "{head}");
    assert_eq!(header(&head, "content-range"), Some("bytes */3000000"));
}

#[test]
fn an_output_folder_inside_static_is_refused() {
    let site = Site::fixture("pipeline/basic");
    let run = site.sheaf(&["build", "--output", "static/site"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("inside static/"), "{}", run.stderr);
    assert!(!site.root().join("static/site").exists());
}

#[test]
fn jobs_beyond_the_bound_are_refused() {
    let site = Site::fixture("pipeline/basic");
    let run = site.sheaf(&["build", "--jobs", "100000"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("more than the 256"), "{}", run.stderr);
    site.sheaf(&["build", "--jobs", "2"]);
}

/// `theme = "/etc"` or `"../../.."` published another folder's files;
/// paths in sheaf.toml stay inside the site unless the author opts out.
#[test]
fn config_paths_outside_the_site_are_refused_without_the_opt_in() {
    for (key, value) in [
        ("theme", "/etc"),
        ("theme", "../../.."),
        ("bibliography", "[\"../refs.bib\"]"),
        ("citation_style", "/tmp/style.csl"),
    ] {
        let site = Site::fixture("pipeline/basic");
        let value = if value.starts_with('[') {
            value.to_string()
        } else {
            format!("\"{value}\"")
        };
        site.edit("sheaf.toml", |t| format!("{key} = {value}\n{t}"));
        let run = site.sheaf(&["build"]);
        assert_eq!(run.code, 1, "{key} = {value}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("`{key}` names")),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("sheaf.toml:1:1"), "{}", run.stderr);
        assert!(
            run.stderr.contains("allow_paths_outside_site"),
            "{}",
            run.stderr
        );
    }
    // With the opt-in, an outside bibliography is read.
    let site = Site::fixture_nested("pipeline/basic");
    std::fs::write(site.root().join("../refs.bib"), "@misc{k, title = {T}}\n").unwrap();
    site.edit("sheaf.toml", |t| {
        format!("allow_paths_outside_site = true\nbibliography = [\"../refs.bib\"]\n{t}")
    });
    let run = site.sheaf(&["build"]);
    assert!(!run.stderr.contains("names ../refs.bib"), "{}", run.stderr);
}
