//! Indicator values shared by the STIX and MISP importers: one raw value of a known kind to a
//! canonical [`Matcher`] and a masked rendering, through the same [`Canonicalizer`] as every other
//! record, so an indicator and a stored artifact compare as canonical forms.

use crate::formats::{At, Context};
use unmask_model::canon::{mask_email, CanonError, Canonicalizer, MAX_SHORT};
use unmask_model::{Indicator, IndicatorKind, Matcher, Network, Sensitive};

/// What a raw value is, as a feed names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observable {
    Email,
    /// An IPv4 or IPv6 address or network.
    Ip,
    Ipv4,
    Ipv6,
    Domain,
    /// A URL, matched as a web profile (`site:handle`).
    Url,
    /// A GitHub username, matched as the profile `github:<handle>`.
    GithubUser,
    /// An account login on any site, matched against profile handles.
    Login,
    Phone,
    Iban,
}

/// A value ready to become an indicator.
#[derive(Debug)]
pub struct Value {
    pub kind: IndicatorKind,
    pub matcher: Matcher,
    pub masked: String,
}

/// Why a value did not become an indicator.
#[derive(Debug)]
pub enum Unusable {
    /// The file is broken (a value over the size limit): reject it.
    Fatal(String),
    /// This value only: skip it with a warning.
    Skip(String),
}

impl From<CanonError> for Unusable {
    fn from(e: CanonError) -> Self {
        match e {
            CanonError::TooLong { .. } => Unusable::Fatal(e.to_string()),
            e => Unusable::Skip(e.to_string()),
        }
    }
}

fn checked<'r>(raw: &'r str, kind: &'static str) -> Result<&'r str, Unusable> {
    if raw.len() > MAX_SHORT {
        return Err(CanonError::TooLong {
            kind,
            len: raw.len(),
            limit: MAX_SHORT,
        }
        .into());
    }
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(CanonError::Empty.into());
    }
    Ok(raw)
}

/// The value itself: equal to it, or, for an IP network, containing the address.
pub fn exact(canon: &Canonicalizer, what: Observable, raw: &str) -> Result<Value, Unusable> {
    let (kind, artifact) = match what {
        Observable::Email => (IndicatorKind::Email, canon.email(raw)?),
        Observable::Ip | Observable::Ipv4 | Observable::Ipv6 => return ip(canon, what, raw),
        Observable::Domain => {
            let name = domain(raw)?;
            return Ok(Value {
                kind: IndicatorKind::Domain,
                masked: name.clone(),
                matcher: Matcher::Exact(Sensitive::new(name)),
            });
        }
        Observable::Login => {
            let login = login(raw)?;
            return Ok(Value {
                kind: IndicatorKind::Handle,
                masked: login.clone(),
                matcher: Matcher::Exact(Sensitive::new(login)),
            });
        }
        Observable::Url => (IndicatorKind::Profile, canon.profile(raw)?),
        Observable::GithubUser => {
            // The same canonical and masked forms as a `https://github.com/Name` profile.
            let handle = checked(raw, "GitHub username")?.trim_start_matches('@');
            if handle.is_empty() || handle.contains(['/', ' ', '?', '#']) {
                return Err(Unusable::Skip("not a valid GitHub username".into()));
            }
            let profile = canon.profile(&format!("https://github.com/{handle}"))?;
            (IndicatorKind::Profile, profile)
        }
        Observable::Phone => (IndicatorKind::Phone, canon.phone(raw, None)?),
        Observable::Iban => (IndicatorKind::BankAccount, canon.bank_account(raw, None)?),
    };
    Ok(Value {
        kind,
        matcher: Matcher::Exact(artifact.canonical),
        masked: artifact.masked,
    })
}

