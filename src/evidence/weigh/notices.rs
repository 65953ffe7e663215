//! `check --external`'s Crossref update notices as diagnostics: a warning
//! at every citation of a work Crossref lists with a retraction,
//! correction or expression of concern, and notes (never failures) for
//! DOIs that could not be asked about.

use crate::diagnostics::Diagnostic;

/// What `check --external` found at Crossref: warnings at every citation
/// of a work with an update notice, and notes (not failures) for DOIs that
/// could not be asked about.
/// `docs`: the pages' and the sections' rendered Markdown, in `content`
/// order.
pub fn crossref_check(
    config: &crate::config::Config,
    content: &crate::content::Content,
    docs: [&[crate::markdown::Rendered]; 2],
    bibliography: &crate::evidence::Bibliography,
    backlinks: &crate::evidence::linking::Backlinks,
) -> (Vec<Diagnostic>, Vec<String>) {
    use crate::links::crossref::{CrossrefCache, check_dois};
    let [page_docs, section_docs] = docs;
    let mut keys_by_doi: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
    for work in bibliography.works() {
        if let Some(doi) = &work.doi
            && backlinks.by_key.contains_key(&work.key)
        {
            keys_by_doi.entry(doi.clone()).or_default().push(&work.key);
        }
    }
    let dois: Vec<String> = keys_by_doi.keys().cloned().collect();
    let root = &config.root;
    let mut cache = CrossrefCache::load(root);
    let found = check_dois(&dois, &config.check, &mut cache);
    let mut notes = Vec::new();
    if let Err(e) = cache.save(root) {
        notes.push(format!(
            "cannot write the Crossref cache {}: {e}; the next check asks Crossref again",
            crate::links::crossref::cache_path(root).display()
        ));
    }
    if !found.unreachable.is_empty() {
        let (doi, why) = &found.unreachable[0];
        notes.push(format!(
            "could not ask Crossref about {} DOI{} ({doi}: {why}); their update notices were not checked — run the check again when {} answers",
            found.unreachable.len(),
            if found.unreachable.len() == 1 { "" } else { "s" },
            config.check.crossref_url
        ));
    }
    let mut out = Vec::new();
    let files = content
        .pages
        .iter()
        .map(|p| &*p.source)
        .zip(page_docs)
        .chain(
            content
                .sections
                .iter()
                .map(|s| &*s.source)
                .zip(section_docs),
        );
    let mut by_key: rustc_hash::FxHashMap<&str, (&str, &[crate::links::crossref::Notice])> =
        Default::default();
    for (doi, notices) in &found.notices {
        for key in keys_by_doi.get(doi).into_iter().flatten() {
            by_key.insert(key, (doi, notices));
        }
    }
    if by_key.is_empty() {
        return (out, notes);
    }
    for (file, doc) in files {
        for item in doc.citations.iter().flat_map(|c| &c.items) {
            let Some((doi, notices)) = by_key.get(item.key.as_str()) else {
                continue;
            };
            let what: Vec<String> = notices
                .iter()
                .map(|n| match &n.date {
                    Some(date) => format!("{} ({date})", n.label()),
                    None => n.label(),
                })
                .collect();
            let notice_links: Vec<String> = notices
                .iter()
                .filter_map(|n| n.doi.as_ref().map(|d| format!("https://doi.org/{d}")))
                .collect();
            let mut help = "read the notice, then update the claim or the source's notes (status = \"retracted\" or \"corrected\")".to_string();
            if !notice_links.is_empty() {
                help = format!(
                    "read the notice at {}, then update the claim or the source's notes (status = \"retracted\" or \"corrected\")",
                    notice_links.join(", ")
                );
            }
            out.push(
                Diagnostic::warning(format!(
                    "cites `{}`, which Crossref lists with an update notice: {}",
                    item.key,
                    what.join(", ")
                ))
                .at_span(
                    file,
                    item.key_span.start.saturating_sub(1)..item.key_span.end,
                )
                .label(format!("doi:{doi}"))
                .help(help),
            );
        }
    }
    (out, notes)
}
