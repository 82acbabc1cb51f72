//! Risk: one calibrated probability per subject, fused from all of its findings.
//!
//! Each finding is evidence worth some log-odds, read from one parameter file (`model.toml`
//! beside this crate, fitted by `bench/risk/fit.py` on labelled worlds and checked on others).
//! Findings are grouped in *families* of correlated views of one fact (five findings about one
//! shared address are one fact): within a family the log-odds add up to the family's cap and no
//! further. The sum, plus the prior log-odds for the kind of subject, goes through the logistic
//! function; risk is that probability times 100. A finding kind the model has never seen (a
//! company's own Sigma rule, say) is worth, alone, the risk `[default_alone]` gives its severity,
//! in a family of its own.
//!
//! Every risk decomposes into contributions that add up to it: the prior's points, then each
//! finding kind's share of the rest in proportion to its (capped) log-odds. Evidence only adds:
//! no weight is negative, so nothing an operator adds can lower a risk.
//!
//! No I/O: the built-in model is compiled in; [`Model::from_toml`] reads another from text.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use unmask_model::{Finding, Severity};

/// The parameter file compiled into the binary.
pub const BUILTIN: &str = include_str!("../model.toml");

#[derive(Debug, thiserror::Error)]
pub enum ScoringError {
    #[error("risk model `{origin}` does not parse")]
    Parse {
        origin: String,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error("risk model `{origin}`: {problem}")]
    Invalid { origin: String, problem: String },
}

/// Which prior applies: candidates and employees have different base rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectClass {
    Candidate,
    Employee,
}