/// An address (`Exact`, canonical as `canon.ip` writes it) or a network (`Cidr`); a host
/// network (`/32`, `/128`) is the address.
fn ip(canon: &Canonicalizer, what: Observable, raw: &str) -> Result<Value, Unusable> {
    let raw = checked(raw, "IP address")?;
    let (addr, prefix) = match raw.split_once('/') {
        Some((addr, prefix)) => (addr.trim(), Some(prefix.trim())),
        None => (raw, None),
    };
    let artifact = canon.ip(addr)?;
    let v6 = artifact.canonical.expose().contains(':');
    match (what, v6) {
        (Observable::Ipv4, true) => {
            return Err(Unusable::Skip(
                "an IPv6 address given as `ipv4-addr`".into(),
            ))
        }
        (Observable::Ipv6, false) => {
            return Err(Unusable::Skip(
                "an IPv4 address given as `ipv6-addr`".into(),
            ))
        }
        _ => {}
    }
    let host = if v6 { 128 } else { 32 };
    if let Some(p) = prefix {
        let bad = || Unusable::Skip(format!("not a valid IP network (prefix `/{p}`)"));
        let bits: u8 = p.parse().map_err(|_| bad())?;
        if bits != host {
            let network = Network::parse(&format!("{}/{bits}", artifact.canonical.expose()))
                .ok_or_else(bad)?
                .to_string();
            return Ok(Value {
                kind: IndicatorKind::Ip,
                masked: network.clone(),
                matcher: Matcher::Cidr(network),
            });
        }
    }
    Ok(Value {
        kind: IndicatorKind::Ip,
        matcher: Matcher::Exact(artifact.canonical),
        masked: artifact.masked,
    })
}

/// Lower case, no trailing dot; letters, digits, `-` and `_` in non-empty labels.
fn domain(raw: &str) -> Result<String, Unusable> {
    let name = checked(raw, "domain name")?
        .trim_end_matches('.')
        .to_lowercase();
    let valid = !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
    if valid {
        Ok(name)
    } else {
        Err(Unusable::Skip("not a valid domain name".into()))
    }
}

/// Lower case, without a leading `@`, as profile handles are kept.
fn login(raw: &str) -> Result<String, Unusable> {
    let login = checked(raw, "account login")?
        .trim_start_matches('@')
        .to_lowercase();
    if login.is_empty() || login.chars().any(char::is_control) {
        return Err(Unusable::Skip("not a valid account login".into()));
    }
    Ok(login)
}

/// A SQL `LIKE` pattern over the canonical values of one kind, lower-cased (matching ignores
/// case). A pattern of wildcards only would match everything and is skipped.
pub fn like(what: Observable, raw: &str) -> Result<Value, Unusable> {
    let pattern = checked(raw, "pattern")?.to_lowercase();
    if pattern.chars().all(|c| c == '%' || c == '_') {
        return Err(Unusable::Skip(
            "a `LIKE` pattern of wildcards only would match every value".into(),
        ));
    }
    let (kind, masked) = match what {
        // The local part may be most of an address: show its first character, as emails are.
        Observable::Email if pattern.contains('@') => (IndicatorKind::Email, mask_email(&pattern)),
        Observable::Email => (IndicatorKind::Email, "***".to_string()),
        Observable::Domain => (
            IndicatorKind::Domain,
            pattern.trim_end_matches('.').to_string(),
        ),
        Observable::Login => (
            IndicatorKind::Handle,
            pattern.trim_start_matches('@').to_string(),
        ),
        _ => {
            return Err(Unusable::Skip(
                "`LIKE` is not supported for this kind".into(),
            ))
        }
    };
    let pattern = match what {
        Observable::Domain | Observable::Login => masked.clone(),
        _ => pattern,
    };
    Ok(Value {
        kind,
        matcher: Matcher::Like(Sensitive::new(pattern)),
        masked,
    })
}

/// What every indicator from one source record shares.
pub struct Meta {
    pub id: String,
    pub source: String,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub confidence: Option<u8>,
    pub description: String,
}

