//! Comparisons: each turns a pair of values into an agreement *level*, 1 for the strongest
//! agreement up to the kind's last level for disagreement; 0 means a value is missing and the
//! comparison says nothing. One module per kind, each with its own tests.
//!
//! Values are prepared once per record ([`Kind::prepare`]) so that comparing a pair is cheap.

mod date;
mod email;
mod fast;
mod handle;
mod location;
mod name;
mod name_part;
mod phone;
mod string;
mod text;

pub use text::{band_keys, minhash, MINHASH_SIZE};

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Person names: exact, romanisation or nickname variant, Jaro-Winkler, phonetic.
    Name,
    /// One part of a person's name in its own column (given name, surname): as `name`, plus
    /// a level for a name cut short (Alex/Alexander) and a weak Jaro-Winkler level.
    NamePart,
    /// Short strings and identifiers: exact, one edit, Jaro-Winkler bands.
    String,
    /// Equal or not.
    Exact,
    /// Dates: exact, day and month swapped, one typo, a year off, same month, within a year.
    Date,
    /// Email addresses: exact, same local part, same letter stem, similar local part.
    Email,
    /// Phone numbers: exact, same number block, one digit apart.
    Phone,
    /// Web handles: exact, same letter stem with other digits, similar.
    Handle,
    /// Resume or cover text: MinHash Jaccard bands over word shingles.
    Text,
    /// Locations: exact, sharing a place token.
    Location,
    /// Numbers written as text (street numbers, postcodes): same as `string`.
    Number,
    /// Extra evidence that only counts when present: a value both records hold (a referee, an
    /// address, an IP). Not sharing one is not evidence against a match: weight 0.
    Shared,
}

/// A value prepared for comparison.
#[derive(Debug, Clone)]
pub enum Feature {
    Name(name::Prepared),
    Str(String),
    Date(date::Prepared),
    Email(email::Prepared),
    Phone(String),
    Handle(handle::Prepared),
    Text(Box<[u32; MINHASH_SIZE]>),
    Location(location::Prepared),
}

impl Kind {
    /// Labels of levels 1..=n; level 0 is "missing".
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Kind::Name => name::LEVELS,
            Kind::NamePart => name_part::LEVELS,
            Kind::String | Kind::Number => string::LEVELS,
            Kind::Exact => &["exact", "different"],
            Kind::Shared => &["a value shared", "nothing shared"],
            Kind::Date => date::LEVELS,
            Kind::Email => email::LEVELS,
            Kind::Phone => phone::LEVELS,
            Kind::Handle => handle::LEVELS,
            Kind::Text => text::LEVELS,
            Kind::Location => location::LEVELS,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::NamePart => "name_part",
            Kind::String => "string",
            Kind::Exact => "exact",
            Kind::Shared => "shared",
            Kind::Date => "date",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Handle => "handle",
            Kind::Text => "text",
            Kind::Location => "location",
            Kind::Number => "number",
        }
    }

    /// `None` for a value that is empty once normalised.
    pub fn prepare(self, raw: &str) -> Option<Feature> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        match self {
            Kind::Name | Kind::NamePart => name::prepare(raw).map(Feature::Name),
            Kind::String | Kind::Number | Kind::Exact | Kind::Shared => {
                let s = normalize(raw);
                (!s.is_empty()).then_some(Feature::Str(s))
            }
            Kind::Date => date::prepare(raw).map(Feature::Date),
            Kind::Email => email::prepare(raw).map(Feature::Email),
            Kind::Phone => phone::prepare(raw).map(Feature::Phone),
            Kind::Handle => handle::prepare(raw).map(Feature::Handle),
            Kind::Text => text::prepare(raw).map(Feature::Text),
            Kind::Location => location::prepare(raw).map(Feature::Location),
        }
    }

    /// The level of one pair of prepared values (1-based; never 0).
    pub fn compare(self, a: &Feature, b: &Feature) -> u8 {
        match (self, a, b) {
            (Kind::Name, Feature::Name(a), Feature::Name(b)) => name::compare(a, b),
            (Kind::NamePart, Feature::Name(a), Feature::Name(b)) => name_part::compare(a, b),
            (Kind::String | Kind::Number, Feature::Str(a), Feature::Str(b)) => {
                string::compare(a, b)
            }
            (Kind::Exact | Kind::Shared, Feature::Str(a), Feature::Str(b)) => {
                if a == b {
                    1
                } else {
                    2
                }
            }
            (Kind::Date, Feature::Date(a), Feature::Date(b)) => date::compare(a, b),
            (Kind::Email, Feature::Email(a), Feature::Email(b)) => email::compare(a, b),
            (Kind::Phone, Feature::Phone(a), Feature::Phone(b)) => phone::compare(a, b),
            (Kind::Handle, Feature::Handle(a), Feature::Handle(b)) => handle::compare(a, b),
            (Kind::Text, Feature::Text(a), Feature::Text(b)) => text::compare(a, b),
            (Kind::Location, Feature::Location(a), Feature::Location(b)) => location::compare(a, b),
            _ => self.levels().len() as u8,
        }
    }
}

