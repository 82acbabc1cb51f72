//! Web profile URLs to `(site, handle)`: `https://www.github.com/SmartDev0725/` is
//! `("github", "smartdev0725")`.

const SITES: &[(&str, &str, usize)] = &[
    // (host suffix, site name, path segments to skip before the handle)
    ("github.com", "github", 0),
    ("gitlab.com", "gitlab", 0),
    ("bitbucket.org", "bitbucket", 0),
    ("linkedin.com", "linkedin", 1),
    ("twitter.com", "x", 0),
    ("x.com", "x", 0),
    ("t.me", "telegram", 0),
    ("telegram.me", "telegram", 0),
    ("upwork.com", "upwork", 1),
    ("freelancer.com", "freelancer", 1),
    ("stackoverflow.com", "stackoverflow", 1),
    ("medium.com", "medium", 0),
    ("behance.net", "behance", 0),
    ("dribbble.com", "dribbble", 0),
    ("kaggle.com", "kaggle", 0),
];

pub fn canonical(raw: &str) -> (String, String) {
    let lower = raw.trim().to_lowercase();
    // `telegram:@handle`, `@handle` and plain handles have no host.
    if let Some(rest) = lower.strip_prefix("telegram:") {
        return ("telegram".into(), clean_handle(rest));
    }
    let no_scheme = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let no_scheme = no_scheme.split(['?', '#']).next().unwrap_or("");
    let (host, path) = no_scheme.split_once('/').unwrap_or((no_scheme, ""));
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    if !host.contains('.') {
        return ("handle".into(), clean_handle(no_scheme));
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for (suffix, site, skip) in SITES {
        if host == *suffix || host.ends_with(&format!(".{suffix}")) {
            let handle = segments
                .get(*skip)
                .or(segments.last())
                .copied()
                .unwrap_or("");
            return ((*site).into(), clean_handle(handle));
        }
    }
    // A personal website: the host is the identity, the path usually is not.
    ("web".into(), host.trim_end_matches('.').to_string())
}

fn clean_handle(raw: &str) -> String {
    raw.trim()
        .trim_start_matches('@')
        .trim_start_matches('~')
        .trim_end_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(raw: &str) -> String {
        let (site, handle) = canonical(raw);
        format!("{site}:{handle}")
    }

    #[test]
    fn known_sites() {
        assert_eq!(
            c("https://www.github.com/SmartDev0725/"),
            "github:smartdev0725"
        );
        assert_eq!(
            c("github.com/smartdev0725?tab=repositories"),
            "github:smartdev0725"
        );
        assert_eq!(
            c("https://linkedin.com/in/jane-doe-12ab/"),
            "linkedin:jane-doe-12ab"
        );
        assert_eq!(c("https://t.me/dev_helper"), "telegram:dev_helper");
        assert_eq!(
            c("https://www.upwork.com/freelancers/~01abc"),
            "upwork:01abc"
        );
        assert_eq!(c("x.com/jdoe"), "x:jdoe");
    }

    #[test]
    fn handles_and_personal_sites() {
        assert_eq!(c("@SmartDev"), "handle:smartdev");
        assert_eq!(c("telegram:@dev_helper"), "telegram:dev_helper");
        assert_eq!(c("https://janedoe.dev/about"), "web:janedoe.dev");
    }
}
