use super::*;

#[test]
fn references_fixture() {
    insta::assert_snapshot!(render(
        &Format::References,
        "references.csv",
        &fixture("references.csv")
    ));
}

#[test]
fn missing_columns_are_listed() {
    let input = b"candidate_id,name,email\n1,A,a@example.com\n";
    insta::assert_snapshot!(render(&Format::References, "refs.csv", input));
}

#[test]
fn missing_values_and_ragged_rows() {
    let input = b"candidate_id,reference_name,reference_email,reference_phone,relationship,stated_company\n\
,Someone,a@example.com,,,\n\
7,,b@example.com,,,\n\
8,Third,c@example.com\n";
    insta::assert_snapshot!(render(&Format::References, "refs.csv", input));
}

#[test]
fn same_rows_give_same_reference_ids() {
    let a = render(&Format::References, "a.csv", &fixture("references.csv"));
    let b = render(&Format::References, "b.csv", &fixture("references.csv"));
    let ids = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("subject"))
            .map(|l| l.split(' ').nth(1).unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
    assert_eq!(ids(&a).len(), 2);
}
