//! Which files of a site's theme are planpress's own, from an older planpress.
//!
//! `planpress init` copies the default theme into the site, and the copy stays as it was
//! when a newer planpress builds the site: its templates lack what the newer ones show, and
//! its `search.js` reads an index format the build no longer writes (search on the site
//! fails, in the members' browsers only). A file the site changed must be kept; a file that
//! is byte for byte one the bundled theme once was can be replaced. `history.txt` holds the
//! fingerprint of every version of every bundled file (written by tools/theme_history.py
//! from git history), which tells the two apart.

use std::path::{Path, PathBuf};

use super::BUNDLED_THEME_FILES;

const HISTORY: &str = include_str!("history.txt");

/// 64-bit FNV-1a over `bytes`: small, stable across versions and platforms, and the same
/// in tools/theme_history.py. Not for adversaries: it only recognises planpress's own files.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// Whether some planpress bundled `text` as the theme's file `rel`, by `history`.
fn was_bundled(history: &str, rel: &str, text: &[u8]) -> bool {
    let wanted = format!("{:016x}", fingerprint(text));
    history
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .any(|(path, hash)| path == rel && hash == wanted)
}

/// A bundled file as the site's theme has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeFile {
    /// The file of an older planpress, unchanged by the site: safe to replace.
    Older(String),
    /// Not there: a file planpress added since the theme was copied.
    Missing(String),
    /// Changed by the site (or from no planpress): kept as it is.
    Changed(String),
}

/// The bundled files the theme at `theme_dir` does not have as this planpress bundles them,
/// in the bundled order. A theme that is the bundled one has none.
pub fn outdated_files(theme_dir: &Path) -> Vec<ThemeFile> {
    outdated_by(theme_dir, HISTORY)
}

fn outdated_by(theme_dir: &Path, history: &str) -> Vec<ThemeFile> {
    BUNDLED_THEME_FILES
        .iter()
        .filter_map(|(rel, text)| {
            let path = theme_dir.join(rel);
            let Ok(metadata) = path.symlink_metadata() else {
                return Some(ThemeFile::Missing(rel.to_string()));
            };
            // A symlink or a folder in the file's place is the site's doing: replacing it
            // with a file would undo it.
            let bytes = (metadata.is_file())
                .then(|| std::fs::read(&path).ok())
                .flatten();
            let Some(bytes) = bytes else {
                return Some(ThemeFile::Changed(rel.to_string()));
            };
            if bytes == text.as_bytes() {
                None
            } else if was_bundled(history, rel, &bytes) {
                Some(ThemeFile::Older(rel.to_string()))
            } else {
                Some(ThemeFile::Changed(rel.to_string()))
            }
        })
        .collect()
}

/// What `planpress update-theme` did: the files it wrote, and those it kept because the
/// site changed them; and the file it could not write, where it stopped.
#[derive(Debug, Default)]
pub struct ThemeUpdate {
    pub replaced: Vec<String>,
    pub added: Vec<String>,
    pub kept: Vec<String>,
    pub failed: Option<(PathBuf, std::io::Error)>,
}

/// Brings the theme at `theme_dir` to this planpress's default theme: each file of an
/// older planpress is replaced and each missing one written, through a temporary file
/// renamed into place so that a failure leaves the old file whole. A file the site changed
/// is never touched. Stops at the first file it cannot write, naming it; what it wrote
/// before stays written, and listed.
pub fn update_theme(theme_dir: &Path) -> ThemeUpdate {
    update_by(theme_dir, HISTORY)
}

fn update_by(theme_dir: &Path, history: &str) -> ThemeUpdate {
    let mut update = ThemeUpdate::default();
    for file in outdated_by(theme_dir, history) {
        let (rel, list) = match file {
            ThemeFile::Older(rel) => (rel, &mut update.replaced),
            ThemeFile::Missing(rel) => (rel, &mut update.added),
            ThemeFile::Changed(rel) => {
                update.kept.push(rel);
                continue;
            }
        };
        let text = BUNDLED_THEME_FILES
            .iter()
            .find(|(bundled, _)| *bundled == rel)
            .map_or("", |(_, text)| text);
        let path = theme_dir.join(&rel);
        if let Err(error) = write_replacing(&path, text.as_bytes()) {
            update.failed = Some((path, error));
            break;
        }
        list.push(rel);
    }
    update
}

