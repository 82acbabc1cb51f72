//! The risk rule, 0 to 100, until the scoring engine fuses evidence properly:
//!
//! - no finding above `info`: 0;
//! - otherwise the worst finding sets the base: critical 90, high 75, medium 45, low 15;
//! - each further finding *kind* at medium or above adds 5; the total is capped at 100.
//!
//! So one shared personal phone gives 75, a phone plus a persona cluster 80, two medium clues 50.

use std::collections::BTreeSet;
use unmask_model::{Finding, Severity};

pub fn score<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> u8 {
    let mut worst = Severity::Info;
    let mut kinds = BTreeSet::new();
    for f in findings {
        worst = worst.max(f.severity);
        if f.severity >= Severity::Medium {
            kinds.insert(f.kind.as_str());
        }
    }
    let base: u32 = match worst {
        Severity::Info => return 0,
        Severity::Low => 15,
        Severity::Medium => 45,
        Severity::High => 75,
        Severity::Critical => 90,
    };
    let bonus = 5 * (kinds.len().saturating_sub(1) as u32);
    (base + bonus).min(100) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use unmask_model::SubjectRef;

    fn f(kind: &str, severity: Severity) -> Finding {
        Finding {
            subject: SubjectRef("x:1".into()),
            kind: kind.into(),
            severity,
            explanation: String::new(),
            evidence: vec![],
            at: None,
        }
    }

    #[test]
    fn rule() {
        assert_eq!(score(&[]), 0);
        assert_eq!(score(&[f("a", Severity::Info)]), 0);
        assert_eq!(score(&[f("a", Severity::Low)]), 15);
        assert_eq!(score(&[f("a", Severity::High)]), 75);
        assert_eq!(score(&[f("a", Severity::High), f("a", Severity::High)]), 75);
        assert_eq!(score(&[f("a", Severity::High), f("b", Severity::High)]), 80);
        assert_eq!(
            score(&[f("a", Severity::Medium), f("b", Severity::Medium)]),
            50
        );
        let many: Vec<Finding> = (0..10)
            .map(|i| f(&format!("k{i}"), Severity::Critical))
            .collect();
        assert_eq!(score(&many), 100);
    }
}
