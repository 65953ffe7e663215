//! The English word list behind sentence case: which words SCOWL knows in
//! lower case (common words) and which capitalised (names).

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

pub(super) struct Words {
    /// Words the list has in lower case ("data").
    pub common: FxHashSet<&'static str>,
    /// Words the list has capitalised ("Spain"), stored lowercased.
    pub proper: FxHashSet<String>,
}

pub(super) fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut w = Words {
            common: FxHashSet::default(),
            proper: FxHashSet::default(),
        };
        for line in include_str!("words.txt").lines() {
            if line.starts_with(|c: char| c.is_uppercase()) {
                w.proper.insert(line.to_lowercase());
            } else {
                w.common.insert(line);
            }
        }
        // Prefixes that SCOWL lists only inside words, but titles hyphenate.
        for p in [
            "non", "pre", "post", "multi", "co", "re", "sub", "inter", "meta",
        ] {
            w.common.insert(p);
        }
        w
    })
}

/// Whether the word list knows `lower` (lower case) as a common word,
/// directly or as a regular derivation ("disaggregated", "rethinking").
pub(super) fn is_common(lower: &str) -> bool {
    let w = words();
    if w.common.contains(lower) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "dis", "un", "re", "non", "pre", "mis", "over", "under", "multi", "inter", "sub", "co",
        "de", "self",
    ];
    const SUFFIXES: &[&str] = &["s", "es", "ed", "d", "ing", "ly", "er", "ers"];
    let stems = std::iter::once(lower).chain(
        PREFIXES
            .iter()
            .filter_map(|p| lower.strip_prefix(p))
            .filter(|r| r.chars().count() > 3),
    );
    for stem in stems {
        if w.common.contains(stem) {
            return true;
        }
        for suffix in SUFFIXES {
            if let Some(base) = stem.strip_suffix(suffix)
                && base.chars().count() > 2
                && w.common.contains(base)
            {
                return true;
            }
        }
    }
    false
}
