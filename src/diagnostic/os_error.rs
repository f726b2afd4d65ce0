//! The operating system's failures in the author's language: its own words ("No such file
//! or directory (os error 2)") are English whatever language the message around them is in.
//! The failures an author meets are said through the catalogue; a rarer one keeps the
//! system's words.

use std::io::ErrorKind;

use super::Text;
use crate::text;

/// `error` as the `{error}` of a message.
pub fn os_error(error: &std::io::Error) -> Text {
    match error.kind() {
        ErrorKind::NotFound => text!("os.not-found"),
        ErrorKind::PermissionDenied => text!("os.permission-denied"),
        ErrorKind::AlreadyExists => text!("os.already-exists"),
        ErrorKind::IsADirectory => text!("os.is-a-directory"),
        ErrorKind::NotADirectory => text!("os.not-a-directory"),
        ErrorKind::AddrInUse => text!("os.address-in-use"),
        ErrorKind::AddrNotAvailable => text!("os.address-not-available"),
        ErrorKind::ReadOnlyFilesystem => text!("os.read-only"),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => text!("os.storage-full"),
        _ => text!("os.other", error = error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Lang;

    #[test]
    fn a_missing_file_is_said_in_swedish_and_a_rare_failure_in_the_systems_words() {
        let missing = std::io::Error::from(ErrorKind::NotFound);
        assert_eq!(
            os_error(&missing).render(Lang::Sv),
            "filen eller mappen finns inte"
        );
        let rare = std::io::Error::other("något ovanligt");
        assert_eq!(os_error(&rare).render(Lang::Sv), "något ovanligt");
    }
}
