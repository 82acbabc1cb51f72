//! Fuzz targets: every importer, the STIX pattern parser, the Sigma rule loader, the mapping-file
//! loader and the canonicalisers, each a function from arbitrary bytes to nothing that must not
//! panic, hang or allocate without bound.
//!
//! The same functions serve two drivers: `src/main.rs` (AFL++ through `cargo afl`, behind the
//! `afl` feature, or one input from stdin without it) and `tests/it/main.rs`, which replays every
//! committed corpus file and crash reproducer, so a normal `cargo test` needs no AFL.

use std::io::Cursor;
use std::sync::OnceLock;
use unmask_ingest::{parse, parse_events, Format, Mapping};
use unmask_model::canon::{self, Canonicalizer};
use unmask_model::{ArtifactKind, Event};
use unmask_sigma::{RuleSet, Source};

/// One fuzz target: a name (its corpus folder under `fuzz/corpus/`) and the function under test.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

/// Every target, in the order `fuzz/run.sh` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "canon",
        run: canonicalisers,
    },
    Target {
        name: "stix-pattern",
        run: stix_pattern,
    },
    Target {
        name: "mapping",
        run: mapping,
    },
    Target {
        name: "sigma",
        run: sigma,
    },
    Target {
        name: "greenhouse",
        run: |b| import(&Format::Greenhouse, b),
    },
    Target {
        name: "references",
        run: |b| import(&Format::References, b),
    },
    Target {
        name: "payroll",
        run: |b| import(&Format::Payroll, b),
    },
    Target {
        name: "devices",
        run: |b| import(&Format::Devices, b),
    },
    Target {
        name: "csv",
        run: csv,
    },
    Target {
        name: "stix",
        run: |b| import(&Format::Stix, b),
    },
    Target {
        name: "misp",
        run: |b| import(&Format::Misp, b),
    },
    Target {
        name: "misp-warninglist",
        run: |b| import(&Format::MispWarninglist, b),
    },
    Target {
        name: "okta",
        run: |b| telemetry(&Format::Okta, b),
    },
    Target {
        name: "entra",
        run: |b| telemetry(&Format::Entra, b),
    },
    Target {
        name: "github-audit",
        run: |b| telemetry(&Format::GithubAudit, b),
    },
    Target {
        name: "osquery",
        run: |b| telemetry(&Format::Osquery, b),
    },
    Target {
        name: "evtx",
        run: |b| telemetry(&Format::Evtx, b),
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

fn canonicalizer() -> &'static Canonicalizer {
    static CANON: OnceLock<Canonicalizer> = OnceLock::new();
    CANON.get_or_init(|| {
        Canonicalizer::new([7u8; 32])
            .with_default_region("US")
            .expect("US is a phone region")
    })
}

/// A whole-file importer (`ingest::parse`).
fn import(format: &Format, bytes: &[u8]) {
    let _ = parse(format, "fuzz", bytes, canonicalizer());
}

/// A streaming telemetry importer (`ingest::parse_events`); the sink keeps nothing.
fn telemetry(format: &Format, bytes: &[u8]) {
    let mut sink = |_: Event| Ok(());
    let _ = parse_events(
        format,
        "fuzz",
        Cursor::new(bytes),
        canonicalizer(),
        &mut sink,
    );
}

/// The mapping used by the `csv` target: the ingest fixture's Workday mapping.
const CSV_MAPPING: &str = include_str!("../../crates/ingest/tests/fixtures/workday-mapping.toml");
/// The CSV the `mapping` target imports with each mapping that loads.
const MAPPED_CSV: &[u8] = include_bytes!("../../crates/ingest/tests/fixtures/workday.csv");

/// The generic CSV importer with a fixed mapping.
fn csv(bytes: &[u8]) {
    static FORMAT: OnceLock<Format> = OnceLock::new();
    let format = FORMAT.get_or_init(|| {
        let mapping = Mapping::from_toml("workday-mapping.toml", CSV_MAPPING)
            .expect("the fixture mapping loads");
        Format::Csv(Box::new(mapping))
    });
    import(format, bytes);
}

/// The mapping-file loader; a mapping that loads then imports a small CSV, so every column,
/// role and attribute it names is exercised.
fn mapping(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(mapping) = Mapping::from_toml("fuzz.toml", text) {
        import(&Format::Csv(Box::new(mapping)), MAPPED_CSV);
    }
}

