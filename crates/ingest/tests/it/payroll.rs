use super::*;

#[test]
fn payroll_fixture() {
    let out = render(&Format::Payroll, "payroll.csv", &fixture("payroll.csv"));
    // Account numbers are stored as a keyed hash, never in the clear.
    assert!(!out.contains("370400440532013000"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_iban_is_skipped_with_a_warning() {
    let input = b"employee_id,candidate_id,work_email,legal_name,bank_country,iban_or_account,payment_provider,home_address,home_city,home_country,hire_date,termination_date\n\
E3,,c@acme.example,E F,DE,DE89 3704 0044 0532 0130 01,bank,,,,2026-01-01,\n";
    insta::assert_snapshot!(render(&Format::Payroll, "payroll.csv", input));
}

#[test]
fn bad_dates() {
    let input = b"employee_id,candidate_id,work_email,legal_name,bank_country,iban_or_account,payment_provider,home_address,home_city,home_country,hire_date,termination_date\n\
E1,,a@acme.example,A B,DE,DE89 3704 0044 0532 0130 01,bank,,,,2026-13-01,\n\
E2,,b@acme.example,C D,DE,DE89 3704 0044 0532 0130 01,bank,,,,2026-01-01,soon\n\
E3,,c@acme.example,E F,DE,DE89 3704 0044 0532 0130 01,bank,,,,2026-01-01,\n";
    insta::assert_snapshot!(render(&Format::Payroll, "payroll.csv", input));
}
