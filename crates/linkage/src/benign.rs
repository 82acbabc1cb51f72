//! Known-benign shared artifacts: an agency's phone and email domain, an office address, a
//! corporate egress. Sharing one of these explains itself and raises no risk.

use unmask_model::ArtifactKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BenignEntry {
    /// An artifact by canonical value.
    Artifact {
        kind: ArtifactKind,
        canonical: String,
    },
    /// Every email address at this domain (or a subdomain of it).
    EmailDomain(String),
    /// Every IP address in this network (an office range, the corporate VPN's egress).
    Network(unmask_model::Network),
}

#[derive(Debug, Clone, Default)]
pub struct Benign {
    entries: Vec<(BenignEntry, String)>,
}

impl Benign {
    pub fn add(&mut self, entry: BenignEntry, label: impl Into<String>) {
        self.entries.push((entry, label.into()));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The label of the declaration that covers this artifact, if any.
    pub fn label_for(&self, kind: ArtifactKind, canonical: &str) -> Option<&str> {
        self.entries.iter().find_map(|(entry, label)| {
            let hit = match entry {
                BenignEntry::Artifact {
                    kind: k,
                    canonical: c,
                } => *k == kind && c == canonical,
                BenignEntry::Network(net) => {
                    kind == ArtifactKind::IpAddress
                        && canonical.parse().is_ok_and(|ip| net.contains(ip))
                }
                BenignEntry::EmailDomain(domain) => {
                    kind == ArtifactKind::Email
                        && canonical.rsplit_once('@').is_some_and(|(_, d)| {
                            d == domain
                                || d.strip_suffix(domain.as_str())
                                    .is_some_and(|p| p.ends_with('.'))
                        })
                }
            };
            hit.then_some(label.as_str())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_cover_subdomains_only() {
        let mut b = Benign::default();
        b.add(BenignEntry::EmailDomain("agency.example".into()), "Agency");
        assert_eq!(
            b.label_for(ArtifactKind::Email, "a@agency.example"),
            Some("Agency")
        );
        assert_eq!(
            b.label_for(ArtifactKind::Email, "a@mail.agency.example"),
            Some("Agency")
        );
        assert_eq!(
            b.label_for(ArtifactKind::Email, "a@notagency.example"),
            None
        );
        assert_eq!(b.label_for(ArtifactKind::Phone, "a@agency.example"), None);
    }

    #[test]
    fn networks_cover_their_addresses() {
        let mut b = Benign::default();
        let net = unmask_model::Network::parse("198.51.100.0/24").expect("net");
        b.add(BenignEntry::Network(net), "Office egress");
        assert_eq!(
            b.label_for(ArtifactKind::IpAddress, "198.51.100.20"),
            Some("Office egress")
        );
        assert_eq!(b.label_for(ArtifactKind::IpAddress, "198.51.101.20"), None);
        assert_eq!(b.label_for(ArtifactKind::Email, "198.51.100.20"), None);
    }
}
