//! Innocent people: unique names, homes, phones, emails and profiles, a career and a resume,
//! and the application records and references built from them.

use super::{
    Address, Builder, Candidate, Education, Employment, Entry, Outcome, Ref, Reference, DAY, END,
    NOW, START,
};
use crate::career::{self, COMPANIES, DEGREES, DISCIPLINES, RELATIONSHIPS, TITLES};
use crate::names::{self, any_culture, name_from, pick, slug, Culture};
use crate::places::{self, City, Country, Phone};
use crate::resume;
use rand::Rng;

/// What is fixed about an innocent before the rest is drawn.
#[derive(Default)]
pub struct Spec {
    /// Only countries payroll can pay (US or an IBAN country).
    pub hirable: bool,
    pub country: Option<&'static Country>,
    /// An exact name, already reserved, with its culture label.
    pub name: Option<(&'static str, &'static str, &'static str)>,
    /// A family surname; the given name is drawn from `culture`.
    pub surname: Option<&'static str>,
    pub culture: Option<&'static Culture>,
    /// A shared home (families).
    pub home: Option<(Address, &'static City)>,
    /// Force a Gmail address (re-applicants vary it later).
    pub gmail: bool,
}

pub struct Career {
    pub title: String,
    pub company: String,
    pub previous: String,
    pub years: u32,
    pub employments: Vec<Employment>,
    pub educations: Vec<Education>,
}

/// One real innocent person; may apply more than once.
pub struct Person {
    pub first: String,
    pub last: String,
    pub home: Address,
    pub phone: Phone,
    pub phone_style: u8,
    pub email: String,
    pub socials: Vec<String>,
    pub websites: Vec<Entry>,
    pub citizenship: &'static str,
    pub career: Career,
    pub resume: String,
    /// Culture label of the name.
    pub culture: &'static str,
}

pub struct Application {
    pub applied: i64,
    pub outcome: Outcome,
}

/// The culture names are most likely drawn from for residents of `country`.
fn culture_for(country: &Country, rng: &mut impl Rng) -> &'static Culture {
    let local: Option<&'static Culture> = match country.code {
        "JP" => Some(&names::JAPANESE),
        "KR" => Some(&names::KOREAN),
        "VN" => Some(&names::VIETNAMESE),
        "SG" | "MY" => Some(if rng.gen_bool(0.7) {
            &names::CHINESE
        } else {
            &names::INDIAN
        }),
        "IN" => Some(&names::INDIAN),
        "DE" | "NL" => Some(&names::GERMANIC),
        "PL" | "UA" => Some(&names::SLAVIC),
        "FR" | "IT" => Some(&names::ROMANCE),
        "ES" | "BR" => Some(&names::HISPANIC),
        _ => None,
    };
    match local {
        Some(c) if rng.gen_bool(0.85) => c,
        _ => any_culture(rng),
    }
}

fn abroad_citizenship(culture: &Culture, rng: &mut impl Rng) -> &'static str {
    if culture.homeland.is_empty() {
        pick(&["Canada", "United Kingdom"], rng)
    } else {
        culture.homeland
    }
}

impl Builder {
    /// A full name nobody else has.
    pub(crate) fn unique_name(&mut self, culture: &Culture) -> (String, String) {
        for attempt in 0..400 {
            let (first, last) = if attempt < 30 {
                name_from(culture, &mut self.rng)
            } else {
                // The culture's combinations are taken: mix pools, as mixed families do.
                let given = pick(any_culture(&mut self.rng).first, &mut self.rng);
                (given, pick(any_culture(&mut self.rng).last, &mut self.rng))
            };
            if attempt >= 200 {
                // The pools are nearly used up (very large scales): add a middle initial.
                let initial = char::from(b'A' + self.rng.gen_range(0..26u8));
                let first = format!("{first} {initial}.");
                if self.reg.claim_name(&first, last) {
                    return (first, last.to_string());
                }
            } else if self.reg.claim_name(first, last) {
                return (first.to_string(), last.to_string());
            }
        }
        let n = self.out.candidates.len();
        let first = format!("{} {n}", pick(names::ANGLO.first, &mut self.rng));
        self.reg.claim_name(&first, "Smith");
        (first, "Smith".to_string())
    }

    /// A given name for a member of the `surname` family, from the family's culture while
    /// one is free, then from any pool, then with a middle initial.
    fn family_name(&mut self, surname: &'static str, culture: &Culture) -> String {
        let mut attempt = 0;
        loop {
            let pool = if attempt < 50 {
                culture.first
            } else {
                any_culture(&mut self.rng).first
            };
            let mut first = pick(pool, &mut self.rng).to_string();
            if attempt >= 300 {
                let initial = char::from(b'A' + self.rng.gen_range(0..26u8));
                first = format!("{first} {initial}.");
            }
            if self.reg.claim_name(&first, surname) {
                return first;
            }
            attempt += 1;
        }
    }

