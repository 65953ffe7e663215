//! The booklet's link answers kept for links whose answer does not depend
//! on the chapter they are in. Absolute and root-relative links (sources,
//! DOIs, other pages) repeat across most chapters, and resolving one
//! parses and joins URLs (about 5,800 instructions a link); a kept answer
//! costs a hash lookup.

use std::sync::RwLock;

use rustc_hash::FxHashMap;

/// How many answers are kept: the distinct links of a site, bounded so a
/// site of generated link targets cannot grow it without limit.
const MAX_KEPT: usize = 1 << 16;

/// Raw `href` attribute text -> the attribute text it becomes.
#[derive(Debug, Default)]
pub struct HrefMemo {
    kept: RwLock<FxHashMap<String, String>>,
}

impl HrefMemo {
    pub fn get(&self, raw: &str) -> Option<String> {
        let kept = self.kept.read().unwrap_or_else(|p| p.into_inner());
        kept.get(raw).cloned()
    }

    /// Keeps `answer` for `raw`; the caller vouches that it is the same in
    /// every chapter.
    pub fn keep(&self, raw: &str, answer: &str) {
        let mut kept = self.kept.write().unwrap_or_else(|p| p.into_inner());
        if kept.len() < MAX_KEPT {
            kept.insert(raw.to_string(), answer.to_string());
        }
    }
}
