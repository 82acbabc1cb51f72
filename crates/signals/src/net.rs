//! What a sign-in address says: its country and network owner (from offline IP databases, behind
//! [`IpLookup`]), and whether it is the company's own egress, an anonymising network (VPN,
//! proxy, hosting or cloud ranges from MISP warning lists) or known-bad (an IP indicator
//! imported as threat intelligence, such as a VPN service's egress that operators use).
//!
//! Warning lists and indicators are compiled once into sorted ranges, and each address is
//! classified once per run (sign-in addresses repeat a lot).

use foldhash::{HashMap, HashSet};
use std::net::IpAddr;
use unmask_model::{Indicator, IndicatorKind, ListKind, Matcher, Network, WarningList};

/// Country and network owner of an address, from whatever offline database is loaded.
pub trait IpLookup {
    /// ISO 3166-1 alpha-2 code.
    fn country(&self, ip: IpAddr) -> Option<&str>;
    /// Autonomous system number and organisation.
    fn network(&self, ip: IpAddr) -> Option<(u32, &str)>;
}

/// No database loaded: nothing is located.
pub struct NoLookup;

impl IpLookup for NoLookup {
    fn country(&self, _: IpAddr) -> Option<&str> {
        None
    }
    fn network(&self, _: IpAddr) -> Option<(u32, &str)> {
        None
    }
}

/// What kind of network an address is on, strongest first when several apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetClass {
    /// An ordinary address (home broadband, mobile, a hotel).
    Plain,
    /// Declared company egress (office, corporate VPN), index into the declared labels.
    Office(u32),
    /// On an anonymising or hosting warning list, index into the list names.
    Anonymizer(u32),
    /// Matches an IP indicator, index into the indicators.
    KnownBad(u32),
}

/// An address as the checks see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetInfo {
    pub class: NetClass,
    /// Country code as two upper-case ASCII letters; only for [`NetClass::Plain`] addresses
    /// (an anonymiser's exit or the company's VPN says nothing about where the person is).
    pub country: Option<[u8; 2]>,
}

impl NetInfo {
    pub fn country_str(&self) -> Option<&str> {
        self.country
            .as_ref()
            .and_then(|c| std::str::from_utf8(c).ok())
    }
}

/// Sorted, merged address ranges with a payload index.
#[derive(Default)]
struct Ranges {
    v4: Vec<(u32, u32, u32)>,
    v6: Vec<(u128, u128, u32)>,
}

fn bounds(net: &str) -> Option<(IpAddr, u8)> {
    let net = Network::parse(net)?;
    let text = net.to_string();
    let (addr, prefix) = text.split_once('/')?;
    Some((addr.parse().ok()?, prefix.parse().ok()?))
}

impl Ranges {
    fn add(&mut self, net: &str, payload: u32) {
        let Some((addr, prefix)) = bounds(net) else {
            return;
        };
        match addr {
            IpAddr::V4(a) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
                let start = u32::from(a) & mask;
                self.v4.push((start, start | !mask, payload));
            }
            IpAddr::V6(a) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
                let start = u128::from(a) & mask;
                self.v6.push((start, start | !mask, payload));
            }
        }
    }

    /// Sort and merge overlapping ranges (the earlier range's payload wins), so each address
    /// falls in at most one.
    fn finish(&mut self) {
        fn merge<T: Ord + Copy>(v: &mut Vec<(T, T, u32)>) {
            v.sort_unstable();
            let mut out: Vec<(T, T, u32)> = Vec::with_capacity(v.len());
            for r in v.drain(..) {
                match out.last_mut() {
                    Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
                    _ => out.push(r),
                }
            }
            *v = out;
        }
        merge(&mut self.v4);
        merge(&mut self.v6);
    }

    fn find(&self, ip: IpAddr) -> Option<u32> {
        fn look<T: Ord + Copy>(v: &[(T, T, u32)], x: T) -> Option<u32> {
            let end = v.partition_point(|r| r.0 <= x);
            v[..end].last().filter(|r| r.1 >= x).map(|r| r.2)
        }
        match ip {
            IpAddr::V4(a) => look(&self.v4, u32::from(a)),
            IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => look(&self.v4, u32::from(v4)),
                None => look(&self.v6, u128::from(a)),
            },
        }
    }
}

