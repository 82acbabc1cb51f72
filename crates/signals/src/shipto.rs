//! Device ship-to versus where it is used: the company shipped the laptop to one country, and
//! its holder persistently signs in from another (the laptop meant for New York used from
//! London). When the ship-to country is also the claimed home, [`crate::location`] already
//! says so (and names the laptop), so this check only speaks when the two claims differ.
//!
//! Finding `device_location_mismatch`, with the thresholds of the location check.

use crate::presence::Presence;
use crate::{Activity, Ctx, NetInfo, Person};
use unmask_model::Finding;

pub struct ShipTo(Presence);

impl ShipTo {
    pub fn new(people: &[Person]) -> ShipTo {
        ShipTo(Presence::new(people.iter().map(|p| {
            match (&p.ship_to_country, &p.home_country) {
                (Some(s), Some(h)) if s.eq_ignore_ascii_case(h) => None,
                (s, _) => s.clone(),
            }
        })))
    }

    pub fn observe(&mut self, ctx: &Ctx<'_, '_>, a: &Activity<'_>, info: &NetInfo) {
        self.0.observe(ctx, a, info);
    }

    pub fn finish(self, ctx: &Ctx<'_, '_>) -> Vec<Finding> {
        self.0.findings(ctx, "device_location_mismatch", |p, v| {
            format!(
                "their company laptop was shipped to {}, but on {} of {} days with located \
                     sign-ins they signed in only from elsewhere ({}), from {} on",
                p.ship_to_country.as_deref().unwrap_or("?"),
                v.away_days,
                v.located_days,
                crate::location::countries(&v.countries),
                crate::day_str(v.first_away),
            )
        })
    }
}
