//! The company's own places, inferred from the data: *office addresses* that receive staff's
//! laptops for pickup, and *corporate egress* addresses many staff sign in from. A company that
//! has not declared its offices in `unmask.toml` yet would otherwise see every office worker
//! accused of using a laptop farm or a shared egress.
//!
//! The rules speak about shares of the people involved and about the company's size, never about
//! particular places, so they hold for any company:
//!
//! - **office**: a ship-to address receiving devices for two or more households, at most one of
//!   which claims it as home, where the households living in the ship-to's own city are at least
//!   two and more than half of all of them. Staff collect laptops at their local office.
//! - **laptop-farm-like**: two or more households who claim homes in *other* cities, or two or
//!   more unrelated households who all claim to live at the ship-to address: devices go to a
//!   residence for people who say they live elsewhere (or crowd into one home).
//! - **household**: everybody the devices are for claims it as home, and they are at most two
//!   households (a family, a couple with different surnames).
//! - **corporate egress**: an IP address that at least three households use *regularly* (on
//!   [`REGULAR_DAYS`] distinct days or more), on at least half of the working days seen in the
//!   whole log, with [`WORKING_SHARE`] of its sign-ins in local weekday working hours, and no
//!   two of those households claiming one home; and either more than [`FARM_MAX`] households and
//!   [`STAFF_SHARE`] of the staff seen signing in (a head office, a corporate VPN), or most of
//!   them living in one city (a branch office).
//! - **laptop-farm-like egress**: two to [`FARM_MAX`] regular households who claim homes in
//!   different cities, or several of whom claim one home.
//!
//! A laptop farm whose operators all claim distinct homes in the farm's own city looks like a
//! small office here; `unmask context` lists every inference so an analyst can reject one with
//! `[[not_office]]` in `unmask.toml`.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use unmask_model::ArtifactKind;

/// A farm serves a handful of operators: the generators and the court cases show two to ten.
pub const FARM_MAX: usize = 10;
/// Distinct days on which a person must use an address for it to be one of their regular
/// places (a café or a mobile carrier's shared address is used once or twice).
pub const REGULAR_DAYS: u32 = 3;
/// Share of an egress address's sign-ins that must fall on local weekdays, 07:00 to 20:00.
pub const WORKING_SHARE: f64 = 0.8;
/// Share of the staff seen signing in that a big egress without a local majority must serve.
pub const STAFF_SHARE: f64 = 0.02;

/// A postal address reduced to what the rules compare: the canonical form, city and country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub canonical: String,
    pub city: String,
    pub country: String,
}

impl Place {
    /// From a canonical postal address (`line|city|country`); `None` without a city.
    pub fn parse(canonical: &str) -> Option<Place> {
        let mut parts = canonical.split('|');
        let (_line, city, country) = (parts.next()?, parts.next()?, parts.next().unwrap_or(""));
        let city = city.trim();
        (!city.is_empty()).then(|| Place {
            canonical: canonical.to_string(),
            city: city.to_string(),
            country: country.trim().to_string(),
        })
    }

    fn same_city(&self, other: &Place) -> bool {
        self.city == other.city && (self.country == other.country || other.country.is_empty())
    }
}

/// A company device shipped to a person.
#[derive(Debug, Clone)]
pub struct Shipment {
    pub person: String,
    /// The household it counts for (the family name, lower case).
    pub household: String,
    /// The person's claimed home, when known.
    pub home: Option<Place>,
    pub ship_to: Place,
    /// The ship-to as shown (masked).
    pub masked: String,
}

/// One person's use of a sign-in address.
#[derive(Debug, Clone)]
pub struct EgressUser {
    pub person: String,
    pub household: String,
    pub home: Option<Place>,
    /// Distinct days they signed in from it.
    pub days: u32,
}

/// How a sign-in address was used over the whole log.
#[derive(Debug, Clone)]
pub struct EgressUse {
    pub ip: String,
    pub users: Vec<EgressUser>,
    /// Distinct days with sign-ins from it, and sign-ins in all and in local working hours.
    pub days: u32,
    pub sign_ins: u32,
    pub working: u32,
}

/// The whole log, for the relative thresholds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    /// Weekdays with any sign-in.
    pub working_days: u32,
    /// People seen signing in.
    pub staff: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Office,
    CorporateEgress,
    Household,
    #[serde(rename = "laptop_farm_like")]
    FarmLike,
    Unclear,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Office => "office",
            Verdict::CorporateEgress => "corporate_egress",
            Verdict::Household => "household",
            Verdict::FarmLike => "laptop_farm_like",
            Verdict::Unclear => "unclear",
        }
    }

    /// Does it explain sharing (an office, corporate egress)?
    pub fn benign(self) -> bool {
        matches!(self, Verdict::Office | Verdict::CorporateEgress)
    }
}

