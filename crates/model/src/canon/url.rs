//! Links kept whole, in one form per resource: `HTTP://WWW.Example.COM:80/a/./b/?utm_source=x&b=2&a=1#top`
//! is `https://example.com/a/b?a=1&b=2`.
//!
//! The rules, each chosen so that two spellings of one link meet and two links do not:
//! - `http` and `https` are one scheme, written `https` (the same page is served on both, and a
//!   link typed without a scheme is read as `https`); `ftp` stays `ftp`; other schemes are no
//!   web link;
//! - the host is lower case, without a trailing dot or a leading `www.` (as `web:<host>`
//!   profiles have always been); user names and passwords are dropped, never kept; IDN hosts
//!   are compared as written (a Unicode name and its `xn--` form do not meet);
//! - the scheme's default port (80, 443, 21) is dropped;
//! - percent-escapes are upper case, escapes of unreserved characters (`%7E`, `%41`) are
//!   decoded, and characters a URL cannot hold (spaces, non-ASCII) are escaped;
//! - `.` and `..` path segments are resolved, and a trailing slash dropped (`/about/` is
//!   `/about`; the empty path is `/`); path case is kept, since file ids are case-sensitive;
//! - the fragment is dropped; tracking parameters (`utm_*`, `fbclid`, `gclid`, `mc_cid`, Google
//!   Drive's `usp`...) are dropped and the others sorted.

use super::CanonError;

/// A link in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    pub canonical: String,
    /// The host as the canonical form holds it (`[v6]` literals in brackets).
    pub host: String,
    /// The path is `/` and there is no query: a site's front page.
    pub root: bool,
}

/// Query parameters that say where a click came from, not what it asks for.
const TRACKING: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "igshid",
    "igsh",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "__hstc",
    "__hssc",
    "__hsfp",
    "hsctatracking",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "rb_clickid",
    "s_cid",
    "vero_id",
    "vero_conv",
    "wickedid",
    "_ga",
    "_gl",
    "srsltid",
    "pk_campaign",
    "pk_kwd",
    "pk_source",
    "pk_medium",
    // Twitter's referral pair; a bare `ref` is often meaningful (a Git branch) and stays.
    "ref_src",
    "ref_url",
    // YouTube's and Spotify's share id; Google Drive's and Docs' share-source marker
    // (`usp=sharing`, `usp=drive_link`): one file, however it was shared.
    "si",
    "usp",
];
/// Tracking parameter families by prefix.
const TRACKING_PREFIXES: &[&str] = &["utm_", "mtm_"];

fn url_error(reason: impl Into<String>) -> CanonError {
    CanonError::Url {
        reason: reason.into(),
    }
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `raw` (trimmed, bounded by the caller) as a canonical URL.
pub fn canonical(raw: &str) -> Result<WebUrl, CanonError> {
    let raw = raw.trim();
    if raw.chars().any(char::is_control) {
        return Err(url_error("control characters"));
    }
    // Browsers read `\` as `/` in web URLs.
    let text = raw.replace('\\', "/");
    let (scheme, rest) = match text.split_once("://") {
        Some((s, rest)) if is_scheme(s) => (Some(s.to_ascii_lowercase()), rest),
        _ => match text.strip_prefix("//") {
            Some(rest) => (None, rest),
            None => {
                // `mailto:x`, `javascript:x`: a scheme without `//` (a port follows a host
                // with digits, as in `localhost:8080`).
                if let Some((s, after)) = text.split_once(':') {
                    if is_scheme(s) && !after.starts_with(|c: char| c.is_ascii_digit()) {
                        return Err(url_error(format!(
                            "scheme `{}` is not a web link",
                            s.to_ascii_lowercase()
                        )));
                    }
                }
                (None, text.as_str())
            }
        },
    };
    let (scheme, default_port) = match scheme.as_deref() {
        None | Some("https") => ("https", 443),
        Some("http") => ("https", 80),
        Some("ftp") => ("ftp", 21),
        Some(other) => {
            return Err(url_error(format!("scheme `{other}` is not a web link")));
        }
    };

    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    // Credentials are dropped: they are secrets, and the resource is the same without them.
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = split_port(host_port)?;
    let host = canonical_host(host)?;
    let port = match port {
        Some(p) if p != default_port => format!(":{p}"),
        _ => String::new(),
    };

    let tail = tail.split('#').next().unwrap_or("");
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let path = canonical_path(path);
    let query = canonical_query(query);
    let root = path == "/" && query.is_empty();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    Ok(WebUrl {
        canonical: format!("{scheme}://{host}{port}{path}{query}"),
        host,
        root,
    })
}

/// `host:port` (or `[v6]:port`) into the host and a valid port.
fn split_port(authority: &str) -> Result<(&str, Option<u16>), CanonError> {
    let (host, port) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(i) => {
                let (host, after) = authority.split_at(i + 1);
                (host, after.strip_prefix(':'))
            }
            None => return Err(url_error("unclosed `[` in the host")),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) => Some(
            p.parse::<u16>()
                .map_err(|_| url_error(format!("`{}` is not a port", shorten(p))))?,
        ),
    };
    Ok((host, port))
}

