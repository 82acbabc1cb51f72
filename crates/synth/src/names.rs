//! Synthetic personal names: pools by culture, the common names that the `common_name`
//! look-alikes share, and the Korean romanisation variants careful operators hide behind.
//!
//! Every name here is invented by combination; none belongs to a real record.

use rand::Rng;

/// Given names and surnames that go together. Pools are kept small (about 150 of each in all)
/// so that realistic collisions of single tokens happen, while full names stay unique unless a
/// look-alike asks for a duplicate.
pub struct Culture {
    /// The name culture as `truth.json` records it per subject (`western`, `chinese`...).
    pub label: &'static str,
    /// Where a US resident with these names most plausibly holds a second citizenship (empty:
    /// anywhere English-speaking).
    pub homeland: &'static str,
    pub first: &'static [&'static str],
    pub last: &'static [&'static str],
}

pub const ANGLO: Culture = Culture {
    label: "western",
    homeland: "",
    first: &[
        "James", "Emily", "Michael", "Sarah", "David", "Jessica", "Daniel", "Olivia", "Ryan",
        "Hannah", "Matthew", "Rachel", "Andrew", "Megan", "Tyler", "Lauren", "Brandon", "Chloe",
        "Nathan", "Grace", "Kevin", "Abigail", "Ethan", "Natalie", "Jacob", "Madison", "Aiden",
        "Zoe", "Caleb", "Ava", "Logan", "Mia", "Owen", "Ella", "Isaac", "Ruby",
    ],
    last: &[
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker",
        "Hall", "Young", "Wright", "Baker", "Turner", "Collins", "Murphy", "Kelly", "Cooper",
        "Reed",
    ],
};

pub const HISPANIC: Culture = Culture {
    label: "hispanic",
    homeland: "Mexico",
    first: &[
        "José",
        "María",
        "Carlos",
        "Lucía",
        "Alejandro",
        "Sofía",
        "Diego",
        "Valentina",
        "Javier",
        "Camila",
        "Mateo",
        "Isabela",
        "Andrés",
        "Gabriela",
    ],
    last: &[
        "García",
        "Rodríguez",
        "Martínez",
        "Hernández",
        "López",
        "González",
        "Pérez",
        "Sánchez",
        "Ramírez",
        "Torres",
        "Flores",
        "Rivera",
        "Morales",
        "Silva",
        "Oliveira",
        "Santos",
    ],
};

pub const CHINESE: Culture = Culture {
    label: "chinese",
    homeland: "China",
    first: &[
        "Wei", "Li", "Jing", "Hao", "Xin", "Yu", "Ming", "Lei", "Fang", "Jun", "Yan", "Tao",
    ],
    last: &[
        "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Lin",
        "Tan", "Ng", "Wong", "Goh", "Teo",
    ],
};

pub const INDIAN: Culture = Culture {
    label: "indian",
    homeland: "India",
    first: &[
        "Aarav", "Priya", "Rahul", "Ananya", "Vikram", "Divya", "Arjun", "Neha", "Rohan", "Kavya",
        "Sanjay", "Pooja", "Aditya", "Shreya",
    ],
    last: &[
        "Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Rao", "Mehta",
        "Joshi", "Desai",
    ],
};

pub const KOREAN: Culture = Culture {
    label: "korean",
    homeland: "South Korea",
    first: &[
        "Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yoon", "Ji-woo", "Seo-jun", "Su-bin",
        "Hyun-woo", "Ye-jin", "Jae-won", "Eun-ji",
    ],
    last: &[
        "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
    ],
};

pub const JAPANESE: Culture = Culture {
    label: "japanese",
    homeland: "Japan",
    first: &[
        "Hiroshi", "Yuki", "Takumi", "Haruka", "Kenji", "Aoi", "Daiki", "Sakura", "Ren", "Misaki",
        "Sota", "Yui",
    ],
    last: &[
        "Sato",
        "Suzuki",
        "Takahashi",
        "Tanaka",
        "Watanabe",
        "Ito",
        "Yamamoto",
        "Nakamura",
        "Kobayashi",
        "Kato",
        "Yoshida",
        "Yamada",
    ],
};

