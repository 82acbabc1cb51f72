//! Post-hire checks throughput: Okta System Log sign-ins, generated in time order (a company of
//! 20,000 people over about six months; 1 % are operators working UTC+9 hours through a listed
//! VPN and sharing MFA phones), read through the `okta` importer, enriched from ip-location-db
//! style tables and checked by every `unmask-signals` check, on one thread.
//!
//! The lines are generated a day at a time in memory, so ten million events need no disk. The
//! generator's own time (measured inside it, in every pass) is subtracted. The anchor, measured in
//! the same run on the same lines, is parsing each line with `serde_json` into a `Value` and
//! nothing else: the floor for any JSON ingest. `bench/signals/run.sh` runs it under
//! `/usr/bin/time -v`. Environment: `UNMASK_BENCH_EVENTS` (default 10,000,000),
//! `UNMASK_BENCH_PEOPLE` (default 20,000), `UNMASK_BENCH_IMPORTER_ONLY` (set: time the importer
//! alone, no checks; for profiling).
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on stdout"
)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Read, Seek, SeekFrom};
use std::net::IpAddr;
use std::rc::Rc;
use std::time::{Duration, Instant};
use unmask_enrich::{GeoDb, TableKind};
use unmask_ingest::{parse_events, Format};
use unmask_model::canon::Canonicalizer;
use unmask_model::{
    Event, EventKind, Indicator, IndicatorKind, ListKind, Matcher, Provenance, SubjectRef,
    WarningList,
};
use unmask_signals::{Action, Activity, Cite, IpLookup, Networks, Person, Settings, Signals};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

const COUNTRIES: [(&str, i64); 8] = [
    ("US", -6),
    ("GB", 0),
    ("DE", 1),
    ("PL", 1),
    ("IN", 5),
    ("JP", 9),
    ("BR", -3),
    ("CA", -5),
];
const DAY: i64 = 86_400;
/// 2025-01-06, a Monday.
const START: i64 = 1_736_121_600;

/// A small deterministic generator (xorshift), so the benchmark needs no RNG crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

struct Company {
    people: usize,
    country: Vec<usize>,
    operator: Vec<bool>,
}

impl Company {
    fn new(people: usize) -> Company {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let country = (0..people)
            .map(|_| {
                let r = rng.below(100);
                match r {
                    0..=59 => 0,
                    60..=94 => 1 + (r as usize % 7),
                    _ => 5,
                }
            })
            .collect();
        let operator = (0..people).map(|p| p % 100 == 37).collect();
        Company {
            people,
            country,
            operator,
        }
    }
}

/// Okta lines, a day at a time, in time order.
struct Lines<'c> {
    company: &'c Company,
    /// Time spent generating, shared with the caller.
    spent: Rc<Cell<Duration>>,
    rng: Rng,
    day: i64,
    left: usize,
    buf: Vec<u8>,
    pos: usize,
    day_events: Vec<(i64, u32, u8)>,
    next_event: usize,
}