/// What `unmask.toml` says about an inference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "by", rename_all = "snake_case")]
pub enum Status {
    /// Inferred and in force.
    Inferred,
    /// Declared benign already (the declaration's label).
    Declared(String),
    /// Rejected by a `[[not_office]]` entry (its reason).
    Rejected(String),
    /// Inference is switched off (`[context] infer = false`).
    Disabled,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Inferred => "inferred",
            Status::Declared(_) => "declared",
            Status::Rejected(_) => "rejected",
            Status::Disabled => "disabled",
        }
    }
}

/// A shared address and what the data says it is.
#[derive(Debug, Clone, Serialize)]
pub struct Inference {
    pub artifact: ArtifactKind,
    /// The canonical value, kept out of JSON: shown in full only for company places.
    #[serde(skip)]
    pub canonical: String,
    /// The value as shown: in full for offices and egress (company infrastructure, needed to
    /// confirm or reject them in `unmask.toml`), masked otherwise.
    pub shown: String,
    pub verdict: Verdict,
    #[serde(flatten)]
    pub status: Status,
    /// Households served, and how many of them live in the place's city, claim it as home, or
    /// live elsewhere.
    pub households: usize,
    pub local: usize,
    pub residents: usize,
    pub elsewhere: usize,
    /// Egress only: distinct days used, and the share of sign-ins in local working hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_share: Option<f64>,
    /// The evidence, in one sentence.
    pub evidence: String,
    /// The people it serves (subject ids), first ones.
    pub members: Vec<String>,
}

impl Inference {
    /// In force as a benign explanation: an office or egress nobody rejected or declared.
    pub fn in_force(&self) -> bool {
        self.verdict.benign() && self.status == Status::Inferred
    }
}

/// Households by name: each household's members.
fn by_household<'a, T>(
    items: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> &str,
) -> BTreeMap<String, Vec<&'a T>>
where
    T: 'a,
{
    let mut out: BTreeMap<String, Vec<&T>> = BTreeMap::new();
    for i in items {
        out.entry(key(i).to_string()).or_default().push(i);
    }
    out
}

/// Classify every ship-to address that receives devices for two or more households.
pub fn offices(shipments: &[Shipment]) -> Vec<Inference> {
    let mut by_address: BTreeMap<&str, Vec<&Shipment>> = BTreeMap::new();
    for s in shipments {
        by_address.entry(&s.ship_to.canonical).or_default().push(s);
    }
    let mut out = Vec::new();
    for group in by_address.values() {
        let households = by_household(group.iter().copied(), |s| s.household.as_str());
        if households.len() < 2 {
            continue;
        }
        let place = &group[0].ship_to;
        let (mut residents, mut local, mut elsewhere) = (0, 0, 0);
        for members in households.values() {
            let homes: Vec<&Place> = members.iter().filter_map(|s| s.home.as_ref()).collect();
            if homes.iter().any(|h| h.canonical == place.canonical) {
                residents += 1;
            } else if homes.iter().any(|h| place.same_city(h)) {
                local += 1;
            } else if !homes.is_empty() {
                elsewhere += 1;
            }
        }
        let n = households.len();
        let verdict = if residents <= 1 && local >= 2 && 2 * local > n {
            Verdict::Office
        } else if residents == n && n <= 2 {
            Verdict::Household
        } else if elsewhere >= 2 || residents >= 2 {
            Verdict::FarmLike
        } else {
            Verdict::Unclear
        };
        let city = &place.city;
        let evidence = format!(
            "receives company devices for {n} households: {local} live in {city}, \
             {residents} claim it as home, {elsewhere} live in other cities"
        );
        out.push(Inference {
            artifact: ArtifactKind::PostalAddress,
            canonical: place.canonical.clone(),
            shown: if verdict.benign() {
                place.canonical.replace('|', ", ")
            } else {
                group[0].masked.clone()
            },
            verdict,
            status: Status::Inferred,
            households: n,
            local,
            residents,
            elsewhere,
            days: None,
            working_share: None,
            evidence,
            members: group.iter().map(|s| s.person.clone()).collect(),
        });
    }
    out
}

