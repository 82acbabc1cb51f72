//! Hiring: payroll rows with bank accounts, laptops and where they were shipped; then the
//! facilitators (laptop farms and payout accounts) and the benign head-office shipments.

use super::{
    Address, Builder, Device, Employee, Outcome, Ref, DAY, HEAD_OFFICE, HEAD_OFFICE_CITY, NOW,
    WORK_DOMAIN,
};
use crate::career::LAPTOPS;
use crate::iban;
use crate::names::{pick, slug};
use crate::places;
use rand::seq::SliceRandom;
use rand::Rng;

const SERIAL_CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/// Cities within a commute of the head office.
const OFFICE_METRO: &[&str] = &[HEAD_OFFICE_CITY, "Oakland", "San Jose", "Palo Alto"];

impl Builder {
    fn work_email(&mut self, first: &str, last: &str) -> String {
        let base = format!("{}.{}", slug(first), slug(last));
        let mut n = 1;
        loop {
            let email = if n == 1 {
                format!("{base}@{WORK_DOMAIN}")
            } else {
                format!("{base}{n}@{WORK_DOMAIN}")
            };
            if self.reg.claim_email(&email) {
                return email;
            }
            n += 1;
        }
    }

    fn laptop(&mut self, ship_to: Address, hire: i64) -> Device {
        let (model, prefix, len) = pick(LAPTOPS, &mut self.rng);
        loop {
            let mut serial = prefix.to_string();
            for _ in 0..len {
                let i = self.rng.gen_range(0..SERIAL_CHARS.len());
                serial.push(char::from(SERIAL_CHARS[i]));
            }
            if self.reg.claim_serial(&serial) {
                return Device {
                    serial,
                    model,
                    ship_to,
                    shipped: hire - self.rng.gen_range(3..11) * DAY,
                };
            }
        }
    }

    /// An account in the employee's home country: `routing-account` in the US, an IBAN
    /// (paper or compact) elsewhere. Returns (bank country, account, provider).
    fn own_account(&mut self, country: &places::Country) -> (&'static str, String, &'static str) {
        loop {
            let (cc, account, provider) = if country.code == "US" {
                ("US", iban::us_account(&mut self.rng), "bank")
            } else if ["JP", "SG"].contains(&country.code) {
                let account = iban::domestic_account(country.code, &mut self.rng);
                (country.code, account, "bank")
            } else {
                let cc = iban::IBAN_COUNTRIES
                    .iter()
                    .copied()
                    .find(|c| *c == country.code)
                    .unwrap_or("DE");
                let electronic = iban::iban(cc, None, &mut self.rng);
                let provider = if self.rng.gen_bool(0.2) {
                    "Wise"
                } else {
                    "bank"
                };
                (cc, electronic, provider)
            };
            if self.reg.claim_account(&account) {
                let written = if cc != "US" && self.rng.gen_bool(0.6) {
                    iban::paper(&account)
                } else {
                    account
                };
                return (cc, written, provider);
            }
        }
    }

    /// Hire candidate `cand`: own account, laptop shipped home. Returns the employee index.
    pub(crate) fn hire(&mut self, cand: usize, terminate: f64) -> usize {
        let c = &self.out.candidates[cand];
        let offer = match c.outcome {
            Outcome::Hired { at } => at,
            _ => c.applied + 30 * DAY,
        };
        let (first, last, home) = (c.first.clone(), c.last.clone(), c.address.clone());
        let hire = offer + self.rng.gen_range(10..26) * DAY;
        let termination = self
            .rng
            .gen_bool(terminate)
            .then(|| hire + self.rng.gen_range(30..500) * DAY)
            .filter(|t| *t < NOW - 2 * DAY);
        let work_email = self.work_email(&first, &last);
        let (bank_country, account, provider) = self.own_account(home.country);
        let device = self.laptop(home.clone(), hire);
        self.out.employees.push(Employee {
            candidate: cand,
            legal_name: format!("{first} {last}"),
            work_email,
            bank_country,
            account,
            provider,
            home,
            hire,
            termination,
            device,
        });
        self.out.employees.len() - 1
    }

