//! After the hire: stateful, per-person checks over sign-in, endpoint and code-access activity.
//!
//! The pipeline turns stored telemetry events into [`Activity`] records (who, when, what, from
//! which address, device, session, repository) and feeds them to [`Signals::observe`] in time
//! order; [`Signals::finish`] returns the findings, each with its severity, an explanation, the
//! events behind it (as [`Cite`]s resolved to provenance) and the time it would have fired.
//! State is per person and per address, never per event, so memory stays bounded by the size of
//! the company, not of the logs.
//!
//! One file per check:
//! - [`egress`]: sign-ins through anonymising or known-bad networks;
//! - [`location`]: claimed home versus where sign-ins come from, persistently;
//! - [`shipto`]: a device's ship-to country versus where its holder signs in;
//! - [`travel`]: impossible travel between consecutive sign-ins;
//! - [`shared`]: one MFA device or device used by several households, and the sign-in
//!   addresses several people share (for the facilitator graph);
//! - [`hours`]: the working-hours profile against the UTC+7..+10 pattern;
//! - [`session`]: sessions running more than 20 hours;
//! - [`code`]: clones and downloads far above peers, or in bulk around a termination.
//!
//! Nothing here reads files or judges nationality: only contradictions between what a person
//! claims (home, time zone through it, where their laptop went) and what their activity shows.

pub mod code;
pub mod countries;
pub mod egress;
pub mod hours;
pub mod location;
mod net;
mod presence;
pub mod session;
pub mod shared;
pub mod shipto;
pub mod travel;

pub use net::{IpLookup, NetClass, NetInfo, Networks, NoLookup};

use std::net::IpAddr;
use unmask_model::{Evidence, Finding, Provenance, Severity, SubjectRef};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// A person the checks follow: an employee (or a contractor) with what they claim.
#[derive(Debug, Clone)]
pub struct Person {
    pub subject: SubjectRef,
    /// Family name, lower case: people of one household may share a home address or line.
    pub household: String,
    /// Claimed home country (ISO alpha-2), from HR or payroll.
    pub home_country: Option<String>,
    /// Where the company shipped their device (ISO alpha-2).
    pub ship_to_country: Option<String>,
    /// Unix seconds.
    pub hire: Option<i64>,
    pub termination: Option<i64>,
    /// Declared trips: sign-ins inside them are not held against the claimed home.
    pub travel: Vec<Trip>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trip {
    pub from: i64,
    pub until: i64,
    /// Where to, when declared (ISO alpha-2).
    pub country: Option<String>,
}

impl Person {
    fn travelling(&self, time: i64) -> bool {
        self.travel.iter().any(|t| t.from <= time && time < t.until)
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// An interactive sign-in or authentication (Okta, Entra).
    SignIn,
    /// Activity inside an existing session (single sign-on to an app, a token refresh).
    SessionActivity,
    /// Endpoint telemetry (scheduled: not used for working hours).
    Endpoint,
    /// A repository cloned.
    Clone,
    /// A repository downloaded as an archive.
    Download,
}

/// Where an event came from: an index into the sources registered with
/// [`Signals::source`], and its line (or record number) in that file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cite {
    pub source: u32,
    pub line: Option<u64>,
}

/// One event as the checks see it.
#[derive(Debug, Clone, Copy)]
pub struct Activity<'a> {
    /// Index into the people given to [`Signals::new`].
    pub person: usize,
    /// Unix seconds.
    pub time: i64,
    pub action: Action,
    pub ip: Option<IpAddr>,
    /// A device the event names: an MFA authenticator (Okta Verify), an Entra device id, a
    /// host serial.
    pub device: Option<&'a str>,
    /// What kind of device `device` is, for explanations (`Okta Verify device`, `host`...).
    pub device_kind: &'a str,
    /// The identity provider's session id.
    pub session: Option<&'a str>,
    /// Repository, for code access.
    pub repo: Option<&'a str>,
    /// The identity provider calls `ip` a known proxy (Okta's `securityContext.isProxy`).
    pub proxy: bool,
    pub cite: Cite,
}

/// Thresholds; [`Settings::default`] holds the documented values.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Days whose located sign-ins all contradict a claim before it is a medium and a high
    /// finding, and the share of located days they must be.
    pub away_days_medium: u32,
    pub away_days_high: u32,
    pub away_share: f64,
    /// Speed above which two sign-ins are impossible travel (km/h), and the distance below
    /// which countries are too close to judge (km).
    pub travel_kmh: f64,
    pub travel_min_km: f64,
    /// Days of activity before the working-hours profile is judged, for a medium and a high.
    pub hours_days_medium: u32,
    pub hours_days_high: u32,
    /// Session length that is a finding (seconds).
    pub long_session: i64,
    /// Repositories in a day: the least that counts as bulk, the multiple of the peers' 95th
    /// percentile, and the days after hire that count as onboarding (threshold tripled).
    pub bulk_min_repos: u32,
    pub bulk_peer_factor: f64,
    pub onboarding_days: i64,
    /// Days before a termination (and one after) in which bulk access is high.
    pub termination_window_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            away_days_medium: 8,
            away_days_high: 10,
            away_share: 0.6,
            travel_kmh: 1000.0,
            travel_min_km: 1000.0,
            hours_days_medium: 5,
            hours_days_high: 8,
            long_session: 20 * 3600,
            bulk_min_repos: 10,
            bulk_peer_factor: 3.0,
            onboarding_days: 14,
            termination_window_days: 14,
        }
    }
}

/// A source file events came from.
#[derive(Debug, Clone)]
struct Source {
    file: String,
    format: String,
}