/// The STIX pattern parser, reached through the importer's public entry: the input is the
/// `pattern` of the one indicator in a bundle.
fn stix_pattern(bytes: &[u8]) {
    let pattern = String::from_utf8_lossy(bytes);
    let bundle = serde_json::json!({
        "type": "bundle",
        "id": "bundle--6f6c1a3e-9d2b-4a8e-8f0a-0c6a3c4f5e21",
        "objects": [{
            "type": "indicator",
            "spec_version": "2.1",
            "id": "indicator--2f1c0b7e-5a4d-4c3b-9e8f-7a6b5c4d3e2f",
            "created": "2026-01-01T00:00:00Z",
            "modified": "2026-01-01T00:00:00Z",
            "pattern": pattern,
            "pattern_type": "stix",
            "valid_from": "2026-01-01T00:00:00Z",
        }],
    });
    import(&Format::Stix, bundle.to_string().as_bytes());
}

/// Events the `sigma` target evaluates each rule set on: the ingest fixtures' Okta sign-ins.
fn sample_events() -> &'static [Event] {
    static EVENTS: OnceLock<Vec<Event>> = OnceLock::new();
    EVENTS.get_or_init(|| {
        let okta = include_bytes!("../../crates/ingest/tests/fixtures/telemetry/okta.jsonl");
        let mut events = Vec::new();
        let mut sink = |event: Event| {
            events.push(event);
            Ok(())
        };
        let _ = parse_events(
            &Format::Okta,
            "okta.jsonl",
            Cursor::new(&okta[..]),
            canonicalizer(),
            &mut sink,
        );
        events
    })
}

/// The Sigma rule loader on one rule file, then the rules that loaded over a few events.
fn sigma(bytes: &[u8]) {
    let source = Source {
        name: "fuzz.yml".to_string(),
        text: String::from_utf8_lossy(bytes).into_owned(),
    };
    let (rules, _report) = RuleSet::from_sources([source]);
    if rules.rule_count() > 0 {
        for event in sample_events() {
            let _ = rules.evaluate(event);
        }
    }
}

/// Every canonicaliser on the input as one string; the functions that take a canonical form
/// (masks, URL hosts) on what canonicalising it gave; `names_match` and `same_person_names` on
/// its first line against the rest.
fn canonicalisers(bytes: &[u8]) {
    let raw = String::from_utf8_lossy(bytes);
    let c = canonicalizer();
    for kind in ArtifactKind::ALL {
        for country in [None, Some("GB"), Some(&*raw)] {
            if let Ok(artifact) = c.artifact(kind, &raw, country) {
                let canonical = artifact.canonical.expose();
                let _ = canon::links_holders(kind, canonical);
                let _ = canon::web_profile_host(canonical);
                let _ = canon::mask_tail(canonical, 4);
                let _ = canon::mask_middle(canonical);
                match kind {
                    ArtifactKind::Email => {
                        let _ = canon::mask_email(canonical);
                        let _ = canon::registrable_domain(canonical);
                    }
                    ArtifactKind::PersonName => {
                        let _ = canon::mask_name(canonical);
                        let _ = canon::surname(canonical);
                    }
                    ArtifactKind::PostalAddress => {
                        let _ = canon::mask_address(canonical);
                    }
                    ArtifactKind::Url => {
                        let _ = canon::mask_url(canonical);
                        let _ = canon::url_is_root(canonical);
                        let host = canon::url_host(canonical);
                        let _ = canon::tenancy(host);
                        let _ = canon::registrable_host(host);
                        let _ = canon::is_shared_host(host);
                    }
                    _ => {}
                }
            }
        }
    }
    let _ = c.phone_in(&raw, &["Philippines", "DE", &raw]);
    let _ = c.address(&raw, &raw, &raw);
    let _ = c.link(&raw);
    let _ = canon::country_code(&raw);
    let _ = canon::place_country(&raw);
    let _ = canon::normalize_address(&raw, "", "");
    let _ = canon::is_free_mail(&raw);
    let _ = canon::is_shared_host(&raw);
    let _ = canon::registrable_host(&raw);
    let _ = canon::tenancy(&raw);
    let _ = canon::social_profile(&raw);
    let _ = canon::has_country_prefix(&raw);
    let _ = canon::fold(&raw);
    let _ = canon::canonical_name(&raw);
    let (first, rest) = raw.split_once('\n').unwrap_or((&raw, ""));
    let _ = canon::names_match(first, rest);
    let _ = canon::same_person_names(first, rest);
}
