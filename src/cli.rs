//! The command line: clap definitions and the dispatch to the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{BuildOptions, Warnings, build_site_with, check_site_with};
use crate::config::DraftMode;
use crate::diagnostic::{Diagnostic, Lang, Text, render_diagnostics_in};
use crate::error::BuildFailure;
use crate::output::Replace;
use crate::serve::{OpenBrowser, ServeOptions};
use crate::text;

mod help_text;
mod parse;
mod usage_error;

pub use parse::parse;

#[derive(Debug, Parser)]
#[command(name = "planpress", version)]
pub struct Cli {
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, global = true, ignore_case = true, value_parser = lang_values())]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Command,
}

/// What `check --explain` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Explain {
    Addressees,
}

/// `sv` or `en`: a list clap knows, so that a wrong value is told the right ones.
fn lang_values() -> impl clap::builder::TypedValueParser<Value = Lang> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["sv", "en"])
        .map(|code: String| Lang::parse(&code).unwrap_or_default())
}

// The words of each command and flag, in Swedish and English, are the message catalogue's
// (`cli.about.*`, `cli.arg.*`), given by help_text.rs.
#[derive(Debug, Subcommand)]
pub enum Command {
    Build {
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        deny_warnings: bool,
    },
    Check {
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        deny_warnings: bool,
        #[arg(long)]
        list_external: bool,
        #[arg(long, value_enum)]
        explain: Option<Explain>,
    },
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
    },
    Ids {
        path: PathBuf,
    },
    Init {
        dir: PathBuf,
    },
    UpdateTheme,
    New {
        kind: String,
        path: PathBuf,
        #[arg(long)]
        create_org: Option<String>,
        #[arg(long)]
        plan: Option<String>,
        #[arg(long, requires = "plan")]
        from_followup: bool,
    },
}

pub fn run(cli: Cli) -> ExitCode {
    let drafts_mode = |drafts: bool| {
        if drafts {
            DraftMode::Include
        } else {
            DraftMode::Exclude
        }
    };
    let lang = match cli.command {
        Command::Init { .. } => cli.lang.unwrap_or_default(),
        _ => crate::config::message_language(&cli.root, cli.lang),
    };
    match cli.command {
        Command::Build {
            output,
            force,
            base_url,
            drafts,
            deny_warnings,
        } => {
            let options = BuildOptions {
                root: cli.root,
                output,
                base_url,
                drafts: drafts_mode(drafts),
            };
            let replace = if force {
                Replace::Anything
            } else {
                Replace::OwnOutput
            };
            remove_staging_on_signals(lang);
            report(
                build_site_with(&options, replace, warnings_mode(deny_warnings)).map(|build| {
                    print_diagnostics(&build.warnings, lang);
                    let built = text!(
                        "summary.built",
                        summary = build.summary.in_lang(lang),
                        folder = options.output_dir().display(),
                        warnings = warnings_suffix(&build.warnings, lang)
                    );
                    println!("{}", built.render(lang));
                    // The process ends right after: freeing a large site and the pipeline that
                    // made it (most of a GB, allocated across threads) took a third of a second
                    // of one core, after all the work was done. The operating system takes the
                    // memory back at exit anyway.
                    std::mem::forget(build);
                }),
                lang,
            )
        }
        Command::Check {
            drafts,
            deny_warnings,
            list_external,
            explain,
        } => {
            let options = BuildOptions {
                drafts: drafts_mode(drafts),
                ..BuildOptions::new(cli.root)
            };
            let shown = CheckShows {
                list_external,
                explain,
            };
            run_check(&options, warnings_mode(deny_warnings), shown, lang)
        }
        Command::Serve {
            port,
            bind,
            open,
            drafts,
        } => {
            let options = ServeOptions {
                port,
                bind,
                drafts: drafts_mode(drafts),
                lang: Some(lang),
                ..ServeOptions::new(cli.root)
            };
            let open = if open {
                OpenBrowser::Yes
            } else {
                OpenBrowser::No
            };
            report_simple(
                crate::serve::serve(&options, open)
                    .map_err(|error| text!("E110", error = error.text())),
                lang,
            )
        }
        Command::Ids { path } => match crate::ids::list_ids(&cli.root, &path) {
            Ok((lines, diagnostics)) => {
                print_diagnostics(&diagnostics, lang);
                for line in lines {
                    println!("{line}");
                }
                ExitCode::SUCCESS
            }
            Err(message) => report_simple(Err(message), lang),
        },
        Command::Init { dir } => report_simple(
            crate::scaffold::init_site(&dir).map(|()| {
                let created = text!("summary.init", folder = dir.display());
                println!("{}", created.render(lang));
            }),
            lang,
        ),
        Command::UpdateTheme => run_update_theme(&cli.root, lang),
        Command::New {
            kind,
            path,
            create_org,
            plan,
            from_followup,
        } => {
            // The statuses `--from-followup` carried into the report are in two places until
            // the author removes the follow-up file: said at once, not by the next build.
            let moved_from = plan
                .as_deref()
                .filter(|_| from_followup && kind == crate::content::ANNUAL_REPORT_KIND)
                .map(crate::scaffold::followup_file_of);
            let created = match (kind.as_str(), plan) {
                (crate::content::ANNUAL_REPORT_KIND, Some(plan)) => {
                    crate::scaffold::new_annual_report(&cli.root, &path, &plan, from_followup)
                }
                (crate::content::ANNUAL_REPORT_KIND, None) => Err(text!("E119")),
                (_, Some(_)) => Err(text!("E120")),
                (_, None) => crate::scaffold::new_document_with_org(
                    &cli.root,
                    &kind,
                    &path,
                    create_org.as_deref(),
                ),
            };
            report_simple(
                created.map(|created| {
                    let created = text!("summary.created", file = created.display());
                    println!("{}", created.render(lang));
                    if let Some(followup) = &moved_from {
                        let moved = text!("summary.followup-moved", file = followup.display());
                        println!("{}", moved.render(lang));
                    }
                }),
                lang,
            )
        }
    }
}

