//! Claimed home versus sign-in geography: most days' sign-ins come from another country than
//! the one the person says they live in, excluding declared trips, company egress and
//! anonymising networks. A week abroad is not enough; it has to be how they work.
//!
//! Finding `signin_location_mismatch`: medium from 8 away days, high from 10, in both cases
//! when away days are at least 60 % of the days with located sign-ins.

use crate::presence::Presence;
use crate::{Activity, Ctx, NetInfo, Person};
use unmask_model::Finding;

pub struct Location(Presence);

impl Location {
    pub fn new(people: &[Person]) -> Location {
        Location(Presence::new(people.iter().map(|p| p.home_country.clone())))
    }

    pub fn observe(&mut self, ctx: &Ctx<'_, '_>, a: &Activity<'_>, info: &NetInfo) {
        self.0.observe(ctx, a, info);
    }

    pub fn finish(self, ctx: &Ctx<'_, '_>) -> Vec<Finding> {
        self.0.findings(ctx, "signin_location_mismatch", |p, v| {
            let home = p.home_country.as_deref().unwrap_or("?");
            let laptop = match p.ship_to_country.as_deref() {
                Some(s) if s.eq_ignore_ascii_case(home) => {
                    format!("; their laptop was shipped to {s} too")
                }
                _ => String::new(),
            };
            format!(
                "claims to live in {home}{laptop}, but on {} of {} days with located sign-ins \
                     every sign-in came from elsewhere ({}), from {} on; declared trips, company \
                     egress and VPN or hosting ranges are not counted",
                v.away_days,
                v.located_days,
                countries(&v.countries),
                crate::day_str(v.first_away),
            )
        })
    }
}

pub(crate) fn countries(list: &[(String, u32)]) -> String {
    list.iter()
        .map(|(c, n)| format!("{c} on {n} day{}", if *n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
}
