//! The loaded rules: compiled rules grouped by rule log source, reached through the [`Router`];
//! per route, unmask's [`Prefilter`] picks the rules an event could match and each one's [`Plan`]
//! evaluates it with rsigma's semantics.

use crate::correlation::{self, Spec};
use crate::document::{Document, Fields};
use crate::evaluate::{Interner, Plan, Values};
use crate::load::LoadReport;
use crate::prefilter::need::{self, Need};
use crate::prefilter::Prefilter;
use crate::routing::Router;
use crate::{Detector, Hit, LogSource, RuleInfo};
use rsigma_eval::{compile_rule, CompiledRule, Engine};
use rsigma_parser::{parse_sigma_yaml, CorrelationRule, FilterRule, FilterRuleTarget, SigmaRule};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock};

/// Detection and correlation rules, indexed by log source.
pub struct RuleSet {
    router: Router,
    /// The compiled rules of each rule log source.
    groups: Vec<Group>,
    /// The field names the plans read, numbered.
    fields: Interner,
    /// One prefilter per route (set of groups an event goes to), built on the route's first
    /// event: one scan of the event per route instead of one per group. Routes are few (one per
    /// distinct event log source), so this stays small.
    routes: RwLock<HashMap<Vec<usize>, Arc<RouteIndex>, foldhash::fast::RandomState>>,
    rules: Vec<Arc<RuleInfo>>,
    pub(crate) correlations: Arc<[Spec]>,
    /// Rules referenced only by correlations with `generate: false`: their matches feed the
    /// correlation and are not reported themselves.
    pub(crate) quiet: HashSet<String>,
}

/// The rules of one log source, with the filters applied.
struct Group {
    compiled: Vec<CompiledRule>,
    /// Index in `RuleSet::rules` of each compiled rule.
    index: Vec<usize>,
    /// The necessary condition of each compiled rule (`prefilter/need.rs`).
    needs: Vec<Need>,
    /// How each compiled rule is evaluated (`evaluate.rs`).
    plans: Vec<Plan>,
}

/// The rules of every group of one route, and their prefilter.
struct RouteIndex {
    /// (group, position in the group) of each rule; the prefilter numbers rules by slot here.
    slots: Vec<(usize, usize)>,
    prefilter: Prefilter,
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

    /// How many distinct rule log sources there are (rule groups).
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
    fn route_index(&self, groups: &[usize]) -> Arc<RouteIndex> {
        // A poisoned lock only means another thread panicked while building an index; the map
        // itself is always consistent.
        let cached = self
            .routes
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(groups)
            .cloned();
        if let Some(index) = cached {
            return index;
        }
        let mut sorted = groups.to_vec();
        sorted.sort_unstable();
        let slots: Vec<(usize, usize)> = sorted
            .iter()
            .flat_map(|&g| (0..self.groups[g].compiled.len()).map(move |i| (g, i)))
            .collect();
        let prefilter = Prefilter::build(slots.iter().map(|&(g, i)| &self.groups[g].needs[i]));
        let built = Arc::new(RouteIndex { slots, prefilter });
        self.routes
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(groups.to_vec())
            .or_insert(built)
            .clone()
    }

    /// Every rule of a document's route through rsigma's own engine, without unmask's prefilter:
    /// the reference the prefilter is tested against (`tests/it/equivalence.rs`). Slower; not
    /// for production use.
    pub fn reference(&self) -> Reference<'_> {
        Reference {
            rules: self,
            engines: RefCell::default(),
        }
    }
}

impl Detector for RuleSet {
    fn detect(&self, doc: &dyn Document, hits: &mut Vec<Hit>) {
        let route = self.router.route(doc.logsource());
        if route.groups().is_empty() {
            return;
        }
        let index = self.route_index(route.groups());
        let fields = doc.fields();
        let mut candidates = Vec::with_capacity(64);
        index.prefilter.candidates(fields, &mut candidates);
        let mut values = Values::new(Fields(fields), &self.fields);
        let mut found: Vec<usize> = candidates
            .into_iter()
            .filter_map(|slot| {
                let (g, i) = index.slots[slot as usize];
                let group = &self.groups[g];
                group.plans[i]
                    .matches(&group.compiled[i], &mut values)
                    .then_some(group.index[i])
            })
            .collect();
        // Load order, whatever order the route holds them in.
        found.sort_unstable();
        hits.extend(found.into_iter().map(|index| Hit {
            rule: Arc::clone(&self.rules[index]),
            correlation: None,
        }));
    }
}

/// rsigma's engine over every rule of a route (see [`RuleSet::reference`]).
pub struct Reference<'a> {
    rules: &'a RuleSet,
    engines: RefCell<HashMap<Vec<usize>, RouteEngine>>,
}

