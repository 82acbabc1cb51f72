//! Windows event logs (`.evtx`), read chunk by chunk with the `evtx` crate.
//!
//! Each record is rendered as JSON (`Event.System`, `Event.EventData` or `Event.UserData`, the
//! shape `evtx_dump` prints) and normalised to an [`Event`]: the flat view Sigma's Windows rules
//! expect (every `EventData` field, and the fields of the element under `UserData`, at top level
//! by name; `EventID`, `Channel`, `Provider_Name`, `Computer`, `Level`... from `System`), and the
//! Sigma log source from the data file `mappings/evtx.toml`.
//!
//! Memory stays bounded: the parser reads one 64 KiB chunk at a time and a chunk's events go to
//! the sink before the next chunk is read. A record that cannot be read is skipped with its record
//! number and byte offset; a file without the EVTX header is rejected.

use crate::telemetry::TelemetryContext;
use crate::At;
use evtx::err::EvtxError;
use evtx::{EvtxChunkData, EvtxParser, ParserSettings};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek, SeekFrom};
use std::net::IpAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};
use unmask_model::{Event, EventKind, LogSource, Provenance, Sensitive};

/// The file header; chunks follow it.
const FILE_HEADER: u64 = 4096;
const CHUNK: u64 = 65536;
/// A record's header precedes its binary XML.
const RECORD_HEADER: u64 = 24;

/// `System` children copied to the flat view under their own names, as SigmaHQ rules use them.
const SYSTEM_FIELDS: [&str; 9] = [
    "EventID",
    "Version",
    "Level",
    "Task",
    "Opcode",
    "Keywords",
    "EventRecordID",
    "Channel",
    "Computer",
];

/// Fields naming the account an event is about, most specific first.
const USER_FIELDS: [&str; 3] = ["User", "TargetUserName", "SubjectUserName"];
/// The same for Security's group management events (4727-4737, 4744-4764, 4799), whose
/// `TargetUserName` is the *group* (`Administrators`): the account that made the change.
const GROUP_EVENT_USER_FIELDS: [&str; 2] = ["User", "SubjectUserName"];

fn is_group_event(provider: Option<&str>, event_id: Option<u64>) -> bool {
    provider == Some("Microsoft-Windows-Security-Auditing")
        && matches!(event_id, Some(4727..=4737 | 4744..=4764 | 4799))
}
/// Fields holding the remote address.
const IP_FIELDS: [&str; 2] = ["IpAddress", "SourceIp"];

pub fn parse<R: Read + Seek>(ctx: &mut TelemetryContext<'_, '_>, mut reader: R) {
    let mapping = match mapping() {
        Ok(mapping) => mapping,
        Err(e) => {
            ctx.reject(
                at(None),
                format!("the built-in evtx mapping is invalid: {e}"),
            );
            return;
        }
    };
    let len = match reader
        .seek(SeekFrom::End(0))
        .and_then(|len| reader.seek(SeekFrom::Start(0)).map(|_| len))
    {
        Ok(len) => len,
        Err(e) => {
            ctx.reject(at(None), format!("cannot seek in the file: {e}"));
            return;
        }
    };
    let settings = ParserSettings::new().indent(false);
    let mut parser = match EvtxParser::from_read_seek(reader) {
        Ok(parser) => parser.with_configuration(settings.clone()),
        Err(e) => {
            ctx.reject(
                at(Some(0)),
                format!("not a Windows event log (EVTX): {}", describe(&e)),
            );
            return;
        }
    };
    let settings = Arc::new(settings);
    let template = ctx.provenance(None, None);
    for chunk in parser.chunks() {
        let mut data = match chunk {
            Ok(data) => data,
            Err(e) => {
                ctx.skip(at(locate(&e)), format!("chunk skipped: {}", describe(&e)));
                continue;
            }
        };
        let start = data.number.map(|n| FILE_HEADER + n * CHUNK);
        // The parser is third-party code reading untrusted bytes: a panic in it loses one chunk,
        // not the import. The chunk's events are collected first (a few hundred at most) so a
        // panic in the sink is not caught here.
        let read = catch_unwind(AssertUnwindSafe(|| {
            read_chunk(&mut data, &settings, mapping, &template, start)
        }));
        let items = match read {
            Ok(items) => items,
            Err(_) => {
                ctx.skip(at(start), "chunk skipped: the evtx parser failed on it");
                continue;
            }
        };
        for item in items {
            match item {
                Ok(event) => {
                    if !ctx.emit(event) {
                        return;
                    }
                }
                Err((offset, message)) => ctx.skip(at(offset), message),
            }
        }
    }
    let body = len.saturating_sub(FILE_HEADER);
    if body % CHUNK != 0 {
        let partial = FILE_HEADER + body / CHUNK * CHUNK;
        ctx.skip(
            at(Some(partial)),
            format!(
                "the file ends {} bytes into a chunk (truncated?): that chunk's records were not read",
                body % CHUNK
            ),
        );
    }
}

