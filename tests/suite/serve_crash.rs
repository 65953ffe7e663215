//! A bug in sheaf must not take `sheaf serve` down or silence it: a panic
//! during a rebuild or while a request regenerates the site-wide files is
//! shown in the overlay and on the terminal as an internal error, the last
//! good build stays served, and the next save recovers. The panic comes
//! from the test-only `SHEAF_TEST_PANIC` trigger (docs/serve.md).

use crate::harness::Site;
use crate::serve::Server;

const MARKER: &str = "panic-here-for-the-test";

fn edit(site: &Site, rel: &str, change: impl FnOnce(String) -> String) {
    site.edit(rel, change);
}

#[test]
fn a_panic_while_serving_the_feed_is_reported_and_the_next_save_recovers() {
    let site = Site::fixture("serve/site");
    let mut server = Server::start_with_env(site.root(), &[("SHEAF_TEST_PANIC", MARKER)]);
    let mut events = server.events();

    // A partial rebuild does not make the feed, so this save succeeds ...
    edit(&site, "content/factsheets/reading.md", |t| {
        t + &format!("\n{MARKER}\n")
    });
    events.next_event("reload");
    server.wait_for_line("rebuilt in");
    // ... and asking for the feed makes it, which panics under the lock.
    let feed = server.get("/atom.xml");
    assert!(matches!(feed.status, 200 | 500), "status {}", feed.status);
    let line = server.wait_for_line("internal error: sheaf crashed");
    assert!(line.contains("SHEAF_TEST_PANIC marker found"), "{line}");
    server.wait_for_line("please report it");
    events.next_event("reload");
    let page = server.get("/factsheets/talking/");
    assert_eq!(page.status, 200, "the last good build is still served");
    assert!(page.body.contains("id=\"sheaf-overlay\""), "{}", page.body);
    assert!(page.body.contains("internal error"), "{}", page.body);
    assert!(page.body.contains("please report it"), "{}", page.body);

    // The next save is not ignored: a full rebuild, and the overlay goes.
    edit(&site, "content/factsheets/reading.md", |t| {
        t.replace(MARKER, "Recovered-marker.")
    });
    events.next_event("reload");
    server.wait_for_line("rebuilt in");
    let page = server.get("/factsheets/reading/");
    assert!(!page.body.contains("sheaf-overlay"), "{}", page.body);
    assert!(page.body.contains("Recovered-marker."));
    assert_eq!(server.get("/atom.xml").status, 200);
}

#[test]
fn a_panic_in_a_full_rebuild_keeps_serving_and_the_fix_recovers() {
    let site = Site::fixture("serve/site");
    let mut server = Server::start_with_env(site.root(), &[("SHEAF_TEST_PANIC", MARKER)]);
    let mut events = server.events();

    // A new page is a full rebuild, which makes the site-wide files.
    site.write(
        "content/factsheets/crash.md",
        &format!("+++\ntitle = \"Crash\"\n+++\n{MARKER}\n"),
    );
    events.next_event("reload");
    server.wait_for_line("internal error: sheaf crashed: SHEAF_TEST_PANIC");
    server.wait_for_line("build failed");
    let page = server.get("/factsheets/reading/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("internal error"), "{}", page.body);
    assert!(
        page.body.contains("showing the last good build"),
        "{}",
        page.body
    );

    site.write(
        "content/factsheets/crash.md",
        "+++\ntitle = \"Crash\"\n+++\nFixed-marker.\n",
    );
    events.next_event("reload");
    server.wait_for_line("rebuilt in");
    let page = server.get("/factsheets/crash/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Fixed-marker.") && !page.body.contains("sheaf-overlay"));
}

#[test]
fn the_first_build_error_page_does_not_claim_a_last_good_build() {
    let site = Site::fixture("serve/site");
    site.edit("content/factsheets/talking.md", |t| {
        t.replace("+++\n\nAsk", "+++\n\n[@missing2000] Ask")
    });
    let server = Server::start(site.root());
    let page = server.get("/factsheets/talking/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("missing2000"), "{}", page.body);
    assert!(!page.body.contains("last good build"), "{}", page.body);
    assert!(
        page.body.contains("no build has succeeded yet"),
        "{}",
        page.body
    );
}
