//! Email addresses: lower case; for providers that ignore them, dots and `+tags` dropped.

use super::CanonError;

pub struct EmailParts {
    pub canonical: String,
    pub free_mail: bool,
}

/// Providers that deliver `a.b+x@` to `ab@`.
const DOTS_AND_TAGS: &[&str] = &["gmail.com", "googlemail.com"];
/// Providers that ignore `+tags` but not dots.
const TAGS_ONLY: &[&str] = &[
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "me.com",
    "fastmail.com",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "yandex.com",
    "yandex.ru",
];
/// Free-mail providers: a reference at a "stated company" writing from one of these is a clue.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "gmx.com",
    "gmx.de",
    "mail.ru",
    "yandex.com",
    "yandex.ru",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "qq.com",
    "163.com",
    "naver.com",
    "fastmail.com",
    "zoho.com",
    "tutanota.com",
];

pub fn canonical(raw: &str) -> Result<EmailParts, CanonError> {
    let raw = raw.trim().trim_start_matches("mailto:");
    let (local, domain) = raw.rsplit_once('@').ok_or(CanonError::Email {
        reason: "missing `@`",
    })?;
    if local.is_empty() {
        return Err(CanonError::Email {
            reason: "empty local part",
        });
    }
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    if domain.is_empty() || !domain.contains('.') {
        return Err(CanonError::Email {
            reason: "domain has no dot",
        });
    }
    if domain
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    {
        return Err(CanonError::Email {
            reason: "invalid character in domain",
        });
    }
    if local.chars().any(|c| c.is_whitespace() || c == '@') {
        return Err(CanonError::Email {
            reason: "invalid character in local part",
        });
    }
    let mut local = local.to_lowercase();
    let domain = if domain == "googlemail.com" {
        "gmail.com".to_string()
    } else {
        domain
    };
    if DOTS_AND_TAGS.contains(&domain.as_str()) {
        local = strip_tag(&local).replace('.', "");
    } else if TAGS_ONLY.contains(&domain.as_str()) {
        local = strip_tag(&local).to_string();
    }
    if local.is_empty() {
        return Err(CanonError::Email {
            reason: "empty local part",
        });
    }
    let free_mail = FREE_MAIL.contains(&domain.as_str());
    Ok(EmailParts {
        canonical: format!("{local}@{domain}"),
        free_mail,
    })
}

fn strip_tag(local: &str) -> &str {
    local.split('+').next().unwrap_or(local)
}

/// Whether a mail domain is a free-mail provider's (`gmail.com`): millions of strangers'
/// addresses, so no domain indicator can name it.
pub fn is_free_mail(domain: &str) -> bool {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    FREE_MAIL.contains(&domain.as_str())
}

/// The registrable domain of an email (`mail.corp.example.co.uk` gives `example.co.uk`).
pub fn registrable_domain(email: &str) -> Option<String> {
    let domain = email.rsplit_once('@')?.1;
    psl::domain_str(domain).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(raw: &str) -> String {
        canonical(raw)
            .map(|p| p.canonical)
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn gmail_ignores_dots_tags_and_case() {
        assert_eq!(c("John.Smith+jobs@GMail.com"), "johnsmith@gmail.com");
        assert_eq!(c("j.o.h.n.smith@googlemail.com"), "johnsmith@gmail.com");
    }

    #[test]
    fn tag_only_providers_keep_dots() {
        assert_eq!(c("John.Smith+x@outlook.com"), "john.smith@outlook.com");
    }

    #[test]
    fn other_domains_keep_local_part_except_case() {
        assert_eq!(c("First.Last+a@Example.ORG"), "first.last+a@example.org");
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(
            c("no-at-sign"),
            "error: not a valid email address: missing `@`"
        );
        assert_eq!(
            c("a@localhost"),
            "error: not a valid email address: domain has no dot"
        );
        assert_eq!(
            c("@x.com"),
            "error: not a valid email address: empty local part"
        );
        assert_eq!(
            c("+tag@gmail.com"),
            "error: not a valid email address: empty local part"
        );
    }

    #[test]
    fn free_mail_and_registrable_domain() {
        assert!(canonical("a@gmail.com")
            .map(|p| p.free_mail)
            .unwrap_or(false));
        assert!(!canonical("a@acme.example")
            .map(|p| p.free_mail)
            .unwrap_or(true));
        assert_eq!(
            registrable_domain("x@mail.corp.example.co.uk").as_deref(),
            Some("example.co.uk")
        );
    }
}
