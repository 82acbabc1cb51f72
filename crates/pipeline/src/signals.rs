//! Post-hire checks over stored telemetry: who each event is about (through [`Owners`]), what
//! each person claims (home country from payroll, where their laptop was shipped, hire and
//! termination dates, declared trips from `unmask.toml`), and how each sign-in address is
//! classified (offline IP databases, declared company egress, warning lists, IP indicators).
//! The checks themselves are the `unmask-signals` crate.

use crate::owners::Owners;
use crate::{Config, PipelineError};
use std::collections::HashMap;
use std::net::IpAddr;
use unmask_model::{
    ArtifactKind, Event, EventKind, Network, Observation, Provenance, SubjectKind, SubjectRef,
};
use unmask_signals::{Action, Activity, Cite, IpLookup, Networks, Output, Person, Settings, Trip};
use unmask_store::{Dataset, Store};

/// What the run saw and found.
pub struct SignalRun {
    // The sign-in observations cover only people who used an address on
    // `unmask_graph::context::REGULAR_DAYS` days or more.
    pub output: Output,
    /// Events that are about no known employee.
    pub unowned: u64,
    /// Sign-in observations for the addresses and devices several people share, for the
    /// identity graph.
    pub observations: Vec<Observation>,
    /// Per subject, when the first address they share with someone else became shared.
    pub shared_since: HashMap<SubjectRef, i64>,
    /// What each shared address looks like: corporate egress, a farm's, or unclear
    /// (`crate::context`), not yet checked against `unmask.toml`.
    pub egress: Vec<unmask_graph::context::Inference>,
}

fn date(s: &str) -> Option<i64> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()?
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp())
}

fn time(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.timestamp())
}

/// Country code of a canonical address (`line|city|cc`).
fn address_country(canonical: &str) -> Option<String> {
    let cc = canonical.rsplit('|').next()?.trim();
    (cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_alphabetic())).then(|| cc.to_ascii_uppercase())
}

/// The people the checks follow: every employee, with what they claim.
pub fn people(data: &Dataset, owners: &Owners, config: &Config) -> Vec<Person> {
    let mut home: HashMap<&str, String> = HashMap::new();
    let mut ship_to: HashMap<&str, String> = HashMap::new();
    for o in &data.observations {
        if o.artifact.kind != ArtifactKind::PostalAddress {
            continue;
        }
        let Some(cc) = address_country(o.artifact.canonical.expose()) else {
            continue;
        };
        match o.role.as_str() {
            "home" => {
                home.entry(o.subject.as_str()).or_insert(cc);
            }
            "ship_to" => {
                ship_to.entry(o.subject.as_str()).or_insert(cc);
            }
            _ => {}
        }
    }
    let mut device_country: HashMap<&str, String> = HashMap::new();
    for (serial, holder) in owners.devices() {
        if let Some(cc) = ship_to.get(format!("device:{serial}").as_str()) {
            device_country.insert(holder.as_str(), cc.clone());
        }
    }
    data.subjects
        .iter()
        .filter(|s| s.kind == SubjectKind::Employee)
        .map(|s| {
            let id = s.id.as_str();
            let travel = config
                .travel
                .iter()
                .filter(|t| t.subject().as_deref() == Some(id))
                .filter_map(|t| {
                    Some(Trip {
                        from: date(&t.from)?,
                        until: date(&t.until)?,
                        country: t.country.clone(),
                    })
                })
                .collect();
            Person {
                subject: s.id.clone(),
                household: s
                    .name
                    .expose()
                    .split_whitespace()
                    .last()
                    .unwrap_or("")
                    .to_lowercase(),
                home_country: home.get(id).cloned(),
                ship_to_country: device_country.get(id).cloned(),
                hire: s.attributes.get("hire_date").and_then(|d| date(d)),
                termination: s.attributes.get("termination_date").and_then(|d| date(d)),
                travel,
            }
        })
        .collect()
}

/// A field by flat key or dotted path through nested objects.
fn field<'e>(event: &'e Event, path: &str) -> Option<&'e str> {
    if let Some(v) = event.fields.get(path) {
        return v.as_str();
    }
    let mut parts = path.split('.');
    let mut v = event.fields.get(parts.next()?)?;
    for p in parts {
        v = v.as_object()?.get(p)?;
    }
    v.as_str()
}

/// The provenance of a cited event: its source file and line.
fn cited(sources: &[Provenance], cite: Cite) -> Provenance {
    let mut p = sources
        .get(cite.source as usize)
        .cloned()
        .unwrap_or_else(|| Provenance::new("", ""));
    p.line = cite.line;
    p
}

/// Company egress declared in `unmask.toml` (benign `ip_network` and `ip_address` entries).
pub fn office_networks(config: &Config) -> Vec<(Network, String)> {
    config
        .benign
        .iter()
        .filter(|b| b.kind == "ip_network" || b.kind == "ip_address")
        .filter_map(|b| Some((Network::parse(&b.value)?, b.label.clone())))
        .collect()
}