    pub(crate) fn fresh_home(&mut self, country: &'static Country, city: &City) -> Address {
        loop {
            let street = places::street(country, &mut self.rng);
            if self.reg.claim_address(&street, city.name, country.code) {
                return Address {
                    street,
                    city: city.name,
                    country,
                };
            }
        }
    }

    pub(crate) fn fresh_mobile(&mut self, country: &'static Country, city: &City) -> Phone {
        loop {
            let phone = places::mobile(country, city, &mut self.rng);
            if self.reg.claim_phone(&phone) {
                return phone;
            }
        }
    }

    /// A personal address at a free-mail provider (or, rarely, a personal `.example` domain).
    pub(crate) fn personal_email(&mut self, first: &str, last: &str, gmail: bool) -> String {
        let (f, l) = (slug(first), slug(last));
        let f0 = f.chars().next().unwrap_or('x');
        let l0 = l.chars().next().unwrap_or('x');
        for attempt in 0..100 {
            let mut local = match self.rng.gen_range(0..8) {
                0 => format!("{f}.{l}"),
                1 => format!("{f}{l}"),
                2 => format!("{f0}.{l}"),
                3 => format!("{f}_{l}"),
                4 => format!("{l}.{f}"),
                5 => format!("{f}{l0}"),
                6 => format!("{f}.{l}{}", self.rng.gen_range(1..99)),
                _ => format!("{f}{l}{}", self.rng.gen_range(70..100)),
            };
            if attempt > 3 {
                local.push_str(&self.rng.gen_range(1..999).to_string());
            }
            let domain = if gmail {
                "gmail.com"
            } else {
                match self.rng.gen_range(0..100) {
                    0..=44 => "gmail.com",
                    45..=59 => "outlook.com",
                    60..=74 => "yahoo.com",
                    75..=89 => "proton.me",
                    _ => {
                        local = f.clone();
                        if attempt > 3 {
                            local.push_str(&self.rng.gen_range(1..99).to_string());
                        }
                        let email = format!("{local}@{f}{l}.example");
                        if self.reg.claim_email(&email) {
                            return email;
                        }
                        continue;
                    }
                }
            };
            let email = format!("{local}@{domain}");
            if self.reg.claim_email(&email) {
                return email;
            }
        }
        // Unreachable in practice: a counter makes the local part unique.
        let email = format!("{f}.{l}.{}@gmail.com", self.out.candidates.len());
        self.reg.claim_email(&email);
        email
    }

    pub(crate) fn innocent_github(&mut self, first: &str, last: &str) -> String {
        let (f, l) = (slug(first), slug(last));
        let f0 = f.chars().next().unwrap_or('x');
        loop {
            let handle = match self.rng.gen_range(0..7) {
                0 => format!("{f}{l}"),
                1 => format!("{f0}{l}"),
                2 => format!("{l}-{f}"),
                3 => format!("{f}-{l}"),
                4 => format!("{f}{l}{}", self.rng.gen_range(1..100)),
                5 => format!("{f0}{l}{}", self.rng.gen_range(1..1000)),
                _ => format!("{f}codes{}", self.rng.gen_range(1..100)),
            };
            if self.reg.claim_profile("github", &handle) {
                return handle;
            }
        }
    }

    pub(crate) fn linkedin(&mut self, first: &str, last: &str) -> String {
        let (f, l) = (slug(first), slug(last));
        loop {
            let handle = if self.rng.gen_bool(0.3) {
                format!("{f}-{l}")
            } else {
                format!("{f}-{l}-{:06x}", self.rng.gen_range(0..0x100_0000u32))
            };
            if self.reg.claim_profile("linkedin", &handle) {
                return format!("https://www.linkedin.com/in/{handle}");
            }
        }
    }

    fn website(&mut self, first: &str, last: &str, github: Option<&str>) -> Option<Entry> {
        let host = match github {
            Some(handle) if self.rng.gen_bool(0.5) => {
                format!("{}.github.io", handle.to_lowercase())
            }
            _ => format!("{}{}.example", slug(first), slug(last)),
        };
        self.reg.claim_profile("web", &host).then(|| {
            Entry::new(
                format!("https://{host}"),
                if self.rng.gen_bool(0.5) {
                    "personal"
                } else {
                    "portfolio"
                },
            )
        })
    }

