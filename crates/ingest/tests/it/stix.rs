use super::*;
use serde_json::{json, Value};
use unmask_model::IndicatorKind;

/// A bundle with one object per line, so each problem's line names its object.
fn bundle(objects: &[Value]) -> String {
    let objects: Vec<String> = objects.iter().map(Value::to_string).collect();
    format!(
        "{{\n\"type\": \"bundle\",\n\"id\": \"bundle--00000000-0000-4000-8000-000000000000\",\n\"objects\": [\n{}\n]\n}}\n",
        objects.join(",\n")
    )
}

/// A valid indicator `indicator--...000n` with `fields` replacing or adding (`null` removes).
fn indicator(n: u32, fields: Value) -> Value {
    let mut object = json!({
        "type": "indicator",
        "spec_version": "2.1",
        "id": format!("indicator--00000000-0000-4000-8000-00000000000{n}"),
        "created": "2024-01-01T00:00:00.000Z",
        "modified": "2024-01-01T00:00:00.000Z",
        "pattern": "[email-addr:value = 'someone@mail.example']",
        "pattern_type": "stix",
        "valid_from": "2024-01-01T00:00:00Z"
    });
    if let (Some(o), Some(f)) = (object.as_object_mut(), fields.as_object()) {
        for (k, v) in f {
            if v.is_null() {
                o.remove(k);
            } else {
                o.insert(k.clone(), v.clone());
            }
        }
    }
    object
}

fn stix(input: &str) -> String {
    render(&Format::Stix, "bundle.json", input.as_bytes())
}

