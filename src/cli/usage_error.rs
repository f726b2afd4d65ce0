//! A command line clap could not read, said in the author's language: clap's own
//! formatter writes English ("error: unrecognized subcommand"), so its error is taken
//! apart by kind and context and put into words of the message catalogue.

use clap::Command;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use crate::diagnostic::{Lang, Text};
use crate::text;

/// The message for `error`, found while reading the arguments of `command` (the
/// subcommand the author named, or the whole command line), ending in a newline.
pub fn usage_error_message(error: &Error, command: &Command, lang: Lang) -> String {
    let label = text!("label.error").render(lang);
    let mut message = format!("{label}: {}\n", what_went_wrong(error).render(lang));
    let suggested = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ];
    let help_label = text!("label.help").render(lang);
    for suggestion in suggested.iter().filter_map(|kind| error.get(*kind)) {
        if let Some(nearest) = first_string(suggestion) {
            let help = text!("help.did-you-mean", nearest = nearest);
            message.push_str(&format!("  = {help_label}: {}\n", help.render(lang)));
        }
    }
    if let Some(ContextValue::Strings(values)) = error.get(ContextKind::ValidValue) {
        let help = text!("help.valid-values", values = quoted_list(values));
        message.push_str(&format!("  = {help_label}: {}\n", help.render(lang)));
    }
    let usage = text!(
        "cli.usage",
        usage = super::help_text::usage_of(command, lang)
    );
    let more = text!("cli.more", command = command_path(command));
    message.push_str(&format!(
        "\n{}\n{}\n",
        usage.render(lang),
        more.render(lang)
    ));
    message
}

fn what_went_wrong(error: &Error) -> Text {
    let string = |kind| error.get(kind).and_then(first_string).unwrap_or_default();
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    match error.kind() {
        ErrorKind::InvalidSubcommand => {
            text!(
                "cli.error.unknown-command",
                name = string(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => text!("cli.error.unexpected-argument", name = arg),
        ErrorKind::InvalidValue if value.is_empty() => text!("cli.error.missing-value", arg = arg),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            text!("cli.error.invalid-value", value = value, arg = arg)
        }
        ErrorKind::TooManyValues => text!("cli.error.unexpected-value", value = value, arg = arg),
        ErrorKind::MissingRequiredArgument => {
            let missing = match error.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(args)) => quoted_list(args),
                _ => format!("`{arg}`"),
            };
            text!("cli.error.missing-arguments", args = missing)
        }
        ErrorKind::ArgumentConflict => {
            match error.get(ContextKind::PriorArg).and_then(first_string) {
                Some(prior) if prior != arg => {
                    text!("cli.error.conflict", arg = arg, other = prior)
                }
                _ => text!("cli.error.repeated", arg = arg),
            }
        }
        ErrorKind::MissingSubcommand => text!("cli.error.missing-command"),
        ErrorKind::InvalidUtf8 => text!("cli.error.invalid-utf8"),
        // What the arguments planpress has cannot produce (a count of values, `=`), and
        // a failure to write the help: clap's words, rather than none.
        _ => text!(
            "cli.error.other",
            error = error.kind().as_str().unwrap_or_default()
        ),
    }
}

fn first_string(value: &ContextValue) -> Option<String> {
    match value {
        ContextValue::String(value) => Some(value.clone()),
        ContextValue::Strings(values) => values.first().cloned(),
        _ => None,
    }
}

fn quoted_list(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
    quoted.join(", ")
}

/// `planpress build`, as the author would type it before `--help`.
fn command_path(command: &Command) -> String {
    command
        .get_bin_name()
        .unwrap_or(command.get_name())
        .to_string()
}