pub fn run(
    store: &dyn Store,
    data: &Dataset,
    config: &Config,
    owners: &Owners,
    lookup: &dyn IpLookup,
    canon: &unmask_model::canon::Canonicalizer,
    now: &str,
) -> Result<SignalRun, PipelineError> {
    let people = people(data, owners, config);
    let index: HashMap<&str, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.subject.as_str(), i))
        .collect();
    let indicators: Vec<_> = data
        .indicators
        .iter()
        .filter(|i| i.valid_at(now))
        .cloned()
        .collect();
    let office = office_networks(config);
    let networks = Networks::new(lookup, &office, &data.warninglists, &indicators);
    let mut signals = unmask_signals::Signals::new(&people, networks, Settings::default());
    let mut unowned = 0u64;
    let mut provenance: Vec<Provenance> = Vec::new();
    let mut sources: HashMap<(String, String), u32> = HashMap::new();
    store.events(&mut |event: Event| {
        let Some(person) = owners
            .of(&event)
            .and_then(|(who, _)| index.get(who.as_str()).copied())
        else {
            unowned += 1;
            return Ok(());
        };
        let Some(t) = time(&event.time) else {
            return Ok(());
        };
        let key = (
            event.provenance.file.clone(),
            event.provenance.format.clone(),
        );
        let source = match sources.get(&key) {
            Some(s) => *s,
            None => {
                let s = signals.source(&key.0, &key.1);
                provenance.push(Provenance::new(&key.0, &key.1));
                sources.insert(key, s);
                s
            }
        };
        let product = event.logsource.product.as_deref().unwrap_or("");
        let session = field(&event, "authenticationContext.externalSessionId")
            .or_else(|| field(&event, "SessionId"))
            .filter(|s| !s.is_empty() && *s != "unknown");
        let action = match event.kind {
            EventKind::SignIn => Action::SignIn,
            EventKind::CodeAccess => match field(&event, "action") {
                Some(a) if a.starts_with("repo.download") => Action::Download,
                Some("git.clone") => Action::Clone,
                _ => return Ok(()),
            },
            EventKind::Endpoint => Action::Endpoint,
            EventKind::Other if session.is_some() && event.ip.is_some() => Action::SessionActivity,
            EventKind::Other => return Ok(()),
            // A failed sign-in says where someone tried from, not where the owner is: a
            // password spray from one address must not put its victims behind one line.
            EventKind::SignInFailure => return Ok(()),
        };
        let ip: Option<IpAddr> = event.ip.as_deref().and_then(|i| i.parse().ok());
        let device_kind = match product {
            "okta" => "Okta Verify device",
            "azure" => "Entra device",
            _ => "host",
        };
        signals.observe(&Activity {
            person,
            time: t,
            action,
            ip,
            device: event.device.as_deref(),
            device_kind,
            session,
            repo: field(&event, "repo"),
            // A VPN or proxy exit that several employees share is an anonymising network, not
            // a facilitator's line (`anonymizer_egress`, not `shared_egress`).
            proxy: event
                .fields
                .get("securityContext.isProxy")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            cite: Cite {
                source,
                line: event.provenance.line,
            },
        });
        Ok(())
    })?;
    let output = signals.finish();
    let egress = crate::context::egress(data, &people, &output);
    let mut observations = Vec::new();
    let mut shared_since: HashMap<SubjectRef, i64> = HashMap::new();
    for shared in &output.shared_addresses {
        // Only the people for whom the address is a regular place: one or two days from a café,
        // a hotel or a mobile carrier's shared address say nothing about a facilitator.
        let mut by_time: Vec<_> = shared
            .users
            .iter()
            .filter(|u| u.days >= unmask_graph::context::REGULAR_DAYS)
            .copied()
            .collect();
        if by_time.len() < 2 {
            continue;
        }
        by_time.sort_by_key(|u| u.time);
        let became_shared = by_time.get(1).map_or(i64::MAX, |u| u.time);
        for u in &by_time {
            let subject = people[u.person].subject.clone();
            let since = u.time.max(became_shared);
            shared_since
                .entry(subject.clone())
                .and_modify(|t| *t = (*t).min(since))
                .or_insert(since);
            let Ok(artifact) =
                canon.artifact(ArtifactKind::IpAddress, &shared.ip.to_string(), None)
            else {
                continue;
            };
            observations.push(Observation {
                subject,
                artifact,
                role: "sign_in".into(),
                provenance: cited(&provenance, u.cite),
            });
        }
    }
    // Shared devices link the people on them in the graph (an artifact each).
    for shared in &output.shared_devices {
        let Ok(artifact) = canon.artifact(ArtifactKind::DeviceSerial, &shared.id, None) else {
            continue;
        };
        for u in &shared.users {
            observations.push(Observation {
                subject: people[u.person].subject.clone(),
                artifact: artifact.clone(),
                role: "sign_in_device".into(),
                provenance: cited(&provenance, u.cite),
            });
        }
    }
    Ok(SignalRun {
        output,
        unowned,
        observations,
        shared_since,
        egress,
    })
}
