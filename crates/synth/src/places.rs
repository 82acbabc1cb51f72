//! Countries, cities, street addresses and phone numbers.
//!
//! Phone numbers are built from prefixes that libphonenumber's metadata accepts (real US area
//! codes with exchanges 2xx-9xx, UK `77xx`/`79xx` mobiles, Japanese `90`/`80`...), so every
//! number the generator writes canonicalises; the crate's tests check that.

use crate::names::pick;
use rand::Rng;

pub struct City {
    pub name: &'static str,
    /// Area codes for North American numbers; empty elsewhere.
    pub areas: &'static [&'static str],
    /// Relative weight when a city is drawn from its country.
    pub weight: u32,
}

pub struct Country {
    /// ISO 3166 alpha-2.
    pub code: &'static str,
    /// As written in addresses and custom fields.
    pub name: &'static str,
    pub dial: &'static str,
    pub cities: &'static [City],
    /// Mobile prefixes after the country code; the rest of the number is random digits.
    pub mobile: &'static [&'static str],
    /// Digits of a national (significant) number.
    pub len: usize,
    /// How the national number is grouped when written with spaces.
    pub groups: &'static [usize],
    /// Street templates: `{n}` is a house number, `{k}` a flat or unit number.
    pub streets: &'static [&'static str],
}

const fn city(name: &'static str) -> City {
    City {
        name,
        areas: &[],
        weight: 1,
    }
}

pub const US: Country = Country {
    code: "US",
    name: "United States",
    dial: "1",
    cities: &[
        City {
            name: "San Francisco",
            areas: &["415", "628"],
            weight: 12,
        },
        City {
            name: "New York",
            areas: &["212", "646", "917", "718", "347", "929"],
            weight: 5,
        },
        City {
            name: "Seattle",
            areas: &["206"],
            weight: 3,
        },
        City {
            name: "Austin",
            areas: &["512", "737"],
            weight: 3,
        },
        City {
            name: "Boston",
            areas: &["617"],
            weight: 2,
        },
        City {
            name: "Chicago",
            areas: &["312", "773"],
            weight: 3,
        },
        City {
            name: "Denver",
            areas: &["303", "720"],
            weight: 2,
        },
        City {
            name: "Los Angeles",
            areas: &["213", "310", "323"],
            weight: 3,
        },
        City {
            name: "Miami",
            areas: &["305", "786"],
            weight: 1,
        },
        City {
            name: "Atlanta",
            areas: &["404", "678"],
            weight: 2,
        },
        City {
            name: "Houston",
            areas: &["713", "832"],
            weight: 1,
        },
        City {
            name: "Dallas",
            areas: &["214", "972"],
            weight: 2,
        },
        City {
            name: "Portland",
            areas: &["503", "971"],
            weight: 1,
        },
        City {
            name: "San Jose",
            areas: &["408"],
            weight: 2,
        },
        City {
            name: "Jersey City",
            areas: &["201"],
            weight: 1,
        },
        City {
            name: "Las Vegas",
            areas: &["702"],
            weight: 1,
        },
        City {
            name: "San Diego",
            areas: &["619", "858"],
            weight: 1,
        },
        City {
            name: "Oakland",
            areas: &["510"],
            weight: 1,
        },
        City {
            name: "Palo Alto",
            areas: &["650"],
            weight: 1,
        },
        City {
            name: "Phoenix",
            areas: &["602", "480"],
            weight: 1,
        },
        City {
            name: "Minneapolis",
            areas: &["612"],
            weight: 1,
        },
        City {
            name: "Philadelphia",
            areas: &["215", "267"],
            weight: 1,
        },
        City {
            name: "Raleigh",
            areas: &["919"],
            weight: 1,
        },
        City {
            name: "Salt Lake City",
            areas: &["801"],
            weight: 1,
        },
        City {
            name: "Pittsburgh",
            areas: &["412"],
            weight: 1,
        },
        City {
            name: "Nashville",
            areas: &["615"],
            weight: 1,
        },
    ],
    mobile: &[],
    len: 10,
    groups: &[3, 3, 4],
    streets: &[],
};

pub const CA: Country = Country {
    code: "CA",
    name: "Canada",
    dial: "1",
    cities: &[
        City {
            name: "Toronto",
            areas: &["416", "647"],
            weight: 2,
        },
        City {
            name: "Vancouver",
            areas: &["604", "778"],
            weight: 1,
        },
        City {
            name: "Montreal",
            areas: &["514", "438"],
            weight: 1,
        },
    ],
    mobile: &[],
    len: 10,
    groups: &[3, 3, 4],
    streets: &[],
};

