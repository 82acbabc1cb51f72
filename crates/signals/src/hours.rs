//! Working-hours profile. People work roughly 08:00 to 19:00 where they live. From a person's
//! sign-ins and code activity (not scheduled endpoint reports), find the UTC offset at which
//! their activity best fits such a day. It is a finding only when that offset is UTC+7..+10,
//! their activity fits it well (70 % or more), and it fits their claimed home clearly worse
//! (half or less at any of its standard offsets or an hour east of them, for daylight saving; a
//! tie goes to the claim).
//!
//! So an engineer who lives in Tokyo and says so is consistent; a traveller's week or on-call
//! nights move a small share of activity and do not change the best fit; a night owl spreads
//! out instead of fitting another time zone. Declared trips are left out.
//!
//! Finding `offhours_profile`: medium after 5 days of activity, high after 8.

use crate::{countries, Action, Activity, Cite, Ctx, Person};
use unmask_model::{Finding, Severity};

/// Local working window, hours [start, end).
const WORK: (i64, i64) = (8, 19);
/// Events needed before judging.
const MIN_EVENTS: u32 = 20;
/// The offsets (hours) the pattern covers.
const PATTERN: (i64, i64) = (7, 10);

#[derive(Default)]
struct State {
    hist: [u32; 24],
    total: u32,
    days: u32,
    day: Option<i64>,
    last: i64,
    cites: Vec<Cite>,
    fired: Option<Fired>,
}

#[derive(Clone, Copy)]
struct Fired {
    severity: Severity,
    at: i64,
    offset: i64,
    fit: f64,
    claimed_fit: f64,
    days: u32,
    total: u32,
}

pub struct Hours {
    claimed: Vec<Option<(i64, i64)>>,
    state: Vec<State>,
}

fn in_work(hist: &[u32; 24], offset_hours: i64) -> u32 {
    (0..24i64)
        .filter(|h| (WORK.0..WORK.1).contains(&(h + offset_hours).rem_euclid(24)))
        .map(|h| hist[h as usize])
        .sum()
}

impl Hours {
    pub fn new(people: &[Person]) -> Hours {
        Hours {
            claimed: people
                .iter()
                .map(|p| {
                    let c = countries::get(p.home_country.as_deref()?)?;
                    Some((i64::from(c.offsets.0), i64::from(c.offsets.1)))
                })
                .collect(),
            state: people.iter().map(|_| State::default()).collect(),
        }
    }

    pub fn observe(&mut self, ctx: &Ctx<'_, '_>, a: &Activity<'_>) {
        if matches!(a.action, Action::Endpoint) {
            return;
        }
        let Some(claimed) = self.claimed[a.person] else {
            return;
        };
        if ctx.people[a.person].travelling(a.time) {
            return;
        }
        let st = &mut self.state[a.person];
        let day = a.time.div_euclid(crate::DAY);
        if st.day != Some(day) {
            if st.day.is_some() {
                judge(ctx, st, claimed);
            }
            st.days += 1;
            st.day = Some(day);
            if st.cites.len() < 5 {
                st.cites.push(a.cite);
            }
        }
        st.hist[a.time.rem_euclid(crate::DAY) as usize / 3600] += 1;
        st.total += 1;
        st.last = a.time;
    }

    pub fn finish(mut self, ctx: &Ctx<'_, '_>) -> Vec<Finding> {
        let mut out = Vec::new();
        for (person, st) in self.state.iter_mut().enumerate() {
            if let Some(claimed) = self.claimed[person] {
                judge(ctx, st, claimed);
            }
            let Some(f) = st.fired else {
                continue;
            };
            let home = ctx.people[person].home_country.as_deref().unwrap_or("?");
            let (west, east) = self.claimed[person].unwrap_or_default();
            let explanation = format!(
                "over {} days ({} events) their activity fits a working day at UTC{:+} ({:.0} % between \
                 08:00 and 19:00 there), the UTC+7..+10 pattern; in their claimed home {home} \
                 (UTC{}) only {:.0} % of it falls in working hours",
                f.days,
                f.total,
                f.offset,
                f.fit * 100.0,
                offsets(west, east),
                f.claimed_fit * 100.0,
            );
            let evidence = st
                .cites
                .iter()
                .map(|c| ctx.evidence(person, *c, "activity", None))
                .collect();
            out.push(crate::finding(
                ctx,
                person,
                "offhours_profile",
                f.severity,
                explanation,
                evidence,
                f.at,
            ));
        }
        out
    }
}

fn offsets(west: i64, east: i64) -> String {
    let one = |m: i64| {
        if m % 60 == 0 {
            format!("{:+}", m / 60)
        } else {
            format!("{:+}:{:02}", m / 60, (m % 60).abs())
        }
    };
    if west == east {
        one(west)
    } else {
        format!("{}..{}", one(west), one(east))
    }
}

fn judge(ctx: &Ctx<'_, '_>, st: &mut State, claimed: (i64, i64)) {
    let s = &ctx.settings;
    if st.total < MIN_EVENTS || st.days < s.hours_days_medium {
        return;
    }
    let severity = if st.days >= s.hours_days_high {
        Severity::High
    } else {
        Severity::Medium
    };
    if st.fired.is_some_and(|f| f.severity >= severity) {
        return;
    }
    let (best, work) = (-12..=14i64)
        .map(|o| (o, in_work(&st.hist, o)))
        .max_by_key(|&(o, w)| (w, -o.abs()))
        .unwrap_or((0, 0));
    let total = f64::from(st.total);
    let fit = f64::from(work) / total;
    // The claimed offsets, and an hour east of them for daylight saving (summer time is always
    // ahead of standard time), rounded out to whole hours.
    let lo = claimed.0.div_euclid(60);
    let hi = (claimed.1 + 59).div_euclid(60) + 1;
    let claimed_fit = (lo..=hi)
        .map(|o| in_work(&st.hist, o))
        .max()
        .map_or(0.0, |w| f64::from(w) / total);
    if (PATTERN.0..=PATTERN.1).contains(&best)
        && fit >= 0.7
        && claimed_fit <= 0.5
        && claimed_fit < fit
    {
        st.fired = Some(Fired {
            severity,
            at: st.last,
            offset: best,
            fit,
            claimed_fit,
            days: st.days,
            total: st.total,
        });
    }
}