/// Record one value's outcome: an indicator, a warning naming `label` (the record's id), or an
/// error. Returns whether an indicator was added.
pub fn record(
    ctx: &mut Context<'_>,
    at: At<'_>,
    meta: &Meta,
    label: &str,
    result: Result<Value, Unusable>,
) -> bool {
    match result {
        Ok(value) => {
            let provenance = ctx.provenance(at.line, at.offset);
            ctx.parsed.batch.indicators.push(Indicator {
                id: meta.id.clone(),
                source: meta.source.clone(),
                kind: value.kind,
                matcher: value.matcher,
                masked: value.masked,
                valid_from: meta.valid_from.clone(),
                valid_until: meta.valid_until.clone(),
                confidence: meta.confidence,
                description: meta.description.clone(),
                provenance,
            });
            true
        }
        Err(Unusable::Fatal(why)) => {
            ctx.error(at, format!("{label}: {why}"));
            false
        }
        Err(Unusable::Skip(why)) => {
            ctx.warn(at, format!("{label} value skipped: {why}"));
            false
        }
    }
}

/// Free text for a one-line description: whitespace runs become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon() -> Canonicalizer {
        Canonicalizer::new([1; 32])
    }

    fn show(result: Result<Value, Unusable>) -> String {
        match result {
            Ok(v) => format!(
                "{} {} {} ({})",
                v.kind,
                v.matcher.op(),
                v.matcher.value(),
                v.masked
            ),
            Err(Unusable::Skip(why)) => format!("skip: {why}"),
            Err(Unusable::Fatal(why)) => format!("fatal: {why}"),
        }
    }

    #[test]
    fn ips_and_networks() {
        let c = canon();
        let ip = |w, raw| show(exact(&c, w, raw));
        assert_eq!(
            ip(Observable::Ip, " 192.0.2.7 "),
            "ip exact 192.0.2.7 (192.0.2.7)"
        );
        assert_eq!(
            ip(Observable::Ip, "192.0.2.7/32"),
            "ip exact 192.0.2.7 (192.0.2.7)"
        );
        assert_eq!(
            ip(Observable::Ip, "198.51.100.0/24"),
            "ip cidr 198.51.100.0/24 (198.51.100.0/24)"
        );
        assert_eq!(
            ip(Observable::Ipv6, "2001:DB8:0::/32"),
            "ip cidr 2001:db8::/32 (2001:db8::/32)"
        );
        assert_eq!(
            ip(Observable::Ipv6, "2001:db8::1/128"),
            "ip exact 2001:db8::1 (2001:db8::1)"
        );
        assert_eq!(
            ip(Observable::Ip, "198.51.100.0/33"),
            "skip: not a valid IP network (prefix `/33`)"
        );
        assert_eq!(
            ip(Observable::Ip, "198.51.100"),
            "skip: not a valid IP address"
        );
        assert_eq!(
            ip(Observable::Ipv4, "2001:db8::1"),
            "skip: an IPv6 address given as `ipv4-addr`"
        );
    }

    #[test]
    fn names_and_profiles() {
        let c = canon();
        let v = |w, raw| show(exact(&c, w, raw));
        assert_eq!(
            v(Observable::Domain, "Evil.Example."),
            "domain exact evil.example (evil.example)"
        );
        assert_eq!(
            v(Observable::Domain, "evil..example"),
            "skip: not a valid domain name"
        );
        assert_eq!(v(Observable::Login, "@Dev01"), "handle exact dev01 (dev01)");
        assert_eq!(
            v(Observable::GithubUser, "SmartDev0725"),
            show(exact(
                &c,
                Observable::Url,
                "https://github.com/SmartDev0725"
            ))
        );
        assert_eq!(
            v(Observable::GithubUser, "SmartDev0725"),
            "profile exact github:smartdev0725 (github:sm***25)"
        );
        assert_eq!(
            v(Observable::Email, "x"),
            "skip: not a valid email address: missing `@`"
        );
        assert!(v(Observable::Email, &"a".repeat(2000)).starts_with("fatal: "));
    }

    #[test]
    fn like_patterns() {
        assert_eq!(
            show(like(Observable::Email, "John.Doe%@Mail.Example")),
            "email like john.doe%@mail.example (j***@mail.example)"
        );
        assert_eq!(
            show(like(Observable::Domain, "%.Evil.Example.")),
            "domain like %.evil.example (%.evil.example)"
        );
        assert_eq!(
            show(like(Observable::Email, "%%")),
            "skip: a `LIKE` pattern of wildcards only would match every value"
        );
    }
}
