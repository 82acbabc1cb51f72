//! Bookkeeping of every artifact already handed out, so that nothing is shared by accident.
//!
//! Keys approximate the canonical forms unmask compares (Gmail without dots and `+tags`,
//! E.164 phones, lower-case handles, folded addresses): two values that would canonicalise to
//! one are one value here too. Only the look-alike and operator constructs share on purpose,
//! and they do it by reusing a value instead of claiming a new one.

use crate::names::{fold, name_key};
use crate::places::Phone;
use std::collections::HashSet;

#[derive(Default)]
pub struct Registry {
    names: HashSet<String>,
    emails: HashSet<String>,
    phones: HashSet<String>,
    profiles: HashSet<String>,
    addresses: HashSet<String>,
    accounts: HashSet<String>,
    serials: HashSet<String>,
    texts: HashSet<String>,
}

/// The comparable form of an email: lower case; Gmail ignores dots and `+tags`, several other
/// providers ignore `+tags`.
pub fn email_key(raw: &str) -> String {
    let lower = raw.trim().to_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return lower;
    };
    let untagged = local.split('+').next().unwrap_or(local);
    let local = match domain {
        "gmail.com" | "googlemail.com" => untagged.replace('.', ""),
        "outlook.com" | "hotmail.com" | "proton.me" | "protonmail.com" => untagged.to_string(),
        _ => local.to_string(),
    };
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    format!("{local}@{domain}")
}

pub fn address_key(street: &str, city: &str, country: &str) -> String {
    format!(
        "{}|{}|{}",
        fold(street),
        fold(city),
        country.to_ascii_lowercase()
    )
}

impl Registry {
    /// Claims a full name; false if it is taken.
    pub fn claim_name(&mut self, first: &str, last: &str) -> bool {
        self.names.insert(name_key(first, last))
    }

    pub fn name_taken(&self, first: &str, last: &str) -> bool {
        self.names.contains(&name_key(first, last))
    }

    pub fn claim_email(&mut self, raw: &str) -> bool {
        self.emails.insert(email_key(raw))
    }

    pub fn claim_phone(&mut self, phone: &Phone) -> bool {
        self.phones.insert(phone.e164())
    }

    /// `site:handle`, e.g. `github:smartdev0725`.
    pub fn claim_profile(&mut self, site: &str, handle: &str) -> bool {
        self.profiles
            .insert(format!("{site}:{}", handle.to_lowercase()))
    }

    pub fn claim_address(&mut self, street: &str, city: &str, country: &str) -> bool {
        self.addresses.insert(address_key(street, city, country))
    }

    /// Accounts are compared without spaces or dashes.
    pub fn claim_account(&mut self, raw: &str) -> bool {
        self.accounts.insert(
            raw.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_uppercase(),
        )
    }

    pub fn claim_serial(&mut self, serial: &str) -> bool {
        self.serials.insert(serial.to_ascii_uppercase())
    }

    pub fn claim_text(&mut self, text: &str) -> bool {
        self.texts.insert(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_keys() {
        assert_eq!(
            email_key("A.Lex.Dev91+jobs@gmail.com"),
            "alexdev91@gmail.com"
        );
        assert_eq!(email_key("a.b+x@outlook.com"), "a.b@outlook.com");
        assert_eq!(email_key("a.b+x@acme.example"), "a.b+x@acme.example");
    }
}
