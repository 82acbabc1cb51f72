//! Sign-ins for the demo world's employees as an Okta System Log (`okta.jsonl`), with the
//! offline enrichment data that locates their addresses: an ip-location-db style country table
//! and ASN table, a MISP warning list of VPN ranges, and a STIX bundle naming one VPN service's
//! egress as used by operators. Every address is in the IPv6 documentation prefix
//! 2001:db8::/32, split by country, so nothing here can be mistaken for a real network.
//!
//! Employees sign in on working days in their own time zone, from their home broadband. Hired
//! operators work a Pyongyang or Shenyang day (UTC+8/+9) whatever they claim: through the
//! listed VPN most of the time, from the laptop farm's broadband when a facilitator keeps their
//! laptop, or from another country than the one they claim; one operator's personas share an
//! MFA phone, and their sessions sometimes run through the night. At least one operator uses the
//! VPN and one signs in from abroad even when facilitators keep every laptop. Innocent
//! look-alikes: a traveller's undeclared week abroad, a declared three-week trip, privacy-minded
//! VPN users, new starters cloning many repositories in their first days; office staff (the
//! world's `office` look-alike) share the head office's egress on most working days, and Asia
//! residents sign in from home at their own daytime like everyone else.
//!
//! Sign-ins cover each employee's first 30 days and the last 30 days before the export or
//! their termination: enough for time to detection and for the endpoint window.

use crate::formats::json;
use crate::world::{Built, Ref, DAY, NOW};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::BTreeMap;

/// Country blocks: 2001:db8:<index>::/48, with the standard UTC offset (hours) people there
/// keep and a made-up broadband provider.
const BLOCKS: [(&str, i64); 20] = [
    ("US", -6),
    ("CA", -5),
    ("GB", 0),
    ("DE", 1),
    ("NL", 1),
    ("FR", 1),
    ("PL", 1),
    ("ES", 1),
    ("IE", 0),
    ("IT", 1),
    ("UA", 2),
    ("IN", 5),
    ("BR", -3),
    ("JP", 9),
    ("SG", 8),
    ("KR", 9),
    ("VN", 7),
    ("MY", 8),
    ("CN", 8),
    ("RU", 10),
];

/// The VPN service operators are reported to use (on the warning list and named by intel),
/// and an ordinary privacy VPN (on the warning list only).
const OPERATOR_VPN: &str = "2001:db8:fa00::/40";
/// The head office's egress network in the US block; its NAT uses the first address.
pub const OFFICE_EGRESS: &str = "2001:db8:0:fff0::/64";
const PRIVACY_VPN: &str = "2001:db8:fb00::/40";

fn block(code: &str) -> usize {
    BLOCKS.iter().position(|(c, _)| *c == code).unwrap_or(0)
}

