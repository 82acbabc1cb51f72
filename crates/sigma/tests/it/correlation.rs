//! Correlation on event time: out-of-order hits, entity grouping, bounded state.

use super::rules;
use serde_json::{json, Value};
use unmask_model::{Event, EventKind, LogSource, Provenance, Sensitive};
use unmask_sigma::{Correlator, Detector, Hit, Limits, RuleSet};

fn event(secs: i64, ls: [Option<&str>; 3], user: &str, fields: Value) -> Event {
    let time = chrono::DateTime::from_timestamp(secs, 0)
        .expect("valid time")
        .to_rfc3339();
    let Value::Object(fields) = fields else {
        panic!("fields are an object")
    };
    Event {
        kind: EventKind::Endpoint,
        time,
        logsource: LogSource {
            product: ls[0].map(str::to_string),
            category: ls[1].map(str::to_string),
            service: ls[2].map(str::to_string),
        },
        user: Some(Sensitive::new(user.to_string())),
        device: Some("ws-01".into()),
        ip: None,
        fields,
        provenance: Provenance::new("test", "test"),
    }
}

const SECURITY: [Option<&str>; 3] = [Some("windows"), None, Some("security")];
const OKTA: [Option<&str>; 3] = [Some("okta"), None, Some("okta")];

const FAILED_LOGON: &str = "title: failed logon
id: failed-logon
name: failed_logon
logsource: {product: windows, service: security}
detection: {sel: {EventID: 4625}, condition: sel}
";

/// Detect and correlate each event in turn; the ids of correlation hits per event.
fn run(set: &RuleSet, limits: Limits, events: &[Event]) -> (Vec<Vec<Hit>>, Correlator) {
    let mut correlator = Correlator::new(set, limits);
    let mut out = Vec::new();
    for e in events {
        let mut hits = Vec::new();
        set.detect(e, &mut hits);
        correlator.observe(e, &mut hits);
        out.push(hits);
    }
    (out, correlator)
}

fn correlations(hits: &[Vec<Hit>]) -> Vec<(usize, String, u64)> {
    hits.iter()
        .enumerate()
        .flat_map(|(i, hs)| {
            hs.iter().filter_map(move |h| {
                h.correlation
                    .as_ref()
                    .map(|c| (i, h.rule.id.clone(), c.value))
            })
        })
        .collect()
}

fn brute_force(generate: bool) -> RuleSet {
    let corr = format!(
        "title: brute force
id: brute
correlation:
  type: event_count
  rules: [failed-logon]
  group-by: [TargetUserName]
  timespan: 60s
  condition: {{gte: 3}}
generate: {generate}
level: high
"
    );
    let (set, report) = rules(&[FAILED_LOGON, &corr]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.correlations, 1);
    set
}

fn failed(t: i64, user: &str) -> Event {
    event(
        t,
        SECURITY,
        user,
        json!({ "EventID": 4625, "TargetUserName": user }),
    )
}

#[test]
fn event_count_fires_within_the_window_even_out_of_order() {
    let set = brute_force(true);
    // Hits at 200, 100, 150, 130: the first three never fit in 60 s, the fourth does (100, 130,
    // 150), though it arrives last and in the middle.
    let events = [
        failed(200, "alice"),
        failed(100, "alice"),
        failed(150, "alice"),
        failed(130, "alice"),
    ];
    let (hits, _) = run(&set, Limits::default(), &events);
    let fired = correlations(&hits);
    assert_eq!(fired, vec![(3, "brute".to_string(), 3)]);
    let c = hits[3]
        .iter()
        .find_map(|h| h.correlation.as_ref())
        .expect("fired");
    assert_eq!(c.window, (100, 150));
    assert_eq!(
        c.group,
        vec![("TargetUserName".to_string(), "alice".to_string())]
    );
    // The detections themselves are reported too (generate: true).
    assert!(hits[0].iter().any(|h| h.rule.id == "failed-logon"));
}

#[test]
fn a_burst_alerts_once_and_groups_stay_apart() {
    let set = brute_force(false);
    let mut events: Vec<Event> = (0..6).map(|i| failed(1000 + i, "bob")).collect();
    events.extend((0..2).map(|i| failed(1000 + i, "carol")));
    let (hits, _) = run(&set, Limits::default(), &events);
    assert_eq!(correlations(&hits), vec![(2, "brute".to_string(), 3)]);
    // generate: false keeps the failed-logon detections out of the output.
    assert!(hits.iter().flatten().all(|h| h.rule.id == "brute"));
}

