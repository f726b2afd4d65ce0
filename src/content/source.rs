use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, line_column};
use crate::text;

/// Larger documents are refused: a plan is tens of kilobytes, and a file of many megabytes
/// is almost certainly a mistake (a pasted PDF, a binary) that would only slow every build.
pub const MAX_DOCUMENT_BYTES: u64 = 4 * 1024 * 1024;

/// One Markdown document as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path under `content/`, with forward slashes: `solna/verksamhetsplan-2023.md`.
    pub rel_path: String,
    /// The path shown in diagnostics, relative to the site root: `content/solna/…`.
    pub display_path: PathBuf,
    /// Shared as the `String` it was read into: an `Arc<str>` would copy every file once
    /// more (a hundred megabytes at 10,000 documents).
    pub text: std::sync::Arc<String>,
}

/// Reads every `.md` file under `content_dir`, in a stable order. Problems with single files
/// (not UTF-8, empty, too large, a symlink out of the folder or in a loop) are diagnostics,
/// and reading goes on with the other files.
pub fn load_sources(content_dir: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let root = match content_dir.canonicalize() {
        Ok(root) => root,
        Err(error) => {
            diagnostics.push(Diagnostic::err(text!(
                "E002",
                folder = content_dir.display(),
                error = crate::diagnostic::os_error(&error)
            )));
            return (sources, diagnostics);
        }
    };
    let mut candidates = Vec::new();
    // Only a symlink in the tree can lead out of it; without one, no file needs resolving
    // (which costs a system call per path component, per file).
    let mut linked = content_dir
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(walk_error(content_dir, &error));
                continue;
            }
        };
        linked |= entry.path_is_symlink();
        let path = entry.path();
        let rel = path.strip_prefix(content_dir).unwrap_or(path);
        let display_path = Path::new("content").join(rel);
        if is_hidden(rel) || !entry.file_type().is_file() || is_editor_temp_file(path) {
            continue;
        }
        if path.extension().is_none_or(|e| e != "md") {
            if let Some(unread) = unread_content_file(rel, &display_path) {
                diagnostics.push(unread);
            }
            continue;
        }
        let rel_path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        candidates.push((path.to_path_buf(), rel_path, display_path));
    }
    // Reading is most of the loading on a large site: the files are read in parallel, and
    // kept in the walk's order.
    let read: Vec<Result<SourceFile, Diagnostic>> = candidates
        .into_par_iter()
        .map(|(path, rel_path, display_path)| {
            if linked {
                check_inside(&path, &root, &display_path)?;
            }
            let text = read_source(&path, &display_path)?;
            Ok(SourceFile {
                rel_path,
                display_path,
                text: std::sync::Arc::new(text),
            })
        })
        .collect();
    for result in read {
        match result {
            Ok(source) => sources.push(source),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (sources, diagnostics)
}

/// A file reached through a symlink must still be inside the content folder.
fn check_inside(path: &Path, root: &Path, display_path: &Path) -> Result<(), Diagnostic> {
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(()),
        Ok(real) => Err(Diagnostic::err(text!(
            "E003",
            file = display_path.display(),
            target = real.display()
        ))
        .in_file(display_path)
        .help(text!("E003.help"))),
        Err(error) => Err(Diagnostic::err(text!(
            "E004",
            file = display_path.display(),
            error = crate::diagnostic::os_error(&error)
        ))
        .in_file(display_path)),
    }
}

fn read_source(path: &Path, display_path: &Path) -> Result<String, Diagnostic> {
    let cannot_read = |error: std::io::Error| {
        Diagnostic::err(text!(
            "E001",
            file = display_path.display(),
            error = crate::diagnostic::os_error(&error)
        ))
        .in_file(display_path)
    };
    // Opened once: its size from the open file, then read into a buffer of that size.
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_DOCUMENT_BYTES {
        return Err(Diagnostic::err(text!(
            "E005",
            file = display_path.display(),
            size = size,
            max = MAX_DOCUMENT_BYTES
        ))
        .in_file(display_path)
        .help(text!("E005.help")));
    }
    // One byte more than the size, so that the read that finds the end needs no growth.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot_read)?;
    let text = decode_utf8(bytes, display_path)?;
    if text.trim().is_empty() {
        return Err(
            Diagnostic::err(text!("E007", file = display_path.display()))
                .in_file(display_path)
                .help(text!("E007.help")),
        );
    }
    Ok(text)
}

/// `bytes` as text, without a byte order mark; not UTF-8 (a file saved as Latin-1) is an
/// error at the first byte that is not.
pub(crate) fn decode_utf8(bytes: Vec<u8>, display_path: &Path) -> Result<String, Diagnostic> {
    let mut text = String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
        let (line, column) = line_column(&prefix, valid);
        Diagnostic::err(text!(
            "E006",
            file = display_path.display(),
            line = line,
            column = column
        ))
        .help(text!("E006.help"))
        .at(display_path, &prefix, valid..valid)
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// A TOML file of the content folder (`topics.toml`, a follow-up file) as text: unreadable
/// or not UTF-8 is an error naming it, in the author's words rather than the system's.
pub(crate) fn read_utf8_file(
    path: &Path,
    display_path: &Path,
) -> std::io::Result<Result<String, Diagnostic>> {
    let bytes = std::fs::read(path)?;
    Ok(decode_utf8(bytes, display_path))
}

fn walk_error(content_dir: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| content_dir.to_path_buf());
    let display = Path::new("content").join(path.strip_prefix(content_dir).unwrap_or(&path));
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::err(text!(
            "E008",
            file = display.display(),
            ancestor = ancestor.display()
        ))
        .in_file(&display)
        .help(text!("E008.help"));
    }
    let error = match error.io_error() {
        Some(io) => crate::diagnostic::os_error(io),
        None => text!("os.other", error = error),
    };
    Diagnostic::err(text!("E001", file = display.display(), error = error)).in_file(&display)
}

