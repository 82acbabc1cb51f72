//! The loaded rules: one rsigma engine per rule log source, reached through the [`Router`].

use crate::correlation::{self, Spec};
use crate::document::{Document, Fields};
use crate::load::LoadReport;
use crate::routing::Router;
use crate::{Detector, Hit, LogSource, RuleInfo};
use rsigma_eval::{compile_rule, CompiledRule, Engine};
use rsigma_parser::{parse_sigma_yaml, CorrelationRule, FilterRule, FilterRuleTarget, SigmaRule};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock};

/// Detection and correlation rules, indexed by log source.
pub struct RuleSet {
    router: Router,
    /// The compiled rules of each rule log source.
    groups: Vec<Group>,
    filters: Vec<FilterRule>,
    /// One engine per route (set of groups an event goes to), built on the route's first event:
    /// one candidate scan per event instead of one per group. Routes are few (one per distinct
    /// event log source), so this stays small.
    engines: RwLock<HashMap<Vec<usize>, Arc<RouteEngine>>>,
    rules: Vec<Arc<RuleInfo>>,
    pub(crate) correlations: Arc<[Spec]>,
    /// Rules referenced only by correlations with `generate: false`: their matches feed the
    /// correlation and are not reported themselves.
    pub(crate) quiet: HashSet<String>,
}

/// The rules of one log source.
struct Group {
    compiled: Vec<CompiledRule>,
    /// Rule id (as given to rsigma) to index in `RuleSet::rules`.
    rules: HashMap<String, usize>,
}

/// The rules of every group of one route, in one rsigma engine.
struct RouteEngine {
    engine: Engine,
    rules: HashMap<String, usize>,
}

impl RuleSet {
    /// Detection rules loaded.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    pub fn correlation_count(&self) -> usize {
        self.correlations.len()
    }

    /// The loaded detection rules, in load order.
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter().map(|r| r.as_ref())
    }

    /// The loaded correlation rules, in load order.
    pub fn correlations(&self) -> impl Iterator<Item = &RuleInfo> {
        self.correlations.iter().map(|c| c.info.as_ref())
    }

    /// How many distinct rule log sources there are (one engine each).
    pub fn logsource_groups(&self) -> usize {
        self.groups.len()
    }

    /// Detect, returning the hits.
    pub fn evaluate(&self, doc: &dyn Document) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.detect(doc, &mut hits);
        hits
    }
}

impl RuleSet {
    fn engine(&self, groups: &[usize]) -> Arc<RouteEngine> {
        // A poisoned lock only means another thread panicked while building an engine; the map
        // itself is always consistent.
        let cached = self
            .engines
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(groups)
            .cloned();
        if let Some(engine) = cached {
            return engine;
        }
        let mut sorted = groups.to_vec();
        sorted.sort_unstable();
        let mut engine = Engine::new();
        // Trigram bloom filters skip substring matchers whose field cannot contain the needle:
        // 5% faster on the SigmaHQ regression corpus (`benches/throughput.rs`).
        engine.set_bloom_prefilter(true);
        let mut rules = HashMap::new();
        engine.extend_compiled_rules(sorted.iter().flat_map(|&g| {
            rules.extend(self.groups[g].rules.iter().map(|(k, v)| (k.clone(), *v)));
            self.groups[g].compiled.iter().cloned()
        }));
        for filter in &self.filters {
            // Filters were checked against each group's rules at load.
            let _ = engine.apply_filter(filter);
        }
        let built = Arc::new(RouteEngine { engine, rules });
        self.engines
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(groups.to_vec())
            .or_insert(built)
            .clone()
    }
}

impl Detector for RuleSet {
    fn detect(&self, doc: &dyn Document, hits: &mut Vec<Hit>) {
        let route = self.router.route(doc.logsource());
        if route.groups().is_empty() {
            return;
        }
        let engine = self.engine(route.groups());
        let event = Fields(doc.fields());
        let mut found: Vec<usize> = engine
            .engine
            .evaluate(&event)
            .iter()
            .filter_map(|r| r.header.rule_id.as_deref())
            .filter_map(|id| engine.rules.get(id).copied())
            .collect();
        // Load order, whatever order the engine found them in.
        found.sort_unstable();
        hits.extend(found.into_iter().map(|index| Hit {
            rule: Arc::clone(&self.rules[index]),
            correlation: None,
        }));
    }
}

/// Collects rules file by file, then builds the engines once.
#[derive(Default)]
pub(crate) struct Builder {
    router: Router,
    pending: Vec<(Vec<CompiledRule>, HashMap<String, usize>)>,
    rules: Vec<Arc<RuleInfo>>,
    /// Rule ids and names to rule index, for correlations and duplicate checks.
    by_ref: HashMap<String, usize>,
    /// Where each rule id was first seen.
    files: HashMap<String, String>,
    correlations: Vec<(String, CorrelationRule)>,
    filters: Vec<(String, FilterRule)>,
}

