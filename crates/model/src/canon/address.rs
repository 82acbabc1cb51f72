//! Postal addresses: Unicode folded to ASCII, lower case, punctuation dropped, common street
//! words abbreviated, and the country reduced to its ISO code, as `line|city|cc`.

use super::name::fold;

const ABBREVIATIONS: &[(&str, &str)] = &[
    ("street", "st"),
    ("str", "st"),
    ("avenue", "ave"),
    ("av", "ave"),
    ("road", "rd"),
    ("boulevard", "blvd"),
    ("drive", "dr"),
    ("lane", "ln"),
    ("court", "ct"),
    ("place", "pl"),
    ("square", "sq"),
    ("terrace", "ter"),
    ("highway", "hwy"),
    ("parkway", "pkwy"),
    ("circle", "cir"),
    ("apartment", "apt"),
    ("apt", "apt"),
    ("unit", "apt"),
    ("flat", "apt"),
    ("suite", "ste"),
    ("floor", "fl"),
    ("building", "bldg"),
    ("north", "n"),
    ("south", "s"),
    ("east", "e"),
    ("west", "w"),
    ("northeast", "ne"),
    ("northwest", "nw"),
    ("southeast", "se"),
    ("southwest", "sw"),
    ("saint", "st"),
    ("mount", "mt"),
    ("strasse", "st"),
];

/// Country names and common variants to ISO 3166 alpha-2.
const COUNTRIES: &[(&str, &str)] = &[
    ("united states", "US"),
    ("united states of america", "US"),
    ("usa", "US"),
    ("us", "US"),
    ("america", "US"),
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("great britain", "GB"),
    ("england", "GB"),
    ("gb", "GB"),
    ("canada", "CA"),
    ("germany", "DE"),
    ("deutschland", "DE"),
    ("france", "FR"),
    ("italy", "IT"),
    ("italia", "IT"),
    ("spain", "ES"),
    ("portugal", "PT"),
    ("netherlands", "NL"),
    ("the netherlands", "NL"),
    ("belgium", "BE"),
    ("poland", "PL"),
    ("ukraine", "UA"),
    ("romania", "RO"),
    ("sweden", "SE"),
    ("norway", "NO"),
    ("denmark", "DK"),
    ("finland", "FI"),
    ("ireland", "IE"),
    ("switzerland", "CH"),
    ("austria", "AT"),
    ("czech republic", "CZ"),
    ("czechia", "CZ"),
    ("japan", "JP"),
    ("south korea", "KR"),
    ("korea", "KR"),
    ("republic of korea", "KR"),
    ("china", "CN"),
    ("hong kong", "HK"),
    ("taiwan", "TW"),
    ("singapore", "SG"),
    ("malaysia", "MY"),
    ("vietnam", "VN"),
    ("viet nam", "VN"),
    ("thailand", "TH"),
    ("philippines", "PH"),
    ("indonesia", "ID"),
    ("india", "IN"),
    ("australia", "AU"),
    ("new zealand", "NZ"),
    ("mexico", "MX"),
    ("brazil", "BR"),
    ("argentina", "AR"),
    ("russia", "RU"),
    ("russian federation", "RU"),
    ("laos", "LA"),
    ("cambodia", "KH"),
    ("united arab emirates", "AE"),
    ("uae", "AE"),
    ("nigeria", "NG"),
    ("south africa", "ZA"),
    ("israel", "IL"),
    ("turkey", "TR"),
    ("pakistan", "PK"),
];

/// ISO alpha-2 code for a country name or code; `None` when unknown.
pub fn country_code(raw: &str) -> Option<String> {
    let folded = fold(raw);
    if folded.is_empty() {
        return None;
    }
    if let Some((_, code)) = COUNTRIES.iter().find(|(name, _)| *name == folded) {
        return Some((*code).to_string());
    }
    let upper = folded.to_ascii_uppercase();
    (upper.len() == 2 && upper.bytes().all(|b| b.is_ascii_alphabetic())).then_some(upper)
}

