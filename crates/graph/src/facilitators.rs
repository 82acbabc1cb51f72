//! Facilitators: one place that serves several "employees".
//!
//! - a laptop farm: one postal address receiving company devices for two or more people who
//!   claim to live elsewhere;
//! - a payout hub: one bank or payout account receiving the pay of two or more people;
//! - a shared egress: one IP address that two or more people sign in from.
//!
//! People with the same surname count as one household (families share homes, accounts and
//! routers). Declared benign artifacts (offices, agencies, the corporate VPN's egress) and
//! warning-listed IPs (VPN, hosting, cloud ranges) are reported as suppressed, with the note.
//! Offices and corporate egress inferred from the data ([`crate::context`]) are suppressed the
//! same way, each member told so in an `office_inferred` or `egress_inferred` (info) finding
//! that names the inference and its evidence.

use crate::context::{Context, Verdict};
use crate::graph::{EdgeKind, Graph, Holding, Node};
use crate::households;
use serde::Serialize;
use unmask_linkage::Benign;
use unmask_model::{ArtifactKind, Evidence, Finding, Severity, SubjectRef, WarningList};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilitatorKind {
    LaptopFarm,
    PayoutHub,
    SharedEgress,
}

impl FacilitatorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FacilitatorKind::LaptopFarm => "laptop_farm",
            FacilitatorKind::PayoutHub => "payout_hub",
            FacilitatorKind::SharedEgress => "shared_egress",
        }
    }
}

/// One hub and the people it serves.
#[derive(Debug, Clone, Serialize)]
pub struct Facilitator {
    pub kind: FacilitatorKind,
    pub artifact: ArtifactKind,
    pub masked: String,
    /// One record per person (the employee record when there is one).
    pub members: Vec<SubjectRef>,
    /// Distinct households among the members.
    pub households: usize,
    /// Why it was not counted: the benign declaration's label, the warning list's name or the
    /// inference.
    pub suppressed: Option<String>,
}

/// The record that speaks for a party: the employee record when the person was hired.
fn representative(g: &Graph<'_>, party: usize) -> usize {
    let members = g.members(party);
    members
        .iter()
        .copied()
        .find(|&s| g.subjects[s].kind == unmask_model::SubjectKind::Employee)
        .or_else(|| members.iter().copied().find(|&s| g.is_person(s)))
        .unwrap_or(party)
}

