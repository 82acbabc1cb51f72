//! Probabilistic persona linkage over unmask's own records: one row per candidate or employee,
//! with every name, email, phone, handle, resume text and claimed location they gave, linked by
//! the [`Linker`] so that near-reuse (a phone one digit apart, `smartdev0725` and
//! `smartdev0205`, a paraphrased resume) is found, not only exact reuse.

use crate::compare::Kind;
use crate::settings::{BlockingRule, ComparisonSpec, LinkType, Settings, TfLevels};
use crate::table::{Column, Table};
use crate::{Benign, Linker};
use std::collections::HashMap;
use unmask_model::{
    ArtifactKind, Observation, Relation, RelationKind, Subject, SubjectRef, Target,
};

/// A probable link between two people, with the evidence per comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaLink {
    pub a: SubjectRef,
    pub b: SubjectRef,
    pub probability: f64,
    pub weight: f64,
    /// `(field, level, weight)` for each comparison that said something.
    pub evidence: Vec<(String, String, f64)>,
}

impl PersonaLink {
    /// The positive weight of the comparisons other than `excluded` (for example
    /// [`NAME_GROUP`]): what links the two beyond what those fields explain.
    pub fn weight_beyond(&self, excluded: &[&str]) -> f64 {
        self.evidence
            .iter()
            .filter(|(field, _, _)| !excluded.contains(&field.as_str()))
            .map(|(_, _, w)| w.max(0.0))
            .sum()
    }
}

/// The person's own artifacts, by column, then `reference`: the contact details of the
/// references a candidate named (two personas naming one referee), from `refers_to` relations.
/// Addresses, IPs and referees only count when shared (`Kind::Shared`).
const FIELDS: [(&str, ArtifactKind, Kind); 9] = [
    ("name", ArtifactKind::PersonName, Kind::Name),
    ("email", ArtifactKind::Email, Kind::Email),
    ("phone", ArtifactKind::Phone, Kind::Phone),
    ("handle", ArtifactKind::Profile, Kind::Handle),
    ("resume", ArtifactKind::ResumeText, Kind::Text),
    ("location", ArtifactKind::ClaimedLocation, Kind::Location),
    ("address", ArtifactKind::PostalAddress, Kind::Shared),
    ("ip", ArtifactKind::IpAddress, Kind::Shared),
    (EMPLOYER, ArtifactKind::Employer, Kind::Shared),
];
const REFERENCE: &str = "reference";
/// Digit runs of three or more in the person's mailboxes and handles (`0908` in
/// `michael.howard0908` and `taeyang.yoon0908`): an operator's habit survives a new name.
const DIGITS: &str = "digits";
const EMPLOYER: &str = "employer";
/// An employer more differently named people list than a front company serves (one operator's
/// or one unit's personas) is a large employer: agreeing on it weighs nothing.
const EMPLOYER_HUB_LIMIT: usize = 30;
/// The name and the values mostly made from it: one fact, counted once.
pub const NAME_GROUP: [&str; 4] = ["name", "email", "handle", DIGITS];
/// With the name group, what one household shares: a home, a landline, a router, a town.
pub const HOUSEHOLD: [&str; 8] = [
    "name", "email", "handle", DIGITS, "address", "phone", "ip", "location",
];
const DIGITS_MIN: usize = 3;

/// The digit runs of at least [`DIGITS_MIN`] in an email's local part or a profile's handle.
/// A run of [`DIGITS_MIN`] + 2 or more also gives itself without its last digit: a new persona's
/// mailbox is often the old number with one digit added (`long.chen1993`,
/// `pranav.pillai19936`). The shorter run is weighed by its own frequency, so a common birth
/// year shared this way says as little as the same year written alike.
fn digit_runs(kind: ArtifactKind, value: &str) -> Vec<String> {
    let Some(text) = chosen_part(kind, value) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for run in text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= DIGITS_MIN)
    {
        out.push(run.to_string());
        if run.len() >= DIGITS_MIN + 2 {
            out.push(run[..run.len() - 1].to_string());
        }
    }
    out
}

