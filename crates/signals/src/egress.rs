//! Sign-ins through anonymising or known-bad networks.
//!
//! - `known_bad_egress` (high, from the first such sign-in): the address matches an IP
//!   indicator imported as threat intelligence, such as the egress ranges of a VPN service that
//!   operators are reported to use. The finding names the indicator and its source.
//! - `anonymizer_egress` (low): the address is on a VPN, proxy, hosting or cloud warning list.
//!   Plenty of honest people use a VPN, so this is context for an analyst, never evidence
//!   enough on its own.

use crate::{Activity, Cite, Ctx, NetClass, NetInfo};
use std::collections::BTreeMap;
use std::net::IpAddr;
use unmask_model::{Finding, Severity};

/// Sign-ins of one kind: how many, on how many days, the first day's of each cited.
#[derive(Default)]
struct Tally {
    count: u32,
    days: u32,
    last_day: Option<i64>,
    cites: Vec<Cite>,
}

impl Tally {
    fn add(&mut self, day: i64, cite: Cite) {
        self.count += 1;
        if self.last_day != Some(day) {
            self.days += 1;
            self.last_day = Some(day);
            if self.cites.len() < 5 {
                self.cites.push(cite);
            }
        }
    }

    /// `N of M sign-ins, on D day(s)`.
    fn summary(&self, sign_ins: u32) -> String {
        format!(
            "{} of {sign_ins} sign-ins, on {} day{}",
            self.count,
            self.days,
            if self.days == 1 { "" } else { "s" }
        )
    }

    fn evidence(&self, ctx: &Ctx<'_, '_>, person: usize) -> Vec<unmask_model::Evidence> {
        self.cites
            .iter()
            .map(|c| ctx.evidence(person, *c, "sign_in", None))
            .collect()
    }
}

#[derive(Default)]
struct State {
    sign_ins: u32,
    bad: Tally,
    first_bad: Option<(i64, IpAddr, NetInfo)>,
    anon: Tally,
    first_anon: Option<i64>,
    lists: BTreeMap<u32, u32>,
}

pub struct Egress {
    state: Vec<State>,
}

impl Egress {
    pub fn new(people: usize) -> Egress {
        Egress {
            state: (0..people).map(|_| State::default()).collect(),
        }
    }

    pub fn observe(&mut self, a: &Activity<'_>, ip: IpAddr, info: &NetInfo) {
        let st = &mut self.state[a.person];
        st.sign_ins += 1;
        let day = a.time.div_euclid(crate::DAY);
        match info.class {
            NetClass::KnownBad(_) => {
                st.bad.add(day, a.cite);
                st.first_bad.get_or_insert((a.time, ip, *info));
            }
            NetClass::Anonymizer(list) => {
                st.anon.add(day, a.cite);
                *st.lists.entry(list).or_default() += 1;
                st.first_anon.get_or_insert(a.time);
            }
            NetClass::Plain | NetClass::Office(_) => {}
        }
    }

    pub fn finish(self, ctx: &Ctx<'_, '_>) -> Vec<Finding> {
        let mut out = Vec::new();
        for (person, st) in self.state.into_iter().enumerate() {
            if let Some((at, ip, info)) = st.first_bad {
                let explanation = format!(
                    "{}, came through known-bad egress: first from {} on {}",
                    st.bad.summary(st.sign_ins),
                    ctx.networks.describe(ip, &info),
                    crate::day_str(at),
                );
                out.push(crate::finding(
                    ctx,
                    person,
                    "known_bad_egress",
                    Severity::High,
                    explanation,
                    st.bad.evidence(ctx, person),
                    at,
                ));
            }
            if let Some(at) = st.first_anon {
                let lists: Vec<String> = st
                    .lists
                    .iter()
                    .map(|(l, n)| format!("\"{}\" ({n})", ctx.networks.list_name(*l)))
                    .collect();
                let explanation = format!(
                    "{}, came through VPN, proxy or hosting ranges on warning lists {}; \
                     many people use a VPN, so this is context only",
                    st.anon.summary(st.sign_ins),
                    lists.join(", "),
                );
                out.push(crate::finding(
                    ctx,
                    person,
                    "anonymizer_egress",
                    Severity::Low,
                    explanation,
                    st.anon.evidence(ctx, person),
                    at,
                ));
            }
        }
        out
    }
}
