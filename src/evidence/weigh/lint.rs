//! The wording lint: causal wording ("improves", "leads to") in a sentence
//! whose citations all come from sources that cannot support causal
//! claims, and wording of certainty ("proves", "clear evidence") when no
//! cited source is strong. Warnings at the word's file:line:col (errors
//! under `--strict`), in `build`, `check` and the serve overlay.

use rayon::prelude::*;

use super::Strengths;
use super::WeighConfig;
use super::words::{WordList, Words};
use crate::content::Content;
use crate::content::front_matter::EvidenceLevel;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown::Rendered;

/// The configured wording, compiled once per build.
#[derive(Debug, Clone, Default)]
pub struct Wording {
    causal: WordList,
    certainty: WordList,
}

impl Wording {
    pub fn new(config: &WeighConfig) -> Self {
        Wording {
            causal: WordList::new(&config.causal_words),
            certainty: WordList::new(&config.certainty_words),
        }
    }
}

/// Lints every page, section body and evidence note.
pub fn lint_site(
    content: &Content,
    docs: [&[Rendered]; 3],
    strengths: &Strengths,
    wording: &Wording,
) -> Vec<Diagnostic> {
    let [pages, sections, notes] = docs;
    let files = content
        .pages
        .iter()
        .map(|p| &*p.source)
        .zip(pages)
        .chain(content.sections.iter().map(|s| &*s.source).zip(sections))
        .chain(content.notes.iter().map(|n| &*n.source).zip(notes));
    let docs: Vec<(&SourceFile, &Rendered)> =
        files.filter(|(_, d)| !d.sentences.is_empty()).collect();
    docs.par_iter()
        .flat_map_iter(|(file, doc)| lint_document(file, doc, strengths, wording))
        .collect()
}

/// The wording warnings of one document.
pub fn lint_document(
    file: &SourceFile,
    doc: &Rendered,
    strengths: &Strengths,
    wording: &Wording,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let Some(cited) = doc.citations.get(sentence.citations.clone()) else {
            continue;
        };
        let mut keys: Vec<&str> = cited
            .iter()
            .flat_map(|c| c.items.iter().map(|i| i.key.as_str()))
            .collect();
        keys.dedup();
        if keys.is_empty() {
            continue;
        }
        let span = |r: &std::ops::Range<usize>| {
            sentence.source_offset(r.start)
                ..sentence
                    .source_offset(r.end)
                    .max(sentence.source_offset(r.start) + 1)
        };
        let check_causal = !keys.iter().any(|k| strengths.causal(k));
        let check_certainty =
            !(keys.iter()).any(|k| strengths.level(k) == Some(EvidenceLevel::Strong));
        if !check_causal && !check_certainty {
            continue;
        }
        let words = Words::of(&sentence.text);
        if check_causal {
            for (range, _) in wording.causal.find(&words) {
                if hedged(&sentence.text[..range.start]) {
                    continue;
                }
                let word = &sentence.text[range.clone()];
                out.push(
                    Diagnostic::warning(format!(
                        "causal wording `{word}`, but no source this sentence cites can support a causal claim"
                    ))
                    .at_span(file, span(&range))
                    .label(format!("cites {}", describe(&keys, strengths)))
                    .help("say what the studies found without claiming cause, e.g. \"is associated with\" or \"is linked to\"; or cite a study whose design supports causal claims ([evidence] causal_designs, or `causal = true` in its notes)"),
                );
            }
        }
        if check_certainty {
            for (range, _) in wording.certainty.find(&words) {
                let word = &sentence.text[range.clone()];
                out.push(
                    Diagnostic::warning(format!(
                        "wording of certainty `{word}`, but no source this sentence cites is strong evidence"
                    ))
                    .at_span(file, span(&range))
                    .label(format!("cites {}", describe(&keys, strengths)))
                    .help("soften the claim, e.g. \"research suggests\" or \"studies have found\"; or cite a source whose notes say evidence_level = \"strong\""),
                );
            }
        }
    }
    out
}

/// Words that hedge the causal word right after them: "associated with
/// improved outcomes" claims no cause.
const HEDGES: [&str; 6] = [
    "associated with",
    "linked with",
    "linked to",
    "related to",
    "correlated with",
    "correlates with",
];

/// Whether `before` (the sentence up to a causal word) ends in a hedge.
fn hedged(before: &str) -> bool {
    let words: Vec<String> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(2)
        .map(str::to_lowercase)
        .collect();
    let [second, first] = words.as_slice() else {
        return false;
    };
    let phrase = format!("{first} {second}");
    HEDGES.contains(&phrase.as_str())
}

/// "`a` (literature review, moderate) and `b` (no notes)".
fn describe(keys: &[&str], strengths: &Strengths) -> String {
    let each: Vec<String> = keys
        .iter()
        .map(|k| match strengths.get(k) {
            None => format!("`{k}` (no notes)"),
            Some(s) => {
                let mut what: Vec<&str> = Vec::new();
                what.extend(s.design.as_deref());
                what.extend(s.level.map(|l| l.as_str()));
                if what.is_empty() {
                    format!("`{k}`")
                } else {
                    format!("`{k}` ({})", what.join(", "))
                }
            }
        })
        .collect();
    each.join(", ")
}
