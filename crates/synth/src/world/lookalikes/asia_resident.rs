//! `asia_resident`: engineers who really live in Japan or Singapore. Everything they claim
//! agrees with the evidence: address, mobile and citizenship of the country they live in, a
//! local bank account, the laptop shipped home, sign-ins from a local network at their own
//! daytime (UTC+8/+9, the hours operators keep too).

use crate::places;
use crate::world::people::Spec;
use crate::world::{Builder, Ref, END, START};
use rand::Rng;

impl Builder {
    /// 3 per scale unit: two hired, one only applying.
    pub(crate) fn asia_residents(&mut self) {
        let mut group = Vec::new();
        for i in 0..3 * self.scale {
            let hired = i % 3 != 2;
            let country = if self.rng.gen_bool(0.5) {
                &places::JP
            } else {
                &places::SG
            };
            let person = self.innocent(Spec {
                hirable: hired,
                country: Some(country),
                ..Spec::default()
            });
            let app = self.schedule(hired, START, END);
            let source = self.innocent_source();
            let cand = self.innocent_record(&person, app, source);
            let mut refs = vec![Ref::Cand(cand)];
            if hired {
                refs.push(Ref::Emp(self.hire_own(cand)));
            }
            group.extend(refs.iter().copied());
            self.out.people.push((false, refs));
        }
        self.out.lookalikes.push(("asia_resident", group));
    }
}
