//! A deterministic synthetic "demo world" for unmask: HR and applicant-tracking exports of a
//! fictional company (Acme Corp) in which North Korean IT-worker operators hide among
//! ordinary applicants, plus the ground truth to score detection against.
//!
//! [`generate`] builds the world from a seed and a scale; [`World::files`] renders it as the
//! files the importers read (`candidates.json` in Greenhouse Harvest shape, `references.csv`,
//! `payroll.csv`, `devices.csv`), the company's `unmask.toml` and `truth.json`. The crate does
//! no I/O: writing the files is the caller's job.
//!
//! [`Declarations::Omitted`] writes the world a company that declared nothing would have: no
//! benign agency or office, no sanctioned tools, no declared trips, and an intel bundle without
//! the indicator naming the operators' VPN. Only the offline IP enrichment stays: it is data,
//! not a judgement about anyone.
//!
//! Same seed and scale, byte-identical files. Every name, address, phone number, email and
//! account is invented; phone numbers and IBANs are nevertheless valid, so canonicalisation
//! treats them like real ones.

mod career;
mod formats;
mod iban;
mod names;
mod places;
mod registry;
mod resume;
mod signins;
mod telemetry;
mod truth;
mod world;

pub use truth::{EndpointTactics, Facilitator, Lookalike, Truth, TruthCluster};

/// Whether the world's `unmask.toml` and intel carry the defender's declarations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Declarations {
    /// The agency and the head office declared benign, the IT team's remote-support tools
    /// sanctioned, trips declared, and intel naming the operators' VPN from day one.
    #[default]
    Written,
    /// None of that: only the `[enrich]` section, and an intel bundle with no indicator.
    Omitted,
}

/// A generated world: the truth plus the rendered file contents.
pub struct World {
    pub truth: Truth,
    candidates: String,
    references: String,
    payroll: String,
    devices: String,
    osquery: String,
    github_audit: String,
    okta: String,
    ip_country: String,
    ip_asn: String,
    warninglist: String,
    intel: String,
    config: String,
    truth_json: String,
}

/// Build the world for `seed` at `scale` (1 gives about 400 candidates and 60 employees; each
/// unit of scale adds as many again; 0 is treated as 1).
pub fn generate(seed: u64, scale: u32) -> World {
    generate_with(seed, scale, Declarations::Written)
}

/// [`generate`], with or without the defender's declarations. The world itself (every record
/// and the truth) is the same either way.
pub fn generate_with(seed: u64, scale: u32, declarations: Declarations) -> World {
    let scale = scale.max(1);
    let built = world::build(seed, scale);
    let ids = formats::Ids::assign(&built);
    let mut truth = formats::truth(&built, &ids, seed, scale);
    let telemetry = telemetry::generate(&built, seed);
    for (kind, refs) in telemetry
        .planted
        .lookalikes
        .iter()
        .chain(&telemetry.signins.lookalikes)
    {
        truth.lookalikes.push(Lookalike {
            kind: (*kind).to_string(),
            members: refs.iter().map(|r| ids.reference(*r)).collect(),
        });
    }
    truth.endpoint = telemetry
        .planted
        .tactics
        .iter()
        .map(|(e, tactics)| EndpointTactics {
            member: ids.reference(world::Ref::Emp(*e)),
            tactics: tactics.iter().map(|t| t.to_string()).collect(),
            hired: Some(signins::date(built.employees[*e].hire)),
        })
        .collect();
    let mut config = match declarations {
        Declarations::Written => formats::unmask_toml(),
        Declarations::Omitted => formats::BARE_HEADER.to_string(),
    };
    config.push_str(
        "\n# Offline IP enrichment for this world (ip-location-db CSV format, synthetic ranges).\n\
         [enrich]\nip = [\"ip-country.csv\", \"ip-asn.csv\"]\n",
    );
    let trips = match declarations {
        Declarations::Written => telemetry.signins.trips.as_slice(),
        Declarations::Omitted => &[],
    };
    for (e, from, until, country) in trips {
        config.push_str(&format!(
            "\n[[travel]]\nemployee = \"{}\"\nfrom = \"{}\"\nuntil = \"{}\"\ncountry = \"{country}\"\n",
            ids.employee[*e],
            signins::date(*from),
            signins::date(*until),
        ));
    }
    let s = telemetry.signins;
    World {
        okta: s.okta,
        ip_country: s.ip_country,
        ip_asn: s.ip_asn,
        warninglist: s.warninglist,
        intel: match declarations {
            Declarations::Written => s.intel,
            Declarations::Omitted => signins::empty_intel(),
        },
        osquery: telemetry.osquery,
        github_audit: telemetry.github_audit,
        candidates: formats::candidates_json(&built, &ids),
        references: formats::references_csv(&built, &ids),
        payroll: formats::payroll_csv(&built, &ids),
        devices: formats::devices_csv(&built, &ids),
        config,
        truth_json: formats::json(&truth, true) + "\n",
        truth,
    }
}

impl World {
    /// `(file name, contents)` for every file of the world, in a fixed order. Borrowed: at
    /// scale 20 the sign-in log alone is 200 MB.
    pub fn files(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("candidates.json", &self.candidates),
            ("references.csv", &self.references),
            ("payroll.csv", &self.payroll),
            ("devices.csv", &self.devices),
            ("osquery.jsonl", &self.osquery),
            ("github-audit.jsonl", &self.github_audit),
            ("okta.jsonl", &self.okta),
            ("intel.json", &self.intel),
            ("vpn-warninglist.json", &self.warninglist),
            ("ip-country.csv", &self.ip_country),
            ("ip-asn.csv", &self.ip_asn),
            ("unmask.toml", &self.config),
            ("truth.json", &self.truth_json),
        ]
    }
}
