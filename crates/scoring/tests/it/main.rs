//! The built-in model against the promises the README makes about it: strong evidence reaches
//! risk 70 alone, an ambiguous signal does not, and the contributions add up.

use unmask_model::{Finding, Severity, SubjectRef};
use unmask_scoring::{Model, SubjectClass};

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

fn check(class: SubjectClass, findings: &[(&str, Severity)], at_least: u8, below: u8) {
    let model = Model::builtin().expect("built-in model parses");
    let findings: Vec<Finding> = findings.iter().map(|(k, s)| f(k, *s)).collect();
    let a = model.assess(class, &findings);
    let kinds: Vec<&str> = findings.iter().map(|f| f.kind.as_str()).collect();
    assert!(
        a.risk >= at_least && a.risk < below,
        "{kinds:?}: risk {} not in {at_least}..{below}",
        a.risk
    );
    let sum: f64 = a.contributions.iter().map(|c| c.points).sum();
    assert!((sum - f64::from(a.risk)).abs() <= 0.5, "{kinds:?}: {sum}");
}

#[test]
fn strong_evidence_reaches_70_alone() {
    use Severity::High;
    check(SubjectClass::Candidate, &[("intel_match", High)], 70, 101);
    check(
        SubjectClass::Employee,
        &[("rule:unmask_ip_kvm_usb_device", High)],
        70,
        101,
    );
    check(SubjectClass::Employee, &[("payout_hub", High)], 70, 101);
}

#[test]
fn an_ambiguous_signal_alone_stays_below_70() {
    use Severity::{High, Low, Medium};
    for (class, kind, severity) in [
        (
            SubjectClass::Employee,
            "rule:unmask_remote_access_tool",
            Low,
        ),
        (
            SubjectClass::Employee,
            "rule:unmask_usb_composite_gadget",
            Medium,
        ),
        (SubjectClass::Employee, "rule:unmask_mouse_jiggler", Medium),
        (SubjectClass::Employee, "shared_egress", Medium),
        (SubjectClass::Employee, "shared_hub", Low),
        (SubjectClass::Candidate, "reference_contact_mismatch", Low),
        (SubjectClass::Candidate, "shared_hub", Low),
        (SubjectClass::Employee, "hired_name_mismatch", Medium),
        (SubjectClass::Employee, "rule:a_company_rule", High),
    ] {
        check(class, &[(kind, severity)], 0, 70);
    }
}

#[test]
fn nothing_found_rounds_to_zero() {
    check(SubjectClass::Candidate, &[], 0, 1);
    check(SubjectClass::Employee, &[], 0, 1);
}

#[test]
fn five_views_of_one_address_count_once() {
    use Severity::High;
    let model = Model::builtin().expect("built-in model parses");
    let one = model.assess(SubjectClass::Employee, &[f("laptop_farm", High)]);
    let many = model.assess(
        SubjectClass::Employee,
        &[
            f("laptop_farm", High),
            f("shared_ship_to_address", High),
            f("laptop_farm", High),
            f("shared_home_address", High),
        ],
    );
    let cap = |a: &unmask_scoring::Assessment| {
        a.contributions
            .iter()
            .filter(|c| c.family == "address")
            .map(|c| c.log_odds)
            .sum::<f64>()
    };
    let family_cap = model.cap("address").expect("the model groups addresses");
    assert!(cap(&many) <= family_cap + 1e-9);
    assert!(cap(&many) >= cap(&one));
    let four_apart: f64 = [
        "laptop_farm",
        "shared_ship_to_address",
        "shared_home_address",
    ]
    .iter()
    .map(|k| model.weight(SubjectClass::Employee, k, High))
    .sum();
    assert!(cap(&many) <= four_apart + 1e-9);
}