pub const GB: Country = Country {
    code: "GB",
    name: "United Kingdom",
    dial: "44",
    cities: &[
        city("London"),
        city("Manchester"),
        city("Edinburgh"),
        city("Bristol"),
        city("Leeds"),
    ],
    mobile: &[
        "771", "772", "773", "774", "775", "776", "777", "794", "795", "796", "797", "798", "799",
        "740", "741", "742", "743",
    ],
    len: 10,
    groups: &[4, 6],
    streets: &[
        "{n} Abbey Road",
        "{n} Victoria Street",
        "{n} Elm Grove",
        "{n} Church Lane",
        "Flat {k} {n} Queens Road",
        "{n} Mill Lane",
        "{n} Park Crescent",
        "{n} Station Road",
        "Flat {k} {n} Kingsway",
        "{n} Orchard Close",
    ],
};

pub const DE: Country = Country {
    code: "DE",
    name: "Germany",
    dial: "49",
    cities: &[
        city("Berlin"),
        city("Munich"),
        city("Hamburg"),
        city("Frankfurt"),
    ],
    mobile: &[
        "170", "171", "172", "173", "174", "175", "176", "177", "178", "179",
    ],
    len: 11,
    groups: &[3, 8],
    streets: &[
        "Lindenstraße {n}",
        "Bergstraße {n}",
        "Gartenweg {n}",
        "Schillerstraße {n}",
        "Goethestraße {n}",
        "Bahnhofstraße {n}",
        "Rosenweg {n}",
        "Kastanienallee {n}",
    ],
};

pub const NL: Country = Country {
    code: "NL",
    name: "Netherlands",
    dial: "31",
    cities: &[city("Amsterdam"), city("Utrecht"), city("Rotterdam")],
    mobile: &["61", "62", "63", "64", "65", "68"],
    len: 9,
    groups: &[1, 8],
    streets: &[
        "Prinsengracht {n}",
        "Keizersgracht {n}",
        "Herenstraat {n}",
        "Molenweg {n}",
        "Kerkstraat {n}",
        "Tulpstraat {n}",
    ],
};

pub const FR: Country = Country {
    code: "FR",
    name: "France",
    dial: "33",
    cities: &[city("Paris"), city("Lyon"), city("Toulouse")],
    mobile: &[
        "60", "61", "62", "64", "65", "66", "67", "68", "73", "74", "75", "76", "77",
    ],
    len: 9,
    groups: &[1, 2, 2, 2, 2],
    streets: &[
        "{n} rue de la Paix",
        "{n} rue Victor Hugo",
        "{n} rue des Lilas",
        "{n} rue du Moulin",
        "{n} avenue Pasteur",
        "{n} boulevard Voltaire",
    ],
};

pub const PL: Country = Country {
    code: "PL",
    name: "Poland",
    dial: "48",
    cities: &[
        city("Warsaw"),
        city("Kraków"),
        city("Wrocław"),
        city("Gdańsk"),
    ],
    mobile: &[
        "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88",
    ],
    len: 9,
    groups: &[3, 3, 3],
    streets: &[
        "ul. Mickiewicza {n}/{k}",
        "ul. Słowackiego {n}",
        "ul. Kościuszki {n}/{k}",
        "ul. Długa {n}",
        "ul. Lipowa {n}",
        "ul. Polna {n}/{k}",
    ],
};

pub const ES: Country = Country {
    code: "ES",
    name: "Spain",
    dial: "34",
    cities: &[city("Madrid"), city("Barcelona"), city("Valencia")],
    mobile: &["60", "61", "62", "63", "64", "65", "66", "67", "68", "69"],
    len: 9,
    groups: &[3, 3, 3],
    streets: &[
        "Calle Mayor {n}",
        "Calle de Alcalá {n}",
        "Carrer de Mallorca {n}",
        "Calle Colón {n}",
        "Avenida del Puerto {n}",
    ],
};

pub const IE: Country = Country {
    code: "IE",
    name: "Ireland",
    dial: "353",
    cities: &[city("Dublin"), city("Cork")],
    mobile: &["83", "85", "86", "87", "89"],
    len: 9,
    groups: &[2, 3, 4],
    streets: &[
        "{n} Harcourt Road",
        "{n} Leeson Street",
        "{n} Griffith Avenue",
        "{n} Blackrock Road",
    ],
};

