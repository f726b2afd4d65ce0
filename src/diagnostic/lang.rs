//! The language planpress speaks to authors in: Swedish unless asked otherwise, since the
//! authors are district staff and board members who read Swedish (issue #18).

/// The language of messages in the terminal and the preview's overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// `sv` or `en` (as in `--lang` and `site.toml`'s `messages`), any case.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's code, for an HTML page's `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}