    fn career(&mut self, country: &Country, title: Option<&str>) -> Career {
        let years = self.rng.gen_range(2..=18u32);
        let title = title.map_or_else(|| pick(TITLES, &mut self.rng).to_string(), str::to_string);
        let company = pick(COMPANIES, &mut self.rng).to_string();
        let mut previous = pick(COMPANIES, &mut self.rng).to_string();
        if previous == company {
            previous = "Granite Telecom".to_string();
        }
        let current_years = self.rng.gen_range(1..=years.min(6)) as i32;
        let start = (2025 - current_years, self.rng.gen_range(1..=12));
        let mut employments = vec![Employment {
            company: company.clone(),
            title: title.clone(),
            start,
            end: None,
        }];
        let career_start = 2025 - years as i32;
        if years as i32 > current_years {
            employments.push(Employment {
                company: previous.clone(),
                title: pick(TITLES, &mut self.rng).to_string(),
                start: (career_start, self.rng.gen_range(1..=12)),
                end: Some((start.0, start.1)),
            });
        }
        let school_country = if self.rng.gen_bool(0.8) {
            country.code
        } else {
            "US"
        };
        let mut educations = vec![Education {
            school: pick(career::schools(school_country), &mut self.rng),
            degree: "Bachelor's Degree",
            discipline: pick(DISCIPLINES, &mut self.rng),
            start_year: career_start - 4,
            end_year: career_start,
        }];
        if self.rng.gen_bool(0.3) {
            educations.push(Education {
                school: pick(career::schools(school_country), &mut self.rng),
                degree: pick(DEGREES, &mut self.rng),
                discipline: pick(DISCIPLINES, &mut self.rng),
                start_year: career_start,
                end_year: career_start + 2,
            });
        }
        Career {
            title,
            company,
            previous,
            years,
            employments,
            educations,
        }
    }

    fn innocent_resume(&mut self, career: &Career, city: &str) -> String {
        loop {
            let facts = resume::Facts {
                title: &career.title,
                company: &career.company,
                previous: &career.previous,
                city,
                years: career.years,
            };
            let text = resume::innocent(&facts, &mut self.rng);
            if self.reg.claim_text(&text) {
                return text;
            }
        }
    }

    /// A new innocent person, every artifact their own except what `spec` fixes.
    pub(crate) fn innocent(&mut self, spec: Spec) -> Person {
        let country = spec.country.unwrap_or_else(|| {
            if spec.hirable {
                places::weighted(places::HIRABLE, &mut self.rng)
            } else {
                places::weighted(places::INNOCENT_HOMES, &mut self.rng)
            }
        });
        let (home, city) = match spec.home {
            Some(h) => h,
            None => {
                let city = places::pick_city(country, &mut self.rng);
                (self.fresh_home(country, city), city)
            }
        };
        let culture = match spec.culture {
            Some(c) => c,
            None => culture_for(country, &mut self.rng),
        };
        let (first, last, label) = match (spec.name, spec.surname) {
            (Some((f, l, label)), _) => (f.to_string(), l.to_string(), label),
            (None, Some(surname)) => (
                self.family_name(surname, culture),
                surname.to_string(),
                culture.label,
            ),
            (None, None) => {
                let (f, l) = self.unique_name(culture);
                (f, l, culture.label)
            }
        };
        let phone = self.fresh_mobile(country, city);
        let phone_style = self.rng.gen_range(0..places::Phone::STYLES);
        let email = self.personal_email(&first, &last, spec.gmail);
        let mut socials = Vec::new();
        let github = self
            .rng
            .gen_bool(0.45)
            .then(|| self.innocent_github(&first, &last));
        if self.rng.gen_bool(0.7) {
            socials.push(self.linkedin(&first, &last));
        }
        if let Some(handle) = &github {
            socials.push(format!("https://github.com/{handle}"));
        }
        let mut websites = Vec::new();
        if self.rng.gen_bool(0.12) {
            websites.extend(self.website(&first, &last, github.as_deref()));
        }
        // A few US residents hold another citizenship, usually their family's country.
        let citizenship = if country.code == "US" && self.rng.gen_bool(0.1) {
            abroad_citizenship(culture, &mut self.rng)
        } else {
            country.name
        };
        let career = self.career(country, None);
        let resume = self.innocent_resume(&career, city.name);
        Person {
            first,
            last,
            home,
            phone,
            phone_style,
            email,
            socials,
            websites,
            citizenship,
            career,
            resume,
            culture: label,
        }
    }

    /// When someone applied and how it ended. Hires apply early enough to have started work.
    pub(crate) fn schedule(&mut self, hired: bool, earliest: i64, latest: i64) -> Application {
        let latest = if hired {
            latest.min(NOW - 110 * DAY)
        } else {
            latest
        };
        let earliest = earliest.min(latest - DAY);
        let applied = self.rng.gen_range(earliest..latest);
        let outcome = if hired {
            Outcome::Hired {
                at: applied + self.rng.gen_range(20 * DAY..50 * DAY),
            }
        } else if applied < NOW - 45 * DAY && self.rng.gen_bool(0.92) {
            Outcome::Rejected {
                at: applied + self.rng.gen_range(3 * DAY..40 * DAY),
                stage: self.rng.gen_range(0..4),
            }
        } else {
            Outcome::Active {
                stage: self.rng.gen_range(0..4),
            }
        };
        Application { applied, outcome }
    }