pub struct SignIns {
    pub okta: String,
    pub ip_country: String,
    pub ip_asn: String,
    pub warninglist: String,
    pub intel: String,
    /// Declared trips for `unmask.toml`: employee, first day, day after the last, country.
    pub trips: Vec<(usize, i64, i64, &'static str)>,
    /// Look-alike employees by kind.
    pub lookalikes: Vec<(&'static str, Vec<Ref>)>,
    /// Extra GitHub audit lines (onboarding clones), as (time, line).
    pub audit: Vec<(i64, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Operator,
    Traveller,
    DeclaredTravel,
    PrivacyVpn,
    OnboardingCloner,
    Office,
}

/// `plain` are employees free for a look-alike role (not operators, not used by the endpoint
/// look-alikes), in random order; `github` gives an employee's GitHub login, if any.
pub fn generate(
    built: &Built,
    seed: u64,
    plain: &[usize],
    github: &dyn Fn(usize) -> Option<String>,
    repos: &[String],
) -> SignIns {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5167_0000_0000_0006);
    let mut kinds = vec![Kind::Plain; built.employees.len()];
    // The operator behind each operator employee, and the laptop farm keeping their laptop.
    let mut actor = vec![None; built.employees.len()];
    for (i, (op, refs)) in built.people.iter().enumerate() {
        for r in refs {
            if let (true, Ref::Emp(e)) = (*op, r) {
                kinds[*e] = Kind::Operator;
                actor[*e] = Some(i);
            }
        }
    }
    let mut farm = vec![None; built.employees.len()];
    for (n, kind, refs) in &built.facilitators {
        if *kind == "laptop_farm" {
            for r in refs {
                if let Ref::Emp(e) = r {
                    farm[*e] = Some(*n);
                }
            }
        }
    }
    for (kind, refs) in &built.lookalikes {
        if *kind == "office" {
            for r in refs {
                if let Ref::Emp(e) = r {
                    if kinds[*e] == Kind::Plain {
                        kinds[*e] = Kind::Office;
                    }
                }
            }
        }
    }
    // How each operator employee reaches the company: 0 VPN, 1 the farm's line, 2 from abroad.
    let mut reach: Vec<Option<(u8, String)>> = (0..built.employees.len())
        .map(|e| {
            if kinds[e] != Kind::Operator {
                None
            } else if let Some(f) = farm[e] {
                let cc = built.employees[e].device.ship_to.country.code;
                Some((1, format!("2001:db8:{:x}:f{f:x}::1", block(cc))))
            } else if rng.gen_bool(0.7) {
                Some((0, String::new()))
            } else {
                Some((2, abroad_ip(&mut rng, e)))
            }
        })
        .collect();
    // When facilitators keep every laptop, one operator still tunnels through the VPN and
    // another signs in from abroad, so that every tactic exists in every world.
    for style in [0u8, 2] {
        if reach.iter().flatten().any(|(s, _)| *s == style) {
            continue;
        }
        let farmed = (0..reach.len()).find(|&e| matches!(reach[e], Some((1, _))));
        let others = reach.iter().flatten().filter(|(s, _)| *s == 1).count();
        if let (Some(e), true) = (farmed, others >= 2) {
            reach[e] = Some(match style {
                0 => (0, String::new()),
                _ => (2, abroad_ip(&mut rng, e)),
            });
        }
    }
    let mut free: Vec<usize> = plain
        .iter()
        .copied()
        .filter(|&e| kinds[e] == Kind::Plain)
        .collect();
    let mut lookalikes = Vec::new();
    for (name, kind, n) in [
        ("traveller", Kind::Traveller, 2),
        ("declared_travel", Kind::DeclaredTravel, 1),
        ("privacy_vpn", Kind::PrivacyVpn, 2),
        ("onboarding_cloner", Kind::OnboardingCloner, 2),
    ] {
        let mut chosen = Vec::new();
        let mut i = 0;
        while chosen.len() < n && i < free.len() {
            let e = free[i];
            let ok = kind != Kind::OnboardingCloner || github(e).is_some();
            if ok {
                chosen.push(free.remove(i));
            } else {
                i += 1;
            }
        }
        for &e in &chosen {
            kinds[e] = kind;
        }
        lookalikes.push((name, chosen.into_iter().map(Ref::Emp).collect::<Vec<_>>()));
    }

    let mut lines: Vec<(i64, String)> = Vec::new();
    let mut trips = Vec::new();
    let mut audit = Vec::new();
    let mut mfa: BTreeMap<usize, String> = BTreeMap::new();
    for (e, emp) in built.employees.iter().enumerate() {
        let end = emp.termination.unwrap_or(NOW).min(NOW);
        let home = emp.home.country.code;
        let hb = block(home);
        let login = emp.work_email.clone();
        let name = emp.legal_name.clone();
        let user_id = format!("00u{:016x}", rng.gen::<u64>());
        let phone = match actor[e] {
            Some(a) => mfa
                .entry(a)
                .or_insert_with(|| format!("guo{:017x}", rng.gen::<u64>() >> 4))
                .clone(),
            None => format!("guo{:017x}", rng.gen::<u64>() >> 4),
        };
        let home_ip = format!("2001:db8:{hb:x}:{e:x}::{:x}", rng.gen_range(2..0xfff));
        let offset = if kinds[e] == Kind::Operator {
            *[8i64, 9].choose(&mut rng).unwrap_or(&9)
        } else {
            BLOCKS[hb].1
        };
        let style = reach[e].take();
        let windows = merge(
            emp.hire,
            (emp.hire + 30 * DAY).min(end),
            (end - 30 * DAY).max(emp.hire),
            end,
        );
        // Look-alike trips, in the last window.
        let last_start = windows.last().map_or(end, |w| w.0);
        let trip = match kinds[e] {
            Kind::Traveller => Some((
                last_start + 7 * DAY,
                last_start + 14 * DAY,
                *["FR", "JP", "GB"].choose(&mut rng).unwrap_or(&"FR"),
            )),
            Kind::DeclaredTravel => {
                // Whole days, as declared.
                let from = (last_start / DAY + 3) * DAY;
                let t = (from, from + 21 * DAY, "SG");
                trips.push((e, t.0, t.1, t.2));
                Some(t)
            }
            _ => None,
        };
        let mut session_no = 0u32;
        for (from, until) in windows {
            let mut day = from.div_euclid(DAY);
            while day * DAY < until {
                let t0 = day * DAY;
                day += 1;
                let weekday = (t0.div_euclid(DAY) + 3).rem_euclid(7); // 0 = Monday
                let works = weekday < 5
                    || (kinds[e] == Kind::Operator && weekday == 5 && rng.gen_bool(0.3));
                if !works || rng.gen_bool(0.05) {
                    continue;
                }
                // No sign-ins on the days of the flights out and back.
                if trip.is_some_and(|(a, b, _)| {
                    t0 == a.div_euclid(DAY) * DAY || t0 == b.div_euclid(DAY) * DAY
                }) {
                    continue;
                }
                let (ip, local_offset) = match (style.as_ref(), kinds[e], trip) {
                    (_, _, Some((a, b, cc))) if t0 >= a && t0 < b => (
                        format!("2001:db8:{:x}:{e:x}::7", block(cc)),
                        BLOCKS[block(cc)].1,
                    ),
                    (Some((0, _)), _, _) => {
                        if rng.gen_bool(0.85) {
                            (
                                format!(
                                    "2001:db8:fa{:02x}:{:x}::{:x}",
                                    rng.gen_range(0..4),
                                    rng.gen_range(0..0x40),
                                    rng.gen_range(1..0xff)
                                ),
                                offset,
                            )
                        } else {
                            (format!("2001:db8:{:x}:{e:x}::9", block("CN")), offset)
                        }
                    }
                    (Some((_, ip)), _, _) => (ip.clone(), offset),
                    (None, Kind::Office, _) if rng.gen_bool(0.75) => {
                        ("2001:db8:0:fff0::1".to_string(), offset)
                    }
                    (None, Kind::PrivacyVpn, _) => (
                        format!(
                            "2001:db8:fb{:02x}:{:x}::{:x}",
                            rng.gen_range(0..8),
                            rng.gen_range(0..0x40),
                            rng.gen_range(1..0xff)
                        ),
                        offset,
                    ),
                    _ => (home_ip.clone(), offset),
                };
                // Start of the local working day, in UTC.
                let start = t0 + rng.gen_range(8 * 3600 + 1800..10 * 3600) - local_offset * 3600;
                session_no += 1;
                let session = format!("102{:x}{:08x}", e, session_no);
                let long = kinds[e] == Kind::Operator && rng.gen_bool(0.1);
                let span = if long {
                    22 * 3600
                } else {
                    rng.gen_range(7 * 3600..9 * 3600)
                };
                let ev = |t: i64, kind: &str, device: bool, rng: &mut ChaCha8Rng| {
                    okta_event(
                        rng,
                        t,
                        kind,
                        &login,
                        &name,
                        &user_id,
                        &ip,
                        &session,
                        device.then_some(phone.as_str()),
                    )
                };
                lines.push((start, ev(start, "user.session.start", false, &mut rng)));
                lines.push((
                    start + 12,
                    ev(
                        start + 12,
                        "user.authentication.auth_via_mfa",
                        true,
                        &mut rng,
                    ),
                ));
                let sso = if long { 11 } else { rng.gen_range(2..5) };
                for k in 1..=sso {
                    let t = start + span * k / sso;
                    lines.push((t, ev(t, "user.authentication.sso", false, &mut rng)));
                }
            }
        }
        if kinds[e] == Kind::OnboardingCloner {
            if let Some(handle) = github(e) {
                let t = emp.hire + DAY + 15 * 3600;
                for (i, repo) in repos.iter().take(20).enumerate() {
                    let t = t + i as i64 * 240;
                    audit.push((
                        t,
                        json(
                            &json!({"@timestamp": t * 1000, "action": "git.clone", "actor": handle,
                        "actor_ip": "198.51.100.17", "org": "acme-corp", "repo": repo,
                        "transport_protocol_name": "ssh", "business": "acme"}),
                            false,
                        ),
                    ));
                }
            }
        }
    }
    lines.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    SignIns {
        okta: lines.into_iter().map(|(_, l)| l + "\n").collect(),
        ip_country: ip_country(),
        ip_asn: ip_asn(),
        warninglist: warninglist(),
        intel: intel(),
        trips,
        lookalikes,
        audit,
    }
}

/// An address in another country than the one claimed, for operator employee `e`.
fn abroad_ip(rng: &mut ChaCha8Rng, e: usize) -> String {
    let abroad = *["CN", "RU", "GB", "VN"].choose(rng).unwrap_or(&"CN");
    format!("2001:db8:{:x}:{e:x}::9", block(abroad))
}

/// `YYYY-MM-DD` of a time.
pub fn date(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn rfc3339(t: i64, ms: u32) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| format!("{}.{ms:03}Z", d.format("%Y-%m-%dT%H:%M:%S")))
        .unwrap_or_default()
}

/// Two windows, merged when they overlap.
fn merge(a0: i64, a1: i64, b0: i64, b1: i64) -> Vec<(i64, i64)> {
    if b0 <= a1 {
        vec![(a0, a1.max(b1))]
    } else {
        vec![(a0, a1), (b0, b1)]
    }
}

#[allow(clippy::too_many_arguments)]
fn okta_event(
    rng: &mut ChaCha8Rng,
    t: i64,
    kind: &str,
    login: &str,
    name: &str,
    user_id: &str,
    ip: &str,
    session: &str,
    device: Option<&str>,
) -> String {
    let message = match kind {
        "user.session.start" => "User login to Okta",
        "user.authentication.auth_via_mfa" => "Authentication of user via MFA",
        _ => "User single sign on to app",
    };
    let mut event = json!({
        "uuid": format!("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", rng.gen::<u32>(), rng.gen::<u16>(), rng.gen::<u16>() & 0xfff, rng.gen::<u16>() & 0xfff, rng.gen::<u64>() & 0xffff_ffff_ffff),
        "published": rfc3339(t, rng.gen_range(0..1000)),
        "eventType": kind,
        "version": "0",
        "severity": "INFO",
        "displayMessage": message,
        "actor": {"id": user_id, "type": "User", "alternateId": login, "displayName": name},
        "client": {
            "userAgent": {"rawUserAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "os": "Windows 10", "browser": "CHROME"},
            "zone": "null",
            "device": "Computer",
            "ipAddress": ip,
        },
        "authenticationContext": {"authenticationStep": 0, "externalSessionId": session},
        "outcome": {"result": "SUCCESS"},
        "transaction": {"type": "WEB", "id": format!("W{:x}", rng.gen::<u64>())},
    });
    if let (Some(d), Some(obj)) = (device, event.as_object_mut()) {
        obj.insert(
            "device".into(),
            json!({"id": d, "name": "Okta Verify", "os_platform": "IOS"}),
        );
    }
    json(&event, false)
}

/// ip-location-db country CSV: `start,end,country_code`.
fn ip_country() -> String {
    let mut out = String::new();
    for (i, (code, _)) in BLOCKS.iter().enumerate() {
        out.push_str(&format!(
            "2001:db8:{i:x}::,2001:db8:{i:x}:ffff:ffff:ffff:ffff:ffff,{code}\n"
        ));
    }
    out
}

/// ip-location-db ASN CSV: `start,end,asn,organisation`.
fn ip_asn() -> String {
    let mut out = String::new();
    for (i, (code, _)) in BLOCKS.iter().enumerate() {
        out.push_str(&format!(
            "2001:db8:{i:x}::,2001:db8:{i:x}:ffff:ffff:ffff:ffff:ffff,{},\"Example Broadband {code}, Inc.\"\n",
            4_200_000_000u32 + i as u32
        ));
    }
    out.push_str("2001:db8:fa00::,2001:db8:faff:ffff:ffff:ffff:ffff:ffff,4200000100,Example Tunnel Networks\n");
    out.push_str("2001:db8:fb00::,2001:db8:fbff:ffff:ffff:ffff:ffff:ffff,4200000101,Example Privacy VPN Ltd\n");
    out
}

/// A MISP warning list of VPN ranges (both services).
fn warninglist() -> String {
    json(
        &json!({
            "name": "Example list of VPN provider ranges (synthetic)",
            "version": 20250601,
            "description": "Synthetic VPN egress ranges for the unmask demo world",
            "type": "cidr",
            "matching_attributes": ["ip-src", "ip-dst"],
            "list": [OPERATOR_VPN, PRIVACY_VPN],
        }),
        true,
    ) + "\n"
}

/// A STIX 2.1 bundle with no objects: no intelligence yet.
pub fn empty_intel() -> String {
    json(
        &json!({
            "type": "bundle",
            "id": "bundle--6f1c2d0e-5a3b-4c7d-9e8f-0a1b2c3d4e60",
            "objects": [],
        }),
        true,
    ) + "\n"
}

/// A STIX 2.1 bundle naming the operators' VPN egress.
fn intel() -> String {
    json(
        &json!({
            "type": "bundle",
            "id": "bundle--6f1c2d0e-5a3b-4c7d-9e8f-0a1b2c3d4e5f",
            "objects": [
                {
                    "type": "indicator",
                    "spec_version": "2.1",
                    "id": "indicator--2b7e3f4a-1c5d-4e6f-8a9b-0c1d2e3f4a5b",
                    "created": "2024-01-15T00:00:00.000Z",
                    "modified": "2024-01-15T00:00:00.000Z",
                    "name": "VPN egress used by IT-worker operators (synthetic)",
                    "description": "Egress range of a VPN service seen in DPRK IT-worker sign-ins (synthetic demo data)",
                    "indicator_types": ["anomalous-activity"],
                    "pattern": format!("[ipv6-addr:value ISSUBSET '{OPERATOR_VPN}']"),
                    "pattern_type": "stix",
                    "valid_from": "2024-01-15T00:00:00Z",
                    "confidence": 80,
                }
            ]
        }),
        true,
    ) + "\n"
}
