//! How readability reaches authors: the compact table `sheaf check`
//! prints and the one JSON document of `sheaf check --format json`.

use serde::Serialize;

use super::{PageReadability, show_target};
use crate::diagnostics::{Diagnostic, Severity};

/// The table: one row per page — grade by both measures, target, words,
/// warnings.
pub fn table(pages: &[PageReadability]) -> String {
    if pages.is_empty() {
        return String::new();
    }
    let width = pages
        .iter()
        .map(|p| p.file.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = format!(
        "{:<width$}  {:>5}  {:>5}  {:>6}  {:>6}  {:>8}\n",
        "page", "FK", "SMOG", "target", "words", "warnings"
    );
    for p in pages {
        let target = match (p.target, p.exempt) {
            (Some(t), _) => show_target(t),
            (None, true) => "off".into(),
            (None, false) => "-".into(),
        };
        let flag = if p.target.is_some_and(|t| p.flesch_kincaid_grade > t) {
            " above"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:<width$}  {:>5.1}  {:>5.1}  {:>6}  {:>6}  {:>8}{flag}\n",
            p.file, p.flesch_kincaid_grade, p.smog_index, target, p.words, p.warnings
        ));
    }
    out
}

/// A diagnostic as JSON: where it points, what is wrong and how to fix it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: &'static str,
    pub message: &'a str,
    pub file: Option<&'a str>,
    /// 1-based; null when the diagnostic has no line.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub label: Option<&'a str>,
    pub help: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        let loc = d.location.as_ref();
        Self {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: &d.message,
            file: loc.map(|l| l.file.as_str()),
            line: loc.map(|l| l.line).filter(|&n| n > 0),
            column: loc.map(|l| l.column).filter(|&n| n > 0),
            label: d.label.as_deref(),
            help: d.help.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    pages: &'a [PageReadability],
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// `{"pages": [...], "diagnostics": [...]}`, the schema of
/// docs/plain-language.md.
pub fn json(pages: &[PageReadability], diagnostics: &[Diagnostic]) -> String {
    let doc = Document {
        pages,
        diagnostics: diagnostics.iter().map(JsonDiagnostic::from).collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into())
}
