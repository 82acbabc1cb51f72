//! Correlation rules, on event time: `event_count`, `value_count`, `temporal` and
//! `temporal_ordered` over sliding windows.
//!
//! Unmask's own rather than rsigma's: rsigma appends each hit to its window and evicts from the
//! front, which is right only when events arrive in time order; import order is file order, and
//! a sign-in log and an endpoint log interleave freely. Here a group's hits stay sorted by time,
//! so a late event lands in its place and every window of `timespan` containing it is checked.
//! State is bounded: hits older than the newest event seen, less the window and the allowed
//! lateness, are evicted; each correlation keeps at most [`Limits::max_groups`] groups and each
//! group [`Limits::max_entries`] hits.
//!
//! A `group-by` field that names a user or a host (see [`Entity::of_field`]) groups by the
//! document's entity id instead of the raw field, so one person's sign-ins and endpoint events
//! fall in one group.

use crate::document::{Document, Entity};
use crate::ruleset::RuleSet;
use crate::{CorrelationHit, Hit, LogSource, RuleInfo};
use rsigma_parser::{
    ConditionExpr, ConditionOperator, CorrelationCondition, CorrelationRule, CorrelationType,
    WindowMode,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Bounds on correlation state.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Groups kept per correlation rule; past it the stalest are dropped.
    pub max_groups: usize,
    /// Hits kept per group; past it the oldest are dropped (which can only under-count).
    pub max_entries: usize,
    /// How far, in seconds, an event may be older than the newest one seen beyond its window
    /// and still count. Older events are counted in [`Stats::late`] and ignored.
    pub lateness: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_groups: 10_000,
            max_entries: 1_000,
            lateness: 3_600,
        }
    }
}

/// What the correlator had to leave out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Hits too old to count (behind the newest event by more than window plus lateness).
    pub late: u64,
    /// Hits of documents without a time.
    pub untimed: u64,
    /// Hits dropped by the per-group cap.
    pub truncated: u64,
    /// Groups dropped by the per-correlation cap.
    pub evicted_groups: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    EventCount,
    ValueCount,
    Temporal,
    TemporalOrdered,
}

/// A field of `group-by` or of a `value_count` condition, as each referenced rule names it.
#[derive(Debug)]
struct FieldRef {
    name: String,
    /// Per referenced rule (by position): the field in that rule's events and its entity.
    per_rule: Vec<(String, Option<Entity>)>,
}

/// A compiled correlation rule.
#[derive(Debug)]
pub(crate) struct Spec {
    pub(crate) info: Arc<RuleInfo>,
    kind: Kind,
    /// Referenced rules by index in the rule set, in the order the correlation names them.
    rules: Vec<usize>,
    /// Rule ids of `rules`.
    rule_ids: Vec<String>,
    group_by: Vec<FieldRef>,
    values: Vec<FieldRef>,
    span: i64,
    predicates: Vec<(ConditionOperator, u64)>,
    /// A temporal condition as a boolean expression over rule references (as positions).
    expr: Option<ConditionExpr>,
    refs: Vec<String>,
}

impl Spec {
    pub(crate) fn rule_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.rules.iter().copied()
    }
}

