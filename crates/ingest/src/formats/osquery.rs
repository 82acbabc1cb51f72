//! osquery results logs (the filesystem logger's `osqueryd.results.log`, or the same lines from a
//! TLS or Kafka logger): differential results (`name`, `hostIdentifier`, `unixTime`,
//! `calendarTime`, `columns`, `action` `added`/`removed`) and snapshots (`snapshot` holds the
//! rows; each becomes one event). Mapped by `mappings/osquery.toml`, by query name (`processes`
//! or `pack_<pack>_processes`...):
//! - `processes`: Sigma `process_creation` (`removed` rows: `process_termination`) with `Image`,
//!   `CommandLine`, `ProcessId`, `ParentProcessId`, `CurrentDirectory`, `User`;
//! - `usb_devices`: unmask's own `usb_device` category;
//! - `programs`, `apps`, `deb_packages`, `rpm_packages`: unmask's own `software_inventory`;
//! - `system_info`: unmask's own `system_info` (hardware vendor and model show a VM as such);
//! - `os_version`: unmask's own `os_version`, which tells the host's platform.
//!
//! Events are keyed to a device by its hardware serial when known (a `hardware_serial` or `serial`
//! decoration, else the serial a `system_info` result gave earlier in the file for the same
//! `hostIdentifier`), otherwise by `hostIdentifier`. The Sigma `product` (`windows`, `linux`,
//! `macos`) comes from a `platform` decoration or an earlier `os_version` result for the host, and
//! is left unset when unknown.

use crate::telemetry_json;
use crate::telemetry_map::Builtin;
use crate::TelemetryContext;
use std::io::Read;

pub static MAPPING: Builtin =
    Builtin::new("osquery.toml", include_str!("../../mappings/osquery.toml"));

pub fn parse(ctx: &mut TelemetryContext<'_, '_>, reader: impl Read) {
    telemetry_json::stream(ctx, reader, &MAPPING);
}
