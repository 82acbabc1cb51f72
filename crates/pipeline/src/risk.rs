//! Risk per subject from its findings, through the fitted model of `unmask-scoring`.
//!
//! `analyze` stores the risk; `export`, `show` and the report recompute the contributions from
//! the stored findings with the same built-in model, so they add up to the stored risk.
//!
//! One person's records share their evidence: an employee is weighed with the findings of the
//! candidate they were hired from (payroll's `candidate_id`), and that candidate with the
//! employee's, each kind still counted once.

use std::collections::BTreeMap;
use unmask_model::{Finding, Relation, RelationKind, Subject, SubjectKind, SubjectRef, Target};
use unmask_scoring::{Assessment, Model, SubjectClass};

pub fn class(kind: SubjectKind) -> SubjectClass {
    if kind == SubjectKind::Employee {
        SubjectClass::Employee
    } else {
        SubjectClass::Candidate
    }
}

/// Every candidate and employee with its assessment, in subject order.
pub fn assess_all<'a>(
    model: &Model,
    subjects: &'a [Subject],
    relations: &[Relation],
    findings: &[Finding],
) -> Vec<(&'a SubjectRef, Assessment)> {
    let mut by_subject: BTreeMap<&SubjectRef, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_subject.entry(&f.subject).or_default().push(f);
    }
    let mut same_person: BTreeMap<&SubjectRef, Vec<&SubjectRef>> = BTreeMap::new();
    for r in relations {
        if let (RelationKind::HiredFrom, Target::Subject(to)) = (r.kind, &r.to) {
            same_person.entry(&r.from).or_default().push(to);
            same_person.entry(to).or_default().push(&r.from);
        }
    }
    subjects
        .iter()
        .filter(|s| s.kind.is_person_of_interest())
        .map(|s| {
            let others = same_person.get(&s.id).into_iter().flatten();
            let pooled = std::iter::once(&s.id)
                .chain(others.copied())
                .flat_map(|r| by_subject.get(r).into_iter().flatten().copied());
            (&s.id, model.assess(class(s.kind), pooled))
        })
        .collect()
}
