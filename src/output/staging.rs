//! Writing the site: everything goes into a staging directory beside the
//! output, which replaces the output only once every file is written. A
//! lock keeps two builds apart; a marker file says which directories are
//! sheaf's to replace. Nothing outside the output and staging directories
//! is ever deleted.
//!
//! A leftover (a staging folder or previous output that cannot be deleted
//! whole, say a read-only folder inside it) never fails a build whose new
//! site is in place, and never blocks a later one: it is moved aside to
//! `.<output>.sheaf-trash-<n>`, reported, and removed by a later build
//! once that is possible.
//!
//! An output folder that is a mount point cannot be renamed: then the
//! staging folder is built inside it (see [`super::mount`]).
//!
//! `sheaf build` writes each file into the staging folder as soon as it is
//! rendered ([`Staging::write`]); nothing is in place until
//! [`Staging::finish`] swaps the whole folder in.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::layout::{MARKER_FILE, MARKER_TEXT, Written, sibling};
use super::mount::{MOUNT_STAGING, MOUNT_TRASH, cannot_rename_mount, is_mount_point, swap_entries};
use super::removal::{discard, remove_old_trash, remove_tree};
use super::{FileContent, OutputPlan};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("the output folder {} is not empty and was not created by sheaf, so sheaf will not replace it", .path.display())]
    NotOurs { path: PathBuf },
    #[error("another sheaf build is writing to {} right now", .path.display())]
    Locked { path: PathBuf },
    #[error("cannot write {}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl OutputError {
    pub fn help(&self) -> String {
        match self {
            OutputError::NotOurs { .. } => "pass `--output <another folder>`, or empty the folder (move anything you need into static/) and build again".into(),
            OutputError::Locked { .. } => "wait for the other build to finish, or build into another folder with --output".into(),
            OutputError::Io { .. } => "check that the folder is writable and the disk is not full".into(),
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Whether sheaf may replace `dir`: it does not exist, is empty, or holds
/// the marker.
fn is_ours(dir: &Path) -> Result<bool, OutputError> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(io_err(dir)(e)),
        Ok(meta) if !meta.is_dir() => Ok(false),
        Ok(_) => {
            if dir.join(MARKER_FILE).is_file() {
                return Ok(true);
            }
            let mut entries = fs::read_dir(dir).map_err(io_err(dir))?;
            Ok(entries.next().is_none())
        }
    }
}

/// Writes `plan` to `output`, replacing its previous contents atomically.
pub fn write_site(plan: &OutputPlan, output: &Path) -> Result<Written, OutputError> {
    write_site_with(plan, output, |_| Ok(()))
}

