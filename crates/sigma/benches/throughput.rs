//! Detection throughput: SigmaHQ's rules (plus unmask's pack in `rules/`, when present) against
//! SigmaHQ's regression event logs read through the `evtx` importer, repeated to a million
//! events, on one thread; then a million synthetic osquery and Okta events the same way.
//!
//! What is timed per event is detection and correlation (`Detector::detect`, then
//! `Correlator::observe`), nothing cached across events: each event goes through routing, unmask's
//! prefilter (its fields lower-cased and scanned for the atoms of the route's rules) and the
//! evaluation of every candidate rule (unmask's plan over rsigma's compiled rule, its fields
//! looked up and lower-cased once per event). The route indexes are built on a route's first event,
//! inside the timed loop. Rule loading and reading the corpora are outside it.
//!
//! The anchor, measured in the same run, is rsigma alone: one engine holding every rule, each
//! event handed over as a `serde_json::Value` (rsigma's own `JsonEvent`). unmask's path routes
//! the event to the rules of its log source, picks the rules whose necessary condition holds
//! and evaluates those on the event's fields without copying.
//! `bench/sigma/run.sh` runs it under `/usr/bin/time -v`. Environment: `UNMASK_BENCH_EVENTS`
//! (default 1,000,000), `UNMASK_BENCH_ANCHOR_EVENTS` (default 100,000; 0 skips the anchor),
//! `SIGMAHQ` (default `../shared/data/sigmahq` from the workspace root).
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on stdout"
)]

/// The allocator the `unmask` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use rsigma_eval::event::JsonEvent;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use unmask_ingest::{parse_events, Format};
use unmask_model::canon::Canonicalizer;
use unmask_model::Event;
use unmask_sigma::{Correlator, Detector, Limits, RuleSet};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn read_corpus(dir: &Path) -> Vec<Event> {
    let mut paths = Vec::new();
    files(dir, "evtx", &mut paths);
    paths.sort();
    let canon = Canonicalizer::new([0u8; 32]);
    let mut events = Vec::new();
    for path in &paths {
        let Ok(file) = std::fs::File::open(path) else {
            continue;
        };
        let mut sink = |e: Event| {
            events.push(e);
            Ok(())
        };
        if let Err(e) = parse_events(&Format::Evtx, "bench", file, &canon, &mut sink) {
            eprintln!("warning: {}: {e}", path.display());
        }
    }
    events
}

/// Peak resident set size, from `/proc/self/status` (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

/// Synthetic osquery results (the demo world's laptops at scale 3) and Okta System Log events,
/// read through their importers.
fn synthetic_corpus() -> Vec<Event> {
    let world = unmask_synth::generate(1, 3);
    let osquery = world
        .files()
        .into_iter()
        .find(|(name, _)| *name == "osquery.jsonl")
        .map(|(_, text)| text.to_string())
        .unwrap_or_default();
    let types = [
        "user.session.start",
        "user.authentication.sso",
        "user.authentication.auth_via_mfa",
        "user.mfa.factor.activate",
        "policy.evaluate_sign_on",
        "user.account.update_password",
        "application.user_membership.add",
        "system.api_token.create",
    ];
    let mut okta = String::new();
    for i in 0..4000u32 {
        let t = types[(i as usize * 7) % types.len()];
        okta.push_str(&format!(
            concat!(
                r#"{{"uuid":"b{i:08x}-0000-4000-8000-000000000000","published":"2026-03-{d:02}T{h:02}:{m:02}:00.000Z","#,
                r#""eventType":"{t}","displayMessage":"{t} event","severity":"INFO","#,
                r#""actor":{{"id":"00u{i}","type":"User","alternateId":"user{u}@acme.example","displayName":"User {u}"}},"#,
                r#""client":{{"ipAddress":"198.51.100.{ip}","userAgent":{{"rawUserAgent":"Mozilla/5.0","os":"Windows","browser":"CHROME"}},"#,
                r#""geographicalContext":{{"country":"United States","city":"Denver"}}}},"#,
                r#""outcome":{{"result":"SUCCESS"}},"securityContext":{{"isProxy":false,"asOrg":"example isp"}},"#,
                r#""target":[{{"id":"0oa{i}","type":"AppInstance","displayName":"Example App"}}]}}"#,
                "\n"
            ),
            i = i,
            d = 1 + i % 28,
            h = i % 24,
            m = i % 60,
            t = t,
            u = i % 300,
            ip = 1 + i % 250,
        ));
    }
    let canon = Canonicalizer::new([0u8; 32]);
    let mut events = Vec::new();
    for (format, text) in [(Format::Osquery, osquery), (Format::Okta, okta)] {
        let mut sink = |e: Event| {
            events.push(e);
            Ok(())
        };
        if let Err(e) = parse_events(
            &format,
            "bench",
            std::io::Cursor::new(text.into_bytes()),
            &canon,
            &mut sink,
        ) {
            eprintln!("synthetic {}: {e}", format.name());
        }
    }
    events
}

