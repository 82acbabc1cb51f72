//! Code access: distinct repositories cloned or downloaded per person per day, against their
//! peers. The peers' 95th percentile of person-days sets the bar (at least 10 repositories,
//! three times the percentile); during onboarding (the first 14 days after hire) the bar is
//! tripled, since new starters clone what they need. In the 14 days before a termination (and
//! the day after) a lower bar applies: copying code on the way out is the extortion pattern.
//!
//! - `pre_termination_bulk_access` (high): at least max(5, twice the percentile) repositories
//!   in a day around the termination date.
//! - `bulk_code_access`: medium over the bar, high over twice the bar (twice the tripled bar
//!   during onboarding).
//!
//! The bar is known only once all peers are seen, so the time given is when the day's count
//! crossed it.

use crate::{Action, Activity, Cite, Ctx};
use std::collections::{BTreeMap, HashSet};
use unmask_model::{Finding, Severity};

#[derive(Default)]
struct State {
    seen: HashSet<(i64, u64)>,
    /// Day to the first access of each repository that day.
    days: BTreeMap<i64, Vec<(i64, Cite, bool)>>,
}

pub struct Code {
    state: Vec<State>,
}

struct Day {
    day: i64,
    count: usize,
    /// The bar that day: tripled during onboarding.
    bar: usize,
    downloads: usize,
    at: i64,
    cites: Vec<Cite>,
}

impl Code {
    pub fn new(people: usize) -> Code {
        Code {
            state: (0..people).map(|_| State::default()).collect(),
        }
    }

    pub fn observe(&mut self, a: &Activity<'_>) {
        let Some(repo) = a.repo.filter(|r| !r.is_empty()) else {
            return;
        };
        let day = a.time.div_euclid(crate::DAY);
        let key = crate::key_hash(&repo.to_ascii_lowercase());
        let st = &mut self.state[a.person];
        if st.seen.insert((day, key)) {
            st.days
                .entry(day)
                .or_default()
                .push((a.time, a.cite, a.action == Action::Download));
        }
    }

    pub fn finish(self, ctx: &Ctx<'_, '_>) -> Vec<Finding> {
        let s = &ctx.settings;
        let onboarding = |person: usize, day: i64| {
            ctx.people[person].hire.is_some_and(|h| {
                let t = day * crate::DAY;
                t + crate::DAY > h && t < h + s.onboarding_days * crate::DAY
            })
        };
        let mut counts: Vec<usize> = self
            .state
            .iter()
            .enumerate()
            .flat_map(|(p, st)| {
                st.days
                    .iter()
                    .filter(move |(d, _)| !onboarding(p, **d))
                    .map(|(_, v)| v.len())
            })
            .collect();
        counts.sort_unstable();
        let p95 = counts
            .get((counts.len() * 95 / 100).min(counts.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64;
        let bar = (s.bulk_peer_factor * p95)
            .ceil()
            .max(f64::from(s.bulk_min_repos)) as usize;
        let term_bar = (2.0 * p95).ceil().max(5.0) as usize;
        let mut out = Vec::new();
        for (person, st) in self.state.iter().enumerate() {
            let termination = ctx.people[person].termination;
            let mut exit_days = Vec::new();
            let mut bulk_days = Vec::new();
            for (&day, accesses) in &st.days {
                let t = day * crate::DAY;
                let near_exit = termination.is_some_and(|term| {
                    t + crate::DAY > term - s.termination_window_days * crate::DAY
                        && t <= term + crate::DAY
                });
                let day_bar = if onboarding(person, day) {
                    3 * bar
                } else {
                    bar
                };
                let (list, threshold) = if near_exit && accesses.len() >= term_bar {
                    (&mut exit_days, term_bar)
                } else if accesses.len() >= day_bar {
                    (&mut bulk_days, day_bar)
                } else {
                    continue;
                };
                list.push(Day {
                    day,
                    count: accesses.len(),
                    bar: threshold,
                    downloads: accesses.iter().filter(|a| a.2).count(),
                    at: accesses[threshold - 1].0,
                    cites: accesses.iter().take(3).map(|a| a.1).collect(),
                });
            }
            let describe = |days: &[Day]| {
                days.iter()
                    .take(5)
                    .map(|d| {
                        format!(
                            "{} repositories on {}{}",
                            d.count,
                            crate::day_str(d.day * crate::DAY),
                            if d.downloads > 0 {
                                format!(" ({} as archives)", d.downloads)
                            } else {
                                String::new()
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let evidence = |days: &[Day]| {
                days.iter()
                    .flat_map(|d| d.cites.iter())
                    .take(6)
                    .map(|c| ctx.evidence(person, *c, "code_access", None))
                    .collect::<Vec<_>>()
            };
            if let (Some(first), Some(term)) = (exit_days.first(), termination) {
                out.push(crate::finding(
                    ctx,
                    person,
                    "pre_termination_bulk_access",
                    Severity::High,
                    format!(
                        "copied code in bulk around their termination on {}: {} (peers' 95th percentile: {p95:.0} a day)",
                        crate::day_str(term),
                        describe(&exit_days)
                    ),
                    evidence(&exit_days),
                    first.at,
                ));
            }
            if let Some(first) = bulk_days.first() {
                let high = bulk_days.iter().find(|d| d.count >= 2 * d.bar);
                let (severity, at) = match high {
                    Some(d) => (Severity::High, d.at),
                    None => (Severity::Medium, first.at),
                };
                out.push(crate::finding(
                    ctx,
                    person,
                    "bulk_code_access",
                    severity,
                    format!(
                        "cloned or downloaded far more repositories than their peers: {} (bar {bar} a day, \
                         three times that in the first {} days after hire; peers' 95th percentile: {p95:.0})",
                        describe(&bulk_days),
                        s.onboarding_days
                    ),
                    evidence(&bulk_days),
                    at,
                ));
            }
        }
        out
    }
}
