//! Web profile URLs to `(site, handle)`: `https://www.github.com/SmartDev0725/` is
//! `("github", "smartdev0725")`. Links to other sites are kept whole (`canon/url.rs`), with
//! `web:<host>` beside them when the host is the holder's own (`canon/hosts.rs`).

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

/// A profile on a known site, or a handle with no site: `(site, handle)`. `None` for any other
/// link, which [`super::Canonicalizer::link`] keeps whole.
pub fn social(raw: &str) -> Option<(String, String)> {
    let lower = raw.trim().to_lowercase();
    // `telegram:@handle`, `@handle` and plain handles have no host.
    if let Some(rest) = lower.strip_prefix("telegram:") {
        let handle = clean_handle(rest);
        return is_handle(&handle).then(|| ("telegram".into(), handle));
    }
    let no_scheme = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let no_scheme = no_scheme.split(['?', '#']).next().unwrap_or("");
    let (host, path) = no_scheme.split_once('/').unwrap_or((no_scheme, ""));
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    if !host.contains('.') {
        // Not a handle (`javascript:alert(1)`, markup): the caller reads it as a URL, which
        // rejects it.
        let handle = clean_handle(no_scheme);
        return is_handle(&handle).then(|| ("handle".into(), handle));
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for (suffix, site, skip) in SITES {
        if host == *suffix || host.ends_with(&format!(".{suffix}")) {
            let handle = segments
                .get(*skip)
                .or(segments.last())
                .copied()
                .unwrap_or("");
            let handle = clean_handle(handle);
            if !handle.is_empty() && !is_handle(&handle) {
                return None;
            }
            return Some(((*site).into(), handle));
        }
    }
    None
}

/// A personal website's identity, from a canonical URL's host: the host without `www.` or
/// `m.` (the path usually is not the identity).
pub fn web_host(host: &str) -> String {
    host.trim_start_matches("www.")
        .trim_start_matches("m.")
        .trim_end_matches('.')
        .to_string()
}

/// Whether `h` can be an account name: 1 to 100 letters, digits, `.`, `_`, `-` or `%` (a
/// percent-escaped path segment). Markup, quotes, spaces, `:` and controls never are, so a
/// `javascript:` link or an HTML snippet is never taken, stored or shared as an account.
pub fn is_handle(h: &str) -> bool {
    (1..=100).contains(&h.chars().count())
        && h.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '%'))
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
        match social(raw) {
            Some((site, handle)) => format!("{site}:{handle}"),
            None => "none".into(),
        }
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
    fn markup_and_scripts_are_no_handle() {
        assert_eq!(social("javascript:alert(1)"), None);
        assert_eq!(social("<script>alert(1)</script>"), None);
        assert_eq!(social("@<img src=x onerror=alert(1)>"), None);
        assert_eq!(social("telegram:@a\"b"), None);
        assert_eq!(social("https://github.com/<b>x</b>"), None);
    }

    #[test]
    fn handles_and_other_sites() {
        assert_eq!(c("@SmartDev"), "handle:smartdev");
        assert_eq!(c("telegram:@dev_helper"), "telegram:dev_helper");
        assert_eq!(c("https://janedoe.dev/about"), "none");
        assert_eq!(c("https://drive.google.com/file/d/1AbC/view"), "none");
        assert_eq!(web_host("m.janedoe.dev"), "janedoe.dev");
    }
}