/// Like [`write_site`], but runs `before_swap` on the filled staging folder
/// first (PDFs are printed from the staged site this way). Its error, like
/// any other, discards the staging folder and leaves the output as it was.
pub fn write_site_with<E: From<OutputError>>(
    plan: &OutputPlan,
    output: &Path,
    before_swap: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<Written, E> {
    let staging = Staging::open(output)?;
    fill_staging(plan, &staging.dir)?;
    staging.finish(before_swap)
}

/// A staging folder being filled, with the output's lock held: `sheaf
/// build` writes each file into it as soon as it is rendered, then
/// [`Staging::finish`] puts it in place of the output. Dropped unfinished
/// (the build failed), it is deleted and the output stays as it was.
#[derive(Debug)]
pub struct Staging {
    /// The output folder, absolute.
    output: PathBuf,
    /// The staging folder: beside the output, or inside it when the output
    /// is a mount point.
    dir: PathBuf,
    mount: bool,
    /// Held until the staging folder is in place or deleted.
    _lock: File,
    written: Mutex<Written>,
    /// The first file that could not be written; the build fails with it.
    failed: Mutex<Option<OutputError>>,
    finished: AtomicBool,
}

impl Staging {
    /// Takes the output's lock, checks the output is sheaf's to replace,
    /// clears what a killed build left, and makes the empty staging folder
    /// with its marker.
    pub fn open(output: &Path) -> Result<Staging, OutputError> {
        let output = absolute(output);
        if let Some(parent) = output.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let lock_path = sibling(&output, "lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err(&lock_path))?;
        if lock.try_lock().is_err() {
            return Err(OutputError::Locked { path: output });
        }
        if !is_ours(&output)? {
            return Err(OutputError::NotOurs { path: output });
        }
        let mut written = Written::default();
        let mount = is_mount_point(&output);
        let dir = if mount {
            for name in [MOUNT_STAGING, MOUNT_TRASH] {
                let dir = output.join(name);
                if dir.exists() {
                    if !is_ours(&dir)? {
                        return Err(OutputError::NotOurs { path: dir });
                    }
                    remove_tree(&dir).map_err(io_err(&dir))?;
                }
            }
            output.join(MOUNT_STAGING)
        } else {
            remove_old_trash(&output);
            let staging = sibling(&output, "staging");
            if staging.exists() {
                // Left behind by a build that was killed; it is sheaf's
                // only if marked (or empty: killed before the marker was
                // written).
                if !is_ours(&staging)? {
                    return Err(OutputError::NotOurs { path: staging });
                }
                discard(&staging, &output, &mut written).map_err(io_err(&staging))?;
            }
            staging
        };
        fs::create_dir(&dir).map_err(io_err(&dir))?;
        let staging = Staging {
            output,
            dir,
            mount,
            _lock: lock,
            written: Mutex::new(written),
            failed: Mutex::new(None),
            finished: AtomicBool::new(false),
        };
        fs::write(staging.dir.join(MARKER_FILE), MARKER_TEXT).map_err(io_err(&staging.dir))?;
        Ok(staging)
    }

    /// Writes one file of the site (`path` relative, already checked safe),
    /// making its folders. A failure is kept for [`Staging::finish`] to
    /// report; later files are then skipped, as the build has failed.
    pub fn write(&self, path: &str, content: &FileContent) {
        if self
            .failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
        {
            return;
        }
        if let Err(e) = write_file(&self.dir, path, content, true) {
            self.fail(e);
        }
    }

    /// Writes one file a piece at a time, as `write` hands the pieces over
    /// (see [`OutputPlan::add_streamed`]). A write failure is kept like
    /// [`Staging::write`]'s; `write`'s own error is returned.
    pub fn write_streamed<E>(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn FnMut(&[u8])) -> Result<(), E>,
    ) -> Result<(), E> {
        let dest = self.dir.join(path);
        let opened = dest
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| File::create(&dest))
            .map_err(io_err(&dest));
        let mut file = match opened {
            Ok(file) => Some(io::BufWriter::with_capacity(1 << 20, file)),
            Err(e) => {
                self.fail(e);
                None
            }
        };
        let result = write(&mut |piece| {
            if let Some(writer) = &mut file
                && let Err(e) = writer.write_all(piece)
            {
                self.fail(io_err(&dest)(e));
                file = None;
            }
        });
        if let Some(Err(e)) = file.map(|mut w| w.flush()) {
            self.fail(io_err(&dest)(e));
        }
        result
    }

    /// Keeps the first write failure for [`Staging::finish`].
    fn fail(&self, e: OutputError) {
        self.failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert(e);
    }

    /// Runs `before_swap` on the filled staging folder, then puts it in
    /// place of the output. Any error leaves the output as it was (the
    /// staging folder is deleted when this is dropped).
    pub fn finish<E: From<OutputError>>(
        &self,
        before_swap: impl FnOnce(&Path) -> Result<(), E>,
    ) -> Result<Written, E> {
        if let Some(e) = self.failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e.into());
        }
        before_swap(&self.dir)?;
        let mut written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        if self.mount {
            swap_entries(&self.dir, &self.output, &mut written).map_err(io_err(&self.output))?;
        } else {
            swap_into_place(&self.dir, &self.output, &mut written)?;
        }
        self.finished.store(true, Ordering::Relaxed);
        Ok(written)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // The build failed already; that error is the one to report.
        if !self.finished.load(Ordering::Relaxed) && self.dir.join(MARKER_FILE).is_file() {
            if self.mount {
                let _ = remove_tree(&self.dir);
            } else {
                let _ = discard(&self.dir, &self.output, &mut Written::default());
            }
        }
    }
}

