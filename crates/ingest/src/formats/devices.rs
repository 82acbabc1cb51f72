//! MDM device inventory CSV: `serial_number, model, assigned_user_email, ship_to_address,
//! ship_to_city, ship_to_country, shipped_at`. A device is a subject; its user is whoever holds
//! the assigned email, resolved at analysis time.

use super::{is_date, Context};
use crate::csv_table;
use std::collections::BTreeMap;
use unmask_model::{
    ArtifactKind, Relation, RelationKind, Subject, SubjectKind, SubjectRef, Target,
};

const COLUMNS: [&str; 7] = [
    "serial_number",
    "model",
    "assigned_user_email",
    "ship_to_address",
    "ship_to_city",
    "ship_to_country",
    "shipped_at",
];

pub fn parse(ctx: &mut Context<'_>, text: &str) {
    let Some(table) = csv_table::read(ctx, text, &COLUMNS, &[]) else {
        return;
    };
    let [serial, model, email, address, city, country, shipped] = COLUMNS.map(|c| table.column(c));
    for row in &table.rows {
        let serial_artifact = match ctx.canon.device_serial(row.get(serial)) {
            Ok(a) => a,
            Err(e) => {
                ctx.error(row.at("serial_number"), e.to_string());
                continue;
            }
        };
        let shipped_at = row.get(shipped);
        if !shipped_at.is_empty() && !is_date(shipped_at) {
            ctx.error(
                row.at("shipped_at"),
                "expected a date as YYYY-MM-DD or an RFC 3339 time",
            );
            continue;
        }
        ctx.parsed.records += 1;
        let id = SubjectRef::new("device", serial_artifact.canonical.expose());
        let provenance = ctx.provenance(Some(row.line), Some(row.offset));
        ctx.parsed
            .batch
            .observations
            .push(unmask_model::Observation {
                subject: id.clone(),
                artifact: serial_artifact,
                role: "serial".into(),
                provenance: provenance.clone(),
            });
        if !row.get(address).is_empty() {
            let r = ctx
                .canon
                .address(row.get(address), row.get(city), row.get(country));
            ctx.observe(&id, "ship_to", row.at("ship_to_address"), r);
        }
        match ctx.canon.email(row.get(email)) {
            Ok(user) => ctx.parsed.batch.relations.push(Relation {
                from: id.clone(),
                kind: RelationKind::AssignedTo,
                to: Target::Holder {
                    kind: ArtifactKind::Email,
                    canonical: user.canonical,
                },
                provenance: provenance.clone(),
            }),
            Err(unmask_model::canon::CanonError::Empty) => {}
            Err(e) => ctx.warn(row.at("assigned_user_email"), format!("value skipped: {e}")),
        }
        let mut attributes = BTreeMap::new();
        for (key, column) in [("model", model), ("shipped_at", shipped)] {
            if !row.get(column).is_empty() {
                attributes.insert(key.to_string(), row.get(column).to_string());
            }
        }
        ctx.parsed.batch.subjects.push(Subject {
            id,
            kind: SubjectKind::Device,
            name: row.get(serial).to_string().into(),
            attributes,
            provenance,
        });
    }
}