fn at(offset: Option<u64>) -> At<'static> {
    At {
        line: None,
        offset,
        field: "",
    }
}

type Item = Result<Event, (Option<u64>, String)>;

fn read_chunk(
    data: &mut EvtxChunkData,
    settings: &Arc<ParserSettings>,
    mapping: &Mapping,
    template: &Provenance,
    start: Option<u64>,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut chunk = match data.parse(Arc::clone(settings)) {
        Ok(chunk) => chunk,
        Err(e) => {
            items.push(Err((start, format!("chunk skipped: {}", describe(&e)))));
            return items;
        }
    };
    for record in chunk.iter() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                items.push(Err((locate(&e).or(start), describe(&e))));
                continue;
            }
        };
        let id = record.event_record_id;
        let offset = start.map(|s| s + record.binxml_offset.saturating_sub(RECORD_HEADER));
        let rendered = match record.into_json_bytes() {
            Ok(rendered) => rendered,
            Err(e) => {
                items.push(Err((offset, format!("record {id}: {}", describe(&e)))));
                continue;
            }
        };
        let value: Value = match serde_json::from_slice(&rendered.data) {
            Ok(value) => value,
            Err(e) => {
                items.push(Err((offset, format!("record {id}: rendered JSON: {e}"))));
                continue;
            }
        };
        let fallback_time = rendered.timestamp.to_string();
        let provenance = template.clone().at(None, offset);
        items.push(
            normalise(value, mapping, &fallback_time, provenance)
                .map_err(|message| (offset, format!("record {id}: {message}"))),
        );
    }
    items
}

/// One record, rendered as `evtx_dump` does, to an [`Event`].
pub(crate) fn normalise(
    value: Value,
    mapping: &Mapping,
    fallback_time: &str,
    provenance: Provenance,
) -> Result<Event, String> {
    let Value::Object(mut root) = value else {
        return Err("not an XML event".into());
    };
    let Some(Value::Object(mut event)) = root.remove("Event") else {
        return Err("no `Event` element".into());
    };
    let Some(Value::Object(system)) = event.remove("System") else {
        return Err("no `System` element".into());
    };

    let mut fields = Map::new();
    for name in SYSTEM_FIELDS {
        if let Some(v) = system.get(name).map(text) {
            if !v.is_null() {
                fields.insert(name.to_string(), v.clone());
            }
        }
    }
    let provider = system.get("Provider").and_then(|p| p.get("#attributes"));
    for (attr, name) in [("Name", "Provider_Name"), ("Guid", "Provider_Guid")] {
        if let Some(v) = provider.and_then(|p| p.get(attr)) {
            fields.insert(name.to_string(), v.clone());
        }
    }
    // Event data wins over `System` on a clash: rules name event data far more often.
    match event.remove("EventData") {
        Some(Value::Object(data)) => flatten_into(&mut fields, data),
        Some(Value::Null) | None => {}
        Some(other) => {
            fields.insert("Data".into(), other);
        }
    }
    if let Some(Value::Object(user_data)) = event.remove("UserData") {
        for (_, child) in user_data {
            if let Value::Object(child) = child {
                flatten_into(&mut fields, child);
            }
        }
    }

    let channel = fields.get("Channel").and_then(Value::as_str);
    let provider = fields.get("Provider_Name").and_then(Value::as_str);
    let event_id = fields.get("EventID").and_then(as_u64);
    let resolved = mapping.resolve(channel, provider, event_id, &fields);
    let group_event = is_group_event(provider, event_id);
    let kind = resolved.kind;
    let logsource = resolved.logsource;
    for (to, from) in resolved.copies {
        if !fields.contains_key(to) {
            if let Some(v) = fields.get(from).cloned() {
                fields.insert(to.clone(), v);
            }
        }
    }

    if logsource.category.as_deref() == Some("usb_device") {
        usb_ids(&mut fields);
    }

    let time = system
        .get("TimeCreated")
        .and_then(|t| t.get("#attributes"))
        .and_then(|a| a.get("SystemTime"))
        .and_then(Value::as_str)
        .and_then(rfc3339_utc)
        .unwrap_or_else(|| fallback_time.to_string());
    let user_fields: &[&str] = if group_event {
        &GROUP_EVENT_USER_FIELDS
    } else {
        &USER_FIELDS
    };
    let user = user_fields
        .iter()
        .filter_map(|name| fields.get(*name).and_then(Value::as_str))
        .map(str::trim)
        .find(|v| !v.is_empty() && *v != "-")
        .map(|v| Sensitive::new(v.to_lowercase()));
    let ip = IP_FIELDS
        .iter()
        .filter_map(|name| fields.get(*name).and_then(Value::as_str))
        .find_map(|v| v.trim().parse::<IpAddr>().ok())
        .map(|ip| ip.to_string());
    let device = fields
        .get("Computer")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_lowercase);

    Ok(Event {
        kind,
        time,
        logsource,
        user,
        device,
        ip,
        fields,
        provenance,
    })
}