impl<'c> Lines<'c> {
    fn new(company: &'c Company, events: usize, spent: Rc<Cell<Duration>>) -> Lines<'c> {
        Lines {
            company,
            spent,
            rng: Rng(0x2545_f491_4f6c_dd1d),
            day: 0,
            left: events,
            buf: Vec::new(),
            pos: 0,
            day_events: Vec::new(),
            next_event: 0,
        }
    }

    fn fill(&mut self) {
        let started = Instant::now();
        self.generate();
        self.spent.set(self.spent.get() + started.elapsed());
    }

    /// The next few thousand lines: a day's events are planned at once, then written out in
    /// chunks so the buffer stays small.
    fn generate(&mut self) {
        self.buf.clear();
        self.pos = 0;
        while self.buf.is_empty() && self.left > 0 {
            if self.next_event >= self.day_events.len() {
                self.plan_day();
                continue;
            }
            let end = (self.next_event + 2048).min(self.day_events.len());
            while self.next_event < end && self.left > 0 {
                let (t, p, k) = self.day_events[self.next_event];
                self.next_event += 1;
                self.left -= 1;
                self.line(t, p as usize, k);
            }
        }
    }

    fn plan_day(&mut self) {
        let t0 = START + self.day * DAY;
        let weekday = self.day % 7;
        self.day += 1;
        self.day_events.clear();
        self.next_event = 0;
        for p in 0..self.company.people {
            let op = self.company.operator[p];
            if (weekday >= 5 && !op) || self.rng.below(20) == 0 {
                continue;
            }
            let offset = if op {
                9
            } else {
                COUNTRIES[self.company.country[p]].1
            };
            let start = t0 + 8 * 3600 + self.rng.below(7200) as i64 - offset * 3600;
            self.day_events.push((start, p as u32, 0));
            self.day_events.push((start + 9, p as u32, 1));
            for k in 2..4u8 {
                let t = start + 3600 + self.rng.below(7 * 3600) as i64;
                self.day_events.push((t, p as u32, k));
            }
        }
        self.day_events.sort_unstable();
    }

    fn line(&mut self, t: i64, p: usize, k: u8) {
        let op = self.company.operator[p];
        let c = self.company.country[p];
        let ip = if op && self.rng.below(10) < 8 {
            format!(
                "2001:db8:fa00:{:x}::{:x}",
                self.rng.below(64),
                1 + self.rng.below(250)
            )
        } else {
            format!("2001:db8:{c:x}:{p:x}::2")
        };
        let kind = match k {
            0 => "user.session.start",
            1 => "user.authentication.auth_via_mfa",
            _ => "user.authentication.sso",
        };
        let time = chrono::DateTime::from_timestamp(t, 0)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S.000Z").to_string())
            .unwrap_or_default();
        let mut s = String::with_capacity(900);
        let _ = write!(
            s,
            r#"{{"uuid":"{:016x}-{:08x}","published":"{time}","eventType":"{kind}","version":"0","severity":"INFO","displayMessage":"User login to Okta","actor":{{"id":"00u{p:012x}","type":"User","alternateId":"user{p}@acme-corp.example","displayName":"User {p}"}},"client":{{"userAgent":{{"rawUserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36","os":"Windows 10","browser":"CHROME"}},"zone":"null","device":"Computer","ipAddress":"{ip}"}},"authenticationContext":{{"authenticationStep":0,"externalSessionId":"102{p:x}{:x}"}},"outcome":{{"result":"SUCCESS"}},"transaction":{{"type":"WEB","id":"W{:x}"}}"#,
            self.rng.next(),
            self.rng.next() as u32,
            self.day,
            self.rng.next(),
        );
        if k == 1 {
            let phone = if op { p / 3 } else { p };
            let _ = write!(
                s,
                r#","device":{{"id":"guo{phone:017x}","name":"Okta Verify","os_platform":"IOS"}}"#
            );
        }
        s.push_str("}\n");
        self.buf.extend_from_slice(s.as_bytes());
    }
}

impl Read for Lines<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.buf.len() {
            self.fill();
            if self.buf.is_empty() {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Seek for Lines<'_> {
    fn seek(&mut self, _: SeekFrom) -> std::io::Result<u64> {
        Err(std::io::Error::other("a generated stream cannot seek"))
    }
}

struct Geo(GeoDb);
impl IpLookup for Geo {
    fn country(&self, ip: IpAddr) -> Option<&str> {
        self.0.lookup(ip).country
    }
    fn network(&self, ip: IpAddr) -> Option<(u32, &str)> {
        let i = self.0.lookup(ip);
        Some((i.asn?, i.org.unwrap_or("")))
    }
}

fn main() {
    let events = env_usize("UNMASK_BENCH_EVENTS", 10_000_000);
    let people = env_usize("UNMASK_BENCH_PEOPLE", 20_000);
    let company = Company::new(people);

    // Generation alone, for the record.
    let spent = Rc::new(Cell::new(Duration::ZERO));
    let mut gen = Lines::new(&company, events, spent.clone());
    let mut sink = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    while let Ok(n) = gen.read(&mut sink) {
        if n == 0 {
            break;
        }
        bytes += n as u64;
    }
    eprintln!(
        "generated {events} Okta events ({:.1} GB) in {:.2} s",
        bytes as f64 / 1e9,
        spent.get().as_secs_f64()
    );

    // Anchor: serde_json parse of each line, same stream.
    let spent = Rc::new(Cell::new(Duration::ZERO));
    let t = Instant::now();
    let mut parsed = 0u64;
    let mut reader =
        std::io::BufReader::with_capacity(1 << 20, Lines::new(&company, events, spent.clone()));
    let mut line = Vec::new();
    loop {
        line.clear();
        match std::io::BufRead::read_until(&mut reader, b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                if serde_json::from_slice::<serde_json::Value>(&line).is_ok() {
                    parsed += 1;
                }
            }
        }
    }
    let anchor = (t.elapsed() - spent.get()).as_secs_f64().max(1e-9);
    eprintln!("anchor: serde_json parsed {parsed} lines");