pub(crate) fn compile(
    rule: &CorrelationRule,
    by_ref: &HashMap<String, usize>,
    rules: &[Arc<RuleInfo>],
) -> Result<Spec, String> {
    let kind = match rule.correlation_type {
        CorrelationType::EventCount => Kind::EventCount,
        CorrelationType::ValueCount => Kind::ValueCount,
        CorrelationType::Temporal => Kind::Temporal,
        CorrelationType::TemporalOrdered => Kind::TemporalOrdered,
        other => {
            return Err(format!(
                "correlation type `{}` is not supported",
                other.as_str()
            ))
        }
    };
    if rule.window != WindowMode::Sliding {
        return Err(format!(
            "correlation window `{}` is not supported (only sliding)",
            rule.window.as_str()
        ));
    }
    let span = i64::try_from(rule.timespan.seconds).unwrap_or(i64::MAX / 4);
    if span <= 0 {
        return Err("correlation timespan must be positive".into());
    }
    let mut indices = Vec::new();
    for r in &rule.rules {
        match by_ref.get(r) {
            Some(&i) => indices.push(i),
            None => {
                return Err(format!(
                    "correlation references `{r}`, which is not a loaded detection rule \
                     (chained correlations are not supported)"
                ))
            }
        }
    }
    if indices.is_empty() {
        return Err("correlation references no rule".into());
    }
    let field_ref = |name: &str| -> FieldRef {
        let alias = rule.aliases.iter().find(|a| a.alias == name);
        let per_rule = rule
            .rules
            .iter()
            .map(|r| {
                let field = alias
                    .and_then(|a| a.mapping.get(r))
                    .map_or(name, String::as_str);
                (field.to_string(), Entity::of_field(field))
            })
            .collect();
        FieldRef {
            name: name.to_string(),
            per_rule,
        }
    };
    let (predicates, values, expr) = match &rule.condition {
        CorrelationCondition::Threshold {
            predicates, field, ..
        } => {
            let values: Vec<FieldRef> = field.iter().flatten().map(|f| field_ref(f)).collect();
            (predicates.clone(), values, None)
        }
        CorrelationCondition::Extended(expr) => {
            if !matches!(kind, Kind::Temporal | Kind::TemporalOrdered) {
                return Err("an expression condition needs a temporal correlation".into());
            }
            check_expr(expr, &rule.rules)?;
            (Vec::new(), Vec::new(), Some(expr.clone()))
        }
    };
    if kind == Kind::ValueCount && values.is_empty() {
        return Err("a value_count correlation needs `condition.field`".into());
    }
    let id = rule
        .id
        .clone()
        .or_else(|| rule.name.clone())
        .unwrap_or_else(|| rule.title.clone());
    Ok(Spec {
        info: Arc::new(RuleInfo {
            id,
            name: rule.name.clone(),
            title: rule.title.clone(),
            level: rule.level.map(|l| l.as_str().to_string()),
            tags: rule.tags.clone(),
            logsource: LogSource::default(),
        }),
        kind,
        rule_ids: indices.iter().map(|&i| rules[i].id.clone()).collect(),
        rules: indices,
        group_by: rule.group_by.iter().map(|g| field_ref(g)).collect(),
        values,
        span,
        predicates,
        expr,
        refs: rule.rules.clone(),
    })
}

fn check_expr(expr: &ConditionExpr, refs: &[String]) -> Result<(), String> {
    match expr {
        ConditionExpr::And(items) | ConditionExpr::Or(items) => {
            items.iter().try_for_each(|e| check_expr(e, refs))
        }
        ConditionExpr::Not(inner) => check_expr(inner, refs),
        ConditionExpr::Identifier(name) if refs.contains(name) => Ok(()),
        ConditionExpr::Identifier(name) => Err(format!(
            "correlation condition names `{name}`, which the correlation does not reference"
        )),
        ConditionExpr::Selector { .. } => {
            Err("quantified selectors in a correlation condition are not supported".into())
        }
    }
}

fn eval_expr(expr: &ConditionExpr, refs: &[String], fired: &[usize]) -> bool {
    match expr {
        ConditionExpr::And(items) => items.iter().all(|e| eval_expr(e, refs, fired)),
        ConditionExpr::Or(items) => items.iter().any(|e| eval_expr(e, refs, fired)),
        ConditionExpr::Not(inner) => !eval_expr(inner, refs, fired),
        ConditionExpr::Identifier(name) => refs
            .iter()
            .position(|r| r == name)
            .is_some_and(|i| fired.get(i).is_some_and(|n| *n > 0)),
        ConditionExpr::Selector { .. } => false,
    }
}

#[derive(Debug)]
struct Item {
    t: i64,
    /// Which referenced rule (position).
    tag: usize,
    value: Option<Box<str>>,
}

#[derive(Debug, Default)]
struct Window {
    /// Sorted by time.
    items: Vec<Item>,
    /// The last window that fired, so one burst alerts once.
    fired: Option<(i64, i64)>,
}

/// Correlation state over a stream of documents and their detections.
pub struct Correlator {
    specs: Arc<[Spec]>,
    /// Rule id to (correlation, position of the rule in it).
    by_rule: HashMap<String, Vec<(usize, usize)>>,
    quiet: HashSet<String>,
    state: HashMap<(usize, Vec<String>), Window>,
    groups: Vec<usize>,
    newest: i64,
    limits: Limits,
    since_sweep: usize,
    stats: Stats,
}

/// Hits between sweeps of expired state.
const SWEEP_EVERY: usize = 4096;