pub const VIETNAMESE: Culture = Culture {
    label: "vietnamese",
    homeland: "Vietnam",
    first: &[
        "Van Anh",
        "Minh",
        "Thu Trang",
        "Duc",
        "Linh",
        "Quang",
        "Ngoc Lan",
        "Tuan",
        "Huong",
        "Bao",
    ],
    last: &[
        "Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo",
    ],
};

pub const GERMANIC: Culture = Culture {
    label: "germanic",
    homeland: "Germany",
    first: &[
        "Lukas", "Anna", "Jonas", "Lena", "Felix", "Sophie", "Jan", "Marieke", "Sven", "Ingrid",
    ],
    last: &[
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Becker",
        "de Vries",
        "van Dijk",
        "Jansen",
        "Lindqvist",
        "Hansen",
    ],
};

pub const SLAVIC: Culture = Culture {
    label: "slavic",
    homeland: "Poland",
    first: &[
        "Piotr",
        "Katarzyna",
        "Tomasz",
        "Agnieszka",
        "Oleksandr",
        "Olena",
        "Andriy",
        "Iryna",
        "Marek",
        "Zofia",
    ],
    last: &[
        "Nowak",
        "Kowalski",
        "Wiśniewski",
        "Wójcik",
        "Kowalczyk",
        "Shevchenko",
        "Kovalenko",
        "Bondarenko",
        "Melnyk",
        "Novak",
    ],
};

pub const ROMANCE: Culture = Culture {
    label: "romance",
    homeland: "France",
    first: &[
        "Louis",
        "Camille",
        "Hugo",
        "Chloé",
        "Lucas",
        "Giulia",
        "Marco",
        "Francesca",
        "Luca",
        "Chiara",
    ],
    last: &[
        "Martin", "Bernard", "Dubois", "Laurent", "Lefebvre", "Rossi", "Russo", "Ferrari",
        "Esposito", "Bianchi", "Romano", "Ricci",
    ],
};

pub const AFRO_ARABIC: Culture = Culture {
    label: "african_arabic",
    homeland: "Nigeria",
    first: &[
        "Omar", "Fatima", "Ahmed", "Layla", "Youssef", "Amina", "Chinedu", "Ngozi", "Kwame", "Ama",
    ],
    last: &[
        "Hassan", "Ali", "Ibrahim", "Mansour", "Haddad", "Okafor", "Adeyemi", "Mensah", "Boateng",
        "Abubakar",
    ],
};

/// All cultures with their weight among US-based candidates.
pub const CULTURES: &[(&Culture, u32)] = &[
    (&ANGLO, 26),
    (&HISPANIC, 10),
    (&CHINESE, 11),
    (&INDIAN, 12),
    (&KOREAN, 7),
    (&JAPANESE, 5),
    (&VIETNAMESE, 5),
    (&GERMANIC, 6),
    (&SLAVIC, 6),
    (&ROMANCE, 6),
    (&AFRO_ARABIC, 6),
];

/// Pick a culture by weight.
pub fn any_culture(rng: &mut impl Rng) -> &'static Culture {
    let total: u32 = CULTURES.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (culture, weight) in CULTURES {
        if roll < *weight {
            return culture;
        }
        roll -= weight;
    }
    &ANGLO
}

/// A (first, last) pair from one culture; a quarter of the time the given name comes from the
/// Anglo pool, as it often does for second-generation Americans.
pub fn name_from(culture: &Culture, rng: &mut impl Rng) -> (&'static str, &'static str) {
    let first_pool = if rng.gen_bool(0.25) {
        ANGLO.first
    } else {
        culture.first
    };
    (pick(first_pool, rng), pick(culture.last, rng))
}

