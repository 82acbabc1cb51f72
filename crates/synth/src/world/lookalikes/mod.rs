//! Innocent look-alikes: records that share something for an honest reason and must not be
//! merged or flagged. Common names, families under one roof, an agency's shared contacts,
//! employee referrals and people who applied twice; in their own files, an agency nobody
//! declared, households of different surnames on one landline, hires under a related name and
//! engineers who really live in Japan or Singapore.

mod asia_resident;
mod family_phone;
mod preferred_name;
mod undeclared_agency;

use super::people::Spec;
use super::{Builder, Entry, Ref, Reference, AGENCY_EMAIL, AGENCY_PHONE, DAY, START};
use crate::names::{self, common_names, pick};
use crate::places::{self, Phone};
use crate::registry::email_key;
use rand::seq::SliceRandom;
use rand::Rng;

impl Builder {
    /// 8 pairs per scale unit of different people with the same common name (capped by the
    /// reserved list, about 190 pairs).
    pub(crate) fn common_names(&mut self) {
        let mut pool = common_names();
        pool.shuffle(&mut self.rng);
        pool.truncate(8 * self.scale);
        for (first, last, label) in pool {
            let one_hired = self.rng.gen_bool(0.25);
            let mut members = Vec::new();
            for i in 0..2 {
                let hired = one_hired && i == 0;
                let person = self.innocent(Spec {
                    hirable: hired,
                    name: Some((first, last, label)),
                    ..Spec::default()
                });
                let app = self.schedule(hired, super::START, super::END);
                let source = self.innocent_source();
                let cand = self.innocent_record(&person, app, source);
                let mut refs = vec![Ref::Cand(cand)];
                if hired {
                    refs.push(Ref::Emp(self.hire_own(cand)));
                }
                members.push(Ref::Cand(cand));
                self.out.people.push((false, refs));
            }
            self.out.lookalikes.push(("common_name", members));
        }
    }

    /// 3 families per scale unit: 2-3 people, one surname, one home; half of them also share
    /// a home landline. Every third family has two members on payroll (and so two laptops
    /// shipped to one address).
    pub(crate) fn families(&mut self) {
        for f in 0..3 * self.scale {
            let country = if self.rng.gen_bool(0.75) {
                &places::US
            } else {
                &places::GB
            };
            let city = places::pick_city(country, &mut self.rng);
            let home = self.fresh_home(country, city);
            let culture = names::any_culture(&mut self.rng);
            let surname = pick(culture.last, &mut self.rng);
            let landline = (f % 2 == 0).then(|| {
                let mut phone = places::landline(country, city, &mut self.rng);
                while !self.reg.claim_phone(&phone) {
                    phone = places::landline(country, city, &mut self.rng);
                }
                phone
            });
            let size = self.rng.gen_range(2..=3);
            let mut group = Vec::new();
            for m in 0..size {
                let hired = if f % 3 == 0 {
                    m < 2
                } else {
                    self.rng.gen_bool(0.3)
                };
                let person = self.innocent(Spec {
                    hirable: true,
                    country: Some(country),
                    surname: Some(surname),
                    culture: Some(culture),
                    home: Some((home.clone(), city)),
                    ..Spec::default()
                });
                let app = self.schedule(hired, super::START, super::END);
                let source = self.innocent_source();
                let cand = self.innocent_record(&person, app, source);
                if let Some(phone) = &landline {
                    let style = self.rng.gen_range(0..Phone::STYLES);
                    self.out.candidates[cand]
                        .phones
                        .push(Entry::new(phone.format(style), "home"));
                }
                let mut refs = vec![Ref::Cand(cand)];
                if hired {
                    refs.push(Ref::Emp(self.hire_own(cand)));
                }
                group.extend(refs.iter().copied());
                self.out.people.push((false, refs));
            }
            self.out.lookalikes.push(("family", group));
        }
    }

    /// 8 candidates per scale unit submitted by TalentBridge Recruiting: each has a personal
    /// email, and all carry the agency's phone and submissions address.
    pub(crate) fn agency(&mut self) {
        let mut group = Vec::new();
        for _ in 0..8 * self.scale {
            let person = self.innocent(Spec::default());
            let (earliest, latest) = self.default_window();
            let app = self.schedule(false, earliest, latest);
            let cand = self.innocent_record(&person, app, "TalentBridge Recruiting");
            let c = &mut self.out.candidates[cand];
            if self.rng.gen_bool(0.5) {
                c.phones.clear();
            }
            c.phones.push(Entry::new(AGENCY_PHONE, "work"));
            c.emails.push(Entry::new(AGENCY_EMAIL, "other"));
            group.push(Ref::Cand(cand));
            self.out.people.push((false, vec![Ref::Cand(cand)]));
        }
        self.out.lookalikes.push(("agency", group));
    }

