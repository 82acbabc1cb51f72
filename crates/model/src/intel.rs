//! Threat intelligence as unmask keeps it: indicators (from STIX 2.1 bundles and MISP events) and
//! warning lists (MISP warninglists: known-benign, VPN, hosting or cloud ranges and names).
//!
//! Indicator values are canonicalised at ingest with the same [`crate::canon::Canonicalizer`]
//! as everything else, so matching is a comparison of canonical forms. Matching itself lives in
//! the `graph` crate; here are the types and the pure value tests they need ([`Matcher::hits`]).

use crate::{Provenance, Sensitive};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

/// What an indicator's value is, and so which stored artifacts it is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// An email address, compared with email artifacts (canonical form).
    Email,
    /// An IPv4 or IPv6 address or network, compared with IP artifacts.
    Ip,
    /// A domain name, compared with the domain of email addresses and the host of personal
    /// websites (`web:<host>`), at the domain or a subdomain. Never a multi-tenant host or a
    /// free-mail domain: those are refused at import.
    Domain,
    /// A web profile as `site:handle` (from a URL on a profile site, or a GitHub username),
    /// compared with profiles.
    Profile,
    /// An account login on any site, compared with the handle part of profiles.
    Handle,
    /// A phone number in E.164, compared with phones.
    Phone,
    /// A bank account as the deployment's keyed hash, compared with bank accounts.
    BankAccount,
    /// A whole URL, normalised as links are, compared with links: equal URLs only.
    Url,
}

impl IndicatorKind {
    pub const ALL: [IndicatorKind; 8] = [
        IndicatorKind::Email,
        IndicatorKind::Ip,
        IndicatorKind::Domain,
        IndicatorKind::Profile,
        IndicatorKind::Handle,
        IndicatorKind::Phone,
        IndicatorKind::BankAccount,
        IndicatorKind::Url,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Email => "email",
            IndicatorKind::Ip => "ip",
            IndicatorKind::Domain => "domain",
            IndicatorKind::Profile => "profile",
            IndicatorKind::Handle => "handle",
            IndicatorKind::Phone => "phone",
            IndicatorKind::BankAccount => "bank_account",
            IndicatorKind::Url => "url",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for IndicatorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an indicator's value is compared with a canonical artifact value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "op", content = "value", rename_all = "snake_case")]
pub enum Matcher {
    /// Equal to the canonical value.
    Exact(Sensitive<String>),
    /// An IP network `address/prefix`; the address is inside it.
    Cidr(String),
    /// A SQL `LIKE` pattern (`%` any run, `_` one character), case-insensitive, over the
    /// canonical value.
    Like(Sensitive<String>),
}

impl Matcher {
    /// The operator's name as stored: `exact`, `cidr`, `like`.
    pub fn op(&self) -> &'static str {
        match self {
            Matcher::Exact(_) => "exact",
            Matcher::Cidr(_) => "cidr",
            Matcher::Like(_) => "like",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Matcher::Exact(v) | Matcher::Like(v) => v.expose(),
            Matcher::Cidr(v) => v,
        }
    }

    pub fn from_parts(op: &str, value: String) -> Option<Matcher> {
        Some(match op {
            "exact" => Matcher::Exact(Sensitive::new(value)),
            "cidr" => Matcher::Cidr(value),
            "like" => Matcher::Like(Sensitive::new(value)),
            _ => return None,
        })
    }

    /// Does this matcher accept `value` (already canonical)?
    pub fn hits(&self, value: &str) -> bool {
        match self {
            Matcher::Exact(v) => v.expose() == value,
            Matcher::Cidr(net) => match (Network::parse(net), value.parse::<IpAddr>()) {
                (Some(net), Ok(ip)) => net.contains(ip),
                _ => false,
            },
            Matcher::Like(p) => like(p.expose(), value),
        }
    }
}

/// An indicator of compromise naming one observable value, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// The source's own id: a STIX `indicator--...`/`observed-data--...` id, a MISP attribute
    /// uuid. With `kind` and the matcher it identifies the indicator in the store.
    pub id: String,
    /// The feed: a STIX bundle id or a MISP event (`misp-event:<uuid> <info>`).
    pub source: String,
    pub kind: IndicatorKind,
    pub matcher: Matcher,
    /// A partly masked rendering for reports.
    pub masked: String,
    /// RFC 3339; the indicator counts from then on (absent: always).
    pub valid_from: Option<String>,
    /// RFC 3339; the indicator no longer counts from then on (absent: never expires).
    pub valid_until: Option<String>,
    /// 0 to 100, as STIX `confidence`; MISP threat levels are mapped onto it.
    pub confidence: Option<u8>,
    /// Name, description and attribution ("indicates threat-actor X") in one line.
    pub description: String,
    pub provenance: Provenance,
}

