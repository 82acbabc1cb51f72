//! `unmask context` on a small hand-made company (`tests/fixtures/context/`) with no
//! `unmask.toml`: the office is inferred from where local staff's laptops go and its staff are
//! not accused of a laptop farm; the house receiving laptops for people from three other cities
//! still is; `[[not_office]]` overrides the inference.

use super::{json, ok};
use std::path::Path;

fn ingested() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/context");
    for (format, file) in [("payroll", "payroll.csv"), ("devices", "devices.csv")] {
        let path = fixtures.join(file);
        ok(
            tmp.path(),
            &["ingest", format, path.to_str().expect("utf-8 path")],
        );
    }
    tmp
}

/// Finding kinds of a subject in the export.
fn kinds(dir: &Path, who: &str) -> Vec<String> {
    let export = json(&ok(dir, &["export"]).stdout);
    export["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .filter(|s| s["ref"] == who)
        .flat_map(|s| s["findings"].as_array().expect("findings").clone())
        .map(|f| f["kind"].as_str().expect("kind").to_string())
        .collect()
}

#[test]
fn the_office_is_inferred_and_the_farm_is_not() {
    let tmp = ingested();
    let dir = tmp.path();
    ok(dir, &["analyze"]);
    let listed = json(&ok(dir, &["context", "--format", "json"]).stdout);
    let listed = listed.as_array().expect("inferences");
    let office = listed
        .iter()
        .find(|i| i["verdict"] == "office")
        .expect("an office");
    assert_eq!(office["status"], "inferred");
    assert_eq!(office["households"], 4);
    assert_eq!(office["local"], 3);
    assert!(office["shown"].as_str().expect("shown").contains("market"));
    let farm = listed
        .iter()
        .find(|i| i["verdict"] == "laptop_farm_like")
        .expect("a farm");
    assert_eq!(farm["elsewhere"], 3);
    assert!(!farm["shown"].as_str().expect("shown").contains("farm"));

    let office_staff = kinds(dir, "employee:E1");
    assert!(
        office_staff.contains(&"office_inferred".to_string()),
        "{office_staff:?}"
    );
    assert!(!office_staff
        .iter()
        .any(|k| k == "laptop_farm" || k == "shared_ship_to_address"));
    let farmed = kinds(dir, "employee:E5");
    assert!(farmed.contains(&"laptop_farm".to_string()), "{farmed:?}");

    let table = ok(dir, &["context"]).stdout;
    assert!(table.starts_with("VERDICT"), "{table}");
    assert!(
        table.contains("office") && table.contains("inferred"),
        "{table}"
    );
}

#[test]
fn not_office_in_unmask_toml_overrides_the_inference() {
    let tmp = ingested();
    let dir = tmp.path();
    std::fs::write(
        dir.join("unmask.toml"),
        "[[not_office]]\nreason = \"a co-working space anyone can use\"\nkind = \"postal_address\"\n\
         value = \"500 Market Street\"\ncity = \"San Francisco\"\ncountry = \"US\"\n",
    )
    .expect("write config");
    ok(dir, &["analyze"]);
    let listed = json(&ok(dir, &["context", "--format", "json"]).stdout);
    let office = listed
        .as_array()
        .expect("inferences")
        .iter()
        .find(|i| i["verdict"] == "office")
        .cloned()
        .expect("an office");
    assert_eq!(office["status"], "rejected");
    assert_eq!(office["by"], "a co-working space anyone can use");
    let staff = kinds(dir, "employee:E1");
    assert!(staff.contains(&"laptop_farm".to_string()), "{staff:?}");
}