/// `VendorId` and `ProductId` (lower-case hex, as osquery gives them) from Windows' hardware
/// ids (`VendorIds`, else `DeviceId`): `USB\VID_1D6B&PID_0104&REV_0510` gives `1d6b`, `0104`.
fn usb_ids(fields: &mut Map<String, Value>) {
    let source = ["VendorIds", "DeviceId"]
        .iter()
        .filter_map(|k| fields.get(*k).and_then(Value::as_str))
        .find(|v| v.to_ascii_uppercase().contains("VID_"))
        .map(str::to_ascii_uppercase);
    let Some(source) = source else { return };
    let hex = |key: &str| {
        let at = source.find(key)? + key.len();
        let id = source.get(at..at + 4)?;
        id.chars()
            .all(|c| c.is_ascii_hexdigit())
            .then(|| id.to_ascii_lowercase())
    };
    for (key, name) in [("VID_", "VendorId"), ("PID_", "ProductId")] {
        if let (false, Some(id)) = (fields.contains_key(name), hex(key)) {
            fields.insert(name.into(), Value::String(id));
        }
    }
}

/// `<Data Name="x">` children: a value with attributes renders as `{"#attributes", "#text"}`;
/// the element's own `#attributes` are not data.
///
/// Sigma field names have no spaces: where a provider's have some (Defender's `Threat Name`,
/// `Process Name`), rules write them without (`ThreatName`), so the event gets that name too.
fn flatten_into(fields: &mut Map<String, Value>, data: Map<String, Value>) {
    for (name, value) in data {
        if name == "#attributes" {
            continue;
        }
        let value = match value {
            Value::Object(mut inner) if inner.contains_key("#text") => {
                inner.remove("#text").unwrap_or(Value::Null)
            }
            other => other,
        };
        if name.contains(' ') {
            let sigma: String = name.chars().filter(|c| *c != ' ').collect();
            fields.entry(sigma).or_insert_with(|| value.clone());
        }
        fields.insert(name, value);
    }
}

/// An element's text when it has attributes too (`EventID` with `Qualifiers`).
fn text(value: &Value) -> &Value {
    value.get("#text").unwrap_or(value)
}

