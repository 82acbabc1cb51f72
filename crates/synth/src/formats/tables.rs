//! The CSV exports: `references.csv`, `payroll.csv` and `devices.csv`, with the exact headers
//! the importers expect. Fields are quoted only when they hold a comma, quote or line break.

use super::{date, Ids};
use crate::world::Built;
use std::borrow::Cow;

fn field(raw: &str) -> Cow<'_, str> {
    if raw.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", raw.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(raw)
    }
}

fn row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(f));
    }
    out.push('\n');
}

pub fn references_csv(built: &Built, ids: &Ids) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "candidate_id",
            "reference_name",
            "reference_email",
            "reference_phone",
            "relationship",
            "stated_company",
        ],
    );
    let mut order: Vec<usize> = (0..built.references.len()).collect();
    order.sort_by_key(|&i| (ids.candidate[built.references[i].candidate], i));
    for i in order {
        let r = &built.references[i];
        row(
            &mut out,
            &[
                &ids.candidate[r.candidate].to_string(),
                &r.name,
                &r.email,
                &r.phone,
                r.relationship,
                &r.company,
            ],
        );
    }
    out
}

fn by_employee_id(built: &Built, ids: &Ids) -> Vec<usize> {
    let mut order: Vec<usize> = (0..built.employees.len()).collect();
    order.sort_by(|&a, &b| ids.employee[a].cmp(&ids.employee[b]));
    order
}

pub fn payroll_csv(built: &Built, ids: &Ids) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "employee_id",
            "candidate_id",
            "work_email",
            "legal_name",
            "bank_country",
            "iban_or_account",
            "payment_provider",
            "home_address",
            "home_city",
            "home_country",
            "hire_date",
            "termination_date",
        ],
    );
    for i in by_employee_id(built, ids) {
        let e = &built.employees[i];
        row(
            &mut out,
            &[
                &ids.employee[i],
                &ids.candidate[e.candidate].to_string(),
                &e.work_email,
                &e.legal_name,
                e.bank_country,
                &e.account,
                e.provider,
                &e.home.street,
                e.home.city,
                e.home.country.name,
                &date(e.hire),
                &e.termination.map(date).unwrap_or_default(),
            ],
        );
    }
    out
}

pub fn devices_csv(built: &Built, ids: &Ids) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "serial_number",
            "model",
            "assigned_user_email",
            "ship_to_address",
            "ship_to_city",
            "ship_to_country",
            "shipped_at",
        ],
    );
    for i in by_employee_id(built, ids) {
        let e = &built.employees[i];
        let d = &e.device;
        row(
            &mut out,
            &[
                &d.serial,
                d.model,
                &e.work_email,
                &d.ship_to.street,
                d.ship_to.city,
                d.ship_to.country.name,
                &date(d.shipped),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
