//! `unmask.toml`: deployment settings that change what analysis concludes.
//!
//! ```toml
//! [canon]
//! default_region = "US"      # phones written without +country
//!
//! [[benign]]                 # shared artifacts known to be legitimate
//! label = "TalentBridge Recruiting (agency)"
//! kind = "phone"             # email | email_domain | phone | postal_address | bank_account | profile | ip_address | ip_network
//! value = "+1 212-555-0147"
//! # city = "...", country = "..."   (postal_address)
//!
//! [context]                  # offices and corporate egress inferred from the data
//! infer = true               # default; `unmask context` lists what was inferred, with evidence
//!
//! [[not_office]]             # an inference that is wrong: not the company's office or egress
//! reason = "a contractor's home"
//! kind = "postal_address"    # postal_address | ip_address | ip_network
//! value = "7 Quiet Ln"       # as for [[benign]]; city = "...", country = "..."
//!
//! [[sanctioned]]             # tools the company itself uses: their rule hits are noted only
//! label = "IT remote monitoring (NinjaOne)"
//! field = "Image"            # a field of the normalised event (Sigma field name)
//! contains = "NinjaRMMAgent" # or equals = "...", endswith = "..." (case-insensitive)
//! # rule = "unmask_remote_access_tool"   (optional: only hits of this rule, by name or id)
//!
//! [enrich]                   # offline IP databases (scripts/enrich-setup.sh fetches them)
//! ip = ["/var/lib/unmask/enrich/ip"]     # ip-location-db CSV or MMDB files, or folders of them
//!
//! [[travel]]                 # declared trips: sign-ins inside them are not held against a claim
//! employee = "E00042"        # employee id (or `subject = "employee:E00042"`)
//! from = "2025-05-01"        # first day, and the day after the last (YYYY-MM-DD, UTC)
//! until = "2025-05-09"
//! country = "JP"             # optional
//! ```

use crate::PipelineError;
use serde::Deserialize;
use unmask_linkage::{Benign, BenignEntry};
use unmask_model::canon::Canonicalizer;
use unmask_model::ArtifactKind;

/// A declaration's kind, value, city and country, as written.
type Declared<'a> = (&'a str, &'a str, &'a Option<String>, &'a Option<String>);
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from, for messages; empty for the built-in default.
    pub path: String,
    pub default_region: Option<String>,
    pub benign: Vec<BenignDecl>,
    pub sanctioned: Vec<Sanctioned>,
    pub enrich: Enrich,
    pub travel: Vec<TravelDecl>,
    pub context: ContextSettings,
    pub not_office: Vec<NotOffice>,
}

/// Inference of the company's own offices and egress (`unmask_graph::context`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSettings {
    /// Infer offices and corporate egress from the data (on unless switched off).
    #[serde(default = "yes")]
    pub infer: bool,
}

fn yes() -> bool {
    true
}

impl Default for ContextSettings {
    fn default() -> Self {
        ContextSettings { infer: true }
    }
}

/// An address or network that is not the company's, whatever the data suggests.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotOffice {
    pub reason: String,
    pub kind: String,
    pub value: String,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

/// Offline enrichment data to load.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrich {
    /// IP to country and network owner: files or folders (relative paths are taken from the
    /// config file's folder).
    #[serde(default)]
    pub ip: Vec<String>,
}

/// A declared trip.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelDecl {
    #[serde(default)]
    pub employee: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    pub from: String,
    pub until: String,
    #[serde(default)]
    pub country: Option<String>,
}

impl TravelDecl {
    /// The subject id it is about.
    pub fn subject(&self) -> Option<String> {
        self.subject
            .clone()
            .or_else(|| self.employee.as_ref().map(|e| format!("employee:{e}")))
    }
}

/// A tool the company sanctions (its own RMM, its VDI): events matching it are not evidence.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sanctioned {
    pub label: String,
    pub field: String,
    #[serde(default)]
    pub contains: Option<String>,
    #[serde(default)]
    pub equals: Option<String>,
    #[serde(default)]
    pub endswith: Option<String>,
    /// Only hits of this rule (name or id); without it, matching events are left out of every
    /// rule and correlation.
    #[serde(default)]
    pub rule: Option<String>,
}