fn canonical_host(host: &str) -> Result<String, CanonError> {
    if host.starts_with('[') {
        let inner = host.trim_start_matches('[').trim_end_matches(']');
        let ip: std::net::Ipv6Addr = inner
            .parse()
            .map_err(|_| url_error("not a valid IPv6 host"))?;
        return Ok(format!("[{ip}]"));
    }
    let host = host.trim_end_matches('.').to_lowercase();
    if host.is_empty() {
        return Err(url_error("no host"));
    }
    let valid = host.split('.').all(|label| {
        !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    });
    if !valid {
        return Err(url_error(format!(
            "`{}` is not a host name",
            shorten(&host)
        )));
    }
    if !host.contains('.') {
        return Err(url_error(format!(
            "`{}` is not a public host name",
            shorten(&host)
        )));
    }
    Ok(super::hosts::bare_host(&host).to_string())
}

/// Characters RFC 3986 lets a path or query hold as they are, besides unreserved ones.
fn allowed(c: char, in_query: bool) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | '!'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
                | ':'
                | '@'
                | '/'
        )
        || (in_query && c == '?')
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Escapes in one form: `%7e` is `~`, `%2f` is `%2F`, a space is `%20`, a stray `%` is `%25`.
fn normalise_escapes(text: &str, in_query: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(v) if unreserved(v) => out.push(char::from(v)),
                Some(v) => out.push_str(&format!("%{v:02X}")),
                None => {
                    out.push_str("%25");
                    i += 1;
                    continue;
                }
            }
            i += 3;
            continue;
        }
        // `i` is on a character boundary: escapes are ASCII and characters advance whole.
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if allowed(c, in_query) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        i += c.len_utf8();
    }
    out
}

fn canonical_path(path: &str) -> String {
    let path = normalise_escapes(path, false);
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/').skip(usize::from(path.starts_with('/'))) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let joined = segments.join("/");
    format!("/{}", joined.trim_end_matches('/'))
}

fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    TRACKING.contains(&name.as_str()) || TRACKING_PREFIXES.iter().any(|p| name.starts_with(p))
}

fn canonical_query(query: &str) -> String {
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| normalise_escapes(p, true))
        .filter(|p| !is_tracking(p.split('=').next().unwrap_or("")))
        .collect();
    params.sort();
    params.join("&")
}

