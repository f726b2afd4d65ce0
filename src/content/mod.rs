//! The load stage: from the content folder on disk to [`SourceFile`]s (text that is known to
//! be UTF-8, inside the content folder, not empty) and the [`Vocabulary`] of organisations,
//! topics and actors that documents refer to by slug.
//!
//! Nothing here understands Markdown; the parse stage ([`crate::markdown`]) does.

mod addressees;
mod apply_followup;
mod followup;
mod front_matter;
mod front_matter_read;
mod front_matter_words;
mod source;
mod vocabulary;

pub use addressees::{ActorMatcher, Addressed};
// The front matter's types are the model's (`crate::document`), which the load stage fills.
pub use crate::document::{AddresseeSource, DocStatus, DocumentMeta, ImplementsRef};
pub use apply_followup::{apply_followups, report_followups};
pub use followup::{
    FOLLOWUP_SUFFIX, FollowUp, GoalFollowUp, load_followups, load_followups_under, parse_followup,
};
pub use front_matter::{ANNUAL_REPORT_KIND, fallback_meta, parse_front_matter, split_front_matter};
pub use source::{SourceFile, is_editor_temp_file, is_hidden, load_sources};
pub use vocabulary::{
    Actor, OrgLevel, Organization, Topic, Vocabulary, is_valid_slug, load_vocabulary,
};

pub(crate) use front_matter::{unknown as unknown_value, unknown_status};

/// Ids written by authors become HTML ids and URL fragments.
pub fn is_valid_anchor(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}