/// The part of a canonical value its holder chose: an email's local part, a profile's handle
/// (`site:handle`). `None` for other kinds.
pub(crate) fn chosen_part(kind: ArtifactKind, value: &str) -> Option<&str> {
    match kind {
        ArtifactKind::Email => value.split('@').next(),
        ArtifactKind::Profile => Some(value.split_once(':').map_or(value, |(_, h)| h)),
        _ => None,
    }
}

/// The linkage settings used for personas; fixed, so results do not depend on tuning.
pub fn settings(seed: u64) -> Settings {
    let rule = |f: fn(&mut BlockingRule)| {
        let mut r = BlockingRule {
            columns: Vec::new(),
            phonetic: None,
            stem: None,
            phone_block: None,
            minhash: None,
        };
        f(&mut r);
        r
    };
    Settings {
        id_column: None,
        link_type: LinkType::Dedupe,
        threshold: 0.995,
        seed,
        max_block: 200,
        u_sample: Some(200_000),
        // Identifiers are term-frequency adjusted at the exact level, by how many differently
        // named people hold the value: an agency's mailbox or an office's address on thirty
        // candidates says little about any two of them. Their partial levels are not: among
        // personas a stem is frequent because one operator reuses it, the very evidence sought.
        tf_distinct_by: Some("name".into()),
        tf_hub_limit: Some(crate::reuse::HUB_LIMIT),
        comparisons: FIELDS
            .iter()
            .map(|(column, _, kind)| (*column, *kind))
            .chain([(REFERENCE, Kind::Shared), (DIGITS, Kind::Shared)])
            .map(|(column, kind)| {
                let identifier = matches!(
                    kind,
                    Kind::Email | Kind::Phone | Kind::Handle | Kind::Shared
                );
                ComparisonSpec {
                    column: column.to_string(),
                    kind,
                    tf: identifier.then_some(true),
                    tf_levels: if identifier {
                        TfLevels::Exact
                    } else {
                        TfLevels::All
                    },
                    // One operator gives each persona its own name, mailbox, phone, handle and
                    // city: that they differ says nothing against a common operator.
                    no_evidence_against: matches!(
                        kind,
                        Kind::Name | Kind::Email | Kind::Phone | Kind::Handle | Kind::Location
                    ),
                    // Mailboxes and handles are mostly made from the person's name: two people
                    // with like names have like handles, one fact seen three times.
                    group: NAME_GROUP.contains(&column).then(|| "name".to_string()),
                    // A number such as a birth year is no contact point: its frequency alone
                    // weighs it. A large employer weighs nothing.
                    tf_hub_limit: match column {
                        DIGITS => Some(0),
                        EMPLOYER => Some(EMPLOYER_HUB_LIMIT),
                        _ => None,
                    },
                }
            })
            .collect(),
        blocking: vec![
            rule(|r| r.columns = vec!["email".into()]),
            rule(|r| r.columns = vec!["phone".into()]),
            rule(|r| r.stem = Some("email".into())),
            rule(|r| r.stem = Some("handle".into())),
            rule(|r| r.phone_block = Some("phone".into())),
            rule(|r| r.minhash = Some("resume".into())),
            rule(|r| r.phonetic = Some("name".into())),
            rule(|r| r.columns = vec![REFERENCE.into()]),
            rule(|r| r.columns = vec![DIGITS.into()]),
            rule(|r| r.columns = vec![EMPLOYER.into()]),
        ],
    }
}

