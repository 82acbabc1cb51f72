//! `undeclared_agency`: a second recruiting agency submits unrelated candidates with its own
//! submissions mailbox and switchboard, and the company never declared it in `unmask.toml`.
//! The application's source names the agency, as Greenhouse records it.

use crate::world::people::Spec;
use crate::world::{Builder, Entry, Ref, OTHER_AGENCY, OTHER_AGENCY_EMAIL, OTHER_AGENCY_PHONE};
use rand::Rng;

impl Builder {
    /// 8 candidates per scale unit. Each keeps a personal email; a third lose their own phone
    /// to the agency's (agencies often list only themselves as the contact). One in eight is
    /// hired, as agency candidates sometimes are.
    pub(crate) fn undeclared_agency(&mut self) {
        let mut group = Vec::new();
        for _ in 0..8 * self.scale {
            let hired = self.rng.gen_bool(0.125);
            let person = self.innocent(Spec {
                hirable: hired,
                ..Spec::default()
            });
            let (earliest, latest) = self.default_window();
            let app = self.schedule(hired, earliest, latest);
            let cand = self.innocent_record(&person, app, OTHER_AGENCY);
            let c = &mut self.out.candidates[cand];
            if self.rng.gen_bool(1.0 / 3.0) {
                c.phones.clear();
            }
            c.phones.push(Entry::new(OTHER_AGENCY_PHONE, "work"));
            c.emails.push(Entry::new(OTHER_AGENCY_EMAIL, "other"));
            let mut refs = vec![Ref::Cand(cand)];
            if hired {
                refs.push(Ref::Emp(self.hire_own(cand)));
            }
            group.push(Ref::Cand(cand));
            self.out.people.push((false, refs));
        }
        self.out.lookalikes.push(("undeclared_agency", group));
    }
}
