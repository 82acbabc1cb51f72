//! Contact values that many differently named people share, and what explains them.
//!
//! A recruiting agency submits candidates with its own mailbox and phone, so dozens of unrelated
//! people hold one value. Their applications say so: they all came through the agency (the
//! `source` attribute an ATS import keeps). Such a value is *explained*; it says nothing about
//! who runs a persona, so neither engine links on it. The same sharing on a personal mobile or
//! a free-mail box that no common intermediary explains is an operator's hub, whatever its size.

use std::collections::{BTreeSet, HashMap};
use unmask_model::canon::{canonical_name, names_match, NameMatch};
use unmask_model::{Artifact, ArtifactKind, Observation, Relation, RelationKind, Subject, Target};

/// Identifier kinds a contact hub is about: what one person gives to be reached or found.
pub fn is_contact(kind: ArtifactKind) -> bool {
    matches!(
        kind,
        ArtifactKind::Email | ArtifactKind::Phone | ArtifactKind::Profile | ArtifactKind::Url
    )
}

/// The application sources a subject came through: the `source` attribute, `; `-separated
/// when a candidate applied more than once.
pub fn sources(subject: &Subject) -> BTreeSet<&str> {
    subject
        .attributes
        .get("source")
        .map(|s| {
            s.split("; ")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a source names an intermediary that submits candidates under its own contact
/// details: an agency, a staffing firm, a recruiter, a talent or placement firm, a headhunter
/// (Greenhouse's source type `Agencies` is kept in the source as `Agencies: <name>`). Job boards, referrals, career fairs and
/// the company's own site pass on the candidate's own details, so they explain nothing.
pub fn is_intermediary(source: &str) -> bool {
    let s = source.to_lowercase();
    [
        "agency",
        "agencies",
        "staffing",
        "headhunt",
        "recruit",
        "talent",
        "personnel",
        "placement",
        "executive search",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// The intermediary source every holder came through, if one did: the first in name order.
pub fn common_intermediary<'a>(
    mut holders: impl Iterator<Item = BTreeSet<&'a str>>,
) -> Option<&'a str> {
    let first = holders.next()?;
    let common = holders.fold(first, |acc, s| acc.intersection(&s).copied().collect());
    common.into_iter().find(|s| is_intermediary(s))
}

/// How many different people the canonical names stand for: a name counts when it matches no
/// name before it as the same person or the same household (relatives share home phones).
pub fn different_people<'a>(names: impl IntoIterator<Item = &'a str>) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if seen
            .iter()
            .all(|s| names_match(s, name) == NameMatch::Different)
        {
            seen.push(name);
        }
    }
    seen.len()
}

/// Whether a contact is a person's own rather than an organisation's: a web profile or link, a
/// free-mail box, or a phone that is not a landline, toll-free or switchboard number and that
/// not every holder lists as a work number (an agency recruiter's mobile given as "work").
pub fn is_personal<'a>(artifact: &Artifact, roles: impl IntoIterator<Item = &'a str>) -> bool {
    match artifact.kind {
        ArtifactKind::Profile | ArtifactKind::Url => true,
        ArtifactKind::Email => artifact.detail.as_deref() == Some("free_mail"),
        ArtifactKind::Phone => {
            let line = artifact.detail.as_deref().unwrap_or("");
            let organisation = ["fixed_line", "toll_free", "uan", "shared_cost"].contains(&line);
            let mut roles = roles.into_iter().peekable();
            let all_work = roles.peek().is_some() && roles.all(|r| r == "work");
            !organisation && !all_work
        }
        _ => false,
    }
}

/// Contact values (kind, canonical) held by people with at least two different names who all
/// came through one intermediary source, with that source. An employee counts with the
/// sources of the candidate they were hired from.
pub fn explained<'a>(
    subjects: &'a [Subject],
    observations: &'a [Observation],
    relations: &[Relation],
) -> HashMap<(ArtifactKind, &'a str), &'a str> {
    let index: HashMap<&str, usize> = subjects
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut from: Vec<BTreeSet<&str>> = subjects.iter().map(sources).collect();
    for r in relations {
        if let (RelationKind::HiredFrom, Target::Subject(to)) = (r.kind, &r.to) {
            if let (Some(&e), Some(&c)) = (index.get(r.from.as_str()), index.get(to.as_str())) {
                let candidate = from[c].clone();
                from[e].extend(candidate);
            }
        }
    }
    let mut holders: HashMap<(ArtifactKind, &str), Vec<usize>> = HashMap::new();
    for o in observations {
        let Some(&i) = index.get(o.subject.as_str()) else {
            continue;
        };
        if is_contact(o.artifact.kind) && subjects[i].kind.is_person_of_interest() {
            let h = holders
                .entry((o.artifact.kind, o.artifact.canonical.expose().as_str()))
                .or_default();
            if !h.contains(&i) {
                h.push(i);
            }
        }
    }
    let names: HashMap<usize, String> = holders
        .values()
        .filter(|h| h.len() >= 2)
        .flatten()
        .map(|&i| (i, canonical_name(subjects[i].name.expose())))
        .collect();
    holders
        .into_iter()
        .filter(|(_, h)| h.len() >= 2)
        .filter_map(|(key, h)| {
            let source = common_intermediary(h.iter().map(|&i| from[i].clone()))?;
            (different_people(h.iter().map(|i| names[i].as_str())) >= 2).then_some((key, source))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unmask_model::Sensitive;

    fn phone(detail: &str) -> Artifact {
        Artifact {
            kind: ArtifactKind::Phone,
            canonical: Sensitive::new("+15550100".into()),
            masked: "+1***0100".into(),
            detail: Some(detail.into()),
        }
    }

    #[test]
    fn intermediaries_are_agencies_not_channels() {
        assert!(is_intermediary("Agency: Example Partners"));
        assert!(is_intermediary("Example Staffing Ltd"));
        assert!(is_intermediary("Northwind Talent Partners"));
        assert!(is_intermediary("Agencies: Example Partners"));
        assert!(is_intermediary("Blue Recruiters"));
        for channel in [
            "LinkedIn",
            "Referral",
            "Jobs page on your website",
            "Upwork",
            "Wellfound",
            "Job Board: Indeed",
        ] {
            assert!(!is_intermediary(channel), "{channel}");
        }
        let set = |v: &[&'static str]| v.iter().copied().collect::<BTreeSet<&str>>();
        assert_eq!(
            common_intermediary([set(&["Agency: A", "LinkedIn"]), set(&["Agency: A"])].into_iter()),
            Some("Agency: A")
        );
        assert_eq!(
            common_intermediary([set(&["LinkedIn"]), set(&["LinkedIn"])].into_iter()),
            None
        );
        assert_eq!(
            common_intermediary([set(&["Agency: A"]), set(&["Agency: B"])].into_iter()),
            None
        );
    }

    #[test]
    fn households_and_namesakes_count_once() {
        assert_eq!(
            different_people(["ana kowalski", "piotr kowalski", "kenji watanabe"]),
            2
        );
        assert_eq!(different_people(["john smith", "john smith"]), 1);
    }

    #[test]
    fn personal_contacts() {
        assert!(is_personal(&phone("mobile"), ["mobile"]));
        assert!(!is_personal(&phone("mobile"), ["work"]));
        assert!(is_personal(
            &phone("fixed_line_or_mobile"),
            ["mobile", "work"]
        ));
        assert!(!is_personal(
            &phone("fixed_line_or_mobile"),
            ["work", "work"]
        ));
        assert!(!is_personal(&phone("fixed_line"), ["mobile"]));
    }
}