/// US state and territory codes, read only with a ZIP code after them.
const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR", "GU", "VI",
];

/// Canadian province and territory codes, read only with a postal code after them.
const CA_PROVINCES: &[&str] = &[
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// The country a free-text place names (`Seattle, United States`, `Austin, TX 78701`,
/// `Toronto, ON M5V 2T6`), from its last comma-separated part: a country name or alias, or a US
/// state with a ZIP code, or a Canadian province with a postal code. A bare two-letter part is
/// not read as an ISO code, since in a place it is more often a state (`Boise, ID`).
pub fn place_country(place: &str) -> Option<&'static str> {
    let last = place.rsplit(',').next()?.trim();
    let folded = fold(last);
    if folded.len() > 2 {
        if let Some((_, code)) = COUNTRIES.iter().find(|(name, _)| *name == folded) {
            return Some(code);
        }
    }
    let mut words = last.split_whitespace();
    let (Some(region), Some(code)) = (words.next(), words.next()) else {
        return None;
    };
    let rest: Vec<&str> = words.collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let zip = rest.is_empty()
        && (digits(code, 5)
            || code
                .split_once('-')
                .is_some_and(|(a, b)| digits(a, 5) && digits(b, 4)));
    if zip && US_STATES.contains(&region) {
        return Some("US");
    }
    // `A1A 1A1`: letter, digit, letter, then digit, letter, digit.
    let shape = |s: &str, letters_first: bool| {
        s.len() == 3
            && s.bytes().enumerate().all(|(i, b)| {
                (i % 2 == 0) == letters_first && b.is_ascii_uppercase()
                    || (i % 2 == 0) != letters_first && b.is_ascii_digit()
            })
    };
    if rest.len() == 1
        && CA_PROVINCES.contains(&region)
        && shape(code, true)
        && shape(rest[0], false)
    {
        return Some("CA");
    }
    None
}

fn normalize_part(raw: &str) -> String {
    let folded = fold(&raw.replace('#', " apt "));
    folded
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| {
            ABBREVIATIONS
                .iter()
                .find(|(long, _)| *long == t)
                .map_or(t, |(_, short)| short)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn normalize_address(line: &str, city: &str, country: &str) -> String {
    let country = country_code(country).unwrap_or_else(|| fold(country));
    format!(
        "{}|{}|{}",
        normalize_part(line),
        normalize_part(city),
        country.to_ascii_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_meet() {
        let a = normalize_address("123 North Main Street, Apt. 4", "New York", "USA");
        let b = normalize_address("123 N. Main St #4", "new york", "United States");
        assert_eq!(a, "123 n main st apt 4|new york|us");
        assert_eq!(a, b);
    }

    #[test]
    fn unicode_is_folded() {
        assert_eq!(
            normalize_address("Königstraße 5", "München", "Deutschland"),
            "konigstrasse 5|munchen|de"
        );
    }

    #[test]
    fn places() {
        assert_eq!(place_country("Seattle, United States"), Some("US"));
        assert_eq!(place_country("Remote - Viet Nam"), None);
        assert_eq!(place_country("Hanoi, Viet Nam"), Some("VN"));
        assert_eq!(
            place_country("6615 Adams Ln, Los Angeles, CA 90066"),
            Some("US")
        );
        assert_eq!(
            place_country("1 Main St, Austin, TX 78701-1234"),
            Some("US")
        );
        assert_eq!(
            place_country("9 King St W, Toronto, ON M5V 2T6"),
            Some("CA")
        );
        // A state alone is no country, nor an ISO code that happens to match one.
        assert_eq!(place_country("Boise, ID"), None);
        assert_eq!(place_country("London SW11 4NJ"), None);
        assert_eq!(place_country(""), None);
    }

    #[test]
    fn countries() {
        assert_eq!(country_code("Viet Nam").as_deref(), Some("VN"));
        assert_eq!(country_code("jp").as_deref(), Some("JP"));
        assert_eq!(country_code("Atlantis"), None);
    }
}
