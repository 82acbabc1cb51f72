//! The company's own offices and egress, inferred from the stored data
//! (`unmask_graph::context` holds the rules) and checked against `unmask.toml`: an inference
//! already declared `[[benign]]` is *declared*, one a `[[not_office]]` entry covers is
//! *rejected*, and with `[context] infer = false` nothing is in force. What is in force
//! explains the sharing it covers, like a declaration: linkage, the facilitator graph and risk
//! by association leave it out, and each member gets an info finding naming the inference.

use crate::owners::Owners;
use crate::{Config, PipelineError};
use std::collections::HashMap;
use unmask_graph::context::{self, EgressUse, EgressUser, Inference, Place, Shipment, Status};
use unmask_linkage::Benign;
use unmask_model::canon::Canonicalizer;
use unmask_model::{ArtifactKind, SubjectKind};
use unmask_store::{Dataset, Store};

/// Each employee's household (family name) and claimed home address.
pub(crate) struct Homes<'d> {
    by_subject: HashMap<&'d str, (String, Option<Place>)>,
}

impl<'d> Homes<'d> {
    pub(crate) fn build(data: &'d Dataset) -> Homes<'d> {
        let mut by_subject: HashMap<&str, (String, Option<Place>)> = data
            .subjects
            .iter()
            .filter(|s| s.kind == SubjectKind::Employee)
            .map(|s| {
                let surname = s
                    .name
                    .expose()
                    .split_whitespace()
                    .last()
                    .unwrap_or("")
                    .to_lowercase();
                (s.id.as_str(), (surname, None))
            })
            .collect();
        for o in &data.observations {
            if o.artifact.kind != ArtifactKind::PostalAddress || o.role != "home" {
                continue;
            }
            if let Some((_, home @ None)) = by_subject.get_mut(o.subject.as_str()) {
                *home = Place::parse(o.artifact.canonical.expose());
            }
        }
        Homes { by_subject }
    }

    pub(crate) fn get(&self, subject: &str) -> Option<&(String, Option<Place>)> {
        self.by_subject.get(subject)
    }
}

/// Ship-to addresses of devices, classified.
pub fn offices(data: &Dataset, owners: &Owners) -> Vec<Inference> {
    let homes = Homes::build(data);
    let holders: HashMap<String, &str> = owners
        .devices()
        .map(|(serial, who)| (format!("device:{serial}"), who.as_str()))
        .collect();
    let shipments: Vec<Shipment> = data
        .observations
        .iter()
        .filter(|o| o.artifact.kind == ArtifactKind::PostalAddress && o.role == "ship_to")
        .filter_map(|o| {
            let person = holders.get(o.subject.as_str())?;
            let (household, home) = homes.get(person)?;
            Some(Shipment {
                person: person.to_string(),
                household: household.clone(),
                home: home.clone(),
                ship_to: Place::parse(o.artifact.canonical.expose())?,
                masked: o.artifact.masked.clone(),
            })
        })
        .collect();
    context::offices(&shipments)
}

/// Shared sign-in addresses, classified.
pub(crate) fn egress(
    data: &Dataset,
    people: &[unmask_signals::Person],
    output: &unmask_signals::Output,
) -> Vec<Inference> {
    let homes = Homes::build(data);
    let uses: Vec<EgressUse> = output
        .shared_addresses
        .iter()
        .map(|a| EgressUse {
            ip: a.ip.to_string(),
            users: a
                .users
                .iter()
                .map(|u| {
                    let subject = people[u.person].subject.as_str();
                    let home = homes.get(subject).and_then(|(_, h)| h.clone());
                    EgressUser {
                        person: subject.to_string(),
                        household: people[u.person].household.clone(),
                        home,
                        days: u.days,
                    }
                })
                .collect(),
            days: a.days,
            sign_ins: a.sign_ins,
            working: a.working,
        })
        .collect();
    context::egress(
        &uses,
        context::Window {
            working_days: output.working_days,
            staff: output.signing_in,
        },
    )
}

/// Mark each inference declared, rejected or disabled as `unmask.toml` says.
pub fn resolve(
    inferences: &mut [Inference],
    config: &Config,
    canon: &Canonicalizer,
) -> Result<(), PipelineError> {
    let declared = config.benign(canon)?;
    let rejected = config.not_office(canon)?;
    for i in inferences.iter_mut() {
        i.status = if let Some(reason) = rejected.label_for(i.artifact, &i.canonical) {
            Status::Rejected(reason.to_string())
        } else if let Some(label) = declared.label_for(i.artifact, &i.canonical) {
            Status::Declared(label.to_string())
        } else if !config.context.infer {
            Status::Disabled
        } else {
            Status::Inferred
        };
    }
    Ok(())
}

/// The declarations plus what is inferred and in force.
pub fn with_inferred(declared: &Benign, inferences: &[Inference]) -> Benign {
    let mut out = declared.clone();
    for (entry, label) in (context::Context {
        inferences: inferences.to_vec(),
    })
    .benign()
    {
        out.add(entry, label);
    }
    out
}

/// Every inference over what is stored, for `unmask context`: offices from the device
/// inventory, egress from a pass over the sign-ins (the post-hire checks' pass).
pub fn run(
    store: &mut dyn Store,
    config: &Config,
    now: &str,
) -> Result<Vec<Inference>, PipelineError> {
    let data = crate::load(store)?;
    let canon = crate::canonicalizer(store, config)?;
    let owners = Owners::build(&data);
    let mut inferences = offices(&data, &owners);
    let lookup = crate::enrichment::load(config)?;
    let checked = crate::signals::run(&*store, &data, config, &owners, &lookup, &canon, now)?;
    inferences.extend(checked.egress);
    resolve(&mut inferences, config, &canon)?;
    inferences.sort_by(|a, b| {
        (b.verdict.benign(), b.households, &a.shown).cmp(&(
            a.verdict.benign(),
            a.households,
            &b.shown,
        ))
    });
    Ok(inferences)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unmask_graph::context::{Place, Shipment, Verdict};

    /// A head office in Metropolis receiving five local staff's laptops.
    fn inferred(canon: &Canonicalizer) -> Vec<Inference> {
        let office = canon
            .address("1 Main St, Floor 9", "Metropolis", "US")
            .expect("address");
        let office = Place::parse(office.canonical.expose()).expect("place");
        let shipments: Vec<Shipment> = (0..5)
            .map(|i| Shipment {
                person: format!("employee:E{i}"),
                household: format!("name{i}"),
                home: Place::parse(&format!("{i} elm st|metropolis|us")),
                ship_to: office.clone(),
                masked: "***".into(),
            })
            .collect();
        context::offices(&shipments)
    }

    fn check(toml: &str, expect: &str) {
        let canon = Canonicalizer::new([7; 32]);
        let config = Config::parse("unmask.toml", toml).expect("config");
        let mut got = inferred(&canon);
        assert_eq!(got[0].verdict, Verdict::Office);
        resolve(&mut got, &config, &canon).expect("resolve");
        assert_eq!(got[0].status.as_str(), expect, "{:?}", got[0].status);
        let benign = with_inferred(&Benign::default(), &got);
        assert_eq!(benign.is_empty(), expect != "inferred");
    }

    #[test]
    fn unmask_toml_confirms_rejects_or_switches_off_inferences() {
        check("", "inferred");
        check(
            "[[not_office]]\nreason = \"a contractor's home\"\nkind = \"postal_address\"\n\
             value = \"1 Main St, Floor 9\"\ncity = \"Metropolis\"\ncountry = \"US\"\n",
            "rejected",
        );
        check(
            "[[benign]]\nlabel = \"HQ\"\nkind = \"postal_address\"\n\
             value = \"1 main st fl 9\"\ncity = \"metropolis\"\ncountry = \"us\"\n",
            "declared",
        );
        check("[context]\ninfer = false\n", "disabled");
    }

    #[test]
    fn not_office_entries_are_checked() {
        let err = Config::parse(
            "unmask.toml",
            "[[not_office]]\nreason = \"x\"\nkind = \"ip_network\"\nvalue = \"nonsense\"\n",
        )
        .and_then(|c| c.not_office(&Canonicalizer::new([7; 32])))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("not_office entry 1 (`x`)"), "{err}");
    }
}
