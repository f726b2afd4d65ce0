//! A full disk and a mount-point output, on real small tmpfs mounts. Mounting needs root;
//! without it these tests say SKIPPED and pass (the in-place sync and the error grouping
//! also have unit tests in src/output/).

use std::path::{Path, PathBuf};
use std::process::Command;

use planpress::output::{MANIFEST, read_manifest};

use super::kill::tree;
use super::{assert_built, assert_no_leftovers, assert_refused, build, stderr};
use crate::TestSite;

/// A tmpfs mounted at a folder, unmounted when dropped.
struct Tmpfs {
    path: PathBuf,
}

impl Tmpfs {
    fn mount(path: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(path).expect("create the mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("SKIPPED: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(Tmpfs {
            path: path.to_path_buf(),
        })
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

#[cfg(unix)]
fn device(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("metadata").dev()
}

#[test]
fn a_full_disk_is_one_error_and_the_old_site_stays() {
    let site = TestSite::fixture();
    // The fixture's site takes about 500 KiB of tmpfs pages: one fits, two do not.
    let Some(disk) = Tmpfs::mount(&site.path("disk"), "800k") else {
        return;
    };
    let public = disk.path.join("public");
    let public_arg = public.display().to_string();
    assert_built(&build(&site, &["--output", &public_arg]));
    let old = tree(&public);
    site.write(
        "content/forening/plan.md",
        site.read("content/forening/plan.md") + "\nEtt nytt stycke.\n",
    );
    let output = build(&site, &["--output", &public_arg]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    let expected = format!(
        "no space left on the device holding {}",
        disk.path.display()
    );
    assert_eq!(text.matches(&expected).count(), 1, "{text}");
    assert!(text.contains("failed with 1 error;"), "{text}");
    assert_eq!(tree(&public), old, "the old site stays");
    assert_no_leftovers(&public);
}

#[cfg(unix)]
#[test]
fn a_mount_point_output_is_written_in_place() {
    let site = TestSite::fixture();
    let Some(volume) = Tmpfs::mount(&site.path("public"), "8m") else {
        return;
    };
    assert_built(&build(&site, &[]));
    assert_ne!(device(&volume.path), device(site.root()), "still mounted");
    assert!(site.path("public/forening/plan/index.html").is_file());
    assert!(site.path("public").join(MANIFEST).is_file());
    assert_no_leftovers(&volume.path);

    site.write(
        "content/forening/extra.md",
        "+++\ntitle = \"Extra\"\nkind = \"plan\"\norganization = \"forening\"\n\
         topics = [\"klimat\"]\n+++\n\nText.\n",
    );
    assert_built(&build(&site, &[]));
    assert!(site.path("public/forening/extra/index.html").is_file());
    std::fs::remove_file(site.path("content/forening/extra.md")).expect("remove");
    assert_built(&build(&site, &[]));
    assert!(!site.path("public/forening/extra/index.html").exists());

    site.write("public/keep.txt", "a file on the volume");
    assert_refused(
        &build(&site, &[]),
        &volume.path,
        "it holds files planpress did not write",
    );
    assert_built(&build(&site, &["--force"]));
    assert_eq!(site.read("public/keep.txt"), "a file on the volume");
    let manifest = read_manifest(&volume.path).expect("a manifest");
    assert!(!manifest.contains("keep.txt"));
    assert!(manifest.contains("forening/plan/index.html"));
    assert_no_leftovers(&volume.path);
}
