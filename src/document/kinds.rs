//! What an item is (goal, activity, …), how far a goal has come, and a document's status:
//! the closed vocabularies of the model, with their words in the theme's strings.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Goal,
    Activity,
    Recommendation,
    Commitment,
    Quote,
    /// What became of one goal of the plan an annual report reports on.
    Outcome,
}

impl ItemKind {
    /// "a goal", "ett mål": the kind in a message's words.
    pub fn a_kind(self) -> crate::diagnostic::Text {
        match self {
            ItemKind::Goal => crate::text!("kind.a-goal"),
            ItemKind::Activity => crate::text!("kind.an-activity"),
            ItemKind::Recommendation => crate::text!("kind.a-recommendation"),
            ItemKind::Commitment => crate::text!("kind.a-commitment"),
            ItemKind::Quote => crate::text!("kind.a-quote"),
            ItemKind::Outcome => crate::text!("kind.an-outcome"),
        }
    }

    /// The class that marks a list or section of this kind in the Markdown.
    pub fn from_list_class(class: &str) -> Option<ItemKind> {
        Some(match class {
            "goals" => ItemKind::Goal,
            "activities" => ItemKind::Activity,
            "recommendations" => ItemKind::Recommendation,
            "commitments" => ItemKind::Commitment,
            "quotes" => ItemKind::Quote,
            "outcomes" => ItemKind::Outcome,
            _ => return None,
        })
    }

    /// Every kind, for what is made per kind once (the search's label words).
    pub const ALL: [ItemKind; 6] = [
        ItemKind::Goal,
        ItemKind::Activity,
        ItemKind::Recommendation,
        ItemKind::Commitment,
        ItemKind::Quote,
        ItemKind::Outcome,
    ];

    /// The theme string of the kind's word in an item's label ("Mål 3 · Medlemsvård"): the
    /// page shows it and the search finds the label by it (`search::LabelWords`).
    pub fn label_key(self) -> &'static str {
        match self {
            ItemKind::Goal => "item_goal",
            ItemKind::Activity => "item_activity",
            ItemKind::Recommendation => "item_recommendation",
            ItemKind::Commitment => "item_commitment",
            ItemKind::Quote => "item_quote",
            ItemKind::Outcome => "item_outcome",
        }
    }

    /// The prefix of derived ids, Swedish like the documents.
    pub fn id_prefix(self) -> &'static str {
        match self {
            ItemKind::Goal => "mal",
            ItemKind::Activity => "akt",
            ItemKind::Recommendation => "rek",
            ItemKind::Commitment => "ata",
            ItemKind::Quote => "citat",
            ItemKind::Outcome => "utfall",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Goal => "goal",
            ItemKind::Activity => "activity",
            ItemKind::Recommendation => "recommendation",
            ItemKind::Commitment => "commitment",
            ItemKind::Quote => "quote",
            ItemKind::Outcome => "outcome",
        }
    }

    /// The list class that marks this kind, which is also its plural in messages.
    /// "goals", "mål": the kind's plural in a message's words.
    /// Whether `to="…"` means something on this kind: the addressee pages list goals and
    /// recommendations only, so an addressee chip on another kind would lead to a page that
    /// does not name the item.
    pub fn takes_addressees(self) -> bool {
        matches!(self, ItemKind::Goal | ItemKind::Recommendation)
    }

    pub fn plural_text(self) -> crate::diagnostic::Text {
        match self {
            ItemKind::Goal => crate::text!("kind.goals"),
            ItemKind::Activity => crate::text!("kind.activities"),
            ItemKind::Recommendation => crate::text!("kind.recommendations"),
            ItemKind::Commitment => crate::text!("kind.commitments"),
            ItemKind::Quote => crate::text!("kind.quotes"),
            ItemKind::Outcome => crate::text!("kind.outcomes"),
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            ItemKind::Goal => "goals",
            ItemKind::Activity => "activities",
            ItemKind::Recommendation => "recommendations",
            ItemKind::Commitment => "commitments",
            ItemKind::Quote => "quotes",
            ItemKind::Outcome => "outcomes",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalStatus {
    NotStarted,
    Ongoing,
    Done,
    Dropped,
}

impl GoalStatus {
    pub const ALL: [(&'static str, GoalStatus); 4] = [
        ("not-started", GoalStatus::NotStarted),
        ("ongoing", GoalStatus::Ongoing),
        ("done", GoalStatus::Done),
        ("dropped", GoalStatus::Dropped),
    ];

    pub fn parse(value: &str) -> Option<GoalStatus> {
        GoalStatus::ALL
            .iter()
            .find(|(name, _)| *name == value)
            .map(|(_, s)| *s)
    }

    /// The theme's UI string naming the status, `goal_status_NAME`.
    pub fn label_key(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "goal_status_not-started",
            GoalStatus::Ongoing => "goal_status_ongoing",
            GoalStatus::Done => "goal_status_done",
            GoalStatus::Dropped => "goal_status_dropped",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "not-started",
            GoalStatus::Ongoing => "ongoing",
            GoalStatus::Done => "done",
            GoalStatus::Dropped => "dropped",
        }
    }
}

/// A document's front matter, as the load stage read and checked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocStatus {
    Draft,
    Proposal,
    Adopted,
}

impl DocStatus {
    pub const ALL: [(&'static str, DocStatus); 3] = [
        ("draft", DocStatus::Draft),
        ("proposal", DocStatus::Proposal),
        ("adopted", DocStatus::Adopted),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Draft => "draft",
            DocStatus::Proposal => "proposal",
            DocStatus::Adopted => "adopted",
        }
    }
}
