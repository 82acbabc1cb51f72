//! Each check with the operator behaviour it is for and the innocent counterparts that must not
//! fire: a traveller's week abroad, a declared trip, a privacy-minded VPN user, an engineer in
//! Tokyo who says so, on-call nights, a couple sharing a laptop, a new starter cloning what they
//! need.
#![allow(clippy::unwrap_used, reason = "tests")]

use std::net::IpAddr;
use unmask_model::{
    Finding, Indicator, IndicatorKind, ListKind, Matcher, Provenance, Severity, SubjectRef,
    WarningList,
};
use unmask_signals::{
    Action, Activity, Cite, IpLookup, Networks, Output, Person, Settings, Signals, Trip, DAY,
};

/// 2025-03-03T00:00:00Z, a Monday.
const T0: i64 = 1_740_960_000;
const H: i64 = 3600;

/// Test addresses: the second octet names the country.
struct Geo;
impl IpLookup for Geo {
    fn country(&self, ip: IpAddr) -> Option<&str> {
        let IpAddr::V4(a) = ip else { return None };
        Some(match a.octets()[1] {
            1 => "US",
            2 => "GB",
            3 => "FR",
            4 => "JP",
            5 => "CN",
            6 => "DE",
            7 => "RU",
            _ => return None,
        })
    }
    fn network(&self, _: IpAddr) -> Option<(u32, &str)> {
        Some((64496, "Example Broadband"))
    }
}

fn ip(country: u8, host: u8) -> IpAddr {
    IpAddr::from([10, country, 0, host])
}
const US: u8 = 1;
const GB: u8 = 2;
const FR: u8 = 3;
const JP: u8 = 4;
const CN: u8 = 5;

fn person(id: &str, surname: &str, home: &str) -> Person {
    Person {
        subject: SubjectRef(format!("employee:{id}")),
        household: surname.to_string(),
        home_country: Some(home.to_string()),
        ship_to_country: Some(home.to_string()),
        hire: Some(T0 - 100 * DAY),
        termination: None,
        travel: vec![],
    }
}

fn vpn_list() -> WarningList {
    WarningList {
        name: "List of known VPN ranges".into(),
        version: Some(1),
        description: String::new(),
        kind: ListKind::Cidr,
        entries: vec!["10.200.0.0/16".into()],
        matching_attributes: vec![],
        provenance: Provenance::new("vpn.json", "misp-warninglist"),
    }
}

fn bad_indicator() -> Indicator {
    Indicator {
        id: "indicator--0f5a".into(),
        source: "bundle--1".into(),
        kind: IndicatorKind::Ip,
        matcher: Matcher::Cidr("10.250.0.0/24".into()),
        masked: "10.250.0.0/24".into(),
        valid_from: None,
        valid_until: None,
        confidence: Some(85),
        description: "VPN egress reported in use by IT-worker operators".into(),
        provenance: Provenance::new("intel.json", "stix"),
    }
}

/// A scripted event: person, time, action, address, device, session, repository.
#[derive(Clone, Default)]
struct Ev {
    person: usize,
    time: i64,
    action: Option<Action>,
    ip: Option<IpAddr>,
    device: Option<&'static str>,
    session: Option<String>,
    repo: Option<String>,
}

fn sign_in(person: usize, time: i64, ip: IpAddr) -> Ev {
    Ev {
        person,
        time,
        action: Some(Action::SignIn),
        ip: Some(ip),
        ..Ev::default()
    }
}

fn run_with(people: &[Person], mut events: Vec<Ev>, settings: Settings) -> Output {
    let lists = [vpn_list()];
    let inds = [bad_indicator()];
    let office = [(
        unmask_model::Network::parse("10.99.0.0/16").unwrap(),
        "HQ".to_string(),
    )];
    let nets = Networks::new(&Geo, &office, &lists, &inds);
    let mut s = Signals::new(people, nets, settings);
    let src = s.source("okta.jsonl", "okta");
    events.sort_by_key(|e| e.time);
    for (line, e) in events.iter().enumerate() {
        s.observe(&Activity {
            person: e.person,
            time: e.time,
            action: e.action.unwrap_or(Action::SignIn),
            ip: e.ip,
            device: e.device,
            device_kind: "Okta Verify device",
            session: e.session.as_deref(),
            repo: e.repo.as_deref(),
            proxy: false,
            cite: Cite {
                source: src,
                line: Some(line as u64 + 1),
            },
        });
    }
    s.finish()
}

fn run(people: &[Person], events: Vec<Ev>) -> Vec<Finding> {
    run_with(people, events, Settings::default()).findings
}

