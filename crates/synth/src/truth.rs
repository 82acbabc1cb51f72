//! The answer key: which records are one operator, which are one innocent person, which
//! innocent records look alike for an honest reason, and which employees a facilitator served.
//!
//! Member refs are `greenhouse:<candidate id>` and `employee:<employee id>`, the record keys the
//! importers give the same rows.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truth {
    pub seed: u64,
    pub scale: u32,
    /// One per operator (all refs of all personas), then one per innocent person with two or
    /// more records. Records in no cluster are singletons.
    pub clusters: Vec<TruthCluster>,
    pub lookalikes: Vec<Lookalike>,
    /// Each facilitator appears twice, under one id: its `laptop_farm` and its
    /// `payout_account`.
    pub facilitators: Vec<Facilitator>,
    /// Hired operators' endpoint and code-access tactics planted in the telemetry files.
    #[serde(default)]
    pub endpoint: Vec<EndpointTactics>,
    /// The culture each record's name was drawn from (`western`, `chinese`, `japanese`,
    /// `vietnamese`, `korean`, `indian`, `hispanic`...), by ref: innocents and operators alike,
    /// so flag rates can be compared across name cultures.
    #[serde(default)]
    pub name_cultures: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointTactics {
    /// The employee ref.
    pub member: String,
    /// `ip_kvm`, `remote_access_tools`, `crd_unattended`, `astrill`, `vm_byod`,
    /// `mouse_jiggler`, `bulk_clone`.
    pub tactics: Vec<String>,
    /// Hire date (`YYYY-MM-DD`), for the time from hire to detection.
    #[serde(default)]
    pub hired: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthCluster {
    pub id: String,
    pub operator: bool,
    pub members: Vec<String>,
}

/// Innocent records that share an artifact or a name for an honest reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookalike {
    /// `agency`, `family`, `referral`, `common_name` or `reapplicant`; `undeclared_agency` (an
    /// agency nobody declared, its contacts on every candidate it submits), `family_phone`
    /// (households of different surnames on one landline and address), `preferred_name` (hired
    /// under a related name: a nickname or an adopted given name), `asia_resident` (living in
    /// Japan or Singapore, claims matching evidence), `office` (staff in the head office's
    /// metro on its egress, some with their laptop picked up there); in the telemetry,
    /// `sanctioned_rmm` (IT admins running the company's declared remote-support tools),
    /// `unsanctioned_rmm` (an IT admin's remote-access tool nobody declared), `linux_gadget`
    /// (an embedded engineer's board showing the bare Linux gadget id `1d6b:0104`),
    /// `kvm_switch` (an ordinary desk KVM switch) and `vm_user` (VirtualBox on real hardware);
    /// in the sign-ins, `traveller` (an undeclared week abroad), `declared_travel` (a declared
    /// three-week trip), `privacy_vpn` (every sign-in through a commercial VPN) and
    /// `onboarding_cloner` (twenty repositories cloned on the second day).
    pub kind: String,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facilitator {
    pub id: String,
    /// `laptop_farm` or `payout_account`.
    pub kind: String,
    /// Employee refs served.
    pub members: Vec<String>,
}
