//! Sigma rules over telemetry: the stored events for `analyze`, files for `hunt`, and the rule
//! pack's own test events for `rules test`.
//!
//! In `analyze`, events stream from the store in time order through the detection rules of
//! their log source and then the correlations. Events of a sanctioned tool (`[[sanctioned]]`
//! without `rule`) are left out before any rule sees them, so the company's own RMM neither
//! fires nor counts towards a correlation. Hits become findings on the employee who holds the
//! device or the account, one finding per person and rule, with the matching events as evidence.

use crate::config::Sanctioned;
use crate::owners::Owners;
use crate::{Config, PipelineError};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use unmask_model::{Event, Evidence, Finding, Severity, SubjectRef};
use unmask_sigma::{Correlator, Detector, Hit, Limits, LoadReport, RuleInfo, RuleSet};
use unmask_store::{Store, StoreError};

/// Evidence events kept per person and rule.
const EVIDENCE_PER_FINDING: usize = 5;

/// A fresh correlation state for `rules`, with the default bounds.
pub fn correlator(rules: &RuleSet) -> Correlator {
    Correlator::new(rules, Limits::default())
}

/// The pack and every rule file under `dirs`, as one set.
pub fn load_rules(dirs: &[String], with_pack: bool) -> (RuleSet, LoadReport) {
    let pack = if with_pack {
        crate::pack::sources()
    } else {
        Vec::new()
    };
    RuleSet::load_with(pack, dirs)
}

/// The finding kind for a rule: `rule:<name>`, else `rule:<id>`.
pub fn finding_kind(rule: &RuleInfo) -> String {
    format!("rule:{}", rule.name.as_deref().unwrap_or(&rule.id))
}

pub fn severity(level: Option<&str>) -> Severity {
    match level {
        Some("critical") => Severity::Critical,
        Some("high") => Severity::High,
        Some("medium") => Severity::Medium,
        Some("low") => Severity::Low,
        _ => Severity::Info,
    }
}

/// Fields worth quoting in an explanation, in order of preference.
const QUOTE: [&str; 12] = [
    "Image",
    "CommandLine",
    "Vendor",
    "Model",
    "VendorId",
    "ProductId",
    "Name",
    "HardwareVendor",
    "HardwareModel",
    "action",
    "repo",
    "eventType",
];

fn quote(event: &Event) -> String {
    QUOTE
        .iter()
        .filter_map(|f| {
            event.fields.get(*f).map(|v| {
                let v = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let v: String = v.chars().take(120).collect();
                format!("{f}={v}")
            })
        })
        .take(3)
        .collect::<Vec<_>>()
        .join(", ")
}

struct Tally {
    rule: std::sync::Arc<RuleInfo>,
    how: String,
    count: u64,
    first: String,
    last: String,
    sample: String,
    correlation: Option<String>,
    evidence: Vec<Evidence>,
}

#[derive(Debug, Default)]
pub struct RuleRun {
    pub findings: Vec<Finding>,
    pub events: u64,
    pub hits: u64,
    /// Hits on devices or accounts that no employee or candidate holds.
    pub unowned: u64,
    /// Events or hits left out, per sanctioned entry's label.
    pub sanctioned: BTreeMap<String, u64>,
    pub late: u64,
}

fn rule_matches(entry: &Sanctioned, rule: &RuleInfo) -> bool {
    entry
        .rule
        .as_deref()
        .is_some_and(|r| r == rule.id || Some(r) == rule.name.as_deref())
}