/// What the run found.
pub struct Output {
    pub findings: Vec<Finding>,
    /// Plain sign-in addresses used by two or more people, with each person's first use: what
    /// the facilitator graph needs to see shared egress.
    pub shared_addresses: Vec<shared::SharedAddress>,
    /// Devices (MFA authenticators, registered devices) used by two or more people.
    pub shared_devices: Vec<shared::SharedDevice>,
    /// Weekdays (UTC) with any sign-in, and the people seen signing in: the scale the
    /// company-egress inference measures an address against.
    pub working_days: u32,
    pub signing_in: usize,
    /// Activity records seen, and those skipped for having no person.
    pub activities: u64,
}

/// Shared context of the checks.
pub struct Ctx<'a, 'n> {
    pub people: &'a [Person],
    pub networks: Networks<'n>,
    pub settings: Settings,
    sources: Vec<Source>,
}

impl Ctx<'_, '_> {
    /// Evidence for one event.
    pub fn evidence(
        &self,
        person: usize,
        cite: Cite,
        role: &str,
        masked: Option<String>,
    ) -> Evidence {
        let source = self.sources.get(cite.source as usize);
        let mut provenance = Provenance::new(
            source.map_or("", |s| s.file.as_str()),
            source.map_or("", |s| s.format.as_str()),
        );
        provenance.line = cite.line;
        Evidence {
            subject: self.people[person].subject.clone(),
            artifact: None,
            role: Some(role.to_string()),
            masked,
            provenance,
        }
    }
}

/// Every check, over one stream of activity.
pub struct Signals<'a, 'n> {
    ctx: Ctx<'a, 'n>,
    egress: egress::Egress,
    location: location::Location,
    shipto: shipto::ShipTo,
    travel: travel::Travel,
    shared: shared::Shared,
    hours: hours::Hours,
    session: session::Sessions,
    code: code::Code,
    activities: u64,
}

impl<'a, 'n> Signals<'a, 'n> {
    pub fn new(people: &'a [Person], networks: Networks<'n>, settings: Settings) -> Self {
        Signals {
            egress: egress::Egress::new(people.len()),
            location: location::Location::new(people),
            shipto: shipto::ShipTo::new(people),
            travel: travel::Travel::new(people.len()),
            shared: shared::Shared::new(people),
            hours: hours::Hours::new(people),
            session: session::Sessions::default(),
            code: code::Code::new(people.len()),
            ctx: Ctx {
                people,
                networks,
                settings,
                sources: Vec::new(),
            },
            activities: 0,
        }
    }

    /// Register a source file; activities cite it by the returned index.
    pub fn source(&mut self, file: &str, format: &str) -> u32 {
        if let Some(i) = self
            .ctx
            .sources
            .iter()
            .position(|s| s.file == file && s.format == format)
        {
            return i as u32;
        }
        self.ctx.sources.push(Source {
            file: file.to_string(),
            format: format.to_string(),
        });
        (self.ctx.sources.len() - 1) as u32
    }

    /// One event, in time order.
    pub fn observe(&mut self, a: &Activity<'_>) {
        if a.person >= self.ctx.people.len() {
            return;
        }
        self.activities += 1;
        if let (true, Some(ip)) = (a.proxy, a.ip) {
            self.ctx.networks.mark_proxy(ip);
        }
        let net = a.ip.map(|ip| (ip, self.ctx.networks.classify(ip)));
        let ctx = &self.ctx;
        if matches!(a.action, Action::SignIn | Action::SessionActivity) {
            if let Some((ip, info)) = net {
                self.egress.observe(a, ip, &info);
                self.location.observe(ctx, a, &info);
                self.shipto.observe(ctx, a, &info);
                self.travel.observe(ctx, a, &info);
                self.shared.observe_address(a, ip, &info);
            }
            self.session.observe(ctx, a);
        }
        if a.device.is_some() {
            self.shared.observe_device(a);
        }
        self.hours.observe(ctx, a);
        if matches!(a.action, Action::Clone | Action::Download) {
            self.code.observe(a);
        }
    }

    pub fn finish(self) -> Output {
        let ctx = &self.ctx;
        let mut findings = Vec::new();
        findings.extend(self.egress.finish(ctx));
        findings.extend(self.location.finish(ctx));
        findings.extend(self.shipto.finish(ctx));
        findings.extend(self.travel.finish(ctx));
        let (working_days, signing_in) = self.shared.window();
        let (shared_findings, shared_addresses, shared_devices) = self.shared.finish(ctx);
        findings.extend(shared_findings);
        findings.extend(self.hours.finish(ctx));
        findings.extend(self.session.finish(ctx));
        findings.extend(self.code.finish(ctx));
        Output {
            findings,
            shared_addresses,
            shared_devices,
            working_days,
            signing_in,
            activities: self.activities,
        }
    }
}

/// A 64-bit key for a device, session or repository (fast, fixed-seed: the same every run).
pub(crate) fn key_hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x756e_6d61_736b).hash_one(value)
}

/// RFC 3339 (UTC, seconds) for a finding's time.
pub fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// A finding with the common fields filled in.
pub(crate) fn finding(
    ctx: &Ctx<'_, '_>,
    person: usize,
    kind: &str,
    severity: Severity,
    explanation: String,
    evidence: Vec<Evidence>,
    at: i64,
) -> Finding {
    Finding {
        subject: ctx.people[person].subject.clone(),
        kind: kind.to_string(),
        severity,
        explanation,
        evidence,
        at: Some(rfc3339(at)),
    }
}

/// `YYYY-MM-DD` of a time.
pub(crate) fn day_str(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
