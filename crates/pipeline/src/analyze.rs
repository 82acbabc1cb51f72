//! Analyse everything stored: linkage findings and clusters, the identity graph (reference
//! rings, facilitators, threat-intelligence matches), direct risk per subject, then risk by
//! association from the high-risk people to their neighbours, and the final risk.

use crate::{risk, Config, PipelineError, Progress};
use std::collections::{BTreeMap, HashMap};
use unmask_graph::{associate, facilitators, intel, rings, Graph};
use unmask_model::{Finding, SubjectRef};
use unmask_store::{Analysis, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub subjects: usize,
    pub findings: usize,
    pub clusters: usize,
    /// Subjects at risk 70 or more.
    pub high_risk: usize,
    /// Facilitator hubs found (laptop farms, payout hubs, shared egress), not counting
    /// suppressed ones.
    pub facilitators: usize,
    /// Threat-intelligence hits (indicator and artifact pairs) counted.
    pub intel_hits: usize,
    /// Indicators not in force at the analysis time.
    pub intel_out_of_window: usize,
    /// Telemetry events read, rule hits, hits nobody holds, and events or hits of sanctioned
    /// tools left out (per label).
    pub events: u64,
    pub rule_hits: u64,
    pub unowned_hits: u64,
    pub sanctioned: BTreeMap<String, u64>,
    /// Rule files or rules that did not load, with the reason.
    pub rule_problems: Vec<String>,
    /// Post-hire checks: activity records checked, events about no employee, findings.
    pub activities: u64,
    pub activities_unowned: u64,
    pub post_hire_findings: usize,
    /// The offline IP data loaded, one line per source.
    pub enrichment: Vec<String>,
}

/// Which Sigma rules `analyze` runs over the stored telemetry.
#[derive(Debug, Clone)]
pub struct RuleOptions {
    /// unmask's own pack (`rules/`, built in).
    pub pack: bool,
    /// More rule folders (SigmaHQ, the company's own).
    pub dirs: Vec<String>,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            pack: true,
            dirs: Vec::new(),
        }
    }
}

/// `now` is the analysis time (RFC 3339, UTC): indicators count only inside their validity
/// window at that time.
pub fn run(
    store: &mut dyn Store,
    config: &Config,
    now: &str,
    rule_options: &RuleOptions,
    progress: &dyn Progress,
) -> Result<Summary, PipelineError> {
    progress.start("loading records", 1);
    let mut data = crate::load(store)?;
    let canon = crate::canonicalizer(store, config)?;
    let benign = config.benign(&canon)?;
    // Offices inferred from the device inventory explain shared ship-to addresses like declared
    // ones; corporate egress joins them after the pass over the sign-ins.
    let owners = crate::owners::Owners::build(&data);
    let mut inferred = crate::context::offices(&data, &owners);
    crate::context::resolve(&mut inferred, config, &canon)?;
    let known = crate::context::with_inferred(&benign, &inferred);
    progress.finish();
    progress.start("linking records", 1);
    let probable = unmask_linkage::persona::link(
        &data.subjects,
        &data.observations,
        &data.relations,
        &known,
        0,
    );
    let linked = unmask_linkage::analyze(&unmask_linkage::Input {
        subjects: &data.subjects,
        observations: &data.observations,
        relations: &data.relations,
        benign: &known,
        probable: &probable,
    });
    progress.finish();
    progress.start("post-hire checks over telemetry", 0);
    let lookup = crate::enrichment::load(config)?;
    let checked = crate::signals::run(store, &data, config, &owners, &lookup, &canon, now)?;
    // Addresses several people sign in from become graph edges, so the facilitator and
    // association steps see them with everything else.
    data.observations.extend(checked.observations);
    let post_hire_findings = checked.output.findings.len();
    let (activities, activities_unowned) = (checked.output.activities, checked.unowned);
    inferred.extend(checked.egress);
    crate::context::resolve(&mut inferred, config, &canon)?;
    let known = crate::context::with_inferred(&benign, &inferred);
    let context = unmask_graph::context::Context {
        inferences: inferred,
    };
    progress.finish();
    progress.start("building the identity graph", 1);
    let graph = Graph::build(&unmask_graph::Input {
        subjects: &data.subjects,
        observations: &data.observations,
        relations: &data.relations,
        clusters: &linked.clusters,
    });
    let mut findings = linked.findings;
    findings.extend(rings::detect(&graph));
    let (hubs, hub_findings) = facilitators::detect(&graph, &benign, &data.warninglists, &context);
    findings.extend(hub_findings.into_iter().map(|mut f| {
        if f.kind == "shared_egress" && f.at.is_none() {
            f.at = checked
                .shared_since
                .get(&f.subject)
                .map(|t| unmask_signals::rfc3339(*t));
        }
        f
    }));
    findings.extend(checked.output.findings);
    let hunt = intel::hunt(&graph, &data.indicators, &data.warninglists, now);
    findings.extend(intel::findings(&graph, &data.indicators, &hunt));
    progress.finish();
    progress.start("running Sigma rules over telemetry", 0);
    let (rules, load_report) = crate::detect::load_rules(&rule_options.dirs, rule_options.pack);
    let detected = crate::detect::run(store, config, &rules, &owners)?;
    findings.extend(detected.findings);
    progress.finish();
    progress.start("risk by association", 1);
    let model = unmask_scoring::Model::builtin()?;
    let direct = score(&model, &data, &findings);
    let by_index: HashMap<usize, u8> = direct
        .iter()
        .filter_map(|(s, r)| graph.subject(s.as_str()).map(|i| (i, *r)))
        .collect();
    findings.extend(associate::propagate(
        &graph,
        &by_index,
        &known,
        &data.warninglists,
    ));
    progress.finish();
    sort_findings(&mut findings);
    let risk = score(&model, &data, &findings);
    let summary = Summary {
        subjects: risk.len(),
        findings: findings.len(),
        clusters: linked.clusters.len(),
        high_risk: risk.iter().filter(|(_, r)| *r >= 70).count(),
        facilitators: hubs.iter().filter(|h| h.suppressed.is_none()).count(),
        intel_hits: hunt.hits.iter().filter(|h| h.listed.is_none()).count(),
        intel_out_of_window: hunt.out_of_window,
        events: detected.events,
        rule_hits: detected.hits,
        unowned_hits: detected.unowned,
        sanctioned: detected.sanctioned,
        rule_problems: load_report
            .problems
            .iter()
            .filter(|p| p.dropped)
            .map(|p| format!("{}: {}", p.file, p.reason))
            .collect(),
        activities,
        activities_unowned,
        post_hire_findings,
        enrichment: lookup.notes.clone(),
    };
    progress.start("saving analysis", 1);
    store.save_analysis(&Analysis {
        findings,
        clusters: linked.clusters,
        risk,
    })?;
    progress.finish();
    Ok(summary)
}

fn score(
    model: &unmask_scoring::Model,
    data: &unmask_store::Dataset,
    findings: &[Finding],
) -> Vec<(SubjectRef, u8)> {
    risk::assess_all(model, &data.subjects, &data.relations, findings)
        .into_iter()
        .map(|(s, a)| (s.clone(), a.risk))
        .collect()
}

/// Per subject, strongest first, then by kind: the order reports and exports show.
fn sort_findings(findings: &mut [Finding]) {
    findings
        .sort_by(|a, b| (&a.subject, b.severity, &a.kind).cmp(&(&b.subject, a.severity, &b.kind)));
}

/// The current time as the analysis time: RFC 3339, UTC, seconds.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
