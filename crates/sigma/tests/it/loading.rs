//! Rule loading: every file loads or is reported with its reason.

use super::{rules, sigmahq, sigmahq_rules, RULE_DIRS};
use std::path::Path;

fn count_rule_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                count_rule_files(&p)
            } else {
                usize::from(p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            }
        })
        .sum()
}

#[test]
fn every_sigmahq_rule_file_loads_or_is_reported() {
    let (Some(root), Some((rules, report))) = (sigmahq(), sigmahq_rules()) else {
        return;
    };
    let files: usize = RULE_DIRS
        .iter()
        .map(|d| count_rule_files(&root.join(d)))
        .sum();
    assert_eq!(report.files, files);
    let failed = report.failed_files();
    eprintln!(
        "loaded {} detection rules, {} correlations, {} filters from {} files; {} files did not load; {} rule log sources",
        report.rules,
        report.correlations,
        report.filters,
        report.files,
        failed.len(),
        rules.logsource_groups(),
    );
    for (reason, n) in report.reasons() {
        eprintln!("  {n:>4}  {reason}");
    }
    for p in report.problems.iter().filter(|p| !p.dropped).take(10) {
        eprintln!("  warning: {}: {}", p.file, p.reason);
    }
    // A file loads (some rule came from it) or the report says why not.
    let dropped_rules = report
        .problems
        .iter()
        .filter(|p| p.dropped && p.rule.is_some())
        .count();
    assert!(
        report.rules + dropped_rules + failed.len() >= files - report.correlations - report.filters
    );
    assert!(report.rules > 3_000, "only {} rules loaded", report.rules);
}

#[test]
fn a_broken_rule_is_reported_not_dropped() {
    let (set, report) = rules(&[
        "title: fine\nid: a\nlogsource: {product: windows}\ndetection: {sel: {x: 1}, condition: sel}\n",
        "title: bad condition\nid: b\nlogsource: {product: windows}\ndetection: {sel: {x: 1}, condition: sel and}\n",
        "not: [valid",
        "title: dup\nid: a\nlogsource: {product: windows}\ndetection: {sel: {x: 2}, condition: sel}\n",
    ]);
    assert_eq!(set.rule_count(), 1);
    assert_eq!(report.files, 4);
    let failed = report.failed_files();
    assert_eq!(
        failed,
        vec!["rule1.yml", "rule2.yml", "rule3.yml"],
        "{:#?}",
        report.problems
    );
    assert!(report
        .problems
        .iter()
        .any(|p| p.reason.contains("duplicate rule id `a`")));
}

#[test]
fn a_missing_directory_is_reported() {
    let (set, report) = unmask_sigma::RuleSet::load(&["/nonexistent/rules"]);
    assert_eq!(set.rule_count(), 0);
    assert_eq!(report.failed_files(), vec!["/nonexistent/rules"]);
}

#[test]
fn events_reach_only_the_rules_of_their_log_source() {
    use unmask_model::{Event, EventKind, LogSource, Provenance};
    use unmask_sigma::Detector;
    let rule = |id: &str, logsource: &str| {
        format!(
            "title: {id}\nid: {id}\nlogsource: {logsource}\ndetection: {{sel: {{Image|endswith: '\\evil.exe'}}, condition: sel}}\n"
        )
    };
    let texts = [
        rule("proc", "{product: windows, category: process_creation}"),
        rule("reg-event", "{product: windows, category: registry_event}"),
        rule("reg-set", "{product: windows, category: registry_set}"),
        rule("sysmon", "{product: windows, service: sysmon}"),
        rule("security", "{product: windows, service: security}"),
        rule("any", "{}"),
        rule("linux", "{product: linux}"),
    ];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (set, report) = rules(&texts);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let fired = |category: &str, service: &str| {
        let mut fields = serde_json::Map::new();
        fields.insert("Image".into(), "C:\\evil.exe".into());
        let e = Event {
            kind: EventKind::Endpoint,
            time: "2026-01-01T00:00:00Z".into(),
            logsource: LogSource {
                product: Some("windows".into()),
                category: Some(category.into()),
                service: Some(service.into()),
            },
            user: None,
            device: None,
            ip: None,
            fields,
            provenance: Provenance::new("t", "t"),
        };
        let mut hits = Vec::new();
        set.detect(&e, &mut hits);
        hits.iter().map(|h| h.rule.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        fired("process_creation", "sysmon"),
        ["proc", "sysmon", "any"]
    );
    assert_eq!(
        fired("registry_set", "sysmon"),
        ["reg-event", "reg-set", "sysmon", "any"]
    );
    assert_eq!(
        fired("process_creation", "security"),
        ["proc", "security", "any"]
    );
}

/// The built-in pack and a copy of its folder: every rule and correlation read twice loads
/// once, counted as a duplicate, not as a problem; correlation hits are not doubled.
#[test]
fn a_rule_read_twice_loads_once() {
    let rule = "title: fine\nid: a\nname: fine_rule\nlogsource: {product: windows}\ndetection: {sel: {x: 1}, condition: sel}\n";
    let correlation = "title: many\nid: c\ncorrelation: {type: event_count, rules: [fine_rule], group-by: [user], timespan: 1h, condition: {gte: 3}}\n";
    let (set, report) = rules(&[rule, correlation, rule, correlation]);
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(set.rule_count(), 1);
    assert_eq!(set.correlation_count(), 1);
    assert_eq!(report.duplicates, 2);
    // Another correlation under a taken id is still a problem.
    let other = correlation.replace("gte: 3", "gte: 5");
    let (set, report) = rules(&[rule, correlation, &other]);
    assert_eq!(set.correlation_count(), 1);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.dropped && p.reason.contains("duplicate correlation id `c`")),
        "{:#?}",
        report.problems
    );
}