fn of<'a>(findings: &'a [Finding], who: &str, kind: &str) -> Option<&'a Finding> {
    findings
        .iter()
        .find(|f| f.subject.0 == format!("employee:{who}") && f.kind == kind)
}

fn kinds(findings: &[Finding], who: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.subject.0 == format!("employee:{who}"))
        .map(|f| format!("{}:{}", f.kind, f.severity))
        .collect()
}

/// Weekday working-hour sign-ins for `days` days from `start` (UTC hour `hour`).
fn workdays(person: usize, start: i64, days: i64, hour: i64, country: u8) -> Vec<Ev> {
    (0..days)
        .map(|d| start + d * DAY)
        .filter(|t| (t.div_euclid(DAY) + 3).rem_euclid(7) < 5)
        .flat_map(|t| {
            [0, 3, 6].map(|k| sign_in(person, t + (hour + k) * H, ip(country, person as u8)))
        })
        .collect()
}

#[test]
fn signing_in_from_abroad_every_day_is_a_location_mismatch_but_a_week_away_is_not() {
    let people = [
        person("op", "smith", "US"),
        person("traveller", "jones", "US"),
        person("declared", "brown", "US"),
    ];
    let mut events = workdays(0, T0, 28, 1, GB);
    // Three weeks at home, one undeclared week in France.
    events.extend(workdays(1, T0, 21, 14, US));
    events.extend(workdays(1, T0 + 21 * DAY, 7, 8, FR));
    // A declared three-week stay in Japan.
    events.extend(workdays(2, T0, 21, 0, JP));
    let mut people = people;
    people[2].travel.push(Trip {
        from: T0,
        until: T0 + 21 * DAY,
        country: Some("JP".into()),
    });
    let f = run(&people, events);
    let op = of(&f, "op", "signin_location_mismatch").expect("operator flagged");
    assert_eq!(op.severity, Severity::High);
    assert!(
        op.explanation.contains("claims to live in US"),
        "{}",
        op.explanation
    );
    assert!(op.explanation.contains("GB on"), "{}", op.explanation);
    // High on the 10th away weekday: the second Friday.
    assert_eq!(op.at.as_deref(), Some("2025-03-14T07:00:00Z"));
    assert!(!op.evidence.is_empty());
    assert_eq!(op.evidence[0].provenance.file, "okta.jsonl");
    assert!(op.evidence[0].provenance.line.is_some());
    assert!(of(&f, "traveller", "signin_location_mismatch").is_none());
    assert!(of(&f, "declared", "signin_location_mismatch").is_none());
    assert!(of(&f, "declared", "offhours_profile").is_none());
}

#[test]
fn a_laptop_shipped_to_one_country_and_used_in_another() {
    let mut p = person("farm", "lee", "US");
    p.ship_to_country = Some("DE".into());
    let mut same = person("home", "kim", "US");
    same.ship_to_country = Some("US".into());
    let mut events = workdays(0, T0, 21, 14, US);
    events.extend(workdays(1, T0, 21, 14, US));
    let f = run(&[p, same], events);
    let d = of(&f, "farm", "device_location_mismatch").expect("flagged");
    assert!(d.explanation.contains("shipped to DE"), "{}", d.explanation);
    assert!(kinds(&f, "home").is_empty(), "{:?}", kinds(&f, "home"));
}

#[test]
fn impossible_travel_needs_distance_and_speed() {
    let people = [
        person("hopper", "a", "US"),
        person("flyer", "b", "US"),
        person("neighbour", "c", "GB"),
    ];
    let mut events = Vec::new();
    for d in 0..3 {
        let t = T0 + d * DAY + 14 * H;
        events.push(sign_in(0, t, ip(US, 1)));
        events.push(sign_in(0, t + 2 * H, ip(CN, 1)));
    }
    // US, then France 20 hours later: a real flight.
    events.push(sign_in(1, T0 + 14 * H, ip(US, 2)));
    events.push(sign_in(1, T0 + 34 * H, ip(FR, 2)));
    // London then Paris within the hour: too close to judge.
    events.push(sign_in(2, T0 + 9 * H, ip(GB, 3)));
    events.push(sign_in(2, T0 + 9 * H + 1800, ip(FR, 3)));
    let f = run(&people, events);
    let t = of(&f, "hopper", "impossible_travel").expect("flagged");
    assert_eq!(t.severity, Severity::High);
    assert!(t.explanation.contains("US to CN"), "{}", t.explanation);
    assert!(of(&f, "flyer", "impossible_travel").is_none());
    assert!(of(&f, "neighbour", "impossible_travel").is_none());
}

