//! Reading the command line: clap reads it into a [`Cli`], with the help and the mistakes
//! in the language of the messages, which must be known before clap has read anything.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use super::{Cli, help_text, usage_error};
use crate::diagnostic::Lang;

/// The command line read into a [`Cli`], its help and its mistakes in the language
/// messages are in: `--lang` wherever it stands, else the site's `messages`, else Swedish.
/// `Err` holds the exit code once the help, the version or the mistake is printed (2
/// for a mistake, as clap's own).
pub fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, ExitCode> {
    let early = EarlyArgs::read(&args);
    let lang = crate::config::message_language(&early.root, early.lang);
    let mut command = help_text::localized_command(Cli::command(), lang);
    let matches = command.try_get_matches_from_mut(&args);
    match matches.and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches)) {
        // The language is known now: `run` need not read site.toml again for it.
        Ok(cli) => Ok(Cli {
            lang: Some(lang),
            ..cli
        }),
        Err(error) => Err(print_usage_error(&error, &command, &early, lang)),
    }
}

fn print_usage_error(
    error: &clap::Error,
    command: &clap::Command,
    early: &EarlyArgs,
    lang: Lang,
) -> ExitCode {
    use clap::error::ErrorKind;
    let code = u8::try_from(error.exit_code()).unwrap_or(2);
    // The help and the version are clap's own rendering of our localized command.
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return ExitCode::from(code);
    }
    let named = early
        .subcommand
        .as_deref()
        .and_then(|name| command.find_subcommand(name));
    let message = usage_error::usage_error_message(error, named.unwrap_or(command), lang);
    let _ = std::io::stderr().lock().write_all(message.as_bytes());
    ExitCode::from(code)
}

/// What decides the language of the help before clap reads the command line: `--lang`
/// and `--root` may stand before or after the subcommand, and a mistake clap stops at
/// (a misspelt subcommand) must still be said in the language asked for.
struct EarlyArgs {
    lang: Option<Lang>,
    root: PathBuf,
    /// The first word that is not a flag: the subcommand, if it is one.
    subcommand: Option<String>,
}

impl EarlyArgs {
    fn read(args: &[std::ffi::OsString]) -> EarlyArgs {
        let mut early = EarlyArgs {
            lang: None,
            root: PathBuf::from("."),
            subcommand: None,
        };
        let mut words = args.iter().skip(1).map(|arg| arg.to_string_lossy());
        while let Some(word) = words.next() {
            let (flag, attached) = match word.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
                _ => (word.as_ref(), None),
            };
            match flag {
                "--" => break,
                "--lang" | "--root" => {
                    let Some(value) = attached.or_else(|| words.next().map(|v| v.to_string()))
                    else {
                        break;
                    };
                    if flag == "--lang" {
                        early.lang = Lang::parse(&value).or(early.lang);
                    } else {
                        early.root = PathBuf::from(value);
                    }
                }
                _ if early.subcommand.is_none() && !flag.starts_with('-') => {
                    early.subcommand = Some(flag.to_string());
                }
                _ => {}
            }
        }
        early
    }
}