/// Common given names and surnames per culture; their combinations are reserved for the
/// `common_name` look-alike pairs and never drawn at random.
const COMMON: &[(&str, &[&str], &[&str])] = &[
    (
        "western",
        &[
            "John",
            "Michael",
            "David",
            "James",
            "Robert",
            "Mary",
            "Jennifer",
            "Linda",
            "William",
            "Elizabeth",
            "Thomas",
            "Christopher",
            "Patricia",
            "Susan",
        ],
        &["Smith", "Johnson", "Brown", "Williams", "Jones", "Miller"],
    ),
    (
        "hispanic",
        &["Maria", "Jose", "Juan", "Luis", "Ana"],
        &["Garcia", "Rodriguez", "Hernandez", "Lopez", "Martinez"],
    ),
    (
        "chinese",
        &["Wei", "Jing", "Yan", "Lei", "Min"],
        &["Zhang", "Wang", "Li", "Liu", "Chen"],
    ),
    (
        "korean",
        &["Min-jun", "Ji-hoon", "Seo-yeon", "Ji-woo"],
        &["Kim", "Lee", "Park"],
    ),
    (
        "vietnamese",
        &["Van Anh", "Minh", "Thu Trang", "Duc"],
        &["Nguyen", "Tran", "Le"],
    ),
    (
        "indian",
        &["Rahul", "Priya", "Amit", "Anjali"],
        &["Kumar", "Sharma", "Singh", "Patel"],
    ),
    (
        "japanese",
        &["Hiroshi", "Yuki", "Takashi"],
        &["Sato", "Suzuki", "Tanaka"],
    ),
    (
        "african_arabic",
        &["Mohammed", "Ahmed"],
        &["Ali", "Hassan", "Khan"],
    ),
];

/// Every reserved common full name with its culture label, in a fixed order.
pub fn common_names() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut out = Vec::new();
    for (label, firsts, lasts) in COMMON {
        for last in *lasts {
            for first in *firsts {
                if first != last {
                    out.push((*first, *last, *label));
                }
            }
        }
    }
    out
}

/// Formal given names with a short form people go by, and the culture the pair belongs to.
/// One of the two is on the application, the other on payroll.
pub const NICKNAMES: &[(&str, &str, &Culture)] = &[
    ("Jacob", "Jake", &ANGLO),
    ("William", "Will", &ANGLO),
    ("William", "Bill", &ANGLO),
    ("Robert", "Bob", &ANGLO),
    ("Robert", "Rob", &ANGLO),
    ("Elizabeth", "Liz", &ANGLO),
    ("Elizabeth", "Beth", &ANGLO),
    ("Katherine", "Kate", &ANGLO),
    ("Michael", "Mike", &ANGLO),
    ("Christopher", "Chris", &ANGLO),
    ("Daniel", "Dan", &ANGLO),
    ("Matthew", "Matt", &ANGLO),
    ("Alexander", "Alex", &ANGLO),
    ("Nicholas", "Nick", &ANGLO),
    ("Jonathan", "Jon", &ANGLO),
    ("Benjamin", "Ben", &ANGLO),
    ("Samuel", "Sam", &ANGLO),
    ("Andrew", "Drew", &ANGLO),
    ("Anthony", "Tony", &ANGLO),
    ("Joseph", "Joe", &ANGLO),
    ("Margaret", "Maggie", &ANGLO),
    ("Margaret", "Peggy", &ANGLO),
    ("Jennifer", "Jenny", &ANGLO),
    ("Rebecca", "Becky", &ANGLO),
    ("Abigail", "Abby", &ANGLO),
    ("Zachary", "Zach", &ANGLO),
    ("Timothy", "Tim", &ANGLO),
    ("Richard", "Rick", &ANGLO),
    ("Edward", "Ted", &ANGLO),
    ("Patricia", "Trish", &ANGLO),
    ("Steven", "Steve", &ANGLO),
    ("Gregory", "Greg", &ANGLO),
    ("Jessica", "Jess", &ANGLO),
    ("Francisco", "Paco", &HISPANIC),
    ("José", "Pepe", &HISPANIC),
    ("Aleksandr", "Sasha", &SLAVIC),
    ("Dmitri", "Dima", &SLAVIC),
    ("Giuseppe", "Beppe", &ROMANCE),
];

