//! Greenhouse resources folded into the candidates they describe, once everything is loaded.
//!
//! Imports arrive in any order (a v3 export is one file per resource), so nothing is joined at
//! import: `greenhouse_resources` keeps applications, sources and users as
//! [`SubjectKind::Resource`] subjects and [`join`] runs over the stored data. A candidate with
//! application resources gets its `source`, `status` and `applied_at` from them, exactly as the
//! v1 importer derives them from nested applications, except that a source whose id the
//! sources resource knows carries its type (`Agencies: Northwind`, the convention
//! `linkage::hubs` reads) even when the application named it only by `public_name`. A user id
//! (`credited_to`, `recruiter`, `coordinator`) the users resource knows resolves to that user:
//! `credited_to_user` lists their refs, and a referral's users are `referred_by`. The resources
//! and their observations (staff mailboxes) then leave the data: they are not people.

use std::collections::{BTreeMap, HashMap, HashSet};
use unmask_model::{Observation, Subject, SubjectKind};

use super::greenhouse_resources::{APPLICATION, SOURCE, USER};

/// A source as the sources resource lists it: name and type.
struct Source<'a> {
    name: &'a str,
    kind: Option<&'a str>,
}

/// Fold the Greenhouse resources among `subjects` into their candidates, then drop them and
/// their observations. Data without resources is left as it is.
pub fn join(subjects: &mut Vec<Subject>, observations: &mut Vec<Observation>) {
    if !subjects.iter().any(|s| s.kind == SubjectKind::Resource) {
        return;
    }
    let updates = candidate_updates(subjects);
    for s in subjects.iter_mut() {
        if let Some(update) = updates.get(s.id.as_str()) {
            s.attributes.extend(update.clone());
        }
    }
    let resources: HashSet<String> = subjects
        .iter()
        .filter(|s| s.kind == SubjectKind::Resource)
        .map(|s| s.id.as_str().to_string())
        .collect();
    subjects.retain(|s| s.kind != SubjectKind::Resource);
    // An application's location observed for a candidate that was never imported stays out too.
    let candidates: HashSet<&str> = subjects.iter().map(|s| s.id.as_str()).collect();
    observations.retain(|o| {
        let id = o.subject.as_str();
        !resources.contains(id) && (!id.starts_with("greenhouse:") || candidates.contains(id))
    });
}

/// The attributes each candidate (by ref) gets from the resources.
fn candidate_updates(subjects: &[Subject]) -> HashMap<String, BTreeMap<String, String>> {
    let id_of = |s: &Subject, prefix: &str| {
        s.id.as_str()
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix(':'))
            .map(str::to_string)
    };
    let mut sources: HashMap<String, Source<'_>> = HashMap::new();
    let mut users: HashMap<String, &str> = HashMap::new();
    let mut applications: BTreeMap<String, Vec<(String, &Subject)>> = BTreeMap::new();
    for s in subjects.iter().filter(|s| s.kind == SubjectKind::Resource) {
        if let Some(id) = id_of(s, SOURCE) {
            let kind = s.attributes.get("type").map(String::as_str);
            sources.insert(
                id,
                Source {
                    name: s.name.expose(),
                    kind,
                },
            );
        } else if let Some(id) = id_of(s, USER) {
            users.insert(id, s.name.expose());
        } else if let Some(id) = id_of(s, APPLICATION) {
            if let Some(candidate) = s.attributes.get("candidate_id") {
                applications
                    .entry(candidate.clone())
                    .or_default()
                    .push((id, s));
            }
        }
    }
    let mut updates = HashMap::new();
    for s in subjects.iter().filter(|s| s.kind == SubjectKind::Candidate) {
        let Some(candidate) = id_of(s, "greenhouse") else {
            continue;
        };
        let mut update = BTreeMap::new();
        for role in ["recruiter", "coordinator"] {
            if let Some(uid) = s.attributes.get(&format!("{role}_id")) {
                if let Some(name) = users.get(uid).filter(|n| !n.is_empty()) {
                    update.insert(role.to_string(), name.to_string());
                    update.insert(format!("{role}_user"), format!("{USER}:{uid}"));
                }
            }
        }
        if let Some(apps) = applications.get_mut(&candidate) {
            // Harvest ids grow with time: id order is application order, in v1 and v3 alike.
            apps.sort_by(|a, b| (numeric(&a.0), &a.0).cmp(&(numeric(&b.0), &b.0)));
            update.extend(from_applications(apps, &sources, &users));
        }
        if !update.is_empty() {
            updates.insert(s.id.as_str().to_string(), update);
        }
    }
    updates
}

