//! `sheaf check --external` against a real HTTP server on 127.0.0.1,
//! started by each test, that answers 200, 301, 404, 410, 429 (with
//! `Retry-After`), 500, slowly, and a closed port that answers not at all.

use std::time::{Duration, Instant};

use crate::harness::Site;
use crate::standin::{Answer, Seen, StandIn, closed_port};

/// The stand-in server these tests check links against.
pub(crate) fn server() -> StandIn {
    StandIn::start(route)
}

fn route(request: &Seen, earlier: usize) -> Answer {
    let (status, headers) = match request.path.as_str() {
        "/ok" | "/ok-2" | "/ok-3" => ("200 OK", ""),
        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n"),
        "/temporary" => ("302 Found", "Location: /ok\r\n"),
        "/missing" => ("404 Not Found", ""),
        "/gone" => ("410 Gone", ""),
        "/busy" if earlier == 0 => ("429 Too Many Requests", "Retry-After: 1\r\n"),
        "/busy" => ("200 OK", ""),
        "/limited" => ("429 Too Many Requests", "Retry-After: 3600\r\n"),
        "/error" => ("500 Internal Server Error", ""),
        "/no-head" if request.method == "HEAD" => ("405 Method Not Allowed", ""),
        "/no-head" => ("200 OK", ""),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            ("200 OK", "")
        }
        _ => ("404 Not Found", ""),
    };
    Answer::new(status, headers, "ok")
}

/// The links fixture with `[check]` settings that keep the test short.
fn site_with(body: &str, check: &str) -> Site {
    let site = Site::fixture("links/site");
    site.edit("sheaf.toml", |t| format!("{t}\n[check]\n{check}\n"));
    site.write(
        "content/guides/external.md",
        &format!("+++\ntitle = \"External\"\n+++\n\n{body}\n"),
    );
    site
}

const FAST: &str = "external_timeout = \"1s\"\nexternal_delay = \"0ms\"";

