//! Employers, job titles, schools, the hiring company's open jobs, pipeline stages, candidate
//! sources and laptop models: the non-identifying vocabulary of the demo world.

/// Fictional employers; their email domains are `<slug>.example`.
pub const COMPANIES: &[&str] = &[
    "Northwind Labs",
    "Bluefin Analytics",
    "Copperleaf Systems",
    "Brightpath Health",
    "Ironclad Logistics",
    "Lumen Retail",
    "Orbital Payments",
    "Cedar & Pine Media",
    "Quartz Robotics",
    "Harborview Insurance",
    "Summit Cloudworks",
    "Pinecrest Software",
    "Redwood Data",
    "Silverline Fintech",
    "Tidewater Energy",
    "Evergreen EdTech",
    "Nimbus Games",
    "Kestrel Security",
    "Atlas Freight",
    "Meridian Bank",
    "Foxglove Studio",
    "Granite Telecom",
    "Horizon Travel",
    "Juniper Biotech",
    "Lakeside Manufacturing",
    "Mosaic Marketing",
    "Nova Mobility",
    "Oakridge Consulting",
    "Polaris AI",
    "Riverbend Foods",
    "Sapphire Commerce",
    "Trellis HR",
    "Umbra Labs",
    "Vantage Analytics",
    "Willow Pay",
    "Zephyr Cloud",
    "Crescent Health",
    "Driftwood Apps",
    "Emberline Software",
    "Falcon Aerospace",
];

/// Employers operators like to claim: vague, remote-friendly, hard to check.
pub const CLAIMED_COMPANIES: &[&str] = &[
    "Freelance",
    "Self-employed",
    "Toptal (contract)",
    "Upwork (contract)",
    "BlockWave Labs",
    "CryptoNest Studio",
    "Pixelforge Solutions",
    "Apex Dev Agency",
    "Skyline Web Services",
    "Global IT Partners",
];

pub const TITLES: &[&str] = &[
    "Software Engineer",
    "Senior Software Engineer",
    "Backend Engineer",
    "Full Stack Developer",
    "Frontend Engineer",
    "DevOps Engineer",
    "Data Engineer",
    "Mobile Developer",
    "QA Engineer",
    "Engineering Manager",
    "Site Reliability Engineer",
    "Machine Learning Engineer",
    "Product Engineer",
    "Platform Engineer",
];

pub const OPERATOR_TITLES: &[&str] = &[
    "Senior Full Stack Developer",
    "Senior Blockchain Developer",
    "Lead Software Engineer",
    "Senior Backend Engineer",
    "Senior React Developer",
    "Senior Mobile Developer",
];

/// Schools by ISO country code.
pub const SCHOOLS: &[(&str, &[&str])] = &[
    (
        "US",
        &[
            "University of Texas at Austin",
            "Georgia Institute of Technology",
            "University of Washington",
            "Purdue University",
            "Rutgers University",
            "San Jose State University",
            "University of Illinois Urbana-Champaign",
            "Arizona State University",
        ],
    ),
    ("CA", &["University of Toronto", "University of Waterloo"]),
    (
        "GB",
        &[
            "University of Manchester",
            "University of Edinburgh",
            "King's College London",
        ],
    ),
    (
        "DE",
        &["Technical University of Munich", "RWTH Aachen University"],
    ),
    (
        "NL",
        &["Delft University of Technology", "University of Amsterdam"],
    ),
    ("FR", &["École Polytechnique", "INSA Lyon"]),
    (
        "PL",
        &[
            "Warsaw University of Technology",
            "AGH University of Krakow",
        ],
    ),
    ("ES", &["Universidad Politécnica de Madrid"]),
    ("IE", &["Trinity College Dublin"]),
    (
        "IT",
        &["Politecnico di Milano", "Sapienza University of Rome"],
    ),
    (
        "UA",
        &[
            "Kyiv Polytechnic Institute",
            "Lviv Polytechnic National University",
        ],
    ),
    ("IN", &["IIT Bombay", "VIT Vellore", "Anna University"]),
    ("BR", &["Universidade de São Paulo"]),
    ("JP", &["University of Tokyo", "Osaka University"]),
    (
        "SG",
        &[
            "National University of Singapore",
            "Nanyang Technological University",
        ],
    ),
    ("KR", &["Seoul National University", "KAIST"]),
    (
        "VN",
        &[
            "Hanoi University of Science and Technology",
            "Ho Chi Minh City University of Technology",
        ],
    ),
    (
        "MY",
        &["Universiti Malaya", "Universiti Teknologi Malaysia"],
    ),
];

pub fn schools(country: &str) -> &'static [&'static str] {
    SCHOOLS
        .iter()
        .find(|(cc, _)| *cc == country)
        .map_or(SCHOOLS[0].1, |(_, s)| s)
}

pub const DEGREES: &[&str] = &["Bachelor's Degree", "Bachelor's Degree", "Master's Degree"];
pub const DISCIPLINES: &[&str] = &[
    "Computer Science",
    "Software Engineering",
    "Electrical Engineering",
    "Mathematics",
    "Information Systems",
    "Physics",
];

/// Open jobs at the hiring company: (Greenhouse job id, name).
pub const JOBS: &[(u64, &str)] = &[
    (87001, "Senior Backend Engineer"),
    (87002, "Full Stack Engineer"),
    (87003, "Senior Frontend Engineer (React)"),
    (87004, "DevOps Engineer"),
    (87005, "Mobile Engineer (iOS)"),
    (87006, "Data Engineer"),
    (87007, "Blockchain Developer"),
    (87008, "Machine Learning Engineer"),
    (87009, "QA Automation Engineer"),
];

/// Jobs operators apply for (indices into [`JOBS`]).
pub const OPERATOR_JOBS: &[usize] = &[0, 1, 2, 4, 6];

/// Pipeline stages: (id, name). The last is where hired applications end.
pub const STAGES: &[(u64, &str)] = &[
    (2708001, "Application Review"),
    (2708002, "Recruiter Screen"),
    (2708003, "Technical Interview"),
    (2708004, "Onsite"),
    (2708005, "Offer"),
];

/// Candidate sources: (id, public name).
pub const SOURCES: &[(u64, &str)] = &[
    (1001, "LinkedIn"),
    (1002, "Upwork"),
    (1003, "Freelancer"),
    (1004, "Telegram"),
    (1005, "Jobs page on your website"),
    (1006, "Referral"),
    (1007, "TalentBridge Recruiting"),
    (1008, "Northstar Talent Partners"),
];

pub fn source_id(name: &str) -> u64 {
    SOURCES
        .iter()
        .find(|(_, n)| *n == name)
        .map_or(0, |(id, _)| *id)
}

pub const RELATIONSHIPS: &[&str] = &[
    "Former manager",
    "Manager",
    "Colleague",
    "Team lead",
    "Client",
    "Mentor",
];

/// Laptop models with the serial-number prefix their vendor uses.
pub const LAPTOPS: &[(&str, &str, usize)] = &[
    ("MacBook Pro 14-inch (M3 Pro, 2023)", "C02", 9),
    ("MacBook Pro 16-inch (M3 Max, 2023)", "C02", 9),
    ("MacBook Air 13-inch (M2, 2022)", "FVF", 9),
    ("Dell Latitude 7440", "", 7),
    ("Lenovo ThinkPad X1 Carbon Gen 11", "PF", 6),
];
