//! The order taxonomy terms are listed in: the terms a site lists under
//! `[taxonomy_order]` in sheaf.toml first, in that order, then the rest in
//! natural order (terms starting with a number first, by its value, then
//! alphabetically ignoring case), so "5 to 8" comes before "9 to 12" and
//! "10 to 12", and those before "Birth to 5".

use std::cmp::Ordering;
use std::collections::HashMap;

use super::Term;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

/// Natural order of two term names: numbers by value, letters ignoring
/// case and accents (`é` sorts with `e`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    lexical_sort::natural_lexical_cmp(a, b).then_with(|| a.cmp(b))
}

/// Sorts one taxonomy's terms: the configured ones first, in the given
/// order, then the rest naturally. A configured term no page uses is a
/// warning at its place in sheaf.toml: it is most likely misspelled.
pub fn sort_terms(
    terms: &mut [Term],
    configured: Option<&[String]>,
    config: &SourceFile,
    taxonomy: &str,
    diags: &mut Diagnostics,
) {
    let mut rank: HashMap<String, usize> = HashMap::new();
    for (i, name) in configured.unwrap_or_default().iter().enumerate() {
        let slug = slug::slugify(name);
        if !terms.iter().any(|t| t.slug == slug) {
            diags.push(
                Diagnostic::warning(format!(
                    "`[taxonomy_order]` lists the {taxonomy} term `{name}`, which no page uses"
                ))
                .at_span(config, quoted_span(&config.text, name))
                .help(format!(
                    "check the spelling against the terms in your pages' `[taxonomies]` {taxonomy} lists, or remove it"
                )),
            );
        }
        rank.entry(slug).or_insert(i);
    }
    terms.sort_by(|a, b| {
        match (rank.get(&a.slug), rank.get(&b.slug)) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => natural_cmp(&a.name, &b.name),
        }
        .then_with(|| a.slug.cmp(&b.slug))
    });
}

/// Where `"name"` is written in sheaf.toml (its first quoted occurrence).
fn quoted_span(text: &str, name: &str) -> std::ops::Range<usize> {
    for quote in ['"', '\''] {
        if let Some(i) = text.find(&format!("{quote}{name}{quote}")) {
            return i + 1..i + 1 + name.len();
        }
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;

    #[test]
    fn numbers_come_first_by_value_then_letters_ignoring_case() {
        let mut names = vec![
            "birth to 5",
            "Birth to 4",
            "9 to 12",
            "10 to 12",
            "5 to 8",
            "Adolescents",
            "école",
            "Early years",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "5 to 8",
                "9 to 12",
                "10 to 12",
                "Adolescents",
                "Birth to 4",
                "birth to 5",
                "Early years",
                "école",
            ]
        );
    }
}
