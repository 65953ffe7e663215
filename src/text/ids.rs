//! Unique ids within one document: heading ids of a page, and every id of
//! the print booklet, where the pages' ids meet.

use std::collections::{HashMap, HashSet};

/// Hands out unique ids: a base the first time, then `base-1`, `base-2`, ...
/// Each base remembers the next suffix to try, so 40,000 headings with one
/// text cost 40,000 steps, not 40,000²/2: a suffix below the remembered one
/// was taken when it was passed, and ids are never released.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds {
    /// Marks `id` as taken without handing it out (ids the document has
    /// already).
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// `base`, or `base-1`, `base-2`… if it is taken; the id is then taken.
    pub fn allocate(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_ids_get_the_next_free_suffix() {
        let mut ids = UniqueIds::default();
        ids.reserve("tips-1");
        assert_eq!(ids.allocate("tips"), "tips");
        assert_eq!(ids.allocate("tips"), "tips-2");
        assert_eq!(ids.allocate("tips"), "tips-3");
        assert_eq!(ids.allocate("tips-1"), "tips-1-1");
    }
}
