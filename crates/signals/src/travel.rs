//! Impossible travel: two consecutive located sign-ins in countries farther apart than anyone
//! could fly in the time between them. Locations are country-level (offline IP databases are
//! not more precise), so neighbouring countries (under 1,000 km apart) are never compared, and
//! anonymising networks and company egress are not located at all.
//!
//! Finding `impossible_travel`: medium from the first occurrence, high from three on two or
//! more days (a one-off is often a mislocated mobile address; a habit is not).

use crate::{countries, Activity, Cite, Ctx, NetClass, NetInfo};
use unmask_model::{Finding, Severity};

#[derive(Clone, Copy)]
struct Seen {
    time: i64,
    country: [u8; 2],
    cite: Cite,
}

struct Hop {
    from: Seen,
    to: Seen,
    km: f64,
}

#[derive(Default)]
struct State {
    last: Option<Seen>,
    hops: Vec<Hop>,
    count: u32,
    days: u32,
    last_day: Option<i64>,
    fired: Option<(Severity, i64)>,
}

pub struct Travel {
    state: Vec<State>,
}

fn code(c: [u8; 2]) -> String {
    String::from_utf8_lossy(&c).into_owned()
}

impl Travel {
    pub fn new(people: usize) -> Travel {
        Travel {
            state: (0..people).map(|_| State::default()).collect(),
        }
    }

    pub fn observe(&mut self, ctx: &Ctx<'_, '_>, a: &Activity<'_>, info: &NetInfo) {
        let (NetClass::Plain, Some(country)) = (info.class, info.country) else {
            return;
        };
        let st = &mut self.state[a.person];
        let now = Seen {
            time: a.time,
            country,
            cite: a.cite,
        };
        let Some(last) = st.last.replace(now) else {
            return;
        };
        if last.country == country {
            return;
        }
        let (Some(from), Some(to)) = (
            countries::get(&code(last.country)),
            countries::get(&code(country)),
        ) else {
            return;
        };
        let km = countries::distance_km(&from, &to);
        let s = &ctx.settings;
        let hours = (a.time - last.time).max(0) as f64 / 3600.0;
        if km < s.travel_min_km || km <= s.travel_kmh * hours {
            return;
        }
        st.count += 1;
        let day = a.time.div_euclid(crate::DAY);
        if st.last_day != Some(day) {
            st.days += 1;
            st.last_day = Some(day);
        }
        if st.hops.len() < 5 {
            st.hops.push(Hop {
                from: last,
                to: now,
                km,
            });
        }
        let sev = if st.count >= 3 && st.days >= 2 {
            Severity::High
        } else {
            Severity::Medium
        };
        if st.fired.is_none_or(|(f, _)| sev > f) {
            st.fired = Some((sev, a.time));
        }
    }

    pub fn finish(self, ctx: &Ctx<'_, '_>) -> Vec<Finding> {
        let mut out = Vec::new();
        for (person, st) in self.state.into_iter().enumerate() {
            let Some((severity, at)) = st.fired else {
                continue;
            };
            let examples: Vec<String> = st
                .hops
                .iter()
                .take(3)
                .map(|h| {
                    format!(
                        "{} to {} ({:.0} km) in {:.1} h on {}",
                        code(h.from.country),
                        code(h.to.country),
                        h.km,
                        (h.to.time - h.from.time) as f64 / 3600.0,
                        crate::day_str(h.to.time)
                    )
                })
                .collect();
            let explanation = format!(
                "{} impossible journey{} between consecutive sign-ins, on {} day{}: {}",
                st.count,
                if st.count == 1 { "" } else { "s" },
                st.days,
                if st.days == 1 { "" } else { "s" },
                examples.join("; ")
            );
            let evidence = st
                .hops
                .iter()
                .flat_map(|h| [h.from.cite, h.to.cite])
                .map(|c| ctx.evidence(person, c, "sign_in", None))
                .collect();
            out.push(crate::finding(
                ctx,
                person,
                "impossible_travel",
                severity,
                explanation,
                evidence,
                at,
            ));
        }
        out
    }
}
