//! Exact artifact reuse across everyone ever seen.
//!
//! Records are grouped by canonical artifact. Within a group, every pair of *parties* (a person
//! — a candidate and the employee record hired from them count as one — or a reference contact)
//! is classified by comparing names:
//!
//! - same name: one person seen twice (a re-applicant); linked, nothing to report;
//! - same surname, different given name: a household; noted, never linked;
//! - different names: a finding. Identifiers that belong to one person (email, mobile phone,
//!   web profile, one file's link on a cloud drive, a reference's contact details) also link the
//!   records into one persona cluster. A multi-tenant host's name (`drive.google.com`) is no
//!   identifier: only the whole URL is (`canon::links_holders`).
//!   Artifacts a facilitator shares among several operators (a payout account, a ship-to
//!   address, a device) are findings but do not link, so one laptop farm does not fuse the
//!   personas of unrelated operators.
//!
//! Declared benign artifacts (agencies, offices) are noted and skipped. A contact held by
//! differently named people who all applied through one intermediary (an agency's mailbox) is
//! noted as `agency_contact` and skipped ([`crate::hubs`]). A personal contact (mobile, free
//! mail, profile) under [`CONTACT_HUB_NAMES`] or more different names with nothing to explain it
//! is a `contact_hub` at any size. Any other identifier shared by more than [`HUB_LIMIT`] parties
//! is treated as an organisation's (`shared_hub`), not a persona's.

use crate::hubs;
use crate::persona::PersonaLink;
use crate::union_find::UnionFind;
use crate::Benign;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use unmask_model::canon::{
    canonical_name, links_holders, mask_name, names_match, same_person_names, NameMatch,
    NameRelation,
};
use unmask_model::{
    Artifact, ArtifactKind, Cluster, ClusterEdge, Evidence, Finding, Observation, Provenance,
    Relation, RelationKind, Severity, Subject, SubjectKind, SubjectRef, Target,
};

/// More parties than this on one identifier looks like an organisation (an undeclared agency or
/// switchboard), not an operator's personas.
pub const HUB_LIMIT: usize = 10;

/// This many different names on one personal contact (a mobile, a free-mail box, a profile)
/// with no intermediary to explain it is a finding of its own, `contact_hub`, at any size.
pub const CONTACT_HUB_NAMES: usize = 3;
/// The weight (log2) a probable link between like-named people needs from comparisons the
/// name does not explain ([`PersonaLink::weight_beyond`]): one solid agreement such as a
/// resume paraphrase or a phone from the same block, not a shared town.
pub const BEYOND_NAME_MIN: f64 = 6.0;

const SHARED_KINDS: [ArtifactKind; 7] = [
    ArtifactKind::Email,
    ArtifactKind::Phone,
    ArtifactKind::Profile,
    ArtifactKind::Url,
    ArtifactKind::BankAccount,
    ArtifactKind::PostalAddress,
    ArtifactKind::DeviceSerial,
];

pub struct Input<'a> {
    pub subjects: &'a [Subject],
    pub observations: &'a [Observation],
    pub relations: &'a [Relation],
    pub benign: &'a Benign,
    /// Probable links from the probabilistic linker ([`crate::persona::link`]); they join
    /// persona clusters and explain themselves as findings.
    pub probable: &'a [PersonaLink],
}

#[derive(Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub clusters: Vec<Cluster>,
}

/// One artifact held by one subject, directly or through a device assigned to them.
struct Entry<'a> {
    subject: usize,
    role: &'a str,
    artifact: &'a Artifact,
    provenance: &'a Provenance,
}

struct Ctx<'a> {
    subjects: &'a [Subject],
    names: Vec<String>,
    person: UnionFind,
    /// Reference subject index to the candidates who named it.
    named_by: HashMap<usize, Vec<usize>>,
    /// Employee to the candidate hired under their name or a related one (preferred, married):
    /// one identity when counting a cluster's names.
    renamed: HashMap<usize, usize>,
    /// Person (union-find root of declared identities) to the home addresses they give.
    homes: HashMap<usize, BTreeSet<&'a str>>,
}

