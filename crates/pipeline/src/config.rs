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
//! ```

use crate::PipelineError;
use serde::Deserialize;
use unmask_linkage::{Benign, BenignEntry};
use unmask_model::canon::Canonicalizer;
use unmask_model::ArtifactKind;

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from, for messages; empty for the built-in default.
    pub path: String,
    pub default_region: Option<String>,
    pub benign: Vec<BenignDecl>,
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
        Ok(Config {
            path: path.to_string(),
            default_region: file.canon.default_region,
            benign: file.benign,
        })
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
        let mut out = Benign::default();
        for (index, d) in self.benign.iter().enumerate() {
            let bad = |source| PipelineError::BenignValue {
                path: self.path.clone(),
                index: index + 1,
                label: d.label.clone(),
                source,
            };
            let entry = if d.kind == "ip_network" {
                let net = unmask_model::Network::parse(&d.value).ok_or_else(|| {
                    PipelineError::Config {
                        path: self.path.clone(),
                        message: format!(
                            "benign entry {} (`{}`): `{}` is not an IP network such as 198.51.100.0/24",
                            index + 1,
                            d.label,
                            d.value
                        ),
                    }
                })?;
                BenignEntry::Network(net)
            } else if d.kind == "email_domain" {
                BenignEntry::EmailDomain(
                    d.value.trim().trim_start_matches('@').to_ascii_lowercase(),
                )
            } else {
                let kind = ArtifactKind::parse(if d.kind == "address" {
                    "postal_address"
                } else {
                    &d.kind
                })
                .ok_or_else(|| PipelineError::Config {
                    path: self.path.clone(),
                    message: format!(
                        "benign entry {} (`{}`): unknown kind `{}`",
                        index + 1,
                        d.label,
                        d.kind
                    ),
                })?;
                let artifact = match kind {
                    ArtifactKind::PostalAddress => canon.address(
                        &d.value,
                        d.city.as_deref().unwrap_or(""),
                        d.country.as_deref().unwrap_or(""),
                    ),
                    _ => canon.artifact(kind, &d.value, d.country.as_deref()),
                }
                .map_err(bad)?;
                BenignEntry::Artifact {
                    kind,
                    canonical: artifact.canonical.into_inner(),
                }
            };
            out.add(entry, d.label.clone());
        }
        Ok(out)
    }
}
