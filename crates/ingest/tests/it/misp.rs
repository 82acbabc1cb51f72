use super::*;
use serde_json::{json, Value};
use unmask_model::IndicatorKind;

fn misp(input: &str) -> String {
    render(&Format::Misp, "event.json", input.as_bytes())
}

/// A small event `n` with one email attribute and `threat_level_id` as given.
fn event(n: u32, threat_level: Value) -> Value {
    json!({"Event": {
        "uuid": format!("00000000-0000-4000-8000-00000000000{n}"),
        "info": format!("event {n}"),
        "threat_level_id": threat_level,
        "Attribute": [{
            "uuid": format!("00000000-0000-4000-9000-00000000000{n}"),
            "type": "email-src",
            "category": "Payload delivery",
            "value": format!("sender{n}@mail.example")
        }]
    }})
}

#[test]
fn event_fixture() {
    let out = render(
        &Format::Misp,
        "misp-event.json",
        &fixture("misp-event.json"),
    );
    // An account number is kept only as a keyed hash.
    assert!(!out.contains("370400440532013000"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn masked_forms_never_hold_a_whole_email_phone_or_iban() {
    let parsed = parse(
        &Format::Misp,
        "misp-event.json",
        &fixture("misp-event.json")[..],
        &canon(),
    )
    .expect("the fixture imports");
    let mut checked = 0;
    for i in &parsed.batch.indicators {
        if matches!(
            i.kind,
            IndicatorKind::Email | IndicatorKind::Phone | IndicatorKind::BankAccount
        ) {
            assert!(i.masked.contains("***"), "{} {}", i.id, i.masked);
            assert!(
                !i.masked.contains(i.matcher.value()),
                "{} {}",
                i.id,
                i.masked
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}

#[test]
fn fixture_kinds_and_attribution() {
    let parsed = parse(
        &Format::Misp,
        "misp-event.json",
        &fixture("misp-event.json")[..],
        &canon(),
    )
    .expect("the fixture imports");
    let kinds: Vec<(IndicatorKind, &str)> = parsed
        .batch
        .indicators
        .iter()
        .map(|i| (i.kind, i.matcher.op()))
        .collect();
    for kind in IndicatorKind::ALL {
        if kind != IndicatorKind::Handle {
            assert!(
                kinds.iter().any(|(k, _)| *k == kind),
                "no {kind}: {kinds:?}"
            );
        }
    }
    let first = &parsed.batch.indicators[0];
    assert_eq!(first.confidence, Some(85));
    assert!(first
        .description
        .contains("attributed to Moonlit Kettle (aliases MK-9, Teapot Crew)"));
    assert!(first.valid_from.is_none() && first.valid_until.is_none());
    // The object attribute with a supported type; the deleted object gives nothing.
    assert!(parsed
        .batch
        .indicators
        .iter()
        .any(|i| i.id == "7b1c0002-1111-4a2b-8c3d-000000000001"));
    assert!(!parsed
        .batch
        .indicators
        .iter()
        .any(|i| i.id == "7b1c0003-1111-4a2b-8c3d-000000000001"));
}

#[test]
fn three_envelopes() {
    let single = event(1, json!("2")).to_string();
    let response = json!({"response": [event(1, json!(2)), event(2, json!("3"))]}).to_string();
    let array = json!([
        event(1, json!("4")),
        event(2, Value::Null),
        event(3, json!(1))
    ])
    .to_string();
    let mut out = String::new();
    for (name, input) in [("single", single), ("response", response), ("array", array)] {
        let _ = writeln!(out, "# {name}\n{}", misp(&input));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn rejected_events() {
    let no_attribute_uuid = json!({"Event": {
        "uuid": "00000000-0000-4000-8000-000000000001",
        "info": "x",
        "Attribute": [
            {"uuid": "00000000-0000-4000-9000-000000000001", "type": "email", "value": "a@mail.example"},
            {"type": "email", "value": "b@mail.example"}
        ],
        "Object": [{"name": "person", "Attribute": [{"type": "ip-src", "value": "192.0.2.1"}]}]
    }});
    let no_event_uuid = json!({"Event": {"info": "x", "Attribute": []}});
    let bad_level = event(1, json!("9"));
    let wrong_type =
        json!({"Event": {"uuid": "u", "Attribute": [{"uuid": "a", "type": 5, "value": "x"}]}});
    let mut out = String::new();
    for (name, input) in [
        ("attribute without uuid", no_attribute_uuid.to_string()),
        ("event without uuid", no_event_uuid.to_string()),
        ("threat level 9", bad_level.to_string()),
        ("type is a number", wrong_type.to_string()),
        ("neither Event nor response", "{\"event\": {}}".to_string()),
        (
            "truncated",
            "{\"Event\": {\"uuid\": \"u\", \"Attribute\": [".to_string(),
        ),
        ("a string", "\"event\"".to_string()),
    ] {
        let rendered = misp(&input);
        assert!(rendered.starts_with("error: "), "{name}: {rendered}");
        let _ = writeln!(out, "# {name}\n{rendered}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn skipped_types_are_summarised_once_per_type() {
    let attribute = |i: u32, kind: &str| json!({"uuid": format!("00000000-0000-4000-9000-0000000000{i:02}"), "type": kind, "value": "x"});
    let attributes: Vec<Value> = (0..12)
        .map(|i| attribute(i, "sha256"))
        .chain([attribute(20, "md5"), attribute(21, "filename")])
        .collect();
    let input = json!([
        {"Event": {"uuid": "e1", "info": "a", "Attribute": attributes}},
        {"Event": {"uuid": "e2", "info": "b", "Attribute": [attribute(30, "md5")]}}
    ]);
    let out = misp(&input.to_string());
    assert!(
        out.contains("12 attributes of type `sha256` skipped: not a kind unmask matches"),
        "{out}"
    );
    assert!(out.contains("2 attributes of type `md5` skipped"), "{out}");
    assert!(
        out.contains("1 attribute of type `filename` skipped"),
        "{out}"
    );
    assert_eq!(out.matches("of type `md5`").count(), 1, "{out}");
}

#[test]
fn garbage_never_panics() {
    let data = fixture("misp-event.json");
    for end in (0..data.len()).step_by(11) {
        let _ = parse(&Format::Misp, "prefix.json", &data[..end], &canon());
    }
}