impl Correlator {
    pub fn new(rules: &RuleSet, limits: Limits) -> Self {
        let specs = Arc::clone(&rules.correlations);
        let mut by_rule: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (s, spec) in specs.iter().enumerate() {
            for (tag, id) in spec.rule_ids.iter().enumerate() {
                by_rule.entry(id.clone()).or_default().push((s, tag));
            }
        }
        Correlator {
            groups: vec![0; specs.len()],
            specs,
            by_rule,
            quiet: rules.quiet.clone(),
            state: HashMap::new(),
            newest: i64::MIN,
            limits,
            since_sweep: 0,
            stats: Stats::default(),
        }
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Groups held across all correlations.
    pub fn state_size(&self) -> usize {
        self.state.len()
    }

    /// Feed one document's detections to the correlations. Correlation hits are appended to
    /// `hits`; detections of rules that only feed `generate: false` correlations are removed.
    pub fn observe(&mut self, doc: &dyn Document, hits: &mut Vec<Hit>) {
        if self.specs.is_empty() {
            return;
        }
        let mut fired = Vec::new();
        let mut time = None;
        for hit in hits.iter() {
            let Some(targets) = self.by_rule.get(&hit.rule.id) else {
                continue;
            };
            let Some(t) = *time.get_or_insert_with(|| doc.time()) else {
                self.stats.untimed += 1;
                continue;
            };
            for &(s, tag) in &targets.clone() {
                self.feed(s, tag, t, doc, &mut fired);
            }
        }
        if !self.quiet.is_empty() {
            hits.retain(|h| !self.quiet.contains(&h.rule.id));
        }
        hits.extend(fired);
    }

    fn feed(&mut self, s: usize, tag: usize, t: i64, doc: &dyn Document, out: &mut Vec<Hit>) {
        let specs = Arc::clone(&self.specs);
        let spec = &specs[s];
        if t < self
            .newest
            .saturating_sub(spec.span)
            .saturating_sub(self.limits.lateness)
        {
            self.stats.late += 1;
            return;
        }
        self.newest = self.newest.max(t);
        let key: Vec<String> = spec
            .group_by
            .iter()
            .map(|f| value_of(doc, &f.per_rule[tag]))
            .collect();
        let value = match spec.kind {
            Kind::ValueCount => {
                let parts: Vec<String> = spec
                    .values
                    .iter()
                    .map(|f| value_of(doc, &f.per_rule[tag]))
                    .collect();
                if parts.iter().all(String::is_empty) {
                    return;
                }
                Some(parts.join("\u{1f}").into_boxed_str())
            }
            _ => None,
        };
        let state_key = (s, key);
        if !self.state.contains_key(&state_key) {
            if self.groups[s] >= self.limits.max_groups {
                self.evict(s);
            }
            self.groups[s] += 1;
        }
        let window = self.state.entry(state_key).or_default();
        let at = window.items.partition_point(|i| i.t <= t);
        window.items.insert(at, Item { t, tag, value });
        if window.items.len() > self.limits.max_entries {
            let excess = window.items.len() - self.limits.max_entries;
            window.items.drain(..excess);
            self.stats.truncated += excess as u64;
        }
        if let Some((value, span)) = check(spec, &window.items, t) {
            let overlaps = window
                .fired
                .is_some_and(|(a, b)| span.0 <= b && a <= span.1);
            if !overlaps {
                window.fired = Some(span);
                out.push(Hit {
                    rule: Arc::clone(&spec.info),
                    correlation: Some(CorrelationHit {
                        group: spec
                            .group_by
                            .iter()
                            .map(|f| f.name.clone())
                            .zip(self.state_key_values(s, doc, tag))
                            .collect(),
                        value,
                        window: span,
                    }),
                });
            }
        }
        self.since_sweep += 1;
        if self.since_sweep >= SWEEP_EVERY {
            self.sweep();
        }
    }

    fn state_key_values(&self, s: usize, doc: &dyn Document, tag: usize) -> Vec<String> {
        self.specs[s]
            .group_by
            .iter()
            .map(|f| value_of(doc, &f.per_rule[tag]))
            .collect()
    }

    /// Drop hits that no window can use any more, and empty groups.
    pub fn sweep(&mut self) {
        self.since_sweep = 0;
        let (specs, newest, lateness) = (&self.specs, self.newest, self.limits.lateness);
        self.state.retain(|(s, _), w| {
            let horizon = newest
                .saturating_sub(specs[*s].span)
                .saturating_sub(lateness);
            let keep_from = w.items.partition_point(|i| i.t < horizon);
            w.items.drain(..keep_from);
            !w.items.is_empty()
        });
        self.groups.iter_mut().for_each(|g| *g = 0);
        for (s, _) in self.state.keys() {
            self.groups[*s] += 1;
        }
    }

    /// Correlation `s` is full and needs room for one more group: sweep, then drop its stalest
    /// tenth.
    fn evict(&mut self, s: usize) {
        self.sweep();
        if self.groups[s] < self.limits.max_groups {
            return;
        }
        let mut ages: Vec<(i64, Vec<String>)> = self
            .state
            .iter()
            .filter(|((x, _), _)| *x == s)
            .map(|((_, k), w)| (w.items.last().map_or(i64::MIN, |i| i.t), k.clone()))
            .collect();
        ages.sort();
        let drop = ages
            .len()
            .saturating_sub(self.limits.max_groups * 9 / 10)
            .max(1);
        for (_, key) in ages.into_iter().take(drop) {
            if self.state.remove(&(s, key)).is_some() {
                self.stats.evicted_groups += 1;
                self.groups[s] -= 1;
            }
        }
    }
}

/// A field's value as a group or value key: the entity id when the field names one.
fn value_of(doc: &dyn Document, (field, entity): &(String, Option<Entity>)) -> String {
    if let Some(id) = entity.and_then(|e| doc.entity(e)) {
        return id.to_string();
    }
    match doc.fields().get(field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn satisfies(predicates: &[(ConditionOperator, u64)], n: u64) -> bool {
    predicates.iter().all(|&(op, v)| match op {
        ConditionOperator::Lt => n < v,
        ConditionOperator::Lte => n <= v,
        ConditionOperator::Gt => n > v,
        ConditionOperator::Gte => n >= v,
        ConditionOperator::Eq => n == v,
        ConditionOperator::Neq => n != v,
    })
}

/// Counts over a window that slides over sorted items.
struct Agg<'a> {
    events: u64,
    values: HashMap<&'a str, u32>,
    per_rule: Vec<usize>,
}

impl<'a> Agg<'a> {
    fn add(&mut self, item: &'a Item) {
        self.events += 1;
        if let Some(v) = &item.value {
            *self.values.entry(v).or_insert(0) += 1;
        }
        if let Some(n) = self.per_rule.get_mut(item.tag) {
            *n += 1;
        }
    }

    fn remove(&mut self, item: &'a Item) {
        self.events -= 1;
        if let Some(v) = &item.value {
            if let Some(n) = self.values.get_mut(&**v) {
                *n -= 1;
                if *n == 0 {
                    self.values.remove(&**v);
                }
            }
        }
        if let Some(n) = self.per_rule.get_mut(item.tag) {
            *n -= 1;
        }
    }

    /// The correlation's count for this window, if its condition holds.
    fn fires(&self, spec: &Spec, items: &[Item]) -> Option<u64> {
        let n = match spec.kind {
            Kind::EventCount => self.events,
            Kind::ValueCount => self.values.len() as u64,
            Kind::Temporal | Kind::TemporalOrdered => {
                let distinct = self.per_rule.iter().filter(|n| **n > 0).count() as u64;
                let holds = match &spec.expr {
                    Some(expr) => eval_expr(expr, &spec.refs, &self.per_rule),
                    // Sigma's temporal correlation: every referenced rule fired in the window.
                    None => {
                        distinct == spec.rules.len() as u64 && satisfies(&spec.predicates, distinct)
                    }
                };
                if !holds
                    || (spec.kind == Kind::TemporalOrdered && !in_order(items, spec.rules.len()))
                {
                    return None;
                }
                return Some(distinct);
            }
        };
        satisfies(&spec.predicates, n).then_some(n)
    }
}

/// Whether the rules fired in their listed order: the first rule, then the second after it...
fn in_order(items: &[Item], rules: usize) -> bool {
    let mut next = 0;
    for item in items {
        if item.tag == next {
            next += 1;
            if next == rules {
                return true;
            }
        }
    }
    false
}

/// Whether some window of the correlation's timespan that contains time `t` fires; its count and
/// bounds. Thresholds that more hits can only help (`gt`, `gte`) try every such window; others
/// (`lt`, `eq`...) judge the window that ends at `t`.
fn check(spec: &Spec, items: &[Item], t: i64) -> Option<(u64, (i64, i64))> {
    let lo = items.partition_point(|i| i.t < t.saturating_sub(spec.span));
    let hi = items.partition_point(|i| i.t <= t.saturating_add(spec.span));
    let items = &items[lo..hi];
    let mut agg = Agg {
        events: 0,
        values: HashMap::new(),
        per_rule: vec![0; spec.rules.len()],
    };
    let monotone = spec
        .predicates
        .iter()
        .all(|(op, _)| matches!(op, ConditionOperator::Gt | ConditionOperator::Gte));
    if !monotone {
        let end = items.partition_point(|i| i.t <= t);
        let window = &items[..end];
        window.iter().for_each(|i| agg.add(i));
        let first = window.first()?.t;
        return agg.fires(spec, window).map(|n| (n, (first, t)));
    }
    let mut j = 0;
    for i in 0..items.len() {
        if items[i].t > t {
            break;
        }
        let end = items[i].t.saturating_add(spec.span);
        while j < items.len() && items[j].t <= end {
            agg.add(&items[j]);
            j += 1;
        }
        if j > i {
            if let Some(n) = agg.fires(spec, &items[i..j]) {
                return Some((n, (items[i].t, items[j - 1].t)));
            }
            agg.remove(&items[i]);
        }
    }
    None
}