/// Writes one file under `dir`; with `make_folders`, its folders first.
fn write_file(
    dir: &Path,
    path: &str,
    content: &FileContent,
    make_folders: bool,
) -> Result<(), OutputError> {
    let dest = dir.join(path);
    if make_folders {
        // Most files go into a folder that is there already: write first,
        // and make the folders (then write again) only when that fails.
        // This saves a failing mkdir and a stat per file, and any error is
        // the one making the folders first would have given.
        if put_file(&dest, content).is_ok() {
            return Ok(());
        }
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
    }
    put_file(&dest, content)
}

/// Writes or copies one file into a folder that exists.
fn put_file(dest: &Path, content: &FileContent) -> Result<(), OutputError> {
    match content {
        FileContent::Bytes(bytes) => fs::write(dest, bytes).map_err(io_err(dest)),
        FileContent::Copy(source) => fs::copy(source, dest).map(|_| ()).map_err(io_err(source)),
        FileContent::Written => Ok(()),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Writes a whole plan held in memory into the (empty) staging folder.
fn fill_staging(plan: &OutputPlan, staging: &Path) -> Result<(), OutputError> {
    // Every folder and its parents, a level at a time, each level in
    // parallel: a site has about as many folders as pages.
    let mut levels: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for file in &plan.files {
        for (at, _) in file.path.match_indices('/') {
            let dir = &file.path[..at];
            levels
                .entry(dir.matches('/').count())
                .or_default()
                .insert(dir);
        }
    }
    for level in levels.values() {
        level.par_iter().try_for_each(|dir| {
            let path = staging.join(dir);
            match fs::create_dir(&path) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(io_err(&path)(e)),
                _ => Ok(()),
            }
        })?;
    }
    plan.files
        .par_iter()
        .try_for_each(|file| write_file(staging, &file.path, &file.content, false))
}

/// Puts the staging directory where the output was. On Linux the two are
/// exchanged in one step, so the output path always holds a whole site.
/// Once the new site is in place, failing to delete the previous one is a
/// leftover, not a failed build.
fn swap_into_place(
    staging: &Path,
    output: &Path,
    written: &mut Written,
) -> Result<(), OutputError> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(io_err(output));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous output, which was sheaf's.
            after_swap(staging, output, written);
            return Ok(());
        }
    }
    let old = sibling(output, "old");
    if old.exists() {
        if !is_ours(&old)? {
            return Err(OutputError::NotOurs { path: old });
        }
        discard(&old, output, written).map_err(io_err(&old))?;
    }
    if let Err(e) = fs::rename(output, &old) {
        if cannot_rename_mount(&e) {
            // A mount point detection missed (a bind mount on the same
            // device): swap its contents instead.
            return swap_entries(staging, output, written).map_err(io_err(output));
        }
        return Err(io_err(output)(e));
    }
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(io_err(output)(e));
    }
    after_swap(&old, output, written);
    Ok(())
}

/// Removes the previous output once the new one is in place. The build has
/// succeeded by now, so anything left is reported, never an error; one left
/// where it was (it could be neither deleted nor moved) is cleared by the
/// next build's own attempt.
fn after_swap(previous: &Path, output: &Path, written: &mut Written) {
    if let Err(why) = discard(previous, output, written) {
        written.leftovers.push((previous.to_path_buf(), why));
    }
}
