//! Watching the site's inputs with notify's full debouncer, which merges
//! the rename/replace dance editors do on save into one change. Watched:
//! content/, templates/, themes/, static/, strings/ (recursively), and the root
//! folder itself for sheaf.toml and bibliography files. Editor temp and
//! backup files are ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// Folders under the root watched recursively.
pub const WATCHED_DIRS: [&str; 5] = ["content", "templates", "themes", "static", "strings"];

/// How long the debouncer waits for a burst of events to settle. Editors'
/// save dances (write a temporary file, rename it over the page) take well
/// under a millisecond; the window is most of the time from a save to the
/// browser (issue 14: under 50 ms at 10,000 pages), so it is kept short.
/// A dance split in two is still right: the half-saved page is a deleted
/// file, which a full rebuild takes, and the next batch puts it back.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// How often the debouncer looks for settled events. notify's default is a
/// quarter of the window; a finer tick keeps a settled save from waiting
/// up to another quarter window before it is sent.
const TICK: Duration = Duration::from_millis(4);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

/// Starts watching `root`; batches of changed input files arrive on `tx`.
/// `extra` are files outside the watched folders that also count (the
/// bibliography).
pub fn start(
    root: &Path,
    extra: Vec<PathBuf>,
    tx: mpsc::Sender<Vec<PathBuf>>,
) -> Result<Watcher, notify::Error> {
    let filter_root = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let paths: BTreeSet<PathBuf> = events
            .iter()
            // Reading files (as every build does) is no change.
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.iter())
            .filter(|p| is_input(&filter_root, &extra, p))
            .cloned()
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(paths.into_iter().collect());
        }
    };
    let debouncer = new_debouncer(DEBOUNCE, Some(TICK), handler)?;
    let mut watcher = Watcher {
        debouncer,
        root: root.to_path_buf(),
        watched: BTreeSet::new(),
    };
    watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
    watcher.watch_new_dirs();
    Ok(watcher)
}

impl Watcher {
    /// Starts watching input folders created since the last call (a site
    /// may gain templates/ or static/ while being previewed).
    pub fn watch_new_dirs(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(dir);
            }
        }
        self.watched.retain(|d| d.is_dir());
    }
}

/// Whether a changed path is an input of the build (and not an editor's
/// temporary file).
pub fn is_input(root: &Path, extra: &[PathBuf], path: &Path) -> bool {
    if is_editor_temp(path) {
        return false;
    }
    if extra.iter().any(|e| e == path) {
        return true;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    let Some(first) = parts.next().and_then(|c| c.as_os_str().to_str()) else {
        return false;
    };
    WATCHED_DIRS.contains(&first)
        || first == crate::config::CONFIG_FILE
        || (parts.next().is_none()
            && (first.ends_with(".bib") || first.ends_with(".yml") || first.ends_with(".yaml")))
}

/// Swap, backup and atomic-save files of vim, Emacs, JetBrains IDEs, VS
/// Code and others.
pub fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || name.contains("___jb_")
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".crswap", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored_and_inputs_kept() {
        let root = Path::new("/site");
        let input = |p: &str| is_input(root, &[], &root.join(p));
        assert!(input("content/factsheets/a.md"));
        assert!(input("sheaf.toml"));
        assert!(input("references.bib"));
        assert!(input("themes/default/static/style.css"));
        assert!(!input("content/.a.md.swp"));
        assert!(!input("content/a.md~"));
        assert!(!input("content/4913"));
        assert!(!input("content/a.md___jb_tmp___"));
        assert!(!input("public/index.html"));
        assert!(!input("notes.txt"));
    }
}
