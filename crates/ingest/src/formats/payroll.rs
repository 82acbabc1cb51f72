//! Payroll CSV: `employee_id, candidate_id, work_email, legal_name, bank_country,
//! iban_or_account, payment_provider, home_address, home_city, home_country, hire_date,
//! termination_date`.

use super::{is_date, Context};
use crate::csv_table;
use std::collections::BTreeMap;
use unmask_model::{
    ArtifactKind, Relation, RelationKind, Subject, SubjectKind, SubjectRef, Target,
};

const COLUMNS: [&str; 12] = [
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
];

pub fn parse(ctx: &mut Context<'_>, text: &str) {
    let Some(table) = csv_table::read(ctx, text, &COLUMNS, &[]) else {
        return;
    };
    let [eid, cid, email, name, bank_country, account, provider, address, city, country, hired, terminated] =
        COLUMNS.map(|c| table.column(c));
    for row in &table.rows {
        let employee_id = row.get(eid);
        let mut ok = true;
        for (column, value) in [("employee_id", employee_id), ("legal_name", row.get(name))] {
            if value.is_empty() {
                ctx.error(row.at(column), "missing value");
                ok = false;
            }
        }
        if !is_date(row.get(hired)) {
            ctx.error(row.at("hire_date"), "expected a date as YYYY-MM-DD");
            ok = false;
        }
        let termination = row.get(terminated);
        if !termination.is_empty() && !is_date(termination) {
            ctx.error(
                row.at("termination_date"),
                "expected a date as YYYY-MM-DD, or nothing",
            );
            ok = false;
        }
        if !ok {
            continue;
        }
        ctx.parsed.records += 1;
        let id = SubjectRef::new("employee", employee_id);
        let mut attributes = BTreeMap::new();
        attributes.insert("hire_date".to_string(), row.get(hired).to_string());
        if !termination.is_empty() {
            attributes.insert("termination_date".to_string(), termination.to_string());
        }
        if !row.get(provider).is_empty() {
            attributes.insert(
                "payment_provider".to_string(),
                row.get(provider).to_string(),
            );
        }
        let home_country = row.get(country);
        let r = ctx.canon.name(row.get(name));
        ctx.observe(&id, "legal", row.at("legal_name"), r);
        let r = ctx.canon.email(row.get(email));
        ctx.observe(&id, "work", row.at("work_email"), r);
        let r = ctx.canon.bank_account(
            row.get(account),
            Some(row.get(bank_country)).filter(|c| !c.is_empty()),
        );
        ctx.observe(&id, "payout", row.at("iban_or_account"), r);
        if !row.get(address).is_empty() {
            let r = ctx
                .canon
                .address(row.get(address), row.get(city), home_country);
            ctx.observe(&id, "home", row.at("home_address"), r);
        }
        let claimed = [row.get(city), home_country]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let r = ctx.canon.text(ArtifactKind::ClaimedLocation, &claimed);
        ctx.observe(&id, "home", row.at("home_city"), r);
        let provenance = ctx.provenance(Some(row.line), Some(row.offset));
        let candidate = row.get(cid);
        if !candidate.is_empty() {
            ctx.parsed.batch.relations.push(Relation {
                from: id.clone(),
                kind: RelationKind::HiredFrom,
                to: Target::Subject(SubjectRef::new("greenhouse", candidate)),
                provenance: provenance.clone(),
            });
        }
        ctx.parsed.batch.subjects.push(Subject {
            id,
            kind: SubjectKind::Employee,
            name: row.get(name).to_string().into(),
            attributes,
            provenance,
        });
    }
}
