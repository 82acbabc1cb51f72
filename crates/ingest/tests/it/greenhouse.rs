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