pub const IT: Country = Country {
    code: "IT",
    name: "Italy",
    dial: "39",
    cities: &[city("Milan"), city("Rome"), city("Turin")],
    mobile: &[
        "320", "328", "329", "333", "338", "339", "340", "347", "348", "349", "366", "380", "388",
        "392",
    ],
    len: 10,
    groups: &[3, 7],
    streets: &[
        "Via Roma {n}",
        "Via Garibaldi {n}",
        "Via Mazzini {n}",
        "Via Verdi {n}",
        "Corso Cavour {n}",
        "Via Dante {n}",
    ],
};

pub const UA: Country = Country {
    code: "UA",
    name: "Ukraine",
    dial: "380",
    cities: &[city("Kyiv"), city("Lviv"), city("Kharkiv")],
    mobile: &["67", "68", "50", "63", "66", "73", "93", "96", "97", "98"],
    len: 9,
    groups: &[2, 3, 2, 2],
    streets: &[
        "vul. Shevchenka {n} kv. {k}",
        "vul. Franka {n}",
        "vul. Sadova {n} kv. {k}",
        "prosp. Peremohy {n}",
        "vul. Lesi Ukrainky {n}",
    ],
};

pub const IN: Country = Country {
    code: "IN",
    name: "India",
    dial: "91",
    cities: &[
        city("Bengaluru"),
        city("Pune"),
        city("Hyderabad"),
        city("Chennai"),
    ],
    mobile: &["98", "99", "97", "96", "94", "93", "91", "90"],
    len: 10,
    groups: &[5, 5],
    streets: &[
        "{n} 5th Cross Road Koramangala",
        "{n} MG Road",
        "{n} Baner Road",
        "{n} Anna Salai",
        "Flat {k} {n} Residency Road",
    ],
};

pub const BR: Country = Country {
    code: "BR",
    name: "Brazil",
    dial: "55",
    cities: &[city("São Paulo"), city("Rio de Janeiro")],
    mobile: &["119", "219"],
    len: 11,
    groups: &[2, 5, 4],
    streets: &[
        "Rua Augusta {n}",
        "Rua das Flores {n}",
        "Avenida Paulista {n}",
        "Rua da Consolação {n}",
    ],
};

pub const JP: Country = Country {
    code: "JP",
    name: "Japan",
    dial: "81",
    cities: &[city("Tokyo"), city("Osaka"), city("Fukuoka")],
    mobile: &[
        "901", "902", "903", "904", "905", "906", "907", "908", "909", "801", "802", "803", "804",
        "805", "806", "807", "808", "809",
    ],
    len: 10,
    groups: &[2, 4, 4],
    streets: &[
        "{k}-{n} Jingumae",
        "{k}-{n} Nakameguro",
        "{k}-{n} Umeda",
        "{k}-{n} Tenjin",
        "{k}-{n} Sangenjaya",
        "{k}-{n} Ebisu",
    ],
};

pub const SG: Country = Country {
    code: "SG",
    name: "Singapore",
    dial: "65",
    cities: &[city("Singapore")],
    mobile: &[
        "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95",
        "96", "97", "98",
    ],
    len: 8,
    groups: &[4, 4],
    streets: &[
        "Blk {n} Tampines Street 21 #{k}-12",
        "Blk {n} Ang Mo Kio Avenue 3 #{k}-08",
        "Blk {n} Bedok North Road #{k}-31",
        "Blk {n} Jurong West Street 52 #{k}-05",
        "{n} Tanjong Pagar Road",
    ],
};

pub const KR: Country = Country {
    code: "KR",
    name: "South Korea",
    dial: "82",
    cities: &[city("Seoul"), city("Busan")],
    mobile: &["101", "102", "103", "104", "106", "107", "108", "109"],
    len: 10,
    groups: &[2, 4, 4],
    streets: &[
        "{n} Teheran-ro Gangnam-gu",
        "{n} Olympic-ro Songpa-gu",
        "{n} Haeundae-ro",
        "{n} Sejong-daero",
    ],
};

pub const VN: Country = Country {
    code: "VN",
    name: "Vietnam",
    dial: "84",
    cities: &[city("Ho Chi Minh City"), city("Hanoi"), city("Da Nang")],
    mobile: &["90", "91", "93", "94", "96", "97", "98"],
    len: 9,
    groups: &[2, 3, 4],
    streets: &[
        "{n} Le Loi Street",
        "{n} Nguyen Hue Street",
        "{n} Tran Hung Dao Street",
        "{n} Hai Ba Trung Street",
    ],
};