impl Feature {
    /// The value used for term frequencies and equality blocking.
    pub fn key(&self) -> &str {
        match self {
            Feature::Name(n) => &n.folded,
            Feature::Str(s) | Feature::Phone(s) => s,
            Feature::Date(d) => &d.text,
            Feature::Email(e) => &e.full,
            Feature::Handle(h) => &h.handle,
            Feature::Text(_) => "",
            Feature::Location(l) => &l.text,
        }
    }

    /// The value whose frequency replaces u at `level` for term-frequency adjustment: the value
    /// itself at the exact level, for emails the local part at the "same local part" level, and
    /// for emails and handles the letter stem at the "same letters, other digits" level,
    /// since `john.smith77` and `johnsmith.80` say little when many John Smiths apply.
    pub fn tf_key(&self, kind: Kind, level: u8) -> Option<u64> {
        match (kind, level) {
            (_, 1) => Some(self.key())
                .filter(|k| !k.is_empty())
                .map(|k| tf_hash(1, k)),
            (Kind::Email, 2) => match self {
                Feature::Email(e) => Some(tf_hash(2, &e.local)),
                _ => None,
            },
            (Kind::Email, 3) | (Kind::Handle, 2) => self.stem().map(|s| tf_hash(3, s)),
            _ => None,
        }
    }

    /// Key for phonetic blocking (names) or stem blocking (emails, handles).
    pub fn phonetic(&self) -> Option<&str> {
        match self {
            Feature::Name(n) => Some(&n.phonetic),
            _ => None,
        }
    }

    pub fn stem(&self) -> Option<&str> {
        match self {
            Feature::Email(e) if e.stem.len() >= 3 => Some(&e.stem),
            Feature::Handle(h) if h.stem.len() >= 3 => Some(&h.stem),
            _ => None,
        }
    }
}

/// The key of a term-frequency table entry: a hash of which part of the value it is (`tag`)
/// and the value, so scoring a pair allocates nothing.
pub fn tf_hash(tag: u8, value: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(tag);
    for b in value.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Unicode-folded, ASCII, lower case, alphanumerics and single spaces.
pub fn normalize(raw: &str) -> String {
    unmask_model::canon::fold(raw)
}

/// Jaro-Winkler similarity.
pub fn jw(a: &str, b: &str) -> f64 {
    fast::jaro_winkler(a, b)
}

/// Jaro-Winkler similarity when it can reach `at_least`, else 0 without computing it.
pub fn jw_at_least(a: &str, b: &str, at_least: f64) -> f64 {
    if fast::jaro_winkler_bound(a, b) < at_least {
        0.0
    } else {
        fast::jaro_winkler(a, b)
    }
}

/// At most one edit (insert, delete, substitute, swap neighbours) apart.
pub fn one_edit(a: &str, b: &str) -> bool {
    fast::within_one_edit(a, b)
}
