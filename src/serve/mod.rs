//! `planpress serve`: a preview server that rebuilds on every save and reloads open browsers.
//!
//! The server is the build, run again and again. It builds through the same
//! [`crate::build::Pipeline`] as `planpress build` into a temporary folder, and serves that
//! folder over HTTP, so what the author previews is byte for byte what `build` writes (with
//! `base_url` pointing at the local address). Three threads share one [`ServeState`]:
//!
//! - the watcher ([`watch`]) turns notify's events into debounced batches of [`ChangeKind`];
//! - the rebuild thread ([`rebuild`]) reruns the pipeline (unchanged documents come from its
//!   cache, a template change reloads the theme, `site.toml` starts afresh), writes only the
//!   files whose bytes changed, and publishes a new build generation with the files it
//!   touched; a content change publishes once each phase that changed a file is written
//!   (the edited documents' pages, the other document pages, the index pages) and again
//!   when the rest is;
//! - the HTTP thread ([`http`]) runs hyper on a small tokio runtime, with a deadline for
//!   each request head and bounds on connections; [`respond`] answers: files from the
//!   folder, never outside it ([`paths`]), and `GET /__planpress/reload?since=N&page=PATH`,
//!   a long-poll that returns when a later generation touched that page or changed the
//!   errors ([`reload`]).
//!
//! Live reload lives only here: the script, and the error overlay of a failed rebuild, are
//! added to HTML as it is served, never to the built pages. A failed rebuild leaves the last
//! good site in the folder, so the author keeps reading it with the errors on top, and the
//! overlay goes at the next good build. There are no globals: tests start as many servers
//! as they like with [`start`], each on its own port and folder.

pub mod http;
pub mod paths;
pub mod rebuild;
pub mod reload;
pub mod respond;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::build::BuildOptions;
use crate::config::DraftMode;
use crate::diagnostic::Diagnostic;
use crate::error::{BuildFailure, Error};
use crate::text;
pub use http::HttpLimits;
use http::HttpServer;
use rebuild::Rebuilder;
use reload::generations::Reloader;
use respond::AllowedHosts;
pub use watch::ChangeKind;
use watch::SiteWatcher;

/// `println!` that never panics: when the terminal (or the pipe) is gone, the server goes on
/// serving rather than dying in the middle of a rebuild.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that never panics, as [`say!`].
macro_rules! warn {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod command;
pub use command::{OpenBrowser, serve};

/// Browsers whose polls are held at once; more get an immediate answer and ask again.
const MAX_HELD_POLLS: usize = 64;

/// The longest a phase of a rebuild waits for the browsers reloading after the one before (see [`reload::generations::Reloader::wait_for_reloads`]); a tab closed meanwhile never polls.
const RELOAD_GRACE: std::time::Duration = std::time::Duration::from_millis(400);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder, the one holding site.toml.
    pub root: PathBuf,
    /// Loopback by default. The `Host` header must name it, or a loopback name.
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: DraftMode,
    /// The HTTP connection limits; tests make them small to reach them.
    pub limits: HttpLimits,
    /// `--lang`; otherwise site.toml's `messages`, else Swedish.
    pub lang: Option<crate::diagnostic::Lang>,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 1111,
            drafts: DraftMode::Exclude,
            limits: HttpLimits::default(),
            lang: None,
        }
    }
}

/// What the request threads share with the rebuild thread.
pub struct ServeState {
    /// The canonical path of the folder being served.
    pub site_dir: PathBuf,
    pub reloader: Reloader,
    /// The language of the messages in the terminal and the overlay.
    pub lang: crate::diagnostic::Lang,
}

/// A running preview server; [`Server::shutdown`] or dropping it stops it.
pub struct Server {
    url: String,
    state: Arc<ServeState>,
    http: HttpServer,
    /// Shared with the rebuild thread, which sets the watches anew when a watched folder is
    /// replaced; `None` once the server stops.
    watcher: Arc<Mutex<Option<SiteWatcher>>>,
    rebuild_thread: Option<JoinHandle<()>>,
    site: Option<tempfile::TempDir>,
}