/// The engine of one route and the rule index of each rule id in it.
type RouteEngine = (Engine, HashMap<String, usize>);

impl Detector for Reference<'_> {
    fn detect(&self, doc: &dyn Document, hits: &mut Vec<Hit>) {
        let set = self.rules;
        let route = set.router.route(doc.logsource());
        if route.groups().is_empty() {
            return;
        }
        let mut engines = self.engines.borrow_mut();
        let (engine, ids) = engines.entry(route.groups().to_vec()).or_insert_with(|| {
            let mut engine = Engine::new();
            engine.set_bloom_prefilter(true);
            let mut ids = HashMap::new();
            for &g in route.groups() {
                let group = &set.groups[g];
                engine.extend_compiled_rules(group.compiled.iter().cloned());
                for &index in &group.index {
                    ids.insert(set.rules[index].id.clone(), index);
                }
            }
            (engine, ids)
        });
        let mut found: Vec<usize> = engine
            .evaluate(&Fields(doc.fields()))
            .iter()
            .filter_map(|r| r.header.rule_id.as_deref())
            .filter_map(|id| ids.get(id).copied())
            .collect();
        found.sort_unstable();
        hits.extend(found.into_iter().map(|index| Hit {
            rule: Arc::clone(&set.rules[index]),
            correlation: None,
        }));
    }
}

/// Collects rules file by file, then builds the engines once.
#[derive(Default)]
pub(crate) struct Builder {
    router: Router,
    /// Per group: its compiled rules and their index in `rules`.
    pending: Vec<(Vec<CompiledRule>, Vec<usize>)>,
    rules: Vec<Arc<RuleInfo>>,
    /// Rule ids and names to rule index, for correlations and duplicate checks.
    by_ref: HashMap<String, usize>,
    /// Where each rule id was first seen, and the rule as first read.
    files: HashMap<String, (String, SigmaRule)>,
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
        for correlation in collection.correlations {
            let key =
                |c: &CorrelationRule| c.id.clone().or(c.name.clone()).unwrap_or(c.title.clone());
            let id = key(&correlation);
            match self.correlations.iter().find(|(_, c)| key(c) == id) {
                Some((_, seen)) if *seen == correlation => report.duplicates += 1,
                Some((first, _)) => report.problem(
                    file,
                    Some(&id),
                    format!("duplicate correlation id `{id}`, first loaded from `{first}` with other content"),
                    true,
                ),
                None => self.correlations.push((file.to_string(), correlation)),
            }
        }
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
        if let Some((first, seen)) = self.files.get(&id) {
            // The same rule read twice (the built-in pack and a copy of its folder): loaded
            // once, counted. Another rule under a taken id is a problem.
            if *seen == rule {
                report.duplicates += 1;
            } else {
                report.problem(
                    file,
                    Some(&id),
                    format!(
                        "duplicate rule id `{id}`, first loaded from `{first}` with other content"
                    ),
                    true,
                );
            }
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
            pending.push((Vec::new(), Vec::new()));
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
        let (compiled_rules, indices) = &mut self.pending[group];
        compiled_rules.push(compiled);
        indices.push(index);
        self.by_ref.insert(id.clone(), index);
        if let Some(name) = rule.name.clone() {
            self.by_ref.entry(name).or_insert(index);
        }
        self.files.insert(id, (file.to_string(), rule));
    }

    pub(crate) fn finish(self, report: &mut LoadReport) -> RuleSet {
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

        let mut fields = Interner::default();
        let groups: Vec<Group> = self
            .pending
            .into_iter()
            .map(|(compiled, index)| {
                let compiled = with_filters(compiled, &filters);
                let needs = compiled.iter().map(need::of_rule).collect();
                let plans = compiled.iter().map(|r| Plan::new(r, &mut fields)).collect();
                Group {
                    compiled,
                    index,
                    needs,
                    plans,
                }
            })
            .collect();

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
            fields,
            routes: RwLock::default(),
            rules: self.rules,
            correlations: specs.into(),
            quiet,
        }
    }
}

/// The rules with the filters that apply to them folded in, as rsigma folds them: the filter's
/// detections added to the rule and its condition and-ed to each of the rule's.
fn with_filters(compiled: Vec<CompiledRule>, filters: &[FilterRule]) -> Vec<CompiledRule> {
    if filters.is_empty() {
        return compiled;
    }
    let mut engine = Engine::new();
    engine.extend_compiled_rules(compiled);
    for filter in filters {
        // Filters were compiled on their own at load; one that failed is not here.
        let _ = engine.apply_filter(filter);
    }
    engine.rules().to_vec()
}
