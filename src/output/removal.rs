//! Deleting what sheaf owns: previous outputs, staging folders and the
//! trash of builds that could not delete them. Only folders holding the
//! marker are touched, and symbolic links are removed, never followed.

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::layout::{MARKER_FILE, Written, sibling};

/// Deletes a folder sheaf owns, or when something in it cannot be
/// deleted, moves it out of the way so it blocks nothing (noted in
/// `written`). Fails only when it can do neither.
pub(super) fn discard(dir: &Path, output: &Path, written: &mut Written) -> io::Result<()> {
    let Err(why) = remove_tree(dir) else {
        return Ok(());
    };
    // remove_tree deletes the marker last, so a half-deleted folder still
    // holds it and a later build knows the trash is its own.
    let trash = (0..1000)
        .map(|n| sibling(output, &format!("trash-{n}")))
        .find(|t| !t.exists())
        .ok_or_else(|| io::Error::other("too many undeletable leftovers"))?;
    fs::rename(dir, &trash)?;
    written.leftovers.push((trash, why));
    Ok(())
}

/// Best effort: removes the trash earlier builds could not delete, now
/// that the cause may be gone. Only folders holding the marker are touched.
pub(super) fn remove_old_trash(output: &Path) {
    let (Some(parent), Some(prefix)) = (
        output.parent(),
        sibling(output, "trash-").file_name().map(|n| n.to_owned()),
    ) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let path = entry.path();
        if name
            .as_encoded_bytes()
            .starts_with(prefix.as_encoded_bytes())
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && path.join(MARKER_FILE).is_file()
        {
            let _ = remove_tree(&path);
        }
    }
}

/// Deletes a directory sheaf owns, its subfolders in parallel (a large
/// site's old output has tens of thousands of folders). The marker goes
/// last, so a build killed half-way through leaves a folder the next build
/// still knows is its own to remove. Symbolic links are removed, never
/// followed.
pub(super) fn remove_tree(dir: &Path) -> io::Result<()> {
    let marker = dir.join(MARKER_FILE);
    remove_contents(dir, Some(&marker))?;
    gone(fs::remove_file(&marker))?;
    fs::remove_dir(dir)
}

/// Deletes everything inside `dir` except `keep`, each subfolder on its own
/// rayon task.
fn remove_contents(dir: &Path, keep: Option<&Path>) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        entries => entries?,
    };
    let mut subdirs = Vec::new();
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        // The entry's own type: a link to a folder is not a folder here.
        if entry.file_type()?.is_dir() {
            subdirs.push(path);
        } else if keep != Some(path.as_path()) {
            gone(fs::remove_file(&path))?;
        }
    }
    subdirs.par_iter().try_for_each(|sub| {
        remove_contents(sub, None)?;
        gone(fs::remove_dir(sub))
    })
}

/// Something already gone is as good as deleted.
fn gone(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