/// A replaced file keeps the permissions it had, and a new one gets those of any file made
/// there (the umask applied): a temporary file is readable by its owner only, and a theme
/// shared with a web server or a group would have lost the rest.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder.tempfile_in(folder)?;
    std::io::Write::write_all(&mut temporary, bytes)?;
    if let Ok(old) = std::fs::metadata(path) {
        temporary.as_file().set_permissions(old.permissions())?;
    }
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme file changed without tools/theme_history.py run after it: a site's copy of
    /// this version would later be taken for the site's own change and never updated.
    /// A theme folder `default` in `site` holding this planpress's bundled theme.
    fn bundled_theme_in(site: &Path) -> PathBuf {
        let theme = site.join("default");
        for (rel, text) in BUNDLED_THEME_FILES {
            let path = theme.join(rel);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(path, text).expect("write");
        }
        theme
    }

    #[test]
    fn every_bundled_file_is_in_the_history() {
        let missing: Vec<&str> = BUNDLED_THEME_FILES
            .iter()
            .filter(|(rel, text)| !was_bundled(HISTORY, rel, text.as_bytes()))
            .map(|(rel, _)| *rel)
            .collect();
        assert!(
            missing.is_empty(),
            "run `python3 tools/theme_history.py`: these theme files are not in src/render/theme/history.txt: {missing:?}"
        );
    }

    #[test]
    fn the_fingerprint_is_fnv_1a() {
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn an_older_file_is_replaced_a_changed_one_kept_and_a_missing_one_added() {
        let site = tempfile::tempdir().expect("temp dir");
        let theme = bundled_theme_in(site.path());
        assert!(outdated_files(&theme).is_empty());
        // An older search.js, as the history (here one made for the test) knows it.
        let older = "/* planpress search, format 3 */\nvar FORMAT_VERSION = 3;\n";
        let history = format!(
            "{HISTORY}static/js/search.js\t{:016x}\n",
            fingerprint(older.as_bytes())
        );
        std::fs::write(theme.join("static/js/search.js"), older).expect("write");
        std::fs::write(theme.join("static/css/style.css"), "body { color: red }").expect("write");
        std::fs::remove_file(theme.join("templates/pagination.html")).expect("remove");
        let update = update_by(&theme, &history);
        assert!(update.failed.is_none(), "{:?}", update.failed);
        assert_eq!(update.replaced, ["static/js/search.js"]);
        assert_eq!(update.added, ["templates/pagination.html"]);
        assert_eq!(update.kept, ["static/css/style.css"]);
        let read = |rel: &str| std::fs::read_to_string(theme.join(rel)).expect("read");
        assert_eq!(read("static/css/style.css"), "body { color: red }");
        assert_ne!(read("static/js/search.js"), older);
        assert_eq!(
            outdated_by(&theme, &history),
            [ThemeFile::Changed("static/css/style.css".into())]
        );
    }

    /// A symlink or a folder where a bundled file was is the site's: kept, not replaced by
    /// a file; a replaced file keeps its permissions (it was left readable by its owner only).
    #[cfg(unix)]
    #[test]
    fn a_symlink_or_folder_is_kept_and_a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let site = tempfile::tempdir().expect("temp dir");
        let theme = bundled_theme_in(site.path());
        let older = "var FORMAT_VERSION = 3;\n";
        let old_base = "<html>older</html>\n";
        let history = format!(
            "{HISTORY}static/js/search.js\t{:016x}\ntemplates/base.html\t{:016x}\ntemplates/topic.html\t{:016x}\n",
            fingerprint(older.as_bytes()),
            fingerprint(old_base.as_bytes()),
            fingerprint(old_base.as_bytes()),
        );
        let search = theme.join("static/js/search.js");
        std::fs::write(&search, older).expect("write");
        std::fs::set_permissions(&search, std::fs::Permissions::from_mode(0o644)).expect("mode");
        let shared = site.path().join("shared-base.html");
        std::fs::write(&shared, old_base).expect("write");
        let base = theme.join("templates/base.html");
        std::fs::remove_file(&base).expect("remove");
        std::os::unix::fs::symlink(&shared, &base).expect("symlink");
        let topic = theme.join("templates/topic.html");
        std::fs::remove_file(&topic).expect("remove");
        std::fs::create_dir(&topic).expect("folder");

        let update = update_by(&theme, &history);
        assert!(update.failed.is_none(), "{:?}", update.failed);
        assert_eq!(update.replaced, ["static/js/search.js"]);
        assert_eq!(update.kept, ["templates/base.html", "templates/topic.html"]);
        assert!(base.symlink_metadata().expect("link").is_symlink());
        assert_eq!(std::fs::read_to_string(&shared).expect("read"), old_base);
        assert!(topic.is_dir());
        let mode = std::fs::metadata(&search)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    /// A file it cannot write stops the update there, naming it; the files written before
    /// it are listed, not lost with the error (the command printed only the error).
    #[test]
    fn a_file_it_cannot_write_stops_it_and_what_it_wrote_is_listed() {
        let site = tempfile::tempdir().expect("temp dir");
        let theme = bundled_theme_in(site.path());
        let older = "var FORMAT_VERSION = 3;\n";
        let history = format!(
            "{HISTORY}static/js/search.js\t{:016x}\n",
            fingerprint(older.as_bytes())
        );
        std::fs::write(theme.join("static/js/search.js"), older).expect("write");
        // templates/ a file: every template is missing and none can be written.
        std::fs::remove_dir_all(theme.join("templates")).expect("remove");
        std::fs::write(theme.join("templates"), "").expect("write");
        let update = update_by(&theme, &history);
        assert_eq!(update.replaced, ["static/js/search.js"]);
        let (path, _) = update.failed.expect("a failure");
        assert!(path.starts_with(theme.join("templates")), "{path:?}");
    }
}
