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
//!
//! Each shared address also says how it was used (distinct days, per person and in all; the
//! sign-ins in local weekday working hours, by the user's claimed home's offset), and the run
//! counts the weekdays and the people signing in: what the pipeline needs to infer the
//! company's own egress (`unmask_graph::context`).

use crate::{countries, Activity, Cite, Ctx, NetClass, NetInfo, Person};
use foldhash::{HashMap, HashSet};
use std::collections::BTreeSet;
use std::net::IpAddr;
use unmask_model::{Finding, Severity};

/// At most this many people are kept per address or device: past it, it is an organisation.
const MAX_USERS: usize = 64;

/// Local working hours, [start, end), on weekdays.
const WORK: (i64, i64) = (7, 20);

/// A person's first use of an address or device, and on how many distinct days they used it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstUse {
    pub person: usize,
    pub time: i64,
    pub cite: Cite,
    pub days: u32,
    last_day: i64,
}

/// A sign-in address two or more people used.
#[derive(Debug, Clone)]
pub struct SharedAddress {
    pub ip: IpAddr,
    pub users: Vec<FirstUse>,
    /// Distinct weekdays (UTC) with sign-ins from it; sign-ins, and those in the user's local
    /// weekday working hours.
    pub days: u32,
    pub sign_ins: u32,
    pub working: u32,
}

/// One address's use so far.
#[derive(Default)]
struct Address {
    users: Vec<FirstUse>,
    days: u32,
    last_day: Option<i64>,
    sign_ins: u32,
    working: u32,
}

fn note(users: &mut Vec<FirstUse>, a: &Activity<'_>) {
    let day = a.time.div_euclid(crate::DAY);
    if let Some(u) = users.iter_mut().find(|u| u.person == a.person) {
        if u.last_day != day {
            u.days += 1;
            u.last_day = day;
        }
    } else if users.len() < MAX_USERS {
        users.push(FirstUse {
            person: a.person,
            time: a.time,
            cite: a.cite,
            days: 1,
            last_day: day,
        });
    }
}

/// Monday is 0 (1970-01-01 was a Thursday).
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
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

pub struct Shared {
    addresses: HashMap<IpAddr, Address>,
    devices: HashMap<u64, Device>,
    /// The span of each person's claimed home country's standard UTC offsets (seconds, west to
    /// east), for local working hours.
    offsets: Vec<(i64, i64)>,
    /// Weekdays (UTC) with any sign-in, and the people seen signing in.
    weekdays: BTreeSet<i64>,
    signing_in: HashSet<usize>,
}

impl Shared {
    pub fn new(people: &[Person]) -> Shared {
        Shared {
            addresses: HashMap::default(),
            devices: HashMap::default(),
            offsets: people
                .iter()
                .map(|p| {
                    p.home_country
                        .as_deref()
                        .and_then(countries::get)
                        .map_or((0, 0), |c| {
                            (i64::from(c.offsets.0) * 60, i64::from(c.offsets.1) * 60)
                        })
                })
                .collect(),
            weekdays: BTreeSet::new(),
            signing_in: HashSet::default(),
        }
    }

    pub fn observe_address(&mut self, a: &Activity<'_>, ip: IpAddr, info: &NetInfo) {
        let day = a.time.div_euclid(crate::DAY);
        if weekday(day) < 5 {
            self.weekdays.insert(day);
        }
        self.signing_in.insert(a.person);
        if matches!(info.class, NetClass::Plain | NetClass::KnownBad(_)) {
            let entry = self.addresses.entry(ip).or_default();
            note(&mut entry.users, a);
            if entry.last_day != Some(day) && weekday(day) < 5 {
                entry.days += 1;
                entry.last_day = Some(day);
            }
            entry.sign_ins += 1;
            // Working hours anywhere in the claimed country: its west end's morning to its east
            // end's evening; the weekday at the middle of its offsets.
            let (west, east) = self.offsets.get(a.person).copied().unwrap_or((0, 0));
            let local = a.time + (west + east) / 2;
            let utc = a.time.rem_euclid(crate::DAY);
            let (from, until) = (WORK.0 * 3600 - east, WORK.1 * 3600 - west);
            let hours = (from..until).contains(&utc)
                || (from..until).contains(&(utc + crate::DAY))
                || (from..until).contains(&(utc - crate::DAY));
            if weekday(local.div_euclid(crate::DAY)) < 5 && hours {
                entry.working += 1;
            }
        }
    }

    /// Weekdays with any sign-in, and the people seen signing in.
    pub fn window(&self) -> (u32, usize) {
        (self.weekdays.len() as u32, self.signing_in.len())
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
            .filter(|(_, a)| a.users.len() >= 2)
            .map(|(ip, a)| SharedAddress {
                ip,
                users: a.users,
                days: a.days,
                sign_ins: a.sign_ins,
                working: a.working,
            })
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