    /// 5 per scale unit: an employee refers a friend, whose reference row carries the
    /// employee's name, work email and own phone.
    pub(crate) fn referrals(&mut self, mut referrers: Vec<(usize, Phone)>) {
        referrers.shuffle(&mut self.rng);
        for (emp, phone) in referrers.into_iter().take(5 * self.scale) {
            let person = self.innocent(Spec::default());
            let hire = self.out.employees[emp].hire;
            let app = self.schedule(false, hire + 20 * DAY, super::END);
            let cand = self.innocent_record(&person, app, "Referral");
            let e = &self.out.employees[emp];
            let style = self.rng.gen_range(0..Phone::STYLES);
            self.out.references.push(Reference {
                candidate: cand,
                name: e.legal_name.clone(),
                email: e.work_email.clone(),
                phone: phone.format(style),
                relationship: pick(&["Former colleague", "Friend", "Colleague"], &mut self.rng),
                company: "Acme Corp".to_string(),
            });
            self.out.people.push((false, vec![Ref::Cand(cand)]));
            self.out
                .lookalikes
                .push(("referral", vec![Ref::Cand(cand), Ref::Emp(emp)]));
        }
    }

    /// 3 per scale unit: one person, two applications months apart with the same name and
    /// phone; the Gmail address is the same or varies by dots or a `+tag`. A third are hired
    /// the second time.
    pub(crate) fn reapplicants(&mut self) {
        for _ in 0..3 * self.scale {
            let hired = self.rng.gen_bool(1.0 / 3.0);
            let person = self.innocent(Spec {
                hirable: true,
                gmail: true,
                ..Spec::default()
            });
            let first_app = self.schedule(false, START, START + 250 * DAY);
            let first_applied = first_app.applied;
            let mut refs = vec![Ref::Cand(
                self.innocent_record(&person, first_app, "LinkedIn"),
            )];
            let later = first_applied + self.rng.gen_range(120..300) * DAY;
            let second_app = self.schedule(hired, later, later + 5 * DAY);
            let source = self.innocent_source();
            let cand = self.innocent_record(&person, second_app, source);
            let c = &mut self.out.candidates[cand];
            c.phones[0].value = person.phone.format(person.phone_style + 1);
            if self.rng.gen_bool(0.6) {
                c.emails[0].value = gmail_variant(&person.email, &mut self.rng);
            }
            refs.push(Ref::Cand(cand));
            if hired {
                refs.push(Ref::Emp(self.hire_own(cand)));
            }
            self.out.lookalikes.push(("reapplicant", refs.clone()));
            self.out.people.push((false, refs));
        }
    }
}

/// The same Gmail inbox written differently: dots moved, a `+tag`, capitals.
pub fn gmail_variant(email: &str, rng: &mut impl Rng) -> String {
    let key = email_key(email);
    let local = key.split('@').next().unwrap_or("");
    let chars: Vec<char> = local.chars().collect();
    for _ in 0..10 {
        let mut dots = Vec::new();
        if chars.len() > 2 {
            for _ in 0..rng.gen_range(1..=2) {
                dots.push(rng.gen_range(1..chars.len()));
            }
        }
        let mut out = String::new();
        for (i, c) in chars.iter().enumerate() {
            if dots.contains(&i) {
                out.push('.');
            }
            out.push(*c);
        }
        if rng.gen_bool(0.5) {
            out.push('+');
            out.push_str(pick(&["jobs", "work", "apply", "career", "dev", "hr"], rng));
        }
        if rng.gen_bool(0.3) {
            let mut cs = out.chars();
            if let Some(first) = cs.next() {
                out = first.to_ascii_uppercase().to_string() + cs.as_str();
            }
        }
        let variant = format!("{out}@gmail.com");
        if variant != email {
            return variant;
        }
    }
    format!("{local}+again@gmail.com")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn gmail_variants_keep_the_inbox() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for _ in 0..100 {
            let v = gmail_variant("lucas.miller91@gmail.com", &mut rng);
            assert_ne!(v, "lucas.miller91@gmail.com");
            assert_eq!(email_key(&v), "lucasmiller91@gmail.com", "{v}");
        }
    }
}