#[test]
fn one_mfa_device_for_two_households_but_not_for_a_couple() {
    let people = [
        person("a", "park", "US"),
        person("b", "choi", "US"),
        person("c", "ng", "US"),
        person("d", "ng", "US"),
    ];
    let dev = |person, time, device| Ev {
        device: Some(device),
        ..sign_in(person, time, ip(US, 50 + person as u8))
    };
    let events = vec![
        dev(0, T0 + 14 * H, "guid-farm-phone-0001"),
        dev(1, T0 + DAY + 14 * H, "guid-farm-phone-0001"),
        dev(2, T0 + 15 * H, "guid-family-ipad-9"),
        dev(3, T0 + 16 * H, "guid-family-ipad-9"),
        // Two people on one home address: handed to the graph, not judged here.
        sign_in(0, T0 + 2 * DAY, ip(US, 200)),
        sign_in(1, T0 + 2 * DAY + H, ip(US, 200)),
        // The office is not shared evidence.
        sign_in(2, T0 + 2 * DAY, "10.99.0.1".parse().unwrap()),
        sign_in(3, T0 + 2 * DAY, "10.99.0.1".parse().unwrap()),
    ];
    let out = run_with(&people, events, Settings::default());
    let a = of(&out.findings, "a", "shared_mfa_device").expect("a");
    let b = of(&out.findings, "b", "shared_mfa_device").expect("b");
    assert_eq!(a.severity, Severity::High);
    // It became shared when the second household used it.
    assert_eq!(a.at.as_deref(), Some("2025-03-04T14:00:00Z"));
    assert_eq!(b.at, a.at);
    assert!(a.explanation.contains("…0001"), "{}", a.explanation);
    assert!(of(&out.findings, "c", "shared_mfa_device").is_none());
    let shared: Vec<String> = out
        .shared_addresses
        .iter()
        .map(|s| s.ip.to_string())
        .collect();
    assert_eq!(shared, vec!["10.1.0.200"]);
    assert_eq!(out.shared_addresses[0].users.len(), 2);
}

#[test]
fn working_hours_that_fit_utc_plus_nine_against_the_claim() {
    let people = [
        person("op", "x", "US"),
        person("tokyo", "y", "JP"),
        person("oncall", "z", "US"),
        person("trip", "w", "US"),
        person("op2", "v", "US"),
        person("pacific", "u", "US"),
    ];
    // 01:00-07:00 UTC is 10:00-16:00 in Pyongyang and Tokyo, night in the US.
    let mut events = workdays(0, T0, 14, 1, US);
    events.extend(workdays(1, T0, 14, 1, JP));
    // US hours, plus a few night pages.
    events.extend(workdays(2, T0, 14, 14, US));
    for d in [1, 4, 8] {
        events.push(sign_in(2, T0 + d * DAY + 3 * H, ip(US, 2)));
    }
    // US hours, and one week working Tokyo hours from Tokyo.
    events.extend(workdays(3, T0, 21, 14, US));
    events.extend(workdays(3, T0 + 21 * DAY, 7, 1, JP));
    // 09:00-17:00 in Pyongyang is 16:00-00:00 the day before on the US west coast: the late
    // afternoon overlaps, but most of it is night there.
    events.extend(workdays(4, T0, 14, 0, US));
    // A west-coast engineer's ordinary day (09:00 PDT is 16:00 UTC).
    events.extend(workdays(5, T0, 14, 16, US));
    let f = run(&people, events);
    assert!(
        of(&f, "op2", "offhours_profile").is_some(),
        "{:?}",
        kinds(&f, "op2")
    );
    assert!(of(&f, "pacific", "offhours_profile").is_none());
    let op = of(&f, "op", "offhours_profile").expect("flagged");
    assert_eq!(op.severity, Severity::High);
    assert!(op.explanation.contains("UTC+"), "{}", op.explanation);
    assert!(
        op.explanation.contains("claimed home US"),
        "{}",
        op.explanation
    );
    for who in ["tokyo", "oncall", "trip"] {
        assert!(of(&f, who, "offhours_profile").is_none(), "{who}");
    }
    // The operator also signs in from a US address, so nothing else fires.
    assert_eq!(kinds(&f, "op"), vec!["offhours_profile:high"]);
}

#[test]
fn sessions_longer_than_twenty_hours() {
    let people = [person("shift", "a", "US"), person("day", "b", "US")];
    let mut events = Vec::new();
    for d in 0..3 {
        let start = T0 + d * 2 * DAY;
        for k in 0..12 {
            events.push(Ev {
                session: Some(format!("sess-{d}")),
                action: Some(Action::SessionActivity),
                ..sign_in(0, start + k * 2 * H, ip(US, 1))
            });
        }
        for k in 0..5 {
            events.push(Ev {
                session: Some(format!("day-{d}")),
                ..sign_in(1, start + 14 * H + k * 2 * H, ip(US, 2))
            });
        }
    }
    let f = run(&people, events);
    let s = of(&f, "shift", "long_session").expect("flagged");
    assert_eq!(s.severity, Severity::High);
    assert!(
        s.explanation.starts_with("3 identity-provider sessions"),
        "{}",
        s.explanation
    );
    assert!(of(&f, "day", "long_session").is_none());
}

