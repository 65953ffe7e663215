//! `sheaf translations`: where each page's translations stand, and `mark`
//! to record that a translation matches its source now.

use std::io::Write as _;

use sheaf::config::Config;
use sheaf::diagnostics::Diagnostics;
use sheaf::i18n::{mark, report};

use super::{Ui, find_root, plural};
use crate::cli::{TranslationsAction, TranslationsArgs};

pub fn run(ui: &Ui, args: TranslationsArgs) -> i32 {
    let (root_arg, action) = match &args.action {
        Some(TranslationsAction::Mark { root, .. }) if root.root.is_some() => {
            (root.root.as_deref(), args.action.as_ref())
        }
        action => (args.root.root.as_deref(), action.as_ref()),
    };
    let root = match find_root(ui, root_arg) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let config = match Config::load(&root) {
        Ok(config) => config,
        Err(diags) => {
            ui.diagnostics(&diags);
            return 1;
        }
    };
    match action {
        None => list(ui, &config),
        Some(TranslationsAction::Mark { files, all, .. }) => {
            if *all {
                mark_all(ui, &config)
            } else {
                mark_files(ui, &config, files)
            }
        }
    }
}

/// Loads the content (drafts included: they are translated too). Errors
/// that stop the tree being built are printed and end the command.
fn load(ui: &Ui, config: &Config) -> Result<sheaf::content::Content, i32> {
    let (content, diags): (_, Diagnostics) = sheaf::content::load(config, true);
    if diags.has_errors() {
        for d in diags.iter().filter(|d| d.is_error()) {
            ui.diagnostic(d);
        }
        return Err(1);
    }
    Ok(content)
}

fn list(ui: &Ui, config: &Config) -> i32 {
    if !config.languages.is_multilingual() {
        ui.status("the site has one language; add [languages.<tag>] tables to sheaf.toml to translate it (docs/languages.md)");
        return 0;
    }
    let content = match load(ui, config) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut out = std::io::stdout().lock();
    for line in report::report(config, &content) {
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    0
}

fn mark_files(ui: &Ui, config: &Config, files: &[std::path::PathBuf]) -> i32 {
    let mut failed = 0;
    for file in files {
        match mark::mark_file(config, file) {
            Ok(shown) => ui.status(&format!("marked {shown} as up to date")),
            Err(e) => {
                ui.problem(&e.to_string(), &e.help());
                failed += 1;
            }
        }
    }
    i32::from(failed > 0)
}

/// Marks every translation the site has: after a review, or when the
/// source pages were edited in ways that need no new translation.
fn mark_all(ui: &Ui, config: &Config) -> i32 {
    let content = match load(ui, config) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut marked = 0;
    let mut failed = 0;
    for line in report::report(config, &content) {
        let Some(file) = line.translation else {
            continue;
        };
        let rel = file.strip_prefix("content/").unwrap_or(&file);
        match mark::mark_relative(config, rel) {
            Ok(_) => marked += 1,
            Err(e) => {
                ui.problem(&e.to_string(), &e.help());
                failed += 1;
            }
        }
    }
    ui.status(&format!(
        "marked {marked} translation{} as up to date",
        plural(marked)
    ));
    i32::from(failed > 0)
}
