//! What killed builds leave beside the output, and what a build being killed removes.
//!
//! A build writes into `.NAME.new-PID-RANDOM` beside the output `NAME`, and when it cannot
//! swap atomically it moves the old site to `.NAME.old-PID` for a moment. A build killed
//! with SIGKILL (or a power cut) leaves those behind; the next build puts a lost site back
//! and removes the rest, but only folders whose build is no longer running and that hold
//! planpress's mark, so a concurrent build's folders and anything a person named alike are
//! left alone. SIGINT, SIGTERM and SIGHUP are caught (see [`abandon_in_progress`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::target::MANIFEST;

/// The file a staging folder holds from its creation, marking it as planpress's.
pub const STAGING_MARKER: &str = ".planpress-staging";

/// The temporary folders of the builds running in this process. A global, because a signal
/// handler is: it reaches them only through here. The lock is held through a swap, so the
/// handler never removes a folder while it is being renamed.
pub(super) static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set by the signal handler: writers stop creating files it would then have to chase.
static ABANDONED: AtomicBool = AtomicBool::new(false);

pub(super) fn abandoned() -> bool {
    ABANDONED.load(Ordering::Relaxed)
}

/// For a handler of SIGINT/SIGTERM/SIGHUP: stops the writers and removes every temporary
/// folder of this process's builds. The caller exits right after; the lock stays taken, so
/// no build swaps a site in meanwhile.
pub fn abandon_in_progress() {
    ABANDONED.store(true, Ordering::Relaxed);
    let folders = IN_PROGRESS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for folder in folders.iter() {
        // A writer that checked the flag just before it was set may add a file behind the
        // removal; each thread has at most one such write, so a second pass finishes.
        for _ in 0..3 {
            if std::fs::remove_dir_all(folder).is_ok() || !folder.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    std::mem::forget(folders);
}

/// Creates a temporary folder with `create` and records it, both under the lock the signal
/// handler takes, so the handler sees every folder that exists.
pub(super) fn register(
    create: impl FnOnce() -> std::io::Result<tempfile::TempDir>,
) -> std::io::Result<tempfile::TempDir> {
    let mut folders = IN_PROGRESS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let folder = create()?;
    folders.push(folder.path().to_path_buf());
    Ok(folder)
}

/// The name of the staging folders of the output `name`, before the random part.
pub(super) fn staging_prefix(name: &str) -> String {
    format!(".{name}.new-{}-", std::process::id())
}

pub(super) fn old_site_name(name: &str) -> String {
    format!(".{name}.old-{}", std::process::id())
}

/// A temporary folder of a build beside `name`: which kind, and the build's process id.
#[derive(Debug, PartialEq, Eq)]
enum Leftover {
    Staging(u32),
    OldSite(u32),
}

fn parse_leftover(file_name: &str, name: &str) -> Option<Leftover> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let (kind, rest) = if let Some(rest) = rest.strip_prefix(".new-") {
        (Leftover::Staging as fn(u32) -> Leftover, rest)
    } else {
        (
            Leftover::OldSite as fn(u32) -> Leftover,
            rest.strip_prefix(".old-")?,
        )
    };
    let digits = rest.split('-').next()?;
    digits.parse().ok().map(kind)
}

/// Puts back a site a killed build left moved aside, then removes the temporary folders of
/// builds that are no longer running. Returns the folders removed or restored.
pub fn clean_leftovers(output: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (parent_of(output), output.file_name()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut handled = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(leftover) = parse_leftover(&file_name.to_string_lossy(), &name) else {
            continue;
        };
        let (Leftover::Staging(pid) | Leftover::OldSite(pid)) = leftover;
        let path = entry.path();
        if pid == std::process::id() || process_is_running(pid) {
            continue;
        }
        let output_missing = std::fs::symlink_metadata(output).is_err();
        let is_folder = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if matches!(leftover, Leftover::OldSite(_)) && output_missing {
            // Killed between its two renames: this is what the output held (a site, or with
            // --force a file), and the only copy there is.
            if std::fs::rename(&path, output).is_ok() {
                handled.push(path);
            }
        } else if is_folder && is_planpress_folder(&path) && remove_marked_folder(&path).is_ok() {
            handled.push(path);
        }
    }
    handled
}

/// Removes a folder of planpress's, its mark last: a build killed halfway through leaves a
/// folder the next build still knows to remove.
pub(super) fn remove_marked_folder(folder: &Path) -> std::io::Result<()> {
    let marker = folder.join(STAGING_MARKER);
    std::fs::write(&marker, b"")?;
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_name() == STAGING_MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    std::fs::remove_file(&marker)?;
    std::fs::remove_dir(folder)
}

/// Whether planpress made this folder: it holds the staging mark or a manifest, or nothing
/// at all (an empty old site), so removing it loses nothing of anyone else's.
fn is_planpress_folder(folder: &Path) -> bool {
    folder.join(STAGING_MARKER).is_file()
        || folder.join(MANIFEST).is_file()
        || std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

pub(super) fn parent_of(output: &Path) -> Option<&Path> {
    match output.parent() {
        Some(parent) if parent.as_os_str().is_empty() => Some(Path::new(".")),
        parent => parent,
    }
}

#[cfg(unix)]
fn process_is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    // EPERM: it exists, under another user.
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a way to ask, every build is taken to be running: its folders stay.
#[cfg(not(unix))]
fn process_is_running(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names_are_parsed_only_for_this_output() {
        assert_eq!(
            parse_leftover(".public.new-42-aBc1", "public"),
            Some(Leftover::Staging(42))
        );
        assert_eq!(
            parse_leftover(".public.old-7", "public"),
            Some(Leftover::OldSite(7))
        );
        assert_eq!(parse_leftover(".public.old-x", "public"), None);
        assert_eq!(parse_leftover(".docs.old-7", "public"), None);
        assert_eq!(parse_leftover("public.old-7", "public"), None);
    }

    #[cfg(unix)]
    #[test]
    fn this_process_runs_and_a_finished_child_does_not() {
        assert!(process_is_running(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let pid = child.id();
        child.wait().expect("wait");
        assert!(!process_is_running(pid));
    }

    #[test]
    fn unmarked_folders_are_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let output = dir.path().join("public");
        std::fs::create_dir(&output).expect("mkdir");
        let stranger = dir.path().join(".public.new-999999999-zz");
        std::fs::create_dir(&stranger).expect("mkdir");
        std::fs::write(stranger.join("notes.txt"), "mine").expect("write");
        let marked = dir.path().join(".public.old-999999999");
        std::fs::create_dir(&marked).expect("mkdir");
        std::fs::write(marked.join(MANIFEST), "{}").expect("write");
        let handled = clean_leftovers(&output);
        assert_eq!(handled, vec![marked.clone()]);
        assert!(stranger.join("notes.txt").exists());
        assert!(!marked.exists());
    }
}
