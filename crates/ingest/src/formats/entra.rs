//! Microsoft Entra ID sign-ins: the Microsoft Graph `signIn` resource (`GET /auditLogs/signIns`)
//! as a JSON array, a Graph page (`{"value": [...]}`, pages one after another are fine) or JSON
//! lines; also the Azure Monitor diagnostic-settings export (`{"records": [...]}` or lines), whose
//! records carry the Graph fields under `properties` next to `time`, `resultType`,
//! `callerIpAddress`. Mapped by `mappings/entra.toml`: every record is a sign-in with Sigma's
//! `product: azure, service: signinlogs` and the field names SigmaHQ's sign-in rules use
//! (`ResultType`, `ResultDescription`, `Status`, `AuthenticationRequirement`, `DeviceDetail.*`,
//! `ClientApp`...).

use crate::telemetry_json;
use crate::telemetry_map::Builtin;
use crate::TelemetryContext;
use std::io::Read;

pub static MAPPING: Builtin = Builtin::new("entra.toml", include_str!("../../mappings/entra.toml"));

pub fn parse(ctx: &mut TelemetryContext<'_, '_>, reader: impl Read) {
    telemetry_json::stream(ctx, reader, &MAPPING);
}
