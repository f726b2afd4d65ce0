//! Operational failures: what goes wrong with the machine rather than with the author's text.
//! Mistakes in content are [`crate::diagnostic::Diagnostic`]s and are collected, not thrown.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Text};
use crate::text;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output path is not a folder planpress may replace.
    #[error("refusing to write the site to {path}: {}", reason.render(crate::diagnostic::Lang::En))]
    OutputRefused { path: PathBuf, reason: Text },
    /// The disk (or the user's quota) is full: one error for the build, not one per file.
    #[error("no space left on the device holding {folder} ({source})")]
    DiskFull {
        folder: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Other(String),
    /// A failure put in the catalogue's words, shown in the author's language.
    #[error("{}", .0.render(crate::diagnostic::Lang::En))]
    Said(Text),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a build produced no site: the content has errors, or the machine failed us.
#[derive(Debug, thiserror::Error)]
pub enum BuildFailure {
    #[error("the content has {} error(s)", crate::diagnostic::error_count(.0))]
    Content(Vec<Diagnostic>),
    #[error(transparent)]
    Operational(#[from] Error),
}

impl BuildFailure {
    /// Every diagnostic to show the author, operational failures included as one message.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            BuildFailure::Content(diagnostics) => diagnostics.clone(),
            BuildFailure::Operational(error) => vec![Diagnostic::err(error.text())],
        }
    }
}

impl Error {
    /// The failure as a message of the catalogue, in the author's language when shown, the
    /// operating system's failure included ([`crate::diagnostic::os_error`]).
    pub fn text(&self) -> Text {
        match self {
            Error::Read { path, source } => {
                text!(
                    "E001",
                    file = path.display(),
                    error = crate::diagnostic::os_error(source)
                )
            }
            Error::Write { path, source } => {
                text!(
                    "E102",
                    file = path.display(),
                    error = crate::diagnostic::os_error(source)
                )
            }
            Error::OutputRefused { path, reason } => {
                text!("E111", folder = path.display(), reason = reason.clone())
            }
            Error::DiskFull { folder, source } => {
                text!("E112", folder = folder.display(), error = source)
            }
            Error::Other(message) => text!("E113", error = message),
            Error::Said(text) => text.clone(),
        }
    }
}