    // unmask: importer, enrichment, every check.
    let mut geo = GeoDb::new();
    let mut country_csv = String::new();
    let mut asn_csv = String::new();
    for (i, (code, _)) in COUNTRIES.iter().enumerate() {
        let _ = writeln!(
            country_csv,
            "2001:db8:{i:x}::,2001:db8:{i:x}:ffff:ffff:ffff:ffff:ffff,{code}"
        );
        let _ = writeln!(
            asn_csv,
            "2001:db8:{i:x}::,2001:db8:{i:x}:ffff:ffff:ffff:ffff:ffff,{},\"Broadband {code}\"",
            4_200_000_000u32 + i as u32
        );
    }
    let load = |geo: &mut GeoDb, name: &str, text: &str, kind| {
        if let Err(e) = geo.load_csv(name, text.as_bytes(), Some(kind)) {
            eprintln!("error: {name}: {e}");
        }
    };
    load(&mut geo, "country.csv", &country_csv, TableKind::Country);
    load(&mut geo, "asn.csv", &asn_csv, TableKind::Asn);
    let geo = Geo(geo);
    let lists = [WarningList {
        name: "vpn".into(),
        version: None,
        description: String::new(),
        kind: ListKind::Cidr,
        entries: vec!["2001:db8:fa00::/40".into()],
        matching_attributes: vec![],
        provenance: Provenance::new("vpn.json", "misp-warninglist"),
    }];
    let indicators = [Indicator {
        id: "indicator--1".into(),
        source: "bench".into(),
        kind: IndicatorKind::Ip,
        matcher: Matcher::Cidr("2001:db8:fa00::/44".into()),
        masked: String::new(),
        valid_from: None,
        valid_until: None,
        confidence: Some(80),
        description: "operator VPN egress".into(),
        provenance: Provenance::new("intel.json", "stix"),
    }];
    let persons: Vec<Person> = (0..people)
        .map(|p| Person {
            subject: SubjectRef(format!("employee:{p}")),
            household: format!("h{p}"),
            home_country: Some(COUNTRIES[company.country[p]].0.to_string()),
            ship_to_country: Some(COUNTRIES[company.country[p]].0.to_string()),
            hire: Some(START - 30 * DAY),
            termination: None,
            travel: vec![],
        })
        .collect();
    let by_user: HashMap<String, usize> = (0..people)
        .map(|p| (format!("user{p}@acme-corp.example"), p))
        .collect();
    let networks = Networks::new(&geo, &[], &lists, &indicators);
    let mut signals = Signals::new(&persons, networks, Settings::default());
    let source = signals.source("okta.jsonl", "okta");
    let canon = Canonicalizer::new([0u8; 32]);
    let spent = Rc::new(Cell::new(Duration::ZERO));
    let t = Instant::now();
    let mut seen = 0u64;
    let importer_only = std::env::var_os("UNMASK_BENCH_IMPORTER_ONLY").is_some();
    let mut observe = |e: Event| {
        seen += 1;
        if importer_only {
            return Ok(());
        }
        let Some(&person) = e.user.as_ref().and_then(|u| by_user.get(u.expose())) else {
            return Ok(());
        };
        let Ok(time) = chrono::DateTime::parse_from_rfc3339(&e.time) else {
            return Ok(());
        };
        let kind = e.fields.get("eventType").and_then(|v| v.as_str());
        let session = e
            .fields
            .get("authenticationContext")
            .and_then(|a| a.get("externalSessionId"))
            .and_then(|v| v.as_str());
        signals.observe(&Activity {
            person,
            time: time.timestamp(),
            action: match (e.kind, kind) {
                (EventKind::SignIn, Some("user.authentication.sso")) => Action::SessionActivity,
                _ => Action::SignIn,
            },
            ip: e.ip.as_deref().and_then(|i| i.parse().ok()),
            device: e.device.as_deref(),
            device_kind: "Okta Verify device",
            session,
            repo: None,
            proxy: false,
            cite: Cite {
                source,
                line: e.provenance.line,
            },
        });
        Ok(())
    };
    let report = parse_events(
        &Format::Okta,
        "okta.jsonl",
        Lines::new(&company, events, spent.clone()),
        &canon,
        &mut observe,
    );
    let output = signals.finish();
    let generation = spent.get().as_secs_f64();
    let net = (t.elapsed() - spent.get()).as_secs_f64().max(1e-9);
    if let Err(e) = report {
        eprintln!("error: {e}");
    }
    let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in &output.findings {
        *kinds.entry(f.kind.as_str()).or_default() += 1;
    }
    println!(
        "unmask: {seen} Okta sign-in events of {people} people through the importer, enrichment and every post-hire check \
         in {net:.2} s (generation {generation:.2} s excluded) = {:.0} events/s on one core; {} findings {:?}, {} shared addresses",
        seen as f64 / net,
        output.findings.len(),
        kinds,
        output.shared_addresses.len()
    );
    println!(
        "anchor: serde_json::Value parse only, same lines: {:.2} s = {:.0} events/s; unmask takes {:.2}x the anchor's time",
        anchor,
        parsed as f64 / anchor,
        net / anchor
    );
    println!(
        "target >= 200,000 events/s per core: {}",
        if seen as f64 / net >= 200_000.0 {
            "PASS"
        } else {
            "FAIL"
        }
    );
}