impl Indicator {
    /// Is the indicator in force at `now` (RFC 3339)? Times compare as UTC instants when
    /// both parse, else as strings.
    pub fn valid_at(&self, now: &str) -> bool {
        let from_ok = self
            .valid_from
            .as_deref()
            .is_none_or(|from| compare_times(from, now).is_le());
        let until_ok = self
            .valid_until
            .as_deref()
            .is_none_or(|until| compare_times(now, until).is_lt());
        from_ok && until_ok
    }
}

fn compare_times(a: &str, b: &str) -> std::cmp::Ordering {
    // RFC 3339 instants in UTC (`Z`, as STIX requires): the date-time part sorts as a string,
    // then the fraction of a second, padded, so `...:00Z` equals `...:00.000Z`.
    fn key(s: &str) -> (String, String) {
        let s = s
            .trim()
            .trim_end_matches(['Z', 'z'])
            .replace([' ', 't'], "T");
        let (main, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
        (main.to_string(), format!("{frac:0<9}"))
    }
    key(a).cmp(&key(b))
}

/// What a warning list holds, as MISP warninglists' `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// IP networks (`1.2.3.0/24`) or addresses.
    Cidr,
    /// Whole values (emails, domains, IPs written out).
    String,
    /// Host or domain names; a value matches the name or any subdomain of it.
    Hostname,
    /// Values containing the entry.
    Substring,
}

impl ListKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Cidr => "cidr",
            ListKind::String => "string",
            ListKind::Hostname => "hostname",
            ListKind::Substring => "substring",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "cidr" => ListKind::Cidr,
            "string" => ListKind::String,
            "hostname" => ListKind::Hostname,
            "substring" => ListKind::Substring,
            _ => return None,
        })
    }
}

/// A MISP warning list: values known to be shared legitimately (public resolvers, cloud and VPN
/// ranges, free-mail domains). A match explains a shared value instead of flagging it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningList {
    pub name: String,
    pub version: Option<u64>,
    pub description: String,
    pub kind: ListKind,
    /// Entries as written in the list, lower-cased and trimmed; CIDR entries are validated at
    /// ingest.
    pub entries: Vec<String>,
    /// MISP attribute types the list applies to (`ip-src`, `domain`...); empty means all.
    pub matching_attributes: Vec<String>,
    pub provenance: Provenance,
}

impl WarningList {
    /// Does the list cover this canonical value (an IP, an email, a domain)?
    pub fn covers(&self, value: &str) -> bool {
        let value = value.to_ascii_lowercase();
        match self.kind {
            ListKind::Cidr => match value.parse::<IpAddr>() {
                Ok(ip) => self
                    .entries
                    .iter()
                    .any(|e| Network::parse(e).is_some_and(|n| n.contains(ip))),
                Err(_) => false,
            },
            ListKind::String => self.entries.contains(&value),
            ListKind::Hostname => {
                let host = value.rsplit_once('@').map_or(value.as_str(), |(_, d)| d);
                self.entries.iter().any(|e| {
                    let e = e.trim_start_matches('.');
                    host == e || host.strip_suffix(e).is_some_and(|p| p.ends_with('.'))
                })
            }
            ListKind::Substring => self.entries.iter().any(|e| value.contains(e.as_str())),
        }
    }
}