#[test]
fn check_reports_relative_root_relative_and_external_breaks_with_positions() {
    let server = server();
    let site = site_with(&format!("[gone page]({})", server.url("/missing")), FAST);
    let run = site.sheaf(&["check", "--external"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e = &run.stderr;
    assert!(e.contains("content/guides/first.md:8:26"), "relative:\n{e}");
    assert!(
        e.contains("content/guides/first.md:9:17"),
        "root-relative:\n{e}"
    );
    assert!(
        e.contains("content/guides/external.md:5:13") && e.contains("404 Not Found"),
        "external:\n{e}"
    );
}

#[test]
fn every_kind_of_answer_is_reported_at_its_link_and_summarised() {
    let server = server();
    let paths = [
        "/ok",
        "/moved",
        "/temporary",
        "/missing",
        "/gone",
        "/busy",
        "/error",
        "/slow",
        "/no-head",
    ];
    let mut body: Vec<String> = paths
        .iter()
        .map(|p| format!("[{p}]({})\n", server.url(p)))
        .collect();
    body.push(format!("[closed](http://127.0.0.1:{}/x)\n", closed_port()));
    let site = site_with(&body.concat(), FAST);
    let run = site.sheaf(&["check", "--external"]);
    let e = &run.stderr;
    assert_eq!(run.code, 0, "{e}");
    // Every diagnostic but the one saying 127.0.0.1 is this machine.
    let e = &e
        .split("\n\n")
        .filter(|block| !block.contains("points at the author's own machine"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let at = |line: usize| format!("content/guides/external.md:{line}:");
    assert!(
        e.contains(&at(6)) && e.contains("moved permanently (301 Moved Permanently) to"),
        "{e}"
    );
    assert!(e.contains(&at(8)) && e.contains("404 Not Found"), "{e}");
    assert!(e.contains(&at(9)) && e.contains("410 Gone"), "{e}");
    assert!(
        e.contains(&at(11)) && e.contains("500 Internal Server Error"),
        "{e}"
    );
    assert!(
        e.contains(&at(12)) && e.contains("did not answer within 1s"),
        "{e}"
    );
    assert!(e.contains(&at(14)) && e.contains("cannot reach"), "{e}");
    // 200, the temporary redirect, the 429 that cleared, HEAD refused
    // then GET: no warning.
    for line in [5, 7, 10, 13] {
        assert!(!e.contains(&at(line)), "line {line} was reported:\n{e}");
    }
    // The 429 was retried after its Retry-After, and no sooner.
    let busy = server.requests("/busy");
    assert_eq!(busy.len(), 2, "{busy:?}");
    assert!(
        busy[1].at - busy[0].at >= Duration::from_secs(1),
        "{busy:?}"
    );
    // HEAD first, GET when HEAD is refused.
    let methods: Vec<_> = server
        .requests("/no-head")
        .into_iter()
        .map(|s| s.method)
        .collect();
    assert_eq!(methods, ["HEAD", "GET"]);
    for row in [
        "ok                       4",
        "moved permanently        1",
        "broken (4xx)             2",
        "server error (5xx)       1",
        "timed out                1",
        "unreachable              1",
    ] {
        assert!(e.contains(row), "no `{row}` in the summary:\n{e}");
    }
}

#[test]
fn a_long_retry_after_is_not_waited_for() {
    let server = server();
    let site = site_with(&format!("[x]({})", server.url("/limited")), FAST);
    let start = Instant::now();
    let run = site.sheaf(&["check", "--external"]);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "it waited for Retry-After: 3600"
    );
    assert!(
        run.stderr
            .contains("429 Too Many Requests, retry after 3600 s"),
        "{}",
        run.stderr
    );
    assert_eq!(server.requests("/limited").len(), 1);
}

#[test]
fn broken_external_links_are_errors_with_strict() {
    let server = server();
    let site = site_with(&format!("[x]({})", server.url("/gone")), FAST);
    let run = site.sheaf(&["check", "--external", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: broken link"), "{}", run.stderr);
}

#[test]
fn requests_to_one_host_are_spaced_by_the_delay() {
    let server = server();
    let body = ["/ok", "/ok-2", "/ok-3"]
        .map(|p| format!("[{p}]({})\n", server.url(p)))
        .concat();
    let site = site_with(&body, "external_delay = \"300ms\"");
    let run = site.sheaf(&["check", "--external"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut times: Vec<Instant> = server.log.lock().unwrap().iter().map(|s| s.at).collect();
    times.sort();
    assert_eq!(times.len(), 3);
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_millis(300), "{times:?}");
    }
}

#[test]
fn lasting_results_are_cached_and_transient_ones_are_asked_again() {
    let server = server();
    let body = format!(
        "[a]({})\n[b]({})\n",
        server.url("/missing"),
        server.url("/error")
    );
    let site = site_with(&body, FAST);
    site.sheaf(&["check", "--external"]);
    let second = site.sheaf(&["check", "--external"]);
    assert!(site.root().join(".sheaf-cache/links.json").is_file());
    assert_eq!(server.requests("/missing").len(), 2, "HEAD then GET, once");
    assert_eq!(
        server.requests("/error").len(),
        4,
        "asked again on the second run"
    );
    assert!(
        second.stderr.contains("1 from the cache"),
        "{}",
        second.stderr
    );
    // A cached result is still reported.
    assert!(second.stderr.contains("404 Not Found"), "{}", second.stderr);
    // With a cache time of zero everything is asked again.
    site.edit("sheaf.toml", |t| {
        t.replace("[check]\n", "[check]\nexternal_cache = \"0s\"\n")
    });
    site.sheaf(&["check", "--external"]);
    assert_eq!(server.requests("/missing").len(), 4);
}

#[test]
fn a_bad_duration_in_check_settings_is_an_error_at_its_line() {
    let site = site_with("", "external_timeout = \"soon\"");
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("sheaf.toml:5:"), "{}", run.stderr);
    assert!(run.stderr.contains("is not a duration"), "{}", run.stderr);
}

#[test]
fn bibliography_urls_are_checked_and_reported_at_their_entry() {
    let server = server();
    let site = site_with("As @gone2020 found.", FAST);
    site.edit("sheaf.toml", |t| {
        t.replacen("\n", "\nbibliography = [\"references.bib\"]\n", 1)
    });
    site.write(
        "references.bib",
        &format!(
            "@misc{{gone2020,\n  title = {{A removed report}},\n  author = {{Doe, Jane}},\n  year = {{2020}},\n  url = {{{}}}\n}}\n",
            server.url("/gone")
        ),
    );
    let run = site.sheaf(&["check", "--external"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("references.bib:1:") && run.stderr.contains("410 Gone"),
        "{}",
        run.stderr
    );
}
