//! Operators: one real team behind several personas with false claims.
//!
//! Careless operators (about 60%) reuse artifacts exactly, and every persona after the first
//! reuses at least one artifact of an earlier one, so the reuse graph is connected: the same
//! mobile in another format, the same Gmail inbox with dots or a `+tag`, the same GitHub
//! handle, or a reference row whose made-up referee has another persona's email or phone.
//!
//! Careful operators reuse nothing exactly. Their personas only resemble each other: handle
//! stems with other digits, phones one digit apart, email local parts that are near misses,
//! paraphrased resumes and, for a few, Korean names romanised two ways.
//!
//! Persona names are mostly not Korean: reported operators present Western, Japanese, Chinese
//! or Vietnamese identities (often bought or stolen ones). A quarter of operators keep one
//! common surname (`Smith`, `Nguyen`, `Wang`) across their personas and vary the given name.

use super::lookalikes::gmail_variant;
use super::{Builder, Candidate, Education, Employment, Entry, Ref, Reference, END, START};
use crate::career::{
    self, CLAIMED_COMPANIES, COMPANIES, DISCIPLINES, OPERATOR_JOBS, OPERATOR_TITLES, RELATIONSHIPS,
};
use crate::names::{self, pick, slug, Culture, TRANSLIT_FIRST, TRANSLIT_LAST};
use crate::places::{self, Country, Phone};
use crate::resume::Template;
use rand::seq::SliceRandom;
use rand::Rng;

const HANDLE_ADJ: &[&str] = &[
    "smart", "gold", "sky", "lucky", "blue", "happy", "rocket", "silent", "brave", "swift", "cool",
    "dark", "super", "crypto", "pixel", "star", "iron", "royal", "magic", "rapid",
];
const HANDLE_NOUN: &[&str] = &[
    "dev", "coder", "fox", "tiger", "star", "ninja", "king", "wolf", "byte", "hacker", "eagle",
    "panda", "dragon", "master", "guru", "bear", "hawk", "builder", "wizard", "sol",
];
const EMAIL_GIVEN: &[&str] = &[
    "alex", "max", "leo", "sam", "ken", "ben", "dan", "tom", "nick", "eric", "ryan", "kevin",
    "jack", "mike", "andy",
];
const EMAIL_WORD: &[&str] = &[
    "dev", "code", "tech", "web", "soft", "pro", "js", "eng", "stack",
];
const FREE_MAIL: &[&str] = &["gmail.com", "outlook.com", "proton.me", "yahoo.com"];

/// How a careless persona reuses an earlier persona's artifact.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Link {
    Phone,
    Email,
    Github,
    RefEmail,
    RefPhone,
}

const LINKS: &[(Link, u32)] = &[
    (Link::Phone, 3),
    (Link::Email, 3),
    (Link::Github, 3),
    (Link::RefEmail, 1),
    (Link::RefPhone, 1),
];

/// What later personas of the same operator can reuse.
struct Persona {
    phone: Phone,
    phone_style: u8,
    email: String,
    github: String,
}

/// How an operator names its personas.
#[derive(Clone, Copy)]
enum Naming {
    /// A name per persona from the claimed country's culture or the team's favourite one, no
    /// surname twice.
    Mixed(&'static Culture),
    /// One common surname on every persona, the given name varied.
    SharedSurname(&'static str, &'static Culture),
    /// Korean names romanised two ways on pairs of personas (careful operators only).
    Romanised,
}

/// Name cultures operators present, with weights: Western names (bought or stolen identities)
/// first, then the East Asian cultures whose accents they can pass for.
const OPERATOR_CULTURES: &[(&Culture, u32)] = &[
    (&names::ANGLO, 45),
    (&names::CHINESE, 20),
    (&names::JAPANESE, 15),
    (&names::VIETNAMESE, 15),
    (&names::KOREAN, 5),
];

/// Surnames common enough to reuse across personas without standing out.
const SHARED_SURNAMES: &[(&str, &Culture)] = &[
    ("Smith", &names::ANGLO),
    ("Johnson", &names::ANGLO),
    ("Brown", &names::ANGLO),
    ("Miller", &names::ANGLO),
    ("Nguyen", &names::VIETNAMESE),
    ("Tran", &names::VIETNAMESE),
    ("Wang", &names::CHINESE),
    ("Chen", &names::CHINESE),
    ("Liu", &names::CHINESE),
    ("Tanaka", &names::JAPANESE),
    ("Sato", &names::JAPANESE),
];

/// A careful operator's near-variant material.
struct Careful {
    stem: String,
    given: &'static str,
    word: &'static str,
    digits: u32,
    phone: Phone,
    free_digits: Vec<u8>,
    names: Vec<(String, String)>,
}

fn culture_of(country: &Country) -> &'static Culture {
    match country.code {
        "IT" => &names::ROMANCE,
        "JP" => &names::JAPANESE,
        "MY" | "SG" => &names::CHINESE,
        "UA" => &names::SLAVIC,
        "VN" => &names::VIETNAMESE,
        _ => &names::ANGLO,
    }
}