/// Run `rules` over every stored event.
pub fn run(
    store: &dyn Store,
    config: &Config,
    rules: &RuleSet,
    owners: &Owners,
) -> Result<RuleRun, PipelineError> {
    let mut out = RuleRun::default();
    let mut correlator = Correlator::new(rules, Limits::default());
    let mut tallies: BTreeMap<(SubjectRef, String), Tally> = BTreeMap::new();
    let (everywhere, per_rule): (Vec<&Sanctioned>, Vec<&Sanctioned>) =
        config.sanctioned.iter().partition(|s| s.rule.is_none());
    let mut hits: Vec<Hit> = Vec::new();
    store.events(&mut |event: Event| -> Result<(), StoreError> {
        out.events += 1;
        if let Some(s) = everywhere.iter().find(|s| s.covers(&event)) {
            *out.sanctioned.entry(s.label.clone()).or_insert(0) += 1;
            return Ok(());
        }
        hits.clear();
        rules.detect(&event, &mut hits);
        correlator.observe(&event, &mut hits);
        for hit in hits.drain(..) {
            if let Some(s) = per_rule
                .iter()
                .find(|s| rule_matches(s, &hit.rule) && s.covers(&event))
            {
                *out.sanctioned.entry(s.label.clone()).or_insert(0) += 1;
                continue;
            }
            out.hits += 1;
            let Some((owner, how)) = owners.of(&event) else {
                out.unowned += 1;
                continue;
            };
            let kind = finding_kind(&hit.rule);
            let tally = tallies.entry((owner, kind)).or_insert_with(|| Tally {
                rule: hit.rule.clone(),
                how,
                count: 0,
                first: event.time.clone(),
                last: event.time.clone(),
                sample: quote(&event),
                correlation: None,
                evidence: Vec::new(),
            });
            tally.count += 1;
            if event.time < tally.first {
                tally.first = event.time.clone();
            }
            if event.time > tally.last {
                tally.last = event.time.clone();
            }
            if let Some(c) = &hit.correlation {
                let group: Vec<String> = c.group.iter().map(|(k, v)| format!("{k}={v}")).collect();
                tally.correlation = Some(format!(
                    "{} within its window ({})",
                    c.value,
                    group.join(", ")
                ));
            }
            if tally.evidence.len() < EVIDENCE_PER_FINDING {
                tally.evidence.push(Evidence {
                    subject: SubjectRef(
                        event
                            .device
                            .as_ref()
                            .map(|d| format!("device:{d}"))
                            .unwrap_or_else(|| "account".into()),
                    ),
                    artifact: None,
                    role: Some(event.logsource.to_string()),
                    masked: Some(quote(&event)),
                    provenance: event.provenance.clone(),
                });
            }
        }
        Ok(())
    })?;
    out.late = correlator.stats().late;
    for ((owner, kind), t) in tallies {
        let level = t.rule.level.as_deref().unwrap_or("unset");
        let what = match &t.correlation {
            Some(c) => format!("correlation fired: {c}"),
            None => format!(
                "{} matching event{} from {} to {}; e.g. {}",
                t.count,
                if t.count == 1 { "" } else { "s" },
                t.first,
                t.last,
                t.sample
            ),
        };
        out.findings.push(Finding {
            subject: owner,
            kind,
            severity: severity(t.rule.level.as_deref()),
            explanation: format!(
                "Sigma rule \"{}\" ({}, level {level}) on telemetry of whoever {}: {what}",
                t.rule.title, t.rule.id, t.how
            ),
            evidence: t.evidence,
            // A correlation fires on its last event; a single-event rule on its first hit.
            at: Some(if t.correlation.is_some() {
                t.last
            } else {
                t.first
            }),
        });
    }
    Ok(out)
}

/// Guess a telemetry file's format: `.evtx` files by their name, JSON files by the fields of
/// their first record. `None` when nothing fits; the user then names the format.
pub fn sniff(path: &str) -> Option<unmask_ingest::Format> {
    use std::io::Read;
    use unmask_ingest::Format;
    if path.to_ascii_lowercase().ends_with(".evtx") {
        return Some(Format::Evtx);
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    if head.starts_with(b"ElfFile") {
        return Some(Format::Evtx);
    }
    let text = String::from_utf8_lossy(&head);
    let has = |k: &str| text.contains(&format!("\"{k}\""));
    if has("hostIdentifier") {
        Some(Format::Osquery)
    } else if has("eventType") && has("published") {
        Some(Format::Okta)
    } else if has("createdDateTime") && (has("userPrincipalName") || has("appDisplayName")) {
        Some(Format::Entra)
    } else if has("action") && has("actor") && (has("@timestamp") || has("created_at")) {
        Some(Format::GithubAudit)
    } else {
        None
    }
}

/// One hit from `hunt`.
pub struct HuntHit<'a> {
    pub hit: &'a Hit,
    pub event: &'a Event,
}

