//! Canonical forms: the comparable version of each raw value.
//!
//! Two records share an artifact exactly when their canonical forms are equal, so every rule here
//! decides what "the same" means: Gmail ignores dots and `+tags`, phone numbers become E.164,
//! bank accounts become a keyed hash so the database never holds account numbers, a link is
//! kept whole and its host counts as an identity only when one party controls it.

mod address;
mod bank;
mod email;
mod hosts;
mod mask;
mod name;
mod phone;
mod profile;
mod url;

pub use address::{country_code, normalize_address, place_country};
pub use email::{is_free_mail, registrable_domain, EmailParts};
pub use hosts::{is_shared_host, registrable as registrable_host, tenancy, Service, Tenancy};
pub use mask::{mask_address, mask_email, mask_middle, mask_name, mask_tail};
pub use name::{
    canonical_name, fold, names_match, same_person_names, surname, NameMatch, NameRelation,
};
pub use phone::has_country_prefix;
pub use profile::{is_handle, social as social_profile};
pub use url::{host_of as url_host, is_root as url_is_root, mask as mask_url};

use crate::{Artifact, ArtifactKind, Sensitive};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonError {
    #[error("empty value")]
    Empty,
    #[error("value is {len} bytes, more than the {limit}-byte limit for a {kind}")]
    TooLong {
        kind: &'static str,
        len: usize,
        limit: usize,
    },
    #[error("not a valid email address: {reason}")]
    Email { reason: &'static str },
    #[error("not a valid phone number: {reason}")]
    Phone { reason: String },
    #[error("not a valid IBAN: {reason}")]
    Iban { reason: String },
    #[error("not a valid bank account: {reason}")]
    Account { reason: &'static str },
    #[error("not a valid IP address")]
    Ip,
    #[error("unknown region `{0}` (use an ISO 3166 alpha-2 code such as `US`)")]
    Region(String),
    #[error("not a valid URL: {reason}")]
    Url { reason: String },
    #[error("`{host}` is a multi-tenant host ({}): it names no one", service.label())]
    SharedHost { host: String, service: Service },
}

/// Where the country of a phone number came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneCountry {
    /// Written with `+country` (or `00country`).
    Prefix,
    /// Written without; read in a country the record itself gives.
    Record,
    /// Written without; read in the configured default region.
    Default,
    /// Written without, in the North American form `(NXX) NXX-XXXX` (or `NXX-NXX-XXXX`,
    /// `NXX.NXX.XXXX`) on a record that gives no +1 country: read as `+1`.
    Format,
}

/// Longest value accepted for short artifacts; resume text has its own, larger limit.
pub const MAX_SHORT: usize = 1024;
/// Longest resume or cover text accepted.
pub const MAX_TEXT: usize = 256 * 1024;

/// Turns raw values into [`Artifact`]s. Holds the key for hashing bank accounts and the default
/// phone region for numbers written without a country code.
#[derive(Clone)]
pub struct Canonicalizer {
    key: Sensitive<[u8; 32]>,
    default_region: Option<phonenumber::country::Id>,
}

impl Canonicalizer {
    pub fn new(key: [u8; 32]) -> Self {
        Self {
            key: Sensitive::new(key),
            default_region: None,
        }
    }

    /// Region (ISO alpha-2) assumed for phone numbers without a `+country` prefix.
    pub fn with_default_region(mut self, region: &str) -> Result<Self, CanonError> {
        self.default_region = Some(phone::region(region)?);
        Ok(self)
    }

    pub fn email(&self, raw: &str) -> Result<Artifact, CanonError> {
        let raw = check(raw, "email address", MAX_SHORT)?;
        let parts = email::canonical(raw)?;
        Ok(Artifact {
            kind: ArtifactKind::Email,
            masked: mask_email(&parts.canonical),
            detail: parts.free_mail.then(|| "free_mail".to_string()),
            canonical: Sensitive::new(parts.canonical),
        })
    }

    /// `region_hint` is the ISO code of the country the record itself gives (a home country),
    /// tried before the default region; the default region is tried when the hint fails.
    pub fn phone(&self, raw: &str, region_hint: Option<&str>) -> Result<Artifact, CanonError> {
        self.phone_in(raw, region_hint.as_slice())
            .map(|(artifact, _)| artifact)
    }

    /// A phone number and where its country came from. `regions` are the countries the record
    /// itself gives (ISO codes or names), most trusted first. A number written without
    /// `+country` is read in the first of them where it is a valid number, then in the default
    /// region: the record's own country first, since a deployment's default says nothing of
    /// where an applicant lives, yet a candidate living in the UK may still write a US number
    /// without `+1`.
    pub fn phone_in(
        &self,
        raw: &str,
        regions: &[&str],
    ) -> Result<(Artifact, PhoneCountry), CanonError> {
        let raw = check(raw, "phone number", MAX_SHORT)?;
        let (e164, line, country) = if phone::has_country_prefix(raw) {
            let (e164, line) = phone::canonical(raw, None)?;
            (e164, line, PhoneCountry::Prefix)
        } else {
            // A number written the North American way is a +1 number, whatever country the
            // record claims: a persona with a European home often gives a US VoIP number so,
            // and a German or French reading of its ten digits (valid without the trunk `0`
            // no local would leave out) would miss the same number written `+1` elsewhere.
            let american = phone::north_american_form(raw);
            let mut tried = Vec::new();
            let mut first_error = None;
            let mut found = None;
            for id in regions.iter().filter_map(|r| phone::region(r).ok()) {
                if tried.contains(&id) {
                    continue;
                }
                tried.push(id);
                match phone::canonical(raw, Some(id)) {
                    Ok((e164, _)) if american && !e164.starts_with("+1") => {}
                    Ok((e164, line)) => {
                        found = Some((e164, line, PhoneCountry::Record));
                        break;
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            if found.is_none() {
                if let Some(d) = self.default_region.filter(|d| !tried.contains(d)) {
                    match phone::canonical(raw, Some(d)) {
                        Ok((e164, _)) if american && !e164.starts_with("+1") => {}
                        Ok((e164, line)) => found = Some((e164, line, PhoneCountry::Default)),
                        Err(e) => {
                            first_error.get_or_insert(e);
                        }
                    }
                }
            }
            if found.is_none() && american {
                if let Ok((e164, line)) = phone::canonical(raw, Some(phonenumber::country::Id::US))
                {
                    found = Some((e164, line, PhoneCountry::Format));
                }
            }
            match found {
                Some(found) => found,
                None => {
                    return Err(match first_error {
                        Some(e) => e,
                        None => phone::canonical(raw, None)
                            .err()
                            .unwrap_or(CanonError::Empty),
                    })
                }
            }
        };
        Ok((
            Artifact {
                kind: ArtifactKind::Phone,
                masked: mask_tail(&e164, 4),
                detail: Some(line.to_string()),
                canonical: Sensitive::new(e164),
            },
            country,
        ))
    }

    /// An IBAN (validated) or a domestic account number with its country. The canonical form is
    /// a keyed hash: equal accounts still match, the number itself is not kept.
    pub fn bank_account(&self, raw: &str, country: Option<&str>) -> Result<Artifact, CanonError> {
        let raw = check(raw, "bank account", MAX_SHORT)?;
        let account = bank::canonical(raw, country)?;
        Ok(Artifact {
            kind: ArtifactKind::BankAccount,
            masked: mask_tail(&account.plain, 4),
            detail: Some(account.detail),
            canonical: Sensitive::new(bank::keyed_hash(self.key.expose(), &account.plain)),
        })
    }

    pub fn address(&self, line: &str, city: &str, country: &str) -> Result<Artifact, CanonError> {
        let joined = [line, city, country]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .count();
        if joined == 0 {
            return Err(CanonError::Empty);
        }
        check(line, "postal address", MAX_SHORT)?;
        let canonical = normalize_address(line, city, country);
        Ok(Artifact {
            kind: ArtifactKind::PostalAddress,
            masked: mask::mask_address(&canonical),
            detail: None,
            canonical: Sensitive::new(canonical),
        })
    }

    /// A profile on a known site (`github:<handle>`), a handle, or a personal website's host
    /// (`web:<host>`). A link on a multi-tenant host has no such identity: it is an error
    /// here, and [`Canonicalizer::link`] keeps it as a whole URL.
    pub fn profile(&self, raw: &str) -> Result<Artifact, CanonError> {
        let raw = check(raw, "web profile", MAX_SHORT)?;
        if let Some((site, handle)) = profile::social(raw) {
            return Ok(profile_artifact(site, handle));
        }
        let url = url::canonical(raw)?;
        match hosts::tenancy(&url.host) {
            Tenancy::Shared(service) => Err(CanonError::SharedHost {
                host: url.host,
                service,
            }),
            _ => Ok(profile_artifact("web".into(), profile::web_host(&url.host))),
        }
    }

    /// A link, whole and normalised (see `canon/url.rs`), whatever its site.
    pub fn url(&self, raw: &str) -> Result<Artifact, CanonError> {
        let raw = check(raw, "link", MAX_SHORT)?;
        let url = url::canonical(raw)?;
        Ok(url_artifact(url))
    }

    /// What a link someone gives says about them: a profile on a known site; else the whole
    /// URL, after the host as `web:<host>` when its holder controls it (`janedoe.dev`,
    /// `alice.github.io`). A link on a multi-tenant host (`drive.google.com`, `bit.ly`) gives
    /// the URL alone, and its front page nothing.
    pub fn link(&self, raw: &str) -> Result<Vec<Artifact>, CanonError> {
        let raw = check(raw, "link", MAX_SHORT)?;
        if let Some((site, handle)) = profile::social(raw) {
            return Ok(vec![profile_artifact(site, handle)]);
        }
        let url = url::canonical(raw)?;
        let mut out = Vec::with_capacity(2);
        match hosts::tenancy(&url.host) {
            Tenancy::Shared(service) if url.root => {
                return Err(CanonError::SharedHost {
                    host: url.host,
                    service,
                })
            }
            Tenancy::Shared(_) => {}
            Tenancy::Own | Tenancy::Tenant { .. } => {
                out.push(profile_artifact("web".into(), profile::web_host(&url.host)));
            }
        }
        out.push(url_artifact(url));
        Ok(out)
    }

    pub fn name(&self, raw: &str) -> Result<Artifact, CanonError> {
        let raw = check(raw, "name", MAX_SHORT)?;
        let canonical = canonical_name(raw);
        if canonical.is_empty() {
            return Err(CanonError::Empty);
        }
        Ok(Artifact {
            kind: ArtifactKind::PersonName,
            masked: mask::mask_name(&canonical),
            detail: None,
            canonical: Sensitive::new(canonical),
        })
    }

    pub fn ip(&self, raw: &str) -> Result<Artifact, CanonError> {
        let raw = check(raw, "IP address", MAX_SHORT)?;
        let ip: std::net::IpAddr = raw.parse().map_err(|_| CanonError::Ip)?;
        let canonical = ip.to_string();
        Ok(Artifact {
            kind: ArtifactKind::IpAddress,
            masked: canonical.clone(),
            detail: None,
            canonical: Sensitive::new(canonical),
        })
    }

    pub fn device_serial(&self, raw: &str) -> Result<Artifact, CanonError> {
        let raw = check(raw, "device serial", MAX_SHORT)?;
        let canonical: String = raw
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if canonical.is_empty() {
            return Err(CanonError::Empty);
        }
        Ok(Artifact {
            kind: ArtifactKind::DeviceSerial,
            masked: canonical.clone(),
            detail: None,
            canonical: Sensitive::new(canonical),
        })
    }

    /// An employer's name: folded like text, without a trailing legal form (`Inc.`, `GmbH`,
    /// `Pte Ltd`), so `Acme Software, Inc.` and `ACME Software` meet.
    pub fn employer(&self, raw: &str) -> Result<Artifact, CanonError> {
        let raw = check(raw, ArtifactKind::Employer.label(), MAX_SHORT)?;
        let folded = fold(raw);
        let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        while words.len() > 1 && words.last().is_some_and(|w| LEGAL_FORMS.contains(w)) {
            words.pop();
        }
        let canonical = words.join(" ");
        if canonical.is_empty() {
            return Err(CanonError::Empty);
        }
        Ok(Artifact {
            kind: ArtifactKind::Employer,
            masked: canonical.clone(),
            detail: None,
            canonical: Sensitive::new(canonical),
        })
    }

    /// Free text claims (nationality, location) and resume text: Unicode-normalised, ASCII,
    /// lower case, single spaces.
    pub fn text(&self, kind: ArtifactKind, raw: &str) -> Result<Artifact, CanonError> {
        let limit = if kind == ArtifactKind::ResumeText {
            MAX_TEXT
        } else {
            MAX_SHORT
        };
        let raw = check(raw, kind.label(), limit)?;
        let canonical = fold(raw);
        if canonical.is_empty() {
            return Err(CanonError::Empty);
        }
        let masked = match kind {
            ArtifactKind::ResumeText => format!("{} characters of text", canonical.len()),
            _ => canonical.clone(),
        };
        Ok(Artifact {
            kind,
            masked,
            detail: None,
            canonical: Sensitive::new(canonical),
        })
    }

    /// Canonicalise any kind from one raw string, as the generic CSV importer needs.
    /// `country` is a region hint for phones and bank accounts.
    pub fn artifact(
        &self,
        kind: ArtifactKind,
        raw: &str,
        country: Option<&str>,
    ) -> Result<Artifact, CanonError> {
        match kind {
            ArtifactKind::PersonName => self.name(raw),
            ArtifactKind::Email => self.email(raw),
            ArtifactKind::Phone => self.phone(raw, country),
            ArtifactKind::PostalAddress => self.address(raw, "", country.unwrap_or("")),
            ArtifactKind::BankAccount => self.bank_account(raw, country),
            ArtifactKind::IpAddress => self.ip(raw),
            ArtifactKind::DeviceSerial => self.device_serial(raw),
            ArtifactKind::Profile => self.profile(raw),
            ArtifactKind::Url => self.url(raw),
            ArtifactKind::ResumeText
            | ArtifactKind::ClaimedNationality
            | ArtifactKind::ClaimedLocation => self.text(kind, raw),
            ArtifactKind::Employer => self.employer(raw),
        }
    }
}

fn profile_artifact(site: String, handle: String) -> Artifact {
    Artifact {
        kind: ArtifactKind::Profile,
        masked: format!("{site}:{}", mask::mask_middle(&handle)),
        canonical: Sensitive::new(format!("{site}:{handle}")),
        detail: Some(site),
    }
}

fn url_artifact(url: url::WebUrl) -> Artifact {
    let detail = match hosts::tenancy(&url.host) {
        Tenancy::Shared(service) => Some(service.as_str().to_string()),
        Tenancy::Own | Tenancy::Tenant { .. } => None,
    };
    Artifact {
        kind: ArtifactKind::Url,
        masked: url::mask(&url.canonical),
        detail,
        canonical: Sensitive::new(url.canonical),
    }
}

/// The host of a `web:<host>` profile.
pub fn web_profile_host(canonical: &str) -> Option<&str> {
    canonical.strip_prefix("web:")
}

/// Whether holding this artifact ties people together on its own. A URL on a host its holder
/// controls does not add to that host's `web:<host>` profile, which stands for it; a `web:`
/// profile on a multi-tenant host (from a database imported before hosts were told apart)
/// names no one. A URL on a multi-tenant host does: two people giving one Drive file is reuse.
pub fn links_holders(kind: ArtifactKind, canonical: &str) -> bool {
    match kind {
        ArtifactKind::Url => is_shared_host(url::host_of(canonical)),
        ArtifactKind::Profile => web_profile_host(canonical).is_none_or(|h| !is_shared_host(h)),
        _ => true,
    }
}

/// Legal forms that end a company's name, folded.
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "pte",
    "pvt",
    "pty",
    "kk",
    "lp",
    "llp",
];

fn check<'a>(raw: &'a str, kind: &'static str, limit: usize) -> Result<&'a str, CanonError> {
    if raw.len() > limit {
        return Err(CanonError::TooLong {
            kind,
            len: raw.len(),
            limit,
        });
    }
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(CanonError::Empty);
    }
    Ok(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employers_meet_without_their_legal_form() {
        let c = Canonicalizer::new([0; 32]);
        let canon = |raw: &str| {
            c.employer(raw)
                .map(|a| a.canonical.expose().clone())
                .unwrap_or_else(|e| format!("error: {e}"))
        };
        assert_eq!(canon("Acme Software, Inc."), "acme software");
        assert_eq!(canon("ACME  Software"), "acme software");
        assert_eq!(canon("Lotus Outsourcing Pte. Ltd."), "lotus outsourcing");
        // A name that is only a legal form keeps it rather than vanish.
        assert_eq!(canon("Company"), "company");
        assert!(canon("  ").starts_with("error"), "{}", canon("  "));
    }

    fn link(raw: &str) -> String {
        let c = Canonicalizer::new([0; 32]);
        match c.link(raw) {
            Ok(artifacts) => artifacts
                .iter()
                .map(|a| match &a.detail {
                    Some(d) if a.kind == ArtifactKind::Url => {
                        format!("{} {} ({d})", a.kind, a.canonical.expose())
                    }
                    _ => format!("{} {}", a.kind, a.canonical.expose()),
                })
                .collect::<Vec<_>>()
                .join(", "),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn links_keep_the_url_and_a_host_only_its_holder_controls() {
        // A profile site: the account, as before.
        assert_eq!(
            link("https://github.com/SmartDev0725"),
            "profile github:smartdev0725"
        );
        // A personal site: its host, and the page.
        assert_eq!(
            link("https://www.janedoe.dev/about/?utm_source=cv"),
            "profile web:janedoe.dev, url https://janedoe.dev/about"
        );
        // One tenant of shared hosting: the tenant's own name is an identity.
        assert_eq!(
            link("https://alice.github.io/"),
            "profile web:alice.github.io, url https://alice.github.io/"
        );
        // A file on a cloud drive, a shortened link: the URL only.
        assert_eq!(
            link("https://drive.google.com/file/d/1AbC/view?usp=sharing"),
            "url https://drive.google.com/file/d/1AbC/view (file_sharing)"
        );
        assert_eq!(
            link("http://bit.ly/3xYz"),
            "url https://bit.ly/3xYz (url_shortener)"
        );
        assert_eq!(
            link("https://www.notion.so/janedoe/Resume-0a1b2c"),
            "url https://notion.so/janedoe/Resume-0a1b2c (file_sharing)"
        );
        // A multi-tenant host's front page names nothing.
        assert_eq!(
            link("https://drive.google.com/"),
            "error: `drive.google.com` is a multi-tenant host (file sharing): it names no one"
        );
        assert_eq!(
            link("mailto:jane@example.com"),
            "error: not a valid URL: scheme `mailto` is not a web link"
        );
        let c = Canonicalizer::new([0; 32]);
        assert!(matches!(
            c.profile("https://docs.google.com/document/d/1x/edit"),
            Err(CanonError::SharedHost { .. })
        ));
        let a = c
            .url("https://drive.google.com/file/d/1AbCdEf/view")
            .expect("url");
        assert_eq!(a.masked, "https://drive.google.com/fi***ew");
    }

    #[test]
    fn only_some_links_tie_their_holders() {
        let k = ArtifactKind::Url;
        assert!(links_holders(
            k,
            "https://drive.google.com/file/d/1AbC/view"
        ));
        // The host's `web:` profile stands for a page on it.
        assert!(!links_holders(k, "https://janedoe.dev/about"));
        assert!(links_holders(ArtifactKind::Profile, "web:janedoe.dev"));
        assert!(links_holders(ArtifactKind::Profile, "github:jdoe"));
        assert!(!links_holders(
            ArtifactKind::Profile,
            "web:drive.google.com"
        ));
    }

    #[test]
    fn phone_country_comes_from_the_record_before_the_default() {
        let bare = Canonicalizer::new([0; 32]);
        let us = Canonicalizer::new([0; 32])
            .with_default_region("US")
            .expect("region");
        let read = |c: &Canonicalizer, raw: &str, regions: &[&str]| {
            c.phone_in(raw, regions)
                .map(|(a, from)| format!("{} {from:?}", a.canonical.expose()))
                .unwrap_or_else(|e| format!("error: {e}"))
        };
        assert_eq!(
            read(&bare, "+44 7911 123456", &["US"]),
            "+447911123456 Prefix"
        );
        assert_eq!(
            read(&bare, "(206) 280-6416", &["United States"]),
            "+12062806416 Record"
        );
        // The first region where the number is valid wins; a name the table does not know is
        // passed over.
        assert_eq!(
            read(&bare, "07911 123456", &["Atlantis", "US", "United Kingdom"]),
            "+447911123456 Record"
        );
        assert_eq!(read(&us, "(206) 280-6416", &[]), "+12062806416 Default");
        assert_eq!(read(&us, "(206) 280-6416", &["GB"]), "+12062806416 Default");
        // The North American form reads as +1 where the record gives no +1 country, even
        // where its digits would also make a number there (+49 929 6426966).
        assert_eq!(read(&bare, "(206) 280-6416", &[]), "+12062806416 Format");
        assert_eq!(
            read(&bare, "929.642.6966", &["Germany"]),
            "+19296426966 Format"
        );
        // Another grouping says nothing of a country.
        assert!(read(&bare, "2062806416", &[]).contains("no `+country` prefix"));
        assert!(read(&bare, "0176 51264029", &["US"]).starts_with("error"));
        assert!(read(&bare, "2062806416", &["Atlantis"]).contains("no `+country` prefix"));
    }

    #[test]
    fn phone_falls_back_from_the_hint_to_the_default_region() {
        let c = Canonicalizer::new([0; 32])
            .with_default_region("US")
            .expect("region");
        let a = c
            .phone("206-280-6416", Some("GB"))
            .expect("US number read with the default region");
        assert_eq!(a.canonical.expose(), "+12062806416");
        let a = c
            .phone("07911 123456", Some("GB"))
            .expect("UK number read with the hint");
        assert_eq!(a.canonical.expose(), "+447911123456");
    }
}
