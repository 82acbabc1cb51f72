//! Indicator values shared by the STIX and MISP importers: one raw value of a known kind to a
//! canonical [`Matcher`] and a masked rendering, through the same [`Canonicalizer`] as every other
//! record, so an indicator and a stored artifact compare as canonical forms.

use crate::formats::{At, Context};
use unmask_model::canon::{
    is_free_mail, mask_email, social_profile, tenancy, url_host, url_is_root, CanonError,
    Canonicalizer, Service, Tenancy, MAX_SHORT,
};
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
    /// A URL: on a profile site, matched as the profile (`site:handle`); else matched whole,
    /// normalised as links are.
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
            matchable_domain(&name)?;
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
        Observable::Url => return url(canon, raw),
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

/// A URL on a profile site is that profile (`https://t.me/x` is `telegram:x`); any other is
/// kept whole, so it matches the same link and nothing else on its host. A multi-tenant host's
/// front page would match everyone who gave it as a website: not matchable.
fn url(canon: &Canonicalizer, raw: &str) -> Result<Value, Unusable> {
    let raw = checked(raw, "URL")?;
    if social_profile(raw).is_some() {
        let profile = canon.profile(raw)?;
        return Ok(Value {
            kind: IndicatorKind::Profile,
            matcher: Matcher::Exact(profile.canonical),
            masked: profile.masked,
        });
    }
    let link = canon.url(raw)?;
    let host = url_host(link.canonical.expose());
    if let Tenancy::Shared(service) = tenancy(host) {
        if url_is_root(link.canonical.expose()) {
            return Err(not_matchable(host, service));
        }
    }
    Ok(Value {
        kind: IndicatorKind::Url,
        matcher: Matcher::Exact(link.canonical),
        masked: link.masked,
    })
}

fn not_matchable(host: &str, service: Service) -> Unusable {
    Unusable::Skip(format!(
        "`{host}` is a multi-tenant host ({}): many unrelated people use it, so it is not matchable",
        service.label()
    ))
}

/// A domain indicator must name something one party controls: not a multi-tenant host
/// (`drive.google.com`, `github.io`, `bit.ly`), a public suffix or a free-mail provider, each of
/// which would match everyone who links a file there or writes from there.
fn matchable_domain(name: &str) -> Result<(), Unusable> {
    if let Tenancy::Shared(service) = tenancy(name) {
        return Err(not_matchable(name, service));
    }
    if is_free_mail(name) {
        return Err(Unusable::Skip(format!(
            "`{name}` is a free-mail domain: millions of strangers write from it, so it is not matchable"
        )));
    }
    Ok(())
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
        Observable::Domain => {
            let pattern = pattern.trim_end_matches('.').to_string();
            // `%.github.io` is every tenant of shared hosting: the literal name after the last
            // wildcard must be matchable itself.
            let tail = pattern.rsplit(['%', '_']).next().unwrap_or("");
            let name = tail.trim_start_matches('.');
            if name.contains('.') || (tail.starts_with('.') && !name.is_empty()) {
                matchable_domain(name)?;
            }
            (IndicatorKind::Domain, pattern)
        }
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
    fn urls_are_whole_and_multi_tenant_hosts_are_not_matchable() {
        let c = canon();
        let v = |w, raw| show(exact(&c, w, raw));
        assert_eq!(
            v(
                Observable::Url,
                "http://drive.google.com/file/d/1AbCdEf/view?usp=sharing"
            ),
            "url exact https://drive.google.com/file/d/1AbCdEf/view (https://drive.google.com/fi***ew)"
        );
        // A profile site's URL is the account, as a GitHub username is.
        assert_eq!(
            v(Observable::Url, "https://t.me/kettle_ops"),
            "profile exact telegram:kettle_ops (telegram:ke***ps)"
        );
        assert_eq!(
            v(Observable::Url, "https://drive.google.com/"),
            "skip: `drive.google.com` is a multi-tenant host (file sharing): many unrelated people use it, so it is not matchable"
        );
        assert_eq!(
            v(Observable::Url, "mailto:x@evil.example"),
            "skip: not a valid URL: scheme `mailto` is not a web link"
        );
        assert_eq!(
            v(Observable::Domain, "Drive.Google.com"),
            "skip: `drive.google.com` is a multi-tenant host (file sharing): many unrelated people use it, so it is not matchable"
        );
        assert_eq!(
            v(Observable::Domain, "github.io"),
            "skip: `github.io` is a multi-tenant host (shared hosting): many unrelated people use it, so it is not matchable"
        );
        assert_eq!(
            v(Observable::Domain, "bit.ly"),
            "skip: `bit.ly` is a multi-tenant host (link shortener): many unrelated people use it, so it is not matchable"
        );
        assert!(v(Observable::Domain, "co.uk").contains("(a public suffix)"));
        assert_eq!(
            v(Observable::Domain, "gmail.com"),
            "skip: `gmail.com` is a free-mail domain: millions of strangers write from it, so it is not matchable"
        );
        // One tenant's own name is matchable, as is an operator's own domain.
        assert_eq!(
            v(Observable::Domain, "kettle-ops.github.io"),
            "domain exact kettle-ops.github.io (kettle-ops.github.io)"
        );
        assert_eq!(
            show(like(Observable::Domain, "%.github.io")),
            "skip: `github.io` is a multi-tenant host (shared hosting): many unrelated people use it, so it is not matchable"
        );
        assert!(show(like(Observable::Domain, "%.com")).contains("(a public suffix)"));
        assert_eq!(
            show(like(Observable::Domain, "%.kettle-ops.github.io")),
            "domain like %.kettle-ops.github.io (%.kettle-ops.github.io)"
        );
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
