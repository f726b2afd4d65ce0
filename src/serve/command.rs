//! The `planpress serve` command: the signal handler (set before the first build, so that
//! Ctrl-C, SIGTERM or SIGHUP at any point removes the temporary folder), the server, and
//! the browser.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::{ServeOptions, lock, start_reporting};
use crate::error::Error;

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
    .map_err(|error| Error::Other(format!("cannot handle signals: {error}")))?;
    let server = start_reporting(options, &mut |path| {
        *lock(&folder) = Some(path.to_path_buf());
    })?;
    if stopped.try_recv().is_ok() {
        say!("Stopping the preview server");
        server.shutdown();
        return Ok(());
    }
    if !options.bind.is_loopback() {
        warn!(
            "warning: listening on {}: anyone who can reach this machine can read the preview",
            options.bind
        );
    }
    say!("Serving {}/ (Ctrl-C to stop)", server.url());
    if open_browser == OpenBrowser::Yes {
        open_in_browser(&format!("{}/", server.url()));
    }
    let _ = stopped.recv();
    say!("Stopping the preview server");
    server.shutdown();
    Ok(())
}

/// Whether `serve` opens the site in the default browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenBrowser {
    Yes,
    No,
}

fn open_in_browser(url: &str) {
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
        warn!("note: could not open a browser; visit {url}/");
    }
}
