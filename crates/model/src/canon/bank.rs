//! Bank accounts: IBANs validated by `iban_validate`, other accounts reduced to country plus
//! digits; both stored only as a keyed hash.

use super::CanonError;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub struct Account {
    /// Electronic IBAN, or `CC:digits` for domestic accounts. Never stored.
    pub plain: String,
    pub detail: String,
}

pub fn canonical(raw: &str, country: Option<&str>) -> Result<Account, CanonError> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let upper = compact.to_ascii_uppercase();
    let looks_like_iban = upper.len() >= 15
        && upper.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic)
        && upper.as_bytes()[2..4].iter().all(u8::is_ascii_digit);
    if looks_like_iban {
        let iban: iban::Iban =
            upper
                .parse()
                .map_err(|e: iban::ParseIbanError| CanonError::Iban {
                    reason: e.to_string(),
                })?;
        use iban::IbanLike;
        let country = iban.country_code().to_string();
        return Ok(Account {
            plain: iban.electronic_str().to_string(),
            detail: format!("iban:{country}"),
        });
    }
    let digits: String = compact
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if digits.len() < 6 || !digits.chars().any(|c| c.is_ascii_digit()) {
        return Err(CanonError::Account {
            reason: "fewer than 6 characters of account number",
        });
    }
    let country = country
        .and_then(super::country_code)
        .ok_or(CanonError::Account {
            reason: "not an IBAN and no bank country given",
        })?;
    Ok(Account {
        plain: format!("{country}:{}", digits.to_ascii_uppercase()),
        detail: format!("domestic:{country}"),
    })
}

/// HMAC-SHA256 of the plain account under the deployment's key, as 32 hex characters.
pub fn keyed_hash(key: &[u8; 32], plain: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(b"unmask/bank-account/v1\0");
    mac.update(plain.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_is_validated_and_compacted() {
        let a = canonical("de89 3704 0044 0532 0130 00", None).expect("valid");
        assert_eq!(a.plain, "DE89370400440532013000");
        assert_eq!(a.detail, "iban:DE");
        let err = canonical("DE89 3704 0044 0532 0130 01", None)
            .err()
            .map(|e| e.to_string());
        assert!(err.unwrap_or_default().starts_with("not a valid IBAN"));
    }

    #[test]
    fn domestic_accounts_need_a_country() {
        let a = canonical("021000021-123456789", Some("US")).expect("valid");
        assert_eq!(a.plain, "US:021000021123456789");
        assert!(canonical("123456789", None).is_err());
        assert!(canonical("12", Some("US")).is_err());
    }

    #[test]
    fn hash_is_keyed_and_stable() {
        let k1 = [1u8; 32];
        let k2 = [2u8; 32];
        assert_eq!(keyed_hash(&k1, "X"), keyed_hash(&k1, "X"));
        assert_ne!(keyed_hash(&k1, "X"), keyed_hash(&k2, "X"));
        assert_eq!(keyed_hash(&k1, "X").len(), 32);
    }
}