/// Detection and correlation over `corpus` repeated to at least `target` events, one thread.
fn time_unmask(rules: &RuleSet, corpus: &[Event], target: usize) -> (usize, Duration, usize) {
    let repeats = target.div_ceil(corpus.len().max(1));
    let mut correlator = Correlator::new(rules, Limits::default());
    let mut hits = Vec::new();
    let mut hit_count = 0usize;
    let started = Instant::now();
    for _ in 0..repeats {
        for event in corpus {
            hits.clear();
            rules.detect(event, &mut hits);
            correlator.observe(event, &mut hits);
            hit_count += hits.len();
        }
    }
    (repeats * corpus.len(), started.elapsed(), hit_count)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let sigmahq = std::env::var_os("SIGMAHQ")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/sigmahq"));
    if !sigmahq.is_dir() {
        println!("skipped: {} is absent", sigmahq.display());
        return;
    }
    let target = env_usize("UNMASK_BENCH_EVENTS", 1_000_000);
    let anchor_target = env_usize("UNMASK_BENCH_ANCHOR_EVENTS", 100_000);

    let mut dirs = vec![
        sigmahq.join("rules/windows"),
        sigmahq.join("rules-threat-hunting/windows"),
        sigmahq.join("rules-emerging-threats"),
        sigmahq.join("rules/identity/okta"),
    ];
    let pack = root.join("rules");
    if pack.is_dir() {
        dirs.push(pack);
    }
    let started = Instant::now();
    let (rules, report) = RuleSet::load(&dirs);
    let load = started.elapsed();
    println!(
        "rules: {} loaded ({} log sources) from {} files in {:.2} s; {} files did not load",
        rules.rule_count(),
        rules.logsource_groups(),
        report.files,
        load.as_secs_f64(),
        report.failed_files().len()
    );

    let corpus = read_corpus(&sigmahq.join("regression_data"));
    if corpus.is_empty() {
        println!("skipped: no events in the regression corpus");
        return;
    }
    let repeats = target.div_ceil(corpus.len());
    let total = repeats * corpus.len();
    println!(
        "events: {} from the regression corpus, repeated {repeats} times = {total}",
        corpus.len()
    );

    // unmask: routed detection, then the correlator (a no-op without correlation rules).
    let mut correlator = Correlator::new(&rules, Limits::default());
    let mut hits = Vec::new();
    let mut hit_count = 0usize;
    let started = Instant::now();
    for _ in 0..repeats {
        for event in &corpus {
            hits.clear();
            rules.detect(event, &mut hits);
            correlator.observe(event, &mut hits);
            hit_count += hits.len();
        }
    }
    let unmask = started.elapsed();

    let ours = rate(total, unmask);
    println!(
        "unmask: {total} events in {:.2} s = {:.0} events/s on one core ({:.2} µs/event), {hit_count} hits",
        unmask.as_secs_f64(),
        ours,
        1e6 / ours
    );
    let synthetic = synthetic_corpus();
    if !synthetic.is_empty() {
        let (n, took, found) = time_unmask(&rules, &synthetic, target);
        let r = rate(n, took);
        println!(
            "unmask, synthetic osquery + Okta ({} distinct events repeated): {n} events in {:.2} s = {:.0} events/s on one core, {found} hits",
            synthetic.len(),
            took.as_secs_f64(),
            r
        );
    }
    match peak_rss_mib() {
        Some(mib) => println!("peak RSS: {mib:.0} MiB (rules, corpora and detection)"),
        None => println!("peak RSS: unknown"),
    }
    if anchor_target == 0 {
        return;
    }

    // Anchor: rsigma alone, every rule in one engine, events as JSON values.
    let mut engine = rsigma_eval::Engine::new();
    let mut sources = Vec::new();
    for dir in &dirs {
        files(dir, "yml", &mut sources);
    }
    let mut all = Vec::new();
    for path in &sources {
        if let Ok(text) = std::fs::read_to_string(path) {
            if let Ok(collection) = rsigma_parser::parse_sigma_yaml(&text) {
                all.extend(collection.rules);
            }
        }
    }
    let _ = engine.add_rules(all.iter());
    let anchor_repeats = anchor_target.div_ceil(corpus.len()).max(1);
    let anchor_total = anchor_repeats * corpus.len();
    let mut anchor_hits = 0usize;
    let started = Instant::now();
    for _ in 0..anchor_repeats {
        for event in &corpus {
            let value = serde_json::Value::Object(event.fields.clone());
            anchor_hits += engine.evaluate(&JsonEvent::borrow(&value)).len();
        }
    }
    let anchor = started.elapsed();

    let theirs = rate(anchor_total, anchor);
    println!(
        "anchor (rsigma alone, no routing, JSON values): {anchor_total} events in {:.2} s = {:.0} events/s, {} hits per pass",
        anchor.as_secs_f64(),
        theirs,
        anchor_hits / anchor_repeats
    );
    println!("ratio: {:.1}x the anchor", ours / theirs);
}