impl Server {
    /// `http://ADDRESS:PORT`, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn site_dir(&self) -> &Path {
        &self.state.site_dir
    }

    /// The language of the messages in the terminal and the overlay.
    pub fn lang(&self) -> crate::diagnostic::Lang {
        self.state.lang
    }

    /// The latest build generation and, after a failed rebuild, its errors.
    pub fn status(&self) -> reload::BuildStatus {
        self.state.reloader.status()
    }

    /// Stops watching and serving, wakes held polls, waits for the threads and removes the
    /// temporary folder. Dropping the server does the same.
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.reloader.stop();
        self.http.stop();
        *lock(&self.watcher) = None;
        if let Some(thread) = self.rebuild_thread.take() {
            let _ = thread.join();
        }
        if let Some(site) = self.site.take() {
            let _ = site.close();
        }
    }
}

/// Builds the site, starts watching and serving, and returns at once.
pub fn start(options: &ServeOptions) -> Result<Server, Error> {
    start_reporting(options, &mut |_| {})
}

/// [`start`], telling `site_folder` where the temporary folder is as soon as it exists, so
/// that a second Ctrl-C during the first build can remove it.
pub(crate) fn start_reporting(
    options: &ServeOptions,
    site_folder: &mut dyn FnMut(&Path),
) -> Result<Server, Error> {
    let root = options.root.canonicalize().map_err(|source| Error::Read {
        path: options.root.clone(),
        source,
    })?;
    let listen = |error: std::io::Error| {
        let address = SocketAddr::new(options.bind, options.port);
        Error::Said(text!(
            "serve.cannot-listen",
            address = address,
            error = crate::diagnostic::os_error(&error)
        ))
    };
    let listener =
        std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(listen)?;
    let address = listener.local_addr().map_err(listen)?;
    let url = format!("http://{address}");
    let site = tempfile::Builder::new()
        .prefix("planpress-serve-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    site_folder(site.path());
    let site_dir = site.path().canonicalize().map_err(|source| Error::Read {
        path: site.path().to_path_buf(),
        source,
    })?;
    let build_options = BuildOptions {
        root: root.clone(),
        output: Some(site_dir.clone()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
    };
    let state = Arc::new(ServeState {
        site_dir: site_dir.clone(),
        reloader: Reloader::new(MAX_HELD_POLLS),
        lang: crate::config::message_language(&root, options.lang),
    });
    let mut rebuilder = Rebuilder::new(build_options, site_dir);
    let first = rebuilder.rebuild(&[ChangeKind::Config], &mut |_| {});
    report_rebuild(&state, first, None, false);

    let (sender, events) = std::sync::mpsc::channel();
    let watcher = SiteWatcher::start(&root, sender).map_err(|error| {
        Error::Said(text!(
            "serve.cannot-watch",
            folder = root.display(),
            error = error
        ))
    })?;
    let watcher = Arc::new(Mutex::new(Some(watcher)));
    let rebuild_thread = {
        let (state, watcher) = (state.clone(), watcher.clone());
        std::thread::Builder::new()
            .name("planpress-rebuild".into())
            .spawn(move || rebuild_loop(&root, &events, &watcher, &mut rebuilder, &state))
            .map_err(|error| Error::Said(text!("serve.cannot-start-rebuild", error = error)))?
    };
    let hosts = AllowedHosts::new(options.bind, address.port());
    let http = HttpServer::start(listener, state.clone(), hosts, options.limits)
        .map_err(|error| Error::Said(text!("serve.cannot-start-http", error = error)))?;
    Ok(Server {
        url,
        state,
        http,
        watcher,
        rebuild_thread: Some(rebuild_thread),
        site: Some(site),
    })
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Neither the watcher nor a path can be left half-changed by a panicking holder.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn rebuild_loop(
    root: &Path,
    events: &std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    watcher: &Mutex<Option<SiteWatcher>>,
    rebuilder: &mut Rebuilder,
    state: &ServeState,
) {
    let stopping = || state.reloader.is_stopping();
    while let Some(batch) = watch::next_batch(root, events, &stopping) {
        if stopping() {
            break;
        }
        if batch.rearm {
            // Before the rebuild reads the sources, so that a save after it is seen.
            if let Some(watcher) = lock(watcher).as_mut() {
                watcher.rearm();
            }
        }
        let changes = batch.changes;
        if changes.is_empty() {
            continue;
        }
        let what = command::describe_changes(root, &changes, state.lang);
        let had_errors = state.reloader.status().errors.is_some();
        let mut published = false;
        let result = rebuilder.rebuild(&changes, &mut |phase| {
            // The browsers on the edited documents update now, those on the index pages
            // listing them next; the exports, search index and feeds follow.
            if phase.changed > 0 || (had_errors && !published) {
                state.reloader.publish(None, phase.touched.clone(), false);
                published = true;
                state.reloader.wait_for_reloads(RELOAD_GRACE);
            }
        });
        report_rebuild(state, result, Some(&what), published);
    }
}

/// Prints the outcome and publishes a new generation when browsers have something to see:
/// changed files, errors that appeared or went, or the end of a rebuild whose first phase
/// was published (so that `complete` is true again). `change` names what changed; `None`
/// for the first build.
fn report_rebuild(
    state: &ServeState,
    result: Result<rebuild::Rebuilt, BuildFailure>,
    change: Option<&str>,
    first_phase_published: bool,
) {
    let had_errors = state.reloader.status().errors.is_some();
    match result {
        Ok(rebuilt) if !rebuilt.errors.is_empty() => {
            // The pages are written, the edit shows: the overlay says what to fix, and must
            // not call the page the last good one.
            print_diagnostics(&rebuilt.warnings, state.lang);
            print_diagnostics(&rebuilt.errors, state.lang);
            let errors = crate::diagnostic::errors_counted(
                crate::diagnostic::error_count(&rebuilt.errors),
                state.lang,
            );
            let found = match change {
                None => text!("serve.first-built-with-errors", errors = errors),
                Some(change) => {
                    text!(
                        "serve.rebuilt-with-errors",
                        change = change,
                        errors = errors
                    )
                }
            };
            warn!("{}", found.render(state.lang));
            let text = crate::diagnostic::render_diagnostics_in(&rebuilt.errors, state.lang);
            state
                .reloader
                .publish_written_with_errors(text, rebuilt.touched);
        }
        Ok(rebuilt) => {
            print_diagnostics(&rebuilt.warnings, state.lang);
            let lang = state.lang;
            let what = match change {
                None => text!("serve.built"),
                Some(change) => text!("serve.rebuilt", change = change),
            };
            let phases = match (
                rebuilt.phase_elapsed(crate::build::Part::EditedPages),
                rebuilt.phase_elapsed(crate::build::Part::DocumentPages),
                rebuilt.phase_elapsed(crate::build::Part::IndexPages),
            ) {
                (Some(edited), Some(pages), Some(indexes)) => text!(
                    "serve.phases-edited",
                    edited_ms = edited.as_millis(),
                    ms = pages.as_millis(),
                    index_ms = indexes.as_millis()
                )
                .render(lang),
                (None, Some(pages), Some(indexes)) => text!(
                    "serve.phases",
                    ms = pages.as_millis(),
                    index_ms = indexes.as_millis()
                )
                .render(lang),
                _ => String::new(),
            };
            let [documents, items, pages, _] = rebuilt.summary.counted(lang);
            let line = text!(
                "serve.summary",
                what = what,
                ms = rebuilt.elapsed.as_millis(),
                phases = phases,
                changed = crate::diagnostic::counted(
                    rebuilt.changed,
                    text!("count.changed-file.one"),
                    text!("count.changed-file.other"),
                    lang
                ),
                documents = documents,
                items = items,
                pages = pages
            );
            say!("{}", line.render(lang));
            if change.is_some()
                && (!rebuilt.touched.is_empty() || had_errors || first_phase_published)
            {
                state.reloader.publish(None, rebuilt.touched, true);
            }
        }
        Err(failure) => {
            let diagnostics = failure.diagnostics();
            print_diagnostics(&diagnostics, state.lang);
            let errors = crate::diagnostic::errors_counted(
                crate::diagnostic::error_count(&diagnostics),
                state.lang,
            );
            let failed = match change {
                None => text!("serve.first-failed", errors = errors),
                Some(change) => text!("serve.rebuild-failed", change = change, errors = errors),
            };
            warn!("{}", failed.render(state.lang));
            let text = crate::diagnostic::render_diagnostics_in(&diagnostics, state.lang);
            state
                .reloader
                .publish(Some(text), reload::Touched::none(), true);
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], lang: crate::diagnostic::Lang) {
    let text = crate::diagnostic::render_diagnostics_in(diagnostics, lang);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