impl Ctx<'_> {
    /// Whether two people give one home: spouses with their own surnames, flatmates. What a
    /// household shares (a landline, a router, a town) says nothing of a common operator.
    fn live_together(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (self.person.find(a), self.person.find(b));
        a != b
            && self
                .homes
                .get(&a)
                .zip(self.homes.get(&b))
                .is_some_and(|(x, y)| !x.is_disjoint(y))
    }
    fn is_reference(&self, i: usize) -> bool {
        self.subjects[i].kind == SubjectKind::Reference
    }
    fn sref(&self, i: usize) -> &SubjectRef {
        &self.subjects[i].id
    }
    fn who(&self, i: usize) -> String {
        format!("{} \"{}\"", self.subjects[i].id, mask_name(&self.names[i]))
    }
}

/// What a pair of parties sharing an artifact means.
struct Verdict {
    kind: &'static str,
    severity: Severity,
    /// Link the two into one persona cluster.
    link: bool,
    reason: String,
}

pub fn analyze(input: &Input<'_>) -> Analysis {
    let subjects = input.subjects;
    let index: HashMap<&str, usize> = subjects
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut ctx = Ctx {
        subjects,
        names: subjects
            .iter()
            .map(|s| canonical_name(s.name.expose()))
            .collect(),
        person: UnionFind::new(subjects.len()),
        named_by: HashMap::new(),
        renamed: HashMap::new(),
        homes: HashMap::new(),
    };
    let mut findings = Vec::new();
    let mut edges: Vec<(usize, usize, String)> = Vec::new();

    // Declared identities: an employee record is the candidate it was hired from.
    for rel in input.relations {
        let (Some(&from), Target::Subject(to)) = (index.get(rel.from.as_str()), &rel.to) else {
            continue;
        };
        let Some(&to) = index.get(to.as_str()) else {
            continue;
        };
        match rel.kind {
            RelationKind::HiredFrom => {
                ctx.person.union(from, to);
                edges.push((
                    from,
                    to,
                    format!("hired from this candidate ({})", rel.provenance),
                ));
                // The payroll name against the name applied under: a preferred, married or
                // reordered name is one person's; a name sharing nothing is someone else's
                // identity on the payroll.
                let relation =
                    same_person_names(subjects[to].name.expose(), subjects[from].name.expose());
                if relation.is_related() {
                    ctx.renamed.insert(from, to);
                }
                let (kind, severity, explanation) = match relation {
                    NameRelation::Same => continue,
                    NameRelation::Unrelated => (
                        "hired_name_mismatch",
                        Severity::Medium,
                        format!(
                            "the payroll name of {} differs from the name {} applied under: no given name and no family name is shared",
                            ctx.who(from),
                            ctx.who(to)
                        ),
                    ),
                    related => (
                        "hired_under_other_name",
                        Severity::Info,
                        format!(
                            "{} was hired as {} under another name ({}): {}",
                            ctx.who(from),
                            ctx.who(to),
                            related.label(),
                            related.explain()
                        ),
                    ),
                };
                findings.push(Finding {
                    subject: subjects[from].id.clone(),
                    kind: kind.into(),
                    severity,
                    explanation,
                    evidence: vec![
                        subject_evidence(&subjects[from]),
                        subject_evidence(&subjects[to]),
                    ],
                    at: None,
                });
            }
            RelationKind::RefersTo => ctx.named_by.entry(to).or_default().push(from),
            RelationKind::AssignedTo => {}
        }
    }

    let entries = collect_entries(input, &index);
    for o in input.observations {
        if o.artifact.kind == ArtifactKind::PostalAddress && o.role == "home" {
            if let Some(&i) = index.get(o.subject.as_str()) {
                let person = ctx.person.find(i);
                ctx.homes
                    .entry(person)
                    .or_default()
                    .insert(o.artifact.canonical.expose().as_str());
            }
        }
    }
    let explained = hubs::explained(subjects, input.observations, input.relations);
    let mut groups: BTreeMap<(ArtifactKind, &str), Vec<&Entry<'_>>> = BTreeMap::new();
    for e in &entries {
        // A link counts by its whole URL on a multi-tenant host, by its host elsewhere
        // (`web:<host>`), never by a multi-tenant host's name.
        if SHARED_KINDS.contains(&e.artifact.kind)
            && links_holders(e.artifact.kind, e.artifact.canonical.expose())
        {
            groups
                .entry((e.artifact.kind, e.artifact.canonical.expose().as_str()))
                .or_default()
                .push(e);
        }
    }

    for ((kind, canonical), group) in &groups {
        // Parties: person roots for people, the subject itself for reference contacts.
        let mut parties: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for e in group {
            let party = if ctx.is_reference(e.subject) {
                e.subject
            } else {
                ctx.person.find(e.subject)
            };
            let members = parties.entry(party).or_default();
            if !members.contains(&e.subject) {
                members.push(e.subject);
            }
        }
        if parties.len() < 2 {
            continue;
        }
        let artifact = group[0].artifact;
        let evidence: Vec<Evidence> = group.iter().map(|e| entry_evidence(&ctx, e)).collect();
        let describe = describe_artifact(artifact);

        if let Some(label) = input.benign.label_for(*kind, canonical) {
            for target in targets(&ctx, &parties) {
                findings.push(Finding {
                    subject: ctx.sref(target).clone(),
                    kind: "benign_shared_artifact".into(),
                    severity: Severity::Info,
                    explanation: format!(
                        "{describe} is shared by {} parties but is declared benign (\"{label}\"); not counted",
                        parties.len()
                    ),
                    evidence: evidence.clone(),
                    at: None,
                });
            }
            continue;
        }
        let identity = hubs::is_contact(*kind);
        if let Some(source) = explained.get(&(*kind, *canonical)) {
            for target in targets(&ctx, &parties) {
                findings.push(Finding {
                    subject: ctx.sref(target).clone(),
                    kind: "agency_contact".into(),
                    severity: Severity::Info,
                    explanation: format!(
                        "{describe} is shared by {} people who all applied through \"{source}\": \
                         the intermediary's contact, not theirs; not counted",
                        parties.len()
                    ),
                    evidence: evidence.clone(),
                    at: None,
                });
            }
            // Under one name it is still one person submitted again, as with any contact.
            let keys: Vec<usize> = parties
                .keys()
                .copied()
                .filter(|p| !ctx.is_reference(*p))
                .collect();
            for (i, &p) in keys.iter().enumerate() {
                for &q in &keys[i + 1..] {
                    if names_match(&ctx.names[p], &ctx.names[q]) == NameMatch::Same {
                        for &a in &parties[&p] {
                            for &b in &parties[&q] {
                                edges.push((
                                    a,
                                    b,
                                    format!(
                                        "same name through one intermediary: the same person \
                                         submitted again ({describe})"
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
            continue;
        }
        let people: Vec<usize> = parties
            .keys()
            .copied()
            .filter(|p| !ctx.is_reference(*p))
            .collect();
        let different = hubs::different_people(people.iter().map(|p| ctx.names[*p].as_str()));
        // One home's phone, given by everyone who lives there, is a household's.
        let household = people
            .iter()
            .all(|&x| people.iter().all(|&y| x == y || ctx.live_together(x, y)));
        if identity
            && !household
            && different >= CONTACT_HUB_NAMES
            && hubs::is_personal(artifact, group.iter().map(|e| e.role))
        {
            // The finding is the same however many there are: an operator must not escape by
            // sending more personas. Up to HUB_LIMIT people the contact also links them, as one
            // person's identifier does; beyond, it links nobody by itself and the probabilistic
            // linker weighs it by its size against what else they share.
            let all: Vec<String> = people.iter().map(|p| ctx.who(*p)).collect();
            if parties.len() <= HUB_LIMIT {
                for &q in &people[1..] {
                    for a in link_ends(&ctx, people[0], &parties[&people[0]]) {
                        for b in link_ends(&ctx, q, &parties[&q]) {
                            edges.push((
                                a,
                                b,
                                format!(
                                    "one personal contact held under {different} different names \
                                     ({describe})"
                                ),
                            ));
                        }
                    }
                }
            }
            for target in targets(&ctx, &parties) {
                let own = ctx.person.find(target);
                let others: Vec<&str> = people
                    .iter()
                    .zip(&all)
                    .filter(|(p, _)| **p != own)
                    .map(|(_, w)| w.as_str())
                    .take(20)
                    .collect();
                findings.push(Finding {
                    subject: ctx.sref(target).clone(),
                    kind: "contact_hub".into(),
                    severity: Severity::Medium,
                    explanation: format!(
                        "{describe}, a personal contact, is also held by {} other people ({different} \
                         different names among {} people in all) with no common intermediary source \
                         that explains it: {}{}",
                        people.len() - 1,
                        people.len(),
                        others.join(", "),
                        if people.len() - 1 > others.len() { ", ..." } else { "" }
                    ),
                    evidence: evidence.clone(),
                    at: None,
                });
            }
            continue;
        }
        if identity && parties.len() > HUB_LIMIT {
            for target in targets(&ctx, &parties) {
                findings.push(Finding {
                    subject: ctx.sref(target).clone(),
                    kind: "shared_hub".into(),
                    severity: Severity::Low,
                    explanation: format!(
                        "{describe} is shared by {} parties, more like an organisation's contact than one \
                         person's; declare it in the benign list if it is an agency or office",
                        parties.len()
                    ),
                    evidence: evidence.clone(),
                    at: None,
                });
            }
            continue;
        }

        let roles: HashMap<usize, BTreeSet<&str>> = parties
            .iter()
            .map(|(p, members)| {
                let r = group
                    .iter()
                    .filter(|e| members.contains(&e.subject))
                    .map(|e| e.role)
                    .collect();
                (*p, r)
            })
            .collect();
        let keys: Vec<usize> = parties.keys().copied().collect();
        let mut verdicts: BTreeMap<usize, Vec<(usize, Verdict)>> = BTreeMap::new();
        for (i, &p) in keys.iter().enumerate() {
            for &q in &keys[i + 1..] {
                let Some(v) = classify(&mut ctx, *kind, artifact, p, q, &roles) else {
                    continue;
                };
                if v.link {
                    for a in link_ends(&ctx, p, &parties[&p]) {
                        for b in link_ends(&ctx, q, &parties[&q]) {
                            edges.push((a, b, format!("{} ({})", v.reason, describe)));
                        }
                    }
                }
                verdicts.entry(p).or_default().push((
                    q,
                    Verdict {
                        reason: v.reason.clone(),
                        ..v
                    },
                ));
                let mirrored = Verdict {
                    kind: v.kind,
                    severity: v.severity,
                    link: v.link,
                    reason: v.reason,
                };
                verdicts.entry(q).or_default().push((p, mirrored));
            }
        }
        for (party, list) in verdicts {
            let Some(worst) = list.iter().map(|(_, v)| v).max_by_key(|v| v.severity) else {
                continue;
            };
            let details: Vec<String> = list
                .iter()
                .map(|(other, v)| format!("{} — {}", party_label(&ctx, *other), v.reason))
                .collect();
            let one = BTreeMap::from([(party, parties[&party].clone())]);
            for target in targets(&ctx, &one) {
                findings.push(Finding {
                    subject: ctx.sref(target).clone(),
                    kind: worst.kind.into(),
                    severity: worst.severity,
                    explanation: format!(
                        "{describe}{} is also held by: {}",
                        if ctx.is_reference(party) {
                            format!(" given for reference contact {}", ctx.who(party))
                        } else {
                            String::new()
                        },
                        details.join("; ")
                    ),
                    evidence: evidence.clone(),
                    at: None,
                });
            }
        }
    }

    for link in input.probable {
        let (Some(&a), Some(&b)) = (index.get(link.a.as_str()), index.get(link.b.as_str())) else {
            continue;
        };
        let mut evidence: Vec<&(String, String, f64)> = link.evidence.iter().collect();
        evidence.sort_by(|x, y| y.2.total_cmp(&x.2));
        let because = evidence
            .iter()
            .map(|(f, l, w)| format!("{f}: {l} ({w:+.1})"))
            .collect::<Vec<_>>()
            .join(", ");
        let names = names_match(&ctx.names[a], &ctx.names[b]);
        // Namesakes share name-derived handles and emails (`john.b92`, `johnb_dev`), which the
        // linker counts once with the name; relatives share homes, landlines, routers and towns
        // too (the household rule above speaks for them). A like name is proof of one person
        // or operator only beside something it does not explain: a paraphrased resume, a front
        // company, a referee, or for the same full name a phone block or a sign-in address.
        // People who give one home (spouses with their own surnames, flatmates) share its
        // landline, router and town as relatives do.
        let beyond = match names {
            NameMatch::Same => link.weight_beyond(&crate::persona::NAME_GROUP),
            NameMatch::SameSurname => link.weight_beyond(&crate::persona::HOUSEHOLD),
            NameMatch::Different if ctx.live_together(a, b) => {
                link.weight_beyond(&crate::persona::HOUSEHOLD)
            }
            NameMatch::Different => f64::INFINITY,
        };
        if beyond < BEYOND_NAME_MIN {
            continue;
        }
        let same = names == NameMatch::Same;
        let reason = format!(
            "probable same {} (p {:.3}): {because}",
            if same { "person" } else { "operator" },
            link.probability
        );
        edges.push((a, b, reason.clone()));
        let (kind, severity) = if same {
            ("same_person", Severity::Info)
        } else {
            // Links are kept from p 0.995 (the persona threshold): each is strong.
            ("probable_persona_link", Severity::High)
        };
        for (x, y) in [(a, b), (b, a)] {
            findings.push(Finding {
                subject: ctx.sref(x).clone(),
                kind: kind.into(),
                severity,
                explanation: format!("{} is {reason}", ctx.who(y)),
                evidence: vec![
                    subject_evidence(&subjects[x]),
                    subject_evidence(&subjects[y]),
                ],
                at: None,
            });
        }
    }

    let clusters = build_clusters(&mut ctx, &edges, &mut findings);
    findings
        .sort_by(|a, b| (&a.subject, b.severity, &a.kind).cmp(&(&b.subject, a.severity, &b.kind)));
    Analysis { findings, clusters }
}

fn collect_entries<'a>(input: &Input<'a>, index: &HashMap<&str, usize>) -> Vec<Entry<'a>> {
    let subjects = input.subjects;
    let mut entries = Vec::new();
    let mut by_device: HashMap<usize, Vec<&Observation>> = HashMap::new();
    let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
    for obs in input.observations {
        let Some(&s) = index.get(obs.subject.as_str()) else {
            continue;
        };
        if subjects[s].kind == SubjectKind::Device {
            by_device.entry(s).or_default().push(obs);
            continue;
        }
        if obs.artifact.kind == ArtifactKind::Email && subjects[s].kind.is_person_of_interest() {
            holders
                .entry(obs.artifact.canonical.expose().as_str())
                .or_default()
                .push(s);
        }
        entries.push(Entry {
            subject: s,
            role: &obs.role,
            artifact: &obs.artifact,
            provenance: &obs.provenance,
        });
    }
    // A device's serial and ship-to address count as its user's. Prefer the employee record
    // holding the email over a candidate record with the same address.
    for rel in input.relations {
        let (
            RelationKind::AssignedTo,
            Target::Holder {
                kind: ArtifactKind::Email,
                canonical,
            },
        ) = (rel.kind, &rel.to)
        else {
            continue;
        };
        let Some(&device) = index.get(rel.from.as_str()) else {
            continue;
        };
        let Some(users) = holders.get(canonical.expose().as_str()) else {
            continue;
        };
        let employees: Vec<usize> = users
            .iter()
            .copied()
            .filter(|u| subjects[*u].kind == SubjectKind::Employee)
            .collect();
        let users = if employees.is_empty() {
            users.clone()
        } else {
            employees
        };
        for user in users {
            for obs in by_device.get(&device).into_iter().flatten() {
                entries.push(Entry {
                    subject: user,
                    role: &obs.role,
                    artifact: &obs.artifact,
                    provenance: &obs.provenance,
                });
            }
        }
    }
    entries
}

/// The closest of the two parties' names: a person hired under a related legal name (a
/// nickname, an adopted given name) answers to both, so a re-application under the ATS name is
/// the same person, not a relative.
/// Whether an email's local part or a profile's handle or site is made from one of these
/// names: it holds a given name or surname of three letters or more.
fn made_from_name(artifact: &Artifact, a: &str, b: &str) -> bool {
    let Some(part) = crate::persona::chosen_part(artifact.kind, artifact.canonical.expose()) else {
        return false;
    };
    let letters: String = part
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    a.split(' ')
        .chain(b.split(' '))
        .filter(|token| token.len() >= 3)
        .any(|token| letters.contains(token))
}

fn party_names_match(ctx: &Ctx<'_>, p: usize, q: usize) -> NameMatch {
    let aliases = |x: usize| -> Vec<usize> {
        let mut v = vec![x];
        v.extend(ctx.renamed.get(&x).copied());
        v.extend(
            ctx.renamed
                .iter()
                .filter(|(_, c)| **c == x)
                .map(|(e, _)| *e),
        );
        v
    };
    let rank = |m: NameMatch| match m {
        NameMatch::Same => 0,
        NameMatch::SameSurname => 1,
        NameMatch::Different => 2,
    };
    let mut best = NameMatch::Different;
    for a in aliases(p) {
        for b in aliases(q) {
            let m = names_match(&ctx.names[a], &ctx.names[b]);
            if rank(m) < rank(best) {
                best = m;
            }
        }
    }
    best
}

fn classify(
    ctx: &mut Ctx<'_>,
    kind: ArtifactKind,
    artifact: &Artifact,
    p: usize,
    q: usize,
    roles: &HashMap<usize, BTreeSet<&str>>,
) -> Option<Verdict> {
    let names = party_names_match(ctx, p, q);
    let verdict = |kind: &'static str, severity, link, reason: &str| {
        Some(Verdict {
            kind,
            severity,
            link,
            reason: reason.to_string(),
        })
    };
    match (ctx.is_reference(p), ctx.is_reference(q)) {
        (true, true) => {
            let (a, b) = (
                ctx.named_by.get(&p).cloned().unwrap_or_default(),
                ctx.named_by.get(&q).cloned().unwrap_or_default(),
            );
            let same_candidate = a
                .iter()
                .any(|x| b.iter().any(|y| ctx.person.find(*x) == ctx.person.find(*y)));
            if same_candidate {
                return None;
            }
            match names {
                NameMatch::Different => verdict(
                    "shared_reference_contact",
                    Severity::Medium,
                    false,
                    "the same reference contact details under a different referee name",
                ),
                _ => verdict(
                    "shared_reference",
                    Severity::Low,
                    false,
                    "the same referee named by another candidate",
                ),
            }
        }
        (true, false) | (false, true) => {
            let (r, x) = if ctx.is_reference(p) { (p, q) } else { (q, p) };
            let named_by = ctx.named_by.get(&r).cloned().unwrap_or_default();
            if named_by
                .iter()
                .any(|c| ctx.person.find(*c) == ctx.person.find(x))
            {
                return verdict(
                    "self_reference",
                    Severity::Medium,
                    false,
                    "the candidate gives their own contact details for a reference",
                );
            }
            match names {
                // A colleague or acquaintance vouching under their own name (a referral).
                NameMatch::Same => None,
                NameMatch::SameSurname => {
                    verdict("relative_reference", Severity::Low, false, "the reference appears to be a relative")
                }
                NameMatch::Different => verdict(
                    "fabricated_reference",
                    Severity::High,
                    true,
                    "a reference contact given under one name belongs to an applicant or employee under another",
                ),
            }
        }
        (false, false) => {
            // A laptop sent to the home both people give is a household's delivery, not a
            // farm: a farm receives devices for people who claim homes elsewhere.
            let home = |x: usize| roles.get(&x).is_some_and(|r| r.contains("home"));
            let ship_to = (roles.get(&p).is_some_and(|r| r.contains("ship_to"))
                || roles.get(&q).is_some_and(|r| r.contains("ship_to")))
                && !(home(p) && home(q));
            match names {
                // Namesakes choose alike mailboxes and sites (`ananya.agarwal@…`,
                // `ananyaagarwal.me`): one made from the name is the same person's only beside
                // something the name does not explain.
                NameMatch::Same if made_from_name(artifact, &ctx.names[p], &ctx.names[q]) => {
                    verdict(
                        "possible_same_person",
                        Severity::Info,
                        false,
                        "same name, and an address made from the name: perhaps the same person",
                    )
                }
                NameMatch::Same => verdict(
                    "same_person",
                    Severity::Info,
                    true,
                    "same name: the same person seen again",
                ),
                NameMatch::SameSurname => match kind {
                    ArtifactKind::Profile | ArtifactKind::Url | ArtifactKind::DeviceSerial => {
                        verdict(
                            "shared_identifier",
                            Severity::Medium,
                            false,
                            "same surname, different given name, one personal identifier",
                        )
                    }
                    _ => verdict(
                        "household_shared_artifact",
                        Severity::Info,
                        false,
                        "same surname, different given name: likely one household",
                    ),
                },
                NameMatch::Different
                    if matches!(kind, ArtifactKind::Phone | ArtifactKind::Email)
                        && ctx.live_together(p, q) =>
                {
                    verdict(
                        "household_shared_artifact",
                        Severity::Info,
                        false,
                        "people who give one home share its phone or mailbox: likely one household",
                    )
                }
                NameMatch::Different => Some(match kind {
                    ArtifactKind::Email | ArtifactKind::Profile | ArtifactKind::Url => Verdict {
                        kind: "shared_identifier",
                        severity: Severity::High,
                        link: true,
                        reason: "a personal identifier under a different name".into(),
                    },
                    // Flatmates, relatives under other surnames and small offices share a
                    // landline: worth a look, never an accusation alone.
                    ArtifactKind::Phone if artifact.detail.as_deref() == Some("fixed_line") => {
                        Verdict {
                            kind: "shared_identifier",
                            severity: Severity::Low,
                            link: false,
                            reason: "a landline under a different name".into(),
                        }
                    }
                    ArtifactKind::Phone => Verdict {
                        kind: "shared_identifier",
                        severity: Severity::High,
                        link: true,
                        reason: "a personal phone under a different name".into(),
                    },
                    ArtifactKind::BankAccount => Verdict {
                        kind: "shared_payout_account",
                        severity: Severity::High,
                        link: false,
                        reason: "salaries of people with different names paid into one account"
                            .into(),
                    },
                    ArtifactKind::PostalAddress if ship_to => Verdict {
                        kind: "shared_ship_to_address",
                        severity: Severity::High,
                        link: false,
                        reason: "company devices for people with different names go to one address"
                            .into(),
                    },
                    ArtifactKind::DeviceSerial => Verdict {
                        kind: "shared_device",
                        severity: Severity::Medium,
                        link: false,
                        reason: "one device assigned to people with different names".into(),
                    },
                    _ => Verdict {
                        kind: "shared_home_address",
                        severity: Severity::Medium,
                        link: false,
                        reason: "one home address for people with different surnames".into(),
                    },
                }),
            }
        }
    }
}

/// Subjects a party's findings are written on: the candidates who named a reference, or the
/// people themselves.
fn targets(ctx: &Ctx<'_>, parties: &BTreeMap<usize, Vec<usize>>) -> Vec<usize> {
    let mut out = BTreeSet::new();
    for (party, members) in parties {
        if ctx.is_reference(*party) {
            out.extend(ctx.named_by.get(party).into_iter().flatten().copied());
        } else {
            out.extend(members.iter().copied());
        }
    }
    out.into_iter().collect()
}

/// The person records a linking edge joins: for a reference, the candidates who named it.
fn link_ends(ctx: &Ctx<'_>, party: usize, members: &[usize]) -> Vec<usize> {
    if ctx.is_reference(party) {
        ctx.named_by.get(&party).cloned().unwrap_or_default()
    } else {
        members.to_vec()
    }
}

fn party_label(ctx: &Ctx<'_>, party: usize) -> String {
    if ctx.is_reference(party) {
        let by: Vec<String> = ctx
            .named_by
            .get(&party)
            .into_iter()
            .flatten()
            .map(|c| ctx.sref(*c).to_string())
            .collect();
        format!(
            "reference contact {} named by {}",
            ctx.who(party),
            by.join(", ")
        )
    } else {
        ctx.who(party)
    }
}

fn describe_artifact(a: &Artifact) -> String {
    match &a.detail {
        Some(d) if a.kind == ArtifactKind::Phone => {
            format!("{} {} ({d})", a.kind.label(), a.masked)
        }
        _ => format!("{} {}", a.kind.label(), a.masked),
    }
}

fn entry_evidence(ctx: &Ctx<'_>, e: &Entry<'_>) -> Evidence {
    Evidence {
        subject: ctx.sref(e.subject).clone(),
        artifact: Some(e.artifact.kind),
        role: Some(e.role.to_string()),
        masked: Some(e.artifact.masked.clone()),
        provenance: e.provenance.clone(),
    }
}

fn subject_evidence(s: &Subject) -> Evidence {
    Evidence {
        subject: s.id.clone(),
        artifact: None,
        role: None,
        masked: None,
        provenance: s.provenance.clone(),
    }
}

fn build_clusters(
    ctx: &mut Ctx<'_>,
    edges: &[(usize, usize, String)],
    findings: &mut Vec<Finding>,
) -> Vec<Cluster> {
    let n = ctx.subjects.len();
    let mut uf = UnionFind::new(n);
    for (a, b, _) in edges {
        uf.union(*a, *b);
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        if ctx.subjects[i].kind.is_person_of_interest() {
            groups.entry(uf.find(i)).or_default().push(i);
        }
    }
    // Candidate to the employees hired from them under a related name.
    let mut renamed_from: HashMap<usize, Vec<usize>> = HashMap::new();
    for (e, c) in &ctx.renamed {
        renamed_from.entry(*c).or_default().push(*e);
    }
    let mut clusters = Vec::new();
    for members in groups.into_values().filter(|m| m.len() >= 2) {
        let mut refs: Vec<SubjectRef> = members.iter().map(|m| ctx.sref(*m).clone()).collect();
        refs.sort();
        let id = format!(
            "cl-{}",
            &unmask_model::stable_key(&[refs[0].as_str()])[..12]
        );
        let mut cluster_edges: Vec<ClusterEdge> = edges
            .iter()
            .filter(|(a, _, _)| members.contains(a))
            .map(|(a, b, reason)| ClusterEdge {
                a: ctx.sref(*a).clone(),
                b: ctx.sref(*b).clone(),
                reason: reason.clone(),
            })
            .collect();
        cluster_edges.sort_by(|x, y| (&x.a, &x.b, &x.reason).cmp(&(&y.a, &y.b, &y.reason)));
        cluster_edges.dedup();
        // Distinct identities in the cluster: names that do not match any name seen before.
        // An employee hired under a related name is their candidate's identity, not another:
        // the candidate counts once, under either name.
        let mut distinct: Vec<Vec<&str>> = Vec::new();
        for m in &members {
            if ctx.renamed.get(m).is_some_and(|c| members.contains(c)) {
                continue;
            }
            let mut names = vec![ctx.names[*m].as_str()];
            names.extend(
                renamed_from
                    .get(m)
                    .into_iter()
                    .flatten()
                    .filter(|e| members.contains(e))
                    .map(|e| ctx.names[*e].as_str()),
            );
            let seen = distinct.iter().any(|d| {
                d.iter()
                    .any(|x| names.iter().any(|y| names_match(x, y) == NameMatch::Same))
            });
            if !seen {
                distinct.push(names);
            }
        }
        if distinct.len() >= 2 {
            let held_by: Vec<String> = cluster_edges
                .iter()
                .take(12)
                .map(|e| format!("{} ~ {}: {}", e.a, e.b, e.reason))
                .collect();
            let more = cluster_edges.len().saturating_sub(12);
            for m in &members {
                findings.push(Finding {
                    subject: ctx.sref(*m).clone(),
                    kind: "persona_cluster".into(),
                    severity: Severity::High,
                    explanation: format!(
                        "one of {} records under {} different names in persona cluster {id}, held together by: {}{}",
                        members.len(),
                        distinct.len(),
                        held_by.join("; "),
                        if more > 0 { format!("; and {more} more links") } else { String::new() }
                    ),
                    evidence: members.iter().map(|x| subject_evidence(&ctx.subjects[*x])).collect(),
                    at: None,
                });
            }
        }
        clusters.push(Cluster {
            id,
            members: refs,
            edges: cluster_edges,
        });
    }
    clusters.sort_by(|a, b| a.members.cmp(&b.members));
    clusters
}
