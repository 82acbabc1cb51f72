//! Risk per subject from its findings, through the fitted model of `unmask-scoring`.
//!
//! `analyze` stores the risk; `export`, `show` and the report recompute the contributions from
//! the stored findings with the same built-in model, so they add up to the stored risk.
//!
//! One person's records share their evidence: an employee is weighed with the findings of the
//! candidate they were hired from (payroll's `candidate_id`), and records linked as the same
//! person seen again (a `same_person` finding) with each other's, each kind still counted once.
//! A person who was hired is weighed against the employees' prior on every record, so the
//! candidate record shows the same risk as the employee it became.

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
    // One person's records: hired from, and seen again under the same name.
    let mut index: BTreeMap<&SubjectRef, usize> = BTreeMap::new();
    for s in subjects.iter().filter(|s| s.kind.is_person_of_interest()) {
        let next = index.len();
        index.entry(&s.id).or_insert(next);
    }
    let mut parent: Vec<usize> = (0..index.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut join = |a: &SubjectRef, b: &SubjectRef| {
        if let (Some(&x), Some(&y)) = (index.get(a), index.get(b)) {
            let (x, y) = (root(&mut parent, x), root(&mut parent, y));
            parent[x.max(y)] = x.min(y);
        }
    };
    for r in relations {
        if let (RelationKind::HiredFrom, Target::Subject(to)) = (r.kind, &r.to) {
            join(&r.from, to);
        }
    }
    for f in findings.iter().filter(|f| f.kind == SAME_PERSON) {
        for e in &f.evidence {
            join(&f.subject, &e.subject);
        }
    }
    let employees: std::collections::BTreeSet<&SubjectRef> = subjects
        .iter()
        .filter(|s| s.kind == SubjectKind::Employee)
        .map(|s| &s.id)
        .collect();
    let mut members: BTreeMap<usize, Vec<&SubjectRef>> = BTreeMap::new();
    for (&id, &i) in &index {
        let r = root(&mut parent, i);
        members.entry(r).or_default().push(id);
    }
    subjects
        .iter()
        .filter(|s| s.kind.is_person_of_interest())
        .map(|s| {
            let group = index
                .get(&s.id)
                .map(|&i| root(&mut parent, i))
                .and_then(|r| members.get(&r));
            // A person who was hired is an employee, whichever record is shown: every record
            // of theirs takes the employees' prior and so the same risk.
            let hired = group.into_iter().flatten().any(|r| employees.contains(r));
            let class = if hired {
                SubjectClass::Employee
            } else {
                class(s.kind)
            };
            let pooled = group
                .into_iter()
                .flatten()
                .flat_map(|r| by_subject.get(*r).into_iter().flatten().copied());
            (&s.id, model.assess(class, pooled))
        })
        .collect()
}

/// The finding that joins two records as one person seen again.
const SAME_PERSON: &str = "same_person";

#[cfg(test)]
mod tests {
    use super::*;
    use unmask_model::{Evidence, Provenance, Severity};

    fn prov() -> Provenance {
        Provenance {
            file: "t".into(),
            format: "test".into(),
            line: None,
            offset: None,
        }
    }

    fn candidate(id: &str) -> Subject {
        Subject {
            id: SubjectRef(id.into()),
            kind: SubjectKind::Candidate,
            name: "ho mai".to_string().into(),
            attributes: Default::default(),
            provenance: prov(),
        }
    }

    fn finding(subject: &str, kind: &str, severity: Severity, other: Option<&str>) -> Finding {
        Finding {
            subject: SubjectRef(subject.into()),
            kind: kind.into(),
            severity,
            explanation: String::new(),
            evidence: [Some(subject), other]
                .into_iter()
                .flatten()
                .map(|s| Evidence {
                    subject: SubjectRef(s.into()),
                    artifact: None,
                    role: None,
                    masked: None,
                    provenance: prov(),
                })
                .collect(),
            at: None,
        }
    }

    #[test]
    fn the_same_person_seen_again_shares_the_evidence_a_possible_one_does_not() {
        let model = Model::builtin().expect("model");
        let subjects: Vec<Subject> = ["g:1", "g:2", "g:3"].into_iter().map(candidate).collect();
        let findings = vec![
            finding("g:1", "intel_match", Severity::High, None),
            finding("g:1", "same_person", Severity::Info, Some("g:2")),
            finding("g:2", "same_person", Severity::Info, Some("g:1")),
            finding("g:1", "possible_same_person", Severity::Info, Some("g:3")),
            finding("g:3", "possible_same_person", Severity::Info, Some("g:1")),
        ];
        let risk: Vec<u8> = assess_all(&model, &subjects, &[], &findings)
            .into_iter()
            .map(|(_, a)| a.risk)
            .collect();
        assert!(risk[0] >= 70, "{risk:?}");
        assert_eq!(risk[0], risk[1], "{risk:?}");
        assert!(risk[2] < 10, "{risk:?}");
    }

    #[test]
    fn a_hired_person_has_one_risk_on_both_records() {
        let model = Model::builtin().expect("model");
        let mut employee = candidate("employee:E1");
        employee.kind = SubjectKind::Employee;
        let subjects = vec![candidate("g:1"), employee, candidate("g:2")];
        let relations = vec![Relation {
            from: SubjectRef("employee:E1".into()),
            kind: RelationKind::HiredFrom,
            to: Target::Subject(SubjectRef("g:1".into())),
            provenance: prov(),
        }];
        // The same evidence on a hired person and on a candidate who was not hired.
        let findings = vec![
            finding("employee:E1", "offhours_profile", Severity::High, None),
            finding("g:1", "reference_contact_mismatch", Severity::Low, None),
            finding("g:2", "offhours_profile", Severity::High, None),
            finding("g:2", "reference_contact_mismatch", Severity::Low, None),
        ];
        let risk: Vec<u8> = assess_all(&model, &subjects, &relations, &findings)
            .into_iter()
            .map(|(_, a)| a.risk)
            .collect();
        assert_eq!(risk[0], risk[1], "{risk:?}");
        let employee_prior = model.intercept(SubjectClass::Employee);
        let candidate_prior = model.intercept(SubjectClass::Candidate);
        if employee_prior < candidate_prior {
            assert!(risk[0] < risk[2], "{risk:?}");
        }
    }
}