/// `benign` holds the declarations only; `context` the inferences (offices, egress).
pub fn detect(
    g: &Graph<'_>,
    benign: &Benign,
    lists: &[WarningList],
    context: &Context,
) -> (Vec<Facilitator>, Vec<Finding>) {
    let mut hubs = Vec::new();
    let mut findings = Vec::new();
    for (a, art) in g.artifacts.iter().enumerate() {
        let (kind, edge_kind) = match art.kind {
            ArtifactKind::PostalAddress => (FacilitatorKind::LaptopFarm, EdgeKind::ShippedTo),
            ArtifactKind::BankAccount => (FacilitatorKind::PayoutHub, EdgeKind::PaidInto),
            ArtifactKind::IpAddress => (FacilitatorKind::SharedEgress, EdgeKind::SignedInFrom),
            _ => continue,
        };
        let holdings: Vec<Holding> = g
            .holders(a)
            .into_iter()
            .filter(|h| g.edges[h.edge].kind == edge_kind)
            .collect();
        let mut parties = g.parties(&holdings);
        if parties.len() < 2 {
            continue;
        }
        if kind == FacilitatorKind::LaptopFarm {
            // Only people who claim a home elsewhere: someone whose laptop goes to the home
            // they declared is not served by a farm.
            parties.retain(|&p| {
                let homes = g.held(p, ArtifactKind::PostalAddress, "home");
                !homes.is_empty() && !homes.contains(&a)
            });
            if parties.len() < 2 {
                continue;
            }
        }
        let reps: Vec<usize> = parties.iter().map(|&p| representative(g, p)).collect();
        let names: Vec<&str> = reps.iter().map(|&r| g.names[r].as_str()).collect();
        let household_count = households(&names);
        if household_count < 2 {
            continue;
        }
        let suppressed = benign
            .label_for(art.kind, &art.canonical)
            .map(|l| format!("declared benign: \"{l}\""))
            .or_else(|| {
                (art.kind == ArtifactKind::IpAddress)
                    .then(|| lists.iter().find(|l| l.covers(&art.canonical)))
                    .flatten()
                    .map(|l| format!("on warning list \"{}\"", l.name))
            });
        let suppressed = suppressed.or_else(|| {
            (kind == FacilitatorKind::SharedEgress)
                .then(|| agency_network(g, &holdings, &parties))
                .flatten()
                .map(|source| {
                    format!(
                        "the network of \"{source}\", through which all {} applied from it",
                        parties.len()
                    )
                })
        });
        let inferred = match suppressed {
            None => context.explains(art.kind, &art.canonical),
            Some(_) => None,
        };
        let members: Vec<SubjectRef> = reps.iter().map(|&r| g.subjects[r].id.clone()).collect();
        let evidence: Vec<Evidence> = holdings
            .iter()
            .filter(|h| parties.contains(&g.party(h.person)))
            .map(|h| edge_evidence(g, h))
            .collect();
        let what = g.describe(Node::Artifact(a));
        let who: Vec<String> = reps
            .iter()
            .map(|&r| {
                let homes = g.held(r, ArtifactKind::PostalAddress, "home");
                match (kind, homes.first()) {
                    (FacilitatorKind::LaptopFarm, Some(&h)) => format!(
                        "{} (claims home {})",
                        g.describe(Node::Subject(r)),
                        g.artifacts[h].masked
                    ),
                    _ => g.describe(Node::Subject(r)),
                }
            })
            .collect();
        let (finding_kind, severity, pattern) = match kind {
            FacilitatorKind::LaptopFarm => (
                "laptop_farm",
                Severity::High,
                format!(
                    "{what} receives company devices for {} people who claim homes elsewhere",
                    reps.len()
                ),
            ),
            FacilitatorKind::PayoutHub => (
                "payout_hub",
                Severity::High,
                format!(
                    "{what}{} receives the pay of {} people in {household_count} households",
                    art.detail
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default(),
                    reps.len()
                ),
            ),
            FacilitatorKind::SharedEgress => (
                "shared_egress",
                if household_count >= 3 {
                    Severity::High
                } else {
                    Severity::Medium
                },
                format!(
                    "{} people in {household_count} households sign in from {what}, outside any declared office or VPN egress",
                    reps.len()
                ),
            ),
        };
        let organisation = household_count > crate::associate::HUB_LIMIT;
        for &r in &reps {
            let (kind_name, severity, explanation) = match (&suppressed, inferred) {
                (None, Some(i)) => (
                    if i.verdict == Verdict::Office {
                        "office_inferred"
                    } else {
                        "egress_inferred"
                    },
                    Severity::Info,
                    format!(
                        "{pattern}: {}; not counted: inferred from the data to be the company's {} \
                         ({}); confirm it with [[benign]] or reject it with [[not_office]] in unmask.toml",
                        who.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                        if i.verdict == Verdict::Office {
                            "office"
                        } else {
                            "egress"
                        },
                        i.evidence
                    ),
                ),
                (None, None) if organisation => (
                    "shared_hub",
                    Severity::Low,
                    format!(
                        "{pattern}: more like an office, an agency or a shared network than a facilitator; \
                         declare it in unmask.toml if it is legitimate (first members: {})",
                        who.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
                    ),
                ),
                (Some(note), _) => (
                    "facilitator_suppressed",
                    Severity::Info,
                    format!("{pattern}: {}; not counted ({note})", who.join(", ")),
                ),
                (None, None) => (
                    finding_kind,
                    severity,
                    format!("{pattern}: {}", who.join(", ")),
                ),
            };
            findings.push(Finding {
                subject: g.subjects[r].id.clone(),
                kind: kind_name.into(),
                severity,
                explanation,
                evidence: evidence.clone(),
                at: None,
            });
        }
        hubs.push(Facilitator {
            kind,
            artifact: art.kind,
            masked: art.masked.clone(),
            members,
            households: household_count,
            suppressed: suppressed
                .or_else(|| inferred.map(|i| i.label()))
                .or_else(|| {
                    organisation.then(|| format!("{household_count} households: an organisation"))
                }),
        });
    }
    (hubs, findings)
}

/// An address that people only *applied* from, all of them through one intermediary: a
/// recruiting agency submits its candidates from its own office network, as it gives its own
/// mailbox and phone ([`unmask_linkage::hubs`]). Sign-ins after hire are never explained so: an
/// agency's office is not where its placed staff work, and an operator's front "agency" shows
/// itself there.
fn agency_network<'s>(g: &Graph<'s>, holdings: &[Holding], parties: &[usize]) -> Option<&'s str> {
    if !holdings
        .iter()
        .all(|h| g.edges[h.edge].role.as_deref() == Some("application"))
    {
        return None;
    }
    let sources = parties.iter().map(|&p| {
        g.members(p)
            .into_iter()
            .flat_map(|s| unmask_linkage::hubs::sources(&g.subjects[s]))
            .collect::<std::collections::BTreeSet<&'s str>>()
    });
    unmask_linkage::hubs::common_intermediary(sources)
}

fn edge_evidence(g: &Graph<'_>, h: &Holding) -> Evidence {
    let e = &g.edges[h.edge];
    let holder = match e.from {
        Node::Subject(s) => s,
        Node::Artifact(_) => h.person,
    };
    let masked = match e.to {
        Node::Artifact(a) => Some(g.artifacts[a].masked.clone()),
        Node::Subject(_) => None,
    };
    let artifact = match e.to {
        Node::Artifact(a) => Some(g.artifacts[a].kind),
        Node::Subject(_) => None,
    };
    Evidence {
        subject: g.subjects[holder].id.clone(),
        artifact,
        role: e.role.clone(),
        masked,
        provenance: e
            .provenance
            .clone()
            .unwrap_or_else(|| g.subjects[holder].provenance.clone()),
    }
}
