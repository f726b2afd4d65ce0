//! Embeds the default theme in the binary so `planpress init` can write it out.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(theme, theme, &mut files);
    files.sort();
    let mut code = String::from("[\n");
    for rel in files {
        let absolute = std::fs::canonicalize(theme.join(&rel)).expect("theme file exists");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            absolute.display().to_string()
        );
    }
    code.push(']');
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("theme_files.rs"), code).expect("write generated file");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let name = rel.to_string_lossy().replace('\\', "/");
            if !name.ends_with('~') && !name.contains(".swp") {
                files.push(name);
            }
        }
    }
}