#[test]
fn group_by_user_joins_sign_ins_and_endpoints_by_entity() {
    let okta_fail = "title: okta sign-in failed
id: okta-fail
logsource: {product: okta, service: okta}
detection: {sel: {outcome.result: FAILURE}, condition: sel}
";
    let corr = "title: failed sign-in then failed logon
id: both
correlation:
  type: temporal
  rules: [okta-fail, failed-logon]
  group-by: [User]
  timespan: 10m
level: high
";
    let (set, report) = rules(&[FAILED_LOGON, okta_fail, corr]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The two sources name the account differently (`actor.alternateId`, `TargetUserName`);
    // the importers gave both events the same user entity.
    let events = [
        event(
            5_000,
            OKTA,
            "dave@example.com",
            json!({ "outcome.result": "FAILURE", "actor.alternateId": "dave@example.com" }),
        ),
        event(
            5_100,
            SECURITY,
            "mallory@example.com",
            json!({ "EventID": 4625, "TargetUserName": "mallory" }),
        ),
        event(
            5_200,
            SECURITY,
            "dave@example.com",
            json!({ "EventID": 4625, "TargetUserName": "DAVE" }),
        ),
    ];
    let (hits, _) = run(&set, Limits::default(), &events);
    assert_eq!(correlations(&hits), vec![(2, "both".to_string(), 2)]);
    let c = hits[2]
        .iter()
        .find_map(|h| h.correlation.as_ref())
        .expect("fired");
    assert_eq!(
        c.group,
        vec![("User".to_string(), "dave@example.com".to_string())]
    );
}

#[test]
fn value_count_counts_distinct_values() {
    let corr = "title: many source addresses
id: spray
correlation:
  type: value_count
  rules: [failed-logon]
  group-by: [TargetUserName]
  timespan: 1h
  condition: {gte: 3, field: IpAddress}
";
    let (set, report) = rules(&[FAILED_LOGON, corr]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let at = |t, ip: &str| {
        event(
            t,
            SECURITY,
            "erin",
            json!({ "EventID": 4625, "TargetUserName": "erin", "IpAddress": ip }),
        )
    };
    let events = [
        at(0, "198.51.100.1"),
        at(10, "198.51.100.1"),
        at(20, "198.51.100.2"),
        at(30, "198.51.100.2"),
        at(40, "198.51.100.3"),
    ];
    let (hits, _) = run(&set, Limits::default(), &events);
    assert_eq!(correlations(&hits), vec![(4, "spray".to_string(), 3)]);
}

#[test]
fn temporal_ordered_needs_the_order() {
    let second = "title: logon
id: logon
logsource: {product: windows, service: security}
detection: {sel: {EventID: 4624}, condition: sel}
";
    let corr = "title: failed then succeeded
id: ordered
correlation:
  type: temporal_ordered
  rules: [failed-logon, logon]
  group-by: [TargetUserName]
  timespan: 5m
";
    let (set, report) = rules(&[FAILED_LOGON, second, corr]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let ok = |t| {
        event(
            t,
            SECURITY,
            "f",
            json!({ "EventID": 4624, "TargetUserName": "f" }),
        )
    };
    // Success before failure: no alert. A later failure then success: alert.
    let (hits, _) = run(&set, Limits::default(), &[ok(0), failed(10, "f")]);
    assert!(correlations(&hits).is_empty());
    let (hits, _) = run(&set, Limits::default(), &[failed(0, "f"), ok(10)]);
    assert_eq!(correlations(&hits), vec![(1, "ordered".to_string(), 2)]);
}

#[test]
fn state_is_bounded_and_late_events_are_counted() {
    let set = brute_force(true);
    let limits = Limits {
        max_groups: 50,
        max_entries: 5,
        lateness: 60,
    };
    let mut events: Vec<Event> = (0..500)
        .map(|i| failed(10_000 + i, &format!("u{i}")))
        .collect();
    events.extend((0..20).map(|i| failed(20_000 + i, "one")));
    events.push(failed(100, "ancient"));
    let (_, correlator) = run(&set, limits, &events);
    let stats = correlator.stats();
    assert!(correlator.state_size() <= 50, "{}", correlator.state_size());
    assert!(stats.evicted_groups > 0);
    assert_eq!(stats.truncated, 15);
    assert_eq!(stats.late, 1);
}

#[test]
fn unsupported_correlations_are_reported() {
    let corr = |body: &str| {
        format!("title: c\nid: c\ncorrelation:\n  rules: [failed-logon]\n  timespan: 1m\n{body}")
    };
    let (set, report) = rules(&[
        FAILED_LOGON,
        &corr("  type: value_sum\n  condition: {gte: 3, field: x}\n"),
        &corr("  type: event_count\n  window: tumbling\n  condition: {gte: 3}\n")
            .replace("id: c", "id: d"),
        "title: e\nid: e\ncorrelation:\n  type: event_count\n  rules: [nope]\n  timespan: 1m\n  condition: {gte: 1}\n",
    ]);
    assert_eq!(set.correlation_count(), 0);
    let reasons: Vec<&str> = report.problems.iter().map(|p| p.reason.as_str()).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].contains("`value_sum` is not supported"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("`tumbling`"), "{reasons:?}");
    assert!(reasons[2].contains("`nope`"), "{reasons:?}");
}