/// Build the persona table: candidates and employees, in subject order.
/// Declared benign artifacts (an agency's phone, an office address) are left out: they say
/// nothing about who runs a persona. An undeclared agency's mailbox stays: term frequencies
/// weigh it by how many people hold it, so it says little about thirty candidates and, with
/// what else they share, still something about the three personas of an operator's front.
pub fn table(
    subjects: &[Subject],
    observations: &[Observation],
    relations: &[Relation],
    benign: &Benign,
) -> Table {
    let people: Vec<&Subject> = subjects
        .iter()
        .filter(|s| s.kind.is_person_of_interest())
        .collect();
    let index: HashMap<&str, usize> = people
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut columns: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); people.len()]; FIELDS.len() + 2];
    let digits = FIELDS.len() + 1;
    let mut named_by: HashMap<&str, Vec<usize>> = HashMap::new();
    for r in relations {
        if let (RelationKind::RefersTo, Target::Subject(to), Some(&i)) =
            (r.kind, &r.to, index.get(r.from.as_str()))
        {
            named_by.entry(to.as_str()).or_default().push(i);
        }
    }
    for o in observations {
        if let Some(candidates) = named_by.get(o.subject.as_str()) {
            let kind = o.artifact.kind;
            let value = o.artifact.canonical.expose();
            if matches!(kind, ArtifactKind::Email | ArtifactKind::Phone)
                && benign.label_for(kind, value).is_none()
            {
                for &i in candidates {
                    let v = format!("{}:{value}", kind.as_str());
                    if !columns[FIELDS.len()][i].contains(&v) {
                        columns[FIELDS.len()][i].push(v);
                    }
                }
            }
            continue;
        }
        let Some(&i) = index.get(o.subject.as_str()) else {
            continue;
        };
        let Some(c) = FIELDS
            .iter()
            .position(|(_, kind, _)| *kind == o.artifact.kind)
        else {
            continue;
        };
        // Personal websites are not handles; agencies and employers share domains.
        if o.artifact.kind == ArtifactKind::Profile
            && o.artifact.canonical.expose().starts_with("web:")
        {
            continue;
        }
        let value = o.artifact.canonical.expose();
        if benign.label_for(o.artifact.kind, value).is_some() {
            continue;
        }
        for run in digit_runs(o.artifact.kind, value) {
            if !columns[digits][i].contains(&run) {
                columns[digits][i].push(run);
            }
        }
        if !columns[c][i].contains(value) {
            columns[c][i].push(value.clone());
        }
    }
    Table {
        ids: people.iter().map(|s| s.id.to_string()).collect(),
        sources: Vec::new(),
        columns: FIELDS
            .iter()
            .map(|(name, _, _)| *name)
            .chain([REFERENCE, DIGITS])
            .zip(&columns)
            .map(|(name, rows)| Column::from_rows(name, rows))
            .collect(),
    }
}

/// Probable links between people at or above the persona threshold.
pub fn link(
    subjects: &[Subject],
    observations: &[Observation],
    relations: &[Relation],
    benign: &Benign,
    seed: u64,
) -> Vec<PersonaLink> {
    let table = table(subjects, observations, relations, benign);
    if table.len() < 2 {
        return Vec::new();
    }
    let settings = settings(seed);
    let Ok(linker) = Linker::train(table, &settings) else {
        return Vec::new();
    };
    let mut links: Vec<PersonaLink> = linker
        .pairs()
        .iter()
        .filter(|p| p.probability >= settings.threshold)
        .map(|p| {
            let evidence: Vec<(String, String, f64)> = linker
                .explain(p.a as usize, p.b as usize)
                .into_iter()
                .filter(|(_, level, _)| level != "missing")
                .collect();
            PersonaLink {
                a: SubjectRef(linker.ids()[p.a as usize].clone()),
                b: SubjectRef(linker.ids()[p.b as usize].clone()),
                probability: p.probability,
                weight: p.weight,
                evidence,
            }
        })
        .collect();
    links.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_come_from_mailboxes_and_handles_only() {
        assert_eq!(
            digit_runs(ArtifactKind::Email, "michael.howard0908@gmail.com"),
            vec!["0908"]
        );
        assert_eq!(
            digit_runs(ArtifactKind::Profile, "github:happyrocket-365"),
            vec!["365"]
        );
        // Two digits are too common to say anything; the domain is not the person's.
        assert!(digit_runs(ArtifactKind::Email, "ana12@mail365.example").is_empty());
        assert!(digit_runs(ArtifactKind::Phone, "+13135790259").is_empty());
        // One digit added to the old number: the run also without it.
        assert_eq!(
            digit_runs(ArtifactKind::Email, "pranav.pillai19936@proton.me"),
            vec!["19936", "1993"]
        );
    }
}
