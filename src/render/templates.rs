//! Tera setup: every template compiled once per build, and Tera's errors
//! turned into diagnostics that name the template file and line.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Context, ErrorKind, Tera};

use super::strings::Strings;
use super::theme::Theme;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::text::position::{self, Column};

/// The compiled templates and their sources (for error snippets).
pub struct Templates {
    pub tera: Tera,
    /// The strings table `t()` reads, for checks made before rendering.
    pub strings: Arc<Strings>,
    sources: HashMap<String, Arc<SourceFile>>,
}

impl Templates {
    pub fn compile(
        theme: &Theme,
        strings: Arc<Strings>,
        global: Context,
    ) -> Result<Templates, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut sources = HashMap::new();
        let mut texts = Vec::new();
        for (name, file) in &theme.templates {
            match file.read().map(String::from_utf8) {
                Ok(Ok(text)) => {
                    sources.insert(
                        name.clone(),
                        SourceFile::new(file.shown.clone(), text.clone()),
                    );
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
        register_functions(&mut tera, &strings);
        // Each template is added on its own first so a syntax error names
        // the right file; then all together so inheritance is resolved.
        for (name, text) in &texts {
            let mut probe = Tera::new();
            register_functions(&mut probe, &strings);
            if let Err(e) = probe.add_raw_template(name, text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                diags.push(to_diagnostic(&e, &sources, name));
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if let Err(e) = tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            match e.kind() {
                // Unknown filters, tests and functions arrive as reports
                // already rendered to text, one per use.
                ErrorKind::Msg(text) if text.contains("\n") => {
                    diags.extend(parse_reports(text, &sources))
                }
                _ => diags.push(to_diagnostic(&e, &sources, "")),
            }
            return Err(diags);
        }
        *tera.global_context() = global;
        Ok(Templates {
            tera,
            strings,
            sources,
        })
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

/// The functions and filters sheaf adds to Tera's own: the strings table's
/// `t`, and the filters Tera 1 (and so Zola's templates) had built in that
/// Tera 2 moved to `tera-contrib`, under their Tera 1 names, so ported
/// templates work unchanged.
fn register_functions(tera: &mut Tera, strings: &Arc<Strings>) {
    use tera_contrib::{base64, dates, filesize_format, json, slug, urlencode};
    tera.register_function(
        "t",
        super::translate::Translate::new(strings.clone()).tera_function(),
    );
    tera.register_filter("date", dates::date);
    tera.register_function("now", dates::now);
    tera.register_test("before", dates::is_before);
    tera.register_test("after", dates::is_after);
    tera.register_filter("slugify", slug::slug);
    tera.register_filter("urlencode", urlencode::urlencode);
    tera.register_filter("urlencode_strict", urlencode::urlencode_strict);
    tera.register_filter("filesizeformat", filesize_format::filesize_format);
    tera.register_filter("json_encode", json::json_encode);
    tera.register_filter("base64_encode", base64::b64_encode);
    tera.register_filter("base64_decode", base64::b64_decode);
}

/// Reads Tera's pre-rendered reports (`error: MSG` then ` --> name:line:col`).
fn parse_reports(text: &str, sources: &HashMap<String, Arc<SourceFile>>) -> Vec<Diagnostic> {
    let help = "fix the template; the filters, tests and functions Tera 2 provides are listed in docs/templates.md";
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(locus) = lines
            .get(i + 1)
            .and_then(|l| l.trim_start().strip_prefix("--> "))
        else {
            out.push(Diagnostic::error(format!("template error: {message}")).help(help));
            continue;
        };
        let mut parts = locus.rsplitn(3, ':');
        let (col, line_no, name) = (parts.next(), parts.next(), parts.next());
        let position = line_no
            .and_then(|l| l.parse::<usize>().ok())
            .zip(col.and_then(|c| c.parse::<usize>().ok()));
        let diagnostic = Diagnostic::error(format!("template error: {message}")).help(help);
        out.push(match (name.and_then(|n| sources.get(n)), position) {
            (Some(file), Some((line_no, col))) => {
                let start = position::offset(&file.text, line_no, Column::Chars(col));
                let word = file.text[start..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .map(char::len_utf8)
                    .sum::<usize>();
                diagnostic.at_span(file, start..start + word.max(1))
            }
            (Some(file), None) => diagnostic.in_file(file.display_path.clone()),
            (None, _) => diagnostic.in_file(name.unwrap_or(locus).to_string()),
        });
    }
    out
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn to_diagnostic(
    error: &tera::Error,
    sources: &HashMap<String, Arc<SourceFile>>,
    template: &str,
) -> Diagnostic {
    let help = "fix the template; docs/templates.md lists the variables each template receives";
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() {
                template
            } else {
                report.filename()
            };
            let message = format!("template error: {}", report.message());
            match sources.get(name) {
                Some(file) => {
                    let span = report.span();
                    // Tera's columns count characters from 0.
                    let start = position::offset(
                        &file.text,
                        span.start_line,
                        Column::Chars(span.start_col + 1),
                    );
                    let width = if span.end_line == span.start_line && span.end_col > span.start_col
                    {
                        span.end_col - span.start_col
                    } else {
                        1
                    };
                    let end = position::offset(
                        &file.text,
                        span.start_line,
                        Column::Chars(span.start_col + width + 1),
                    );
                    Diagnostic::error(message)
                        .at_span(file, start..end)
                        .help(help)
                }
                None => Diagnostic::error(message)
                    .in_file(name.to_string())
                    .help(help),
            }
        }
        ErrorKind::TemplateNotFound(missing) => {
            let shown = sources
                .get(template)
                .map_or(template.to_string(), |f| f.display_path.clone());
            Diagnostic::error(format!("template `{missing}` not found"))
                .in_file(shown)
                .help("add the template to templates/ or fix its name; the built-in theme's templates are listed in docs/templates.md")
        }
        _ => {
            let shown = sources
                .get(template)
                .map_or(template.to_string(), |f| f.display_path.clone());
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
