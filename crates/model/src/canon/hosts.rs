//! Who a host belongs to, as far as a link can tell: its owner (`janedoe.dev`), one tenant of a
//! shared service (`alice.github.io`), or a multi-tenant host where many unrelated people
//! publish (`drive.google.com`, `bit.ly`, `github.io` itself).
//!
//! A host name is evidence about a person only when one party controls it. Two candidates who
//! link different files on one cloud drive share its host and nothing else, so a multi-tenant
//! host never links people and never matches a domain indicator; the whole URL still does.
//! The hosts come from the Public Suffix List's private section (through the `psl` crate) and
//! from `multitenant.txt` (file sharing, link shorteners, link-in-bio pages, per-user
//! platforms, subdomain hosting the list lacks).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What a multi-tenant host serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    FileSharing,
    UrlShortener,
    LinkInBio,
    /// A site giving each user a page under its one host (`facebook.com/x`, `sites.google.com`).
    Platform,
    /// Hosting whose tenants have subdomains, named without one (`github.io`, `wordpress.com`).
    Hosting,
    /// A public suffix such as `com` or `co.uk`: nobody's host.
    PublicSuffix,
}

impl Service {
    /// The name kept in an artifact's detail: `file_sharing`, `url_shortener`...
    pub fn as_str(self) -> &'static str {
        match self {
            Service::FileSharing => "file_sharing",
            Service::UrlShortener => "url_shortener",
            Service::LinkInBio => "link_in_bio",
            Service::Platform => "platform",
            Service::Hosting => "hosting",
            Service::PublicSuffix => "public_suffix",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Service::FileSharing => "file sharing",
            Service::UrlShortener => "link shortener",
            Service::LinkInBio => "link-in-bio pages",
            Service::Platform => "per-user pages",
            Service::Hosting => "shared hosting",
            Service::PublicSuffix => "a public suffix",
        }
    }
}

/// Who a host belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenancy<'h> {
    /// Its owner's own name (`janedoe.dev`, `blog.janedoe.dev`).
    Own,
    /// One tenant's name on a shared service: `alice.github.io`, whose `registrable` name is
    /// itself (the label plus the private suffix), as `x.alice.github.io`'s is.
    Tenant { registrable: &'h str },
    /// Many people's content under one name.
    Shared(Service),
}

/// `multitenant.txt` read once: path-tenanted hosts by service, and the roots whose
/// subdomains are tenants.
struct List {
    shared: HashMap<&'static str, Service>,
    tenant_roots: HashSet<&'static str>,
}

const LIST_TEXT: &str = include_str!("multitenant.txt");

fn list() -> &'static List {
    static LIST: OnceLock<List> = OnceLock::new();
    LIST.get_or_init(|| parse_list(LIST_TEXT).0)
}

/// The list and the lines it could not read (1-based line, text); the tests require none.
fn parse_list(text: &'static str) -> (List, Vec<(usize, &'static str)>) {
    enum Section {
        Shared(Service),
        TenantRoots,
    }
    let mut list = List {
        shared: HashMap::new(),
        tenant_roots: HashSet::new(),
    };
    let mut problems = Vec::new();
    let mut section = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = match name {
                "file-sharing" => Some(Section::Shared(Service::FileSharing)),
                "url-shortener" => Some(Section::Shared(Service::UrlShortener)),
                "link-in-bio" => Some(Section::Shared(Service::LinkInBio)),
                "platform" => Some(Section::Shared(Service::Platform)),
                "tenant-subdomains" => Some(Section::TenantRoots),
                _ => {
                    problems.push((i + 1, line));
                    None
                }
            };
            continue;
        }
        let valid = line.contains('.')
            && line
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        match (&section, valid) {
            (Some(Section::Shared(service)), true) => {
                list.shared.entry(line).or_insert(*service);
            }
            (Some(Section::TenantRoots), true) => {
                list.tenant_roots.insert(line);
            }
            _ => problems.push((i + 1, line)),
        }
    }
    (list, problems)
}

/// The host without a trailing dot or a leading `www.` (kept when nothing with a dot would
/// remain, as in `www.com`).
pub fn bare_host(host: &str) -> &str {
    let host = host.trim_end_matches('.');
    match host.strip_prefix("www.") {
        Some(rest) if rest.contains('.') => rest,
        _ => host,
    }
}

/// The host and each parent name, longest first: `a.b.c`, `b.c`, `c`.
fn suffixes(host: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(host), |h| h.split_once('.').map(|(_, rest)| rest))
}

/// Who `host` (lower case, as a canonical URL holds it) belongs to.
pub fn tenancy(host: &str) -> Tenancy<'_> {
    let host = bare_host(host);
    let list = list();
    if let Some(service) = suffixes(host).find_map(|s| list.shared.get(s)) {
        return Tenancy::Shared(*service);
    }
    for suffix in suffixes(host) {
        if list.tenant_roots.contains(suffix) {
            if suffix.len() == host.len() {
                return Tenancy::Shared(Service::Hosting);
            }
            // The label just before the root: `alice` in `x.alice.wordpress.com`.
            let head = &host[..host.len() - suffix.len() - 1];
            let start = head.rfind('.').map_or(0, |i| i + 1);
            return Tenancy::Tenant {
                registrable: &host[start..],
            };
        }
    }
    if is_ip(host) {
        return Tenancy::Own;
    }
    let Some(suffix) = psl::suffix(host.as_bytes()) else {
        return Tenancy::Own;
    };
    let suffix_len = suffix.trim().as_bytes().len();
    if suffix_len >= host.len() {
        // A suffix the list knows is nobody's; an unknown single label (`localhost`) is no
        // web host either.
        return Tenancy::Shared(match suffix.typ() {
            Some(psl::Type::Private) => Service::Hosting,
            _ => Service::PublicSuffix,
        });
    }
    match suffix.typ() {
        Some(psl::Type::Private) => match psl::domain_str(host) {
            Some(registrable) => Tenancy::Tenant { registrable },
            None => Tenancy::Shared(Service::Hosting),
        },
        _ => Tenancy::Own,
    }
}