#[test]
fn bulk_code_access_before_termination_but_not_during_onboarding() {
    let mut people: Vec<Person> = (0..12)
        .map(|i| person(&format!("dev{i}"), &format!("s{i}"), "US"))
        .collect();
    people[0].termination = Some(T0 + 20 * DAY);
    people[1].hire = Some(T0 + 2 * DAY);
    people[3].hire = Some(T0 + 2 * DAY);
    let mut events = Vec::new();
    let clone = |person: usize, time: i64, repo: String| {
        Ev {
            action: Some(Action::Clone),
            repo: Some(repo),
            ip: Some(ip(US, person as u8)),
            ..Ev::default()
        }
        .with(person, time)
    };
    // Everyone clones one to three repositories a day.
    for p in 0..12 {
        for d in 0..25 {
            for r in 0..(1 + (p + d) % 3) {
                events.push(clone(p, T0 + d as i64 * DAY + 15 * H, format!("acme/r{r}")));
            }
        }
    }
    // The leaver copies 14 repositories three days before leaving, 7 of them as archives.
    for r in 0..14 {
        let mut e = clone(0, T0 + 17 * DAY + 20 * H + r * 60, format!("acme/all{r}"));
        if r % 2 == 0 {
            e.action = Some(Action::Download);
        }
        events.push(e);
    }
    // The new starter clones 20 repositories on their second day.
    for r in 0..20 {
        events.push(clone(
            1,
            T0 + 3 * DAY + 10 * H + r * 60,
            format!("acme/setup{r}"),
        ));
    }
    // Another clones 45 on their second day: over three times the bar, not over six.
    for r in 0..45 {
        events.push(clone(
            3,
            T0 + 3 * DAY + 11 * H + r * 60,
            format!("acme/everything{r}"),
        ));
    }
    // A build engineer migrates 25 repositories one day, long after onboarding.
    for r in 0..25 {
        events.push(clone(
            2,
            T0 + 10 * DAY + 10 * H + r * 60,
            format!("acme/mig{r}"),
        ));
    }
    let f = run(&people, events);
    let exit = of(&f, "dev0", "pre_termination_bulk_access").expect("leaver flagged");
    assert_eq!(exit.severity, Severity::High);
    assert!(
        exit.explanation.contains("as archives"),
        "{}",
        exit.explanation
    );
    assert!(
        of(&f, "dev1", "bulk_code_access").is_none(),
        "{:?}",
        kinds(&f, "dev1")
    );
    let mig = of(&f, "dev2", "bulk_code_access").expect("migration is over the bar");
    assert_eq!(mig.severity, Severity::High);
    // Twice the bar is high for the build engineer, not for a new starter, whose bar is tripled.
    let starter = of(&f, "dev3", "bulk_code_access").expect("over the onboarding bar");
    assert_eq!(
        starter.severity,
        Severity::Medium,
        "{}",
        starter.explanation
    );
    for i in 4..12 {
        assert!(kinds(&f, &format!("dev{i}")).is_empty());
    }
}

trait With {
    fn with(self, person: usize, time: i64) -> Ev;
}
impl With for Ev {
    fn with(mut self, person: usize, time: i64) -> Ev {
        self.person = person;
        self.time = time;
        self
    }
}

#[test]
fn known_bad_egress_is_high_and_a_privacy_vpn_is_context() {
    let people = [person("op", "a", "US"), person("private", "b", "US")];
    let mut events = Vec::new();
    for d in 0..10 {
        let t = T0 + d * DAY + 15 * H;
        events.push(sign_in(0, t, "10.250.0.9".parse().unwrap()));
        events.push(sign_in(1, t, format!("10.200.3.{d}").parse().unwrap()));
    }
    let f = run(&people, events);
    let bad = of(&f, "op", "known_bad_egress").expect("flagged");
    assert_eq!(bad.severity, Severity::High);
    assert_eq!(bad.at.as_deref(), Some("2025-03-03T15:00:00Z"));
    assert!(
        bad.explanation.contains("indicator--0f5a"),
        "{}",
        bad.explanation
    );
    assert_eq!(kinds(&f, "private"), vec!["anonymizer_egress:low"]);
    // An anonymiser's exit says nothing about where someone is.
    assert!(of(&f, "op", "signin_location_mismatch").is_none());
}