pub const MY: Country = Country {
    code: "MY",
    name: "Malaysia",
    dial: "60",
    cities: &[city("Kuala Lumpur"), city("Penang")],
    mobile: &["12", "16"],
    len: 9,
    groups: &[2, 3, 4],
    streets: &[
        "{n} Jalan Ampang",
        "{n} Jalan Bukit Bintang",
        "{n} Jalan Tun Razak",
        "{n} Jalan Sultan Ismail",
    ],
};

/// Home countries of innocent candidates with their weights.
pub const INNOCENT_HOMES: &[(&Country, u32)] = &[
    (&US, 55),
    (&CA, 4),
    (&GB, 6),
    (&DE, 4),
    (&NL, 3),
    (&FR, 3),
    (&PL, 3),
    (&ES, 2),
    (&IE, 2),
    (&IN, 5),
    (&BR, 2),
    (&JP, 3),
    (&SG, 3),
    (&KR, 2),
    (&VN, 1),
    (&UA, 1),
];

/// Countries whose residents can be hired here: payroll pays into a US account or an IBAN.
pub const HIRABLE: &[(&Country, u32)] = &[
    (&US, 80),
    (&GB, 6),
    (&DE, 4),
    (&NL, 3),
    (&FR, 2),
    (&PL, 3),
    (&ES, 1),
    (&IE, 1),
];

/// Citizenships operators falsely claim.
pub const CLAIMED_CITIZENSHIP: &[&Country] = &[&IT, &JP, &MY, &SG, &UA, &US, &VN];

/// European countries an operator persona may claim to live in.
pub const CLAIMED_EUROPE: &[&Country] = &[&GB, &DE, &NL, &FR, &PL, &IT, &ES, &UA];

