//! `family_phone`: households whose members carry different surnames (a couple who each kept
//! their name, a parent and a grown child from a first marriage, in-laws) share one home and one
//! landline. Unlike the `family` look-alike, no shared surname says "household".

use crate::names;
use crate::places::{self, Phone};
use crate::world::people::Spec;
use crate::world::{Builder, Entry, Ref, END, START};
use rand::Rng;

impl Builder {
    /// 2 households per scale unit of 2-3 adults, each with a mobile of their own except one
    /// member in three who gives only the landline. The first household of each pair has two
    /// members on payroll, so two laptops ship to one home.
    pub(crate) fn family_phones(&mut self) {
        for h in 0..2 * self.scale {
            let country = if self.rng.gen_bool(0.8) {
                &places::US
            } else {
                &places::GB
            };
            let city = places::pick_city(country, &mut self.rng);
            let home = self.fresh_home(country, city);
            let mut landline = places::landline(country, city, &mut self.rng);
            for _ in 0..50 {
                if self.reg.claim_phone(&landline) {
                    break;
                }
                landline = places::landline(country, city, &mut self.rng);
            }
            let size = self.rng.gen_range(2..=3);
            let mut group = Vec::new();
            for m in 0..size {
                let hired = if h % 2 == 0 {
                    m < 2
                } else {
                    self.rng.gen_bool(0.25)
                };
                let culture = names::any_culture(&mut self.rng);
                let person = self.innocent(Spec {
                    hirable: true,
                    country: Some(country),
                    culture: Some(culture),
                    home: Some((home.clone(), city)),
                    ..Spec::default()
                });
                let app = self.schedule(hired, START, END);
                let source = self.innocent_source();
                let cand = self.innocent_record(&person, app, source);
                let style = self.rng.gen_range(0..Phone::STYLES);
                let c = &mut self.out.candidates[cand];
                if m > 0 && self.rng.gen_bool(1.0 / 3.0) {
                    c.phones.clear();
                }
                c.phones.push(Entry::new(landline.format(style), "home"));
                let mut refs = vec![Ref::Cand(cand)];
                if hired {
                    refs.push(Ref::Emp(self.hire_own(cand)));
                }
                group.extend(refs.iter().copied());
                self.out.people.push((false, refs));
            }
            self.out.lookalikes.push(("family_phone", group));
        }
    }
}
