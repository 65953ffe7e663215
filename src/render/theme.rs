//! Finding templates and static files: the built-in default theme, then the
//! site's `themes/<name>/`, then the site's own `templates/` and `static/`,
//! each overriding the one before by file name (strings tables key by key).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, display_path};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Where a template or static file came from.
#[derive(Debug, Clone)]
pub enum Origin {
    BuiltIn(&'static [u8]),
    Disk(PathBuf),
}

#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// How authors see the file in messages: `templates/page.html`,
    /// `themes/default/templates/page.html` or `(built-in theme) templates/page.html`.
    pub shown: String,
    pub origin: Origin,
}

impl ThemeFile {
    pub fn read(&self) -> Result<Vec<u8>, Diagnostic> {
        match &self.origin {
            Origin::BuiltIn(bytes) => Ok(bytes.to_vec()),
            Origin::Disk(path) => std::fs::read(path).map_err(|e| {
                Diagnostic::error(format!("cannot read {}: {e}", self.shown))
                    .in_file(self.shown.clone())
                    .help("check the file's permissions")
            }),
        }
    }
}

/// The theme's files after overrides: templates by name, static files by
/// output path.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, ThemeFile>,
    pub statics: BTreeMap<String, ThemeFile>,
    /// Strings tables by language tag, every layer kept (built-in first):
    /// a later file overrides an earlier one key by key, not as a whole.
    pub strings: BTreeMap<String, Vec<ThemeFile>>,
}

impl Theme {
    pub fn resolve(config: &Config) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        for (rel, bytes) in embedded::FILES {
            let file = ThemeFile {
                shown: format!("(built-in theme) {rel}"),
                origin: Origin::BuiltIn(bytes),
            };
            theme.insert(rel, file);
        }
        let theme_dir = config.root.join("themes").join(&config.theme);
        if theme_dir.is_dir() {
            theme.overlay(&config.root, &theme_dir);
        } else if config.theme != "default" {
            return Err(Diagnostic::error(format!("theme `{}` not found", config.theme))
                .at_span(&config.source, crate::config::key_span(&config.source.text, "theme"))
                .help(format!(
                    "create themes/{}/templates/, or remove `theme` to use the built-in default theme",
                    config.theme
                )));
        }
        theme.overlay(&config.root, &config.root);
        Ok(theme)
    }

    fn insert(&mut self, rel: &str, file: ThemeFile) {
        if let Some(name) = rel.strip_prefix("templates/") {
            self.templates.insert(name.to_string(), file);
        } else if let Some(path) = rel.strip_prefix("static/") {
            self.statics.insert(path.to_string(), file);
        } else if let Some(lang) = rel
            .strip_prefix("strings/")
            .and_then(|name| name.strip_suffix(".toml"))
            .filter(|lang| !lang.contains('/'))
        {
            self.strings.entry(lang.to_string()).or_default().push(file);
        }
    }

    /// Adds `dir/templates/**` and `dir/static/**`, replacing same-named files.
    fn overlay(&mut self, root: &Path, dir: &Path) {
        for sub in ["templates", "static", "strings"] {
            let base = dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            for entry in WalkDir::new(&base)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .flatten()
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(dir) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                let file = ThemeFile {
                    shown: display_path(root, entry.path()),
                    origin: Origin::Disk(entry.path().to_path_buf()),
                };
                self.insert(&rel, file);
            }
        }
    }
}