fn as_u64(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

fn rfc3339_utc(s: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(s).ok()?;
    Some(
        t.with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    )
}

/// The error and its causes: the `evtx` crate's top-level messages are generic.
fn describe(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

/// The byte offset an error names, when it names one.
fn locate(e: &EvtxError) -> Option<u64> {
    match e {
        EvtxError::FailedToReadRecordAt {
            chunk: Some(chunk),
            offset,
            ..
        } => Some(FILE_HEADER + chunk * CHUNK + offset),
        EvtxError::FailedToParseChunk { chunk_id, .. } => Some(FILE_HEADER + chunk_id * CHUNK),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The mapping data file.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    service: Vec<ServiceEntry>,
    event: Vec<EventEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceEntry {
    service: String,
    #[serde(default)]
    channels: Vec<String>,
    #[serde(default)]
    providers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventEntry {
    channel: Option<String>,
    provider: Option<String>,
    ids: Vec<u64>,
    category: Option<String>,
    kind: Option<String>,
    when: Option<When>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct When {
    field: String,
    values: Vec<String>,
}

#[derive(Debug)]
struct EventRule {
    category: Option<String>,
    kind: Option<EventKind>,
    when: Option<When>,
    copies: Vec<(String, String)>,
}

/// Channels and providers (lower case) to Sigma services, and their events to categories.
#[derive(Debug, Default)]
pub(crate) struct Mapping {
    channel_service: HashMap<String, String>,
    provider_service: HashMap<String, String>,
    channel_events: HashMap<String, HashMap<u64, Vec<EventRule>>>,
    provider_events: HashMap<String, HashMap<u64, Vec<EventRule>>>,
}

pub(crate) struct Resolved<'m> {
    pub logsource: LogSource,
    pub kind: EventKind,
    pub copies: Vec<&'m (String, String)>,
}

/// The built-in mapping, parsed once.
pub(crate) fn mapping() -> Result<&'static Mapping, &'static str> {
    static MAPPING: OnceLock<Result<Mapping, String>> = OnceLock::new();
    MAPPING
        .get_or_init(|| Mapping::parse(include_str!("../../mappings/evtx.toml")))
        .as_ref()
        .map_err(String::as_str)
}

impl Mapping {
    pub(crate) fn parse(text: &str) -> Result<Mapping, String> {
        let file: MappingFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut mapping = Mapping::default();
        for entry in file.service {
            for (names, table) in [
                (&entry.channels, &mut mapping.channel_service),
                (&entry.providers, &mut mapping.provider_service),
            ] {
                for name in names {
                    if table
                        .insert(name.to_lowercase(), entry.service.clone())
                        .is_some()
                    {
                        return Err(format!("`{name}` has more than one service"));
                    }
                }
            }
        }
        for entry in file.event {
            let (table, name) = match (&entry.channel, &entry.provider) {
                (Some(channel), None) => (&mut mapping.channel_events, channel),
                (None, Some(provider)) => (&mut mapping.provider_events, provider),
                _ => return Err("an `[[event]]` names either a channel or a provider".into()),
            };
            let kind = match &entry.kind {
                None => None,
                Some(k) => Some(EventKind::parse(k).ok_or_else(|| format!("unknown kind `{k}`"))?),
            };
            let per_id = table.entry(name.to_lowercase()).or_default();
            for id in &entry.ids {
                per_id.entry(*id).or_default().push(EventRule {
                    category: entry.category.clone(),
                    kind,
                    when: entry.when.clone(),
                    copies: entry
                        .fields
                        .iter()
                        .map(|(to, from)| (to.clone(), from.clone()))
                        .collect(),
                });
            }
        }
        Ok(mapping)
    }

    pub(crate) fn resolve(
        &self,
        channel: Option<&str>,
        provider: Option<&str>,
        event_id: Option<u64>,
        fields: &Map<String, Value>,
    ) -> Resolved<'_> {
        let channel = channel.map(str::to_lowercase);
        let provider = provider.map(str::to_lowercase);
        let (channel, provider) = (channel.as_deref(), provider.as_deref());
        let service = lookup(
            &self.channel_service,
            &self.provider_service,
            channel,
            provider,
        )
        .cloned();
        let rules = lookup(
            &self.channel_events,
            &self.provider_events,
            channel,
            provider,
        )
        .and_then(|per_id| event_id.and_then(|id| per_id.get(&id)))
        .map(Vec::as_slice)
        .unwrap_or_default();
        let mut category = None;
        let mut kind = None;
        let mut copies = Vec::new();
        for rule in rules.iter().filter(|r| r.applies(fields)) {
            category = category.or(rule.category.clone());
            kind = kind.or(rule.kind);
            copies.extend(rule.copies.iter());
        }
        Resolved {
            logsource: LogSource {
                product: Some("windows".into()),
                category,
                service,
            },
            kind: kind.unwrap_or(EventKind::Endpoint),
            copies,
        }
    }
}

/// By channel, else by provider: a provider's events can land in another channel (forwarding).
fn lookup<'m, T>(
    by_channel: &'m HashMap<String, T>,
    by_provider: &'m HashMap<String, T>,
    channel: Option<&str>,
    provider: Option<&str>,
) -> Option<&'m T> {
    channel
        .and_then(|c| by_channel.get(c))
        .or_else(|| provider.and_then(|p| by_provider.get(p)))
}

impl EventRule {
    fn applies(&self, fields: &Map<String, Value>) -> bool {
        let Some(when) = &self.when else {
            return true;
        };
        fields
            .get(&when.field)
            .and_then(Value::as_str)
            .is_some_and(|v| when.values.iter().any(|w| w.eq_ignore_ascii_case(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(system: Value, data: Value) -> Event {
        let mapping = mapping().expect("the built-in mapping parses");
        normalise(
            json!({ "Event": { "System": system, "EventData": data } }),
            mapping,
            "2000-01-01T00:00:00Z",
            Provenance::new("t.evtx", "evtx"),
        )
        .expect("normalises")
    }

    fn system(channel: &str, provider: &str, id: Value) -> Value {
        json!({
            "Provider": { "#attributes": { "Name": provider, "Guid": "X" } },
            "EventID": id,
            "Level": 4,
            "TimeCreated": { "#attributes": { "SystemTime": "2025-11-27T07:40:10.165324+01:00" } },
            "Channel": channel,
            "Computer": "WS-01.corp.example",
        })
    }

    #[test]
    fn builtin_mapping_parses() {
        assert!(mapping().is_ok(), "{:?}", mapping().err());
    }

    #[test]
    fn security_logon_is_a_sign_in() {
        let e = event(
            system(
                "Security",
                "Microsoft-Windows-Security-Auditing",
                json!({ "#attributes": { "Qualifiers": 0 }, "#text": 4624 }),
            ),
            json!({ "SubjectUserName": "WS-01$", "TargetUserName": "Alice", "IpAddress": "203.0.113.9" }),
        );
        assert_eq!(e.kind, EventKind::SignIn);
        assert_eq!(e.fields["EventID"], json!(4624));
        assert_eq!(e.logsource.service.as_deref(), Some("security"));
        assert_eq!(e.logsource.category, None);
        assert_eq!(e.user.as_ref().map(|u| u.expose().as_str()), Some("alice"));
        assert_eq!(e.ip.as_deref(), Some("203.0.113.9"));
        assert_eq!(e.device.as_deref(), Some("ws-01.corp.example"));
        assert_eq!(e.time, "2025-11-27T06:40:10.165324Z");
    }

    /// 4732 "a member was added to a security-enabled local group" names the group in
    /// `TargetUserName`; the account is the one that made the change (found on a real sample).
    #[test]
    fn a_group_change_is_not_the_group_s_account() {
        let e = event(
            system(
                "Security",
                "Microsoft-Windows-Security-Auditing",
                json!(4732),
            ),
            json!({ "MemberName": "-", "TargetUserName": "Administrators", "SubjectUserName": "WS-01$" }),
        );
        assert_eq!(e.user.as_ref().map(|u| u.expose().as_str()), Some("ws-01$"));
        assert_eq!(e.fields["TargetUserName"], json!("Administrators"));
    }

    #[test]
    fn a_failed_logon_is_its_own_kind() {
        let e = event(
            system(
                "Security",
                "Microsoft-Windows-Security-Auditing",
                json!({ "#attributes": { "Qualifiers": 0 }, "#text": 4625 }),
            ),
            json!({ "TargetUserName": "Alice", "IpAddress": "203.0.113.66", "Status": "0xc000006d" }),
        );
        assert_eq!(e.kind, EventKind::SignInFailure);
        assert_eq!(e.user.as_ref().map(|u| u.expose().as_str()), Some("alice"));
        assert_eq!(e.ip.as_deref(), Some("203.0.113.66"));
    }

    #[test]
    fn a_new_external_device_is_a_usb_device_with_its_ids() {
        let e = event(
            system(
                "Security",
                "Microsoft-Windows-Security-Auditing",
                json!({ "#attributes": { "Qualifiers": 0 }, "#text": 6416 }),
            ),
            json!({
                "SubjectUserName": "WS-01$",
                "DeviceId": "USB\\VID_1D6B&PID_0104\\FEDCBA9876543210",
                "DeviceDescription": "USB Composite Device",
                "ClassId": "{36FC9E60-C465-11CF-8056-444553540000}",
                "ClassName": "USB",
                "VendorIds": "USB\\VID_1D6B&PID_0104&REV_0510 USB\\VID_1D6B&PID_0104",
                "CompatibleIds": "USB\\DevClass_00&SubClass_00&Prot_00 USB\\DevClass_00",
                "LocationInformation": "Port_#0002.Hub_#0001",
            }),
        );
        assert_eq!(e.kind, EventKind::Endpoint);
        assert_eq!(e.logsource.category.as_deref(), Some("usb_device"));
        assert_eq!(e.fields["VendorId"], json!("1d6b"));
        assert_eq!(e.fields["ProductId"], json!("0104"));
        assert_eq!(e.fields["Model"], json!("USB Composite Device"));
        assert_eq!(e.device.as_deref(), Some("ws-01.corp.example"));
    }

    #[test]
    fn security_process_creation_gets_sigma_names() {
        let e = event(
            system(
                "Security",
                "Microsoft-Windows-Security-Auditing",
                json!(4688),
            ),
            json!({ "NewProcessName": "C:\\x.exe", "ParentProcessName": "C:\\p.exe", "IpAddress": "-" }),
        );
        assert_eq!(e.logsource.category.as_deref(), Some("process_creation"));
        assert_eq!(e.fields["Image"], json!("C:\\x.exe"));
        assert_eq!(e.fields["ParentImage"], json!("C:\\p.exe"));
        assert_eq!(e.ip, None);
    }

    #[test]
    fn sysmon_registry_event_type_picks_the_category() {
        let sysmon = |data| {
            event(
                system(
                    "Microsoft-Windows-Sysmon/Operational",
                    "Microsoft-Windows-Sysmon",
                    json!(12),
                ),
                data,
            )
            .logsource
        };
        let add = sysmon(json!({ "EventType": "CreateKey" }));
        assert_eq!(add.category.as_deref(), Some("registry_add"));
        assert_eq!(add.service.as_deref(), Some("sysmon"));
        let delete = sysmon(json!({ "EventType": "DeleteValue" }));
        assert_eq!(delete.category.as_deref(), Some("registry_delete"));
    }

    #[test]
    fn unknown_channel_is_product_only_and_user_data_is_flattened() {
        let mapping = mapping().expect("parses");
        let e = normalise(
            json!({ "Event": {
                "System": system("Vendor-Thing/Operational", "Vendor-Thing", json!(7)),
                "UserData": { "Op": { "#attributes": { "xmlns": "x" }, "User": "CORP\\Bob", "Code": 5 } },
            }}),
            mapping,
            "2000-01-01T00:00:00Z",
            Provenance::new("t.evtx", "evtx"),
        )
        .expect("normalises");
        assert_eq!(
            e.logsource,
            LogSource {
                product: Some("windows".into()),
                ..LogSource::default()
            }
        );
        assert_eq!(e.fields["Code"], json!(5));
        assert!(!e.fields.contains_key("#attributes"));
        assert_eq!(
            e.user.map(Sensitive::into_inner).as_deref(),
            Some("corp\\bob")
        );
    }

    #[test]
    fn names_with_spaces_get_their_sigma_spelling() {
        let e = event(
            system(
                "Microsoft-Windows-Windows Defender/Operational",
                "Microsoft-Windows-Windows Defender",
                json!(1119),
            ),
            json!({ "Threat Name": "EICAR", "Source Name": "Real-Time Protection" }),
        );
        assert_eq!(e.logsource.service.as_deref(), Some("windefend"));
        assert_eq!(e.fields["ThreatName"], json!("EICAR"));
        assert_eq!(e.fields["Threat Name"], json!("EICAR"));
        assert_eq!(e.fields["SourceName"], json!("Real-Time Protection"));
    }

    #[test]
    fn a_record_without_system_is_an_error() {
        let mapping = mapping().expect("parses");
        let r = normalise(
            json!({ "Event": { "EventData": {} } }),
            mapping,
            "",
            Provenance::new("t.evtx", "evtx"),
        );
        assert_eq!(r.err().as_deref(), Some("no `System` element"));
    }
}