fn github_url(handle: &str, style: u8) -> String {
    match style % 4 {
        0 => format!("https://github.com/{handle}"),
        1 => format!("github.com/{handle}"),
        2 => format!("https://www.github.com/{handle}/"),
        _ => {
            let mut cs = handle.chars();
            let upper = cs
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default();
            format!("https://github.com/{upper}")
        }
    }
}

impl Builder {
    /// 8 operators per scale unit: one in eight runs 8-12 personas, one in eight only 2, the
    /// rest 3-6; about 40% of each operator's personas are hired, except one operator in
    /// eight that never got through.
    pub(crate) fn operators(&mut self) {
        let count = 8 * self.scale;
        let careless_count = (count * 3 + 2) / 5;
        let mut careless: Vec<bool> = (0..count).map(|i| i < careless_count).collect();
        careless.shuffle(&mut self.rng);
        let mut plans: Vec<(usize, bool)> = (0..count)
            .map(|i| {
                let size = match i % 8 {
                    0 => self.rng.gen_range(8..=12),
                    1 => 2,
                    _ => self.rng.gen_range(3..=6),
                };
                (size, i % 8 != 7)
            })
            .collect();
        plans.shuffle(&mut self.rng);
        for (careless, (size, gets_hired)) in careless.into_iter().zip(plans) {
            let hires = if gets_hired {
                ((4 * size + 5) / 10).max(1)
            } else {
                0
            };
            self.operator(careless, size, hires);
        }
    }