/// What one finding kind added to a subject's risk.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The finding kind, or `prior` for the base rate.
    pub kind: String,
    /// The strongest severity of that kind on the subject (`None` for the prior).
    pub severity: Option<Severity>,
    pub family: String,
    /// Log-odds after the family's cap (the prior's is the intercept).
    pub log_odds: f64,
    /// Risk points; all contributions of a subject add up to its risk (before rounding).
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// `round(100 * probability)`.
    pub risk: u8,
    pub probability: f64,
    /// The prior first, then findings by points, largest first.
    pub contributions: Vec<Contribution>,
    /// Families whose cap held the evidence back.
    pub capped: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    meta: BTreeMap<String, toml::Value>,
    intercept: Intercept,
    default_alone: Defaults,
    #[serde(default)]
    families: BTreeMap<String, FamilySpec>,
    #[serde(default)]
    weights: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Intercept {
    candidate: f64,
    employee: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    low: f64,
    medium: f64,
    high: f64,
    critical: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilySpec {
    cap: f64,
    kinds: Vec<String>,
    #[serde(default)]
    about: String,
}

/// A fitted risk model.
#[derive(Debug, Clone)]
pub struct Model {
    intercept_candidate: f64,
    intercept_employee: f64,
    /// The probability one finding of an unknown kind gives alone, by severity (low..critical).
    default: [f64; 4],
    weights: HashMap<(String, Severity), f64>,
    family_of: HashMap<String, String>,
    caps: HashMap<String, f64>,
    about: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
}

impl Model {
    /// The model compiled into this build.
    pub fn builtin() -> Result<Model, ScoringError> {
        Model::from_toml(BUILTIN, "built-in model.toml")
    }

    pub fn from_toml(text: &str, origin: &str) -> Result<Model, ScoringError> {
        let file: File = toml::from_str(text).map_err(|source| ScoringError::Parse {
            origin: origin.to_string(),
            source: Box::new(source),
        })?;
        let invalid = |problem: String| ScoringError::Invalid {
            origin: origin.to_string(),
            problem,
        };
        let mut weights = HashMap::new();
        for (key, w) in &file.weights {
            let Some((kind, severity)) = key.rsplit_once('/') else {
                return Err(invalid(format!(
                    "weight key `{key}` is not `kind/severity`"
                )));
            };
            let Some(severity) = Severity::parse(severity) else {
                return Err(invalid(format!(
                    "weight key `{key}` names no severity (info, low, medium, high, critical)"
                )));
            };
            if !w.is_finite() || *w < 0.0 {
                return Err(invalid(format!(
                    "weight `{key}` is {w}: weights are finite and not negative"
                )));
            }
            weights.insert((kind.to_string(), severity), *w);
        }
        let d = &file.default_alone;
        let default = [d.low, d.medium, d.high, d.critical];
        if default.iter().any(|p| !(*p > 0.0 && *p < 1.0)) {
            return Err(invalid(
                "`default_alone` values are probabilities between 0 and 1".into(),
            ));
        }
        let mut family_of = HashMap::new();
        let mut caps = HashMap::new();
        let mut about = BTreeMap::new();
        for (name, spec) in &file.families {
            if !spec.cap.is_finite() || spec.cap <= 0.0 {
                return Err(invalid(format!("family `{name}` has cap {}", spec.cap)));
            }
            for kind in &spec.kinds {
                if let Some(other) = family_of.insert(kind.clone(), name.clone()) {
                    return Err(invalid(format!(
                        "kind `{kind}` is in two families, `{other}` and `{name}`"
                    )));
                }
            }
            caps.insert(name.clone(), spec.cap);
            about.insert(name.clone(), spec.about.clone());
        }
        let meta = file
            .meta
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        Ok(Model {
            intercept_candidate: file.intercept.candidate,
            intercept_employee: file.intercept.employee,
            default,
            weights,
            family_of,
            caps,
            about,
            meta,
        })
    }

    /// The families the model knows, with their one-line description.
    pub fn families(&self) -> impl Iterator<Item = (&str, &str)> {
        self.about.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The family a finding kind belongs to (its own name when the model does not group it).
    pub fn family_of<'a>(&'a self, kind: &'a str) -> &'a str {
        self.family_of.get(kind).map(String::as_str).unwrap_or(kind)
    }

    /// The most log-odds a family's findings can add together.
    pub fn cap(&self, family: &str) -> Option<f64> {
        self.caps.get(family).copied()
    }

    /// Free-form facts about the fit (`fitted_on`, `checked_on`, ...), as written in the file.
    pub fn meta(&self) -> &BTreeMap<String, String> {
        &self.meta
    }

    /// The log-odds one finding of `kind` at `severity` is worth for a subject of `class`,
    /// before any cap.
    pub fn weight(&self, class: SubjectClass, kind: &str, severity: Severity) -> f64 {
        if let Some(w) = self.weights.get(&(kind.to_string(), severity)) {
            return *w;
        }
        let alone = match severity {
            Severity::Info => return 0.0,
            Severity::Low => self.default[0],
            Severity::Medium => self.default[1],
            Severity::High => self.default[2],
            Severity::Critical => self.default[3],
        };
        (logit(alone) - self.intercept(class)).max(0.0)
    }

    pub fn intercept(&self, class: SubjectClass) -> f64 {
        match class {
            SubjectClass::Candidate => self.intercept_candidate,
            SubjectClass::Employee => self.intercept_employee,
        }
    }

    /// Fuse one subject's findings into a risk with its contributions.
    pub fn assess<'a>(
        &self,
        class: SubjectClass,
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> Assessment {
        // Each kind counts once, at its strongest severity.
        let mut strongest: BTreeMap<&str, Severity> = BTreeMap::new();
        for f in findings {
            if f.severity == Severity::Info {
                continue;
            }
            let slot = strongest.entry(f.kind.as_str()).or_insert(f.severity);
            *slot = (*slot).max(f.severity);
        }
        let by_kind: BTreeMap<&str, (f64, Severity)> = strongest
            .into_iter()
            .map(|(kind, severity)| (kind, (self.weight(class, kind, severity), severity)))
            .collect();
        let mut by_family: BTreeMap<&str, Vec<(&str, f64, Severity)>> = BTreeMap::new();
        for (kind, (w, severity)) in &by_kind {
            by_family
                .entry(self.family_of(kind))
                .or_default()
                .push((kind, *w, *severity));
        }
        let prior = self.intercept(class);
        let mut z = prior;
        let mut shares: Vec<Contribution> = Vec::new();
        let mut capped = Vec::new();
        for (family, kinds) in &by_family {
            let sum: f64 = kinds.iter().map(|(_, w, _)| w).sum();
            let cap = self.caps.get(*family).copied().unwrap_or(f64::INFINITY);
            let kept = sum.min(cap);
            if sum > cap {
                capped.push(family.to_string());
            }
            z += kept;
            for (kind, w, severity) in kinds {
                let log_odds = if sum > 0.0 { w * kept / sum } else { 0.0 };
                shares.push(Contribution {
                    kind: kind.to_string(),
                    severity: Some(*severity),
                    family: family.to_string(),
                    log_odds,
                    points: 0.0,
                });
            }
        }
        let probability = sigmoid(z);
        let base = 100.0 * sigmoid(prior);
        let rest = 100.0 * probability - base;
        let total: f64 = shares.iter().map(|c| c.log_odds).sum();
        for c in &mut shares {
            c.points = if total > 0.0 {
                rest * c.log_odds / total
            } else {
                0.0
            };
        }
        shares.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.kind.cmp(&b.kind)));
        let mut contributions = vec![Contribution {
            kind: "prior".into(),
            severity: None,
            family: "prior".into(),
            log_odds: prior,
            points: base,
        }];
        contributions.extend(shares);
        Assessment {
            risk: (100.0 * probability).round().clamp(0.0, 100.0) as u8,
            probability,
            contributions,
            capped,
        }
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The log-odds at which a probability sits; used by tests and the documentation of floors.
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unmask_model::SubjectRef;

    fn f(kind: &str, severity: Severity) -> Finding {
        Finding {
            subject: SubjectRef("x:1".into()),
            kind: kind.into(),
            severity,
            explanation: String::new(),
            evidence: vec![],
            at: None,
        }
    }

    const TOY: &str = r#"
[intercept]
candidate = -5.0
employee = -4.0
[default_alone]
low = 0.02
medium = 0.2
high = 0.5
critical = 0.8
[families.address]
cap = 3.0
kinds = ["laptop_farm", "shared_ship_to_address"]
about = "one address"
[weights]
"laptop_farm/high" = 2.5
"shared_ship_to_address/high" = 2.0
"intel_match/high" = 9.0
"#;

    fn toy() -> Model {
        Model::from_toml(TOY, "toy").expect("toy model parses")
    }

    #[test]
    fn the_builtin_model_parses() {
        let m = Model::builtin().expect("built-in model parses");
        assert!(m.families().count() > 0);
    }

    #[test]
    fn nothing_found_is_the_prior() {
        let a = toy().assess(SubjectClass::Candidate, &[]);
        assert_eq!(a.risk, 1);
        assert_eq!(a.contributions.len(), 1);
        let info = [f("same_person", Severity::Info)];
        assert_eq!(toy().assess(SubjectClass::Candidate, &info).risk, 1);
    }

    #[test]
    fn a_family_counts_once_up_to_its_cap() {
        let m = toy();
        let one = m.assess(SubjectClass::Employee, &[f("laptop_farm", Severity::High)]);
        let both = m.assess(
            SubjectClass::Employee,
            &[
                f("laptop_farm", Severity::High),
                f("shared_ship_to_address", Severity::High),
                f("laptop_farm", Severity::High),
            ],
        );
        // -4 + 2.5 and -4 + min(4.5, 3.0).
        assert!((one.probability - sigmoid(-1.5)).abs() < 1e-12);
        assert!((both.probability - sigmoid(-1.0)).abs() < 1e-12);
        assert_eq!(both.capped, vec!["address".to_string()]);
    }

    #[test]
    fn contributions_add_up_to_the_risk() {
        let m = toy();
        for findings in [
            vec![f("intel_match", Severity::High)],
            vec![
                f("laptop_farm", Severity::High),
                f("shared_ship_to_address", Severity::High),
                f("rule:own", Severity::Medium),
                f("other", Severity::Low),
            ],
        ] {
            let a = m.assess(SubjectClass::Candidate, &findings);
            let sum: f64 = a.contributions.iter().map(|c| c.points).sum();
            assert!(
                (sum - f64::from(a.risk)).abs() <= 0.5,
                "{sum} vs {}",
                a.risk
            );
            assert_eq!(a.contributions[0].kind, "prior");
        }
    }

    #[test]
    fn unknown_kinds_take_the_default_for_their_severity() {
        let m = toy();
        let alone = |class, severity| {
            m.assess(class, &[f("rule:company_rule", severity)])
                .probability
        };
        assert!((alone(SubjectClass::Employee, Severity::High) - 0.5).abs() < 1e-9);
        assert!((alone(SubjectClass::Candidate, Severity::Medium) - 0.2).abs() < 1e-9);
        assert_eq!(
            m.weight(SubjectClass::Employee, "rule:company_rule", Severity::Info),
            0.0
        );
        assert_eq!(m.family_of("rule:company_rule"), "rule:company_rule");
    }

    #[test]
    fn more_evidence_never_lowers_risk() {
        let m = toy();
        let base = m.assess(SubjectClass::Candidate, &[f("intel_match", Severity::High)]);
        let more = m.assess(
            SubjectClass::Candidate,
            &[
                f("intel_match", Severity::High),
                f("laptop_farm", Severity::High),
            ],
        );
        assert!(more.probability >= base.probability);
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let neg = TOY.replace("= 2.5", "= -2.5");
        let e = Model::from_toml(&neg, "neg").expect_err("negative weight");
        assert!(e.to_string().contains("laptop_farm/high"), "{e}");
        let sev = TOY.replace("laptop_farm/high", "laptop_farm/severe");
        let e = Model::from_toml(&sev, "sev").expect_err("bad severity");
        assert!(e.to_string().contains("severe"), "{e}");
        let twice = TOY.replace(
            "[weights]",
            "[families.other]\ncap = 1.0\nkinds = [\"laptop_farm\"]\n[weights]",
        );
        let e = Model::from_toml(&twice, "twice").expect_err("two families");
        assert!(e.to_string().contains("two families"), "{e}");
    }
}
