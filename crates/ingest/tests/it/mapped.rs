use super::*;

#[test]
fn mapped_csv_fixture() {
    insta::assert_snapshot!(render(&mapping(), "workday.csv", &fixture("workday.csv")));
}

#[test]
fn mapping_errors_suggest_kinds() {
    let text = "system = \"x\"\nsubject_kind = \"candidate\"\nid_column = \"ID\"\n[columns]\n\"Mail\" = \"emial\"\n";
    let err = Mapping::from_toml("m.toml", text)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    insta::assert_snapshot!(err);
    let text = "system = \"x\"\nsubject_kind = \"vendor\"\nid_column = \"ID\"\n[columns]\n";
    let err = Mapping::from_toml("m.toml", text)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        err,
        "mapping `m.toml`: `subject_kind` is `vendor`; use `candidate` or `employee`"
    );
}

#[test]
fn mapped_columns_must_exist() {
    insta::assert_snapshot!(render(
        &mapping(),
        "other.csv",
        b"Worker ID,Legal Name\nW-1,A B\n"
    ));
}