pub fn weighted<T: Copy>(pool: &[(T, u32)], rng: &mut impl Rng) -> T {
    let total: u32 = pool.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (item, weight) in pool {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    pool[0].0
}

pub fn pick_city(country: &'static Country, rng: &mut impl Rng) -> &'static City {
    let total: u32 = country.cities.iter().map(|c| c.weight).sum();
    let mut roll = rng.gen_range(0..total);
    for city in country.cities {
        if roll < city.weight {
            return city;
        }
        roll -= city.weight;
    }
    &country.cities[0]
}

pub fn is_nanp(country: &Country) -> bool {
    country.dial == "1"
}

const US_STREET_NAMES: &[&str] = &[
    "Oak",
    "Maple",
    "Cedar",
    "Pine",
    "Elm",
    "Willow",
    "Lake",
    "Hill",
    "Park",
    "Washington",
    "Lincoln",
    "Jefferson",
    "Madison",
    "Franklin",
    "Highland",
    "Sunset",
    "River",
    "Spring",
    "Church",
    "Mill",
    "Meadow",
    "Forest",
    "Valley",
    "Ridge",
    "Chestnut",
    "Walnut",
    "Hickory",
    "Magnolia",
    "Juniper",
    "Aspen",
    "Birch",
    "Sycamore",
    "Laurel",
    "Cherry",
    "Dogwood",
    "Poplar",
    "Summit",
    "Grove",
    "Orchard",
    "Harbor",
    "Bay",
    "Mission",
    "Valencia",
    "Greenwood",
    "Fairview",
    "Lakeview",
    "Prospect",
    "Union",
    "Kingsley",
    "Alder",
];
const US_SUFFIXES: &[&str] = &[
    "Street",
    "Avenue",
    "Road",
    "Drive",
    "Lane",
    "Court",
    "Place",
    "Boulevard",
    "Way",
    "Terrace",
];

/// A street line (no commas) in `city`; uniqueness is the caller's business.
pub fn street(country: &Country, rng: &mut impl Rng) -> String {
    if is_nanp(country) || country.streets.is_empty() {
        let mut line = format!(
            "{} {} {}",
            rng.gen_range(10..9990),
            pick(US_STREET_NAMES, rng),
            pick(US_SUFFIXES, rng)
        );
        if rng.gen_bool(0.3) {
            line.push_str(&format!(" Apt {}", rng.gen_range(1..40)));
        }
        return line;
    }
    pick(country.streets, rng)
        .replace("{n}", &rng.gen_range(1..220).to_string())
        .replace("{k}", &rng.gen_range(1..40).to_string())
}

/// A phone number: country calling code plus national significant number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub dial: &'static str,
    pub national: String,
    pub groups: &'static [usize],
}

impl Phone {
    pub fn e164(&self) -> String {
        format!("+{}{}", self.dial, self.national)
    }

    /// The same number with a different last digit (a careful operator's "new" line).
    pub fn with_last_digit(&self, digit: u8) -> Phone {
        let mut national = self.national.clone();
        national.pop();
        national.push(char::from(b'0' + digit % 10));
        Phone {
            national,
            ..self.clone()
        }
    }

    pub fn last_digit(&self) -> u8 {
        self.national
            .bytes()
            .last()
            .map_or(0, |b| b.saturating_sub(b'0'))
    }

    fn grouped(&self, sep: &str) -> String {
        let mut parts = Vec::new();
        let mut rest = self.national.as_str();
        for &g in self.groups {
            if rest.len() <= g {
                break;
            }
            let (head, tail) = rest.split_at(g);
            parts.push(head);
            rest = tail;
        }
        parts.push(rest);
        parts.join(sep)
    }

    /// Number of distinct written forms [`Phone::format`] produces.
    pub const STYLES: u8 = 4;

    /// One of several ways people write the same number. North American numbers may be
    /// written nationally (the demo's default region is US); all others carry `+country`.
    pub fn format(&self, style: u8) -> String {
        if self.dial == "1" {
            let n = &self.national;
            let (a, e, l) = (&n[..3], &n[3..6], &n[6..]);
            return match style % Self::STYLES {
                0 => format!("({a}) {e}-{l}"),
                1 => format!("{a}-{e}-{l}"),
                2 => format!("+1 {a} {e} {l}"),
                _ => format!("+1{n}"),
            };
        }
        match style % Self::STYLES {
            0 => format!("+{} {}", self.dial, self.grouped(" ")),
            1 => format!("+{}{}", self.dial, self.national),
            2 => format!("00{} {}", self.dial, self.grouped(" ")),
            _ => format!("+{}-{}", self.dial, self.grouped("-")),
        }
    }
}

fn digits(rng: &mut impl Rng, count: usize, out: &mut String) {
    for _ in 0..count {
        out.push(char::from(b'0' + rng.gen_range(0..10u8)));
    }
}

/// A North American number in `area`: exchange 2xx-9xx, never 555 or an N11 code.
fn nanp(area: &str, rng: &mut impl Rng) -> String {
    loop {
        let exchange: u32 = rng.gen_range(200..1000);
        if exchange == 555 || exchange % 100 == 11 || exchange == 950 || exchange == 976 {
            continue;
        }
        let mut out = format!("{area}{exchange}");
        digits(rng, 4, &mut out);
        return out;
    }
}

/// A mobile number in `country`, local to `city` where numbers carry an area code.
pub fn mobile(country: &'static Country, city: &City, rng: &mut impl Rng) -> Phone {
    let national = if is_nanp(country) {
        let area = if city.areas.is_empty() {
            pick(pick_city(country, rng).areas, rng)
        } else {
            pick(city.areas, rng)
        };
        nanp(area, rng)
    } else {
        let mut out = pick(country.mobile, rng).to_string();
        let rest = country.len.saturating_sub(out.len());
        digits(rng, rest, &mut out);
        out
    };
    Phone {
        dial: country.dial,
        national,
        groups: country.groups,
    }
}

/// A home landline: North American numbers look alike; UK homes get a London `20` number.
pub fn landline(country: &'static Country, city: &City, rng: &mut impl Rng) -> Phone {
    if country.code == "GB" {
        let mut national = pick(&["207", "208"], rng).to_string();
        digits(rng, 7, &mut national);
        return Phone {
            dial: "44",
            national,
            groups: &[2, 4, 4],
        };
    }
    mobile(country, city, rng)
}

/// The agency's switchboard, declared benign in `unmask.toml`.
pub fn agency_phone() -> Phone {
    Phone {
        dial: "1",
        national: "2125550147".to_string(),
        groups: US.groups,
    }
}

/// The undeclared agency's switchboard (a 555-01xx number, reserved for fiction).
pub fn other_agency_phone() -> Phone {
    Phone {
        dial: "1",
        national: "6465550182".to_string(),
        groups: US.groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let p = agency_phone();
        assert_eq!(p.format(0), "(212) 555-0147");
        assert_eq!(p.format(2), "+1 212 555 0147");
        let ua = Phone {
            dial: "380",
            national: "671234567".into(),
            groups: UA.groups,
        };
        assert_eq!(ua.format(0), "+380 67 123 45 67");
        assert_eq!(ua.format(2), "00380 67 123 45 67");
        assert_eq!(ua.format(3), "+380-67-123-45-67");
        assert_eq!(ua.with_last_digit(3).national, "671234563");
    }
}