/// Stream one file through the rules (and the correlations, which carry over from file to
/// file), calling `on_hit` for every hit. Files are not stored.
pub fn hunt_file(
    path: &str,
    format: &unmask_ingest::Format,
    canon: &unmask_model::canon::Canonicalizer,
    rules: &RuleSet,
    correlator: &mut Correlator,
    on_hit: &mut dyn FnMut(HuntHit<'_>),
) -> Result<unmask_ingest::TelemetryReport, PipelineError> {
    let file = std::fs::File::open(path).map_err(|source| PipelineError::Io {
        path: path.to_string(),
        source,
    })?;
    let mut hits = Vec::new();
    let report = unmask_ingest::parse_events(
        format,
        path,
        std::io::BufReader::with_capacity(1 << 16, file),
        canon,
        &mut |event| {
            hits.clear();
            rules.detect(&event, &mut hits);
            correlator.observe(&event, &mut hits);
            for hit in &hits {
                on_hit(HuntHit { hit, event: &event });
            }
            Ok(())
        },
    )?;
    Ok(report)
}

/// One rule's test events (`X.tests.json` beside `X.yml`): each positive event must make the
/// rule fire, no negative one may. For a correlation, the positive events together must fire it
/// and the negative ones together must not.
#[derive(Debug)]
pub struct RuleTest {
    pub rule_file: String,
    pub rule: String,
    pub passed: bool,
    pub failures: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    positive: Vec<TestEvent>,
    negative: Vec<TestEvent>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TestEvent {
    #[serde(default)]
    logsource: unmask_model::LogSource,
    fields: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    device: Option<String>,
}

impl TestEvent {
    fn event(self, file: &str, i: usize) -> Event {
        Event {
            kind: unmask_model::EventKind::Other,
            time: self.time.unwrap_or_else(|| "2026-01-01T00:00:00Z".into()),
            logsource: self.logsource,
            user: self.user.map(unmask_model::Sensitive::new),
            device: self.device,
            ip: None,
            fields: self.fields,
            provenance: unmask_model::Provenance::new(file, "rule-test")
                .at(Some(i as u64 + 1), None),
        }
    }
}

/// Does `rule` fire on `events` (fed in order, with correlations)?
fn fires(rules: &RuleSet, rule: &RuleInfo, events: &[Event], each: bool) -> Vec<usize> {
    let mut firing = Vec::new();
    let mut correlator = Correlator::new(rules, Limits::default());
    for (i, e) in events.iter().enumerate() {
        if each {
            correlator = Correlator::new(rules, Limits::default());
        }
        let mut hits = Vec::new();
        rules.detect(e, &mut hits);
        correlator.observe(e, &mut hits);
        if hits.iter().any(|h| h.rule.id == rule.id) {
            firing.push(i);
        }
    }
    firing
}

/// Run the test events of every rule under `dirs` that has them.
pub fn test_rules(dirs: &[String]) -> Result<(Vec<RuleTest>, LoadReport), PipelineError> {
    let (rules, report) = RuleSet::load(dirs);
    let mut files = Vec::new();
    for dir in dirs {
        collect_tests(Path::new(dir), &mut files)?;
    }
    files.sort();
    let by_name: HashMap<String, &RuleInfo> = rules
        .rules()
        .chain(rules.correlations())
        .flat_map(|r| {
            [Some(r.id.clone()), r.name.clone()]
                .into_iter()
                .flatten()
                .map(move |k| (k, r))
        })
        .collect();
    let mut out = Vec::new();
    for tests in files {
        let yml = tests.replace(".tests.json", ".yml");
        let io = |source| PipelineError::Io {
            path: tests.clone(),
            source,
        };
        let text = std::fs::read_to_string(&tests).map_err(io)?;
        let file: TestFile = serde_json::from_str(&text).map_err(|e| PipelineError::Data {
            path: tests.clone(),
            message: e.to_string(),
        })?;
        let rule_text = std::fs::read_to_string(&yml).map_err(|source| PipelineError::Io {
            path: yml.clone(),
            source,
        })?;
        let key = rule_key(&rule_text);
        let Some(rule) = key.as_ref().and_then(|k| by_name.get(k)) else {
            out.push(RuleTest {
                rule_file: yml.clone(),
                rule: key.unwrap_or_default(),
                passed: false,
                failures: vec!["the rule did not load (see `unmask rules lint`)".into()],
            });
            continue;
        };
        let is_correlation = rules.correlations().any(|c| c.id == rule.id);
        let positive: Vec<Event> = file
            .positive
            .into_iter()
            .enumerate()
            .map(|(i, e)| e.event(&tests, i))
            .collect();
        let negative: Vec<Event> = file
            .negative
            .into_iter()
            .enumerate()
            .map(|(i, e)| e.event(&tests, i))
            .collect();
        let mut failures = Vec::new();
        if positive.is_empty() || negative.is_empty() {
            failures.push("needs at least one positive and one negative event".into());
        }
        if is_correlation {
            if fires(&rules, rule, &positive, false).is_empty() {
                failures.push("the positive events do not fire the correlation".into());
            }
            if !fires(&rules, rule, &negative, false).is_empty() {
                failures.push("the negative events fire the correlation".into());
            }
        } else {
            let hit = fires(&rules, rule, &positive, true);
            for i in (0..positive.len()).filter(|i| !hit.contains(i)) {
                failures.push(format!("positive event {} does not fire", i + 1));
            }
            for i in fires(&rules, rule, &negative, true) {
                failures.push(format!("negative event {} fires", i + 1));
            }
        }
        out.push(RuleTest {
            rule_file: yml,
            rule: rule.name.clone().unwrap_or_else(|| rule.id.clone()),
            passed: failures.is_empty(),
            failures,
        });
    }
    Ok((out, report))
}

/// The `name`, else the `id`, of the first rule in a rule file's text.
fn rule_key(text: &str) -> Option<String> {
    let get = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().trim_matches(['\'', '"']).to_string())
    };
    get("name:").or_else(|| get("id:"))
}

fn collect_tests(dir: &Path, out: &mut Vec<String>) -> Result<(), PipelineError> {
    let io = |source| PipelineError::Io {
        path: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            collect_tests(&path, out)?;
        } else if path.to_string_lossy().ends_with(".tests.json") {
            out.push(path.display().to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_pack_is_the_rules_folder() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules");
        let mut on_disk = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).expect("rules folder") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "yml") {
                    let rel = p
                        .strip_prefix(concat!(env!("CARGO_MANIFEST_DIR"), "/../../"))
                        .expect("under the repo")
                        .display()
                        .to_string();
                    on_disk.push(rel);
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<String> = crate::pack::PACK
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        assert_eq!(
            embedded, on_disk,
            "list every rule of rules/ in crates/pipeline/src/pack.rs"
        );
    }

    #[test]
    fn the_pack_loads_cleanly() {
        let (rules, report) = super::load_rules(&[], true);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(
            rules.rule_count() + rules.correlation_count(),
            crate::pack::PACK.len()
        );
    }
}
