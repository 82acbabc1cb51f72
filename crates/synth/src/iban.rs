//! Bank accounts: IBANs with correct ISO 7064 mod-97 check digits (and the national check
//! digits where a country has simple ones), and US `routing-account` pairs.

use crate::names::pick;
use rand::Rng;

/// Countries an IBAN can be generated for.
pub const IBAN_COUNTRIES: &[&str] = &["DE", "GB", "NL", "BE", "PL", "FR", "IE", "ES"];

/// Published routing numbers of large US banks (valid ABA checksums).
const US_ROUTING: &[&str] = &[
    "021000021",
    "026009593",
    "121000248",
    "011000138",
    "122000661",
    "031176110",
    "322271627",
    "111000614",
    "071000013",
    "091000019",
];

fn digits(rng: &mut impl Rng, count: usize) -> String {
    (0..count)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// A BBAN for `country` with an optional fixed bank code (a payout provider's).
fn bban(country: &str, bank: Option<&str>, rng: &mut impl Rng) -> String {
    match country {
        "DE" => {
            let blz = bank.unwrap_or_else(|| {
                pick(
                    &[
                        "10010010", "37040044", "50010517", "20041133", "12030000", "70020270",
                    ],
                    rng,
                )
            });
            format!("{blz}{}", digits(rng, 10))
        }
        "GB" => {
            let code = bank.unwrap_or_else(|| pick(&["NWBK", "BARC", "MIDL", "LOYD", "HBUK"], rng));
            format!("{code}{}{}", digits(rng, 6), digits(rng, 8))
        }
        "NL" => {
            let code = bank.unwrap_or_else(|| pick(&["ABNA", "INGB", "RABO", "KNAB", "BUNQ"], rng));
            format!("{code}{}", digits(rng, 10))
        }
        "BE" => {
            let code = bank.unwrap_or_else(|| pick(&["001", "068", "363", "735"], rng));
            let first = format!("{code}{}", digits(rng, 7));
            let check = match mod97(&first) {
                0 => 97,
                r => r,
            };
            format!("{first}{check:02}")
        }
        "PL" => {
            let code = bank
                .unwrap_or_else(|| pick(&["10202498", "11402004", "10501445", "12401037"], rng));
            format!("{code}{}", digits(rng, 16))
        }
        "FR" => {
            let code = bank.unwrap_or_else(|| pick(&["30004", "30003", "20041", "30006"], rng));
            let branch = digits(rng, 5);
            let account = digits(rng, 11);
            // RIB key: 97 - (89 bank + 15 branch + 3 account) mod 97.
            let sum = 89 * mod97(code) + 15 * mod97(&branch) + 3 * mod97(&account);
            let key = 97 - sum % 97;
            format!("{code}{branch}{account}{key:02}")
        }
        "IE" => {
            let code = bank.unwrap_or_else(|| pick(&["AIBK", "BOFI"], rng));
            format!("{code}{}{}", digits(rng, 6), digits(rng, 8))
        }
        _ => {
            // ES: bank, branch, two national check digits, account.
            let code = bank.unwrap_or_else(|| pick(&["2100", "0049", "0182", "2085"], rng));
            let branch = digits(rng, 4);
            let account = digits(rng, 10);
            let first = es_check(&format!("00{code}{branch}"));
            let second = es_check(&account);
            format!("{code}{branch}{first}{second}{account}")
        }
    }
}

fn es_check(digits: &str) -> u32 {
    const WEIGHTS: [u32; 10] = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
    let sum: u32 = digits
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        11 => 0,
        10 => 1,
        d => d,
    }
}

/// Remainder modulo 97 of a string of digits and letters (`A` = 10 ... `Z` = 35).
pub fn mod97(s: &str) -> u32 {
    let mut rem: u32 = 0;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            rem = (rem * 10 + d) % 97;
        } else if c.is_ascii_alphabetic() {
            let v = u32::from(c.to_ascii_uppercase() as u8 - b'A') + 10;
            rem = (rem * 100 + v) % 97;
        }
    }
    rem
}

/// Electronic (compact) IBAN from country and BBAN.
pub fn assemble(country: &str, bban: &str) -> String {
    let check = 98 - mod97(&format!("{bban}{country}00"));
    format!("{country}{check:02}{bban}")
}

/// A valid IBAN for `country` (falls back to ES rules for unknown codes).
pub fn iban(country: &str, bank: Option<&str>, rng: &mut impl Rng) -> String {
    assemble(country, &bban(country, bank, rng))
}

/// Paper format: groups of four separated by spaces.
pub fn paper(iban: &str) -> String {
    let chars: Vec<char> = iban.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A US domestic account as `routing-account`.
pub fn us_account(rng: &mut impl Rng) -> String {
    let len = rng.gen_range(8..=12);
    let mut account = digits(rng, len);
    if account.starts_with('0') {
        account.replace_range(..1, "4");
    }
    format!("{}-{account}", pick(US_ROUTING, rng))
}

/// A domestic account in a country without IBANs, as its banks print it: Japan
/// `bank-branch-account` (4, 3 and 7 digits), Singapore `branch-account-check` (3, 6, 1).
pub fn domestic_account(country: &str, rng: &mut impl Rng) -> String {
    match country {
        "JP" => format!(
            "{}-{}-{}",
            pick(&["0001", "0005", "0009", "0033", "0036"], rng),
            digits(rng, 3),
            digits(rng, 7)
        ),
        _ => format!("{}-{}-{}", digits(rng, 3), digits(rng, 6), digits(rng, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn known_iban_checks() {
        // Published example IBANs.
        assert_eq!(
            assemble("DE", "370400440532013000"),
            "DE89370400440532013000"
        );
        assert_eq!(
            assemble("GB", "NWBK60161331926819"),
            "GB29NWBK60161331926819"
        );
        assert_eq!(assemble("BE", "539007547034"), "BE68539007547034");
        assert_eq!(
            paper("GB29NWBK60161331926819"),
            "GB29 NWBK 6016 1331 9268 19"
        );
    }

    #[test]
    fn lengths_and_routing_checksums() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let want = [
            ("DE", 22),
            ("GB", 22),
            ("NL", 18),
            ("BE", 16),
            ("PL", 28),
            ("FR", 27),
            ("IE", 22),
            ("ES", 24),
        ];
        for (cc, len) in want {
            for _ in 0..50 {
                let i = iban(cc, None, &mut rng);
                assert_eq!(i.len(), len, "{i}");
                let rotated = format!("{}{}", &i[4..], &i[..4]);
                assert_eq!(mod97(&rotated), 1, "{i}");
            }
        }
        for r in US_ROUTING {
            let d: Vec<u32> = r.chars().filter_map(|c| c.to_digit(10)).collect();
            let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8];
            assert_eq!(sum % 10, 0, "{r}");
        }
    }
}
