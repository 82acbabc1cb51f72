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

#[derive(Default)]
struct State {
    sign_ins: u32,
    bad: u32,
    bad_days: u32,
    bad_last_day: Option<i64>,
    first_bad: Option<(i64, IpAddr, NetInfo)>,
    bad_cites: Vec<Cite>,
    anon: u32,
    anon_days: u32,
    anon_last_day: Option<i64>,
    first_anon: Option<i64>,
    anon_cites: Vec<Cite>,
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

    pub fn observe(&mut self, _ctx: &Ctx<'_, '_>, a: &Activity<'_>, ip: IpAddr, info: &NetInfo) {
        let st = &mut self.state[a.person];
        st.sign_ins += 1;
        let day = a.time.div_euclid(crate::DAY);
        match info.class {
            NetClass::KnownBad(_) => {
                st.bad += 1;
                if st.bad_last_day != Some(day) {
                    st.bad_days += 1;
                    st.bad_last_day = Some(day);
                    if st.bad_cites.len() < 5 {
                        st.bad_cites.push(a.cite);
                    }
                }
                st.first_bad.get_or_insert((a.time, ip, *info));
            }
            NetClass::Anonymizer(list) => {
                st.anon += 1;
                *st.lists.entry(list).or_default() += 1;
                if st.anon_last_day != Some(day) {
                    st.anon_days += 1;
                    st.anon_last_day = Some(day);
                    if st.anon_cites.len() < 5 {
                        st.anon_cites.push(a.cite);
                    }
                }
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
                    "{} of {} sign-ins, on {} day{}, came through known-bad egress: first from {} on {}",
                    st.bad,
                    st.sign_ins,
                    st.bad_days,
                    if st.bad_days == 1 { "" } else { "s" },
                    ctx.networks.describe(ip, &info),
                    crate::day_str(at),
                );
                let evidence = st
                    .bad_cites
                    .iter()
                    .map(|c| ctx.evidence(person, *c, "sign_in", None))
                    .collect();
                out.push(crate::finding(
                    ctx,
                    person,
                    "known_bad_egress",
                    Severity::High,
                    explanation,
                    evidence,
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
                    "{} of {} sign-ins, on {} day{}, came through VPN, proxy or hosting ranges on warning lists {}; \
                     many people use a VPN, so this is context only",
                    st.anon,
                    st.sign_ins,
                    st.anon_days,
                    if st.anon_days == 1 { "" } else { "s" },
                    lists.join(", "),
                );
                let evidence = st
                    .anon_cites
                    .iter()
                    .map(|c| ctx.evidence(person, *c, "sign_in", None))
                    .collect();
                out.push(crate::finding(
                    ctx,
                    person,
                    "anonymizer_egress",
                    Severity::Low,
                    explanation,
                    evidence,
                    at,
                ));
            }
        }
        out
    }
}
