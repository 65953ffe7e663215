//! Output folders that are mount points, which cannot be renamed: the
//! staging folder is built inside the output instead, and its entries are
//! swapped in one by one, undoing every move if one fails.

use std::fs;
use std::io;
use std::path::Path;

use super::layout::{MARKER_FILE, MARKER_TEXT, Written};
use super::removal::remove_tree;

/// Inside a mount-point output: the staging folder and the trash of the
/// previous site's entries. Both hold the marker while they exist.
pub(super) const MOUNT_STAGING: &str = ".sheaf-staging";
pub(super) const MOUNT_TRASH: &str = ".sheaf-trash";

/// Whether `output` is a mount point, which cannot be renamed: the kernel
/// says it is a mount root (Linux 5.8 and later), or its device differs
/// from its parent's. A mount neither shows is caught when renaming fails.
#[cfg(not(unix))]
pub(super) fn is_mount_point(_output: &Path) -> bool {
    false
}

#[cfg(unix)]
pub(super) fn is_mount_point(output: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Some(parent)) = (fs::symlink_metadata(output), output.parent()) else {
        return false;
    };
    meta.is_dir()
        && (is_mount_root(output) || fs::metadata(parent).is_ok_and(|p| p.dev() != meta.dev()))
}

#[cfg(target_os = "linux")]
fn is_mount_root(path: &Path) -> bool {
    use rustix::fs::{AtFlags, CWD, StatxAttributes, StatxFlags, statx};
    statx(
        CWD,
        path,
        AtFlags::NO_AUTOMOUNT | AtFlags::SYMLINK_NOFOLLOW,
        StatxFlags::empty(),
    )
    .is_ok_and(|r| {
        r.stx_attributes_mask.contains(StatxAttributes::MOUNT_ROOT)
            && r.stx_attributes.contains(StatxAttributes::MOUNT_ROOT)
    })
}

#[cfg(all(unix, not(target_os = "linux")))]
fn is_mount_root(_path: &Path) -> bool {
    false
}

pub(super) fn cannot_rename_mount(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices
    )
}

/// Test seam: `SHEAF_TEST_FAIL_MOUNT_SWAP=<n>` fails the swap after `n`
/// new entries are in place, to exercise the roll-back.
fn injected_failure(moved: usize) -> io::Result<()> {
    match std::env::var("SHEAF_TEST_FAIL_MOUNT_SWAP") {
        Ok(n) if n.parse() == Ok(moved) => Err(io::Error::other("injected failure")),
        _ => Ok(()),
    }
}

/// Replaces the contents of `output` with those of `staging`, entry by
/// entry: the previous entries go into a trash folder inside `output`, the
/// new ones move in, the trash is deleted. If a move fails, every move so
/// far is undone, so the previous site is back. The output's own marker
/// stays throughout; the staging and trash folders are removed.
pub(super) fn swap_entries(staging: &Path, output: &Path, written: &mut Written) -> io::Result<()> {
    let trash = output.join(MOUNT_TRASH);
    fs::create_dir(&trash)?;
    fs::write(trash.join(MARKER_FILE), MARKER_TEXT)?;
    let skip = |name: &std::ffi::OsStr| {
        name == MARKER_FILE || name == MOUNT_TRASH || output.join(name) == staging
    };
    let mut old_names = Vec::new();
    for entry in fs::read_dir(output)? {
        let name = entry?.file_name();
        if !skip(&name) {
            old_names.push(name);
        }
    }
    let mut new_names = Vec::new();
    for entry in fs::read_dir(staging)? {
        let name = entry?.file_name();
        if name != MARKER_FILE {
            new_names.push(name);
        }
    }
    let mut aside = 0;
    let mut moved_in = 0;
    let result = (|| -> io::Result<()> {
        for name in &old_names {
            fs::rename(output.join(name), trash.join(name))?;
            aside += 1;
        }
        for name in &new_names {
            injected_failure(moved_in)?;
            fs::rename(staging.join(name), output.join(name))?;
            moved_in += 1;
        }
        Ok(())
    })();
    if let Err(e) = result {
        // Undo in reverse: new entries back to staging, old ones back.
        for name in new_names[..moved_in].iter().rev() {
            let _ = fs::rename(output.join(name), staging.join(name));
        }
        for name in old_names[..aside].iter().rev() {
            let _ = fs::rename(trash.join(name), output.join(name));
        }
        let _ = remove_tree(&trash);
        return Err(e);
    }
    if !output.join(MARKER_FILE).is_file() {
        fs::write(output.join(MARKER_FILE), MARKER_TEXT)?;
    }
    if let Err(why) = remove_tree(staging) {
        written.leftovers.push((staging.to_path_buf(), why));
    }
    if let Err(why) = remove_tree(&trash) {
        written.leftovers.push((trash, why));
    }
    Ok(())
}
