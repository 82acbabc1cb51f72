//! The demo world as plain records: candidates, references, employees with their laptops, and
//! the plan of who is who (the ground truth in terms of record indices).
//!
//! [`build`] runs the generator in a fixed order from one seeded ChaCha stream, so the same
//! seed and scale always give the same world. Greenhouse ids and employee ids are assigned at
//! the end, in order of application and hire date, so an operator's personas are spread over
//! the id range like anyone else's.

mod lookalikes;
mod operators;
mod payroll;
mod people;

use crate::names::common_names;
use crate::places::{self, Country};
use crate::registry::Registry;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub const DAY: i64 = 86_400;
/// First application in the export (2023-01-09).
pub const START: i64 = 1_673_222_400;
/// Last application (2025-06-20).
pub const END: i64 = 1_750_377_600;
/// When the export was taken (2025-06-30T18:00:00Z).
pub const NOW: i64 = 1_751_306_400;

/// The head office: a shared, declared-benign ship-to address.
pub const HEAD_OFFICE: &str = "500 Market Street";
pub const HEAD_OFFICE_CITY: &str = "San Francisco";
pub const AGENCY_PHONE: &str = "+1 212-555-0147";
pub const AGENCY_EMAIL: &str = "submissions@talentbridge.example";
pub const AGENCY_DOMAIN: &str = "talentbridge.example";
pub const WORK_DOMAIN: &str = "acme-corp.example";
/// A second recruiting agency, never declared: the `undeclared_agency` look-alike.
pub const OTHER_AGENCY: &str = "Northstar Talent Partners";
pub const OTHER_AGENCY_PHONE: &str = "+1 646-555-0182";
pub const OTHER_AGENCY_EMAIL: &str = "cv@northstar-talent.example";

#[derive(Clone)]
pub struct Address {
    pub street: String,
    pub city: &'static str,
    pub country: &'static Country,
}

impl Address {
    /// `<street>, <city>, <country name>`, as Greenhouse shows a home address.
    pub fn one_line(&self) -> String {
        format!("{}, {}, {}", self.street, self.city, self.country.name)
    }

    pub fn location(&self) -> String {
        format!("{}, {}", self.city, self.country.name)
    }
}

/// A value with its Greenhouse type (`mobile`, `personal`...).
#[derive(Clone)]
pub struct Entry {
    pub value: String,
    pub kind: &'static str,
}

impl Entry {
    pub fn new(value: impl Into<String>, kind: &'static str) -> Entry {
        Entry {
            value: value.into(),
            kind,
        }
    }
}

#[derive(Clone)]
pub struct Education {
    pub school: &'static str,
    pub degree: &'static str,
    pub discipline: &'static str,
    pub start_year: i32,
    pub end_year: i32,
}

#[derive(Clone)]
pub struct Employment {
    pub company: String,
    pub title: String,
    /// (year, month)
    pub start: (i32, u32),
    pub end: Option<(i32, u32)>,
}

#[derive(Clone, Copy)]
pub enum Outcome {
    Active { stage: usize },
    Rejected { at: i64, stage: usize },
    Hired { at: i64 },
}

/// One Greenhouse candidate with its single application.
pub struct Candidate {
    pub first: String,
    pub last: String,
    pub company: String,
    pub title: String,
    pub applied: i64,
    pub phones: Vec<Entry>,
    pub emails: Vec<Entry>,
    pub websites: Vec<Entry>,
    pub socials: Vec<String>,
    pub address: Address,
    pub source: &'static str,
    pub job: usize,
    pub outcome: Outcome,
    pub educations: Vec<Education>,
    pub employments: Vec<Employment>,
    pub citizenship: &'static str,
    pub location: String,
    pub resume: String,
    /// The culture the name was drawn from (a [`crate::names::Culture`] label).
    pub culture: &'static str,
}