/// What `planpress check` prints besides the errors.
struct CheckShows {
    list_external: bool,
    explain: Option<Explain>,
}

fn run_check(
    options: &BuildOptions,
    warnings: Warnings,
    shows: CheckShows,
    lang: Lang,
) -> ExitCode {
    let result = check_site_with(options, warnings);
    // A site with errors still has its recommendations explained, each document on its own.
    if result.is_err() && shows.explain == Some(Explain::Addressees) {
        for line in crate::explain::explain_addressees_of_files(&options.root, lang) {
            println!("{line}");
        }
    }
    let result = result.map(|build| {
        print_diagnostics(&build.warnings, lang);
        if shows.explain == Some(Explain::Addressees) {
            for line in crate::explain::explain_addressees(&build.site, lang) {
                println!("{line}");
            }
        }
        if shows.list_external {
            for line in crate::site_paths::external_links(&build.site) {
                println!("{line}");
            }
        }
        let checked = text!(
            "summary.checked",
            summary = build.summary.in_lang(lang),
            warnings = warnings_suffix(&build.warnings, lang)
        );
        println!("{}", checked.render(lang));
    });
    report(result, lang)
}

/// A build stopped by Ctrl-C, SIGTERM or SIGHUP removes its staging folder; the output keeps
/// the old site (or, past the swap, the new one). SIGKILL cannot be caught: the next build
/// cleans up after it.
fn remove_staging_on_signals(lang: Lang) {
    let installed = ctrlc::set_handler(|| {
        crate::output::abandon_in_progress();
        std::process::exit(130);
    });
    if let Err(error) = installed {
        let warning = text!("summary.no-signal-handler", error = error);
        eprintln!("{}", warning.render(lang));
    }
}

fn report(result: Result<(), BuildFailure>, lang: Lang) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let diagnostics = failure.diagnostics();
            print_diagnostics(&diagnostics, lang);
            let errors = crate::diagnostic::error_count(&diagnostics);
            let warnings = warning_count(&diagnostics);
            let failed = if errors == 0 && warnings > 0 {
                text!(
                    "summary.failed-warnings",
                    warnings = crate::diagnostic::warnings_counted(warnings, lang)
                )
            } else {
                text!(
                    "summary.failed",
                    errors = crate::diagnostic::errors_counted(errors, lang),
                    warnings = warnings_suffix_count(warnings, lang)
                )
            };
            eprintln!("{}", failed.render(lang));
            ExitCode::FAILURE
        }
    }
}

fn warnings_mode(deny: bool) -> Warnings {
    if deny {
        Warnings::Deny
    } else {
        Warnings::Allow
    }
}

/// ", 2 warnings" for the summary line, or nothing.
fn warnings_suffix(warnings: &[Diagnostic], lang: Lang) -> String {
    warnings_suffix_count(warning_count(warnings), lang)
}

fn warning_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| 1 + d.more_alike)
        .sum()
}

fn warnings_suffix_count(count: usize, lang: Lang) -> String {
    match count {
        0 => String::new(),
        1 => text!("summary.one-warning").render(lang),
        n => text!("summary.warnings", count = n).render(lang),
    }
}

/// `planpress update-theme`: the theme of the site at `root` brought to this planpress's,
/// keeping every file the site changed; what was replaced, added and kept, file by file.
fn run_update_theme(root: &std::path::Path, lang: Lang) -> ExitCode {
    let config = match crate::config::load_config(root, None, DraftMode::Exclude) {
        Ok(config) => config,
        Err(errors) => {
            print_diagnostics(&errors, lang);
            return ExitCode::FAILURE;
        }
    };
    if !config.theme_dir.is_dir() {
        let folder = config.theme_dir.display();
        return report_simple(Err(text!("E093", folder = folder)), lang);
    }
    let update = crate::render::history::update_theme(&config.theme_dir);
    let theme = crate::render::theme_display(&config.theme_dir);
    let shown = |file: &String| theme.join(file).display().to_string();
    let lines = (update.replaced.iter())
        .map(|file| text!("theme.replaced", file = shown(file)))
        .chain((update.added.iter()).map(|file| text!("theme.added", file = shown(file))))
        .chain((update.kept.iter()).map(|file| text!("theme.kept", file = shown(file))));
    for line in lines {
        println!("{}", line.render(lang));
    }
    // The files written before the one that failed stay written, and are listed above.
    if let Some((path, error)) = &update.failed {
        let error = crate::diagnostic::os_error(error);
        return report_simple(
            Err(text!("E162", file = path.display(), error = error)),
            lang,
        );
    }
    let summary = text!(
        "summary.update-theme",
        replaced = update.replaced.len(),
        added = update.added.len(),
        kept = update.kept.len()
    );
    println!("{}", summary.render(lang));
    ExitCode::SUCCESS
}

fn report_simple(result: Result<(), Text>, lang: Lang) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let label = text!("label.error").render(lang);
            match message.code() {
                Some(code) => eprintln!("{label}[{code}]: {}", message.render(lang)),
                None => eprintln!("{label}: {}", message.render(lang)),
            }
            ExitCode::FAILURE
        }
    }
}

/// Prints the diagnostics in `lang`, repeats counted rather than shown
/// ([`render_diagnostics_in`]).
pub fn print_diagnostics(diagnostics: &[Diagnostic], lang: Lang) {
    let _ = std::io::stderr()
        .lock()
        .write_all(render_diagnostics_in(diagnostics, lang).as_bytes());
}
