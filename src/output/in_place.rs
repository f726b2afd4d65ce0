//! Writing a built site into an output folder that cannot be replaced, because it is a mount
//! point (a container's volume): the staged copy is synced into it. Only files whose bytes
//! changed are written; deleted are only the files the folder's manifest says an earlier
//! build wrote and this one no longer makes, never a file planpress did not write. This is
//! not atomic: a build killed halfway leaves a mix of old and new pages, which the next build
//! completes.

use std::collections::BTreeSet;
use std::path::Path;

use super::target::{MANIFEST, manifest_text};
use crate::error::{Error, Result};

/// Brings `output` to the staged site's `files`, deleting the files of `previous` (the old
/// manifest's) no longer made, then flushes it all to the disk.
pub(super) fn sync_into(
    staged: &Path,
    output: &Path,
    previous: &BTreeSet<String>,
    files: &[String],
) -> Result<()> {
    // First a manifest naming old and new files both, so that whatever a killed sync leaves
    // is still recognised as planpress's own by the next build.
    let mut both: BTreeSet<String> = previous.clone();
    both.extend(files.iter().cloned());
    write_manifest(output, &both.into_iter().collect::<Vec<_>>())?;
    for rel in files {
        copy_if_changed(&staged.join(rel), &output.join(rel), output)?;
    }
    let kept: BTreeSet<&str> = files.iter().map(String::as_str).collect();
    for rel in previous.iter().filter(|rel| !kept.contains(rel.as_str())) {
        remove_stale(output, rel)?;
    }
    write_manifest(output, files)?;
    flush(output)
}

fn copy_if_changed(from: &Path, to: &Path, output: &Path) -> Result<()> {
    let bytes = std::fs::read(from).map_err(|source| Error::Read {
        path: from.to_path_buf(),
        source,
    })?;
    if std::fs::read(to).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|source| super::write_error(dir, source, output))?;
    }
    std::fs::write(to, bytes).map_err(|source| super::write_error(to, source, output))
}

/// Deletes one file an earlier build wrote, and the folders it leaves empty.
fn remove_stale(output: &Path, rel: &str) -> Result<()> {
    let path = output.join(rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(Error::Write { path, source }),
    }
    let mut dir = path.parent();
    while let Some(folder) = dir.filter(|d| d.starts_with(output) && *d != output) {
        // Fails, harmlessly, when the folder still holds files.
        if std::fs::remove_dir(folder).is_err() {
            break;
        }
        dir = folder.parent();
    }
    Ok(())
}

fn write_manifest(output: &Path, files: &[String]) -> Result<()> {
    let path = output.join(MANIFEST);
    let partial = output.join(format!("{MANIFEST}.partial"));
    std::fs::write(&partial, manifest_text(files))
        .map_err(|source| super::write_error(&partial, source, output))?;
    std::fs::rename(&partial, &path).map_err(|source| Error::Write { path, source })
}

/// Flushes the output's filesystem, so the site is on the disk when the build reports success.
#[cfg(target_os = "linux")]
fn flush(output: &Path) -> Result<()> {
    use std::os::fd::AsRawFd;
    let folder = std::fs::File::open(output).map_err(|source| Error::Read {
        path: output.to_path_buf(),
        source,
    })?;
    // SAFETY: the descriptor is open for the duration of the call.
    if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
        return Err(super::write_error(
            output,
            std::io::Error::last_os_error(),
            output,
        ));
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn flush(output: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(output).into_iter().flatten() {
        if entry.file_type().is_file()
            && let Ok(file) = std::fs::File::open(entry.path())
        {
            file.sync_all()
                .map_err(|source| super::write_error(entry.path(), source, output))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_writes_changes_and_deletes_only_what_planpress_wrote_before() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (staged, output) = (dir.path().join("staged"), dir.path().join("out"));
        for (rel, text) in [("a/index.html", "A2"), ("c.html", "C")] {
            std::fs::create_dir_all(staged.join(rel).parent().expect("parent")).expect("mkdir");
            std::fs::write(staged.join(rel), text).expect("write");
        }
        std::fs::create_dir_all(output.join("a")).expect("mkdir");
        std::fs::create_dir_all(output.join("gone")).expect("mkdir");
        for (rel, text) in [
            ("a/index.html", "A1"),
            ("gone/b.html", "B"),
            ("notes.txt", "mine"),
        ] {
            std::fs::write(output.join(rel), text).expect("write");
        }
        let previous = BTreeSet::from(["a/index.html".to_string(), "gone/b.html".to_string()]);
        let files = vec!["a/index.html".to_string(), "c.html".to_string()];
        sync_into(&staged, &output, &previous, &files).expect("sync");
        assert_eq!(
            std::fs::read_to_string(output.join("a/index.html")).expect("a"),
            "A2"
        );
        assert!(output.join("c.html").exists());
        assert!(
            !output.join("gone").exists(),
            "a stale file and its folder go"
        );
        assert_eq!(
            std::fs::read_to_string(output.join("notes.txt")).expect("notes"),
            "mine"
        );
        assert_eq!(
            super::super::target::read_manifest(&output),
            Some(files.into_iter().collect())
        );
    }
}
