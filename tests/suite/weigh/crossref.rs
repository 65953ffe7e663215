//! `sheaf check --external` asking a Crossref stand-in on 127.0.0.1 for
//! each DOI's update notices: it answers like Crossref's `works/{doi}`
//! (a retraction in `updated-by`, no notices, an error, a slow answer);
//! the cache makes a second run offline. Other HTTPS requests (the DOI
//! links themselves) go to a closed local proxy port, so nothing leaves
//! the machine.

use std::time::Duration;

use crate::harness::{Site, TIMEOUT, sheaf_with};
use crate::standin::{Answer, Seen, StandIn, closed_port};

const RETRACTED: &str = r#"{"status":"ok","message-type":"work","message":{"DOI":"10.5555/gone.2015","title":["A study later retracted"],"updated-by":[{"DOI":"10.5555/notice.2021","type":"retraction","label":"Retraction","source":"retraction-watch","updated":{"date-parts":[[2021,5,3]]}}]}}"#;
const CURRENT: &str = r#"{"status":"ok","message-type":"work","message":{"DOI":"10.5555/new.2024","title":["A newer review"]}}"#;

/// Answers like Crossref's `works/{doi}`.
fn crossref(request: &Seen, _earlier: usize) -> Answer {
    let json = "content-type: application/json\r\n";
    match request.path.as_str() {
        "/works/10.5555/gone.2015" => Answer::new("200 OK", json, RETRACTED),
        "/works/10.5555/new.2024" => Answer::new("200 OK", json, CURRENT),
        "/works/10.5555/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            Answer::new("200 OK", json, CURRENT)
        }
        "/works/10.5555/broken" => Answer::new("500 Internal Server Error", json, "oops"),
        _ => Answer::new("404 Not Found", json, "Resource not found."),
    }
}

/// The currency fixture without its own `status = "retracted"`, asking
/// Crossref at `url`.
fn site(url: &str) -> Site {
    let site = Site::fixture("weigh/currency");
    site.edit("content/evidence/gone2015.md", |t| {
        t.replace("status = \"retracted\"\n", "")
    });
    site.edit("content/evidence/old2010.md", |t| {
        t.replace("status = \"superseded\"\nsuperseded_by = \"new2024\"\n", "")
    });
    set_crossref(&site, url);
    site
}

fn set_crossref(site: &Site, url: &str) {
    site.edit("sheaf.toml", |t| {
        let t = t.split("\n[check]").next().unwrap().to_string();
        t + &format!(
            "\n[check]\ncrossref_url = \"{url}\"\nexternal_timeout = \"1s\"\nexternal_delay = \"0ms\"\n"
        )
    });
}

fn check(site: &Site) -> crate::harness::Run {
    let proxy = format!("http://127.0.0.1:{}", closed_port());
    let env = [
        ("SOURCE_DATE_EPOCH", "1780000000"),
        ("HTTPS_PROXY", proxy.as_str()),
        ("HTTP_PROXY", proxy.as_str()),
        ("ALL_PROXY", proxy.as_str()),
        ("NO_PROXY", "127.0.0.1"),
    ];
    sheaf_with(site.root(), &["check", "--external"], &env, TIMEOUT)
}

#[test]
fn a_crossref_retraction_warns_at_each_citation_and_the_cache_makes_the_second_run_offline() {
    let server = StandIn::start(crossref);
    let site = site(&format!("{}/", server.url("")));
    let run = check(&site);
    let stderr = &run.stderr;
    let warning =
        "cites `gone2015`, which Crossref lists with an update notice: retraction (2021-05-03)";
    assert_eq!(stderr.matches(warning).count(), 2, "{stderr}");
    assert!(stderr.contains("content/pages/one.md:8:49"), "{stderr}");
    assert!(stderr.contains("content/pages/two.md:10:48"), "{stderr}");
    assert!(
        stderr.contains("https://doi.org/10.5555/notice.2021"),
        "{stderr}"
    );
    assert!(!stderr.contains("`new2024`, which Crossref"), "{stderr}");
    assert_eq!(server.requests("/works/10.5555/gone.2015").len(), 1);
    assert_eq!(server.requests("/works/10.5555/new.2024").len(), 1);
    assert!(site.root().join(".sheaf-cache/crossref.json").is_file());

    // Crossref is gone: the answers come from the cache.
    set_crossref(&site, &format!("http://127.0.0.1:{}/", closed_port()));
    let again = check(&site);
    assert_eq!(again.stderr.matches(warning).count(), 2, "{}", again.stderr);
    assert!(
        !again.stderr.contains("could not ask Crossref"),
        "{}",
        again.stderr
    );
    assert_eq!(
        server.requests("/works/10.5555/gone.2015").len(),
        1,
        "not asked again"
    );
}

#[test]
fn errors_slow_answers_and_no_network_are_a_note_not_a_failure() {
    let server = StandIn::start(crossref);
    let site = site(&format!("{}/", server.url("")));
    site.edit("refs.bib", |t| {
        t.replace("10.5555/gone.2015", "10.5555/slow")
            .replace("10.5555/new.2024", "10.5555/broken")
    });
    let run = check(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: could not ask Crossref about 2 DOIs"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Crossref lists"), "{}", run.stderr);
    // Failures are not cached: the next run asks again.
    let _ = check(&site);
    assert_eq!(server.requests("/works/10.5555/broken").len(), 2);

    let offline = site_with_closed_crossref();
    let run = check(&offline);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: could not ask Crossref about 2 DOIs"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("cannot connect"), "{}", run.stderr);
}

fn site_with_closed_crossref() -> Site {
    site(&format!("http://127.0.0.1:{}/", closed_port()))
}