    pub(crate) fn default_window(&self) -> (i64, i64) {
        (START, END)
    }

    /// The candidate record for one application of `person`.
    pub(crate) fn innocent_record(
        &mut self,
        person: &Person,
        app: Application,
        source: &'static str,
    ) -> usize {
        let job = self.rng.gen_range(0..career::JOBS.len());
        let c = Candidate {
            first: person.first.clone(),
            last: person.last.clone(),
            company: person.career.company.clone(),
            title: person.career.title.clone(),
            applied: app.applied,
            phones: vec![Entry::new(
                person.phone.format(person.phone_style),
                "mobile",
            )],
            emails: vec![Entry::new(person.email.clone(), "personal")],
            websites: person.websites.clone(),
            socials: person.socials.clone(),
            address: person.home.clone(),
            source,
            job,
            outcome: app.outcome,
            educations: person.career.educations.clone(),
            employments: person.career.employments.clone(),
            citizenship: person.citizenship,
            location: person.home.location(),
            resume: person.resume.clone(),
            culture: person.culture,
        };
        self.push_candidate(c)
    }

    /// A source for an ordinary applicant.
    pub(crate) fn innocent_source(&mut self) -> &'static str {
        match self.rng.gen_range(0..100) {
            0..=49 => "LinkedIn",
            50..=91 => "Jobs page on your website",
            92..=97 => "Upwork",
            _ => "Freelancer",
        }
    }

    /// A third party's name (a referee), claimed so no candidate or other referee has it.
    pub(crate) fn outsider_name(&mut self) -> String {
        let culture = any_culture(&mut self.rng);
        let (first, last) = self.unique_name(culture);
        format!("{first} {last}")
    }

    /// An email for a reference: at the stated company's domain or at a free-mail provider.
    pub(crate) fn reference_email(&mut self, name: &str, company: &str, corporate: bool) -> String {
        let parts: Vec<String> = name.split(' ').map(slug).collect();
        let f = parts.first().cloned().unwrap_or_default();
        let l = parts.last().cloned().unwrap_or_default();
        let mut n = 0;
        loop {
            let suffix = if n == 0 { String::new() } else { n.to_string() };
            let email = if corporate {
                format!("{f}.{l}{suffix}@{}.example", slug(company))
            } else {
                let domain = pick(&["gmail.com", "outlook.com", "yahoo.com"], &mut self.rng);
                format!("{f}{l}.ref{suffix}@{domain}")
            };
            if self.reg.claim_email(&email) {
                return email;
            }
            n += self.rng.gen_range(1..20);
        }
    }

    /// One or two references with contacts of their own.
    pub(crate) fn innocent_references(&mut self, cand: usize, person: &Person) {
        let count = self.rng.gen_range(1..=2);
        let country = person.home.country;
        for i in 0..count {
            let name = self.outsider_name();
            let company = if i == 0 {
                person.career.company.clone()
            } else {
                person.career.previous.clone()
            };
            let corporate = self.rng.gen_bool(0.6);
            let email = self.reference_email(&name, &company, corporate);
            let city = places::pick_city(country, &mut self.rng);
            let phone = self.fresh_mobile(country, city);
            let style = self.rng.gen_range(0..Phone::STYLES);
            self.out.references.push(Reference {
                candidate: cand,
                name,
                email,
                phone: phone.format(style),
                relationship: pick(RELATIONSHIPS, &mut self.rng),
                company,
            });
        }
    }

    /// The ~280 per scale unit ordinary applicants, ~33 of them hired. Returns the hired
    /// ones that can refer a friend: (employee index, their phone).
    pub(crate) fn ordinary_innocents(&mut self) -> Vec<(usize, Phone)> {
        // The other look-alikes add about 20 candidates and 8 hires per unit.
        let total = 282 * self.scale;
        let hires = 33 * self.scale;
        let mut referrers = Vec::new();
        for i in 0..total {
            let hired = i < hires;
            let person = self.innocent(Spec {
                hirable: hired,
                ..Spec::default()
            });
            let (earliest, latest) = self.default_window();
            let app = self.schedule(hired, earliest, latest);
            let source = self.innocent_source();
            let cand = self.innocent_record(&person, app, source);
            if self.rng.gen_bool(0.4) {
                self.innocent_references(cand, &person);
            }
            let mut refs = vec![Ref::Cand(cand)];
            if hired {
                let emp = self.hire_own(cand);
                refs.push(Ref::Emp(emp));
                referrers.push((emp, person.phone.clone()));
            }
            self.out.people.push((false, refs));
        }
        referrers
    }
}