/// IP addresses (`[v6]` as URLs write them) have no public suffix: each is its own name.
fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[')
}

/// Whether many unrelated people publish under `host`: see [`tenancy`].
pub fn is_shared_host(host: &str) -> bool {
    matches!(tenancy(host), Tenancy::Shared(_))
}

/// The shortest name one party controls that `host` is or is under: `example.co.uk` for
/// `mail.example.co.uk`, `alice.github.io` for `x.alice.github.io`; `None` for a multi-tenant
/// host. A domain indicator matches a host at this name or under it, never above.
pub fn registrable(host: &str) -> Option<&str> {
    let bare = bare_host(host);
    match tenancy(bare) {
        Tenancy::Shared(_) => None,
        Tenancy::Tenant { registrable } => Some(registrable),
        Tenancy::Own if is_ip(bare) => Some(bare),
        Tenancy::Own => Some(psl::domain_str(bare).unwrap_or(bare)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(host: &str) -> String {
        match tenancy(host) {
            Tenancy::Own => "own".into(),
            Tenancy::Tenant { registrable } => format!("tenant {registrable}"),
            Tenancy::Shared(s) => format!("shared {}", s.as_str()),
        }
    }

    #[test]
    fn the_list_reads_whole() {
        let (list, problems) = parse_list(LIST_TEXT);
        assert!(problems.is_empty(), "unreadable lines: {problems:?}");
        // The two MISP lists, whole, and the hand-curated sections.
        assert!(list.shared.len() > 400, "{}", list.shared.len());
        assert!(list.tenant_roots.contains("wordpress.com"));
        // A host on both MISP lists counts as a shortener: the first section wins.
        assert_eq!(list.shared.get("bit.ly"), Some(&Service::UrlShortener));
    }

    #[test]
    fn file_sharing_shorteners_and_platforms_are_shared() {
        for (host, service) in [
            ("drive.google.com", "file_sharing"),
            ("docs.google.com", "file_sharing"),
            ("www.dropbox.com", "file_sharing"),
            ("dl.dropboxusercontent.com", "file_sharing"),
            ("onedrive.live.com", "file_sharing"),
            ("1drv.ms", "file_sharing"),
            ("app.box.com", "file_sharing"),
            ("www.notion.so", "file_sharing"),
            ("mega.nz", "file_sharing"),
            ("raw.githubusercontent.com", "file_sharing"),
            // `googleapis.com` is a PSL private suffix, but this host is one bucket endpoint.
            ("storage.googleapis.com", "file_sharing"),
            ("bit.ly", "url_shortener"),
            ("tinyurl.com", "url_shortener"),
            ("t.co", "url_shortener"),
            ("goo.gl", "url_shortener"),
            ("ow.ly", "url_shortener"),
            ("rebrand.ly", "url_shortener"),
            ("linktr.ee", "link_in_bio"),
            ("sites.google.com", "platform"),
            ("www.facebook.com", "platform"),
            ("dev.to", "platform"),
        ] {
            assert_eq!(show(host), format!("shared {service}"), "{host}");
            assert!(is_shared_host(host), "{host}");
            assert_eq!(registrable(host), None, "{host}");
        }
    }

    #[test]
    fn psl_private_suffixes_are_hosting_and_their_subdomains_tenants() {
        for suffix in [
            "github.io",
            "gitlab.io",
            "herokuapp.com",
            "vercel.app",
            "netlify.app",
            "pages.dev",
            "blogspot.com",
            "wixsite.com",
            "notion.site",
            "web.app",
            "azurewebsites.net",
        ] {
            assert_eq!(show(suffix), "shared hosting", "{suffix}");
            let tenant = format!("alice.{suffix}");
            assert_eq!(show(&tenant), format!("tenant {tenant}"));
            // Deeper names belong to the same tenant; another label is another tenant.
            assert_eq!(
                registrable(&format!("www.blog.alice.{suffix}")),
                Some(tenant.as_str())
            );
            assert_ne!(
                registrable(&format!("bob.{suffix}")),
                registrable(&tenant),
                "{suffix}"
            );
        }
        // Hosting the PSL lacks, from the list's own section.
        assert_eq!(show("wordpress.com"), "shared hosting");
        assert_eq!(show("www.wordpress.com"), "shared hosting");
        assert_eq!(show("alice.wordpress.com"), "tenant alice.wordpress.com");
        assert_eq!(
            registrable("photos.alice.wordpress.com"),
            Some("alice.wordpress.com")
        );
    }

    #[test]
    fn own_hosts_and_public_suffixes() {
        assert_eq!(show("janedoe.dev"), "own");
        assert_eq!(show("www.janedoe.dev"), "own");
        assert_eq!(registrable("blog.janedoe.dev"), Some("janedoe.dev"));
        assert_eq!(
            registrable("mail.corp.example.co.uk"),
            Some("example.co.uk")
        );
        assert_eq!(show("203.0.113.9"), "own");
        assert_eq!(registrable("203.0.113.9"), Some("203.0.113.9"));
        assert_eq!(show("com"), "shared public_suffix");
        assert_eq!(show("co.uk"), "shared public_suffix");
        assert_eq!(registrable("co.uk"), None);
        // `google.com` is many people's pages; its subdomains listed on their own keep their
        // own service.
        assert_eq!(show("www.google.com"), "shared platform");
        assert_eq!(show("drive.google.com"), "shared file_sharing");
    }
}
