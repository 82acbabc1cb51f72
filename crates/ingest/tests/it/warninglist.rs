use super::*;
use serde_json::json;

fn list(input: &str) -> String {
    render(&Format::MispWarninglist, "list.json", input.as_bytes())
}

#[test]
fn cidr_fixture() {
    insta::assert_snapshot!(render(
        &Format::MispWarninglist,
        "warninglist-cidr.json",
        &fixture("warninglist-cidr.json")
    ));
}

#[test]
fn every_supported_type() {
    let mut out = String::new();
    for (kind, entries) in [
        ("string", json!(["8.8.8.8", " Free.Mail.Example ", ""])),
        ("hostname", json!(["VPN.example", ".relay.example"])),
        ("substring", json!(["Astrill", "egress"])),
    ] {
        let input = json!({
            "name": format!("Example {kind} list"),
            "version": "3",
            "description": "synthetic",
            "type": kind,
            "list": entries
        });
        let _ = writeln!(out, "# {kind}\n{}", list(&input.to_string()));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn rejected_lists() {
    let mut out = String::new();
    for (name, input) in [
        (
            "regex",
            json!({"name": "r", "type": "regex", "list": ["^.*\\.example$"]}).to_string(),
        ),
        (
            "bad cidr",
            "{\n\"name\": \"n\",\n\"type\": \"cidr\",\n\"list\": [\n\"192.0.2.0/24\",\n\"198.51.100.0/33\",\n\"not-an-ip\",\n7\n]\n}".to_string(),
        ),
        ("missing name, type and list", json!({"version": 1}).to_string()),
        (
            "bad version",
            json!({"name": "n", "version": "one", "type": "string", "list": []}).to_string(),
        ),
        ("truncated", "{\"name\": \"n\", \"list\": [\"a\"".to_string()),
        ("an array", "[\"8.8.8.8\"]".to_string()),
    ] {
        let rendered = list(&input);
        assert!(rendered.starts_with("error: "), "{name}: {rendered}");
        let _ = writeln!(out, "# {name}\n{rendered}");
    }
    insta::assert_snapshot!(out);
}