impl Builder {
    pub(crate) fn add_file(&mut self, file: &str, text: &str, report: &mut LoadReport) {
        let collection = match parse_sigma_yaml(text) {
            Ok(collection) => collection,
            Err(e) => {
                report.problem(file, None, e.to_string(), true);
                return;
            }
        };
        let documents =
            collection.rules.len() + collection.correlations.len() + collection.filters.len();
        // rsigma gathers both per-document errors and warnings; when nothing loaded from the
        // file they are why.
        for error in &collection.errors {
            report.problem(file, None, error.clone(), documents == 0);
        }
        if documents == 0 && collection.errors.is_empty() {
            report.problem(file, None, "no Sigma document in the file".into(), true);
        }
        for rule in collection.rules {
            self.add_rule(file, rule, report);
        }
        self.correlations.extend(
            collection
                .correlations
                .into_iter()
                .map(|c| (file.to_string(), c)),
        );
        self.filters.extend(
            collection
                .filters
                .into_iter()
                .map(|f| (file.to_string(), f)),
        );
    }

    fn add_rule(&mut self, file: &str, rule: SigmaRule, report: &mut LoadReport) {
        let id = rule
            .id
            .clone()
            .or_else(|| rule.name.clone())
            .unwrap_or_else(|| rule.title.clone());
        if let Some(first) = self.files.get(&id) {
            report.problem(
                file,
                Some(&id),
                format!("duplicate rule id `{id}`, first loaded from `{first}`"),
                true,
            );
            return;
        }
        let mut compiled = match compile_rule(&rule) {
            Ok(compiled) => compiled,
            Err(e) => {
                report.problem(file, Some(&id), e.to_string(), true);
                return;
            }
        };
        compiled.id = Some(id.clone());
        let ls = &rule.logsource;
        let key = self.router.key(
            ls.product.as_deref(),
            ls.category.as_deref(),
            ls.service.as_deref(),
        );
        let pending = &mut self.pending;
        let group = self.router.group(key, || {
            pending.push((Vec::new(), HashMap::new()));
            pending.len() - 1
        });
        let index = self.rules.len();
        self.rules.push(Arc::new(RuleInfo {
            id: id.clone(),
            name: rule.name.clone(),
            title: rule.title.clone(),
            level: rule.level.map(|l| l.as_str().to_string()),
            tags: rule.tags.clone(),
            logsource: LogSource {
                product: ls.product.clone(),
                category: ls.category.clone(),
                service: ls.service.clone(),
            },
        }));
        let (compiled_rules, ids) = &mut self.pending[group];
        compiled_rules.push(compiled);
        ids.insert(id.clone(), index);
        self.files.insert(id.clone(), file.to_string());
        self.by_ref.insert(id, index);
        if let Some(name) = rule.name {
            self.by_ref.entry(name).or_insert(index);
        }
    }

    pub(crate) fn finish(self, report: &mut LoadReport) -> RuleSet {
        let groups: Vec<Group> = self
            .pending
            .into_iter()
            .map(|(compiled, rules)| Group { compiled, rules })
            .collect();
        report.rules = self.rules.len();
        let mut filters = Vec::new();

        for (file, filter) in &self.filters {
            if let FilterRuleTarget::Specific(refs) = &filter.rules {
                let known = refs.iter().any(|r| {
                    self.by_ref.contains_key(r) || self.rules.iter().any(|x| &x.title == r)
                });
                if !known {
                    report.problem(
                        file,
                        filter.id.as_deref(),
                        format!("filter `{}` names no loaded rule", filter.title),
                        true,
                    );
                    continue;
                }
            }
            // Compile the filter once on its own, so a broken one is reported here and not
            // skipped silently when a route's engine is built.
            let mut probe = Engine::new();
            match probe.apply_filter(filter) {
                Err(e) => report.problem(file, filter.id.as_deref(), e.to_string(), true),
                Ok(()) => {
                    report.filters += 1;
                    filters.push(filter.clone());
                }
            }
        }

        let mut specs = Vec::new();
        let mut quiet = HashSet::new();
        let mut loud = HashSet::new();
        for (file, rule) in &self.correlations {
            match correlation::compile(rule, &self.by_ref, &self.rules) {
                Ok(spec) => {
                    let set = if rule.generate { &mut loud } else { &mut quiet };
                    set.extend(spec.rule_indices());
                    specs.push(spec);
                }
                Err(reason) => {
                    let id = rule.id.as_deref().unwrap_or(&rule.title);
                    report.problem(file, Some(id), reason, true);
                }
            }
        }
        report.correlations = specs.len();
        quiet.retain(|i| !loud.contains(i));
        let quiet = quiet
            .into_iter()
            .map(|i| self.rules[i].id.clone())
            .collect();

        RuleSet {
            router: self.router,
            groups,
            filters,
            engines: RwLock::default(),
            rules: self.rules,
            correlations: specs.into(),
            quiet,
        }
    }
}
