//! The command line in the author's language: clap's derive gives the shape (commands,
//! flags, their types), the message catalogue gives every word of `--help`, so that the
//! help speaks Swedish by default like the diagnostics and nothing keeps a second table of
//! English texts in doc comments.

use clap::{Arg, Command};

use crate::diagnostic::{Lang, Text};
use crate::text;

/// The command line of [`super::Cli`] with its help in `lang`.
pub fn localized_command(mut command: Command, lang: Lang) -> Command {
    // Built first, so that the flags and the subcommand clap adds itself (`--help`,
    // `--version`, `help`) and the global flags copied into each subcommand exist to be
    // given their words.
    command.build();
    localize(command, lang)
}

fn localize(mut command: Command, lang: Lang) -> Command {
    let name = command.get_name().to_string();
    if let Some(about) = about(&name) {
        command = command.about(about.render(lang));
    }
    let usage_heading = text!("cli.heading.usage").render(lang);
    let arguments = text!("cli.heading.arguments").render(lang);
    let options = text!("cli.heading.options").render(lang);
    command = command
        // clap's default template with its English "Usage:" in our words; `{all-args}`
        // then writes only our headings, since every argument is given one below.
        .help_template(format!(
            "{{about-with-newline}}\n{usage_heading}: {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(text!("cli.heading.commands").render(lang))
        .subcommand_value_name(text!("cli.value.command").render(lang));
    let args: Vec<(String, bool)> = command
        .get_arguments()
        .map(|arg| (arg.get_id().to_string(), arg.is_positional()))
        .collect();
    for (id, positional) in args {
        let heading = if positional { &arguments } else { &options };
        command = command.mut_arg(&id, |arg| localize_arg(arg, &name, heading, lang));
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for sub in subcommands {
        command = command.mut_subcommand(&sub, |sub| localize(sub, lang));
    }
    let usage = usage_of(&command, lang);
    command.override_usage(usage)
}

fn localize_arg(arg: Arg, command: &str, heading: &str, lang: Lang) -> Arg {
    let id = arg.get_id().to_string();
    let mut arg = arg
        .help_heading(heading.to_string())
        // The defaults and the values are said in the help's own words (clap would add an
        // English "[default: .]").
        .hide_default_value(true)
        .hide_possible_values(true);
    if let Some(help) = arg_help(command, &id) {
        arg = arg.help(help.render(lang));
    }
    if let Some(value) = value_name(command, &id) {
        arg = arg.value_name(value.render(lang));
    }
    arg
}

/// The usage line as clap writes it (without its heading), its `[OPTIONS]` in `lang`.
pub fn usage_of(command: &Command, lang: Lang) -> String {
    let usage = command
        .clone()
        .help_template("{usage}")
        .render_help()
        .to_string();
    usage
        .trim()
        .replace("[OPTIONS]", &text!("cli.options-placeholder").render(lang))
}

/// What a command does, by its name.
fn about(command: &str) -> Option<Text> {
    Some(match command {
        "planpress" => text!("cli.about"),
        "build" => text!("cli.about.build"),
        "check" => text!("cli.about.check"),
        "serve" => text!("cli.about.serve"),
        "ids" => text!("cli.about.ids"),
        "init" => text!("cli.about.init"),
        "update-theme" => text!("cli.about.update-theme"),
        "new" => text!("cli.about.new"),
        "help" => text!("cli.about.help"),
        _ => return None,
    })
}

/// What an argument of a command means, by the command's name and the argument's id.
fn arg_help(command: &str, arg: &str) -> Option<Text> {
    Some(match (command, arg) {
        (_, "root") => text!("cli.arg.root"),
        (_, "lang") => text!("cli.arg.lang"),
        (_, "help") => text!("cli.arg.help"),
        (_, "version") => text!("cli.arg.version"),
        (_, "drafts") => text!("cli.arg.drafts"),
        ("build", "output") => text!("cli.arg.output"),
        ("build", "force") => text!("cli.arg.force"),
        ("build", "base_url") => text!("cli.arg.base-url"),
        ("build", "deny_warnings") => text!("cli.arg.build-deny-warnings"),
        ("check", "deny_warnings") => text!("cli.arg.check-deny-warnings"),
        ("check", "list_external") => text!("cli.arg.list-external"),
        ("check", "explain") => text!("cli.arg.explain"),
        ("serve", "port") => text!("cli.arg.port"),
        ("serve", "bind") => text!("cli.arg.bind"),
        ("serve", "open") => text!("cli.arg.open"),
        ("ids", "path") => text!("cli.arg.ids-path"),
        ("init", "dir") => text!("cli.arg.init-dir"),
        ("new", "kind") => text!("cli.arg.new-kind"),
        ("new", "path") => text!("cli.arg.new-path"),
        ("new", "create_org") => text!("cli.arg.create-org"),
        ("new", "plan") => text!("cli.arg.plan"),
        ("new", "from_followup") => text!("cli.arg.from-followup"),
        ("help", "subcommand") => text!("cli.arg.help-command"),
        _ => return None,
    })
}

/// The placeholder of an argument's value in the usage and the help (`--output <MAPP>`).
fn value_name(command: &str, arg: &str) -> Option<Text> {
    Some(match (command, arg) {
        (_, "root") | ("build", "output") | ("init", "dir") => text!("cli.value.folder"),
        (_, "lang") => text!("cli.value.lang"),
        ("build", "base_url") => text!("cli.value.url"),
        ("check", "explain") => text!("cli.value.what"),
        ("serve", "port") => text!("cli.value.port"),
        ("serve", "bind") => text!("cli.value.address"),
        ("ids", "path") | ("new", "path") => text!("cli.value.file"),
        ("new", "kind") => text!("cli.value.kind"),
        ("new", "create_org") => text!("cli.value.name"),
        ("new", "plan") => text!("cli.value.plan"),
        ("help", "subcommand") => text!("cli.value.command"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn every_command(command: &Command) -> Vec<&Command> {
        let mut all = vec![command];
        for sub in command.get_subcommands() {
            all.extend(every_command(sub));
        }
        all
    }

    /// A flag added to `Cli` without its words in the catalogue would show clap's English
    /// (or nothing) in the Swedish help: each command and argument has a text of its own.
    #[test]
    fn every_command_and_argument_has_its_words() {
        let mut command = super::super::Cli::command();
        command.build();
        for command in every_command(&command) {
            let name = command.get_name();
            assert!(about(name).is_some(), "no about for `{name}`");
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(arg_help(name, id).is_some(), "no help for `{name} {id}`");
                let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
                assert!(
                    !takes_value || value_name(name, id).is_some(),
                    "no value name for `{name} {id}`"
                );
            }
        }
    }
}
