//! Sessions running more than 20 hours: one identity-provider session kept alive through a
//! day and a night, as when operators work a seat in shifts. Needs the provider's session id
//! (Okta's `authenticationContext.externalSessionId`, Entra's `correlationId` per sign-in is
//! not one). Sessions idle for a day are forgotten, so state stays bounded.
//!
//! Finding `long_session`: medium for one, high for three or more.

use crate::{Activity, Cite, Ctx};
use foldhash::HashMap;
use unmask_model::{Finding, Severity};

struct Open {
    person: usize,
    first: i64,
    last: i64,
    cite: Cite,
    counted: bool,
}

#[derive(Default)]
struct Long {
    count: u32,
    longest: i64,
    cites: Vec<Cite>,
    fired: Option<(Severity, i64)>,
}

#[derive(Default)]
pub struct Sessions {
    open: HashMap<u64, Open>,
    long: HashMap<usize, Long>,
    /// Time of the last sweep of idle sessions.
    swept: i64,
}

impl Sessions {
    pub fn observe(&mut self, ctx: &Ctx<'_, '_>, a: &Activity<'_>) {
        let Some(id) = a.session.filter(|s| !s.is_empty()) else {
            return;
        };
        if a.time - self.swept > crate::DAY {
            self.open.retain(|_, o| a.time - o.last <= crate::DAY);
            self.swept = a.time;
        }
        let key = crate::key_hash(&(a.person, id));
        let o = self.open.entry(key).or_insert(Open {
            person: a.person,
            first: a.time,
            last: a.time,
            cite: a.cite,
            counted: false,
        });
        o.last = o.last.max(a.time);
        let length = o.last - o.first;
        if length < ctx.settings.long_session {
            return;
        }
        let l = self.long.entry(o.person).or_default();
        l.longest = l.longest.max(length);
        if o.counted {
            return;
        }
        o.counted = true;
        l.count += 1;
        if l.cites.len() < 4 {
            l.cites.push(o.cite);
            l.cites.push(a.cite);
        }
        let sev = if l.count >= 3 {
            Severity::High
        } else {
            Severity::Medium
        };
        if l.fired.is_none_or(|(f, _)| sev > f) {
            l.fired = Some((sev, a.time));
        }
    }

    pub fn finish(self, ctx: &Ctx<'_, '_>) -> Vec<Finding> {
        let mut people: Vec<(usize, Long)> = self.long.into_iter().collect();
        people.sort_by_key(|(p, _)| *p);
        people
            .into_iter()
            .filter_map(|(person, l)| {
                let (severity, at) = l.fired?;
                let explanation = format!(
                    "{} identity-provider session{} ran more than {} hours (longest {:.1} h)",
                    l.count,
                    if l.count == 1 { "" } else { "s" },
                    ctx.settings.long_session / 3600,
                    l.longest as f64 / 3600.0
                );
                let evidence = l
                    .cites
                    .iter()
                    .map(|c| ctx.evidence(person, *c, "session", None))
                    .collect();
                Some(crate::finding(
                    ctx,
                    person,
                    "long_session",
                    severity,
                    explanation,
                    evidence,
                    at,
                ))
            })
            .collect()
    }
}