/// An IP network, `address/prefix` (a bare address is a host network).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn parse(s: &str) -> Option<Network> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Network { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            // An IPv4-mapped IPv6 address is the IPv4 address.
            (IpAddr::V4(_), IpAddr::V6(v6)) => v6
                .to_ipv4_mapped()
                .is_some_and(|v4| self.contains(IpAddr::V4(v4))),
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// SQL `LIKE`, case-insensitive: `%` matches any run of characters, `_` exactly one.
pub fn like(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let v: Vec<char> = value.to_lowercase().chars().collect();
    // Iterative wildcard match with backtracking to the last `%`.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < v.len() {
        if i < p.len() && (p[i] == '_' || p[i] == v[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '%' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards() {
        assert!(like("%@evil.example", "a.b@evil.example"));
        assert!(like("dev_%@gmail.com", "DEV1x@gmail.com"));
        assert!(!like("dev_%@gmail.com", "dev@gmail.com"));
        assert!(like("%", ""));
        assert!(!like("a%b", "a"));
        assert!(like("a%b%c", "aXbYbZc"));
    }

    #[test]
    fn networks() {
        let n = Network::parse("203.0.113.0/24").expect("net");
        assert!(n.contains("203.0.113.77".parse().expect("ip")));
        assert!(!n.contains("203.0.114.1".parse().expect("ip")));
        assert!(n.contains("::ffff:203.0.113.9".parse().expect("ip")));
        let h = Network::parse("198.51.100.7").expect("host");
        assert!(h.contains("198.51.100.7".parse().expect("ip")));
        assert!(!h.contains("198.51.100.8".parse().expect("ip")));
        let v6 = Network::parse("2001:db8::/32").expect("v6");
        assert!(v6.contains("2001:db8:1::5".parse().expect("ip")));
        assert!(Network::parse("10.0.0.0/33").is_none());
        assert!(Network::parse("0.0.0.0/0")
            .expect("all")
            .contains("8.8.8.8".parse().expect("ip")));
    }

    #[test]
    fn validity_windows() {
        let mut i = Indicator {
            id: "indicator--1".into(),
            source: "test".into(),
            kind: IndicatorKind::Email,
            matcher: Matcher::Exact(Sensitive::new("a@b.example".into())),
            masked: "a***@b.example".into(),
            valid_from: Some("2024-01-01T00:00:00Z".into()),
            valid_until: Some("2025-01-01T00:00:00.000Z".into()),
            confidence: None,
            description: String::new(),
            provenance: Provenance::new("f", "stix"),
        };
        assert!(i.valid_at("2024-06-01T00:00:00Z"));
        assert!(i.valid_at("2024-01-01T00:00:00.000Z"));
        assert!(!i.valid_at("2023-12-31T23:59:59Z"));
        assert!(!i.valid_at("2025-01-01T00:00:00Z"));
        i.valid_until = None;
        assert!(i.valid_at("2099-01-01T00:00:00Z"));
    }

    #[test]
    fn warning_lists() {
        let list = |kind, entries: &[&str]| WarningList {
            name: "l".into(),
            version: None,
            description: String::new(),
            kind,
            entries: entries.iter().map(|s| s.to_string()).collect(),
            matching_attributes: vec![],
            provenance: Provenance::new("f", "misp-warninglist"),
        };
        assert!(list(ListKind::Cidr, &["192.0.2.0/24"]).covers("192.0.2.5"));
        assert!(!list(ListKind::Cidr, &["192.0.2.0/24"]).covers("a@b.example"));
        assert!(list(ListKind::Hostname, &["vpn.example"]).covers("x@mail.vpn.example"));
        assert!(!list(ListKind::Hostname, &["vpn.example"]).covers("x@notvpn.example"));
        assert!(list(ListKind::String, &["8.8.8.8"]).covers("8.8.8.8"));
        assert!(list(ListKind::Substring, &["astrill"]).covers("egress.astrill.example"));
    }
}