#[test]
fn bundle_fixture() {
    let out = render(
        &Format::Stix,
        "stix-bundle.json",
        &fixture("stix-bundle.json"),
    );
    // Masked forms never hold a whole email address.
    for line in out.lines().filter(|l| l.starts_with("indicator ")) {
        if line.contains(" email exact ") {
            let masked = line.split(" (").nth(1).unwrap_or("");
            assert!(masked.contains("***@"), "{line}");
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn fixture_indicators_by_kind_and_operator() {
    let parsed = parse(
        &Format::Stix,
        "stix-bundle.json",
        &fixture("stix-bundle.json")[..],
        &canon(),
    )
    .expect("the fixture imports");
    let seen = |kind: IndicatorKind, op: &str, value: &str| {
        parsed
            .batch
            .indicators
            .iter()
            .any(|i| i.kind == kind && i.matcher.op() == op && i.matcher.value() == value)
    };
    assert!(seen(
        IndicatorKind::Email,
        "exact",
        "recruit.kettle+jobs@mail.example"
    ));
    assert!(seen(IndicatorKind::Email, "exact", "o'kettle@mail.example"));
    assert!(seen(IndicatorKind::Ip, "exact", "192.0.2.10"));
    assert!(seen(IndicatorKind::Ip, "cidr", "198.51.100.0/24"));
    assert!(seen(IndicatorKind::Ip, "exact", "203.0.113.7"));
    assert!(seen(IndicatorKind::Ip, "cidr", "2001:db8::/32"));
    assert!(seen(IndicatorKind::Domain, "like", "%.kettle.example"));
    assert!(seen(IndicatorKind::Domain, "exact", "kettle.example"));
    assert!(seen(IndicatorKind::Handle, "like", "devops_%"));
    assert!(seen(IndicatorKind::Handle, "exact", "kettle.ops"));
    assert!(seen(
        IndicatorKind::Profile,
        "exact",
        "github:kettle-dev-01"
    ));
    assert!(seen(
        IndicatorKind::Profile,
        "exact",
        "linkedin:jane-fakename-0a1b"
    ));
    // Observed data, both styles.
    assert!(seen(IndicatorKind::Ip, "exact", "203.0.113.45"));
    assert!(seen(IndicatorKind::Handle, "exact", "kettleadmin"));
    assert!(seen(IndicatorKind::Domain, "exact", "relay.kettle.example"));
    assert!(seen(IndicatorKind::Profile, "exact", "telegram:kettle_ops"));
    assert!(seen(IndicatorKind::Ip, "exact", "2001:db8::7"));
    // The newest version of an object counts; revoked and unsupported ones give nothing.
    assert!(seen(IndicatorKind::Email, "exact", "v2@mail.example"));
    assert!(!seen(IndicatorKind::Email, "exact", "v1@mail.example"));
    assert!(!seen(
        IndicatorKind::Email,
        "exact",
        "withdrawn@mail.example"
    ));
    assert!(!seen(IndicatorKind::Email, "exact", "a@mail.example"));
}

#[test]
fn expired_indicator_is_imported_and_expires_when_matched() {
    let parsed = parse(
        &Format::Stix,
        "stix-bundle.json",
        &fixture("stix-bundle.json")[..],
        &canon(),
    )
    .expect("the fixture imports");
    let old = parsed
        .batch
        .indicators
        .iter()
        .find(|i| i.id == "indicator--a1f7e0e2-6c1f-4a52-9b35-0f4b7b0c0005")
        .expect("the expired indicator is kept");
    assert_eq!(old.valid_until.as_deref(), Some("2022-01-01T00:00:00.000Z"));
    assert!(old.valid_at("2021-06-01T00:00:00Z"));
    assert!(!old.valid_at("2024-06-01T00:00:00Z"));
}

#[test]
fn unsupported_patterns_are_skipped_with_a_warning() {
    let input = bundle(&[
        indicator(
            1,
            json!({"pattern": "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"}),
        ),
        indicator(
            2,
            json!({"pattern": "[email-addr:value = 'a@mail.example' AND domain-name:value = 'mail.example']"}),
        ),
        indicator(
            3,
            json!({"pattern": "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2'] WITHIN 60 SECONDS"}),
        ),
        indicator(
            4,
            json!({"pattern": "[url:value LIKE 'https://github.com/%']"}),
        ),
        indicator(
            5,
            json!({"pattern": "[email-addr:value NOT = 'a@mail.example'] OR [email-addr:value MATCHES '^a']"}),
        ),
        indicator(
            6,
            json!({"pattern_type": "yara", "pattern": "rule x { condition: true }"}),
        ),
        indicator(7, json!({})),
    ]);
    let out = stix(&input);
    assert!(out.starts_with("records: 1\n"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn malformed_json_is_rejected_with_its_line() {
    let data = fixture("stix-bundle.json");
    let text = String::from_utf8(data).expect("utf-8");
    let cut = &text[..text.len() / 2];
    let mut out = String::new();
    for (name, input) in [
        ("truncated", cut),
        ("not json", "{\"type\": \"bundle\", \"id\": bundle--1}"),
        (
            "trailing data",
            "{\"type\": \"bundle\", \"id\": \"bundle--1\", \"objects\": []}\n{}",
        ),
        ("empty", ""),
        ("array", "[{\"type\": \"bundle\"}]"),
        (
            "an indicator, not a bundle",
            "{\"type\": \"indicator\", \"id\": \"indicator--1\"}",
        ),
        ("no bundle id", "{\"type\": \"bundle\", \"objects\": []}"),
        (
            "objects not a list",
            "{\"type\": \"bundle\", \"id\": \"bundle--1\", \"objects\": {}}",
        ),
    ] {
        let rendered = stix(input);
        assert!(rendered.starts_with("error: "), "{name}: {rendered}");
        let _ = writeln!(out, "# {name}\n{rendered}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn bad_fields_reject_the_bundle_and_name_every_one() {
    let input = bundle(&[
        indicator(1, json!({})),
        indicator(
            2,
            json!({"valid_from": "2024-13-01T00:00:00Z", "valid_until": "yesterday"}),
        ),
        indicator(3, json!({"valid_from": "2024-01-01T09:00:00+09:00"})),
        indicator(4, json!({"valid_until": "2023-12-31T00:00:00Z"})),
        indicator(5, json!({"valid_from": null})),
        indicator(6, json!({"confidence": 150})),
        indicator(7, json!({"confidence": "high"})),
        indicator(8, json!({"confidence": 50.5})),
        indicator(9, json!({"pattern": 7})),
        json!({"type": "indicator", "pattern": "[email-addr:value = 'x@mail.example']"}),
        json!({"id": "indicator--00000000-0000-4000-8000-0000000000aa"}),
        json!({"type": "observed-data", "id": "observed-data--00000000-0000-4000-8000-000000000001", "confidence": -1, "object_refs": []}),
    ]);
    let out = stix(&input);
    // Nothing is imported, not even the good indicator.
    assert!(!out.contains("indicator indicator--"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn broken_patterns_reject_the_bundle() {
    let input = bundle(&[
        indicator(1, json!({"pattern": "[email-addr:value = 'a@mail.example"})),
        indicator(
            2,
            json!({"pattern": "[email-addr:value = 'a@mail.example'"}),
        ),
        indicator(
            3,
            json!({"pattern": "[email-addr:value = 'a@mail.example']]"}),
        ),
        indicator(
            4,
            json!({"pattern": "[email-addr:value IN ('a@mail.example' 'b@mail.example')]"}),
        ),
        indicator(5, json!({"pattern": null})),
    ]);
    insta::assert_snapshot!(stix(&input));
}

#[test]
fn observed_data_warnings() {
    let input = bundle(&[
        json!({"type": "observed-data", "id": "observed-data--00000000-0000-4000-8000-000000000001",
               "object_refs": ["ipv4-addr--00000000-0000-4000-8000-000000000009", "file--00000000-0000-4000-8000-000000000001"]}),
        json!({"type": "file", "id": "file--00000000-0000-4000-8000-000000000001", "name": "a.exe"}),
        json!({"type": "observed-data", "id": "observed-data--00000000-0000-4000-8000-000000000002",
               "objects": {"0": {"type": "email-addr", "value": "not-an-address"}, "1": {"type": "ipv4-addr"}}}),
        json!({"type": "observed-data", "id": "observed-data--00000000-0000-4000-8000-000000000003",
               "objects": {"0": {"type": "ipv4-addr", "value": "2001:db8::1"}}}),
    ]);
    insta::assert_snapshot!(stix(&input));
}

#[test]
fn garbage_never_panics() {
    let data = fixture("stix-bundle.json");
    for end in (0..data.len()).step_by(13) {
        let _ = parse(&Format::Stix, "prefix.json", &data[..end], &canon());
    }
    for seed in 0u32..200 {
        let bytes: Vec<u8> = (0..64)
            .map(|i| (seed.wrapping_mul(2654435761).wrapping_add(i * 97) >> 7) as u8)
            .collect();
        let _ = parse(&Format::Stix, "noise.json", &bytes[..], &canon());
    }
    // Patterns of any shape parse or are refused, never panic or overflow the stack.
    let alphabet = [
        "[",
        "]",
        "(",
        ")",
        "'",
        "\\",
        " OR ",
        " AND ",
        "email-addr:value",
        " = ",
        "x",
        "é",
        ",",
    ];
    for seed in 0u32..500 {
        let pattern: String = (0..24)
            .map(|i| {
                alphabet[(seed.wrapping_mul(2654435761).wrapping_add(i * 40503) >> 9) as usize
                    % alphabet.len()]
            })
            .collect();
        let input = bundle(&[indicator(1, json!({ "pattern": pattern }))]);
        let _ = parse(&Format::Stix, "p.json", input.as_bytes(), &canon());
    }
}
