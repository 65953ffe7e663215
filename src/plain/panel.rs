//! The author panel of `sheaf serve`: a small box on each served page
//! listing that page's plain-language warnings. It is made from the last
//! good build's diagnostics alone, injected by `serve` beside its
//! live-reload script, and never written by `build`.

use crate::diagnostics::Diagnostic;
use crate::text::escape_html;

/// The messages the readability checks give, so other warnings stay in
/// the terminal.
fn is_plain_language(d: &Diagnostic) -> bool {
    let m = d.message.as_str();
    m.contains(" reads at grade ")
        || (m.starts_with("sentence of ") && m.contains(" words; the most is "))
        || m.contains("”: a plainer word is “")
}

/// The panel for the page built from `origin` (`content/factsheets/x.md`),
/// or `None` when that page has no plain-language warning.
pub fn panel_html(diagnostics: &[Diagnostic], origin: &str) -> Option<String> {
    let mine: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| is_plain_language(d))
        .filter(|d| d.location.as_ref().is_some_and(|l| l.file == origin))
        .collect();
    if mine.is_empty() {
        return None;
    }
    let mut out = format!(
        "<aside id=\"sheaf-author-panel\" aria-label=\"Plain language (sheaf serve only)\" style=\"position:fixed;right:.75rem;bottom:.75rem;z-index:2147483646;max-width:26rem;max-height:40vh;overflow:auto;background:#fffbe6;color:#1a1a1a;border:2px solid #8a6d00;border-radius:6px;padding:.5rem .75rem;font:14px/1.4 system-ui,sans-serif\"><details open><summary><strong>Plain language: {} warning{}</strong></summary><ul style=\"margin:.25rem 0 0;padding-left:1.1rem\">",
        mine.len(),
        if mine.len() == 1 { "" } else { "s" }
    );
    for d in mine {
        let line = d.location.as_ref().map_or(0, |l| l.line);
        out.push_str(&format!("<li>line {line}: {}", escape_html(&d.message)));
        if let Some(label) = &d.label {
            out.push_str(&format!(" <small>({})</small>", escape_html(label)));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></details></aside>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;

    #[test]
    fn lists_only_this_pages_plain_language_warnings() {
        let file = SourceFile::new("content/a.md", "line one\nutilise <it>\n");
        let other = SourceFile::new("content/b.md", "x\n");
        let diags = [
            Diagnostic::warning("“utilise”: a plainer word is “use”")
                .at_span(&file, 9..16)
                .label("try “use”"),
            Diagnostic::warning("image without alt text").at_span(&file, 0..4),
            Diagnostic::warning("sentence of 40 words; the most is 30").at_span(&other, 0..1),
        ];
        let html = panel_html(&diags, "content/a.md").unwrap();
        assert!(html.contains("Plain language: 1 warning<"), "{html}");
        assert!(
            html.contains(
                "<li>line 2: “utilise”: a plainer word is “use” <small>(try “use”)</small></li>"
            ),
            "{html}"
        );
        assert!(panel_html(&diags, "content/c.md").is_none());
    }
}
