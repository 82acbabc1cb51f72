use super::*;

#[test]
fn candidates_fixture() {
    insta::assert_snapshot!(render(
        &Format::Greenhouse,
        "candidates.json",
        &fixture("candidates.json")
    ));
}

#[test]
fn json_lines_are_accepted() {
    let input = b"{\"id\": 1, \"first_name\": \"A\", \"last_name\": \"B\"}\n{\"id\": 2, \"first_name\": \"C\", \"last_name\": \"D\"}\n";
    let out = render(&Format::Greenhouse, "c.jsonl", input);
    assert!(out.starts_with("records: 2\n"), "{out}");
}

/// A file of one candidate object (as `GET /v1/candidates/{id}` returns it) names a bad field
/// by its line and path, with no array index the file does not have.
#[test]
fn a_single_candidate_names_fields_without_an_index() {
    let input = b"{\"id\": 1, \"first_name\": \"A\", \"last_name\": \"B\",\n \"phone_numbers\": [{\"value\": \"12\", \"type\": \"mobile\"}]}\n";
    let out = render(&Format::Greenhouse, "one.json", input);
    assert!(out.contains("field `phone_numbers[0].value`"), "{out}");
    assert!(!out.contains("[0].phone_numbers"), "{out}");
    let array = render(
        &Format::Greenhouse,
        "many.json",
        &[b"[", &input[..], b"]"].concat(),
    );
    assert!(
        array.contains("field `[0].phone_numbers[0].value`"),
        "{array}"
    );
}

#[test]
fn truncated_json_is_rejected_with_its_line() {
    let input = b"[\n  {\"id\": 1, \"first_name\": \"A\"},\n  {\"id\": 2, \"first_name\": \"B\"";
    insta::assert_snapshot!(render(&Format::Greenhouse, "cut.json", input));
}

#[test]
fn wrong_types_name_the_field_and_every_bad_record() {
    let input = b"[\n {\"id\": \"abc\"},\n {\"id\": 5, \"email_addresses\": [{\"value\": 17}]},\n {\"id\": 6}\n]";
    insta::assert_snapshot!(render(&Format::Greenhouse, "types.json", input));
}

#[test]
fn not_an_array() {
    insta::assert_snapshot!(render(&Format::Greenhouse, "x.json", b"\"candidates\""));
}

#[test]
fn utf16_and_invalid_utf8_are_rejected() {
    insta::assert_snapshot!(render(
        &Format::Greenhouse,
        "u16.json",
        &[0xFF, 0xFE, b'[', 0, b']', 0]
    ));
    insta::assert_snapshot!(render(
        &Format::Greenhouse,
        "latin1.json",
        b"[\n{\"id\": 1, \"first_name\": \"Jos\xe9\"}]"
    ));
}

#[test]
fn huge_field_is_rejected() {
    let long = "x".repeat(2000);
    let input = format!("[{{\"id\": 1, \"first_name\": \"{long}\"}}]");
    insta::assert_snapshot!(render(&Format::Greenhouse, "huge.json", input.as_bytes()));
}

#[test]
fn garbage_never_panics() {
    // A crude fuzz: every prefix of the fixture either parses or is rejected, never panics.
    let data = fixture("candidates.json");
    for end in (0..data.len()).step_by(7) {
        let _ = parse(&Format::Greenhouse, "prefix.json", &data[..end], &canon());
    }
    for seed in 0u32..200 {
        let bytes: Vec<u8> = (0..64)
            .map(|i| (seed.wrapping_mul(2654435761).wrapping_add(i * 97) >> 7) as u8)
            .collect();
        let _ = parse(&Format::Greenhouse, "noise.json", &bytes[..], &canon());
    }
}

