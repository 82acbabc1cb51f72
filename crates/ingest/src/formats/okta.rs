//! Okta System Log events (`GET /api/v1/logs`, or a SIEM export of them): one `LogEvent` per
//! record, as JSON lines or a JSON array. Mapped by `mappings/okta.toml`: every event has Sigma's
//! `product: okta, service: okta` and keeps Okta's own field paths (`eventType`,
//! `displayMessage`, `securityContext.isProxy`, `debugContext.debugData.requestUri`...), which are
//! the names SigmaHQ's Okta rules use. `user.session.start` and `user.authentication.*` are
//! sign-ins; the user is `actor.alternateId`, the IP `client.ipAddress`, the device Okta's
//! `device.id` when Okta Verify reports one.

use crate::telemetry_json;
use crate::telemetry_map::Builtin;
use crate::TelemetryContext;
use std::io::Read;

pub static MAPPING: Builtin = Builtin::new("okta.toml", include_str!("../../mappings/okta.toml"));

pub fn parse(ctx: &mut TelemetryContext<'_, '_>, reader: impl Read) {
    telemetry_json::stream(ctx, reader, &MAPPING);
}
