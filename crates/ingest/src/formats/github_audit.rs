//! GitHub organisation or enterprise audit log export (JSON array or JSON lines, as the audit
//! log page and `GET /orgs/{org}/audit-log` give it). Mapped by `mappings/github-audit.toml`:
//! Sigma's `product: github, service: audit`, GitHub's own field names (`action`, `actor`,
//! `repo`, `org`...), `git.*` and `repo.download_*` as code access. The user is the actor's login
//! in lower case; the pipeline maps a login to a person later, through `github:<login>` profiles.
//! The IP is `actor_ip`, present when the organisation discloses IP addresses.

use crate::telemetry_json;
use crate::telemetry_map::Builtin;
use crate::TelemetryContext;
use std::io::Read;

pub static MAPPING: Builtin = Builtin::new(
    "github-audit.toml",
    include_str!("../../mappings/github-audit.toml"),
);

pub fn parse(ctx: &mut TelemetryContext<'_, '_>, reader: impl Read) {
    telemetry_json::stream(ctx, reader, &MAPPING);
}
