//! Output paths and aliases: whatever is accepted stays inside the output
//! folder when joined to it; `SourceFile::locate` clamps any span.
#![no_main]

use std::path::{Component, Path};

use libfuzzer_sys::fuzz_target;
use sheaf::diagnostics::SourceFile;
use sheaf::output::{alias_file, safe_relative_path};

fn inside(rel: &str) {
    let root = Path::new("/srv/public");
    assert!(root.join(rel).starts_with(root));
    assert!(
        Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    );
}

fuzz_target!(|input: (usize, usize, &str)| {
    let (a, b, text) = input;
    if safe_relative_path(text).is_ok() {
        inside(text);
    }
    if let Ok(file) = alias_file(text) {
        inside(&file);
    }
    let loc = SourceFile::new("f.md", text).locate(a..b);
    assert!(loc.line >= 1 && loc.column >= 1);
});
