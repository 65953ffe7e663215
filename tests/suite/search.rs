//! The default theme's client-side search (themes/default/static/search.js):
//! snippets that keep words whole and highlights that line up with the text
//! for English, Hangul and emoji, checked by tests/browser/search_snippets.js
//! under Node. Without `node` on PATH the test fails and says so.

use std::path::Path;
use std::process::Command;

#[test]
fn search_snippets_keep_words_whole_and_highlights_line_up() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/search_snippets.js");
    let output = match Command::new("node").arg(&script).output() {
        Ok(output) => output,
        Err(e) => panic!(
            "this test needs `node` on PATH to run {}: {e}",
            script.display()
        ),
    };
    assert!(
        output.status.success(),
        "{} failed:\n{}{}",
        script.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
