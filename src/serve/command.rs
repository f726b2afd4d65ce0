//! The `planpress serve` command: the signal handler (set before the first build, so that
//! Ctrl-C, SIGTERM or SIGHUP at any point removes the temporary folder), the server, the
//! browser, and what the terminal is told, in the language of the messages.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::{ChangeKind, ServeOptions, lock, start_reporting};
use crate::diagnostic::Lang;
use crate::error::Error;
use crate::text;

/// `planpress serve`: [`super::start`], then wait for Ctrl-C, SIGTERM or SIGHUP and shut down
/// cleanly, removing the temporary folder. The handler is set before the first build: a
/// signal during it stops the server as soon as the build is done, and a second one removes
/// the folder and exits at once.
pub fn serve(options: &ServeOptions, open_browser: OpenBrowser) -> Result<(), Error> {
    let (stop, stopped) = std::sync::mpsc::channel();
    let folder: Arc<Mutex<Option<PathBuf>>> = Arc::new(Mutex::new(None));
    let signals = AtomicUsize::new(0);
    let handler_folder = folder.clone();
    ctrlc::set_handler(move || {
        if signals.fetch_add(1, Ordering::SeqCst) == 0 {
            let _ = stop.send(());
            return;
        }
        // A second signal: the user will not wait for the first build to end.
        if let Some(folder) = lock(&handler_folder).take() {
            let _ = std::fs::remove_dir_all(folder);
        }
        std::process::exit(130);
    })
    .map_err(|error| Error::Said(text!("serve.cannot-handle-signals", error = error)))?;
    let server = start_reporting(options, &mut |path| {
        *lock(&folder) = Some(path.to_path_buf());
    })?;
    let lang = server.lang();
    if stopped.try_recv().is_ok() {
        say!("{}", text!("serve.stopping").render(lang));
        server.shutdown();
        return Ok(());
    }
    if !options.bind.is_loopback() {
        let open = text!("serve.open-to-all", address = options.bind);
        warn!("{}", open.render(lang));
    }
    say!(
        "{}",
        text!("serve.serving", url = server.url()).render(lang)
    );
    if open_browser == OpenBrowser::Yes {
        open_in_browser(&format!("{}/", server.url()), lang);
    }
    let _ = stopped.recv();
    say!("{}", text!("serve.stopping").render(lang));
    server.shutdown();
    Ok(())
}

/// Whether `serve` opens the site in the default browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenBrowser {
    Yes,
    No,
}

fn open_in_browser(url: &str, lang: Lang) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    let opened = command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        warn!("{}", text!("serve.no-browser", url = url).render(lang));
    }
}

/// "content/a.md" or "content/a.md och 3 till", for the terminal. Files that are gone (an
/// editor's or sed's temp file renamed over the real one) come last.
pub(super) fn describe_changes(root: &Path, changes: &[ChangeKind], lang: Lang) -> String {
    let mut names: Vec<String> = Vec::new();
    for change in changes {
        match change {
            ChangeKind::Content(paths) | ChangeKind::Static(paths) => {
                let mut paths: Vec<&PathBuf> = paths.iter().collect();
                paths.sort_by_key(|p| !p.exists());
                names.extend(
                    paths
                        .iter()
                        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()),
                );
            }
            ChangeKind::Templates => names.push(text!("serve.templates").render(lang)),
            ChangeKind::Config => names.push(crate::config::CONFIG_FILE.into()),
        }
    }
    match names.len() {
        0 => text!("serve.change").render(lang),
        1 => names.remove(0),
        n => text!("serve.change-more", first = &names[0], count = n - 1).render(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_changed_is_said_in_the_messages_language() {
        let root = Path::new("/site");
        let saved = |names: &[&str]| {
            ChangeKind::Content(names.iter().map(|name| root.join(name)).collect())
        };
        let said = |changes: &[ChangeKind], lang| describe_changes(root, changes, lang);
        assert_eq!(said(&[ChangeKind::Templates], Lang::Sv), "mallarna");
        assert_eq!(said(&[], Lang::Sv), "en ändring");
        assert_eq!(
            said(&[saved(&["content/a.md", "content/b.md"])], Lang::Sv),
            "content/a.md och 1 till"
        );
        assert_eq!(
            said(&[saved(&["content/a.md"]), ChangeKind::Templates], Lang::En),
            "content/a.md and 1 more"
        );
    }
}