/// The host of a canonical URL (`https://host[:port]/...`).
pub fn host_of(canonical: &str) -> &str {
    let rest = canonical
        .split_once("://")
        .map_or(canonical, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or(rest);
    if authority.starts_with('[') {
        return authority.find(']').map_or(authority, |i| &authority[..=i]);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Whether a canonical URL is a site's front page (`https://host/`, no query).
pub fn is_root(canonical: &str) -> bool {
    let rest = canonical
        .split_once("://")
        .map_or(canonical, |(_, rest)| rest);
    rest.find('/').is_some_and(|i| &rest[i..] == "/")
}

/// The scheme and host, with the rest masked: `https://drive.google.com/fi***ew`. A file id or
/// share key in the path is a capability; the host says where to look.
pub fn mask(canonical: &str) -> String {
    let Some((scheme, rest)) = canonical.split_once("://") else {
        return super::mask::mask_middle(canonical);
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let tail = tail.trim_start_matches('/');
    if tail.is_empty() {
        return format!("{scheme}://{authority}/");
    }
    format!("{scheme}://{authority}/{}", super::mask::mask_middle(tail))
}

fn shorten(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let head: String = s.chars().take(MAX).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(raw: &str) -> String {
        canonical(raw)
            .map(|u| u.canonical)
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn scheme_is_one_for_http_and_https_and_required_to_be_web() {
        assert_eq!(c("HTTP://janedoe.dev/cv"), "https://janedoe.dev/cv");
        assert_eq!(c("https://janedoe.dev/cv"), "https://janedoe.dev/cv");
        assert_eq!(c("janedoe.dev/cv"), "https://janedoe.dev/cv");
        assert_eq!(c("//janedoe.dev/cv"), "https://janedoe.dev/cv");
        assert_eq!(c("FTP://files.example/a"), "ftp://files.example/a");
        assert_eq!(
            c("mailto:jane@example.com"),
            "error: not a valid URL: scheme `mailto` is not a web link"
        );
        assert_eq!(
            c("javascript://x.example/"),
            "error: not a valid URL: scheme `javascript` is not a web link"
        );
    }

    #[test]
    fn host_case_www_trailing_dot_and_credentials() {
        assert_eq!(c("https://WWW.JaneDoe.DEV./"), "https://janedoe.dev/");
        assert_eq!(
            c("https://user:secret@janedoe.dev/x"),
            "https://janedoe.dev/x"
        );
        // `www.` alone before a suffix is the host itself.
        assert_eq!(c("https://www.com/"), "https://www.com/");
        assert_eq!(
            c("https://[2001:DB8::1]:8443/x"),
            "https://[2001:db8::1]:8443/x"
        );
        assert!(c("https://jane doe.dev/").starts_with("error: "));
        assert!(c("https://localhost/").starts_with("error: "));
        assert!(c("https:///x").starts_with("error: "));
    }

    #[test]
    fn default_ports_are_dropped() {
        assert_eq!(c("http://janedoe.dev:80/a"), "https://janedoe.dev/a");
        assert_eq!(c("https://janedoe.dev:443/a"), "https://janedoe.dev/a");
        assert_eq!(c("ftp://files.example:21/a"), "ftp://files.example/a");
        assert_eq!(
            c("https://janedoe.dev:8080/a"),
            "https://janedoe.dev:8080/a"
        );
        // `http` on 443 is not the default port of what was written.
        assert_eq!(c("http://janedoe.dev:443/a"), "https://janedoe.dev:443/a");
        assert_eq!(c("janedoe.dev:8080"), "https://janedoe.dev:8080/");
        assert!(c("https://janedoe.dev:99999/").starts_with("error: "));
        assert!(c("https://janedoe.dev:x/").starts_with("error: "));
    }

    #[test]
    fn trailing_slash_dot_segments_and_fragment() {
        assert_eq!(c("https://janedoe.dev"), "https://janedoe.dev/");
        assert_eq!(c("https://janedoe.dev/about/"), "https://janedoe.dev/about");
        assert_eq!(
            c("https://janedoe.dev/a/./b/../c"),
            "https://janedoe.dev/a/c"
        );
        assert_eq!(c("https://janedoe.dev/../a"), "https://janedoe.dev/a");
        assert_eq!(c("https://janedoe.dev/cv#top"), "https://janedoe.dev/cv");
        // Path case is the file's: Drive ids are case-sensitive.
        assert_eq!(
            c("https://drive.google.com/file/d/1AbC/view"),
            "https://drive.google.com/file/d/1AbC/view"
        );
    }

    #[test]
    fn percent_escapes_have_one_form() {
        assert_eq!(
            c("https://janedoe.dev/%7ejane"),
            "https://janedoe.dev/~jane"
        );
        assert_eq!(c("https://janedoe.dev/a%2fb"), "https://janedoe.dev/a%2Fb");
        assert_eq!(
            c("https://janedoe.dev/my cv.pdf"),
            "https://janedoe.dev/my%20cv.pdf"
        );
        assert_eq!(
            c("https://janedoe.dev/résumé"),
            "https://janedoe.dev/r%C3%A9sum%C3%A9"
        );
        assert_eq!(c("https://janedoe.dev/100%"), "https://janedoe.dev/100%25");
        // `%2E%2E` is `..` once decoded, and resolved.
        assert_eq!(c("https://janedoe.dev/a/%2E%2E/b"), "https://janedoe.dev/b");
    }

    #[test]
    fn tracking_parameters_go_and_the_rest_are_sorted() {
        assert_eq!(
            c("https://drive.google.com/file/d/1AbC/view?usp=sharing"),
            "https://drive.google.com/file/d/1AbC/view"
        );
        assert_eq!(
            c("https://drive.google.com/file/d/1AbC/view?usp=drive_link"),
            "https://drive.google.com/file/d/1AbC/view"
        );
        assert_eq!(
            c("https://janedoe.dev/?utm_source=li&utm_medium=social&fbclid=x&gclid=y&mc_cid=1&mc_eid=2&igshid=3&si=4&ref_src=twsrc"),
            "https://janedoe.dev/"
        );
        assert_eq!(
            c("https://shop.example/p?b=2&UTM_Campaign=x&a=1"),
            "https://shop.example/p?a=1&b=2"
        );
        // A bare `ref` can name a Git branch: kept.
        assert_eq!(
            c("https://code.example/x?ref=main"),
            "https://code.example/x?ref=main"
        );
        assert_eq!(c("https://janedoe.dev/?"), "https://janedoe.dev/");
    }

    #[test]
    fn roots_hosts_and_masks() {
        let u = canonical("https://www.dropbox.com/").expect("url");
        assert!(u.root);
        assert_eq!(u.host, "dropbox.com");
        assert!(!canonical("https://www.dropbox.com/?a=1").expect("url").root);
        assert!(is_root("https://dropbox.com/"));
        assert!(!is_root("https://dropbox.com/?a=1"));
        assert!(!is_root("https://dropbox.com/s/x"));
        assert_eq!(host_of("https://janedoe.dev:8080/x"), "janedoe.dev");
        assert_eq!(host_of("https://[2001:db8::1]:8443/x"), "[2001:db8::1]");
        assert_eq!(
            mask("https://drive.google.com/file/d/1AbC/view"),
            "https://drive.google.com/fi***ew"
        );
        assert_eq!(mask("https://janedoe.dev/"), "https://janedoe.dev/");
    }

    #[test]
    fn any_bytes_give_an_answer() {
        for raw in [
            "%",
            "%%%",
            "http://",
            "://",
            "[",
            "https://[",
            "a.b/%E9",
            "x.y:/",
            "é.é",
        ] {
            let _ = canonical(raw);
        }
    }
}
