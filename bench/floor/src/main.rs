//! The floor of the planpress benchmark (bench/README.md): the least work any Markdown
//! site generator must do. Reads every `.md` file under CONTENT, drops the TOML front
//! matter, parses the body with pulldown-cmark, renders it to HTML and writes
//! OUT/<path without .md>/index.html. Single-threaded, no templates, no link checks.
//!
//! Usage: planpress-floor CONTENT OUT

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{html, Options, Parser};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: planpress-floor CONTENT OUT");
        return ExitCode::from(2);
    }
    match run(Path::new(&args[1]), Path::new(&args[2])) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("planpress-floor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(content: &Path, out: &Path) -> io::Result<()> {
    let start = Instant::now();
    let mut files = Vec::new();
    collect_markdown(content, &mut files)?;
    files.sort();
    let options = Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let (mut bytes_in, mut bytes_out) = (0usize, 0usize);
    let mut html_buf = String::with_capacity(64 * 1024);
    for path in &files {
        let source = fs::read_to_string(path)?;
        bytes_in += source.len();
        html_buf.clear();
        html::push_html(&mut html_buf, Parser::new_ext(body(&source), options));
        let rel = path.strip_prefix(content).expect("walked under content");
        let dir = out.join(rel.with_extension(""));
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("index.html"), &html_buf)?;
        bytes_out += html_buf.len();
    }
    eprintln!(
        "planpress-floor: {} documents, {} KB Markdown -> {} KB HTML in {:.1} ms",
        files.len(),
        bytes_in / 1024,
        bytes_out / 1024,
        start.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

/// The Markdown after a `+++` TOML front matter block, or the whole text without one.
fn body(source: &str) -> &str {
    let Some(rest) = source.strip_prefix("+++\n") else {
        return source;
    };
    match rest.find("\n+++\n") {
        Some(end) => &rest[end + 5..],
        None => source,
    }
}

fn collect_markdown(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_markdown(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    Ok(())
}
