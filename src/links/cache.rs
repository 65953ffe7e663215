//! `.sheaf-cache/links.json` under the site root: each external URL's last
//! lasting result and when it was found, so a second `check --external`
//! within `[check] external_cache` asks no server again. A missing or
//! unreadable cache is an empty one; a cache that cannot be written is
//! reported and the check still succeeds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::http::Outcome;

pub const CACHE_DIR: &str = ".sheaf-cache";
const CACHE_FILE: &str = "links.json";
/// Bumped when the file's shape changes; another version is ignored.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Seconds since the Unix epoch.
    pub checked: u64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    version: u32,
    links: BTreeMap<String, Entry>,
}

pub fn cache_path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(CACHE_FILE)
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    pub fn load(root: &Path) -> Cache {
        std::fs::read(cache_path(root))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
            .filter(|c| c.version == VERSION)
            .unwrap_or_default()
    }

    /// The cached outcome for `url`, if it is younger than `max_age`.
    pub fn fresh(&self, url: &str, max_age: Duration) -> Option<&Outcome> {
        let entry = self.links.get(url)?;
        let age = now().saturating_sub(entry.checked);
        (age < max_age.as_secs()).then_some(&entry.outcome)
    }

    /// Keeps lasting outcomes; drops the entry of a transient one, so it
    /// is checked again next time.
    pub fn record(&mut self, url: &str, outcome: &Outcome) {
        if outcome.is_lasting() {
            self.links.insert(
                url.to_string(),
                Entry {
                    checked: now(),
                    outcome: outcome.clone(),
                },
            );
        } else {
            self.links.remove(url);
        }
    }

    /// Writes the cache (to a temporary file, then renamed, so an
    /// interrupted write leaves the old one).
    pub fn save(&mut self, root: &Path) -> std::io::Result<()> {
        self.version = VERSION;
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomically(&cache_path(root), &json)
    }
}

/// Writes a cache file through a temporary file renamed over it, so an
/// interrupted write leaves the old one (shared by the Crossref cache).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lasting_outcomes_are_kept_and_they_expire() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::default();
        cache.record("https://a.example/", &Outcome::Broken { status: 404 });
        cache.record("https://b.example/", &Outcome::TimedOut);
        cache.save(dir.path()).unwrap();
        let cache = Cache::load(dir.path());
        let day = Duration::from_secs(86_400);
        assert_eq!(
            cache.fresh("https://a.example/", day),
            Some(&Outcome::Broken { status: 404 })
        );
        assert_eq!(cache.fresh("https://b.example/", day), None);
        assert_eq!(cache.fresh("https://a.example/", Duration::ZERO), None);
    }

    #[test]
    fn an_unreadable_cache_is_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        std::fs::write(cache_path(dir.path()), "{ not json").unwrap();
        let cache = Cache::load(dir.path());
        assert!(cache.links.is_empty());
    }
}
