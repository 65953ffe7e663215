//! The whole Markdown pass (heading ids, `@/` links, citations, plain
//! text) with a small link index and a citation stub.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use sheaf::diagnostics::SourceFile;
use sheaf::markdown::{Citation, CitationRenderer, LinkIndex, LinkTarget, MarkdownInput, render};
use sheaf::text::escape_html;

struct Stub;

impl CitationRenderer for Stub {
    fn has_key(&self, key: &str) -> bool {
        key.len().is_multiple_of(2)
    }
    fn suggest(&self, key: &str) -> Vec<String> {
        vec![format!("{key}x")]
    }
    fn bibliography_name(&self) -> String {
        "references.bib".into()
    }
    fn render(&self, c: &Citation) -> String {
        escape_html(
            &c.items
                .iter()
                .map(|i| i.key.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        )
    }
}

fuzz_target!(|text: &str| {
    let mut targets = HashMap::new();
    targets.insert("a.md".to_string(), LinkTarget { url: "/a/".into() });
    let links = LinkIndex { targets };
    let file = SourceFile::new("content/p.md", text);
    let out = render(&MarkdownInput {
        file: &file,
        body_offset: 0,
        links: &links,
        citations: Some(&Stub),
    });
    for d in &out.diagnostics {
        let _ = d.render(true);
    }
    for c in &out.citations {
        for item in &c.items {
            assert_eq!(&text[item.key_span.clone()], item.key);
        }
    }
});