/// Everything that classifies sign-in addresses.
pub struct Networks<'a> {
    lookup: &'a dyn IpLookup,
    office: Ranges,
    office_labels: Vec<String>,
    lists: Ranges,
    list_names: Vec<String>,
    bad: Ranges,
    indicators: Vec<&'a Indicator>,
    /// Addresses the identity provider itself called a known proxy, and the list index they
    /// are reported under ([`Networks::mark_proxy`]).
    proxies: HashSet<IpAddr>,
    proxy_list: Option<u32>,
    cache: HashMap<IpAddr, NetInfo>,
}

impl<'a> Networks<'a> {
    /// `office`: declared company egress with labels; `lists`: warning lists (only CIDR lists
    /// are used); `indicators`: IP indicators in force.
    pub fn new(
        lookup: &'a dyn IpLookup,
        office: &[(Network, String)],
        lists: &[WarningList],
        indicators: &'a [Indicator],
    ) -> Networks<'a> {
        let mut n = Networks {
            lookup,
            office: Ranges::default(),
            office_labels: Vec::new(),
            lists: Ranges::default(),
            list_names: Vec::new(),
            bad: Ranges::default(),
            indicators: Vec::new(),
            proxies: HashSet::default(),
            proxy_list: None,
            cache: HashMap::default(),
        };
        for (net, label) in office {
            n.office.add(&net.to_string(), n.office_labels.len() as u32);
            n.office_labels.push(label.clone());
        }
        for list in lists.iter().filter(|l| l.kind == ListKind::Cidr) {
            let index = n.list_names.len() as u32;
            for e in &list.entries {
                n.lists.add(e, index);
            }
            n.list_names.push(list.name.clone());
        }
        for ind in indicators.iter().filter(|i| i.kind == IndicatorKind::Ip) {
            let index = n.indicators.len() as u32;
            match &ind.matcher {
                Matcher::Exact(v) => n.bad.add(v.expose(), index),
                Matcher::Cidr(v) => n.bad.add(v, index),
                Matcher::Like(_) => continue,
            }
            n.indicators.push(ind);
        }
        n.office.finish();
        n.lists.finish();
        n.bad.finish();
        n
    }

    /// The identity provider calls `ip` a known proxy (Okta's `securityContext.isProxy`): from
    /// now on it is an anonymising network unless it is company egress or a known-bad address.
    pub fn mark_proxy(&mut self, ip: IpAddr) {
        if !self.proxies.insert(ip) {
            return;
        }
        if self.proxy_list.is_none() {
            self.proxy_list = Some(self.list_names.len() as u32);
            self.list_names
                .push("known proxies (identity provider: securityContext.isProxy)".into());
        }
        if self
            .cache
            .get(&ip)
            .is_some_and(|i| i.class == NetClass::Plain)
        {
            self.cache.remove(&ip);
        }
    }

    /// Classify an address (cached).
    pub fn classify(&mut self, ip: IpAddr) -> NetInfo {
        if let Some(info) = self.cache.get(&ip) {
            return *info;
        }
        let class = if let Some(i) = self.office.find(ip) {
            NetClass::Office(i)
        } else if let Some(i) = self.bad.find(ip) {
            NetClass::KnownBad(i)
        } else if let Some(i) = self.lists.find(ip) {
            NetClass::Anonymizer(i)
        } else if let Some(i) = self.proxy_list.filter(|_| self.proxies.contains(&ip)) {
            NetClass::Anonymizer(i)
        } else {
            NetClass::Plain
        };
        let country = match class {
            NetClass::Plain => self.lookup.country(ip).and_then(|c| {
                let b = c.as_bytes();
                (b.len() == 2).then(|| [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()])
            }),
            _ => None,
        };
        let info = NetInfo { class, country };
        self.cache.insert(ip, info);
        info
    }

    /// A phrase naming the network an address is on, for explanations.
    pub fn describe(&self, ip: IpAddr, info: &NetInfo) -> String {
        let owner = self
            .lookup
            .network(ip)
            .map(|(asn, org)| format!(" (AS{asn} {org})"))
            .unwrap_or_default();
        match info.class {
            NetClass::Plain => match info.country_str() {
                Some(c) => format!("an address in {c}{owner}"),
                None => format!("an address of unknown location{owner}"),
            },
            NetClass::Office(i) => format!("company egress \"{}\"", self.office_label(i)),
            NetClass::Anonymizer(i) => {
                format!(
                    "an address on warning list \"{}\"{owner}",
                    self.list_name(i)
                )
            }
            NetClass::KnownBad(i) => format!("an address named by indicator {}{owner}", {
                let ind = self.indicator(i);
                format!("{} ({})", ind.id, ind.description)
            }),
        }
    }

    pub fn office_label(&self, i: u32) -> &str {
        self.office_labels
            .get(i as usize)
            .map_or("", String::as_str)
    }

    pub fn list_name(&self, i: u32) -> &str {
        self.list_names.get(i as usize).map_or("", String::as_str)
    }

    /// # Panics
    /// Never for an index from [`Networks::classify`].
    pub fn indicator(&self, i: u32) -> &Indicator {
        self.indicators[i as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unmask_model::{Provenance, Sensitive};

    struct Fixed;
    impl IpLookup for Fixed {
        fn country(&self, ip: IpAddr) -> Option<&str> {
            match ip {
                IpAddr::V4(a) if a.octets()[0] == 198 => Some("us"),
                _ => Some("GB"),
            }
        }
        fn network(&self, _: IpAddr) -> Option<(u32, &str)> {
            Some((64500, "Example Net"))
        }
    }

    fn list(entries: &[&str]) -> WarningList {
        WarningList {
            name: "vpn-ipv4".into(),
            version: None,
            description: String::new(),
            kind: ListKind::Cidr,
            entries: entries.iter().map(|s| s.to_string()).collect(),
            matching_attributes: vec![],
            provenance: Provenance::new("list.json", "misp-warninglist"),
        }
    }

    #[test]
    fn office_beats_intel_beats_lists_and_only_plain_addresses_are_located() {
        let ind = Indicator {
            id: "indicator--1".into(),
            source: "bundle--1".into(),
            kind: IndicatorKind::Ip,
            matcher: Matcher::Cidr("203.0.113.0/28".into()),
            masked: String::new(),
            valid_from: None,
            valid_until: None,
            confidence: Some(80),
            description: "VPN egress used by operators".into(),
            provenance: Provenance::new("intel.json", "stix"),
        };
        let exact = Indicator {
            matcher: Matcher::Exact(Sensitive::new("192.0.2.77".into())),
            ..ind.clone()
        };
        let inds = [ind, exact];
        let office = [(
            Network::parse("198.51.100.0/24").expect("net"),
            "HQ".to_string(),
        )];
        let lists = [list(&["203.0.113.0/24", "2001:db8::/32"])];
        let mut n = Networks::new(&Fixed, &office, &lists, &inds);
        let c = |n: &mut Networks, s: &str| n.classify(s.parse().expect("ip"));
        assert_eq!(c(&mut n, "198.51.100.9").class, NetClass::Office(0));
        assert_eq!(c(&mut n, "203.0.113.5").class, NetClass::KnownBad(0));
        assert_eq!(c(&mut n, "203.0.113.200").class, NetClass::Anonymizer(0));
        assert_eq!(c(&mut n, "2001:db8::1").class, NetClass::Anonymizer(0));
        assert_eq!(c(&mut n, "192.0.2.77").class, NetClass::KnownBad(1));
        let plain = c(&mut n, "192.0.2.78");
        assert_eq!(plain.class, NetClass::Plain);
        assert_eq!(plain.country_str(), Some("GB"));
        assert_eq!(c(&mut n, "203.0.113.5").country, None);
        assert!(n
            .describe("192.0.2.78".parse().expect("ip"), &plain)
            .contains("AS64500"));
        // The identity provider's own verdict: a plain address becomes an anonymiser; company
        // egress stays company egress.
        n.mark_proxy("192.0.2.78".parse().expect("ip"));
        n.mark_proxy("198.51.100.9".parse().expect("ip"));
        let proxy = c(&mut n, "192.0.2.78");
        assert_eq!(proxy.class, NetClass::Anonymizer(1));
        assert!(n
            .describe("192.0.2.78".parse().expect("ip"), &proxy)
            .contains("securityContext.isProxy"));
        assert_eq!(c(&mut n, "198.51.100.9").class, NetClass::Office(0));
    }
}