    pub(crate) fn hire_own(&mut self, cand: usize) -> usize {
        self.hire(cand, 0.08)
    }

    /// 2 per scale unit. Each ships 3-6 operator laptops (from at least two operators) to one
    /// US home and pays 2-4 of those salaries into one Payoneer or Wise account.
    pub(crate) fn facilitators(&mut self) {
        let mut pool: Vec<(usize, usize)> = Vec::new();
        for (op, (operator, refs)) in self.out.people.iter().enumerate() {
            if *operator {
                for r in refs {
                    if let Ref::Emp(e) = r {
                        pool.push((*e, op));
                    }
                }
            }
        }
        pool.shuffle(&mut self.rng);
        let count = 2 * self.scale;
        for f in 0..count {
            let left = count - f;
            let most = (pool.len() / left).clamp(3, 6);
            let size = self.rng.gen_range(3..=most);
            if pool.len() < 3 {
                break;
            }
            let first = pool.remove(0);
            let Some(pos) = pool.iter().position(|(_, op)| *op != first.1) else {
                break;
            };
            let mut members = vec![first, pool.remove(pos)];
            while members.len() < size && !pool.is_empty() {
                members.push(pool.remove(0));
            }
            let city = places::pick_city(&places::US, &mut self.rng);
            let farm = self.fresh_home(&places::US, city);
            for (emp, _) in &members {
                self.out.employees[*emp].device.ship_to = farm.clone();
            }
            let farm_refs = members.iter().map(|(e, _)| Ref::Emp(*e)).collect();
            self.out
                .facilitators
                .push((f + 1, "laptop_farm", farm_refs));

            let mut payees = members.clone();
            payees.shuffle(&mut self.rng);
            payees.truncate(self.rng.gen_range(2..=members.len().min(4)));
            let (provider, cc, bank) = pick(
                &[
                    ("Wise", "BE", "967"),
                    ("Wise", "GB", "TRWI"),
                    ("Payoneer", "GB", "CLRB"),
                ],
                &mut self.rng,
            );
            let account = loop {
                let a = iban::iban(cc, Some(bank), &mut self.rng);
                if self.reg.claim_account(&a) {
                    break a;
                }
            };
            for (emp, _) in &payees {
                let written = if self.rng.gen_bool(0.5) {
                    iban::paper(&account)
                } else {
                    account.clone()
                };
                let e = &mut self.out.employees[*emp];
                e.bank_country = cc;
                e.account = written;
                e.provider = provider;
            }
            let payee_refs = payees.iter().map(|(e, _)| Ref::Emp(*e)).collect();
            self.out
                .facilitators
                .push((f + 1, "payout_account", payee_refs));
        }
    }

    /// The `office` look-alike: the innocent hires living in the head office's metro (and in no
    /// other look-alike) come in on
    /// most working days (the sign-ins put them on the office's egress), and about a third of
    /// them (at least three) picked their laptop up there (one ship-to address for all).
    pub(crate) fn office(&mut self) {
        // People already in a look-alike keep that one role, so each kind's rate is its own.
        let taken: std::collections::HashSet<Ref> = self
            .out
            .lookalikes
            .iter()
            .flat_map(|(_, refs)| refs.iter().copied())
            .collect();
        let mut sf: Vec<usize> = Vec::new();
        for (operator, refs) in &self.out.people {
            if *operator || refs.iter().any(|r| taken.contains(r)) {
                continue;
            }
            for r in refs {
                if let Ref::Emp(e) = r {
                    let home = &self.out.employees[*e].home;
                    if OFFICE_METRO.contains(&home.city) && home.country.code == "US" {
                        sf.push(*e);
                    }
                }
            }
        }
        let count = (sf.len() / 3).max(3).min(sf.len());
        sf.shuffle(&mut self.rng);
        for &e in sf.iter().take(count) {
            self.out.employees[e].device.ship_to = Address {
                street: HEAD_OFFICE.to_string(),
                city: HEAD_OFFICE_CITY,
                country: &places::US,
            };
        }
        sf.sort_unstable();
        self.out
            .lookalikes
            .push(("office", sf.into_iter().map(Ref::Emp).collect()));
    }
}