fn numeric(key: &str) -> u64 {
    key.parse().unwrap_or(u64::MAX)
}

/// `source`, `status`, `applied_at`, `credited_to`, `credited_to_user` and `referred_by` from a
/// candidate's applications, in order.
fn from_applications(
    apps: &[(String, &Subject)],
    sources: &HashMap<String, Source<'_>>,
    users: &HashMap<String, &str>,
) -> BTreeMap<String, String> {
    let (mut labels, mut statuses, mut credited, mut user_refs, mut referrers) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut applied: Option<&str> = None;
    for (_, app) in apps {
        let get = |k: &str| app.attributes.get(k).map(String::as_str);
        let known = get("source_id").and_then(|id| sources.get(id));
        let name = get("source_name").or(known.map(|s| s.name));
        let kind = known.and_then(|s| s.kind).or(get("source_type"));
        if let Some(label) = name.and_then(|n| label(kind, n)) {
            labels.push(label);
        }
        statuses.extend(get("status"));
        if let Some(at) = get("applied_at") {
            applied = Some(applied.map_or(at, |a| a.min(at)));
        }
        let user = get("credited_to_id").and_then(|id| Some((id, *users.get(id)?)));
        let by = user
            .map(|(_, n)| n)
            .filter(|n| !n.is_empty())
            .or(get("credited_to"));
        if let Some(by) = by {
            credited.push(by.to_string());
            if kind.is_some_and(|k| k.to_lowercase().starts_with("referral")) {
                referrers.push(by.to_string());
            }
        }
        if let Some((id, _)) = user {
            user_refs.push(format!("{USER}:{id}"));
        }
    }
    let mut out = BTreeMap::new();
    for (key, values) in [
        ("source", labels),
        ("status", statuses.into_iter().map(str::to_string).collect()),
        ("credited_to", credited),
        ("credited_to_user", user_refs),
        ("referred_by", referrers),
    ] {
        if !values.is_empty() {
            out.insert(key.to_string(), values.join("; "));
        }
    }
    if let Some(at) = applied {
        out.insert("applied_at".to_string(), at.to_string());
    }
    out
}

/// `Type: name` when the type is known, the type written as Greenhouse shows it
/// (`agencies` as `Agencies`, `third_party_boards` as `Third party boards`); else the name.
/// A name that already says its type (`Referral` of type `Referral`) is kept alone.
pub fn label(kind: Option<&str>, name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let kind = kind.map(str::trim).filter(|k| !k.is_empty()).map(|k| {
        let words = k.replace('_', " ");
        let mut chars = words.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    });
    Some(match kind {
        Some(kind) if !says_its_type(&kind, name) => format!("{kind}: {name}"),
        _ => name.to_string(),
    })
}

/// `Referral` says its type `Referrals`; `Northwind` does not say `Agencies`.
fn says_its_type(kind: &str, name: &str) -> bool {
    let (kind, name) = (kind.to_lowercase(), name.to_lowercase());
    name.contains(&kind) || kind.starts_with(&name)
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn types_read_as_greenhouse_shows_them() {
        assert_eq!(
            label(Some("agencies"), "Northwind").as_deref(),
            Some("Agencies: Northwind")
        );
        assert_eq!(
            label(Some("Agencies"), "Northwind").as_deref(),
            Some("Agencies: Northwind")
        );
        assert_eq!(
            label(Some("third_party_boards"), "Indeed").as_deref(),
            Some("Third party boards: Indeed")
        );
        assert_eq!(label(None, "LinkedIn").as_deref(), Some("LinkedIn"));
        assert_eq!(
            label(Some("Referral"), "Referral").as_deref(),
            Some("Referral")
        );
        assert_eq!(
            label(Some("referrals"), "Referral").as_deref(),
            Some("Referral")
        );
        assert_eq!(label(Some("agencies"), " "), None);
    }
}
