//! Day by day, does a person's located activity agree with a country they claim? Shared by the
//! home-location and ship-to checks. A day counts once: it agrees when any located sign-in that
//! day is in the claimed country, and it is away when all of them are elsewhere. Only plain
//! addresses are located (not company egress, anonymisers or known-bad ranges), and declared
//! trips are left out, so a week abroad is a few away days among many, never persistent.

use crate::{Activity, Cite, Ctx, NetClass, NetInfo, Person};
use std::collections::BTreeMap;
use unmask_model::{Finding, Severity};

#[derive(Default)]
struct State {
    day: Option<i64>,
    today_home: bool,
    today_away: Option<[u8; 2]>,
    today_cite: Cite,
    today_last: i64,
    located_days: u32,
    away_days: u32,
    countries: BTreeMap<[u8; 2], u32>,
    cites: Vec<Cite>,
    first_away: Option<i64>,
    /// Strongest severity reached and when.
    fired: Option<(Severity, i64)>,
}

/// What one person's days came to.
pub(crate) struct Verdict {
    pub person: usize,
    pub severity: Severity,
    pub at: i64,
    pub away_days: u32,
    pub located_days: u32,
    /// Countries of the away days, most days first.
    pub countries: Vec<(String, u32)>,
    pub cites: Vec<Cite>,
    pub first_away: i64,
}

pub(crate) struct Presence {
    expected: Vec<Option<[u8; 2]>>,
    state: Vec<State>,
}

fn code(c: &Option<String>) -> Option<[u8; 2]> {
    let b = c.as_deref()?.trim().as_bytes();
    (b.len() == 2).then(|| [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()])
}

impl Presence {
    pub(crate) fn new(expected: impl Iterator<Item = Option<String>>) -> Presence {
        let expected: Vec<_> = expected.map(|c| code(&c)).collect();
        let state = expected.iter().map(|_| State::default()).collect();
        Presence { expected, state }
    }

    pub(crate) fn observe(&mut self, ctx: &Ctx<'_, '_>, a: &Activity<'_>, info: &NetInfo) {
        let Some(expected) = self.expected[a.person] else {
            return;
        };
        let (NetClass::Plain, Some(country)) = (info.class, info.country) else {
            return;
        };
        if ctx.people[a.person].travelling(a.time) {
            return;
        }
        let st = &mut self.state[a.person];
        let day = a.time.div_euclid(crate::DAY);
        if st.day != Some(day) {
            close_day(ctx, st);
            st.day = Some(day);
        }
        st.today_last = a.time;
        if country == expected {
            st.today_home = true;
        } else if st.today_away.is_none() {
            st.today_away = Some(country);
            st.today_cite = a.cite;
            st.first_away.get_or_insert(a.time);
        }
    }

    /// One finding of `kind` per person whose days came to a verdict, explained by `explain`.
    pub(crate) fn findings(
        self,
        ctx: &Ctx<'_, '_>,
        kind: &str,
        explain: impl Fn(&Person, &Verdict) -> String,
    ) -> Vec<Finding> {
        self.finish(ctx)
            .into_iter()
            .map(|v| {
                let explanation = explain(&ctx.people[v.person], &v);
                let evidence = v
                    .cites
                    .iter()
                    .map(|c| ctx.evidence(v.person, *c, "sign_in", None))
                    .collect();
                crate::finding(ctx, v.person, kind, v.severity, explanation, evidence, v.at)
            })
            .collect()
    }

    fn finish(mut self, ctx: &Ctx<'_, '_>) -> Vec<Verdict> {
        let mut out = Vec::new();
        for (person, st) in self.state.iter_mut().enumerate() {
            close_day(ctx, st);
            let Some((severity, at)) = st.fired else {
                continue;
            };
            let mut countries: Vec<(String, u32)> = st
                .countries
                .iter()
                .map(|(c, n)| (String::from_utf8_lossy(c).into_owned(), *n))
                .collect();
            countries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            out.push(Verdict {
                person,
                severity,
                at,
                away_days: st.away_days,
                located_days: st.located_days,
                countries,
                cites: std::mem::take(&mut st.cites),
                first_away: st.first_away.unwrap_or(at),
            });
        }
        out
    }
}

fn close_day(ctx: &Ctx<'_, '_>, st: &mut State) {
    if st.day.take().is_none() {
        return;
    }
    st.located_days += 1;
    if let (false, Some(c)) = (st.today_home, st.today_away) {
        st.away_days += 1;
        *st.countries.entry(c).or_default() += 1;
        if st.cites.len() < 5 {
            st.cites.push(st.today_cite);
        }
    }
    st.today_home = false;
    st.today_away = None;
    let s = &ctx.settings;
    let share = f64::from(st.away_days) / f64::from(st.located_days.max(1));
    let severity = if share < s.away_share {
        None
    } else if st.away_days >= s.away_days_high {
        Some(Severity::High)
    } else if st.away_days >= s.away_days_medium {
        Some(Severity::Medium)
    } else {
        None
    };
    if let Some(sev) = severity {
        if st.fired.is_none_or(|(f, _)| sev > f) {
            st.fired = Some((sev, st.today_last));
        }
    }
}