impl Sanctioned {
    /// Does this entry cover the event (its field, compared case-insensitively)?
    pub fn covers(&self, event: &unmask_model::Event) -> bool {
        let Some(value) = event.fields.get(&self.field) else {
            return false;
        };
        let value = match value {
            serde_json::Value::String(s) => s.to_lowercase(),
            other => other.to_string().to_lowercase(),
        };
        let test = |pattern: &Option<String>, f: &dyn Fn(&str, &str) -> bool| {
            pattern
                .as_ref()
                .is_none_or(|p| f(&value, &p.to_lowercase()))
        };
        (self.contains.is_some() || self.equals.is_some() || self.endswith.is_some())
            && test(&self.contains, &|v, p| v.contains(p))
            && test(&self.equals, &|v, p| v == p)
            && test(&self.endswith, &|v, p| v.ends_with(p))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenignDecl {
    pub label: String,
    pub kind: String,
    pub value: String,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    canon: Canon,
    #[serde(default)]
    benign: Vec<BenignDecl>,
    #[serde(default)]
    sanctioned: Vec<Sanctioned>,
    #[serde(default)]
    enrich: Enrich,
    #[serde(default)]
    travel: Vec<TravelDecl>,
    #[serde(default)]
    context: ContextSettings,
    #[serde(default)]
    not_office: Vec<NotOffice>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Canon {
    default_region: Option<String>,
}

impl Config {
    pub fn parse(path: &str, text: &str) -> Result<Config, PipelineError> {
        let file: File = toml::from_str(text).map_err(|e| PipelineError::Config {
            path: path.to_string(),
            message: e.to_string().trim().to_string(),
        })?;
        Config {
            path: path.to_string(),
            default_region: file.canon.default_region,
            benign: file.benign,
            sanctioned: file.sanctioned,
            enrich: file.enrich,
            travel: file.travel,
            context: file.context,
            not_office: file.not_office,
        }
        .check()
    }

    /// Check the sanctioned entries (each needs a pattern) and the trips (who, and dates).
    fn check(self) -> Result<Config, PipelineError> {
        for (i, t) in self.travel.iter().enumerate() {
            let bad = |message: String| PipelineError::Config {
                path: self.path.clone(),
                message: format!("travel entry {}: {message}", i + 1),
            };
            if t.subject().is_none() {
                return Err(bad("give `employee` or `subject`".into()));
            }
            for (field, value) in [("from", &t.from), ("until", &t.until)] {
                if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() {
                    return Err(bad(format!(
                        "`{field}` = `{value}` is not a date as YYYY-MM-DD"
                    )));
                }
            }
        }
        for (i, s) in self.sanctioned.iter().enumerate() {
            if s.contains.is_none() && s.equals.is_none() && s.endswith.is_none() {
                return Err(PipelineError::Config {
                    path: self.path.clone(),
                    message: format!(
                        "sanctioned entry {} (`{}`): give `contains`, `equals` or `endswith` for field `{}`",
                        i + 1,
                        s.label,
                        s.field
                    ),
                });
            }
        }
        Ok(self)
    }

    pub fn load(path: &str) -> Result<Config, PipelineError> {
        let text = std::fs::read_to_string(path).map_err(|source| PipelineError::Io {
            path: path.to_string(),
            source,
        })?;
        Self::parse(path, &text)
    }

    /// The benign declarations in canonical form.
    pub fn benign(&self, canon: &Canonicalizer) -> Result<Benign, PipelineError> {
        let entries = self.benign.iter().map(|d| {
            (
                d.label.as_str(),
                (d.kind.as_str(), d.value.as_str(), &d.city, &d.country),
            )
        });
        self.declared("benign", entries, canon)
    }

    /// The `[[not_office]]` entries in canonical form, labelled with their reasons.
    pub fn not_office(&self, canon: &Canonicalizer) -> Result<Benign, PipelineError> {
        let entries = self.not_office.iter().map(|d| {
            (
                d.reason.as_str(),
                (d.kind.as_str(), d.value.as_str(), &d.city, &d.country),
            )
        });
        self.declared("not_office", entries, canon)
    }

    /// A list of declarations (label; kind, value, city, country) in canonical form.
    fn declared<'a>(
        &self,
        table: &str,
        entries: impl Iterator<Item = (&'a str, Declared<'a>)>,
        canon: &Canonicalizer,
    ) -> Result<Benign, PipelineError> {
        let mut out = Benign::default();
        for (index, (label, fields)) in entries.enumerate() {
            let entry = self.entry(table, index, label, fields, canon)?;
            out.add(entry, label.to_string());
        }
        Ok(out)
    }

    /// One `[[benign]]` or `[[not_office]]` entry: kind, value, city and country.
    fn entry(
        &self,
        section: &str,
        index: usize,
        label: &str,
        (kind, value, city, country): (&str, &str, &Option<String>, &Option<String>),
        canon: &Canonicalizer,
    ) -> Result<BenignEntry, PipelineError> {
        let bad = |message: String| PipelineError::Config {
            path: self.path.clone(),
            message: format!("{section} entry {} (`{label}`): {message}", index + 1),
        };
        if kind == "ip_network" {
            let net = unmask_model::Network::parse(value).ok_or_else(|| {
                bad(format!(
                    "`{value}` is not an IP network such as 198.51.100.0/24"
                ))
            })?;
            return Ok(BenignEntry::Network(net));
        }
        if kind == "email_domain" {
            return Ok(BenignEntry::EmailDomain(
                value.trim().trim_start_matches('@').to_ascii_lowercase(),
            ));
        }
        let kind = ArtifactKind::parse(if kind == "address" {
            "postal_address"
        } else {
            kind
        })
        .ok_or_else(|| bad(format!("unknown kind `{kind}`")))?;
        let artifact = match kind {
            ArtifactKind::PostalAddress => canon.address(
                value,
                city.as_deref().unwrap_or(""),
                country.as_deref().unwrap_or(""),
            ),
            _ => canon.artifact(kind, value, country.as_deref()),
        }
        .map_err(|source| match section {
            "benign" => PipelineError::BenignValue {
                path: self.path.clone(),
                index: index + 1,
                label: label.to_string(),
                source,
            },
            _ => bad(format!(
                "`{value}` is not a value unmask can read ({source})"
            )),
        })?;
        Ok(BenignEntry::Artifact {
            kind,
            canonical: artifact.canonical.into_inner(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(image: &str) -> unmask_model::Event {
        let mut fields = serde_json::Map::new();
        fields.insert("Image".into(), serde_json::Value::String(image.into()));
        unmask_model::Event {
            kind: unmask_model::EventKind::Endpoint,
            time: "2026-01-01T00:00:00Z".into(),
            logsource: unmask_model::LogSource::default(),
            user: None,
            device: None,
            ip: None,
            fields,
            provenance: unmask_model::Provenance::new("f", "osquery"),
        }
    }

    #[test]
    fn sanctioned_tools_match_case_insensitively_and_need_a_pattern() {
        let c = Config::parse(
            "unmask.toml",
            "[[sanctioned]]\nlabel = \"RMM\"\nfield = \"Image\"\nendswith = \"\\\\ninjarmmagent.exe\"\n",
        )
        .expect("config");
        let s = &c.sanctioned[0];
        assert!(s.covers(&event("C:\\Program Files\\NinjaRMMAgent.exe")));
        assert!(!s.covers(&event("C:\\Users\\x\\rustdesk.exe")));
        let err = Config::parse(
            "unmask.toml",
            "[[sanctioned]]\nlabel = \"RMM\"\nfield = \"Image\"\n",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            err.contains("give `contains`, `equals` or `endswith`"),
            "{err}"
        );
    }
}