/// A file of the content folder that looks meant as content but is read by nothing: a
/// document saved as `plan.MD`, `plan.markdown` or `plan.md.txt`, a follow-up file named
/// `plan.uppfoljning.toml`. Each dropped a document or its statuses without a word. Other
/// files (a picture, the PDF a plan was converted from) are left alone.
fn unread_content_file(rel: &Path, display_path: &Path) -> Option<Diagnostic> {
    let name = rel.file_name()?.to_string_lossy();
    let lower = name.to_lowercase();
    let at_root = rel.parent().is_none_or(|p| p.as_os_str().is_empty());
    let vocabulary = ["organizations.toml", "topics.toml", "actors.toml"];
    let help = if let Some(stem) = [".md", ".markdown", ".mdown", ".mkd", ".md.txt"]
        .iter()
        // Lowercasing can change a name's length in bytes (İ, the Kelvin sign), so the stem
        // is cut from the original only where that is a character boundary.
        .find_map(|ext| {
            lower
                .strip_suffix(ext)
                .map(|stem| name.get(..stem.len()).unwrap_or(stem))
        }) {
        text!("E138.help-document", name = format!("{stem}.md"))
    } else if lower.ends_with(".toml") {
        if lower.ends_with(".followup.toml") || (at_root && vocabulary.contains(&name.as_ref())) {
            return None;
        }
        let stem = name.split('.').next().unwrap_or(&name);
        text!("E138.help-toml", name = format!("{stem}.followup.toml"))
    } else {
        return None;
    };
    Some(
        Diagnostic::err(text!("E138", file = display_path.display()))
            .in_file(display_path)
            .help(help),
    )
}

/// A path with a hidden file or folder in it (`.git/`, `.DS_Store`, Vim's `.x.swp`).
pub fn is_hidden(rel: &Path) -> bool {
    rel.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// Editors write backups and swap files beside the document; they are never content.
pub fn is_editor_temp_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.starts_with(".goutputstream")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_meant_as_content_that_nothing_reads_are_named() {
        let unread = |rel: &str| {
            unread_content_file(Path::new(rel), &Path::new("content").join(rel))
                .and_then(|d| d.help_in(crate::diagnostic::Lang::Sv))
        };
        for (rel, name) in [
            ("solna/plan.MD", "plan.md"),
            ("solna/plan.markdown", "plan.md"),
            ("solna/plan.md.txt", "plan.md"),
            (
                "solna/plan-2023.uppfoljning.toml",
                "plan-2023.followup.toml",
            ),
            ("solna/topics.toml", "topics.followup.toml"),
        ] {
            let help = unread(rel).unwrap_or_default();
            assert!(help.contains(&format!("`{name}`")), "{rel}: {help}");
        }
        for rel in [
            "topics.toml",
            "organizations.toml",
            "solna/plan.followup.toml",
            "solna/bild.png",
            "solna/plan.pdf",
            "solna/anteckningar.txt",
        ] {
            assert!(unread(rel).is_none(), "{rel}");
        }
        // Names whose lowercase is longer or shorter in bytes than they are: named, no panic.
        for rel in ["solna/ẞ€.MD", "solna/İ€.MD", "solna/x.M\u{212A}D"] {
            assert!(unread(rel).is_some(), "{rel}");
        }
    }

    #[test]
    fn editor_temp_files_are_recognised() {
        for name in ["a.md~", ".#a.md", "#a.md#", ".a.md.swp", "a.md.tmp"] {
            assert!(is_editor_temp_file(Path::new(name)), "{name}");
        }
        assert!(!is_editor_temp_file(Path::new("plan.md")));
    }

    #[test]
    fn sources_are_read_whole_and_bad_ones_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let content = dir.path();
        std::fs::create_dir(content.join("org")).expect("mkdir");
        std::fs::write(
            content.join("org/plan.md"),
            "+++\ntitle = \"Å\"\n+++\nText\n",
        )
        .expect("write");
        std::fs::write(content.join("org/bom.md"), "\u{feff}+++\n+++\nBody\n").expect("write");
        std::fs::write(content.join("org/empty.md"), " \n").expect("write");
        std::fs::write(content.join("org/latin1.md"), b"ok\nbad \xe5\n").expect("write");
        let too_large = usize::try_from(MAX_DOCUMENT_BYTES).expect("fits") + 1;
        std::fs::write(content.join("org/large.md"), vec![b'a'; too_large]).expect("write");
        std::fs::write(content.join("org/notes.txt"), "not markdown").expect("write");

        let (sources, diagnostics) = load_sources(content);
        let read: Vec<(&str, &str)> = sources
            .iter()
            .map(|s| (s.rel_path.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("org/bom.md", "+++\n+++\nBody\n"),
                ("org/plan.md", "+++\ntitle = \"Å\"\n+++\nText\n"),
            ]
        );
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0].ends_with("org/empty.md is empty"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("org/large.md is 4194305 bytes"),
            "{messages:?}"
        );
        assert!(
            messages[2]
                .contains("org/latin1.md is not UTF-8 text (invalid byte at line 2, column 5)"),
            "{messages:?}"
        );
    }
}