/// Phones found for `[index]` in a parse with `canon`, and the national-number tally.
fn phones(canon: &Canonicalizer, input: &[u8]) -> (Vec<String>, String, Vec<String>) {
    let parsed = parse(&Format::Greenhouse, "c.json", input, canon).expect("parses");
    let found = parsed
        .batch
        .observations
        .iter()
        .filter(|o| o.artifact.kind == unmask_model::ArtifactKind::Phone)
        .map(|o| format!("{} {}", o.subject, o.artifact.canonical.expose()))
        .collect();
    let p = parsed.national_phones;
    let tally = format!(
        "record {} default {} format {} dropped {}",
        p.from_record, p.from_default, p.from_format, p.dropped
    );
    let warnings = parsed.warnings.iter().map(|w| w.to_string()).collect();
    (found, tally, warnings)
}

#[test]
fn national_phones_are_read_in_the_country_the_record_gives() {
    // One candidate per source of a country: an application's location, a US address with a
    // ZIP code, a stated country; a fourth with nothing, a fifth with `+country`, and a sixth
    // who lives in Germany and gives a number written the American way.
    let input = br#"[
{"id": 1, "first_name": "A", "last_name": "B", "phone_numbers": [{"value": "(206) 280-6416", "type": "mobile"}],
 "applications": [{"location": {"address": "Seattle, United States"}}]},
{"id": 2, "first_name": "C", "last_name": "D", "phone_numbers": [{"value": "323.273.3570", "type": "mobile"}],
 "addresses": [{"value": "6615 Adams Ln, Los Angeles, CA 90066", "type": "home"}]},
{"id": 3, "first_name": "E", "last_name": "F", "phone_numbers": [{"value": "07911 123456", "type": "mobile"}],
 "custom_fields": {"current_country": "United Kingdom"}},
{"id": 4, "first_name": "G", "last_name": "H", "phone_numbers": [{"value": "2062806417", "type": "mobile"}]},
{"id": 5, "first_name": "I", "last_name": "J", "phone_numbers": [{"value": "+44 7911 123457", "type": "mobile"}]},
{"id": 6, "first_name": "K", "last_name": "L", "phone_numbers": [{"value": "(929) 642-6966", "type": "mobile"}],
 "addresses": [{"value": "Bahnhofstrasse 169, Frankfurt, Germany", "type": "home"}]}
]"#;
    let bare = Canonicalizer::new([7u8; 32]);
    let (found, tally, warnings) = phones(&bare, input);
    assert_eq!(
        found,
        [
            "greenhouse:1 +12062806416",
            "greenhouse:2 +13232733570",
            "greenhouse:3 +447911123456",
            "greenhouse:5 +447911123457",
            "greenhouse:6 +19296426966",
        ]
    );
    assert_eq!(tally, "record 3 default 0 format 1 dropped 1");
    // The one dropped is named by file, line and field.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("c.json:8")
            && warnings[0].contains("[3].phone_numbers[0].value")
            && warnings[0].contains("no `+country` prefix"),
        "{}",
        warnings[0]
    );

    // With a default region the fourth is read there; the record's own country still wins.
    let (found, tally, warnings) = phones(&canon(), input);
    assert_eq!(found.len(), 6, "{found:?}");
    assert!(found.contains(&"greenhouse:4 +12062806417".to_string()));
    assert_eq!(tally, "record 3 default 2 format 0 dropped 0");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn the_ip_an_application_came_from_is_an_artifact() {
    let input = br#"[
{"id": 1, "first_name": "A", "last_name": "B", "custom_fields": {"application_ip": "203.0.113.7"}},
{"id": 2, "first_name": "C", "last_name": "D", "custom_fields": {"application_ip": "not an ip"}}
]"#;
    let parsed = parse(&Format::Greenhouse, "c.json", &input[..], &canon()).expect("parses");
    let ips: Vec<String> = parsed
        .batch
        .observations
        .iter()
        .filter(|o| o.artifact.kind == unmask_model::ArtifactKind::IpAddress)
        .map(|o| format!("{} {} {}", o.subject, o.role, o.artifact.canonical.expose()))
        .collect();
    assert_eq!(ips, ["greenhouse:1 application 203.0.113.7"]);
    let warned: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.contains("c.json:3") && w.contains("custom_fields.application_ip")),
        "{warned:?}"
    );
}