/// Classify every sign-in address that two or more households use.
pub fn egress(uses: &[EgressUse], window: Window) -> Vec<Inference> {
    let mut out = Vec::new();
    for u in uses {
        let regular: Vec<&EgressUser> = u.users.iter().filter(|x| x.days >= REGULAR_DAYS).collect();
        let households = by_household(regular.iter().copied(), |x| x.household.as_str());
        let all_households: BTreeSet<&str> = u.users.iter().map(|x| x.household.as_str()).collect();
        if all_households.len() < 2 {
            continue;
        }
        let n = households.len();
        // The city most regular households live in, and two households claiming one home.
        let mut cities: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        let mut homes: BTreeMap<&str, usize> = BTreeMap::new();
        let mut known = 0;
        for members in households.values() {
            let mine: BTreeSet<(&str, &str)> = members
                .iter()
                .filter_map(|x| x.home.as_ref())
                .map(|h| (h.city.as_str(), h.country.as_str()))
                .collect();
            known += usize::from(!mine.is_empty());
            for c in mine {
                *cities.entry(c).or_default() += 1;
            }
            let mine: BTreeSet<&str> = members
                .iter()
                .filter_map(|x| x.home.as_ref())
                .map(|h| h.canonical.as_str())
                .collect();
            for h in mine {
                *homes.entry(h).or_default() += 1;
            }
        }
        let (top_city, local) = cities
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
            .map(|((c, _), n)| (*c, *n))
            .unwrap_or(("", 0));
        let crowded = homes.values().any(|&k| k >= 2);
        let working_share = if u.sign_ins == 0 {
            0.0
        } else {
            f64::from(u.working) / f64::from(u.sign_ins)
        };
        let steady = 2 * u.days >= window.working_days && working_share >= WORKING_SHARE;
        let big = n > FARM_MAX && n as f64 >= STAFF_SHARE * window.staff as f64;
        let verdict = if n >= 3 && steady && !crowded && (big || 2 * local > n) {
            Verdict::CorporateEgress
        } else if (2..=FARM_MAX).contains(&n) && (crowded || cities.len() >= 2) {
            Verdict::FarmLike
        } else {
            Verdict::Unclear
        };
        let evidence = format!(
            "{} households sign in from it, {n} regularly (on {REGULAR_DAYS}+ days); used on {} of \
             {} working days, {:.0}% of sign-ins in local working hours; {local} of the regular \
             households live in {}",
            all_households.len(),
            u.days,
            window.working_days,
            100.0 * working_share,
            if top_city.is_empty() { "one city" } else { top_city },
        );
        out.push(Inference {
            artifact: ArtifactKind::IpAddress,
            canonical: u.ip.clone(),
            shown: u.ip.clone(),
            verdict,
            status: Status::Inferred,
            households: n,
            local,
            residents: 0,
            elsewhere: known.saturating_sub(local),
            days: Some(u.days),
            working_share: Some(working_share),
            evidence,
            members: regular.iter().map(|x| x.person.clone()).collect(),
        });
    }
    out
}

/// The inferences in force, by artifact, for the facilitator and association steps.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub inferences: Vec<Inference>,
}

impl Context {
    /// The inference in force for an artifact, if any.
    pub fn explains(&self, kind: ArtifactKind, canonical: &str) -> Option<&Inference> {
        self.inferences
            .iter()
            .find(|i| i.in_force() && i.artifact == kind && i.canonical == canonical)
    }

    /// Benign entries for what is in force, labelled as inferred.
    pub fn benign(&self) -> Vec<(unmask_linkage::BenignEntry, String)> {
        self.inferences
            .iter()
            .filter(|i| i.in_force())
            .map(|i| {
                (
                    unmask_linkage::BenignEntry::Artifact {
                        kind: i.artifact,
                        canonical: i.canonical.clone(),
                    },
                    i.label(),
                )
            })
            .collect()
    }
}

impl Inference {
    /// A short label naming the inference.
    pub fn label(&self) -> String {
        let what = match self.verdict {
            Verdict::Office => "office",
            Verdict::CorporateEgress => "corporate egress",
            _ => self.verdict.as_str(),
        };
        format!(
            "inferred {what}, not declared: {} households, {} local",
            self.households, self.local
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(line: &str, city: &str) -> Place {
        Place::parse(&format!("{line}|{city}|us")).expect("place")
    }

    fn ship(person: usize, surname: &str, home: Option<Place>, to: &Place) -> Shipment {
        Shipment {
            person: format!("employee:E{person}"),
            household: surname.to_string(),
            home,
            ship_to: to.clone(),
            masked: "***".into(),
        }
    }

    fn check_office(shipments: &[Shipment], expect: Verdict) {
        let got = offices(shipments);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].verdict, expect, "{}", got[0].evidence);
    }

