//! One device or address, several employees.
//!
//! - `shared_mfa_device` / `shared_device` (high): one MFA authenticator (an Okta Verify
//!   install, say) or one registered device is used by people of two or more households: one
//!   phone approving several "employees'" sign-ins is how one operator, or a facilitator's laptop
//!   farm, looks from the identity provider. People sharing a family name count as one
//!   household (a couple both employed, sharing a laptop at home, is not a facilitator).
//! - Addresses: every plain or known-bad sign-in address used by two or more people is handed to
//!   the facilitator graph ([`SharedAddress`]), which judges it with everything else it knows
//!   (households, declared office and VPN egress, warning lists) as `shared_egress`. Company
//!   egress and anonymising networks are never shared evidence and are not kept. Shared
//!   devices go to the graph too ([`SharedDevice`]), as links between the people on them.

use crate::{Activity, Cite, Ctx, NetClass, NetInfo};
use foldhash::HashMap;
use std::collections::BTreeSet;
use std::net::IpAddr;
use unmask_model::{Finding, Severity};

/// At most this many people are kept per address or device: past it, it is an organisation.
const MAX_USERS: usize = 64;

/// A person's first use of an address or device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstUse {
    pub person: usize,
    pub time: i64,
    pub cite: Cite,
}

/// A sign-in address two or more people used.
#[derive(Debug, Clone)]
pub struct SharedAddress {
    pub ip: IpAddr,
    pub users: Vec<FirstUse>,
}

fn note(users: &mut Vec<FirstUse>, a: &Activity<'_>) {
    if users.len() < MAX_USERS && !users.iter().any(|u| u.person == a.person) {
        users.push(FirstUse {
            person: a.person,
            time: a.time,
            cite: a.cite,
        });
    }
}

/// A device (an MFA authenticator, a registered device) two or more people used.
#[derive(Debug, Clone)]
pub struct SharedDevice {
    /// What kind of device (`Okta Verify device`, `Entra device`, `host`).
    pub kind: String,
    pub id: String,
    pub users: Vec<FirstUse>,
}

type Device = SharedDevice;

#[derive(Default)]
pub struct Shared {
    addresses: HashMap<IpAddr, Vec<FirstUse>>,
    devices: HashMap<u64, Device>,
}

impl Shared {
    pub fn observe_address(&mut self, a: &Activity<'_>, ip: IpAddr, info: &NetInfo) {
        if matches!(info.class, NetClass::Plain | NetClass::KnownBad(_)) {
            note(self.addresses.entry(ip).or_default(), a);
        }
    }

    pub fn observe_device(&mut self, a: &Activity<'_>) {
        let Some(id) = a.device.map(str::trim).filter(|d| !d.is_empty()) else {
            return;
        };
        let key = crate::key_hash(&(a.device_kind, id));
        let entry = self.devices.entry(key).or_insert_with(|| Device {
            kind: a.device_kind.to_string(),
            id: id.to_string(),
            users: Vec::new(),
        });
        note(&mut entry.users, a);
    }

    pub fn finish(
        self,
        ctx: &Ctx<'_, '_>,
    ) -> (Vec<Finding>, Vec<SharedAddress>, Vec<SharedDevice>) {
        let mut addresses: Vec<SharedAddress> = self
            .addresses
            .into_iter()
            .filter(|(_, users)| users.len() >= 2)
            .map(|(ip, users)| SharedAddress { ip, users })
            .collect();
        addresses.sort_by_key(|a| a.ip);
        let mut devices: Vec<Device> = self
            .devices
            .into_values()
            .filter(|d| d.users.len() >= 2)
            .collect();
        devices.sort_by(|a, b| (&a.kind, &a.id).cmp(&(&b.kind, &b.id)));
        let mut findings = Vec::new();
        for d in &devices {
            let household = |u: &FirstUse| {
                let h = &ctx.people[u.person].household;
                if h.is_empty() {
                    format!("#{}", u.person)
                } else {
                    h.clone()
                }
            };
            let households: BTreeSet<String> = d.users.iter().map(household).collect();
            if households.len() < 2 {
                continue;
            }
            // When it became shared: the first use by a second household.
            let mut seen = BTreeSet::new();
            let mut shared_at = i64::MAX;
            let mut by_time = d.users.clone();
            by_time.sort_by_key(|u| u.time);
            for u in &by_time {
                seen.insert(household(u));
                if seen.len() == 2 {
                    shared_at = u.time;
                    break;
                }
            }
            let mfa = d.kind.to_ascii_lowercase().contains("mfa")
                || d.kind.to_ascii_lowercase().contains("verify");
            let kind = if mfa {
                "shared_mfa_device"
            } else {
                "shared_device"
            };
            let who: Vec<String> = by_time
                .iter()
                .map(|u| ctx.people[u.person].subject.to_string())
                .collect();
            let masked = mask(&d.id);
            for u in &by_time {
                let explanation = format!(
                    "{} {masked} is used by {} people in {} households: {}",
                    d.kind,
                    by_time.len(),
                    households.len(),
                    who.join(", ")
                );
                let evidence = by_time
                    .iter()
                    .map(|o| ctx.evidence(o.person, o.cite, "device", Some(masked.clone())))
                    .collect();
                findings.push(crate::finding(
                    ctx,
                    u.person,
                    kind,
                    Severity::High,
                    explanation,
                    evidence,
                    u.time.max(shared_at),
                ));
            }
        }
        (findings, addresses, devices)
    }
}

/// A device id shown by its last four characters.
fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let keep = chars.len().min(4);
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("…{tail}")
}
