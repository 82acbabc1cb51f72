//! References CSV: `candidate_id, reference_name, reference_email, reference_phone,
//! relationship, stated_company`. Each row is a reference contact (a subject of its own) and a
//! `refers_to` relation from the candidate, so contact details reused across candidates meet.

use super::Context;
use crate::csv_table;
use std::collections::BTreeMap;
use unmask_model::{Relation, RelationKind, Subject, SubjectKind, SubjectRef, Target};

const COLUMNS: [&str; 6] = [
    "candidate_id",
    "reference_name",
    "reference_email",
    "reference_phone",
    "relationship",
    "stated_company",
];

pub fn parse(ctx: &mut Context<'_>, text: &str) {
    let Some(table) = csv_table::read(ctx, text, &COLUMNS, &[]) else {
        return;
    };
    let [cid, name, email, phone, relationship, company] = COLUMNS.map(|c| table.column(c));
    for row in &table.rows {
        let candidate_id = row.get(cid);
        let reference_name = row.get(name);
        if candidate_id.is_empty() {
            ctx.error(row.at("candidate_id"), "missing value");
            continue;
        }
        if reference_name.is_empty() {
            ctx.error(row.at("reference_name"), "missing value");
            continue;
        }
        ctx.parsed.records += 1;
        let key = unmask_model::stable_key(&[
            &unmask_model::canon::canonical_name(reference_name),
            &row.get(email).to_lowercase(),
            row.get(phone),
        ]);
        let id = SubjectRef(format!("reference:{candidate_id}:{}", &key[..12]));
        let mut attributes = BTreeMap::new();
        attributes.insert(
            "candidate".to_string(),
            format!("greenhouse:{candidate_id}"),
        );
        for (key, column) in [("relationship", relationship), ("stated_company", company)] {
            if !row.get(column).is_empty() {
                attributes.insert(key.to_string(), row.get(column).to_string());
            }
        }
        let name_result = ctx.canon.name(reference_name);
        ctx.observe(&id, "reference", row.at("reference_name"), name_result);
        let email_result = ctx.canon.email(row.get(email));
        ctx.observe(&id, "reference", row.at("reference_email"), email_result);
        // A reference row gives no country of its own: only the default region applies.
        ctx.observe_phone(
            &id,
            "reference",
            row.at("reference_phone"),
            row.get(phone),
            &[],
        );
        let provenance = ctx.provenance(Some(row.line), Some(row.offset));
        ctx.parsed.batch.relations.push(Relation {
            from: SubjectRef::new("greenhouse", candidate_id),
            kind: RelationKind::RefersTo,
            to: Target::Subject(id.clone()),
            provenance: provenance.clone(),
        });
        ctx.parsed.batch.subjects.push(Subject {
            id,
            kind: SubjectKind::Reference,
            name: reference_name.to_string().into(),
            attributes,
            provenance,
        });
    }
}
