//! Putting a fully written staging folder where the site goes.
//!
//! On Linux the two folders trade places in one `renameat2(RENAME_EXCHANGE)`: at every
//! moment the output is the old site or the new one. Where that call is missing (another
//! OS, or a filesystem that answers EINVAL) the old site is renamed aside and the new one
//! renamed in; a build killed between the two is undone by the next one (see
//! [`super::leftovers`]). An output that is a mount point cannot be renamed at all: it is
//! written in place (see [`super::in_place`]).

use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::leftovers::{STAGING_MARKER, old_site_name, parent_of};
use super::target::Existing;
use crate::error::{Error, Result};

/// Replaces what is at `output` with the folder `staged`. `files` are the staged site's
/// files, `existing` what the output held, as [`super::target::check_output`] judged it.
/// Returns the temporary folder left to remove, if any (the old site).
pub(super) fn swap_in(
    staged: &Path,
    output: &Path,
    existing: &Existing,
    files: &[String],
) -> Result<Option<PathBuf>> {
    let previous = match existing {
        Existing::Nothing => {
            return rename(staged, output).map(|()| None);
        }
        Existing::Folder { previous } => previous,
        Existing::Other => &BTreeSet::new(),
    };
    if matches!(existing, Existing::Folder { .. }) && is_mount_point(output) {
        return write_in_place(staged, output, previous, files);
    }
    match exchange(staged, output) {
        // The staging folder's name now holds the old site.
        Ok(()) => Ok(Some(staged.to_path_buf())),
        Err(error) if can_not_move(&error) => write_in_place(staged, output, previous, files),
        Err(error) if is_unsupported(&error) => swap_in_two_steps(staged, output, files, previous),
        Err(source) => Err(Error::Write {
            path: output.to_path_buf(),
            source,
        }),
    }
}

fn write_in_place(
    staged: &Path,
    output: &Path,
    previous: &BTreeSet<String>,
    files: &[String],
) -> Result<Option<PathBuf>> {
    super::in_place::sync_into(staged, output, previous, files)?;
    Ok(Some(staged.to_path_buf()))
}

/// The old site renamed aside, the new one renamed in; undone if the second rename fails.
fn swap_in_two_steps(
    staged: &Path,
    output: &Path,
    files: &[String],
    previous: &BTreeSet<String>,
) -> Result<Option<PathBuf>> {
    let parent = parent_of(output).unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = parent.join(old_site_name(&name));
    if let Err(error) = std::fs::rename(output, &old) {
        if can_not_move(&error) {
            return write_in_place(staged, output, previous, files);
        }
        return Err(Error::Write {
            path: output.to_path_buf(),
            source: error,
        });
    }
    // Marks the old site as planpress's to remove, should this build die before it does.
    if old.is_dir() {
        let _ = std::fs::write(old.join(STAGING_MARKER), b"");
    }
    if let Err(error) = rename(staged, output) {
        let _ = std::fs::rename(&old, output);
        return Err(error);
    }
    Ok(Some(old))
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|source| Error::Write {
        path: to.to_path_buf(),
        source,
    })
}

/// The rename failed because the output cannot move: it is a mount point (EBUSY) or on
/// another device than its parent folder (EXDEV).
fn can_not_move(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::ResourceBusy | ErrorKind::CrossesDevices
    )
}

/// The filesystem or the OS cannot exchange two names in one call.
fn is_unsupported(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::InvalidInput | ErrorKind::Unsupported
    )
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(ErrorKind::Unsupported))
}

/// Whether `path` is on another device than its parent folder: a mount point, such as a
/// container's volume.
#[cfg(unix)]
pub(super) fn is_mount_point(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.unwrap_or(Path::new("."));
    match (std::fs::metadata(path), std::fs::metadata(parent)) {
        (Ok(folder), Ok(parent)) => folder.dev() != parent.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
pub(super) fn is_mount_point(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_step_swap_leaves_the_old_site_aside_for_removal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = dir.path().join("public");
        let staged = dir.path().join(".public.new-1-x");
        std::fs::create_dir(&output).expect("mkdir");
        std::fs::write(output.join("old.html"), "old").expect("write");
        std::fs::create_dir(&staged).expect("mkdir");
        std::fs::write(staged.join("new.html"), "new").expect("write");
        let old = swap_in_two_steps(&staged, &output, &[], &BTreeSet::new())
            .expect("swap")
            .expect("an old site");
        assert!(output.join("new.html").exists());
        assert!(old.join("old.html").exists());
        assert!(old.join(STAGING_MARKER).exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_trades_two_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).expect("mkdir");
        std::fs::create_dir(&b).expect("mkdir");
        std::fs::write(a.join("from-a"), "").expect("write");
        exchange(&a, &b).expect("exchange");
        assert!(b.join("from-a").exists());
        assert!(!a.join("from-a").exists());
    }
}
