//! The mapping file as written (TOML), before it is checked.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileSpec {
    pub(super) format: String,
    /// What the file describes, for people.
    #[allow(dead_code, reason = "required in every file, read by people only")]
    pub(super) about: String,
    #[serde(default)]
    pub(super) record: RecordSpec,
    /// Source platform names (lower case) to Sigma `product` values.
    #[serde(default)]
    pub(super) platforms: BTreeMap<String, String>,
    pub(super) defaults: TypeSpec,
    #[serde(default)]
    pub(super) types: Vec<TypeSpec>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RecordSpec {
    #[serde(default)]
    pub(super) envelope: Vec<String>,
    #[serde(default)]
    pub(super) lift: Option<String>,
    #[serde(default)]
    pub(super) explode: Option<ExplodeSpec>,
    #[serde(default)]
    pub(super) groups: Option<GroupsSpec>,
    #[serde(default)]
    pub(super) hosts: Option<HostsSpec>,
}

/// An object of named arrays (osquery's batch `diffResults`: `added`, `removed`): one row per
/// element, the element at `into`, the array's name at `key`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GroupsSpec {
    pub(super) path: String,
    pub(super) into: String,
    pub(super) key: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExplodeSpec {
    pub(super) path: String,
    pub(super) into: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HostsSpec {
    pub(super) key: String,
    #[serde(default = "default_max_hosts")]
    pub(super) max: usize,
}

fn default_max_hosts() -> usize {
    100_000
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct TypeSpec {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) extends: Option<String>,
    #[serde(default)]
    pub(super) when: Vec<BTreeMap<String, TestSpec>>,
    #[serde(default)]
    pub(super) kind: Option<String>,
    #[serde(default)]
    pub(super) logsource: Option<LogSourceSpec>,
    #[serde(default)]
    pub(super) product_from: Option<Vec<String>>,
    #[serde(default)]
    pub(super) time: Option<Vec<TimeSpec>>,
    #[serde(default)]
    pub(super) user: Option<Vec<String>>,
    #[serde(default)]
    pub(super) ip: Option<Vec<String>>,
    #[serde(default)]
    pub(super) device: Option<DeviceSpec>,
    #[serde(default)]
    pub(super) passthrough: Option<bool>,
    #[serde(default)]
    pub(super) rename: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) drop: Vec<String>,
    #[serde(default)]
    pub(super) fields: Vec<FieldSpec>,
    #[serde(default)]
    pub(super) remember: BTreeMap<String, String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct TestSpec {
    #[serde(default)]
    pub(super) equals: Vec<String>,
    #[serde(default)]
    pub(super) prefix: Vec<String>,
    #[serde(default)]
    pub(super) suffix: Vec<String>,
    #[serde(default)]
    pub(super) present: Option<bool>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct LogSourceSpec {
    #[serde(default)]
    pub(super) product: Option<String>,
    #[serde(default)]
    pub(super) category: Option<String>,
    #[serde(default)]
    pub(super) service: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct TimeSpec {
    pub(super) path: String,
    #[serde(default)]
    pub(super) format: TimeFormat,
}

/// How a time value is written.
#[derive(Deserialize, Default, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TimeFormat {
    /// `2024-03-01T12:00:00.000Z`, any offset.
    Rfc3339,
    /// Seconds since 1970 (a number or a numeric string).
    EpochSeconds,
    /// Milliseconds since 1970.
    EpochMillis,
    /// osquery's `calendarTime`: `Tue Jan 10 21:48:51 2017 UTC`.
    Osquery,
    /// Any of the above: numbers above 10^11 are milliseconds.
    #[default]
    Auto,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct DeviceSpec {
    #[serde(default)]
    pub(super) serial: Option<Vec<String>>,
    #[serde(default)]
    pub(super) host: Option<Vec<String>>,
    #[serde(default)]
    pub(super) ignore: Option<Vec<String>>,
}

impl DeviceSpec {
    pub(super) fn over(&self, base: &DeviceSpec) -> DeviceSpec {
        DeviceSpec {
            serial: self.serial.clone().or_else(|| base.serial.clone()),
            host: self.host.clone().or_else(|| base.host.clone()),
            ignore: self.ignore.clone().or_else(|| base.ignore.clone()),
        }
    }
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct FieldSpec {
    pub(super) name: String,
    #[serde(default)]
    pub(super) from: Vec<String>,
    #[serde(default)]
    pub(super) template: Option<String>,
    #[serde(default)]
    pub(super) map: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) otherwise: Option<String>,
}

impl TypeSpec {
    /// `self` over `base`: scalars and lists of sources replace (the device's key by key), tables
    /// and lists of rules add.
    pub(super) fn over(&self, base: &TypeSpec) -> TypeSpec {
        let mut rename = base.rename.clone();
        rename.extend(self.rename.clone());
        let mut remember = base.remember.clone();
        remember.extend(self.remember.clone());
        TypeSpec {
            name: self.name.clone(),
            extends: None,
            when: self.when.clone(),
            kind: self.kind.clone().or_else(|| base.kind.clone()),
            logsource: self.logsource.clone().or_else(|| base.logsource.clone()),
            product_from: self
                .product_from
                .clone()
                .or_else(|| base.product_from.clone()),
            time: self.time.clone().or_else(|| base.time.clone()),
            user: self.user.clone().or_else(|| base.user.clone()),
            ip: self.ip.clone().or_else(|| base.ip.clone()),
            device: match (&self.device, &base.device) {
                (Some(d), Some(b)) => Some(d.over(b)),
                (d, b) => d.clone().or_else(|| b.clone()),
            },
            passthrough: self.passthrough.or(base.passthrough),
            rename,
            drop: [base.drop.clone(), self.drop.clone()].concat(),
            fields: [base.fields.clone(), self.fields.clone()].concat(),
            remember,
        }
    }
}