/// Western given names people from East and South-East Asia adopt, kept with their family name
/// on an application while payroll holds the legal name.
pub const ADOPTED_GIVEN: &[&str] = &[
    "Connor", "Kevin", "Jason", "Eric", "Vivian", "Grace", "Tiffany", "Andy", "Kelvin", "Crystal",
    "Ivy", "Leo", "Sherry", "Vincent",
];

/// Korean given names and surnames with a second romanisation, as the same operator may
/// spell them on two personas (`Kim`/`Gim`, `Lee`/`Yi`).
pub const TRANSLIT_LAST: &[(&str, &str)] = &[
    ("Kim", "Gim"),
    ("Lee", "Yi"),
    ("Park", "Pak"),
    ("Choi", "Choe"),
    ("Jung", "Jeong"),
    ("Kang", "Gang"),
    ("Cho", "Jo"),
    ("Yoon", "Yun"),
    ("Lim", "Im"),
    ("Shin", "Sin"),
    ("Han", "Hahn"),
];

pub const TRANSLIT_FIRST: &[(&str, &str)] = &[
    ("Min-ho", "Minho"),
    ("Hyun-woo", "Hyeon-u"),
    ("Sung-min", "Seong-min"),
    ("Ji-hoon", "Jihun"),
    ("Young-soo", "Yeong-su"),
    ("Dong-hyun", "Donghyeon"),
    ("Jin-woo", "Jinu"),
    ("Kyung-soo", "Gyeong-su"),
    ("Chul-soo", "Cheol-su"),
    ("Tae-yang", "Taeyang"),
];

/// One element of a constant, non-empty pool.
pub fn pick<T: Copy>(pool: &[T], rng: &mut impl Rng) -> T {
    pool[rng.gen_range(0..pool.len())]
}

/// Lower-case ASCII fold of the letters used in the pools (`Wiśniewski` to `wisniewski`),
/// keeping spaces and hyphens; used for uniqueness keys, emails and handles.
pub fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'ę' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => "o",
            'ú' | 'ù' | 'û' | 'ü' => "u",
            'ñ' | 'ń' => "n",
            'ç' | 'ć' => "c",
            'ś' => "s",
            'ł' => "l",
            'ź' | 'ż' => "z",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() || c == ' ' || c == '-' => {
                out.push(c);
                continue;
            }
            _ => continue,
        };
        out.push_str(mapped);
    }
    out
}

/// The folded name with everything but letters and digits removed (`Van Anh` to `vananh`).
pub fn slug(raw: &str) -> String {
    fold(raw)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Uniqueness key of a full name: folded, separators dropped, so `Min-jun Kim` and
/// `Minjun Kim` count as one name.
pub fn name_key(first: &str, last: &str) -> String {
    format!("{} {}", slug(first), slug(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_fold_to_ascii() {
        for (culture, _) in CULTURES {
            for name in culture.first.iter().chain(culture.last.iter()) {
                let s = slug(name);
                assert!(!s.is_empty() && s.is_ascii(), "{name} -> {s}");
            }
        }
        assert_eq!(slug("Wiśniewski"), "wisniewski");
        assert_eq!(slug("de Vries"), "devries");
        assert_eq!(name_key("Min-jun", "Kim"), name_key("Minjun", "Kim"));
    }

    #[test]
    fn pools_are_about_150_each() {
        let first: usize = CULTURES.iter().map(|(c, _)| c.first.len()).sum();
        let last: usize = CULTURES.iter().map(|(c, _)| c.last.len()).sum();
        assert!((140..=170).contains(&first), "{first}");
        assert!((140..=170).contains(&last), "{last}");
        assert!(common_names().len() >= 160);
    }
}
