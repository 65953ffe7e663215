//! `sheaf theme eject [DIR]`: copies the built-in theme (templates, static
//! files, strings) into the site for editing. With `theme = "<name>"` the
//! site then builds exactly as before, from its own copy.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::{EXIT_ENVIRONMENT, EXIT_USAGE, Ui, find_root, shell_quoted, shown};
use crate::cli::EjectArgs;

pub fn eject(ui: &Ui, args: &EjectArgs) -> i32 {
    let root = match find_root(ui, args.root.root.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let given = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("themes/custom"));
    if given.is_absolute()
        || given
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        ui.problem(
            &format!("{} is outside the site", given.display()),
            "give a folder inside the site, e.g. themes/custom",
        );
        return EXIT_USAGE;
    }
    let dir = root.join(&given);
    let not_empty = fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
    if not_empty && !args.force {
        ui.problem(
            &format!("{} is not empty", shown(&dir)),
            "choose another folder, or add --force to replace the files of the built-in theme in it (others are kept)",
        );
        return EXIT_USAGE;
    }
    let files = sheaf::render::theme::built_in_files();
    for (rel, bytes) in files {
        let target = dir.join(rel);
        let written = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&target, bytes));
        if let Err(e) = written {
            ui.problem(
                &format!("cannot write {}: {e}", shown(&target)),
                "check that the folder is writable",
            );
            return EXIT_ENVIRONMENT;
        }
    }
    ui.status(&format!(
        "Copied the built-in theme ({} files) to {}/",
        files.len(),
        shown(&dir)
    ));
    ui.status(&next_step(&given));
    0
}

/// What to put in sheaf.toml so the copy is used.
fn next_step(given: &Path) -> String {
    let mut parts = given.components();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Component::Normal(themes)), Some(Component::Normal(name)), None)
            if themes == "themes" =>
        {
            format!(
                "Next: set theme = \"{}\" in sheaf.toml, then edit the templates; docs/templates.md says which files sites usually change.",
                name.to_string_lossy()
            )
        }
        _ => format!(
            "Note: sheaf uses a theme from themes/<name>/ only; move the copy there (mv {} themes/custom) and set theme = \"custom\" in sheaf.toml.",
            shell_quoted(&given.display().to_string())
        ),
    }
}
