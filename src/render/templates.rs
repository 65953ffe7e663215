//! Tera setup: every template compiled once per build, and Tera's errors
//! turned into diagnostics that name the template file and line.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Context, ErrorKind, Tera};

use super::theme::Theme;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

/// The compiled templates and their sources (for error snippets).
pub struct Templates {
    pub tera: Tera,
    sources: HashMap<String, Arc<SourceFile>>,
}

impl Templates {
    pub fn compile(theme: &Theme, global: Context) -> Result<Templates, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut sources = HashMap::new();
        let mut texts = Vec::new();
        for (name, file) in &theme.templates {
            match file.read().map(String::from_utf8) {
                Ok(Ok(text)) => {
                    sources.insert(name.clone(), SourceFile::new(file.shown.clone(), text.clone()));
                    texts.push((name.clone(), text));
                }
                Ok(Err(_)) => diags.push(
                    Diagnostic::error(format!("template {} is not valid UTF-8", file.shown))
                        .in_file(file.shown.clone())
                        .help("save the template as UTF-8"),
                ),
                Err(d) => diags.push(d),
            }
        }
        let mut tera = Tera::new();
        // Each template is added on its own first so a syntax error names
        // the right file; then all together so inheritance is resolved.
        for (name, text) in &texts {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(name, text) {
                if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                    diags.push(to_diagnostic(&e, &sources, name));
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if let Err(e) = tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            diags.push(to_diagnostic(&e, &sources, ""));
            return Err(diags);
        }
        *tera.global_context() = global;
        Ok(Templates { tera, sources })
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| to_diagnostic(&e, &self.sources, name))
    }
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn to_diagnostic(error: &tera::Error, sources: &HashMap<String, Arc<SourceFile>>, template: &str) -> Diagnostic {
    let help = "fix the template; docs/templates.md lists the variables each template receives";
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() { template } else { report.filename() };
            let message = format!("template error: {}", report.message());
            match sources.get(name) {
                Some(file) => {
                    let span = report.span();
                    let line_start = file.text.split_inclusive('\n').take(span.start_line.saturating_sub(1)).map(str::len).sum::<usize>();
                    let line = file.text[line_start..].lines().next().unwrap_or("");
                    let start = line_start + line.char_indices().nth(span.start_col).map_or(line.len(), |(i, _)| i);
                    let width = if span.end_line == span.start_line && span.end_col > span.start_col {
                        span.end_col - span.start_col
                    } else {
                        1
                    };
                    let end = line_start + line.char_indices().nth(span.start_col + width).map_or(line.len(), |(i, _)| i);
                    Diagnostic::error(message).at_span(file, start..end).help(help)
                }
                None => Diagnostic::error(message).in_file(name.to_string()).help(help),
            }
        }
        ErrorKind::TemplateNotFound(missing) => {
            let shown = sources.get(template).map_or(template.to_string(), |f| f.display_path.clone());
            Diagnostic::error(format!("template `{missing}` not found"))
                .in_file(shown)
                .help("add the template to templates/ or fix its name; the built-in theme's templates are listed in docs/templates.md")
        }
        _ => {
            let shown = sources.get(template).map_or(template.to_string(), |f| f.display_path.clone());
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            Diagnostic::error(format!("template error: {message}"))
                .in_file(shown)
                .help(help)
        }
    }
}