    #[test]
    fn a_head_office_receiving_local_staff_laptops_is_an_office() {
        let hq = place("1 main st fl 9", "metropolis");
        let mut s: Vec<Shipment> = (0..30)
            .map(|i| {
                let home = place(&format!("{i} elm st"), "metropolis");
                ship(i, &format!("name{i}"), Some(home), &hq)
            })
            .collect();
        // A few commute from elsewhere.
        for i in 30..36 {
            let home = place(&format!("{i} oak st"), "gotham");
            s.push(ship(i, &format!("name{i}"), Some(home), &hq));
        }
        check_office(&s, Verdict::Office);
        let got = offices(&s);
        assert_eq!((got[0].local, got[0].elsewhere), (30, 6));
        assert!(got[0].in_force());
    }

    #[test]
    fn four_people_from_four_cities_at_one_house_is_a_farm() {
        let house = place("7 quiet ln", "smallville");
        let s: Vec<Shipment> = ["gotham", "star city", "central city", "coast city"]
            .iter()
            .enumerate()
            .map(|(i, c)| ship(i, &format!("name{i}"), Some(place("1 a st", c)), &house))
            .collect();
        check_office(&s, Verdict::FarmLike);
    }

    #[test]
    fn unrelated_people_claiming_the_drop_house_as_home_is_a_farm() {
        let house = place("7 quiet ln", "smallville");
        let s: Vec<Shipment> = (0..3)
            .map(|i| ship(i, &format!("name{i}"), Some(house.clone()), &house))
            .collect();
        check_office(&s, Verdict::FarmLike);
    }

    #[test]
    fn a_family_of_two_at_home_is_a_household() {
        let home = place("12 birch rd", "smallville");
        let s = vec![
            ship(1, "silva", Some(home.clone()), &home),
            ship(2, "costa", Some(home.clone()), &home),
        ];
        check_office(&s, Verdict::Household);
        // One surname is one household: nothing to classify.
        let s = vec![
            ship(1, "silva", Some(home.clone()), &home),
            ship(2, "silva", Some(home.clone()), &home),
        ];
        assert!(offices(&s).is_empty());
    }

    fn user(i: usize, surname: &str, city: &str, days: u32) -> EgressUser {
        EgressUser {
            person: format!("employee:E{i}"),
            household: surname.to_string(),
            home: Some(place(&format!("{i} elm st"), city)),
            days,
        }
    }

    #[test]
    fn sixty_staff_over_forty_weekdays_from_one_ip_is_corporate_egress() {
        let users: Vec<EgressUser> = (0..60)
            .map(|i| {
                user(
                    i,
                    &format!("n{i}"),
                    ["metropolis", "gotham", "star city"][i % 3],
                    20,
                )
            })
            .collect();
        let window = Window {
            working_days: 40,
            staff: 800,
        };
        let uses = [EgressUse {
            ip: "192.0.2.10".into(),
            users,
            days: 40,
            sign_ins: 4000,
            working: 3900,
        }];
        let got = egress(&uses, window);
        assert_eq!(
            got[0].verdict,
            Verdict::CorporateEgress,
            "{}",
            got[0].evidence
        );
        // Used on weekends and nights as much as in office hours: not an office.
        let mut night = uses[0].clone();
        night.working = 2000;
        assert_eq!(egress(&[night], window)[0].verdict, Verdict::Unclear);
    }

    #[test]
    fn three_people_from_one_residential_ip_is_not_egress() {
        let window = Window {
            working_days: 20,
            staff: 800,
        };
        let users = vec![
            user(1, "a", "gotham", 20),
            user(2, "b", "star city", 18),
            user(3, "c", "coast city", 19),
        ];
        let uses = [EgressUse {
            ip: "198.51.100.7".into(),
            users,
            days: 20,
            sign_ins: 300,
            working: 280,
        }];
        let got = egress(&uses, window);
        assert_eq!(got[0].verdict, Verdict::FarmLike, "{}", got[0].evidence);
        assert!(!got[0].in_force());
        // Three local people who all claim one home: a drop house, not a branch office.
        let home = place("7 quiet ln", "gotham");
        let mut crowded = uses[0].clone();
        for u in &mut crowded.users {
            u.home = Some(home.clone());
        }
        assert_eq!(egress(&[crowded], window)[0].verdict, Verdict::FarmLike);
    }

    #[test]
    fn a_mobile_carriers_shared_address_is_not_regular_for_anyone() {
        let window = Window {
            working_days: 20,
            staff: 800,
        };
        let users: Vec<EgressUser> = (0..15)
            .map(|i| user(i, &format!("n{i}"), "gotham", 1))
            .collect();
        let uses = [EgressUse {
            ip: "203.0.113.9".into(),
            users,
            days: 12,
            sign_ins: 50,
            working: 50,
        }];
        let got = egress(&uses, window);
        assert_eq!(got[0].households, 0);
        assert_eq!(got[0].verdict, Verdict::Unclear);
    }
}
