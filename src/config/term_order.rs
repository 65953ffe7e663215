//! `[taxonomy_order]` in sheaf.toml: per taxonomy, the terms listed first
//! and in that order. Checked on load against `taxonomies`; the sorting
//! itself is `crate::content::term_order`'s.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::text::key_span;

/// `[taxonomy_order]` as written: taxonomy name to its terms in order.
pub type TaxonomyOrder = BTreeMap<String, Vec<String>>;

/// Errors for `[taxonomy_order]` entries that name no configured taxonomy.
pub fn check_order(
    order: &TaxonomyOrder,
    taxonomies: &[String],
    source: &SourceFile,
) -> Vec<Diagnostic> {
    order
        .keys()
        .filter(|name| !taxonomies.contains(name))
        .map(|name| {
            Diagnostic::error(format!(
                "`[taxonomy_order]` names `{name}`, which is not in `taxonomies`"
            ))
            .at_span(source, key_span(&source.text, name))
            .help(if taxonomies.is_empty() {
                format!("add \"{name}\" to `taxonomies`, or remove this line")
            } else {
                format!(
                    "use one of: {}, or add \"{name}\" to `taxonomies`",
                    taxonomies.join(", ")
                )
            })
        })
        .collect()
}
