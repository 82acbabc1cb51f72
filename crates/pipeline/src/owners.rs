//! Who a telemetry event is about: the employee who holds the device (by serial, through the
//! device inventory's assignment) or the account (a work email, its local part as a login, or a
//! web profile handle such as a GitHub login). Candidates count when no employee record holds
//! the account.

use std::collections::HashMap;
use unmask_model::{ArtifactKind, Event, RelationKind, SubjectKind, SubjectRef, Target};
use unmask_store::Dataset;

pub struct Owners {
    by_device: HashMap<String, SubjectRef>,
    by_account: HashMap<String, SubjectRef>,
}

/// Prefer an employee record over a candidate record for the same key.
fn offer(map: &mut HashMap<String, SubjectRef>, key: String, who: &SubjectRef, employee: bool) {
    match map.get(&key) {
        Some(existing) if existing.as_str().starts_with("employee:") || !employee => {}
        _ => {
            map.insert(key, who.clone());
        }
    }
}

impl Owners {
    pub fn build(data: &Dataset) -> Owners {
        let kind: HashMap<&str, SubjectKind> = data
            .subjects
            .iter()
            .map(|s| (s.id.as_str(), s.kind))
            .collect();
        let mut by_account = HashMap::new();
        let mut email_holder: HashMap<&str, &SubjectRef> = HashMap::new();
        let mut hired_from: HashMap<&str, &SubjectRef> = HashMap::new();
        for r in &data.relations {
            if let (RelationKind::HiredFrom, Target::Subject(c)) = (r.kind, &r.to) {
                hired_from.insert(c.as_str(), &r.from);
            }
        }
        for o in &data.observations {
            let Some(k) = kind.get(o.subject.as_str()).copied() else {
                continue;
            };
            if !k.is_person_of_interest() {
                continue;
            }
            // A candidate's identifiers speak for the employee hired from them.
            let (who, employee) = match hired_from.get(o.subject.as_str()) {
                Some(e) if k == SubjectKind::Candidate => (*e, true),
                _ => (&o.subject, k == SubjectKind::Employee),
            };
            let value = o.artifact.canonical.expose();
            match o.artifact.kind {
                ArtifactKind::Email => {
                    offer(&mut by_account, value.clone(), who, employee);
                    if o.role == "work" {
                        if let Some((local, _)) = value.split_once('@') {
                            offer(&mut by_account, local.to_string(), who, employee);
                        }
                    }
                    if k == SubjectKind::Employee {
                        email_holder.insert(value.as_str(), &o.subject);
                    }
                }
                ArtifactKind::Profile => {
                    offer(&mut by_account, value.clone(), who, employee);
                }
                _ => {}
            }
        }
        let mut by_device = HashMap::new();
        let serial_of: HashMap<&str, &str> = data
            .observations
            .iter()
            .filter(|o| o.artifact.kind == ArtifactKind::DeviceSerial)
            .map(|o| (o.subject.as_str(), o.artifact.canonical.expose().as_str()))
            .collect();
        for r in &data.relations {
            let (
                RelationKind::AssignedTo,
                Target::Holder {
                    kind: ArtifactKind::Email,
                    canonical,
                },
            ) = (r.kind, &r.to)
            else {
                continue;
            };
            let (Some(serial), Some(user)) = (
                serial_of.get(r.from.as_str()),
                email_holder.get(canonical.expose().as_str()),
            ) else {
                continue;
            };
            by_device.insert(serial.to_string(), (*user).clone());
        }
        Owners {
            by_device,
            by_account,
        }
    }

    /// Device serials (canonical) and who holds each.
    pub fn devices(&self) -> impl Iterator<Item = (&str, &SubjectRef)> {
        self.by_device.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The subject an event is about, and how it was found.
    pub fn of(&self, event: &Event) -> Option<(SubjectRef, String)> {
        if let Some(device) = &event.device {
            let key: String = device
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_uppercase())
                .collect();
            if let Some(who) = self.by_device.get(&key) {
                return Some((who.clone(), format!("holds device {key}")));
            }
        }
        let user = event.user.as_ref()?.expose().to_lowercase();
        let site = event.logsource.product.as_deref().unwrap_or("");
        for key in [user.clone(), format!("{site}:{user}")] {
            if let Some(who) = self.by_account.get(&key) {
                return Some((who.clone(), format!("holds account {key}")));
            }
        }
        None
    }
}