    fn operator(&mut self, careless: bool, size: usize, hires: usize) {
        let mut hired: Vec<bool> = (0..size).map(|i| i < hires).collect();
        hired.shuffle(&mut self.rng);
        let template = Template::new(pick(OPERATOR_TITLES, &mut self.rng), &mut self.rng);
        let naming = self.naming(careless);
        let mut careful = (!careless).then(|| self.careful_material(size, naming));
        let mut surnames: Vec<String> = careful
            .as_ref()
            .map(|c| c.names.iter().map(|(_, l)| l.clone()).collect())
            .unwrap_or_default();
        let mut personas: Vec<Persona> = Vec::new();
        let mut refs = Vec::new();

        for (k, &is_hired) in hired.iter().enumerate() {
            let citizenship = pick(places::CLAIMED_CITIZENSHIP, &mut self.rng);
            let country: &'static Country = if is_hired || self.rng.gen_bool(0.6) {
                &places::US
            } else {
                pick(places::CLAIMED_EUROPE, &mut self.rng)
            };
            let city = places::pick_city(country, &mut self.rng);
            let (first, last, culture) =
                match careful.as_mut().and_then(|c| c.names.get(k).cloned()) {
                    Some((first, last)) => (first, last, names::KOREAN.label),
                    None => self.persona_name(naming, citizenship, &mut surnames),
                };
            let home = self.fresh_home(country, city);
            let phone_country = if self.rng.gen_bool(0.6) {
                country
            } else {
                citizenship
            };
            let phone_city = places::pick_city(phone_country, &mut self.rng);

            // Links to earlier personas (careless only), decided before fresh values are drawn.
            let mut links: Vec<(usize, Link)> = Vec::new();
            if careless && k > 0 {
                let kind = places::weighted(LINKS, &mut self.rng);
                links.push((self.rng.gen_range(0..k), kind));
                if self.rng.gen_bool(0.35) {
                    let extra = places::weighted(LINKS, &mut self.rng);
                    if extra != kind {
                        links.push((self.rng.gen_range(0..k), extra));
                    }
                }
            }
            let linked = |kind: Link| links.iter().find(|(_, l)| *l == kind).map(|(p, _)| *p);

            let (phone, phone_style) = match (linked(Link::Phone), careful.as_mut()) {
                (Some(p), _) => {
                    let parent = &personas[p];
                    let style = parent.phone_style + self.rng.gen_range(1..Phone::STYLES);
                    (parent.phone.clone(), style % Phone::STYLES)
                }
                (None, Some(c)) => {
                    let phone = self.careful_phone(c, k, phone_country, phone_city);
                    (phone, self.rng.gen_range(0..Phone::STYLES))
                }
                (None, None) => (
                    self.fresh_mobile(phone_country, phone_city),
                    self.rng.gen_range(0..Phone::STYLES),
                ),
            };
            let email = match (linked(Link::Email), careful.as_ref()) {
                (Some(p), _) => gmail_variant(&personas[p].email, &mut self.rng),
                (None, Some(c)) => self.careful_email(c, k),
                (None, None) => self.operator_gmail(&first, &last),
            };
            let github = match (linked(Link::Github), careful.as_ref()) {
                (Some(p), _) => personas[p].github.clone(),
                (None, Some(c)) => self.handle_with_digits(&c.stem.clone()),
                (None, None) => {
                    let stem = format!(
                        "{}{}",
                        pick(HANDLE_ADJ, &mut self.rng),
                        pick(HANDLE_NOUN, &mut self.rng)
                    );
                    self.handle_with_digits(&stem)
                }
            };

            let mut socials = vec![github_url(&github, self.rng.gen_range(0..4))];
            if self.rng.gen_bool(0.6) {
                socials.push(self.linkedin(&first, &last));
            }
            if self.rng.gen_bool(0.35) {
                let stem = format!("{}_{}", pick(HANDLE_ADJ, &mut self.rng), slug(&first));
                let handle = self.handle_with_digits(&stem);
                if self.reg.claim_profile("telegram", &handle) {
                    socials.push(format!("https://t.me/{handle}"));
                }
            }

            let (employments, educations) =
                self.claimed_career(citizenship, template_title(&template));
            let company = employments
                .first()
                .map_or_else(String::new, |e| e.company.clone());
            let resume = self.persona_resume(&template, careless);
            let source = places::weighted(
                &[
                    ("LinkedIn", 35),
                    ("Upwork", 30),
                    ("Freelancer", 15),
                    ("Telegram", 20),
                ],
                &mut self.rng,
            );
            let app = self.schedule(is_hired, START, END);
            let job = pick(OPERATOR_JOBS, &mut self.rng);
            let cand = self.push_candidate(Candidate {
                first: first.clone(),
                last: last.clone(),
                company: company.clone(),
                title: template_title(&template).to_string(),
                applied: app.applied,
                phones: vec![Entry::new(phone.format(phone_style), "mobile")],
                emails: vec![Entry::new(email.clone(), "personal")],
                websites: Vec::new(),
                socials,
                address: home.clone(),
                source,
                job,
                outcome: app.outcome,
                educations,
                employments,
                citizenship: citizenship.name,
                location: home.location(),
                resume,
                culture,
            });
            refs.push(Ref::Cand(cand));

            // Fabricated references: made-up referees with another persona's contacts.
            for (p, kind) in &links {
                let parent = &personas[*p];
                let (email_of_parent, phone_of_parent) = match kind {
                    Link::RefEmail => (Some(parent.email.clone()), None),
                    Link::RefPhone => (None, Some((parent.phone.clone(), parent.phone_style))),
                    _ => continue,
                };
                let name = self.outsider_name();
                let ref_email = match email_of_parent {
                    Some(e) if self.rng.gen_bool(0.5) => e,
                    Some(e) => gmail_variant(&e, &mut self.rng),
                    None => self.reference_email(&name, &company, false),
                };
                let ref_phone = match phone_of_parent {
                    Some((ph, style)) => ph.format(style + 1),
                    None => {
                        let c = places::pick_city(&places::US, &mut self.rng);
                        self.fresh_mobile(&places::US, c)
                            .format(self.rng.gen_range(0..4))
                    }
                };
                self.out.references.push(Reference {
                    candidate: cand,
                    name,
                    email: ref_email,
                    phone: ref_phone,
                    relationship: pick(RELATIONSHIPS, &mut self.rng),
                    company: company.clone(),
                });
            }
            if self.rng.gen_bool(0.3) {
                self.fresh_fabricated_reference(cand, &company);
            }
            if is_hired {
                refs.push(Ref::Emp(self.hire(cand, 0.25)));
            }
            personas.push(Persona {
                phone,
                phone_style,
                email,
                github,
            });
        }
        self.out.people.push((true, refs));
    }

    fn naming(&mut self, careless: bool) -> Naming {
        let roll = self.rng.gen_range(0..100);
        if roll < 25 {
            let (surname, culture) = pick(SHARED_SURNAMES, &mut self.rng);
            Naming::SharedSurname(surname, culture)
        } else if !careless && roll < 40 {
            Naming::Romanised
        } else {
            Naming::Mixed(places::weighted(OPERATOR_CULTURES, &mut self.rng))
        }
    }

    /// A unique name for the next persona, with its culture label. Every loop is bounded: when
    /// the shared surname's combinations or fresh surnames run out, a unique name from the
    /// culture is used as it comes.
    fn persona_name(
        &mut self,
        naming: Naming,
        citizenship: &Country,
        surnames: &mut Vec<String>,
    ) -> (String, String, &'static str) {
        let favourite = match naming {
            Naming::SharedSurname(surname, culture) => {
                for _ in 0..40 {
                    let pool = if self.rng.gen_bool(0.3) {
                        names::ANGLO.first
                    } else {
                        culture.first
                    };
                    let first = pick(pool, &mut self.rng);
                    if self.reg.claim_name(first, surname) {
                        return (first.to_string(), surname.to_string(), culture.label);
                    }
                }
                culture
            }
            Naming::Mixed(culture) => culture,
            Naming::Romanised => &names::ANGLO,
        };
        let culture = if self.rng.gen_bool(0.5) {
            culture_of(citizenship)
        } else {
            favourite
        };
        for _ in 0..20 {
            let (first, last) = self.unique_name(culture);
            if !surnames.contains(&last) {
                surnames.push(last.clone());
                return (first, last, culture.label);
            }
        }
        let (first, last) = self.unique_name(culture);
        (first, last, culture.label)
    }

    fn careful_material(&mut self, size: usize, naming: Naming) -> Careful {
        let stem = format!(
            "{}{}",
            pick(HANDLE_ADJ, &mut self.rng),
            pick(HANDLE_NOUN, &mut self.rng)
        );
        let country = if self.rng.gen_bool(0.6) {
            &places::US
        } else {
            pick(places::CLAIMED_CITIZENSHIP, &mut self.rng)
        };
        let city = places::pick_city(country, &mut self.rng);
        let phone = self.fresh_mobile(country, city);
        let mut free_digits: Vec<u8> = (0..10).filter(|d| *d != phone.last_digit()).collect();
        free_digits.shuffle(&mut self.rng);
        // Korean names romanised two ways on pairs of personas.
        let pairs = match naming {
            Naming::Romanised if size >= 5 => 2,
            Naming::Romanised => usize::from(size >= 2),
            _ => 0,
        };
        let mut names = Vec::new();
        let mut used_last: Vec<&str> = Vec::new();
        for _ in 0..pairs {
            for _ in 0..50 {
                let (fa, fb) = pick(TRANSLIT_FIRST, &mut self.rng);
                let (la, lb) = pick(TRANSLIT_LAST, &mut self.rng);
                if used_last.contains(&la)
                    || self.reg.name_taken(fa, la)
                    || self.reg.name_taken(fb, lb)
                {
                    continue;
                }
                self.reg.claim_name(fa, la);
                self.reg.claim_name(fb, lb);
                used_last.push(la);
                names.push((fa.to_string(), la.to_string()));
                names.push((fb.to_string(), lb.to_string()));
                break;
            }
        }
        Careful {
            stem,
            given: pick(EMAIL_GIVEN, &mut self.rng),
            word: pick(EMAIL_WORD, &mut self.rng),
            digits: self.rng.gen_range(80..100),
            phone,
            free_digits,
            names,
        }
    }

    /// The base number for the first persona, then the same number with another last digit.
    fn careful_phone(
        &mut self,
        c: &mut Careful,
        k: usize,
        country: &'static Country,
        city: &places::City,
    ) -> Phone {
        if k == 0 {
            return c.phone.clone();
        }
        if self.rng.gen_bool(0.75) {
            while let Some(d) = c.free_digits.pop() {
                let phone = c.phone.with_last_digit(d);
                if self.reg.claim_phone(&phone) {
                    return phone;
                }
            }
        }
        self.fresh_mobile(country, city)
    }

    /// Near misses of one local part (`alex.dev91`, `alexdev.91x`, `alex_dev91`...), never
    /// the same mailbox twice.
    fn careful_email(&mut self, c: &Careful, k: usize) -> String {
        let (g, w, d) = (c.given, c.word, c.digits);
        for attempt in 0..200 {
            let local = if k == 0 && attempt == 0 {
                format!("{g}.{w}{d}")
            } else {
                match self.rng.gen_range(0..9) {
                    0 => format!("{g}{w}.{d}x"),
                    1 => format!("{g}{w}.{d}"),
                    2 => format!("{g}_{w}{d}"),
                    3 => format!("{g}.{w}19{d}"),
                    4 => format!("{g}{}.{w}{d}", &g[g.len() - 1..]),
                    5 => format!(
                        "{g}.{w}{d}.{}",
                        pick(&["work", "job", "mail"], &mut self.rng)
                    ),
                    6 => format!("{}.{g}.{w}{d}", pick(&["j", "m", "k", "a"], &mut self.rng)),
                    7 => format!("{w}{d}.{g}"),
                    _ => format!("{g}.{w}{}", d + 1),
                }
            };
            let local = if attempt > 100 {
                format!("{local}{attempt}")
            } else {
                local
            };
            let email = format!("{local}@{}", pick(FREE_MAIL, &mut self.rng));
            if self.reg.claim_email(&email) {
                return email;
            }
        }
        self.operator_gmail(g, w)
    }

    /// A fresh Gmail address for a careless persona.
    fn operator_gmail(&mut self, first: &str, last: &str) -> String {
        let (f, l) = (slug(first), slug(last));
        loop {
            let local = match self.rng.gen_range(0..3) {
                0 => format!("{f}.{l}{}", self.rng.gen_range(10..100)),
                1 => format!(
                    "{f}{}{}",
                    pick(EMAIL_WORD, &mut self.rng),
                    self.rng.gen_range(1..100)
                ),
                _ => format!(
                    "{}.{l}.{}",
                    &f[..1.min(f.len())],
                    pick(EMAIL_WORD, &mut self.rng)
                ),
            };
            let email = format!("{local}@gmail.com");
            if self.reg.claim_email(&email) {
                return email;
            }
        }
    }

    /// `stem` plus two or four digits, unclaimed as a GitHub handle.
    fn handle_with_digits(&mut self, stem: &str) -> String {
        loop {
            let handle = if self.rng.gen_bool(0.6) {
                format!(
                    "{stem}{:02}{:02}",
                    self.rng.gen_range(1..13),
                    self.rng.gen_range(1..29)
                )
            } else {
                format!("{stem}{}", self.rng.gen_range(10..100))
            };
            if self.reg.claim_profile("github", &handle) {
                return handle;
            }
        }
    }

    fn claimed_career(
        &mut self,
        citizenship: &Country,
        title: &str,
    ) -> (Vec<Employment>, Vec<Education>) {
        let mut employments = Vec::new();
        let mut year = 2025;
        for i in 0..self.rng.gen_range(2..=3) {
            let company = if self.rng.gen_bool(0.6) {
                pick(CLAIMED_COMPANIES, &mut self.rng)
            } else {
                pick(COMPANIES, &mut self.rng)
            };
            let span = self.rng.gen_range(1..4);
            employments.push(Employment {
                company: company.to_string(),
                title: if i == 0 {
                    title.to_string()
                } else {
                    pick(career::TITLES, &mut self.rng).to_string()
                },
                start: (year - span, self.rng.gen_range(1..=12)),
                end: (i > 0).then_some((year, self.rng.gen_range(1..=12))),
            });
            year -= span;
        }
        let school = pick(career::schools(citizenship.code), &mut self.rng);
        let educations = vec![Education {
            school,
            degree: "Bachelor's Degree",
            discipline: pick(DISCIPLINES, &mut self.rng),
            start_year: year - 4,
            end_year: year,
        }];
        (employments, educations)
    }

    fn persona_resume(&mut self, template: &Template, careless: bool) -> String {
        let mut text = String::new();
        for _ in 0..30 {
            text = if careless {
                template.edited(&mut self.rng)
            } else {
                template.paraphrased(&mut self.rng)
            };
            if self.reg.claim_text(&text) {
                return text;
            }
        }
        // Variants exhausted: a closing sentence makes the text new.
        for closer in [
            "References available on request.",
            "Open to a short paid trial.",
            "Portfolio on request.",
        ] {
            let longer = format!("{text} {closer}");
            if self.reg.claim_text(&longer) {
                return longer;
            }
        }
        text
    }

    /// A made-up referee with contacts nobody else has.
    fn fresh_fabricated_reference(&mut self, cand: usize, company: &str) {
        let name = self.outsider_name();
        let email = self.reference_email(&name, company, false);
        let city = places::pick_city(&places::US, &mut self.rng);
        let phone = self
            .fresh_mobile(&places::US, city)
            .format(self.rng.gen_range(0..4));
        self.out.references.push(Reference {
            candidate: cand,
            name,
            email,
            phone,
            relationship: pick(RELATIONSHIPS, &mut self.rng),
            company: company.to_string(),
        });
    }
}

fn template_title(template: &Template) -> &'static str {
    template.title()
}
