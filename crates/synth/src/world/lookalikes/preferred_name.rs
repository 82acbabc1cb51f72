//! `preferred_name`: employees hired under a related name. The application carries the name
//! they go by, payroll their legal one: a nickname (`Jake` on the application, `Jacob` on
//! payroll, or the other way round), or an adopted Western given name kept with the family name
//! (`Connor Xie` applies, payroll pays `Xie Tao` or `Tao Xie`). Payroll's `candidate_id` joins
//! the two records.

use crate::names::{self, pick, Culture, ADOPTED_GIVEN, NICKNAMES};
use crate::world::people::Spec;
use crate::world::{Builder, Ref, END, START};
use rand::Rng;

/// Cultures whose members often adopt a Western given name.
const ADOPTING: &[&Culture] = &[
    &names::CHINESE,
    &names::KOREAN,
    &names::VIETNAMESE,
    &names::JAPANESE,
];

impl Builder {
    /// 3 per scale unit: two nicknames for one adopted given name.
    pub(crate) fn preferred_names(&mut self) {
        for i in 0..3 * self.scale {
            let Some((ats, payroll, culture)) = self.related_names(i % 3 == 2) else {
                continue;
            };
            let person = self.innocent(Spec {
                hirable: true,
                name: Some((ats.0, ats.1, culture.label)),
                culture: Some(culture),
                ..Spec::default()
            });
            let app = self.schedule(true, START, END);
            let source = self.innocent_source();
            let cand = self.innocent_record(&person, app, source);
            let emp = self.hire_own(cand);
            self.out.employees[emp].legal_name = payroll;
            let refs = vec![Ref::Cand(cand), Ref::Emp(emp)];
            self.out.lookalikes.push(("preferred_name", refs.clone()));
            self.out.people.push((false, refs));
        }
    }

    /// (application first and last name, payroll name, culture), both names claimed; `None`
    /// when 40 draws found no free pair (very large scales).
    #[allow(clippy::type_complexity)]
    fn related_names(
        &mut self,
        adopted: bool,
    ) -> Option<((&'static str, &'static str), String, &'static Culture)> {
        for _ in 0..40 {
            let (ats, legal, payroll, culture) = if adopted {
                let culture = pick(ADOPTING, &mut self.rng);
                let family = pick(culture.last, &mut self.rng);
                let given = pick(culture.first, &mut self.rng);
                let adopted = pick(ADOPTED_GIVEN, &mut self.rng);
                let payroll = if self.rng.gen_bool(0.6) {
                    format!("{family} {given}")
                } else {
                    format!("{given} {family}")
                };
                ((adopted, family), (given, family), payroll, culture)
            } else {
                let (formal, short, culture) = pick(NICKNAMES, &mut self.rng);
                let family = pick(culture.last, &mut self.rng);
                let (on_application, on_payroll) = if self.rng.gen_bool(0.6) {
                    (short, formal)
                } else {
                    (formal, short)
                };
                let payroll = format!("{on_payroll} {family}");
                (
                    (on_application, family),
                    (on_payroll, family),
                    payroll,
                    culture,
                )
            };
            if self.reg.name_taken(ats.0, ats.1) || self.reg.name_taken(legal.0, legal.1) {
                continue;
            }
            self.reg.claim_name(ats.0, ats.1);
            self.reg.claim_name(legal.0, legal.1);
            return Some((ats, payroll, culture));
        }
        None
    }
}
