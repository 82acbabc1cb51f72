//! Any CSV export, described by a small TOML mapping from columns to artifact kinds, so another
//! ATS or HRIS can be brought in without code:
//!
//! ```toml
//! system = "workday"           # subject refs become `workday:<id>`
//! subject_kind = "candidate"   # or "employee" (use system = "employee" to merge with payroll)
//! id_column = "Worker ID"
//! name_column = "Legal Name"   # optional
//! country_column = "Country"   # optional: region for phones and bank accounts
//! candidate_column = "ATS ID"  # optional, employees only: the Greenhouse candidate they were hired from
//! [columns]
//! "Personal Email" = "email"
//! "Mobile" = "phone"
//! [roles]                      # optional: role per column, default `mapped`
//! "Mobile" = "personal"
//! [attributes]                 # optional: columns kept as context, not as artifacts
//! "Source" = "source"
//! ```

use super::Context;
use crate::csv_table;
use serde::Deserialize;
use std::collections::BTreeMap;
use unmask_model::{
    ArtifactKind, Relation, RelationKind, Subject, SubjectKind, SubjectRef, Target,
};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub system: String,
    pub subject_kind: String,
    pub id_column: String,
    #[serde(default)]
    pub name_column: Option<String>,
    #[serde(default)]
    pub country_column: Option<String>,
    #[serde(default)]
    pub candidate_column: Option<String>,
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    #[serde(skip)]
    kinds: Vec<(String, ArtifactKind)>,
    #[serde(skip)]
    kind: Option<SubjectKind>,
}

#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error("mapping `{file}` is not valid TOML for a mapping")]
    Toml {
        file: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("mapping `{file}`: {message}")]
    Invalid { file: String, message: String },
}

impl Mapping {
    pub fn from_toml(file: &str, text: &str) -> Result<Mapping, MappingError> {
        let mut m: Mapping = toml::from_str(text).map_err(|source| MappingError::Toml {
            file: file.to_string(),
            source,
        })?;
        let invalid = |message: String| MappingError::Invalid {
            file: file.to_string(),
            message,
        };
        m.kind = match SubjectKind::parse(&m.subject_kind) {
            Some(k @ (SubjectKind::Candidate | SubjectKind::Employee)) => Some(k),
            _ => {
                return Err(invalid(format!(
                    "`subject_kind` is `{}`; use `candidate` or `employee`",
                    m.subject_kind
                )))
            }
        };
        if m.system.is_empty() || m.system.contains(':') {
            return Err(invalid(
                "`system` must be a non-empty name without `:`".into(),
            ));
        }
        for (column, kind) in &m.columns {
            let Some(k) = ArtifactKind::parse(kind) else {
                let names: Vec<&str> = ArtifactKind::ALL.iter().map(|k| k.as_str()).collect();
                let hint = names
                    .iter()
                    .min_by_key(|n| edit_distance(n, kind))
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                return Err(invalid(format!(
                    "column `{column}` maps to unknown kind `{kind}`{hint} (kinds: {})",
                    names.join(", ")
                )));
            };
            m.kinds.push((column.clone(), k));
        }
        Ok(m)
    }

    fn required_columns(&self) -> Vec<&str> {
        let mut cols: Vec<&str> = vec![self.id_column.as_str()];
        cols.extend(self.name_column.as_deref());
        cols.extend(self.country_column.as_deref());
        cols.extend(self.candidate_column.as_deref());
        cols.extend(self.columns.keys().map(String::as_str));
        cols.extend(self.attributes.keys().map(String::as_str));
        cols
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

pub fn parse(ctx: &mut Context<'_>, text: &str, mapping: &Mapping) {
    let long: Vec<&str> = mapping
        .kinds
        .iter()
        .filter(|(_, k)| *k == ArtifactKind::ResumeText)
        .map(|(c, _)| c.as_str())
        .collect();
    let Some(table) = csv_table::read(ctx, text, &mapping.required_columns(), &long) else {
        return;
    };
    let kind = mapping.kind.unwrap_or(SubjectKind::Candidate);
    let id_col = table.column(&mapping.id_column);
    let name_col = mapping.name_column.as_deref().and_then(|c| table.column(c));
    let country_col = mapping
        .country_column
        .as_deref()
        .and_then(|c| table.column(c));
    let candidate_col = mapping
        .candidate_column
        .as_deref()
        .and_then(|c| table.column(c));
    let columns: Vec<(&str, Option<usize>, ArtifactKind, &str)> = mapping
        .kinds
        .iter()
        .map(|(c, k)| {
            (
                c.as_str(),
                table.column(c),
                *k,
                mapping.roles.get(c).map_or("mapped", String::as_str),
            )
        })
        .collect();
    for row in &table.rows {
        let subject_id = row.get(id_col);
        if subject_id.is_empty() {
            ctx.error(row.at(&mapping.id_column), "missing value");
            continue;
        }
        ctx.parsed.records += 1;
        let id = SubjectRef::new(&mapping.system, subject_id);
        let country = Some(row.get(country_col)).filter(|c| !c.is_empty());
        if let Some(name_column) = &mapping.name_column {
            let r = ctx.canon.name(row.get(name_col));
            ctx.observe(&id, "legal", row.at(name_column), r);
        }
        for (column, index, kind, role) in &columns {
            let raw = row.get(*index);
            match kind {
                // A link column may hold profiles, personal sites or shared files alike.
                ArtifactKind::Profile | ArtifactKind::Url => {
                    ctx.observe_link(&id, role, row.at(column), raw);
                }
                _ => {
                    let r = ctx.canon.artifact(*kind, raw, country);
                    ctx.observe(&id, role, row.at(column), r);
                }
            }
        }
        let mut attributes = BTreeMap::new();
        for (column, key) in &mapping.attributes {
            let value = row.get(table.column(column));
            if !value.is_empty() {
                attributes.insert(key.clone(), value.to_string());
            }
        }
        let provenance = ctx.provenance(Some(row.line), Some(row.offset));
        let candidate = row.get(candidate_col);
        if kind == SubjectKind::Employee && !candidate.is_empty() {
            ctx.parsed.batch.relations.push(Relation {
                from: id.clone(),
                kind: RelationKind::HiredFrom,
                to: Target::Subject(SubjectRef::new("greenhouse", candidate)),
                provenance: provenance.clone(),
            });
        }
        ctx.parsed.batch.subjects.push(Subject {
            id,
            kind,
            name: row.get(name_col).to_string().into(),
            attributes,
            provenance,
        });
    }
}