impl Candidate {
    /// Time of the last thing that happened to the application.
    pub fn last_activity(&self) -> i64 {
        match self.outcome {
            Outcome::Active { stage } => self.applied + (stage as i64 + 1) * 3 * DAY + 3_600,
            Outcome::Rejected { at, .. } | Outcome::Hired { at } => at,
        }
        .min(NOW)
    }
}

pub struct Reference {
    pub candidate: usize,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub relationship: &'static str,
    pub company: String,
}

pub struct Device {
    pub serial: String,
    pub model: &'static str,
    pub ship_to: Address,
    pub shipped: i64,
}

pub struct Employee {
    pub candidate: usize,
    pub legal_name: String,
    pub work_email: String,
    pub bank_country: &'static str,
    pub account: String,
    pub provider: &'static str,
    pub home: Address,
    pub hire: i64,
    pub termination: Option<i64>,
    pub device: Device,
}

/// A record in the export: a candidate or an employee, by index.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Ref {
    Cand(usize),
    Emp(usize),
}

/// Everything generated, before ids are assigned.
pub struct Built {
    pub candidates: Vec<Candidate>,
    pub references: Vec<Reference>,
    pub employees: Vec<Employee>,
    /// One entry per real person or operator: (operator?, their records).
    pub people: Vec<(bool, Vec<Ref>)>,
    pub lookalikes: Vec<(&'static str, Vec<Ref>)>,
    /// (facilitator number, kind, employees served).
    pub facilitators: Vec<(usize, &'static str, Vec<Ref>)>,
}

pub struct Builder {
    pub(crate) rng: ChaCha8Rng,
    pub(crate) reg: Registry,
    pub(crate) scale: usize,
    pub(crate) out: Built,
}

pub fn build(seed: u64, scale: u32) -> Built {
    let mut b = Builder {
        rng: ChaCha8Rng::seed_from_u64(seed),
        reg: Registry::default(),
        scale: scale.max(1) as usize,
        out: Built {
            candidates: Vec::new(),
            references: Vec::new(),
            employees: Vec::new(),
            people: Vec::new(),
            lookalikes: Vec::new(),
            facilitators: Vec::new(),
        },
    };
    b.reserve();
    let referrers = b.ordinary_innocents();
    b.common_names();
    b.families();
    b.agency();
    b.undeclared_agency();
    b.family_phones();
    b.preferred_names();
    b.asia_residents();
    b.referrals(referrers);
    b.reapplicants();
    b.operators();
    b.facilitators();
    b.office();
    b.out
}

impl Builder {
    /// Values that exist before anyone applies: the head office, the agency's contacts, the
    /// common names kept for the look-alike pairs.
    fn reserve(&mut self) {
        self.reg
            .claim_address(HEAD_OFFICE, HEAD_OFFICE_CITY, places::US.code);
        self.reg.claim_phone(&places::agency_phone());
        self.reg.claim_email(AGENCY_EMAIL);
        self.reg.claim_phone(&places::other_agency_phone());
        self.reg.claim_email(OTHER_AGENCY_EMAIL);
        for (first, last, _) in common_names() {
            self.reg.claim_name(first, last);
        }
    }

    pub(crate) fn push_candidate(&mut self, c: Candidate) -> usize {
        self.out.candidates.push(c);
        self.out.candidates.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timelines_are_plausible() {
        let b = build(3, 2);
        for c in &b.candidates {
            assert!((START..=END).contains(&c.applied));
            assert!(c.last_activity() <= NOW);
            if let Outcome::Rejected { at, .. } = c.outcome {
                assert!(c.applied < at && at < NOW);
            }
        }
        for e in &b.employees {
            let c = &b.candidates[e.candidate];
            assert!(matches!(c.outcome, Outcome::Hired { .. }));
            assert!(c.applied < e.hire && e.hire < NOW);
            assert!(e.device.shipped < e.hire);
            if let Some(t) = e.termination {
                assert!(e.hire < t && t < NOW);
            }
        }
    }
}
