//! What to compare and how to find candidate pairs: the engine's configuration, as read from
//! `link.toml` in the generic mode or built by the pipeline for personas.

use crate::compare::Kind;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LinkType {
    /// Find duplicates within one dataset.
    #[default]
    Dedupe,
    /// Link records of dataset 0 to records of dataset 1 only.
    Link,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonSpec {
    pub column: String,
    pub kind: Kind,
    /// Term-frequency adjustment (exact level, and letter stems of emails and handles); on by
    /// default for names, strings, exact, email and handle comparisons.
    #[serde(default)]
    pub tf: Option<bool>,
    /// Where term frequencies apply when on: every level that has a frequency key (default),
    /// or the exact level only.
    #[serde(default)]
    pub tf_levels: TfLevels,
    /// Disagreeing is no evidence against a match (weight 0 instead of negative), as for
    /// `shared`: for values a match is expected to vary, such as the names, mailboxes and phones
    /// one operator gives each persona.
    #[serde(default)]
    pub no_evidence_against: bool,
    /// Comparisons that name one group are views of one fact (a handle and a mailbox made from
    /// the person's name): of their agreements only the strongest counts; disagreements still
    /// add up.
    #[serde(default)]
    pub group: Option<String>,
    /// This comparison's own hub limit, instead of [`Settings::tf_hub_limit`]; 0 for none.
    /// A number in many mailboxes (a birth year) is weighed by its frequency alone; an employer
    /// of more people than a front company ever has is a large employer, and agreeing on it
    /// says nothing.
    #[serde(default)]
    pub tf_hub_limit: Option<usize>,
}

/// The levels a term-frequency adjustment applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TfLevels {
    /// The exact level and the partial levels with a key of their own (an email's local part,
    /// the letter stem of an email or handle).
    #[default]
    All,
    /// The exact level only: how many hold this very value. For identifiers among personas a
    /// shared stem is an operator's habit, the evidence sought, while a value many people hold
    /// exactly is an organisation's contact.
    Exact,
}

impl ComparisonSpec {
    pub fn uses_tf(&self) -> bool {
        self.tf.unwrap_or(matches!(
            self.kind,
            Kind::Name | Kind::NamePart | Kind::String | Kind::Exact | Kind::Email | Kind::Handle
        ))
    }

    /// Whether the term-frequency adjustment applies at `level`.
    pub fn tf_at(&self, level: u8) -> bool {
        self.uses_tf() && (level == 1 || self.tf_levels == TfLevels::All)
    }
}

/// One blocking rule: records that share a key under it become a candidate pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockingRule {
    /// Equal normalised values on all these columns.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Equal phonetic code (Double Metaphone) of this name column.
    #[serde(default)]
    pub phonetic: Option<String>,
    /// Equal letter stem of this email or handle column (`smartdev0725` and `smartdev0205`).
    #[serde(default)]
    pub stem: Option<String>,
    /// Same number block (all digits but the last two) of this phone column.
    #[serde(default)]
    pub phone_block: Option<String>,
    /// MinHash LSH bands of this text column.
    #[serde(default)]
    pub minhash: Option<String>,
}

impl Settings {
    pub fn u_sample_for(&self, records: usize) -> usize {
        self.u_sample
            .unwrap_or((records * 10).clamp(50_000, 300_000))
    }
}

impl BlockingRule {
    /// Columns whose agreement this rule forces, so EM must not learn their m from its pairs.
    pub fn columns_used(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        v.extend(self.phonetic.as_deref());
        v.extend(self.stem.as_deref());
        v.extend(self.phone_block.as_deref());
        v.extend(self.minhash.as_deref());
        v
    }

    pub fn describe(&self) -> String {
        if !self.columns.is_empty() {
            format!("equal {}", self.columns.join(" + "))
        } else if let Some(c) = &self.phonetic {
            format!("phonetic {c}")
        } else if let Some(c) = &self.stem {
            format!("stem of {c}")
        } else if let Some(c) = &self.phone_block {
            format!("number block of {c}")
        } else if let Some(c) = &self.minhash {
            format!("minhash bands of {c}")
        } else {
            "empty rule".into()
        }
    }
}

fn default_threshold() -> f64 {
    0.9
}
fn default_max_block() -> usize {
    1000
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The record id column, for the generic CSV mode.
    #[serde(default)]
    pub id_column: Option<String>,
    #[serde(default)]
    pub link_type: LinkType,
    /// Pairs at or above this match probability are links.
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    #[serde(default)]
    pub seed: u64,
    /// Blocks with more records than this are skipped (and counted), so one common value cannot
    /// make the pair count quadratic.
    #[serde(default = "default_max_block")]
    pub max_block: usize,
    /// Random pairs drawn to estimate u probabilities; by default ten per record, at least
    /// 50,000 and at most 300,000.
    #[serde(default)]
    pub u_sample: Option<usize>,
    /// Count a value's term frequency by the distinct values of this column among the records
    /// holding it, instead of by records. With a name column, a value's frequency is how many
    /// differently named people hold it: one person applying five times does not make their
    /// phone common, while an agency's mailbox on thirty candidates is.
    #[serde(default)]
    pub tf_distinct_by: Option<String>,
    /// A value held by more than this many (distinct) holders is an organisation's, not a
    /// person's: agreeing on it says nothing, however many other such values agree too (an
    /// agency's mailbox, phone and office IP come together). Only with term frequencies.
    #[serde(default)]
    pub tf_hub_limit: Option<usize>,
    #[serde(rename = "comparison")]
    pub comparisons: Vec<ComparisonSpec>,
    #[serde(rename = "blocking")]
    pub blocking: Vec<BlockingRule>,
}
