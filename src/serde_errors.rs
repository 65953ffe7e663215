//! Rewrites serde's messages ("unknown field `x`, expected one of ...") into
//! author-facing ones with did-you-mean help. Shared by `sheaf.toml` and
//! front matter, which are both deserialized with `deny_unknown_fields`.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceFile, closest, did_you_mean};

/// The words between backticks in a serde message.
fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

pub fn deserialize_error_to_diagnostic(
    message: &str,
    file: &SourceFile,
    span: Range<usize>,
    fallback_help: &str,
) -> Diagnostic {
    let message = message.trim();
    let words = backticked(message);
    let (text, help) = if message.starts_with("unknown field") && !words.is_empty() {
        let unknown = words[0];
        let expected = &words[1..];
        let help = did_you_mean(&closest(unknown, expected.iter().copied()))
            .map(|h| format!("{h} (unknown keys are not allowed; put your own data under [extra])"))
            .unwrap_or_else(|| {
                format!(
                    "the keys allowed here are {}; put your own data under [extra]",
                    expected
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        (format!("unknown key `{unknown}`"), help)
    } else if message.starts_with("unknown variant") && !words.is_empty() {
        let unknown = words[0];
        let expected = &words[1..];
        let allowed = expected
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match did_you_mean(&closest(unknown, expected.iter().copied())) {
            Some(h) => format!("{h} (allowed: {allowed})"),
            None => format!("allowed values are {allowed}"),
        };
        (format!("unknown value `{unknown}`"), help)
    } else if message.starts_with("missing field") && !words.is_empty() {
        (
            format!("missing required key `{}`", words[0]),
            format!("add `{} = ...`; {fallback_help}", words[0]),
        )
    } else if message.contains("calendar date") || message.contains("YYYY-MM-DD") {
        (
            message.lines().next().unwrap_or(message).to_string(),
            "write dates as YYYY-MM-DD (a TOML date needs no quotes: date = 2024-03-01)"
                .to_string(),
        )
    } else {
        (
            message.lines().next().unwrap_or(message).to_string(),
            fallback_help.to_string(),
        )
    };
    Diagnostic::error(text).at_span(file, span).help(help)
}
